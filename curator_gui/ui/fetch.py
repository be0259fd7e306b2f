"""Fetching page metadata in the background and landing it in the record it was started for.

A fetch takes only a URL (or a saved page's bytes) into a worker and returns a front-matter fragment. The
result is merged by the core (fill what is empty, offer what differs) into the record it was started for,
as one undo step, even if the curator has moved to another record meanwhile: never into the record shown
just because it is shown. Conflicts wait in that record for the review panel (:mod:`curator_gui.ui.review`).
"""
from __future__ import annotations

from typing import Any, Callable
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal

from curator_gui.core.merge import apply_merge, plan_merge
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
    """The host name of ``url`` (for messages), or the text itself when it has none."""
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
