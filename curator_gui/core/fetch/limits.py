"""The only place for the extractor's bounds: its deadline, how much markup is handed to the HTML parser, and
how much of a page the fragment keeps.

Every step of reading a page must be linear in its size (or bounded), count against the caller's deadline and
stay within bounded memory, whatever the page holds. The HTML parser itself is the one step that cannot be
interrupted and is not linear: each block-level tag costs it time in proportion to how deeply the current
element is nested (500,000 nested ``<div>`` take minutes). So before any markup reaches the parser,
:func:`bounded_markup` models the nesting with a cheap scan of the tags and cuts the text where it would
become deeper than :data:`MAX_DEPTH` or hold more than :data:`MAX_TAGS` start tags. Real pages are far from
either bound (the real-page corpus nests at most a few dozen deep), so only hostile or broken pages are cut,
and only after the point that made them so.
"""
from __future__ import annotations

import re
import time

from curator_gui.core.errors import FetchError

#: Deepest element nesting handed to the HTML parser (as modelled by :func:`bounded_markup`; browsers stop
#: nesting at 512 real levels, and the model counts at most one level for each real one or two).
MAX_DEPTH = 256
#: Most start tags handed to the HTML parser (real pages of megabytes have a few tens of thousands).
MAX_TAGS = 100_000
#: Below this many ``<`` no nesting can make the parser slow, so the scan is skipped.
_SMALL_PAGE_TAGS = 12_000

#: Candidates any one body rule examines (paragraphs, bylines, images...) before it gives up.
MAX_CANDIDATES = 400
#: Ancestors looked at when a rule asks where an element sits.
MAX_ANCESTORS = 2 * MAX_DEPTH
#: ``<meta>``/``<link>``/``<title>`` elements read from a page; real pages have under 300.
MAX_HEAD_TAGS = 5000
#: JSON-LD: blocks read, entities kept, nesting followed, ``@id`` objects indexed.
MAX_JSONLD_BLOCKS = 64
MAX_JSONLD_ENTITIES = 500
MAX_JSONLD_DEPTH = 32
MAX_JSONLD_IDS = 5000
#: Objects and lists of all JSON-LD blocks walked to index their ``@id``s.
MAX_JSONLD_NODES = 20_000

#: The captured tag maps (``openGraphMetaData``, ``twitterMetaData``, ``htmlMetaData``): tags kept per map,
#: the longest value kept (longer ones are embedded configuration or analytics blobs, not metadata, and are
#: left out rather than cut into broken fragments), and the characters per map in all.
MAX_MAP_TAGS = 64
MAX_MAP_VALUE = 4000
MAX_MAP_CHARS = 32_000
#: Fragment values: names in the byline, and the length of a title, a description and a URL.
MAX_BYLINE_NAMES = 20
MAX_TITLE = 500
MAX_DESCRIPTION = 5000
MAX_URL = 4096


class Deadline:
    """A ``time.monotonic()`` instant by which reading a page must be done (``None``: no limit)."""

    __slots__ = ("at", "started", "_ticks")

    def __init__(self, at: float | None = None):
        self.at = at
        self.started = time.monotonic()
        self._ticks = 0

    def check(self) -> None:
        """Raise :class:`FetchError` when the deadline has passed."""
        if self.at is not None and time.monotonic() > self.at:
            spent = time.monotonic() - self.started
            raise FetchError(f"timed out after {spent:.1f} s while reading the page")

    def tick(self, every: int = 256) -> None:
        """:meth:`check`, but only on every ``every``-th call: for loops whose steps are very cheap."""
        self._ticks += 1
        if self._ticks % every == 0:
            self.check()


NO_DEADLINE = Deadline(None)


def cut_text(text: str, limit: int) -> str:
    """``text`` when it fits in ``limit`` characters, else cut at the last word before it, with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head[limit // 2:]:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip() + "…"


# --- nesting ---------------------------------------------------------------------------------------------------

#: A comment's start, or a start or end tag with its attributes (up to its ``>``, or to the next ``<`` when it
#: has none: the scan never looks at a character twice).
_TAG = re.compile(r"<(?:(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*|!--)")
#: Elements whose content is text, not markup, up to their own end tag.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})
#: Elements that never have content, and those that can only nest with a counted container between them
#: (``<p><p>`` and ``<li><li>`` are siblings; lists and tables are counted).
_NOT_COUNTED = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param",
    "keygen", "frame", "basefont", "bgsound", "image", "p", "li", "dt", "dd", "option", "optgroup", "rb", "rt",
    "rtc", "rp",
})
#: Formatting elements: closed by an outer element's end tag, they stay active and the parser opens them again
#: at the next text or tag (so a page can nest them ever deeper without one unclosed tag of its own).
_FORMATTING = frozenset({"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt",
                         "u"})
#: Start tags that end an open sibling of their group at the top of the stack (``<td>a<td>b``).
_SIBLING_GROUPS = {"td": "cell", "th": "cell", "tr": "row", "tbody": "section", "thead": "section",
                   "tfoot": "section"}


def bounded_markup(text: str, deadline: Deadline = NO_DEADLINE, *, max_depth: int = MAX_DEPTH,
                   max_tags: int = MAX_TAGS) -> str:
    """``text`` cut before the first tag that would nest deeper than ``max_depth`` or be start tag number
    ``max_tags + 1``; ``text`` itself when it stays within both.

    One linear pass over the tags. Comments and the text of raw-text elements (scripts, styles, titles...)
    are skipped; an end tag closes everything opened after the element it names, as the parser does. The
    model errs on the deep side (an unclosed ``<span>`` stays open), so the parser never sees deeper markup
    than it allows.
    """
    if text.count("<") <= _SMALL_PAGE_TAGS:
        return text
    stack: list[str] = []
    open_count: dict[str, int] = {}
    foreign = 0  # open <svg>/<math> elements: inside them "/>" closes an element, in HTML it does not
    tags = seen = 0
    pos = 0
    while True:
        for match in _TAG.finditer(text, pos):
            slash, name = match.groups()
            if name is None:  # a comment: skip to its end (an unclosed one runs to the end of the page)
                end = text.find("-->", match.end())
                if end < 0:
                    return text
                pos = end + 3
                break
            seen += 1
            if not seen & 1023:
                deadline.check()
            name = name.lower()
            if slash:  # an end tag: close it and everything opened inside it
                if open_count.get(name):
                    reopened = []
                    while stack:
                        top = stack.pop()
                        open_count[top] -= 1
                        if top in ("svg", "math"):
                            foreign -= 1
                        if top == name:
                            break
                        if top in _FORMATTING and name not in _FORMATTING:
                            reopened.append(top)
                    for top in reversed(reopened):  # the parser re-creates them at the next text or tag
                        stack.append(top)
                        open_count[top] += 1
                    if len(stack) > max_depth:
                        return text[: match.start()]
                continue
            tags += 1
            if name in _RAW_TEXT:  # its text runs to its own end tag, or to the end of the page
                pos = _raw_text_end(text, name, match.end())
                if pos < 0:
                    return text
                break
            if tags > max_tags:
                return text[: match.start()]
            if name in _NOT_COUNTED or (foreign and text[match.end() - 1] == "/"):
                continue
            group = _SIBLING_GROUPS.get(name)
            if group is not None and stack and _SIBLING_GROUPS.get(stack[-1]) == group:
                open_count[stack.pop()] -= 1
            stack.append(name)
            open_count[name] = open_count.get(name, 0) + 1
            if name in ("svg", "math"):
                foreign += 1
            if len(stack) > max_depth:
                return text[: match.start()]
        else:
            return text


def _raw_text_end(text: str, name: str, pos: int) -> int:
    """Where the raw text of element ``name`` that starts at ``pos`` ends (just after ``</name``), or -1."""
    pattern = _raw_end_cache.get(name)
    if pattern is None:  # a literal "</" first: the engine skips ahead at the speed of str.find
        pattern = _raw_end_cache[name] = re.compile(rf"</(?i:{name})(?=[\s/>])")
    end = pattern.search(text, pos)
    return end.end() if end else -1


_raw_end_cache: dict[str, re.Pattern] = {}
