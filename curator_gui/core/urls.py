"""URL helpers shared by derivations, validation, the index and the fetcher: cleaning, credentials, brand,
slugs, and the one normalisation that decides whether two curations have the same source
(:func:`duplicate_key`).

Cleaning works on the raw query string rather than through ``urllib.parse.parse_qsl``/``urlencode`` so that
every kept parameter keeps its exact spelling and percent-encoding: a curation's clean URL must differ from
the original only by the parameters that were removed.
"""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

#: Query parameters that only track a click; removed by name (``utm_`` by prefix), case-insensitively.
TRACKING_PARAMETERS = frozenset({"mkt_tok", "ec", "fbclid", "gclid"})
TRACKING_PREFIXES = ("utm_",)


def is_tracking_parameter(name: str) -> bool:
    """True when a query parameter name only serves click tracking."""
    name = unquote(name).strip().lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def _with_query_parts(url: str, keep) -> str:
    """``url`` (trimmed) with its query parameters passed through ``keep(parts) -> kept parts``; every other part
    of the URL is kept as written."""
    url = (url or "").strip()
    base, hash_sign, fragment = url.partition("#")
    path, question, query = base.partition("?")
    if not question:
        return url
    kept = keep(query.split("&"))
    return path + ("?" + "&".join(kept) if kept else "") + (hash_sign + fragment if hash_sign else "")


def clean_url(url: str) -> str:
    """The URL without tracking parameters; every other part, parameter order included, is kept as written."""
    return _with_query_parts(url, lambda parts: [part for part in parts if part and not is_tracking_parameter(
        part.split("=", 1)[0])])


# The user:password@ part of a URL written anywhere in a text: after a scheme, or after a scheme-relative // at
# the start of the text or of a quoted or spaced word; up to the last @ before the host ends, so an '@' later in
# a path (medium.com/@name) is never taken for one.
_USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.\-]*://|(?:^|(?<=[\s'\"(<\[]))//)[^\s/?#'\"<>\[\]]*@")


def strip_userinfo(text: str) -> str:
    """``text`` with the credentials (``user:password@``) taken out of every URL in it; nothing else changes.

    Works on one URL (``https://u:p@host/x`` → ``https://host/x``, ``//u@host/x`` → ``//host/x``) and on a
    message that quotes URLs, so that a password typed into an address never reaches a file or a screen.
    """
    if not text or "@" not in text:
        return text
    return _USERINFO.sub(lambda match: match.group(1), text)


def without_userinfo(value):
    """``value`` (nested dicts, lists, texts) with :func:`strip_userinfo` applied to every text: the same object
    when nothing changed, else a copy. A curation is published, so credentials must never reach one."""
    if isinstance(value, str):
        return strip_userinfo(value)
    if isinstance(value, dict):
        cleaned = {key: without_userinfo(item) for key, item in value.items()}
        return value if all(cleaned[key] is value[key] for key in value) else cleaned
    if isinstance(value, list):
        items = [without_userinfo(item) for item in value]
        return value if all(a is b for a, b in zip(items, value)) else items
    return value


def is_clean_of(clean: str, original: str) -> bool:
    """True when ``clean`` is an acceptable clean URL for ``original``.

    Whitespace around either is left to its own rule, and an empty query (``…/page?``, what the old capture
    tool left after dropping every parameter) counts as none. The old tool also cut the URL at an ``ec`` or
    ``mkt_tok`` parameter, dropping whatever followed it; that spelling is accepted too.
    """
    clean = _without_empty_query(clean.strip())
    return clean in (_without_empty_query(clean_url(original)), _without_empty_query(_old_tool_clean(original)))


def _without_empty_query(url: str) -> str:
    base, hash_sign, fragment = url.partition("#")
    return base.rstrip("?") + hash_sign + fragment


def _old_tool_clean(url: str) -> str:
    """What the old capture tool made of a URL: ``utm_*`` dropped, everything from ``ec``/``mkt_tok`` on cut."""
    def keep(parts: list[str]) -> list[str]:
        kept = []
        for part in parts:
            name = unquote(part.split("=", 1)[0]).strip().lower()
            if name in ("ec", "mkt_tok"):
                break
            if part and not name.startswith(TRACKING_PREFIXES):
                kept.append(part)
        return kept

    return _with_query_parts(url, keep)


_DEFAULT_PORTS = {"http": 80, "https": 443}
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")


def duplicate_key(url: str) -> str:
    """The source URL reduced to what identifies the article, for finding two curations of one page.

    Tracking parameters, the scheme (http and https alike), a leading ``www.``, the host's case and a trailing
    dot, a default port, the ``#fragment`` and a trailing slash do not count; neither does the case of
    percent-escapes. Every other parameter is kept, in order: ``?id=1`` and ``?id=2`` are different pages.
    Text that is not a web address is kept as written (trimmed); '' stays ''.
    """
    url = clean_url(url or "")
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not host:
        return url
    if host.startswith("www."):
        host = host[4:]
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = _PERCENT.sub(lambda m: m.group(0).upper(), parts.path).rstrip("/")
    query = "&".join(p for p in parts.query.split("&") if p)
    query = _PERCENT.sub(lambda m: m.group(0).upper(), query)
    return host + path + ("?" + query if query else "")


def host_of(url: str) -> str:
    """The lower-case host name of a URL ('' when it has none)."""
    try:
        return (urlsplit((url or "").strip()).hostname or "").rstrip(".")
    except ValueError:
        return ""


def brand_of(url: str) -> str:
    """A source's brand as curations record it: the host without a leading ``www.``."""
    host = host_of(url)
    return host[4:] if host.startswith("www.") else host


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


#: A host name with at least one dot (or localhost), an optional port, then a path, query or nothing.
_BARE_HOST = re.compile(r"(?i)^(?:localhost|[a-z0-9\-\u00a1-\uffff]+(?:\.[a-z0-9\-\u00a1-\uffff]+)+)"
                        r"(?::\d+)?(?:[/?#]\S*)?$")


def with_web_scheme(text: str) -> str:
    """``text`` made a web address where it plainly is one without its scheme: ``example.org/a`` and
    ``//example.org/a`` get ``https://`` in front; anything else (a scheme given, spaces, no host) is returned
    stripped but otherwise as it is, for :func:`is_web_url` to judge."""
    text = (text or "").strip()
    if text.startswith("//"):
        return "https:" + text if _BARE_HOST.match(text[2:]) else text
    if "://" in text or not _BARE_HOST.match(text):
        return text
    return "https://" + text


def same_page(a: str, b: str) -> bool:
    """True when two addresses name the same page: equal clean URLs, apart from http/https, a leading ``www.``,
    the letter case of the host, credentials, a trailing slash and a ``#`` fragment."""
    key = _page_key(a)
    return bool(key) and key == _page_key(b)


def _page_key(url: str) -> str:
    try:
        parts = urlsplit(clean_url(strip_userinfo((url or "").strip())))
    except ValueError:
        return ""
    host = parts.netloc.lower().rstrip(".")
    host = host[4:] if host.startswith("www.") else host
    return f"{host}{parts.path.rstrip('/')}?{parts.query}" if host else ""


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower case, accents folded, each run of characters outside ``[a-z0-9]`` turned into one ``-``, trimmed."""
    folded = unicodedata.normalize("NFKD", text or "")
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _NON_SLUG.sub("-", folded.lower()).strip("-")


def brand_without_suffix(brand: str) -> str:
    """The brand without its public suffix (``journals.lww.com`` → ``journals.lww``), as curation slugs use it."""
    brand = (brand or "").lower()
    if not brand:
        return ""
    from publicsuffixlist import PublicSuffixList  # imported here: only slug creation needs the suffix list

    suffix = _psl(PublicSuffixList).publicsuffix(brand) or ""
    if suffix and brand != suffix and brand.endswith("." + suffix):
        return brand[: -len(suffix) - 1]
    return brand


_PSL = None


def _psl(factory):
    global _PSL
    if _PSL is None:
        _PSL = factory()
    return _PSL
