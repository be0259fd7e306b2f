"""The filter language of the file list and of ``list --filter``: the only place that parses a query and decides
whether a record matches it.

A query is a sequence of terms, all of which must hold::

    telehealth "patient portal" topic:symplur brand:fiercehealthcare.com title:ai topic:="Symplur: #AI"
    is:error is:warning is:problem is:ok is:unsaved has:image has:topics date:2024-03 date:>=2024-01
    -is:error  -brand:forbes.com                                      (a leading - negates a term)

Plain words and quoted phrases match at the start of a word, case- and accent-insensitively, in the title,
description, topics, brand and file path ("ai" finds "AI in radiology" and "AI-driven", not "maintain").
A phrase's later words must follow as written. ``title:``, ``description:``, ``topic:``, ``brand:`` and
``file:`` (the file name) look in that field only. ``topic:="Symplur: #AI"`` is that one topic, whole and exactly as
written (as the Topics view counts it: not ``Symplur: #AIMedicine``, not ``symplur: #ai``). A term that is not understood (``is:cheap``) is reported, not
guessed; while a filter box is being typed in, a last term that can still become one (``is:err``) waits.

Matching is built for a keystroke over 100,000 records: each record's text is prepared once
(:func:`search_text`: case-folded, accents removed, every word start marked with a character that never
occurs in text), so a word-start test is one substring test done in C; filtering many records at once is
:mod:`curator_gui.core.row_filter`'s.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterable, Protocol, Sequence

#: Marks the start of a word in prepared text (control characters are removed from the text first).
_MARK = "\x01"
#: Separates the fields of a prepared record (title, description, brand, file name, topics).
_FIELD = "\x03"
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]+")
_SPACES = re.compile(r"\s+")
#: Inside a run of non-space characters, a letter or digit after punctuation (or _) starts a word too.
_INNER_START = re.compile(r"(?<=[^\w\s])(?=[^\W_])|(?<=_)(?=[^\W_])")
#: The fields of a prepared record, in order: the short ones first, so that where each starts and ends is a small
#: number (kept by Python once for all records), and the long description last.
_PARTS = ("title", "brand", "file", "topics", "description")

TEXT_FIELDS = {"title": "title", "description": "description", "desc": "description", "topic": "topics",
               "topics": "topics", "category": "topics", "brand": "brand", "file": "file", "name": "file"}
IS_VALUES = ("error", "warning", "problem", "ok", "unsaved", "pending")
HAS_VALUES = ("image", "topics")
#: The field of a ``topic:="…"`` term: one whole topic, exactly as written.
EXACT_TOPIC = "topic="
_DATE_VALUE = re.compile(r"^(>=|<=|>|<|=)?(\d{4}(?:-\d{2}(?:-\d{2})?)?)$")

#: One line for a tooltip or ``--help``.
SYNTAX_HELP = ("words match at word starts in title, description, topics, brand and file; \"quoted phrase\"; "
               "title: description: topic: brand: file:; topic:=\"Symplur: #AI\" (that exact topic); "
               "is:error|warning|problem|ok|unsaved; has:image|topics; "
               "date:2024-03, date:>=2024-01; a leading - negates a term")


#: Typographic quotes and dashes as their plain forms: ``don’t`` is found by ``don't``, and a record's prepared
#: text stays one byte per character (a single curly quote makes Python keep a whole string at two bytes each).
_PLAIN_PUNCTUATION = str.maketrans({**dict.fromkeys("‘’‚‛′", "'"), **dict.fromkeys("“”„‟″«»", '"'),
                                    **dict.fromkeys("‐‑‒–—―−", "-")})


def fold(text: str) -> str:
    """Text as the filter compares it: case-folded, accents removed, typographic quotes and dashes made plain,
    control characters and runs of white space turned into one space."""
    text = _CONTROLS.sub(" ", text or "")
    if not text.isascii():
        # Lone surrogates (a file name that is not UTF-8) become "?": the text must be storable as UTF-8.
        text = text.encode("utf-8", "replace").decode("utf-8")
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
        text = text.translate(_PLAIN_PUNCTUATION)
    return _SPACES.sub(" ", text.casefold())


def _marked(folded: str) -> str:
    # Spaces are single after folding, so "start of a space-separated run" is a plain replace (done in C).
    return _MARK + _INNER_START.sub(_MARK, folded).replace(" ", " " + _MARK) if folded else ""


def prepare(text: str) -> str:
    """``text`` folded, with every word start marked: what a query term is searched in."""
    return _marked(fold(text).strip())


def search_text(title: str = "", description: str = "", brand: str = "", file_name: str = "",
                topics: Iterable[str] = ()) -> str:
    """A record's searchable text: its fields prepared and joined in one string, built once per record version
    (the folder index stores it, so a warm listing never prepares text again)."""
    return _FIELD.join((prepare(title), prepare(brand), prepare(file_name), "\n".join(prepare(t) for t in topics),
                        prepare(description)))


# A record's word mask: a bit for the first letter of each of its words and one for the first two letters.
# Lower-case ASCII letters and digits have bits of their own (so a one- or two-letter needle is answered by the
# mask alone, exactly); any other character shares a hashed bit, which only narrows the records to scan. Masks
# are bytes of one length: a test of one of their bytes gives a small number, which Python does not allocate,
# so a pass over 100,000 masks makes no object.
_EXACT = "abcdefghijklmnopqrstuvwxyz0123456789"
_EXACT_INDEX = {ch: n for n, ch in enumerate(_EXACT)}
_END = len(_EXACT)  # "the word ends here", as a second letter
_LETTER_BITS = len(_EXACT) + 28
_PAIR_OFFSET = _LETTER_BITS
_EXACT_PAIRS = len(_EXACT) * (len(_EXACT) + 1)
_HASHED_PAIRS = 256
_EXACT_PAIR_BITS = ((1 << _EXACT_PAIRS) - 1) << _PAIR_OFFSET
#: The length of every word mask, in bytes.
MASK_BYTES = (_PAIR_OFFSET + _EXACT_PAIRS + _HASHED_PAIRS + 7) // 8
#: The mask of a record without words (or whose text was not kept): no needle passes it.
NO_MASK = bytes(MASK_BYTES)


def _letter_bit(ch: str) -> int:
    exact = _EXACT_INDEX.get(ch)
    # A fixed hash: str's own hash() differs between processes, and masks are cached on disk.
    return exact if exact is not None else len(_EXACT) + ord(ch) % (_LETTER_BITS - len(_EXACT))


def _pair_bit(first: str, second: str | None) -> int:
    a = _EXACT_INDEX.get(first)
    b = _END if second is None else _EXACT_INDEX.get(second)
    if a is not None and b is not None:
        return _PAIR_OFFSET + a * (len(_EXACT) + 1) + b
    return _PAIR_OFFSET + _EXACT_PAIRS + (ord(first) * 131 + (ord(second) if second else 0)) % _HASHED_PAIRS


def _word_bits(word: str, whole: bool) -> int:
    """The mask bits of one word (``whole``: the word is complete, so a one-letter word is known to be one)."""
    bits = 1 << _letter_bit(word[0])
    if len(word) > 1 or whole:
        bits |= 1 << _pair_bit(word[0], word[1] if len(word) > 1 else None)
    return bits


def word_mask(search: str) -> bytes:
    """A mask of the first letters of every word of a prepared record: a needle whose words' first letters are
    not all in the mask cannot match, which a test of a byte or two tells without scanning the text."""
    mask = 0
    for word in set(search.replace(_FIELD, _MARK).replace("\n", _MARK).split(_MARK)):
        word = word.rstrip()
        if word:
            mask |= _word_bits(word, whole=True)
    return mask.to_bytes(MASK_BYTES, "little")


def _needle_mask(needle: str) -> tuple[int, bool]:
    """The bits every record matching ``needle`` has (as one number), and whether having them is enough (the
    mask is exact)."""
    words = [word.rstrip() for word in needle.split(_MARK)[1:]]
    mask = 0
    for position, word in enumerate(words):
        if word:
            # The last word may be a prefix still being typed: it may be longer in the record.
            bits = _word_bits(word, whole=position < len(words) - 1)
            if bits & _EXACT_PAIR_BITS:  # a pair of letters of its own says the first letter too: one test less
                bits &= _EXACT_PAIR_BITS
            mask |= bits
    exact = (len(words) == 1 and 1 <= len(words[0]) <= 2 and all(ch in _EXACT_INDEX for ch in words[0])
             and words[0] == needle[1:])
    return mask, exact


def mask_tests(bits: int) -> list[tuple[int, int]]:
    """``bits`` as (byte number, bits of that byte) tests of a word mask, the rarer first (pairs of letters
    before single letters)."""
    data = bits.to_bytes(MASK_BYTES, "little")
    return [(number, value) for number, value in sorted(enumerate(data), reverse=True) if value]


def field_text(search: str, part: str) -> str:
    """One field's prepared text out of :func:`search_text` (``part``: title, brand, file, topics, description)."""
    pieces = search.split(_FIELD)
    index = _PARTS.index(part)
    return pieces[index] if index < len(pieces) else ""


class Searchable(Protocol):
    """What a query looks at in a record."""

    search: str  # from search_text()
    search_mask: bytes  # word_mask(search), or NO_MASK
    date: str
    status: str  # 'error', 'warning', 'ok' or 'pending'
    unsaved: bool
    has_image: bool
    has_topics: bool
    categories: Sequence[str]  # the record's topics (either shape), as written


@dataclass(frozen=True)
class Term:
    """One condition of a query. ``field`` is None for a plain word or phrase."""

    field: str | None
    value: str
    negated: bool = False
    needle: str = ""  # the prepared text searched for (text terms)

    def implied_by(self, other: "Term") -> bool:
        """True when every record matching ``other`` also matches this term (so a result can be narrowed)."""
        if self.negated or other.negated or self.field != other.field:
            return False
        if self.needle or other.needle:
            return bool(self.needle) and other.needle.startswith(self.needle)
        return self.value == other.value


@dataclass(frozen=True)
class Query:
    """A parsed filter; ``problems`` lists the terms that were not understood (they match nothing)."""

    text: str
    terms: tuple[Term, ...] = ()
    problems: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.problems

    def narrows(self, previous: "Query | None") -> bool:
        """True when this query's matches are a subset of ``previous``'s (every old term implied by a new one)."""
        if previous is None or previous.problems or self.problems:
            return False
        return all(any(old.implied_by(new) for new in self.terms) for old in previous.terms)

    def matches(self, row: Searchable) -> bool:
        """Whether one record matches (for a few records; :class:`~curator_gui.core.row_filter.RowFilter` for many)."""
        if self.problems:
            return False
        return all(_term_test(term)(row) != term.negated for term in self.terms)


def _tokens(text: str) -> list[tuple[str, bool]]:
    """(token, starts with a quote) pairs: white space separates, double quotes group (an unclosed quote runs to
    the end); ``field:"a b"`` stays one token, and a wholly quoted ``"title: x"`` is text, not a field."""
    tokens: list[tuple[str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        quoted = False
        buf = []
        while i < n and not text[i].isspace():
            if text[i] == '"':
                quoted = quoted or not buf
                end = text.find('"', i + 1)
                end = n if end == -1 else end
                buf.append(text[i + 1:end])
                i = end + 1
            else:
                buf.append(text[i])
                i += 1
        tokens.append(("".join(buf), quoted))
    return tokens


def parse_query(text: str, typing: bool = False) -> Query:
    """Parse a filter (see the module docstring); never raises. ``typing``: the text is being typed, so a last
    term that is not understood yet but could still become one (``is:err``, ``date:2024-0``) is left out rather
    than reported: a filter box keeps showing what the rest matches until the term is complete."""
    terms: list[Term] = []
    problems: list[str] = []
    tokens = _tokens(text or "")
    for number, (token, quoted) in enumerate(tokens):
        negated = token.startswith("-") and len(token) > 1 and not quoted
        body = token[1:] if negated else token
        name, colon, value = body.partition(":")
        key = name.casefold()
        if colon and TEXT_FIELDS.get(key) == "topics" and value.startswith("=") and not quoted:
            if value[1:]:  # ``topic:=`` alone (being typed) is no term yet
                terms.append(Term(EXACT_TOPIC, value[1:], negated))
            continue
        if colon and key in TEXT_FIELDS and not quoted:
            needle = _needle(value)
            if needle:
                terms.append(Term(TEXT_FIELDS[key], value, negated, needle))
            continue
        if colon and key in ("is", "has", "date") and not quoted:
            term = _flag_term(key, value.strip().casefold(), negated)
            if term is not None:
                terms.append(term)
            elif not (typing and number == len(tokens) - 1 and not text[-1:].isspace()
                      and _could_become(key, value.casefold())):
                problems.append(body)
            continue
        needle = _needle(body)
        if needle:
            terms.append(Term(None, body, negated, needle))
    return Query(text or "", tuple(terms), tuple(problems))


_DATE_BEING_TYPED = re.compile(r"^(>=?|<=?|=)?(\d{0,3}|\d{4}(-(\d{0,1}|\d{2}(-\d{0,1})?))?)$")


def _could_become(key: str, value: str) -> bool:
    """Whether more typing could make ``key:value`` a term (``is:err`` → ``is:error``)."""
    if key == "is":
        return any(known.startswith(value) for known in IS_VALUES)
    if key == "has":
        return any(known.startswith(value) for known in HAS_VALUES)
    return bool(_DATE_BEING_TYPED.match(value))


def _needle(value: str) -> str:
    folded = fold(value).strip()
    return _MARK + _marked(folded).lstrip(_MARK) if folded else ""


def _flag_term(key: str, value: str, negated: bool) -> Term | None:
    if key == "is" and value in IS_VALUES:
        return Term("is", value, negated)
    if key == "has" and value in HAS_VALUES:
        return Term("has", value, negated)
    if key == "date" and _DATE_VALUE.match(value):
        return Term("date", value, negated)
    return None


# --- evaluation -----------------------------------------------------------------------------------------------

def _term_test(term: Term) -> Callable[[Searchable], bool]:
    if term.needle:
        needle = term.needle
        if term.field is None:
            return lambda row: needle in row.search
        part = term.field
        return lambda row: needle in field_text(row.search, part)
    if term.field == EXACT_TOPIC:
        topic = term.value
        return lambda row: topic in row.categories
    if term.field == "is":
        return _IS_TESTS[term.value]
    if term.field == "has":
        return _HAS_TESTS[term.value]
    return _date_test(term.value)


_IS_TESTS: dict[str, Callable[[Searchable], bool]] = {
    "error": lambda row: row.status == "error",
    "warning": lambda row: row.status == "warning",
    "problem": lambda row: row.status in ("error", "warning"),
    "ok": lambda row: row.status == "ok",
    "pending": lambda row: row.status == "pending",
    "unsaved": lambda row: bool(row.unsaved),
}
_HAS_TESTS: dict[str, Callable[[Searchable], bool]] = {
    "image": lambda row: bool(row.has_image),
    "topics": lambda row: bool(row.has_topics),
}


def _date_test(value: str) -> Callable[[Searchable], bool]:
    operator, day = _DATE_VALUE.match(value).groups()
    if not operator or operator == "=":
        return lambda row: (row.date or "").startswith(day)
    # Dates are ISO text: comparing the first len(day) characters orders them by day, month or year as given.
    size = len(day)
    compare = {">": str.__gt__, "<": str.__lt__, ">=": str.__ge__, "<=": str.__le__}[operator]
    return lambda row: bool(row.date) and compare(row.date[:size], day)
