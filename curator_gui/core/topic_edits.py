"""Changing a record's topics: the only place that writes them, always in the record's own shape.

A legacy record (``communityTopics``) keeps being one: its ``communityTopics`` and the tracker's
``medigyTopics`` change together, each in its own spelling (``-hash-`` in one, ``#`` in the other; a JSON text
stays a JSON text written like before), and it never grows ``categories``, ``categorySlug``, … unless
converted with :func:`convert_to_current`. A current record changes ``categories``, and its slug, URL, label
and tracker lists follow. Followers move only while they agree with the topics (hand edits are kept; see
:mod:`curator_gui.core.derive`).

Every function returns a new front-matter value (the input is not changed), or None when it would change
nothing, so that folder-wide operations can tell the files they touch from the ones they skip.
"""
from __future__ import annotations

from typing import Iterable

from curator_gui.core.derive import category_label, category_slug, category_url, propagate
from curator_gui.core.topics import (LEGACY, decode_community_topic, encode_community_topic, record_topics,
                                     topic_home)
from curator_gui.core.values import clone, same_value


def set_topics(data: dict, topics: Iterable[str]) -> dict:
    """A copy of ``data`` whose topics are ``topics`` (in order), written in the record's own shape."""
    topics = [str(topic) for topic in topics]
    after = clone(data)
    if topic_home(data) == LEGACY:
        stored = [item for item in data["communityTopics"] if isinstance(item, str)]
        # An unchanged topic keeps its stored spelling (a '#' written plainly stays plain).
        spelled = {decode_community_topic(item): item for item in stored}
        after["communityTopics"] = [spelled.get(topic, encode_community_topic(topic)) for topic in topics]
    elif topics or "categories" in data:
        after["categories"] = topics
    propagate(data, after)
    return after


def _changed(data: dict, after: dict) -> dict | None:
    return None if same_value(data, after) else after


def add_topic(data: dict, topic: str) -> dict | None:
    """``topic`` added at the end of the record's topics; None when the record already has it."""
    topics = record_topics(data)
    if topic in topics:
        return None
    return _changed(data, set_topics(data, topics + [topic]))


def remove_topic(data: dict, topic: str) -> dict | None:
    """Every occurrence of ``topic`` removed; None when the record does not have it."""
    topics = record_topics(data)
    if topic not in topics:
        return None
    return _changed(data, set_topics(data, [t for t in topics if t != topic]))


def rename_topic(data: dict, old: str, new: str) -> dict | None:
    """``old`` renamed to ``new`` where it stands; when the record already has ``new`` the two merge into one
    (at the first one's place). None when the record does not have ``old``."""
    topics = record_topics(data)
    if old not in topics or old == new:
        return None
    renamed: list[str] = []
    for topic in topics:
        topic = new if topic == old else topic
        if topic != new or new not in renamed:
            renamed.append(topic)
    return _changed(data, set_topics(data, renamed))


def convert_to_current(data: dict, *, with_derived: bool = True) -> dict | None:
    """A legacy record with its topics moved to the current fields, as one change: ``categories`` holds the
    topics (``#`` decoded), ``categorySlug``, ``categoryUrl`` and ``categoryLabel`` are made from them (unless
    ``with_derived`` is False; lists the record already has are replaced), ``communityTopics`` is removed and
    ``medigyTopics`` is kept as it is (it already lists the same topics). None for a record that is not legacy.
    """
    if topic_home(data) != LEGACY:
        return None
    topics = record_topics(data)
    after = clone(data)
    del after["communityTopics"]
    after["categories"] = topics
    if with_derived:
        for key, make in (("categorySlug", category_slug), ("categoryUrl", category_url),
                          ("categoryLabel", category_label)):
            after[key] = make(topics)
    return after
