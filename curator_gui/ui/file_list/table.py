"""The file list's rows as plain data (no Qt): the only place that keeps them in order, finds them by path, knows
where each stands and counts them.

Built for 100,000 rows changed from the event loop: every pass over all rows runs in C (``map`` over attribute
getters, dictionaries built from ``zip``), positions are worked out only when asked for after the order changed,
and counts follow the rows added, replaced and removed instead of being taken again from every row.
"""
from __future__ import annotations

from contextlib import contextmanager
from itertools import compress, repeat
from operator import attrgetter, countOf, gt, is_, not_, or_
from typing import Iterable, Iterator, Sequence

from curator_gui.ui.file_list.rows import sort_rows

_path_of = attrgetter("path")
_errors_of = attrgetter("errors")
_warnings_of = attrgetter("warnings")
_parsed_of = attrgetter("parsed")
_unsaved_of = attrgetter("unsaved")
_categories_of = attrgetter("categories")
#: Below this many rows to place, each is found by its identity (no map of every position is made).
_FEW = 8
COUNTED = ("files", "errors", "warnings", "unsaved", "pending")
#: Rows counted (or their topics gathered) per step when every row is looked at again (about 15 ms at 20,000;
#: see RowTable.count_step).
COUNT_STEP = 20_000


def tally(rows: Sequence) -> dict[str, int]:
    """How many of ``rows`` there are, with errors, with warnings (and no errors), with unsaved edits, not read
    yet (a row's status is a Python property: counted from its numbers, in C)."""
    errors = list(map(bool, map(_errors_of, rows)))
    return {"files": len(rows), "errors": sum(errors),
            "warnings": sum(map(gt, map(bool, map(_warnings_of, rows)), errors)),
            "unsaved": sum(map(_unsaved_of, rows)), "pending": countOf(map(_parsed_of, rows), False)}


class RowTable:
    """Rows in the list's order (``rows``), by path (``by_path``); see the module docstring."""

    def __init__(self) -> None:
        self.rows: list = []
        self.by_path: dict[str, object] = {}
        self._positions: dict[str, int] | None = {}
        self._ids: list[int] | None = None  # id() of every row in order, while the order stands (see positions_of)
        self._counts: dict[str, int] | None = dict.fromkeys(COUNTED, 0)
        self._partial: tuple[dict[str, int], int] | None = None  # counts of the first rows, while counting again
        self._topics: list[str] | None = None  # every topic of the rows, sorted, once gathered
        self._topic_partial: tuple[set, int] | None = None  # the first rows' topic tuples, while gathering

    def __len__(self) -> int:
        return len(self.rows)

    # --- finding -----------------------------------------------------------------------------------------

    def position(self, path: str) -> int:
        """Where the row of ``path`` stands; -1 when there is none."""
        if self._positions is None:
            self._positions = dict(zip(map(_path_of, self.rows), range(len(self.rows))))
        return self._positions.get(path, -1)

    def positions_of(self, rows: Sequence) -> list[int]:
        """Where each of these rows (objects of this table) stands; -1 for one that is not in it."""
        if not rows:
            return []
        if self._positions is None and len(rows) <= _FEW:
            # Found by identity, without a map of every position; the identities are kept while the order stands
            # (the model and its filter both look for the selection after one change).
            if self._ids is None:
                self._ids = list(map(id, self.rows))
            ids = self._ids
            found = []
            for row in rows:
                try:
                    found.append(ids.index(id(row)))
                except ValueError:
                    found.append(-1)
            return found
        return [self.position(row.path) if self.by_path.get(row.path) is row else -1 for row in rows]

    # --- changing ----------------------------------------------------------------------------------------

    def reset(self, rows: list) -> None:
        """Hold exactly ``rows``, in this order."""
        self.rows = rows
        self.by_path = dict(zip(map(_path_of, rows), rows))
        self._positions = self._ids = None
        self._counts = self._partial = self._topics = self._topic_partial = None

    def append(self, rows: list) -> None:
        first = len(self.rows)
        self.rows.extend(rows)
        self.by_path.update(zip(map(_path_of, rows), rows))
        if self._positions is not None:
            self._positions.update(zip(map(_path_of, rows), range(first, first + len(rows))))
        if self._ids is not None:
            self._ids.extend(map(id, rows))
        self._topics = None  # a gathering under way takes the new rows in when it reaches them
        self._add(tally(rows))

    def replace(self, number: int, row) -> None:
        """Put ``row`` (for the same path) in place of the row at ``number``."""
        old = self.rows[number]
        self.rows[number] = self.by_path[row.path] = row
        if self._ids is not None:
            self._ids[number] = id(row)
        self._partial = self._topics = self._topic_partial = None
        self._add(tally([old]), -1)
        self._add(tally([row]))

    def remove(self, numbers: Iterable[int]) -> None:
        """Drop the rows at these positions."""
        dropped = set(numbers)
        gone = [self.rows[number] for number in dropped]
        for row in gone:
            del self.by_path[row.path]
        if len(dropped) == 1:
            del self.rows[next(iter(dropped))]
        else:
            self.rows = [row for number, row in enumerate(self.rows) if number not in dropped]
        self._positions = self._ids = self._partial = self._topics = self._topic_partial = None
        self._add(tally(gone), -1)

    def sort(self, column: int, descending: bool) -> None:
        sort_rows(self.rows, column, descending)
        self._positions = self._ids = self._partial = self._topic_partial = None

    @contextmanager
    def changing(self, row) -> Iterator[None]:
        """Change one row where it stands (its values, not its path), keeping the counts."""
        before = tally([row])
        yield
        self._partial = self._topics = self._topic_partial = None
        self._add(before, -1)
        self._add(tally([row]))

    def changed_in_place(self) -> None:
        """Rows were changed where they stand (their numbers, not their paths): count them again, when asked or
        step by step (:meth:`count_step`)."""
        self._counts = self._partial = self._topics = self._topic_partial = None

    # --- index rows arriving -----------------------------------------------------------------------------

    def sort_out(self, paths: list[str], rows: list) -> tuple[list, list, bool]:
        """Of rows arriving for these paths: the new ones, (position, current row, arriving row) of those that
        take another row's place, and whether any is already held (the index changes its rows in place)."""
        currents = list(map(self.by_path.get, paths))
        absent = list(map(is_, currents, repeat(None)))
        same = list(map(is_, currents, rows))
        settled = list(map(or_, absent, same))
        others = [] if all(settled) else list(compress(zip(currents, rows), map(not_, settled)))
        placed = self.positions_of([current for current, _row in others])
        return (list(compress(rows, absent)), [(n, current, row) for n, (current, row) in zip(placed, others)],
                any(same))

    # --- counting ----------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """See :func:`tally` (kept as rows change; taken again after rows changed in place)."""
        while not self.count_step(len(self.rows)):
            pass
        return dict(self._counts)

    def count_step(self, size: int | None = None) -> bool:
        """Count ``size`` more rows after rows changed in place; True once the counts are whole again. Counting
        100,000 rows takes 80 ms: a caller with an event loop spreads it over several turns (rows appended
        meanwhile are counted when reached; any other change starts the count again)."""
        if self._counts is not None:
            return True
        size = COUNT_STEP if size is None else size
        counted, done = self._partial or (dict.fromkeys(COUNTED, 0), 0)
        chunk = self.rows[done:done + size]
        for name, value in tally(chunk).items():
            counted[name] += value
        done += len(chunk)
        if done >= len(self.rows):
            self._counts, self._partial = counted, None
            return True
        self._partial = (counted, done)
        return False

    def topics(self) -> list[str]:
        """Every topic the rows have, sorted as a curator reads them (gathered again after rows changed)."""
        while not self.topics_step(len(self.rows)):
            pass
        return list(self._topics)

    def topics_step(self, size: int | None = None) -> bool:
        """Gather the topics of ``size`` more rows; True once every row's are (see :meth:`count_step`)."""
        if self._topics is not None:
            return True
        size = COUNT_STEP if size is None else size
        # Rows share equal topic tuples: the distinct tuples first (a set made in C), then their topics.
        found, done = self._topic_partial or (set(), 0)
        found.update(map(_categories_of, self.rows[done:done + size]))
        done += size
        if done >= len(self.rows):
            self._topics, self._topic_partial = sorted(set().union(*found), key=str.casefold), None
            return True
        self._topic_partial = (found, done)
        return False

    def _add(self, counts: dict[str, int], sign: int = 1) -> None:
        if self._counts is not None:
            for name in COUNTED:
                self._counts[name] += sign * counts[name]
