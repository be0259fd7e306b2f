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

_new_rows = partial(array, "i")


class WordIndex:
    """The rows of each word of each field of ``size`` records, built in steps (see the module docstring)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._built = 0  # rows indexed so far
        self._rows: list[defaultdict] = [defaultdict(_new_rows) for _ in _PARTS]  # per field: key -> rows
        self._keys: list[list[str]] = []  # per field, its keys sorted (once complete)

    @property
    def complete(self) -> bool:
        return bool(self._keys)

    def build_step(self, texts: Sequence[str], bounds: Sequence[tuple[Sequence[int], Sequence[int]]]) -> bool:
        """Index the next :data:`STEP_ROWS` records (``texts``: prepared texts; ``bounds``: per field, where it
        starts and ends in each); True when more steps are needed."""
        if self.complete:
            return False
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
            return False
        return True

    def exact(self, part: int, prefix: str) -> bool:
        """Whether :meth:`mark` finds exactly the records with a word starting with ``prefix`` in field ``part``
        (rather than candidates: a key shorter than ``prefix``)."""
        length = KEY_LENGTHS[part]
        return length is None or len(prefix) <= length

    def mark(self, flags: bytearray, part: int, prefix: str) -> None:
        """Set ``flags[n]`` for every record ``n`` whose field ``part`` has a word starting with ``prefix`` (or,
        where :meth:`exact` says not, whose key matches)."""
        keys, rows_of = self._keys[part], self._rows[part]
        length = KEY_LENGTHS[part]
        key = prefix if length is None else prefix[:length]
        low = bisect_left(keys, key)
        high = low
        # The keys starting with ``key`` follow one another in sorted order.
        if ord(key[-1]) < 0x10FFFF:
            high = bisect_left(keys, key[:-1] + chr(ord(key[-1]) + 1), low)
        else:
            while high < len(keys) and keys[high].startswith(key):
                high += 1
        setter = flags.__setitem__
        for rows in map(rows_of.__getitem__, keys[low:high]):
            deque(map(setter, rows, repeat(1)), 0)


def rows_marked(flags: bytearray, among: Iterable[int] | None) -> list[int]:
    """The rows whose flag is set, ascending (of ``among``, or of all)."""
    if among is None:
        return list(compress(range(len(flags)), flags))
    among = list(among)
    return list(compress(among, map(flags.__getitem__, among)))
