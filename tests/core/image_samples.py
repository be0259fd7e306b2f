"""Real small images for the tests, made with Pillow in each format a curation may hold (never copied from
anywhere), and a PNG that declares a huge size (a decompression bomb) written by hand."""
from __future__ import annotations

import io
import struct
import zlib
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=256)
def image_bytes(format_name: str, width: int = 40, height: int = 30, **options) -> bytes:
    """An image of ``width`` × ``height`` pixels (a gradient, so encoders have something to encode)."""
    from PIL import Image

    if format_name == "ICO":  # an icon holds at most 256 × 256 pixels
        width, height = min(width, 256), min(height, 256)
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    if format_name == "ICO":
        image.save(out, "ICO", sizes=[(width, height)])
    else:
        image.save(out, format_name, **options)
    return out.getvalue()


def write_image(path: Path, format_name: str, width: int = 40, height: int = 30) -> Path:
    path.write_bytes(image_bytes(format_name, width, height))
    return path


def png_declaring(width: int, height: int) -> bytes:
    """A small, well-formed PNG whose header declares ``width`` × ``height`` pixels (its data is one row)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))
