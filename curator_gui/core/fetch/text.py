"""The only place for the title rules: source order, the site's names, cutting a site-name suffix, and the
curation's headline.

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
_SEPARATORS = (" | ", " - ", " -- ", " – ", " — ", " :: ", " · ", " • ", " » ", " « ", " // ", " ~ ", " : ")


def _key(text: str) -> str:
    """Text reduced for comparing names: letters and digits only, accents and case folded."""
    text = unicodedata.normalize("NFKD", text or "").casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _site_names(page: Page, ld: JsonLd, *, with_host: bool) -> set[str]:
    """The site's names as :func:`_key` keys: og:site_name, the JSON-LD site, organisation and publisher names,
    and with ``with_host`` also the application name, the twitter:site handle and the host's labels."""
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


def _names_site(text: str, sites: set[str], *, loose: bool = False, sections: set[str] = frozenset()) -> bool:
    """True when ``text`` is one of the site's names; ``loose`` also accepts a close variant ("STAT" for
    statnews.com, "BBC News" for "BBC"), which is safe for a cut-off suffix but not for a whole title, and a
    section of one of the ``sections`` names ("CNN Politics" for "CNN": the name and at most two words)."""
    key = _key(text)
    if not key:
        return False
    if key in sites:
        return True
    if not loose:
        return False
    if any(len(s) >= 3 and (key.startswith(s) or s.startswith(key)) and abs(len(key) - len(s)) <= 6 for s in sites):
        return True
    return len(text.split()) <= 4 and any(len(s) >= 3 and key.startswith(s) for s in sections)


def strip_site_suffix(title: str, sites: set[str], sections: set[str] = frozenset()) -> str:
    """``Headline | Site`` → ``Headline`` when the part after the last separator names the site."""
    for separator in _SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head.strip() and _names_site(tail, sites, loose=True, sections=sections):
            return head.strip()
    return title


def _agrees(candidate: str, reference: str) -> bool:
    """True when a reference title (``<title>``, ``<h1>``) is the candidate, or starts with it (a ``<title>``
    with a suffix no rule knows)."""
    a, b = _key(candidate), _key(reference)
    return bool(a) and bool(b) and (a == b or (len(a) >= 8 and b.startswith(a)))


def _is_article(page: Page, main: dict | None) -> bool:
    kind = page.meta("og:type").lower()
    return kind.startswith("article") or kind.endswith("article") or (main is not None and rank(main) == 3)


def _jsonld_title(page: Page, main: dict | None, page_title: str) -> str:
    """The main entity's ``headline``, unless it disagrees with its ``name`` and the name is what the page's
    ``<title>`` or ``<h1>`` says (pages that put a short description in ``headline``)."""
    if main is None:
        return ""
    headline, name = text_of(main.get("headline")), text_of(main.get("name"))
    if not (headline and name) or _key(headline) == _key(name):
        return headline or name
    for reference in (page_title, None):
        reference = page.first_h1() if reference is None else reference
        headline_agrees, name_agrees = _agrees(headline, reference), _agrees(name, reference)
        if headline_agrees != name_agrees:
            return headline if headline_agrees else name
    return headline


def _without_section_suffix(page: Page, title: str, sites: set[str], sections: set[str],
                            references: list[str]) -> str:
    """og:title or twitter:title without a trailing site-section suffix ("Headline | CNN Politics" for a site
    named "CNN"), when what remains is the page's own headline: the JSON-LD headline or the ``<h1>`` says
    exactly that. A suffix that is the site's own name is the publisher's chosen branding of its title and is
    kept, as other extractors keep it."""
    stripped = strip_site_suffix(title, set(), sections)
    if stripped == title or len(stripped.split()) < 2:
        return title
    tail = title[len(stripped):].strip(" |-–—:·•»«/~")
    if _names_site(tail, sites) or _key(re.sub(r"^the\s+", "", tail, flags=re.I)) in {_short(s) for s in sites}:
        return title
    for reference in references + [None]:
        reference = page.first_h1() if reference is None else reference
        if _key(reference) == _key(stripped):
            return stripped
    return title


def _short(key: str) -> str:
    """A site-name key without a leading "the" or a trailing top-level domain ("bostonglobecom")."""
    key = key[3:] if key.startswith("the") else key
    return re.sub(r"(?:com|org|net|couk|co|io)$", "", key)


def curation_headline(page: Page, ld: JsonLd, main: dict | None, title: str) -> str:
    """``title`` as a curation states it: without a trailing segment that names the site ("Headline | Site",
    "Headline - Site Name", "Headline -- Site"), when what remains is a headline of two words or more and agrees
    with the JSON-LD headline or the ``<h1>`` where the page has them. Curated titles carry no site name (the
    brand is recorded beside them), while extractors report og:title as the page wrote it."""
    stripped = strip_site_suffix(title, _site_names(page, ld, with_host=True), _site_names(page, ld, with_host=False))
    if stripped == title or len(stripped.split()) < 2:
        return title
    references = [r for r in (_jsonld_title(page, main, ""), page.first_h1()) if r]
    if references and not any(_key(reference) == _key(stripped) for reference in references):
        return title
    return stripped


def best_title(page: Page, ld: JsonLd, main: dict | None) -> str:
    """og:title → twitter:title (both without a site-name suffix) → JSON-LD headline or name → Dublin Core
    title → ``<title>`` (site suffix cut) → ``<h1>``.

    On an article page, a candidate that is nothing but the site's name (a CMS that puts the site name in
    og:title) gives way to the next one; on a home page the site's name is the right title.
    """
    suffix_names = _site_names(page, ld, with_host=True)
    sections = _site_names(page, ld, with_host=False)
    page_title = strip_site_suffix(page.title[: 4 * MAX_TITLE], suffix_names, sections)
    ld_title = _jsonld_title(page, main, page_title)
    references = [ld_title] if ld_title else []
    candidates = [_without_section_suffix(page, collapse(page.meta(name)[: 4 * MAX_TITLE]), suffix_names,
                                          sections, references) for name in ("og:title", "twitter:title")]
    candidates += [ld_title, page.meta("dc.title", "dcterms.title"), page_title]
    candidates = [c for c in (collapse(c[: 4 * MAX_TITLE]) for c in candidates) if c]
    if not candidates:
        return page.first_h1()
    if len(candidates) > 1 and _is_article(page, main):
        for candidate in candidates:
            if not _names_site(candidate, sections):
                return candidate
    return candidates[0]
