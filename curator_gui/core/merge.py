"""Merging fetched page metadata into a curation: fill what is empty, offer what differs.

A fetch result (a front-matter fragment) never overwrites a value the curator already has, and never proposes
the article's byline as the curation's ``author`` (see :data:`NEVER_MERGED`). Empty fields are
filled; where a field holds something else, the fetched value becomes a :class:`Conflict` for the curator to
accept or ignore. The plan is computed here, without any UI, and applied in one step.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from curator_gui.core.derive import DERIVATIONS, propagate
from curator_gui.core.fieldpath import get_in, has_path, set_in
from curator_gui.core.urls import without_userinfo
from curator_gui.core.values import clone, same_value

#: Fragment keys never written into a curation. ``author`` names the curators, never the article's writer; the
#: page's byline (``byline``, or ``author`` from an older fetcher) is information for the curator only.
#: ``htmlMetaData.author`` still takes the page's own meta tag.
NEVER_MERGED = frozenset({"author", "byline", "headline"})
#: Fields that copy another field outside the record's address map (``href`` copies ``link.href``): a fetch
#: fills them only where the file has the key, as an edit would (the oldest files keep no such copies).
_COPIES = frozenset(d.target for d in DERIVATIONS if d.target[-1] != -1 and d.target[0] != "link")

#: Maps whose entries are merged one by one (their keys are page tags, each a field of its own).
_ENTRYWISE = ("openGraphMetaData", "twitterMetaData", "htmlMetaData", "link", "openProjectCustomFields",
              "featuredImage", "favIconImage")


def is_empty(value: Any) -> bool:
    """None, blank text, an empty list or map, or the oldest files' ``[null]`` placeholder."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict)):
        return not value or value == [None]
    return False


@dataclass(frozen=True)
class Conflict:
    """A field whose current value differs from the fetched one."""

    path: tuple
    current: Any
    fetched: Any


@dataclass
class MergePlan:
    fills: list[tuple[tuple, Any]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.fills and not self.conflicts


def curation_fields(fragment: dict) -> dict:
    """The fragment as a curation takes it: its ``headline`` (the page's title without the site's name, when the
    extractor found one) is the proposed ``title``."""
    headline = fragment.get("headline")
    return {**fragment, "title": headline} if isinstance(headline, str) and headline.strip() else fragment


def plan_merge(data: dict, fragment: dict) -> MergePlan:
    """What merging ``fragment`` into ``data`` would do, field by field."""
    plan = MergePlan()
    fragment = curation_fields(fragment)
    for key, fetched in without_userinfo(fragment).items():
        if key in NEVER_MERGED:
            continue
        if key in _ENTRYWISE and isinstance(fetched, dict):
            if key not in data and fetched and all((key, sub) in _COPIES for sub in fetched):
                continue  # a map of copies the file does not keep
            base = _map_base(data, key)
            current_map = get_in(data, base)
            if is_empty(current_map) and not (isinstance(data.get(key), list) and data[key] == [None]):
                plan.fills.append(((key,), fetched))
                continue
            if data.get(key) == [None]:
                plan.fills.append(((key,), [fetched]))
                continue
            if not isinstance(current_map, dict):
                _plan_leaf(plan, data, (key,), fetched)  # a text where a map belongs: offer the map beside it
                continue
            for sub_key, sub_value in fetched.items():
                _plan_leaf(plan, data, base + (sub_key,), sub_value)
        else:
            _plan_leaf(plan, data, (key,), fetched)
    return plan


def _map_base(data: dict, key: str) -> tuple:
    """Where a page-metadata map lives: ``key``, or ``key.0`` in files that wrap it in a one-item list."""
    value = data.get(key)
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict):
        return (key, 0)
    return (key,)


def _plan_leaf(plan: MergePlan, data: dict, path: tuple, fetched: Any) -> None:
    if is_empty(fetched) or (path in _COPIES and not has_path(data, path)):
        return
    current = get_in(data, path)
    if is_empty(current):
        plan.fills.append((path, fetched))
    elif not same_value(current, fetched) and not _same_text(current, fetched):
        plan.conflicts.append(Conflict(path, current, fetched))


def _same_text(a: Any, b: Any) -> bool:
    return isinstance(a, str) and isinstance(b, str) and " ".join(a.split()) == " ".join(b.split())


def apply_merge(data: dict, fills: list[tuple[tuple, Any]], accepted: list[Conflict] = ()) -> dict:
    """A copy of ``data`` with the fills and the accepted conflicts applied and derived fields followed."""
    after = clone(data)
    for path, value in list(fills) + [(c.path, c.fetched) for c in accepted]:
        set_in(after, path, clone(value))
    propagate(data, after)
    return after


_ABSENT = object()


def rebase(base: Any, mine: Any, theirs: Any) -> Any:
    """Three-way merge of YAML-shaped values: the changes from ``base`` to ``mine`` applied onto ``theirs``.

    Used when a file changed on disk under unsaved edits: ``base`` is what was read, ``mine`` the edits,
    ``theirs`` the new file. Maps merge key by key; anywhere else, where both sides changed, ``mine`` wins.
    """
    if same_value(mine, base):
        return clone(theirs)
    if same_value(theirs, base):
        return clone(mine)
    if isinstance(base, dict) and isinstance(mine, dict) and isinstance(theirs, dict):
        merged = {}
        for key in list(theirs) + [k for k in mine if k not in theirs]:
            if key not in mine and key in base:
                continue  # removed in the edits
            merged[key] = rebase(base.get(key, _ABSENT), mine.get(key, _ABSENT), theirs.get(key, _ABSENT))
        return {k: v for k, v in merged.items() if v is not _ABSENT}
    return clone(mine)
