"""Filtering many records by a query (:mod:`curator_gui.core.query`'s language) at the speed of typing: the only
place that evaluates a query column by column.

Built for a keystroke over 100,000 records: every pass over the records runs in C (``map`` over prepared texts,
word masks and flags, never a Python call per record); a query that adds to an earlier one tests only the
records that matched it, and only for its new terms; a field is searched in place, between bounds found once;
the results of recent queries are remembered, so that erasing costs nothing. Once a caller with idle time has
built the word index (:meth:`RowFilter.prepare_words`), a word is looked up there rather than searched for in
every record that can still match (:mod:`curator_gui.core.word_index`).
"""
from __future__ import annotations

from array import array
from itertools import compress, repeat
from operator import add, and_, attrgetter, contains, eq, ge, gt, itemgetter, le, lt, not_
from typing import Iterable, Sequence

from curator_gui.core.query import (_DATE_VALUE, _FIELD, _MARK, _PARTS, EXACT_TOPIC, Query, Searchable, Term,
                                    _needle_mask, mask_tests)
from curator_gui.core.word_index import RowMarks, WordIndex, rows_marked

#: How many rows are tried to see whether a mask test would drop enough of them to be worth it.
_SAMPLE = 500

#: The columns of what a record's problems and edits may change without its text changing.
_FLAG_COLUMNS = ("status", "unsaved", "has_image", "has_topics")
#: The columns of where each field starts and ends (see :meth:`RowFilter.prepare`).
FIELD_BOUNDS = tuple(f"{kind}{part}" for part in range(len(_PARTS)) for kind in ("start", "end"))


class RowFilter:
    """Filters a sequence of records by a query, narrowing from an earlier result when it can.

    Work is done column by column in C (``map`` over prepared strings and flags), never with a Python call per
    record. Typing narrows: a query that adds to an earlier one only tests the records that matched it, and
    only for the terms that are new. Erasing is free: the results of recent queries are remembered (compactly),
    so a backspace returns to one at once. The caller passes the same ``rows`` sequence as long as it has not
    changed, and calls :meth:`forget` when it has (rows added, removed, re-read, re-ordered, or a record's text
    or flags changed).
    """

    #: How many row numbers the remembered results may hold in all (8 bytes each).
    HISTORY_LIMIT = 1_000_000
    #: Below this many records that can still match, searching their texts costs less than looking words up.
    SEARCH_BELOW = 3000
    #: Records changed since the word index was built are searched for each word; past this many, it is dropped.
    CHANGED_LIMIT = 2000

    def __init__(self) -> None:
        self._history: dict[Query, array] = {}  # recent queries (terms only) and their results, oldest first
        self._held = 0
        self._columns: dict[str, list] = {}  # per field or flag, the value of every row, while rows are unchanged
        self._words: WordIndex | None = None  # where each word stands (built by prepare_words), and
        self._changed: set[int] = set()  # the rows whose text changed since (searched, not looked up)

    def forget(self) -> None:
        """Drop the remembered results, columns and word index (the rows changed)."""
        self._history, self._held = {}, 0
        self._columns = {}
        self._words, self._changed = None, set()

    def forget_flags(self) -> None:
        """The records' flags changed (their problems: the checks across files), not their texts, dates or order:
        drop the remembered results and the flag columns, keep the texts' columns and the word index."""
        self._history, self._held = {}, 0
        for name in _FLAG_COLUMNS:
            self._columns.pop(name, None)

    def forget_rows(self, rows: Sequence[Searchable], numbers: Iterable[int]) -> None:
        """The records at ``numbers`` changed (their text or flags, not their number): gather them again, and
        drop the remembered results. Cheaper than :meth:`forget` for a few records."""
        self._history, self._held = {}, 0
        numbers = list(numbers)
        for number in numbers:
            row = rows[number]
            for name, column in self._columns.items():
                column[number] = _row_value(row, name)
        if self._words is not None:
            self._changed.update(numbers)
            if len(self._changed) > self.CHANGED_LIMIT:
                self._words, self._changed = None, set()  # built again by prepare_words

    @property
    def words_ready(self) -> bool:
        """Whether the word index is complete (else :meth:`prepare_words` has work to do)."""
        return self._words is not None and self._words.complete

    def prepare_words(self, rows: Sequence[Searchable]) -> bool:
        """Build the word index one step further (a caller with idle time calls this until it returns False; each
        step takes a few hundred records); the columns it needs are gathered first, by the first steps."""
        if self._words is None or self._words.size != len(rows):
            self._words, self._changed = WordIndex(len(rows)), set()
        for name in ("all", *FIELD_BOUNDS):
            if name not in self._columns or len(self._columns[name]) != len(rows):
                self._column(rows, name)
                return True  # one column per step
        bounds = [(self._columns[f"start{part}"], self._columns[f"end{part}"]) for part in range(len(_PARTS))]
        return self._words.build_step(self._columns["all"], bounds)

    def apply(self, query: Query, rows: Sequence[Searchable]) -> list[int]:
        """Indexes of the rows that match ``query``, ascending."""
        if query.problems:
            return []
        if not query.terms:
            return list(range(len(rows)))
        key = Query("", query.terms)
        known = self._history.pop(key, None)
        if known is not None and (not known or known[-1] < len(rows)):
            self._history[key] = known  # now the most recent
            return known.tolist()
        base, base_result = None, None
        for earlier, result in self._history.items():
            if key.narrows(earlier) and (base_result is None or len(result) < len(base_result)):
                base, base_result = earlier, result
        if base is not None and base_result and base_result[-1] >= len(rows):
            base = base_result = None  # remembered for other rows (forget() was not called): start afresh
        terms = [t for t in query.terms if base is None or t not in base.terms]  # the base holds the others
        known_bits = 0
        for term in base.terms if base is not None else ():
            if term.needle and not term.negated:
                known_bits |= _needle_mask(term.needle)[0]
        # Every term of the base implied by a new one (``t`` typed on to ``ti``): the new terms alone give the
        # answer, and a word looked up among every record costs less than picking the base's many rows.
        afresh = (base is not None and len(base_result) * 3 > len(rows)
                  and all(any(old.implied_by(new) for new in terms) for old in base.terms))
        result = self._evaluate(terms, rows, base_result, known_bits, afresh)
        self._remember(key, result)
        return result

    def _remember(self, key: "Query", result: list[int]) -> None:
        self._history[key] = array("q", result)
        self._held += len(result)
        while self._held > self.HISTORY_LIMIT and len(self._history) > 1:
            oldest = next(iter(self._history))
            self._held -= len(self._history.pop(oldest))

    def _column(self, rows: Sequence[Searchable], name: str) -> Sequence:
        column = self._columns.get(name)
        if column is None or len(column) != len(rows):
            column = self._columns[name] = self._build_column(rows, name)
        return column

    def prepare(self, rows: Sequence[Searchable], names: Iterable[str] = ("search_mask", "all", "date")) -> None:
        """Gather these columns now (a caller with idle time spares the first keystroke the work): any of
        "all", "search_mask", "date", "status", "unsaved", "has_image", "has_topics", and where each field
        starts and ends (:data:`FIELD_BOUNDS`)."""
        for name in names:
            self._column(rows, name)

    def _build_column(self, rows: Sequence[Searchable], name: str) -> Sequence:
        if name.startswith(("start", "end")):
            # Where each field of every record's text starts and ends (found in C), so that a field is searched in
            # place: a copy of a field of 100,000 records costs more time and memory than the search. Kept as
            # arrays of machine integers (8 bytes a record, not an int object each). A text without the
            # separators (a record whose text was not kept) has empty fields.
            part = int(name[-1])
            if name.startswith("start"):
                if part == 0:
                    return array("q", bytes(8 * len(rows)))
                return array("q", map(add, self._column(rows, f"end{part - 1}"), repeat(1)))
            whole = self._column(rows, "all")
            if part == len(_PARTS) - 1:
                return array("q", map(len, whole))
            found = map(str.find, whole, repeat(_FIELD), self._column(rows, f"start{part}"))
            return array("q", map(max, found, repeat(0)))
        return _build_column(rows, name)

    def _field_truths(self, rows: Sequence[Searchable], term: Term, indexes: list[int] | None) -> Iterable:
        """Whether each row (of ``indexes``, or all) has the term's needle in the term's field, searched in place
        between the field's bounds."""
        part = _PARTS.index(term.field)
        columns = (self._column(rows, "all"), self._column(rows, f"start{part}"), self._column(rows, f"end{part}"))
        if indexes is not None:
            columns = tuple(map(column.__getitem__, indexes) for column in columns)
        texts, starts, ends = columns
        # A count (0 or a few) rather than a position: no number is made per record.
        return map(str.count, texts, repeat(term.needle), starts, ends)

    def _evaluate(self, terms: list[Term], rows: Sequence[Searchable], candidates: Sequence[int] | None,
                  known_bits: int = 0, afresh: bool = False) -> list[int]:
        """The rows (of ``candidates``, or all) that match every term; ``known_bits``: word-mask bits every
        candidate is known to have (an earlier query's), so that a mask test that cannot drop any is skipped;
        ``afresh``: the terms imply whatever put the candidates there, so a term looked up in the word index may
        be looked up among all rows."""
        # Most selective first: long needles cut the candidates fastest; negated terms keep most rows.
        indexes = None if candidates is None or len(candidates) == len(rows) else list(candidates)
        if not terms:
            return indexes if indexes is not None else list(range(len(rows)))
        for number, term in enumerate(sorted(terms, key=lambda t: (t.negated, -len(t.needle)))):
            found = None
            if term.needle and not term.negated:
                found = self._looked_up(rows, term, None if afresh and number == 0 else indexes)
            if found is not None:
                indexes = found
                if not indexes:
                    return []
                continue
            if term.needle and not term.negated:
                wanted, exact = _needle_mask(term.needle)
                if wanted | known_bits != known_bits and (exact or self._prunes(rows, wanted, indexes)):
                    indexes = self._prefilter(rows, wanted, indexes)
                    if indexes is not None and not indexes:
                        return []
                if exact and term.field is None:
                    continue  # a one- or two-letter word searched everywhere: the mask is the answer
            indexes = self._searched(rows, term, indexes)
            if not indexes:
                return []
        return indexes if indexes is not None else list(range(len(rows)))

    def _searched(self, rows: Sequence[Searchable], term: Term, indexes: list[int] | None) -> list[int]:
        """The rows (of ``indexes``, or all) that match ``term``, tested one by one in C."""
        if indexes is not None and len(indexes) == len(rows):
            indexes = None  # every row: the columns as they are, without picking items
        if term.needle and term.field is not None:
            truths = self._field_truths(rows, term, indexes)
        else:
            values = self._column(rows, _column_name(term))
            if indexes is not None:
                values = list(map(values.__getitem__, indexes))
            truths = _truths(term, values)
        if term.negated:
            truths = map(not_, truths)
        return list(compress(range(len(rows)) if indexes is None else indexes, truths))

    def _looked_up(self, rows: Sequence[Searchable], term: Term, indexes: list[int] | None) -> list[int] | None:
        """The rows (of ``indexes``, or all) that hold the term's words, found in the word index; None when the
        index is not ready or searching costs less (few rows left)."""
        words = self._words
        if (words is None or not words.complete or words.size != len(rows)
                or (indexes is not None and len(indexes) < self.SEARCH_BELOW)):
            return None
        parts = range(len(_PARTS)) if term.field is None else (_PARTS.index(term.field),)
        pieces = term.needle.split(_MARK)[1:]
        if len(pieces) == 1:
            # One word: the rows of the words starting with it are the answer, except where a key is shorter than
            # the word (file names) and for rows changed since they were indexed: those are searched.
            found, unsure = RowMarks(len(rows)), RowMarks(len(rows))
            exact = True
            for part in parts:
                if words.exact(part, pieces[0]):
                    words.mark(found, part, pieces[0])
                else:
                    words.mark(unsure, part, pieces[0])
                    exact = False
            found_flags = found.merged()
            if exact and not self._changed:
                return rows_marked(found_flags, indexes)
            unsure_flags = unsure.merged()
            for number in self._changed:
                found_flags[number], unsure_flags[number] = 0, 1
            sure = rows_marked(found_flags, indexes)
            unsure_rows = rows_marked(unsure_flags, indexes)
            unsure_rows = list(compress(unsure_rows, map(not_, map(found_flags.__getitem__, unsure_rows))))
            if not unsure_rows:
                return sure
            return sorted(sure + self._searched(rows, term, unsure_rows))  # two runs: merged
        # A phrase: the rows holding each of its longer words (and the first) are candidates, searched for it.
        chosen = [pieces[0], *(piece for piece in pieces[1:] if len(piece) >= 3)]
        candidates = indexes
        for piece in chosen:
            marks = RowMarks(len(rows))
            for part in parts:
                words.mark(marks, part, piece)
            flags = marks.merged()
            for number in self._changed:
                flags[number] = 1
            candidates = rows_marked(flags, candidates)
            if not candidates:
                return []
        return self._searched(rows, term, candidates)

    def _prunes(self, rows: Sequence[Searchable], wanted: int, indexes: list[int] | None) -> bool:
        """Whether a mask test is worth its pass: it is, when it drops a fifth of a sample of the rows at least
        (a common first letter, such as in ``topic:s``, drops none)."""
        sample = (range(0, len(rows), max(1, len(rows) // _SAMPLE)) if indexes is None
                  else indexes[::max(1, len(indexes) // _SAMPLE)])
        return len(self._prefilter(rows, wanted, list(sample))) < 0.8 * len(sample)

    def _prefilter(self, rows: Sequence[Searchable], wanted: int, indexes: list[int] | None) -> list[int]:
        """The rows whose word mask has every bit of ``wanted``: a byte of each mask tested per byte of bits, in
        C, each test on the rows the one before kept."""
        masks = self._column(rows, "search_mask")
        if indexes is not None and len(indexes) == len(rows):
            indexes = None  # every row: the columns as they are, without picking items
        for number, bits in mask_tests(wanted):
            chosen = masks if indexes is None else map(masks.__getitem__, indexes)
            found = map(and_, map(itemgetter(number), chosen), repeat(bits))
            if bits & (bits - 1):  # more than one bit of this byte: all of them
                found = map(eq, found, repeat(bits))
            indexes = list(compress(range(len(rows)) if indexes is None else indexes, found))
            if not indexes:
                break
        return indexes if indexes is not None else list(range(len(rows)))


def _column_name(term: Term) -> str:
    if term.needle:
        return "all"
    if term.field == EXACT_TOPIC:
        return "categories"
    if term.field == "is":
        return "unsaved" if term.value == "unsaved" else "status"
    if term.field == "has":
        return "has_image" if term.value == "image" else "has_topics"
    return "date"


def _row_value(row: Searchable, name: str):
    """One record's item of a column (see :meth:`RowFilter.prepare`)."""
    if name == "all":
        return row.search
    if name == "date":
        return row.date or ""
    if name.startswith(("start", "end")):
        part, start = int(name[-1]), 0
        for _ in range(part):
            start = max(row.search.find(_FIELD, start), 0) + 1
        if name.startswith("start"):
            return start
        return len(row.search) if part == len(_PARTS) - 1 else max(row.search.find(_FIELD, start), 0)
    return getattr(row, name)


def _build_column(rows: Sequence[Searchable], name: str) -> list:
    if name == "all":
        return list(map(attrgetter("search"), rows))
    if name == "date":
        return [date or "" for date in map(attrgetter("date"), rows)]
    return list(map(attrgetter(name), rows))


_PROBLEM_STATUSES = frozenset(("error", "warning"))


def _truths(term: Term, values: list) -> Iterable:
    """One truth value per item of ``values`` (the term's column, for the rows under test), computed in C."""
    if term.needle:
        return map(contains, values, repeat(term.needle))
    if term.field == EXACT_TOPIC:  # the topic among the record's topics (a tuple each): a test in C per row
        return map(contains, values, repeat(term.value))
    if term.field == "is":
        if term.value == "unsaved":
            return values
        if term.value == "problem":
            return map(_PROBLEM_STATUSES.__contains__, values)
        return map(eq, values, repeat(term.value))
    if term.field == "has":
        return values
    operator, day = _DATE_VALUE.match(term.value).groups()
    if not operator or operator == "=":
        return map(str.startswith, values, repeat(day))
    size = len(day)
    # ISO text orders by day, month or year when cut to the length given; a record without a date never matches.
    heads = [value[:size] for value in values]
    compare = {">": gt, "<": lt, ">=": ge, "<=": le}[operator]
    return map(and_, map(bool, heads), map(compare, heads, repeat(day)))
