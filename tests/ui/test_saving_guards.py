"""Saving against the core's guards: a write-protected file, and a change that lands right before the rename."""
from __future__ import annotations

import os
import stat

import curator_gui.core.saving as core_saving
from curator_gui.ui import prompts as answers

from ui_support import editor, select


def test_a_read_only_file_is_made_writable_only_when_the_curator_says_so(qtbot, window, folder):
    path = folder / "beta.md"
    select(qtbot, window, "beta.md")
    editor(window, "title").setFocus()
    qtbot.keyClicks(editor(window, "title"), "Mine: ")
    os.chmod(path, 0o444)
    before = path.read_bytes()
    asked: list[str] = []
    window.prompts.write_protected = lambda parent, name: asked.append(name) or answers.CANCEL
    assert not window.saving.save_current()
    assert path.read_bytes() == before and window.current.is_modified
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    window.prompts.write_protected = lambda parent, name: asked.append(name) or answers.MAKE_WRITABLE
    assert window.saving.save_current()
    assert "title: 'Mine: Beta" in path.read_text(encoding="utf-8") and not window.current.is_modified
    assert path.stat().st_mode & stat.S_IWUSR
    assert asked == ["“Mine: Beta Clinic Reports Lower Readmissions” (beta.md)"] * 2


def test_a_change_made_right_before_the_rename_gets_the_conflict_question(qtbot, window, folder, monkeypatch):
    path = folder / "beta.md"
    session = select(qtbot, window, "beta.md")
    editor(window, "title").setFocus()
    qtbot.keyClicks(editor(window, "title"), "Mine: ")
    real_write = core_saving.atomic_write

    def another_program_writes_first(target, data, **options):
        # another program rewrites the file while the new one is being written: the core's re-check sees it
        path.write_text(path.read_text(encoding="utf-8").replace("Beta Clinic", "Theirs Clinic"), encoding="utf-8")
        return real_write(target, data, **options)

    monkeypatch.setattr(core_saving, "atomic_write", another_program_writes_first)
    asked: list[str] = []
    window.prompts.save_conflict = lambda parent, name: asked.append(name) or answers.CANCEL
    assert not window.saving.save_current()
    assert asked and "Theirs Clinic" in path.read_text(encoding="utf-8") and session.is_modified
    monkeypatch.setattr(core_saving, "atomic_write", real_write)
    window.prompts.save_conflict = lambda parent, name: answers.OVERWRITE
    assert window.saving.save_current() and "title: 'Mine: Beta" in path.read_text(encoding="utf-8")
