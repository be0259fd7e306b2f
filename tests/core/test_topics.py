"""Topics in both shapes: reading, counting, editing in the file's own shape (byte-level), converting,
the medigyTopics pair as a derivation, and validation that never flags a legacy file for its shape."""
from __future__ import annotations

import difflib

import pytest

from curation_samples import CURRENT_NEW, CURRENT_OLD, LEGACY, NO_TOPICS, write_folder
from curator_gui.core.derive import edit_with_derivations
from curator_gui.core.document import Document
from curator_gui.core.index import FolderIndex
from curator_gui.core.topic_edits import add_topic, convert_to_current, remove_topic, rename_topic, set_topics
from curator_gui.core.topics import (CURRENT, LEGACY as LEGACY_SHAPE, NONE, record_topics, topic_counts,
                                     topic_shape, topics_field)
from curator_gui.core.validate import validate_document

LEGACY_TOPICS = ["Medigy: Patient Safety & Quality", "Symplur: #nursing", "Healthcare IT News: Clinical Communication"]


def doc_of(text: str, name: str = "x.md") -> Document:
    return Document.from_text(text, f"/nonexistent/{name}")


def changed_lines(before: bytes, after: bytes) -> list[str]:
    """The removed and added lines between two file versions."""
    return [line for line in difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("text, shape, topics, field", [
    (LEGACY, LEGACY_SHAPE, LEGACY_TOPICS, ("communityTopics",)),
    (CURRENT_OLD, CURRENT, ["Symplur: #telehealth", "Medigy: Business Survival & Continuity"], ("categories",)),
    (CURRENT_NEW, CURRENT, ["Healthcare IT News: Artificial Intelligence", "Symplur: #telehealth"], ("categories",)),
    (NO_TOPICS, NONE, [], ("categories",)),
])
def test_the_topics_of_a_record_in_either_shape(text, shape, topics, field):
    data = doc_of(text).data
    assert topic_shape(data) == shape and record_topics(data) == topics and topics_field(data) == field


def test_a_legacy_record_edits_community_topics_and_its_json_text_together():
    doc = doc_of(LEGACY)
    before = doc.to_bytes()
    doc.data = set_topics(doc.data, ["Medigy: Patient Safety & Quality", "Symplur: #alarmfatigue"])
    after = doc.to_bytes()
    assert changed_lines(before, after) == [
        "-- 'Symplur: -hash-nursing'",
        "-- 'Healthcare IT News: Clinical Communication'",
        "+- 'Symplur: -hash-alarmfatigue'",
        "-  medigyTopics: '[\"Medigy: Patient Safety & Quality\",\"Symplur: #nursing\",\"Healthcare",
        "-    IT News: Clinical Communication\"]'",
        "+  medigyTopics: '[\"Medigy: Patient Safety & Quality\",\"Symplur: #alarmfatigue\"]'",
    ]
    assert "categorySlug" not in doc.data and doc.data["categories"] == []
    assert validate_document(Document(after, "/nonexistent/x.md"), check_siblings=False) == []


def test_a_current_record_edits_categories_and_its_derived_lists():
    doc = doc_of(CURRENT_NEW)
    before = doc.to_bytes()
    doc.data = add_topic(doc.data, "KLAS: Clinical Documentation")
    diff = changed_lines(before, doc.to_bytes())
    assert diff == ["+  - 'KLAS: Clinical Documentation'", "+  - 'klas: clinical documentation'",
                    "+  - topic/klas-clinical-documentation", "+  - Clinical Documentation",
                    "+    - 'KLAS: Clinical Documentation'"]


def test_a_record_without_topics_gets_them_in_categories_without_new_keys():
    doc = doc_of(NO_TOPICS)
    before = doc.to_bytes()
    doc.data = add_topic(doc.data, "HIMSS: Broadband")
    assert changed_lines(before, doc.to_bytes()) == ["-categories: []", "+categories:", "+- 'HIMSS: Broadband'",
                                                     "-  medigyTopics: null", "+  medigyTopics:",
                                                     "+  - 'HIMSS: Broadband'"]
    assert "communityTopics" not in doc.data and "categorySlug" not in doc.data


def test_an_emptied_legacy_record_stays_legacy():
    data = set_topics(doc_of(LEGACY).data, [])
    assert data["communityTopics"] == [] and data["openProjectCustomFields"]["medigyTopics"] == "[]"
    assert topic_shape(data) == NONE and topics_field(data) == ("communityTopics",)
    again = add_topic(data, "Symplur: #nursing")
    assert again["communityTopics"] == ["Symplur: -hash-nursing"] and again["categories"] == []


def test_rename_merge_remove_and_add_work_in_the_records_shape():
    legacy = doc_of(LEGACY).data
    renamed = rename_topic(legacy, "Symplur: #nursing", "Symplur: #nurses")
    assert renamed["communityTopics"][1] == "Symplur: -hash-nurses"
    assert '"Symplur: #nurses"' in renamed["openProjectCustomFields"]["medigyTopics"]
    merged = rename_topic(legacy, "Symplur: #nursing", "Medigy: Patient Safety & Quality")
    assert record_topics(merged) == ["Medigy: Patient Safety & Quality", "Healthcare IT News: Clinical Communication"]
    assert rename_topic(legacy, "Not: There", "X: y") is None
    assert remove_topic(legacy, "Not: There") is None and add_topic(legacy, "Symplur: #nursing") is None
    removed = remove_topic(legacy, "Symplur: #nursing")
    assert removed["communityTopics"] == ["Medigy: Patient Safety & Quality",
                                          "Healthcare IT News: Clinical Communication"]
    assert legacy["communityTopics"][1] == "Symplur: -hash-nursing"  # the input is left alone
    current = doc_of(CURRENT_NEW).data
    renamed = rename_topic(current, "Symplur: #telehealth", "Symplur: #virtualcare")
    assert renamed["categoryUrl"][1] == "topic/symplur-virtualcare"
    assert renamed["openProjectCustomFields"]["medigyTopics"][1] == "Symplur: #virtualcare"


def test_unchanged_topics_keep_their_stored_spelling():
    text = LEGACY.replace("- 'Symplur: -hash-nursing'", "- 'Symplur: #nursing'")
    data = add_topic(doc_of(text).data, "KLAS: Nurse Staffing")
    assert data["communityTopics"][1] == "Symplur: #nursing"  # written plainly before, so still plainly


@pytest.mark.parametrize("stored, expected", [
    ('["A: b", "C: d"]', '["A: b", "C: d", "E: #f"]'),
    ('["A: \\u00e9"]', '["A: \\u00e9","E: #f"]'),
])
def test_json_text_is_rewritten_in_its_own_style(stored, expected):
    data = {"categories": [], "communityTopics": [t.replace("#", "-hash-") for t in __import__("json").loads(stored)],
            "openProjectCustomFields": {"medigyTopics": stored}}
    assert add_topic(data, "E: #f")["openProjectCustomFields"]["medigyTopics"] == expected


def test_convert_to_current_moves_the_topics_in_one_change():
    doc = doc_of(LEGACY)
    before = doc.to_bytes()
    doc.data = convert_to_current(doc.data)
    after = doc.to_bytes()
    assert "communityTopics" not in doc.data and doc.data["categories"] == LEGACY_TOPICS
    assert doc.data["categoryUrl"][1] == "topic/symplur-nursing"
    head, _, rest = before.decode().partition("categories: []\n")
    assert after.decode() == head + """categories:
- 'Medigy: Patient Safety & Quality'
- 'Symplur: #nursing'
- 'Healthcare IT News: Clinical Communication'
categoryLabel:
- Patient Safety & Quality
- '#nursing'
- Clinical Communication
categorySlug:
- 'medigy: patient safety & quality'
- 'symplur: #nursing'
- 'healthcare it news: clinical communication'
categoryUrl:
- topic/medigy-patient-safety-quality
- topic/symplur-nursing
- topic/healthcare-it-news-clinical-communication
""" + rest[rest.index("date:"):]  # medigyTopics and everything else untouched
    assert Document(after).data["categorySlug"] == [t.lower() for t in LEGACY_TOPICS]
    assert validate_document(Document(after, "/nonexistent/x.md"), check_siblings=False) == []
    assert convert_to_current(doc.data) is None and convert_to_current(doc_of(NO_TOPICS).data) is None


def test_the_tracker_topics_follow_community_topics_while_in_sync_only():
    data = doc_of(LEGACY).data
    after, derived = edit_with_derivations(data, ("communityTopics",), ["KLAS: Alarms"])
    assert derived == [("openProjectCustomFields", "medigyTopics")]
    assert after["openProjectCustomFields"]["medigyTopics"] == '["KLAS: Alarms"]'
    data["openProjectCustomFields"]["medigyTopics"] = '["Hand: written"]'
    after, derived = edit_with_derivations(data, ("communityTopics",), ["KLAS: Alarms"])
    assert derived == [] and after["openProjectCustomFields"]["medigyTopics"] == '["Hand: written"]'


def test_validation_compares_the_pair_with_each_other_never_with_empty_categories():
    assert validate_document(doc_of(LEGACY), check_siblings=False) == []
    assert validate_document(doc_of(NO_TOPICS), check_siblings=False) == []
    stale = LEGACY.replace('"Symplur: #nursing"', '"Symplur: #nurses"')
    found = validate_document(doc_of(stale), check_siblings=False)
    assert [(p.code, p.field) for p in found] == [("CG303", "openProjectCustomFields.medigyTopics")]
    assert "does not match communityTopics" in found[0].message
    bad = LEGACY.replace("- 'Symplur: -hash-nursing'", "- nursing")
    found = validate_document(doc_of(bad), check_siblings=False)
    assert ("CG301", "communityTopics.1") in [(p.code, p.field) for p in found]


def test_index_rows_filter_and_count_topics_of_both_shapes(tmp_path):
    folder = write_folder(tmp_path / "mixed")
    index = FolderIndex(folder, cache_path=tmp_path / "cache.sqlite3")
    try:
        rows = index.scan().rows
    finally:
        index.close()
    by_name = {row.path.rsplit("/", 1)[-1]: row for row in rows}
    assert list(by_name["legacy.md"].categories) == LEGACY_TOPICS and by_name["legacy.md"].topic_shape == "legacy"
    assert [r.path.rsplit("/", 1)[-1] for r in rows if r.matches("#nursing")] == ["legacy.md"]
    assert sorted(r.path.rsplit("/", 1)[-1] for r in rows if r.matches("symplur: #TELE")) == ["current-new.md",
                                                                                             "current-old.md"]
    counts = topic_counts(row.categories for row in rows)
    assert counts["Symplur: #telehealth"] == 2 and counts["Symplur: #nursing"] == 1 and len(counts) == 6
    assert all(row.status == "ok" for row in rows), [row.all_problems() for row in rows]
