"""Find and replace across a folder: the only place that searches field values for a pattern and replaces
the matches.

A search looks in the values of chosen fields (default: title, description and the body; ``*`` for every text
of the front matter and the body), never in the YAML text: a match is a piece of a value, and a replacement
changes that value, which the lossless splice then writes in the file's own style. A :class:`FindSpec` is
literal text or a regular expression, case-sensitive or not, whole words or not. Results are :class:`Match`
values (file · field · the match in its context), and :class:`ReplaceText` is an operation for
:func:`curator_gui.core.batch.plan_batch` that replaces all of them, or only the ones chosen. Derived fields
follow a replaced title as they follow any edit.

A literal search first looks for its words in each file's text and reads the files that hold them all (a
front matter value never splits a word across lines, and a file whose text has YAML escapes is always read),
so searching ten thousand files reads only the ones that can match.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator

from curator_gui.core.batch import Skipped
from curator_gui.core.batch_ops import EditRefused, Record
from curator_gui.core.errors import CuratorError

BODY = "body"
DEFAULT_FIELDS = ("title", "description", BODY)
#: ``fields`` value that searches every text of the front matter and the body.
ALL_FIELDS = ("*",)
#: Most matches a search collects (the rest are counted as ``truncated``).
MAX_MATCHES = 10_000
_CONTEXT = 40
_PROGRESS_EVERY = 64  # files between two progress reports


class FindError(CuratorError):
    """A search that cannot run: an empty pattern, an invalid regular expression or replacement; says why."""


@dataclass(frozen=True)
class FindSpec:
    """What to look for and where (see the module docstring)."""

    pattern: str
    regex: bool = False
    case_sensitive: bool = False
    whole_word: bool = False
    fields: tuple[str, ...] = DEFAULT_FIELDS

    @property
    def all_fields(self) -> bool:
        return tuple(self.fields) == ALL_FIELDS

    def compiled(self) -> re.Pattern:
        """The pattern as a compiled regular expression; raises :class:`FindError` with a sentence."""
        return _compile(self.pattern, self.regex, self.case_sensitive, self.whole_word)

    def check_replacement(self, replacement: str) -> None:
        """Raise :class:`FindError` when ``replacement`` is not usable (a regex group that does not exist)."""
        if self.regex:
            try:
                self.compiled().sub(replacement, "")
            except (re.error, IndexError) as exc:
                raise FindError(f"the replacement is not valid: {exc}") from None


@lru_cache(maxsize=64)
def _compile(pattern: str, regex: bool, case_sensitive: bool, whole_word: bool) -> re.Pattern:
    if not pattern:
        raise FindError("the search text is empty")
    source = pattern if regex else re.escape(pattern)
    if whole_word:
        # Look-arounds rather than \b, so that a search that starts or ends with punctuation still works.
        source = rf"(?<!\w)(?:{source})(?!\w)"
    flags = re.MULTILINE | (0 if case_sensitive else re.IGNORECASE)
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise FindError(f"the regular expression is not valid: {exc}") from None
    except (OverflowError, RecursionError):
        raise FindError("the regular expression is too large") from None


@dataclass(frozen=True)
class Match:
    """One match: in ``field`` (dotted, or ``body``) of the file at ``path``, characters ``start``-``end`` of
    that value; ``before``/``after`` are up to 40 characters of the same line around it; ``line`` is where
    the field (for the body: the match) is in the file; ``sha256`` the file's content it was found in."""

    path: str
    field: str
    start: int
    end: int
    text: str
    before: str
    after: str
    line: int
    sha256: str


@dataclass
class FindResult:
    """A folder search: matches in file order, and what was not searched."""

    matches: list[Match] = field(default_factory=list)
    files_searched: int = 0
    skipped: list[Skipped] = field(default_factory=list)  #: files that could not be read
    truncated: bool = False  #: more than MAX_MATCHES matches: the rest were not collected
    cancelled: bool = False

    @property
    def files_matched(self) -> int:
        return len({match.path for match in self.matches})


def _body_text(body: str, newline: str) -> tuple[str, bool]:
    """The body as it is searched, and whether its line ends are the file's CRLF: a file's line ends are not its
    text, so in a CRLF file (``newline``) a body whose every line ends in CRLF is searched with plain line feeds
    (``$`` then matches at each line's end, as in the front matter's values, which YAML reads with line feeds),
    and a replacement's line feeds are written as CRLF. A body that mixes them is searched as it is."""
    if newline == "\r\n" and "\n" not in body.replace("\r\n", ""):
        return body.replace("\r\n", "\n"), True
    return body, False


def _texts(data: dict, body: str, spec: FindSpec, newline: str = "\n") -> Iterator[tuple[tuple | None, str]]:
    """(path, text) of every text value the search looks at; the body's path is None (its text as
    :func:`_body_text` gives it for a file whose line ends are ``newline``)."""
    from curator_gui.core.fieldpath import get_in, split_path

    body = _body_text(body, newline)[0]
    if spec.all_fields:
        yield from _walk(data, ())
        yield None, body
        return
    for name in dict.fromkeys(spec.fields):
        if name == BODY and BODY not in data:
            yield None, body
            continue
        path = split_path(name, data)
        yield from _walk(get_in(data, path), path)


def _walk(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, path + (index,))


def find_in_document(doc, spec: FindSpec, limit: int = MAX_MATCHES) -> list[Match]:
    """The matches of ``spec`` in a :class:`~curator_gui.core.document.Document` (none in a read-only one)."""
    from curator_gui.core.fieldpath import join_path

    if doc.read_only:
        return []
    pattern = spec.compiled()
    sha = doc.stamp.sha256 if doc.stamp else ""
    path = str(doc.path) if doc.path else ""
    body_line = doc.text.count("\n", 0, len(doc.text) - len(doc.original_body)) + 1 if doc.body else 1
    found: list[Match] = []
    for field_path, text in _texts(doc.data, doc.body, spec, doc.newline):
        line = 0 if field_path is None else doc.position_of(field_path)[0]
        for hit in pattern.finditer(text):
            start, end = hit.span()
            at = body_line + text.count("\n", 0, start) if field_path is None else line
            found.append(Match(path, BODY if field_path is None else join_path(field_path), start, end, hit.group(),
                               _before(text, start), _after(text, end), at, sha))
            if len(found) >= limit:
                return found
    return found


def _before(text: str, start: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    return text[max(line_start, start - _CONTEXT):start]


def _after(text: str, end: int) -> str:
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    return text[end:min(line_end, end + _CONTEXT)]


def find_in_files(paths: Iterable[str], spec: FindSpec, *, limit: int = MAX_MATCHES,
                  progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> FindResult:
    """Search every file of ``paths`` (made absolute); ``progress(done, total)`` and ``cancelled()`` as for
    :func:`curator_gui.core.batch.plan_batch`. Raises :class:`FindError` for a spec that cannot run; a file
    that cannot be read is listed in ``skipped``. Safe to run in a background thread."""
    from curator_gui.core.document import Document, FileStamp
    from curator_gui.core.files import read_regular_file
    from curator_gui.core.folderlist import unreadable_reason

    spec.compiled()
    words = _prefilter_words(spec)
    paths = [os.path.abspath(path) for path in paths]
    result = FindResult()
    for done, path in enumerate(paths, 1):
        if cancelled and cancelled():
            result.cancelled = True
            break
        if progress and done > 1 and (done - 1) % _PROGRESS_EVERY == 0:
            progress(done - 1, len(paths))  # the files before this one are searched
        try:
            raw, info = read_regular_file(path)
        except OSError as exc:
            result.skipped.append(Skipped(path, f"cannot be read: {unreadable_reason(path, exc)}"))
            continue
        result.files_searched += 1
        if words is not None and not _may_match(raw, words, spec.case_sensitive):
            continue
        doc = Document(raw, path, FileStamp.of_bytes(raw, info), editable=False)
        if doc.read_only:
            result.skipped.append(Skipped(path, f"could not be read: {doc.error.message}", doc.error.line,
                                          doc.error.column))
            continue
        found = find_in_document(doc, spec, limit - len(result.matches) + 1)
        result.matches.extend(found)
        if len(result.matches) > limit:
            del result.matches[limit:]
            result.truncated = True
            break
    else:
        if progress and paths:
            progress(len(paths), len(paths))
    return result


def _prefilter_words(spec: FindSpec) -> list[str] | None:
    """The words every matching file's text holds as they are, or None when the text cannot be pre-filtered
    (a regular expression; quotes, which YAML may double; a case-insensitive search for non-ASCII letters,
    whose case variants are not all found by case-folding)."""
    if spec.regex or "'" in spec.pattern or '"' in spec.pattern:
        return None
    if not spec.case_sensitive and not spec.pattern.isascii():
        return None
    words = spec.pattern.split()
    return [word if spec.case_sensitive else word.casefold() for word in words] or None


def _may_match(raw: bytes, words: list[str], case_sensitive: bool) -> bool:
    text = raw.decode("utf-8", "replace")
    if "\\" in text:
        return True  # a double-quoted YAML value may spell a character as an escape
    if not case_sensitive:
        text = text.casefold()
    return all(word in text for word in words)


@dataclass(frozen=True)
class ReplaceText:
    """An operation: every match of ``spec`` replaced by ``replacement`` (for a regular expression, a template
    with ``\\1`` or ``\\g<name>``; for literal text, the text as it is), or only the matches in ``selection``.
    A selected match in a file that changed since the search skips the file ("search again")."""

    spec: FindSpec
    replacement: str
    selection: tuple[Match, ...] | None = None

    def edit(self, record: Record) -> Record | None:
        from curator_gui.core.derive import propagate
        from curator_gui.core.fieldpath import join_path, set_in
        from curator_gui.core.values import clone

        wanted = None
        if self.selection is not None:
            chosen = [match for match in self.selection if match.path == record.path]
            if not chosen:
                return None
            if any(match.sha256 != record.sha256 for match in chosen):
                raise EditRefused("it changed since the search; search again")
            wanted = {(match.field, match.start, match.end) for match in chosen}
        pattern = self.spec.compiled()
        data, body = record.data, record.body
        crlf = _body_text(record.body, record.newline)[1]
        for path, text in list(_texts(record.data, record.body, self.spec, record.newline)):
            new = self._replaced(pattern, text, BODY if path is None else join_path(path), wanted)
            if new == text:
                continue
            if path is None:
                body = new.replace("\n", "\r\n") if crlf else new
            else:
                if data is record.data:
                    data = clone(record.data)
                set_in(data, path, new)
        if data is record.data and body == record.body:
            return None
        if data is not record.data:
            _refuse_emptied(record.data, data)
            propagate(record.data, data)
        return replace(record, data=data, body=body)

    def may_change(self, raw: bytes) -> bool:
        """False when a file's bytes show that no value of it can match (then it is not even parsed)."""
        if self.selection is not None:
            return True
        words = _prefilter_words(self.spec)
        return words is None or _may_match(raw, words, self.spec.case_sensitive)

    def _replaced(self, pattern: re.Pattern, text: str, name: str, wanted: set | None) -> str:
        pieces: list[str] = []
        last = 0
        for hit in pattern.finditer(text):
            if wanted is not None and (name, hit.start(), hit.end()) not in wanted:
                continue
            try:
                new = hit.expand(self.replacement) if self.spec.regex else self.replacement
            except (re.error, IndexError) as exc:
                raise EditRefused(f"the replacement is not valid: {exc}") from None
            pieces += [text[last:hit.start()], new]
            last = hit.end()
        if not pieces:
            return text
        pieces.append(text[last:])
        return "".join(pieces)

    def describe(self) -> str:
        where = "all fields" if self.spec.all_fields else ", ".join(self.spec.fields)
        count = "" if self.selection is None else f" ({len(self.selection)} chosen)"
        return f"Replace {self.spec.pattern!r} with {self.replacement!r} in {where}{count}"


def _refuse_emptied(before: dict, after: dict) -> None:
    """A replacement may not empty a required field (the title)."""
    from curator_gui.core.schema import field_for

    for key, value in after.items():
        spec = field_for(key) if isinstance(key, str) else None
        if spec is not None and spec.required and isinstance(value, str) and not value.strip() \
                and isinstance(before.get(key), str) and before[key].strip():
            raise EditRefused(f"{key} would be empty, and it is required")
