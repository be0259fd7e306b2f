"""The open folder: listing and reading it in the background, reading it again, and showing how far that got.

Opening a folder lists its files at once (as placeholders) and reads them on the index thread; rows arrive in
batches. A refresh, or a change to the folder seen by the watcher, reads again only what changed; either way
``folder_reread`` tells the parts that care (outside changes) to look at the open records. A file rewritten in
place changes no entry of its folder, so the watcher does not see it: the folder's entries are compared with
what was read every few seconds (less often the larger the folder) and whenever the program is switched back to.
"""
from __future__ import annotations

import html
import os

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel

from curator_gui.ui.banners import MessageBar
from curator_gui.ui.file_list.model import FileListModel
from curator_gui.ui.indexer import IndexService
from curator_gui.ui.progress import ProgressArea
from curator_gui.ui.records import FolderChecks
from curator_gui.ui.watcher import FolderWatcher

#: How often the folder's entries are compared with what was read: at least this often…
POLL_MS = 2000
#: …plus this much per file (listing 100,000 files takes most of a second).
POLL_MS_PER_FILE = 0.4


class FolderController(QObject):
    """See the module docstring. It drives the widgets it is given: the scan's progress area in the status bar,
    the file count beside it, and the notice bar for a folder that could not be read."""

    opened = Signal(str)  # the folder's path; its files are being listed
    folder_listed = Signal()  # every file is in the list (some rows may still be waiting to be read)
    scan_finished = Signal()  # every file is read, and the checks across files are done
    folder_reread = Signal()  # the folder was read again, or changed: the open records want a look
    announced = Signal(str, int)  # a status-bar message and how long it stays (ms)

    def __init__(self, model: FileListModel, index: IndexService, watcher: FolderWatcher, checks: FolderChecks,
                 progress: ProgressArea, counts_label: QLabel, notice_bar: MessageBar,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.model = model
        self.index = index
        self.watcher = watcher
        self.checks = checks
        self.progress = progress
        self.counts_label = counts_label
        self.notice_bar = notice_bar
        self.root: str | None = None
        #: True once the open folder's files are all in the list
        self.listed = False
        model.counts_changed.connect(self._on_model_counts_changed)
        model.load_findings = index.load_findings
        index.listed.connect(self._on_index_listed)
        index.rows_arrived.connect(model.queue_index_rows)
        index.progressed.connect(self._on_index_progressed)
        index.finished.connect(self._on_index_finished)
        index.failed.connect(self._on_index_failed)
        index.refreshed.connect(self._on_index_refreshed)
        index.rechecked.connect(self._on_index_rechecked)
        watcher.folder_changed.connect(self._on_watcher_folder_changed)
        progress.cancel_button.clicked.connect(self._on_progress_cancel_clicked)
        self._poll = QTimer(self)
        self._poll.setSingleShot(True)
        self._poll.timeout.connect(self.look_for_changes)
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_application_state_changed)

    def open(self, root: str) -> None:
        """Show ``root``'s curations: listed at once, read in the background."""
        self.root = os.path.abspath(root)
        self.listed = False
        self.checks.forget()
        self.model.set_root(self.root)
        self.index.scan(self.root)
        self.watcher.set_folders(self.root)
        self._schedule_poll()
        self.progress.busy(f"Listing {os.path.basename(self.root) or self.root}…")
        self.opened.emit(self.root)

    def refresh(self) -> None:
        """Read the folder again (cached files cost nothing) and have the open records checked against the disk."""
        if self.root is None:
            return
        self.checks.forget()
        self.index.scan(self.root)
        self.progress.busy("Reading the folder again…")
        self.folder_reread.emit()

    def look_for_changes(self) -> None:
        """Compare the folder's entries with what was read (files rewritten in place included) and read again
        what differs; then do it again a while later."""
        if self.root is not None and self.listed and not self.index.scanning:
            self.index.refresh()
        self._schedule_poll()

    def _schedule_poll(self) -> None:
        if self.root is not None:
            self._poll.start(round(POLL_MS + POLL_MS_PER_FILE * self.model.rowCount()))

    def _on_application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.look_for_changes()  # back from another program, which may have changed files

    def reread(self, paths: list[str]) -> None:
        """Read these files again (after a save), so the cache and the checks across files know them."""
        self.index.refresh(paths)

    def _on_watcher_folder_changed(self) -> None:
        self.checks.forget()
        if not self.index.scanning:
            self.index.refresh()
        self.folder_reread.emit()

    # --- results from the index ---------------------------------------------------------------------------

    def _on_index_listed(self, paths: list, path_set: set, folders: set) -> None:
        self.model.set_paths(paths, path_set)
        self.listed = True
        self.watcher.set_folders(self.root, folders)
        self.progress.busy("Reading files…", 0, max(1, len(paths)))
        self.folder_listed.emit()

    def _on_index_progressed(self, done: int, total: int) -> None:
        self.progress.busy(f"Reading files… {done:,} of {total:,}", done, max(total, 1))

    def _on_index_finished(self, _rows: list) -> None:
        # Every row was sent as it was served or read; the checks across files have changed them since.
        self.model.flush()
        self.model.rows_changed_in_place()
        self.progress.hide()
        self.scan_finished.emit()

    def _on_index_failed(self, message: str) -> None:
        self.progress.hide()
        self.notice_bar.show_message("error", f"The folder could not be read completely: {html.escape(message)}",
                                     [("&Try Again", self.refresh), ("&Dismiss", self.notice_bar.hide)])

    def _on_index_refreshed(self, rows: list, removed: list) -> None:
        self.model.remove_paths(removed)
        self.model.queue_index_rows(rows)
        self.model.flush()
        self.model.rows_changed_in_place()

    def _on_index_rechecked(self, _rows: list) -> None:
        """Only files beside the curations changed (images): the rows show their findings anew."""
        self.checks.forget()  # the folder's names are listed again at the next check of a record
        self.model.flush()
        self.model.rows_changed_in_place()

    def _on_progress_cancel_clicked(self) -> None:
        self.index.cancel()
        self.model.flush()
        self.progress.hide()
        self.announced.emit("Stopped reading the folder; files not read yet show as pending", 6000)

    def _on_model_counts_changed(self) -> None:
        counts = self.model.counts()
        parts = [f"{counts['files']:,} files"]
        if counts["errors"]:
            parts.append(f"{counts['errors']:,} with errors")
        if counts["warnings"]:
            parts.append(f"{counts['warnings']:,} with warnings")
        if counts["unsaved"]:
            parts.append(f"{counts['unsaved']:,} unsaved")
        self.counts_label.setText(" · ".join(parts))
