"""URL helpers shared by derivations, validation, the index and the fetcher: cleaning, brand, slugs.

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


# The userinfo of a URL ("user:secret@" after "scheme://" or a leading "//"): it holds no '/', '?', '#', '@' or
# blank, so an '@' later in a path (medium.com/@name) is never taken for one.
_USERINFO = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.-]*://|(?:^|(?<=[\s'\"(<\[]))//)[^\s/?#@'\"<>\[\]]*@")


def without_credentials(text: str) -> str:
    """``text`` with the ``user:password@`` part removed from every URL in it (for stored fields and messages)."""
    if "@" not in text:
        return text
    return _USERINFO.sub(r"\1", text)


def is_tracking_parameter(name: str) -> bool:
    """True when a query parameter name only serves click tracking."""
    name = unquote(name).strip().lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def clean_url(url: str) -> str:
    """The URL without tracking parameters; every other part, parameter order included, is kept as written."""
    url = (url or "").strip()
    base, hash_sign, fragment = url.partition("#")
    path, question, query = base.partition("?")
    if not question:
        return url
    kept = [part for part in query.split("&") if part and not is_tracking_parameter(part.split("=", 1)[0])]
    cleaned = path + ("?" + "&".join(kept) if kept else "")
    return cleaned + (hash_sign + fragment if hash_sign else "")


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
