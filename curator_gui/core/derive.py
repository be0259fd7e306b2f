"""Derived fields: values computed from another field, and the rule for keeping them in step.

A derived value follows its source only while it still equals what the old source would have derived.
Hand-made values (a label reworded, an alt text written on purpose) are therefore never clobbered, and a
derived key that a file does not have is never added by an edit. ``slug`` and ``aliases`` are not derived by
edits at all: published links depend on them (:func:`new_slug` and :func:`new_alias` are for new files).
The tracker's ``medigyTopics`` follow ``categories`` in current records and ``communityTopics`` (decoded) in
legacy ones (see :mod:`curator_gui.core.topics`).
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

from curator_gui.core.fieldpath import get_in, has_path, set_in
from curator_gui.core.schema import topics_as_json, topics_as_list
from curator_gui.core.topics import (COMMUNITY_TOPICS, LEGACY, TRACKER_TOPICS, decode_community_topic,
                                     topic_home)
from curator_gui.core.urls import brand_of, brand_without_suffix, clean_url, is_clean_of, is_web_url, slugify
from curator_gui.core.values import same_value

_MISSING = object()


def category_slug(categories: list[str]) -> list[str]:
    """``categorySlug``: each category lower-cased."""
    return [c.lower() for c in categories]


def category_url(categories: list[str]) -> list[str]:
    """``categoryUrl``: ``topic/`` + slug of each category."""
    return ["topic/" + slugify(c) for c in categories]


def category_label(categories: list[str]) -> list[str]:
    """``categoryLabel``: the text after the first ``': '`` of each category."""
    return [c.split(": ", 1)[1] if ": " in c else c for c in categories]


def _same(value: Any) -> Any:
    return value


def _decoded_topics(items: list[str]) -> list[str]:
    return [decode_community_topic(item) for item in items]


def _tracker_topics_like(topics: list[str], current: Any) -> Any:
    """``medigyTopics`` in the shape it is stored in: JSON text written like before, else a list."""
    return topics_as_json(topics, like=current) if isinstance(current, str) else topics


def _tracker_topics_agree(expected: list[str], stored: Any) -> bool:
    # A null medigyTopics lists no topics; a JSON text is compared by what it lists, not how it is written.
    return (topics_as_list(stored) if stored is not None else []) == expected


def _clean_url_agrees(expected: str, stored: Any) -> bool:
    return isinstance(stored, str) and is_clean_of(stored, expected)


def _text_agrees(expected: Any, stored: Any) -> bool:
    # Whitespace around a value is a finding of its own (url-whitespace), not a second one here.
    if isinstance(expected, str) and isinstance(stored, str):
        return expected.strip() == stored.strip()
    return same_value(expected, stored)


def _is_current(data: dict) -> bool:
    return topic_home(data) != LEGACY


def _is_legacy(data: dict) -> bool:
    return topic_home(data) == LEGACY


@dataclass(frozen=True)
class Derivation:
    """``target`` follows ``source`` through ``compute``; ``rule`` is the code validation reports a target that
    does not follow under. ``applies`` limits the derivation to records of one kind (the tracker's topics follow
    ``categories`` in current records and ``communityTopics`` in legacy ones); ``fit`` puts a computed value in
    the shape the target is stored in; ``agrees`` says whether a stored target matches a computed value."""

    target: tuple
    source: tuple
    compute: Callable[[Any], Any]
    rule: str
    list_source: bool = False  # the source must be a list of texts
    applies: Callable[[dict], bool] | None = None
    fit: Callable[[Any, Any], Any] | None = None
    agrees: Callable[[Any, Any], bool] | None = None

    def expected(self, source_value: Any, current_target: Any = _MISSING) -> Any:
        """What the target should hold for ``source_value`` (in the target's current shape)."""
        value = self.compute(source_value)
        return self.fit(value, current_target) if self.fit else value

    def in_sync(self, source_value: Any, target_value: Any) -> bool:
        computed = self.compute(source_value)
        if self.agrees:
            return self.agrees(computed, target_value)
        return _text_agrees(computed, target_value)

    def applies_to(self, data: dict) -> bool:
        return self.applies is None or self.applies(data)


def _texts(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


DERIVATIONS: tuple[Derivation, ...] = (
    Derivation(("categorySlug",), ("categories",), category_slug, "CG302", True),
    Derivation(("categoryUrl",), ("categories",), category_url, "CG302", True),
    Derivation(("categoryLabel",), ("categories",), category_label, "CG302", True),
    Derivation(TRACKER_TOPICS, ("categories",), list, "CG303", True, _is_current, _tracker_topics_like,
               _tracker_topics_agree),
    Derivation(TRACKER_TOPICS, COMMUNITY_TOPICS, _decoded_topics, "CG303", True, _is_legacy,
               _tracker_topics_like, _tracker_topics_agree),
    Derivation(("breadcrumbs", -1), ("title",), _same, "CG601"),
    Derivation(("featuredImage", "alt"), ("title",), _same, "CG602"),
    # link.href first: brand, href and cleanUrl follow it, and so follow link.original through it.
    Derivation(("link", "href"), ("link", "original"), clean_url, "CG204", agrees=_clean_url_agrees),
    Derivation(("link", "brand"), ("link", "href"), brand_of, "CG205"),
    Derivation(("href",), ("link", "href"), _same, "CG206"),
    Derivation(("original",), ("link", "original"), _same, "CG206"),
    Derivation(("openProjectCustomFields", "sourceUrl"), ("link", "original"), _same, "CG206"),
    Derivation(("openProjectCustomFields", "cleanUrl"), ("link", "href"), _same, "CG206"),
)


def _source_ok(derivation: Derivation, value: Any) -> bool:
    if value is _MISSING or value is None:
        return False
    if derivation.list_source:
        return _texts(value) is not None
    return isinstance(value, str)


def _target_exists(data: dict, target: tuple) -> bool:
    if target[-1] == -1:
        items = get_in(data, target[:-1])
        return isinstance(items, list) and len(items) > 0
    return has_path(data, target)


def propagate(before: dict, after: dict) -> list[tuple]:
    """Update, in ``after``, the derived fields whose source changed since ``before``; return their paths.

    A target moves only if it existed, was in step with the old source, and was not itself edited in the same
    change. Derivations run in table order, so a chain (original → href → brand) follows through.
    """
    changed: list[tuple] = []
    for derivation in DERIVATIONS:
        old_source = get_in(before, derivation.source, _MISSING)
        new_source = get_in(after, derivation.source, _MISSING)
        if same_value(old_source, new_source) or not _source_ok(derivation, new_source):
            continue
        if not derivation.applies_to(after):
            continue
        if not _target_exists(before, derivation.target) or not _target_exists(after, derivation.target):
            continue
        old_target = get_in(before, derivation.target)
        new_target = get_in(after, derivation.target)
        if not same_value(old_target, new_target):
            continue  # edited by hand in the same change: the user's value wins
        if not _source_ok(derivation, old_source) or not derivation.in_sync(old_source, old_target):
            continue  # already hand-made: leave it
        value = derivation.expected(new_source, new_target)
        if not same_value(value, new_target):
            _set_target(after, derivation.target, value)
            changed.append(_concrete(after, derivation.target))
    return changed


def _concrete(data: dict, target: tuple) -> tuple:
    """``target`` with a trailing -1 replaced by the real index of the last item."""
    if target[-1] == -1:
        return target[:-1] + (len(get_in(data, target[:-1])) - 1,)
    return target


def _set_target(data: dict, target: tuple, value: Any) -> None:
    if target[-1] == -1:
        items = get_in(data, target[:-1])
        items[-1] = value
    else:
        set_in(data, target, value)


def edit_with_derivations(data: dict, path: tuple, value: Any) -> tuple[dict, list[tuple]]:
    """A copy of ``data`` with ``path`` set to ``value`` and its derived fields updated; plus their paths."""
    after = copy.deepcopy(data)
    set_in(after, path, value)
    return after, propagate(data, after)


def out_of_sync(data: dict) -> list[tuple[Derivation, Any]]:
    """Derived fields present in ``data`` that differ from what their source derives (with the expected value).

    A source that is itself broken (a URL that is not a web address) is reported on its own; what it would
    derive is meaningless, so its targets are not compared.
    """
    found = []
    for derivation in DERIVATIONS:
        source = get_in(data, derivation.source, _MISSING)
        if not _source_ok(derivation, source) or not _target_exists(data, derivation.target):
            continue
        if not derivation.applies_to(data):
            continue
        if derivation.compute in (clean_url, brand_of) and not is_web_url(source.strip()):
            continue
        target = get_in(data, derivation.target)
        if derivation.target[-1] == -1 and get_in(data, ("breadcrumbs",)) and len(data["breadcrumbs"]) < 3:
            continue  # a trail without the page itself ([Home, News]) has no title item to follow
        if not derivation.in_sync(source, target):
            found.append((derivation, derivation.expected(source, target)))
    return found


def derive_all(data: dict) -> None:
    """Fill every derived field of a new curation from its sources (used when creating a file)."""
    for derivation in DERIVATIONS:
        source = get_in(data, derivation.source, _MISSING)
        if not derivation.applies_to(data):
            continue
        if _source_ok(derivation, source) and (derivation.target[-1] != -1 or _target_exists(data,
                                                                                             derivation.target)):
            current = get_in(data, derivation.target, _MISSING)
            _set_target(data, derivation.target, derivation.expected(source, current))


def new_alias(title: str) -> str:
    """``aliases`` of a new news curation: ``/news/<slug of title>``."""
    return "/news/" + slugify(title)


def new_slug(title: str, brand: str) -> str:
    """``slug`` of a new curation: ``<brand without public suffix>-<slug of title>``."""
    head = brand_without_suffix(brand)
    return f"{head}-{slugify(title)}" if head else slugify(title)


# --- lastMod ----------------------------------------------------------------------------------------------

_STAMP_FORMATS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$"), "%Y-%m-%dT%H:%M:%S.%fZ"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"), "millis-Z"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"), "%Y-%m-%dT%H:%M:%SZ"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$"), "%Y-%m-%dT%H:%M:%S.%f+00:00"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$"), "%Y-%m-%dT%H:%M:%S+00:00"),
    (re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$"), "%Y-%m-%d %H:%M:%S.%f"),
    (re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"), "%Y-%m-%d %H:%M:%S"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d"),
)
DEFAULT_STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def format_stamp(now: datetime, like: Any = None) -> str:
    """``now`` (UTC) written the way ``like`` is written (microseconds and Z when ``like`` is unrecognised)."""
    now = now.astimezone(timezone.utc) if now.tzinfo else now
    pattern = DEFAULT_STAMP_FORMAT
    if isinstance(like, str):
        for regex, candidate in _STAMP_FORMATS:
            if regex.match(like.strip()):
                pattern = candidate
                break
    if pattern == "millis-Z":
        return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
    return now.strftime(pattern)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def stamp_last_mod(original: dict, data: dict, now: datetime | None = None) -> bool:
    """Stamp ``lastMod`` in ``data`` with the current UTC time, in the file's own format.

    Only when the key exists and the user did not set it by hand in this change. Returns True when stamped.
    """
    if "lastMod" not in data or not same_value(original.get("lastMod", _MISSING), data["lastMod"]):
        return False
    data["lastMod"] = format_stamp(now or utc_now(), data["lastMod"])
    return True
