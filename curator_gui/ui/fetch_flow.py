"""Fetching as the curator drives it: what starts a fetch, its progress, and where each result goes.

Starting: the URL box (Enter or the Fetch button), New from URL, Import Saved Page, a dropped link; Cancel while
waiting. A result fills the open record's empty fields and offers the rest in its review panel, or becomes a new
curation when no record is open; an address the folder already curates is offered instead of a second file. The
work itself (a worker, tickets, merging into the record a fetch was started for) is
:class:`~curator_gui.ui.fetch.FetchController`'s.
"""
from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from curator_gui.core.fieldpath import FieldPathError
from curator_gui.core.newdoc import file_name_for, new_document
from curator_gui.core.urls import duplicate_key, is_web_url, with_web_scheme
from curator_gui.ui.fetch import FetchController, Fetched, Landing
from curator_gui.ui.folder import FolderController
from curator_gui.ui.icons import themed
from curator_gui.ui.navigation import Navigator
from curator_gui.ui.progress import ProgressArea
from curator_gui.ui.preferences import CuratorIdentity
from curator_gui.ui.prompts import Prompts
from curator_gui.ui.record_pane import RecordPane
from curator_gui.ui.review import accept_conflicts, keep_mine
from curator_gui.ui.saving import SaveController
from curator_gui.ui.session import Session


def make_url_box(parent: QWidget) -> tuple[QLineEdit, QPushButton]:
    """The URL box and its Fetch button, as the toolbar shows them."""
    edit = QLineEdit(parent)
    edit.setObjectName("fetchUrlEdit")
    edit.setAccessibleName("Page URL to fetch")
    edit.setPlaceholderText("Paste an article's address and press Enter to fetch its metadata")
    edit.setToolTip("The page to fetch into the open record (empty: the record's own source URL). Fields that are "
                    "empty get the fetched values; differing ones are offered for review. Ctrl+L comes here.")
    edit.setClearButtonEnabled(True)
    button = QPushButton("Fetch", parent)
    themed(button, "fetch")
    button.setObjectName("fetchButton")
    button.setAccessibleName("Fetch")
    button.setToolTip("Fetch the page into the open record (Enter in the URL box)")
    return edit, button


class FetchFlow(QObject):
    """See the module docstring. It drives the widgets it is given (the URL box, the Fetch button, the fetch's
    progress area) and the pane's review panel and notice bar; questions are asked over ``window``."""

    announced = Signal(str, int)  # a status-bar message and how long it stays (ms)

    def __init__(self, fetcher: FetchController, navigator: Navigator, saving: SaveController,
                 folder: FolderController, pane: RecordPane, url_edit: QLineEdit, button: QPushButton,
                 progress: ProgressArea, prompts: Prompts, window: QWidget, curator: CuratorIdentity | None = None,
                 store_images: Callable[[Session, Any], list[str]] | None = None):
        super().__init__(window)
        self.curator = curator
        #: downloads a new curation's images (its session, the fetch's address policy) and names those under way
        self.store_images = store_images
        self.fetcher = fetcher
        self.navigator = navigator
        self.records = navigator.records
        self.saving = saving
        self.folder = folder
        self.pane = pane
        self.url_edit = url_edit
        self.button = button
        self.progress = progress
        self.prompts = prompts
        self.window = window
        url_edit.returnPressed.connect(self.fetch)
        button.clicked.connect(self._on_button_clicked)
        progress.cancel_button.clicked.connect(fetcher.cancel)
        fetcher.busy_changed.connect(self._on_fetcher_busy_changed)
        fetcher.landed.connect(self._on_fetcher_landed)
        fetcher.failed.connect(self._on_fetcher_failed)
        fetcher.dropped.connect(lambda message: self.announced.emit(message, 8000))
        fetcher.fragment_fetched.connect(self._on_fetcher_fragment_fetched)
        pane.review_panel.accepted.connect(self._on_review_panel_accepted)
        pane.review_panel.dismissed.connect(self._on_review_panel_dismissed)

    @property
    def busy(self) -> bool:
        """Whether a page is on its way."""
        return self.fetcher.busy

    # --- starting -----------------------------------------------------------------------------------------

    def fetch(self) -> None:
        """Fetch the URL box's page into the open record (or into a new curation when none is open). An address
        typed without its scheme is taken as https, and the status bar says so."""
        url = self._with_scheme(self.url_edit.text().strip())
        if url != self.url_edit.text().strip():
            self.url_edit.setText(url)
        session = self.records.current
        if not url and session is not None and not session.read_only:
            found = session.doc.data.get("link")
            url = str(found.get("original") or "") if isinstance(found, dict) else ""
        if not url:
            self.announced.emit("Paste the address of a page into the URL box first", 6000)
            self.focus_url()
            return
        if not is_web_url(url):
            self.announced.emit(f"Not a web address (http:// or https://): {url}", 8000)
            self.focus_url()
            return
        if session is None or session.read_only:
            self._fetch_new(url)
        else:
            self.fetcher.fetch_into(session, url)

    def fetch_url(self, url: str) -> None:
        """Put ``url`` in the URL box and fetch it (a link dropped on the window)."""
        self.url_edit.setText(url)
        self.fetch()

    def new_from_url(self) -> None:
        """Ctrl+N: ask for an address, fetch it and create the curation (or offer the existing one)."""
        clipboard = QGuiApplication.clipboard().text().strip() if QGuiApplication.clipboard() else ""
        suggestion = self.url_edit.text().strip() or (clipboard if is_web_url(clipboard) else "")
        url = self.prompts.ask_url(self.window, "New from URL", "Address of the article to curate:", suggestion)
        if url:
            url = self._with_scheme(url)
            if not is_web_url(url):
                self.prompts.error(self.window, "Not a web address", f"{url} is not an http:// or https:// address.")
                return
            self._fetch_new(url)

    def import_saved_page(self, address: str = "") -> None:
        """Read a page saved from a browser into the open record (or a new curation). The address it was saved
        from is asked, suggesting ``address`` (the page a fetch failed on), else the open record's source."""
        page = self.prompts.choose_page_file(self.window, str(Path.home()))
        if not page:
            return
        current = self.records.current
        session = current if current is not None and not current.read_only else None
        known = ""
        if session is not None and isinstance(session.doc.data.get("link"), dict):
            known = str(session.doc.data["link"].get("original") or "")
        url = self.prompts.ask_url(self.window, "Import a Saved Page", "Address the page was saved from:",
                                   address or known)
        if not url:
            return
        url = self._with_scheme(url)
        if not is_web_url(url):
            self.prompts.error(self.window, "Not a web address", f"{url} is not an http:// or https:// address.")
            return
        if session is None and self._offer_existing(url):
            return
        if session is None:
            self._ask_curator_once()
        self.fetcher.import_into(session, page, url)

    def _with_scheme(self, typed: str) -> str:
        """``typed`` with https:// in front when it plainly is an address without its scheme (said so)."""
        url = with_web_scheme(typed)
        if url != typed:
            self.announced.emit(f"No http:// or https:// was typed: assuming {url}", 10000)
        return url

    def cancel(self) -> None:
        """Stop waiting for every page under way (a result that still comes is dropped)."""
        self.fetcher.cancel()

    def focus_url(self) -> None:
        """The keyboard to the URL box, its text selected."""
        self.url_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.url_edit.selectAll()

    def _fetch_new(self, url: str) -> None:
        if self.folder.root is None:
            self.prompts.error(self.window, "No folder", "Open a folder first: the new curation is created in it.")
            return
        if not self._offer_existing(url):
            self._ask_curator_once()
            self.fetcher.fetch_new(url)

    def _ask_curator_once(self) -> None:
        """Before the first new curation: the person's name, when nothing else names the curator."""
        if self.curator is not None and self.folder.root is not None:
            self.curator.ask_once(self.folder.root, self.window)

    def existing_for(self, url: str) -> str | None:
        """A file of the folder that already curates ``url`` (the same source however its URL is spelled, or the
        name the new file would get)."""
        found = self.folder.model.paths_with_clean_url(duplicate_key(url))
        if found:
            return found[0]
        root = self.folder.root
        candidate = os.path.join(root or "", file_name_for(url))
        return candidate if root and os.path.exists(candidate) else None

    def _offer_existing(self, url: str) -> bool:
        """When the folder already curates ``url``: offer to open that file instead. True when it does."""
        existing = self.existing_for(url)
        if existing is None:
            return False
        if self.prompts.open_existing(self.window, os.path.basename(existing), url):
            self.navigator.select_file(existing)
        return True

    def _on_button_clicked(self) -> None:
        if self.fetcher.busy:
            self.fetcher.cancel()  # the button reads "Cancel" while a page is on its way
        else:
            self.fetch()

    # --- results ------------------------------------------------------------------------------------------

    def _on_fetcher_busy_changed(self, busy: bool, text: str) -> None:
        if busy:
            self.progress.busy(text)
        else:
            self.progress.hide()
        self.button.setText("Cancel" if busy else "Fetch")
        themed(self.button, "cancel" if busy else "fetch")

    def _on_fetcher_landed(self, session: Session, landing: Landing) -> None:
        where = "" if session is self.records.current else f" into {session.label} (not the record shown)"
        self.announced.emit(f"Fetched{where}: {landing_text(landing)}", 10000)
        if landing.notes:
            self._show_partial(landing.notes)
        if session is self.records.current:
            self.pane.show_review(session)
            if not self.url_edit.hasFocus():
                self.url_edit.clear()
        elif not session.is_modified and not session.pending_review:
            self.records.retire(session)

    def _show_partial(self, notes: list[str]) -> None:
        bar = self.pane.notice_bar
        bar.show_message("warning", "Only part of the page arrived, so its fields were read from what came: "
                                    + " ".join(html.escape(n) for n in notes), [("&Dismiss", bar.hide)])

    def _on_fetcher_failed(self, message: str, url: str) -> None:
        bar = self.pane.notice_bar
        bar.show_message("error", f"Fetch failed: {html.escape(message)}",
                         [("&Import Saved Page…", lambda: self.import_saved_page(url)), ("&Dismiss", bar.hide)])

    def _on_fetcher_fragment_fetched(self, fetched: Fetched, url: str) -> None:
        root = self.folder.root
        if root is None or self._offer_existing(url):
            return
        name = self.curator.name(root) if self.curator is not None else ""
        session = self.records.add(new_document(root, fetched.fragment, curators=[name] if name else []))
        if not self.saving.save(session):
            self.navigator.close(session)
            return
        self.navigator.select_file(session.path)
        session = self.records.get(session.path) or session  # saved, it was let go and opened again from disk
        self.url_edit.clear()
        images = self.store_images(session, fetched.policy) if self.store_images is not None else []
        downloading = f"; downloading the page's {' and '.join(images)}" if images else ""
        self.announced.emit(f"Created and saved {session.label}: add its topics and check the fields"
                            + byline_note(fetched.fragment) + downloading, 10000)
        if fetched.notes:
            self._show_partial(fetched.notes)

    # --- the review panel ---------------------------------------------------------------------------------

    def _on_review_panel_accepted(self, conflicts: list) -> None:
        session = self.records.current
        if session is None:
            return
        try:
            accept_conflicts(session, conflicts)
        except FieldPathError as error:  # the record changed shape since the fetch
            self.announced.emit(f"Not used: {error}", 8000)
        self.pane.show_review(session)

    def _on_review_panel_dismissed(self) -> None:
        session = self.records.current
        if session is not None:
            keep_mine(session)
        self.pane.show_review(session)


def byline_note(fragment: dict) -> str:
    """'; the page names Sam Writer as its writer (not a curator)' ('' when it names nobody)."""
    names = fragment.get("byline")
    if not isinstance(names, list) or not any(isinstance(n, str) and n.strip() for n in names):
        return ""
    return f"; the page names {', '.join(n for n in names if isinstance(n, str))} as its writer (not a curator)"


def landing_text(landing: Landing) -> str:
    """What a fetch did to its record, in a few words ("3 fields filled, 2 to review"), and whom the page names
    as its writer."""
    return _landing_text(landing) + byline_note({"byline": landing.byline})


def _landing_text(landing: Landing) -> str:
    if landing.other_source:
        return (f"a different page from this record's source; nothing changed, {landing.offered} "
                f"value{'s' * (landing.offered != 1)} to review")
    if not landing.page_values:
        return "the page gave no title, description or other metadata to use" + (
            "; only its address was recorded" if landing.filled else "")
    if not landing.filled and not landing.offered:
        return "nothing new: every field already has the page's value"
    parts = [f"{landing.filled} field{'s' * (landing.filled != 1)} filled"]
    if landing.offered:
        parts.append(f"{landing.offered} to review")
    text = ", ".join(parts)
    return f"{text} (from part of the page)" if landing.notes else text
