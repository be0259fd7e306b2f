"""A record's file deleted by another program: saving offers to write it again or to close the record, the bar
goes once that is settled, and a record without edits is let go without opening another one."""
from __future__ import annotations

from ui_support import WAIT, editor, select

from curator_gui.ui import prompts as answers


def _edit_then_delete(qtbot, window, folder, name: str = "beta.md"):
    session = select(qtbot, window, name)
    editor(window, "title").setFocus()
    qtbot.keyClicks(editor(window, "title"), "Mine: ")
    (folder / name).unlink()
    qtbot.waitUntil(lambda: window.pane.outside_bar.isVisible(), timeout=WAIT)
    return session


def _no_conflict_prompt(*_args):
    raise AssertionError("a deleted file is not 'changed': Reload cannot read it")


def test_saving_a_deleted_record_offers_to_write_it_again(qtbot, window, folder):
    session = _edit_then_delete(qtbot, window, folder)
    asked: list[str] = []
    window.prompts.save_conflict = _no_conflict_prompt
    window.prompts.deleted_on_save = lambda parent, name: asked.append(name) or answers.RECREATE
    assert window.saving.save_current()
    assert asked == ["“Mine: Beta Clinic Reports Lower Readmissions” (beta.md)"]
    assert "title: 'Mine: Beta Clinic" in (folder / "beta.md").read_text(encoding="utf-8")
    assert not session.is_modified and not window.pane.outside_bar.isVisible()


def test_closing_a_deleted_record_drops_its_edits(qtbot, window, folder):
    _edit_then_delete(qtbot, window, folder)
    window.prompts.save_conflict = _no_conflict_prompt
    window.prompts.deleted_on_save = lambda parent, name: answers.CLOSE
    assert not window.saving.save_current()
    assert window.current is None and not (folder / "beta.md").exists()
    assert window.model.row_of(str(folder / "beta.md")) < 0 and not window.pane.outside_bar.isVisible()
    assert not window.commands.save.isEnabled()


def test_keep_mine_on_a_deleted_record_then_save_writes_it_without_asking(qtbot, window, folder):
    _edit_then_delete(qtbot, window, folder)
    window.prompts.save_conflict = _no_conflict_prompt
    window.prompts.deleted_on_save = _no_conflict_prompt
    window.pane.outside_bar.buttons["Keep Mine"].click()
    assert window.saving.save_current() and (folder / "beta.md").exists()
    assert not window.pane.outside_bar.isVisible()


def test_a_clean_record_whose_file_is_deleted_is_let_go_and_nothing_else_opens(qtbot, window, folder):
    select(qtbot, window, "beta.md")
    (folder / "beta.md").unlink()
    qtbot.waitUntil(lambda: window.current is None, timeout=WAIT)
    qtbot.wait(300)  # the folder is read again meanwhile: still nothing else opens
    assert window.current is None and window.file_panel.current_path() is None
    assert "was removed" in window.pane.placeholder.text()
    assert not window.commands.save.isEnabled()
