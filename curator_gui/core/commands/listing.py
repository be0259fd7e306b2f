"""``curator-gui list DIR``: the curations of a folder from the folder index, as a table or JSON, with problem
counts under the folder's configuration.

A folder of 100,000 files is listed in little memory: rows are read without the fields the listing does not
print (descriptions, findings; the filter's text unless a filter needs it) and written out one by one."""
from __future__ import annotations

import os
import sys


def add_arguments(parser) -> None:
    from curator_gui.core.commands.common import add_config_arguments

    parser.add_argument("folder", metavar="DIR", help="folder to list (searched recursively)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    from curator_gui.core.query import SYNTAX_HELP

    parser.add_argument("--filter", metavar="QUERY", default="",
                        help=f"only the files that match QUERY, as the window's filter does: {SYNTAX_HELP}")
    add_config_arguments(parser)


def run(args) -> int:
    from curator_gui.core.commands.common import ConfigLookup, config_failure, display_path, fail
    from curator_gui.core.config import ConfigError
    from curator_gui.core.index import FolderIndex
    from curator_gui.core.query import parse_query
    from curator_gui.core.row_filter import RowFilter

    if not os.path.isdir(args.folder):
        return fail(f"{args.folder}: not a folder", 2)
    query = parse_query(args.filter)
    if query.problems:
        return fail(f"--filter: not understood: {', '.join(query.problems)} (terms are: {SYNTAX_HELP_SHORT})", 2)
    try:
        config = ConfigLookup(args).for_path(args.folder)
    except ConfigError as error:
        return config_failure(error)
    leave_out = {"description", "problems", "media", "offerings"}
    if not any(t.needle for t in query.terms):
        leave_out.add("search")
    index = FolderIndex(args.folder, start_method="fork" if hasattr(os, "fork") else None, config=config,
                        leave_out=leave_out)
    try:
        rows = index.scan().rows
    finally:
        index.close()
    if not query.is_empty:
        rows = [rows[n] for n in RowFilter().apply(query, rows)]
    out = sys.stdout
    if args.format == "json":
        import json

        out.write("[" if rows else "[]\n")
        for number, row in enumerate(rows):  # one object per line, written as it is made
            item = row.summary()
            item["path"] = display_path(row.path, index.root, args.folder)
            out.write(("\n" if number == 0 else ",\n") + json.dumps(item, ensure_ascii=False))
        out.write("\n]\n" if rows else "")
        return 0
    for row in rows:
        counts = f"{row.errors}E {row.warnings}W" if row.errors or row.warnings else ""
        out.write(f"{row.status:<7} {counts:<8} {row.date[:10]:<10} {_cut(row.brand, 26):<26} "
                  f"{_cut(row.title, 60):<60} {display_path(row.path, index.root, args.folder)}\n")
    return 0


SYNTAX_HELP_SHORT = "words, \"phrases\", title: description: topic: brand: file:, is:, has:, date:, a leading -"


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
