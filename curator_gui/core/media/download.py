"""Downloading an image: the only place that fetches images over the network, through the same hardened path as
pages (:mod:`curator_gui.core.fetch.http`).

Only http(s); redirects followed by hand (at most 5, loops named); the private-address rule of the page the
image was found on (pass its :class:`~curator_gui.core.fetch.netpolicy.AddressPolicy`: an image on a public
page may not lead into a private network, an image on a private host the user typed may); one deadline for
everything, reading included, however slowly a server trickles; at most :data:`MAX_IMAGE_BYTES` (a larger
``Content-Length`` is refused before reading, a longer body as soon as it passes the cap, also after
decompression). The bytes then decide whether it is an image (:mod:`.imagecheck`): an HTML error page served
with status 200 is refused as soon as its first bytes show it. Every failure is one sentence.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from curator_gui.core.errors import FetchError
from curator_gui.core.media.imagecheck import (FAVICON, FEATURED, MAX_IMAGE_BYTES, ImageFacts, ImageRefused,
                                               inspect_image, kind_label, not_an_image)

#: What an image request accepts: the formats a curation may hold first, anything else last (the bytes decide).
ACCEPT_IMAGE = {FEATURED: "image/webp,image/png,image/jpeg,image/gif;q=0.9,image/*;q=0.8,*/*;q=0.5",
                FAVICON: "image/x-icon,image/vnd.microsoft.icon,image/png;q=0.9,image/*;q=0.8,*/*;q=0.5"}
_CHUNK = 64 * 1024
_SNIFF = 64
_BACKSTOP = 1.0


@dataclass(frozen=True)
class DownloadedImage:
    """An image as downloaded and checked: its final address (after redirects, without credentials), bytes, facts."""

    url: str
    data: bytes
    facts: ImageFacts


class _Progress:
    """What the worker has received, for the message when the deadline comes first."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.received = 0


def download_image(url: str, *, kind: str = FEATURED, timeout: float = 20.0, policy=None,
                   max_bytes: int = MAX_IMAGE_BYTES) -> DownloadedImage:
    """Download the image at ``url`` within ``timeout`` seconds in total and check it (decoded once).

    ``policy``: the :class:`~curator_gui.core.fetch.netpolicy.AddressPolicy` of the page the image was found on
    (``FetchResult.policy``, or :func:`page_policy`); None for an address the user typed (its first connection
    decides). Raises :class:`~curator_gui.core.errors.FetchError` for a network failure
    (:class:`~curator_gui.core.fetch.netpolicy.PrivateAddressError` for a refused address) and
    :class:`~.imagecheck.ImageRefused` for bytes that are not an acceptable image; each message is one line.
    Blocks: call it from a background thread in a window.
    """
    from curator_gui.core.fetch.redirects import check_web_url
    from curator_gui.core.fetch.netmessages import clean_message, describe_network_error, shown_host, shown_url
    from curator_gui.core.fetch.netpolicy import AddressPolicy
    from curator_gui.core.fetch.transport import run_with_deadline
    from curator_gui.core.urls import strip_userinfo

    url = (url or "").strip()
    try:
        check_web_url(url)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < 24 * 3600:
            raise FetchError(f"the timeout must be a positive number of seconds, not {timeout!r}")
        progress = _Progress(url)
        backstop = time.monotonic() + timeout + _BACKSTOP

        def work() -> tuple[bytes, str]:
            try:
                return _get(url, kind, progress, backstop, max_bytes)
            except (FetchError, ImageRefused):
                raise
            except BaseException as error:  # noqa: BLE001 - worded here, never a traceback
                raise FetchError(describe_network_error(error, progress.url)) from error

        finished, value = run_with_deadline(work, float(timeout), policy or AddressPolicy())
        if not finished:
            came = f"{progress.received:,} byte{'s' * (progress.received != 1)}"
            raise FetchError(f"timed out after {timeout:g} s downloading the {kind_label(kind)} from "
                             f"{shown_host(progress.url)} ({came} had come)")
        data, final = value
        final = strip_userinfo(final)
        facts = inspect_image(data, kind, name=shown_url(final))
    except (FetchError, ImageRefused) as error:
        error.args = (clean_message(str(error)),)
        raise
    return DownloadedImage(final, data, facts)


def _get(url: str, kind: str, progress: _Progress, backstop: float, max_bytes: int) -> tuple[bytes, str]:
    """The request (in the worker thread): redirects by the page rules, then the body, capped and sniffed."""
    from curator_gui.core.fetch.redirects import check_status, follow_redirects

    def on_hop(current: str) -> None:
        progress.url = current

    def read(response, current: str) -> tuple[bytes, str]:
        check_status(response, current, "save the image from a browser and use the file instead")
        return _read_body(response, current, kind, progress, backstop, max_bytes), current

    return follow_redirects(url, read, backstop=backstop, accept=ACCEPT_IMAGE.get(kind, ACCEPT_IMAGE[FEATURED]),
                            on_hop=on_hop)


def _read_body(response, url: str, kind: str, progress: _Progress, backstop: float, max_bytes: int) -> bytes:
    from curator_gui.core.fetch.netmessages import shown_host, shown_url
    from curator_gui.core.media.imagecheck import accepted_text

    shown = shown_url(url)
    limit = f"the {max_bytes / 2**20:g} MB an image may have"
    declared = response.headers.get("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > max_bytes:
        raise ImageRefused(f"{shown} is {int(declared):,} bytes, more than {limit}")
    read = getattr(response.raw, "read1", None) or response.raw.read
    chunks: list[bytes] = []
    size = 0
    sniffed = False
    while True:
        if time.monotonic() > backstop:  # the caller cuts the connection before this; it only keeps a promise
            raise FetchError("timed out")
        try:
            chunk = read(_CHUNK, decode_content=True)
        except Exception as error:  # noqa: BLE001 - a body cut off is no image
            from curator_gui.core.fetch.netmessages import describe_network_error

            detail = describe_network_error(error, url)
            if "broke" in detail or "closed" in detail:
                raise FetchError(f"the connection to {shown_host(url)} broke after {size:,} bytes of the image"
                                 ) from error
            raise FetchError(detail) from error
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        progress.received = size
        if size > max_bytes:
            raise ImageRefused(f"{shown} is larger than {limit}")
        if not sniffed and size >= _SNIFF:
            sniffed = True
            what = not_an_image(b"".join(chunks)[:1024])
            if what:  # no need to read the rest of an error page or a drawing
                raise ImageRefused(f"{shown} is {what}, not {_article(accepted_text(kind))} image")
    if not size:
        raise ImageRefused(f"{shown} answered with nothing (an empty body), not an image")
    return b"".join(chunks)


def _article(words: str) -> str:
    return f"{'an' if words[:1] in 'AEIOU' else 'a'} {words}"


def page_policy(page_url: str, *, timeout: float = 5.0):
    """The address policy a fetch of ``page_url`` would settle on, for downloading what that page names later
    (a record's image address, found on its source page when it was fetched).

    A page on a public address forbids private ones; a page on a private address allows them. A page whose
    address cannot be resolved within ``timeout`` counts as public (the safe side). Blocks on name resolution.
    """
    from curator_gui.core.fetch.netpolicy import AddressPolicy
    from curator_gui.core.fetch.transport import run_with_deadline

    try:
        parts = urlsplit((page_url or "").strip())
        host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        host, port = None, 80
    policy = AddressPolicy()
    if host:
        try:
            run_with_deadline(lambda: policy.check_name(host, port), timeout, AddressPolicy())
        except FetchError:
            pass
    if policy.allow_private is None:
        return AddressPolicy(allow_private=False)
    return policy
