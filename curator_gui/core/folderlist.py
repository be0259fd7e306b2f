"""Listing a folder of curations: the only place that walks folders and decides which entries may be read.

Every ``.md`` name under the folder is listed with one ``stat`` (from ``os.scandir``). Anything that must not
be opened (a named pipe, a device, a folder, a dangling or looping link, a file over the size cap) and a
subfolder that cannot be listed become entries with a ``fault``, so that they are reported, never read and
never silently skipped. Hidden and tool folders are skipped; leftovers of killed saves are removed on the way.
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from typing import Iterator

from curator_gui.core.atomicfile import remove_stale_temp_files
from curator_gui.core.files import MAX_DOCUMENT_BYTES, describe_kind

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv"}
_FOLDER_NAMED_MD = "cannot read file: a folder, not a curation file (the files in it are listed on their own)"


@dataclass(frozen=True, slots=True)  # slots: a listing of 100,000 files is held while a folder is read
class ListedEntry:
    """One ``.md`` entry of a folder listing, with the stat values that key the cache."""

    path: str
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    fault: str = ""  # why the entry cannot be read ('' for a regular file within the size cap)

    @property
    def key(self) -> tuple:
        return self.size, self.mtime_ns, self.ctime_ns, self.inode


def list_markdown(root: str | os.PathLike) -> tuple[list[ListedEntry], dict[str, set[str]]]:
    """Every ``.md`` entry under ``root`` (hidden and tool folders skipped), sorted by path, and each folder's
    file names (see :func:`iter_markdown`)."""
    names_by_dir: dict[str, set[str]] = {}
    entries = sorted(iter_markdown(root, names_by_dir), key=lambda e: e.path)
    return entries, names_by_dir


def iter_markdown(root: str | os.PathLike, names_by_dir: dict[str, set[str]]) -> Iterator[ListedEntry]:
    """Every ``.md`` entry under ``root`` (hidden and tool folders skipped) as it is listed, in no particular
    order; each folder's file names are put in ``names_by_dir`` once it is listed. A caller that keeps only some
    entries (the folder index: those its cache does not answer) never holds 100,000 of them at once.

    Entries that must not be read (anything but a regular file within the size cap, a dangling link, a folder
    that cannot be listed) carry a ``fault``. Leftover temporary files of killed saves are removed on the way.
    """
    stack = [os.path.abspath(root)]
    while stack:
        folder = stack.pop()
        names: set[str] = set()
        try:
            with os.scandir(folder) as listing:
                for item in listing:
                    name = item.name
                    try:
                        curation = name.endswith(".md") and not name.startswith(".")
                        if item.is_dir(follow_symlinks=False):
                            if not name.startswith(".") and name not in _SKIP_DIRS:
                                stack.append(item.path)
                            if curation:
                                yield ListedEntry(item.path, 0, 0, 0, 0, _FOLDER_NAMED_MD)
                            continue
                        names.add(name)
                        entry = _entry_of(item) if curation else None
                    except OSError:
                        continue  # vanished while listing
                    if entry is not None:
                        yield entry
        except OSError as exc:
            yield ListedEntry(folder, 0, 0, 0, 0, f"cannot read folder: {exc.strerror or exc}")
            continue
        names_by_dir[folder] = names
        leftovers = [name for name in names if name.endswith(".tmp") and name.startswith(".")]
        if leftovers:
            names.difference_update(remove_stale_temp_files(folder, leftovers))


def _entry_of(item: os.DirEntry) -> ListedEntry | None:
    """The entry of a ``.md`` name (following a link); None when it vanished while being listed."""
    try:
        st = item.stat()
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and not item.is_symlink():
            return None
        return ListedEntry(item.path, 0, 0, 0, 0, f"cannot read file: {unreadable_reason(item.path, exc)}")
    return _entry_from_stat(item.path, st)


def entry_for(path: str) -> ListedEntry | None:
    """The listing entry of one path (as :func:`list_markdown` would make it); None when it does not exist."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and not os.path.islink(path):
            return None
        return ListedEntry(path, 0, 0, 0, 0, f"cannot read file: {unreadable_reason(path, exc)}")
    if stat.S_ISDIR(st.st_mode):
        return ListedEntry(path, 0, 0, 0, 0, _FOLDER_NAMED_MD)
    return _entry_from_stat(path, st)


def _entry_from_stat(path: str, st: os.stat_result) -> ListedEntry:
    fault = ""
    if not stat.S_ISREG(st.st_mode):
        fault = f"cannot read file: not a regular file ({describe_kind(st.st_mode)})"
    elif st.st_size > MAX_DOCUMENT_BYTES:
        fault = f"cannot read file: file too large ({st.st_size:,} bytes; at most {MAX_DOCUMENT_BYTES:,} are read)"
    return ListedEntry(path, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, fault)


def unreadable_reason(path: str, exc: OSError) -> str:
    """Why ``path`` cannot be read, as a sentence (a dangling or looping link is named as such)."""
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):
        try:
            return f"a symbolic link to {os.readlink(path)}, which does not exist"
        except OSError:
            pass
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop"
    return exc.strerror or str(exc)
