"""Downloading images from the loopback server: each accepted format identified by its bytes, and every kind of
bad answer refused with one sentence (bomb, HTML with status 200, truncated, SVG, 20 MB, too slow, a redirect
into a private network). Nothing here leaves the loopback interface."""
from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from image_samples import image_bytes

from curator_gui.core.errors import FetchError
from curator_gui.core.fetch.netpolicy import AddressPolicy, PrivateAddressError
from curator_gui.core.media.download import download_image, page_policy
from curator_gui.core.media.imagecheck import FAVICON, ImageRefused


@pytest.mark.parametrize("route, format_name", [
    ("/img/photo.jpg", "JPEG"), ("/img/photo.png", "PNG"), ("/img/photo.gif", "GIF"), ("/img/photo.webp", "WEBP"),
    ("/img/png-named-jpg.jpg", "PNG"), ("/img/gzipped.png", "PNG"), ("/img/moved.jpg", "JPEG"),
])
def test_images_are_identified_by_their_bytes(server, route, format_name):
    image = download_image(server.url(route), timeout=5)
    assert (image.facts.format, image.facts.width, image.facts.height) == (format_name, 120, 63)
    assert image.url == server.url("/img/photo.jpg" if route == "/img/moved.jpg" else route)


def test_a_site_icon_may_be_an_ico_file_a_featured_image_may_not(server):
    icon = download_image(server.url("/img/favicon.ico"), kind=FAVICON, timeout=5)
    assert icon.facts.format == "ICO" and icon.facts.extension == "ico"
    with pytest.raises(ImageRefused, match="is an ICO image, but a featured image must be JPEG, PNG, GIF or WEBP"):
        download_image(server.url("/img/favicon.ico"), timeout=5)


@pytest.mark.parametrize("route, message", [
    ("/img/bomb.png", r"declares 10,000,000,000 pixels, more than the limit of 50,000,000 \(a decompression bomb\?\)"),
    ("/img/bomb-100mp.png", r"declares 10000×10000 pixels, more than the limit of 50,000,000 \(a decompression bomb"),
    ("/img/error-page.jpg", r"is an HTML page \(a server's error or login page in place of the image\?\), not a JPEG"),
    ("/img/truncated.jpg", r"is truncated: the image data ends early"),
    ("/img/drawing.svg", r"is an SVG drawing \(vector images can carry scripts and are not published\)"),
    ("/img/twenty-mb.jpg", r"is 20,971,520 bytes, more than the 10 MB an image may have"),
    ("/img/twenty-mb-undeclared.jpg", r"is larger than the 10 MB an image may have"),
])
def test_bad_images_are_refused_with_one_sentence(server, route, message):
    with pytest.raises(ImageRefused, match=message) as caught:
        download_image(server.url(route), timeout=10)
    assert "\n" not in str(caught.value) and str(caught.value).startswith(server.url(route))


def test_an_undeclared_20_mb_body_is_not_read_to_its_end(server, wait_for):
    with pytest.raises(ImageRefused):
        download_image(server.url("/img/twenty-mb-undeclared.jpg"), timeout=10)
    assert wait_for(lambda: "/img/twenty-mb-undeclared.jpg" in server.sent)
    # 10 MB read, plus what the socket buffers took in flight: far from the 64 MB the server would send
    assert server.sent["/img/twenty-mb-undeclared.jpg"] < 40 * 1024 * 1024


def test_a_slow_image_gives_up_at_the_deadline(server):
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 1 s downloading the featured image from 127\.0\.0\.1 "
                                         r"\([\d,]+ bytes had come\)"):
        download_image(server.url("/img/slow.png"), timeout=1)
    assert time.monotonic() - started < 2.5


def test_http_errors_and_bad_addresses_are_named(server):
    with pytest.raises(FetchError, match=r"HTTP 404 Not Found from http://127\.0\.0\.1:\d+/img/gone\.jpg$"):
        download_image(server.url("/img/gone.jpg"), timeout=5)
    with pytest.raises(FetchError, match="only http and https addresses can be fetched"):
        download_image("file:///etc/passwd", timeout=5)


def _port(server) -> str:
    return server.base.rsplit(":", 1)[1]


def test_an_image_on_a_public_page_may_not_lead_into_a_private_network(server, resolver, public_loopback):
    resolver.answer("news.example", "127.0.0.1")
    private = f"http://127.0.0.2:{_port(server)}/img/photo.jpg"
    start = f"http://news.example:{_port(server)}/redirect?to={quote(private, safe='')}"
    page = AddressPolicy()
    page.settle("127.0.0.1")  # the page was fetched from a public address
    with pytest.raises(PrivateAddressError, match=r"refused to follow the redirect from http://news\.example:\d+/"
                                                  r"redirect.* 127\.0\.0\.2 is a loopback address"):
        download_image(start, timeout=5, policy=page)
    assert set(resolver.connects) == {"127.0.0.1"}
    with pytest.raises(PrivateAddressError):  # and not directly either
        download_image(private, timeout=5, policy=page)


def test_an_image_on_a_private_host_the_user_typed_is_allowed(server, resolver):
    typed = download_image(server.url("/img/photo.png"), timeout=5)  # 127.0.0.1 is loopback: private
    assert typed.facts.format == "PNG"
    assert page_policy(server.url("/pages/og_complete.html")).allow_private is True
    assert download_image(server.url("/img/photo.jpg"), timeout=5,
                          policy=page_policy(server.url("/"))).facts.format == "JPEG"


def test_the_policy_of_a_record_s_page(resolver):
    resolver.answer("news.example", "93.184.216.34")
    resolver.answer("intranet.example", "10.1.2.3")
    assert page_policy("https://news.example/a").allow_private is False
    assert page_policy("https://intranet.example/a").allow_private is True
    assert page_policy("https://unknown.example/a").allow_private is False  # cannot resolve: the safe side
    assert page_policy("").allow_private is False


def test_the_downloaded_bytes_are_the_served_ones(server):
    assert download_image(server.url("/img/photo.gif"), timeout=5).data == image_bytes("GIF", 120, 63)


def test_a_record_s_own_address_and_its_page_s_policy(resolver):
    from curator_gui.core.media.acquire import record_image_address

    resolver.answer("news.example", "93.184.216.34")
    data = {"link": {"href": "http://news.example/a"}, "featuredImage": {"href": "//cdn.example/i.jpg"}}
    address, policy = record_image_address(data)
    assert address == "http://cdn.example/i.jpg" and policy.allow_private is False  # the page's scheme and rule
    assert record_image_address({"featuredImage": {"href": "a-featuredImage.jpeg"}}) == ("", None)
