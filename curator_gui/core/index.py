"""The folder index: every curation under a folder as a row, parsed in parallel and cached in SQLite.

A scan lists the folder (one ``stat`` per file, from ``os.scandir``), serves every file whose size, mtime,
ctime and inode match the cache without reading it, and parses the rest across CPU cores. The cache lives
in the user's cache directory (never inside the curation folder) and is keyed by absolute path and those
four stat values, so a touched or edited file is always re-read. Facts that depend on other files (a
duplicate source URL, a featured image that is or is not beside the file) are computed at every scan from
the listing, so they are never stale either.

Nothing in a folder stops a listing: a named pipe, a device, a folder or a dangling link named ``*.md``, a file
over the size cap and a subfolder that cannot be read each become an error row without being opened; a file
that crashes its worker process costs its own row ("the parser crashed"); file names that are not UTF-8 are
kept as the bytes they are; a cache whose content is not what this version wrote is discarded and rebuilt.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from curator_gui.core.folderlist import ListedEntry as _Entry
from curator_gui.core.folderlist import entry_for, list_markdown, unreadable_reason
from curator_gui.core.indexcache import SEPARATOR as _SEPARATOR
from curator_gui.core.indexcache import RowCache, default_cache_path
from curator_gui.core.problems import ERROR, WARNING, Problem

#: Bump when a row's content or the validation rules change: older cache entries are then ignored.
CACHE_VERSION = 6
#: Below this many files to parse, worker processes cost more than they save.
PARALLEL_THRESHOLD = 48
_CHUNK = 64


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
    """Read and validate one file into a row (the image and duplicate checks are left to the scan).

    Never raises: a file that cannot be read, or any fault while reading it, is an error row.
    """
    try:
        return _parse_file(path)
    except Exception as exc:  # noqa: BLE001 - one file's fault must never cost the listing
        detail = " ".join(str(exc).split())[:300]
        return error_row(path, f"could not be read: internal error: {type(exc).__name__}: {detail}")


def error_row(path: str, message: str) -> IndexRow:
    """A row for a file (or folder) that could not be read: one error, at its first line."""
    problem = Problem(path, 1, 1, ERROR, "", message)
    return IndexRow(path=path, errors=1, own_errors=1, problems_json=_problems_json([problem]))


def _problems_json(problems: list[Problem]) -> str:
    text = json.dumps([p.as_dict() for p in problems], ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8 (kept as escaped surrogates)
        text = json.dumps([p.as_dict() for p in problems])
    return text


def _parse_file(path: str) -> IndexRow:
    from curator_gui.core.document import Document  # imported here: worker processes import what they use
    from curator_gui.core.validate import clean_source_url, source_url, validate_document

    try:
        stat = os.stat(path)
        doc = Document.load(path, editable=False)
    except OSError as exc:
        return error_row(path, f"cannot read file: {unreadable_reason(path, exc)}")
    problems = validate_document(doc, check_siblings=False)
    data = doc.data
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    row = IndexRow(path=path, size=stat.st_size, mtime_ns=stat.st_mtime_ns, errors=errors, warnings=warnings,
                   own_errors=errors, own_warnings=warnings, problems_json=_problems_json(problems))
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


def _crashed_row(path: str) -> dict:
    """The row of a file whose reading killed the worker process."""
    return error_row(path, "could not be read: the parser crashed").to_dict()


def _row_from_dict(data: dict) -> IndexRow:
    data = dict(data)
    data["image_missing"], data["duplicates"] = False, []
    data["image_position"] = tuple(data.get("image_position") or (1, 1))
    data["url_position"] = tuple(data.get("url_position") or (1, 1))
    return IndexRow(**data)


_PROBLEM_KEYS = {"path", "line", "column", "severity", "field", "message"}


def _row_from_record(record: tuple) -> IndexRow:
    """The row of a cache record; ``ValueError`` for a record this version did not write."""
    (path, _s, _m, _c, _i, title, description, date, brand, href, clean, categories, size, mtime_ns, own_errors,
     own_warnings, problems_json, image_href, image_position, url_position) = record
    texts = (title, description, date, brand, href, clean, categories, problems_json, image_href, image_position,
             url_position)
    if not all(type(t) is str for t in texts) or not all(type(n) is int for n in (size, mtime_ns, own_errors,
                                                                                    own_warnings)):
        raise ValueError("a cached row of the wrong shape")
    problems = json.loads(problems_json)
    if not isinstance(problems, list) or len(problems) != own_errors + own_warnings or not all(
            isinstance(p, dict) and p.keys() == _PROBLEM_KEYS for p in problems):
        raise ValueError("cached problems that do not match the row")
    return IndexRow(os.fsdecode(path), title, description, date, brand, href, clean,
                    categories.split(_SEPARATOR) if categories else [], own_errors, own_warnings, size, mtime_ns,
                    own_errors, own_warnings, problems_json, False, [], image_href,
                    _pair(image_position), _pair(url_position))


def _cached_row(hit: tuple[tuple, tuple] | None, entry: _Entry) -> IndexRow | None:
    """The cached row of ``entry`` when the cache has one for its current stat key and it is sound."""
    if hit is None or hit[0] != entry.key:
        return None
    try:
        return _row_from_record(hit[1])
    except (ValueError, TypeError, AttributeError):
        return None  # not what this version writes: read the file again (the store replaces the record)


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
        self._cache = RowCache(path, CACHE_VERSION)
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
            if entry.fault:  # never opened, never cached: the listing itself says what is wrong
                rows[entry.path] = error_row(entry.path, entry.fault)
                continue
            row = _cached_row(cached.get(entry.path), entry)
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
                                                           on_crash=_crashed_row, cancelled=check_cancelled)):
                    yield list(zip(chunk, (_row_from_dict(d) for d in dicts)))
                    done += 1
                return
            except WorkersUnavailable:
                pass  # read the rest here (the depth bound keeps the known parser crash away)
        for chunk in chunks[done:]:
            if cancelled and cancelled():
                raise Cancelled()
            yield [(e, parse_file(e.path)) for e in chunk]

    def update_file(self, path: str | os.PathLike) -> IndexRow | None:
        """Re-read one file (after a save or an outside change); None when it no longer exists."""
        path = os.path.abspath(path)
        entry = entry_for(path)
        if entry is None:
            self.rows.pop(path, None)
            self._cache.forget([path])
            return None
        row = error_row(path, entry.fault) if entry.fault else _cached_row(self._cache.get(path), entry)
        if row is None:
            row = parse_file(path)
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
