"""One curation file as the folder index knows it: the only place that reads a file into a row and turns a row's
findings into problems under a configuration (:mod:`curator_gui.core.index_columns` stores a row as cache columns).

A row keeps its own findings at their rules' default severities (``problems_packed``: compressed, decoded only
when asked for) and their codes (``codes``), so that the counts under any configuration are a lookup per
finding, and selecting or ignoring rules never needs the file again. Findings that depend on other files (a
featured image beside the file or not, another curation of the same source) are kept as facts and made into
problems on demand.

A folder of 100,000 rows must fit in memory beside the window: rows have slots, the texts many rows share
(codes, topics, brands, positions) are shared, and a row may be read without its large fields (see
:data:`LARGE_FIELDS`): findings that were not kept, or that the cache holds damaged, are found again by reading
the file when asked for.
"""
from __future__ import annotations

import json
import os
import re
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from curator_gui.core.index_cache import SEPARATOR
from curator_gui.core.media.checks import image_present
from curator_gui.core.media.index_media import media_state, refresh_entries, state_codes
from curator_gui.core.problems import ERROR, INFO, WARNING, Problem
from curator_gui.core.query import NO_MASK, search_text, word_mask
from curator_gui.core.topics import NONE

_LOCAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
#: The fields a row may be read without (the cache does not even hand them over): the description, the source
#: address as written (``href``: the clean one is kept), the filter's text and mask (``search``), the findings'
#: texts (``problems``), the image facts and the offerings.
LARGE_FIELDS = frozenset({"description", "href", "search", "problems", "media", "offerings"})
_NO_TITLES: Mapping[str, str] = {}  # shared by every row without duplicates; never written to


@dataclass(slots=True)
class IndexRow:
    """One curation file as the list shows it (``path`` is absolute)."""

    path: str
    title: str = ""
    description: str = ""
    date: str = ""
    brand: str = ""
    href: str = ""
    clean_url: str = ""  #: the source as compared for duplicates (see urls.duplicate_key)
    categories: Sequence[str] = ()  #: the record's topics, in either shape (rows share equal tuples)
    topic_shape: str = NONE  #: where they are kept: current, legacy or none (see core.topics)
    size: int = 0
    mtime_ns: int = 0
    codes: tuple[str, ...] = ()  #: rule codes of the file's own findings, in file order
    silenced: tuple[str, ...] = ()  #: rule codes the file's ignore comments silence
    #: the file's own findings (a zlib-compressed JSON list of Problem.as_dict()), at default severities; b"" for
    #: none, None when they were not kept (they are then read from the file when asked for)
    problems_packed: bytes | None = b""
    image_href: str = ""  #: featuredImage.href when it names a file beside the .md
    image_position: tuple[int, int] = (1, 1)
    url_position: tuple[int, int] = (1, 1)
    has_image: bool = False  #: featuredImage.href names an image (a file beside the .md or an address)
    search: str = ""  #: the text the filter searches (see core.query.search_text)
    search_mask: bytes = NO_MASK  #: core.query.word_mask(search)
    #: the record's local images and their files' facts (see core.media.index_media); None when they were not kept
    #: (read from the file when asked for)
    media_json: str | None = ""
    media_state: str = ""  #: their one-line summary: names, stats and finding codes (see core.media.index_media)
    #: the related offerings, as core.offerings.offerings_summary writes them; None when they were not kept (the
    #: index's cache holds them: see apply_cross_file_checks)
    offerings: str | None = ""
    parsed: bool = True  #: False for a placeholder row listed but not read yet
    # Made by apply_cross_file_checks at every scan (never cached):
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    image_missing: bool = False
    duplicates: Sequence[str] = ()  #: other files with the same source
    duplicate_titles: Mapping[str, str] = field(default_factory=lambda: _NO_TITLES)  #: their titles
    media_codes: tuple[str, ...] = ()  #: codes of the image findings now (CG501 is image_missing's)
    media_missing: frozenset = frozenset()  #: the image kinds whose file is not beside it
    offering_problems: tuple = ()  #: CG406 findings: an offering id written otherwise in other files
    _media: Any = field(default=None, repr=False, compare=False)  #: media_json decoded, once asked for
    config: Any = field(default=None, repr=False, compare=False)  #: the CuratorConfig the counts are under

    #: A row read from disk has no unsaved edits (the window's rows may; the filter asks every row).
    unsaved = False

    @property
    def has_topics(self) -> bool:
        return bool(self.categories)

    @property
    def local_image_names(self) -> set[str]:
        """The file names beside it that the record's featured image and site icon name."""
        names = {item.split("\x1f", 2)[1] for item in self.media_state.split("\x1e")} if self.media_state else set()
        if self.image_href:
            names.add(self.image_href)
        return names

    @property
    def media_entries(self) -> list[dict]:
        """The record's local images as :func:`curator_gui.core.media.index_media.media_entries` made them."""
        if self.media_json is None:  # not kept: read from the file (for a tooltip, a changed image)
            fresh = parse_file(self.path, self.config.options if self.config is not None else None)
            if not fresh.media_json:
                return []
            from curator_gui.core.media.index_media import decode_entries

            return decode_entries(fresh.media_json)
        if not self.media_json:
            return []
        if self._media is None:
            from curator_gui.core.media.index_media import decode_entries

            self._media = decode_entries(self.media_json)
        return self._media

    @property
    def status(self) -> str:
        """'error', 'warning', 'ok' (info hints do not count), or 'pending' for a placeholder."""
        if not self.parsed:
            return "pending"
        return ERROR if self.errors else WARNING if self.warnings else "ok"

    def to_dict(self) -> dict:
        """The row's own fields as plain data (for worker processes); cross-file facts and config left out."""
        return {name: getattr(self, name) for name in _OWN_FIELDS}

    @property
    def problems(self) -> list[dict]:
        """The file's own findings as dicts, at their default severities (decoded when asked for). Findings that
        were not kept, or that do not decode to what the row's codes say (a damaged cache), are found again by
        reading the file."""
        found = unpack_problems(self.problems_packed, len(self.codes))
        if found is None:
            fresh = parse_file(self.path, self.config.options if self.config is not None else None)
            found = unpack_problems(fresh.problems_packed, len(fresh.codes)) or []
        return found

    def all_problems(self, show_path: Callable[[str], str] | None = None) -> list[Problem]:
        """The file's problems, those that depend on other files included, under the row's configuration, in
        file order. ``show_path`` writes another folder's file in a duplicate message (default: as it is)."""
        from curator_gui.core.config import DEFAULT_CONFIG
        from curator_gui.core.problems import duplicate_message, featured_image_message, named_duplicates
        from curator_gui.core.rules import BY_CODE

        found = [Problem.from_dict(p) for p in self.problems]
        if self.image_missing and "CG501" not in self.silenced:
            found.append(Problem(self.path, *self.image_position, WARNING, "featuredImage.href",
                                 featured_image_message(self.image_href), "CG501"))
        if self.media_codes or self.media_missing:
            from curator_gui.core.media.index_media import entry_findings

            for entry in self.media_entries:
                for code, field_name, message, line, column in entry_findings(entry, entry["kind"] in
                                                                              self.media_missing):
                    if code != "CG501" and code not in self.silenced:  # CG501: image_missing's, above
                        found.append(Problem(self.path, line, column, BY_CODE[code].severity, field_name, message,
                                             code))
        if self.duplicates and "CG207" not in self.silenced:
            found.append(Problem(self.path, *self.url_position, WARNING, "link.href",
                                 duplicate_message(self.path, self.duplicates, self.duplicate_titles, show_path),
                                 "CG207", tuple(named_duplicates(self.path, self.duplicates))))
        if "CG406" not in self.silenced:
            found += self.offering_problems
        return sorted((self.config or DEFAULT_CONFIG).apply(found), key=lambda p: (p.line, p.column))

    def summary(self) -> dict:
        """The JSON object of ``curator-gui list --format json``."""
        return {"path": self.path, "title": self.title, "date": self.date, "brand": self.brand, "href": self.href,
                "status": self.status, "errors": self.errors, "warnings": self.warnings, "infos": self.infos,
                "categories": self.categories, "topic_shape": self.topic_shape, "size": self.size,
                "mtime_ns": self.mtime_ns}

    def matches(self, query: str) -> bool:
        """Whether the row matches a filter (:mod:`curator_gui.core.query`'s language; many rows:
        :class:`~curator_gui.core.row_filter.RowFilter`)."""
        from curator_gui.core.query import parse_query

        return parse_query(query).matches(self)


_CROSS_FILE = {"errors", "warnings", "infos", "image_missing", "duplicates", "duplicate_titles", "media_codes",
               "media_missing", "config", "offering_problems", "_media"}
_OWN_FIELDS = tuple(name for name in IndexRow.__dataclass_fields__ if name not in _CROSS_FILE)


def parse_file(path: str, options=None) -> IndexRow:
    """Read and check one file into a row (the image and duplicate checks are left to the scan).

    ``options``: the :class:`~curator_gui.core.config.RuleOptions` to check under (the defaults when None).
    Never raises: a file that cannot be read, or any fault while reading it, is an error row.
    """
    try:
        return _parse_file(path, options)
    except Exception as exc:  # noqa: BLE001 - one file's fault must never cost the listing
        detail = " ".join(str(exc).split())[:300]
        return error_row(path, f"could not be read: internal error: {type(exc).__name__}: {detail}")


def error_row(path: str, message: str) -> IndexRow:
    """A row for a file (or folder) that could not be read: one error, at its first line."""
    problem = Problem(path, 1, 1, ERROR, "", message, "CG001")
    return IndexRow(path=path, codes=("CG001",), problems_packed=pack_problems([problem]))


def pack_problems(problems: list[Problem]) -> bytes:
    """Findings as a row keeps them: compressed JSON (a third of the memory and cache space), b"" for none."""
    if not problems:
        return b""
    text = json.dumps([p.as_dict() for p in problems], ensure_ascii=False)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8 (kept as escaped surrogates)
        data = json.dumps([p.as_dict() for p in problems]).encode("ascii")
    return zlib.compress(data, 6)


_PROBLEM_KEYS = frozenset({"path", "line", "column", "severity", "field", "message", "code", "related"})


def unpack_problems(packed: bytes | None, count: int) -> list[dict] | None:
    """The findings of :func:`pack_problems`, when they decode to ``count`` findings of the right shape; None
    otherwise (not kept, or damaged)."""
    if packed is None:
        return None
    if not packed:
        return [] if count == 0 else None
    try:
        problems = json.loads(zlib.decompress(packed))
    except (zlib.error, ValueError):
        return None
    if not isinstance(problems, list) or len(problems) != count or not all(
            isinstance(p, dict) and p.keys() <= _PROBLEM_KEYS and {"line", "column", "message"} <= p.keys()
            for p in problems):
        return None
    return problems


def _parse_file(path: str, options) -> IndexRow:
    from curator_gui.core.document import Document  # imported here: worker processes import what they use
    from curator_gui.core.folderlist import unreadable_reason
    from curator_gui.core.media.index_media import media_entries
    from curator_gui.core.offerings import offering_uses, offerings_summary
    from curator_gui.core.topics import record_topics, topic_shape
    from curator_gui.core.validate import check_document, clean_source_url, silenced_codes, source_url

    try:
        stat = os.stat(path)
        doc = Document.load(path, editable=False)
    except OSError as exc:
        return error_row(path, f"cannot read file: {unreadable_reason(path, exc)}")
    problems = check_document(doc, options, check_siblings=False)
    row = IndexRow(path=path, size=stat.st_size, mtime_ns=stat.st_mtime_ns, codes=tuple(p.code for p in problems),
                   problems_packed=pack_problems(problems))
    if doc.error is None:
        data = doc.data
        row.silenced = tuple(sorted(silenced_codes(doc)))
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
        row.categories = tuple(topic.replace(SEPARATOR, " ") for topic in record_topics(data))
        row.topic_shape = topic_shape(data)
        row.offerings = offerings_summary(offering_uses(path, data, doc.position_of))
        image = data.get("featuredImage")
        href = image.get("href") if isinstance(image, dict) else None
        row.has_image = isinstance(href, str) and bool(href.strip())
        if isinstance(href, str) and _is_local_name(href.strip()):
            row.image_href = href.strip()
            row.image_position = doc.position_of(("featuredImage", "href"))
        entries = media_entries(doc, os.path.dirname(path))
        if entries:
            row.media_json, row.media_state = json.dumps(entries, ensure_ascii=False), media_state(entries)
    row.search = search_text(row.title, row.description, row.brand, os.path.basename(path), row.categories)
    row.search_mask = word_mask(row.search)
    return row


def display_text(value) -> str:
    """A front-matter value as one line of text for lists ('' for null, items joined by commas)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _is_local_name(href: str) -> bool:
    return bool(href) and not _LOCAL.match(href) and not href.startswith("//")


def apply_cross_file_checks(rows: list[IndexRow], names_by_dir: dict[str, set[str]], config=None,
                            offerings=None, offered: Callable[[], Iterable] | None = None) -> list[IndexRow]:
    """Record the facts that depend on other files (a featured image beside the file or not, what the image files
    really are, other curations of the same source, an offering id written otherwise elsewhere) and count each
    row's problems under its configuration (``row.config``, else ``config``, else the defaults). The problem texts
    are made when asked for (:meth:`IndexRow.all_problems`). Returns the rows whose image facts were read again
    (their image files changed since the rows were made): store them again to keep the cache current.
    ``offerings``, an empty :class:`~curator_gui.core.offerings.FolderOfferings`, is given every offering read.
    ``offered()`` gives (row, offerings summary) for every row with offerings (called once, or twice when some
    offering id is written in several ways); by default, the summaries the rows hold.
    """
    from curator_gui.core.config import DEFAULT_CONFIG
    from curator_gui.core.offerings import FolderOfferings, uses_from_summary
    from curator_gui.core.problems import duplicate_groups

    groups = duplicate_groups((row.path, row.clean_url) for row in rows if row.parsed)
    if offered is None:
        def offered():
            return ((row, row.offerings) for row in rows if row.offerings)
    folder_offerings = offerings if offerings is not None else FolderOfferings()
    for row, text in offered():  # decoded one file at a time: 100,000 files' offerings are never held decoded
        folder_offerings.add_summary(row.path, text)
    mixed = folder_offerings.mixed_paths()
    titles = {path: "" for others in groups.values() for path in others}
    no_names: set[str] = set()
    refreshed: list[IndexRow] = []
    for row in rows:
        if row.path in titles:
            titles[row.path] = row.title
    for row in rows:
        missing = False
        folder = row.path.rpartition(os.sep)[0]
        if row.image_href:
            missing = not image_present(os.path.join(folder, row.image_href), row.image_href,
                                        names_by_dir.get(folder, no_names))
        row.image_missing = missing
        if row.media_state and _media_findings(row, folder, names_by_dir.get(folder)):
            refreshed.append(row)
        row.duplicates = groups.get(row.path) or ()
        row.duplicate_titles = {path: titles[path] for path in row.duplicates[:4]} if row.duplicates else _NO_TITLES
        row.offering_problems = ()
        if row.config is None:
            row.config = config or DEFAULT_CONFIG
    for row, text in offered() if mixed else ():  # after the loop above reset them: only rows with offerings have any
        if row.path in mixed:
            row.offering_problems = tuple(folder_offerings.problems(uses_from_summary(row.path, text), row.path))
    for row in rows:
        count_problems(row, row.config.table)
    return refreshed


def _media_findings(row: IndexRow, folder: str, names: set[str] | None) -> bool:
    """Count the row's image findings from its summary; True when an image changed and its facts were read
    again (the row's image columns are then new)."""
    codes, missing, stale = state_codes(row.media_state, folder, names)
    if stale:
        entries = row.media_entries
        refresh_entries(entries, folder)
        row.media_json = json.dumps(entries, ensure_ascii=False) if entries else ""
        row.media_state = media_state(entries)
        codes, missing, _ = state_codes(row.media_state, folder, names) if row.media_state else ([], frozenset(), 0)
    row.media_codes, row.media_missing = tuple(codes), missing
    return stale


def count_problems(row: IndexRow, table: dict[str, str | None]) -> None:
    """Count the row's problems under a configuration's severity table (its own findings, and the cross-file
    facts as far as they are known)."""
    errors = warnings = infos = 0
    codes = row.codes
    if row.image_missing and "CG501" not in row.silenced:
        codes += ("CG501",)
    if row.duplicates and "CG207" not in row.silenced:
        codes += ("CG207",)
    if row.media_codes:
        codes += tuple(code for code in row.media_codes if code not in row.silenced)
    if row.offering_problems and "CG406" not in row.silenced:
        codes += tuple(p.code for p in row.offering_problems)
    for code in codes:
        severity = table.get(code, WARNING)
        if severity == ERROR:
            errors += 1
        elif severity == WARNING:
            warnings += 1
        elif severity == INFO:
            infos += 1
    row.errors, row.warnings, row.infos = errors, warnings, infos
