"""Pictures of images for the window: the only place that turns an image file, or an image's bytes, into something
Qt can paint.

The loading functions run in a background thread (they return a :class:`Picture` holding a QImage, which any
thread may make; the GUI thread turns it into a pixmap). Decoding is the core's
(:mod:`curator_gui.core.media.thumbnails`: only the formats a curation may hold, the pixel limit, named pipes never
opened); a file's thumbnail is kept in the user cache, so showing it again costs one ``stat``
(:func:`cached_image`, cheap enough for the GUI thread).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap

from curator_gui.core.errors import CuratorError
from curator_gui.core.media.imagecheck import ImageFacts


@dataclass(frozen=True)
class Picture:
    """What the window shows of an image: its picture (None when there is none), what it really is, its size in
    bytes (-1 unknown), and why there is no picture ('' when there is one)."""

    image: QImage | None
    facts: ImageFacts | None = None
    size: int = -1
    fault: str = ""


def load_file(path: str | os.PathLike, size: int) -> Picture:
    """The picture of an image file, at most ``size`` pixels (background thread; never raises)."""
    from curator_gui.core.media.facts import read_file_facts
    from curator_gui.core.media.thumbnails import make_thumbnail

    found = read_file_facts(path)
    try:
        length = os.stat(path).st_size
    except OSError:
        length = -1
    if found.facts is None:
        return Picture(None, None, length, found.fault)
    try:
        image = QImage(str(make_thumbnail(path, size)))
    except (CuratorError, OSError) as error:
        return Picture(None, found.facts, length, str(error))
    return Picture(image if not image.isNull() else None, found.facts, length, "" if not image.isNull()
                   else "could not be shown")


def load_bytes(data: bytes, facts: ImageFacts | None, size: int, name: str = "the image") -> Picture:
    """The picture of an image held in memory (background thread; never raises)."""
    from curator_gui.core.media.thumbnails import thumbnail_png

    try:
        image = QImage.fromData(thumbnail_png(data, size, name=name), "PNG")
    except (CuratorError, OSError, ValueError) as error:
        return Picture(None, facts, len(data), str(error))
    return Picture(image if not image.isNull() else None, facts, len(data))


def cached_image(path: str | os.PathLike, size: int) -> QImage | None:
    """The cached thumbnail of an image file when there is one for its current version (GUI thread)."""
    from curator_gui.core.media.thumbnails import cached_thumbnail

    found = cached_thumbnail(path, size)
    if found is None:
        return None
    image = QImage(str(found))
    return None if image.isNull() else image


def fitted(image: QImage, box: QSize, ratio: float = 1.0) -> QPixmap:
    """``image`` scaled to fit ``box`` (aspect kept, never enlarged beyond twice its size), sharp at ``ratio``."""
    target = QSize(round(box.width() * ratio), round(box.height() * ratio))
    limit = image.size() * 2
    target = target.boundedTo(limit) if not limit.isEmpty() else target
    pixmap = QPixmap.fromImage(image.scaled(target, Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.SmoothTransformation))
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def byte_text(size: int) -> str:
    """'850 bytes', '12.3 KB', '1.4 MB'."""
    if size < 1024:
        return f"{size:,} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def describe(picture: Picture, compact: bool = False) -> str:
    """'JPEG · 1200 × 630 px · 85.1 KB' (what is known of it); ``compact``: 'JPEG 1200×630 · 85.1 KB'."""
    parts = []
    if picture.facts is not None and compact:
        parts.append(f"{picture.facts.format} {picture.facts.width}×{picture.facts.height}")
    elif picture.facts is not None:
        parts += [picture.facts.format, f"{picture.facts.width} × {picture.facts.height} px"]
    if picture.size >= 0:
        parts.append(byte_text(picture.size))
    return " · ".join(parts)
