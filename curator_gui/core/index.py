"""The folder index: every curation under a folder as a row, parsed in parallel and cached in SQLite.

A scan first hands over the rows the cache holds for the folder, a chunk at a time, as they were last read
(so that a large folder shows at once), then lists the folder (one ``stat`` per file, from ``os.scandir``):
every file whose size, mtime, ctime and inode match its cached row (checked under the same rule options) is
served without reading it, files gone are dropped, and the rest are parsed across CPU cores. Facts that
depend on other files (a duplicate source, a featured image that is or is not beside the file) are computed at
every scan from the listing, so they are never stale either; the counts follow the index's configuration
(:attr:`FolderIndex.config`), applied when rows are served. Rows are :mod:`curator_gui.core.index_row`'s, the
cache :mod:`curator_gui.core.index_cache`'s, the listing :mod:`curator_gui.core.folderlist`'s.

Nothing in a folder stops a listing: a named pipe, a device, a folder or a dangling link named ``*.md``, a file
over the size cap and a subfolder that cannot be read each become an error row without being opened; a file
that crashes its worker process costs its own row ("the parser crashed"); file names that are not UTF-8 are
kept as the bytes they are; a cache whose content is not what this version wrote is discarded and rebuilt.
"""
from __future__ import annotations

import gc
import os
import struct
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Callable, Iterable, Iterator

from curator_gui.core.folderlist import ListedEntry as _Entry
from curator_gui.core.folderlist import entry_for, iter_markdown, list_markdown  # noqa: F401 (re-exported)
from curator_gui.core.index_cache import CACHE_VERSION, IndexCache, default_cache_path  # noqa: F401 (re-exported)
from curator_gui.core.index_columns import row_columns, row_from_dict, row_from_record, with_shared_values
from curator_gui.core.index_row import (  # noqa: F401 (re-exported)
    LARGE_FIELDS,
    IndexRow,
    apply_cross_file_checks,
    count_problems,
    display_text,
    error_row,
    parse_file,
)
from curator_gui.core.offerings import FolderOfferings
from curator_gui.core.query import NO_MASK

#: Below this many files to parse, worker processes cost more than they save.
PARALLEL_THRESHOLD = 48
_CHUNK = 64

_worker_options = None


def _init_worker(options) -> None:
    """Worker start-up: the rule options every file of the scan is checked under (sent once, not per chunk)."""
    global _worker_options
    _worker_options = options


def _parse_many(paths: list[str]) -> list[dict]:
    """Worker entry point: rows as plain dicts (cheap to send between processes)."""
    return [parse_file(path, _worker_options).to_dict() for path in paths]


def _crashed_row(path: str) -> dict:
    """The row of a file whose reading killed the worker process."""
    return error_row(path, "could not be read: the parser crashed").to_dict()


def _sound_row(record: tuple) -> IndexRow | None:
    """The row of a cache record, None when the record is not what this version writes (the file is then read
    again, and the store replaces the record)."""
    try:
        return row_from_record(record)
    except (ValueError, TypeError, AttributeError):
        return None


_KEY = struct.Struct("<qqqQ")


def _compact_key(size: int, mtime_ns: int, ctime_ns: int, inode: int) -> bytes | tuple:
    """A file's stat key in a third of the memory (100,000 are held while a folder is listed)."""
    try:
        return _KEY.pack(size, mtime_ns, ctime_ns, inode)
    except (struct.error, TypeError):
        return size, mtime_ns, ctime_ns, inode


def _cached_row(record: tuple | None, entry: _Entry, fingerprint: str) -> IndexRow | None:
    """The cached row of ``entry`` when the cache has one for its current stat key and options, and it is sound."""
    if record is None or record[1:6] != entry.key + (fingerprint,):
        return None
    return _sound_row(record)


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Reading a folder makes many long-lived rows and no reference cycles: the cycle collector's full passes
    over every row made so far (about ten of them as 100,000 rows accumulate) would cost more than the rows."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- the index -------------------------------------------------------------------------------------------

class Cancelled(Exception):
    """Raised inside a scan when its ``cancelled`` callback says so."""


@dataclass
class ScanResult:
    rows: list[IndexRow]
    parsed: int  # files read in this scan (the rest came from the cache)
    cached: int
    #: findings about files of the folder that are not curations (image files no curation names), at their rules'
    #: default severities with the index's configuration applied
    folder_problems: list = field(default_factory=list)


class FolderIndex:
    """The curations under one folder; see the module docstring. Safe to use from one thread at a time.

    ``config`` (a :class:`~curator_gui.core.config.CuratorConfig`; the defaults when None) may be replaced
    between scans; the next scan re-reads only what the new rule options require. ``leave_out`` names large
    fields (of :data:`~curator_gui.core.index_row.LARGE_FIELDS`) the rows need not keep: what the caller never
    looks at costs no memory (findings left out are read from the file if asked for after all).
    """

    def __init__(self, root: str | os.PathLike, cache_path: str | os.PathLike | None = "default",
                 workers: int | None = None, start_method: str | None = None, config=None,
                 leave_out: frozenset[str] | set[str] = frozenset()):
        from curator_gui.core.config import DEFAULT_CONFIG

        self.root = os.path.abspath(root)
        path = default_cache_path() if cache_path == "default" else (Path(cache_path) if cache_path else None)
        self._cache = IndexCache(path)
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.start_method = start_method
        self.config = config or DEFAULT_CONFIG
        self.leave_out = frozenset(leave_out) & LARGE_FIELDS
        self.rows: dict[str, IndexRow] = {}
        #: every related offering of the rows, by id (made anew by each check across files)
        self.offerings = FolderOfferings()
        self.names_by_dir: dict[str, set[str]] = {}
        #: findings about the folder's other files (see :attr:`ScanResult.folder_problems`), made at every scan
        self.folder_problems: list = []

    def close(self) -> None:
        self._cache.close()

    def scan(self, *, on_listed: Callable[[list[str]], None] | None = None,
             on_rows: Callable[[list[IndexRow]], None] | None = None,
             on_progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None) -> ScanResult:
        """Serve from cache, list, parse the rest; callbacks report progress as it happens.

        ``on_rows`` gets rows in batches: first every cached row of the folder as last read (a listed file that
        changed since comes again once read; a file no longer listed does not), then the rows read. ``on_listed``
        gets every path once the folder is listed, ``on_progress`` (done, total). The returned rows carry the
        cross-file checks.
        """
        with _cycle_collection_paused():
            return self._scan(on_listed, on_rows, on_progress, cancelled)

    def _scan(self, on_listed, on_rows, on_progress, cancelled) -> ScanResult:
        fingerprint = self.config.options.fingerprint
        table = self.config.table
        served: dict[str, tuple[bytes | tuple | None, IndexRow]] = {}  # the stat key each row was read under
        leave_out = self.leave_out | ({"search_mask"} if "search" in self.leave_out else set())
        for records in self._cache.records(self.root, leave_out):
            batch = []
            for record in records:
                row = _sound_row(record)
                if row is not None:
                    row.config = self.config
                    count_problems(row, table)  # the file's own findings now; the cross-file ones at the end
                    key = _compact_key(*record[1:5]) if record[5] == fingerprint else None  # None: stale
                    served[row.path] = (key, row)
                    batch.append(row)
            if on_rows and batch:
                on_rows(batch)
            if cancelled and cancelled():
                raise Cancelled()
        # Each entry is settled as it is listed: only those the cache does not answer are kept (a listing of
        # 100,000 files is never held), and a row the cache answers keeps its own path (not the listing's copy).
        cached_order = list(served)  # by path: the cache serves its rows in its index's order
        self.names_by_dir = {}
        rows: dict[str, IndexRow] = {}
        faults: list[IndexRow] = []
        stale: list[_Entry] = []
        for entry in iter_markdown(self.root, self.names_by_dir):
            hit = served.pop(entry.path, None)
            if entry.fault:  # never opened, never cached: the listing itself says what is wrong
                rows[entry.path] = row = error_row(entry.path, entry.fault)
                faults.append(row)
            elif hit is not None and hit[0] == _compact_key(*entry.key):
                rows[hit[1].path] = hit[1]
            else:
                stale.append(entry)
        total = len(rows) + len(stale)
        faults.sort(key=attrgetter("path"))
        stale.sort(key=attrgetter("path"))
        # Every listed path in order, sorted from the cache's order: the sort then only places the files the cache
        # did not answer (sorting 100,000 paths afresh holds every other thread for 80 ms).
        listed = [path for path in cached_order if path in rows]
        del cached_order
        if len(listed) < len(rows):  # faults the cache never held
            known = set(listed)
            listed += [path for path in rows if path not in known]
        listed += [entry.path for entry in stale]
        listed.sort()
        if on_listed:
            on_listed(listed)
        if on_rows and faults:
            on_rows(faults)
        if on_progress:
            on_progress(len(rows), total)
        self._cache.forget(served)  # cached, no longer listed (or no longer readable)
        del served
        for batch in self._parse(stale, cancelled):
            stored = self._store(batch)
            for entry, row in batch:
                self._trim(row, stored)
                rows[entry.path] = row
            if on_rows:
                on_rows([row for _, row in batch])
            if on_progress:
                on_progress(len(rows), total)
        ordered = list(map(rows.__getitem__, listed))  # the listing's order
        del rows, listed
        self.rows = {row.path: row for row in ordered}
        for row in ordered:
            row.config = self.config
        self._cross_file_checks()
        return ScanResult(ordered, len(stale), total - len(stale), self.folder_problems)

    def _cross_file_checks(self) -> None:
        """Facts that depend on other files, for every row; rows whose image facts were read again are stored."""
        from curator_gui.core.media.checks import unreferenced_images

        rows = list(self.rows.values())
        # A new object each time, never changed once made: a caller on another thread may hold the previous one.
        self.offerings = FolderOfferings()
        refreshed = apply_cross_file_checks(rows, self.names_by_dir, offerings=self.offerings,
                                            offered=partial(self._offered, rows))
        if refreshed:
            found = [(entry_for(row.path), row) for row in refreshed]  # rows whose images changed: few
            for _entry, row in found:
                if row.offerings is None:  # held without them: stored whole, with the cache's
                    row.offerings = self._cache.offerings_of(row.path)
            self._store([(entry, row) for entry, row in found if entry is not None and not entry.fault])
            for row in refreshed:
                self._trim(row)
        self.folder_problems = self.config.apply(unreferenced_images(rows, self.names_by_dir))

    def _offered(self, rows: list[IndexRow]) -> Iterator[tuple[IndexRow, str]]:
        """Every row with offerings and its offerings' summary: those it holds, and those of rows held without them
        (see ``leave_out``) streamed from the cache, so that 100,000 summaries are never held at once."""
        lean = False
        for row in rows:
            if row.offerings:
                yield row, row.offerings
            elif row.offerings is None:
                lean = True
        if lean:
            for path, text in self._cache.offerings(self.root):
                row = self.rows.get(path)
                if row is not None and row.offerings is None:
                    yield row, text

    def images_changed(self, names_by_dir: dict[str, set[str]]) -> bool:
        """True when the files beside the curations changed since the checks across files last looked, although no
        curation did: a folder's names (``names_by_dir``, a new listing: an image added, removed or renamed) or the
        stat of an image file a row names (rewritten in place). One ``stat`` per such image."""
        if names_by_dir != self.names_by_dir:
            return True
        from curator_gui.core.media.index_media import stat_changed

        return any(row.media_state and stat_changed(row.media_state, path.rpartition(os.sep)[0])
                   for path, row in self.rows.items())

    def recheck(self, names_by_dir: dict[str, set[str]]) -> None:
        """Run the checks across files again over a new listing's names (image files changed, no curation did)."""
        self.names_by_dir = names_by_dir
        self._cross_file_checks()

    def load_findings(self, row: IndexRow) -> None:
        """Give a row read without its findings (see ``leave_out``) the findings the cache holds for the same
        version of its file; when it holds none, the row reads its file when they are asked for. Safe beside a
        scan in another thread (the cache is locked), so that a window may ask for one row's findings."""
        if row.problems_packed is not None:
            return
        record = self._cache.get(row.path)
        cached = _sound_row(record) if record is not None else None
        if cached is not None and (cached.size, cached.mtime_ns, cached.codes) == (row.size, row.mtime_ns, row.codes):
            row.problems_packed = cached.problems_packed

    def _trim(self, row: IndexRow, stored: bool = True) -> None:
        """Drop the large fields the index was asked not to keep (from a row just read); the image facts and the
        offerings only when the cache holds them (``stored``): they are read from it again."""
        if "description" in self.leave_out:
            row.description = ""
        if "href" in self.leave_out:
            row.href = ""
        if "search" in self.leave_out:
            row.search, row.search_mask = "", NO_MASK
        if "problems" in self.leave_out and row.problems_packed:
            row.problems_packed = None
        if stored and "media" in self.leave_out and row.media_json:
            row.media_json, row._media = None, None
        if stored and "offerings" in self.leave_out and row.offerings:
            row.offerings = None

    def _store(self, batch: list[tuple[_Entry, IndexRow]]) -> bool:
        fingerprint = self.config.options.fingerprint
        return self._cache.store((entry.path, entry.key + (fingerprint,), row_columns(row)) for entry, row in batch)

    def _parse(self, entries: list[_Entry], cancelled) -> Iterator[list[tuple[_Entry, IndexRow]]]:
        if not entries:
            return
        options = self.config.options
        chunks = [entries[i:i + _CHUNK] for i in range(0, len(entries), _CHUNK)]
        done = 0
        if len(entries) >= PARALLEL_THRESHOLD and self.workers >= 2:
            import multiprocessing

            from curator_gui.core.workers import WorkersUnavailable, map_chunks

            def check_cancelled() -> None:
                if cancelled and cancelled():
                    raise Cancelled()

            context = multiprocessing.get_context(self.start_method) if self.start_method else None
            try:
                for chunk, dicts in zip(chunks, map_chunks(_parse_many, [[e.path for e in c] for c in chunks],
                                                           workers=self.workers, mp_context=context,
                                                           on_crash=_crashed_row, cancelled=check_cancelled,
                                                           initializer=_init_worker, initargs=(options,))):
                    yield list(zip(chunk, (with_shared_values(row_from_dict(d)) for d in dicts)))
                    done += 1
                return
            except WorkersUnavailable:
                pass  # read the rest here (the depth bound keeps the known parser crash away)
        for chunk in chunks[done:]:
            if cancelled and cancelled():
                raise Cancelled()
            yield [(e, with_shared_values(parse_file(e.path, options))) for e in chunk]

    def update_file(self, path: str | os.PathLike) -> IndexRow | None:
        """Re-read one file (after a save or an outside change); None when it no longer exists."""
        return self.update_files([path])[0]

    def update_files(self, paths: Iterable[str | os.PathLike]) -> list[IndexRow | None]:
        """Re-read these files (after a save, an outside change or a change to many files), then the checks across
        files once (they look at every row); for each, its row, or None when it no longer exists. The other rows'
        cross-file facts are updated in place."""
        paths = [os.path.abspath(path) for path in paths]
        with _cycle_collection_paused():
            found = [self._reread(path) for path in paths]
            for folder in {os.path.dirname(path) for path in paths}:  # each folder listed once, not once per file
                self._list_folder(folder)
            self._cross_file_checks()
        return found

    def _list_folder(self, folder: str) -> None:
        """The folder's names as :func:`~curator_gui.core.folderlist.list_markdown` keeps them (folders left out)."""
        try:
            with os.scandir(folder) as listing:
                self.names_by_dir[folder] = {item.name for item in listing if not _is_folder(item)}
        except OSError:
            pass

    def _reread(self, path: str) -> IndexRow | None:
        entry = entry_for(path)
        if entry is None:
            self.rows.pop(path, None)
            self._cache.forget([path])
            return None
        fingerprint = self.config.options.fingerprint
        row = error_row(path, entry.fault) if entry.fault else _cached_row(self._cache.get(path), entry, fingerprint)
        stored = True
        if row is None:
            row = parse_file(path, self.config.options)
            stored = self._store([(entry, row)])
        self._trim(row, stored)
        row.config = self.config
        self.rows[path] = row
        return row


def _is_folder(item: os.DirEntry) -> bool:
    try:
        return item.is_dir(follow_symlinks=False)
    except OSError:
        return False
