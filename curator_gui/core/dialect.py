"""Telling which dialect a file is written in, so that rewritten entries look like their neighbours.

Detection is empirical: the candidate writers re-emit the file's own top-level entries and the one that
reproduces most of them byte for byte wins. Sequence indentation is read from the text, key order and the
use of explicit nulls from the values.
"""
from __future__ import annotations

from yaml.nodes import MappingNode, Node, SequenceNode

from curator_gui.core.emit import SEED_DIALECT, Dialect, emit_pair

#: Entries tried per candidate writer; enough to decide, few enough to stay in the low milliseconds.
_TRIAL_ENTRIES = 40


def detect_dialect(text: str, root: Node | None, data: object) -> Dialect:
    """The dialect of a front-matter block (the sample's dialect when the block is empty)."""
    if not isinstance(root, MappingNode) or not isinstance(data, dict) or not root.value:
        return SEED_DIALECT
    keys = [str(k) for k in data]
    sorted_keys = len(keys) > 2 and keys == sorted(keys)
    indent_sequences = indents_sequences(root, data)
    uses_nulls = _has_null(data)
    candidates = [Dialect(style, indent_sequences, sorted_keys, uses_nulls) for style in ("jsyaml", "pyyaml")]
    scores = [_score(text, root, data, dialect) for dialect in candidates]
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


def _score(text: str, root: MappingNode, data: dict, dialect: Dialect) -> int:
    from curator_gui.core.splice import _Splicer  # the splicer owns the notion of an entry's extent

    splicer = _Splicer(text, dialect, set())
    score = 0
    for (key_node, value_node), key in list(zip(root.value, data))[:_TRIAL_ENTRIES]:
        original = text[key_node.start_mark.index:splicer.content_end(value_node)].replace("\r\n", "\n")
        if emit_pair(key, data[key], 0, dialect) == original:
            score += 1
    return score


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
