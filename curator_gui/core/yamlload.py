"""Reading front-matter YAML safely: the only place that turns YAML text into nodes and Python values.

Hostile input is expected here, not exceptional:

* only the safe tags are constructed (``!!python/...`` and unknown tags are refused before construction);
* aliases are bounded: a document whose aliases would expand past :data:`MAX_EXPANDED_NODES` nodes (the
  "billion laughs" shape) or refer to themselves is refused in time linear in the text, before anything walks
  the expanded value;
* timestamps stay strings, exactly as written, so a value round-trips and JSON output never sees a datetime;
* nesting is bounded (:mod:`curator_gui.core.nesting`) before the C composer, which recurses, sees the text;
* keys that YAML tells apart but that would become one Python key (``1`` and ``1.0``, ``true`` and ``yes``,
  ``null`` and ``~``, ``16`` and ``0x10``) are refused as duplicates, so no entry is ever merged away;
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
from curator_gui.core.nesting import check_nesting

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

# Resolving a plain scalar's tag depends only on its text, and curations repeat the same keys and values
# (null, '', true, every key name) thousands of times across a folder: memoising it halves resolution time.
_RESOLVED: dict[str, str] = {}
_RESOLVED_LIMIT = 200_000
_base_resolve = _Loader.resolve


def _resolve_cached(self, kind, value, implicit):
    if kind is ScalarNode and implicit[0]:
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = _base_resolve(self, kind, value, implicit)
            if len(_RESOLVED) < _RESOLVED_LIMIT:
                _RESOLVED[value] = tag
        return tag
    return _base_resolve(self, kind, value, implicit)


_Loader.resolve = _resolve_cached

_STR, _NULL, _INT, _BOOL, _FLOAT, _MAP, _SEQ = (_SAFE_TAG_PREFIX + t for t in
                                               ("str", "null", "int", "bool", "float", "map", "seq"))
# Anchors (&a) and aliases (*a) can only start a token; without such a character sequence the node graph is a
# tree and the cheaper checks apply. A false alarm (e.g. "*bold*" in a description) only costs the full check.
_TOKEN_BEFORE = frozenset(" \t\r\n[{,")
_NOT_NAME = frozenset(" \t\r\n[]{},")


def _may_have_anchors(text: str) -> bool:
    """True when ``&`` or ``*`` starts a token somewhere (a regex with a look-behind is 50x slower here)."""
    for mark in "&*":
        at = text.find(mark)
        while at != -1:
            if (at == 0 or text[at - 1] in _TOKEN_BEFORE) and at + 1 < len(text) and text[at + 1] not in _NOT_NAME:
                return True
            at = text.find(mark, at + 1)
    return False


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
    check_nesting(text, path, line_offset)
    try:
        loader = _Loader(text)
    except UnicodeEncodeError as exc:  # a str holding lone surrogates (undecodable bytes from the command line)
        raise DocumentError("not valid UTF-8 text", path, line_offset + 1, exc.start + 1) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise _marked_error(exc, text, path, line_offset) from None
        except yaml.YAMLError as exc:
            raise DocumentError(f"invalid YAML: {exc}", path, line_offset + 1, 1) from None
        if node is None:
            return LoadedYaml(None, None)
        if _may_have_anchors(text):
            shared = _check_nodes(node, loader, path, line_offset)
        else:
            _check_tree(node, loader, path, line_offset)
            shared = set()
        try:
            data = _construct(node, loader, {} if shared else None)
        except yaml.MarkedYAMLError as exc:
            raise _marked_error(exc, text, path, line_offset) from None
        except TypeError:
            line, column = _position(node, line_offset)
            raise DocumentError("a mapping key is a list or a mapping; keys must be plain values", path, line,
                                column) from None
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            line, column = _position(node, line_offset)
            raise DocumentError(f"invalid YAML value: {exc}", path, line, column) from None
        return LoadedYaml(node, data, shared)
    except RecursionError:
        raise DocumentError("YAML nesting is too deep to read", path, line_offset + 1, 1) from None
    finally:
        loader.dispose()


def _construct(node: Node, loader: _Loader, memo: dict | None) -> object:
    """Python value of a checked node tree: plain types built directly, anything rarer by PyYAML itself.

    Equivalent to ``loader.construct_document`` for the safe tags, several times faster because it skips the
    generic two-phase construction; ``memo`` (only when aliases share nodes) keeps shared values shared.
    """
    if memo is not None:
        found = memo.get(id(node))
        if found is not None:
            return found[0]
    cls = node.__class__
    tag = node.tag
    if cls is ScalarNode:
        if tag == _STR:
            value = node.value
        elif tag == _NULL:
            value = None
        elif tag == _INT:
            value = loader.construct_yaml_int(node)
        elif tag == _BOOL:
            value = loader.construct_yaml_bool(node)
        elif tag == _FLOAT:
            value = loader.construct_yaml_float(node)
        else:
            value = loader.construct_object(node, deep=True)
    elif cls is MappingNode and tag == _MAP:
        value = {}
        if memo is not None:
            memo[id(node)] = (value,)
        for key_node, value_node in node.value:
            value[_construct(key_node, loader, memo)] = _construct(value_node, loader, memo)
        return value
    elif cls is SequenceNode and tag == _SEQ:
        value = []
        if memo is not None:
            memo[id(node)] = (value,)
        value.extend([_construct(item, loader, memo) for item in node.value])
        return value
    else:
        value = loader.construct_object(node, deep=True)
    if memo is not None:
        memo[id(node)] = (value,)
    return value


def _check_tree(node: Node, loader: _Loader, path: str | None, line_offset: int) -> None:
    """The checks of :func:`_check_nodes` for a graph known to be a tree (no anchors in the text)."""
    if node.tag not in _SAFE_TAGS:
        _refuse_tag(node, path, line_offset)
    cls = node.__class__
    if cls is MappingNode:
        _check_keys(node, loader, path, line_offset)
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode or key_node.tag not in _SAFE_TAGS:
                _check_tree(key_node, loader, path, line_offset)
            _check_tree(value_node, loader, path, line_offset)
    elif cls is SequenceNode:
        for item in node.value:
            _check_tree(item, loader, path, line_offset)


def _refuse_tag(node: Node, path: str | None, line_offset: int) -> None:
    tag = node.tag or ""
    line, column = _position(node, line_offset)
    if tag.startswith(_SAFE_TAG_PREFIX + "python/"):
        raise DocumentError(f"Python-specific YAML tag '!!{tag[len(_SAFE_TAG_PREFIX):]}' is refused", path, line,
                            column)
    raise DocumentError(f"unsupported YAML tag '{tag}'", path, line, column)


def _position(node: Node, line_offset: int) -> tuple[int, int]:
    return node.start_mark.line + 1 + line_offset, node.start_mark.column + 1


def _check_nodes(root: Node, loader: _Loader, path: str | None, line_offset: int) -> set[int]:
    """Refuse unsafe tags, merge keys and alias bombs; return the ids of nodes that aliases share."""
    seen: set[int] = set()
    shared: set[int] = set()
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
        if node.tag not in _SAFE_TAGS:
            _refuse_tag(node, path, line_offset)
        if isinstance(node, MappingNode):
            _check_keys(node, loader, path, line_offset)
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


def _check_keys(node: MappingNode, loader: _Loader, path: str | None, line_offset: int) -> None:
    """Refuse merge keys and duplicate keys: both make "which value is this line?" ambiguous when saving.

    Keys are compared as the Python values they become, because that is what a mapping keeps: ``1``, ``1.0``
    and ``true`` would silently collapse into one entry and lose the others.
    """
    first_seen: dict[object, Node] = {}
    for key_node, _ in node.value:
        if key_node.__class__ is not ScalarNode:
            continue
        tag = key_node.tag
        if tag == _SAFE_TAG_PREFIX + "merge":
            line, column = _position(key_node, line_offset)
            raise DocumentError("YAML merge keys ('<<') are not supported in front matter", path, line, column)
        if tag == _STR:
            identity = key_node.value
        elif tag in _SAFE_TAGS:
            identity = _key_identity(key_node, loader)
            if identity is None:
                continue
        else:
            continue  # refused for its tag by the caller
        first = first_seen.get(identity)
        if first is not None:
            line, column = _position(key_node, line_offset)
            first_line = _position(first, line_offset)[0]
            if first.value == key_node.value:
                message = f"duplicate key '{key_node.value}' (first defined on line {first_line})"
            else:
                message = (f"duplicate key '{key_node.value}': it means the same as '{first.value}' on line "
                           f"{first_line}")
            raise DocumentError(message, path, line, column)
        first_seen[identity] = key_node


class _NotANumber:
    """The one identity of every ``.nan`` key (NaN is unequal to itself, so it could never be found again)."""


class _NullKey:
    """The identity of a null key (``None`` itself means "no identity" to the caller)."""


def _key_identity(key_node: ScalarNode, loader: _Loader) -> object:
    """The hashable Python value a non-text key becomes (None when it cannot be built; construction says why)."""
    try:
        value = _construct(key_node, loader, None)
        hash(value)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):
        return None
    if value is None:
        return _NullKey
    if isinstance(value, float) and value != value:  # noqa: PLR0124 - NaN
        return _NotANumber
    return value


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
