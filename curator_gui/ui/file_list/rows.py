"""What the file list shows of one file: the columns, the rows that are not the index's own, and how rows sort.

The list holds the folder index's rows themselves (:class:`~curator_gui.core.index_row.IndexRow`): a folder of
100,000 files costs no second object per file, and a row read in the background is shown without copying it.
Two kinds of row stand in for an index row: a :class:`PendingRow` for a file listed but not read yet, and a
:class:`ListRow` for a file whose record the window holds (unsaved edits, or saved and not read back yet). All
three answer the same attributes: what the columns show, what the filter asks (``search``, ``search_mask``,
``date``, ``status``, ``unsaved``, ``has_image``, ``has_topics``; see :mod:`curator_gui.core.query`), the
featured image's file name beside the .md (``image_href``, for the Image column) and what sorting needs.
"""
from __future__ import annotations

import os
from operator import attrgetter
from typing import Callable

from curator_gui.core.index import display_text
from curator_gui.core.media.record import FEATURED, recorded_image
from curator_gui.core.query import NO_MASK, search_text, word_mask
from curator_gui.core.topics import record_topics
from curator_gui.core.validate import clean_source_url, is_date

UNSAVED, PROBLEM, TITLE, DATE, BRAND, FILE, STATUS, IMAGE = range(8)
HEADERS = ("", "", "Title", "Date", "Brand", "File", "Status", "Image")
HEADER_TIPS = ("Unsaved changes", "Problems", "Headline of the curation", "Curation date", "Source site",
               "File name", "Problems found in the file", "The featured image (a small picture of the file beside "
               "the .md)")
_SEVERITY_RANK = {"error": 0, "warning": 1, "pending": 2, "ok": 3}


class PendingRow:
    """A file listed but not read yet: only its path is its own (filtering finds it by its file name)."""

    __slots__ = ("path", "_search")
    title = date = brand = clean_url = image_href = ""
    status = "pending"
    errors = warnings = 0
    search_mask = NO_MASK
    categories = ()
    unsaved = has_image = has_topics = parsed = False

    def __init__(self, path: str):
        self.path = path
        self._search: str | None = None

    @property
    def search(self) -> str:
        """The file name, prepared for the filter (made when the filter first asks)."""
        if self._search is None:
            self._search = search_text(file_name=file_name(self.path))
        return self._search


class ListRow:
    """A file whose record the window holds: what the record says now (unsaved edits included), not its file."""

    __slots__ = ("path", "title", "date", "brand", "status", "errors", "warnings", "clean_url", "categories",
                 "search", "search_mask", "has_image", "image_href", "unsaved", "summary", "index_row")
    parsed = True

    def __init__(self, path: str):
        self.path = path
        self.unsaved = False
        self.index_row = None  # the file's own row, for its problems, until the record's values replace them
        self.fill("", "", "", "", (), "", "pending", 0, 0, "not read yet")

    @classmethod
    def copy_of(cls, row) -> "ListRow":
        """A row showing what ``row`` (an index row or a pending one) shows, to be changed from there."""
        copy = cls(row.path)
        copy.title, copy.date, copy.brand, copy.status = row.title, row.date, row.brand, row.status
        copy.errors, copy.warnings, copy.clean_url, copy.categories = row.errors, row.warnings, row.clean_url, \
            row.categories
        copy.search, copy.search_mask, copy.has_image = row.search, row.search_mask, row.has_image
        copy.image_href = row.image_href
        copy.unsaved = row.unsaved
        copy.summary = row.summary if isinstance(row, ListRow) else None
        copy.index_row = row.index_row if isinstance(row, ListRow) else row if row.parsed else None
        if not row.parsed:
            copy.summary = "not read yet"
        return copy

    def fill(self, title: str, description: str, date: str, brand: str, categories, clean_url: str, status: str,
             errors: int, warnings: int, summary: str | None, has_image: bool = False, image_href: str = "") -> None:
        """Show these values (a record's, see :func:`record_values`)."""
        self.title, self.date, self.brand, self.clean_url = title, date, brand, clean_url
        self.image_href = image_href
        self.categories = tuple(categories)
        self.status, self.errors, self.warnings, self.summary = status, errors, warnings, summary
        self.has_image = has_image
        self.search = search_text(title, description, brand, file_name(self.path), self.categories)
        self.search_mask = word_mask(self.search)

    @property
    def has_topics(self) -> bool:
        return bool(self.categories)


def file_name(path: str) -> str:
    return path.rpartition(os.sep)[2]


def relative_path(path: str, root: str) -> str:
    """``path`` as written from the open folder."""
    return path[len(root) + 1:] if root and path.startswith(root + os.sep) else path


def shown_date(date: str) -> tuple[str, bool]:
    """The Date column's text and whether it is a date: an ISO date (or date-time) shows as its day; anything
    else as it is written (the column cuts it with an ellipsis, its tooltip says it is not a date)."""
    if len(date) >= 10 and date[4:5] == "-" and is_date(date):
        return date[:10], True
    return date.strip(), not date.strip()


def status_text(row) -> str:
    """The worst kind of problem and its count ('ok' without any); the tooltip lists them all."""
    if row.status == "pending":
        return "reading…"
    if row.errors:
        return f"{row.errors} error{'s' if row.errors != 1 else ''}"
    if row.warnings:
        return f"{row.warnings} warning{'s' if row.warnings != 1 else ''}"
    return "ok"


def problem_text(row) -> str:
    """A row's problems as its tooltip (worked out when shown: decoding 100,000 lists up front costs)."""
    if not row.parsed:
        return "not read yet"
    if isinstance(row, ListRow):
        if row.summary is None:
            row.summary = problem_summary(row.index_row.all_problems()) if row.index_row is not None else ""
        return row.summary
    return problem_summary(row.all_problems())


def problem_summary(problems) -> str:
    """A row's problems as its tooltip: the first six, each with its rule's code as the command line writes it
    (``line 4: warning: message (CG203)``), and how many more."""
    if not problems:
        return "no problems"
    lines = [f"line {p.line}: {p.severity}: {p.message}" + (f" ({p.code})" if p.code else "") for p in problems[:6]]
    if len(problems) > 6:
        lines.append(f"… and {len(problems) - 6} more")
    return "\n".join(lines)


def sort_rows(rows: list, column: int, descending: bool) -> None:
    """Sort ``rows`` in place by ``column`` (see :func:`sort_key`)."""
    if column == DATE:
        # On the date alone, fetched in C (no key made per row): the list is sorted again as a large folder's rows
        # arrive, and a sorted list with rows added is sorted in one pass. The sort is stable, and rows arrive in
        # file name order, so files of one date stay in that order.
        rows.sort(key=_DATE, reverse=descending)
    else:
        rows.sort(key=sort_key(column), reverse=descending)


_DATE = attrgetter("date")


def sort_key(column: int) -> Callable:
    """How rows sort by ``column`` (ties broken by a second key, so the order is stable and meaningful). Text
    in the Date column that is not a date sorts as text (after the dates: on top of the newest-first order)."""
    if column == UNSAVED:
        return lambda r: (not r.unsaved, r.title.casefold())
    if column == PROBLEM or column == STATUS:
        return lambda r: (_SEVERITY_RANK[r.status], -r.errors, -r.warnings, r.title.casefold())
    if column == TITLE:
        return lambda r: (r.title.casefold() or "\uffff", r.path)
    if column == DATE:
        return _DATE  # ties: see sort_rows
    if column == BRAND:
        return lambda r: (r.brand.casefold(), r.date)
    if column == IMAGE:
        return lambda r: (not r.image_href, r.title.casefold())
    return lambda r: file_name(r.path)


def record_values(data: dict, problems) -> dict:
    """What the list shows of a record held in the window, as :meth:`ListRow.fill` takes it."""
    link = data.get("link") if isinstance(data.get("link"), dict) else {}
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)  # info hints are not counted
    image = data.get("featuredImage")
    href = image.get("href") if isinstance(image, dict) else None
    recorded = recorded_image(data, FEATURED)
    return dict(title=display_text(data.get("title")), description=display_text(data.get("description")),
                date=display_text(data.get("date")), brand=display_text(link.get("brand")),
                categories=record_topics(data), clean_url=clean_source_url(data),
                status="error" if errors else "warning" if warnings else "ok", errors=errors, warnings=warnings,
                summary=problem_summary(problems), has_image=isinstance(href, str) and bool(href.strip()),
                image_href=recorded.href if recorded.is_local else "")
