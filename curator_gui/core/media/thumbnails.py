"""Thumbnails of images for the window (the file list, the Media preview, the review of a fetch): the only place
that makes them and keeps them on disk.

A thumbnail is a PNG of at most ``size`` × ``size`` pixels (aspect kept) in the user cache
(``$CURATOR_GUI_CACHE_DIR/thumbnails``, else the platform's user cache directory), named after the image's path,
byte size and mtime (``thumbnails/<2 hex>/<path hash>-<size>-<version hash>.png``), so an image changed on disk
gets a new thumbnail and the old one is removed. Making one is safe against hostile files: only the formats a
curation may hold are decoded, a named pipe or a device is never opened, and an image declaring more than
:data:`~.imagecheck.MAX_IMAGE_PIXELS` pixels is refused from its header.
A JPEG is decoded at reduced scale (libjpeg's DCT scaling), which makes most thumbnails a few milliseconds; a
photo is turned upright as its EXIF orientation says (as browsers show it), and a 16-bit grey PNG is shown too.
An image held in memory (downloaded, not stored yet) gets a thumbnail too, never cached
(:func:`thumbnail_png`). Thread-safe, no Qt: the window makes them in a background thread.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from curator_gui.core.media.imagecheck import ImageRefused, format_of, imaging, open_image

#: The thumbnail size the file list uses (pixels, the longer side).
DEFAULT_SIZE = 64
#: How thumbnails are made: part of each one's name, so that a change here makes the cached ones anew.
_RECIPE = 2


def thumbnail_folder() -> Path:
    """Where thumbnails are kept (beside the index cache)."""
    from curator_gui.core.index_cache import default_cache_path

    return default_cache_path().parent / "thumbnails"


def _names(image_path: str, st: os.stat_result, size: int) -> tuple[str, str, str]:
    """(shard folder, prefix shared by every thumbnail of this path and size, this version's file name). Shards
    (256 of them) keep each folder small, so removing an image's older thumbnails lists few names."""
    path_hash = hashlib.sha256(os.fsencode(os.path.abspath(image_path))).hexdigest()[:24]
    version = hashlib.sha256(f"{st.st_size}:{st.st_mtime_ns}:{_RECIPE}".encode()).hexdigest()[:12]
    prefix = f"{path_hash}-{size}-"
    return path_hash[:2], prefix, f"{prefix}{version}.png"


def cached_thumbnail(image_path: str | os.PathLike, size: int = DEFAULT_SIZE, *,
                     folder: Path | None = None) -> Path | None:
    """The thumbnail of ``image_path`` when one is cached for its current size and mtime (one ``stat``, nothing
    decoded: cheap enough for a list's paint); None otherwise."""
    try:
        st = os.stat(image_path)
    except OSError:
        return None
    shard, _prefix, name = _names(os.fspath(image_path), st, size)
    found = (folder or thumbnail_folder()) / shard / name
    return found if found.exists() else None


def make_thumbnail(image_path: str | os.PathLike, size: int = DEFAULT_SIZE, *, folder: Path | None = None) -> Path:
    """The thumbnail of ``image_path`` (made now unless cached; older ones of the same path removed).

    Raises :class:`~.imagecheck.ImageRefused` for a file that is no acceptable image (with the reason) and
    ``OSError`` when it cannot be read or the cache cannot be written. Call it from a background thread.
    """
    from curator_gui.core.files import open_regular_file

    if not 8 <= size <= 1024:
        raise ValueError(f"a thumbnail size between 8 and 1024 pixels, not {size!r}")
    name = os.fspath(image_path)
    stream, st = open_regular_file(name)
    with stream:
        shard, prefix, file_name = _names(name, st, size)
        folder = (folder or thumbnail_folder()) / shard
        target = folder / file_name
        if target.exists():
            return target
        image = _scaled(stream, size, name)
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".thumb-", suffix=".png", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            image.save(out, "PNG", compress_level=1)  # a cache: speed over size
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    _remove_older(folder, prefix, file_name)
    return target


def thumbnail_png(data: bytes, size: int = DEFAULT_SIZE, *, name: str = "the image") -> bytes:
    """A PNG of at most ``size`` × ``size`` pixels of the image ``data`` (an image held in memory, not stored:
    a downloaded one the curator has not chosen yet), with the same safety as :func:`make_thumbnail`. Raises
    :class:`~.imagecheck.ImageRefused`. Call it from a background thread."""
    import io

    if not 8 <= size <= 1024:
        raise ValueError(f"a thumbnail size between 8 and 1024 pixels, not {size!r}")
    image = _scaled(io.BytesIO(data), size, name)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def _scaled(stream, size: int, name: str):
    """The image in the stream, decoded at the smallest scale that still gives ``size`` pixels, then scaled."""
    first = stream.read(1024)
    stream.seek(0)
    with open_image(stream, first, name=name) as image:
        try:
            if format_of(image) == "JPEG":
                image.draft("RGB", (size, size))  # decode at 1/2, 1/4 or 1/8 scale when that still covers size
            picture = image
            if image.mode.startswith("I;16"):  # 16-bit grey PNG: resampling wants 8 bits (its top byte)
                picture = image.convert("I").point(lambda value: value / 256).convert("L")
            picture.thumbnail((size, size), imaging().Resampling.BILINEAR, reducing_gap=2.0)
            # as browsers show it: a photo whose EXIF says it was taken turned is shown upright
            picture = _upright(picture)
            mode = "RGBA" if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info else "RGB"
            return picture.convert(mode)
        except (OSError, ValueError, SyntaxError, EOFError) as error:
            raise ImageRefused(f"{name} is a damaged image ({' '.join(str(error).split())[:120]})") from None


def _upright(picture):
    """``picture`` turned as its EXIF orientation says (unchanged when it says nothing, or nothing readable: a
    damaged EXIF block costs the turn, never the thumbnail)."""
    from PIL import ImageOps

    try:
        return ImageOps.exif_transpose(picture)
    except Exception:  # noqa: BLE001 - any fault of the EXIF data
        return picture


def _remove_older(folder: Path, prefix: str, keep: str) -> None:
    """Remove the thumbnails of earlier versions of the same image (same path and size)."""
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.name.startswith(prefix) and entry.name != keep]
    except OSError:
        return
    for name in names:
        try:
            os.unlink(folder / name)
        except OSError:
            pass
