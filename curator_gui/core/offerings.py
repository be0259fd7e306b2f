"""The offerings used across a folder: the only place that compares one offering id's labels and permalinks
across files (rule CG406) and that knows the folder's offerings for completion.

Each file's related offerings are kept in its index row as a compact summary (:func:`offerings_summary`), so a
folder's offerings are known without reading its files again. :class:`FolderOfferings` gathers them: for each
offering id, which (label, permalink) each file writes, and the topics that go with them. An id written with
different labels or permalinks is flagged in the files that write a variant other than the one most files
agree on (all of them when no variant has the most files).
"""
from __future__ import annotations

import heapq
import json
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from curator_gui.core.problems import Problem
from curator_gui.core.rules import BY_CODE

#: How many differing variants a message names.
_NAMED_VARIANTS = 3


@dataclass(frozen=True)
class OfferingUse:
    """One related offering of one file: the offering's id, label, permalink and topics, and where its
    ``offeringId`` is written (``index``: its place in ``relatedOfferings``)."""

    path: str
    index: int
    offering_id: int | None
    label: str
    permalink: str
    categories: tuple[str, ...] = ()
    line: int = 1
    column: int = 1

    @property
    def variant(self) -> tuple[str, str]:
        """What must agree across files for one id: the label and the permalink (spaces around ignored)."""
        return " ".join(self.label.split()), self.permalink.strip()


def offering_uses(path: str, data: dict, position=None) -> list[OfferingUse]:
    """The related offerings of a record that have a label; ``position(path_tuple) -> (line, column)`` places
    them (a :class:`~curator_gui.core.document.Document`'s ``position_of``)."""
    offerings = data.get("relatedOfferings") if isinstance(data, dict) else None
    if not isinstance(offerings, list):
        return []
    uses = []
    for index, item in enumerate(offerings):
        if not isinstance(item, dict):
            continue
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            continue
        raw_id = item.get("offeringId")
        offering_id = raw_id if isinstance(raw_id, int) and not isinstance(raw_id, bool) else None
        permalink = item.get("permalink") if isinstance(item.get("permalink"), str) else ""
        topics = item.get("categories")
        categories = tuple(t for t in topics if isinstance(t, str)) if isinstance(topics, list) else ()
        line, column = position(("relatedOfferings", index, "offeringId")) if position is not None else (1, 1)
        uses.append(OfferingUse(path, index, offering_id, label, permalink, categories, line, column))
    return uses


def offerings_summary(uses: list[OfferingUse]) -> str:
    """A file's offerings as one compact text for the index cache ('' without any)."""
    if not uses:
        return ""
    return json.dumps([[u.index, u.offering_id, u.label, u.permalink, list(u.categories), u.line, u.column]
                       for u in uses], ensure_ascii=False, separators=(",", ":"))


def uses_from_summary(path: str, summary: str) -> list[OfferingUse]:
    """The inverse of :func:`offerings_summary` (an unreadable summary gives none)."""
    if not summary:
        return []
    try:
        items = json.loads(summary)
        return [OfferingUse(path, int(index), offering_id if isinstance(offering_id, int) else None, str(label),
                            str(permalink), tuple(str(t) for t in categories), int(line), int(column))
                for index, offering_id, label, permalink, categories, line, column in items]
    except (ValueError, TypeError):
        return []


class FolderOfferings:
    """Every offering used in a folder, by id; see the module docstring."""

    def __init__(self, uses: Iterable[OfferingUse] = ()):
        #: offering id → variant → the files that write it
        self._by_id: dict[int, dict[tuple[str, str], set[str]]] = {}
        #: (id or None, label, permalink) → how often each topic list goes with it
        self._topics: dict[tuple, Counter] = {}
        self._labels: Counter = Counter()
        self._first_paths: dict[tuple, list[str]] = {}  # (id, variant) → its two first files, once asked for
        for use in uses:
            self.add(use)

    def add(self, use: OfferingUse) -> None:
        """Count one more use."""
        self._count(use.path, use.offering_id, use.variant, use.categories)

    def add_summary(self, path: str, summary: str) -> None:
        """Count the uses of one file's offerings summary (:func:`offerings_summary`) without making a
        :class:`OfferingUse` of each: what a folder's check does for every file."""
        if not summary:
            return
        try:
            uses = [(offering_id if isinstance(offering_id, int) else None,
                     (" ".join(str(label).split()), str(permalink).strip()), tuple(map(str, categories)))
                    for _index, offering_id, label, permalink, categories, _line, _column in json.loads(summary)]
        except (ValueError, TypeError):
            return  # an unreadable summary counts as none (as uses_from_summary gives none)
        for offering_id, variant, categories in uses:
            self._count(path, offering_id, variant, categories)

    def _count(self, path: str, offering_id: int | None, variant: tuple[str, str],
               categories: tuple[str, ...]) -> None:
        """One use: the file under its id and variant, its topics and its label counted."""
        if offering_id is not None:
            self._by_id.setdefault(offering_id, {}).setdefault(variant, set()).add(path)
            if self._first_paths:
                self._first_paths.pop((offering_id, variant), None)
        key = (offering_id, *variant)
        counts = self._topics.get(key)
        if counts is None:  # a Counter made only for a new key (setdefault would make one per use)
            counts = self._topics[key] = Counter()
        counts[categories] += 1
        self._labels[key] += 1

    def __bool__(self) -> bool:
        return bool(self._labels)

    # --- completion ---------------------------------------------------------------------------------------

    def choices(self) -> list[dict]:
        """One offering per label as the folder writes it most often: ``{label, permalink, categories,
        offeringId}``, sorted by label. For a label written under several ids or permalinks, the most used one."""
        best: dict[str, tuple[int, tuple]] = {}
        for key, count in self._labels.items():
            label = key[1]
            if label not in best or count > best[label][0]:
                best[label] = (count, key)
        found = []
        for label, (_count, (offering_id, _label, permalink)) in best.items():
            topics = self._topics[(offering_id, label, permalink)].most_common(1)[0][0]
            found.append({"label": label, "permalink": permalink, "categories": list(topics),
                          "offeringId": offering_id})
        return sorted(found, key=lambda item: (item["label"].casefold(), item["label"]))

    # --- the check ----------------------------------------------------------------------------------------

    def mixed_paths(self) -> set[str]:
        """The files that write an offering id the folder writes in more than one way (only they can have CG406
        findings)."""
        found: set[str] = set()
        for variants in self._by_id.values():
            if len(variants) > 1:
                found.update(*variants.values())
        return found

    def problems(self, uses: list[OfferingUse], path: str, display_path: str | None = None) -> list[Problem]:
        """CG406 findings for one file's offerings ``uses`` (as it is now) against the rest of the folder (the
        file's own uses counted from ``uses``, not from what was read of it before)."""
        found = []
        for use in uses:
            if use.offering_id is None:
                continue
            written = self._by_id.get(use.offering_id, {})
            own = {other.variant for other in uses if other.offering_id == use.offering_id}
            # How many files write each variant: the others as read, this file as it is now. Counted, not
            # copied: an id used by every file of 100,000 would otherwise copy 100,000 paths per file.
            counts = {variant: len(paths) - (path in paths) + (variant in own) for variant, paths in written.items()}
            counts.update((variant, 1) for variant in own if variant not in counts)
            counts = {variant: count for variant, count in counts.items() if count}
            if len(counts) < 2:
                continue
            top = max(counts.values())
            if counts[use.variant] == top and sum(1 for n in counts.values() if n == top) == 1:
                continue  # this file writes what most files write: the others are told
            found.append(self._problem(use, counts, own, path, display_path or path))
        return found

    def _problem(self, use: OfferingUse, counts: dict[tuple[str, str], int], own: set[tuple[str, str]], path: str,
                 shown: str) -> Problem:
        others = sorted(((v, n) for v, n in counts.items() if v != use.variant), key=lambda item: (-item[1], item[0]))
        named = []
        for (label, permalink), count in others[:_NAMED_VARIANTS]:
            where = "this file" if count == 1 and (label, permalink) in own else f"{count} file{'s' * (count != 1)}"
            named.append(f'"{label}" ({permalink or "no permalink"}) in {where}')
        rest = len(others) - len(named)
        (label, permalink), _count = others[0]  # what most of the other files write
        what = " and ".join(name for name, differs in (("label", label != use.variant[0]),
                                                       ("permalink", permalink != use.variant[1])) if differs)
        message = (f"offeringId {use.offering_id} is written with another {what or 'spelling'} in the folder: "
                   + ", ".join(named) + (f" and {rest} more" if rest else ""))
        related = tuple(first for first in (self._first_other(use.offering_id, variant, path)
                                            for variant, _count in others[:_NAMED_VARIANTS]) if first)
        rule = BY_CODE["CG406"]
        return Problem(shown, use.line, use.column, rule.severity, f"relatedOfferings.{use.index}.offeringId",
                       message, rule.code, related)

    def _first_other(self, offering_id: int, variant: tuple[str, str], path: str) -> str | None:
        """The first file (by path) other than ``path`` that writes ``variant`` of the id; None when none does."""
        key = (offering_id, variant)
        first = self._first_paths.get(key)
        if first is None:
            first = self._first_paths[key] = heapq.nsmallest(2, self._by_id.get(offering_id, {}).get(variant, ()))
        return next((found for found in first if found != path), None)


def offering_problems(doc, folder: FolderOfferings | None, config=None, display_path: str | None = None) \
        -> list[Problem]:
    """CG406 findings for an open document against its folder's offerings, with the file's ignore comments and
    ``config`` (a :class:`~curator_gui.core.config.CuratorConfig`; the defaults when None) applied."""
    if not folder or doc.error is not None or doc.path is None or not isinstance(doc.data, dict):
        return []
    from curator_gui.core.config import DEFAULT_CONFIG
    from curator_gui.core.validate import silenced_codes

    path = str(doc.path)
    found = folder.problems(offering_uses(path, doc.data, doc.position_of), path, display_path)
    if found and "CG406" in silenced_codes(doc):
        return []
    return (config or DEFAULT_CONFIG).apply(found)
