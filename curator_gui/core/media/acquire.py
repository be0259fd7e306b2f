"""Getting an image for a curation, from an address or a local file, and storing it beside the curation: the one
entry point the command line and the window share (the window runs :func:`obtain_image` in a background thread
and applies :func:`~curator_gui.core.media.record.with_image` to its record afterwards, as one undo step).
"""
from __future__ import annotations

import os

from curator_gui.core.errors import CuratorError
from curator_gui.core.media.imagecheck import FEATURED, MAX_IMAGE_BYTES, ImageFacts, ImageRefused, inspect_image
from curator_gui.core.media.store import StoredImage, store_image


def read_image_file(path: str | os.PathLike, kind: str = FEATURED) -> tuple[bytes, ImageFacts]:
    """The bytes and facts of a local image file, with the same checks as a download (decoded once).

    Raises :class:`~.imagecheck.ImageRefused` (not an acceptable image, over 10 MB) and
    :class:`~curator_gui.core.errors.CuratorError` when the file cannot be read (missing, a folder, a pipe).
    """
    from curator_gui.core.files import NotReadableError, read_regular_file

    shown = os.fspath(path)
    try:
        data, _stat = read_regular_file(path, MAX_IMAGE_BYTES)
    except NotReadableError as error:
        if "too large" in str(error.strerror):
            raise ImageRefused(f"{shown} is more than the {MAX_IMAGE_BYTES // 2**20} MB an image may have") from None
        raise CuratorError(f"{shown}: cannot read: {error.strerror}") from None
    except FileNotFoundError:
        raise CuratorError(f"{shown}: no such file") from None
    except OSError as error:
        raise CuratorError(f"{shown}: cannot read: {error.strerror or error}") from None
    return data, inspect_image(data, kind, name=shown)


def obtain_image(md_path: str | os.PathLike, kind: str = FEATURED, *, url: str | None = None,
                 file: str | os.PathLike | None = None, policy=None, timeout: float = 20.0,
                 force: bool = False) -> StoredImage:
    """Download ``url`` (or copy ``file``), check it and store it beside the curation ``md_path``.

    ``policy``: the address policy of the page the address was found on (see
    :func:`~curator_gui.core.media.download.download_image`). Nothing is stored when the image is refused.
    Raises :class:`~curator_gui.core.errors.FetchError`, :class:`~.imagecheck.ImageRefused`,
    :class:`~.store.ImageExistsError` (a different image has the name; ``force`` replaces it) and
    :class:`~curator_gui.core.errors.CuratorError`; every message is one line. Touches no document: safe in a
    background thread.
    """
    if (url is None) == (file is None):
        raise ValueError("give either url or file")
    if url is not None:
        from curator_gui.core.media.download import download_image

        image = download_image(url, kind=kind, timeout=timeout, policy=policy)
        data, facts, source = image.data, image.facts, image.url
    else:
        data, facts = read_image_file(file, kind)
        source = os.fspath(file)
    return store_image(md_path, kind, data, facts, force=force, source=source)


def record_image_address(data: dict, kind: str = FEATURED, *, timeout: float = 5.0):
    """The address to download a record's image from when none is given, made absolute, and the address policy
    of the record's source page (the page it was found on): ``(address, policy)``, or ``('', None)`` when the
    record names none (see :func:`~curator_gui.core.media.record.remote_image_address`). Resolves the source's
    host name (at most ``timeout`` seconds): call it from a background thread in a window."""
    from urllib.parse import urljoin

    from curator_gui.core.media.download import page_policy
    from curator_gui.core.media.record import remote_image_address
    from curator_gui.core.validate import source_url

    address = remote_image_address(data, kind)
    found = source_url(data)
    page = found[1].strip() if found else ""
    if address.startswith("//"):  # protocol-relative, as pages write them: the page's scheme
        address = urljoin(page if page.startswith(("http://", "https://")) else "https://", address)
    if not address:
        return "", None
    return address, page_policy(page, timeout=timeout)
