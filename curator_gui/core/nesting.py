"""Bounding how deeply YAML nests before it is parsed: the only place that keeps hostile nesting away from libyaml.

PyYAML composes a node tree by recursion in C, so ``[[[[…`` forty thousand levels deep overflows the C stack
and kills the process (no exception to catch). A real curation nests fewer than 10 levels; anything deeper
than :data:`MAX_NESTING_DEPTH` (a generous 100) is refused with its line and column before the composer sees it.

The check costs a few C-speed string scans per file. They give an upper bound on the depth (every ``[`` and
``{`` counted as if nested, two levels per indentation width and per ``- - `` marker on one line); only when
that bound exceeds the limit, which no real curation does, are the parser's events walked to find the true
depth, stopping at the first event past the limit.
"""
from __future__ import annotations

import re

from curator_gui.core.errors import DocumentError

#: Deepest nesting of mappings and lists read (a real curation has fewer than 10 levels).
MAX_NESTING_DEPTH = 100

# Two or more block markers on one line ("- - a", "- ? a") each open a level without a new indentation.
_COMPACT_MARKERS = re.compile(r"-[ ]+[-?](?:[ \r\n]|$)")
_INDENT_STEPS = (8, 16, 32, 48)


def depth_bound(text: str) -> int:
    """An upper bound on the nesting depth of ``text`` (cheap; never less than the true depth)."""
    flow = text.count("[") + text.count("{")
    # Every block level is indented deeper than its parent, except a list under a key at the key's own
    # indentation: two levels per distinct indentation width. Widths are bounded by the widest indentation.
    widths = next((step for step in _INDENT_STEPS
                   if "\n" + " " * step not in text and not text.startswith(" " * step)), None)
    if widths is None:
        return MAX_NESTING_DEPTH + 1 + flow  # very wide indentation: let the exact check decide
    compact = text.count("-") + text.count("?") if _COMPACT_MARKERS.search(text) else 1
    return flow + 2 * widths + 2 * compact + 2


def check_nesting(text: str, path: str | None = None, line_offset: int = 0,
                  limit: int = MAX_NESTING_DEPTH) -> None:
    """Raise :class:`DocumentError` (with line and column) when ``text`` nests deeper than ``limit`` levels."""
    if depth_bound(text) <= limit:
        return
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    opening = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    closing = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, opening):
                depth += 1
                if depth > limit:
                    mark = event.start_mark
                    raise DocumentError(f"YAML nests deeper than {limit} levels; refusing to read it", path,
                                        mark.line + 1 + line_offset, mark.column + 1)
            elif isinstance(event, closing):
                depth -= 1
    except (yaml.YAMLError, UnicodeEncodeError):
        # Invalid YAML (or text that is not UTF-8): the composer stops at the same place, no deeper than this
        # walk got, and reports it.
        return
