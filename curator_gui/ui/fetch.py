"""Fetching page metadata in the background and landing it in the record it was started for.

A fetch takes only a URL (or a saved page's bytes) into a worker and returns a front-matter fragment. The
result is merged by the core (fill what is empty, offer what differs) into the record it was started for,
as one undo step, even if the curator has moved to another record meanwhile: never into the record shown
just because it is shown. Conflicts wait in that record for the review panel (:mod:`curator_gui.ui.review`),
with the fields the fetch filled beside them. A page other than the record's source fills nothing: all of its
values wait for the review.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal

from curator_gui.core.fieldpath import get_in
from curator_gui.core.merge import Conflict, is_empty, plan_merge
from curator_gui.core.urls import same_page
from curator_gui.core.validate import source_url
from curator_gui.ui.review import fill_empty_fields
from curator_gui.ui.session import Session
from curator_gui.ui.tasks import TaskRunner, Ticket

#: Largest saved page read (a page saved "complete" with its images inlined runs to several megabytes).
MAX_SAVED_PAGE_BYTES = 32 * 1024 * 1024
#: The fragment's keys that are not the page's metadata: the address fetched, and the site's icon (guessed
#: from the address when the page names none).
_NOT_METADATA = frozenset({"link", "href", "original", "openProjectCustomFields", "favIconImage"})


@dataclass
class Fetched:
    """What a worker hands back: the fragment, the address after redirects, whether the page was whole, and the
    address policy the fetch settled on (for downloading what the page names: its image)."""

    fragment: dict
    final_url: str = ""
    partial: bool = False
    notes: list[str] = field(default_factory=list)
    policy: Any = None


@dataclass
class Landing:
    """What a result did to its record, for the message that reports it."""

    filled: int = 0  #: page values filled into empty fields
    offered: int = 0  #: values waiting for review
    other_source: str = ""  #: the record's own source, when a different page was fetched into it
    page_values: int = 0  #: values the page gave at all (beyond the address it was fetched from)
    notes: list[str] = field(default_factory=list)  #: why the page was incomplete, when it was
    byline: list[str] = field(default_factory=list)  #: who the page says wrote it (never the record's curator)
    image: str = ""  #: the address of the page's featured image ('' when it names none)
    policy: Any = None  #: the fetch's address policy (None: a saved page's, not settled by a connection)


def _default_fetch(url: str) -> Fetched:
    from curator_gui.core import fetch_result

    result = fetch_result(url)
    return Fetched(result.fragment, result.final_url, result.partial, list(result.notes), result.policy)


def _read_saved_page(path: str, url: str) -> Fetched:
    """A page saved from a browser: read as a regular file (a pipe or a device is refused, not waited on), its
    metadata extracted as from the address it was saved from, without any credentials."""
    from curator_gui.core import extract_metadata
    from curator_gui.core.errors import FetchError
    from curator_gui.core.files import read_regular_file
    from curator_gui.core.urls import strip_userinfo, without_userinfo

    try:
        data, _stat = read_regular_file(path, MAX_SAVED_PAGE_BYTES)
    except OSError as error:
        raise FetchError(f"cannot read {path}: {error.strerror or error}") from None
    clean = strip_userinfo(url)
    return Fetched(without_userinfo(extract_metadata(data, clean)), clean)


def host_of(url: str) -> str:
    """The host name of ``url`` (for messages), or the text itself when it has none."""
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def fetched_image(fragment: dict) -> str:
    """The address of the featured image a fetched fragment names ('' when none)."""
    image = fragment.get("featuredImage")
    href = image.get("href") if isinstance(image, dict) else None
    return href.strip() if isinstance(href, str) and href.strip().startswith(("http://", "https://")) else ""


class FetchController(QObject):
    """Starts fetches, tracks them by ticket and lands their results; see the module docstring."""

    busy_changed = Signal(bool, str)  # busy, description
    landed = Signal(object, object)  # session, Landing
    dropped = Signal(str)  # why a result was not used
    failed = Signal(str, str)  # why, the address that failed
    fragment_fetched = Signal(object, str)  # a fetch for a new curation: fragment, url

    def __init__(self, runner: TaskRunner, parent: QObject | None = None,
                 fetch: Callable[[str], Fetched] = _default_fetch):
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

    def _start(self, work: Callable[[], Fetched], url: str, session: Session | None, text: str) -> Ticket:
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
        self.failed.emit(message, ticket.context[1])

    def _on_done(self, ticket: Ticket, result: Any) -> None:
        self._finish(ticket)
        session, url = ticket.context
        if not isinstance(result, Fetched):
            result = Fetched(result)
        if session is None:
            self.fragment_fetched.emit(result, url)
            return
        if session.closed or session.read_only:
            self.dropped.emit(f"The page fetched from {host_of(url)} was not used: its record "
                              f"({session.label}) was closed.")
            return
        self.land(session, result.fragment, url, final_url=result.final_url, notes=result.notes, policy=result.policy)

    def land(self, session: Session, fragment: dict, url: str, *, final_url: str = "",
             notes: list[str] = (), policy: Any = None) -> Landing:
        """Merge ``fragment`` into ``session``: empty fields filled in one undo step, conflicts kept for review
        beside what was filled. From a page other than the record's source nothing is filled: every value waits
        for the review."""
        data = session.doc.data
        plan = plan_merge(data, fragment)
        found = source_url(data)
        own = found[1].strip() if found and isinstance(found[1], str) else ""
        other = bool(own) and not same_page(own, url) and not (final_url and same_page(own, final_url))
        filled = []
        if other:
            offered = [Conflict(path, get_in(data, path), value) for path, value in plan.fills] + plan.conflicts
        else:
            offered = plan.conflicts
            if plan.fills:
                filled = fill_empty_fields(session, plan.fills, f"Fetch from {host_of(url)}")
        paths = {c.path for c in offered}
        session.pending_review = [c for c in session.pending_review if c.path not in paths] + offered
        session.review_fills = (session.review_fills + filled) if session.pending_review else []
        session.review_source = url
        byline = fragment.get("byline")
        session.review_byline = [n for n in byline if isinstance(n, str) and n.strip()] if isinstance(byline, list) \
            else []
        session.review_other_source = own if other else ""
        landing = Landing(filled=0 if other else len(plan.fills), offered=len(offered),
                          other_source=session.review_other_source, notes=list(notes),
                          byline=list(session.review_byline), image=fetched_image(fragment), policy=policy,
                          page_values=sum(k not in _NOT_METADATA and not is_empty(v) for k, v in fragment.items()))
        self.landed.emit(session, landing)
        return landing
