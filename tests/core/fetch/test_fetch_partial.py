"""A deadline or a broken connection during the download: a failure, unless the page's head had arrived, in
which case the fields are used and the result says it is partial. Reading the page counts against the time."""
from __future__ import annotations

import time

import pytest
import yaml

from curator_gui.cli import main
from curator_gui.core import fetch_metadata
from curator_gui.core.document import Document
from curator_gui.core.errors import FetchError
from curator_gui.core.fetch import extract
from curator_gui.core.fetch.extract import extract_metadata
from curator_gui.core.fetch.http import fetch_page, fetch_result

SHORT = 1.0  # the deadline for the trickling routes


@pytest.mark.parametrize("route", ["/trickle-close", "/trickle-in-head"])
def test_a_page_trickled_past_the_deadline_without_its_head_is_a_timeout(server, route):
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"^timed out after 1 s: 127\.0\.0\.1 sent \d+ bytes? of the page, not yet"):
        fetch_metadata(server.url(route), timeout=SHORT)
    assert time.monotonic() - start < SHORT + 1.0


def test_fetch_exits_1_on_a_timeout_and_prints_nothing(server, capsys):
    assert main(["fetch", server.url("/trickle-close"), "--timeout", "1"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "timed out after 1 s" in captured.err and captured.err.count("\n") == 1


def test_new_writes_nothing_on_a_timeout(server, tmp_path, capsys):
    assert main(["new", server.url("/trickle-in-head"), "--dir", str(tmp_path), "--timeout", "1"]) == 1
    assert list(tmp_path.iterdir()) == []
    assert "timed out after 1 s" in capsys.readouterr().err


@pytest.mark.parametrize("route", ["/head-then-trickle", "/head-then-trickle-close"])
def test_a_complete_head_at_the_deadline_gives_a_partial_result(server, route):
    start = time.monotonic()
    result = fetch_result(server.url(route), timeout=SHORT)
    assert time.monotonic() - start < SHORT + 1.0
    assert result.partial
    assert result.fragment["title"] == "Trickled page"
    assert result.fragment["description"] == "Only the head arrived in time."
    assert result.notes == ["only part of the page arrived within 1 s: its fields were read from what came"]
    assert result.final_url == server.url(route)


def test_fetch_page_marks_a_cut_off_page_partial(server):
    page = fetch_page(server.url("/head-then-trickle-close"), timeout=SHORT)
    assert page.partial and not page.truncated and page.body.startswith(b"<!doctype html>")


def test_fetch_prints_a_partial_result_with_a_one_line_note(server, capsys):
    assert main(["fetch", server.url("/head-then-trickle"), "--timeout", "1"]) == 0
    captured = capsys.readouterr()
    assert yaml.safe_load(captured.out)["title"] == "Trickled page"
    assert captured.err == ("curator-gui fetch: note: only part of the page arrived within 1 s: its fields were read "
                            "from what came\n")


def test_new_writes_a_partial_result_and_says_so(server, tmp_path, capsys):
    assert main(["new", server.url("/head-then-trickle-close"), "--dir", str(tmp_path), "--timeout", "1"]) == 0
    captured = capsys.readouterr()
    assert Document.load(captured.out.strip()).data["title"] == "Trickled page"
    assert "note: only part of the page arrived within 1 s" in captured.err and captured.err.count("\n") == 1


def test_a_connection_broken_after_the_head_gives_a_partial_result(server):
    result = fetch_result(server.url("/head-then-close"), timeout=5)
    assert result.partial and result.fragment["title"] == "Trickled page"
    assert result.notes == ["the connection to 127.0.0.1 broke before the whole page arrived: the fields were read "
                            "from the part that came"]


def test_a_connection_broken_inside_the_head_is_a_failure(server):
    with pytest.raises(FetchError) as caught:
        fetch_metadata(server.url("/cut-in-head"), timeout=5)
    assert str(caught.value) == "the connection to 127.0.0.1 broke before the whole page arrived"


def test_a_whole_page_is_not_partial(server):
    result = fetch_result(server.url("/go"))
    assert not result.partial and result.notes == []
    assert result.final_url == server.url("/pages/relative_links.html")


def test_a_head_complete_page_stopped_early_on_purpose_is_not_partial(server):
    result = fetch_result(server.url("/head-then-stall"), timeout=10)
    assert not result.partial and result.fragment["byline"] == ["Jane Doe", "John Roe"]


def test_reading_the_page_counts_against_the_timeout(server, monkeypatch):
    real = extract.metadata_from_page

    def slow(page):
        time.sleep(1.2)
        return real(page)

    monkeypatch.setattr(extract, "metadata_from_page", slow)
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"^timed out after 1 s while reading the page from 127\.0\.0\.1$"):
        fetch_metadata(server.url("/pages/og_complete.html"), timeout=SHORT)
    assert time.monotonic() - start < 2.0


def test_extraction_refuses_to_start_past_its_deadline(fixture_page):
    with pytest.raises(FetchError, match="timed out after .* while reading the page"):
        extract_metadata(fixture_page("og_complete.html"), "https://a.example/", deadline=time.monotonic() - 1)
    assert extract_metadata(fixture_page("og_complete.html"), "https://a.example/",
                            deadline=time.monotonic() + 60)["title"]
