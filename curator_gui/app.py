"""The window, for tests and embedding: ``build_window(path)`` returns it fully wired, without an event loop.

Qt is imported only when a window is asked for, so importing this module costs nothing.
"""
from __future__ import annotations


def build_window(path: str | None = None):
    """The main window on ``path`` (a folder, a file to select in its folder, or None for the last folder)."""
    from curator_gui.ui.app import build_window as build

    return build(path)


def run_gui(path: str | None = None, screenshot: str | None = None, select: str | None = None) -> int:
    """Open the window and run until it closes (see :func:`curator_gui.ui.app.run_gui`)."""
    from curator_gui.ui.app import run_gui as run

    return run(path, screenshot, select)
