"""The folder index's SQLite cache: the only place that stores index rows between runs.

Rows are keyed by absolute path, and a cached row is used only while the file's size, mtime, ctime and inode
and the fingerprint of the rule options it was checked under (thresholds, topic vocabulary) are all unchanged:
an edited file, or a changed configuration, is always read again. Which rules are on and at what severity is
applied when rows are served, so selecting or ignoring rules never costs a re-read. The cache lives in the
user's cache directory, never inside the curation folder.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Iterable

#: Bump when a row's content or the checks change: older cache entries are then dropped.
CACHE_VERSION = 6
#: Joins list items in one column; the unit separator never occurs in a topic or a path.
SEPARATOR = "\x1f"
#: The row fields stored as columns, in table order after the key columns.
COLUMNS = ("title", "description", "date", "brand", "href", "clean_url", "categories", "topic_shape", "size",
           "mtime_ns", "codes", "silenced", "problems_json", "image_href", "image_position", "url_position")
_KEYS = ("size_key", "mtime_key", "ctime_key", "inode_key", "options_key")
_TYPES = {"size": "INTEGER", "mtime_ns": "INTEGER", "size_key": "INTEGER", "mtime_key": "INTEGER",
          "ctime_key": "INTEGER", "inode_key": "INTEGER"}


def default_cache_path() -> Path:
    """The index database: ``$CURATOR_GUI_CACHE_DIR`` or the platform's user cache directory."""
    base = os.environ.get("CURATOR_GUI_CACHE_DIR")
    if not base:
        from platformdirs import user_cache_dir

        base = user_cache_dir("curator-gui", appauthor=False)
    return Path(base) / "index.sqlite3"


class IndexCache:
    """Rows keyed by absolute path, file stat and options fingerprint, in SQLite (in memory when the cache file
    cannot be opened). Row fields are plain columns, so that serving a warm folder is one query, no decoding.

    :meth:`load` and :meth:`get` return ``(key, record)``: ``key`` is (size, mtime_ns, ctime_ns, inode,
    options fingerprint) as stored, ``record`` the path followed by the key columns and :data:`COLUMNS`.
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
                IndexCache._schema(connection)
                return connection
            except (OSError, sqlite3.Error):
                pass  # unwritable cache: work without one rather than fail
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        IndexCache._schema(connection)
        return connection

    @staticmethod
    def _schema(connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version != CACHE_VERSION:
            connection.execute("DROP TABLE IF EXISTS rows")
            connection.execute(f"PRAGMA user_version = {CACHE_VERSION}")
        columns = ", ".join(f"{name} {_TYPES.get(name, 'TEXT')}" for name in _KEYS + COLUMNS)
        connection.execute(f"CREATE TABLE IF NOT EXISTS rows (path TEXT PRIMARY KEY, {columns})")
        connection.commit()

    _SELECT = "SELECT path, " + ", ".join(_KEYS + COLUMNS) + " FROM rows"
    _WIDTH = 1 + len(_KEYS) + len(COLUMNS)

    def load(self, root: str) -> dict[str, tuple[tuple, tuple]]:
        """(key, record) of every cached file under ``root``."""
        prefix = root.rstrip(os.sep) + os.sep
        with self._lock:
            cursor = self.connection.execute(self._SELECT + " WHERE path >= ? AND path < ?",
                                             (prefix, prefix[:-1] + chr(ord(os.sep) + 1)))
            return {record[0]: (record[1:6], record) for record in cursor}

    def get(self, path: str) -> tuple[tuple, tuple] | None:
        with self._lock:
            record = self.connection.execute(self._SELECT + " WHERE path = ?", (path,)).fetchone()
        return (record[1:6], record) if record else None

    def store(self, items: Iterable[tuple[str, tuple, tuple]]) -> None:
        """Store (path, key, column values in :data:`COLUMNS` order) items."""
        values = [(path, *key, *columns) for path, key, columns in items]
        if not values:
            return
        with self._lock:
            try:
                self.connection.executemany(
                    f"INSERT OR REPLACE INTO rows VALUES ({', '.join('?' * self._WIDTH)})", values)
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
