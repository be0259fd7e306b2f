"""``curator-gui validate PATH...``: print every problem as ``path:line:col: severity: message [field]``.

Folders are read through the folder index (cached, parallel); files named directly are read as they are.
Duplicate sources are reported among everything being validated. Exit 0 with no errors (warnings allowed),
1 when any error was found, 2 on bad usage or an unreadable path.
"""
from __future__ import annotations

import os
import sys
from dataclasses import replace


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="curation files or folders (searched recursively)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


def run(args) -> int:
    from curator_gui.core.commands.common import display_path, fail, write_json_list
    from curator_gui.core.index import FolderIndex, apply_cross_file_checks, parse_file
    from curator_gui.core.problems import ERROR

    rows = []  # (row, shown path)
    names_by_dir: dict[str, set[str]] = {}
    unreadable = False
    for given in args.paths:
        if os.path.isdir(given):
            index = FolderIndex(given, start_method="fork" if hasattr(os, "fork") else None)
            try:
                result = index.scan()
            finally:
                index.close()
            names_by_dir.update(index._names_by_dir)
            rows.extend((row, display_path(row.path, index.root, given)) for row in result.rows)
        elif os.path.lexists(given):  # a file, or something that is reported as unreadable (a FIFO, a dead link)
            row = parse_file(os.path.abspath(given))
            folder = os.path.dirname(row.path)
            if folder not in names_by_dir:
                try:
                    names_by_dir[folder] = set(os.listdir(folder))
                except OSError:
                    names_by_dir[folder] = set()
            rows.append((row, given))
        else:
            unreadable = True
            fail(f"{given}: no such file or folder", 2)
    apply_cross_file_checks([row for row, _ in rows], names_by_dir)
    problems = [replace(problem, path=name) for row, name in rows for problem in row.all_problems()]
    if args.format == "json":
        write_json_list([p.as_dict() for p in problems], sys.stdout)
    else:
        for problem in problems:
            print(problem.format())
    if unreadable:
        return 2
    return 1 if any(p.severity == ERROR for p in problems) else 0
