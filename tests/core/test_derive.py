"""Derived fields follow their source only while they still match it."""
from __future__ import annotations

from datetime import datetime, timezone

from curator_gui.core.derive import edit_with_derivations, format_stamp, new_slug, out_of_sync

DATA = {
    "title": "Old Title",
    "breadcrumbs": ["Home", "News", "Old Title"],
    "featuredImage": {"alt": "Old Title", "href": "x.png"},
    "categories": ["Symplur: #digitalhealth"],
    "categorySlug": ["symplur: #digitalhealth"],
    "categoryUrl": ["topic/symplur-digitalhealth"],
    "categoryLabel": ["#digitalhealth"],
    "openProjectCustomFields": {"medigyTopics": ["Symplur: #digitalhealth"],
                                "sourceUrl": "https://www.example.org/a?utm_source=x",
                                "cleanUrl": "https://www.example.org/a"},
    "link": {"original": "https://www.example.org/a?utm_source=x", "href": "https://www.example.org/a",
             "brand": "example.org"},
    "href": "https://www.example.org/a",
    "original": "https://www.example.org/a?utm_source=x",
    "slug": "example-old-title",
    "aliases": "/news/old-title",
}


def test_title_moves_breadcrumb_and_alt_but_not_slug():
    after, changed = edit_with_derivations(DATA, ("title",), "New Title")
    assert after["breadcrumbs"][-1] == "New Title" and after["featuredImage"]["alt"] == "New Title"
    assert after["slug"] == "example-old-title" and after["aliases"] == "/news/old-title"
    assert ("breadcrumbs", 2) in changed and ("featuredImage", "alt") in changed


def test_hand_made_values_are_not_clobbered():
    data = dict(DATA, featuredImage={"alt": "A photo of a ward", "href": "x.png"})
    after, _ = edit_with_derivations(data, ("title",), "New Title")
    assert after["featuredImage"]["alt"] == "A photo of a ward"


def test_categories_drive_slug_url_label_and_topics():
    after, _ = edit_with_derivations(DATA, ("categories",), ["Symplur: #digitalhealth", "KLAS: Patient Intake"])
    assert after["categorySlug"] == ["symplur: #digitalhealth", "klas: patient intake"]
    assert after["categoryUrl"][1] == "topic/klas-patient-intake"
    assert after["categoryLabel"][1] == "Patient Intake"
    assert after["openProjectCustomFields"]["medigyTopics"] == after["categories"]


def test_topics_stored_as_json_text_stay_json_text():
    data = {"categories": ["A: b"], "openProjectCustomFields": {"medigyTopics": '["A: b"]'}}
    after, _ = edit_with_derivations(data, ("categories",), ["A: b", "C: d"])
    assert after["openProjectCustomFields"]["medigyTopics"] == '["A: b","C: d"]'


def test_missing_derived_keys_are_not_added():
    data = {"categories": ["A: b"]}
    after, changed = edit_with_derivations(data, ("categories",), ["C: d"])
    assert after == {"categories": ["C: d"]} and changed == []


def test_source_url_chain_follows_through_clean_url_to_brand():
    after, _ = edit_with_derivations(DATA, ("link", "original"), "https://news.example.com/b?fbclid=1&id=2")
    assert after["link"]["href"] == "https://news.example.com/b?id=2"
    assert after["link"]["brand"] == "news.example.com"
    assert after["href"] == after["openProjectCustomFields"]["cleanUrl"] == "https://news.example.com/b?id=2"
    assert after["original"] == after["openProjectCustomFields"]["sourceUrl"] == "https://news.example.com/b?fbclid=1&id=2"


def test_out_of_sync_lists_stale_targets():
    data = dict(DATA, categoryLabel=["digital health"])
    stale = [("/".join(map(str, d.target)), expected) for d, expected in out_of_sync(data)]
    assert stale == [("categoryLabel", ["#digitalhealth"])]


def test_stamp_formats():
    now = datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc)
    assert format_stamp(now) == "2024-01-02T03:04:05.678901Z"
    assert format_stamp(now, "2020-01-01T00:00:00.000Z") == "2024-01-02T03:04:05.678Z"
    assert format_stamp(now, "2020-01-19 12:26:51.135371") == "2024-01-02 03:04:05.678901"
    assert format_stamp(now, "2020-01-01") == "2024-01-02"


def test_new_slug_drops_the_public_suffix():
    assert new_slug("How It Works", "journals.lww.com") == "journals.lww-how-it-works"
    assert new_slug("A B", "healthcaretransformers.com") == "healthcaretransformers-a-b"
