"""Dotted field paths (``relatedOfferings.0.offeringId``): parsing them against data, reading and writing.

Keys may themselves contain dots (``htmlMetaData.msvalidate.01``), so a dotted path is resolved against the
data it addresses: at each mapping the longest run of segments that names an existing key wins. Inside the
program a path is a tuple of keys and integer indexes; the dotted form is for people, the CLI and widget names.
"""
from __future__ import annotations

from typing import Any

Path = tuple  # of str keys and int list indexes

_MISSING = object()
#: Most parts a dotted field name may have (a real one has at most 4; the nesting bound of YAML itself).
MAX_PARTS = 100


class FieldPathError(ValueError):
    """A field name or path that cannot address a value (empty, a part missing, through a text); says why."""


def check_dotted(dotted: str) -> None:
    """Raise :class:`FieldPathError` for a dotted field name nobody could mean: empty, with an empty part
    (``title.``, ``.``, ``a..b``), with more than :data:`MAX_PARTS` parts, or not valid text."""
    if not dotted:
        raise FieldPathError("the field name is empty")
    try:
        dotted.encode("utf-8")
    except UnicodeEncodeError:
        raise FieldPathError("the field name is not valid UTF-8 text") from None
    parts = dotted.split(".")
    if len(parts) > MAX_PARTS:
        raise FieldPathError(f"the field name has {len(parts):,} parts; at most {MAX_PARTS} are allowed")
    if "" in parts:
        shown = dotted if len(dotted) <= 60 else dotted[:59] + "…"
        raise FieldPathError(f"the field name {shown!r} has an empty part (a dot at its start or end, or two "
                             "dots in a row)")


def join_path(parts: Path) -> str:
    """The dotted form of a path tuple."""
    return ".".join(str(p) for p in parts)


def split_path(dotted: str, data: Any = None) -> Path:
    """Resolve a dotted path against ``data`` (keys with dots win when they exist); indexes become ints.

    A number names an existing number key of a mapping (``1`` for the key ``1:``) when there is no text key
    of that spelling.
    """
    segments = dotted.split(".") if dotted else []
    parts: list = []
    node = data
    i = 0
    while i < len(segments):
        if isinstance(node, dict):
            for j in range(len(segments), i, -1):
                candidate = ".".join(segments[i:j])
                if candidate in node:
                    parts.append(candidate)
                    node = node[candidate]
                    i = j
                    break
            else:
                number = _number_key(node, segments[i])
                parts.append(segments[i] if number is _MISSING else number)
                node = None if number is _MISSING else node[number]
                i += 1
            continue
        segment = segments[i]
        if isinstance(node, list) and _is_index(segment):
            index = int(segment)
            parts.append(index)
            node = node[index] if -len(node) <= index < len(node) else None
        else:
            parts.append(int(segment) if _is_index(segment) and node is None and parts else segment)
            node = None
        i += 1
    return tuple(parts)


def _number_key(node: dict, segment: str) -> Any:
    """The whole-number key of ``node`` spelled ``segment`` (``_MISSING`` when there is none)."""
    if not _is_index(segment):
        return _MISSING
    number = int(segment)
    return next((key for key in node if type(key) is int and key == number), _MISSING)


def _is_index(segment: str) -> bool:
    return segment.isdigit() or (segment.startswith("-") and segment[1:].isdigit())


def get_in(data: Any, path: Path, default: Any = None) -> Any:
    """The value at ``path``, or ``default`` when any step is missing."""
    node = data
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and -len(node) <= part < len(node):
            node = node[part]
        else:
            return default
    return node


def has_path(data: Any, path: Path) -> bool:
    """True when every step of ``path`` exists."""
    return get_in(data, path, _MISSING) is not _MISSING


def set_in(data: dict, path: Path, value: Any) -> None:
    """Set the value at ``path``, creating missing (or null) mappings and appending at index ``len(list)``.

    Raises :class:`FieldPathError` when a step goes through a text, number or true/false (it would be
    replaced by a mapping and lost) or names a list item past the end.
    """
    if not path:
        raise FieldPathError("the field name is empty")
    node: Any = data
    for position, part in enumerate(path[:-1]):
        following = path[position + 1]
        child = _child(node, part)
        if child is None:
            child = [] if isinstance(following, int) else {}
            _assign(node, part, child, path[:position + 1])
        elif not isinstance(child, (dict, list)):
            raise FieldPathError(f"cannot set {join_path(path)}: {join_path(path[:position + 1])} holds "
                                 f"{_kind_of(child)}, not a mapping or a list")
        node = child
    _assign(node, path[-1], value, path)


def delete_in(data: dict, path: Path) -> bool:
    """Remove the key or item at ``path``; False when it was not there."""
    parent = get_in(data, path[:-1], _MISSING) if len(path) > 1 else data
    last = path[-1]
    if isinstance(parent, dict) and last in parent:
        del parent[last]
        return True
    if isinstance(parent, list) and isinstance(last, int) and -len(parent) <= last < len(parent):
        del parent[last]
        return True
    return False


def _child(node: Any, part: Any) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and -len(node) <= part < len(node):
        return node[part]
    return None


def _assign(node: Any, part: Any, value: Any, path: Path) -> None:
    if isinstance(node, dict):
        node[part] = value
    elif isinstance(node, list) and isinstance(part, int):
        if part == len(node):
            node.append(value)
        elif -len(node) <= part < len(node):
            node[part] = value
        else:
            raise FieldPathError(f"cannot set {join_path(path)}: item {part} is past the end of a list of "
                                 f"{len(node)} (the next item is number {len(node)})")
    elif isinstance(node, list):
        raise FieldPathError(f"cannot set {join_path(path)}: {join_path(path[:-1]) or 'the front matter'} is a "
                             "list; its items are addressed by number")
    else:
        raise FieldPathError(f"cannot set {join_path(path)}: {join_path(path[:-1])} holds {_kind_of(node)}")


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a text"
    return f"a {type(value).__name__}"
