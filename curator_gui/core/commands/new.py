"""``curator-gui new URL``: fetch a page and create a curation for it in a folder.

The file is named after the clean URL (``<uuid5>.md``) and written in the dialect of the newest files. When
the folder already holds a curation of the same clean URL, the command names it and stops (exit 1) unless
``--force``; even then an existing file is never overwritten: the new one gets a free name beside it.
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


def run(args: argparse.Namespace) -> int:
    from curator_gui.core.commands.common import display_path, fail
    from curator_gui.core.commands.fetch import fetch_fragment
    from curator_gui.core.errors import CuratorError
    from curator_gui.core.fetch.netmessages import clean_message
    from curator_gui.core.newdoc import new_document
    from curator_gui.core.saving import save_document
    from curator_gui.core.urls import strip_userinfo

    if not os.path.isdir(args.dir):
        return fail(f"{args.dir}: not a folder", 2)
    existing = find_curation_of(args.dir, strip_userinfo(args.url))
    if existing and not args.force:
        return fail(f"{display_path(existing, os.path.abspath(args.dir), args.dir)} already curates this URL "
                    "(use --force to create another one)")
    try:
        fragment, notes = fetch_fragment(args.url, args.html, args.timeout)  # the credentials only reach the site
        doc = new_document(args.dir, fragment)
        doc.path = free_path(doc.path)
        doc.data["mdName"] = doc.path.name
        save_document(doc)
    except CuratorError as exc:
        return fail(clean_message(exc))
    print(os.path.join(args.dir, doc.path.name) if args.dir != "." else doc.path.name)
    for note in notes:
        print(f"curator-gui: note: {clean_message(note)}", file=sys.stderr)
    return 0


def find_curation_of(folder: str, url: str) -> str | None:
    """The path of a curation under ``folder`` whose clean source URL is ``url``'s, if any."""
    from curator_gui.core.index import FolderIndex
    from curator_gui.core.urls import clean_url, strip_userinfo

    wanted = clean_url(strip_userinfo(url)).rstrip("/")
    index = FolderIndex(folder, start_method="fork" if hasattr(os, "fork") else None)
    try:
        rows = index.scan().rows
    finally:
        index.close()
    return next((row.path for row in rows if row.clean_url == wanted), None)


def free_path(path):
    """``path``, or ``<stem>-2.md``, ``-3``… when a file of that name exists (never overwrite)."""
    candidate, number = path, 2
    while os.path.lexists(candidate):  # a dangling link counts as taken too
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate
