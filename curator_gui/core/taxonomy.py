"""The topics of a folder as a taxonomy: the only place that counts topics across files, groups them by
taxonomy prefix, marks those outside the configured vocabulary and finds near-duplicates.

Two topics are near-duplicates when they are the same text but for case, punctuation, spacing, accents and
``#`` (``Symplur: #COVID19`` and ``symplur: covid-19``), or when they differ by one letter (one letter added,
dropped, changed, or two neighbours swapped: ``Telehealth`` and ``Telehaelth``). A difference in a digit is
never a typo (``Stage 1`` and ``Stage 2``), and neither is one in a term shorter than
:data:`TYPO_MIN_LENGTH` letters (``#AI`` and ``#AR``). Finding them stays fast on many thousands of topics:
topics are grouped by their normalised text, and one-letter neighbours are looked for only among texts that
share a one-letter deletion (a deletion neighbourhood), never by comparing every pair.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

#: Terms shorter than this (normalised) are never called typos of each other.
TYPO_MIN_LENGTH = 5
#: What a topic without a ``Taxonomy: `` prefix is grouped under.
NO_TAXONOMY = ""


def split_topic(topic: str) -> tuple[str, str]:
    """(taxonomy, term) of ``'Taxonomy: Term'``; (:data:`NO_TAXONOMY`, topic) when there is no prefix."""
    taxonomy, separator, term = topic.partition(": ")
    return (taxonomy.strip(), term) if separator else (NO_TAXONOMY, topic)


def normalised(text: str) -> str:
    """``text`` as near-duplicates are compared: case-folded, accents removed, only letters and digits kept."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))


@dataclass(frozen=True)
class TopicEntry:
    """One topic of the folder: how many files carry it, its taxonomy and term, whether the vocabulary knows
    it (None without a vocabulary), and the index of its near-duplicate group in the report (None: none)."""

    topic: str
    count: int
    taxonomy: str
    term: str
    in_vocabulary: bool | None = None
    duplicate_group: int | None = None


@dataclass(frozen=True)
class DuplicateGroup:
    """Topics that are probably one: most used first (the natural name to merge the others into)."""

    topics: tuple[str, ...]
    kind: str  #: "spelling" (same letters: case, punctuation, spacing, #) or "typo" (one letter apart)


@dataclass(frozen=True)
class TaxonomyGroup:
    """The topics of one taxonomy prefix, most used first, and how many files carry any of them."""

    name: str
    topics: tuple[TopicEntry, ...]
    files: int


@dataclass
class TopicReport:
    """A folder's topics; see the module docstring."""

    entries: list[TopicEntry] = field(default_factory=list)  #: every topic, most used first
    taxonomies: list[TaxonomyGroup] = field(default_factory=list)  #: by name (no prefix last)
    duplicate_groups: list[DuplicateGroup] = field(default_factory=list)
    files: int = 0  #: files counted
    files_with_topics: int = 0
    vocabulary_size: int | None = None

    def entry(self, topic: str) -> TopicEntry | None:
        return next((entry for entry in self.entries if entry.topic == topic), None)


def topic_report(topic_lists: Iterable[Sequence[str]], vocabulary: Iterable[str] | None = None) -> TopicReport:
    """The report of a folder from each file's topics (``IndexRow.categories``: the topics in either shape)."""
    from curator_gui.core.topics import topic_counts

    lists = [list(topics) for topics in topic_lists]
    counts = topic_counts(lists)
    known = frozenset(vocabulary) if vocabulary is not None else None
    groups = near_duplicate_groups(counts)
    group_of = {topic: n for n, group in enumerate(groups) for topic in group.topics}
    entries = []
    for topic, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        taxonomy, term = split_topic(topic)
        entries.append(TopicEntry(topic, count, taxonomy, term, None if known is None else topic in known,
                                  group_of.get(topic)))
    by_taxonomy: dict[str, list[TopicEntry]] = {}
    for entry in entries:
        by_taxonomy.setdefault(entry.taxonomy, []).append(entry)
    files_by_taxonomy: Counter = Counter()
    for topics in lists:
        files_by_taxonomy.update({split_topic(topic)[0] for topic in topics})
    names = sorted(by_taxonomy, key=lambda name: (name == NO_TAXONOMY, name.casefold(), name))
    return TopicReport(entries, [TaxonomyGroup(name, tuple(by_taxonomy[name]), files_by_taxonomy[name])
                                 for name in names], groups, len(lists), sum(1 for topics in lists if topics),
                       None if known is None else len(known))


def near_duplicate_groups(counts: dict[str, int] | Iterable[str]) -> list[DuplicateGroup]:
    """Groups of near-duplicate topics (see the module docstring), most used topic first in each group and the
    groups by their total use. ``counts`` maps topic → files (or is just the topics)."""
    counts = dict(counts) if isinstance(counts, dict) else {topic: 0 for topic in counts}
    by_key: dict[str, list[str]] = {}
    term_length: dict[str, int] = {}
    for topic in counts:
        key = normalised(topic)
        if key:
            by_key.setdefault(key, []).append(topic)
            term_length[key] = len(normalised(split_topic(topic)[1]))
    parent = {key: key for key in by_key}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    typo_linked: set[str] = set()
    for first, second in _one_letter_pairs([key for key in by_key if term_length[key] >= TYPO_MIN_LENGTH]):
        a, b = root(first), root(second)
        if a != b:
            parent[a] = b
        typo_linked.update((first, second))
    members: dict[str, list[str]] = {}
    for key in by_key:
        members.setdefault(root(key), []).append(key)
    groups = []
    for keys in members.values():
        topics = [topic for key in keys for topic in by_key[key]]
        if len(topics) < 2:
            continue
        topics.sort(key=lambda topic: (-counts[topic], topic))
        kind = "typo" if any(key in typo_linked for key in keys) and len(keys) > 1 else "spelling"
        groups.append(DuplicateGroup(tuple(topics), kind))
    groups.sort(key=lambda group: (-sum(counts[t] for t in group.topics), group.topics[0]))
    return groups


def _one_letter_pairs(keys: list[str]) -> Iterable[tuple[str, str]]:
    """Pairs of keys one letter apart (not a digit), found through shared one-letter deletions."""
    by_variant: dict[str, list[str]] = {}
    for key in keys:
        variants = {key} | {key[:i] + key[i + 1:] for i in range(len(key))}
        for variant in variants:
            by_variant.setdefault(variant, []).append(key)
    seen: set[tuple[str, str]] = set()
    for bucket in by_variant.values():
        if len(bucket) < 2:
            continue
        for i, first in enumerate(bucket):
            for second in bucket[i + 1:]:
                pair = (first, second) if first < second else (second, first)
                if pair not in seen:
                    seen.add(pair)
                    if one_letter_apart(*pair):
                        yield pair


def one_letter_apart(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one letter added, dropped or changed, or two neighbours swapped, and
    the difference is not a digit."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    differing = a[start:end_a] + b[start:end_b]
    if any(ch.isdigit() for ch in differing):
        return False
    if len(a) != len(b):
        return len(differing) == 1
    if end_a - start == 1:
        return True  # one letter changed
    return end_a - start == 2 and a[start] == b[start + 1] and a[start + 1] == b[start]


def files_with_topic(rows: Iterable, topic: str) -> list[str]:
    """The paths of the rows (anything with ``path`` and ``categories``) that carry ``topic``."""
    return [row.path for row in rows if topic in row.categories]
