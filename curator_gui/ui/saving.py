"""Saving records: Save, Save As, Save All, Revert, a file changed on disk meanwhile, and unsaved records at the end.

Every save goes through the core's lossless save (only changed entries' lines change; atomic). When the file
changed on disk since it was read, the curator chooses Reload (their edits stay one Undo away) or Overwrite;
when it was deleted, Save Again or Close; in both cases unless they already chose to keep their version over
exactly that. A write-protected file is made writable only when the curator says so. A file that cannot be
parsed is never written. ``saved`` tells the rest of the window (list row, index, header) what changed.
"""
from __future__ import annotations

import os
import stat

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from curator_gui.core.errors import CuratorError, ReadOnlyError, SaveConflictError, WriteProtectedError
from curator_gui.ui import prompts as answers
from curator_gui.ui.outside import OutsideChanges
from curator_gui.ui.prompts import Prompts
from curator_gui.ui.records import RecordStore
from curator_gui.ui.session import Session


class SaveController(QObject):
    """See the module docstring. Questions are asked over ``window``."""

    saved = Signal(object, str, bool)  # session, its path before (differs after Save As), whether bytes were written
    announced = Signal(str, int)  # a status-bar message and how long it stays (ms)

    def __init__(self, records: RecordStore, prompts: Prompts, outside: OutsideChanges, window: QWidget):
        super().__init__(window)
        self.records = records
        self.prompts = prompts
        self.outside = outside
        self.window = window

    def save_current(self) -> bool:
        """Save the open record. True when saved (or there was nothing to write)."""
        return self.records.current is not None and self.save(self.records.current)

    def save_current_as(self) -> bool:
        """Save the open record under a name the curator chooses; the record then lives there."""
        session = self.records.current
        if session is None or session.read_only:
            return False
        target = self.prompts.choose_save_path(self.window, session.path)
        return bool(target) and self.save(session, os.path.abspath(target))

    def save_all(self) -> bool:
        """Save every record with unsaved edits; False if any could not be saved."""
        ok = True
        for session in self.records.dirty():
            ok = self.save(session) and ok
        return ok

    def revert_current(self) -> None:
        """Back to the file on disk, as one undoable step."""
        if self.records.current is not None and self.records.current.revert():
            self.announced.emit("Reverted to the file on disk; Undo brings your edits back", 6000)

    def settle_unsaved(self) -> bool:
        """Before the records are let go: Save All / Discard / Cancel, asked once. True to go on."""
        dirty = self.records.dirty()
        if not dirty:
            return True
        answer = self.prompts.unsaved_on_close(self.window, [s.label for s in dirty])
        if answer == answers.SAVE_ALL:
            return self.save_all()
        return answer == answers.DISCARD

    def save(self, session: Session, path: str | None = None) -> bool:
        """Save through the core's lossless save, handling a file changed on disk, deleted, or write-protected.
        True when saved."""
        name = session.label
        if session.read_only:
            self.announced.emit(f"{name} is read-only: it could not be read, so it is never written", 8000)
            return False
        old_path = session.path
        force = False
        while True:
            try:
                written = session.save(path, force=force)
                break
            except SaveConflictError:
                answer = self._settle_conflict(session, name)
                if answer is None:
                    return False
                force = True
            except WriteProtectedError as error:
                if not self._make_writable(session, error, name):
                    return False
            except ReadOnlyError as error:
                self.prompts.error(self.window, "Not saved", str(error))
                return False
            except (CuratorError, OSError, ValueError) as error:
                self.prompts.error(self.window, "Not saved", str(error))
                return False
        if session.path != old_path:
            self.records.renamed(session, old_path)
        self.outside.update_bar()  # a change or a deletion from outside is settled by the save
        self.saved.emit(session, old_path, written)
        self.announced.emit(saved_text(session, written, name), 8000 if session_errors(session) else 4000)
        return True

    def _settle_conflict(self, session: Session, name: str) -> bool | None:
        """The file changed (or vanished) since it was read: True to overwrite (or write it again), None when
        the save stops here (Cancel, Reload, or the record closed)."""
        gone = not os.path.lexists(session.path)
        if session.kept_over is not None and session.kept_over == (session.disk_digest() or ""):
            return True  # the curator already chose to keep their version over exactly this (or over its loss)
        if gone:
            answer = self.prompts.deleted_on_save(self.window, name)
            if answer == answers.CLOSE:
                self.outside.discard(session)
            return True if answer == answers.RECREATE else None
        answer = self.prompts.save_conflict(self.window, name)
        if answer == answers.RELOAD:
            self.outside.reload(session)
        return True if answer == answers.OVERWRITE else None

    def _make_writable(self, session: Session, error: WriteProtectedError, name: str) -> bool:
        """Offer to make a write-protected file writable; True when it now is (the save goes on)."""
        if self.prompts.write_protected(self.window, name) != answers.MAKE_WRITABLE:
            return False
        target = os.path.realpath(error.path or session.path)
        try:
            os.chmod(target, os.stat(target).st_mode | stat.S_IWUSR)
        except OSError as failure:
            self.prompts.error(self.window, "Not saved", f"{target}: cannot make it writable: "
                                                         f"{failure.strerror or failure}")
            return False
        return True


def session_errors(session: Session) -> int:
    """How many errors the record has."""
    return sum(p.severity == "error" for p in session.problems)


def saved_text(session: Session, written: bool, name: str) -> str:
    """The status-bar message after a save: saved (or nothing to save), and a record's errors said, not hidden."""
    text = f"Saved {session.label}" if written else f"{name}: nothing to save"
    errors = session_errors(session)
    if errors:
        text += f"; it still has {errors} error{'s' * (errors != 1)} (see Problems)"
    return text
