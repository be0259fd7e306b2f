"""Routes of the loopback server that misbehave the way hostile or broken servers do: bodies that trickle or
break off, answers that are not HTTP, headers beyond the limits, control characters, credentials in URLs."""
from __future__ import annotations

import socket
import struct
from urllib.parse import parse_qs, urlsplit


# Each route takes the request handler (``h``) of the loopback server in conftest.py.

def _close_framed(h, content_type: str = "text/html; charset=utf-8") -> None:
    """Headers for a body that ends when the server closes the connection (no Content-Length)."""
    h.send_response(200)
    h.send_header("Content-Type", content_type)
    h.send_header("Connection", "close")
    h.end_headers()
    h.close_connection = True


TRICKLED_HEAD = (b"<!doctype html><html><head><title>Trickled page</title>"
                 b"<meta name=\"description\" content=\"Only the head arrived in time.\"></head><body><p>")


def _then_trickle(h, first: bytes, framing: str) -> None:
    """``first`` at once, then a byte every 0.2 s until the server stops (framing: "length" or "close")."""
    if framing == "length":
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", str(len(first) + 100_000))
        h.end_headers()
    else:
        _close_framed(h)
    h.wfile.write(first)
    h.wfile.flush()
    for _ in range(150):
        if h.state.stopping.wait(0.2):
            return
        h.wfile.write(b"x")
        h.wfile.flush()


def _raw(data: bytes):
    """Write ``data`` as the whole answer (status line included), then close the connection."""
    def route(h) -> None:
        h.wfile.write(data)
        h.wfile.flush()
        h.close_connection = True
    return route


def _head_then_close(h) -> None:
    """A complete head, then the connection closes long before the promised Content-Length."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", str(len(TRICKLED_HEAD) + 100_000))
    h.end_headers()
    h.wfile.write(TRICKLED_HEAD)
    h.close_connection = True


def _cut_in_head(h) -> None:
    """The start of a head, then the connection closes before the promised Content-Length."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.write(b"<html><head><title>Cut off")
    h.close_connection = True


def _reset(h) -> None:
    """A TCP reset (SO_LINGER 0) instead of an answer."""
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.rfile.close()  # the socket closes only once its file is closed; the server's own close would send a FIN first
    h.connection.close()
    h.close_connection = True


def _to(h) -> None:
    """``/redirect?to=URL``: a 302 to URL (``&close=1`` also closes the connection, so the next hop reconnects)."""
    query = parse_qs(urlsplit(h.path).query)
    headers = {"Location": query["to"][0]}
    if "close" in query:
        headers["Connection"] = "close"
        h.close_connection = True
    h._send(302, b"", headers=headers)


CREDENTIALED_PAGE = (b"<!doctype html><html><head><title>Credentials in a page</title>"
                     b"<meta property=\"og:image\" content=\"https://cdnuser:cdnsecret@cdn.example/hero.jpg\">"
                     b"<meta property=\"og:url\" content=\"//ogsecretuser:ogsecret@news.example/a\">"
                     b"<link rel=\"icon\" href=\"/favicon.ico\"></head><body></body></html>")

CONTROL_TITLE = "Red \x1b[31malert\x1b[0m \x9b2J bell\x07 del\x7f end"


HOSTILE_ROUTES = {
    "/head-then-trickle": lambda h: _then_trickle(h, TRICKLED_HEAD, "length"),
    "/head-then-trickle-close": lambda h: _then_trickle(h, TRICKLED_HEAD, "close"),
    "/trickle-close": lambda h: _then_trickle(h, b"<", "close"),
    "/trickle-in-head": lambda h: _then_trickle(h, b"<!doctype html><html><head><title>Never ends", "close"),
    "/head-then-close": _head_then_close,
    "/cut-in-head": _cut_in_head,
    "/reset": _reset,
    "/close-at-once": _raw(b""),
    "/not-http": _raw(b"SSH-2.0-OpenSSH_9.6\r\n"),
    "/many-headers": _raw(b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-Filler-%d: x\r\n" % i for i in range(120))
                          + b"Content-Length: 0\r\n\r\n"),
    "/long-header": _raw(b"HTTP/1.1 200 OK\r\nX-Long: " + b"x" * 70_000 + b"\r\nContent-Length: 0\r\n\r\n"),
    "/bad-chunk": _raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
                       b"zz\r\n<html>\r\n"),
    "/reason-control": _raw(b"HTTP/1.1 404 Not\x1b[2J Found\x07\x9b\r\nContent-Length: 0\r\n\r\n"),
    "/type-control": _raw(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\x1b]0 owned\x07\r\nContent-Length: 4\r\n\r\n"
                          b"\x89PNG"),
    "/redirect-control": _raw(b"HTTP/1.1 302 Found\r\nLocation: /pages/og\x1b[31m_complete.html\r\n"
                              b"Content-Length: 0\r\n\r\n"),
    "/redirect": _to,
    "/credentials-page": lambda h: h._send(200, CREDENTIALED_PAGE),
    "/control-title": lambda h: h._send(200, f"<html><head><title>{CONTROL_TITLE}</title></head></html>".encode()),
    "/whoami": lambda h: h._send(200, f"<html><head><title>{h.headers.get('Authorization', 'nobody')}</title>"
                                      f"</head></html>".encode()),
}
