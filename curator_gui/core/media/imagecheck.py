"""The only place that decides whether bytes are an image a curation may publish, and says why not.

The bytes decide, never a URL's extension or a Content-Type: Pillow identifies the format from the data (only
the formats a curation may hold are tried, so no other decoder ever sees hostile input), reads the pixel size
from the header without decoding, and then decodes the image once to prove it is whole. Refused, each with a
one-line reason: anything that is not JPEG, PNG, GIF or WEBP (ICO or PNG for a site icon) — an HTML page served
with status 200, an SVG drawing, a PDF —, an empty, truncated or undecodable file, more than
:data:`MAX_IMAGE_BYTES`, and more than :data:`MAX_IMAGE_PIXELS` pixels (a decompression bomb: a few kilobytes
that would decode to gigabytes are refused from their header, before any pixel is decoded).

Pillow is imported on first use, so that importing this module stays cheap.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from curator_gui.core.errors import CuratorError

FEATURED = "featuredImage"
FAVICON = "favIconImage"
KINDS = (FEATURED, FAVICON)
#: The formats each kind of image may be stored in, as Pillow names them (and as ``format`` records them). A site
#: icon is also taken in the featured image's formats: sites serve JPEG, GIF and WEBP icons, and curations hold them.
ACCEPTED = {FEATURED: ("JPEG", "PNG", "GIF", "WEBP"), FAVICON: ("ICO", "PNG", "GIF", "JPEG", "WEBP")}
#: The file extension written for each format (the files in the wild use ``.jpeg``).
EXTENSIONS = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "ICO": "ico"}
#: Largest image accepted, downloaded or copied.
MAX_IMAGE_BYTES = 10 * 1024 * 1024
#: Most pixels an image taken in may have (a 48-megapixel camera photo fits; curations hold images of up to 27).
#: Decoding one costs up to 4 bytes a pixel (a JPEG is decoded at 1/8 scale), which bounds a check's memory.
MAX_IMAGE_PIXELS = 50_000_000
#: Every format Pillow is allowed to try (the accepted ones of both kinds).
_TRIED = ("JPEG", "PNG", "GIF", "WEBP", "ICO")
#: Pillow's names for variants of an accepted format.
_SAME_FORMAT = {"MPO": "JPEG"}


class ImageRefused(CuratorError):
    """Bytes that are not an image a curation may hold; the message says why in one line."""


@dataclass(frozen=True)
class ImageFacts:
    """What an image really is: its format (``JPEG``, ``PNG``, ``GIF``, ``WEBP`` or ``ICO``) and pixel size."""

    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        """The file extension it is stored under (``jpeg``, ``png``…)."""
        return EXTENSIONS[self.format]

    def describe(self) -> str:
        """``JPEG, 1200×630``."""
        return f"{self.format}, {self.width}×{self.height}"


def kind_label(kind: str) -> str:
    """'featured image' or 'site icon', for messages."""
    return "site icon" if kind == FAVICON else "featured image"


def accepted_text(kind: str) -> str:
    """'JPEG, PNG, GIF or WEBP' (or 'ICO or PNG' for a site icon)."""
    names = ACCEPTED[kind]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _a(word: str) -> str:
    """The word with its article: 'a JPEG', 'an ICO'."""
    return f"{'an' if word[:1] in 'AEIOU' else 'a'} {word}"


def imaging():
    """Pillow's Image module, imported on first use, with its bomb warning silenced (the size limit here is
    stricter and refuses with a sentence instead). The filter is set on every call (an identical filter replaces
    itself), so that code that resets the warning filters cannot bring the warning back."""
    import warnings

    from PIL import Image
    # The five plugins, imported by name: otherwise Pillow imports all of its forty plugins on first use.
    from PIL import GifImagePlugin, IcoImagePlugin, JpegImagePlugin, PngImagePlugin, WebPImagePlugin  # noqa: F401

    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
    return Image


def format_of(image) -> str:
    """The format of an opened image as a curation records it: a JPEG with a multi-picture extension (as many
    cameras and phones write them; Pillow calls it MPO) is a JPEG."""
    return _SAME_FORMAT.get(image.format or "", image.format or "")


def inspect_image(data: bytes, kind: str = FEATURED, *, name: str = "the image", decode: bool = True) -> ImageFacts:
    """The facts of ``data`` when it is an image of ``kind`` that a curation may hold; else :class:`ImageRefused`.

    ``name`` (a URL or a file name) starts the refusal's sentence. With ``decode`` (the default) the whole image
    is decoded once, so that a truncated or damaged file is refused too; without it only the header is read.
    Safe to call from any thread.
    """
    if not data:
        raise ImageRefused(f"{name} is empty, not an image")
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRefused(f"{name} is {len(data):,} bytes, more than the {MAX_IMAGE_BYTES // 2**20} MB an image "
                           f"may have")
    import io

    return _inspect(io.BytesIO(data), data[:1024], kind, name, decode)


def read_header(stream, first: bytes, *, name: str = "the image") -> ImageFacts:
    """The format and size an open image file declares in its header (nothing decoded), in any of the formats a
    curation may hold, whatever its kind and size: what validation compares with a record. ``first`` are its
    first bytes (up to 1 KB), for naming what a file that is no image holds. Raises :class:`ImageRefused`."""
    return _inspect(stream, first, None, name, decode=False)


def open_image(stream, first: bytes, *, name: str = "the image", kind: str | None = None, limit: bool = True):
    """The image in an open binary file, opened by Pillow with only the formats a curation may hold tried, and
    refused unless ``kind`` may hold its format (any of them when None); nothing is decoded yet (the caller
    closes it). ``first`` are its first bytes (up to 1 KB), for naming what a file that
    is no image holds. With ``limit``, an image declaring more than :data:`MAX_IMAGE_PIXELS` is refused from its
    header. Raises :class:`ImageRefused`."""
    wanted = f"{_a(accepted_text(kind))} image" if kind else "an image"
    refusal = not_an_image(first)
    if refusal:
        raise ImageRefused(f"{name} is {refusal}, not {wanted}")
    Image = imaging()
    try:
        image = Image.open(stream, formats=_TRIED)
    except Image.DecompressionBombError as error:
        raise ImageRefused(f"{name} declares {_declared_pixels(error)} pixels, more than the limit of "
                           f"{MAX_IMAGE_PIXELS:,} (a decompression bomb?)") from None
    except Image.UnidentifiedImageError:
        if _is_text(first):
            raise ImageRefused(f"{name} is text, not {wanted}") from None
        raise ImageRefused(f"{name} is not {wanted} (its bytes match no image format)") from None
    except (OSError, ValueError, SyntaxError, EOFError) as error:  # a header Pillow cannot read
        raise _damaged(name, "", error) from None
    try:
        if kind and format_of(image) not in ACCEPTED[kind]:
            raise ImageRefused(f"{name} is {_a(format_of(image) or 'unknown')} image, but a {kind_label(kind)} "
                               f"must be {accepted_text(kind)}")
        if image.width < 1 or image.height < 1:
            raise ImageRefused(f"{name} declares an empty image ({image.width}×{image.height} pixels)")
        if limit and image.width * image.height > MAX_IMAGE_PIXELS:
            raise ImageRefused(f"{name} declares {image.width}×{image.height} pixels, more than the limit of "
                               f"{MAX_IMAGE_PIXELS:,} (a decompression bomb?)")
    except ImageRefused:
        image.close()
        raise
    return image


def _inspect(stream, first: bytes, kind: str | None, name: str, decode: bool) -> ImageFacts:
    with open_image(stream, first, name=name, kind=kind, limit=decode) as image:
        facts = ImageFacts(format_of(image), int(image.width), int(image.height))
        if decode:
            _decode(image, stream, name)
    return facts


def _decode(image, stream, name: str) -> None:
    """Decode the (first frame of the) image once; a JPEG at 1/8 scale, which reads all of its data as well. A
    PNG's chunks are also checked to the end (their checksums, and that the file is not cut before its end)."""
    try:
        if format_of(image) == "JPEG":
            image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
        if image.format == "PNG":
            stream.seek(0)
            with imaging().open(stream, formats=("PNG",)) as again:
                again.verify()
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as error:
        raise _damaged(name, image.format, error) from None


def _damaged(name: str, format_name: str, error: BaseException) -> ImageRefused:
    text = str(error)
    if "truncated" in text.lower() or isinstance(error, EOFError):
        return ImageRefused(f"{name} is truncated: the image data ends early")
    return ImageRefused(f"{name} is a damaged {format_name + ' ' if format_name else ''}image ({_short(error)})")


def _declared_pixels(error: Exception) -> str:
    found = re.search(r"\((\d+) pixels\)", str(error))
    return f"{int(found[1]):,}" if found else "too many"


def _short(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 120 else text[:119] + "…"


# --- what a file that is no image holds ------------------------------------------------------------------------

_SIGNATURES = (
    (b"\xff\xd8\xff", ""), (b"\x89PNG\r\n\x1a\n", ""), (b"GIF87a", ""), (b"GIF89a", ""), (b"\x00\x00\x01\x00", ""),
    (b"%PDF-", "a PDF document"), (b"BM", "a BMP image"), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
    (b"\x00\x00\x02\x00", "a cursor file"), (b"8BPS", "a Photoshop file"), (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"), (b"\xff\x0a", "a JPEG XL image"),
)


def not_an_image(first: bytes) -> str:
    """What the first bytes of a file show it to be when that is certainly no accepted image ('an HTML page',
    'an SVG drawing', 'a PDF document'…); '' when it may be an image (Pillow decides)."""
    if first.startswith(b"RIFF") and first[8:12] == b"WEBP":
        return ""
    for signature, what in _SIGNATURES:
        if first.startswith(signature):
            return what
    if first[4:8] == b"ftyp":
        brand = first[8:12]
        if brand in (b"avif", b"avis"):
            return "an AVIF image"
        if brand in (b"heic", b"heix", b"mif1", b"msf1"):
            return "a HEIC image"
        return "a video"
    text = first.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    if text.startswith(b"<"):
        if b"<svg" in text:
            return "an SVG drawing (vector images can carry scripts and are not published)"
        if b"<html" in text or b"<!doctype html" in text or b"<head" in text or b"<body" in text:
            return "an HTML page (a server's error or login page in place of the image?)"
        return "an XML or HTML document"
    if text.startswith((b"{", b"[")):
        return "JSON data"
    return ""


def _is_text(first: bytes) -> bool:
    text = first[:64]
    return bool(text) and all(32 <= byte < 127 or byte in b"\t\r\n" for byte in text)
