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
* Many files at once (a folder-wide edit) are staged first (:func:`stage_write`), made durable together by
  :func:`sync_staged` (one ``syncfs`` per file system on Linux instead of an fsync per file), then renamed one
  by one under the folder's lock, and each folder is fsynced once.
* The temporary file is removed on any failure, Ctrl+C included. While it exists its writer holds an advisory
  lock on it, so :func:`remove_stale_temp_files` can tell a save in progress from the leftover of a killed
  process: a temporary file of our naming that is older than a minute and that nobody holds is removed.
"""
from __future__ import annotations

import os
import re
import stat
import sys
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
    staged = stage_write(path, data)
    try:
        staged.sync()
        with folder_lock(staged.target.parent, staged.shown):
            if check is not None:
                check()
            staged.commit(exclusive=exclusive)
    except BaseException as exc:  # Ctrl+C too: never leave the temporary file behind
        staged.discard()
        if isinstance(exc, OSError):
            raise CuratorError(f"cannot save {staged.shown}: {exc.strerror or exc}") from None
        raise
    fsync_folder(staged.target.parent)
    return os.stat(staged.target)


class StagedWrite:
    """New content written to a temporary file beside the file it will replace, not yet in place.

    :func:`stage_write` makes one; then :meth:`sync` (or :func:`sync_staged` for many at once) makes its
    content durable, :meth:`commit` renames it over the target, and :meth:`discard` removes it instead. Until
    then the temporary file is open and locked, so a listing never takes it for a killed save's leftover.
    """

    def __init__(self, shown: Path, target: Path, temp_name: str, fd: int):
        self.shown = shown  #: the path as the caller named it (for messages)
        self.target = target  #: the file that is replaced (the end of a symbolic link)
        self.temp_name = temp_name
        self._fd: int | None = fd

    @property
    def fd(self) -> int | None:
        """The open temporary file (None once committed or discarded)."""
        return self._fd

    def sync(self) -> None:
        """Flush the temporary file's content to the disk (fsync)."""
        if self._fd is not None:
            os.fsync(self._fd)

    def commit(self, *, exclusive: bool = False) -> None:
        """Rename the temporary file over the target (``exclusive``: only if no file of that name exists, else
        :class:`SaveConflictError`). Call with the folder's lock held, after the content was synced."""
        if exclusive:
            _link_new(self.temp_name, self.target, self.shown)
        else:
            os.replace(self.temp_name, self.target)
        self._close()

    def discard(self) -> None:
        """Remove the temporary file (nothing is replaced); safe to call at any point, also twice."""
        if self._fd is None:
            return
        self._close()
        try:
            os.unlink(self.temp_name)
        except OSError:
            pass

    def _close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # releases the lock that marks a save in progress


def stage_write(path: str | os.PathLike, data: bytes) -> StagedWrite:
    """Write ``data`` to a new temporary file in the folder of the file ``path`` names (through a symbolic
    link), with that file's permissions; nothing is synced or replaced yet. Raises CuratorError."""
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
    staged = StagedWrite(shown, target, temp_name, fd)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)  # held until closed: marks the file as a save in progress
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        else:
            os.chmod(temp_name, mode)
    except BaseException as exc:
        staged.discard()
        if isinstance(exc, OSError):
            raise CuratorError(f"cannot save {shown}: {exc.strerror or exc}") from None
        raise
    return staged


def sync_staged(staged: Iterable[StagedWrite]) -> None:
    """Make the content of many staged files durable at once.

    On Linux one ``syncfs`` per file system flushes them all (a batch of a thousand files costs about as much
    as two or three fsyncs); elsewhere, or where ``syncfs`` fails, each file is fsynced. Raises ``OSError``.
    """
    by_device: dict[int, list[StagedWrite]] = {}
    for item in staged:
        if item.fd is not None:
            by_device.setdefault(os.fstat(item.fd).st_dev, []).append(item)
    for items in by_device.values():
        if not _syncfs(items[0].fd):
            for item in items:
                item.sync()


def _syncfs(fd: int) -> bool:
    """``syncfs(fd)`` where the C library has it (Linux); False when it is missing or fails."""
    function = _syncfs_function()
    if function is None:
        return False
    return function(fd) == 0


_SYNCFS: list = []


def _syncfs_function():
    if not _SYNCFS:
        function = None
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                function = ctypes.CDLL(None, use_errno=True).syncfs
                function.argtypes = [ctypes.c_int]
                function.restype = ctypes.c_int
            except (OSError, AttributeError):
                function = None
        _SYNCFS.append(function)
    return _SYNCFS[0]


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
def folder_lock(folder: Path, shown: Path) -> Iterator[None]:
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


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (renames into it) to the disk, where the platform allows it."""
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
