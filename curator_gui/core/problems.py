"""The problem record shared by validation, the index, the command line and the window."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding, located in the file. ``field`` is the dotted key ('' for the file as a whole)."""

    path: str
    line: int
    column: int
    severity: str
    field: str
    message: str

    def format(self) -> str:
        """``path:line:col: severity: message [field]``, the command line's form."""
        suffix = f" [{self.field}]" if self.field else ""
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}{suffix}"

    def as_dict(self) -> dict:
        # Spelled out: dataclasses.asdict deep-copies every value and dominates a warm folder scan.
        return {"path": self.path, "line": self.line, "column": self.column, "severity": self.severity,
                "field": self.field, "message": self.message}


def duplicate_groups(entries: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """For each path whose clean source URL other paths share: those other paths, sorted.

    ``entries``: (path, clean source URL) per file; files without a URL are never duplicates.
    """
    by_url: dict[str, list[str]] = {}
    for path, url in entries:
        if url:
            by_url.setdefault(url, []).append(path)
    found: dict[str, list[str]] = {}
    for holders in by_url.values():
        if len(holders) > 1:
            holders.sort()
            for path in holders:
                found[path] = [other for other in holders if other != path] if len(holders) <= 4 else holders
    return found


def duplicate_message(path: str, others: list[str]) -> str:
    """'same source as a.md, b.md and 3 more': other files by name when they share the folder, at most
    :data:`_NAMED_DUPLICATES` of them (a thousand copies must not cost a million names)."""
    folder = str(Path(path).parent)
    named = []
    for other in others:
        if other != path:
            named.append(Path(other).name if str(Path(other).parent) == folder else other)
            if len(named) == _NAMED_DUPLICATES:
                break
    rest = sum(1 for other in others if other != path) - len(named)
    return "same source as " + ", ".join(named) + (f" and {rest} more" if rest else "")


def duplicate_problems(entries: Iterable[tuple[str, str, int, int]]) -> dict[str, list[Problem]]:
    """Warnings for files that share a clean source URL, keyed by path; each names the other file(s).

    ``entries``: (display path, clean source URL, line, column of the URL) per file.
    """
    entries = list(entries)
    positions = {path: (line, column) for path, _, line, column in entries}
    groups = duplicate_groups((path, url) for path, url, _, _ in entries)
    return {path: [Problem(path, *positions[path], WARNING, "link.href", duplicate_message(path, others))]
            for path, others in groups.items()}


#: How many other files a duplicate warning names.
_NAMED_DUPLICATES = 3
