"""Reviewing a fetch: the review panel, using the values the curator picks, and taking back what was filled.

A fetch never overwrites what the curator has: values that differ wait in their record (``pending_review``)
until the curator uses them (one undo step) or keeps their own. The fields the same fetch filled (they were
empty) are listed beside them (``review_fills``), so "Keep mine" takes back everything the fetch did, as one
undo step; fields the curator changed since are left as they are.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from curator_gui.core.derive import propagate
from curator_gui.core.fieldpath import delete_in, get_in, join_path, set_in
from curator_gui.core.merge import Conflict, apply_merge
from curator_gui.core.urls import host_of
from curator_gui.core.values import clone, same_value
from curator_gui.ui.problems import field_label
from curator_gui.ui.review_images import ReviewImages
from curator_gui.ui.session import Session

_ABSENT = object()
#: The most rows the panel makes room for before it scrolls.
ROWS_SHOWN = 6


@dataclass(frozen=True)
class Filled:
    """A field a fetch filled: its value before (``_ABSENT``: the key was not there) and the value filled."""

    path: tuple
    before: Any
    after: Any


def fill_empty_fields(session: Session, fills: list[tuple[tuple, Any]], text: str) -> list[Filled]:
    """Fill ``fills`` (empty fields) in ``session`` as one undo step, derived fields following; returns what
    changed, so that it can be listed and taken back."""
    data = session.doc.data
    after = clone(data)
    for path, value in fills:
        set_in(after, path, clone(value))
    changed = [path for path, _ in fills] + propagate(data, after)
    records = [Filled(path, clone(get_in(data, path, _ABSENT)), clone(get_in(after, path))) for path in changed]
    session.replace(after, text)
    return records


def still_filled(session: Session) -> list[Filled]:
    """The fills of the fetch under review that are still in place (not undone, not changed since)."""
    data = session.doc.data
    return [f for f in session.review_fills if same_value(get_in(data, f.path, _ABSENT), f.after)]


def keep_mine(session: Session) -> None:
    """Take back what the fetch under review filled (one undo step) and drop the values it offered."""
    after = clone(session.doc.data)
    for record in reversed(still_filled(session)):
        if record.before is _ABSENT:
            delete_in(after, record.path)
        else:
            set_in(after, record.path, clone(record.before))
    end_review(session)
    session.replace(after, "Keep my values (take back the fetch)")


def end_review(session: Session) -> None:
    """The review is over: nothing waits any more, and what was filled stays."""
    session.pending_review = []
    session.review_fills = []
    session.review_other_source = ""
    session.review_byline = []


def accept_conflicts(session: Session, conflicts: list[Conflict]) -> None:
    """Use the fetched values of ``conflicts`` in ``session`` (one undo step) and take them off its review."""
    if not conflicts:
        return
    paths = {c.path for c in conflicts}
    text = (f"Use fetched {field_label(join_path(conflicts[0].path))}" if len(conflicts) == 1
            else f"Use {len(conflicts)} fetched values")
    session.pending_review = [c for c in session.pending_review if c.path not in paths]
    if not session.pending_review:
        end_review(session)
    session.replace(apply_merge(session.doc.data, [], conflicts), text)


def _short(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return "; ".join(_short(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_short(v)}" for k, v in value.items())
    return " ".join(str(value).split())


def _is_blank(value: Any) -> bool:
    return value is None or value is _ABSENT or value in ("", [], {}, [None]) or (
        isinstance(value, str) and not value.strip())


class ReviewPanel(QFrame):
    """Fetched values that differ from the record, and the fields the fetch filled: use one, use all, or keep
    the record's own."""

    accepted = Signal(object)  # [Conflict]
    dismissed = Signal()
    reviewing = Signal(object)  # the session whose review is shown now (None: none), for its images

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self.setAccessibleName("Review fetched values")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.conflicts: list[Conflict] = []
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.byline = QLabel(self)  # the page's byline: information about the article, never a curator
        self.byline.setObjectName("reviewByline")
        self.byline.setWordWrap(True)
        self.byline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.byline.hide()
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("reviewList")
        self.tree.setAccessibleName("Fetched values that differ")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Field", "This record", "Fetched"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.header().resizeSection(0, self.fontMetrics().horizontalAdvance("M") * 14)
        self.tree.header().resizeSection(1, self.fontMetrics().horizontalAdvance("M") * 20)
        self.tree.itemActivated.connect(lambda *_: self._accept_selected())
        self.accept_button = QPushButton("&Use fetched", self)
        self.accept_button.setObjectName("reviewAccept")
        self.accept_button.setToolTip("Replace the selected fields with the fetched values (Enter)")
        self.accept_button.clicked.connect(self._accept_selected)
        self.accept_all_button = QPushButton("Use &all fetched", self)
        self.accept_all_button.setObjectName("reviewAcceptAll")
        self.accept_all_button.setToolTip("Replace every listed field with its fetched value, as one undo step")
        self.accept_all_button.clicked.connect(lambda: self.accepted.emit(list(self.conflicts)))
        self.dismiss_button = QPushButton("&Keep mine", self)
        self.dismiss_button.setObjectName("reviewDismiss")
        self.dismiss_button.setToolTip("Keep this record's values: what the fetch filled is taken back too "
                                       "(one undo step), and the review closes")
        self.dismiss_button.clicked.connect(self.dismissed.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.accept_all_button)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.byline)
        self.images = ReviewImages(self)  # the record's image beside the page's (filled by ReviewImageFlow)
        body = QHBoxLayout()
        body.addWidget(self.tree, 1)
        body.addWidget(self.images)
        layout.addLayout(body, 1)
        self._filled_font = QFont(self.font())
        self._filled_font.setItalic(True)
        self.hide()

    def show_review(self, session: Session | None) -> None:
        """Show the review waiting in ``session`` (hidden when nothing waits)."""
        if session is None:
            self.show_conflicts([], "")
        else:
            self.show_conflicts(session.pending_review, session.review_source, still_filled(session),
                                session.review_other_source, session.review_byline)
        self.reviewing.emit(session)

    def show_conflicts(self, conflicts: list[Conflict], source: str, filled: list[Filled] = (),
                       other_source: str = "", byline: list[str] = ()) -> None:
        """List ``conflicts`` (fetched from ``source``) and the fields the fetch ``filled``; hidden when no
        conflict waits. ``other_source``: the record's own source, when ``source`` is another page; ``byline``:
        who the page says wrote it, shown for information only."""
        self.conflicts = list(conflicts)
        self.tree.clear()
        self.byline.setText(f"<i>The page names its writer:</i> {html.escape(', '.join(byline))}. For information "
                            f"only: Curators name who files the item and are never replaced by a fetch."
                            if byline else "")
        self.byline.setVisible(bool(byline))
        if not conflicts:
            self.hide()
            return
        count = len(conflicts)
        where = html.escape(host_of(source) or source)
        if other_source:
            text = (f"<b>Not this record's source:</b> the page fetched from {where} is not "
                    f"{html.escape(other_source)}. Nothing was changed; use the values you want, or keep yours.")
        else:
            text = (f"<b>{count} fetched value{'s differ' if count != 1 else ' differs'}</b> from this record "
                    f"({where}). Your values stay until you choose.")
            if filled:
                text += (f" {len(filled)} empty field{'s were' if len(filled) != 1 else ' was'} filled; "
                         f"<i>Keep mine</i> takes {'them' if len(filled) != 1 else 'it'} back.")
        self.title.setText(text)
        for conflict in conflicts:
            dotted = join_path(conflict.path)
            mine = "(empty)" if _is_blank(conflict.current) else _short(conflict.current)
            item = QTreeWidgetItem([field_label(dotted), mine, _short(conflict.fetched)])
            item.setData(0, Qt.ItemDataRole.UserRole, dotted)
            item.setToolTip(1, mine)
            item.setToolTip(2, _short(conflict.fetched))
            self.tree.addTopLevelItem(item)
        for record in filled:
            dotted = join_path(record.path)
            item = QTreeWidgetItem([field_label(dotted), "(was empty: filled)", _short(record.after)])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # already in the record: nothing to pick
            item.setFont(1, self._filled_font)
            item.setForeground(1, self.palette().placeholderText())
            item.setToolTip(1, "This field was empty; the fetch filled it. Keep mine takes it back.")
            item.setToolTip(2, _short(record.after))
            self.tree.addTopLevelItem(item)
        self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self.show()

    def wanted_height(self, width: int) -> int:
        """Room, at ``width``, for the title, the buttons and up to :data:`ROWS_SHOWN` rows."""
        rows = min(ROWS_SHOWN, max(2, self.tree.topLevelItemCount()))
        row = self.tree.sizeHintForRow(0) if self.tree.topLevelItemCount() else self.fontMetrics().height() + 6
        buttons = sum(b.sizeHint().width() + 6 for b in (self.accept_button, self.accept_all_button,
                                                          self.dismiss_button))
        title = self.title.heightForWidth(max(100, width - buttons - 24))
        top = max(title, self.accept_button.sizeHint().height())
        if self.byline.text():
            top += self.layout().spacing() + self.byline.heightForWidth(max(100, width - 24))
        margins = self.layout().contentsMargins()
        listed = self.tree.header().sizeHint().height() + rows * row + 2 * self.tree.frameWidth()
        if self.images.isVisibleTo(self):
            listed = max(listed, self.images.sizeHint().height())
        return (top + self.layout().spacing() + listed + margins.top() + margins.bottom() + 2 * self.frameWidth())

    def _accept_selected(self) -> None:
        chosen = {item.data(0, Qt.ItemDataRole.UserRole) for item in self.tree.selectedItems()}
        if not chosen and self.tree.currentItem() is not None:
            chosen = {self.tree.currentItem().data(0, Qt.ItemDataRole.UserRole)}
        picked = [c for c in self.conflicts if join_path(c.path) in chosen]
        if picked:
            self.accepted.emit(picked)
