"""A folder's topics as a taxonomy: counts, prefixes, the vocabulary, and near-duplicates found fast."""
from __future__ import annotations

import random
import time

from curator_gui.core.taxonomy import (files_with_topic, near_duplicate_groups, normalised, one_letter_apart,
                                       split_topic, topic_report)


def groups(topics):
    return [(set(g.topics), g.kind) for g in near_duplicate_groups(topics)]


def test_same_text_but_for_case_punctuation_spacing_and_hash():
    assert groups(["Symplur: #COVID19", "Symplur: COVID-19", "symplur: covid 19", "KLAS: Telehealth"]) == [
        ({"Symplur: #COVID19", "Symplur: COVID-19", "symplur: covid 19"}, "spelling")]
    assert normalised("Frost & Sullivan: TeleHealth") == "frostsullivantelehealth"
    assert groups(["Medigy: Café", "Medigy: Cafe"]) == [({"Medigy: Café", "Medigy: Cafe"}, "spelling")]


def test_one_letter_typos_but_not_digits_or_short_terms():
    assert groups(["KLAS: Telehealth", "KLAS: Telehaelth", "KLAS: Telehealh", "KLAS: Telehealths"]) == [
        ({"KLAS: Telehealth", "KLAS: Telehaelth", "KLAS: Telehealh", "KLAS: Telehealths"}, "typo")]
    assert groups(["Medigy: Stage 1", "Medigy: Stage 2", "Symplur: #AI", "Symplur: #AR", "KLAS: Imaging",
                   "KLAS: Imagine2"]) == []
    assert one_letter_apart("abcdef", "abdcef") and not one_letter_apart("abcdef", "badcef")
    assert not one_letter_apart("covid19", "covid20") and one_letter_apart("aab", "ab")


def test_the_most_used_topic_comes_first_in_its_group():
    found = near_duplicate_groups({"Symplur: #telehealth": 3, "Symplur: Telehealth": 9, "KLAS: Imaging": 4})
    assert [g.topics for g in found] == [("Symplur: Telehealth", "Symplur: #telehealth")]


def test_near_duplicates_among_thousands_of_topics_in_well_under_a_second():
    rnd = random.Random(5)
    letters = "abcdefghijklmnopqrstuvwxyz"
    topics = {f"Tax{n % 7}: " + "".join(rnd.choice(letters) for _ in range(rnd.randint(6, 20))) for n in range(8000)}
    typo = next(iter(topics))
    topics.add(typo[:-1] + ("x" if typo[-1] != "x" else "y"))
    started = time.process_time()  # this process's own time: other jobs on a busy machine do not count
    found = near_duplicate_groups(topics)
    assert time.process_time() - started < 1.0
    assert any(typo in g.topics for g in found)


def test_report_groups_by_prefix_counts_files_and_marks_the_vocabulary():
    files = [["Symplur: #telehealth", "KLAS: Imaging"], ["Symplur: Telehealth"], ["Symplur: #telehealth"], [],
             ["Loose topic"]]
    report = topic_report(files, vocabulary=["Symplur: #telehealth", "KLAS: Imaging"])
    assert [(e.topic, e.count, e.in_vocabulary) for e in report.entries] == [
        ("Symplur: #telehealth", 2, True), ("KLAS: Imaging", 1, True), ("Loose topic", 1, False),
        ("Symplur: Telehealth", 1, False)]
    assert [(t.name, len(t.topics), t.files) for t in report.taxonomies] == [("KLAS", 1, 1), ("Symplur", 2, 3),
                                                                            ("", 1, 1)]
    assert report.files == 5 and report.files_with_topics == 4 and report.vocabulary_size == 2
    group = report.entry("Symplur: Telehealth").duplicate_group
    assert group is not None and report.entry("Symplur: #telehealth").duplicate_group == group
    assert topic_report(files).entries[0].in_vocabulary is None
    assert split_topic("Healthcare IT News: AI: ML") == ("Healthcare IT News", "AI: ML")


def test_files_with_a_topic():
    class Row:
        def __init__(self, path, categories):
            self.path, self.categories = path, categories

    rows = [Row("a.md", ["X: y"]), Row("b.md", []), Row("c.md", ["Z: w", "X: y"])]
    assert files_with_topic(rows, "X: y") == ["a.md", "c.md"]
