"""Bulk edits of fields and list items on a selection, what a form of many records shows, and several changes
to one file at once: on real files, checked byte for byte."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from batch_support import FILES, changed_entries, make_folder, snapshot
from curator_gui.core.batch import plan_batch
from curator_gui.core.batch_apply import apply_plan
from curator_gui.core.batch_ops import (MIXED, AddItems, AddTopic, EditRefused, Record, RemoveItems, SetField,
                                        SetFieldText, Steps, common_value, item_counts)
from curator_gui.core.document import Document

NOW = datetime(2024, 5, 6, 7, 8, 9, 101112, tzinfo=timezone.utc)


@pytest.fixture
def folder(tmp_path):
    return make_folder(tmp_path / "curations")


def run(folder, names, operation):
    result = apply_plan(plan_batch([str(folder / n) for n in names], operation, now=NOW))
    assert not result.skipped, result.skipped
    return result


def data_of(path):
    return Document.load(path).data


def test_bulk_set_of_a_title_moves_its_derived_fields_and_nothing_else(folder):
    names = ["legacy.md", "current-new-bom.md", "current-old-crlf-bom.md"]
    before = snapshot(folder)
    run(folder, names, SetField("title", "One Headline for Three"))
    for name in names:
        data = data_of(folder / name)
        assert data["title"] == "One Headline for Three"
        assert data["breadcrumbs"][-1] == data["featuredImage"]["alt"] == "One Headline for Three"
        assert changed_entries(before[name][0], (folder / name).read_bytes()) == {
            "title", "breadcrumbs", "featuredImage", "lastMod"}
    assert snapshot(folder)["no-topics.md"] == before["no-topics.md"]


def test_bulk_set_from_text_is_fitted_per_field_like_set(folder):
    run(folder, ["legacy.md", "current-new.md"], Steps((SetFieldText("id", "77"),
                                                        SetFieldText("topics", "['KLAS: Imaging']"))))
    legacy, current = data_of(folder / "legacy.md"), data_of(folder / "current-new.md")
    assert legacy["id"] == current["id"] == 77
    assert legacy["communityTopics"] == ["KLAS: Imaging"] and legacy["categories"] == []
    assert current["categories"] == ["KLAS: Imaging"] and current["categoryUrl"] == ["topic/klas-imaging"]


def test_a_value_a_record_cannot_take_skips_that_file_with_a_reason(folder):
    plan = plan_batch([str(folder / "legacy.md")], SetFieldText("title.sub", "x"), now=NOW)
    assert not plan.changes and "title" in plan.skipped[0].reason
    with pytest.raises(EditRefused):
        SetFieldText("id", "[1, 2]").edit(Record("x.md", "", {"id": 3}, ""))


def test_list_items_are_added_where_missing_and_removed_everywhere(folder):
    names = ["legacy.md", "current-old.md", "current-new.md", "no-topics.md"]
    before = snapshot(folder)
    result = run(folder, names, AddItems("author", ("Priya Raman", "Ada Curator")))
    assert len(result.written) == 4
    assert data_of(folder / "legacy.md")["author"] == ["Priya Raman", "Ada Curator"]
    assert data_of(folder / "current-new.md")["author"] == ["Dana Whitfield", "Priya Raman", "Ada Curator"]
    assert changed_entries(before["legacy.md"][0], (folder / "legacy.md").read_bytes()) == {"author", "lastMod"}
    run(folder, names, RemoveItems("author", ("Priya Raman",)))
    assert [data_of(folder / n)["author"] for n in names] == [["Ada Curator"], ["Marco Ionescu", "Ada Curator"],
                                                             ["Dana Whitfield", "Ada Curator"], ["Ada Curator"]]
    untouched = snapshot(folder)["current-old.md"]
    assert not plan_batch([str(folder / "current-old.md")], RemoveItems("tags", ("podcast",))).changes
    assert snapshot(folder)["current-old.md"] == untouched


def test_items_of_a_bare_text_or_an_absent_list():
    record = Record("x.md", "", {"author": "Ada", "title": "T"}, "")
    assert AddItems("author", ("Ada",)).edit(record) is None
    assert AddItems("author", ("Bo",)).edit(record).data["author"] == ["Ada", "Bo"]
    assert AddItems("tags", ("news",)).edit(record).data["tags"] == ["news"]
    assert RemoveItems("author", ("Ada",)).edit(record).data["author"] == []
    with pytest.raises(EditRefused, match="title is not a list"):
        AddItems("title", ("x",)).edit(record)


def test_topics_as_list_items_keep_each_files_shape(folder):
    run(folder, ["legacy.md", "current-new.md"], AddItems("topics", ("HIMSS: Broadband", "KLAS: Imaging")))
    legacy = data_of(folder / "legacy.md")
    assert legacy["communityTopics"][-2:] == ["HIMSS: Broadband", "KLAS: Imaging"] and legacy["categories"] == []
    assert data_of(folder / "current-new.md")["categoryLabel"][-2:] == ["Broadband", "Imaging"]


def test_several_operations_make_one_change_per_file(folder):
    before = snapshot(folder)
    operation = Steps((SetField("tags", ["news", "ai"]), AddTopic("KLAS: Imaging")))
    result = run(folder, ["legacy.md"], operation)
    assert len(result.written) == 1 and operation.describe() == "Set tags; Add topic 'KLAS: Imaging'"
    assert changed_entries(before["legacy.md"][0], (folder / "legacy.md").read_bytes()) == {
        "tags", "communityTopics", "openProjectCustomFields.medigyTopics", "lastMod"}


def test_a_form_of_many_records_sees_common_values_and_item_counts(folder):
    datas = [data_of(folder / n) for n in ["legacy.md", "legacy-tele.md", "current-old.md"]]
    assert common_value(datas[:2], "archetype") == "curate-content"
    assert common_value(datas, "title") is MIXED and common_value(datas, "featuredImage.valid") is True
    assert common_value(datas, "via") is None and common_value([], "title") is None
    assert common_value(datas[:2], "topics") is MIXED
    assert item_counts(datas, "author") == [("Priya Raman", 2), ("Marco Ionescu", 1)]
    assert ("Symplur: #telehealth", 2) in item_counts(datas, "topics")


def test_an_operation_never_changes_the_record_it_is_given(folder):
    data = data_of(folder / "current-new.md")
    record = Record("x.md", "", data, "<p>x</p>")
    snapshot_of = repr(data)
    for operation in (SetField("title", "T"), AddItems("author", ("A",)), AddTopic("KLAS: X"),
                      SetFieldText("featuredImage.alt", "Z")):
        assert operation.edit(record) is not None
    assert repr(data) == snapshot_of
    assert set(FILES)  # the folder fixture's files are all readable


def test_a_file_rules_out_a_topic_only_when_a_word_of_it_is_missing():
    from curator_gui.core.batch_ops import topic_may_be_in

    legacy = FILES["legacy.md"]
    assert topic_may_be_in(legacy, "Symplur: #nursing")  # '-hash-nursing' in communityTopics
    assert topic_may_be_in(legacy, "Healthcare IT News: Clinical Communication")  # wrapped inside medigyTopics
    assert not topic_may_be_in(legacy, "Symplur: #telehealth")
    assert topic_may_be_in(b'categories: ["Symplur: #tele\\u0068ealth"]', "Symplur: #telehealth")
    assert topic_may_be_in(b"categories: ['Women''s Health']", "Medigy: Women's Health") is False
    assert topic_may_be_in(b"categories: ['Medigy: Women''s Health']", "Medigy: Women's Health")
