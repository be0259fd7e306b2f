"""The only place for the text rules of titles, authors and a fallback description: source order and tidying.

General rules, no site names: a ``<title>`` loses a `` | Site`` suffix when the suffix is the site's own name; a
title that is nothing but the site's name gives way to a better source on an article; an author loses "By"
(also glued: "ByJane"), a trailing dash, a role or a date after the name, and is dropped when it is a URL or a
link label such as "About".
"""
from __future__ import annotations

import re
import unicodedata

from curator_gui.core.fetch.jsonld import JsonLd, rank, text_of
from curator_gui.core.fetch.page import Page, collapse
from curator_gui.core.urls import host_of

#: Separators sites put between a headline and their name, tried in this order (the last occurrence splits).
_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " « ", " // ", " ~ ", " : ")
_BY = re.compile(r"^by\b\s*:?\s*", re.I)
_BY_GLUED = re.compile(r"^[Bb]y(?=[A-Z][a-z])")  # "ByJane Doe": a byline label glued to the name
_EDGE_JUNK = re.compile(r"^[\s\-–—|,;:·•/@]+|[\s\-–—|,;:·•/]+$")
#: A role written after a name: "Jane Doe (Author)", "Jane Doe, Editor".
_ROLE_WORDS = r"(?:author|editor|writer|contributor|photographer|illustrator|translator|reporter|correspondent)s?"
_ROLE = re.compile(rf"\s*(?:\(\s*{_ROLE_WORDS}\s*\)|,\s*{_ROLE_WORDS})$", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
#: A date (and whatever follows it) glued after a name by a byline template: "Jane Doe, May 3, 2016, 2:58 p.m.".
_TRAILING_DATE = re.compile(
    rf"[\s,;|\u2013\u2014-]+(?:on\s+|updated\s+|published\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})\b.*$", re.I)
#: Link labels that a template marks as the author link without naming anyone.
_NOT_A_NAME = frozenset({"about", "about me", "about us", "contact", "profile", "view profile", "bio", "more",
                         "read more", "website", "view the website", "home", "author", "authors", "posts", "staff"})
_URLISH = re.compile(r"^(?:https?:|www\.)|^[\w.-]+\.(?:com|org|net)(?:/|$)", re.I)


def _key(text: str) -> str:
    """Text reduced for comparing names: letters and digits only, accents and case folded."""
    text = unicodedata.normalize("NFKD", text or "").casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _site_names(page: Page, ld: JsonLd, *, with_host: bool) -> set[str]:
    names = {page.meta("og:site_name")}
    for entity in ld.entities:
        kinds = entity.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and k.lower() in ("website", "organization", "newsmediaorganization") for k in kinds):
            names.add(text_of(entity.get("name")))
        publisher = ld.resolve(entity.get("publisher"))
        if isinstance(publisher, dict):
            names.add(text_of(publisher.get("name")))
    if with_host:
        names.update((page.meta("application-name"), page.meta("apple-mobile-web-app-title"),
                      page.meta("twitter:site").lstrip("@")))
        labels = [label for label in host_of(page.url).split(".") if label not in ("www", "m", "amp")]
        if labels:
            names.update((labels[0], "".join(labels[:-1]), ".".join(labels)))
    return {_key(name) for name in names if name and _key(name)}


def _names_site(text: str, sites: set[str], *, loose: bool = False) -> bool:
    """True when ``text`` is one of the site's names; ``loose`` also accepts a close variant ("STAT" for
    statnews.com, "BBC News" for "BBC"), which is safe for a cut-off suffix but not for a whole title."""
    key = _key(text)
    if not key:
        return False
    if key in sites:
        return True
    return loose and any(len(s) >= 3 and (key.startswith(s) or s.startswith(key)) and abs(len(key) - len(s)) <= 6
                         for s in sites)


def strip_site_suffix(title: str, sites: set[str]) -> str:
    """``Headline | Site`` → ``Headline`` when the part after the last separator names the site."""
    for separator in _SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head.strip() and _names_site(tail, sites, loose=True):
            return head.strip()
    return title


def _is_article(page: Page, main: dict | None) -> bool:
    kind = page.meta("og:type").lower()
    return kind.startswith("article") or kind.endswith("article") or (main is not None and rank(main) == 3)


def best_title(page: Page, ld: JsonLd, main: dict | None) -> str:
    """og:title → twitter:title → JSON-LD headline/name → ``<title>`` (site suffix cut) → ``<h1>``.

    On an article page, a candidate that is nothing but the site's name (a CMS that puts the site name in
    og:title) gives way to the next one; on a home page the site's name is the right title.
    """
    suffix_names = _site_names(page, ld, with_host=True)
    candidates = [page.meta("og:title"), page.meta("twitter:title")]
    if main is not None:
        candidates.append(text_of(main.get("headline")) or text_of(main.get("name")))
    if page.title:
        candidates.append(strip_site_suffix(page.title, suffix_names))
    candidates = [c for c in (collapse(c) for c in candidates) if c]
    if not candidates:
        return page.first_h1()
    if len(candidates) > 1 and _is_article(page, main):
        sites = _site_names(page, ld, with_host=False)
        for candidate in candidates:
            if not _names_site(candidate, sites):
                return candidate
    return candidates[0]


def clean_author(name: str) -> str:
    """One author name tidied: "By " and a glued "By" removed, edge punctuation trimmed; '' for a URL or junk."""
    name = collapse(name)
    previous = None
    while name != previous:
        previous = name
        name = _BY.sub("", _BY_GLUED.sub("", name))
        name = _EDGE_JUNK.sub("", _ROLE.sub("", _TRAILING_DATE.sub("", name)))
    if not name or len(name) > 128 or name.casefold() in _NOT_A_NAME or _URLISH.search(name):
        return ""
    if not any(ch.isalpha() for ch in name):
        return ""
    return name


_PARAGRAPH_SCOPES = ("[itemprop~=articleBody] p, article p", "main p, [role=main] p", "p")
_PARAGRAPH_FURNITURE = frozenset({"header", "footer", "nav", "aside", "form", "noscript", "figure", "figcaption",
                                  "blockquote", "li", "td"})
#: A paragraph shorter than this is a caption, a date line or a button label rather than the article's opening.
_MIN_PARAGRAPH = 40
_MAX_DESCRIPTION = 1000


def first_paragraph(page: Page) -> str:
    """The article's first real paragraph (for a page that declares no description), cut at a word near
    1000 characters."""
    for scope in _PARAGRAPH_SCOPES:
        for node in page.tree.css(scope):
            if _in(node, _PARAGRAPH_FURNITURE):
                continue
            text = collapse(node.text(separator=""))
            if len(text) >= _MIN_PARAGRAPH and any(ch.isalpha() for ch in text):
                if len(text) > _MAX_DESCRIPTION:
                    text = text[:_MAX_DESCRIPTION].rsplit(" ", 1)[0] + "…"
                return text
    return ""


def _in(node, tags: frozenset) -> bool:
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html", "article", "main"):
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


#: Meta tags that name an article's author, in the order they are trusted: HTML's own, Open Graph's (when it is
#: a name, not a profile URL), then the Dublin Core, citation and analytics vocabularies many CMSs emit.
_AUTHOR_METAS = ("author", "article:author", "dc.creator", "dcterms.creator", "citation_author", "parsely-author",
                 "sailthru.author", "byl")


#: Byline markup, most explicit first: schema.org microdata, ``rel="author"``, then the class names and author
#: page links CMS templates use for a byline.
_BYLINE_SELECTORS = (
    "[itemprop~=author]",
    "a[rel~=author]",
    "[class*=author-name], [class*=authorName], [class*=author__name], [class*=author-link], "
    "[class*=byline__author], [class*=byline-author], [class*=byline] [class*=name]",
    "a[href*='/author/'], a[href*='/authors/'], a[href*='/author-'], a[href*='author_id=']",
    "[class*=byline], .author, .by-author",
)
#: A byline longer than this (or of more words) is a bio or a sentence, not a name.
_MAX_BYLINE, _MAX_BYLINE_WORDS = 60, 7


def _byline_authors(page: Page) -> list[str]:
    """A name from the page's byline markup (the most explicit kind of markup that yields one wins)."""
    # One pass over the document for all selectors, then ranked: each selector is a full tree walk otherwise.
    candidates = [node for node in page.tree.css(", ".join(_BYLINE_SELECTORS))
                  if node.tag not in ("meta", "link", "body", "html", "article", "main")]
    for level, selector in enumerate(_BYLINE_SELECTORS):
        for node in candidates:
            if not node.css_matches(selector):
                continue
            name = node.css_first("[itemprop~=name]") if level == 0 else None
            if name is not None:
                text = name.attributes.get("content") if name.tag == "meta" else name.text(separator="")
            else:
                text = node.text(separator="")
            text = clean_author(text or "")
            if text and len(text) <= _MAX_BYLINE and len(text.split()) <= _MAX_BYLINE_WORDS:
                return [text]
    return []


def author_names(page: Page, ld: JsonLd, main: dict | None) -> list[str]:
    """JSON-LD author of the main entity → meta author → article:author (a name, not a profile URL) → other
    author vocabularies → byline markup (only once the whole page is read) → twitter:creator."""
    raw: list[str] = []
    if main is not None:
        raw = ld.names(main.get("author")) or ld.names(main.get("creator"))
    if not raw:
        for entity in ld.entities:
            if entity is not main and entity.get("author"):
                raw = ld.names(entity.get("author"))
                if raw:
                    break
    names = [clean_author(n) for n in raw]
    if not any(names):
        names = [next((n for n in map(clean_author, map(page.meta, _AUTHOR_METAS)) if n), "")]
    if not any(names) and page.is_whole:  # the body is read only when the head names no author
        names = _byline_authors(page) or [clean_author(page.meta("twitter:creator"))]
    out: list[str] = []
    for name in names:
        if name and name not in out:
            out.append(name)
    return out
