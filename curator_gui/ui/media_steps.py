"""The image files an undo step changes beside its record: the only place that undoes and redoes them with the record.

A step that stores an image (downloaded, copied from a file, or the fetched one the curator picked) has written
its file when it is pushed; undoing it removes a file it created (or puts back the bytes it replaced), redoing it
stores the image again. A step that removes an image takes its file away; undoing it puts the file back.

A file is never removed while something still names it: another record of the folder (then it stays), or this
record as saved on disk when that save came after the file was there (a record saved with the image the step
stored, or one naming a file the step removes). Such a removal waits for the next save of the record that no
longer names the file, so that discarding the edit leaves the saved record with its file. The work happens
inside undo and redo on the GUI thread (one image file read, written or removed), so the record and its files
change together, step by step.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from curator_gui.core.errors import CuratorError
from curator_gui.core.media.record import recorded_image
from curator_gui.core.media.store import (RemovedImage, StoredImage, referenced_image_names, remove_image_file,
                                          restore_removed, store_image, undo_store)


class ImageFiles:
    """What the image steps of a window share: who else names a file (``others(session)``: the names the other
    records of its folder use), whom to tell that files changed (``changed(session, paths)``), where failures are
    said (``report(message)``), and the removals waiting for a save."""

    def __init__(self, others: Callable[[object], set[str]], changed: Callable[[object, list[Path]], None],
                 report: Callable[[str], None]):
        self.others = others
        self.changed = changed
        self.report = report
        self._waiting: list = []
        self._saves: dict = {}  # how often each record was saved in this window

    def saves(self, session) -> int:
        """How many times ``session`` was saved so far (a step notes it when it writes its file)."""
        return self._saves.get(session, 0)

    def saved_names(self, session) -> set[str]:
        """The image files the record names as it is saved on disk."""
        if session.read_only or not isinstance(session.doc.original_data, dict):
            return set()
        return referenced_image_names([session.doc.original_data])

    def wait(self, change) -> None:
        if change not in self._waiting:
            self._waiting.append(change)

    def unwait(self, change) -> None:
        if change in self._waiting:
            self._waiting.remove(change)

    def waiting_for(self, session) -> list:
        """The removals waiting for ``session``'s next save."""
        return [change for change in self._waiting if change.session is session]

    def settle(self, session) -> None:
        """After ``session`` was saved: do the removals that waited for the saved record to stop naming a file."""
        self._saves[session] = self._saves.get(session, 0) + 1
        for gone in [s for s in self._saves if s.closed]:
            del self._saves[gone]
        self._waiting = [change for change in self._waiting if not change.session.closed]
        for change in self.waiting_for(session):
            change.settle()


def _md_of(stored: StoredImage) -> Path:
    """The curation a stored image was named after (its name without ``-<kind>.<ext>``, plus ``.md``)."""
    name = stored.path.name
    return stored.path.with_name(name[: name.rindex(f"-{stored.kind}.")] + ".md")


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


class StoreChange:
    """The file side of a step that stored an image (see the module docstring)."""

    def __init__(self, files: ImageFiles, session, stored: StoredImage):
        self.files = files
        self.session = session
        self.stored = stored
        self.applied = True  # the file is written before the step is pushed: the first redo has nothing to do
        self.undone = False  # undo changed the file (removed it, or put the replaced bytes back)
        self.waiting = False  # the removal waits for a save
        self.saves_then = files.saves(session)  # the record's saves when the file was written

    def redo(self) -> None:
        if self.applied:
            return
        self.applied = True
        if self.waiting:
            self.waiting = False
            self.files.unwait(self)
            return
        if not self.undone:
            return
        self.undone = False
        stored = self.stored
        try:
            if stored.replaced:
                if _read(stored.path) != stored.previous:
                    self.files.report(f"{stored.href} changed meanwhile; it was not replaced again")
                    return
                self.stored = store_image(_md_of(stored), stored.kind, stored.data, stored.facts, force=True,
                                          source=stored.source)
            else:
                self.stored = store_image(_md_of(stored), stored.kind, stored.data, stored.facts,
                                          source=stored.source)
        except CuratorError as error:
            self.files.report(f"the image was not stored again: {error}")
            return
        self.saves_then = self.files.saves(self.session)
        self.files.changed(self.session, [stored.path])

    def undo(self) -> None:
        self.applied = False
        stored = self.stored
        if not stored.changed:
            return
        if not stored.replaced:
            if stored.href in self.files.others(self.session):
                return  # another record names the file: it stays
            saved_since = self.files.saves(self.session) != self.saves_then
            if saved_since and stored.href in self.files.saved_names(self.session):
                self.waiting = True
                self.files.wait(self)
                return
        self._undo_file(() if stored.replaced else self.files.others(self.session))

    def settle(self) -> None:
        """The record was saved: remove the file now unless something still names it."""
        if self.applied or not self.waiting:
            return
        if self.stored.href in self.files.saved_names(self.session):
            return
        self.waiting = False
        self.files.unwait(self)
        self._undo_file(self.files.others(self.session))

    def _undo_file(self, others) -> None:
        try:
            self.undone = undo_store(self.stored, referenced=others)
        except CuratorError as error:
            self.files.report(str(error))
            return
        if self.undone:
            self.files.changed(self.session, [self.stored.path])


class RemoveChange:
    """The file side of a step that removed a record's image (see the module docstring)."""

    def __init__(self, files: ImageFiles, session, path: Path):
        self.files = files
        self.session = session
        self.path = Path(path)
        self.applied = False
        self.waiting = False
        self.removed: RemovedImage | None = None

    def redo(self) -> None:
        self.applied = True
        name = self.path.name
        if name in self.files.others(self.session):
            return
        if name in self.files.saved_names(self.session):
            self.waiting = True
            self.files.wait(self)
            return
        self._remove()

    def undo(self) -> None:
        self.applied = False
        if self.waiting:
            self.waiting = False
            self.files.unwait(self)
            return
        removed, self.removed = self.removed, None
        if removed is None:
            return
        try:
            restore_removed(removed)
        except CuratorError as error:
            self.files.report(f"{removed.path.name} was not put back: {error}")
            return
        self.files.changed(self.session, [removed.path])

    def settle(self) -> None:
        """The record was saved: remove the file now unless something still names it."""
        if not self.applied or not self.waiting or self.path.name in self.files.saved_names(self.session):
            return
        self.waiting = False
        self.files.unwait(self)
        if self.path.name not in self.files.others(self.session):
            self._remove()

    def _remove(self) -> None:
        try:
            self.removed = remove_image_file(self.path, self.files.others(self.session))
        except CuratorError as error:
            self.files.report(str(error))
            return
        if self.removed is not None:
            self.files.changed(self.session, [self.path])


def local_image_path(session, kind: str) -> Path | None:
    """The file beside the record that its ``kind`` image names (None when it names none, or an address)."""
    if session.read_only or session.doc.path is None:
        return None
    image = recorded_image(session.doc.data, kind)
    if not image.is_local or "/" in image.href or "\\" in image.href:
        return None
    return session.doc.path.parent / image.href
