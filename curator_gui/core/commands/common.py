"""Helpers shared by the subcommands: error output and display paths."""
from __future__ import annotations

import os
import sys


def fail(message: str, code: int = 1) -> int:
    """Print ``curator-gui: error: message`` on stderr and return ``code``."""
    print(f"curator-gui: error: {message}", file=sys.stderr)
    return code


def display_path(path: str, root: str, shown_root: str) -> str:
    """``path`` (absolute, under ``root``) as the user would write it, starting from the argument they gave."""
    relative = os.path.relpath(path, root)
    return relative if shown_root in (".", "./") else os.path.join(shown_root, relative)
