"""Lossless front-matter rewriting: the only place that turns a changed value into a minimal text edit.

Given the original YAML text, its composed node tree, the value it was read as and the value it should now
hold, :func:`splice_yaml` returns new text in which only the entries whose values differ were rewritten.
Everything else (key order, comments, quoting, folding, indentation, blank lines, line endings) is the
original text, untouched.

The diff walks both values together. Block mappings and block sequences are descended into, so a change to
``relatedOfferings[2].offeringId`` rewrites one line, and an added category inserts one item. A scalar, a flow
collection, or a collection that became empty is rewritten as a whole entry (``key: value`` or ``- value``)
by :mod:`curator_gui.core.emit` in the file's dialect. An inline comment after a rewritten single-line value
is carried over. Every comment outside the rewritten entries is checked to be still there afterwards.
"""
from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from curator_gui.core.emit import Dialect, emit_item, emit_pair
from curator_gui.core.errors import CuratorError
from curator_gui.core.values import same_value


class SpliceError(CuratorError):
    """The change cannot be written without touching text it does not own (e.g. a value shared by aliases)."""


class _RewriteWhole(Exception):
    """Raised while descending: the collection changed too much to edit piecewise; rewrite its entry."""


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str


def splice_yaml(text: str, root: Node | None, old: object, new: dict, dialect: Dialect,
                shared_nodes: frozenset[int] | set[int] = frozenset(), newline: str = "\n") -> str:
    """Rewrite ``text`` (whose node tree is ``root`` and value ``old``) so that it reads as ``new``.

    New lines get ``newline`` as their line ending; the lines that are kept keep their own.
    """
    splicer = _Splicer(text, dialect, shared_nodes, newline)
    if root is None or not isinstance(old, dict):
        # Empty front matter: every key is new; nothing to keep but what the text already holds (comments).
        body = "".join(emit_pair(k, v, 0, dialect) for k, v in new.items())
        return _join_after(text, body, newline)
    try:
        if not isinstance(root, MappingNode) or root.flow_style or not root.value:
            raise _RewriteWhole()  # a one-line {...} block has no entries to edit one by one
        splicer.mapping(root, old, new)
    except _RewriteWhole:
        # Not one top-level key survives: the block is new text from its first key to its last line.
        splicer.edits.clear()
        if isinstance(root, MappingNode) and root.value and not root.flow_style:
            start, end = root.value[0][0].start_mark.index, splicer.content_end(root.value[-1][1])
        else:
            start, end = root.start_mark.index, splicer.content_end(root)
        splicer.add(start, end, "".join(emit_pair(k, v, 0, dialect) for k, v in new.items()))
    out = splicer.apply()
    splicer.check_comments_kept(out)
    return out


def _join_after(text: str, addition: str, newline: str) -> str:
    if text and not text.endswith("\n"):
        text += newline
    return text + addition.replace("\n", newline)


class _Splicer:
    def __init__(self, text: str, dialect: Dialect, shared_nodes, newline: str = "\n"):
        self.text = text
        self.newline = newline
        self.dialect = dialect
        self.shared = shared_nodes
        self.edits: list[Edit] = []

    # --- positions -----------------------------------------------------------------------------------

    def line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def line_end(self, offset: int) -> int:
        """Offset just past the line break ending the line that holds ``offset`` (or end of text)."""
        end = self.text.find("\n", offset)
        return len(self.text) if end == -1 else end + 1

    def content_end(self, node: Node) -> int:
        """Offset just past the line break after the last line that belongs to ``node``."""
        if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
            last = node.value[-1][1] if isinstance(node, MappingNode) else node.value[-1]
            return self.content_end(last)
        end = node.end_mark.index
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            header = self.text[node.start_mark.index:node.start_mark.index + 4]
            if "+" not in header.split("\n", 1)[0]:
                # The scanner ends a block scalar after its trailing blank lines; they are not its content.
                stripped = self.text[:end].rstrip(" \t\r\n")
                end = max(len(stripped), node.start_mark.index)
            else:
                return end if end == 0 or self.text[end - 1] == "\n" else self.line_end(end)
        return self.line_end(max(end - 1, node.start_mark.index)) if end > 0 else 0

    def dash_offset(self, item: Node) -> int:
        """Offset of the ``-`` that introduces a block sequence item."""
        offset = item.start_mark.index - 1
        while offset >= 0 and self.text[offset] in " \t":
            offset -= 1
        if offset < 0 or self.text[offset] != "-":
            raise _RewriteWhole()
        return offset

    def only_indent_before(self, offset: int) -> bool:
        return self.text[self.line_start(offset):offset].strip(" ") == ""

    def trailing_comment(self, value: Node, end: int) -> str:
        """An inline ``# comment`` after a single-line value, to carry over when the value is rewritten."""
        if value.start_mark.line != value.end_mark.line:
            return ""
        tail = self.text[value.end_mark.index:end].rstrip("\r\n")
        match = re.match(r"^([ \t]+#.*)$", tail)
        return match.group(1) if match else ""

    # --- edits ---------------------------------------------------------------------------------------

    def add(self, start: int, end: int, replacement: str) -> None:
        if self.newline != "\n":
            replacement = replacement.replace("\n", self.newline)
        self.edits.append(Edit(start, end, replacement))

    def apply(self) -> str:
        out = self.text
        # From the end backwards; insertions at one place are applied last-made first, so they keep their order.
        ordered = sorted(enumerate(self.edits), key=lambda item: (item[1].start, item[1].end, item[0]), reverse=True)
        for _, edit in ordered:
            out = out[:edit.start] + edit.replacement + out[edit.end:]
        return out

    def check_comments_kept(self, out: str) -> None:
        """Refuse a result that lost a comment no edit covered (a comment is never dropped by an edit elsewhere)."""
        if "#" not in self.text:
            return
        ranges = sorted((e.start, e.end) for e in self.edits)
        wanted: dict[str, int] = {}
        for at, comment in _comments(self.text):
            if not any(start <= at < end for start, end in ranges):
                wanted[comment.rstrip()] = wanted.get(comment.rstrip(), 0) + 1
        found: dict[str, int] = {}
        for _at, comment in _comments(out):
            found[comment.rstrip()] = found.get(comment.rstrip(), 0) + 1
        lost = [comment for comment, count in wanted.items() if found.get(comment, 0) < count]
        if lost:
            raise SpliceError(f"this change would drop the comment {lost[0][:60]!r}; nothing was saved")

    def check_not_shared(self, node: Node) -> None:
        if id(node) in self.shared:
            raise SpliceError("this value is defined once and reused through a YAML alias; edit it by hand")

    # --- mappings ------------------------------------------------------------------------------------

    def mapping(self, node: MappingNode, old: dict, new: dict) -> None:
        pairs = node.value
        old_keys = list(old.keys())
        if len(pairs) != len(old_keys):
            raise _RewriteWhole()
        if new and not any(key in new for key in old_keys):
            raise _RewriteWhole()
        column = pairs[0][0].start_mark.column
        by_key = dict(zip(old_keys, pairs))
        for key in old_keys:
            key_node, value_node = by_key[key]
            if key not in new:
                self.remove_pair(pairs, key_node, value_node)
            elif not same_value(old[key], new[key]):
                self.change_value(key_node, value_node, key, old[key], new[key], column, in_item=False)
        added = [key for key in new if key not in old]
        if added:
            self.insert_pairs(pairs, old_keys, added, new, column)

    def descend(self, step) -> bool:
        """Run one nested edit; False (with its partial edits undone) when it asks for a whole rewrite."""
        mark = len(self.edits)
        try:
            step()
            return True
        except _RewriteWhole:
            del self.edits[mark:]
            return False

    def change_value(self, key_node: Node | None, value_node: Node, key: object, old: object, new: object,
                     column: int, in_item: bool) -> None:
        self.check_not_shared(value_node)
        block = not getattr(value_node, "flow_style", True)
        if isinstance(old, dict) and isinstance(new, dict) and new and isinstance(value_node, MappingNode) \
                and block and value_node.value:
            if self.descend(lambda: self.mapping(value_node, old, new)):
                return
        elif isinstance(old, list) and isinstance(new, list) and new and isinstance(value_node, SequenceNode) \
                and block and value_node.value:
            if self.descend(lambda: self.sequence(value_node, old, new)):
                return
        if in_item:
            self.rewrite_item(value_node, new)
        else:
            self.rewrite_pair(key_node, value_node, key, new, column)

    def rewrite_pair(self, key_node: Node, value_node: Node, key: object, value: object, column: int) -> None:
        start = key_node.start_mark.index
        end = self.content_end(value_node)
        text = emit_pair(key, value, column, self.dialect)
        comment = self.trailing_comment(value_node, end)
        if comment and "\n" not in text.rstrip("\n"):
            text = text.rstrip("\n") + comment + "\n"
        self.add(start, end, self.keep_line_end(text, end))

    def keep_line_end(self, text: str, end: int) -> str:
        """Keep 'no line break at the end' when the replaced text had none (last line of the block)."""
        if end == len(self.text) and not self.text.endswith("\n"):
            return text[:-1] if text.endswith("\n") else text
        return text

    def remove_pair(self, pairs, key_node: Node, value_node: Node) -> None:
        index = next(i for i, (k, _) in enumerate(pairs) if k is key_node)
        if not self.only_indent_before(key_node.start_mark.index):
            # First key on a "- " line: pull the next key up onto the dash line instead of leaving "- " alone.
            if index + 1 < len(pairs):
                self.add(key_node.start_mark.index, pairs[index + 1][0].start_mark.index, "")
                return
            raise _RewriteWhole()
        self.add(self.line_start(key_node.start_mark.index), self.content_end(value_node), "")

    def insert_pairs(self, pairs, old_keys: list, added: list, new: dict, column: int) -> None:
        keys_as_text = [str(k) for k in old_keys]
        sorted_here = keys_as_text == sorted(keys_as_text) and (len(keys_as_text) > 1 or self.dialect.sorted_keys)
        pad = " " * column
        # New keys are placed next to keys that stay: an anchor inside a removed entry would vanish with it.
        kept = [i for i, key in enumerate(old_keys) if key in new]
        for key in sorted(added, key=str) if sorted_here else added:
            text = emit_pair(key, new[key], column, self.dialect)
            following = None
            if sorted_here:
                following = next((i for i in kept if keys_as_text[i] > str(key)), None)
            if following is not None:
                at = pairs[following][0].start_mark.index
                self.add(at, at, text + pad)
            else:
                at = self.content_end(pairs[kept[-1]][1])
                prefix = "\n" if at == len(self.text) and not self.text.endswith("\n") else ""
                self.add(at, at, prefix + pad + text)

    # --- sequences -----------------------------------------------------------------------------------

    def sequence(self, node: SequenceNode, old: list, new: list) -> None:
        items = node.value
        if len(items) != len(old):
            raise _RewriteWhole()
        if len(old) == len(new):
            for item_node, old_item, new_item in zip(items, old, new):
                if not same_value(old_item, new_item):
                    self.change_value(None, item_node, None, old_item, new_item, 0, in_item=True)
            return
        for item in items:
            if not self.only_indent_before(self.dash_offset(item)):
                raise _RewriteWhole()  # "- - a": items share a line with an outer list; rewrite the outer item
        old_keys = [_fingerprint(x) for x in old]
        new_keys = [_fingerprint(x) for x in new]
        matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
        dash_column = items[0].start_mark.column - (items[0].start_mark.index - self.dash_offset(items[0]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:
                for offset in range(i2 - i1):
                    if not same_value(old[i1 + offset], new[j1 + offset]):
                        self.change_value(None, items[i1 + offset], None, old[i1 + offset], new[j1 + offset], 0,
                                          in_item=True)
                continue
            # Remove old items i1..i2 and put the new items j1..j2 in their place.
            if i1 < i2:
                start = self.line_start(self.dash_offset(items[i1]))
                end = self.content_end(items[i2 - 1])
            else:
                start = end = (self.line_start(self.dash_offset(items[i1])) if i1 < len(items)
                               else self.content_end(items[-1]))
            inserted = "".join(" " * dash_column + emit_item(value, dash_column, self.dialect)
                               for value in new[j1:j2])
            if start == len(self.text) and inserted and not self.text.endswith("\n"):
                inserted = "\n" + inserted
            self.add(start, end, inserted)

    def rewrite_item(self, item: Node, value: object) -> None:
        dash = self.dash_offset(item)
        end = self.content_end(item)
        column = dash - self.line_start(dash)
        text = emit_item(value, column, self.dialect)
        comment = self.trailing_comment(item, end)
        if comment and "\n" not in text.rstrip("\n"):
            text = text.rstrip("\n") + comment + "\n"
        self.add(dash, end, self.keep_line_end(text, end))


# A comment: '#' at a line's start or after a blank (inside a quoted text this over-counts, harmlessly: the
# text outside the edits is kept either way).
def _comments(text: str) -> list[tuple[int, str]]:
    """(offset, text to the end of its line) of every ``#`` that starts a line or follows a space or tab: what
    may be a comment (a ``#`` inside a quoted value counts too, which only makes the check stricter). Found
    with ``str.find``: a regular expression with a look-behind at every position costs ten times more here."""
    found = []
    at = text.find("#")
    while at != -1:
        if at == 0 or text[at - 1] in " \t\n":
            end = text.find("\n", at)
            end = len(text) if end == -1 else end
            found.append((at, text[at:end]))
            at = text.find("#", end)
        else:
            at = text.find("#", at + 1)
    return found


def _fingerprint(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=repr, ensure_ascii=False) + type(value).__name__
