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


def duplicate_problems(entries: Iterable[tuple[str, str, int, int]]) -> dict[str, list[Problem]]:
    """Warnings for files that share a clean source URL.

    ``entries``: (display path, clean source URL, line, column of the URL) per file. Returns the warnings
    keyed by display path; each names the other file(s): by file name when they share a folder, at most
    :data:`_NAMED_DUPLICATES` of them and a count of the rest (a thousand copies must not cost a million names).
    """
    by_url: dict[str, list[tuple[str, int, int]]] = {}
    for path, url, line, column in entries:
        if url:
            by_url.setdefault(url, []).append((path, line, column))
    found: dict[str, list[Problem]] = {}
    for holders in by_url.values():
        if len(holders) < 2:
            continue
        ordered = sorted(holders)
        folders = {path: str(Path(path).parent) for path, _, _ in ordered}
        for path, line, column in holders:
            others = []
            for other, _, _ in ordered:
                if other != path:
                    others.append(Path(other).name if folders[other] == folders[path] else other)
                    if len(others) == _NAMED_DUPLICATES:
                        break
            rest = len(holders) - 1 - len(others)
            names = ", ".join(others) + (f" and {rest} more" if rest else "")
            found.setdefault(path, []).append(Problem(path, line, column, WARNING, "link.href",
                                                      f"same source as {names}"))
    return found


#: How many other files a duplicate warning names.
_NAMED_DUPLICATES = 3
