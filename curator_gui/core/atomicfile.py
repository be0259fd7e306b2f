"""Atomic file replacement: the only place that writes curation files to disk.

A save writes a temporary file in the same folder, flushes and fsyncs it, gives it the original file's mode
and renames it over the target with ``os.replace``: a reader (or a crash) sees either the old file or the new
one, never half of one. The folder is fsynced afterwards where the platform allows it, so the rename itself
survives a power cut.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from curator_gui.core.errors import CuratorError


def atomic_write(path: str | os.PathLike, data: bytes) -> os.stat_result:
    """Replace ``path`` with ``data`` atomically; return the new file's stat. Raises CuratorError on failure."""
    target = Path(path)
    folder = target.parent
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as exc:
        raise CuratorError(f"cannot save {target}: {exc.strerror or exc}") from None
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise CuratorError(f"cannot save {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except OSError as exc:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        raise CuratorError(f"cannot save {target}: {exc.strerror or exc}") from None
    _fsync_folder(folder)
    return os.stat(target)


def _umask() -> int:
    """The process umask, read without changing it (``os.umask`` would race with other threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on folders; the data itself is already on disk
    finally:
        os.close(fd)
