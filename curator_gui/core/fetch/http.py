"""The only module that fetches a web page over HTTP and turns it into a fragment (its bytes go to the extractor).

Safe against hostile or broken servers: only http(s); redirects followed by hand (:mod:`.redirects`: at most 5,
loops named, never from a public address into a private one); the body streamed and capped (reading stops after
``</head>`` once the head holds the metadata, and at 5 MB in any case); one total deadline for everything,
reading the page included (sockets are cut at the deadline: :mod:`.transport`). A page whose head had arrived
when the deadline passed or the connection broke is used and marked partial; otherwise the fetch fails.
Every message is one safe sentence (:mod:`.netmessages`), and credentials in URLs never reach the fragment.
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field

import requests

from curator_gui.core.errors import FetchError
from curator_gui.core.fetch.extract import extract_metadata, link_fields
from curator_gui.core.fetch.netmessages import clean_message, describe_network_error, shown_host, shown_url
from curator_gui.core.fetch.netpolicy import AddressPolicy
from curator_gui.core.fetch.redirects import (ACCEPT, MAX_REDIRECTS, check_status, check_web_url,  # noqa: F401
                                              follow_redirects)
from curator_gui.core.fetch.transport import USER_AGENT, GuardedWork, current_connections
from curator_gui.core.urls import strip_userinfo, without_userinfo

__all__ = ["ACCEPT", "MAX_BYTES", "MAX_REDIRECTS", "USER_AGENT", "FetchResult", "FetchedPage", "check_status",
           "check_web_url", "fetch_metadata", "fetch_page", "fetch_result", "follow_redirects"]

MAX_BYTES = 5 * 1024 * 1024
_CHUNK = 64 * 1024
_SNIFF_BYTES = 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Types that say nothing about the content: the first bytes decide.
_VAGUE_TYPES = ("", "application/octet-stream", "binary/octet-stream", "text/plain", "application/unknown")
#: The worker's own socket timeouts come this long after the deadline: the caller's cut always comes first.
_BACKSTOP = 1.0

#: The head is over: its end tag, or the body's start tag for pages that leave ``</head>`` out.
_HEAD_DONE = re.compile(rb"</head\s*>|<body[\s>/]", re.I)
_HEAD_END = re.compile(rb"</head\s*>", re.I)
#: What a head needs before the rest of the page can be skipped: a title, an image, a description, an author.
_HEAD_NEEDS = (
    re.compile(rb"""(?:og|twitter):title["'\s]""", re.I),
    re.compile(rb"""(?:og|twitter):image["'\s:]""", re.I),
    re.compile(rb"""(?:name|property)\s*=\s*["']?(?:og:|twitter:)?description["'\s>]""", re.I),
    re.compile(rb"""(?:name|property)\s*=\s*["']?(?:author|article:author)["'\s>]|"author"\s*:""", re.I),
)


@dataclass
class FetchedPage:
    """A page as received: its final address (after redirects, without credentials), headers and body.

    ``truncated``: reading stopped early on purpose (the head held everything, or the 5 MB cap). ``partial``:
    the page did not arrive whole (the deadline passed or the connection broke) but its head did; ``note``
    says so in a sentence.
    """

    url: str
    headers: dict[str, str]
    body: bytes
    truncated: bool = False
    partial: bool = False
    note: str = ""


@dataclass
class FetchResult:
    """A fetched page's fragment, and what a person should know about how it was obtained.

    ``final_url`` is the address after redirects (without credentials); ``partial`` is True when the fields
    were read from an incomplete page (its head), and ``notes`` then says why, one sentence each. ``policy`` is
    the address policy this fetch settled on: pass it on to downloads that start from this page (its images).
    """

    fragment: dict
    final_url: str
    partial: bool = False
    notes: list[str] = field(default_factory=list)
    policy: AddressPolicy = field(default_factory=AddressPolicy)


def fetch_result(url: str, *, timeout: float = 20.0) -> FetchResult:
    """Fetch ``url`` and read its front-matter fragment (see :func:`extract_metadata`) within ``timeout`` s.

    Relative links are resolved against the final address after redirects; the ``link`` fields keep the
    address given. No string in the fragment carries URL credentials. Raises :class:`FetchError` (and nothing
    else) with a one-line reason; a timeout says "timed out after N s".
    """
    deadline = time.monotonic() + _check_timeout(timeout)
    try:
        page, policy = _download(url, timeout, cut_after=timeout - min(2.0, timeout * 0.2))
        try:
            fragment = extract_metadata(page.body, page.url, page.headers, deadline=deadline)
        except FetchError as error:
            if time.monotonic() >= deadline:
                raise FetchError(f"timed out after {timeout:g} s while reading the page from {shown_host(page.url)}"
                                 ) from error
            raise
        except Exception as error:  # a fault in reading one page must not escape as anything but FetchError
            raise FetchError(f"could not read the page at {shown_url(url)} ({type(error).__name__}: {error})"
                             ) from error
        fragment.update(link_fields(strip_userinfo(url.strip())))
    except FetchError as error:
        raise _cleaned(error) from error.__cause__
    notes = [clean_message(page.note)] if page.partial and page.note else []
    return FetchResult(without_userinfo(fragment), page.url, page.partial, notes, policy)


def fetch_metadata(url: str, *, timeout: float = 20.0) -> dict:
    """The fragment of :func:`fetch_result` alone (a partial page's fields included). Raises :class:`FetchError`."""
    return fetch_result(url, timeout=timeout).fragment


def fetch_page(url: str, *, timeout: float = 20.0, policy: AddressPolicy | None = None) -> FetchedPage:
    """Download a web page within ``timeout`` seconds in total, connecting only where ``policy`` admits (a new
    policy by default: the first connection decides). Raises :class:`FetchError` with a one-line reason."""
    try:
        return _download(url, _check_timeout(timeout), cut_after=timeout, policy=policy)[0]
    except FetchError as error:
        raise _cleaned(error) from error.__cause__


def _check_timeout(timeout) -> float:
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < 24 * 3600.0:
        raise FetchError(f"the timeout must be a positive number of seconds, not {timeout!r}")
    return float(timeout)


def _cleaned(error: FetchError) -> FetchError:
    """The same error (its type and attributes kept) with a message that is safe to show."""
    error.args = (clean_message(str(error)),)
    return error


# --- the download, and what is left of it at the deadline ----------------------------------------------------

class _Progress:
    """What the worker has received so far, shared with the caller so a cut-off page can still be used."""

    def __init__(self, url: str) -> None:
        self._lock = threading.Lock()
        self.url = url
        self.headers: dict[str, str] | None = None
        self._chunks: list[bytes] = []

    def answer(self, url: str, headers: dict[str, str]) -> None:
        with self._lock:
            self.url, self.headers, self._chunks = url, headers, []

    def add(self, chunk: bytes) -> None:
        with self._lock:
            self._chunks.append(chunk)

    def snapshot(self) -> tuple[str, dict[str, str] | None, bytes]:
        with self._lock:
            return self.url, self.headers, b"".join(self._chunks)


def _download(url: str, timeout: float, cut_after: float,
              policy: AddressPolicy | None = None) -> tuple[FetchedPage, AddressPolicy]:
    url = (url or "").strip()
    check_web_url(url)
    policy = policy or AddressPolicy()
    progress = _Progress(url)
    backstop = time.monotonic() + timeout + _BACKSTOP

    def work() -> FetchedPage:
        try:
            return _fetch(url, progress, backstop)
        except FetchError:
            raise
        except BaseException as error:  # noqa: BLE001 - worded here, never a traceback
            raise FetchError(describe_network_error(error, progress.url)) from error

    # At ``cut_after`` a page whose head has come is cut off and used (the rest of the time is for reading it);
    # without its head the download may go on until the deadline itself, and then fails.
    job = GuardedWork(work, policy)
    try:
        finished = job.wait(cut_after)
        head_came = finished or _head_came(progress)
        if not head_came:
            finished = job.wait(timeout - cut_after)
        if finished:
            return job.result(), policy
    finally:
        job.cut()
    final, headers, body = progress.snapshot()
    host = shown_host(final)
    if headers is None:
        raise FetchError(f"timed out after {timeout:g} s: no complete answer from {host}")
    note = f"only part of the page arrived within {timeout:g} s: its fields were read from what came"
    page = _partial_page(final, headers, body, note) if head_came else None
    if page is not None:
        return page, policy
    raise FetchError(f"timed out after {timeout:g} s: {host} sent {len(body):,} byte{'s' * (len(body) != 1)} of "
                     f"the page, not yet its whole head")


def _head_came(progress: _Progress) -> bool:
    _url, headers, body = progress.snapshot()
    return headers is not None and _head_usable(body)


def _head_usable(data: bytes) -> bool:
    """True when a cut-off page holds its whole head, or at least everything a fragment is made of."""
    return bool(_HEAD_DONE.search(data)) or all(need.search(data) for need in _HEAD_NEEDS)


def _partial_page(url: str, headers: dict[str, str], body: bytes, note: str) -> FetchedPage | None:
    """A page cut off at the deadline or by a broken connection, if enough of it came; None otherwise."""
    if not body.strip() or not _head_usable(body):
        return None
    _sniff(body, _content_kind(headers), url)
    return _page(url, headers, body, partial=True, note=note)


def _page(url: str, headers: dict[str, str], body: bytes, **flags) -> FetchedPage:
    return FetchedPage(url=strip_userinfo(url), headers=headers, body=body[:MAX_BYTES], **flags)


def _content_kind(headers) -> str:
    """The media type of a response, lower case, without parameters ('' when not given)."""
    return next((value for key, value in headers.items() if key.lower() == "content-type"), "").split(";", 1)[
        0].strip().lower()


# --- the request itself (runs in the worker thread) ----------------------------------------------------------

def _fetch(url: str, progress: _Progress, backstop: float) -> FetchedPage:
    def read(response: requests.Response, current: str) -> FetchedPage:
        check_status(response, current)
        return _read(response, current, progress, backstop)

    return follow_redirects(url, read, backstop=backstop, on_hop=lambda current: setattr(progress, "url", current))


def _read(response: requests.Response, url: str, progress: _Progress, backstop: float) -> FetchedPage:
    kind = _content_kind(response.headers)
    if kind and not kind.startswith(_HTML_TYPES) and kind not in _VAGUE_TYPES:
        raise FetchError(_not_html(kind, url))
    headers = dict(response.headers)
    progress.answer(url, headers)
    raw = response.raw
    read = getattr(raw, "read1", None) or raw.read  # read1: whatever has arrived, so </head> is seen at once
    chunks: list[bytes] = []
    size = 0
    truncated = False
    sniffed = False
    head_seen = False
    overlap = b""  # the end of the previous chunk, so a </head> split across two chunks is still found
    while True:
        if time.monotonic() > backstop:  # the caller cuts the connection before this; it only keeps a promise
            raise FetchError("timed out")
        try:
            chunk = read(_CHUNK, decode_content=True)
        except Exception as error:  # noqa: BLE001 - a broken connection after the head still gives a page
            note = f"{describe_network_error(error, url)}: the fields were read from the part that came"
            page = None if current_connections().cancelled else _partial_page(url, headers, b"".join(chunks), note)
            if page is None:
                raise
            return page
        if not chunk:
            break
        chunks.append(chunk)
        progress.add(chunk)
        size += len(chunk)
        if not sniffed and size >= _SNIFF_BYTES:
            sniffed = True
            _sniff(b"".join(chunks), kind, url)
        if size >= MAX_BYTES:
            truncated = True
            break
        if not head_seen and _HEAD_END.search(overlap + chunk):
            head_seen = True
            data = b"".join(chunks)
            head = data[: _HEAD_END.search(data).end()]
            if all(need.search(head) for need in _HEAD_NEEDS):
                truncated = True  # the head has what the fragment needs: the body is not worth waiting for
                break
        overlap = chunk[-16:]
    body = b"".join(chunks)
    if not body:
        raise FetchError(f"{shown_url(url)} answered with an empty page")
    if not sniffed:
        _sniff(body, kind, url)
    return _page(url, headers, body, truncated=truncated)


def _sniff(first: bytes, kind: str, url: str) -> None:
    """Check the first bytes when the declared type is vague or wrong: a PDF says so even as text/html."""
    start = first[:_SNIFF_BYTES].lstrip()
    if start.startswith(b"%PDF-"):
        raise FetchError(_not_html("application/pdf", url))
    if kind in _VAGUE_TYPES:
        lowered = start[:512].lower()
        if not (lowered.startswith((b"<", b"\xef\xbb\xbf<")) or b"<html" in lowered or b"<head" in lowered):
            raise FetchError(f"{shown_url(url)} is not a web page (content type {kind or 'not given'}, and it does "
                             f"not look like HTML)")


def _not_html(kind: str, url: str) -> str:
    shown = shown_url(url)
    if kind == "application/pdf" or kind.endswith("/pdf"):
        return f"{shown} is a PDF document, not a web page"
    for prefix, noun in (("image/", "an image"), ("video/", "a video"), ("audio/", "an audio file"),
                         ("font/", "a font")):
        if kind.startswith(prefix):
            return f"{shown} is {noun} ({kind}), not a web page"
    if kind.endswith(("json", "+json")):
        return f"{shown} is JSON data ({kind}), not a web page"
    return f"{shown} is not a web page (content type {kind})"
