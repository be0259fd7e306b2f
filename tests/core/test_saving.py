"""Saving: atomic, mode-keeping, never rewriting an unchanged file, refusing to overwrite outside changes."""
from __future__ import annotations

import os
import stat
from datetime import datetime, timezone

import pytest

from curator_gui.core.document import Document
from curator_gui.core.errors import CuratorError, ReadOnlyError, SaveConflictError
from curator_gui.core.saving import save_document

TEXT = "---\ntitle: Saved\nlastMod: '2023-07-19T08:49:11.182362Z'\nlink:\n  href: https://example.org/x\n---\nbody\n"
NOW = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=timezone.utc)


@pytest.fixture
def curation(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(TEXT, encoding="utf-8")
    os.chmod(path, 0o640)
    return path


def test_unchanged_document_is_not_written(curation):
    before = os.stat(curation)
    doc = Document.load(curation)
    assert save_document(doc) is False
    after = os.stat(curation)
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)


def test_save_replaces_atomically_keeps_mode_and_stamps_last_mod(curation):
    doc = Document.load(curation)
    doc.set("title", "Saved again")
    assert save_document(doc, now=NOW) is True
    text = curation.read_text("utf-8")
    assert text == TEXT.replace("title: Saved", "title: Saved again").replace(
        "2023-07-19T08:49:11.182362Z", "2024-05-06T07:08:09.123456Z")
    assert stat.S_IMODE(os.stat(curation).st_mode) == 0o640
    assert [p.name for p in curation.parent.iterdir()] == ["a.md"]  # no temp file left behind
    assert not doc.is_modified and doc.raw == curation.read_bytes()


def test_last_mod_keeps_the_files_format(tmp_path):
    path = tmp_path / "d.md"
    path.write_text("---\ntitle: x\nlastMod: '2021-01-02'\n---\n", encoding="utf-8")
    doc = Document.load(path)
    doc.set("title", "y")
    save_document(doc, now=NOW)
    assert "lastMod: '2024-05-06'" in path.read_text("utf-8")


def test_last_mod_set_by_hand_is_kept(curation):
    doc = Document.load(curation)
    doc.set("lastMod", "2030-01-01T00:00:00.000000Z")
    save_document(doc, now=NOW)
    assert "2030-01-01T00:00:00.000000Z" in curation.read_text("utf-8")


def test_file_without_last_mod_gets_none(tmp_path):
    path = tmp_path / "n.md"
    path.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    doc = Document.load(path)
    doc.set("title", "y")
    save_document(doc, now=NOW)
    assert path.read_text("utf-8") == "---\ntitle: y\n---\n"


def test_outside_change_is_not_overwritten_unless_forced(curation):
    doc = Document.load(curation)
    curation.write_text(TEXT.replace("body", "changed elsewhere"), encoding="utf-8")
    doc.set("title", "Mine")
    with pytest.raises(SaveConflictError, match="changed on disk"):
        save_document(doc)
    assert "changed elsewhere" in curation.read_text("utf-8")
    save_document(doc, force=True)
    assert "title: Mine" in curation.read_text("utf-8")


def test_touch_alone_is_not_a_conflict(curation):
    doc = Document.load(curation)
    os.utime(curation, ns=(1, 1))
    doc.set("title", "Mine")
    assert save_document(doc)


def test_deleted_file_is_a_conflict(curation):
    doc = Document.load(curation)
    curation.unlink()
    doc.set("title", "Mine")
    with pytest.raises(SaveConflictError):
        save_document(doc)


def test_unparseable_file_is_never_saved(tmp_path):
    path = tmp_path / "bad.md"
    path.write_bytes(b"---\ntitle: [x\n---\n")
    doc = Document.load(path)
    with pytest.raises(ReadOnlyError):
        save_document(doc, force=True)
    assert path.read_bytes() == b"---\ntitle: [x\n---\n"


def test_write_failure_is_a_readable_error(curation, tmp_path):
    doc = Document.load(curation)
    doc.set("title", "Mine")
    with pytest.raises(CuratorError, match="cannot save .*missing"):
        save_document(doc, tmp_path / "missing" / "a.md")
    assert curation.read_text("utf-8") == TEXT


def test_save_as_writes_a_new_file(curation, tmp_path):
    doc = Document.load(curation)
    target = tmp_path / "copy.md"
    assert save_document(doc, target)
    assert target.read_bytes() == curation.read_bytes()
    assert doc.path == target
