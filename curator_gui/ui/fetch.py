"""Fetching page metadata in the background, landing it in the right record, and the review panel.

A fetch takes only a URL (or a saved page's bytes) into a worker and returns a front-matter fragment. The
result is merged by the core (fill what is empty, offer what differs) into the record it was started for,
as one undo step, even if the curator has moved to another record meanwhile: never into the record shown
just because it is shown. Conflicts wait in that record for the review panel.
"""
from __future__ import annotations

from typing import Any, Callable
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from curator_gui.core.fieldpath import join_path
from curator_gui.core.merge import Conflict, apply_merge, plan_merge
from curator_gui.ui.problems import field_label
from curator_gui.ui.session import Session
from curator_gui.ui.tasks import TaskRunner, Ticket


def _default_fetch(url: str) -> dict:
    from curator_gui.core import fetch_metadata

    return fetch_metadata(url)


def _read_saved_page(path: str, url: str) -> dict:
    from curator_gui.core import extract_metadata
    from curator_gui.core.errors import FetchError

    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise FetchError(f"cannot read {path}: {error.strerror or error}") from None
    return extract_metadata(data, url)


def host_of(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


class FetchController(QObject):
    """Starts fetches, tracks them by ticket and lands their results; see the module docstring."""

    busy_changed = Signal(bool, str)  # busy, description
    landed = Signal(object, int, int)  # session, fields filled, conflicts offered
    dropped = Signal(str)  # why a result was not used
    failed = Signal(str)
    fragment_fetched = Signal(object, str)  # a fetch for a new curation: fragment, url

    def __init__(self, runner: TaskRunner, parent: QObject | None = None,
                 fetch: Callable[[str], dict] = _default_fetch):
        super().__init__(parent)
        self.runner = runner
        self.fetch = fetch
        self.tickets: list[Ticket] = []

    @property
    def busy(self) -> bool:
        return bool(self.tickets)

    def fetch_into(self, session: Session, url: str) -> Ticket:
        """Fetch ``url`` for ``session``'s record."""
        return self._start(lambda: self.fetch(url), url, session, f"Fetching {host_of(url)}…")

    def import_into(self, session: Session | None, page_path: str, url: str) -> Ticket:
        """Read a page saved from a browser, for ``session`` (None: a new curation)."""
        return self._start(lambda: _read_saved_page(page_path, url), url, session, f"Reading the saved page of "
                                                                                   f"{host_of(url)}…")

    def fetch_new(self, url: str) -> Ticket:
        """Fetch ``url`` for a new curation (``fragment_fetched`` follows)."""
        return self._start(lambda: self.fetch(url), url, None, f"Fetching {host_of(url)} for a new curation…")

    def _start(self, work: Callable[[], dict], url: str, session: Session | None, text: str) -> Ticket:
        ticket = self.runner.submit(work, label=text, context=(session, url))
        ticket.on_done = lambda fragment, t=ticket: self._on_done(t, fragment)
        ticket.on_error = lambda message, t=ticket: self._on_error(t, message)
        if session is not None:
            session.fetches += 1
        self.tickets.append(ticket)
        self.busy_changed.emit(True, text)
        return ticket

    def cancel(self) -> None:
        """Cancel every fetch under way (their results, if they still come, are dropped)."""
        for ticket in list(self.tickets):
            self.runner.cancel(ticket)
            self._finish(ticket)

    def _finish(self, ticket: Ticket) -> None:
        if ticket in self.tickets:
            self.tickets.remove(ticket)
            session = ticket.context[0]
            if session is not None:
                session.fetches = max(0, session.fetches - 1)
        self.busy_changed.emit(self.busy, self.tickets[-1].label if self.tickets else "")

    def _on_error(self, ticket: Ticket, message: str) -> None:
        self._finish(ticket)
        self.failed.emit(message)

    def _on_done(self, ticket: Ticket, fragment: Any) -> None:
        self._finish(ticket)
        session, url = ticket.context
        if session is None:
            self.fragment_fetched.emit(fragment, url)
            return
        if session.closed or session.read_only:
            self.dropped.emit(f"The page fetched from {host_of(url)} was not used: its record was closed.")
            return
        self.land(session, fragment, url)

    def land(self, session: Session, fragment: dict, url: str) -> None:
        """Merge ``fragment`` into ``session``: empty fields filled in one undo step, conflicts kept for review."""
        plan = plan_merge(session.doc.data, fragment)
        if plan.fills:
            session.replace(apply_merge(session.doc.data, plan.fills, []), f"Fetch from {host_of(url)}")
        offered = {c.path for c in plan.conflicts}
        session.pending_review = [c for c in session.pending_review if c.path not in offered] + plan.conflicts
        session.review_source = url
        self.landed.emit(session, len(plan.fills), len(plan.conflicts))


def accept_conflicts(session: Session, conflicts: list[Conflict]) -> None:
    """Use the fetched values of ``conflicts`` in ``session`` (one undo step) and take them off its review."""
    if not conflicts:
        return
    paths = {c.path for c in conflicts}
    text = (f"Use fetched {field_label(join_path(conflicts[0].path))}" if len(conflicts) == 1
            else f"Use {len(conflicts)} fetched values")
    session.pending_review = [c for c in session.pending_review if c.path not in paths]
    session.replace(apply_merge(session.doc.data, [], conflicts), text)


def _short(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return "; ".join(_short(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_short(v)}" for k, v in value.items())
    return " ".join(str(value).split())


class ReviewPanel(QFrame):
    """Fetched values that differ from the record: use one, use all, or keep the record's own."""

    accepted = Signal(object)  # [Conflict]
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self.setAccessibleName("Review fetched values")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.conflicts: list[Conflict] = []
        self.title = QLabel(self)
        self.title.setWordWrap(True)
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
        self.dismiss_button.setToolTip("Keep this record's values and close the review")
        self.dismiss_button.clicked.connect(self.dismissed.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.accept_all_button)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        self.hide()

    def show_conflicts(self, conflicts: list[Conflict], source: str) -> None:
        self.conflicts = list(conflicts)
        self.tree.clear()
        if not conflicts:
            self.hide()
            return
        self.title.setText(f"<b>{len(conflicts)} fetched value{'s differ' if len(conflicts) != 1 else ' differs'}"
                           f"</b> from this record ({host_of(source)}). Your values stay until you choose.")
        for conflict in conflicts:
            dotted = join_path(conflict.path)
            item = QTreeWidgetItem([field_label(dotted), _short(conflict.current), _short(conflict.fetched)])
            item.setData(0, Qt.ItemDataRole.UserRole, dotted)
            item.setToolTip(1, _short(conflict.current))
            item.setToolTip(2, _short(conflict.fetched))
            self.tree.addTopLevelItem(item)
        self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self.show()

    def _accept_selected(self) -> None:
        chosen = {item.data(0, Qt.ItemDataRole.UserRole) for item in self.tree.selectedItems()}
        if not chosen and self.tree.currentItem() is not None:
            chosen = {self.tree.currentItem().data(0, Qt.ItemDataRole.UserRole)}
        picked = [c for c in self.conflicts if join_path(c.path) in chosen]
        if picked:
            self.accepted.emit(picked)
