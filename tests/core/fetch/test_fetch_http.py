"""fetch_metadata against a real loopback server: good pages, and servers that misbehave in every usual way."""
from __future__ import annotations

import threading
import time

import pytest

from curator_gui.core import fetch_metadata
from curator_gui.core.errors import FetchError
from curator_gui.core.fetch.http import MAX_BYTES, USER_AGENT, fetch_page

SHORT = 1.5  # the deadline for the slow routes: long enough to be sure, short enough to keep the suite fast


def test_og_complete_page_over_http(server):
    out = fetch_metadata(server.url("/pages/og_complete.html?utm_source=x&id=3"))
    assert out["title"] == "Hospital network adopts remote monitoring"
    assert out["byline"] == ["Jane Doe", "John Roe"]
    assert out["favIconImage"] == {"href": server.url("/static/favicon.ico")}
    assert out["link"]["href"] == server.url("/pages/og_complete.html?id=3")
    assert out["link"]["brand"] == "127.0.0.1"


def test_links_resolve_against_the_final_url_and_keep_the_given_one(server):
    given = server.url("/go/twice")
    out = fetch_metadata(given)
    assert out["featuredImage"]["href"] == server.url("/assets/v2/images/hero.jpg")
    assert out["link"]["original"] == given and out["original"] == given
    assert [r[1] for r in server.requests[-3:]] == ["/go/twice", "/go", "/pages/relative_links.html"]


def test_gzip_and_deflate(server):
    for route in ("/gzip", "/deflate"):
        assert fetch_metadata(server.url(route))["title"] == "Hospital network adopts remote monitoring"


def test_cp1252_without_charset_in_header(server):
    out = fetch_metadata(server.url("/pages/cp1252_no_charset.html"))
    assert out["title"] == "Café \u2013 \u201cquoted\u201d \u20ac5"


def test_header_charset(server):
    assert fetch_metadata(server.url("/cp1252-header"))["description"].startswith("Naïve résumé")


def test_own_user_agent_and_no_head_request(server):
    out = fetch_metadata(server.url("/user-agent"))
    assert out["title"] == USER_AGENT and USER_AGENT.startswith("curator-gui/")
    assert all(method == "GET" for method, _path, _headers in server.requests)


@pytest.mark.parametrize("route, status", [("/404", "404 Not Found"), ("/500", "500 Internal Server Error"),
                                           ("/503", "503 Service Unavailable")])
def test_http_errors_name_the_status(server, route, status):
    with pytest.raises(FetchError, match=f"HTTP {status}"):
        fetch_metadata(server.url(route))


def test_refusal_suggests_a_saved_copy(server):
    with pytest.raises(FetchError, match=r"HTTP 403 Forbidden .*saved from a browser"):
        fetch_metadata(server.url("/403"))


def test_redirect_loop_is_detected(server):
    with pytest.raises(FetchError, match="redirect loop") as caught:
        fetch_metadata(server.url("/loop/a"))
    assert "/loop/b" in str(caught.value) and "/loop/a" in str(caught.value)
    with pytest.raises(FetchError, match="redirect loop"):
        fetch_metadata(server.url("/self"))


def test_at_most_five_redirects(server):
    with pytest.raises(FetchError, match="too many redirects"):
        fetch_metadata(server.url("/chain/0"))
    hops = [path for _m, path, _h in server.requests if path.startswith("/chain/")]
    assert hops[-1] == "/chain/5"  # the first request and five redirects, no more


def test_redirect_to_another_scheme_and_without_location(server):
    with pytest.raises(FetchError, match="cannot be fetched"):
        fetch_metadata(server.url("/to-ftp"))
    with pytest.raises(FetchError, match="302"):
        fetch_metadata(server.url("/no-location"))


def _fetch_threads() -> list:
    return [t for t in threading.enumerate() if t.name == "curator-gui-fetch" and t.is_alive()]


def test_trickling_body_cannot_outlast_the_deadline(server, wait_for):
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch_metadata(server.url("/trickle"), timeout=SHORT)
    assert time.monotonic() - start < SHORT + 1.0
    assert wait_for(lambda: not _fetch_threads(), 2.0)  # the connection was cut, nothing keeps reading


def test_trickling_headers_cannot_outlast_the_deadline(server, wait_for):
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch_metadata(server.url("/trickle-headers"), timeout=SHORT)
    assert time.monotonic() - start < SHORT + 1.0
    assert wait_for(lambda: not _fetch_threads(), 2.0)


def test_slow_response_times_out(server, wait_for):
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 1\.5 s"):
        fetch_metadata(server.url("/slow"), timeout=SHORT)
    assert time.monotonic() - start < SHORT + 1.0
    assert wait_for(lambda: not _fetch_threads(), 2.0)


def test_huge_page_is_capped_not_swallowed(server, wait_for):
    start = time.monotonic()
    page = fetch_page(server.url("/big"), timeout=15)
    assert page.truncated and len(page.body) == MAX_BYTES
    assert fetch_metadata(server.url("/big"), timeout=15)["title"] == "Big page"
    assert time.monotonic() - start < 10
    assert wait_for(lambda: "/big" in server.sent)
    assert server.sent["/big"] < 50 * 1024 * 1024  # the server gave up long before its 101 MB


def test_complete_head_stops_the_download_early(server):
    start = time.monotonic()
    out = fetch_metadata(server.url("/head-then-stall"), timeout=10)
    assert time.monotonic() - start < 2  # the body never comes, and is not waited for
    assert out["title"] == "Hospital network adopts remote monitoring" and out["byline"] == ["Jane Doe", "John Roe"]


@pytest.mark.parametrize("route, message", [
    ("/pdf", "is a PDF document, not a web page"),
    ("/pdf-as-html", "is a PDF document, not a web page"),
    ("/pdf-untyped", "is a PDF document, not a web page"),
    ("/image", r"is an image \(image/png\), not a web page"),
    ("/json", r"is JSON data \(application/json\)"),
    ("/empty", "empty page"),
    ("/bad-gzip", "gzip"),
])
def test_not_a_web_page(server, route, message):
    with pytest.raises(FetchError, match=message):
        fetch_metadata(server.url(route))


@pytest.mark.parametrize("url, message", [
    ("ftp://127.0.0.1/file", "only http and https"),
    ("file:///etc/passwd", "only http and https"),
    ("javascript:alert(1)", "only http and https"),
    ("127.0.0.1/page", "not an absolute URL"),
    ("localhost:8080/page", "not an absolute URL"),
    ("http:///nohost", "no host name"),
    ("http://[::1", "not a valid URL"),
    ("", "not an absolute URL"),
])
def test_refused_before_any_io(server, url, message):
    before = len(server.requests)
    with pytest.raises(FetchError, match=message):
        fetch_metadata(url)
    assert len(server.requests) == before


def test_connection_refused_is_one_readable_line():
    import socket

    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there now
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError) as caught:
        fetch_metadata(f"http://127.0.0.1:{port}/", timeout=5)
    message = str(caught.value)
    assert "refused" in message and "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize("timeout", [0, -1, float("inf"), float("nan"), "5"])
def test_bad_timeout_is_refused(timeout):
    with pytest.raises(FetchError, match="positive"):
        fetch_metadata("http://127.0.0.1/", timeout=timeout)
