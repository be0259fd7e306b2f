"""``curator-gui validate PATH...``: print every problem as ``path:line:col: severity: message [field] (CODE)``,
as JSON, or as GitHub Actions annotations.

Folders are read through the folder index (cached, parallel); files named directly are read as they are. Each
path is checked under the configuration found above it (or ``--config``), with ``--select``/``--ignore`` on
top. Duplicate sources are reported among everything being validated; image files that no curation of a folder
names are reported (as info) for folders given as such. Info hints are printed only with
``--show-info`` and never change the exit code: 0 with no errors (warnings allowed), 1 when any error was
found, 2 on bad usage, an unreadable path or an unusable configuration.
"""
from __future__ import annotations

import os
import sys
from dataclasses import replace


def add_arguments(parser) -> None:
    from curator_gui.core.commands.common import add_config_arguments

    parser.add_argument("paths", nargs="+", metavar="PATH", help="curation files or folders (searched recursively)")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="output format: text lines, a JSON list, or GitHub Actions annotations (default: text)")
    parser.add_argument("--show-info", action="store_true", help="also print info hints (e.g. long titles)")
    add_config_arguments(parser)


def run(args) -> int:
    from curator_gui.core.commands.common import (ConfigLookup, config_failure, display_path, fail,
                                                  write_json_list)
    from curator_gui.core.config import ConfigError
    from curator_gui.core.index import FolderIndex, apply_cross_file_checks, parse_file
    from curator_gui.core.problems import ERROR, INFO

    lookup = ConfigLookup(args)
    rows = []  # (row, shown path)
    folder_problems = []  # findings about a folder's other files (image files no curation names)
    names_by_dir: dict[str, set[str]] = {}
    unreadable = False
    try:
        for given in args.paths:
            if os.path.isdir(given):
                index = FolderIndex(given, start_method="fork" if hasattr(os, "fork") else None,
                                    config=lookup.for_path(given))
                try:
                    result = index.scan()
                finally:
                    index.close()
                names_by_dir.update(index.names_by_dir)
                rows.extend((row, display_path(row.path, index.root, given)) for row in result.rows)
                folder_problems.extend(replace(problem, path=display_path(problem.path, index.root, given),
                                               related=tuple(display_path(p, index.root, given)
                                                             for p in problem.related))
                                       for problem in result.folder_problems)
            elif os.path.lexists(given):  # a file, or something reported as unreadable (a FIFO, a dead link)
                config = lookup.for_path(given)
                row = parse_file(os.path.abspath(given), config.options)
                row.config = config
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
    except ConfigError as error:
        return config_failure(error)
    apply_cross_file_checks([row for row, _ in rows], names_by_dir)
    shown = {row.path: name for row, name in rows}

    def show(path: str) -> str:
        return shown.get(path, path)

    problems = [replace(problem, path=name, related=tuple(show(p) for p in problem.related))
                for row, name in rows for problem in row.all_problems(show)] + folder_problems
    if not args.show_info:
        problems = [p for p in problems if p.severity != INFO]
    if args.format == "json":
        write_json_list([p.as_dict() for p in problems], sys.stdout)
    else:
        lines = [p.github() if args.format == "github" else p.format() for p in problems]
        sys.stdout.write("\n".join(lines) + ("\n" if lines else ""))
    if unreadable:
        return 2
    return 1 if any(p.severity == ERROR for p in problems) else 0
