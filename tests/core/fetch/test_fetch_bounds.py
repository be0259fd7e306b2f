"""Extraction stays linear, bounded and inside its deadline on hostile pages (small versions of the pages in
tests/perf/bench_hostile_pages.py), keeps the captured tag maps small, and reads saved pages safely."""
from __future__ import annotations

import importlib.util
import json
import os
import time
from pathlib import Path

import pytest

from curator_gui.cli import main
from curator_gui.core import extract_metadata
from curator_gui.core.errors import FetchError
from curator_gui.core.fetch.extract import MAX_PAGE_BYTES, metadata_from_file
from curator_gui.core.fetch.limits import (MAX_DEPTH, MAX_MAP_CHARS, MAX_MAP_TAGS, MAX_MAP_VALUE, MAX_TAGS,
                                           bounded_markup)
from curator_gui.core.merge import plan_merge
from curator_gui.core.newdoc import build_curation

URL = "https://hostile.example/page"
_BENCH = Path(__file__).resolve().parents[2] / "perf" / "bench_hostile_pages.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_hostile_pages", _BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HOSTILE = _bench()


@pytest.mark.parametrize("name", sorted(HOSTILE.PAGES))
def test_hostile_page_extracts_quickly(name):
    # 400 KB: before the bounds, several of these took from 3 s to minutes (or tens of GB) at this size.
    data = HOSTILE.page(name, 400_000)
    start = time.perf_counter()
    out = extract_metadata(data, URL)
    assert time.perf_counter() - start < 2.0
    assert len(json.dumps(out)) < 100_000


def test_many_jsonld_authors_are_capped_and_kept_in_order():
    out = extract_metadata(HOSTILE.page("jsonld_authors", 300_000), URL)
    assert out["byline"][:3] == ["Writer 0", "Writer 1", "Writer 2"] and len(out["byline"]) == 20


def test_unclosed_jsonld_script_swallows_the_rest_of_the_page_as_a_browser_does():
    page = ('<html><head><script type="application/ld+json">{"@type":"Article","headline":"First"}'
            '<script type="application/ld+json">{"@type":"Article","headline":"Second"}</script></head></html>')
    assert "title" not in extract_metadata(page.encode(), URL)  # one block, and it is not valid JSON
    ok = page.replace('"First"}', '"First"}</script>', 1)
    assert extract_metadata(ok.encode(), URL)["title"] == "First"


def test_deeply_nested_json_ld_is_ignored_not_a_crash():
    for opener, closer in (("[", "]"), ('{"a":', "}")):
        block = opener * 100_000 + "1" + closer * 100_000
        page = f'<script type="application/ld+json">{block}</script><title>Still here</title>'
        assert extract_metadata(page.encode(), URL)["title"] == "Still here"


def test_deep_markup_is_cut_only_where_it_gets_too_deep():
    body = "<div>" * (MAX_DEPTH + 50) + "<h1>Too deep</h1>"
    shallow = "<div><p>text</p></div>" * 3000 + "<h1>Reached</h1>"
    assert bounded_markup(shallow) == shallow
    cut = bounded_markup(body + "<!--" + "x" * 10 + "-->" + "<span></span>" * 9000)
    assert cut.count("<div>") == MAX_DEPTH and "Too deep" not in cut


def test_markup_inside_scripts_comments_and_svg_does_not_count_as_nesting():
    fake = "<script>" + "document.write('<div>');" * 9000 + "</script><!-- " + "<div>" * 9000 + " -->"
    svg = "<svg>" + '<path d="M0 0"/>' * 9000 + "</svg>"
    lists = "<ul>" + "<li>item" * 9000 + "</ul>"
    for page in (fake, svg, lists):
        assert bounded_markup(page + "<h1>end</h1>") == page + "<h1>end</h1>"


def test_formatting_elements_closed_by_an_outer_end_tag_still_count():
    # The parser re-creates them at the next text: 100 of them per round nest 100 levels deeper each time.
    rounds = "<div>" + "".join(f"<b id={i}>" for i in range(100)) + "</div>x"
    cut = bounded_markup("<p>" * 12_001 + rounds * 10)
    assert cut.count("</div>") == 2
    assert bounded_markup("<p>" * 12_001 + "<div><b>x</b></div>" * 1000).endswith("</div>")


def test_tag_count_is_capped():
    page = "<b></b>" * (MAX_TAGS + 10)
    assert bounded_markup(page).count("<b>") == MAX_TAGS


def test_a_passed_deadline_fails_with_a_timeout_message():
    with pytest.raises(FetchError, match=r"^timed out after [\d.]+ s while reading the page$"):
        extract_metadata(b"<title>x</title>", URL, deadline=time.monotonic() - 1)


def test_a_deadline_passing_during_extraction_stops_it():
    data = HOSTILE.page("many_jsonld_blocks", 3_000_000)
    start = time.perf_counter()
    with pytest.raises(FetchError, match="timed out"):
        extract_metadata(data, URL, deadline=time.monotonic() + 0.005)
    assert time.perf_counter() - start < 1.0


def test_metadata_from_page_takes_a_deadline_too():
    from curator_gui.core.fetch.extract import metadata_from_page
    from curator_gui.core.fetch.page import parse_page

    page = parse_page("<title>x</title>", URL)
    with pytest.raises(FetchError, match="timed out"):
        metadata_from_page(page, deadline=time.monotonic() - 1)
    assert metadata_from_page(parse_page("<title>x</title>", URL), deadline=time.monotonic() + 60)["title"] == "x"


def test_no_deadline_and_a_far_deadline_give_the_same_fragment():
    data = b'<title>Same | Site</title><meta property="og:site_name" content="Site">'
    assert extract_metadata(data, URL) == extract_metadata(data, URL, deadline=time.monotonic() + 60)


def test_captured_tag_maps_are_capped():
    tags = "".join(f'<meta name="tag{i}" content="value {i}">' for i in range(200))
    blob = '<meta property="og:config" content="' + "x" * (MAX_MAP_VALUE + 1) + '">'
    long_values = "".join(f'<meta property="og:v{i}" content="{"y" * 3000}">' for i in range(40))
    out = extract_metadata(f"<html><head>{blob}{tags}{long_values}</head></html>".encode(), URL)
    html = out["htmlMetaData"]
    assert len(html) == MAX_MAP_TAGS and html["tag0"] == "value 0" and "ogconfig" not in html
    og = out["openGraphMetaData"]
    assert "ogconfig" not in og and sum(len(k) + len(v) for k, v in og.items()) <= MAX_MAP_CHARS
    assert len(og) == MAX_MAP_CHARS // 3005


def test_a_page_over_the_cap_is_read_up_to_the_cap():
    head = b"<title>Kept</title>"
    data = head + b"<p>filler</p>" * (MAX_PAGE_BYTES // 13) + b'<meta property="og:title" content="Past the cap">'
    assert len(data) > MAX_PAGE_BYTES
    assert extract_metadata(data, URL)["title"] == "Kept"
    assert extract_metadata(data.decode(), URL)["title"] == "Kept"


def test_fragment_values_are_capped():
    page = ('<meta property="og:title" content="' + "word " * 100_000 + '">'
            '<meta property="og:description" content="' + "more " * 100_000 + '">'
            '<meta property="og:image" content="/' + "i" * 10_000 + '.jpg">')
    out = extract_metadata(page.encode(), URL)
    assert len(out["title"]) <= 500 and out["title"].endswith("…")
    assert len(out["description"]) <= 5000 and "featuredImage" not in out


# --- saved pages ---------------------------------------------------------------------------------------------

def test_saved_page_must_be_a_regular_file_within_the_cap(tmp_path):
    with pytest.raises(FetchError, match=r"cannot read /dev/zero: not a regular file \(a device\)"):
        metadata_from_file("/dev/zero", URL)
    with pytest.raises(FetchError, match="not a regular file"):
        metadata_from_file(tmp_path, URL)
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    with pytest.raises(FetchError, match=r"not a regular file \(a named pipe\)"):
        metadata_from_file(fifo, URL)  # returns at once: no writer is waited for
    big = tmp_path / "big.html"
    big.write_bytes(b"<title>x</title>")
    os.truncate(big, 32 * 1024 * 1024 + 1)  # a saved page may hold its images; past 32 MB it is refused
    with pytest.raises(FetchError, match="file too large"):
        metadata_from_file(big, URL)


def test_fetch_html_from_a_device_fails_with_one_line(capsys):
    assert main(["fetch", URL, "--html", "/dev/zero"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a regular file" in err


# --- the byline is never a curation's author -----------------------------------------------------------------

def test_byline_is_information_never_the_curation_author():
    page = b'<title>Story</title><meta name="author" content="Jane Writer">'
    fragment = extract_metadata(page, URL)
    assert fragment["byline"] == ["Jane Writer"] and "author" not in fragment
    assert fragment["htmlMetaData"]["author"] == "Jane Writer"
    front, _body = build_curation(fragment, "x")
    assert front["author"] == [] and "byline" not in front
    plan = plan_merge({"title": "", "author": ["Curator"]}, fragment)
    assert all(path[0] != "byline" for path, _value in plan.fills)
    assert all(conflict.path[0] not in ("byline", "author") for conflict in plan.conflicts)
