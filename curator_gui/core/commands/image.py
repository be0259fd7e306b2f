"""``curator-gui image FILE``: download (or copy) a curation's featured image or site icon, store it beside the
file as ``<stem>-featuredImage.<ext>`` and record it (``href``, ``format``, ``size`` in the file's own order,
``valid: true``), losslessly.

The source is ``--url``, ``--from`` a local file, or else the record's own address (``href`` while it is still
one, then the page's ``og:image``), fetched under the private-address rule of the record's source page. A
refused image changes nothing (``--mark-invalid`` records ``valid: false`` instead). Exit codes: 0 stored and
recorded (or already so), 1 the image could not be had or the file not saved (one line on stderr), 2 bad usage
or an unreadable FILE.
"""
from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from curator_gui.core.commands.fetch import _positive_seconds, _web_url

    parser.add_argument("file", metavar="FILE", help="the curation to give an image")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--url", type=_web_url, metavar="URL", help="download the image from URL")
    source.add_argument("--from", dest="source_file", metavar="PATH", help="copy the image from a local file")
    parser.add_argument("--favicon", action="store_true", help="the site icon (favIconImage) instead of the "
                                                               "featured image")
    parser.add_argument("--force", action="store_true", help="replace a different image file of the same name")
    parser.add_argument("--mark-invalid", action="store_true",
                        help="when the image is refused, record valid: false (otherwise the record is unchanged)")
    parser.add_argument("--timeout", type=_positive_seconds, default=20.0, metavar="S",
                        help="give up downloading after S seconds in total (default: 20)")


def run(args: argparse.Namespace) -> int:
    from curator_gui.core.commands.common import fail, unreadable_message
    from curator_gui.core.document import Document
    from curator_gui.core.errors import CuratorError
    from curator_gui.core.fetch.netmessages import clean_message
    from curator_gui.core.fetch.netpolicy import PrivateAddressError
    from curator_gui.core.media.acquire import obtain_image, record_image_address
    from curator_gui.core.media.imagecheck import FAVICON, FEATURED, ImageRefused, kind_label

    kind = FAVICON if args.favicon else FEATURED
    try:
        doc = Document.load(args.file)
    except OSError as exc:
        return fail(unreadable_message(args.file, exc), 2)
    if doc.read_only:
        return fail(f"{doc.error} (the file is not changed)")
    if not doc.has_front_matter:
        return fail(f"{args.file}: no front matter: a plain article, not a curation yet (the file is not changed)")
    url, policy, from_record = args.url, None, False
    if args.source_file is None and url is None:
        url, policy = record_image_address(doc.data, kind, timeout=min(5.0, args.timeout))
        from_record = True
        if not url:
            return fail(f"{args.file}: no {kind_label(kind)} address to download ({kind}.href is not an address"
                        f"{' and openGraphMetaData.ogimage is empty' if kind == FEATURED else ''}); give --url or "
                        f"--from")
    try:
        stored = obtain_image(doc.path, kind, url=url, file=args.source_file, policy=policy, timeout=args.timeout,
                              force=args.force)
    except ImageRefused as refusal:
        if args.mark_invalid:
            return _record_refusal(doc, kind, args.file, clean_message(refusal))
        return fail(f"{clean_message(refusal)} ({args.file} is not changed)")
    except PrivateAddressError as refusal:
        hint = " (an address found on a public page; give it with --url to fetch it anyway)" if from_record else ""
        return fail(clean_message(refusal) + hint)
    except CuratorError as error:
        return fail(clean_message(error))
    return _record(doc, stored, args.file)


def _record(doc, stored, shown: str) -> int:
    from curator_gui.core.commands.common import fail
    from curator_gui.core.errors import CuratorError
    from curator_gui.core.media.record import recorded_image, size_order, with_image
    from curator_gui.core.media.store import undo_store
    from curator_gui.core.saving import save_document

    before = recorded_image(doc.data, stored.kind)
    doc.data = with_image(doc.data, stored.kind, stored.href, stored.facts, size_order(doc))
    try:
        written = save_document(doc)
    except CuratorError as error:
        undo_store(stored)
        return fail(str(error))
    if not written and not stored.changed:
        print(f"{shown}: {stored.kind} already records {stored.describe()}; nothing changed")
        return 0
    if stored.changed:
        print(f"{shown}: {'replaced' if stored.replaced else 'stored'} {stored.describe()}, recorded in "
              f"{stored.kind}")
    else:
        print(f"{shown}: recorded {stored.describe()} in {stored.kind} (the file was there already)")
    if before.is_local and before.href != stored.href and (doc.path.parent / before.href).exists():
        print(f"curator-gui: note: {before.href} is no longer named by {shown} (remove it if nothing else uses "
              f"it)", file=sys.stderr)
    return 0


def _record_refusal(doc, kind: str, shown: str, reason: str) -> int:
    from curator_gui.core.commands.common import fail
    from curator_gui.core.errors import CuratorError
    from curator_gui.core.media.record import with_image_refused
    from curator_gui.core.saving import save_document

    doc.data = with_image_refused(doc.data, kind)
    try:
        save_document(doc)
    except CuratorError as error:
        return fail(f"{reason}; and {error}")
    return fail(f"{reason} ({shown}: recorded {kind}.valid: false)")


def store_page_images(doc, policy, timeout: float) -> list[str]:
    """Download the featured image and site icon a freshly fetched record names (under the page's ``policy``) and
    record them; save the file once (a new curation is written then, whole). Returns a note for each image that
    could not be had (never raises for those; an icon the site does not have, HTTP 404, is no news); raises
    :class:`~curator_gui.core.errors.CuratorError` only when the file cannot be saved (the images stored for it
    are then taken back)."""
    from curator_gui.core.errors import CuratorError
    from curator_gui.core.fetch.netmessages import clean_message
    from curator_gui.core.media.acquire import obtain_image
    from curator_gui.core.media.imagecheck import FAVICON, KINDS, kind_label
    from curator_gui.core.media.record import recorded_image, size_order, with_image
    from curator_gui.core.media.store import undo_store
    from curator_gui.core.saving import save_document

    notes, order, stored_all = [], size_order(doc), []
    for kind in KINDS:
        image = recorded_image(doc.data, kind)
        if not image.is_remote:
            continue
        try:
            stored = obtain_image(doc.path, kind, url=image.href, policy=policy, timeout=timeout)
        except CuratorError as error:
            message = clean_message(error)
            if kind == FAVICON and message.startswith(("HTTP 404 ", "HTTP 410 ")):
                continue  # most sites have no icon where pages without one are assumed to keep it: not news
            notes.append(f"the page's {kind_label(kind)} was not downloaded: {message}")
            continue
        doc.data = with_image(doc.data, kind, stored.href, stored.facts, order)
        stored_all.append(stored)
    try:
        save_document(doc)
    except CuratorError:
        for stored in stored_all:  # the record does not name them: take them back
            undo_store(stored)
        raise
    return notes
