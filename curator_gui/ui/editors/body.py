"""The body editor: the HTML (or Markdown) source beside a rendered preview."""
from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QSplitter, QTextBrowser

from curator_gui.ui.editors.base import FieldEditor
from curator_gui.ui.editors.simple import show_text_quietly

_HTML_TAG = re.compile(r"<(p|div|br|h[1-6]|ul|ol|li|a|img|span|strong|em|b|i|table|blockquote)\b", re.I)
BODY_HELP = ("The article text below the front matter, usually HTML. The preview shows it rendered "
             "(without loading images or links).")


class BodyEditor(FieldEditor):
    """Source on the left, preview on the right; the preview follows the source after a short pause."""

    def __init__(self, on_edit):
        super().__init__("body", "Body", BODY_HELP, on_edit)
        self.widget = source = QPlainTextEdit()
        source.setTabChangesFocus(True)
        source.setUndoRedoEnabled(False)  # the record's undo stack is the only history
        source.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        source.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        source.setMinimumHeight(source.fontMetrics().lineSpacing() * 10)
        self.preview = QTextBrowser()
        self.preview.setObjectName("bodyPreview")
        self.preview.setAccessibleName("Body preview")
        self.preview.setOpenLinks(False)
        self.preview.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("bodySplitter")
        self.splitter.addWidget(source)
        self.splitter.addWidget(self.preview)
        self.splitter.setChildrenCollapsible(False)
        self._timer = QTimer(source)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._render)
        source.textChanged.connect(self._on_source_text_changed)
        self._finish(self.splitter)

    @property
    def path(self) -> tuple:
        return ("body",)

    def display(self, value: Any, present: bool) -> None:
        text = value or ""
        show_text_quietly(self.widget, text)
        self._render()

    def _on_source_text_changed(self) -> None:
        text = self.widget.toPlainText()
        self._timer.start()
        self.commit(text)

    def _render(self) -> None:
        self._timer.stop()
        text = self.widget.toPlainText()
        if not text.strip():
            self.preview.setPlainText("")
        elif _HTML_TAG.search(text):
            self.preview.setHtml(text)
        else:
            self.preview.setMarkdown(text)
