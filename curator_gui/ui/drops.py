"""What was dropped on the window: the only place that reads a drop's data (a file or folder to open, or a web
page's address to fetch)."""
from __future__ import annotations

from PySide6.QtCore import QMimeData

from curator_gui.core.urls import is_web_url


def dropped_target(mime: QMimeData) -> tuple[str, str] | None:
    """("path", a local file or folder) or ("url", a web address) for what a drop carries; None for anything
    else (the window then refuses the drop)."""
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile():
                return "path", url.toLocalFile()
            if url.scheme() in ("http", "https"):
                return "url", url.toString()
    if mime.hasText():
        text = mime.text().strip()
        if is_web_url(text):
            return "url", text
    return None
