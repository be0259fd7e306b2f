"""The window's questions as real message boxes, answered as a person would (by button or by key)."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from curator_gui.ui.prompts import CANCEL, CLOSE, LEAVE_OUT, RECREATE, RELOAD, SAVE_FIRST, Prompts


def _answer(name: str, act) -> None:
    """When the box ``name`` is open, do ``act(box)`` to it."""
    def attempt() -> None:
        box = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.objectName() == name
                    and w.isVisible()), None)
        if box is None:
            QTimer.singleShot(10, attempt)
        else:
            act(box)
    QTimer.singleShot(0, attempt)


def _click(text: str):
    return lambda box: next(b for b in box.buttons() if b.text() == text).click()


def _key(key):
    return lambda box: QTest.keyClick(box, key)


def test_each_button_gives_its_answer_and_escape_cancels(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    prompts = Prompts()
    _answer("saveConflictPrompt", _click("&Reload"))
    assert prompts.save_conflict(parent, "a.md") == RELOAD
    _answer("saveConflictPrompt", _key(Qt.Key.Key_Return))  # Cancel is the default: Enter does nothing rash
    assert prompts.save_conflict(parent, "a.md") == CANCEL
    _answer("deletedPrompt", _click("&Close Record"))
    assert prompts.deleted_on_save(parent, "a.md") == CLOSE
    _answer("deletedPrompt", _key(Qt.Key.Key_Return))
    assert prompts.deleted_on_save(parent, "a.md") == RECREATE
    _answer("unsavedBeforeBatchPrompt", _click("&Leave Them Out"))
    assert prompts.unsaved_before_batch(parent, "Rename", ["a.md", "b.md"]) == LEAVE_OUT
    _answer("unsavedBeforeBatchPrompt", _key(Qt.Key.Key_Return))
    assert prompts.unsaved_before_batch(parent, "Rename", ["a.md"]) == SAVE_FIRST
    _answer("unsavedBeforeBatchPrompt", _key(Qt.Key.Key_Escape))
    assert prompts.unsaved_before_batch(parent, "Rename", ["a.md"]) == CANCEL
    _answer("replaceImagePrompt", _click("&Replace"))
    assert prompts.replace_image(parent, "a-featuredImage.jpg", "featured image") is True
    _answer("replaceImagePrompt", _key(Qt.Key.Key_Return))
    assert prompts.replace_image(parent, "a-featuredImage.jpg", "featured image") is False
