"""Helpers shared by the subcommands: error output and display paths."""
from __future__ import annotations

import os
import sys


def fail(message: str, code: int = 1) -> int:
    """Print ``curator-gui: error: message`` on stderr (credentials in URLs removed) and return ``code``."""
    from curator_gui.core.urls import strip_userinfo

    print(f"curator-gui: error: {strip_userinfo(message)}", file=sys.stderr)
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
