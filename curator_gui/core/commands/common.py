"""Helpers shared by the subcommands: error output, display paths, and the configuration options."""
from __future__ import annotations

import os
import re
import sys

#: A message that already says where and what (``path:line:col: error: …``) is printed as it is.
_LOCATED = re.compile(r"^.+:\d+:\d+: (?:error|warning): ")


def fail(message: str, code: int = 1) -> int:
    """Print ``curator-gui: error: message`` on stderr (credentials in URLs removed; a message that starts with
    its own ``path:line:col: error:`` keeps it alone) and return ``code``."""
    from curator_gui.core.urls import strip_userinfo

    message = strip_userinfo(message)
    print(message if _LOCATED.match(message) else f"curator-gui: error: {message}", file=sys.stderr)
    return code


def unreadable_message(path: str, exc: OSError) -> str:
    """``PATH: cannot read: why`` for a file named on the command line (a missing file, a FIFO, a dangling link)."""
    from curator_gui.core.folderlist import unreadable_reason

    if isinstance(exc, FileNotFoundError) and not os.path.islink(path):
        return f"{path}: no such file"
    return f"{path}: cannot read: {unreadable_reason(path, exc)}"


def display_path(path: str, root: str, shown_root: str) -> str:
    """``path`` (absolute, under ``root``) as the user would write it, starting from the argument they gave."""
    prefix = root.rstrip(os.sep) + os.sep
    relative = path[len(prefix):] if path.startswith(prefix) else os.path.relpath(path, root)
    if shown_root in (".", "./"):
        return relative
    return shown_root + relative if shown_root.endswith(os.sep) else shown_root + os.sep + relative


def write_json_list(items: list, stream) -> None:
    """A JSON array with one item per line: readable, and written by the fast C encoder (``indent`` is not)."""
    import json

    if not items:
        stream.write("[]\n")
        return
    stream.write("[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n]\n")


def add_config_arguments(parser, rule_options: bool = True) -> None:
    """``--config FILE`` and, with ``rule_options``, ``--select``/``--ignore`` (repeatable, comma-separated)."""
    parser.add_argument("--config", metavar="FILE",
                        help="configuration file to use instead of the curator.toml or pyproject.toml "
                             "[tool.curator] found by walking up from the files")
    if rule_options:
        parser.add_argument("--select", action="append", metavar="RULES",
                            help="check only these rules (codes, prefixes or names, comma-separated; replaces the "
                                 "configured selection)")
        parser.add_argument("--ignore", action="append", metavar="RULES",
                            help="do not check these rules (added to the configured ones)")


class ConfigLookup:
    """The configuration for each path of one command run, with the command line's overrides applied; files
    are read once per folder. Raises :class:`~curator_gui.core.config.ConfigError` for an unusable one."""

    def __init__(self, args):
        self.explicit = getattr(args, "config", None)
        self.select = getattr(args, "select", None)
        self.ignore = getattr(args, "ignore", None)
        self._by_file: dict = {}
        self._by_folder: dict[str, object] = {}

    def for_path(self, path: str):
        from curator_gui.core.config import DEFAULT_CONFIG, find_config, load_config

        folder = os.path.abspath(path if os.path.isdir(path) else os.path.dirname(path) or ".")
        if folder in self._by_folder:
            return self._by_folder[folder]
        source = self.explicit if self.explicit is not None else find_config(folder)
        key = os.path.abspath(source) if source is not None else None
        if key not in self._by_file:
            config = load_config(source) if source is not None else DEFAULT_CONFIG
            self._by_file[key] = config.with_overrides(self.select, self.ignore)
        self._by_folder[folder] = self._by_file[key]
        return self._by_file[key]


def config_failure(error) -> int:
    """Report an unusable configuration on one line (``path:line:col: error: …``, or the option at fault);
    exit code 2."""
    if error.path is None:
        return fail(error.message, 2)
    print(error, file=sys.stderr)
    return 2
