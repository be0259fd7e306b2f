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

_HEAD_END = re.compile(r"</head\s*>", re.I)
_JSONLD_OPEN = re.compile(r"""<script\b[^>]*?\btype\s*=\s*["']?\s*application/ld\+json[^>]*>""", re.I)
_SCRIPT_CLOSE = re.compile(r"</script", re.I)
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
    _body_tree: LexborHTMLParser | None = None
    #: True when the tags above come from the whole document rather than the head alone
    is_whole: bool = False
    _lookup: dict[str, str] | None = None
    _jsonld: list[str] | None = None

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
            self._body_tree = LexborHTMLParser(self.text)
        return self._body_tree

    def jsonld_blocks(self) -> list[str]:
        """The text of every ``<script type="application/ld+json">`` in the document, in order."""
        if self._jsonld is None:
            blocks = []
            for match in _JSONLD_OPEN.finditer(self.text):
                close = _SCRIPT_CLOSE.search(self.text, match.end())
                end = close.start() if close else len(self.text)
                blocks.append(self.text[match.end():end])
            self._jsonld = blocks
        return self._jsonld

    def first_h1(self) -> str:
        """The text of the first ``<h1>`` that has any."""
        for node in self.tree.css("h1"):
            text = collapse(node.text(separator=""))
            if text:
                return text
        return ""


def _rel_tokens(value: str | None) -> tuple[str, ...]:
    return tuple((value or "").lower().split())


def _collect(page: Page, tree: LexborHTMLParser) -> None:
    base = ""
    for node in tree.css("meta, link, title, base"):
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
            for attr in ("property", "name"):
                key = (attrs.get(attr) or "").strip()
                if key and key.lower() not in seen:  # name="x" property="x" is one tag, not two
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
            if not page.title and not _inside_svg(node):
                page.title = collapse(node.text())
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
    parent = node.parent
    while parent is not None:
        if parent.tag == "svg":
            return True
        parent = parent.parent
    return False


def parse_page(text: str, url: str) -> Page:
    """Parse a decoded page whose address is ``url`` (the base for its relative links)."""
    page = Page(url=url, text=text, base=url)
    end = _HEAD_END.search(text)
    if end is None:
        page._body_tree = LexborHTMLParser(text)
        page.is_whole = True
        _collect(page, page._body_tree)
    else:
        _collect(page, LexborHTMLParser(text[: end.end()]))
    return page


def whole_page(page: Page) -> Page:
    """The page with the tags of the whole document, not the head only (itself when it already has them).

    Browser-saved and script-built pages often carry metadata tags in the body; a head cut short by stray
    markup moves the rest of its tags there too.
    """
    if page.is_whole:
        return page
    whole = Page(url=page.url, text=page.text, base=page.url, _body_tree=page.tree, is_whole=True,
                 _jsonld=page._jsonld)
    _collect(whole, whole.tree)
    return whole
