"""The only place that words network failures for a person: one plain sentence each, server text made safe.

Anything a server chose (a reason phrase, a header, a redirect target) and anything quoted from an exception
passes through :func:`clean_message` before it reaches a terminal or the window: control characters are
escaped (an ESC could recolour or rewrite a terminal), credentials are taken out of URLs, and the message is
one line. :func:`describe_network_error` walks the chain of urllib3/requests/http.client/ssl exceptions and
names the innermost cause it knows, so "too many headers" is never reported as "closed the connection".
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from curator_gui.core.errors import FetchError
from curator_gui.core.urls import strip_userinfo

#: Characters that act on a terminal or a label instead of showing: C0 and C1 controls, DEL, and the invisible
#: ones that reorder or break a displayed line (bidirectional overrides, line and paragraph separators).
UNSAFE_CHARACTERS = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}]")
_LIMIT = 400


def printable(text: str) -> str:
    """``text`` with every control character escaped (``\\x1b``, ``\\u202e``): safe for a terminal and a label."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", str(text))


def clean_message(text: str, limit: int = _LIMIT) -> str:
    """One safe line for a person: credentials out of URLs, controls escaped, spaces collapsed, length capped."""
    line = re.sub(r" {2,}", " ", printable(strip_userinfo(str(text)))).strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


def shown_url(url: str) -> str:
    """A URL as messages quote it: without credentials, controls escaped, at most 200 characters."""
    return clean_message(url, 200)


def shown_host(url: str) -> str:
    """The host of a URL as messages name it (the URL itself when it has none)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    return clean_message(host, 200) if host else shown_url(url)


def _chain(error: BaseException) -> list[BaseException]:
    """The error and every exception it wraps (``reason``, exception arguments, causes, contexts), outer first."""
    seen: list[BaseException] = []
    pending = [error]
    while pending and len(seen) < 30:
        current = pending.pop(0)
        if any(current is known for known in seen):
            continue
        seen.append(current)
        inner = [getattr(current, "reason", None), *getattr(current, "args", ()), current.__cause__,
                 current.__context__]
        pending.extend(item for item in inner if isinstance(item, BaseException))
    return seen


def _ssl_reason(error: BaseException) -> str:
    reason = getattr(error, "reason", None)
    if isinstance(reason, str) and reason:
        return reason.replace("_", " ").lower()
    return "the handshake failed"


def describe_network_error(error: BaseException, url: str, timed_out: str = "") -> str:
    """One plain sentence for an exception raised while fetching ``url`` (any requests/urllib3/socket/ssl type).

    ``timed_out`` is the sentence for a timeout (the caller knows the time allowed). The sentence is not yet
    cleaned: pass it through :func:`clean_message` (the fetcher does so for every message it raises).
    """
    import errno
    import http.client
    import socket
    import ssl

    import requests.exceptions as rq  # imported here: clean_message and printable must stay cheap to import
    import urllib3.exceptions as u3

    host = shown_host(url)
    chain = _chain(error)

    def find(*types):
        return next((item for item in chain if isinstance(item, types)), None)

    known = find(FetchError)
    if known is not None:
        return str(known)
    if find(KeyboardInterrupt):
        return "interrupted"
    if find(socket.gaierror, u3.NameResolutionError):
        return f"cannot find the server {host} (its name does not resolve)"
    certificate = find(ssl.SSLCertVerificationError)
    if certificate is not None:
        detail = getattr(certificate, "verify_message", "") or _ssl_reason(certificate)
        return f"the certificate of {host} is not valid ({detail})"
    secure = find(ssl.SSLError, u3.SSLError, rq.SSLError)
    if secure is not None:
        detail = _ssl_reason(find(ssl.SSLError) or secure)
        if "wrong version number" in detail or "record layer" in detail or "http request" in detail:
            return f"{host} did not answer in TLS (is it an http:// address rather than https://?)"
        return f"a secure connection to {host} could not be set up ({detail})"
    if find(u3.ProxyError, rq.ProxyError):
        return f"could not connect to {host} through the proxy"
    too_long = find(http.client.LineTooLong)
    if too_long is not None:
        line = "status line" if "status" in str(too_long) else "header line"
        return f"{host} sent a {line} longer than {http.client._MAXLINE // 1024} KB"
    for item in chain:
        if type(item) is http.client.HTTPException and "headers" in str(item):
            return f"{host} sent more than {http.client._MAXHEADERS} headers"
    if find(http.client.RemoteDisconnected):
        return f"{host} closed the connection without an answer"
    if find(http.client.BadStatusLine, http.client.UnknownProtocol):
        return f"{host} did not answer in HTTP (its status line could not be read)"
    # http.client reads a chunk size with int(line, 16): a ValueError under an IncompleteRead is a bad size line.
    if find(u3.InvalidChunkLength, u3.ResponseNotChunked) or (
            find(http.client.IncompleteRead) and any(type(item) is ValueError for item in chain)):
        return f"{host} sent the page in malformed chunks"
    if find(http.client.IncompleteRead, rq.ChunkedEncodingError):
        return f"the connection to {host} broke before the whole page arrived"
    undecodable = find(u3.DecodeError, rq.ContentDecodingError)
    if undecodable is not None:
        named = re.search(r"content-encoding: ([\w.-]+)", str(undecodable), re.I)
        return (f"the page from {host} is not valid {named[1] if named else 'compressed'} data, although its "
                f"Content-Encoding says so")
    if find(u3.InvalidHeader, u3.HeaderParsingError, rq.InvalidHeader, http.client.HTTPException):
        return f"{host} sent a malformed answer (its headers could not be read)"
    if find(ConnectionRefusedError):
        return f"{host} refused the connection"
    if find(ConnectionResetError, ConnectionAbortedError, BrokenPipeError):
        return f"{host} broke off the connection"
    if find(u3.NewConnectionError) is None and find(TimeoutError, u3.TimeoutError, rq.Timeout):
        return timed_out or f"{host} did not answer in time"
    unreachable = next((item for item in chain if isinstance(item, OSError)
                        and item.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL)), None)
    if unreachable is not None:
        return f"cannot reach {host} ({(unreachable.strerror or 'unreachable').lower()})"
    if find(u3.LocationValueError, rq.InvalidURL, rq.InvalidSchema, rq.MissingSchema, UnicodeError):
        return f"not a valid URL: {shown_url(url)}"
    failure = next((item for item in chain if isinstance(item, OSError) and item.strerror), None)
    if failure is not None:
        return f"could not connect to {host} ({failure.strerror.lower()})"
    if find(u3.NewConnectionError, u3.ProtocolError, rq.ConnectionError):
        return f"the connection to {host} failed"
    return f"could not fetch {shown_url(url)} (unexpected {type(chain[-1]).__name__})"
