"""The only place that parses a page's HTML: the tags metadata is read from, collected once, body parsed on demand.

Metadata lives in the head, which is usually a small part of a page; browser-saved pages can be megabytes of
body. So the head is parsed first, on its own, and the whole document only when a rule needs the body (an
``<h1>``, a prominent ``<img>``, tags a broken head pushed into the body). JSON-LD blocks are cut out of the raw
text rather than the tree: script content is raw text in HTML, so this is exact and needs no body parse.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from curator_gui.core.fetch.limits import (MAX_ANCESTORS, MAX_CANDIDATES, MAX_HEAD_TAGS, MAX_JSONLD_BLOCKS,
                                           MAX_TITLE, NO_DEADLINE, Deadline, bounded_markup)

_HEAD_END = re.compile(r"</(?i:head)\s*>")
_TYPE_ATTRIBUTE = re.compile(r"\btype\s*=", re.I)
_SCRIPT_CLOSE = re.compile(r"</(?i:script)")
_URL_JUNK = re.compile(r"[\t\n\r]")
_WHITESPACE = re.compile(r"\s+")


def collapse(text: str | None) -> str:
    """Runs of whitespace (non-breaking spaces included) as one space, trimmed."""
    return _WHITESPACE.sub(" ", text or "").strip()


@dataclass
class Link:
    """A ``<link>`` element: its rel tokens (lower case) and its href as written."""

    rel: tuple[str, ...]
    href: str


#: The longest attribute value the body rules look at: a class list or an id is short on a real page.
_ATTRIBUTE_LIMIT = 1000
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass(frozen=True)
class NodeInfo:
    """What the body rules read from an element's attributes, each cut at 1000 characters; lower case but for
    ``classes``, whose camel case (``authorName``) separates words."""

    tag: str
    classes: str
    id: str
    role: str
    itemprop: str
    rel: str
    href: str
    #: ``hidden``, ``aria-hidden="true"``, or an inline ``display: none`` / ``visibility: hidden``
    hidden: bool


def _node_info(node) -> NodeInfo:
    attrs = node.attributes

    def value(name: str, lower: bool = True) -> str:
        text = (attrs.get(name) or "")[:_ATTRIBUTE_LIMIT]
        return text.lower() if lower else text

    hidden = ("hidden" in attrs or value("aria-hidden") == "true"
              or bool(_HIDDEN_STYLE.search((attrs.get("style") or "")[:_ATTRIBUTE_LIMIT])))
    return NodeInfo(node.tag or "", value("class", lower=False), value("id"), value("role"), value("itemprop"),
                    value("rel"), value("href"), hidden)


@dataclass
class Page:
    """What the metadata rules read from one page. Build it with :func:`parse_page`."""

    url: str
    text: str
    base: str
    #: ``(key as the page writes it, content)`` for every ``<meta name|property content>``, in document order
    metas: list[tuple[str, str]] = field(default_factory=list)
    #: ``itemprop`` → content of the first ``<meta itemprop>`` / ``<link itemprop>`` with that name
    itemprops: dict[str, str] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    title: str = ""
    deadline: Deadline = NO_DEADLINE
    _body_tree: LexborHTMLParser | None = None
    #: True when the tags above come from the whole document rather than the head alone
    is_whole: bool = False
    _lookup: dict[str, str] | None = None
    _jsonld: list[str] | None = None
    _infos: dict[int, NodeInfo] = field(default_factory=dict)

    def info(self, node) -> NodeInfo:
        """The element's :class:`NodeInfo`, read once per element: rules that walk up from many candidates
        meet the same ancestors again, and an ancestor's attributes may be megabytes long."""
        key = node.mem_id
        found = self._infos.get(key)
        if found is None:
            found = self._infos[key] = _node_info(node)
        return found

    def meta(self, *names: str) -> str:
        """The first non-empty content among the named tags (names compared case-insensitively), else ''."""
        if self._lookup is None:
            self._lookup = {}
            for key, value in self.metas:
                self._lookup.setdefault(key.lower(), value)
        for name in names:
            value = self._lookup.get(name)
            if value:
                return value
        return ""

    def metas_named(self, name: str) -> list[str]:
        """The content of every tag with this name (compared case-insensitively), in document order."""
        return [value for key, value in self.metas if key.lower() == name]

    def absolute(self, href: str | None) -> str:
        """``href`` resolved against the page's base (``<base href>`` honoured); '' when it is not a web URL."""
        href = _URL_JUNK.sub("", (href or "").strip())
        if not href or href.startswith(("data:", "javascript:", "blob:", "about:", "#")):
            return ""
        try:
            url = urljoin(self.base, href)
        except ValueError:
            return ""
        if not url.lower().startswith(("http://", "https://")):
            return ""
        return url.replace(" ", "%20")

    @property
    def tree(self) -> LexborHTMLParser:
        """The whole document parsed (on first use: most pages never need more than the head)."""
        if self._body_tree is None:
            self._body_tree = _parse(self.text, self.deadline)
        return self._body_tree

    def jsonld_blocks(self) -> list[str]:
        """The text of every ``<script type="application/ld+json">`` in the document, in order (at most
        :data:`MAX_JSONLD_BLOCKS`).

        Found from the type's text rather than from every script: each ``ld+json`` is checked to sit inside a
        ``<script>`` start tag. Script content is raw text up to the next ``</script``: a script left open
        runs to the end of the page and swallows every later tag, exactly as in a browser. Every search
        starts where the previous one ended, so each character is looked at a bounded number of times.
        """
        if self._jsonld is None:
            blocks = []
            text = self.text
            pos = 0
            for found in _json_types(text):
                if len(blocks) >= MAX_JSONLD_BLOCKS:
                    break
                self.deadline.tick(64)
                if pos >= len(text):
                    break  # a block left open took the rest of the page
                if found < pos:
                    continue  # inside the block just read
                start = _rfind_script(text, pos, found)
                if start < 0 or text.find(">", start, found) >= 0 or not _is_jsonld_tag(text[start + 7:found + 7]):
                    pos = found + 5
                    continue
                tag_end = text.find(">", found)
                if tag_end < 0:
                    break
                close = _SCRIPT_CLOSE.search(text, tag_end + 1)
                blocks.append(text[tag_end + 1:close.start() if close else len(text)])
                pos = close.end() if close else len(text)
            self._jsonld = blocks
        return self._jsonld

    def first_h1(self) -> str:
        """The text of the first ``<h1>`` that has any (among the first few: later ones are not the title)."""
        for node in self.tree.css("h1")[:20]:
            text = collapse(node_text(node, 1000))
            if text:
                return text
        return ""


def node_text(node, limit: int = 2000) -> str:
    """The text of an element and its descendants, read only until it passes ``limit`` characters (or
    visits ``4 * limit`` nodes): a caller asking for a name or a paragraph never pays for a huge subtree."""
    parts: list[str] = []
    size = 0
    for visited, child in enumerate(node.traverse(include_text=True)):
        if visited > 4 * limit:
            break
        if child.is_text_node:
            text = (child.text_content or "")[: limit + 1 - size]
            parts.append(text)
            size += len(text)
            if size > limit:
                break
    return "".join(parts)


def select_within(page: Page, containers: str | None, selector: str, limit: int = MAX_CANDIDATES) -> list:
    """The first ``limit`` elements matching the simple ``selector`` inside the first few ``containers``
    (``None``: the whole document), in document order.

    Used instead of a descendant selector (``article p``), which makes the selector engine walk every
    candidate's ancestors: on a deeply nested page that is the number of elements times the depth.
    """
    tree = page.tree
    if containers is None:
        return tree.css(selector)[:limit]
    found: list = []
    for container in tree.css(containers)[:3]:
        found.extend(container.css(selector)[: limit - len(found)])
        if len(found) >= limit:
            break
    return found


#: "+json" of a JSON-LD type: a literal "+" first lets the regex engine skip ahead as fast as ``str.find``
#: (a case-insensitive pattern without a literal start is ten times slower on a page of megabytes).
_PLUS_JSON = re.compile(r"\+(?i:json)")


def _json_types(text: str):
    """Where each ``ld+json`` (any case) starts, in order."""
    for match in _PLUS_JSON.finditer(text):
        i = match.start()
        if i >= 2 and text[i - 2:i].lower() == "ld":
            yield i - 2


def _rfind_script(text: str, start: int, end: int) -> int:
    """The last ``<script`` (any case) between ``start`` and ``end``, or -1."""
    return max(text.rfind("<script", start, end), text.rfind("<SCRIPT", start, end),
               text.rfind("<Script", start, end))


def _is_jsonld_tag(attributes: str) -> bool:
    """True when a ``<script>`` start tag's attributes say ``type="application/ld+json"``."""
    found = _TYPE_ATTRIBUTE.search(attributes)
    if found is None:
        return False
    value = attributes[found.end():].lstrip().lstrip("\"'").lstrip()
    return value[:19].lower() == "application/ld+json"


def ancestors(node):
    """The element's ancestors, nearest first, up to the ``<html>`` element (at most :data:`MAX_ANCESTORS`)."""
    parent = node.parent
    for _ in range(MAX_ANCESTORS):
        if parent is None:
            return
        yield parent
        parent = parent.parent


def _parse(text: str, deadline: Deadline) -> LexborHTMLParser:
    """The markup parsed, after cutting what would make the parser slow (see :mod:`.limits`)."""
    deadline.check()
    tree = LexborHTMLParser(bounded_markup(text, deadline))
    deadline.check()
    return tree


def _rel_tokens(value: str | None) -> tuple[str, ...]:
    return tuple((value or "").lower().split())


def _collect(page: Page, tree: LexborHTMLParser) -> None:
    base = ""
    titles = 0
    for node in tree.css("meta, link, title, base")[:MAX_HEAD_TAGS]:
        page.deadline.tick()
        tag = node.tag
        attrs = node.attributes
        if tag == "meta":
            content = attrs.get("content")
            if content is None:
                continue
            content = content.strip()
            if not content:
                continue
            seen = set()
            # property="og:title twitter:title" names two tags (RDFa); name="x" property="x" is one tag
            keys = (attrs.get("property") or "").split()[:8] + [(attrs.get("name") or "").strip()]
            for key in keys:
                if key and key.lower() not in seen:
                    seen.add(key.lower())
                    page.metas.append((key, content))
            prop = (attrs.get("itemprop") or "").strip().lower()
            if prop:
                page.itemprops.setdefault(prop, content)
        elif tag == "link":
            href = (attrs.get("href") or "").strip()
            if not href:
                continue
            prop = (attrs.get("itemprop") or "").strip().lower()
            if prop:
                page.itemprops.setdefault(prop, href)
            rel = _rel_tokens(attrs.get("rel"))
            if rel:
                page.links.append(Link(rel, href))
        elif tag == "title":
            titles += 1  # the first titles only: a page of thousands of empty ones has no title further down
            if not page.title and titles <= 20 and not _inside_svg(node):
                page.title = collapse(node.text()[: 4 * MAX_TITLE])
        elif tag == "base" and not base:
            base = (attrs.get("href") or "").strip()
    if base:
        try:
            resolved = urljoin(page.url, _URL_JUNK.sub("", base))
        except ValueError:  # an unparsable base (a broken IPv6 literal...) is ignored, as browsers do
            resolved = ""
        if resolved.lower().startswith(("http://", "https://")):
            page.base = resolved


def _inside_svg(node) -> bool:
    return any(parent.tag == "svg" for parent in ancestors(node))


def parse_page(text: str, url: str, deadline: Deadline = NO_DEADLINE) -> Page:
    """Parse a decoded page whose address is ``url`` (the base for its relative links)."""
    page = Page(url=url, text=text, base=url, deadline=deadline)
    end = _HEAD_END.search(text)
    if end is None:
        page._body_tree = _parse(text, deadline)
        page.is_whole = True
        _collect(page, page._body_tree)
    else:
        _collect(page, _parse(text[: end.end()], deadline))
    return page


def whole_page(page: Page) -> Page:
    """The page with the tags of the whole document, not the head only (itself when it already has them).

    Browser-saved and script-built pages often carry metadata tags in the body; a head cut short by stray
    markup moves the rest of its tags there too.
    """
    if page.is_whole:
        return page
    whole = Page(url=page.url, text=page.text, base=page.url, deadline=page.deadline, _body_tree=page.tree,
                 is_whole=True, _jsonld=page._jsonld)
    _collect(whole, whole.tree)
    return whole
