"""The folder index's cache: the only place that talks to SQLite.

Rows are keyed by absolute path and stat key. The database lives in the user's cache directory, never in the
curation folder; when it cannot be opened the cache works in memory.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Iterable


def default_cache_path() -> Path:
    """The index database: ``$CURATOR_GUI_CACHE_DIR`` or the platform's user cache directory."""
    base = os.environ.get("CURATOR_GUI_CACHE_DIR")
    if not base:
        from platformdirs import user_cache_dir

        base = user_cache_dir("curator-gui", appauthor=False)
    return Path(base) / "index.sqlite3"


SEPARATOR = "\x1f"  # joins categories in one column; the unit separator never occurs in a topic
#: The row columns after the path and the four stat-key columns, in table order.
COLUMNS = ("title", "description", "date", "brand", "href", "clean_url", "categories", "size", "mtime_ns",
           "own_errors", "own_warnings", "problems_json", "image_href", "image_position", "url_position")
_ALL_COLUMNS = ("path", "size_key", "mtime_key", "ctime_key", "inode_key") + COLUMNS


class RowCache:
    """Rows keyed by absolute path and stat key, in SQLite (in memory when the cache cannot be opened).

    Row fields are plain columns, so that serving a warm folder is one query and no decoding. Paths are stored
    as the file system's bytes (names need not be UTF-8). A database this version cannot use (not SQLite, a
    truncated or damaged file, another schema or version) is discarded and rebuilt as folders are read; a
    record of the wrong shape is the index's to refuse, and is replaced when its file is read again.
    """

    def __init__(self, path: Path | None, version: int):
        self._lock = threading.Lock()
        self.path = path
        self.version = version
        self.connection = self._open(path, version)

    @staticmethod
    def _open(path: Path | None, version: int) -> sqlite3.Connection:
        if path is not None:
            for attempt in range(2):
                connection = None
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    connection = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
                    connection.execute("PRAGMA journal_mode=WAL")
                    connection.execute("PRAGMA synchronous=NORMAL")
                    RowCache._schema(connection, version)
                    return connection
                except (OSError, sqlite3.Error) as exc:
                    if connection is not None:
                        connection.close()
                    if attempt or isinstance(exc, OSError) or _is_busy(exc):
                        break  # unwritable or busy cache: work without one rather than fail
                    _discard(path)  # not a database, or one this version cannot use: start afresh
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        RowCache._schema(connection, version)
        return connection

    @staticmethod
    def _schema(connection: sqlite3.Connection, version: int) -> None:
        found = connection.execute("PRAGMA user_version").fetchone()[0]
        columns = [row[1] for row in connection.execute("PRAGMA table_info(rows)")]
        if found != version or (columns and columns != list(_ALL_COLUMNS)):
            connection.execute("DROP TABLE IF EXISTS rows")
            connection.execute(f"PRAGMA user_version = {int(version)}")
        connection.execute("CREATE TABLE IF NOT EXISTS rows (path BLOB PRIMARY KEY, size_key INTEGER, "
                           "mtime_key INTEGER, ctime_key INTEGER, inode_key INTEGER, title TEXT, description TEXT, "
                           "date TEXT, brand TEXT, href TEXT, clean_url TEXT, categories TEXT, size INTEGER, "
                           "mtime_ns INTEGER, own_errors INTEGER, own_warnings INTEGER, problems_json TEXT, "
                           "image_href TEXT, image_position TEXT, url_position TEXT)")
        connection.commit()

    _SELECT = "SELECT path, size_key, mtime_key, ctime_key, inode_key, " + ", ".join(COLUMNS) + " FROM rows"

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
        self.connection = self._open(self.path, self.version)

    def load(self, root: str) -> dict[str, tuple[tuple, tuple]]:
        """(stat key, row fields) of every cached file under ``root``."""
        prefix = os.fsencode(root.rstrip(os.sep) + os.sep)
        with self._lock:
            try:
                cursor = self.connection.execute(self._SELECT + " WHERE path >= ? AND path < ?",
                                                 (prefix, prefix[:-1] + bytes([prefix[-1] + 1])))
                return {os.fsdecode(record[0]): (record[1:5], record) for record in cursor
                        if isinstance(record[0], bytes)}
            except sqlite3.Error as exc:
                self._recover(exc)
                return {}

    def get(self, path: str) -> tuple[tuple, tuple] | None:
        with self._lock:
            try:
                record = self.connection.execute(self._SELECT + " WHERE path = ?", (os.fsencode(path),)).fetchone()
            except sqlite3.Error as exc:
                self._recover(exc)
                return None
        return (record[1:5], record) if record else None

    def store(self, items: Iterable[tuple]) -> None:
        """Store (listed entry, row) pairs; a failure only costs reading those files again next time."""
        values = [(os.fsencode(e.path), e.size, e.mtime_ns, e.ctime_ns, e.inode, r.title, r.description, r.date,
                   r.brand, r.href, r.clean_url, SEPARATOR.join(r.categories), r.size, r.mtime_ns, r.own_errors,
                   r.own_warnings, r.problems_json, r.image_href, "%d,%d" % r.image_position,
                   "%d,%d" % r.url_position) for e, r in items]
        if not values:
            return
        with self._lock:
            try:
                self.connection.executemany(
                    f"INSERT OR REPLACE INTO rows VALUES ({', '.join('?' * 20)})", values)
                self.connection.commit()
            except sqlite3.Error as exc:
                self._recover(exc)  # a busy or full cache only costs a re-read next time
            except UnicodeEncodeError:
                pass  # text that cannot be stored: those files are read again next time

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
