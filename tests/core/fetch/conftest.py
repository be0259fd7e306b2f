"""Fixtures for the fetcher: the fixture pages, and a real threaded HTTP server on 127.0.0.1 with hostile routes.

Nothing here reaches beyond the loopback interface. Slow routes wait on an event that is set when the server
stops, so no handler thread outlives the test session.
"""
from __future__ import annotations

import gzip
import http.server
import ipaddress
import socket
import ssl
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fetch_hostile_routes import HOSTILE_ROUTES
from fetch_image_routes import IMAGE_ROUTES

PAGES = Path(__file__).resolve().parent / "pages"
TLS = Path(__file__).resolve().parent / "tls"  # a self-signed certificate for 127.0.0.1 (no client trusts it)

BIG_BYTES = 101 * 1024 * 1024  # more than 100 MB, generated chunk by chunk, never held in memory
MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
               b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def page_bytes(name: str) -> bytes:
    """The bytes of a fixture page in tests/core/fetch/pages."""
    return (PAGES / name).read_bytes()


@dataclass
class Server:
    """A running loopback server: its base URL and what it saw."""

    base: str
    requests: list = field(default_factory=list)  # (method, path, headers) of every request, in order
    sent: dict = field(default_factory=dict)  # route → bytes written before the client went away
    stopping: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base + path


class _Handler(http.server.BaseHTTPRequestHandler):
    server_version = "FixtureServer/1.0"
    protocol_version = "HTTP/1.1"
    state: Server  # set on the subclass the fixture makes

    def log_message(self, format, *args):  # keep test output clean
        pass

    def do_HEAD(self):
        self.state.requests.append(("HEAD", self.path, dict(self.headers)))
        self.send_error(405, "HEAD is not served here")

    def do_GET(self):
        self.state.requests.append(("GET", self.path, dict(self.headers)))
        if self.path.startswith("http://"):  # asked as a proxy: the absolute form names the route all the same
            self.path = self.path[self.path.index("/", len("http://")):]
        path = self.path.split("?", 1)[0]
        route = ROUTES.get(path)
        if route is None and path.startswith("/pages/"):
            route = _serve_page
        if route is None and path.startswith("/chain/"):
            route = _chain
        if route is None:
            self._send(404, b"<html><head><title>Not found</title></head></html>")
            return
        try:
            route(self)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass  # the client gave up, which is what several tests expect it to do

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
              headers: dict | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serve_page(h: _Handler) -> None:
    name = h.path.split("?", 1)[0][len("/pages/"):]
    path = PAGES / name
    if "/" in name or not path.is_file():
        h._send(404, b"not found")
        return
    content_type = "text/html" if name.startswith("cp1252") else "text/html; charset=utf-8"
    h._send(200, path.read_bytes(), content_type)


def _redirect(location: str, status: int = 302):
    def route(h: _Handler) -> None:
        h._send(status, b"", headers={"Location": location})
    return route


def _chain(h: _Handler) -> None:
    step = int(h.path.rsplit("/", 1)[-1])
    h._send(302, b"", headers={"Location": f"/chain/{step + 1}"})


def _trickle(h: _Handler) -> None:
    """Headers at once, then one byte a second: a per-read timeout never fires on this."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.flush()
    for _ in range(120):
        h.wfile.write(b"<")
        h.wfile.flush()
        if h.state.stopping.wait(1.0):
            return


def _trickle_headers(h: _Handler) -> None:
    """The status line and headers themselves one byte a second."""
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"x" * 200:
        h.wfile.write(bytes([byte]))
        h.wfile.flush()
        if h.state.stopping.wait(1.0):
            return


def _slow(h: _Handler) -> None:
    """Nothing at all for a long time, then a page."""
    if h.state.stopping.wait(30.0):
        return
    h._send(200, b"<html><head><title>Late</title></head></html>")


def _big(h: _Handler) -> None:
    """A page of more than 100 MB with a head that lacks most metadata (so the reader keeps going)."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", str(BIG_BYTES))
    h.end_headers()
    head = b"<!doctype html><html><head><title>Big page</title></head><body>"
    filler = b"<p>" + b"lorem ipsum " * 5000 + b"</p>\n"
    sent = 0
    try:
        h.wfile.write(head)
        sent = len(head)
        while sent < BIG_BYTES and not h.state.stopping.is_set():
            piece = filler[: BIG_BYTES - sent]
            h.wfile.write(piece)
            sent += len(piece)
    finally:
        h.state.sent["/big"] = sent


def _head_then_stall(h: _Handler) -> None:
    """A head with everything the fragment needs, then a body that never comes."""
    head = page_bytes("og_complete.html").split(b"</head>")[0] + b"</head>\n<body>"
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", str(len(head) + 1_000_000))
    h.end_headers()
    h.wfile.write(head)
    h.wfile.flush()
    h.state.stopping.wait(30.0)


def _compressed(encoding: str):
    def route(h: _Handler) -> None:
        raw = page_bytes("og_complete.html")
        body = gzip.compress(raw) if encoding == "gzip" else zlib.compress(raw)
        h._send(200, body, headers={"Content-Encoding": encoding})
    return route


def _bad_gzip(h: _Handler) -> None:
    h._send(200, b"this is not gzip data at all" * 10, headers={"Content-Encoding": "gzip"})


def _status(code: int):
    def route(h: _Handler) -> None:
        h._send(code, b"<html><head><title>Error</title></head><body>error</body></html>")
    return route


def _user_agent(h: _Handler) -> None:
    agent = h.headers.get("User-Agent", "")
    h._send(200, f"<html><head><title>{agent}</title></head></html>".encode())


ROUTES = {
    "/403": _status(403),
    "/404": _status(404),
    "/500": _status(500),
    "/503": _status(503),
    "/loop/a": _redirect("/loop/b"),
    "/loop/b": _redirect("/loop/a"),
    "/self": _redirect("/self", 301),
    "/go": _redirect("/pages/relative_links.html", 301),
    "/go/twice": _redirect("/go", 307),
    "/to-ftp": _redirect("ftp://127.0.0.1/file"),
    "/no-location": lambda h: h._send(302, b""),
    "/trickle": _trickle,
    "/trickle-headers": _trickle_headers,
    "/slow": _slow,
    "/big": _big,
    "/head-then-stall": _head_then_stall,
    "/gzip": _compressed("gzip"),
    "/deflate": _compressed("deflate"),
    "/bad-gzip": _bad_gzip,
    "/pdf": lambda h: h._send(200, MINIMAL_PDF, "application/pdf"),
    "/pdf-as-html": lambda h: h._send(200, MINIMAL_PDF, "text/html"),
    "/pdf-untyped": lambda h: h._send(200, MINIMAL_PDF, ""),
    "/image": lambda h: h._send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png"),
    "/json": lambda h: h._send(200, b'{"title": "not a page"}', "application/json"),
    "/empty": lambda h: h._send(200, b""),
    "/user-agent": _user_agent,
    "/cp1252-header": lambda h: h._send(200, page_bytes("cp1252_no_charset.html"), "text/html; charset=windows-1252"),
    **HOSTILE_ROUTES,
    **IMAGE_ROUTES,
}


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # a client that hung up on a hostile route is the point of the test
        super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def server():
    """A threaded HTTP server on 127.0.0.1 (a free port) serving the fixture pages and the hostile routes."""
    state = Server(base="")
    handler = type("Handler", (_Handler,), {"state": state})
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stopping.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def tls_server():
    """The same routes over TLS on 127.0.0.1, with a self-signed certificate that no client trusts."""
    state = Server(base="")
    handler = type("TLSHandler", (_Handler,), {"state": state})
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "selfsigned-cert.pem", TLS / "selfsigned-key.pem")
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True, do_handshake_on_connect=False)
    state.base = f"https://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stopping.set()
        httpd.shutdown()
        httpd.server_close()


@dataclass
class Resolver:
    """Host names the fetcher may resolve in a test: name → addresses (a list per lookup, the last one repeats)."""

    names: dict = field(default_factory=dict)
    lookups: list = field(default_factory=list)  # every name looked up, in order
    connects: list = field(default_factory=list)  # every address a socket tried to connect to

    def answer(self, name: str, *answers: list | str) -> None:
        """``name`` resolves to ``answers[0]`` first, then ``answers[1]``…: a list of addresses each time."""
        self.names[name] = [[a] if isinstance(a, str) else list(a) for a in answers]


@pytest.fixture
def resolver(monkeypatch):
    """A patched resolver: names answered from a table, literal addresses as the system reads them, and any
    other name refused, so no DNS query leaves the machine. A tripwire on ``socket.connect`` records every
    address and refuses anything off loopback, so even a broken address policy cannot send a packet out."""
    table = Resolver()
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        name = host.decode() if isinstance(host, bytes) else str(host)
        table.lookups.append(name)
        if name in table.names:
            answers = table.names[name]
            seen = sum(1 for looked in table.lookups if looked == name)
            addresses = answers[min(seen, len(answers)) - 1]
            result = []
            for address in addresses:
                ip = ipaddress.ip_address(address)
                if ip.version == 6:
                    result.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, int(port), 0, 0)))
                else:
                    result.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port))))
            return result
        return real_getaddrinfo(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)

    def connect(sock, address):
        table.connects.append(address[0])
        if not ipaddress.ip_address(address[0].split("%")[0]).is_loopback:
            raise OSError(101, "Network is unreachable (the test tripwire refused to leave loopback)")
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    return table


@pytest.fixture
def public_loopback(monkeypatch):
    """127.0.0.1 counts as a public address, so that the loopback server can stand for a site on the internet.

    Every other address keeps its real class: 127.0.0.2, 10.0.0.0/8, 169.254.169.254… stay private.
    """
    from curator_gui.core.fetch import netpolicy

    real_kind = netpolicy.address_kind
    monkeypatch.setattr(netpolicy, "address_kind", lambda address: "" if address == "127.0.0.1" else
                        real_kind(address))


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch):
    """A proxy set in the environment must not capture requests meant for the loopback server."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def fixture_page():
    """``fixture_page(name)``: the bytes of a page in tests/core/fetch/pages."""
    return page_bytes


@pytest.fixture
def wait_for():
    """``wait_for(predicate, seconds)``: poll until the predicate holds; returns whether it did."""
    def poll(predicate, seconds: float = 3.0) -> bool:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if predicate():
                return True
            time.sleep(0.02)
        return bool(predicate())
    return poll
