"""Where every word of many prepared records stands: the only place that keeps an inverted index of the filter's
words, so that a word being typed is looked up instead of searched for in every record's text.

A record's prepared text (:func:`curator_gui.core.query.search_text`) marks each word start; the text from one
mark to the next is a *word* here (``"ai-"``, ``"driven "``, ``"symplur: "``). A one-word needle ``"\\x01hea"``
is in a field exactly when a word of that field starts with ``"hea"`` (a needle holds no mark after its first and
never a field separator), so the records holding it are the union of the rows of the words that start with it:
found by bisection in each field's sorted words, marked in a bytearray in C, read out in C. Common words cost
what their rows cost, not what the records' texts cost to scan (a 3-letter word found in 80% of 100,000 long
texts took a full scan of them).

File names are keyed by their words' first three characters only: a folder's names are mostly unique
(``0057b12c-2c7f-…``), and one key per unique word would cost more memory than all the other fields together;
a longer needle is then a set of candidates to test, not an answer. The index is built in steps, so that a
caller with idle time spends it a little at a time (:meth:`WordIndex.build_step`).

A common word ("the", "health") keeps its rows as a bitmap, one bit per record in a Python ``int``, rather than
a row number each: past one record in :data:`BITMAP_SHARE`, four bytes per row cost more than a bit per record,
and a bitmap is joined to others in one step (``|``) where rows are marked one by one. Common words are most
of an index's entries, so bitmaps halve its memory. A one- or two-letter start shared by many words' rows
(``re``: hundreds of words, a row or more each in most records) keeps the union of their rows as a bitmap too,
made once: looking it up is then one step, like a long word.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import defaultdict, deque
from functools import partial
from itertools import compress, repeat
from operator import itemgetter
from typing import Iterable, Sequence

from curator_gui.core.query import _MARK, _PARTS

#: How many characters of a word are its key, per field (None: the whole word).
KEY_LENGTHS = tuple(3 if part == "file" else None for part in _PARTS)
#: Records taken per step of building (5 to 15 ms each).
STEP_ROWS = 500
#: A word in more than one record in this many keeps its rows as a bitmap (see the module docstring).
BITMAP_SHARE = 32
#: Words turned into bitmaps per step, once every record is indexed.
STEP_BITMAPS = 8
#: A word start of one or two characters whose words' rows (those kept as row numbers) number more than one per
#: this many records keeps their union as a bitmap: marking them one by one would take a millisecond or more.
UNION_SHARE = 8

_new_rows = partial(array, "i")


class WordIndex:
    """The rows of each word of each field of ``size`` records, built in steps (see the module docstring)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._built = 0  # rows indexed so far
        # per field: key -> its rows (an array of row numbers, or a bitmap for a common word)
        self._rows: list[defaultdict] = [defaultdict(_new_rows) for _ in _PARTS]
        self._keys: list[list[str]] = []  # per field, its keys sorted (once every record is indexed)
        self._to_pack: list[tuple[int, str]] = []  # common words whose rows are still an array, then
        self._to_join: list[tuple[int, str]] = []  # word starts whose union is still to be made
        self._unions: list[dict[str, int]] = [{} for _ in _PARTS]  # per field: word start -> its rows' bitmap

    @property
    def complete(self) -> bool:
        return bool(self._keys) and not self._to_pack and not self._to_join

    def build_step(self, texts: Sequence[str], bounds: Sequence[tuple[Sequence[int], Sequence[int]]]) -> bool:
        """Index the next :data:`STEP_ROWS` records (``texts``: prepared texts; ``bounds``: per field, where it
        starts and ends in each), or once all are, turn the next common words' rows into bitmaps; True when more
        steps are needed."""
        if self._keys:
            return self._pack_step()
        first, last = self._built, min(self._built + STEP_ROWS, self.size)
        for part, (starts, ends) in enumerate(bounds):
            rows_of = self._rows[part]
            fields = map(str.__getitem__, texts[first:last], map(slice, starts[first:last], ends[first:last]))
            words = map(str.split, fields, repeat(_MARK))
            length = KEY_LENGTHS[part]
            if length is not None:
                # every word cut to its key, in C
                words = map(map, repeat(itemgetter(slice(0, length))), words)
            for number, found in zip(range(first, last), map(set, words)):
                found.discard("")  # before the first mark
                # Each word's rows, appended to in C: one Python step per record, none per word.
                deque(map(array.append, map(rows_of.__getitem__, found), repeat(number)), 0)
        self._built = last
        if last >= self.size:
            self._keys = [sorted(rows_of) for rows_of in self._rows]
            common = self.size // BITMAP_SHARE
            self._to_pack = [(part, key) for part, rows_of in enumerate(self._rows)
                             for key, rows in rows_of.items() if len(rows) > common]
            self._to_join = self._heavy_starts(common)
            return not self.complete
        return True

    def _heavy_starts(self, common: int) -> list[tuple[int, str]]:
        """The (field, word start) pairs whose words kept as row numbers hold many rows (see UNION_SHARE)."""
        heavy = []
        for part, rows_of in enumerate(self._rows):
            counts: defaultdict[str, int] = defaultdict(int)
            for key, rows in rows_of.items():
                if len(rows) <= common:  # stays row numbers
                    counts[key[:1]] += len(rows)
                    counts[key[:2]] += len(rows)
            heavy += [(part, start) for start, count in counts.items() if count > self.size // UNION_SHARE]
        return heavy

    def _pack_step(self) -> bool:
        if self._to_pack:
            for part, key in self._to_pack[-STEP_BITMAPS:]:
                flags = bytearray(self.size)
                deque(map(flags.__setitem__, self._rows[part][key], repeat(1)), 0)
                self._rows[part][key] = bitmap_of(flags)
            del self._to_pack[-STEP_BITMAPS:]
        elif self._to_join:
            part, start = self._to_join.pop()
            marks = RowMarks(self.size)
            self.mark(marks, part, start)
            self._unions[part][start] = bitmap_of(marks.flags) | marks.bits
        return not self.complete

    def exact(self, part: int, prefix: str) -> bool:
        """Whether :meth:`mark` finds exactly the records with a word starting with ``prefix`` in field ``part``
        (rather than candidates: a key shorter than ``prefix``)."""
        length = KEY_LENGTHS[part]
        return length is None or len(prefix) <= length

    def mark(self, marks: "RowMarks", part: int, prefix: str) -> None:
        """Mark every record whose field ``part`` has a word starting with ``prefix`` (or, where :meth:`exact`
        says not, whose key matches)."""
        keys, rows_of = self._keys[part], self._rows[part]
        length = KEY_LENGTHS[part]
        key = prefix if length is None else prefix[:length]
        union = self._unions[part].get(key)
        if union is not None:
            marks.bits |= union
            return
        low = bisect_left(keys, key)
        high = low
        # The keys starting with ``key`` follow one another in sorted order.
        if ord(key[-1]) < 0x10FFFF:
            high = bisect_left(keys, key[:-1] + chr(ord(key[-1]) + 1), low)
        else:
            while high < len(keys) and keys[high].startswith(key):
                high += 1
        setter = marks.flags.__setitem__
        for rows in map(rows_of.__getitem__, keys[low:high]):
            if type(rows) is int:
                marks.bits |= rows
            else:
                deque(map(setter, rows, repeat(1)), 0)


class RowMarks:
    """Records marked by a lookup: one by one (a flag each, ``flags``) and many at once (a bitmap, ``bits``)."""

    __slots__ = ("flags", "bits")

    def __init__(self, size: int) -> None:
        self.flags = bytearray(size)
        self.bits = 0

    def merged(self) -> bytearray:
        """Every mark as a flag per record (the bitmap folded into the flags)."""
        if self.bits:
            bits = self.bits | bitmap_of(self.flags) if 1 in self.flags else self.bits
            self.flags, self.bits = flags_of(bits, len(self.flags)), 0
        return self.flags


# A bitmap and a flag per record convert through their binary digits, in C: int() reads base 2 in linear time.
_TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_FROM_DIGITS = bytes.maketrans(b"01", b"\x00\x01")


def bitmap_of(flags: bytearray) -> int:
    """The records flagged (a 0 or 1 byte each) as a bitmap: bit ``n`` for record ``n``."""
    return int(flags.translate(_TO_DIGITS)[::-1], 2) if flags else 0


def flags_of(bits: int, size: int) -> bytearray:
    """A bitmap of records (below ``size``) as a flag per record."""
    return bytearray(format(bits, "b")[::-1].ljust(size, "0").encode("ascii").translate(_FROM_DIGITS))


def rows_marked(flags: bytearray, among: Iterable[int] | None) -> list[int]:
    """The rows whose flag is set, ascending (of ``among``, or of all)."""
    if among is None:
        return list(compress(range(len(flags)), flags))
    among = list(among)
    return list(compress(among, map(flags.__getitem__, among)))
