"""Keys inside editors: the only place that sends undo keys on to the window and gives table editors row keys."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QWidget


class UndoKeysToWindow(QObject):
    """Lets Ctrl+Z / Ctrl+Shift+Z reach the window's per-record undo instead of a text widget's own undo.

    A text widget claims those keys (ShortcutOverride) for its private undo history, which knows nothing of
    derived fields or the record; declining the override lets the window's actions fire.
    """

    _KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            combined = event.keyCombination()
            pressed = QKeySequence(combined)
            for standard in self._KEYS:
                for sequence in QKeySequence.keyBindings(standard):
                    if sequence.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch:
                        event.ignore()
                        return True
            if pressed.matches(QKeySequence("Ctrl+Shift+Z")) == QKeySequence.SequenceMatch.ExactMatch:
                event.ignore()
                return True
        return False


_UNDO_KEYS: UndoKeysToWindow | None = None


def route_undo_keys(widget: QWidget) -> None:
    """Let the window's Undo / Redo shortcuts through while ``widget`` has the focus."""
    global _UNDO_KEYS
    if _UNDO_KEYS is None:
        _UNDO_KEYS = UndoKeysToWindow()
    widget.installEventFilter(_UNDO_KEYS)


class TableRowKeys(QObject):
    """Keys of a row-table editor: Insert adds a row, Delete removes it, and with ``reorder`` Alt+Up/Down
    move it; ignored while a cell is being edited, so the keys keep their meaning inside the cell."""

    def __init__(self, editor, reorder: bool = False):
        super().__init__(editor.widget)
        self._editor = editor
        self._reorder = reorder

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or self._editor.widget.state() == QAbstractItemView.State.EditingState:
            return False
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Insert:
            self._editor.add_row()
        elif key == Qt.Key.Key_Delete and mods == Qt.KeyboardModifier.NoModifier:
            self._editor.remove_row()
        elif self._reorder and key == Qt.Key.Key_Up and mods == Qt.KeyboardModifier.AltModifier:
            self._editor.move_row(-1)
        elif self._reorder and key == Qt.Key.Key_Down and mods == Qt.KeyboardModifier.AltModifier:
            self._editor.move_row(1)
        else:
            return False
        return True
