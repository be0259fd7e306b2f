"""Routes of the loopback server that serve images: real small ones in each format (made with Pillow), and the
ones a downloader must refuse: a decompression bomb, an HTML page with status 200 where an image should be, a
truncated JPEG, an SVG drawing, 20 MB (declared, and not declared), one that trickles, one behind a redirect."""
from __future__ import annotations

import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/core, for image_samples

from image_samples import image_bytes, png_declaring  # noqa: E402

TWENTY_MB = 20 * 1024 * 1024
#: An undeclared body is streamed for this long, so that what the client leaves unread stands out against what
#: the kernel's socket buffers take in flight (several MB on loopback).
ENDLESS = 64 * 1024 * 1024
SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">'
       b'<script>alert(1)</script><rect width="40" height="30"/></svg>\n')
ERROR_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Page not found</title></head><body><h1>Sorry</h1>"
              b"<p>The image you asked for has moved.</p></body></html>\n")


def _image(format_name: str, content_type: str, width: int = 120, height: int = 63):
    def route(h) -> None:
        h._send(200, image_bytes(format_name, width, height), content_type)
    return route


def _truncated(h) -> None:
    data = image_bytes("JPEG", 400, 300, quality=95)
    h._send(200, data[: len(data) * 2 // 3], "image/jpeg")


def _twenty_mb(declared: bool):
    """A JPEG's first bytes, then filler to 20 MB, written chunk by chunk (never held whole)."""
    def route(h) -> None:
        start = image_bytes("JPEG", 120, 63)[:600]
        h.send_response(200)
        h.send_header("Content-Type", "image/jpeg")
        if declared:
            h.send_header("Content-Length", str(TWENTY_MB))
        else:
            h.send_header("Connection", "close")
            h.close_connection = True
        h.end_headers()
        sent = 0
        try:
            h.wfile.write(start)
            sent = len(start)
            filler = b"\0" * 65536
            total = TWENTY_MB if declared else ENDLESS
            while sent < total and not h.state.stopping.is_set():
                piece = filler[: total - sent]
                h.wfile.write(piece)
                sent += len(piece)
        finally:
            h.state.sent[h.path] = sent
    return route


def _slow(h) -> None:
    """The headers and the image's first bytes, then a byte every 0.2 s."""
    data = image_bytes("PNG", 120, 63)
    h.send_response(200)
    h.send_header("Content-Type", "image/png")
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    h.wfile.write(data[:100])
    h.wfile.flush()
    for byte in data[100:]:
        if h.state.stopping.wait(0.2):
            return
        h.wfile.write(bytes([byte]))
        h.wfile.flush()


def _gzipped(h) -> None:
    h._send(200, gzip.compress(image_bytes("PNG", 120, 63)), "image/png", headers={"Content-Encoding": "gzip"})


def _page(image: str, icon: str):
    """An article whose og:image and icon are on this server (its own address, as a real page names them)."""
    def route(h) -> None:
        base = f"http://127.0.0.1:{h.server.server_address[1]}"
        h._send(200, (f'<!doctype html><html><head><title>Clinic Opens Late | Ward Notes</title>'
                      f'<meta property="og:title" content="Clinic Opens Late on Weekdays">'
                      f'<meta property="og:description" content="The walk-in clinic now stays open until nine.">'
                      f'<meta property="og:image" content="{base}{image}">'
                      f'<link rel="icon" href="{icon}"></head><body><p>Text.</p></body></html>').encode())
    return route


IMAGE_ROUTES = {
    "/img/article.html": _page("/img/photo.jpg", "/img/favicon.ico"),
    "/img/article-bad-image.html": _page("/img/error-page.jpg", "/img/gone.jpg"),
    "/img/photo.jpg": _image("JPEG", "image/jpeg"),
    "/img/photo.png": _image("PNG", "image/png"),
    "/img/photo.gif": _image("GIF", "image/gif"),
    "/img/photo.webp": _image("WEBP", "image/webp"),
    "/img/favicon.ico": _image("ICO", "image/x-icon", 32, 32),
    "/img/png-named-jpg.jpg": _image("PNG", "text/html"),  # the bytes decide, not the URL nor the type
    "/img/bomb.png": lambda h: h._send(200, png_declaring(100_000, 100_000), "image/png"),
    "/img/bomb-100mp.png": lambda h: h._send(200, png_declaring(10_000, 10_000), "image/png"),
    "/img/error-page.jpg": lambda h: h._send(200, ERROR_PAGE, "image/jpeg"),
    "/img/truncated.jpg": _truncated,
    "/img/drawing.svg": lambda h: h._send(200, SVG, "image/svg+xml"),
    "/img/twenty-mb.jpg": _twenty_mb(declared=True),
    "/img/twenty-mb-undeclared.jpg": _twenty_mb(declared=False),
    "/img/slow.png": _slow,
    "/img/gzipped.png": _gzipped,
    "/img/gone.jpg": lambda h: h._send(404, ERROR_PAGE),
    "/img/moved.jpg": lambda h: h._send(301, b"", headers={"Location": "/img/photo.jpg"}),
}
