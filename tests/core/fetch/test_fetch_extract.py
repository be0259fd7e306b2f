"""extract_metadata on fixture pages and small inline documents: field order, shapes, and the general fixes."""
from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from curator_gui.core import extract_metadata
from curator_gui.core.fetch.extract import metadata_from_file
from curator_gui.core.errors import FetchError

URL = "https://news.example.org/2024/05/article?utm_source=mail&id=7&fbclid=abc"


def html(head: str = "", body: str = "") -> bytes:
    return f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


# --- fixture pages -------------------------------------------------------------------------------------------

def test_og_complete_page(fixture_page):
    out = extract_metadata(fixture_page("og_complete.html"), URL)
    assert out["title"] == "Hospital network adopts remote monitoring"
    assert out["description"] == "A regional hospital network rolls out remote patient monitoring to 40 clinics."
    assert out["byline"] == ["Jane Doe", "John Roe"]  # JSON-LD main article beats meta author
    assert out["featuredImage"] == {"href": "https://cdn.example.org/images/remote-monitoring.jpg",
                                    "alt": "Hospital network adopts remote monitoring"}
    assert out["favIconImage"] == {"href": "https://news.example.org/static/favicon.ico"}
    og = out["openGraphMetaData"]
    assert og["ogtitle"] == "Hospital network adopts remote monitoring"  # the first of two og:title wins
    assert og["ogimage"] == "https://cdn.example.org/images/remote-monitoring.jpg"
    assert og["ogimageheight"] == "630" and og["ogsite_name"] == "Example Health News"
    assert out["twitterMetaData"]["twittercard"] == "summary_large_image"
    meta = out["htmlMetaData"]
    assert meta["fbapp_id"] == "123456789"
    assert meta["msvalidate.01"] == "ABC123"
    assert meta["google-site-verification"] == "verify-me"
    assert meta["articlepublished_time"] == "2024-05-02T09:30:00+00:00"
    assert meta["ogtitle"] == og["ogtitle"] and meta["twittersite"] == "@examplehealth"


def test_link_fields_clean_the_url(fixture_page):
    out = extract_metadata(fixture_page("og_complete.html"), URL)
    clean = "https://news.example.org/2024/05/article?id=7"
    assert out["link"] == {"original": URL, "href": clean, "brand": "news.example.org"}
    assert out["href"] == clean and out["original"] == URL
    assert out["openProjectCustomFields"] == {"sourceUrl": URL, "cleanUrl": clean}


def test_fragment_key_order_and_yaml_round_trip(fixture_page):
    out = extract_metadata(fixture_page("og_complete.html"), URL)
    assert list(out) == ["title", "description", "byline", "featuredImage", "favIconImage", "link", "href",
                         "original", "openProjectCustomFields", "openGraphMetaData", "twitterMetaData",
                         "htmlMetaData"]
    assert yaml.safe_load(yaml.safe_dump(out, sort_keys=False, allow_unicode=True)) == out


def test_jsonld_only_page(fixture_page):
    out = extract_metadata(fixture_page("jsonld_only.html"), "https://journal.example.com/2024/records")
    assert out["title"] == "Clinics share records across the region"
    assert out["description"] == "Twelve clinics now exchange patient records through one regional service."
    assert out["byline"] == ["Alex Writer"]  # "By " and the trailing dash gone; the profile URL dropped
    assert out["featuredImage"]["href"] == "https://journal.example.com/media/records-exchange.jpg"
    assert out["openGraphMetaData"] == {} and out["htmlMetaData"] == {}


def test_twitter_only_page(fixture_page):
    out = extract_metadata(fixture_page("twitter_only.html"), "https://example.net/telehealth")
    assert out["title"] == "Telehealth visits double in a year"  # property= accepted as well as name=
    assert out["description"] == "Video visits doubled while in-person visits stayed flat."
    assert out["featuredImage"]["href"] == "https://img.example.net/telehealth.png"
    assert out["byline"] == ["reporter_handle"]
    assert out["favIconImage"] == {"href": "https://static.example.net/icon.svg"}
    assert out["twitterMetaData"]["twitterimagesrc"] == "https://img.example.net/telehealth.png"


def test_relative_and_protocol_relative_links_honour_base(fixture_page):
    out = extract_metadata(fixture_page("relative_links.html"), "https://site.example.com/news/item.html")
    assert out["featuredImage"]["href"] == "https://site.example.com/assets/v2/images/hero.jpg"
    assert out["favIconImage"]["href"] == "https://site.example.com/assets/favicon.ico"
    assert out["openGraphMetaData"]["ogimage"] == "images/hero.jpg"  # the maps keep what the page wrote


def test_protocol_relative_image_takes_the_page_scheme():
    page = html('<meta name="twitter:image" content="//cdn.example.com/x.jpg">')
    assert extract_metadata(page, "https://a.example/")["featuredImage"]["href"] == "https://cdn.example.com/x.jpg"
    assert extract_metadata(page, "http://a.example/")["featuredImage"]["href"] == "http://cdn.example.com/x.jpg"


def test_upper_case_and_reversed_attributes(fixture_page):
    out = extract_metadata(fixture_page("upper_reversed.html"), "https://shout.example.com/a")
    assert out["title"] == "Reversed and shouting"
    assert out["description"] == "Attributes in any order, names in any case."
    assert out["featuredImage"]["href"] == "https://img.example.com/UPPER.JPG"
    assert out["byline"] == ["Casey Caps"]
    assert out["favIconImage"]["href"] == "https://shout.example.com/Icon.PNG"
    assert out["openGraphMetaData"] == {"ogtitle": "Reversed and shouting",
                                        "ogimage": "https://img.example.com/UPPER.JPG"}
    assert out["htmlMetaData"]["Description"] == "Attributes in any order, names in any case."


def test_entities_decoded_and_whitespace_collapsed(fixture_page):
    out = extract_metadata(fixture_page("entities.html"), "https://e.example/")
    assert out["title"] == "Café & clinic: patients\u2019 \"best\" \u2014 choice"
    assert out["description"] == "Line one line two <b>bold</b>"
    assert out["byline"] == ["Zoë Müller"]
    assert out["featuredImage"]["href"] == "https://img.example.com/a.jpg?x=1&y=2"
    assert out["openGraphMetaData"]["ogdescription"].startswith("Line one")  # trimmed, not rewritten


def test_cp1252_page_without_any_charset(fixture_page):
    out = extract_metadata(fixture_page("cp1252_no_charset.html"), "https://w.example/")
    assert out["title"] == "Café \u2013 \u201cquoted\u201d \u20ac5"
    assert out["description"] == "Naïve résumé of a cp1252 page, with no charset anywhere."


def test_tracking_pixels_are_not_the_image_and_bylines_are_tidied(fixture_page):
    out = extract_metadata(fixture_page("pixel_and_byline.html"), "https://p.example/story")
    assert out["featuredImage"]["href"] == "https://p.example/img/photos/ward.jpg"
    assert out["byline"] == ["Jordan Lee"]  # glued "By" and trailing dash removed
    assert out["description"].startswith("The first real paragraph")


def test_title_that_is_only_the_site_name_gives_way(fixture_page):
    out = extract_metadata(fixture_page("site_name_title.html"), "https://ward.example/story")
    assert out["title"] == "Nurses trial voice notes on night shifts"


def test_tags_left_in_the_body_are_found(fixture_page):
    out = extract_metadata(fixture_page("body_tags.html"), "https://b.example/x/")
    assert out["title"] == "A title a script put in the body"
    assert out["featuredImage"]["href"] == "https://b.example/late/hero.webp"
    assert out["favIconImage"]["href"] == "https://b.example/late/icon.png"
    assert out["byline"] == ["Sam Body"]


# --- rules on small documents --------------------------------------------------------------------------------

def test_title_order_og_twitter_jsonld_title_h1():
    ld = '<script type="application/ld+json">{"@type":"Article","headline":"LD"}</script>'
    assert extract_metadata(html('<meta property="og:title" content="OG"><meta name="twitter:title" '
                                 'content="TW">' + ld + '<title>T</title>'), URL)["title"] == "OG"
    assert extract_metadata(html('<meta name="twitter:title" content="TW">' + ld + "<title>T</title>"),
                            URL)["title"] == "TW"
    assert extract_metadata(html(ld + "<title>T</title>"), URL)["title"] == "LD"
    assert extract_metadata(html("<title>T</title>"), URL)["title"] == "T"
    assert extract_metadata(html("", "<h1> Only <em>heading</em> </h1>"), URL)["title"] == "Only heading"


@pytest.mark.parametrize("title, site, expected", [
    ("Big story | Example News", "Example News", "Big story"),
    ("Big story - Example News", "Example News", "Big story"),
    ("Big story \u2014 Example News", "Example News", "Big story"),
    ("Big story | Other words", "Example News", "Big story | Other words"),
    ("Example News", "Example News", "Example News"),
    ("Part one - Part two | Example News", "Example News", "Part one - Part two"),
])
def test_title_suffix_cut_only_when_it_is_the_site_name(title, site, expected):
    page = html(f'<meta property="og:site_name" content="{site}"><title>{title}</title>')
    assert extract_metadata(page, "https://unrelated.example/")["title"] == expected


def test_title_suffix_matching_the_host_is_cut():
    assert extract_metadata(html("<title>Trial results | STAT</title>"), "https://www.statnews.com/x")["title"] == \
        "Trial results"


def test_home_page_keeps_its_site_name_title():
    page = html('<meta property="og:type" content="website"><meta property="og:site_name" content="Ward Weekly">'
                '<meta property="og:title" content="Ward Weekly"><title>Ward Weekly - news for nurses</title>')
    assert extract_metadata(page, URL)["title"] == "Ward Weekly"


def test_description_order():
    og = '<meta property="og:description" content="og">'
    tw = '<meta name="twitter:description" content="tw">'
    meta = '<meta name="description" content="meta">'
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","description":"ld"}</script>'
    assert extract_metadata(html(og + tw + meta + ld), URL)["description"] == "og"
    assert extract_metadata(html(tw + meta + ld), URL)["description"] == "tw"
    assert extract_metadata(html(meta + ld), URL)["description"] == "meta"
    assert extract_metadata(html(ld), URL)["description"] == "ld"


def test_image_order_and_variants():
    tags = ['<meta property="og:image:secure_url" content="https://i.example/secure.jpg">',
            '<meta property="og:image" content="https://i.example/og.jpg">',
            '<meta name="twitter:image" content="https://i.example/tw.jpg">',
            '<script type="application/ld+json">{"@type":"Article","image":{"url":"https://i.example/ld.jpg"}}'
            '</script>',
            '<link rel="image_src" href="https://i.example/link.jpg">']
    expected = ["secure.jpg", "og.jpg", "tw.jpg", "ld.jpg", "link.jpg"]
    for start, name in enumerate(expected):
        out = extract_metadata(html("".join(tags[start:])), URL)
        assert out["featuredImage"]["href"] == "https://i.example/" + name


def test_declared_one_pixel_og_image_is_skipped():
    page = html('<meta property="og:image" content="https://i.example/a.gif"><meta property="og:image:width" '
                'content="1"><meta name="twitter:image" content="https://i.example/real.jpg">')
    assert extract_metadata(page, URL)["featuredImage"]["href"] == "https://i.example/real.jpg"


def test_video_file_as_og_image_falls_back_to_the_poster():
    page = html('<meta property="og:image" content="/clip.mp4">', '<video poster="/poster.jpg"></video>')
    assert extract_metadata(page, "https://v.example/a")["featuredImage"]["href"] == "https://v.example/poster.jpg"


def test_body_image_skips_furniture_by_name_and_size_but_not_by_accident():
    body = ('<article><img src="/img/site-logo.png"><img src="/img/share-icon.png"><img src="/i/a.jpg" width="20">'
            '<img src="/img/silicon-valley.jpg"></article>')
    assert extract_metadata(html("", body), "https://s.example/")["featuredImage"]["href"] == \
        "https://s.example/img/silicon-valley.jpg"


def test_body_image_needs_to_look_like_a_picture():
    body = '<img src="https://beacon.example/collect?id=1"><div><img src="https://cdn.example/photo.webp"></div>'
    assert extract_metadata(html("", body), URL)["featuredImage"]["href"] == "https://cdn.example/photo.webp"


def test_no_image_leaves_the_key_out_and_data_uris_are_ignored():
    out = extract_metadata(html('<meta property="og:image" content="data:image/png;base64,AAAA">'), URL)
    assert "featuredImage" not in out


def test_author_sources_in_order():
    graph = ('<script type="application/ld+json">{"@context":"https://schema.org","@graph":['
             '{"@type":"WebSite","name":"Site"},{"@type":"NewsArticle","author":{"@id":"#p"}},'
             '{"@type":"Person","@id":"#p","name":"Graph Person"}]}</script>')
    meta = '<meta name="author" content="Meta Person">'
    article = '<meta property="article:author" content="Article Person">'
    profile = '<meta property="article:author" content="https://facebook.example/someone">'
    assert extract_metadata(html(graph + meta + article), URL)["byline"] == ["Graph Person"]
    assert extract_metadata(html(meta + article), URL)["byline"] == ["Meta Person"]
    assert extract_metadata(html(article), URL)["byline"] == ["Article Person"]
    assert "byline" not in extract_metadata(html(profile), URL)


@pytest.mark.parametrize("raw, clean", [
    ("By Jane Doe", "Jane Doe"), ("by: Jane Doe", "Jane Doe"), ("ByJane Doe", "Jane Doe"), ("Jane Doe -", "Jane Doe"),
    ("Jane Doe |", "Jane Doe"), ("  Jane   Doe  ", "Jane Doe"), ("Byron Smith", "Byron Smith"),
    ("Jane Doe (Author)", "Jane Doe"), ("@handle", "handle"), ("Jane Doe, May 3, 2016, 2:58 p.m.", "Jane Doe"),
    ("Jane Doe | 2024-01-02", "Jane Doe"), ("Jane Doe, Correspondent", "Jane Doe"), ("May Smith", "May Smith"),
])
def test_author_names_are_tidied(raw, clean):
    assert extract_metadata(html(f'<meta name="author" content="{raw}">'), URL)["byline"] == [clean]


def test_byline_markup_when_no_tag_names_the_author():
    body = '<article><p class="meta">by <a rel="author" href="/u/kim">Kim Park</a></p></article>'
    assert extract_metadata(html("", body), URL)["byline"] == ["Kim Park"]
    assert "byline" not in extract_metadata(html("", '<a rel="author" href="/about">About</a>'), URL)


def test_favicon_order_and_default():
    icons = ('<link rel="apple-touch-icon" href="/touch.png"><link rel="icon" href="/icon.png">'
             '<link rel="shortcut icon" href="/short.ico">')
    page = "https://f.example/a/b"
    assert extract_metadata(html(icons), page)["favIconImage"] == {"href": "https://f.example/short.ico"}
    assert extract_metadata(html('<link rel="apple-touch-icon" href="/touch.png">'),
                            page)["favIconImage"] == {"href": "https://f.example/touch.png"}
    assert extract_metadata(html(), page)["favIconImage"] == {"href": "https://f.example/favicon.ico"}


def test_first_occurrence_of_a_repeated_tag_wins_and_empty_content_is_skipped():
    page = html('<meta property="og:title" content=""><meta property="og:title" content="First">'
                '<meta property="og:title" content="Second">')
    out = extract_metadata(page, URL)
    assert out["title"] == "First" and out["openGraphMetaData"] == {"ogtitle": "First"}


def test_broken_jsonld_is_tolerated():
    blocks = ('<script type="application/ld+json">{ not json at all</script>'
              '<script type="application/ld+json">//<![CDATA[\n{"@type":"Article","headline":"Kept",}\n//]]></script>')
    assert extract_metadata(html(blocks), URL)["title"] == "Kept"


def test_headers_charset_is_used_and_str_input_accepted():
    body = "<html><head><title>\u0416\u0443\u0440\u043d\u0430\u043b</title></head></html>".encode("cp1251")
    out = extract_metadata(body, URL, {"content-type": "text/html; charset=windows-1251"})
    assert out["title"] == "\u0416\u0443\u0440\u043d\u0430\u043b"
    assert extract_metadata("<title>Text in</title>", URL)["title"] == "Text in"


@pytest.mark.parametrize("page", [b"", b"\x00\xff\xfe garbage", b"<html", b"<<<>>>" * 1000, b"<meta content>",
                                  "<title>\ud800</title>".encode("utf-8", "surrogatepass"),
                                  b"<base href='http://[::1'><meta property=og:image content=x.jpg>"])
def test_junk_never_raises(page):
    out = extract_metadata(page, URL)
    assert out["link"]["href"] == "https://news.example.org/2024/05/article?id=7"


def test_metadata_from_file(tmp_path, fixture_page):
    saved = tmp_path / "saved.html"
    saved.write_bytes(fixture_page("og_complete.html"))
    assert metadata_from_file(saved, URL)["title"] == "Hospital network adopts remote monitoring"
    with pytest.raises(FetchError, match="cannot read"):
        metadata_from_file(tmp_path / "missing.html", URL)


_PIECES = ["<html>", "<head>", "</head>", "<body>", "<meta ", "property=", "name=", "content=", '"og:title"',
           '"og:image"', '"author"', "'x'", ">", "<title>", "</title>", "<script type=application/ld+json>",
           "</script>", '{"@type":"Article","author":', '{"@id":"#a"}', "[", "]", "}", "<img src=", "//", "&amp;",
           "\u00e9", "\x00", "<base href=", "javascript:", "<link rel=icon href=", "<h1>", "<p>", "By ", " - "]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_any_markup_soup_gives_a_fragment(pieces, encoding):
    data = "".join(pieces).encode(encoding, "replace")
    out = extract_metadata(data, URL)
    assert isinstance(out["openGraphMetaData"], dict) and out["favIconImage"]["href"].startswith("https://")
    for key in ("title", "description"):
        assert key not in out or (isinstance(out[key], str) and out[key] == out[key].strip())
