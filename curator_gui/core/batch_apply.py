"""Writing a planned change to many files, and undoing it: the only place that applies a
:class:`~curator_gui.core.batch.BatchPlan`.

Every file is replaced atomically (a temporary file beside it, renamed over it), and only if it still holds
the bytes the plan read: a file that changed on disk since, vanished, became read-only or cannot be read is
skipped and named, never overwritten. Durability is planned per batch rather than per file, because an fsync
per file costs more than all the rest of a large batch together. Files go in chunks of :data:`CHUNK_FILES`:

1. each file's new content is written to a temporary file beside it (a file made read-only since is skipped);
2. one ``syncfs`` per file system makes all of the chunk's temporary files durable (an fsync per file where
   ``syncfs`` is missing);
3. under the folder's lock, each file is checked again and its temporary file renamed over it;
4. each folder touched is fsynced once, so that the renames are durable too.

A crash (or power cut) during 1 or 2 leaves every file of the chunk as it was, plus temporary files that the
next listing of the folder removes; during 3, each file is either the old one or the complete new one (its
content was on disk before the rename); during 4, a rename may be lost, giving back the complete old file. No
step can leave a file half-written or empty.

:func:`apply_plan` writes a plan made beforehand (a preview); :func:`plan_and_apply` writes each change as soon
as it is planned, staging files while worker processes plan the next ones (the command line's way).
``cancelled()`` is asked before each file is staged and before each rename: a cancelled run discards what it
staged, so every file is either untouched or fully changed, and the result's undo record names exactly the
files that changed. :func:`undo_batch` puts back the bytes each of those files had, unless a file changed
again since (then it is named and left as it is).
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import Callable

from curator_gui.core.batch import BatchPlan, FileChange, Skipped, write_protection

#: Files staged (temporary files open and locked) before one sync and their renames.
CHUNK_FILES = 256


@dataclass(frozen=True)
class UndoEntry:
    """One changed file: the bytes it had before (``before``) and the bytes the batch wrote (``after``)."""

    path: str
    before: bytes
    after: bytes


@dataclass(frozen=True)
class UndoRecord:
    """What a batch changed, enough to put it back (see :func:`undo_batch`)."""

    title: str
    entries: tuple[UndoEntry, ...] = ()

    @property
    def paths(self) -> list[str]:
        return [entry.path for entry in self.entries]

    def plan(self) -> BatchPlan:
        """The change that restores every file, as a plan (a preview of an undo shows its diffs)."""
        from curator_gui.core.document import FileStamp

        changes = [FileChange(entry.path, FileStamp.of_bytes(entry.after, None), entry.after, entry.before)
                   for entry in self.entries]
        return BatchPlan(f"Undo {self.title}", changes,
                         conflict="it changed on disk after the change that is being undone")


@dataclass
class BatchResult:
    """What :func:`apply_plan` did. ``written`` and ``undo`` name the files that changed; ``skipped`` holds the
    plan's skipped files and those found changed or unwritable while applying; ``not_reached`` the planned
    files left untouched because the run was cancelled."""

    title: str
    written: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_reached: list[str] = field(default_factory=list)
    cancelled: bool = False
    undo: UndoRecord = field(default_factory=lambda: UndoRecord(""))

    @property
    def complete(self) -> bool:
        """True when every planned change was written (nothing skipped, nothing cancelled)."""
        return not self.skipped and not self.cancelled


def apply_plan(plan: BatchPlan, *, progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None, chunk_files: int = CHUNK_FILES) -> BatchResult:
    """Write ``plan`` (see the module docstring for the order of work and what a crash leaves).

    ``progress(done, total)`` counts the planned files prepared or skipped so far; ``cancelled()`` is asked
    between files and stops the run when it returns True. Runs in the calling thread (a window calls it from a
    background thread; the callbacks are called from that thread). Never raises for a file's fault: such a
    file is skipped with a sentence. A ``KeyboardInterrupt`` leaves each file untouched or fully changed.
    """
    writer = BatchWriter(plan.title, plan.conflict, total=len(plan.changes), progress=progress,
                         cancelled=cancelled, chunk_files=chunk_files)
    try:
        for change in plan.changes:
            if not writer.add(change):
                break
    except BaseException:  # Ctrl+C: what is staged is removed, what is renamed stays whole
        writer.abort()
        raise
    return _with_plan(writer.finish(), plan)


def plan_and_apply(paths, operation, *, now=None, progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None, workers: int | None = None,
                   start_method: str | None = None) -> tuple[BatchPlan, BatchResult]:
    """Plan ``operation`` over ``paths`` and write each change as soon as it is planned, without a preview (the
    command line's way): the files are staged while worker processes plan the next ones, so the writing costs
    little more than the planning. Same guarantees, callbacks and result as :func:`apply_plan`, whose
    ``progress`` here counts files planned."""
    from curator_gui.core.batch import plan_batch

    writer = BatchWriter(operation.describe(), total=0, cancelled=cancelled)
    try:
        plan = plan_batch(paths, operation, now=now, progress=progress, workers=workers, start_method=start_method,
                          cancelled=lambda: writer.result.cancelled or bool(cancelled and cancelled()),
                          on_change=writer.add)
    except BaseException:
        writer.abort()
        raise
    return plan, _with_plan(writer.finish(), plan)


def undo_batch(record: UndoRecord, *, progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> BatchResult:
    """Put back every file ``record`` names, unless it changed since the batch wrote it (then it is skipped
    and named). The result's own undo record redoes the change."""
    return apply_plan(record.plan(), progress=progress, cancelled=cancelled)


def _with_plan(result: BatchResult, plan: BatchPlan) -> BatchResult:
    """The result completed with what only the plan knows: its skipped and unchanged files, the files not
    reached."""
    result.skipped[:0] = plan.skipped
    result.unchanged = list(plan.unchanged)
    settled = set(result.written) | {item.path for item in result.skipped}
    result.not_reached = [change.path for change in plan.changes if change.path not in settled]
    return result


class BatchWriter:
    """Writes changes one by one as they are given: each is staged beside its file, and every ``chunk_files``
    files (and at :meth:`finish`) the staged files are synced together and renamed into place (see the module
    docstring). Used from one thread."""

    def __init__(self, title: str, conflict: str = "it changed on disk since it was read", *, total: int = 0,
                 progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None,
                 chunk_files: int = CHUNK_FILES):
        self.result = BatchResult(title)
        self._conflict = conflict
        self._total = total
        self._progress = progress
        self._cancelled = cancelled
        self._chunk = max(1, chunk_files)
        self._staged: list = []
        self._entries: list[UndoEntry] = []
        self._done = 0

    def add(self, change: FileChange) -> bool:
        """Stage ``change`` (or skip it with a reason); False once the run is cancelled (nothing is staged)."""
        from curator_gui.core.atomicfile import stage_write
        from curator_gui.core.errors import CuratorError

        if self.result.cancelled or (self._cancelled and self._cancelled()):
            self.result.cancelled = True
            return False
        # The check against the plan that counts is the one just before the rename (under the folder's lock);
        # a file made read-only since planning is refused here.
        reason = write_protection(change.path)
        if reason:
            self.result.skipped.append(Skipped(change.path, reason))
        else:
            try:
                self._staged.append((change, stage_write(change.path, change.after)))
            except CuratorError as exc:
                self.result.skipped.append(Skipped(change.path, _write_failure(change.path, exc)))
        self._done += 1
        if self._progress:
            self._progress(self._done, self._total)
        if len(self._staged) >= self._chunk:
            self._flush()
        return not self.result.cancelled

    def finish(self) -> BatchResult:
        """Write what is staged (nothing when cancelled) and return the result with its undo record."""
        try:
            if not self.result.cancelled:
                self._flush()
        finally:
            self.abort()
        return self.result

    def abort(self) -> None:
        """Remove what is staged and not yet renamed (files already renamed stay whole and in the undo record)."""
        staged, self._staged = self._staged, []
        for _, item in staged:
            item.discard()
        self.result.undo = UndoRecord(self.result.title, tuple(self._entries))

    def _flush(self) -> None:
        from curator_gui.core.atomicfile import sync_staged

        staged, self._staged = self._staged, []
        try:
            if not staged:
                return
            try:
                sync_staged(item for _, item in staged)
            except OSError as exc:
                for change, _ in staged:
                    self.result.skipped.append(Skipped(change.path, f"could not be written: {exc.strerror or exc}"))
                return
            self._commit(staged)
        finally:
            for _, item in staged:
                item.discard()  # nothing for a file already renamed into place

    def _commit(self, staged) -> None:
        """Check each file again and rename its new content into place, folder by folder under the folder's
        lock; then fsync each folder."""
        from curator_gui.core.atomicfile import folder_lock, fsync_folder
        from curator_gui.core.errors import CuratorError

        result = self.result
        by_folder: dict = {}
        for change, item in staged:
            by_folder.setdefault(item.target.parent, []).append((change, item))
        for folder, items in by_folder.items():
            try:
                with folder_lock(folder, items[0][1].shown):
                    for change, item in items:
                        if self._cancelled and self._cancelled():
                            result.cancelled = True
                            break
                        reason = _stale(change, self._conflict)
                        if reason:
                            result.skipped.append(Skipped(change.path, reason))
                            continue
                        try:
                            item.commit()
                        except OSError as exc:
                            result.skipped.append(Skipped(change.path,
                                                          f"could not be written: {exc.strerror or exc}"))
                            continue
                        result.written.append(change.path)
                        self._entries.append(UndoEntry(change.path, change.before, change.after))
            except CuratorError as exc:  # the folder's lock could not be had in time
                for change, item in items:
                    if item.fd is not None:
                        result.skipped.append(Skipped(change.path, _write_failure(change.path, exc)))
            finally:
                fsync_folder(folder)
            if result.cancelled:
                return


def _stale(change: FileChange, conflict: str) -> str:
    """Why the file no longer holds the bytes the change was planned from ('' when it does)."""
    from curator_gui.core.files import read_regular_file
    from curator_gui.core.folderlist import unreadable_reason

    try:
        data, _info = read_regular_file(change.path)
    except FileNotFoundError:
        if os.path.islink(change.path):
            return f"it cannot be read any more: {unreadable_reason(change.path, FileNotFoundError())}"
        return "it was deleted since it was read"
    except OSError as exc:
        return f"it cannot be read any more: {unreadable_reason(change.path, exc)}"
    if len(data) != change.stamp.size or hashlib.sha256(data).hexdigest() != change.stamp.sha256:
        return conflict
    return ""


def _write_failure(path: str, exc: Exception) -> str:
    message = str(exc).removeprefix(f"cannot save {path}: ")
    return f"could not be written: {message}"
