"""The records held in memory: which sessions exist, which one is open, which may be let go, how they are validated.

A record stays in memory while it has unsaved edits, a fetch under way or fetched values waiting for review,
and (up to a limit) while it has undo history, so coming back to it still undoes. Everything else is let go
when the curator moves on; it is read again from disk when reopened.
"""
from __future__ import annotations

import os
from typing import Callable, Iterator

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoGroup

from curator_gui.core.config import DEFAULT_CONFIG, CuratorConfig
from curator_gui.core.document import Document
from curator_gui.core.offerings import FolderOfferings, offering_problems
from curator_gui.core.problems import Problem
from curator_gui.core.validate import clean_source_url, validate_document
from curator_gui.ui.session import Session

#: Clean records kept in memory only for their undo history, beyond the open one.
MAX_IDLE = 20


class FolderChecks:
    """Validation of one record exactly as the command line does it, with what the folder knows: its
    configuration (``config``), the files beside it (is the featured image there?), the other curations'
    sources (is this one a duplicate?, naming the others by their titles, which ``title_of(path)`` knows) and
    the offerings the folder uses (``offerings``: is an offering id written otherwise elsewhere?)."""

    def __init__(self, paths_with_clean_url: Callable[[str], list[str]],
                 title_of: Callable[[str], str] = lambda path: ""):
        self._paths_with_clean_url = paths_with_clean_url
        self._title_of = title_of
        self._names: dict[str, set[str]] = {}
        #: the open folder's configuration (the defaults until one is read)
        self.config: CuratorConfig = DEFAULT_CONFIG
        #: every offering used in the folder, as last read
        self.offerings = FolderOfferings()

    def forget(self) -> None:
        """The folder changed: list it again at the next check."""
        self._names.clear()

    def __call__(self, doc: Document) -> list[Problem]:
        folder = str(doc.path.parent) if doc.path else ""
        names = self._names.get(folder)
        if names is None and folder:
            try:
                names = set(os.listdir(folder))
            except OSError:
                names = set()
            self._names[folder] = names
        others: list[str] = []
        if doc.error is None and doc.path is not None:
            me = str(doc.path)
            others = sorted(p for p in self._paths_with_clean_url(clean_source_url(doc.data)) if p != me)
        titles = {other: self._title_of(other) for other in others[:4]}
        problems = validate_document(doc, sibling_names=names, config=self.config, duplicates=others, titles=titles)
        problems += offering_problems(doc, self.offerings, self.config)
        return sorted(problems, key=lambda p: (p.line, p.column))


class RecordStore(QObject):
    """Sessions by path, and the open one; see the module docstring. ``created`` lets the window's parts connect
    a new session."""

    created = Signal(object)  # Session

    def __init__(self, validator: Callable[[Document], list[Problem]], undo_group: QUndoGroup,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.validator = validator
        self.undo_group = undo_group
        self.sessions: dict[str, Session] = {}
        #: the record open in the window (None: none is)
        self.current: Session | None = None
        self._idle: list[str] = []

    def __iter__(self) -> Iterator[Session]:
        return iter(list(self.sessions.values()))

    def get(self, path: str) -> Session | None:
        """The session of ``path`` when it is in memory."""
        return self.sessions.get(path)

    def paths(self) -> list[str]:
        """The files of the records in memory."""
        return list(self.sessions)

    def dirty(self) -> list[Session]:
        """The records with unsaved edits."""
        return [s for s in self.sessions.values() if s.is_modified]

    def add(self, doc: Document) -> Session:
        """A session for ``doc``, registered with the window's undo group."""
        session = Session(doc, self.validator, self)
        self.undo_group.addStack(session.undo_stack)
        self.sessions[session.path] = session
        self.created.emit(session)
        return session

    def make_current(self, session: Session) -> None:
        """``session`` is now the open record; the one open before is retired (kept only while it matters)."""
        previous, self.current = self.current, session
        if previous is not None and previous is not session and not previous.closed:
            self.retire(previous)
        self.in_use(session)

    def close(self, session: Session) -> None:
        """Let a record go (its late results are dropped from now on)."""
        if self.current is session:
            self.current = None
        session.closed = True
        self.sessions.pop(session.path, None)
        if session.path in self._idle:
            self._idle.remove(session.path)
        self.undo_group.removeStack(session.undo_stack)
        session.deleteLater()

    def close_all(self) -> None:
        """Let every record go (another folder is opened)."""
        self.current = None
        for session in self:
            self.close(session)

    def renamed(self, session: Session, old_path: str) -> None:
        """The record now lives at ``session.path`` (Save As)."""
        self.sessions.pop(old_path, None)
        self.sessions[session.path] = session

    def in_use(self, session: Session) -> None:
        """The record is shown: it is not idle."""
        if session.path in self._idle:
            self._idle.remove(session.path)

    def retire(self, session: Session) -> bool:
        """The curator left the record: keep it if it still matters, else let it go. True when let go."""
        if session.is_modified or session.fetches or session.pending_review:
            return False
        if not session.undo_stack.count():
            self.close(session)
            return True
        if session.path not in self._idle:
            self._idle.append(session.path)
        while len(self._idle) > MAX_IDLE:
            oldest = self.sessions.get(self._idle.pop(0))
            if oldest is not None and not (oldest.is_modified or oldest.fetches or oldest.pending_review):
                self.close(oldest)
        return False
