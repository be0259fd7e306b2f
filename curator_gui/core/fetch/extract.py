"""The only place that turns a page into a front-matter fragment: the order in which each field's sources win.

Pure: bytes and an address in, a plain dict out, no I/O. The fragment uses the curation schema's keys and
shapes (see FORMAT.md), so it can be printed as YAML or merged into a document as it is. Text cleaning rules
live in :mod:`.text`, image choice in :mod:`.images`, tag parsing in :mod:`.page`.
"""
from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

from curator_gui.core.errors import FetchError
from curator_gui.core.fetch.charset import decode_html
from curator_gui.core.fetch.images import best_image, favicon
from curator_gui.core.fetch.jsonld import JsonLd, text_of
from curator_gui.core.fetch.page import Page, collapse, parse_page, whole_page
from curator_gui.core.fetch.text import author_names, best_title, first_paragraph
from curator_gui.core.urls import brand_of, clean_url


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def meta_maps(page: Page) -> tuple[dict, dict, dict]:
    """``openGraphMetaData``, ``twitterMetaData`` and ``htmlMetaData``: every tag once, the first one winning.

    Keys are the tag's name with ``:`` removed (``og:image:height`` → ``ogimageheight``); og and twitter keys are
    lower-cased (their names are lower case by definition), other keys keep the page's spelling (``DC.Title``).
    """
    open_graph: dict[str, str] = {}
    twitter: dict[str, str] = {}
    html: dict[str, str] = {}
    for key, value in page.metas:
        html.setdefault(key.replace(":", ""), value)
        lower = key.lower()
        if lower.startswith("og:"):
            open_graph.setdefault(lower.replace(":", ""), value)
        elif lower.startswith("twitter:"):
            twitter.setdefault(lower.replace(":", ""), value)
    return open_graph, twitter, html


def link_fields(url: str) -> dict:
    """The fragment's address fields: ``link``, ``href``, ``original`` and ``openProjectCustomFields``."""
    original = (url or "").strip()
    clean = clean_url(original)
    return {
        "link": {"original": original, "href": clean, "brand": brand_of(clean)},
        "href": clean,
        "original": original,
        "openProjectCustomFields": {"sourceUrl": original, "cleanUrl": clean},
    }


def _description(page: Page, main: dict | None) -> str:
    value = page.meta("og:description", "twitter:description", "description")
    if not value and main is not None:
        value = text_of(main.get("description"))
    if not value:
        value = page.itemprops.get("description", "")
    if not value and page.is_whole:
        return first_paragraph(page)
    return collapse(value)


def _needs_body(fragment: dict, page: Page) -> bool:
    """True when a field is still missing and the body, not parsed yet, may hold its tags."""
    if page.is_whole:
        return False
    if not all(key in fragment for key in ("title", "description", "featuredImage", "author")):
        return True
    return not any("icon" in " ".join(link.rel) for link in page.links)


def metadata_from_page(page: Page) -> dict:
    """The fragment for a parsed page (``page.url`` is its address), reading the body's tags when needed."""
    ld = JsonLd(page.jsonld_blocks())  # cut from the raw text, so the same for the head and the whole page
    fragment = _fragment(page, ld)
    if _needs_body(fragment, page):
        fragment = _fragment(whole_page(page), ld)
    return fragment


def _fragment(page: Page, ld: JsonLd) -> dict:
    main = ld.main_entity()
    open_graph, twitter, html = meta_maps(page)
    fragment: dict = {}
    title = best_title(page, ld, main)
    if title:
        fragment["title"] = title
    description = _description(page, main)
    if description:
        fragment["description"] = description
    authors = author_names(page, ld, main)
    if authors:
        fragment["author"] = authors
    image = best_image(page, ld, main)
    if image:
        fragment["featuredImage"] = {"href": image, "alt": title}
    fragment["favIconImage"] = {"href": favicon(page)}
    fragment.update(link_fields(page.url))
    fragment["openGraphMetaData"] = open_graph
    fragment["twitterMetaData"] = twitter
    fragment["htmlMetaData"] = html
    return fragment


def _check_deadline(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise FetchError("reading the page took longer than the time allowed")


def extract_metadata(html: bytes, url: str, headers: Mapping[str, str] | None = None, *,
                     deadline: float | None = None) -> dict:
    """A front-matter fragment for a page, without any I/O.

    ``html`` is the page as received (bytes; the charset is worked out here), ``url`` its address: the base for
    relative links and the source of the ``link`` fields. ``headers`` are the HTTP response headers, if any
    (only Content-Type's charset is used). Keys with nothing found (``title``, ``description``, ``author``,
    ``featuredImage``) are left out; ``favIconImage``, the link fields and the three tag maps are always there.
    ``deadline`` (a ``time.monotonic()`` value) bounds the work: past it, :class:`FetchError` is raised.
    """
    _check_deadline(deadline)
    if isinstance(html, str):
        text = html
    else:
        text, _codec = decode_html(bytes(html), _header(headers, "content-type"))
    _check_deadline(deadline)
    fragment = metadata_from_page(parse_page(text, url))
    _check_deadline(deadline)
    return fragment


#: Largest saved page read (pages saved with their images inlined are larger than a fetched page).
_MAX_SAVED_PAGE_BYTES = 32 * 1024 * 1024


def metadata_from_file(path: str | Path, url: str) -> dict:
    """The fragment for a page saved from a browser (``url`` is the page's address); FetchError if unreadable."""
    from curator_gui.core.files import read_regular_file

    try:
        data, _stat = read_regular_file(path, limit=_MAX_SAVED_PAGE_BYTES)  # never a FIFO or /dev/zero
    except OSError as error:
        raise FetchError(f"cannot read {path}: {error.strerror or error}") from None
    return extract_metadata(data, url)
