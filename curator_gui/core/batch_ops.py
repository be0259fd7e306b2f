"""Folder-wide edits as data: the only place that says what a bulk change does to one record.

An operation is a small frozen value (picklable, so that files can be planned in worker processes) whose
:meth:`~Operation.edit` takes one :class:`Record` and returns the changed record, or None when the record needs
no change (it then stays byte-identical on disk: it is not even rewritten). Operations never change the record
they are given. Topic operations keep each file's topic shape (:mod:`curator_gui.core.topic_edits`); field
operations let derived fields follow (:func:`curator_gui.core.derive.edit_with_derivations`). A record an
operation cannot change (a key through a text, a value that does not fit the field) raises
:class:`EditRefused`, and its file is skipped with that sentence.

:func:`common_value` and :func:`item_counts` describe a selection for a form that edits many records at once.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any, Iterable, Protocol

from curator_gui.core.errors import CuratorError

#: The key that names a record's topics whichever field holds them (as in ``curator-gui set``).
TOPICS_KEY = "topics"


class EditRefused(CuratorError):
    """This record cannot take the change; the message says why (its file is skipped, never half-changed)."""


@dataclass(frozen=True)
class Record:
    """What an operation sees of one file: its path, the SHA-256 of the bytes it was read from, its front
    matter, its body and its line end (``\r\n`` for a CRLF file). Operations treat it as read-only."""

    path: str
    sha256: str
    data: dict
    body: str
    newline: str = "\n"


class Operation(Protocol):
    """A change to apply to many records (see the module docstring). An operation may also have
    ``may_change(raw: bytes) -> bool``: False when a file's bytes show it cannot concern the file, which is then
    left unchanged without being parsed (a search for words the file does not hold)."""

    def edit(self, record: Record) -> Record | None: ...

    def describe(self) -> str: ...


def _with_data(record: Record, data: dict | None) -> Record | None:
    return None if data is None else replace(record, data=data)


# --- topics ------------------------------------------------------------------------------------------------

def topic_may_be_in(raw: bytes, topic: str) -> bool:
    """False when a file's bytes show it cannot carry ``topic`` in either shape: some word of the topic is
    nowhere in them (with ``#`` also looked for as ``-hash-``). A value never splits a word across lines, so
    only escapes could hide one: a file with a backslash, and words with quotes, are never ruled out."""
    text = raw.decode("utf-8", "replace")
    if "\\" in text:
        return True
    from curator_gui.core.topics import HASH_CODE

    for word in topic.split():
        if "'" in word or '"' in word or word in text:
            continue
        if "#" in word and word.replace("#", HASH_CODE) in text:
            continue
        return False
    return True


@dataclass(frozen=True)
class RenameTopic:
    """``old`` becomes ``new`` where it stands; a record that already has ``new`` keeps one of them (a merge)."""

    old: str
    new: str

    def edit(self, record: Record) -> Record | None:
        from curator_gui.core.topic_edits import rename_topic

        return _with_data(record, rename_topic(record.data, self.old, self.new))

    def may_change(self, raw: bytes) -> bool:
        return topic_may_be_in(raw, self.old)

    def describe(self) -> str:
        return f"Rename topic {self.old!r} to {self.new!r}"


@dataclass(frozen=True)
class RemoveTopic:
    """``topic`` removed from every record that has it."""

    topic: str

    def edit(self, record: Record) -> Record | None:
        from curator_gui.core.topic_edits import remove_topic

        return _with_data(record, remove_topic(record.data, self.topic))

    def may_change(self, raw: bytes) -> bool:
        return topic_may_be_in(raw, self.topic)

    def describe(self) -> str:
        return f"Remove topic {self.topic!r}"


@dataclass(frozen=True)
class AddTopic:
    """``topic`` added at the end of the topics of every record that lacks it."""

    topic: str

    def edit(self, record: Record) -> Record | None:
        from curator_gui.core.topic_edits import add_topic

        return _with_data(record, add_topic(record.data, self.topic))

    def describe(self) -> str:
        return f"Add topic {self.topic!r}"


# --- fields ------------------------------------------------------------------------------------------------

def field_path(data: dict, key: str | tuple) -> tuple[tuple, bool]:
    """The path ``key`` names in ``data`` and whether it is the record's topics (the key ``topics`` in a record
    without such a key: ``categories`` or ``communityTopics``, whichever holds them)."""
    from curator_gui.core.fieldpath import split_path

    if isinstance(key, tuple):
        return key, False
    if key == TOPICS_KEY and TOPICS_KEY not in data:
        return ("categories",), True
    return split_path(key, data), False


def set_value(data: dict, path: tuple, value: Any, topics: bool = False) -> tuple[dict, list[tuple]]:
    """A copy of ``data`` with ``path`` set to ``value`` and the paths of the derived fields that followed.

    With ``topics`` the value is the record's topics, written in its own shape. Raises ``FieldPathError`` for a
    path through a text or past the end of a list.
    """
    from curator_gui.core.derive import edit_with_derivations
    from curator_gui.core.fieldpath import get_in
    from curator_gui.core.topic_edits import set_topics
    from curator_gui.core.topics import COMMUNITY_TOPICS, TRACKER_TOPICS, topics_field
    from curator_gui.core.values import same_value

    if not topics:
        return edit_with_derivations(data, path, value)
    home = topics_field(data)
    after = set_topics(data, value or [])
    followers = [("categories",), COMMUNITY_TOPICS, ("categorySlug",), ("categoryUrl",), ("categoryLabel",),
                 TRACKER_TOPICS]
    return after, [p for p in followers if p != home and not same_value(get_in(data, p), get_in(after, p))]


def _changed(record: Record, data: dict) -> Record | None:
    from curator_gui.core.values import same_value

    return None if same_value(record.data, data) else replace(record, data=data)


@dataclass(frozen=True)
class SetField:
    """``key`` (dotted, or a path tuple; ``topics`` for the record's topics) set to ``value``, already of the
    field's type (a form's value). Derived fields follow."""

    key: str | tuple
    value: Any

    def edit(self, record: Record) -> Record | None:
        from curator_gui.core.fieldpath import FieldPathError

        path, topics = field_path(record.data, self.key)
        try:
            data, _derived = set_value(record.data, path, self.value, topics)
        except FieldPathError as exc:
            raise EditRefused(str(exc)) from None
        return _changed(record, data)

    def describe(self) -> str:
        return f"Set {_shown_key(self.key)}"


@dataclass(frozen=True)
class SetFieldText:
    """``key`` set from text typed for it, fitted to the field per record as ``curator-gui set`` does
    (:func:`curator_gui.core.schema.value_from_text`: a text field takes it as typed, others read it as YAML)."""

    key: str
    text: str

    def edit(self, record: Record) -> Record | None:
        from curator_gui.core.errors import DocumentError
        from curator_gui.core.fieldpath import FieldPathError, get_in, join_path
        from curator_gui.core.nesting import MAX_NESTING_DEPTH
        from curator_gui.core.schema import CoercionError, value_from_text
        from curator_gui.core.values import nesting_depth

        path, topics = field_path(record.data, self.key)
        try:
            value = value_from_text(path, self.text, None if topics else get_in(record.data, path))
        except DocumentError as exc:
            raise EditRefused(f"the value is not valid YAML: {exc.message.removeprefix('invalid YAML: ')}") from None
        except CoercionError as exc:
            if topics:
                raise EditRefused("topics expects a list of 'Taxonomy: Term' texts") from None
            raise EditRefused(str(exc)) from None
        if len(path) + nesting_depth(value) > MAX_NESTING_DEPTH:
            raise EditRefused(f"{join_path(path)} would nest deeper than {MAX_NESTING_DEPTH} levels")
        try:
            data, _derived = set_value(record.data, path, value, topics)
        except FieldPathError as exc:
            raise EditRefused(str(exc)) from None
        return _changed(record, data)

    def describe(self) -> str:
        return f"Set {self.key}"


def _shown_key(key: str | tuple) -> str:
    from curator_gui.core.fieldpath import join_path

    return join_path(key) if isinstance(key, tuple) else key


def _current_items(record: Record, key: str | tuple) -> tuple[tuple, list | None]:
    """The path of a list field and its items (absent or null: None; a bare text, where the field is a list of
    texts such as ``author``, counts as a one-item list)."""
    from curator_gui.core.fieldpath import get_in, join_path
    from curator_gui.core.schema import STRLIST, kind_at

    path, _topics = field_path(record.data, key)
    current = get_in(record.data, path)
    if current is None:
        return path, None
    if isinstance(current, list):
        return path, current
    if isinstance(current, str) and kind_at(path)[1] == STRLIST:
        return path, [current]
    raise EditRefused(f"{join_path(path)} is not a list")


@dataclass(frozen=True)
class AddItems:
    """``items`` appended to the list field ``key`` where missing (``topics``: the record's topics, in its own
    shape). A field that is absent or null becomes a list of the items; a bare text becomes a list."""

    key: str | tuple
    items: tuple

    def edit(self, record: Record) -> Record | None:
        if self.key == TOPICS_KEY and TOPICS_KEY not in record.data:
            return _each_topic(record, self.items, AddTopic)
        path, current = _current_items(record, self.key)
        new = [item for item in dict.fromkeys(self.items) if item not in (current or [])]
        if not new:
            return None
        return _set_items(record, path, list(current or []) + new)

    def describe(self) -> str:
        return f"Add {_listed(self.items)} to {_shown_key(self.key)}"


@dataclass(frozen=True)
class RemoveItems:
    """Every occurrence of ``items`` removed from the list field ``key`` (``topics``: the record's topics)."""

    key: str | tuple
    items: tuple

    def edit(self, record: Record) -> Record | None:
        if self.key == TOPICS_KEY and TOPICS_KEY not in record.data:
            return _each_topic(record, self.items, RemoveTopic)
        path, current = _current_items(record, self.key)
        if not current or not any(item in current for item in self.items):
            return None
        return _set_items(record, path, [item for item in current if item not in self.items])

    def describe(self) -> str:
        return f"Remove {_listed(self.items)} from {_shown_key(self.key)}"


def _set_items(record: Record, path: tuple, items: list) -> Record | None:
    from curator_gui.core.derive import edit_with_derivations
    from curator_gui.core.fieldpath import FieldPathError

    try:
        data, _derived = edit_with_derivations(record.data, path, items)
    except FieldPathError as exc:
        raise EditRefused(str(exc)) from None
    return _changed(record, data)


def _each_topic(record: Record, topics: Iterable[str], operation) -> Record | None:
    current = record
    for topic in topics:
        current = operation(topic).edit(current) or current
    return None if current is record else current


def _listed(items: tuple) -> str:
    shown = ", ".join(repr(item) for item in items[:3])
    return shown + (f" and {len(items) - 3} more" if len(items) > 3 else "")


# --- several at once -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Steps:
    """Several operations applied in turn to each record, as one change of its file."""

    steps: tuple

    def edit(self, record: Record) -> Record | None:
        current = record
        for step in self.steps:
            current = step.edit(current) or current
        return None if current is record else current

    def describe(self) -> str:
        return "; ".join(step.describe() for step in self.steps)

    def may_change(self, raw: bytes) -> bool:
        return any(getattr(step, "may_change", None) is None or step.may_change(raw) for step in self.steps)


# --- describing a selection ----------------------------------------------------------------------------------

class _Mixed:
    """The value of a field that differs between the records of a selection."""

    def __repr__(self) -> str:
        return "MIXED"


#: What :func:`common_value` returns when the records disagree ("multiple values" in a form).
MIXED = _Mixed()


def common_value(datas: Iterable[dict], key: str | tuple) -> Any:
    """The value ``key`` has in every record of ``datas`` (``topics``: the records' topics; an absent key counts
    as None), or :data:`MIXED` when they differ."""
    from curator_gui.core.fieldpath import get_in
    from curator_gui.core.topics import record_topics
    from curator_gui.core.values import same_value

    found: Any = MIXED
    first = True
    for data in datas:
        path, topics = field_path(data, key)
        value = record_topics(data) if topics else get_in(data, path)
        if first:
            found, first = value, False
        elif not same_value(found, value):
            return MIXED
    return None if first else found


def item_counts(datas: Iterable[dict], key: str | tuple) -> list[tuple[Any, int]]:
    """The items of the list field ``key`` across the records, each with how many records hold it, in order
    of first appearance (a form shows "Priya Raman (3 of 5)" and offers to add or remove items)."""
    from curator_gui.core.fieldpath import get_in
    from curator_gui.core.topics import record_topics

    counts: Counter = Counter()
    for data in datas:
        path, topics = field_path(data, key)
        value = record_topics(data) if topics else get_in(data, path)
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        counts.update(list(dict.fromkeys(item for item in items if not isinstance(item, (list, dict)))))
    return list(counts.items())
