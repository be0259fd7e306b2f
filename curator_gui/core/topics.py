"""The topics of a record: the only place that knows where a curation keeps its topics and how they are spelled.

Curations keep topics in one of two shapes (see the format notes, "Topics: two shapes"):

* **current**: ``categories`` (``'Symplur: #COVID19'``), with ``categorySlug``, ``categoryUrl`` and
  ``categoryLabel`` made from it where a file has them;
* **legacy**: ``communityTopics`` with every ``#`` written as ``-hash-`` (``'Symplur: -hash-COVID19'``) and
  ``categories: []``, the oldest files' way.

Both carry ``openProjectCustomFields.medigyTopics`` (a list, or the same list as JSON text) beside them. "The
topics of a record" are ``categories`` when it holds any, else ``communityTopics`` decoded. Changing topics is
:mod:`curator_gui.core.topic_edits`' job.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

CURRENT = "current"
LEGACY = "legacy"
NONE = "none"

#: How legacy ``communityTopics`` spell ``#`` (topic pages are named after them, and ``#`` cannot be in a URL).
HASH_CODE = "-hash-"
CATEGORIES = ("categories",)
COMMUNITY_TOPICS = ("communityTopics",)
TRACKER_TOPICS = ("openProjectCustomFields", "medigyTopics")


def decode_community_topic(text: str) -> str:
    """A ``communityTopics`` item as a topic: ``-hash-`` → ``#``."""
    return text.replace(HASH_CODE, "#")


def encode_community_topic(topic: str) -> str:
    """A topic as a ``communityTopics`` item: ``#`` → ``-hash-``."""
    return topic.replace("#", HASH_CODE)


def _texts(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def topic_shape(data: dict) -> str:
    """:data:`CURRENT` when ``categories`` holds topics, :data:`LEGACY` when ``communityTopics`` does
    (``categories`` empty), :data:`NONE` when the record has no topics."""
    if _texts(data.get("categories")):
        return CURRENT
    if _texts(data.get("communityTopics")):
        return LEGACY
    return NONE


def topic_home(data: dict) -> str:
    """Where the record's topics are written: :data:`LEGACY` when it has a ``communityTopics`` list and no
    ``categories`` topics (even an empty list, so a legacy record emptied of topics stays legacy), else
    :data:`CURRENT`."""
    if isinstance(data.get("communityTopics"), list) and not _texts(data.get("categories")):
        return LEGACY
    return CURRENT


def topics_field(data: dict) -> tuple:
    """The path of the field that holds the record's topics (``categories`` or ``communityTopics``)."""
    return COMMUNITY_TOPICS if topic_home(data) == LEGACY else CATEGORIES


def record_topics(data: dict) -> list[str]:
    """The topics of a record, in order: ``categories`` when it holds any, else ``communityTopics`` decoded."""
    categories = _texts(data.get("categories"))
    if categories:
        return categories
    return [decode_community_topic(item) for item in _texts(data.get("communityTopics"))]


def topic_counts(topic_lists: Iterable[Iterable[str]]) -> Counter:
    """How many records carry each topic (a topic listed twice in one record counts once)."""
    counts: Counter = Counter()
    for topics in topic_lists:
        counts.update(set(topics))
    return counts
