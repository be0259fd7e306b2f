"""Atomic file replacement: the only place that writes curation files to disk, and that cleans up after it.

A save writes a temporary file in the target's folder, flushes and fsyncs it, gives it the original file's
mode and renames it over the target with ``os.replace``: a reader (or a crash) sees either the old file or the
new one, never half of one. The folder is fsynced afterwards where the platform allows it, so the rename
itself survives a power cut.

* A symbolic link is written through: the temporary file goes into the folder of the file the link points to
  and replaces that file, so the link stays a link (as vim and VS Code do). A dangling link or a link loop is
  refused with a sentence.
* A caller's ``check`` runs immediately before the rename, under an advisory lock on the folder that every
  save of this program takes: two saves of this program never interleave their check and rename, and a change
  by another program is caught unless it lands in the microseconds between the check and the rename.
* The temporary file is removed on any failure, Ctrl+C included. While it exists its writer holds an advisory
  lock on it, so :func:`remove_stale_temp_files` can tell a save in progress from the leftover of a killed
  process: a temporary file of our naming that is older than a minute and that nobody holds is removed.
"""
from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator

from curator_gui.core.errors import CuratorError, SaveConflictError

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; an open file cannot be deleted there anyway
    fcntl = None

#: Temporary files of a save: ``.<name>.md.<8 random characters>.tmp`` beside the target (and the same for the
#: image files stored beside curations).
TEMP_NAME = re.compile(r"^\..+\.(?:md|jpeg|png|gif|webp|ico)\.[a-z0-9_]{8}\.tmp$")
#: A temporary file this much older than now, held by no save, is the leftover of a killed process.
STALE_AFTER_SECONDS = 60.0
#: How long a save waits for another save in the same folder to finish its check and rename.
FOLDER_LOCK_TIMEOUT_SECONDS = 10.0


def resolve_target(path: str | os.PathLike) -> Path:
    """The file a save of ``path`` replaces: ``path`` itself, or the file its symbolic link points to."""
    target = Path(path)
    if not os.path.islink(target):
        return target
    try:
        return Path(os.path.realpath(target, strict=True))
    except FileNotFoundError:
        raise CuratorError(f"cannot save {target}: it is a symbolic link to {os.readlink(target)}, "
                           "which does not exist") from None
    except OSError as exc:
        raise CuratorError(f"cannot save {target}: {exc.strerror or exc} (a symbolic link loop)") from None


def atomic_write(path: str | os.PathLike, data: bytes, *, check: Callable[[], None] | None = None,
                 exclusive: bool = False) -> os.stat_result:
    """Replace ``path`` (through a symbolic link) with ``data`` atomically; return the new file's stat.

    ``check`` runs right before the rename and may raise (e.g. :class:`SaveConflictError`) to cancel the save;
    ``exclusive`` refuses to replace a file that exists by then. Raises CuratorError when the write fails.
    """
    shown = Path(path)
    target = resolve_target(path)
    folder = target.parent
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as exc:
        raise CuratorError(f"cannot save {shown}: {exc.strerror or exc}") from None
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise CuratorError(f"cannot save {shown}: {exc.strerror or exc}") from None
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)  # held until closed: marks the file as a save in progress
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        else:
            os.chmod(temp_name, mode)
        with _folder_lock(folder, shown):
            if check is not None:
                check()
            if exclusive:
                _link_new(temp_name, target, shown)
            else:
                os.replace(temp_name, target)
    except BaseException as exc:  # Ctrl+C too: never leave the temporary file behind
        os.close(fd)
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise CuratorError(f"cannot save {shown}: {exc.strerror or exc}") from None
        raise
    os.close(fd)
    _fsync_folder(folder)
    return os.stat(target)


def _link_new(temp_name: str, target: Path, shown: Path) -> None:
    """Put the temporary file in place only if no file of the target's name exists (atomically, by a hard link)."""
    try:
        os.link(temp_name, target)
    except FileExistsError:
        raise SaveConflictError(f"{shown}: not saved: a file of that name appeared meanwhile") from None
    except OSError:
        # No hard links on this file system: check, then rename (a tiny window instead of none).
        if os.path.lexists(target):
            raise SaveConflictError(f"{shown}: not saved: a file of that name appeared meanwhile") from None
        os.replace(temp_name, target)
        return
    os.unlink(temp_name)


@contextmanager
def _folder_lock(folder: Path, shown: Path) -> Iterator[None]:
    """An advisory lock on ``folder`` shared by every save of this program (none where locks are unsupported)."""
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + FOLDER_LOCK_TIMEOUT_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise CuratorError(f"cannot save {shown}: another save in its folder has not finished "
                                       f"within {FOLDER_LOCK_TIMEOUT_SECONDS:.0f} s") from None
                time.sleep(0.002)
            except OSError:
                break  # a file system without locks (some network mounts): go on without one
        yield
    finally:
        os.close(fd)  # releases the lock


def remove_stale_temp_files(folder: str, names: Iterable[str]) -> list[str]:
    """Remove the leftovers of killed saves among ``names`` (files of ``folder``); return the names removed.

    Only files of the temporary naming pattern, older than :data:`STALE_AFTER_SECONDS`, and not locked by a
    save in progress are removed.
    """
    removed = []
    now = time.time()
    for name in names:
        if not TEMP_NAME.match(name):
            continue
        path = os.path.join(folder, name)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(path, flags)
        except OSError:
            continue
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or now - st.st_mtime < STALE_AFTER_SECONDS:
                continue
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while a save holds it
            if os.lstat(path).st_ino != st.st_ino:
                continue
            os.unlink(path)
            removed.append(name)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


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
