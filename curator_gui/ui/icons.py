"""Icons: the only module where icon file names appear.

Every icon is an SVG under ``resources/icons``. Monochrome icons draw with ``currentColor``, which is replaced
by the palette's text colour when the icon is made, so they stay readable on light and dark palettes alike;
status icons carry their own colours. A button or action given its icon through :func:`themed` is drawn again
by :func:`follow_palette` when the palette changes.
"""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from curator_gui.ui.locations import icons_dir

#: icon name → SVG file under resources/icons
FILES = {
    "app": "curator-gui.svg",
    "ok": "status-ok.svg",
    "warning": "status-warning.svg",
    "error": "status-error.svg",
    "info": "status-info.svg",
    "pending": "status-pending.svg",
    "unsaved": "unsaved.svg",
    "open": "document-open.svg",
    "save": "document-save.svg",
    "save-all": "document-save-all.svg",
    "new": "document-new.svg",
    "revert": "document-revert.svg",
    "import": "document-import.svg",
    "undo": "edit-undo.svg",
    "redo": "edit-redo.svg",
    "refresh": "view-refresh.svg",
    "fetch": "fetch.svg",
    "cancel": "process-stop.svg",
    "add": "list-add.svg",
    "remove": "list-remove.svg",
    "up": "go-up.svg",
    "down": "go-down.svg",
    "only-problems": "filter-problems.svg",
    "find": "edit-find.svg",
    "diff": "diff.svg",
    "open-link": "open-link.svg",
    "make-curation": "make-curation.svg",
}

_SIZES = (16, 24, 32, 48)
_cache: dict[tuple[str, str], QIcon] = {}


def _text_colour() -> str:
    app = QApplication.instance()
    palette = app.palette() if app is not None else QPalette()
    return palette.color(QPalette.ColorRole.WindowText).name()


def icon(name: str) -> QIcon:
    """The icon called ``name`` (see :data:`FILES`); an empty icon when its file is missing."""
    colour = _text_colour()
    key = (name, colour)
    found = _cache.get(key)
    if found is not None:
        return found
    folder = icons_dir()
    path = folder / FILES[name] if folder else None
    result = QIcon()
    if path is not None and path.is_file():
        svg = path.read_text(encoding="utf-8").replace("currentColor", colour)
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        for size in _SIZES:
            pixmap = QPixmap(QSize(size, size))
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter)
            painter.end()
            result.addPixmap(pixmap)
    _cache[key] = result
    return result


def status_icon(status: str) -> QIcon:
    """The icon of a file status: 'ok', 'warning', 'error' or 'pending'."""
    return icon(status if status in ("ok", "warning", "error", "pending") else "pending")


def themed(target: QObject, name: str) -> None:
    """Give ``target`` (a button or an action) the icon ``name``, redrawn when the palette changes."""
    target.setIcon(icon(name))
    target.setProperty("themedIcon", name)


def follow_palette(root: QObject) -> None:
    """Draw every themed icon under ``root`` (``root`` included) in the current palette's colours."""
    for found in [root, *root.findChildren(QObject)]:
        name = found.property("themedIcon")
        if name:
            found.setIcon(icon(name))
