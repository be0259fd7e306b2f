"""Inline silencing: the only place that reads ``# curator: ignore CG101, CG102`` comments in a front matter.

A YAML comment is kept byte for byte by every save, so silencing a rule for one file this way is lossless.
The comment may stand on a line of its own or after a value; rules are named by code, prefix or name,
separated by commas or spaces, and silence their rule for the whole file. A ``#`` inside a quoted or folded
text is not a comment and silences nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from curator_gui.core.rules import UnknownRuleError, rules_matching

_COMMENT = re.compile(r"(?:^|(?<=\s))#[ \t]*curator:[ \t]*ignore\b(?P<names>[^\r\n]*)", re.MULTILINE)


@dataclass(frozen=True)
class InlineIgnores:
    """What a file's comments silence, and the names in them that name no rule (with their positions)."""

    codes: frozenset[str] = frozenset()
    unknown: tuple[tuple[int, int, str], ...] = ()  # (line, column, name as written)


NOTHING = InlineIgnores()


def read_inline_ignores(yaml_text: str, line_offset: int = 0) -> InlineIgnores:
    """The ``# curator: ignore`` comments of a front matter (``line_offset``: file lines before it)."""
    if "curator:" not in yaml_text:
        return NOTHING
    found = [match for match in _COMMENT.finditer(yaml_text) if not _inside_text(yaml_text, match.start())]
    if not found:
        return NOTHING
    codes: set[str] = set()
    unknown: list[tuple[int, int, str]] = []
    for match in found:
        line = yaml_text.count("\n", 0, match.start()) + 1 + line_offset
        column = match.start() - (yaml_text.rfind("\n", 0, match.start()) + 1) + 1
        for name in re.split(r"[\s,]+", match.group("names").split("#", 1)[0].strip()):
            if not name:
                continue
            try:
                codes.update(rule.code for rule in rules_matching(name) if not rule.always)
            except UnknownRuleError:
                unknown.append((line, column, name))
    return InlineIgnores(frozenset(codes), tuple(unknown))


def _inside_text(yaml_text: str, offset: int) -> bool:
    """True when ``offset`` falls inside a scalar (a quoted or block text), where ``#`` is not a comment."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for token in yaml.scan(yaml_text, Loader=loader):
            if isinstance(token, yaml.ScalarToken) and token.start_mark.index <= offset < token.end_mark.index:
                return True
    except yaml.YAMLError:
        return True  # a front matter that does not scan silences nothing
    return False

