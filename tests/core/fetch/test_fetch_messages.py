"""What a person sees from a fetch: one plain sentence per network failure, server text with its control
characters escaped, and never the credentials of a URL (not in a message, the output or a fragment)."""
from __future__ import annotations

import json
from urllib.parse import quote

import pytest
import yaml

from curator_gui.cli import main
from curator_gui.core import fetch_metadata
from curator_gui.core.document import Document
from curator_gui.core.errors import FetchError
from curator_gui.core.fetch.netmessages import clean_message, describe_network_error, printable
from curator_gui.core.urls import strip_userinfo, without_userinfo


@pytest.mark.parametrize("route, sentence", [
    ("/many-headers", "127.0.0.1 sent more than 100 headers"),
    ("/long-header", "127.0.0.1 sent a header line longer than 64 KB"),
    ("/close-at-once", "127.0.0.1 closed the connection without an answer"),
    ("/not-http", "127.0.0.1 did not answer in HTTP (its status line could not be read)"),
    ("/reset", "127.0.0.1 broke off the connection"),
    ("/bad-chunk", "127.0.0.1 sent the page in malformed chunks"),
    ("/cut-in-head", "the connection to 127.0.0.1 broke before the whole page arrived"),
    ("/bad-gzip", "the page from 127.0.0.1 is not valid gzip data, although its Content-Encoding says so"),
])
def test_network_failures_are_one_plain_sentence(server, route, sentence):
    with pytest.raises(FetchError) as caught:
        fetch_metadata(server.url(route), timeout=5)
    assert str(caught.value) == sentence


def test_an_untrusted_certificate_is_one_sentence(tls_server):
    with pytest.raises(FetchError, match=r"^the certificate of 127\.0\.0\.1 is not valid \(self[- ]signed"):
        fetch_metadata(tls_server.url("/pages/og_complete.html"), timeout=5)


def test_plain_http_on_an_https_address_is_named(server):
    with pytest.raises(FetchError, match=r"^127\.0\.0\.1 did not answer in TLS \(is it an http:// address"):
        fetch_metadata(server.base.replace("http://", "https://") + "/", timeout=5)


def test_an_unresolvable_name_is_one_sentence(resolver):
    with pytest.raises(FetchError, match=r"^cannot find the server nowhere\.example \(its name does not resolve\)$"):
        fetch_metadata("http://nowhere.example/page", timeout=5)


def test_every_wrapped_cause_is_found():
    import http.client

    import requests
    from urllib3.exceptions import ProtocolError

    error = requests.exceptions.ConnectionError(ProtocolError("Connection aborted.",
                                                              http.client.HTTPException("got more than 100 headers")))
    assert describe_network_error(error, "https://a.example/") == "a.example sent more than 100 headers"
    odd = RuntimeError("('Connection broken: IncompleteRead(3 bytes read)', IncompleteRead(3))")
    assert describe_network_error(odd, "https://a.example/") == "could not fetch https://a.example/ (unexpected " \
                                                               "RuntimeError)"


def test_a_reason_phrase_cannot_reach_a_terminal_raw(server):
    with pytest.raises(FetchError) as caught:
        fetch_metadata(server.url("/reason-control"))
    assert str(caught.value).startswith("HTTP 404 Not\\x1b[2J Found\\x07\\x9b from http://127.0.0.1:")


def test_a_content_type_cannot_reach_a_terminal_raw(server):
    with pytest.raises(FetchError) as caught:
        fetch_metadata(server.url("/type-control"))
    assert str(caught.value).endswith("is an image (image/png\\x1b]0 owned\\x07), not a web page")


def test_a_redirect_target_cannot_reach_a_terminal_raw(server):
    with pytest.raises(FetchError) as caught:
        fetch_metadata(server.url("/redirect-control"))
    message = str(caught.value)
    assert "redirects to an address that cannot be fetched" in message and "og\\x1b[31m_complete" in message
    assert "\x1b" not in message


@pytest.mark.parametrize("fmt, load", [("yaml", yaml.safe_load), ("json", json.loads)])
def test_control_characters_in_a_page_are_printed_as_escapes(server, capsys, fmt, load):
    assert main(["fetch", server.url("/control-title"), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert not any(ch in out for ch in "\x1b\x07\x7f\x9b")
    assert load(out)["title"].startswith("Red \x1b[31malert")  # the escapes read back as the same text


def test_printable_and_clean_message():
    assert printable("a\x1b[2Jb\u202ec\n") == "a\\x1b[2Jb\\u202ec\\x0a"
    assert clean_message("HTTP 500 from https://u:pw@a.example/x\r\n" + "y" * 500).startswith(
        "HTTP 500 from https://a.example/x\\x0d\\x0ay")
    assert len(clean_message("y" * 500)) == 400


# --- credentials ---------------------------------------------------------------------------------------------

def test_strip_userinfo():
    assert strip_userinfo("https://user:secret@a.example:8443/p?q=1#f") == "https://a.example:8443/p?q=1#f"
    assert strip_userinfo("//user@cdn.example/i.jpg") == "//cdn.example/i.jpg"
    assert strip_userinfo("http://a@b@c.example/") == "http://c.example/"
    assert strip_userinfo("see http://u:p@a.example/x or mail me@a.example") == "see http://a.example/x or mail " \
                                                                                  "me@a.example"
    assert strip_userinfo("https://a.example/path/@user?x=a@b") == "https://a.example/path/@user?x=a@b"
    assert without_userinfo({"a": ["http://u:p@h/"], "b": 3}) == {"a": ["http://h/"], "b": 3}


def _with_credentials(server) -> str:
    return server.base.replace("http://", "http://curator:s3cret@")


def test_credentials_never_reach_the_fragment(server):
    url = _with_credentials(server) + "/pages/relative_links.html?utm_source=x"
    out = fetch_metadata(url)
    assert "s3cret" not in json.dumps(out) and "curator@" not in json.dumps(out)
    assert out["link"]["original"] == server.url("/pages/relative_links.html?utm_source=x")
    assert out["featuredImage"]["href"] == server.url("/assets/v2/images/hero.jpg")


def test_credentials_written_in_a_page_are_removed(server):
    out = fetch_metadata(server.url("/credentials-page"))
    dump = json.dumps(out)
    assert "secret" not in dump and "cdnuser" not in dump and "ogsecretuser" not in dump
    assert out["featuredImage"]["href"] == "https://cdn.example/hero.jpg"
    assert out["openGraphMetaData"]["ogurl"] == "//news.example/a"


def test_credentials_are_sent_to_their_own_site(server):
    assert fetch_metadata(_with_credentials(server) + "/whoami")["title"].startswith("Basic ")


def test_credentials_never_reach_a_message(server):
    with pytest.raises(FetchError) as caught:
        fetch_metadata(_with_credentials(server) + "/404")
    assert "s3cret" not in str(caught.value) and "HTTP 404" in str(caught.value)
    leaking = server.url("/redirect?to=" + quote(server.base.replace("http://", "http://x:leaked@") + "/404"))
    with pytest.raises(FetchError) as caught:
        fetch_metadata(leaking)
    assert "leaked" not in str(caught.value)


def test_credentials_never_reach_the_command_line_output_or_a_file(server, tmp_path, capsys):
    url = _with_credentials(server) + "/pages/og_complete.html"
    assert main(["fetch", url, "--format", "json"]) == 0
    assert main(["fetch", _with_credentials(server) + "/404"]) == 1
    saved = tmp_path / "saved.html"
    saved.write_bytes(b"<html><head><title>Saved</title><link rel=icon href=/f.ico></head></html>")
    assert main(["fetch", url, "--html", str(saved)]) == 0
    assert main(["fetch", "ftp://curator:s3cret@a.example/"]) == 2
    folder = tmp_path / "news"
    folder.mkdir()
    assert main(["new", url, "--dir", str(folder)]) == 0
    captured = capsys.readouterr()
    assert "s3cret" not in captured.out + captured.err
    created = next(folder.iterdir())
    assert b"s3cret" not in created.read_bytes() and b"curator@" not in created.read_bytes()
    assert Document.load(created).data["link"]["original"] == server.url("/pages/og_complete.html")
