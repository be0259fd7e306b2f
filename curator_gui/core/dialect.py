"""Telling which dialect a file is written in, so that rewritten entries look like their neighbours.

Detection is empirical: the candidate writers re-emit the file's own top-level entries and the one that
reproduces more of them byte for byte wins. Entries of plain words come out alike from both writers, so only
entries that can tell them apart are tried, the surest and cheapest first (:func:`_telling`): long texts
(PyYAML wraps them as plain or quoted scalars, js-yaml folds them with ``>-``), then texts with punctuation or
quotes (the writers quote differently), then mappings and lists holding such texts. Detection stops as soon
as the first two entries that tell the writers apart agree, or at the first text written over several lines
that the one writer able to write it reproduces exactly: a file is written by one writer, and re-emitting
every entry of a large front matter costs milliseconds, which a change to thousands of files would pay per
file. Sequence indentation is read from the text, key order and the use of explicit nulls from the values.
"""
from __future__ import annotations

import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from curator_gui.core.emit import SEED_DIALECT, Dialect, emit_pair

#: Entries tried at most per candidate writer.
_TRIAL_ENTRIES = 40
#: A text reaching past this column may be wrapped or folded by one writer and not the other.
_TELLING_LENGTH = 70
#: When the first this many entries that tell the writers apart agree, they decide.
_DECISIVE = 2
_STYLES = ("jsyaml", "pyyaml")


def detect_dialect(text: str, root: Node | None, data: object) -> Dialect:
    """The dialect of a front-matter block (the sample's dialect when the block is empty)."""
    if not isinstance(root, MappingNode) or not isinstance(data, dict) or not root.value:
        return SEED_DIALECT
    keys = [str(k) for k in data]
    sorted_keys = len(keys) > 2 and keys == sorted(keys)
    indent_sequences = indents_sequences(root, data)
    uses_nulls = _has_null(data)
    candidates = [Dialect(style, indent_sequences, sorted_keys, uses_nulls) for style in _STYLES]
    scores = _scores(text, root, data, candidates)
    if scores[0] == scores[1]:
        # No entry tells them apart (all short plain values): folded scalars mark the js-yaml writer.
        return candidates[0] if (">-" in text or not sorted_keys) else candidates[1]
    return candidates[scores.index(max(scores))]


def indents_sequences(root: Node | None, data: object) -> bool:
    """True when the file writes block sequences indented under their key (the js-yaml writer of the newer files
    and the sample), False when flush (PyYAML's, the oldest files). Read from the first block sequence; a file
    without one is judged by its keys (sorted keys mean PyYAML). Cheap: no entry is re-emitted."""
    found = _sequence_indentation(root) if isinstance(root, MappingNode) else None
    if found is not None:
        return found
    keys = [str(k) for k in data] if isinstance(data, dict) else []
    return not (len(keys) > 2 and keys == sorted(keys))


def _scores(text: str, root: MappingNode, data: dict, candidates: list[Dialect]) -> list[int]:
    """How many telling entries each candidate writer reproduces (see the module docstring)."""
    from curator_gui.core.splice import _Splicer  # the splicer owns the notion of an entry's extent

    splicer = _Splicer(text, candidates[0], set())
    scores = [0] * len(candidates)
    ranked = [(_telling(data[key], entry[1]), n, entry, key) for n, (entry, key) in enumerate(zip(root.value, data))]
    telling = sorted(r for r in ranked if r[0] is not None)
    for rank, _n, (key_node, value_node), key in telling[:_TRIAL_ENTRIES]:
        original = text[key_node.start_mark.index:splicer.content_end(value_node)].replace("\r\n", "\n")
        possible = _possible_writers(value_node)
        hits = [style in possible and emit_pair(key, data[key], 0, dialect) == original
                for style, dialect in zip(_STYLES, candidates)]
        if hits[0] != hits[1]:
            # A text over several lines that the one writer able to write it reproduces exactly settles it.
            scores[hits.index(True)] += _DECISIVE if rank == 0 else 1
            if min(scores) == 0 and max(scores) >= _DECISIVE:
                break
    return scores


def _possible_writers(node: Node) -> tuple[str, ...]:
    """The writers that can have written a value node at all, to spare writing it with the other: PyYAML
    writes a text plain or quoted, never as a block scalar (``>-``, ``|``); js-yaml never lets a plain or
    quoted text run over several lines (it folds a long one into a block scalar)."""
    if isinstance(node, ScalarNode):
        if node.style in ("|", ">"):
            return ("jsyaml",)
        if node.start_mark.line != node.end_mark.line:
            return ("pyyaml",)
    return _STYLES


#: Characters js-yaml quotes a text for wherever they stand, while PyYAML writes most such texts plain (an
#: address, a ``#tag``, ``a, b``); other texts are quoted alike by both, or by neither.
_QUOTED_APART = re.compile(r"[:#,\[\]{}]")


def _telling(value: object, node: Node) -> int | None:
    """How surely (and cheaply) an entry tells the writers apart, lowest first; None when they write it alike.

    0: a text written over several lines (only one writer can have written it: one trial, a sure vote);
    1: another long text or one with a line break (one writer folds or wraps it, the other does not);
    2: a text with ``:``, ``#``, ``,`` or brackets (js-yaml quotes it, PyYAML mostly not);
    3: a mapping or list holding such texts (costlier to write, and nesting leaves less width).
    """
    if isinstance(value, str):
        if len(value) > _TELLING_LENGTH or "\n" in value:
            return 0 if isinstance(node, ScalarNode) and node.start_mark.line != node.end_mark.line else 1
        return 2 if _QUOTED_APART.search(value) else None
    stack = [(value, 0)]
    while stack:
        item, indent = stack.pop()
        if isinstance(item, str):
            if len(item) + indent > _TELLING_LENGTH or "\n" in item or _QUOTED_APART.search(item):
                return 3
        elif isinstance(item, dict):
            stack.extend((sub, indent + 2) for sub in item.values())
        elif isinstance(item, list):
            stack.extend((sub, indent + 2) for sub in item)
    return None


def _sequence_indentation(node: Node) -> bool | None:
    """True when block sequences sit deeper than their key, False when flush, None when there are none."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(value_node, SequenceNode) and not value_node.flow_style and value_node.value:
                item = value_node.value[0]
                # The item's own column is after "- "; the dash is two columns to its left in every writer.
                return item.start_mark.column - 2 > key_node.start_mark.column
            found = _sequence_indentation(value_node)
            if found is not None:
                return found
    elif isinstance(node, SequenceNode):
        for item in node.value:
            found = _sequence_indentation(item)
            if found is not None:
                return found
    return None


def _has_null(data: dict) -> bool:
    for value in data.values():
        if value is None:
            return True
        if isinstance(value, dict) and any(v is None for v in value.values()):
            return True
    return False
