"""One module per `curator-gui` subcommand, each with ``add_arguments(parser)`` and ``run(args) -> int``.

:data:`SUBCOMMANDS` is the registry the command line dispatches on; a subcommand's module is imported only
when it is chosen, so listing or validating never pays for the fetcher or the window.
"""
from __future__ import annotations

import argparse
import importlib

#: subcommand name → (module under curator_gui.core.commands, one-line help)
SUBCOMMANDS = {
    "validate": ("validate", "check curation files and print problems as path:line:col"),
    "rules": ("rules", "list the validation rules: code, name, default severity, reason"),
    "list": ("listing", "list the curations of a folder"),
    "set": ("setfield", "set one front-matter field of a file, losslessly"),
    "topics": ("topics", "the folder's topics with counts and near-duplicates; rename or remove one everywhere"),
    "edit": ("edit", "change many files at once: topics, fields, list items, find and replace"),
    "fetch": ("fetch", "print a page's metadata as a front-matter fragment"),
    "new": ("new", "create a curation from a URL"),
    "image": ("image", "download or copy a curation's featured image (or site icon) and record it"),
}


def command_parser(name: str) -> tuple[argparse.ArgumentParser, object]:
    """The argument parser of subcommand ``name`` and its module."""
    module_name, help_text = SUBCOMMANDS[name]
    module = importlib.import_module(f"curator_gui.core.commands.{module_name}")
    parser = argparse.ArgumentParser(prog=f"curator-gui {name}", description=help_text)
    module.add_arguments(parser)
    return parser, module


def run_subcommand(argv: list[str]) -> int:
    """Run ``argv`` (its first item a subcommand name); returns the exit code."""
    parser, module = command_parser(argv[0])
    args = parser.parse_args(argv[1:])
    return int(module.run(args) or 0)
