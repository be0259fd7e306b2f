"""The only module that touches the network: fetch a page safely, then hand its bytes to the extractor.

Safe against hostile or broken servers: only http(s); redirects followed by hand (at most 5, loops named);
the body streamed and capped (reading stops after ``</head>`` once the head holds the metadata, and at 5 MB in
any case); one total deadline for everything. requests' own timeout is per socket read, so a server sending a
byte a second would never trip it: the request runs in a worker thread, the caller waits at most ``timeout``
seconds, and at the deadline the worker's sockets are shut down so it cannot linger either.
"""
from __future__ import annotations

import http.client
import re
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from curator_gui import __version__
from curator_gui.core.errors import FetchError
from curator_gui.core.fetch.extract import extract_metadata, link_fields

USER_AGENT = f"curator-gui/{__version__} python-requests/{requests.__version__}"
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_LONGEST_TIMEOUT = 24 * 3600.0  # beyond this a "timeout" is a mistake (and threading rejects huge waits)
_SNIFF_BYTES = 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Types that say nothing about the content: the first bytes decide.
_VAGUE_TYPES = ("", "application/octet-stream", "binary/octet-stream", "text/plain", "application/unknown")

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
    """A page as received: its final address (after redirects), response headers and (possibly capped) body."""

    url: str
    headers: dict[str, str]
    body: bytes
    truncated: bool = False


def fetch_metadata(url: str, *, timeout: float = 20.0) -> dict:
    """Fetch ``url`` and return its front-matter fragment (see :func:`extract_metadata`).

    Relative links are resolved against the final address after redirects; the ``link`` fields keep the
    address given. Raises :class:`FetchError` (and nothing else) with a one-line reason.
    """
    page = fetch_page(url, timeout=timeout)
    try:
        fragment = extract_metadata(page.body, page.url, page.headers)
    except Exception as error:  # a fault in reading one page must not escape as anything but FetchError
        raise FetchError(_one_line(f"could not read the page at {url}: {type(error).__name__}: {error}")) from error
    fragment.update(link_fields(url))
    return fragment


def fetch_page(url: str, *, timeout: float = 20.0) -> FetchedPage:
    """Download a web page within ``timeout`` seconds in total. Raises :class:`FetchError` with a one-line reason."""
    url = (url or "").strip()
    check_web_url(url)
    if not isinstance(timeout, (int, float)) or not 0 < timeout < _LONGEST_TIMEOUT:
        raise FetchError(f"the timeout must be a positive number of seconds, not {timeout!r}")
    guard = _Guard()
    outcome: dict = {}

    timed_out = f"no complete answer from {_host(url)} within {timeout:g} s (timed out)"

    def work() -> None:
        _worker.guard = guard
        try:
            outcome["page"] = _fetch(url, time.monotonic() + timeout, timed_out)
        except FetchError as error:
            outcome["error"] = error
        except BaseException as error:  # noqa: BLE001 - turned into a message below, never a traceback
            # Each socket wait is bounded by the time left, so a socket timeout means the deadline has come.
            message = timed_out if isinstance(error, requests.exceptions.Timeout) else _describe(error, url)
            outcome["error"] = FetchError(message)
            outcome["error"].__cause__ = error

    worker = threading.Thread(target=work, name="curator-gui-fetch", daemon=True)
    worker.start()
    try:
        worker.join(timeout)
    finally:
        if worker.is_alive():  # the deadline passed (or the caller was interrupted): cut the connection
            guard.cancel()
            worker.join(1.0)
    if "page" in outcome:
        return outcome["page"]
    if "error" in outcome and not guard.cancelled:
        raise outcome["error"]
    raise FetchError(timed_out)


def check_web_url(url: str) -> None:
    """Refuse, before any I/O, anything but an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise FetchError(f"not a valid URL: {url!r}") from None
    # "example.org:8080/x" parses as scheme "example.org": a host and port without http://, not a scheme.
    if not parts.scheme or url[len(parts.scheme) + 1:][:1].isdigit():
        raise FetchError(f"not an absolute URL (no http:// or https://): {url!r}")
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http and https addresses can be fetched, not {parts.scheme}: URLs")
    if not host:
        raise FetchError(f"the URL has no host name: {url!r}")


# --- the deadline guard --------------------------------------------------------------------------------------

class _Guard:
    """The sockets one fetch opened, so that a passed deadline can shut them and wake a blocked read."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.cancelled = False

    def check(self) -> None:
        if self.cancelled:
            raise FetchError("cancelled")

    def track(self, sock) -> None:
        with self._lock:
            if self.cancelled:
                _shutdown(sock)
                raise FetchError("cancelled")
            self._sockets.append(sock)

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shutdown(sock)


def _shutdown(sock) -> None:
    try:
        # The plain socket method, also for a TLS socket: it only shuts the descriptor, which is what wakes a
        # read blocked in another thread, without touching TLS state that thread is using.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except (OSError, TypeError, ValueError):
        pass


_worker = threading.local()


def _track(sock) -> None:
    guard = getattr(_worker, "guard", None)
    if guard is not None and sock is not None:
        guard.track(sock)


class _TrackedConnect:
    """Registers each new socket with the fetch's guard (and refuses to connect once it was cancelled)."""

    def connect(self) -> None:
        guard = getattr(_worker, "guard", None)
        if guard is not None:
            guard.check()
        super().connect()
        _track(self.sock)


class _TrackedHTTPConnection(_TrackedConnect, HTTPConnection):
    pass


class _TrackedHTTPSConnection(_TrackedConnect, HTTPSConnection):
    pass


class _TrackedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _TrackedHTTPConnection


class _TrackedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _TrackedHTTPSConnection


class _Adapter(HTTPAdapter):
    """requests' adapter with connections the deadline guard can shut (direct connections; through a proxy
    the worker is still abandoned at the deadline and ends at its next socket timeout)."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _TrackedHTTPPool, "https": _TrackedHTTPSPool}


# --- the request itself (runs in the worker thread) ----------------------------------------------------------

def _session() -> requests.Session:
    session = requests.Session()
    adapter = _Adapter(max_retries=0, pool_connections=1, pool_maxsize=1)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"})
    return session


def _fetch(url: str, deadline: float, timed_out: str) -> FetchedPage:
    visited = [url.split("#", 1)[0]]
    with _session() as session:
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError(timed_out)
            response = session.get(current, stream=True, allow_redirects=False, timeout=(remaining, remaining))
            try:
                location = session.get_redirect_target(response)  # Location, with requests' encoding repairs
                if location:
                    target = urljoin(current, location.strip())
                    _check_redirect(current, target, visited)
                    visited.append(target.split("#", 1)[0])
                    current = target
                    continue
                _check_status(response, current)
                return _read(response, current, deadline, timed_out)
            finally:
                response.close()
        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS}) starting at {url}")


def _check_redirect(current: str, target: str, visited: list[str]) -> None:
    try:
        check_web_url(target)
    except FetchError as error:
        raise FetchError(f"{current} redirects to an address that cannot be fetched: {error}") from None
    if target.split("#", 1)[0] in visited:
        raise FetchError(f"redirect loop: {current} redirects back to {target}")


def _check_status(response: requests.Response, url: str) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    reason = response.reason or _reason(status)
    if 300 <= status < 400:
        raise FetchError(f"HTTP {status} {reason} from {url} without a usable Location to follow")
    hint = ""
    if status in (401, 403, 429, 451) or (status == 503 and "cf-ray" in response.headers):
        hint = " (the site may refuse automated clients: a copy saved from a browser can be read instead)"
    raise FetchError(_one_line(f"HTTP {status} {reason} from {url}{hint}"))


def _reason(status: int) -> str:
    try:
        return http.client.responses[status]
    except KeyError:
        return "error"


def _read(response: requests.Response, url: str, deadline: float, timed_out: str) -> FetchedPage:
    content_type = response.headers.get("Content-Type", "")
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind and not kind.startswith(_HTML_TYPES) and kind not in _VAGUE_TYPES:
        raise FetchError(_not_html(kind, url))
    raw = response.raw
    read = getattr(raw, "read1", None) or raw.read  # read1: whatever has arrived, so </head> is seen at once
    chunks: list[bytes] = []
    size = 0
    truncated = False
    sniffed = False
    head_seen = False
    overlap = b""  # the end of the previous chunk, so a </head> split across two chunks is still found
    while True:
        if time.monotonic() > deadline:
            raise FetchError(timed_out)
        chunk = read(_CHUNK, decode_content=True)
        if not chunk:
            break
        chunks.append(chunk)
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
    body = b"".join(chunks)[:MAX_BYTES]
    if not body:
        raise FetchError(f"{url} answered with an empty page")
    if not sniffed:
        _sniff(body, kind, url)
    return FetchedPage(url=url, headers=dict(response.headers), body=body, truncated=truncated)


def _sniff(first: bytes, kind: str, url: str) -> None:
    """Check the first bytes when the declared type is vague or wrong: a PDF says so even as text/html."""
    start = first[:_SNIFF_BYTES].lstrip()
    if start.startswith(b"%PDF-"):
        raise FetchError(_not_html("application/pdf", url))
    if kind in _VAGUE_TYPES:
        lowered = start[:512].lower()
        if not (lowered.startswith((b"<", b"\xef\xbb\xbf<")) or b"<html" in lowered or b"<head" in lowered):
            raise FetchError(f"{url} is not a web page (content type {kind or 'not given'}, and it does not look "
                             f"like HTML)")


def _not_html(kind: str, url: str) -> str:
    if kind == "application/pdf" or kind.endswith("/pdf"):
        return f"{url} is a PDF document, not a web page"
    for prefix, noun in (("image/", "an image"), ("video/", "a video"), ("audio/", "an audio file"),
                         ("font/", "a font")):
        if kind.startswith(prefix):
            return f"{url} is {noun} ({kind}), not a web page"
    if kind.endswith(("json", "+json")):
        return f"{url} is JSON data ({kind}), not a web page"
    return f"{url} is not a web page (content type {kind})"


# --- messages ------------------------------------------------------------------------------------------------

def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def _one_line(message: str, limit: int = 400) -> str:
    message = " ".join(str(message).split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _describe(error: BaseException, url: str) -> str:
    """A person's reading of a network or protocol exception (no class paths, no traceback)."""
    host = _host(url)
    text = str(error)
    if isinstance(error, requests.exceptions.SSLError):
        detail = "certificate verify failed" if "CERTIFICATE_VERIFY_FAILED" in text else "TLS handshake failed"
        return f"secure connection to {host} failed ({detail})"
    if isinstance(error, requests.exceptions.ContentDecodingError):
        return f"the page from {host} is not valid gzip/deflate data as its Content-Encoding says"
    if isinstance(error, (requests.exceptions.ChunkedEncodingError, http.client.IncompleteRead)):
        return f"the connection to {host} broke while the page was being read"
    if isinstance(error, requests.exceptions.ConnectionError):
        lowered = text.lower()
        if any(sign in lowered for sign in ("name or service not known", "nodename nor servname", "failed to resolve",
                                            "name resolution", "getaddrinfo failed", "no address associated")):
            return f"cannot find the server {host} (DNS lookup failed)"
        if "refused" in lowered:
            return f"{host} refused the connection"
        if "reset" in lowered or "aborted" in lowered or "remote end closed" in lowered:
            return f"{host} closed the connection without an answer"
        return _one_line(f"could not connect to {host}")
    if isinstance(error, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                          requests.exceptions.MissingSchema, ValueError)):
        return _one_line(f"not a valid URL: {url} ({text})")
    if isinstance(error, KeyboardInterrupt):
        return "interrupted"
    return _one_line(f"could not fetch {url}: {type(error).__name__}: {text}")
