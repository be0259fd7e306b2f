"""The only place that chooses a page's featured image and favicon, and tells a real image from a tracking pixel.

Sources are tried in order (og:image variants, twitter:image, JSON-LD, ``link rel=image_src``, then a prominent
``<img>`` in the body) and the first usable one wins. Unusable: not an http(s) URL once resolved, or declared
1-2 pixels wide or high, or named like a beacon (``pixel.gif``, ``spacer.gif``, ``1x1``...).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from curator_gui.core.fetch.jsonld import JsonLd
from curator_gui.core.fetch.limits import MAX_CANDIDATES, MAX_URL
from curator_gui.core.fetch.page import Page, ancestors, select_within

_PIXEL_NAME = re.compile(
    r"(?:^|[/_.\-=])(?:pixel|spacer|blank|transparent|clear|1x1|beacon|tracking|tracker)(?:[_.\-]?\d*)?"
    r"\.(?:gif|png|jpe?g|webp|svg)(?:$|[?#])|[?&/](?:1x1|pixel)(?:$|[/?&.])",
    re.I,
)
_NUMBER = re.compile(r"\d+")
#: A video or audio file given where an image belongs (an og:image pointing at the page's clip).
_MEDIA_PATH = re.compile(r"\.(?:mp4|m4v|webm|mov|m3u8|mpd|mp3|ogg|ogv|wav)$", re.I)
#: Paths that are certainly not a picture to show: video and audio files, scripts, documents.
_NOT_PICTURE = re.compile(r"\.(?:mp4|m4v|webm|mov|m3u8|mpd|mp3|ogg|ogv|wav|svg|js|css|html?|php|pdf)$", re.I)


def is_pixel(url: str, width: str | None = None, height: str | None = None) -> bool:
    """True for a tracking pixel or spacer: declared 2 px or less in either dimension, or named like one."""
    for size in (width, height):
        match = _NUMBER.match((size or "").strip())
        if match and int(match.group()) <= 2:
            return True
    return bool(_PIXEL_NAME.search(url))


def _usable(page: Page, href: str | None, width: str | None = None, height: str | None = None) -> str:
    if href and len(href) > MAX_URL:
        return ""
    url = page.absolute(href)
    if not url or is_pixel(url, width, height) or _MEDIA_PATH.search(urlsplit(url).path):
        return ""
    return url


def best_image(page: Page, ld: JsonLd, main: dict | None) -> str:
    """The absolute URL of the page's featured image, or '' when it has none worth showing."""
    width = page.meta("og:image:width")
    height = page.meta("og:image:height")
    for name in ("og:image:secure_url", "og:image:url", "og:image"):
        url = _usable(page, page.meta(name), width, height)
        if url:
            return url
    for name in ("twitter:image:src", "twitter:image", "twitter:image0"):
        url = _usable(page, page.meta(name))
        if url:
            return url
    url = _usable(page, page.itemprops.get("image"))
    if url:
        return url
    entities = [main] if main is not None else []
    entities += [e for e in ld.entities if e is not main]
    for entity in entities:
        for key in ("image", "thumbnailUrl"):
            for candidate in ld.image_urls(entity.get(key)):  # the first usable of a list
                url = _usable(page, candidate)
                if url:
                    return url
    for link in page.links:
        if "image_src" in link.rel:
            url = _usable(page, link.href)
            if url:
                return url
    for node in page.tree.css("video[poster]")[:MAX_CANDIDATES]:
        url = _usable(page, node.attributes.get("poster"))
        if url:
            return url
    return _prominent_img(page)


#: Where a page's own pictures are, most specific first; the last pass takes any picture that passes the checks.
_IMG_SCOPES = ("article", "main, [role=main], [itemprop=articleBody]", None)
#: Page furniture: an ``<img>`` inside these is a logo, a badge or a button, not the page's picture.
_FURNITURE = frozenset({"header", "footer", "nav", "aside", "noscript", "form", "button"})
#: File names of furniture and placeholders, as whole words ("silicon-valley.jpg" is not an icon).
_FURNITURE_NAME = re.compile(
    r"(?<![a-z])(?:logo|icon|favicon|sprite|avatar|badge|qr-?code|loading|loader|spinner|placeholder|toolbar|"
    r"button|arrow|emoji|separator|divider|rating|stars?)s?(?:v?\d+)?(?![a-z])", re.I)
_RASTER_PATH = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|bmp)$", re.I)


def _prominent_img(page: Page) -> str:
    """The first real picture of the article (``<article>``, then ``<main>``), else of the page outside its
    header, footer, navigation and sidebars, else anywhere.

    Real: a raster image file (by extension, or declared at least 100 px wide for CDN URLs without one), not
    declared smaller than 50 px, not hidden from assistive technology, not named like furniture (logo, icon,
    sprite, spinner...), and never a pixel or an inline data URI.
    """
    for scope, skip_furniture in ((_IMG_SCOPES[0], False), (_IMG_SCOPES[1], False), (_IMG_SCOPES[2], True),
                                  (_IMG_SCOPES[2], False)):
        for node in select_within(page, scope, "img"):
            page.deadline.check()
            url = _picture(page, node)
            if url and not (skip_furniture and _in_furniture(node)):
                return url
    return ""


def _picture(page: Page, node) -> str:
    attrs = node.attributes
    if (attrs.get("aria-hidden") or "").lower() == "true" or (attrs.get("role") or "").lower() == "presentation":
        return ""
    width, height = attrs.get("width"), attrs.get("height")
    if _below(width, 50) or _below(height, 50):
        return ""
    src = attrs.get("src") or ""
    if not src or src.startswith("data:"):
        src = attrs.get("data-src") or attrs.get("data-lazy-src") or attrs.get("data-original") or ""
    url = _usable(page, src, width, height)
    if not url:
        return ""
    path = urlsplit(url).path
    if _FURNITURE_NAME.search(path.rsplit("/", 1)[-1]):
        return ""
    if _RASTER_PATH.search(path) or (not _NOT_PICTURE.search(path) and not _below(width, 100) and width):
        return url
    return ""


def _below(size: str | None, pixels: int) -> bool:
    """True when a declared size (``width="32"``) is under ``pixels``; a missing or relative size is not."""
    match = _NUMBER.match((size or "").strip())
    return bool(match) and not (size or "").strip().endswith("%") and int(match.group()) < pixels


def _in_furniture(node) -> bool:
    for parent in ancestors(node):
        if parent.tag in ("body", "html"):
            return False
        if parent.tag in _FURNITURE:
            return True
    return False


def _icon_rank(rel: tuple[str, ...]) -> int:
    if "icon" in rel and "shortcut" in rel:
        return 0
    if "icon" in rel:
        return 1
    if "apple-touch-icon" in rel or "apple-touch-icon-precomposed" in rel:
        return 2
    if "mask-icon" in rel:
        return 3
    return 9


def favicon(page: Page) -> str:
    """The absolute URL of the page's icon: ``rel="shortcut icon"``, ``icon``, apple-touch-icon, else /favicon.ico."""
    ranked = sorted((_icon_rank(link.rel), index, link) for index, link in enumerate(page.links))
    for level, _index, link in ranked:
        if level == 9:
            break
        url = page.absolute(link.href) if len(link.href) <= MAX_URL else ""
        if url:
            return url
    return page.absolute("/favicon.ico") or page.url
