"""Schema coercion, merging fetched metadata, and building new curations."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from curator_gui.core.document import Document
from curator_gui.core.merge import apply_merge, plan_merge
from curator_gui.core.newdoc import build_curation, curation_from_article, file_name_for
from curator_gui.core.schema import FIELDS, GROUPS, CoercionError, coerce, field_for, other_keys
from curator_gui.core.validate import validate_document


def test_every_field_has_a_group_label_and_help():
    assert len({f.key for f in FIELDS}) == len(FIELDS)
    for spec in FIELDS:
        assert spec.group in GROUPS and spec.label and spec.help.endswith(".")


@pytest.mark.parametrize("key, value, raw, current, expected", [
    ("title", 2024, "2024", None, "2024"),
    ("title", True, "yes", None, "yes"),
    ("id", "42", None, None, 42),
    ("featuredImage.valid", "false", None, None, False),
    ("author", "Jo Park", None, ["A"], ["Jo Park"]),
    ("author", "Jo Park", None, "A", "Jo Park"),
    ("openProjectCustomFields.medigyTopics", ["A: b"], None, '["X: y"]', '["A: b"]'),
    ("relatedOfferings.0.offeringId", "17", None, None, 17),
    ("unknownKey", {"any": "thing"}, None, None, {"any": "thing"}),
])
def test_coerce(key, value, raw, current, expected):
    assert coerce(key, value, raw, current) == expected


@pytest.mark.parametrize("key, value", [("id", "abc"), ("categories", {"Medigy": "X"}), ("featuredImage.size", [1]),
                                        ("title", ["a"]), ("featuredImage.valid", "maybe")])
def test_coerce_refuses(key, value):
    with pytest.raises(CoercionError):
        coerce(key, value)


def test_field_lookup_ignores_list_indexes_and_other_keys_are_kept_in_order():
    assert field_for("relatedOfferings.3").key == "relatedOfferings"
    assert other_keys({"title": 1, "owlType": 2, "type": 3}) == ["owlType", "type"]
    # the older files' topics are a known field (the topics editor shows them), never an "other field"
    assert other_keys({"communityTopics": [], "categories": []}) == []


FRAGMENT = {
    "title": "Fetched Title",
    "description": "Fetched description.",
    "author": ["Jo Park"],
    "byline": ["Jo Park"],
    "featuredImage": {"href": "https://x.org/i.jpg", "alt": "Fetched Title"},
    "openGraphMetaData": {"ogtitle": "Fetched Title", "ogsite_name": "X"},
    "link": {"original": "https://x.org/a?utm_source=m", "href": "https://x.org/a", "brand": "x.org"},
}


def test_merge_fills_empty_fields_and_offers_conflicts():
    data = {"title": "My Title", "description": "", "openGraphMetaData": [{"ogtitle": None}],
            "link": {"original": "", "href": "", "brand": ""}}
    plan = plan_merge(data, FRAGMENT)
    filled = {p for p, _ in plan.fills}
    assert ("description",) in filled
    assert not any(p[0] in ("author", "byline") for p in filled)  # the page's writer is not the curator
    assert ("openGraphMetaData", 0, "ogtitle") in filled and ("link", "href") in filled
    assert [(c.path, c.current, c.fetched) for c in plan.conflicts] == [(("title",), "My Title", "Fetched Title")]
    after = apply_merge(data, plan.fills)
    assert after["title"] == "My Title" and after["openGraphMetaData"][0]["ogsite_name"] == "X"
    after = apply_merge(data, plan.fills, plan.conflicts)
    assert after["title"] == "Fetched Title"


def test_merge_of_identical_values_is_empty():
    assert plan_merge({"title": "Fetched  Title"}, {"title": "Fetched Title"}).empty


def test_new_curation_is_valid_and_named_after_the_clean_url():
    now = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    name = file_name_for(FRAGMENT["link"]["original"])
    assert name == file_name_for("https://x.org/a")
    data, body = build_curation(FRAGMENT, name, now)
    assert data["slug"] == "x-fetched-title" and data["aliases"] == "/news/fetched-title"
    assert data["breadcrumbs"] == ["Home", "News", "Fetched Title"] and data["lastMod"] == "2024-01-02T03:04:05.000000Z"
    assert body == "<p>Fetched description.</p>\n"
    doc = Document(b"", f"/tmp/{name}")
    doc.data, doc.body = data, body
    text = doc.to_bytes().decode()
    assert text.startswith("---\naliases: /news/fetched-title\narchetype: curated-content\n")
    back = Document.from_text(text, f"/tmp/{name}")
    assert back.data == data
    assert [p for p in validate_document(back) if p.severity == "error"] == []


def test_plain_article_becomes_a_curation_without_losing_its_body():
    body = "Night Shift Nurses Test a Quieter Alarm System\n\nA unit routed alarms to phones. " + "word " * 60 + "\n"
    doc = Document.from_text(body, "/tmp/article.md")
    values = curation_from_article(doc)
    assert values["title"] == "Night Shift Nurses Test a Quieter Alarm System"
    assert values["description"].startswith("A unit routed alarms") and len(values["description"]) <= 200
    doc.data.update(values)
    assert doc.to_bytes().decode().endswith("---\n" + body)


def test_rebase_applies_my_edits_onto_the_new_file():
    from curator_gui.core.merge import rebase

    base = {"title": "T", "tags": ["News"], "link": {"href": "h", "brand": "b"}, "gone": 1}
    mine = {"title": "Mine", "tags": ["News"], "link": {"href": "h", "brand": "b2"}}
    theirs = {"title": "T", "tags": ["News", "Extra"], "link": {"href": "h3", "brand": "b"}, "gone": 1, "new": 2}
    assert rebase(base, mine, theirs) == {"title": "Mine", "tags": ["News", "Extra"],
                                          "link": {"href": "h3", "brand": "b2"}, "new": 2}


def test_a_fetch_never_adds_copies_the_file_does_not_keep():
    # the oldest files keep no top-level href/original and no tracker map: a fetch of their own page must not
    # add them (an edit never adds a derived key either)
    url = "https://news.example.org/a"
    fragment = {"title": "T", "link": {"original": url, "href": url, "brand": "news.example.org"},
                "href": url, "original": url, "openProjectCustomFields": {"sourceUrl": url, "cleanUrl": url}}
    plan = plan_merge({"title": "", "link": {"original": url, "href": url, "brand": "news.example.org"}}, fragment)
    assert [path for path, _ in plan.fills] == [("title",)] and not plan.conflicts
    # where the file keeps a copy, empty, it is filled
    plan = plan_merge({"link": {"original": url}, "href": None, "original": ""}, fragment)
    assert {path for path, _ in plan.fills} >= {("href",), ("original",)}


@pytest.mark.parametrize("typed, expected", [
    ("example.org/story?id=4", "https://example.org/story?id=4"),
    ("www.example.co.uk", "https://www.example.co.uk"),
    ("//example.org/x", "https://example.org/x"),
    ("http://example.org/x", "http://example.org/x"),
    ("  ftp://example.org/file ", "ftp://example.org/file"),
    ("not an address", "not an address"),
    ("/a/local/path", "/a/local/path"),
    ("headline", "headline"),
])
def test_an_address_typed_without_its_scheme_is_taken_as_https(typed, expected):
    from curator_gui.core.urls import with_web_scheme

    assert with_web_scheme(typed) == expected


def test_same_page_ignores_scheme_www_case_tracking_slash_and_fragment():
    from curator_gui.core.urls import same_page

    assert same_page("https://www.Example.org/a/?q=1#top", "http://example.org/a?q=1&utm_source=mail")
    assert not same_page("https://example.org/a", "https://example.org/b")
    assert not same_page("https://example.org/a?q=1", "https://example.org/a?q=2")
    assert not same_page("", "")


def test_a_plain_article_s_description_ends_at_a_sentence_or_a_word():
    first = "Night nurses routed alarms to their phones for a month."
    second = " The unit reported fewer missed calls and quieter halls, and the hospital plans to extend it."
    third = " Staff surveys were mixed at first but improved as the weeks went by and the pilot settled in."
    doc = Document.from_text("Quieter Wards\n\n" + first + second + third + "\n", "/tmp/article.md")
    assert curation_from_article(doc)["description"] == first + second  # whole sentences within 200
    long_sentence = "A single sentence that runs on " + "and on " * 40 + "without a stop."
    doc = Document.from_text("Run On\n\n" + long_sentence + "\n", "/tmp/article.md")
    description = curation_from_article(doc)["description"]
    assert len(description) <= 200 and description.endswith("on…") and long_sentence.startswith(description[:-1])
