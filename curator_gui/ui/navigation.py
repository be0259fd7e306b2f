"""Moving between records: which record is open, opening the one chosen in the list, the list following along.

Switching records never asks anything: a record with unsaved edits stays in memory (see
:mod:`curator_gui.ui.records`) and is marked in the list until it is saved or the window closes. The open record
is ``records.current``; the pane shows it. The list's selection follows the open record through re-listing,
sorting and Save As, without reopening anything on the way (:meth:`Navigator.quiet`).
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator

from PySide6.QtCore import QObject, Signal

from curator_gui.core.document import Document
from curator_gui.ui.file_list.panel import FileListPanel
from curator_gui.ui.file_list.rows import TITLE, record_values
from curator_gui.ui.folder import FolderController
from curator_gui.ui.outside import OutsideChanges
from curator_gui.ui.record_pane import RecordPane
from curator_gui.ui.records import RecordStore
from curator_gui.ui.session import Session


class Navigator(QObject):
    """See the module docstring."""

    record_opened = Signal(str)  # the path of the record that became the open one

    def __init__(self, records: RecordStore, file_panel: FileListPanel, pane: RecordPane, outside: OutsideChanges,
                 folder: FolderController, parent: QObject | None = None):
        super().__init__(parent)
        self.records = records
        self.file_panel = file_panel
        self.model = file_panel.model
        self.pane = pane
        self.outside = outside
        self.folder = folder
        self._quiet = False
        self._pending_select: str | None = None
        # rows of records with unsaved edits stay listed even when their file is gone, and show the edits
        self.model.keep = lambda path: path in records.sessions and records.sessions[path].is_modified
        self.model.live = self._live_values
        records.created.connect(self._on_records_created)
        file_panel.current_changed.connect(self._on_file_panel_current_changed)
        outside.record_gone.connect(self._on_outside_record_gone)
        # the open record's row removed (its file gone): the list must not open the next row meanwhile
        self.model.rowsAboutToBeRemoved.connect(self._on_model_rows_about_to_be_removed)
        self.model.rowsRemoved.connect(self._on_model_rows_removed)
        self._quiet_before_removal: bool | None = None
        folder.folder_listed.connect(self._on_folder_listed)
        folder.scan_finished.connect(self._on_folder_scan_finished)

    @property
    def current(self) -> Session | None:
        """The open record (``records.current``)."""
        return self.records.current

    # --- opening ------------------------------------------------------------------------------------------

    def open_record(self, path: str) -> Session | None:
        """Show the record of ``path`` (from memory when it is there; from disk otherwise)."""
        path = os.path.abspath(path)
        if self.current is not None and self.current.path == path:
            return self.current
        session = self.records.get(path)
        if session is None:
            try:
                doc = Document.load(path)
            except OSError as error:
                self.pane.show_placeholder(f"Cannot read {os.path.basename(path)}: {error.strerror or error}")
                return None
            session = self.records.add(doc)
        else:
            self.outside.check(session)
            if session.closed:  # it vanished from disk
                return None
        self._set_current(session)
        return session

    def _set_current(self, session: Session) -> None:
        self.records.make_current(session)
        self.records.undo_group.setActiveStack(session.undo_stack)
        self.pane.show_session(session)
        self.outside.watch_records()
        if self.file_panel.current_path() != session.path:
            self.file_panel.select_path(session.path)
        self.record_opened.emit(session.path)

    def select_file(self, path: str) -> bool:
        """Select (and open) a file of the folder, listing it first when the listing has not caught up."""
        path = os.path.abspath(path)
        if self.file_panel.select_path(path):
            return True
        root = self.folder.root
        if os.path.isfile(path) and root and path.startswith(root + os.sep):
            self.model.set_paths([r.path for r in self.model.rows()] + [path])
            return self.file_panel.select_path(path)
        return False

    def select_when_listed(self, path: str | None) -> None:
        """Select ``path`` as soon as the folder's listing shows it (a file named when a folder is opened)."""
        self._pending_select = os.path.abspath(path) if path else None

    def step(self, step: int) -> None:
        """Open the file ``step`` rows below (above, when negative) the current one, as the list shows them."""
        view = self.file_panel.view
        proxy = self.file_panel.proxy
        if proxy.rowCount() == 0:
            return
        row = view.currentIndex().row() if view.currentIndex().isValid() else -1
        row = min(max(row + step, 0), proxy.rowCount() - 1)
        view.setCurrentIndex(proxy.index(row, TITLE))

    # --- letting go ---------------------------------------------------------------------------------------

    def close(self, session: Session) -> None:
        """Let a record go (the pane keeps showing it until told otherwise)."""
        self.records.close(session)

    def close_all(self) -> None:
        """Let every record go and show none (another folder is being opened)."""
        self.records.close_all()

    def _on_outside_record_gone(self, session: Session, text: str) -> None:
        was_current = session is self.current
        path = session.path
        self.close(session)
        with self.quiet():
            self.model.remove_paths([path])
            if was_current:
                self.file_panel.clear_current()
        if was_current:
            self.pane.show_placeholder(text)

    def _on_model_rows_about_to_be_removed(self, _parent, first: int, last: int) -> None:
        current = self.current
        if current is not None and first <= self.model.row_of(current.path) <= last:
            self._quiet_before_removal, self._quiet = self._quiet, True

    def _on_model_rows_removed(self, *_args) -> None:
        if self._quiet_before_removal is not None:
            self._quiet, self._quiet_before_removal = self._quiet_before_removal, None
            self.file_panel.clear_current()  # no other row stands in for the open record

    # --- the list following along -------------------------------------------------------------------------

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """While the window itself updates the list, its selection changes open nothing."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    def show_saved(self, session: Session, old_path: str) -> None:
        """A record was saved (under ``old_path`` before a Save As): its row shows it, the selection follows."""
        if session.path != old_path:
            self.model.set_unsaved(old_path, False)
            self.outside.watch_records()
        with self.quiet():  # a new row (Save As) must not reopen the old file meanwhile
            self.model.update_row(session.path, **record_values(session.doc.data, session.problems))
            self.model.set_unsaved(session.path, session.is_modified)
            if session is self.current and session.path != old_path:
                self.file_panel.select_path(session.path)

    def _on_file_panel_current_changed(self, path: str | None) -> None:
        if path is None or self._quiet:
            return  # the list was rebuilt (or is being updated by the window itself): the record stays open
        self.open_record(path)

    def _on_folder_listed(self) -> None:
        if self.current is not None:
            self.file_panel.select_path(self.current.path, reveal=False)
        if self._pending_select and self.model.row_of(self._pending_select) >= 0:
            self.file_panel.select_path(self._pending_select)
            self._pending_select = None

    def _on_folder_scan_finished(self) -> None:
        if self.current is not None:
            if self.file_panel.current_path() != self.current.path:
                self.file_panel.select_path(self.current.path, reveal=False)
            self.current.revalidate()  # duplicates across the folder are known now

    # --- records in memory --------------------------------------------------------------------------------

    def _live_values(self, path: str) -> dict | None:
        session = self.records.get(path)
        if session is None or not session.is_modified or session.read_only:
            return None
        return record_values(session.doc.data, session.problems)

    def _on_records_created(self, session: Session) -> None:
        session.changed.connect(lambda _keys, s=session: self._on_session_changed(s))
        session.modified_changed.connect(lambda modified, s=session: self._on_session_modified_changed(s, modified))
        session.reloaded.connect(lambda s=session: self.model.set_unsaved(s.path, s.is_modified))

    def _on_session_changed(self, session: Session) -> None:
        """The list shows a record as it is being edited (its title, date, topics, problems), not as saved."""
        if not session.read_only and not session.closed and self.model.row_of(session.path) >= 0:
            self.model.update_row(session.path, **record_values(session.doc.data, session.problems))

    def _on_session_modified_changed(self, session: Session, modified: bool) -> None:
        self.model.set_unsaved(session.path, modified)
        if session is not self.current and not modified and not session.busy:
            self.records.retire(session)
