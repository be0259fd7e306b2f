"""Saving a document: the one path every save takes (command line and window alike).

Nothing changed means nothing is written. Otherwise ``lastMod`` is stamped (when the file has one), the
lossless splice produces the new bytes, the file on disk is checked against what was read (size, mtime and
content hash) so that an outside change is never overwritten silently, and the bytes are written atomically.
"""
from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

from curator_gui.core.atomicfile import atomic_write
from curator_gui.core.derive import stamp_last_mod
from curator_gui.core.document import Document, FileStamp
from curator_gui.core.errors import ReadOnlyError, SaveConflictError


def changed_on_disk(doc: Document, path: Path | None = None) -> bool:
    """True when the file differs from what ``doc`` was read from (or vanished, or appeared)."""
    target = Path(path or doc.path)
    try:
        with open(target, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if doc.stamp is None:
                return True
            if stat.st_size != doc.stamp.size:
                return True
            data = handle.read()
    except FileNotFoundError:
        return doc.stamp is not None
    except OSError:
        return True
    # Same size: the content decides (an mtime-only change, e.g. a touch, is not a conflict).
    return hashlib.sha256(data).hexdigest() != doc.stamp.sha256


def save_document(doc: Document, path: str | os.PathLike | None = None, *, force: bool = False,
                  now: datetime | None = None) -> bool:
    """Write ``doc`` to ``path`` (default: its own file). Returns False when nothing needed writing.

    Raises :class:`ReadOnlyError` for an unparseable document, :class:`SaveConflictError` when its file changed
    on disk since it was read (unless ``force``), and ``CuratorError`` when the write itself fails.
    """
    if doc.read_only:
        raise ReadOnlyError(f"{doc.path}: not saved: the file could not be read ({doc.error.message}), "
                            "so saving could destroy what is in it")
    target = Path(path) if path is not None else doc.path
    if target is None:
        raise ValueError("a document without a file needs a path to be saved to")
    same_file = doc.path is not None and os.path.abspath(target) == os.path.abspath(doc.path)
    if same_file and not doc.is_modified and doc.stamp is not None:
        return False
    if same_file and not force and changed_on_disk(doc, target):
        raise SaveConflictError(f"{target}: not saved: the file changed on disk since it was opened; "
                                "reload it, or save again with force to overwrite")
    if doc.is_modified:
        stamp_last_mod(doc.original_data, doc.data, now)
    data = doc.to_bytes()
    stat = atomic_write(target, data)
    doc.mark_saved(data, FileStamp.of_bytes(data, stat), target)
    return True
