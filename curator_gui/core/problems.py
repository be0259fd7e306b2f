"""The problem record shared by validation, the index, the command line and the window, and its output forms."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from curator_gui.core.rules import BY_CODE, ERROR, INFO, WARNING, rule_label

__all__ = ["ERROR", "WARNING", "INFO", "Problem", "duplicate_groups", "duplicate_message", "duplicate_problems",
           "featured_image_message", "named_duplicates"]


@dataclass(frozen=True)
class Problem:
    """One finding, located in the file. ``field`` is the dotted key ('' for the file as a whole), ``code``
    the rule's code (see :mod:`curator_gui.core.rules`), ``related`` the other files a finding is about (the
    other curations of the same source), as paths."""

    path: str
    line: int
    column: int
    severity: str
    field: str
    message: str
    code: str = ""
    related: tuple[str, ...] = ()

    def format(self) -> str:
        """``path:line:col: severity: message [field] (CODE)``, the command line's form."""
        suffix = f" [{self.field}]" if self.field else ""
        code = f" ({self.code})" if self.code else ""
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}{suffix}{code}"

    def github(self) -> str:
        """A GitHub Actions workflow command (``::warning file=…,line=…,col=…,title=CODE name::message``)."""
        command = {ERROR: "error", WARNING: "warning"}.get(self.severity, "notice")
        title = rule_label(self.code) if self.code else self.severity
        message = self.message + (f" [{self.field}]" if self.field else "")
        return (f"::{command} file={_escape_property(self.path)},line={self.line},col={self.column},"
                f"title={_escape_property(title)}::{_escape_data(message)}")

    def as_dict(self) -> dict:
        # Spelled out: dataclasses.asdict deep-copies every value and dominates a warm folder scan.
        return {"path": self.path, "line": self.line, "column": self.column, "severity": self.severity,
                "field": self.field, "message": self.message, "code": self.code, "related": list(self.related)}

    @classmethod
    def from_dict(cls, data: dict) -> "Problem":
        """The inverse of :meth:`as_dict`."""
        return cls(data["path"], data["line"], data["column"], data["severity"], data["field"], data["message"],
                   data.get("code", ""), tuple(data.get("related", ())))

    @property
    def rule_name(self) -> str:
        """The rule's short name ('' when the problem has no known code)."""
        rule = BY_CODE.get(self.code)
        return rule.name if rule else ""


def _escape_data(text: str) -> str:
    # GitHub's rules for a workflow command's message: %, CR and LF are escaped.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    # Property values also escape the characters that separate properties.
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def featured_image_message(href: str) -> str:
    """The text of a featured-image-missing finding (made by validation, or by the index from its listing)."""
    return f"featured image file {href!r} is not beside the .md file"


def duplicate_groups(entries: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """For each path whose source key other paths share: those other paths, sorted.

    ``entries``: (path, source key from :func:`curator_gui.core.urls.duplicate_key`) per file; files without
    a URL are never duplicates.
    """
    # The first holder of each source, and a list only for sources held twice or more: a list per file would
    # cost 100,000 files 10 MB for a moment, for a handful of duplicates.
    first: dict[str, str] = {}
    shared: dict[str, list[str]] = {}
    for path, url in entries:
        if url:
            holder = first.setdefault(url, path)
            if holder is not path:
                holders = shared.get(url)
                if holders is None:
                    shared[url] = [holder, path]
                else:
                    holders.append(path)
    del first
    found: dict[str, list[str]] = {}
    for holders in shared.values():
        if len(holders) > 1:
            holders.sort()
            for path in holders:
                found[path] = [other for other in holders if other != path] if len(holders) <= 4 else holders
    return found


def named_duplicates(path: str, others: list[str]) -> list[str]:
    """The other files a duplicate warning names and links: at most :data:`_NAMED_DUPLICATES` of them (a
    thousand copies must not cost a million names)."""
    return [other for other in others if other != path][:_NAMED_DUPLICATES]


def duplicate_message(path: str, others: list[str], titles: Mapping[str, str] | None = None,
                      show_path=None) -> str:
    """'same source as "Title" (b.md), … and 3 more': each named other file by its title and its name (its
    path, as ``show_path`` writes it, when it is in another folder)."""
    folder = str(Path(path).parent)
    named = []
    for other in named_duplicates(path, others):
        where = Path(other).name if str(Path(other).parent) == folder else (show_path or str)(other)
        title = " ".join(((titles or {}).get(other) or "").split())
        if len(title) > 60:
            title = title[:59] + "…"
        named.append(f'"{title}" ({where})' if title else where)
    rest = sum(1 for other in others if other != path) - len(named)
    return "same source as " + ", ".join(named) + (f" and {rest} more" if rest else "")


def duplicate_problems(entries: Iterable[tuple[str, str, int, int]],
                       titles: Mapping[str, str] | None = None) -> dict[str, list[Problem]]:
    """Warnings for files that share a source, keyed by path; each names the other file(s) by title and name
    and carries their paths in ``related``.

    ``entries``: (display path, source key, line, column of the URL) per file; ``titles``: path → title.
    """
    entries = list(entries)
    positions = {path: (line, column) for path, _, line, column in entries}
    groups = duplicate_groups((path, url) for path, url, _, _ in entries)
    return {path: [Problem(path, *positions[path], WARNING, "link.href", duplicate_message(path, others, titles),
                           "CG207", tuple(named_duplicates(path, others)))]
            for path, others in groups.items()}


#: How many other files a duplicate warning names.
_NAMED_DUPLICATES = 3
