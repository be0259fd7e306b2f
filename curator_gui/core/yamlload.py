"""Reading front-matter YAML safely: the only place that turns YAML text into nodes and Python values.

Hostile input is expected here, not exceptional:

* only the safe tags are constructed (``!!python/...`` and unknown tags are refused before construction);
* aliases are bounded: a document whose aliases would expand past :data:`MAX_EXPANDED_NODES` nodes (the
  "billion laughs" shape) or refer to themselves is refused in time linear in the text, before anything walks
  the expanded value;
* timestamps stay strings, exactly as written, so a value round-trips and JSON output never sees a datetime;
* every failure becomes a :class:`DocumentError` with a 1-based line and column and a sentence a person can act on.

The C parser (libyaml) is used when available: it composes several times faster than the pure-Python one and
gives the same marks, which the lossless splicer relies on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from curator_gui.core.errors import DocumentError

#: Upper bound on the nodes a document may expand to through aliases (a real curation has well under 2,000).
MAX_EXPANDED_NODES = 100_000

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SAFE_TAG_PREFIX = "tag:yaml.org,2002:"
_SAFE_TAGS = {
    _SAFE_TAG_PREFIX + name
    for name in ("null", "bool", "int", "float", "str", "seq", "map", "binary", "omap", "pairs", "set", "timestamp")
}


class _Loader(_BaseLoader):
    """Safe loader whose implicit resolvers leave timestamps as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _SAFE_TAG_PREFIX + "timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.copy().items()
}
# An explicit ``!!timestamp`` still yields text as written: values are strings everywhere in the editor.
_Loader.add_constructor(_SAFE_TAG_PREFIX + "timestamp", lambda loader, node: loader.construct_scalar(node))


@dataclass
class LoadedYaml:
    """The composed node tree of a front-matter block and the Python value it stands for."""

    node: Node | None
    data: object
    shared_nodes: set[int] = field(default_factory=set)  # ids of nodes reached through more than one alias


def load_yaml(text: str, path: str | None = None, line_offset: int = 0) -> LoadedYaml:
    """Compose and construct ``text`` safely; raise :class:`DocumentError` with a position on any fault.

    ``line_offset`` is added to reported line numbers, so that positions refer to the whole file rather than
    to the front matter alone.
    """
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise _marked_error(exc, text, path, line_offset) from None
        except yaml.YAMLError as exc:
            raise DocumentError(f"invalid YAML: {exc}", path, line_offset + 1, 1) from None
        if node is None:
            return LoadedYaml(None, None)
        shared = _check_nodes(node, path, line_offset)
        try:
            data = loader.construct_document(node)
        except yaml.MarkedYAMLError as exc:
            raise _marked_error(exc, text, path, line_offset) from None
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            line, column = _position(node, line_offset)
            raise DocumentError(f"invalid YAML value: {exc}", path, line, column) from None
        return LoadedYaml(node, data, shared)
    except RecursionError:
        raise DocumentError("YAML nesting is too deep to read", path, line_offset + 1, 1) from None
    finally:
        loader.dispose()


def _position(node: Node, line_offset: int) -> tuple[int, int]:
    return node.start_mark.line + 1 + line_offset, node.start_mark.column + 1


def _check_nodes(root: Node, path: str | None, line_offset: int) -> set[int]:
    """Refuse unsafe tags, merge keys and alias bombs; return the ids of nodes that aliases share."""
    seen: set[int] = set()
    shared: set[int] = set()
    expanded = 0
    # Iterative walk over the node graph, each distinct node visited once; ``size`` counts the expansion.
    size: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    on_path: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            size[key] = 1 + sum(size[id(child)] for child in children)
            if size[key] > MAX_EXPANDED_NODES:
                line, column = _position(node, line_offset)
                raise DocumentError(
                    f"aliases expand this YAML to more than {MAX_EXPANDED_NODES:,} values; refusing to read it",
                    path, line, column)
            continue
        if key in on_path:
            line, column = _position(node, line_offset)
            raise DocumentError("an alias refers to a value that contains it (recursive YAML)", path, line, column)
        if key in seen:
            shared.add(key)
            continue
        seen.add(key)
        expanded += 1
        tag = node.tag or ""
        if tag.startswith(_SAFE_TAG_PREFIX + "python/"):
            line, column = _position(node, line_offset)
            raise DocumentError(f"Python-specific YAML tag '!!{tag[len(_SAFE_TAG_PREFIX):]}' is refused", path,
                                line, column)
        if tag not in _SAFE_TAGS:
            line, column = _position(node, line_offset)
            raise DocumentError(f"unsupported YAML tag '{tag}'", path, line, column)
        if isinstance(node, MappingNode):
            _check_keys(node, path, line_offset)
        on_path.add(key)
        stack.append((node, True))
        for child in reversed(_children(node)):
            if id(child) in on_path:
                line, column = _position(child, line_offset)
                raise DocumentError("an alias refers to a value that contains it (recursive YAML)", path, line,
                                    column)
            if id(child) in size:
                shared.add(id(child))
                continue
            stack.append((child, False))
    return shared


def _check_keys(node: MappingNode, path: str | None, line_offset: int) -> None:
    """Refuse merge keys and duplicate keys: both make "which value is this line?" ambiguous when saving."""
    first_seen: dict[tuple[str, str], Node] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, ScalarNode):
            continue
        if key_node.tag == _SAFE_TAG_PREFIX + "merge":
            line, column = _position(key_node, line_offset)
            raise DocumentError("YAML merge keys ('<<') are not supported in front matter", path, line, column)
        identity = (key_node.tag, key_node.value)
        if identity in first_seen:
            line, column = _position(key_node, line_offset)
            first_line = _position(first_seen[identity], line_offset)[0]
            raise DocumentError(f"duplicate key '{key_node.value}' (first defined on line {first_line})", path,
                                line, column)
        first_seen[identity] = key_node


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


_TAB_MESSAGE = re.compile(r"found character '\\t'|found a tab character")


def _marked_error(exc: yaml.MarkedYAMLError, text: str, path: str | None, line_offset: int) -> DocumentError:
    """Turn pyyaml's two-part message into one line at the problem's position."""
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 if mark else 1) + line_offset
    column = mark.column + 1 if mark else 1
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    lines = text.splitlines()
    bad_line = lines[mark.line] if mark and mark.line < len(lines) else ""
    leading = bad_line[: len(bad_line) - len(bad_line.lstrip(" \t"))]
    if _TAB_MESSAGE.search(problem) or "\t" in leading:
        message = "tab character in indentation; YAML front matter must be indented with spaces"
    elif "could not determine a constructor" in problem:
        message = f"unsupported YAML tag {problem.rsplit(' ', 1)[-1]}"
    elif "found duplicate anchor" in context or "found undefined alias" in context:
        message = f"{context}"
    else:
        message = f"invalid YAML: {problem}" + (f" ({context})" if context and context not in problem else "")
    return DocumentError(message, path, line, column)
