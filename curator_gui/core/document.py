"""A curation document: front matter and body read from exact bytes and written back losslessly.

A :class:`Document` keeps the file's original bytes and, beside them, a working copy of the front-matter
value (``data``) and the body. Editing changes only the working copy. :meth:`Document.to_bytes` returns the
original bytes when nothing changed, and otherwise splices only the changed entries into the original text
(:mod:`curator_gui.core.splice`), keeping BOM, line endings, the delimiters and the body as they were.

A file that cannot be read (invalid UTF-8, invalid YAML, a front matter that is not a mapping, hostile YAML)
still loads: it carries its :class:`DocumentError` and its text for display, and it is read-only.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from curator_gui.core.emit import SEED_DIALECT, Dialect, emit_mapping
from curator_gui.core.errors import DocumentError, ReadOnlyError
from curator_gui.core.fieldpath import Path as FieldPath
from curator_gui.core.fieldpath import delete_in, get_in, set_in, split_path
from curator_gui.core.files import read_regular_file
from curator_gui.core.splice import SpliceError, splice_yaml
from curator_gui.core.values import clone, same_value
from curator_gui.core.yamlload import LoadedYaml, load_yaml

BOM = b"\xef\xbb\xbf"
_OPENING = re.compile(r"---[ \t]*(\r?\n)")


@dataclass(frozen=True)
class FileStamp:
    """What a file looked like when it was read: enough to notice any later change to it."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of_bytes(cls, data: bytes, stat: os.stat_result | None) -> "FileStamp":
        return cls(len(data), stat.st_mtime_ns if stat else 0, hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class _Layout:
    """Where the parts of the decoded text are (character offsets)."""

    yaml_start: int  # first character of the YAML text (after the opening line)
    yaml_end: int  # start of the closing delimiter line
    body_start: int  # first character after the closing delimiter line
    line_offset: int  # lines before the YAML text (1 for the opening delimiter)


class Document:
    """One curation file; see the module docstring."""

    def __init__(self, raw: bytes, path: str | os.PathLike | None = None, stamp: FileStamp | None = None,
                 editable: bool = True):
        self.path = Path(path) if path is not None else None
        self.stamp = stamp
        # A read-only consumer (the folder index) shares the parsed value instead of copying it.
        self._editable = editable
        self._reset(raw)

    # --- construction -------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike, editable: bool = True) -> "Document":
        """Read a file. I/O failures raise ``OSError`` (``NotReadableError`` for a FIFO, a device, a folder or a
        file over the size cap); content faults give a read-only document instead.

        ``editable=False`` skips the working copy: ``data`` is then the parsed value itself, not to be changed.
        """
        raw, stat = read_regular_file(path)
        return cls(raw, path, FileStamp.of_bytes(raw, stat) if editable else None, editable)

    @classmethod
    def from_text(cls, text: str, path: str | os.PathLike | None = None) -> "Document":
        """A document from text (UTF-8 encoded as given)."""
        return cls(text.encode("utf-8"), path)

    def _reset(self, raw: bytes) -> None:
        self.raw = raw
        self.error: DocumentError | None = None
        self.bom = raw.startswith(BOM)
        content = raw[len(BOM):] if self.bom else raw
        self._layout: _Layout | None = None
        self._loaded: LoadedYaml | None = None
        self._dialect: Dialect | None = None
        name = str(self.path) if self.path else None
        try:
            self.text = content.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.text = content.decode("utf-8", errors="replace")
            line = content.count(b"\n", 0, exc.start) + 1
            column = len(content[content.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
            self.error = DocumentError(
                f"not valid UTF-8 (byte 0x{content[exc.start]:02X}); save the file as UTF-8 first", name, line,
                column)
        self.newline = "\r\n" if self.text.count("\r\n") * 2 > self.text.count("\n") else "\n"
        if self.error is None:
            try:
                self._layout = _split(self.text, name)
                if self._layout is not None:
                    self._loaded = load_yaml(self.yaml_text, name, self._layout.line_offset)
                    if self._loaded.data is not None and not isinstance(self._loaded.data, dict):
                        kind = type(self._loaded.data).__name__
                        kind = {"list": "a list", "str": "a text", "int": "a number"}.get(kind, f"a {kind}")
                        raise DocumentError(f"front matter must be a mapping of keys to values, not {kind}", name,
                                            self._layout.line_offset + 1, 1)
            except DocumentError as exc:
                self.error = exc
                self._loaded = None
        self.original_data: dict = dict(self._loaded.data or {}) if self._loaded else {}
        self.original_body = self.text[self._layout.body_start:] if self._layout else (
            self.text if self.error is None else "")
        self.data: dict = clone(self.original_data) if self._editable else self.original_data
        self.body: str = self.original_body

    # --- state ---------------------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        """True for a document that could not be parsed; it is shown but never saved over."""
        return self.error is not None

    @property
    def has_front_matter(self) -> bool:
        return self._layout is not None

    @property
    def yaml_text(self) -> str:
        """The front-matter YAML as written (original line endings), '' when there is none."""
        if self._layout is None:
            return ""
        return self.text[self._layout.yaml_start:self._layout.yaml_end]

    @property
    def yaml_node(self):
        """The composed YAML node of the front matter (positions, layout); None when absent or unreadable."""
        return self._loaded.node if self._loaded is not None else None

    @property
    def line_offset(self) -> int:
        """Lines of the file before the YAML text (to turn YAML line numbers into file line numbers)."""
        return self._layout.line_offset if self._layout else 0

    @property
    def is_modified(self) -> bool:
        """True when the working copy differs from what was read."""
        return self.body != self.original_body or not same_value(self.data, self.original_data)

    @property
    def dialect(self) -> Dialect:
        """The file's writing dialect (detected on first use; the sample's for files without front matter)."""
        if self._dialect is None:
            from curator_gui.core.dialect import detect_dialect

            if self._loaded is not None and self._loaded.node is not None:
                self._dialect = detect_dialect(self.yaml_text, self._loaded.node, self._loaded.data)
            else:
                self._dialect = SEED_DIALECT
        return self._dialect

    # --- field access --------------------------------------------------------------------------------

    def path_of(self, dotted: str) -> FieldPath:
        """Resolve a dotted field name against this document's data."""
        return split_path(dotted, self.data)

    def get(self, field: str | FieldPath, default: Any = None) -> Any:
        """The working value of a field (dotted name or path tuple)."""
        return get_in(self.data, self._as_path(field), default)

    def set(self, field: str | FieldPath, value: Any) -> None:
        """Set a field in the working copy (no derivations; see :mod:`curator_gui.core.derive`)."""
        self._check_writable()
        set_in(self.data, self._as_path(field), value)

    def delete(self, field: str | FieldPath) -> bool:
        """Remove a field from the working copy; False when it was absent."""
        self._check_writable()
        return delete_in(self.data, self._as_path(field))

    def _as_path(self, field: str | FieldPath) -> FieldPath:
        return self.path_of(field) if isinstance(field, str) else tuple(field)

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.path or 'document'} could not be read and is read-only: {self.error.message}")

    def revert(self) -> None:
        """Drop every unsaved change."""
        self.data = clone(self.original_data)
        self.body = self.original_body

    # --- positions -----------------------------------------------------------------------------------

    def position_of(self, field: str | FieldPath) -> tuple[int, int]:
        """1-based (line, column) of a field's key in the file; the nearest existing ancestor when absent."""
        if self.error is not None:
            return self.error.line, self.error.column
        node = self._loaded.node if self._loaded else None
        if node is None:
            return (self.line_offset + 1 if self._layout else 1), 1
        mark = node.start_mark
        for part in self._as_path(field):
            found = None
            if hasattr(node, "value") and isinstance(node.value, list):
                if isinstance(part, int) and node.id == "sequence" and -len(node.value) <= part < len(node.value):
                    found = (node.value[part], node.value[part].start_mark)
                elif node.id == "mapping":
                    for key_node, value_node in node.value:
                        if key_node.value == str(part):
                            found = (value_node, key_node.start_mark)
                            break
            if found is None:
                break
            node, mark = found
        return mark.line + 1 + self.line_offset, mark.column + 1

    # --- writing -------------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The file as it should be on disk: the original bytes when nothing changed, else a minimal splice."""
        if not self.is_modified:
            return self.raw
        self._check_writable()
        if self._layout is not None:
            new_yaml = self._spliced_yaml()
            layout = self._layout
            text = (self.text[:layout.yaml_start] + new_yaml + self.text[layout.yaml_end:layout.body_start]
                    + self.body)
        elif self.data:
            block = emit_mapping(self.data, self.dialect).replace("\n", self.newline)
            self._check_reads_back(block)
            text = "---" + self.newline + block + "---" + self.newline + self.body
        else:
            text = self.body
        return (BOM if self.bom else b"") + text.encode("utf-8")

    def _spliced_yaml(self) -> str:
        """The new YAML text, verified to read back as ``data`` (the file's dialect first, then a safe one)."""
        attempts = [self.dialect]
        if self.dialect.style != "jsyaml":
            # PyYAML writes a few rare characters (NEL, line separators) so that they read back as spaces;
            # the js-yaml writer escapes them.
            attempts.append(replace(self.dialect, style="jsyaml"))
        for dialect in attempts:
            text = splice_yaml(self.yaml_text, self._loaded.node, self.original_data, self.data, dialect,
                               self._loaded.shared_nodes, self.newline)
            if self._reads_back(text):
                return text
        raise SpliceError("this change cannot be written so that it reads back exactly; nothing was saved")

    def _reads_back(self, text: str) -> bool:
        """True when ``text``, parsed again, holds exactly the working values: entry for entry in the text itself
        (not only after Python merged equal keys), every key and item in place."""
        try:
            loaded = load_yaml(text)
        except DocumentError:
            return False
        if loaded.node is None:
            return not self.data
        return _same_entries(loaded.node, self.data) and same_value(loaded.data, self.data)

    def _check_reads_back(self, text: str) -> None:
        if not self._reads_back(text):
            raise SpliceError("this change cannot be written so that it reads back exactly; nothing was saved")

    def mark_saved(self, raw: bytes, stamp: FileStamp | None, path: str | os.PathLike | None = None) -> None:
        """Adopt ``raw`` as the new on-disk state (after a successful write)."""
        if path is not None:
            self.path = Path(path)
        self.stamp = stamp
        dialect = self._dialect
        self._reset(raw)
        self._dialect = dialect if self.has_front_matter else None


def _same_entries(node, value) -> bool:
    """True when every mapping and list of the node tree has as many entries in the text as ``value`` has."""
    stack = [(node, value)]
    while stack:
        node, value = stack.pop()
        if node.id == "mapping":
            if not isinstance(value, dict) or len(node.value) != len(value):
                return False
            pairs = node.value
            if all(isinstance(k, str) for k in value) and all(k.id == "scalar" for k, _ in pairs):
                # Text keys (nearly all): pair each entry with its value directly.
                stack.extend((v, value.get(k.value)) for k, v in pairs if k.tag.endswith(":str"))
        elif node.id == "sequence":
            if not isinstance(value, list) or len(node.value) != len(value):
                return False
            stack.extend(zip(node.value, value))
    return True


def _split(text: str, name: str | None) -> _Layout | None:
    """Locate the front matter; None when the file has none."""
    opening = _OPENING.match(text)
    if not opening:
        return None
    yaml_start = opening.end()
    closing = _closing_line(text, yaml_start)
    if closing is None:
        raise DocumentError("front matter opened with '---' on line 1 is never closed by a '---' line", name, 1, 1)
    return _Layout(yaml_start, closing[0], closing[1], 1)


def _closing_line(text: str, start: int) -> tuple[int, int] | None:
    """(start, end) of the first line from ``start`` on that is ``---`` (trailing blanks allowed)."""
    at = start
    while True:
        if text.startswith("---", at):
            newline = text.find("\n", at)
            line_end = len(text) if newline == -1 else newline + 1
            if not text[at + 3:line_end].strip(" \t\r\n"):
                return at, line_end
        following = text.find("\n---", at)
        if following == -1:
            return None
        at = following + 1
