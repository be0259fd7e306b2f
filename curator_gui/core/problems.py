"""The problem record shared by validation, the index, the command line and the window."""
from __future__ import annotations

from dataclasses import asdict, dataclass

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
        return asdict(self)
