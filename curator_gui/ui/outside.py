"""Changes made by other programs to the files of open records: the only place that decides what to do about them.

A record without unsaved edits follows its file quietly (reloaded, or let go when the file is gone). A record
with unsaved edits keeps them, and a bar over the form offers Reload (the edits stay one Undo away), Keep Mine
(the next save overwrites without asking) and Show Diff, or, when the file is gone, Keep Mine / Discard Mine.
"""
from __future__ import annotations

import html
import os

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from curator_gui.ui.banners import MessageBar
from curator_gui.ui.diffview import DiffDialog, unified_diff
from curator_gui.ui.prompts import Prompts
from curator_gui.ui.records import RecordStore
from curator_gui.ui.session import Session
from curator_gui.ui.watcher import FolderWatcher


class OutsideChanges(QObject):
    """See the module docstring. Dialogs open over ``window``."""

    record_gone = Signal(object, str)  # a record whose file is gone was let go: session, what to show instead
    announced = Signal(str, int)  # a status-bar message and how long it stays (ms)

    def __init__(self, records: RecordStore, watcher: FolderWatcher, bar: MessageBar, prompts: Prompts,
                 window: QWidget):
        super().__init__(window)
        self.records = records
        self.watcher = watcher
        self.bar = bar
        self.prompts = prompts
        self.window = window
        self.dialogs: list[QWidget] = []  # diff windows still open
        watcher.files_changed.connect(self._on_watcher_files_changed)

    def watch_records(self) -> None:
        """Watch exactly the files of the records in memory."""
        self.watcher.watch_files(self.records.paths())

    # --- checking -----------------------------------------------------------------------------------------

    def check(self, session: Session) -> None:
        """React to the file of an open record having changed (or vanished) on disk."""
        if session.closed or session.doc.stamp is None:
            return  # a new record not written yet
        path = session.path
        if not os.path.exists(path):
            if session.is_modified:
                session.outside_change = "deleted"
            else:
                self.record_gone.emit(session, f"{session.label} was removed or renamed by another program.")
            self.update_bar()
            return
        if not session.changed_on_disk():
            if session.outside_change:
                session.outside_change = None
                self.update_bar()
            return
        if session.kept_over is not None and session.kept_over == session.disk_digest():
            return  # the curator already chose to keep their version over this one
        if not session.is_modified:
            session.reload()
            if session is self.records.current:
                self.announced.emit(f"{session.label} changed on disk and was reloaded", 6000)
            return
        session.outside_change = "changed"
        self.update_bar()

    def check_all(self) -> None:
        """Check every record in memory (the folder changed, or was read again)."""
        for session in self.records:
            self.check(session)

    def _on_watcher_files_changed(self, paths: list) -> None:
        for path in paths:
            session = self.records.get(path)
            if session is not None:
                self.check(session)

    def reload(self, session: Session) -> bool:
        """Read the record's file again; unsaved edits stay one Undo away. False (after saying why) on failure."""
        try:
            session.reload()
        except OSError as error:
            self.prompts.error(self.window, "Cannot reload", f"{session.path}: {error.strerror or error}")
            return False
        self.announced.emit("Reloaded from disk; Undo brings your edits back", 8000)
        return True

    # --- the bar ------------------------------------------------------------------------------------------

    def show_bar_for(self, session: Session | None) -> None:
        """The bar as it belongs over ``session`` (hidden for None or a record without an outside change)."""
        if session is None or not session.outside_change:
            self.bar.hide()
            return
        name = bar_name(session)
        if session.outside_change == "deleted":
            self.bar.show_message(
                "error", f"{name} was deleted or renamed by another program. Your unsaved edits are still "
                         f"here; saving writes the file again.",
                [("&Keep Mine", self._on_bar_keep_clicked), ("&Discard Mine", self._on_bar_discard_clicked)])
        else:
            self.bar.show_message(
                "warning", f"{name} was changed by another program while you have unsaved edits.",
                [("&Reload", self._on_bar_reload_clicked), ("&Keep Mine", self._on_bar_keep_clicked),
                 ("Show &Diff", self._on_bar_diff_clicked)])

    def update_bar(self) -> None:
        """The bar as it belongs over the open record."""
        self.show_bar_for(self.records.current)

    def _on_bar_reload_clicked(self) -> None:
        session = self.records.current
        if session is not None:
            self.reload(session)

    def _on_bar_keep_clicked(self) -> None:
        session = self.records.current
        if session is None:
            return
        session.kept_over = session.disk_digest() or ""
        session.outside_change = None
        self.update_bar()
        self.announced.emit("Your version is kept; saving will overwrite the file on disk", 8000)

    def _on_bar_discard_clicked(self) -> None:
        if self.records.current is not None:
            self.discard(self.records.current)

    def discard(self, session: Session) -> None:
        """Let go of a record whose file is gone, its unsaved edits with it."""
        session.outside_change = None
        self.record_gone.emit(session, f"{session.label} is gone; your edits to it were discarded.")
        self.update_bar()

    def _on_bar_diff_clicked(self) -> None:
        session = self.records.current
        if session is None:
            return
        try:
            with open(session.path, "rb") as handle:
                disk = handle.read().decode("utf-8", errors="replace")
        except OSError:
            disk = ""
        mine = session.doc.to_bytes().decode("utf-8", errors="replace")
        dialog = DiffDialog(unified_diff(disk, mine, os.path.basename(session.path)),
                            f"Changes: {os.path.basename(session.path)}", self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self.dialogs.remove(dialog) if dialog in self.dialogs else None)
        self.dialogs.append(dialog)
        dialog.show()

    def close_dialogs(self) -> None:
        """Close the diff windows still open (the window is closing)."""
        for dialog in list(self.dialogs):
            dialog.close()


def bar_name(session: Session) -> str:
    """A record named in a bar: its title in bold, its file name after it."""
    name = html.escape(session.name)
    return f"<b>{html.escape(session.title)}</b> ({name})" if session.title else f"<b>{name}</b>"
