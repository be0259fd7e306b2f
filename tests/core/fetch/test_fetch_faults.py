"""Kinds of extraction faults seen on pages the extractor had never met, each reproduced on pages written here:
site-section suffixes, JSON-LD headline against name, byline markup, the first-paragraph fallback, Dublin Core,
late byline sources and JSON-LD image shapes."""
from __future__ import annotations

import json

import pytest

from curator_gui.core import extract_metadata
from curator_gui.core.fetch.byline import clean_author

URL = "https://www.example.org/2024/story"


def html(head: str = "", body: str = "") -> bytes:
    return f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


def ld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# --- 1. site-name suffixes on og:title / twitter:title ---------------------------------------------------------

def test_section_suffix_on_og_title_is_cut_when_the_h1_is_the_headline(fixture_page):
    out = extract_metadata(fixture_page("section_suffix.html"), "https://riverside.example/politics/budget")
    assert out["title"] == "Council approves the harbour budget"
    assert out["openGraphMetaData"]["ogtitle"].endswith("Riverside Chronicle Politics")  # the map keeps the tag


def test_section_suffix_on_twitter_title_with_double_dash_and_jsonld_evidence():
    head = ('<meta property="og:site_name" content="Harbour Post">'
            '<meta name="twitter:title" content="Ferries resume after the storm -- Harbour Post Travel">'
            + ld({"@type": "NewsArticle", "headline": "Ferries resume after the storm"}))
    assert extract_metadata(html(head), URL)["title"] == "Ferries resume after the storm"


@pytest.mark.parametrize("h1", ["", "Budget vote | Riverside Chronicle Politics", "Something else entirely"])
def test_section_suffix_is_kept_without_evidence_or_when_the_headline_has_it(h1):
    head = ('<meta property="og:site_name" content="Riverside Chronicle">'
            '<meta property="og:title" content="Budget vote | Riverside Chronicle Politics">')
    out = extract_metadata(html(head, f"<h1>{h1}</h1>" if h1 else ""), URL)
    assert out["title"] == "Budget vote | Riverside Chronicle Politics"


def test_suffix_that_is_the_site_name_itself_is_kept_on_og_title():
    # The publisher's own branding of its title: what other extractors (and the corpus) return.
    head = ('<meta property="og:site_name" content="Harbour Post">'
            '<meta property="og:title" content="Ferries resume after the storm | Harbour Post">')
    out = extract_metadata(html(head, "<h1>Ferries resume after the storm</h1>"), URL)
    assert out["title"] == "Ferries resume after the storm | Harbour Post"
    # ... while the curation's title is the headline alone: curated titles never carry the site's name.
    assert out["headline"] == "Ferries resume after the storm"


@pytest.mark.parametrize("og_title, body, headline", [
    ("Clinic opens in the valley - Valley Courier", "<h1>Clinic opens in the valley</h1>", "Clinic opens in the valley"),
    ("Clinic opens in the valley -- Valley Courier", "", "Clinic opens in the valley"),  # no h1 to disagree
    ("Clinic opens in the valley | Valley Courier", "<h1>Something else entirely</h1>", None),  # h1 disagrees
    ("Clinic | Valley Courier", "", None),  # one word would remain
    ("Clinic opens in the valley | Weekly Digest", "", None),  # the suffix does not name the site
])
def test_curation_headline_drops_a_suffix_naming_the_site(og_title, body, headline):
    head = (f'<meta property="og:site_name" content="Valley Courier">'
            f'<meta property="og:title" content="{og_title}">')
    out = extract_metadata(html(head, body), URL)
    assert out["title"] == og_title
    assert out.get("headline") == headline


def test_a_new_curation_and_a_merge_take_the_headline_as_title():
    from curator_gui.core.merge import plan_merge
    from curator_gui.core.newdoc import build_curation

    head = ('<meta property="og:site_name" content="Harbour Post">'
            '<meta property="og:title" content="Ferries resume after the storm | Harbour Post">')
    fragment = extract_metadata(html(head, "<h1>Ferries resume after the storm</h1>"), URL)
    data, _body = build_curation(fragment, "x.md")
    assert data["title"] == "Ferries resume after the storm" and "headline" not in data
    plan = plan_merge({"title": ""}, fragment)
    assert (("title",), "Ferries resume after the storm") in plan.fills
    assert all(path[0] != "headline" for path, _ in plan.fills)


def test_section_suffix_is_not_cut_when_only_one_word_would_remain():
    head = ('<meta property="og:site_name" content="Harbour Post">'
            '<meta property="og:title" content="Weather | Harbour Post Local">')
    assert extract_metadata(html(head, "<h1>Weather</h1>"), URL)["title"] == "Weather | Harbour Post Local"


# --- 2. JSON-LD headline against name --------------------------------------------------------------------------

def test_jsonld_name_wins_when_it_is_what_the_title_and_h1_say(fixture_page):
    out = extract_metadata(fixture_page("headline_vs_name.html"), "https://reference.example/wiki/Tidal")
    assert out["title"] == "Tidal power station"


def test_jsonld_headline_wins_when_it_agrees_or_nothing_decides():
    both = {"@type": "Article", "headline": "Clinics share records", "name": "records-2024-05"}
    assert extract_metadata(html(ld(both) + "<title>Clinics share records | Site</title>"), URL)["title"] == \
        "Clinics share records"
    assert extract_metadata(html(ld(both)), URL)["title"] == "Clinics share records"
    product = {"@type": "Product", "name": "Trail shoe 3", "headline": "Light shoe for long runs"}
    assert extract_metadata(html(ld(product), "<h1>Trail shoe 3</h1>"), URL)["title"] == "Trail shoe 3"


# --- 3. byline markup ------------------------------------------------------------------------------------------

def test_byline_box_gives_the_name_without_role_date_counts_nav_or_comments(fixture_page):
    out = extract_metadata(fixture_page("byline_boxes.html"), "https://games.example/pocket")
    assert out["byline"] == ["Jane Doe"]


def test_class_match_on_an_ancestor_does_not_make_the_whole_box_the_byline():
    body = ('<div class="post-author-box"><div class="meta"><span>Posted in News</span>'
            '<a class="author-name" href="/u/9">Robin Vale</a><span>3 comments</span></div></div>')
    assert extract_metadata(html("", body), URL)["byline"] == ["Robin Vale"]


@pytest.mark.parametrize("markup", [
    '<span class="Byline">By Lee Moreno</span>',
    '<span class="article__author">Lee Moreno</span>',
    '<div class="author-name">Lee Moreno</div>',
    '<a REL="Author" href="/x">Lee Moreno</a>',
    '<span itemprop="Author">Lee Moreno</span>',
    '<div itemprop="author" itemscope><meta itemprop="name" content="Lee Moreno"><span>Staff</span></div>',
    '<dd class="p-author h-card"><a class="p-name u-url" href="/lee">Lee Moreno</a>, <a class="p-org">Lab</a></dd>',
])
def test_byline_markup_is_matched_case_insensitively_on_the_element_itself(markup):
    assert extract_metadata(html("", f"<article>{markup}<p>text</p></article>"), URL)["byline"] == ["Lee Moreno"]


def test_commenters_navigation_and_account_links_are_not_the_byline():
    body = ('<nav><a class="author" href="/authors/nav">Nav Person</a></nav>'
            '<a class="author-link" href="/me/dashboard">Dashboard</a>'
            '<div id="comments"><span class="comment-author vcard"><b class="fn">Carl Commenter</b></span></div>'
            '<div class="comments-list"><a rel="author" href="/u/5">Dana Replier</a></div>')
    assert "byline" not in extract_metadata(html("", body), URL)
    article = '<article><p class="byline">By <span class="author">Ellis Grant</span></p></article>'
    assert extract_metadata(html("", body + article), URL)["byline"] == ["Ellis Grant"]


@pytest.mark.parametrize("raw, name", [
    ("Written by Sam Lee, edited by Kim Park", "Sam Lee"),
    ("Written by Sam Lee | Edited by Kim Park", "Sam Lee"),
    ("Words by Sam Lee. Photographs by Kim Park", "Sam Lee"),
    ("Sam Lee Updated 3 hours ago", "Sam Lee"),
    ("Sam Lee22 Dec 2016 651", "Sam Lee"),
    ("Sam Lee, Senior Games Editor", "Sam Lee"),
    ("Sam Lee - Staff Writer", "Sam Lee"),
    ("Mary-Ann Writer", "Mary-Ann Writer"),
    ("Sam Lee is a senior reporter covering health policy and hospital finance for the newsroom", "Sam Lee"),
    ("More stories by Sam Lee", "Sam Lee"),
    ("Sam Lee | Contributor", "Sam Lee"),
    ("Posted by Sam Lee on March 3, 2020", "Sam Lee"),
    ("Edited by Kim Park", ""),
    ("Write", ""), ("Dashboard", ""), ("Sign in", ""),
    ("this text is a long sentence about many things that never names any person at all in it", ""),
])
def test_byline_text_is_reduced_to_the_writers_name(raw, name):
    assert clean_author(raw) == name


def test_byline_from_separate_elements_is_not_glued_together():
    body = ('<div class="byline"><span>By</span><a href="/people/x">Noor Haddad</a><span>Games Editor</span>'
            '<span>22 Dec 2016</span><span>651</span></div>')
    assert extract_metadata(html("", body), URL)["byline"] == ["Noor Haddad"]


# --- 4. the first-paragraph description fallback ---------------------------------------------------------------

def test_first_paragraph_in_a_layout_table_skips_byline_coordinates_infobox_hidden_and_copyright(fixture_page):
    out = extract_metadata(fixture_page("layout_table.html"), "https://harbour.example/notes")
    assert out["description"].startswith("The keeper's log for the winter records forty-one storms")


def test_copyright_line_is_not_a_description():
    body = "<footer-like><p>Copyright 2020 Example Media Group. All rights reserved worldwide.</p></footer-like>"
    assert "description" not in extract_metadata(html("", body), URL)


# --- 5. Dublin Core and multi-name property attributes ---------------------------------------------------------

def test_dublin_core_only_page(fixture_page):
    out = extract_metadata(fixture_page("dublin_core.html"), "https://repository.example/record/1182")
    assert out["title"] == "Sediment transport in estuaries"
    assert out["description"] == "A field study of how sediment moves through three tidal estuaries."
    assert out["byline"] == ["Ada Rivers", "Ben Marsh"]  # every creator
    assert out["htmlMetaData"]["DC.date"] == "2019-06-14"


def test_dublin_core_is_a_fallback_after_open_graph_and_html_meta():
    head = ('<meta name="DC.title" content="DC title"><meta property="og:title" content="OG title">'
            '<meta name="DC.description" content="DC description"><meta name="description" content="Meta text">'
            '<meta name="DC.creator" content="Dee Sea"><meta name="author" content="Meta Author">')
    out = extract_metadata(html(head), URL)
    assert (out["title"], out["description"], out["byline"]) == ("OG title", "Meta text", ["Meta Author"])


def test_property_with_several_names_counts_for_each():
    head = ('<meta property="og:title twitter:title" content="Shared title">'
            '<meta property="og:description  twitter:description" content="Shared text">')
    out = extract_metadata(html(head), URL)
    assert out["title"] == "Shared title" and out["description"] == "Shared text"
    assert out["openGraphMetaData"]["ogtitle"] == "Shared title"
    assert out["twitterMetaData"]["twittertitle"] == "Shared title"


# --- 6. late byline sources ------------------------------------------------------------------------------------

def test_twitter_creator_or_article_author_name_is_a_late_byline():
    assert extract_metadata(html('<meta name="twitter:creator" content="Rosa Lind">'), URL)["byline"] == \
        ["Rosa Lind"]
    body = '<article><span class="byline">By Marta Pell</span></article>'
    assert extract_metadata(html('<meta name="twitter:creator" content="Rosa Lind">', body), URL)["byline"] == \
        ["Marta Pell"]  # markup first: twitter:creator is a late fallback
    profile = '<meta property="article:author" content="https://social.example/rosa.lind">'
    assert "byline" not in extract_metadata(html(profile), URL)
    handle = '<meta property="article:author" content="@rosalind">'
    assert "byline" not in extract_metadata(html(handle), URL)


def test_a_handle_is_the_byline_only_when_nothing_else_names_anyone():
    head = '<meta name="twitter:creator" content="@harbourpost">'
    assert extract_metadata(html(head), URL)["byline"] == ["harbourpost"]
    assert extract_metadata(html(head + '<meta name="author" content="Ines Ford">'), URL)["byline"] == ["Ines Ford"]


# --- 7. JSON-LD images in every shape --------------------------------------------------------------------------

@pytest.mark.parametrize("image", [
    "https://img.example/a.jpg",
    ["https://img.example/a.jpg", "https://img.example/b.jpg"],
    ["data:image/gif;base64,R0lGOD", "https://img.example/a.jpg"],
    {"@type": "ImageObject", "url": "https://img.example/a.jpg", "width": 1200},
    {"@type": "ImageObject", "contentUrl": "https://img.example/a.jpg"},
    [{"@type": "ImageObject", "url": "https://img.example/a.jpg"}, {"@type": "ImageObject", "url": "/b.jpg"}],
    {"@type": "ImageObject", "url": ["https://img.example/a.jpg"]},
])
def test_jsonld_image_shapes(image):
    out = extract_metadata(html(ld({"@type": "NewsArticle", "headline": "H", "image": image})), URL)
    assert out["featuredImage"]["href"] == "https://img.example/a.jpg"


def test_jsonld_image_in_a_graph_by_reference():
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": "https://www.example.org/#site", "name": "Example"},
        {"@type": "ImageObject", "@id": "https://www.example.org/story#primaryimage",
         "url": "https://img.example/a.jpg"},
        {"@type": "WebPage", "@id": "https://www.example.org/story",
         "primaryImageOfPage": {"@id": "https://www.example.org/story#primaryimage"}},
        {"@type": "Article", "headline": "H", "image": {"@id": "https://www.example.org/story#primaryimage"}}]}
    assert extract_metadata(html(ld(graph)), URL)["featuredImage"]["href"] == "https://img.example/a.jpg"
