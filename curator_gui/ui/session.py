"""One open record: its core Document, its undo stack, and its current problems.

Every change goes through an undo command that swaps whole (data, body) states, so undo and redo are exact and
derived fields come back with their source. Edits of one field in a row merge into one step (typing a title is
one undo step, not one per key). The form never writes to the document itself; it calls :meth:`Session.edit`.
"""
from __future__ import annotations

import hashlib
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from curator_gui.core.derive import propagate
from curator_gui.core.document import Document
from curator_gui.core.fieldpath import delete_in, get_in, join_path, set_in
from curator_gui.core.files import read_regular_file
from curator_gui.core.index import display_text
from curator_gui.core.merge import rebase
from curator_gui.core.problems import Problem
from curator_gui.core.saving import changed_on_disk, save_document
from curator_gui.core import topic_edits
from curator_gui.core.values import clone, same_value

_MISSING = object()
_FIELD_EDIT_ID = 1001
#: Longest title a message quotes in full.
_LABEL_TITLE = 60


def record_label(title: str, name: str) -> str:
    """'“Title” (file.md)', a long title cut at a word; the file name alone when there is no title."""
    if not title:
        return name
    if len(title) > _LABEL_TITLE:
        title = title[:_LABEL_TITLE].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return f"“{title}” ({name})"


class _State:
    """A full (data, body) state of a record, owned by one command (never shared with the document)."""

    __slots__ = ("data", "body")

    def __init__(self, data: dict, body: str):
        self.data = data
        self.body = body


class ChangeCommand(QUndoCommand):
    """Replace the record's state; ``merge_key`` lets consecutive edits of one field fold into one step.
    ``side``: what the step does beside the record (an image file written or removed), an object with ``redo()``
    and ``undo()`` called before the record changes, so the record is checked against the files as they are."""

    def __init__(self, session: "Session", before: _State, after: _State, text: str, keys: set[str],
                 merge_key: str | None = None, side=None):
        super().__init__(text)
        self.session = session
        self.before = before
        self.after = after
        self.keys = keys
        self.merge_key = merge_key
        self.side = side

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _FIELD_EDIT_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not isinstance(other, ChangeCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        self.keys |= other.keys
        if same_value(self.before.data, self.after.data) and self.before.body == self.after.body:
            self.setObsolete(True)  # typed and deleted back to where it was: no step at all
        return True

    def redo(self) -> None:
        if self.side is not None:
            self.side.redo()
        self.session._apply(self.after, self.keys)

    def undo(self) -> None:
        if self.side is not None:
            self.side.undo()
        self.session._apply(self.before, self.keys)


class Session(QObject):
    """See the module docstring. ``validator(doc) -> [Problem]`` supplies the folder-aware checks."""

    changed = Signal(object)  # set of dotted keys touched, or None for "everything"
    modified_changed = Signal(bool)
    problems_changed = Signal(object)
    reloaded = Signal()

    def __init__(self, doc: Document, validator: Callable[[Document], list[Problem]],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.doc = doc
        self.validator = validator
        self.undo_stack = QUndoStack(self)
        self.problems: list[Problem] = []
        #: conflicts from a fetch, waiting for the curator in the review panel
        self.pending_review: list = []
        #: what that fetch filled into empty fields meanwhile (``review.Filled``), taken back by "Keep mine"
        self.review_fills: list = []
        self.review_source = ""
        #: who the page under review says wrote it (its byline): information, never a value for ``author``
        self.review_byline: list[str] = []
        #: the record's own source when the page under review is another one ('' otherwise)
        self.review_other_source = ""
        #: fetches under way for this record (it stays in memory until they land)
        self.fetches = 0
        #: the disk content the curator chose to overwrite ("Keep mine"), as a SHA-256
        self.kept_over: str | None = None
        #: an outside change not acted on yet ("changed" or "deleted")
        self.outside_change: str | None = None
        #: set when the window lets the record go; a late result for it is then dropped
        self.closed = False
        self._modified = doc.is_modified
        self.revalidate()

    # --- state --------------------------------------------------------------------------------------------

    @property
    def path(self) -> str:
        return str(self.doc.path)

    @property
    def read_only(self) -> bool:
        return self.doc.read_only

    @property
    def name(self) -> str:
        """The file's name."""
        return self.doc.path.name if self.doc.path is not None else ""

    @property
    def title(self) -> str:
        """The record's title as one line ('' when it has none, or cannot be read)."""
        if self.doc.read_only or not isinstance(self.doc.data, dict):
            return ""
        return " ".join(display_text(self.doc.data.get("title")).split())

    @property
    def label(self) -> str:
        """How messages name the record: its title, with the file name as the secondary part."""
        return record_label(self.title, self.name)

    @property
    def is_modified(self) -> bool:
        return self._modified

    @property
    def busy(self) -> bool:
        """True while the record must stay in memory even if it has no unsaved edits."""
        return bool(self.fetches or self.pending_review or self.undo_stack.count())

    def value(self, path: tuple, default: Any = _MISSING) -> Any:
        return get_in(self.doc.data, path, default)

    def original(self, path: tuple, default: Any = _MISSING) -> Any:
        return get_in(self.doc.original_data, path, default)

    # --- edits ---------------------------------------------------------------------------------------------

    def edit(self, path: tuple, value: Any, *, empty: bool = False, merge: bool = True,
             text: str | None = None) -> bool:
        """Set one field (derived fields follow). ``empty=True``: the curator emptied the field, so a value
        the file never had (absent or null) comes back instead of an empty one. Returns False if nothing
        changed."""
        if self.read_only:
            return False
        data = self.doc.data
        after = clone(data)
        original = self.original(path)
        if empty and (original is _MISSING or original is None):
            if original is _MISSING:
                delete_in(after, path)
                _prune(after, self.doc.original_data, path[:-1])
            else:
                set_in(after, path, None)
        else:
            set_in(after, path, clone(value))
        if same_value(after, data):
            return False
        derived = propagate(data, after)
        key = join_path(path)
        keys = {key} | {join_path(p) for p in derived}
        self._push(after, self.doc.body, text or f"Edit {key}", keys, key if merge else None)
        return True

    def set_body(self, body: str) -> bool:
        if self.read_only or body == self.doc.body:
            return False
        self._push(clone(self.doc.data), body, "Edit body", {"body"}, "body")
        return True

    def replace(self, data: dict, text: str, body: str | None = None, *, side=None) -> bool:
        """Replace the whole front matter (a fetch merge, a plain article made a curation) as one step.
        ``side``: a change of files beside the record that is part of the step (see :class:`ChangeCommand`);
        with one, the step is made even when the front matter stays the same."""
        if self.read_only:
            return False
        body = self.doc.body if body is None else body
        if same_value(data, self.doc.data) and body == self.doc.body and side is None:
            return False
        self._push(clone(data), body, text, None, None, side)
        return True

    def set_topics(self, topics: list[str], text: str = "Edit topics") -> bool:
        """Make the record's topics ``topics``, written in its own shape (an older record's ``communityTopics``
        and tracker topics together; a current record's ``categories`` and the lists that follow them), as one
        undo step. False when nothing changed."""
        if self.read_only:
            return False
        return self.replace(topic_edits.set_topics(self.doc.data, topics), text)

    def convert_topics(self) -> bool:
        """Move an older record's topics to the current fields (one undo step); False for a record that keeps
        them there already."""
        after = None if self.read_only else topic_edits.convert_to_current(self.doc.data)
        return after is not None and self.replace(after, "Convert to current topic fields")

    def revert(self) -> bool:
        """Back to the file as it is on disk, as an undoable step (nothing is lost)."""
        if not self._modified:
            return False
        return self.replace(clone(self.doc.original_data), "Revert", self.doc.original_body)

    def _push(self, data: dict, body: str, text: str, keys: set[str] | None, merge_key: str | None,
              side=None) -> None:
        before = _State(clone(self.doc.data), self.doc.body)
        self.undo_stack.push(ChangeCommand(self, before, _State(data, body), text, keys, merge_key, side))

    def _apply(self, state: _State, keys: set[str] | None) -> None:
        """Called by commands only."""
        self.doc.data = clone(state.data)
        self.doc.body = state.body
        self._after_change(keys)

    def _after_change(self, keys: set[str] | None) -> None:
        self.revalidate()
        self.changed.emit(set(keys) if keys is not None else None)
        self._update_modified()

    def _update_modified(self) -> None:
        modified = self.doc.is_modified
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)

    def revalidate(self) -> None:
        self.problems = self.validator(self.doc)
        self.problems_changed.emit(self.problems)

    # --- disk ----------------------------------------------------------------------------------------------

    def save(self, path: str | None = None, *, force: bool = False) -> bool:
        """Write through the core's lossless save (raises its errors). False when nothing needed writing."""
        written = save_document(self.doc, path, force=force)
        self.kept_over = None
        self.outside_change = None
        self._after_change(None)
        return written

    def changed_on_disk(self) -> bool:
        return changed_on_disk(self.doc)

    def disk_digest(self) -> str | None:
        """SHA-256 of the file as it is on disk now; None when it cannot be read as a file (gone, a pipe)."""
        try:
            data, _stat = read_regular_file(self.doc.path)
        except OSError:
            return None
        return hashlib.sha256(data).hexdigest()

    def reload(self) -> None:
        """Read the file again. Unsaved edits become an undoable step ("Reload from disk") rather than vanish:
        undoing it puts the curator's edits back on top of the new file (their fields win; fields they did not
        touch keep the other program's change)."""
        fresh = Document.load(self.doc.path)
        had_edits = self._modified
        if had_edits and not fresh.read_only:
            before = _State(rebase(self.doc.original_data, self.doc.data, fresh.data),
                            self.doc.body if self.doc.body != self.doc.original_body else fresh.body)
        else:
            before = _State(clone(self.doc.data), self.doc.body)
        self.doc = fresh
        self.outside_change = None
        self.kept_over = None
        if had_edits and not fresh.read_only:
            # The stack keeps whole states, so undoing this step brings the curator's edits back onto the
            # new file (the save after it then splices against what is now on disk).
            after = _State(clone(fresh.data), fresh.body)
            command = ChangeCommand(self, before, after, "Reload from disk", None, None)
            self.undo_stack.push(command)
        else:
            self.undo_stack.clear()
            self._after_change(None)
        self.reloaded.emit()


def _prune(after: dict, original: dict, path: tuple) -> None:
    """Remove maps emptied by a clear that the file did not have (or had as null) before."""
    while path:
        value = get_in(after, path, _MISSING)
        if not (isinstance(value, dict) and not value):
            return
        before = get_in(original, path, _MISSING)
        if before is _MISSING:
            delete_in(after, path)
        elif before is None:
            set_in(after, path, None)
        else:
            return
        path = path[:-1]
