"""The project's exception types: every failure a person may see is one of these, with a readable message."""
from __future__ import annotations


class CuratorError(Exception):
    """Base of every error the project raises on purpose; its str() is meant for a person."""


class DocumentError(CuratorError):
    """A file that cannot be read as a curation: carries the position of the fault (1-based line and column)."""

    def __init__(self, message: str, path: str | None = None, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.path or '<input>'}:{self.line}:{self.column}: error: {self.message}"


class ReadOnlyError(CuratorError):
    """Raised when asked to save a document that could not be parsed (it is never written over)."""


class SaveConflictError(CuratorError):
    """The file changed on disk since it was read; saving would overwrite someone else's change."""


class WriteProtectedError(CuratorError):
    """The file's permissions forbid writing it (e.g. mode 0444); it is replaced only when forced.

    ``path`` is the file, so that a window can offer to make it writable and save again.
    """

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.path = path


class FetchError(CuratorError):
    """A page could not be fetched or read; the message says why in one line."""
