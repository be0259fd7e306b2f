"""Reading an image file's real format and size for validation: the only place that opens images beside curations
to check them, and that remembers what it found while the file is unchanged.

Only the header is read (Pillow reads the size without decoding), through the checked opener of
:mod:`curator_gui.core.files`, so a named pipe or a device named like an image is reported, never opened. What
was found is remembered per file, keyed by its size, mtime and inode (:data:`FileKey`): asking again about an
unchanged file costs one ``stat``. The folder index keeps the same facts in its cache (see
:mod:`curator_gui.core.media.checks`).
"""
from __future__ import annotations

import os
import stat
import threading
from collections import OrderedDict
from dataclasses import dataclass

from curator_gui.core.media.imagecheck import ImageFacts, ImageRefused, read_header

#: (size, mtime_ns, inode) of a file: what must stay the same for remembered facts to hold.
FileKey = tuple[int, int, int]
_REMEMBERED = 4096


@dataclass(frozen=True)
class FileFacts:
    """What an image file beside a curation is: ``facts`` when it is a usable image, else ``fault`` (why not, a
    phrase: 'is an HTML page …'); ``key`` is the stat it was read at (None when the file could not be read)."""

    key: FileKey | None
    facts: ImageFacts | None = None
    fault: str = ""

    def as_list(self) -> list:
        """A plain form for caches and worker processes (:func:`file_facts_from_list` reads it back)."""
        facts = [self.facts.format, self.facts.width, self.facts.height] if self.facts else None
        return [list(self.key) if self.key else None, facts, self.fault]


def file_facts_from_list(value) -> FileFacts | None:
    """The :class:`FileFacts` of :meth:`FileFacts.as_list`; None for anything else (a damaged cache entry)."""
    try:
        key, facts, fault = value
        key = tuple(int(part) for part in key) if key is not None else None
        if key is not None and len(key) != 3:
            return None
        if facts is not None:
            format_name, width, height = facts
            facts = ImageFacts(str(format_name), int(width), int(height))
        return FileFacts(key, facts, str(fault))
    except (TypeError, ValueError):
        return None


def file_key(st: os.stat_result) -> FileKey:
    return st.st_size, st.st_mtime_ns, st.st_ino


_memory: OrderedDict[str, FileFacts] = OrderedDict()
_lock = threading.Lock()


def read_file_facts(path: str | os.PathLike, *, known: FileFacts | None = None) -> FileFacts:
    """The facts of the image file at ``path`` (an existing file; a missing one gives a fault too).

    ``known`` facts (from a cache) are returned as they are when the file's stat still matches them; so are facts
    this process read before. Otherwise the header is read. Never raises. Thread-safe.
    """
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except OSError as error:
        from curator_gui.core.folderlist import unreadable_reason

        return FileFacts(None, None, f"cannot be read ({unreadable_reason(name, error)})")
    key = file_key(st)
    if known is not None and known.key == key:
        return known
    with _lock:
        found = _memory.get(name)
    if found is not None and found.key == key:
        return found
    found = _read(name)
    if found.key is None and not stat.S_ISREG(st.st_mode):
        found = FileFacts(key, None, found.fault)  # a pipe or a device stays one while its stat holds: remembered
    with _lock:
        _memory[name] = found
        _memory.move_to_end(name)
        while len(_memory) > _REMEMBERED:
            _memory.popitem(last=False)
    return found


def _read(path: str) -> FileFacts:
    from curator_gui.core.files import NotReadableError, open_regular_file

    try:
        stream, st = open_regular_file(path)
    except NotReadableError as error:  # 'is not a regular file (a named pipe)'
        return FileFacts(None, None, f"is {error.strerror}")
    except OSError as error:
        return FileFacts(None, None, f"cannot be read ({error.strerror or error})")
    key = file_key(st)
    with stream:
        try:
            first = stream.read(1024)
            stream.seek(0)
            facts = read_header(stream, first, name="it")
        except ImageRefused as refusal:
            return FileFacts(key, None, _phrase(str(refusal)))
        except OSError as error:
            return FileFacts(key, None, f"cannot be read ({error.strerror or error})")
    return FileFacts(key, facts)


def _phrase(message: str) -> str:
    """'it is an HTML page …' → 'is an HTML page …' (the caller names the file)."""
    return message[3:] if message.startswith("it ") else message
