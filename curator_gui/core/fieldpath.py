"""Dotted field paths (``relatedOfferings.0.offeringId``): parsing them against data, reading and writing.

Keys may themselves contain dots (``htmlMetaData.msvalidate.01``), so a dotted path is resolved against the
data it addresses: at each mapping the longest run of segments that names an existing key wins. Inside the
program a path is a tuple of keys and integer indexes; the dotted form is for people, the CLI and widget names.
"""
from __future__ import annotations

from typing import Any

Path = tuple  # of str keys and int list indexes

_MISSING = object()


def join_path(parts: Path) -> str:
    """The dotted form of a path tuple."""
    return ".".join(str(p) for p in parts)


def split_path(dotted: str, data: Any = None) -> Path:
    """Resolve a dotted path against ``data`` (keys with dots win when they exist); indexes become ints."""
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
                parts.append(segments[i])
                node = None
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
    """Set the value at ``path``, creating missing mappings (and appending at index ``len(list)``)."""
    if not path:
        raise ValueError("empty field path")
    node: Any = data
    for position, part in enumerate(path[:-1]):
        following = path[position + 1]
        child = _child(node, part)
        if not isinstance(child, (dict, list)):
            child = [] if isinstance(following, int) else {}
            _assign(node, part, child)
        node = child
    _assign(node, path[-1], value)


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


def _assign(node: Any, part: Any, value: Any) -> None:
    if isinstance(node, dict):
        node[part] = value
    elif isinstance(node, list) and isinstance(part, int):
        if part == len(node):
            node.append(value)
        elif -len(node) <= part < len(node):
            node[part] = value
        else:
            raise IndexError(f"index {part} is past the end of a list of {len(node)}")
    else:
        raise TypeError(f"cannot set '{part}' inside a {type(node).__name__}")
