"""Saving under pressure: outside changes during the write, concurrent writers, links, Ctrl+C, leftovers,
write-protected files."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from curator_gui.cli import main
from curator_gui.core import atomicfile
from curator_gui.core.document import Document
from curator_gui.core.errors import CuratorError, SaveConflictError, WriteProtectedError
from curator_gui.core.index import list_markdown
from curator_gui.core.saving import save_document

TEXT = "---\ntitle: Saved\nlink:\n  href: https://example.org/x\n---\nbody\n"


@pytest.fixture
def curation(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _during_fsync(monkeypatch, action):
    """Run ``action`` once, while the save fsyncs its temporary file (after the first conflict check)."""
    real_fsync = os.fsync
    done = []

    def fsync(fd):
        real_fsync(fd)
        if not done:
            done.append(True)
            action()
    monkeypatch.setattr(os, "fsync", fsync)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_change_made_while_the_file_is_written_is_not_overwritten(curation, monkeypatch):
    doc = Document.load(curation)
    doc.set("title", "Mine")
    other = TEXT.replace("body", "appended by another program")
    _during_fsync(monkeypatch, lambda: curation.write_text(other, encoding="utf-8"))
    with pytest.raises(SaveConflictError, match="changed on disk"):
        save_document(doc)
    assert curation.read_text("utf-8") == other
    assert _leftovers(curation.parent) == []


def test_file_deleted_while_written_is_not_recreated(curation, monkeypatch):
    doc = Document.load(curation)
    doc.set("title", "Mine")
    _during_fsync(monkeypatch, curation.unlink)
    with pytest.raises(SaveConflictError):
        save_document(doc)
    assert not curation.exists() and _leftovers(curation.parent) == []


def test_new_file_is_not_written_over_one_that_appeared_meanwhile(tmp_path, monkeypatch):
    path = tmp_path / "new.md"
    doc = Document(b"", path)
    doc.data = {"title": "New"}
    _during_fsync(monkeypatch, lambda: path.write_text("someone else's\n", encoding="utf-8"))
    with pytest.raises(SaveConflictError):
        save_document(doc)
    assert path.read_text("utf-8") == "someone else's\n"


_WRITER = """
import sys
from curator_gui.cli import main
path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(count):
    code = main(["set", path, f"{name}{i}", f"v{i}"])
    print(code, flush=True)
"""


def test_two_concurrent_set_loops_lose_nothing_they_reported(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Shared\n---\n", encoding="utf-8")
    count = 30
    env = dict(os.environ, CURATOR_GUI_CACHE_DIR=str(tmp_path / "cache"))
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), name, str(count)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for name in ("p", "q")]
    results = [w.communicate(timeout=120) for w in writers]
    text = path.read_text("utf-8")
    for name, (out, err) in zip(("p", "q"), results):
        codes = [int(c) for c in out.split()]
        assert len(codes) == count
        for i, code in enumerate(codes):
            if code == 0:
                assert f"\n{name}{i}: v{i}\n" in text, f"{name}{i} was reported saved but is not in the file"
        assert err.count("changed on disk") == codes.count(1)
        assert set(codes) <= {0, 1}
    assert _leftovers(tmp_path) == []


def test_a_symbolic_link_is_written_through_to_its_target(tmp_path):
    real_folder = tmp_path / "real"
    real_folder.mkdir()
    target = real_folder / "a.md"
    target.write_text(TEXT, encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert main(["set", str(link), "title", "Through the link"]) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "title: Through the link" in target.read_text("utf-8")
    assert _leftovers(tmp_path) == [] and _leftovers(real_folder) == []


def test_a_dangling_link_is_a_clear_error(tmp_path, capsys):
    target = tmp_path / "gone.md"
    target.write_text(TEXT, encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    doc = Document.load(link)
    doc.set("title", "x")
    target.unlink()
    with pytest.raises(CuratorError, match="symbolic link to .*gone.md, which does not exist"):
        save_document(doc)
    assert link.is_symlink() and not target.exists()
    assert main(["set", str(link), "title", "x"]) == 2
    assert "symbolic link to" in capsys.readouterr().err


def test_ctrl_c_during_a_save_leaves_no_temporary_file(curation, monkeypatch):
    doc = Document.load(curation)
    doc.set("title", "Mine")

    def interrupted(fd):
        raise KeyboardInterrupt
    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_document(doc)
    assert curation.read_text("utf-8") == TEXT and _leftovers(curation.parent) == []


def test_listing_removes_stale_temporary_files_of_killed_saves(tmp_path):
    (tmp_path / "a.md").write_text(TEXT, encoding="utf-8")
    old = time.time() - 3600
    stale = tmp_path / ".a.md.k3j9x0q_.tmp"
    fresh = tmp_path / ".a.md.abcdefgh.tmp"
    held = tmp_path / ".a.md.held0000.tmp"
    foreign = tmp_path / ".notes.txt.abcdefgh.tmp"
    for path in (stale, fresh, held, foreign):
        path.write_bytes(b"partial")
    for path in (stale, held, foreign):
        os.utime(path, (old, old))
    import fcntl

    with open(held, "rb") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)  # a save still in progress
        entries, _ = list_markdown(tmp_path)
    assert [Path(e.path).name for e in entries] == ["a.md"]
    assert not stale.exists()
    assert fresh.exists() and held.exists() and foreign.exists()


def test_write_protected_file_is_not_saved_over_without_force(curation, capsys):
    os.chmod(curation, 0o444)
    doc = Document.load(curation)
    doc.set("title", "Mine")
    with pytest.raises(WriteProtectedError, match="read-only") as caught:
        save_document(doc)
    assert caught.value.path == str(curation)
    assert curation.read_text("utf-8") == TEXT
    assert main(["set", str(curation), "title", "Mine"]) == 1
    assert "read-only (mode 0444)" in capsys.readouterr().err
    assert main(["set", str(curation), "title", "Mine", "--force"]) == 0
    assert "title: Mine" in curation.read_text("utf-8")
    assert stat.S_IMODE(os.stat(curation).st_mode) == 0o444


def test_temporary_file_pattern_matches_what_a_save_creates(tmp_path, monkeypatch):
    seen = []
    real_fsync = os.fsync

    def fsync(fd):
        seen.extend(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp"))
        real_fsync(fd)
    monkeypatch.setattr(os, "fsync", fsync)
    atomicfile.atomic_write(tmp_path / "x.md", b"data")
    assert seen and all(atomicfile.TEMP_NAME.match(name) for name in seen)
