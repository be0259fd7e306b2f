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
from typing import Callable, Iterable, Iterator, Sequence

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


class _Gathered:
    """A value gathered from every row, a step of rows at a time: whole once every row was looked at.

    ``start()`` makes an empty gathering, ``take(gathering, rows)`` adds rows to it, ``finish(gathering)`` makes
    the value. Rows appended while it is under way are taken when reached; any other change to the rows starts
    it again (:meth:`restart`), or drops the value too (:meth:`drop`).
    """

    def __init__(self, start: Callable, take: Callable, finish: Callable, value=None) -> None:
        self._start, self._take, self._finish = start, take, finish
        self.value = value
        self._partial: tuple | None = None  # (what the first rows gave, how many were taken)

    def drop(self) -> None:
        self.value = self._partial = None

    def restart(self) -> None:
        """The rows moved: what was gathered of the first ones no longer stands (a whole value does)."""
        self._partial = None

    def step(self, rows: list, size: int) -> bool:
        """Take ``size`` more rows; True once the value is whole."""
        if self.value is not None:
            return True
        gathered, done = self._partial or (self._start(), 0)
        gathered = self._take(gathered, rows[done:done + size])
        done += size
        if done >= len(rows):
            self.value, self._partial = self._finish(gathered), None
            return True
        self._partial = (gathered, done)
        return False


def _add_counts(counted: dict[str, int], rows: list) -> dict[str, int]:
    for name, value in tally(rows).items():
        counted[name] += value
    return counted


def _add_topic_tuples(found: set, rows: list) -> set:
    found.update(map(_categories_of, rows))  # rows share equal topic tuples: the distinct ones (a set made in C)
    return found


def _sorted_topics(found: set) -> list[str]:
    return sorted(set().union(*found), key=str.casefold)


class RowTable:
    """Rows in the list's order (``rows``), by path (``by_path``); see the module docstring."""

    def __init__(self) -> None:
        self.rows: list = []
        self.by_path: dict[str, object] = {}
        self._positions: dict[str, int] | None = {}
        self._ids: list[int] | None = None  # id() of every row in order, while the order stands (see positions_of)
        # The counts are kept as rows change (taken again after rows changed in place); the topics are gathered
        # when asked for, and dropped when rows change.
        self._counts = _Gathered(lambda: dict.fromkeys(COUNTED, 0), _add_counts, dict, dict.fromkeys(COUNTED, 0))
        self._topics = _Gathered(set, _add_topic_tuples, _sorted_topics)

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
        self._counts.drop()
        self._topics.drop()

    def append(self, rows: list) -> None:
        first = len(self.rows)
        self.rows.extend(rows)
        self.by_path.update(zip(map(_path_of, rows), rows))
        if self._positions is not None:
            self._positions.update(zip(map(_path_of, rows), range(first, first + len(rows))))
        if self._ids is not None:
            self._ids.extend(map(id, rows))
        self._topics.value = None  # a gathering under way takes the new rows in when it reaches them
        self._add(tally(rows))

    def replace(self, number: int, row) -> None:
        """Put ``row`` (for the same path) in place of the row at ``number``."""
        old = self.rows[number]
        self.rows[number] = self.by_path[row.path] = row
        if self._ids is not None:
            self._ids[number] = id(row)
        self._counts.restart()
        self._topics.drop()
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
        self._positions = self._ids = None
        self._counts.restart()
        self._topics.drop()
        self._add(tally(gone), -1)

    def sort(self, column: int, descending: bool) -> None:
        sort_rows(self.rows, column, descending)
        self._positions = self._ids = None
        self._counts.restart()
        self._topics.restart()

    @contextmanager
    def changing(self, row) -> Iterator[None]:
        """Change one row where it stands (its values, not its path), keeping the counts."""
        before = tally([row])
        yield
        self._counts.restart()
        self._topics.drop()
        self._add(before, -1)
        self._add(tally([row]))

    def changed_in_place(self) -> None:
        """Rows were changed where they stand (their numbers, not their paths): count them again, when asked or
        step by step (:meth:`count_step`)."""
        self._counts.drop()
        self._topics.drop()

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
        self._counts.step(self.rows, len(self.rows))
        return dict(self._counts.value)

    def count_step(self, size: int | None = None) -> bool:
        """Count ``size`` more rows after rows changed in place; True once the counts are whole again. Counting
        100,000 rows takes 80 ms: a caller with an event loop spreads it over several turns (rows appended
        meanwhile are counted when reached; any other change starts the count again)."""
        return self._counts.step(self.rows, COUNT_STEP if size is None else size)

    def topics(self) -> list[str]:
        """Every topic the rows have, sorted as a curator reads them (gathered again after rows changed)."""
        self._topics.step(self.rows, len(self.rows))
        return list(self._topics.value)

    def topics_step(self, size: int | None = None) -> bool:
        """Gather the topics of ``size`` more rows; True once every row's are (see :meth:`count_step`)."""
        return self._topics.step(self.rows, COUNT_STEP if size is None else size)

    def _add(self, counts: dict[str, int], sign: int = 1) -> None:
        if self._counts.value is not None:
            for name in COUNTED:
                self._counts.value[name] += sign * counts[name]
