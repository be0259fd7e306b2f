"""The only place for the title rules: source order, the site's names, and cutting a site-name suffix.

General rules, no site names: a ``<title>`` loses a `` | Site`` suffix when the suffix is the site's own name; a
title that is nothing but the site's name gives way to a better source on an article.
"""
from __future__ import annotations

import re
import unicodedata

from curator_gui.core.fetch.jsonld import JsonLd, rank, text_of
from curator_gui.core.fetch.limits import MAX_TITLE
from curator_gui.core.fetch.page import Page, collapse
from curator_gui.core.urls import host_of

#: Separators sites put between a headline and their name, tried in this order (the last occurrence splits).
_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " « ", " // ", " ~ ", " : ")


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
    candidates = [c for c in (collapse(c[: 4 * MAX_TITLE]) for c in candidates) if c]
    if not candidates:
        return page.first_h1()
    if len(candidates) > 1 and _is_article(page, main):
        sites = _site_names(page, ld, with_host=False)
        for candidate in candidates:
            if not _names_site(candidate, sites):
                return candidate
    return candidates[0]
