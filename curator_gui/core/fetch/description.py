"""The only place for the description rules: source order, and the first-paragraph fallback for pages that
declare none.

The fallback takes the article's first real paragraph: inside ``<article>`` or the article body first, then
``<main>``, then anywhere. A paragraph is not real when it is page furniture (header, footer, navigation,
sidebar, form, figure caption, quotation, list item), hidden (``hidden``, ``aria-hidden="true"``, an inline
``display: none`` or ``visibility: hidden``), inside an infobox, a table of contents or a comment section,
or when its text is a byline, a copyright line or geographic coordinates. A paragraph inside a table cell
counts: old and e-mail-style pages lay out their whole article in tables.
"""
from __future__ import annotations

import re

from curator_gui.core.fetch.jsonld import text_of
from curator_gui.core.fetch.limits import MAX_DESCRIPTION, cut_text
from curator_gui.core.fetch.page import Page, ancestors, collapse, node_text, select_within

#: Where the article's text is, most specific first (None: anywhere).
_PARAGRAPH_SCOPES = ("[itemprop~=articleBody], article", "main, [role=main]", None)
_FURNITURE = frozenset({"header", "footer", "nav", "aside", "form", "noscript", "figure", "figcaption",
                        "blockquote", "li", "button", "template"})
#: Boxes beside the article's text: class or id words distinctive wherever they appear ("wiki-infobox",
#: "cookie-notice"), and whole class or id tokens that are box names only when they stand alone ("sidebar", but
#: not "with-sidebar" on a layout wrapper).
_BOX_WORDS = frozenset({"infobox", "navbox", "toc", "byline", "copyright", "breadcrumb", "breadcrumbs", "cookie",
                        "cookies", "disclaimer", "hatnote"})
_BOX_TOKENS = frozenset({"sidebar", "comments", "comment", "comment-list", "comments-list", "comment-section",
                         "comments-section", "comments-area", "caption", "credit", "credits", "newsletter",
                         "metadata", "dateline"})
_CLASS_WORD = re.compile(r"[a-z0-9]+")
#: Text that is a line of page furniture rather than the article's opening.
_BYLINE_LINE = re.compile(r"^(?:(?:posted|written|published|reported)\s+)?by\s+\S", re.I)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|all rights reserved|©\s*\d{4}", re.I)
_COORDINATES = re.compile(r"\d+(?:\.\d+)?\s*°\s*(?:\d+(?:\.\d+)?\s*[′']\s*)?(?:\d+(?:\.\d+)?\s*[″\"]\s*)?[NSEW]\b"
                          r"|^coordinates?\s*:", re.I)
#: A paragraph shorter than this is a caption, a date line or a button label rather than the article's opening.
_MIN_PARAGRAPH = 40
_MAX_PARAGRAPH = 1000


def best_description(page: Page, main: dict | None) -> str:
    """og:description → twitter:description → meta description → JSON-LD description → Dublin Core →
    ``itemprop="description"`` → the first real paragraph (only once the whole page is read)."""
    value = page.meta("og:description", "twitter:description", "description")
    if not value and main is not None:
        value = text_of(main.get("description"))
    if not value:
        value = page.meta("dc.description", "dcterms.description", "dcterms.abstract")
    if not value:
        value = page.itemprops.get("description", "")
    if not value and page.is_whole:
        return first_paragraph(page)
    return cut_text(collapse(value[: 2 * MAX_DESCRIPTION]), MAX_DESCRIPTION)


def first_paragraph(page: Page) -> str:
    """The article's first real paragraph (for a page that declares no description), cut at a word near
    1000 characters."""
    for scope in _PARAGRAPH_SCOPES:
        for node in select_within(page, scope, "p"):
            page.deadline.check()
            text = collapse(node_text(node, _MAX_PARAGRAPH + 200))
            if len(text) < _MIN_PARAGRAPH or not any(ch.isalpha() for ch in text) or _is_furniture_text(text):
                continue
            if _placed_as_furniture(page, node):
                continue
            return cut_text(text, _MAX_PARAGRAPH + 1)
    return ""


def _is_furniture_text(text: str) -> bool:
    return bool(_BYLINE_LINE.match(text) and len(text) < 200 or _COPYRIGHT.search(text[:300])
                or _COORDINATES.search(text[:200]))


def _placed_as_furniture(page: Page, node) -> bool:
    """True when the paragraph sits in page furniture (up to the article or main element), or anywhere inside
    something hidden, an infobox, a table of contents or a comment section."""
    if page.info(node).hidden:
        return True
    in_article = False
    for depth, parent in enumerate(ancestors(node)):
        info = page.info(parent)
        if info.tag in ("body", "html") or depth > 64:
            return False
        if info.tag in ("article", "main"):
            in_article = True
        elif info.tag in _FURNITURE and not in_article:
            return True
        if info.hidden:
            return True
        names = f"{info.classes} {info.id}".lower()
        if _BOX_TOKENS.intersection(names.split()) or _BOX_WORDS.intersection(_CLASS_WORD.findall(names)):
            return True
    return False
