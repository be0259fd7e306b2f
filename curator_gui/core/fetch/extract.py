"""The only place that turns a page into a front-matter fragment: the order in which each field's sources win.

Pure: bytes and an address in, a plain dict out, no I/O (but :func:`metadata_from_file`). The fragment uses the
curation schema's keys and shapes (see FORMAT.md), so it can be merged into a document as it is, plus one key
outside the schema, ``byline``: who the page says wrote it, shown for information and never written into a
curation (a curation's ``author`` is its curator). Title rules live in :mod:`.text`, descriptions in
:mod:`.description`, bylines in :mod:`.byline`, image choice in :mod:`.images`, tag parsing in :mod:`.page`,
bounds and the deadline in :mod:`.limits`.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from curator_gui.core.errors import FetchError
from curator_gui.core.fetch.byline import byline_names
from curator_gui.core.fetch.charset import decode_html
from curator_gui.core.fetch.description import best_description
from curator_gui.core.fetch.images import best_image, favicon
from curator_gui.core.fetch.jsonld import JsonLd
from curator_gui.core.fetch.limits import MAX_MAP_CHARS, MAX_MAP_TAGS, MAX_MAP_VALUE, MAX_TITLE, Deadline, cut_text
from curator_gui.core.fetch.page import Page, parse_page, whole_page
from curator_gui.core.fetch.text import best_title, curation_headline
from curator_gui.core.urls import brand_of, clean_url

#: The largest page read (as downloaded, and from a file): the same cap as the network side's.
MAX_PAGE_BYTES = 5 * 1024 * 1024


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


class _CappedMap(dict):
    """A tag map that keeps at most :data:`MAX_MAP_TAGS` tags and :data:`MAX_MAP_CHARS` characters of values,
    and leaves out any value longer than :data:`MAX_MAP_VALUE` (embedded configuration, not metadata)."""

    chars = 0

    def offer(self, key: str, value: str) -> None:
        if key in self or len(self) >= MAX_MAP_TAGS or len(value) > MAX_MAP_VALUE:
            return
        if self.chars + len(key) + len(value) > MAX_MAP_CHARS:
            return
        self.chars += len(key) + len(value)
        self[key] = value


def meta_maps(page: Page) -> tuple[dict, dict, dict]:
    """``openGraphMetaData``, ``twitterMetaData`` and ``htmlMetaData``: every tag once, the first one winning,
    within the caps of :class:`_CappedMap` (so a hostile page cannot make a curation huge).

    Keys are the tag's name with ``:`` removed (``og:image:height`` → ``ogimageheight``); og and twitter keys are
    lower-cased (their names are lower case by definition), other keys keep the page's spelling (``DC.Title``).
    """
    open_graph, twitter, html = _CappedMap(), _CappedMap(), _CappedMap()
    for key, value in page.metas:
        html.offer(key.replace(":", ""), value)
        if key[:3].lower() == "og:":
            open_graph.offer(key.lower().replace(":", ""), value)
        elif key[:8].lower() == "twitter:":
            twitter.offer(key.lower().replace(":", ""), value)
    return dict(open_graph), dict(twitter), dict(html)


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


def _needs_body(fragment: dict, page: Page) -> bool:
    """True when a field is still missing and the body, not parsed yet, may hold its tags."""
    if page.is_whole:
        return False
    if not all(key in fragment for key in ("title", "description", "featuredImage", "byline")):
        return True
    return not any("icon" in " ".join(link.rel) for link in page.links)


def metadata_from_page(page: Page, *, deadline: float | None = None) -> dict:
    """The fragment for a parsed page (``page.url`` is its address), reading the body's tags when needed.

    Raises :class:`FetchError` when ``deadline`` (a ``time.monotonic()`` instant; by default the one the page
    was parsed with) passes.
    """
    if deadline is not None:
        page.deadline = Deadline(deadline)
    ld = JsonLd(page.jsonld_blocks(), page.deadline)  # cut from the raw text: the same for head and whole page
    fragment = _fragment(page, ld)
    if _needs_body(fragment, page):
        fragment = _fragment(whole_page(page), ld)
    return fragment


def _fragment(page: Page, ld: JsonLd) -> dict:
    main = ld.main_entity()
    fragment: dict = {}
    title = cut_text(best_title(page, ld, main), MAX_TITLE)
    headline = curation_headline(page, ld, main, title) if title else ""
    if title:
        fragment["title"] = title
    if headline != title:
        fragment["headline"] = headline  # the title a curation gets (see text.curation_headline)
    description = best_description(page, main)
    if description:
        fragment["description"] = description
    names = byline_names(page, ld, main)
    if names:
        fragment["byline"] = names
    image = best_image(page, ld, main)
    if image:
        fragment["featuredImage"] = {"href": image, "alt": headline or title}
    fragment["favIconImage"] = {"href": favicon(page)}
    fragment.update(link_fields(page.url))
    open_graph, twitter, html = meta_maps(page)
    fragment["openGraphMetaData"] = open_graph
    fragment["twitterMetaData"] = twitter
    fragment["htmlMetaData"] = html
    page.deadline.check()
    return fragment


def extract_metadata(html: bytes, url: str, headers: Mapping[str, str] | None = None, *,
                     deadline: float | None = None) -> dict:
    """A front-matter fragment for a page, without any I/O.

    ``html`` is the page as received (bytes; the charset is worked out here), ``url`` its address: the base for
    relative links and the source of the ``link`` fields. ``headers`` are the HTTP response headers, if any
    (only Content-Type's charset is used); only the first :data:`MAX_PAGE_BYTES` are read, as a download
    stops there. ``deadline`` is a ``time.monotonic()`` instant: reading the page
    past it raises :class:`FetchError` ("timed out after N s while reading the page"). Time and memory are
    linear in the page's size whatever it holds (see :mod:`.limits`).

    Keys with nothing found (``title``, ``description``, ``byline``, ``featuredImage``) are left out;
    ``favIconImage``, the link fields and the three tag maps are always there. ``byline`` (a list of names)
    is not a curation field: it says who the page names as its writer, for information only.
    """
    limit = Deadline(deadline)
    limit.check()
    if isinstance(html, str):
        text = html[:MAX_PAGE_BYTES]
    else:  # a longer page is read up to the cap, as a download stops there
        text, _codec = decode_html(bytes(html[:MAX_PAGE_BYTES]), _header(headers, "content-type"))
    return metadata_from_page(parse_page(text, url, limit))


#: Largest saved page read (pages saved with their images inlined are larger than a fetched page); only its
#: first :data:`MAX_PAGE_BYTES` are read for metadata, as for a download.
_MAX_SAVED_PAGE_BYTES = 32 * 1024 * 1024


def metadata_from_file(path: str | Path, url: str, *, deadline: float | None = None) -> dict:
    """The fragment for a page saved from a browser (``url`` is the page's address); FetchError if the path is
    not a readable regular file of at most 32 MB."""
    from curator_gui.core.files import read_regular_file

    try:
        data, _stat = read_regular_file(path, _MAX_SAVED_PAGE_BYTES)
    except OSError as error:
        raise FetchError(f"cannot read {path}: {error.strerror or error}") from None
    return extract_metadata(data, url, deadline=deadline)
