"""What the file list shows of one file: the columns, one plain row per file, and how rows sort.

A row is small (no widget per row) and carries a casefolded haystack computed once, so a filter keystroke is one
substring test per row; sort keys are computed from plain attributes, never through Qt.
"""
from __future__ import annotations

import os
from typing import Callable

from curator_gui.core.index import display_text
from curator_gui.core.media.record import FEATURED, recorded_image
from curator_gui.core.topics import record_topics
from curator_gui.core.validate import clean_source_url

UNSAVED, PROBLEM, TITLE, DATE, BRAND, FILE, STATUS, IMAGE = range(8)
HEADERS = ("", "", "Title", "Date", "Brand", "File", "Status", "Image")
HEADER_TIPS = ("Unsaved changes", "Problems", "Headline of the curation", "Curation date", "Source site",
               "File name", "Problems found in the file", "The featured image")
_SEVERITY_RANK = {"error": 0, "warning": 1, "pending": 2, "ok": 3}


class ListRow:
    """What the list shows of one file; built from an index row (or a placeholder until it is read)."""

    __slots__ = ("path", "name", "relative", "title", "date", "brand", "status", "errors", "warnings",
                 "clean_url", "categories", "haystack", "_summary", "_index_row", "unsaved", "stamp", "image")

    def __init__(self, path: str, root: str):
        self.path = path
        self.name = path.rpartition(os.sep)[2]
        self.relative = _relative(path, root)
        self.title = ""
        self.date = ""
        self.brand = ""
        self.status = "pending"
        self.errors = 0
        self.warnings = 0
        self.clean_url = ""
        self.categories: list[str] = []
        self._summary: str | None = "not read yet"
        self._index_row = None
        self.unsaved = False
        self.stamp: tuple = ()
        self.image = ""  # the featured image's file name beside the .md ('' when it names none, or an address)
        self.haystack = self.relative.casefold()

    def fill(self, title: str, description: str, date: str, brand: str, categories: list[str], clean_url: str,
             status: str, errors: int, warnings: int, summary: str | None, root: str, image: str = "") -> None:
        self.title, self.date, self.brand, self.image = title, date, brand, image
        self.categories, self.clean_url = list(categories), clean_url
        self.status, self.errors, self.warnings, self._summary = status, errors, warnings, summary
        self._index_row = None
        self.haystack = "\n".join((title, description, brand, self.relative, *categories)).casefold()

    def fill_from_index(self, row, root: str) -> None:
        """Copy what is shown from a core ``IndexRow``; its problems are only read for a tooltip."""
        self.stamp = index_stamp(row)
        self.fill(row.title, row.description, row.date, row.brand, row.categories, row.clean_url, row.status,
                  row.errors, row.warnings, None if row.parsed else "not read yet", root, row.image_href)
        self._index_row = row

    @property
    def summary(self) -> str:
        """The problems as a tooltip (worked out when first shown: decoding 10,000 lists up front costs)."""
        if self._summary is None:
            self._summary = problem_summary(self._index_row.all_problems()) if self._index_row is not None else ""
        return self._summary

    def status_text(self) -> str:
        """The worst kind of problem and its count ('ok' without any); the tooltip lists them all."""
        if self.status == "pending":
            return "reading…"
        if self.errors:
            return f"{self.errors} error{'s' if self.errors != 1 else ''}"
        if self.warnings:
            return f"{self.warnings} warning{'s' if self.warnings != 1 else ''}"
        return "ok"


def _relative(path: str, root: str) -> str:
    return path[len(root) + 1:] if root and path.startswith(root + os.sep) else path


def index_stamp(row) -> tuple:
    """What tells an index row's shown state apart: when it is unchanged, the list row needs no update."""
    return (row.size, row.mtime_ns, row.errors, row.warnings, row.parsed, row.image_missing, len(row.duplicates))


def problem_summary(problems) -> str:
    """A row's problems as its tooltip: the first six, and how many more."""
    if not problems:
        return "no problems"
    lines = [f"line {p.line}: {p.severity}: {p.message}" for p in problems[:6]]
    if len(problems) > 6:
        lines.append(f"… and {len(problems) - 6} more")
    return "\n".join(lines)


def sort_key(column: int) -> Callable[[ListRow], tuple]:
    """How rows sort by ``column`` (ties broken by a second key, so the order is stable and meaningful)."""
    if column == UNSAVED:
        return lambda r: (not r.unsaved, r.title.casefold())
    if column == PROBLEM or column == STATUS:
        return lambda r: (_SEVERITY_RANK[r.status], -r.errors, -r.warnings, r.title.casefold())
    if column == TITLE:
        return lambda r: (r.title.casefold() or "\uffff", r.name)
    if column == DATE:
        return lambda r: (r.date, r.name)
    if column == BRAND:
        return lambda r: (r.brand.casefold(), r.date)
    if column == IMAGE:
        return lambda r: (not r.image, r.title.casefold())
    return lambda r: r.name


def record_values(data: dict, problems) -> dict:
    """What the list shows of a record held in the window (after a save), as :meth:`ListRow.fill` takes it."""
    link = data.get("link") if isinstance(data.get("link"), dict) else {}
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)  # info hints are not counted
    image = recorded_image(data, FEATURED)
    return dict(title=display_text(data.get("title")), description=display_text(data.get("description")),
                date=display_text(data.get("date")), brand=display_text(link.get("brand")),
                categories=record_topics(data), clean_url=clean_source_url(data),
                status="error" if errors else "warning" if warnings else "ok", errors=errors, warnings=warnings,
                summary="\n".join(f"line {p.line}: {p.severity}: {p.message}" for p in problems[:6])
                or "no problems", image=image.href if image.is_local else "")
