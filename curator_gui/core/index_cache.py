"""The folder index's SQLite cache: the only place that stores index rows between runs.

Rows are keyed by absolute path, and a cached row is used only while the file's size, mtime, ctime and inode
and the fingerprint of the rule options it was checked under (thresholds, topic vocabulary) are all unchanged:
an edited file, or a changed configuration, is always read again. Which rules are on and at what severity is
applied when rows are served, so selecting or ignoring rules never costs a re-read. The cache lives in the
user's cache directory, never inside the curation folder; when it cannot be opened the cache works in memory.

Paths are stored as the file system's bytes (names need not be UTF-8). A database this version cannot use (not
SQLite, a truncated or damaged file, another schema or version) is discarded and rebuilt as folders are read;
a record of the wrong shape is the row reader's to refuse, and is replaced when its file is read again.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Iterable, Iterator

#: Bump when a row's content or the checks change: older cache entries are then dropped.
CACHE_VERSION = 13
#: Joins list items in one column; the unit separator never occurs in a topic or a path.
SEPARATOR = "\x1f"
#: The row fields stored as columns, in table order after the key columns.
COLUMNS = ("title", "description", "date", "brand", "href", "clean_url", "categories", "topic_shape", "size",
           "mtime_ns", "codes", "silenced", "problems", "image_href", "image_position", "url_position",
           "has_image", "search", "search_mask", "media", "media_state", "offerings")
#: The large columns a query may leave out (:meth:`IndexCache.records`), and what it returns for them instead.
OPTIONAL = {"description": "''", "href": "''", "search": "''", "search_mask": "x''", "problems": "NULL",
            "media": "NULL", "offerings": "NULL"}
_KEYS = ("size_key", "mtime_key", "ctime_key", "inode_key", "options_key")
_TYPES = {"size": "INTEGER", "mtime_ns": "INTEGER", "size_key": "INTEGER", "mtime_key": "INTEGER",
          "ctime_key": "INTEGER", "inode_key": "INTEGER", "has_image": "INTEGER", "search_mask": "BLOB",
          "problems": "BLOB"}
_ALL_COLUMNS = ("path",) + _KEYS + COLUMNS


def default_cache_path() -> Path:
    """The index database: ``$CURATOR_GUI_CACHE_DIR`` or the platform's user cache directory."""
    base = os.environ.get("CURATOR_GUI_CACHE_DIR")
    if not base:
        from platformdirs import user_cache_dir

        base = user_cache_dir("curator-gui", appauthor=False)
    return Path(base) / "index.sqlite3"


class IndexCache:
    """Rows keyed by absolute path, file stat and options fingerprint (see the module docstring).

    :meth:`records` yields, and :meth:`get` returns, records: the path followed by the key columns ((size,
    mtime_ns, ctime_ns, inode, options fingerprint) as stored) and :data:`COLUMNS`. Row fields are plain
    columns, so that serving a warm folder is one query and no decoding.
    """

    def __init__(self, path: Path | None):
        self._lock = threading.Lock()
        self.path = path
        self.connection = self._open(path)

    @staticmethod
    def _open(path: Path | None) -> sqlite3.Connection:
        if path is not None:
            for attempt in range(2):
                connection = None
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    connection = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
                    connection.execute("PRAGMA journal_mode=WAL")
                    connection.execute("PRAGMA synchronous=NORMAL")
                    IndexCache._schema(connection)
                    return connection
                except (OSError, sqlite3.Error) as exc:
                    if connection is not None:
                        connection.close()
                    if attempt or isinstance(exc, OSError) or _is_busy(exc):
                        break  # unwritable or busy cache: work without one rather than fail
                    _discard(path)  # not a database, or one this version cannot use: start afresh
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        IndexCache._schema(connection)
        return connection

    @staticmethod
    def _schema(connection: sqlite3.Connection) -> None:
        found = connection.execute("PRAGMA user_version").fetchone()[0]
        columns = [row[1] for row in connection.execute("PRAGMA table_info(rows)")]
        if found != CACHE_VERSION or (columns and columns != list(_ALL_COLUMNS)):
            connection.execute("DROP TABLE IF EXISTS rows")
            connection.execute(f"PRAGMA user_version = {CACHE_VERSION}")
        columns_sql = ", ".join(f"{name} {_TYPES.get(name, 'TEXT')}" for name in _KEYS + COLUMNS)
        connection.execute(f"CREATE TABLE IF NOT EXISTS rows (path BLOB PRIMARY KEY, {columns_sql})")
        connection.commit()

    _SELECT = "SELECT path, " + ", ".join(_KEYS + COLUMNS) + " FROM rows"
    _WIDTH = len(_ALL_COLUMNS)

    def _recover(self, exc: sqlite3.Error) -> None:
        """After a failed query: a busy database is left alone; any other fault discards the cache file."""
        if _is_busy(exc):
            return
        try:
            self.connection.close()
        except sqlite3.Error:
            pass
        if self.path is not None:
            _discard(self.path)
        self.connection = self._open(self.path)

    def records(self, root: str, leave_out: Iterable[str] = (), chunk: int = 2000) -> Iterator[list[tuple]]:
        """The records of every cached file under ``root``, ``chunk`` at a time (so that the first can be shown
        while the rest are read, and no more than a chunk of them is held at once). Columns named in
        ``leave_out`` (of :data:`OPTIONAL`) are not read: they come as empty values (findings as None)."""
        columns = ", ".join(OPTIONAL[name] if name in leave_out else name for name in COLUMNS)
        query = f"SELECT path, {', '.join(_KEYS)}, {columns} FROM rows WHERE path >= ? AND path < ?"
        with self._lock:
            try:
                cursor = self.connection.execute(query, _path_range(root))
            except sqlite3.Error as exc:
                self._recover(exc)
                return
        while True:
            with self._lock:  # taken per chunk: the caller may use the cache between chunks
                try:
                    records = cursor.fetchmany(chunk)
                except sqlite3.Error as exc:
                    self._recover(exc)
                    return  # the files not served are read again
            if not records:
                return
            yield records

    def get(self, path: str) -> tuple | None:
        """The record of one file, None when there is none."""
        with self._lock:
            try:
                return self.connection.execute(self._SELECT + " WHERE path = ?", (os.fsencode(path),)).fetchone()
            except sqlite3.Error as exc:
                self._recover(exc)
                return None

    def store(self, items: Iterable[tuple[str, tuple, tuple]]) -> bool:
        """Store (path, key, column values in :data:`COLUMNS` order) items; a failure only costs reading those
        files again next time. True when they were stored."""
        values = [(os.fsencode(path), *key, *columns) for path, key, columns in items]
        if not values:
            return True
        with self._lock:
            try:
                self.connection.executemany(
                    f"INSERT OR REPLACE INTO rows VALUES ({', '.join('?' * self._WIDTH)})", values)
                self.connection.commit()
                return True
            except sqlite3.Error as exc:
                self._recover(exc)  # a busy or full cache only costs a re-read next time
            except UnicodeEncodeError:
                pass  # text that cannot be stored: those files are read again next time
        return False

    def offerings(self, root: str, chunk: int = 2000) -> Iterator[tuple[str, str]]:
        """Every cached file's related offerings under ``root`` (the summaries that are not empty) as (path,
        summary), ``chunk`` at a time: for rows held without them (the checks across files look at every file's)."""
        with self._lock:
            try:
                cursor = self.connection.execute(
                    "SELECT path, offerings FROM rows WHERE path >= ? AND path < ? AND offerings != ''",
                    _path_range(root))
            except sqlite3.Error as exc:
                self._recover(exc)
                return
        while True:
            with self._lock:
                try:
                    found = cursor.fetchmany(chunk)
                except sqlite3.Error as exc:
                    self._recover(exc)
                    return
            if not found:
                return
            for path, text in found:
                if type(path) is bytes and type(text) is str:
                    yield os.fsdecode(path), text

    def offerings_of(self, path: str) -> str:
        """One cached file's related offerings ('' when there are none or the cache has no record of it)."""
        with self._lock:
            try:
                found = self.connection.execute("SELECT offerings FROM rows WHERE path = ?",
                                                (os.fsencode(path),)).fetchone()
            except sqlite3.Error as exc:
                self._recover(exc)
                return ""
        return found[0] if found is not None and type(found[0]) is str else ""

    def forget(self, paths: Iterable[str]) -> None:
        paths = [(os.fsencode(p),) for p in paths]
        if not paths:
            return
        with self._lock:
            try:
                self.connection.executemany("DELETE FROM rows WHERE path = ?", paths)
                self.connection.commit()
            except sqlite3.Error as exc:
                self._recover(exc)

    def close(self) -> None:
        with self._lock:
            self.connection.close()


def _path_range(root: str) -> tuple[bytes, bytes]:
    """The (low, high) bounds of the paths under folder ``root``, as stored (bytes): ``low <= path < high``."""
    prefix = os.fsencode(root.rstrip(os.sep) + os.sep)
    return prefix, prefix[:-1] + bytes([prefix[-1] + 1])


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _discard(path: Path) -> None:
    """Remove a cache database and its journal files."""
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        try:
            name.unlink()
        except OSError:
            pass
