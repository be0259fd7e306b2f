"""Reading a file the user named: the only place that opens files for reading, so that a FIFO, a device, a
folder or a huge file is refused with a sentence instead of hanging the program or filling its memory.

The path is checked to be a regular file before it is opened (opening a device can have effects of its own,
e.g. a watchdog or a tape), opened without blocking (a FIFO swapped in meanwhile would otherwise wait
forever), checked again on the open descriptor (no race between a check and the read), and read up to a cap.
"""
from __future__ import annotations

import os
import stat
from typing import BinaryIO

#: Largest curation file read (a real one is under 20 KB; a megabyte front matter is already hostile).
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024


class NotReadableError(OSError):
    """The path exists but is not something to read as a document (a FIFO, a device, a folder, too large)."""

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}" if self.filename else str(self.strerror)


def read_regular_file(path: str | os.PathLike, limit: int = MAX_DOCUMENT_BYTES) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file (symbolic links followed) and its stat; at most ``limit`` bytes.

    Raises :class:`NotReadableError` (an ``OSError`` whose ``strerror`` is a sentence) for anything that is not
    a regular file or is larger than ``limit``, and ``OSError`` for the usual I/O failures.
    """
    fd, st = _open_checked(path, limit)
    try:
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:  # grew while being read
            raise NotReadableError(0, f"file too large (more than {limit:,} bytes)", str(path))
        return data, st
    finally:
        os.close(fd)


def open_regular_file(path: str | os.PathLike) -> tuple[BinaryIO, os.stat_result]:
    """A regular file (symbolic links followed) opened for binary reading, and its stat, for readers that need
    only its first bytes (an image's header). Checked as :func:`read_regular_file` checks, without a size cap;
    the caller closes the file. Raises :class:`NotReadableError` and ``OSError`` as that function does."""
    fd, st = _open_checked(path, None)
    try:
        return os.fdopen(fd, "rb"), st
    except BaseException:
        os.close(fd)
        raise


def _open_checked(path: str | os.PathLike, limit: int | None) -> tuple[int, os.stat_result]:
    """A descriptor of ``path`` in blocking mode and its stat, checked before and after opening: opened without
    blocking, so that a FIFO swapped in between the two checks cannot hang the open."""
    _check_readable(os.stat(path), path, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        _check_readable(st, path, limit)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return fd, st
    except BaseException:
        os.close(fd)
        raise


def _check_readable(st: os.stat_result, path, limit: int | None) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise NotReadableError(0, f"not a regular file ({describe_kind(st.st_mode)})", str(path))
    if limit is not None and st.st_size > limit:
        raise NotReadableError(0, f"file too large ({st.st_size:,} bytes; at most {limit:,} are read)", str(path))


def describe_kind(mode: int) -> str:
    """What a non-regular file is, for a message: 'a folder', 'a named pipe', 'a device', 'a socket'."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
