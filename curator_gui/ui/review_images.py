"""The images of a fetch under review: the record's own picture beside the page's, so the curator picks with their
eyes; the only place that downloads a fetched image before anyone chose it.

When a fetch lands, the page's featured image is downloaded in the background under the fetch's address policy
(the rule its page settled on) and checked, but not stored: it is only shown. *Use This Image* stores it beside
the curation and records it, as one undo step (:meth:`~curator_gui.ui.media_flow.MediaFlow.use_downloaded`), and
takes the image's address off the review; using the address from the list stores the image too (a step of its
own). A download lands only in the review of the record it was started for.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QWidget

from curator_gui.core.media.imagecheck import FEATURED
from curator_gui.core.media.record import recorded_image
from curator_gui.core.urls import host_of
from curator_gui.ui.editors.media import ImagePreview
from curator_gui.ui.pictures import Picture, cached_image, describe, load_bytes, load_file
from curator_gui.ui.session import Session
from curator_gui.ui.tasks import TaskRunner

#: The thumbnails' box, and the size of the pictures made for it (twice: sharp on high-density screens).
BOX = QSize(144, 81)
SIZE = 320
#: Where a fetch offers or fills the featured image's address.
_IMAGE_PATHS = (("featuredImage", "href"), ("featuredImage",))


@dataclass
class FetchedImage:
    """The page's image for one record's review: its address, and once downloaded, the image and its picture (or
    why it cannot be used)."""

    url: str
    downloaded: Any = None  #: the ``DownloadedImage``, when it arrived and is an image a curation may hold
    picture: Picture | None = None
    fault: str = ""
    loading: bool = True


def _download(url: str, policy, page: str) -> tuple[Any, Picture]:
    """The image at ``url`` and its picture (background thread)."""
    from curator_gui.core.media.download import download_image, page_policy

    image = download_image(url, policy=policy if policy is not None else page_policy(page))
    return image, load_bytes(image.data, image.facts, SIZE, name=url)


class ReviewImages(QWidget):
    """The two thumbnails, their descriptions and *Use This Image*; hidden when the fetch named no image."""

    use_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewImages")
        self.current = ImagePreview(BOX, "reviewCurrentImage", self)
        self.current.setAcceptDrops(False)
        self.current.setAccessibleName("This record's image")
        self.fetched = ImagePreview(BOX, "reviewFetchedImage", self)
        self.fetched.setAcceptDrops(False)
        self.fetched.setAccessibleName("The fetched page's image")
        self.current_text = QLabel(self)
        self.fetched_text = QLabel(self)
        small = self.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        for label in (self.current_text, self.fetched_text):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            label.setFont(small)
            label.setText(" ")  # a line's height from the start, so the layout makes room for it
        self.use_button = QPushButton("Use This Image", self)
        self.use_button.setObjectName("reviewUseImage")
        self.use_button.setToolTip("Store the page's image beside the curation and record it (one undo step)")
        self.use_button.clicked.connect(self.use_requested.emit)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.addWidget(QLabel("This record", self), 0, 0, Qt.AlignmentFlag.AlignHCenter)
        grid.addWidget(QLabel("Fetched", self), 0, 1, Qt.AlignmentFlag.AlignHCenter)
        grid.addWidget(self.current, 1, 0, Qt.AlignmentFlag.AlignHCenter)
        grid.addWidget(self.fetched, 1, 1, Qt.AlignmentFlag.AlignHCenter)
        grid.addWidget(self.current_text, 2, 0)
        grid.addWidget(self.fetched_text, 2, 1)
        grid.addWidget(self.use_button, 3, 1, Qt.AlignmentFlag.AlignHCenter)
        grid.setRowStretch(4, 1)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(grid.sizeHint().height())  # the pictures are never squeezed under their texts
        self.hide()

    def show_current(self, picture: Picture | None, text: str) -> None:
        self.current.show_picture(picture.image if picture is not None else None, text)
        self.current_text.setText(describe(picture, compact=True) if picture is not None and picture.image is not None
                                  else "")

    def show_fetched(self, found: FetchedImage) -> None:
        picture = found.picture
        if found.loading:
            self.fetched.show_picture(None, "Downloading…")
            self.fetched_text.setText(host_of(found.url))
        elif picture is not None and picture.image is not None:
            self.fetched.show_picture(picture.image)
            self.fetched_text.setText(describe(picture, compact=True))
        else:
            self.fetched.show_picture(None, "Cannot be used")
            self.fetched_text.setText(host_of(found.url))
        self.fetched_text.setToolTip(f"{found.url}\n{found.fault}".strip())
        self.fetched.setToolTip(f"Cannot be used: {found.fault}" if found.fault else found.url)
        self.use_button.setEnabled(found.downloaded is not None and picture is not None and picture.image is not None)


class ReviewImageFlow(QObject):
    """Downloads the fetched image of each review and shows it in the review panel of the open record."""

    def __init__(self, fetcher, media, pane, parent: QObject | None = None):
        super().__init__(parent)
        self.media = media
        self.pane = pane
        self.records = media.records
        self.panel = pane.review_panel
        self.strip: ReviewImages = self.panel.images
        self.runner = TaskRunner(self, max_threads=2)  # a slow page image never holds up the record's picture
        self._fetched: dict[Session, FetchedImage] = {}
        self._current_ticket = None
        fetcher.landed.connect(self._on_fetcher_landed)
        self.panel.reviewing.connect(self._on_panel_reviewing)
        self.panel.accepted.connect(self._on_panel_accepted)  # after the fetch flow has used the values
        self.strip.use_requested.connect(self.use_fetched)

    def fetched_for(self, session: Session | None) -> FetchedImage | None:
        """The page's image waiting in ``session``'s review (None when none waits)."""
        found = self._fetched.get(session) if session is not None else None
        return None if found is None or session.closed or not session.pending_review else found

    def _on_fetcher_landed(self, session: Session, landing) -> None:
        if not landing.image or not session.pending_review:
            self._fetched.pop(session, None)
            return
        found = FetchedImage(landing.image)
        self._fetched[session] = found
        url, policy, page = landing.image, landing.policy, session.review_source

        def done(result) -> None:
            found.downloaded, found.picture = result
            self._arrived(session, found)

        def failed(message: str) -> None:
            found.fault = message
            self._arrived(session, found)

        self.runner.submit(lambda: _download(url, policy, page), label="Downloading the page's image",
                           context=session, on_done=done, on_error=failed)
        if session is self.records.current:
            self.pane.show_review(session)  # the panel makes room for the pictures

    def _arrived(self, session: Session, found: FetchedImage) -> None:
        found.loading = False
        if found.picture is not None and found.picture.image is None:
            found.fault = found.picture.fault or "cannot be shown"
        if self._fetched.get(session) is found and session is self.records.current:
            self.strip.show_fetched(found)
            if found.fault:
                self.media.announced.emit(f"The page's image cannot be used: {found.fault}", 10000)

    def _on_panel_reviewing(self, session) -> None:
        current = self.records.current
        for gone in [s for s in self._fetched if s.closed or (not s.pending_review and s is not current)]:
            del self._fetched[gone]  # reviews that ended: their images are not needed any more
        self._show(session)

    def _show(self, session: Session | None) -> None:
        found = self.fetched_for(session)
        if found is None or session is not self.records.current or not self.panel.isVisible():
            self.strip.hide()
            return
        self.strip.show_fetched(found)
        self._show_current(session)
        self.strip.show()

    def _show_current(self, session: Session) -> None:
        image = recorded_image(session.doc.data, FEATURED)
        self.runner.cancel(self._current_ticket)
        if image.is_remote:
            self.strip.show_current(None, "Not downloaded yet")
            return
        if not image.is_local or session.doc.path is None:
            self.strip.show_current(None, "No image")
            return
        path = os.path.join(session.doc.path.parent, image.href)
        cached = cached_image(path, SIZE)
        self.strip.show_current(Picture(cached) if cached is not None else None, "Loading…")

        def done(picture: Picture) -> None:
            if session is self.records.current:
                self.strip.show_current(picture, "File missing" if picture.size < 0 else "Cannot be shown")

        self._current_ticket = self.runner.submit(lambda: load_file(path, SIZE), label="Loading a picture",
                                                  on_done=done)

    def _on_panel_accepted(self, conflicts: list) -> None:
        """The image's address was used from the list: store the image it names, already at hand, as a step of
        its own (undoing it leaves the address)."""
        session = self.records.current
        found = self._fetched.get(session) if session is not None else None
        if found is None or found.downloaded is None or not any(c.path in _IMAGE_PATHS for c in conflicts):
            return
        if recorded_image(session.doc.data, FEATURED).href == found.url:
            self._fetched.pop(session, None)
            self.media.use_downloaded(session, found.downloaded)
            self.strip.hide()

    def use_fetched(self) -> None:
        """Store the page's image in the open record (one undo step) and take its address off the review."""
        session = self.records.current
        found = self.fetched_for(session)
        if found is None or found.downloaded is None:
            return
        from curator_gui.ui.review import end_review

        self.media.use_downloaded(session, found.downloaded)
        session.pending_review = [c for c in session.pending_review if c.path not in _IMAGE_PATHS]
        if not session.pending_review:
            end_review(session)
        self._fetched.pop(session, None)
        self.pane.show_review(session)
