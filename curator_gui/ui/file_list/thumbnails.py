"""The file list's thumbnail column: the only place that paints featured images in the list and loads them for it.

The column is off until the curator shows it (the header's menu, or View ▸ Image Column); while it is shown the rows
grow to fit a small picture. Painting never waits: a cell draws its thumbnail when it is in memory and otherwise
asks the :class:`ThumbnailLoader` for it and draws nothing yet. The loader makes thumbnails with the core
(:mod:`curator_gui.core.media.thumbnails`, kept on disk in the user cache, so a folder seen before costs one
``stat`` per picture) in one background thread, the most recently asked first, and only for rows on screen:
scrolling, filtering and sorting drop the requests of rows that left the view (the rows now shown ask again as
they are painted). Pictures are kept in memory (the least recently used dropped beyond :data:`KEPT`) and the view
repaints once for a batch of them.
"""
from __future__ import annotations

import os
from collections import OrderedDict

from PySide6.QtCore import QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QImage, QPixmap
from PySide6.QtWidgets import QHeaderView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QToolTip

from curator_gui.core.errors import CuratorError
from curator_gui.ui.file_list.rows import IMAGE, TITLE
from curator_gui.ui.tasks import TaskRunner

#: The picture's box in a row (pixels), and the thumbnail size made for it.
BOX = QSize(56, 32)
SIZE = 64
#: Pictures kept in memory.
KEPT = 2000
#: How long after the list's rows last changed the pictures' files are looked at again (ms).
RECHECK_MS = 300
_ASKED = object()  # the answer for a picture on its way


def _version(path: str) -> tuple | None:
    """What tells one version of an image file from another (None: nothing is there)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def _load(path: str, box: QSize) -> tuple[tuple | None, QImage | None]:
    """The version of ``path`` and its thumbnail scaled into ``box`` (background thread; None for a file that is no
    picture)."""
    from curator_gui.core.media.thumbnails import make_thumbnail

    version = _version(path)
    try:
        image = QImage(str(make_thumbnail(path, SIZE)))
    except (CuratorError, OSError, ValueError):
        return version, None
    if image.isNull():
        return version, None
    return version, image.scaled(box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


class ThumbnailLoader(QObject):
    """Thumbnails for the rows on screen; see the module docstring. ``ready`` asks the view to repaint."""

    ready = Signal()

    def __init__(self, parent: QObject | None = None, ratio: float = 1.0):
        super().__init__(parent)
        self.ratio = ratio
        self.runner = TaskRunner(self, max_threads=1)
        self._pixmaps: OrderedDict[str, QPixmap | None] = OrderedDict()
        self._versions: dict[str, tuple | None] = {}  # each picture's file as it was when the picture was made
        self._wanted: OrderedDict[str, None] = OrderedDict()
        self._running: str | None = None
        self._repaint = QTimer(self)
        self._repaint.setSingleShot(True)
        self._repaint.setInterval(50)
        self._repaint.timeout.connect(self.ready.emit)

    def pixmap(self, path: str):
        """The picture of ``path`` when it is in memory (None: the file is no picture); otherwise asks for it and
        returns a marker for "not yet" (never blocks)."""
        found = self._pixmaps.get(path, _ASKED)
        if found is not _ASKED:
            self._pixmaps.move_to_end(path)
            return found
        if path != self._running:
            self._wanted[path] = None
            self._wanted.move_to_end(path)
            if self._running is None:
                QTimer.singleShot(0, self._next)
        return _ASKED

    def has(self, path: str) -> bool:
        """Whether a picture (or the knowledge that there is none) for ``path`` is in memory."""
        return path in self._pixmaps

    def drop_requests(self) -> None:
        """The rows on screen changed: forget what was asked for rows that may have left it."""
        self._wanted.clear()

    def forget(self, paths) -> None:
        """These image files changed: make their pictures again when they are next shown."""
        for path in paths:
            self._pixmaps.pop(os.fspath(path), None)
            self._versions.pop(os.fspath(path), None)
        self.ready.emit()

    def recheck(self) -> None:
        """Forget the pictures whose files changed since they were made (another program rewrote, replaced or
        removed them): one ``stat`` per picture in memory, done when the list's rows were checked again."""
        changed = [path for path in self._pixmaps if _version(path) != self._versions.get(path)]
        if changed:
            self.forget(changed)

    def clear(self) -> None:
        """Forget every picture and request (another folder)."""
        self._pixmaps.clear()
        self._versions.clear()
        self._wanted.clear()

    def _next(self) -> None:
        if self._running is not None or not self._wanted:
            return
        path, _ = self._wanted.popitem(last=True)  # the most recently painted row first
        self._running = path
        box = QSize(round(BOX.width() * self.ratio), round(BOX.height() * self.ratio))
        self.runner.submit(lambda: _load(path, box), label="Making a thumbnail",
                           on_done=lambda made: self._loaded(path, *made),
                           on_error=lambda _message: self._loaded(path, None, None))

    def _loaded(self, path: str, version: tuple | None, image: QImage | None) -> None:
        self._running = None
        pixmap = None
        if image is not None:
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(self.ratio)
        self._pixmaps[path] = pixmap
        self._versions[path] = version
        while len(self._pixmaps) > KEPT:
            self._versions.pop(self._pixmaps.popitem(last=False)[0], None)
        if not self._repaint.isActive():
            self._repaint.start()
        self._next()


class ThumbnailDelegate(QStyledItemDelegate):
    """Paints a row's featured image, centred in its cell, from the loader's memory only."""

    def __init__(self, panel, loader: ThumbnailLoader):
        super().__init__(panel.view)
        self.panel = panel
        self.loader = loader

    def image_path(self, index) -> str:
        """The featured image file of the row at the (proxy) ``index`` ('' when it names none)."""
        row = self.panel.model.row(self.panel.proxy.mapToSource(index).row())
        return os.path.join(row.path.rpartition(os.sep)[0], row.image_href) if row.image_href else ""

    def paint(self, painter, option, index) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        style = options.widget.style() if options.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        path = self.image_path(index)
        pixmap = self.loader.pixmap(path) if path else None
        if isinstance(pixmap, QPixmap):
            size = pixmap.deviceIndependentSize().toSize()
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(option.rect.center())
            painter.drawPixmap(target, pixmap)

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt override
        return QSize(BOX.width() + 8, BOX.height() + 4)

    def helpEvent(self, event, view, option, index) -> bool:  # noqa: N802 - Qt override
        path = self.image_path(index)
        if path and self.loader.has(path) and self.loader.pixmap(path) is None:
            text = f"{os.path.basename(path)}: missing, or not an image that can be shown"
        else:
            text = os.path.basename(path) if path else "No featured image file"
        QToolTip.showText(event.globalPos(), text, view)
        return True


def install_thumbnail_column(panel) -> QAction:
    """Give ``panel`` (a :class:`~curator_gui.ui.file_list.panel.FileListPanel`) its thumbnail column, hidden,
    placed before the title; returns the checkable action that shows it (``panel.thumbnail_action``, also in the
    header's menu). ``panel.thumbnails`` is the loader (tell it about image files that changed)."""
    view, header = panel.view, panel.view.horizontalHeader()
    loader = ThumbnailLoader(panel, view.devicePixelRatioF())
    view.setItemDelegateForColumn(IMAGE, ThumbnailDelegate(panel, loader))
    header.resizeSection(IMAGE, BOX.width() + 8)
    header.setSectionResizeMode(IMAGE, QHeaderView.ResizeMode.Fixed)
    header.moveSection(header.visualIndex(IMAGE), header.visualIndex(TITLE))
    vertical = view.verticalHeader()
    plain_height = vertical.defaultSectionSize()

    def show(shown: bool) -> None:
        view.setColumnHidden(IMAGE, not shown)
        vertical.setDefaultSectionSize(max(plain_height, BOX.height() + 4) if shown else plain_height)

    action = QAction("Image Column", header)
    action.setObjectName("actionImageColumn")
    action.setCheckable(True)
    action.setToolTip("Show each file's featured image as a thumbnail in the list")
    action.toggled.connect(show)
    header.addAction(action)
    show(False)
    loader.ready.connect(view.viewport().update)
    view.verticalScrollBar().valueChanged.connect(loader.drop_requests)
    panel.proxy.modelReset.connect(loader.drop_requests)
    panel.proxy.layoutChanged.connect(loader.drop_requests)
    panel.model.modelReset.connect(loader.clear)
    # the rows checked again (an index refresh: files beside the curations may have changed), looked at once they
    # settle: a picture whose file changed is made again
    recheck = QTimer(panel)
    recheck.setSingleShot(True)
    recheck.setInterval(RECHECK_MS)
    recheck.timeout.connect(loader.recheck)
    panel.model.dataChanged.connect(recheck.start)
    panel.thumbnails = loader
    panel.thumbnail_action = action
    return action
