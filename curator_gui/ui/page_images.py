"""The images of a curation the window creates from a page (New from URL): the only place that downloads them, as
``curator-gui new`` does.

The page's featured image and site icon are downloaded in the background under the address rule the fetch settled
on (:func:`~curator_gui.core.media.acquire.obtain_image`), each with a ticket for its record: it lands in that
record even after the curator moved on, as one undo step with its file (:meth:`MediaFlow.land`), and the record,
saved when it was created, is saved again with it unless the curator has edited it meanwhile (their edits are
theirs to save). An image that cannot be had leaves its address in the record and is said in the status bar; it
never undoes the new curation, and a site without an icon at its usual address is no news.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from curator_gui.core.fetch.netmessages import clean_message
from curator_gui.core.media.imagecheck import FAVICON, KINDS, kind_label
from curator_gui.core.media.record import recorded_image
from curator_gui.ui.media_flow import MediaFlow
from curator_gui.ui.records import RecordStore
from curator_gui.ui.saving import SaveController
from curator_gui.ui.session import Session
from curator_gui.ui.tasks import TaskRunner

#: How long one image may take (the same as ``curator-gui new``'s default).
TIMEOUT = 20.0


class PageImages(QObject):
    """See the module docstring."""

    announced = Signal(str, int)  # a status-bar message and how long it stays (ms)

    def __init__(self, runner: TaskRunner, media: MediaFlow, saving: SaveController, records: RecordStore,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.media = media
        self.saving = saving
        self.records = records

    def store(self, session: Session, policy: Any) -> list[str]:
        """Download and record the images ``session``'s freshly fetched record names (``policy``: the fetch's
        address policy; None, for a page read from a file, downloads nothing). Returns the labels of the images
        under way."""
        if policy is None or session.read_only or session.doc.path is None:
            return []
        started = []
        for kind in KINDS:
            image = recorded_image(session.doc.data, kind)
            if image.is_remote:
                self._start(session, kind, image.href, policy)
                started.append(kind_label(kind))
        return started

    def _start(self, session: Session, kind: str, url: str, policy: Any) -> None:
        from curator_gui.core.media.acquire import obtain_image

        md_path = session.doc.path
        label = kind_label(kind)
        ticket = self.runner.submit(lambda: obtain_image(md_path, kind, url=url, policy=policy, timeout=TIMEOUT),
                                    label=f"Downloading the page's {label}…", context=session)
        ticket.on_done = lambda stored: self._on_done(session, kind, stored)
        ticket.on_error = lambda message: self._on_error(session, kind, message)
        session.fetches += 1  # the record stays in memory until its image lands

    def _on_done(self, session: Session, kind: str, stored) -> None:
        session.fetches = max(0, session.fetches - 1)
        was_saved = not session.is_modified
        self.media.land(session, stored, f"Store the page's {kind_label(kind)}")
        if was_saved and session.is_modified and not session.closed:
            self.saving.save(session)  # as created: saved, now with its image
        self._let_go_unless_needed(session)

    def _on_error(self, session: Session, kind: str, message: str) -> None:
        session.fetches = max(0, session.fetches - 1)
        message = clean_message(message)
        if not (kind == FAVICON and message.startswith(("HTTP 404 ", "HTTP 410 "))):
            self.announced.emit(f"The page's {kind_label(kind)} was not downloaded for {session.label}: {message} "
                                f"(its address stays in the record)", 12000)
        self._let_go_unless_needed(session)

    def _let_go_unless_needed(self, session: Session) -> None:
        """A record kept in memory only for its images goes, as when the curator left it."""
        if session is not self.records.current and not session.closed and not session.fetches:
            self.records.retire(session)
