"""The record's topics in the form, whichever field holds them: the only editor that knows the two shapes.

It shows :func:`~curator_gui.core.topics.record_topics` (``categories``, or the older files' ``communityTopics``
decoded) as chips, and hands every change to the session as a list of topics, which writes it in the record's
own shape (:mod:`curator_gui.core.topic_edits`). A record in the older shape says so under the chips and offers
to convert it to the current fields.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from curator_gui.core.topics import COMMUNITY_TOPICS, LEGACY, record_topics, topic_home
from curator_gui.ui.editors.tags import TagEditor

CONVERT_TEXT = "Convert to Current Topic Fields"
CONVERT_TIP = ("Move the topics to categories, with their slugs, URLs and labels, as newer files keep them; "
               "communityTopics is removed and the tracker's topics stay (one undo step)")


class TopicsEditor(TagEditor):
    """See the module docstring. ``on_topics(topics, text)`` receives each change (``text`` names the undo step),
    ``on_convert()`` the request to convert an older record."""

    #: the other field whose items this editor shows (problems there are shown on the chips)
    also = ".".join(COMMUNITY_TOPICS)

    def __init__(self, key, label, help_text, on_edit, field=None, *,
                 on_topics: Callable[[list[str], str | None], None] = lambda topics, text: None,
                 on_convert: Callable[[], None] = lambda: None):
        self.on_topics = on_topics
        self.legacy = False
        self.shape_row = QWidget()
        row = QHBoxLayout(self.shape_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.shape_note = QLabel("Kept in communityTopics and the tracker's topics, as this older file has them; "
                                 "edits stay there.")
        self.shape_note.setObjectName("topicShapeNote")
        self.shape_note.setWordWrap(True)
        self.convert_button = QPushButton(CONVERT_TEXT)
        self.convert_button.setObjectName("convertTopics")
        self.convert_button.setToolTip(CONVERT_TIP)
        self.convert_button.setAccessibleName("Convert to current topic fields")
        self.convert_button.clicked.connect(lambda: on_convert())
        row.addWidget(self.shape_note, 1)
        row.addWidget(self.convert_button)
        self.shape_row.hide()
        super().__init__(key, label, help_text, on_edit, field, below=self.shape_row)

    def show_from(self, data: dict) -> None:
        self.legacy = topic_home(data) == LEGACY
        self.shape_row.setVisible(self.legacy)
        self.show(record_topics(data), True)

    def commit(self, value: Any, empty: bool = False, path: tuple | None = None, *, merge: bool = False,
               text: str | None = None) -> None:
        self.on_topics([str(topic) for topic in value], text)

    def owns(self, dotted: str) -> bool:
        """Whether a finding about ``dotted`` belongs here (the older field's items included)."""
        return any(dotted == key or dotted.startswith(key + ".") for key in (self.key, self.also))

    def _chip_fields(self, number: int) -> tuple[str, ...]:
        return (f"{self.key}.{number}", f"{self.also}.{number}")

    def tab_widgets(self):
        return [self.input] + ([self.convert_button] if self.legacy else [])
