"""The folder index: every curation under a folder as a row, parsed in parallel and cached in SQLite.

A scan lists the folder (one ``stat`` per file, from ``os.scandir``), serves every file whose size, mtime,
ctime and inode match the cache without reading it, and parses the rest across CPU cores. The cache lives
in the user's cache directory (never inside the curation folder) and is keyed by absolute path and those
four stat values, so a touched or edited file is always re-read. Facts that depend on other files (a
duplicate source URL, a featured image that is or is not beside the file) are computed at every scan from
the listing, so they are never stale either.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from curator_gui.core.problems import ERROR, WARNING, Problem

#: Bump when a row's content or the validation rules change: older cache entries are then ignored.
CACHE_VERSION = 5
#: Below this many files to parse, worker processes cost more than they save.
PARALLEL_THRESHOLD = 48
_CHUNK = 64
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv"}


@dataclass
class IndexRow:
    """One curation file as the list shows it (``path`` is absolute)."""

    path: str
    title: str = ""
    description: str = ""
    date: str = ""
    brand: str = ""
    href: str = ""
    clean_url: str = ""
    categories: list[str] = field(default_factory=list)
    errors: int = 0  # all errors, the cross-file checks included
    warnings: int = 0
    size: int = 0
    mtime_ns: int = 0
    own_errors: int = 0  # the file's own problems, as cached
    own_warnings: int = 0
    problems_json: str = "[]"  # the file's own problems (Problem.as_dict() list), decoded only when asked for
    image_missing: bool = False  # cross-file checks, made at every scan from the listing (never cached)
    duplicates: list[str] = field(default_factory=list)  # other files with the same clean source URL
    image_href: str = ""  # featuredImage.href when it names a file beside the .md
    image_position: tuple[int, int] = (1, 1)
    url_position: tuple[int, int] = (1, 1)
    parsed: bool = True  # False for a placeholder row listed but not read yet

    @property
    def status(self) -> str:
        """'error', 'warning', 'ok', or 'pending' for a placeholder."""
        if not self.parsed:
            return "pending"
        return ERROR if self.errors else WARNING if self.warnings else "ok"

    def to_dict(self) -> dict:
        """The row as plain data (for worker processes); the cross-file checks excluded."""
        data = dict(self.__dict__)  # shallow: values are already plain lists, dicts and scalars
        data["image_missing"], data["duplicates"] = False, []
        return data

    @property
    def problems(self) -> list[dict]:
        """The file's own problems as dicts (decoded from the cache on first use)."""
        return json.loads(self.problems_json)

    def all_problems(self) -> list[Problem]:
        """The file's own problems and those that depend on other files, in file order."""
        from curator_gui.core.problems import duplicate_message

        found = [Problem(**p) for p in self.problems]
        if self.image_missing:
            found.append(Problem(self.path, *self.image_position, WARNING, "featuredImage.href",
                                 f"featured image file {self.image_href!r} is not beside the .md file"))
        if self.duplicates:
            found.append(Problem(self.path, *self.url_position, WARNING, "link.href",
                                 duplicate_message(self.path, self.duplicates)))
        return sorted(found, key=lambda p: (p.line, p.column))

    def summary(self) -> dict:
        """The JSON object of ``curator-gui list --format json``."""
        return {"path": self.path, "title": self.title, "date": self.date, "brand": self.brand, "href": self.href,
                "status": self.status, "errors": self.errors, "warnings": self.warnings,
                "categories": self.categories, "size": self.size, "mtime_ns": self.mtime_ns}

    def matches(self, needle: str) -> bool:
        """Case-insensitive match of ``needle`` in title, description, categories, brand and path."""
        if not needle:
            return True
        needle = needle.casefold()
        return any(needle in text.casefold() for text in (self.title, self.description, self.brand, self.path,
                                                           *self.categories))


def parse_file(path: str) -> IndexRow:
    """Read and validate one file into a row (the image and duplicate checks are left to the scan)."""
    from curator_gui.core.document import Document  # imported here: worker processes import what they use
    from curator_gui.core.validate import clean_source_url, source_url, validate_document

    try:
        stat = os.stat(path)
        doc = Document.load(path, editable=False)
    except OSError as exc:
        problem = Problem(path, 1, 1, ERROR, "", f"cannot read file: {exc.strerror or exc}")
        return IndexRow(path=path, errors=1, own_errors=1, problems_json=json.dumps([problem.as_dict()]))
    problems = validate_document(doc, check_siblings=False)
    data = doc.data
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    row = IndexRow(path=path, size=stat.st_size, mtime_ns=stat.st_mtime_ns, errors=errors, warnings=warnings,
                   own_errors=errors, own_warnings=warnings,
                   problems_json=json.dumps([p.as_dict() for p in problems], ensure_ascii=False))
    if doc.error is None:
        row.title = display_text(data.get("title"))
        row.description = display_text(data.get("description"))
        row.date = display_text(data.get("date"))
        link = data.get("link") if isinstance(data.get("link"), dict) else {}
        row.brand = display_text(link.get("brand"))
        found = source_url(data)
        row.href = found[1].strip() if found else ""
        row.clean_url = clean_source_url(data)
        if found:
            row.url_position = doc.position_of(doc.path_of(found[0]))
        categories = data.get("categories")
        row.categories = [c.replace(_SEPARATOR, " ") for c in categories if isinstance(c, str)] \
            if isinstance(categories, list) else []
        image = data.get("featuredImage")
        href = image.get("href") if isinstance(image, dict) else None
        if isinstance(href, str) and _is_local_name(href.strip()):
            row.image_href = href.strip()
            row.image_position = doc.position_of(("featuredImage", "href"))
    return row


def display_text(value) -> str:
    """A front-matter value as one line of text for lists ('' for null, items joined by commas)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _is_local_name(href: str) -> bool:
    import re

    return bool(href) and not re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) and not href.startswith("//")


def _parse_many(paths: list[str]) -> list[dict]:
    """Worker entry point: rows as plain dicts (cheap to send between processes)."""
    return [parse_file(path).to_dict() for path in paths]


def _row_from_dict(data: dict) -> IndexRow:
    data = dict(data)
    data["image_missing"], data["duplicates"] = False, []
    data["image_position"] = tuple(data.get("image_position") or (1, 1))
    data["url_position"] = tuple(data.get("url_position") or (1, 1))
    return IndexRow(**data)


# --- listing ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Entry:
    path: str
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @property
    def key(self) -> tuple:
        return self.size, self.mtime_ns, self.ctime_ns, self.inode


def list_markdown(root: str | os.PathLike) -> tuple[list[_Entry], dict[str, set[str]]]:
    """Every ``.md`` file under ``root`` (hidden and tool folders skipped) and each folder's file names."""
    entries: list[_Entry] = []
    names_by_dir: dict[str, set[str]] = {}
    stack = [os.path.abspath(root)]
    while stack:
        folder = stack.pop()
        names: set[str] = set()
        try:
            with os.scandir(folder) as listing:
                for item in listing:
                    try:
                        if item.is_dir(follow_symlinks=False):
                            if not item.name.startswith(".") and item.name not in _SKIP_DIRS:
                                stack.append(item.path)
                            continue
                        names.add(item.name)
                        if item.name.endswith(".md") and not item.name.startswith("."):
                            st = item.stat()
                            entries.append(_Entry(item.path, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
                    except OSError:
                        continue  # vanished while listing
        except OSError:
            continue
        names_by_dir[folder] = names
    entries.sort(key=lambda e: e.path)
    return entries, names_by_dir


# --- cache -----------------------------------------------------------------------------------------------

def default_cache_path() -> Path:
    """The index database: ``$CURATOR_GUI_CACHE_DIR`` or the platform's user cache directory."""
    base = os.environ.get("CURATOR_GUI_CACHE_DIR")
    if not base:
        from platformdirs import user_cache_dir

        base = user_cache_dir("curator-gui", appauthor=False)
    return Path(base) / "index.sqlite3"


_SEPARATOR = "\x1f"  # joins categories in one column; the unit separator never occurs in a topic
_COLUMNS = ("title", "description", "date", "brand", "href", "clean_url", "categories", "size", "mtime_ns",
            "own_errors", "own_warnings", "problems_json", "image_href", "image_position", "url_position")


class _Cache:
    """Rows keyed by absolute path and stat key, in SQLite (in memory when the cache cannot be opened).

    Row fields are plain columns, so that serving a warm folder is one query and no decoding.
    """

    def __init__(self, path: Path | None):
        self._lock = threading.Lock()
        self.connection = self._open(path)

    @staticmethod
    def _open(path: Path | None) -> sqlite3.Connection:
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
                _Cache._schema(connection)
                return connection
            except (OSError, sqlite3.Error):
                pass  # unwritable cache: work without one rather than fail
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        _Cache._schema(connection)
        return connection

    @staticmethod
    def _schema(connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version != CACHE_VERSION:
            connection.execute("DROP TABLE IF EXISTS rows")
            connection.execute(f"PRAGMA user_version = {CACHE_VERSION}")
        connection.execute("CREATE TABLE IF NOT EXISTS rows (path TEXT PRIMARY KEY, size_key INTEGER, mtime_key INTEGER,"
                           " ctime_key INTEGER, inode_key INTEGER, title TEXT, description TEXT, date TEXT, brand TEXT,"
                           " href TEXT, clean_url TEXT, categories TEXT, size INTEGER, mtime_ns INTEGER,"
                           " own_errors INTEGER, own_warnings INTEGER, problems_json TEXT, image_href TEXT,"
                           " image_position TEXT, url_position TEXT)")
        connection.commit()

    _SELECT = "SELECT path, size_key, mtime_key, ctime_key, inode_key, " + ", ".join(_COLUMNS) + " FROM rows"

    def load(self, root: str) -> dict[str, tuple[tuple, tuple]]:
        """(stat key, row fields) of every cached file under ``root``."""
        prefix = root.rstrip(os.sep) + os.sep
        with self._lock:
            cursor = self.connection.execute(self._SELECT + " WHERE path >= ? AND path < ?",
                                             (prefix, prefix[:-1] + chr(ord(os.sep) + 1)))
            return {record[0]: (record[1:5], record) for record in cursor}

    def get(self, path: str) -> tuple[tuple, tuple] | None:
        with self._lock:
            record = self.connection.execute(self._SELECT + " WHERE path = ?", (path,)).fetchone()
        return (record[1:5], record) if record else None

    def store(self, items: Iterable[tuple[_Entry, IndexRow]]) -> None:
        values = [(e.path, e.size, e.mtime_ns, e.ctime_ns, e.inode, r.title, r.description, r.date, r.brand, r.href,
                   r.clean_url, _SEPARATOR.join(r.categories), r.size, r.mtime_ns, r.own_errors,
                   r.own_warnings, r.problems_json, r.image_href, "%d,%d" % r.image_position,
                   "%d,%d" % r.url_position) for e, r in items]
        if not values:
            return
        with self._lock:
            try:
                self.connection.executemany(
                    f"INSERT OR REPLACE INTO rows VALUES ({', '.join('?' * 20)})", values)
                self.connection.commit()
            except sqlite3.Error:
                pass  # a busy or full cache only costs a re-read next time

    def forget(self, paths: Iterable[str]) -> None:
        paths = [(p,) for p in paths]
        if not paths:
            return
        with self._lock:
            try:
                self.connection.executemany("DELETE FROM rows WHERE path = ?", paths)
                self.connection.commit()
            except sqlite3.Error:
                pass

    def close(self) -> None:
        with self._lock:
            self.connection.close()


def _row_from_record(record: tuple) -> IndexRow:
    (path, _s, _m, _c, _i, title, description, date, brand, href, clean, categories, size, mtime_ns, own_errors,
     own_warnings, problems_json, image_href, image_position, url_position) = record
    return IndexRow(path, title, description, date, brand, href, clean,
                    categories.split(_SEPARATOR) if categories else [], own_errors, own_warnings, size, mtime_ns,
                    own_errors, own_warnings, problems_json, False, [], image_href,
                    _pair(image_position), _pair(url_position))


def _pair(text: str) -> tuple[int, int]:
    line, _, column = text.partition(",")
    return int(line), int(column)


# --- the index -------------------------------------------------------------------------------------------

class Cancelled(Exception):
    """Raised inside a scan when its ``cancelled`` callback says so."""


@dataclass
class ScanResult:
    rows: list[IndexRow]
    parsed: int  # files read in this scan (the rest came from the cache)
    cached: int


class FolderIndex:
    """The curations under one folder; see the module docstring. Safe to use from one thread at a time."""

    def __init__(self, root: str | os.PathLike, cache_path: str | os.PathLike | None = "default",
                 workers: int | None = None, start_method: str | None = None):
        self.root = os.path.abspath(root)
        path = default_cache_path() if cache_path == "default" else (Path(cache_path) if cache_path else None)
        self._cache = _Cache(path)
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.start_method = start_method
        self.rows: dict[str, IndexRow] = {}
        self._names_by_dir: dict[str, set[str]] = {}

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
        entries, self._names_by_dir = list_markdown(self.root)
        if on_listed:
            on_listed([e.path for e in entries])
        cached = self._cache.load(self.root)
        rows: dict[str, IndexRow] = {}
        stale: list[_Entry] = []
        for entry in entries:
            hit = cached.get(entry.path)
            if hit is not None and hit[0] == entry.key:
                try:
                    rows[entry.path] = _row_from_record(hit[1])
                    continue
                except (ValueError, TypeError):
                    pass
            stale.append(entry)
        total = len(entries)
        if on_rows and rows:
            on_rows(list(rows.values()))
        if on_progress:
            on_progress(len(rows), total)
        listed = {e.path for e in entries}
        self._cache.forget(path for path in cached if path not in listed)
        for batch in self._parse(stale, cancelled):
            self._cache.store(batch)
            for entry, row in batch:
                rows[entry.path] = row
            if on_rows:
                on_rows([row for _, row in batch])
            if on_progress:
                on_progress(len(rows), total)
        ordered = [rows[e.path] for e in entries if e.path in rows]
        self.rows = {row.path: row for row in ordered}
        apply_cross_file_checks(ordered, self._names_by_dir)
        return ScanResult(ordered, len(stale), total - len(stale))

    def _parse(self, entries: list[_Entry], cancelled) -> Iterator[list[tuple[_Entry, IndexRow]]]:
        if not entries:
            return
        chunks = [entries[i:i + _CHUNK] for i in range(0, len(entries), _CHUNK)]
        if len(entries) < PARALLEL_THRESHOLD or self.workers < 2:
            for chunk in chunks:
                if cancelled and cancelled():
                    raise Cancelled()
                yield [(e, parse_file(e.path)) for e in chunk]
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context(self.start_method) if self.start_method else None
        with ProcessPoolExecutor(max_workers=self.workers, mp_context=context) as pool:
            futures = [(chunk, pool.submit(_parse_many, [e.path for e in chunk])) for chunk in chunks]
            try:
                for chunk, future in futures:
                    if cancelled and cancelled():
                        raise Cancelled()
                    yield list(zip(chunk, (_row_from_dict(d) for d in future.result())))
            finally:
                for _, future in futures:
                    future.cancel()

    def update_file(self, path: str | os.PathLike) -> IndexRow | None:
        """Re-read one file (after a save or an outside change); None when it no longer exists."""
        path = os.path.abspath(path)
        try:
            st = os.stat(path)
        except OSError:
            self.rows.pop(path, None)
            self._cache.forget([path])
            return None
        entry = _Entry(path, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        hit = self._cache.get(path)
        row = _row_from_record(hit[1]) if hit and hit[0] == entry.key else parse_file(path)
        if not hit or hit[0] != entry.key:
            self._cache.store([(entry, row)])
        folder = os.path.dirname(path)
        try:
            self._names_by_dir[folder] = set(os.listdir(folder))
        except OSError:
            pass
        self.rows[path] = row
        apply_cross_file_checks(list(self.rows.values()), self._names_by_dir)
        return row


def apply_cross_file_checks(rows: list[IndexRow], names_by_dir: dict[str, set[str]]) -> None:
    """Add the featured-image and duplicate-source warnings, which depend on other files, to ``rows``.

    Only the facts are recorded (and the counts updated); the problem texts are made when asked for.
    """
    from curator_gui.core.problems import duplicate_groups

    groups = duplicate_groups((row.path, row.clean_url) for row in rows if row.parsed)
    no_names: set[str] = set()
    for row in rows:
        missing = False
        if row.image_href:
            folder = row.path.rpartition(os.sep)[0]
            if "/" in row.image_href or "\\" in row.image_href:
                missing = not os.path.exists(os.path.join(folder, row.image_href))
            else:
                missing = row.image_href not in names_by_dir.get(folder, no_names)
        row.image_missing = missing
        row.duplicates = groups.get(row.path, [])
        row.errors = row.own_errors
        row.warnings = row.own_warnings + missing + bool(row.duplicates)
