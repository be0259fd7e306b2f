"""Asking for an address and following its redirects by hand, the one way every download starts (pages and
images alike): only absolute http(s) addresses, at most :data:`MAX_REDIRECTS` hops, loops named, never from a
public address into a private one (:mod:`.netpolicy`), and an answer that is not a success named with its status.
"""
from __future__ import annotations

import http.client
import time
from typing import Callable, TypeVar
from urllib.parse import urljoin, urlsplit

import requests

from curator_gui.core.errors import FetchError
from curator_gui.core.fetch.netmessages import shown_url
from curator_gui.core.fetch.netpolicy import PrivateAddressError
from curator_gui.core.fetch.transport import current_connections, new_session, proxy_for

ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
MAX_REDIRECTS = 5
T = TypeVar("T")


def check_web_url(url: str) -> None:
    """Refuse, before any I/O, anything but an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise FetchError(f"not a valid URL: {shown_url(url)}") from None
    # "example.org:8080/x" parses as scheme "example.org": a host and port without http://, not a scheme.
    if not parts.scheme or url[len(parts.scheme) + 1:][:1].isdigit():
        raise FetchError(f"not an absolute URL (no http:// or https://): {shown_url(url)}")
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http and https addresses can be fetched, not {parts.scheme}: URLs")
    if not host:
        raise FetchError(f"the URL has no host name: {shown_url(url)}")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise FetchError(f"not a valid URL (it holds control characters): {shown_url(url)}")


def follow_redirects(url: str, read: Callable[[requests.Response, str], T], *, backstop: float,
                     accept: str = ACCEPT, on_hop: Callable[[str], None] | None = None) -> T:
    """GET ``url`` and return ``read(response, address)`` for the first answer that is not a redirect.

    Runs in the worker of a :class:`~.transport.GuardedWork` (its policy applies to every connection). Redirects
    are followed by hand: at most :data:`MAX_REDIRECTS`, loops named, only to http(s), never from a public address
    into a private one. ``on_hop`` hears each address before it is asked; ``read`` checks the status itself
    (:func:`check_status`). Raises :class:`FetchError` (:class:`PrivateAddressError` for a refused address).
    """
    visited = [url.split("#", 1)[0]]
    policy = current_connections().policy
    with new_session() as session:
        session.headers["Accept"] = accept
        previous, current = "", url
        for _hop in range(MAX_REDIRECTS + 1):
            if on_hop is not None:
                on_hop(current)
            remaining = max(backstop - time.monotonic(), 0.01)
            try:
                if proxy_for(session, current):
                    parts = urlsplit(current)
                    policy.check_name(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
                response = session.get(current, stream=True, allow_redirects=False, timeout=(remaining, remaining))
            except PrivateAddressError as refusal:
                raise _refused(previous, current, refusal) if previous else refusal
            try:
                location = session.get_redirect_target(response)  # Location, with requests' encoding repairs
                if location:
                    target = urljoin(current, location.strip())
                    _check_redirect(current, target, visited)
                    visited.append(target.split("#", 1)[0])
                    previous, current = current, target
                    continue
                return read(response, current)
            finally:
                response.close()
        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS}) starting at {shown_url(url)}")


def _refused(previous: str, target: str, refusal: PrivateAddressError) -> PrivateAddressError:
    article = "an" if refusal.kind[:1] in "aeiou" else "a"
    return PrivateAddressError(
        f"refused to follow the redirect from {shown_url(previous)} to {shown_url(target)}: {refusal.address} is "
        f"{article} {refusal.kind} address, and a page on a public address may not lead into a private network",
        address=refusal.address, host=refusal.host, kind=refusal.kind)


def _check_redirect(current: str, target: str, visited: list[str]) -> None:
    try:
        check_web_url(target)
    except FetchError as error:
        raise FetchError(f"{shown_url(current)} redirects to an address that cannot be fetched: {error}") from None
    if target.split("#", 1)[0] in visited:
        raise FetchError(f"redirect loop: {shown_url(current)} redirects back to {shown_url(target)}")


#: What a refusal of automated clients suggests for a page.
SAVED_COPY_HINT = "a copy saved from a browser can be read instead"


def check_status(response: requests.Response, url: str, refused_hint: str = SAVED_COPY_HINT) -> None:
    """Raise :class:`FetchError` naming the status of an answer that is not a success; a status that suggests the
    site refuses automated clients adds ``refused_hint``."""
    status = response.status_code
    if 200 <= status < 300:
        return
    reason = response.reason or _reason(status)
    if 300 <= status < 400:
        raise FetchError(f"HTTP {status} {reason} from {shown_url(url)} without a usable Location to follow")
    hint = ""
    if status in (401, 403, 429, 451) or (status == 503 and "cf-ray" in response.headers):
        hint = f" (the site may refuse automated clients: {refused_hint})"
    raise FetchError(f"HTTP {status} {reason} from {shown_url(url)}{hint}")


def _reason(status: int) -> str:
    try:
        return http.client.responses[status]
    except KeyError:
        return "error"
