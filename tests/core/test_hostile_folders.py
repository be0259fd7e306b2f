"""Hostile folders: pipes, devices, links and folders named *.md, huge files, unreadable subfolders, file names
that are not UTF-8, a damaged cache, and a file that kills its worker process."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zlib

import pytest

from curator_gui.cli import main
from curator_gui.core import index as index_module
from curator_gui.core.files import MAX_DOCUMENT_BYTES
from curator_gui.core.index import FolderIndex

GOOD = "---\ntitle: Fine\nauthor: [Dana Curator]\nlink:\n  href: https://example.org/{n}\n---\n"


def _folder(tmp_path, count=2):
    folder = tmp_path / "content"
    folder.mkdir()
    for n in range(count):
        (folder / f"f{n}.md").write_text(GOOD.format(n=n), encoding="utf-8")
    return folder


def _scan(folder, cache, **options):
    index = FolderIndex(folder, cache_path=cache, **options)
    try:
        return index.scan()
    finally:
        index.close()


def _messages(rows):
    return {os.path.basename(row.path): [p.message for p in row.all_problems()] for row in rows}


def _cli(*args, cache, timeout=60):
    env = dict(os.environ, CURATOR_GUI_CACHE_DIR=str(cache))
    return subprocess.run([sys.executable, "-m", "curator_gui.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=env)


def test_pipes_devices_folders_and_huge_files_are_error_rows_never_read(tmp_path):
    folder = _folder(tmp_path)
    os.mkfifo(folder / "pipe.md")
    (folder / "zero.md").symlink_to("/dev/zero")
    (folder / "dir.md").mkdir()
    (folder / "dir.md" / "inside.md").write_text(GOOD.format(n=9), encoding="utf-8")
    with open(folder / "huge.md", "wb") as huge:
        huge.truncate(MAX_DOCUMENT_BYTES + 1)
    # In a separate process: before the fix the pipe hung the listing and /dev/zero filled the memory.
    done = _cli("validate", folder, cache=tmp_path / "cache", timeout=30)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert f"{folder}/pipe.md:1:1: error: cannot read file: not a regular file (a named pipe) (CG001)" in lines
    assert f"{folder}/zero.md:1:1: error: cannot read file: not a regular file (a device) (CG001)" in lines
    assert any(line.startswith(f"{folder}/dir.md:1:1: error: cannot read file: a folder") for line in lines)
    assert any(line.startswith(f"{folder}/huge.md:1:1: error: cannot read file: file too large") for line in lines)
    assert not any("inside.md" in line or "f0.md" in line for line in lines)
    listed = _cli("list", folder, "--format", "json", cache=tmp_path / "cache", timeout=30)
    statuses = {os.path.basename(item["path"]): item["status"] for item in json.loads(listed.stdout)}
    assert statuses == {"dir.md": "error", "inside.md": "ok", "f0.md": "ok", "f1.md": "ok", "huge.md": "error",
                        "pipe.md": "error", "zero.md": "error"}


def test_set_validate_and_fetch_on_a_pipe_or_device_are_one_line_errors(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    cache = tmp_path / "cache"
    for name, kind in (("pipe.md", "a named pipe"), ("zero.md", "a device")):
        done = _cli("set", tmp_path / name, "title", "x", cache=cache, timeout=30)
        assert done.returncode == 2 and done.stderr.strip().endswith(f"cannot read: not a regular file ({kind})")
        done = _cli("validate", tmp_path / name, cache=cache, timeout=30)
        assert done.returncode == 1 and done.stdout.count("\n") == 1 and f"({kind})" in done.stdout
        done = _cli("fetch", "https://example.org/", "--html", tmp_path / name, cache=cache, timeout=30)
        assert done.returncode == 1 and done.stderr.count("\n") == 1 and f"({kind})" in done.stderr


def test_dangling_and_looping_links_and_unreadable_folders_are_reported(tmp_path, monkeypatch, capsys):
    folder = _folder(tmp_path)
    (folder / "dangling.md").symlink_to(folder / "gone.md")
    (folder / "loop1.md").symlink_to(folder / "loop2.md")
    (folder / "loop2.md").symlink_to(folder / "loop1.md")
    locked = folder / "locked"
    locked.mkdir()
    (locked / "hidden.md").write_text(GOOD.format(n=5), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # permissions are not enforced for every user (root): refuse the folder here
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)
    monkeypatch.setattr(os, "scandir", scandir)
    messages = _messages(_scan(folder, None).rows)
    assert messages["dangling.md"] == [f"cannot read file: a symbolic link to {folder / 'gone.md'}, which does "
                                       "not exist"]
    assert messages["loop1.md"] == messages["loop2.md"] == ["cannot read file: a symbolic link loop"]
    assert messages["locked"] == ["cannot read folder: Permission denied"]
    assert messages["f0.md"] == []
    assert main(["validate", str(folder)]) == 1
    assert f"{locked}:1:1: error: cannot read folder: Permission denied (CG001)" in capsys.readouterr().out.splitlines()


def test_file_names_that_are_not_utf8_are_listed_cached_and_printed(tmp_path, capsys):
    folder = _folder(tmp_path, 1)
    raw_name = os.fsencode(folder) + b"/caf\xe9 \xff.md"
    with open(raw_name, "wb") as handle:
        handle.write(b"---\ntitle: Odd name\n---\n")
    cache = tmp_path / "cache.sqlite3"
    first = _scan(folder, cache)
    second = _scan(folder, cache)
    assert (first.parsed, second.cached) == (2, 2)
    assert os.fsencode(second.rows[0].path) == raw_name
    assert main(["list", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "caf\\udce9 \\udcff.md" in out
    assert main(["validate", str(folder), "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)
    assert os.fsencode(problems[0]["path"]) == raw_name  # the JSON escapes stand for the file's own bytes


def _break_cache(cache, how):
    connection = sqlite3.connect(cache)
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if how == "foreign schema":
        connection.execute("DROP TABLE rows")
        connection.execute("CREATE TABLE rows (path TEXT PRIMARY KEY, other TEXT)")
    elif how == "foreign version":
        connection.execute(f"PRAGMA user_version = {version + 99}")
    elif how == "null columns":
        connection.execute("UPDATE rows SET image_position = NULL, title = NULL")
    elif how == "problems not packed":
        connection.execute("UPDATE rows SET problems = CAST('[not json' AS BLOB), codes = 'CG101'")
    elif how == "problems of the wrong shape":
        connection.execute("UPDATE rows SET problems = ?, codes = 'CG101 CG102'", (zlib.compress(b"[1, 2]"),))
    elif how == "problems without codes":
        connection.execute("UPDATE rows SET problems = ?, codes = ''", (zlib.compress(b"[{}]"),))
    elif how == "problems as text":
        connection.execute("UPDATE rows SET problems = '[]'")
    connection.commit()
    connection.close()
    if how == "not sqlite":
        cache.write_bytes(b"this is not a database\n" * 100)
    elif how == "truncated":
        data = cache.read_bytes()
        cache.write_bytes(data[: len(data) // 2 + 7])


@pytest.mark.parametrize("how", ["foreign schema", "foreign version", "null columns", "problems not packed",
                                 "problems of the wrong shape", "problems without codes", "problems as text",
                                 "not sqlite", "truncated"])
def test_a_damaged_cache_is_discarded_and_rebuilt(tmp_path, how):
    """A record of the wrong shape is read again at once; findings that do not decode (checked only when they
    are asked for, so that serving a warm folder decodes nothing) are found again by reading the file."""
    folder = _folder(tmp_path, 3)
    cache = tmp_path / "cache.sqlite3"
    expected = _messages(_scan(folder, cache).rows)
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"cache.sqlite3{suffix}").unlink(missing_ok=True)
    _break_cache(cache, how)
    damaged = _scan(folder, cache)
    assert _messages(damaged.rows) == expected and all(row.title == "Fine" for row in damaged.rows)
    rebuilt = _scan(folder, cache)
    assert (rebuilt.cached, rebuilt.parsed) == (3, 0)  # rebuilt, not bypassed from now on
    assert _messages(rebuilt.rows) == expected


def test_a_file_that_kills_its_worker_costs_only_its_own_row(tmp_path, monkeypatch):
    folder = _folder(tmp_path, 7)
    (folder / "crash.md").write_text(GOOD.format(n=99), encoding="utf-8")
    real_parse = index_module.parse_file

    def parse_or_die(path, options=None):  # stands for a crash in C code: the worker process just ends
        if path.endswith("crash.md"):
            os._exit(1)
        return real_parse(path, options)
    monkeypatch.setattr(index_module, "parse_file", parse_or_die)
    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(index_module, "_CHUNK", 2)
    result = _scan(folder, None, workers=2, start_method="fork")
    messages = _messages(result.rows)
    assert messages.pop("crash.md") == ["could not be read: the parser crashed"]
    assert messages == {f"f{n}.md": [] for n in range(7)}


def _worker_that_dies(paths):
    os._exit(1)


def test_workers_that_cannot_run_at_all_fall_back_to_reading_in_process(tmp_path, monkeypatch):
    folder = _folder(tmp_path, 5)
    monkeypatch.setattr(index_module, "_parse_many", _worker_that_dies)
    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 2)
    result = _scan(folder, None, workers=2, start_method="fork")
    assert _messages(result.rows) == {f"f{n}.md": [] for n in range(5)}


def test_an_unexpected_fault_reading_one_file_is_that_files_error(tmp_path, monkeypatch):
    folder = _folder(tmp_path, 2)
    from curator_gui.core import validate

    def broken(doc, *_args, **_options):
        raise RuntimeError("rule fault")
    monkeypatch.setattr(validate, "check_document", broken)
    messages = _messages(_scan(folder, None).rows)
    assert messages["f0.md"] == ["could not be read: internal error: RuntimeError: rule fault"]


def test_reading_one_file_again_reports_it_as_the_listing_does(tmp_path):
    folder = _folder(tmp_path, 1)
    index = FolderIndex(folder, cache_path=None)
    try:
        index.scan()
        os.mkfifo(folder / "pipe.md")
        (folder / "dangling.md").symlink_to(folder / "gone.md")
        assert [p.message for p in index.update_file(folder / "pipe.md").all_problems()] == \
            ["cannot read file: not a regular file (a named pipe)"]
        assert index.update_file(folder / "dangling.md").errors == 1
        (folder / "f0.md").unlink()
        assert index.update_file(folder / "f0.md") is None
    finally:
        index.close()
