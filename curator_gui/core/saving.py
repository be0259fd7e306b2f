"""Saving a document: the one path every save takes (command line and window alike).

Nothing changed means nothing is written. Otherwise ``lastMod`` is stamped (when the file has one), the
lossless splice produces the new bytes, and the bytes are written atomically. The file on disk is compared
with what was read twice: before anything is written, and again immediately before the rename, so that an
outside change made while the new file was being written is not overwritten either. A file whose
permissions forbid writing is not replaced unless forced.
"""
from __future__ import annotations

import hashlib
import os
import stat
from datetime import datetime
from pathlib import Path

from curator_gui.core.atomicfile import atomic_write, resolve_target
from curator_gui.core.derive import stamp_last_mod
from curator_gui.core.document import Document, FileStamp
from curator_gui.core.errors import ReadOnlyError, SaveConflictError, WriteProtectedError
from curator_gui.core.files import read_regular_file
from curator_gui.core.splice import SpliceError


def changed_on_disk(doc: Document, path: str | os.PathLike | None = None) -> bool:
    """True when the file differs from what ``doc`` was read from (or vanished, or appeared).

    The content decides, not the timestamps: a file rewritten within the file system's timestamp granularity
    with the same size is still noticed, and a ``touch`` without a change is not a conflict. A curation is a
    few kilobytes (at most the read cap), so hashing it again costs microseconds.
    """
    target = Path(path or doc.path)
    try:
        data, _stat = read_regular_file(target)
    except FileNotFoundError:
        return doc.stamp is not None
    except OSError:
        return True
    if doc.stamp is None:
        return True
    return len(data) != doc.stamp.size or hashlib.sha256(data).hexdigest() != doc.stamp.sha256


def save_document(doc: Document, path: str | os.PathLike | None = None, *, force: bool = False,
                  now: datetime | None = None) -> bool:
    """Write ``doc`` to ``path`` (default: its own file). Returns False when nothing needed writing.

    A symbolic link is written through to the file it points to. Raises :class:`ReadOnlyError` for an
    unparseable document, :class:`SaveConflictError` when its file changed on disk since it was read (checked
    again just before the file is replaced), :class:`WriteProtectedError` for a file whose permissions forbid
    writing (both unless ``force``), and ``CuratorError`` when the write itself fails.
    """
    if doc.read_only:
        raise ReadOnlyError(f"{doc.path}: not saved: the file could not be read ({doc.error.message}), "
                            "so saving could destroy what is in it")
    target = Path(path) if path is not None else doc.path
    if target is None:
        raise ValueError("a document without a file needs a path to be saved to")
    same_file = doc.path is not None and os.path.realpath(target) == os.path.realpath(doc.path)
    if same_file and not doc.is_modified and doc.stamp is not None:
        return False
    real = resolve_target(target)
    if not force:
        _refuse_write_protected(target, real)
    if same_file and not force and changed_on_disk(doc, real):
        raise _conflict(target)

    def still_as_read() -> None:
        if changed_on_disk(doc, real):
            raise _conflict(target)

    if doc.is_modified:
        stamp_last_mod(doc.original_data, doc.data, now)
    try:
        data = doc.to_bytes()
    except SpliceError as exc:
        raise SpliceError(f"{target}: not saved: {exc}") from None
    guarded = same_file and not force
    stat_after = atomic_write(real, data, check=still_as_read if guarded else None,
                              exclusive=guarded and doc.stamp is None)
    doc.mark_saved(data, FileStamp.of_bytes(data, stat_after), target)
    return True


def _conflict(target: Path) -> SaveConflictError:
    return SaveConflictError(f"{target}: not saved: the file changed on disk since it was opened; "
                             "reload it, or save again with force to overwrite")


def _refuse_write_protected(shown: Path, real: Path) -> None:
    """Raise :class:`WriteProtectedError` for an existing file nobody may write (mode 0444) or this user may not.

    Replacing a file by rename ignores its own permissions, so they are checked here; a user who may write
    everything (root) is still stopped by a file whose mode grants writing to no one.
    """
    try:
        info = os.stat(real)
    except OSError:
        return  # absent (a new file) or unreachable: the write itself says what is wrong
    if not stat.S_ISREG(info.st_mode):
        return
    if info.st_mode & 0o222 == 0 or not os.access(real, os.W_OK):
        raise WriteProtectedError(f"{shown}: not saved: the file is read-only (mode {stat.S_IMODE(info.st_mode):04o}); "
                                  "make it writable, or save with force to replace it", str(shown))
