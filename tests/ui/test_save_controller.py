"""Saving alone: save, nothing to save, a file changed on disk meanwhile, read-only files, unsaved at the end."""
from __future__ import annotations

from ui_support import curation_text

from curator_gui.ui import prompts as answers


def _saved(parts) -> list[tuple]:
    found: list[tuple] = []
    parts.saving.saved.connect(lambda session, old, written: found.append((session.path, old, written)))
    return found


def test_save_writes_once_and_says_so(qtbot, parts, folder):
    parts.open(qtbot, folder)
    session = parts.select(qtbot, "beta.md")
    saved = _saved(parts)
    assert parts.saving.save_current()  # nothing changed: nothing written
    session.edit(("title",), "Beta Clinic Reports Fewer Readmissions")
    assert parts.saving.save_current()
    path = str(folder / "beta.md")
    assert saved == [(path, path, False), (path, path, True)]
    assert parts.announced == ["“Beta Clinic Reports Lower Readmissions” (beta.md): nothing to save",
                               "Saved “Beta Clinic Reports Fewer Readmissions” (beta.md)"]
    assert "title: Beta Clinic Reports Fewer Readmissions" in (folder / "beta.md").read_text(encoding="utf-8")
    assert not session.is_modified and not parts.model.get(path).unsaved


def test_a_file_changed_on_disk_asks_and_each_answer_does_what_it_says(qtbot, parts, folder):
    parts.open(qtbot, folder)
    parts.watcher.blockSignals(True)  # as if the change had not been noticed yet
    session = parts.select(qtbot, "beta.md")
    session.edit(("title",), "Mine")
    (folder / "beta.md").write_text(curation_text("Theirs", "https://www.beta-health.example.com/story"),
                                    encoding="utf-8")
    asked: list[str] = []
    parts.prompts.save_conflict = lambda parent, name: asked.append(name) or answers.CANCEL
    assert not parts.saving.save(session)
    assert "title: Theirs" in (folder / "beta.md").read_text(encoding="utf-8")
    parts.prompts.save_conflict = lambda parent, name: asked.append(name) or answers.RELOAD
    assert not parts.saving.save(session)
    assert session.doc.data["title"] == "Theirs" and parts.announced[-1].startswith("Reloaded from disk")
    session.undo_stack.undo()  # the edits come back on top of the file as it is now
    assert session.doc.data["title"] == "Mine"
    (folder / "beta.md").write_text(curation_text("Theirs Again", "https://www.beta-health.example.com/story"),
                                    encoding="utf-8")
    parts.prompts.save_conflict = lambda parent, name: asked.append(name) or answers.OVERWRITE
    assert parts.saving.save(session)
    assert "title: Mine" in (folder / "beta.md").read_text(encoding="utf-8")
    assert asked == ["“Mine” (beta.md)"] * 3
    parts.watcher.blockSignals(False)


def test_keeping_mine_over_a_change_saves_without_asking(qtbot, parts, folder):
    parts.open(qtbot, folder)
    parts.watcher.blockSignals(True)
    session = parts.select(qtbot, "beta.md")
    session.edit(("title",), "Mine")
    (folder / "beta.md").write_text(curation_text("Theirs", "https://www.beta-health.example.com/story"),
                                    encoding="utf-8")
    session.kept_over = session.disk_digest()  # what "Keep Mine" records
    assert parts.saving.save(session)  # no question asked (NoPrompts would fail the test)
    assert "title: Mine" in (folder / "beta.md").read_text(encoding="utf-8")
    parts.watcher.blockSignals(False)


def test_a_file_that_cannot_be_read_is_never_written(qtbot, parts, folder):
    parts.open(qtbot, folder)
    before = (folder / "broken.md").read_bytes()
    session = parts.select(qtbot, "broken.md")
    assert not parts.saving.save(session)
    assert not parts.saving.save_current_as()
    assert (folder / "broken.md").read_bytes() == before
    assert parts.announced == ["broken.md is read-only: it could not be read, so it is never written"]


def test_save_all_and_the_question_before_letting_records_go(qtbot, parts, folder):
    parts.open(qtbot, folder)
    alpha = parts.select(qtbot, "alpha.md")
    alpha.edit(("title",), "Alpha Edited")
    beta = parts.select(qtbot, "beta.md")
    beta.edit(("title",), "Beta Edited")
    asked: list[list[str]] = []
    parts.prompts.unsaved_on_close = lambda parent, names: asked.append(names) or answers.CANCEL
    assert not parts.saving.settle_unsaved()
    parts.prompts.unsaved_on_close = lambda parent, names: asked.append(names) or answers.DISCARD
    assert parts.saving.settle_unsaved() and alpha.is_modified  # discarding writes nothing
    parts.prompts.unsaved_on_close = lambda parent, names: asked.append(names) or answers.SAVE_ALL
    assert parts.saving.settle_unsaved()
    assert asked == [["“Alpha Edited” (alpha.md)", "“Beta Edited” (beta.md)"]] * 3
    assert not alpha.is_modified and not beta.is_modified
    assert "title: Alpha Edited" in (folder / "alpha.md").read_text(encoding="utf-8")
    assert parts.saving.settle_unsaved()  # nothing unsaved: nothing asked


def test_revert_is_one_undoable_step(qtbot, parts, folder):
    parts.open(qtbot, folder)
    session = parts.select(qtbot, "alpha.md")
    session.edit(("title",), "Draft")
    parts.saving.revert_current()
    assert not session.is_modified and parts.announced == ["Reverted to the file on disk; Undo brings your edits "
                                                           "back"]
    session.undo_stack.undo()
    assert session.doc.data["title"] == "Draft"
