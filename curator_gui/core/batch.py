"""Planning a change to many files: the only place that turns an operation over a set of files into the exact
bytes each file would get, before anything is written.

A :class:`BatchPlan` is data: for each file that changes, a :class:`FileChange` holds the stamp of the bytes it
was read from, those bytes, the new bytes and the fields that differ (a unified diff on demand); files the
operation leaves alone are listed as unchanged and are never written; files that cannot be changed (unreadable,
read-only, refused by the operation, a change that cannot be written losslessly) are :class:`Skipped` with a
sentence. The new bytes come from the lossless splice (:meth:`curator_gui.core.document.Document.to_bytes`,
which already verifies that the new text reads back as the edited values), with ``lastMod`` stamped where a
file has one, one timestamp for the whole batch. :mod:`curator_gui.core.batch_apply` writes a plan.

Planning a large batch runs in worker processes (:mod:`curator_gui.core.workers`), as the folder index does:
reading, splicing and checking a file costs a few milliseconds of CPU, and writing is cheap next to it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from curator_gui.core.document import FileStamp

#: Below this many files, worker processes cost more than they save.
PARALLEL_THRESHOLD = 48
_CHUNK = 32


@dataclass(frozen=True)
class FileChange:
    """One file's planned change: ``after`` replaces ``before`` (read with ``stamp``) at ``path``."""

    path: str
    stamp: FileStamp
    before: bytes
    after: bytes
    fields: tuple[str, ...] = ()  #: dotted names of the entries that change (derived ones and lastMod included)

    def diff(self, label: str | None = None, context: int = 3) -> str:
        """The change as a unified diff (``a/label``, ``b/label`` for a relative label; default: the path); lines end in
        ``\\n`` whatever the file uses, and a BOM is not shown."""
        return unified_diff(self.before, self.after, label or self.path, context)


@dataclass(frozen=True)
class Skipped:
    """A file that is not changed, and why (``line``/``column`` where the reason has a place in the file)."""

    path: str
    reason: str
    line: int = 1
    column: int = 1

    def format(self, shown: str | None = None) -> str:
        """``path:line:col: error: not changed: reason``, the command line's form."""
        return f"{shown or self.path}:{self.line}:{self.column}: error: not changed: {self.reason}"


@dataclass
class BatchPlan:
    """What an operation would do to a set of files; see the module docstring."""

    title: str  #: the operation in words (for a preview, an undo step)
    changes: list[FileChange] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  #: files that need no change (never written)
    skipped: list[Skipped] = field(default_factory=list)
    cancelled: bool = False  #: planning was stopped: the lists cover only the files planned so far
    #: Why a file is skipped when applying finds it no longer as it was read.
    conflict: str = "it changed on disk since it was read"

    def change_for(self, path: str) -> FileChange | None:
        """The planned change of ``path`` (None when it does not change)."""
        return next((change for change in self.changes if change.path == path), None)


def plan_batch(paths: Iterable[str], operation, *, title: str | None = None, now: datetime | None = None,
               progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None,
               workers: int | None = None, start_method: str | None = None,
               on_change: Callable[[FileChange], object] | None = None) -> BatchPlan:
    """Plan ``operation`` (see :mod:`curator_gui.core.batch_ops`) over ``paths``; nothing is written.

    Paths are taken as absolute; two names of one file (a symbolic link and its target) are planned once.
    ``progress(done, total)`` reports files planned; ``cancelled()`` is asked between files (between chunks of
    files in worker processes) and, when it returns True, planning stops with ``cancelled`` set. ``workers``
    (default: the CPU count) and ``start_method`` (a :mod:`multiprocessing` start method) choose the worker
    processes for a large batch; an operation that cannot be pickled is planned in this process. ``on_change``
    gets each change as soon as it is planned (:func:`curator_gui.core.batch_apply.plan_and_apply` writes it
    then). Safe to run in a background thread; the callbacks are called from that thread.
    """
    from curator_gui.core.derive import utc_now

    now = now or utc_now()
    unique = _unique(paths)
    plan = BatchPlan(title or operation.describe())
    total = len(unique)
    done = 0
    for results in _planned(unique, operation, now, workers, start_method, cancelled):
        for path, result in results:
            if isinstance(result, FileChange):
                plan.changes.append(result)
                if on_change is not None:
                    on_change(result)
            elif isinstance(result, Skipped):
                plan.skipped.append(result)
            else:
                plan.unchanged.append(path)
        done += len(results)
        if progress:
            progress(done, total)
    plan.cancelled = done < total
    return plan


def _unique(paths: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for path in paths:
        path = os.path.abspath(path)
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            unique.append(path)
    return unique


class _Stop(Exception):
    pass


def _planned(paths: list[str], operation, now: datetime, workers: int | None, start_method: str | None,
             cancelled: Callable[[], bool] | None):
    """Lists of (path, result), in order, until done or cancelled."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    chunks = [paths[i:i + _CHUNK] for i in range(0, len(paths), _CHUNK)]
    done = 0
    if len(paths) >= PARALLEL_THRESHOLD and workers >= 2 and _picklable(operation):
        import multiprocessing

        from curator_gui.core.workers import WorkersUnavailable, map_chunks

        def check_cancelled() -> None:
            if cancelled and cancelled():
                raise _Stop()

        context = multiprocessing.get_context(start_method) if start_method else None
        try:
            for chunk, results in zip(chunks, map_chunks(_plan_many, chunks, workers=workers, mp_context=context,
                                                         on_crash=_crashed, cancelled=check_cancelled,
                                                         initializer=_init_worker, initargs=(operation, now))):
                yield list(zip(chunk, results))
                done += 1
            return
        except _Stop:
            return
        except WorkersUnavailable:
            pass  # plan the rest here
    for chunk in chunks[done:]:
        for path in chunk:
            if cancelled and cancelled():
                return
            yield [(path, plan_file(path, operation, now))]


def _picklable(operation) -> bool:
    import pickle

    try:
        pickle.dumps(operation)
        return True
    except Exception:  # noqa: BLE001 - any failure to pickle means: plan in this process
        return False


_worker_job: tuple | None = None


def _init_worker(operation, now: datetime) -> None:
    """Worker start-up: the operation and the batch's timestamp (sent once, not per chunk)."""
    global _worker_job
    _worker_job = (operation, now)


def _plan_many(paths: list[str]) -> list:
    operation, now = _worker_job
    return [plan_file(path, operation, now) for path in paths]


def _crashed(path: str) -> Skipped:
    return Skipped(path, "could not be read: the parser crashed")


def plan_file(path: str, operation, now: datetime) -> FileChange | Skipped | None:
    """One file's planned change, a :class:`Skipped`, or None when ``operation`` leaves it as it is. Never
    raises for a fault of the file (any unforeseen fault skips the file with a sentence)."""
    try:
        return _plan_file(path, operation, now)
    except Exception as exc:  # noqa: BLE001 - one file's fault must never cost the batch
        detail = " ".join(str(exc).split())[:300]
        return Skipped(path, f"internal error: {type(exc).__name__}: {detail}")


def _plan_file(path: str, operation, now: datetime) -> FileChange | Skipped | None:
    from curator_gui.core.batch_ops import EditRefused, Record
    from curator_gui.core.derive import stamp_last_mod
    from curator_gui.core.document import Document, FileStamp
    from curator_gui.core.errors import CuratorError
    from curator_gui.core.files import read_regular_file
    from curator_gui.core.folderlist import unreadable_reason
    from curator_gui.core.splice import SpliceError

    try:
        raw, info = read_regular_file(path)
    except OSError as exc:
        return Skipped(path, f"cannot be read: {unreadable_reason(path, exc)}")
    may_change = getattr(operation, "may_change", None)
    if may_change is not None and not may_change(raw):
        return None
    # Not editable: operations return new values and never change the one they are given, so the parsed
    # value is shared instead of copied.
    doc = Document(raw, path, FileStamp.of_bytes(raw, info), editable=False)
    if doc.read_only:
        return Skipped(path, f"could not be read: {doc.error.message}", doc.error.line, doc.error.column)
    try:
        edited = operation.edit(Record(path, doc.stamp.sha256, doc.original_data, doc.original_body, doc.newline))
    except EditRefused as exc:
        return Skipped(path, str(exc))
    if edited is None:
        return None
    fields = changed_fields(doc.original_data, edited.data) + (["body"] if edited.body != doc.original_body else [])
    if not fields:
        return None
    protected = write_protection(path)
    if protected:
        return Skipped(path, protected)
    doc.data = dict(edited.data) if edited.data is doc.original_data else edited.data
    doc.body = edited.body
    if stamp_last_mod(doc.original_data, doc.data, now) and "lastMod" not in fields:
        fields.append("lastMod")
    try:
        after = doc.to_bytes()
    except (SpliceError, CuratorError) as exc:
        return Skipped(path, str(exc))
    return FileChange(path, doc.stamp, raw, after, tuple(fields))


def write_protection(path: str) -> str:
    """Why ``path`` may not be replaced ('' when it may): a mode that lets nobody write, or not this user."""
    import stat

    from curator_gui.core.atomicfile import resolve_target
    from curator_gui.core.errors import CuratorError

    from curator_gui.core.folderlist import unreadable_reason

    try:
        real = resolve_target(path)
        info = os.stat(real)
    except FileNotFoundError:
        return "it was deleted since it was read"
    except OSError as exc:
        return f"it cannot be read any more: {unreadable_reason(path, exc)}"
    except CuratorError as exc:
        return str(exc).removeprefix(f"cannot save {path}: ")
    if info.st_mode & 0o222 == 0 or not os.access(real, os.W_OK):
        return f"the file is read-only (mode {stat.S_IMODE(info.st_mode):04o})"
    return ""


def changed_fields(before: dict, after: dict, prefix: tuple = ()) -> list[str]:
    """Dotted names of the entries that differ between two front matters (mappings are descended into)."""
    from curator_gui.core.fieldpath import join_path
    from curator_gui.core.values import same_value

    missing = object()
    names: list[str] = []
    for key in list(before) + [key for key in after if key not in before]:
        old, new = before.get(key, missing), after.get(key, missing)
        if same_value(old, new):
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            names += changed_fields(old, new, prefix + (key,))
        else:
            names.append(join_path(prefix + (key,)))
    return names


def unified_diff(before: bytes, after: bytes, label: str, context: int = 3) -> str:
    """A unified diff of two versions of a file (``\\n`` line ends, BOM not shown); '' when they are equal."""
    import difflib

    old, new = _lines(before), _lines(after)
    # git's a/ and b/ prefixes for a relative name; an absolute one is shown as it is.
    names = (label, label) if os.path.isabs(label) else (f"a/{label}", f"b/{label}")
    lines = difflib.unified_diff(old, new, *names, lineterm="", n=context)
    return "".join(line + "\n" for line in lines)


def _lines(raw: bytes) -> list[str]:
    text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
    # Split on line feeds only: str.splitlines() would also split at characters YAML keeps inside a line.
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def count_lines_changed(change: FileChange) -> tuple[int, int]:
    """(lines removed, lines added) by a change, for a summary beside the file's name."""
    body = unified_diff(change.before, change.after, "x", 0).splitlines()[2:]  # after the two file headers
    return sum(line[:1] == "-" for line in body), sum(line[:1] == "+" for line in body)

