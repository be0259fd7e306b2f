"""``curator-gui new URL``: fetch a page and create a curation for it in a folder.

The file is named after the clean URL (``<uuid5>.md``) and written in the dialect of the newest files. When
the folder already holds a curation of the same source (however its URL is spelled: see
:func:`curator_gui.core.urls.duplicate_key`), the command names it and stops (exit 1) unless ``--force``; even
then an existing file is never overwritten: the new one gets a free name beside it. ``author`` gets the
curator (``--author``, else the folder configuration's ``curator``, else git's ``user.name``), never the
article's byline. The page's featured image and site icon are downloaded under the page's private-address rule
and stored beside the new file (``--no-image`` skips them; a page read from ``--html`` never fetches them); an
image that cannot be had is a note on stderr, never a failure.
"""
from __future__ import annotations

import argparse
import os
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from curator_gui.core.commands.fetch import _positive_seconds, _web_url

    parser.add_argument("url", metavar="URL", type=_web_url, help="address of the page to curate")
    parser.add_argument("--dir", default=".", metavar="DIR", help="folder to create the file in (default: here)")
    parser.add_argument("--html", metavar="FILE",
                        help="read the page from FILE (saved from a browser) instead of the network")
    parser.add_argument("--timeout", type=_positive_seconds, default=20.0, metavar="S",
                        help="give up fetching after S seconds in total (default: 20)")
    parser.add_argument("--force", action="store_true",
                        help="create the file even if the folder already curates this URL")
    parser.add_argument("--author", metavar="NAME",
                        help="the curator filing it (default: 'curator' in the folder's configuration, else "
                             "git's user.name)")
    parser.add_argument("--config", metavar="FILE", help="configuration file to use instead of the one found "
                                                         "above DIR")
    parser.add_argument("--no-image", action="store_true",
                        help="do not download the page's image and site icon (with --html they never are)")


def run(args: argparse.Namespace) -> int:
    from curator_gui.core.commands.common import ConfigLookup, config_failure, display_path, fail
    from curator_gui.core.config import ConfigError
    from curator_gui.core.curator import curator_name
    from curator_gui.core.errors import CuratorError
    from curator_gui.core.fetch.netmessages import clean_message
    from curator_gui.core.newdoc import new_document
    from curator_gui.core.saving import save_document
    from curator_gui.core.urls import strip_userinfo

    if not os.path.isdir(args.dir):
        return fail(f"{args.dir}: not a folder", 2)
    try:
        config = ConfigLookup(args).for_path(args.dir)
    except ConfigError as error:
        return config_failure(error)
    existing = find_curation_of(args.dir, strip_userinfo(args.url), config)
    if existing and not args.force:
        shown = display_path(existing.path, os.path.abspath(args.dir), args.dir)
        named = f'"{existing.title}" ({shown})' if existing.title else shown
        return fail(f"{named} already curates this URL (use --force to create another one)")
    curator = curator_name(args.dir, args.author, config=config)
    try:
        fragment, notes, policy = _fetch(args.url, args.html, args.timeout)  # the credentials only reach the site
        doc = new_document(args.dir, fragment, curators=[curator] if curator else [])
        doc.path = free_path(doc.path)
        doc.data["mdName"] = doc.path.name
        if policy is not None and not args.no_image:
            from curator_gui.core.commands.image import store_page_images

            # the images first, then the file, written once with every image map whole, in the sample's order
            notes += store_page_images(doc, policy, args.timeout)
        else:
            save_document(doc)
    except CuratorError as exc:
        return fail(clean_message(exc))
    print(os.path.join(args.dir, doc.path.name) if args.dir != "." else doc.path.name)
    for note in notes:
        print(f"curator-gui: note: {clean_message(note)}", file=sys.stderr)
    return 0


def _fetch(url: str, html_file: str | None, timeout: float):
    """The fragment, the notes to show, and the address policy the fetch settled on (None for a saved page: its
    images are not downloaded, the page was read without the network)."""
    from curator_gui.core.commands.fetch import fetch_fragment

    if html_file:
        fragment, notes = fetch_fragment(url, html_file, timeout)
        return fragment, notes, None
    from curator_gui.core.fetch.http import fetch_result

    result = fetch_result(url, timeout=timeout)
    return result.fragment, list(result.notes), result.policy


def find_curation_of(folder: str, url: str, config=None):
    """The index row of a curation under ``folder`` with the same source as ``url`` (by
    :func:`~curator_gui.core.urls.duplicate_key`), if any."""
    from curator_gui.core.index import FolderIndex
    from curator_gui.core.urls import duplicate_key, strip_userinfo

    wanted = duplicate_key(strip_userinfo(url))
    index = FolderIndex(folder, start_method="fork" if hasattr(os, "fork") else None, config=config)
    try:
        rows = index.scan().rows
    finally:
        index.close()
    return next((row for row in rows if row.clean_url == wanted), None)


def free_path(path):
    """``path``, or ``<stem>-2.md``, ``-3``… when a file of that name exists (never overwrite)."""
    candidate, number = path, 2
    while os.path.lexists(candidate):  # a dangling link counts as taken too
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate
