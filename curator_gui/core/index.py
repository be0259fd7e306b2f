"""The folder index: every curation under a folder as a row, parsed in parallel and cached in SQLite.

A scan lists the folder (one ``stat`` per file, from ``os.scandir``), serves every file whose size, mtime,
ctime and inode match the cache (and that was checked under the same rule options) without reading it, and
parses the rest across CPU cores. Facts that depend on other files (a duplicate source, a featured image that
is or is not beside the file) are computed at every scan from the listing, so they are never stale either; the
counts follow the index's configuration (:attr:`FolderIndex.config`), applied when rows are served. Rows are
:mod:`curator_gui.core.index_row`'s, the cache :mod:`curator_gui.core.index_cache`'s, the listing
:mod:`curator_gui.core.folderlist`'s.

Nothing in a folder stops a listing: a named pipe, a device, a folder or a dangling link named ``*.md``, a file
over the size cap and a subfolder that cannot be read each become an error row without being opened; a file
that crashes its worker process costs its own row ("the parser crashed"); file names that are not UTF-8 are
kept as the bytes they are; a cache whose content is not what this version wrote is discarded and rebuilt.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from curator_gui.core.folderlist import ListedEntry as _Entry
from curator_gui.core.folderlist import entry_for, list_markdown  # noqa: F401 (re-exported)
from curator_gui.core.index_cache import CACHE_VERSION, IndexCache, default_cache_path  # noqa: F401 (re-exported)
from curator_gui.core.index_row import (IndexRow, apply_cross_file_checks, display_text,  # noqa: F401 (re-exported)
                                        error_row, parse_file, row_columns, row_from_dict, row_from_record)

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


def _cached_row(hit: tuple[tuple, tuple] | None, entry: _Entry, fingerprint: str) -> IndexRow | None:
    """The cached row of ``entry`` when the cache has one for its current stat key and options, and it is sound."""
    if hit is None or hit[0] != entry.key + (fingerprint,):
        return None
    try:
        return row_from_record(hit[1])
    except (ValueError, TypeError, AttributeError):
        return None  # not what this version writes: read the file again (the store replaces the record)


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
    between scans; the next scan re-reads only what the new rule options require.
    """

    def __init__(self, root: str | os.PathLike, cache_path: str | os.PathLike | None = "default",
                 workers: int | None = None, start_method: str | None = None, config=None):
        from curator_gui.core.config import DEFAULT_CONFIG

        self.root = os.path.abspath(root)
        path = default_cache_path() if cache_path == "default" else (Path(cache_path) if cache_path else None)
        self._cache = IndexCache(path)
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.start_method = start_method
        self.config = config or DEFAULT_CONFIG
        self.rows: dict[str, IndexRow] = {}
        self.names_by_dir: dict[str, set[str]] = {}
        #: findings about the folder's other files (see :attr:`ScanResult.folder_problems`), made at every scan
        self.folder_problems: list = []

    def close(self) -> None:
        self._cache.close()

    def scan(self, *, on_listed: Callable[[list[str]], None] | None = None,
             on_rows: Callable[[list[IndexRow]], None] | None = None,
             on_progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None) -> ScanResult:
        """List, serve from cache, parse the rest; callbacks report progress as it happens.

        ``on_listed`` gets every path as soon as the folder is listed; ``on_rows`` gets rows in batches (the
        cached ones first); ``on_progress`` gets (done, total). The returned rows carry the cross-file checks.
        """
        entries, self.names_by_dir = list_markdown(self.root)
        if on_listed:
            on_listed([e.path for e in entries])
        fingerprint = self.config.options.fingerprint
        cached = self._cache.load(self.root)
        rows: dict[str, IndexRow] = {}
        stale: list[_Entry] = []
        for entry in entries:
            if entry.fault:  # never opened, never cached: the listing itself says what is wrong
                rows[entry.path] = error_row(entry.path, entry.fault)
                continue
            row = _cached_row(cached.get(entry.path), entry, fingerprint)
            if row is not None:
                rows[entry.path] = row
            else:
                stale.append(entry)
        total = len(entries)
        if on_rows and rows:
            on_rows(list(rows.values()))
        if on_progress:
            on_progress(len(rows), total)
        listed = {e.path for e in entries}
        self._cache.forget(path for path in cached if path not in listed)
        for batch in self._parse(stale, cancelled):
            self._store(batch)
            for entry, row in batch:
                rows[entry.path] = row
            if on_rows:
                on_rows([row for _, row in batch])
            if on_progress:
                on_progress(len(rows), total)
        ordered = [rows[e.path] for e in entries if e.path in rows]
        self.rows = {row.path: row for row in ordered}
        for row in ordered:
            row.config = self.config
        self._cross_file_checks({e.path: e for e in entries})
        return ScanResult(ordered, len(stale), total - len(stale), self.folder_problems)

    def _cross_file_checks(self, entries: dict[str, _Entry] | None = None) -> None:
        """Facts that depend on other files, for every row; rows whose image facts were read again are stored."""
        from curator_gui.core.media.checks import unreferenced_images

        rows = list(self.rows.values())
        refreshed = apply_cross_file_checks(rows, self.names_by_dir)
        if refreshed:
            found = [((entries or {}).get(row.path) or entry_for(row.path), row) for row in refreshed]
            self._store([(entry, row) for entry, row in found if entry is not None and not entry.fault])
        self.folder_problems = self.config.apply(unreferenced_images(rows, self.names_by_dir))

    def _store(self, batch: list[tuple[_Entry, IndexRow]]) -> None:
        fingerprint = self.config.options.fingerprint
        self._cache.store((entry.path, entry.key + (fingerprint,), row_columns(row)) for entry, row in batch)

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
                    yield list(zip(chunk, (row_from_dict(d) for d in dicts)))
                    done += 1
                return
            except WorkersUnavailable:
                pass  # read the rest here (the depth bound keeps the known parser crash away)
        for chunk in chunks[done:]:
            if cancelled and cancelled():
                raise Cancelled()
            yield [(e, parse_file(e.path, options)) for e in chunk]

    def update_file(self, path: str | os.PathLike) -> IndexRow | None:
        """Re-read one file (after a save or an outside change); None when it no longer exists."""
        row = self._reread(path)
        self._cross_file_checks()
        return row

    def update_files(self, paths: Iterable[str | os.PathLike]) -> list[str]:
        """Re-read several files (after a change to many files) with one pass of the checks across files, which
        look at every row; returns the paths that no longer exist."""
        paths = [os.path.abspath(path) for path in paths]
        gone = [path for path in paths if self._reread(path, list_folder=False) is None]
        for folder in {os.path.dirname(path) for path in paths}:  # each folder listed once, not once per file
            self._list_folder(folder)
        self._cross_file_checks()
        return gone

    def _list_folder(self, folder: str) -> None:
        try:
            self.names_by_dir[folder] = set(os.listdir(folder))
        except OSError:
            pass

    def _reread(self, path: str | os.PathLike, list_folder: bool = True) -> IndexRow | None:
        path = os.path.abspath(path)
        entry = entry_for(path)
        if entry is None:
            self.rows.pop(path, None)
            self._cache.forget([path])
            return None
        fingerprint = self.config.options.fingerprint
        row = error_row(path, entry.fault) if entry.fault else _cached_row(self._cache.get(path), entry, fingerprint)
        if row is None:
            row = parse_file(path, self.config.options)
            self._store([(entry, row)])
        if list_folder:
            self._list_folder(os.path.dirname(path))
        row.config = self.config
        self.rows[path] = row
        return row
