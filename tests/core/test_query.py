"""The filter language: parsing, word-start matching, fields, flags, negation and narrowing."""
from __future__ import annotations

import json
import random
from array import array
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator_gui.core.query import NO_MASK, field_text, parse_query, prepare, search_text, word_mask
from curator_gui.core.row_filter import FIELD_BOUNDS, RowFilter


@dataclass
class Row:
    title: str = ""
    description: str = ""
    brand: str = ""
    path: str = "a.md"
    topics: list[str] = field(default_factory=list)
    date: str = "2024-03-05"
    status: str = "ok"
    unsaved: bool = False
    has_image: bool = False

    def __post_init__(self):
        self.search = search_text(self.title, self.description, self.brand, self.path.rpartition('/')[2], self.topics)
        self.has_topics = bool(self.topics)
        self.categories = tuple(self.topics)
        self.search_mask = word_mask(self.search)


def matching(query: str, rows: list[Row]) -> list[str]:
    parsed = parse_query(query)
    return [row.title for row in rows if parsed.matches(row)]


ROWS = [
    Row("AI in radiology", "Models read scans.", "example.org", "news/ai-radiology.md",
        ["Symplur: #AI", "HIMSS: Imaging"], "2024-03-05", "ok"),
    Row("How to maintain EHR uptime", "Downtime drills for hospitals.", "fiercehealthcare.com",
        "news/ehr-uptime.md", [], "2023-11-20", "warning", unsaved=True),
    Row("AI-driven triage at São Paulo clinics", "Patient portal triage.", "www.saude.br", "news/triage.md",
        ["Symplur: #COVID19", "Healthcare IT News: Telehealth"], "2024-01-10T08:00:00Z", "error", has_image=True),
]


@pytest.mark.parametrize("query, titles", [
    ("ai", ["AI in radiology", "AI-driven triage at São Paulo clinics"]),  # not "maintain"
    ("AI", ["AI in radiology", "AI-driven triage at São Paulo clinics"]),
    ("driven", ["AI-driven triage at São Paulo clinics"]),  # a word start after a hyphen
    ("sao paulo", ["AI-driven triage at São Paulo clinics"]),  # two words, accents folded
    ('"patient portal"', ["AI-driven triage at São Paulo clinics"]),
    ('"portal patient"', []),
    ("#covid", ["AI-driven triage at São Paulo clinics"]),
    ("covid19", ["AI-driven triage at São Paulo clinics"]),
    ("telehe", ["AI-driven triage at São Paulo clinics"]),
    ("care", []),  # inside "fiercehealthcare" and "Healthcare": not a word start
    ("fiercehealth", ["How to maintain EHR uptime"]),
    ("ehr-uptime", ["How to maintain EHR uptime"]),  # the file path
    ("title:ai", ["AI in radiology", "AI-driven triage at São Paulo clinics"]),
    ("title:scans", []),
    ("description:scans", ["AI in radiology"]),
    ('topic:"symplur: #ai"', ["AI in radiology"]),
    ("topic:imaging", ["AI in radiology"]),
    ("brand:fierce", ["How to maintain EHR uptime"]),
    ("file:triage", ["AI-driven triage at São Paulo clinics"]),
    ("is:error", ["AI-driven triage at São Paulo clinics"]),
    ("is:warning", ["How to maintain EHR uptime"]),
    ("is:problem", ["How to maintain EHR uptime", "AI-driven triage at São Paulo clinics"]),
    ("is:ok", ["AI in radiology"]),
    ("is:unsaved", ["How to maintain EHR uptime"]),
    ("has:image", ["AI-driven triage at São Paulo clinics"]),
    ("has:topics", ["AI in radiology", "AI-driven triage at São Paulo clinics"]),
    ("-has:topics", ["How to maintain EHR uptime"]),
    ("date:2024-03", ["AI in radiology"]),
    ("date:2024", ["AI in radiology", "AI-driven triage at São Paulo clinics"]),
    ("date:>=2024-01", ["AI in radiology", "AI-driven triage at São Paulo clinics"]),
    ("date:<2024", ["How to maintain EHR uptime"]),
    ("ai -is:error", ["AI in radiology"]),
    ('"title: ai"', []),  # a quoted token is text, not a field
    ("", [r.title for r in ROWS]),
])
def test_query_matches(query, titles):
    assert matching(query, ROWS) == titles


def test_terms_not_understood_are_reported_and_match_nothing():
    parsed = parse_query("ai is:cheap has:wings date:soon")
    assert parsed.problems == ("is:cheap", "has:wings", "date:soon")
    assert matching("ai is:cheap", ROWS) == []
    assert RowFilter().apply(parsed, ROWS) == []


def test_a_term_being_typed_is_left_out_until_it_is_complete_or_cannot_be():
    for text in ("ai is:err", "ai is:", "ai has:im", "ai date:2", "ai date:2024-0", "ai date:>=", "ai -is:warn"):
        typed = parse_query(text, typing=True)
        assert typed.problems == () and typed.terms == parse_query("ai").terms, text
        assert parse_query(text).problems, text  # on the command line, and once finished, it is reported
        assert parse_query(text + " ", typing=True).problems, text
    for text in ("ai is:cheap", "is:err ai", "ai date:2024-1x", "ai has:imagery"):
        assert parse_query(text, typing=True).problems, text


def test_an_exact_topic_is_that_topic_whole_and_as_written():
    rows = [Row("Plain", topics=["Symplur: #AI", "HIMSS: Imaging"]), Row("Longer", topics=["Symplur: #AIMedicine"]),
            Row("Lower", topics=["symplur: #ai"]), Row("Spaced", topics=["Symplur: #AI ethics"]), Row("None")]
    assert matching('topic:"Symplur: #AI"', rows) == ["Plain", "Longer", "Lower", "Spaced"]  # word starts
    assert matching('topic:="Symplur: #AI"', rows) == ["Plain"]
    assert matching('-topic:="Symplur: #AI"', rows) == ["Longer", "Lower", "Spaced", "None"]
    assert matching('topic:="Symplur: #AI" topic:imaging', rows) == ["Plain"]
    assert parse_query("topic:=", typing=True).terms == () and parse_query("topic:=").problems == ()
    for text in ('topic:="Symplur: #AI"', '-topic:="symplur: #ai"', 'topics:="HIMSS: Imaging" ai'):
        query = parse_query(text)
        assert RowFilter().apply(query, rows * 3) == [n for n, row in enumerate(rows * 3) if query.matches(row)]
    assert parse_query('topic:="Symplur: #AI" x').narrows(parse_query('topic:="Symplur: #AI"'))
    assert not parse_query('topic:="Symplur: #AIM"').narrows(parse_query('topic:="Symplur: #AI"'))


def test_unknown_prefix_is_plain_text():
    rows = [Row("Symplur: chat", topics=[]), Row("Other")]
    assert matching("symplur:", rows) == ["Symplur: chat"]
    assert matching("symplur: chat", rows) == ["Symplur: chat"]


def test_row_filter_agrees_with_matches_and_narrows():
    rows = ROWS * 50
    row_filter = RowFilter()
    for text in ["a", "ai", "ai-", "ai-d", "ai-dr", "ai-d", "tele", "ai is:ok", "ai -is:ok", "sao", "-sao", ""]:
        query = parse_query(text)
        expected = [n for n, row in enumerate(rows) if query.matches(row)]
        assert row_filter.apply(query, rows) == expected, text


def test_narrowing_is_used_only_when_the_new_query_extends_the_old():
    assert parse_query("tele").narrows(parse_query("tel"))
    assert parse_query("tel brand:x").narrows(parse_query("tel"))
    assert not parse_query("tel").narrows(parse_query("tele"))
    assert not parse_query("-tele").narrows(parse_query("-tel"))
    assert not parse_query("title:tele").narrows(parse_query("tel"))
    assert parse_query("is:error ai").narrows(parse_query("is:error"))


def test_row_filter_forgets_changed_rows():
    rows = [Row("Alpha"), Row("Beta")]
    row_filter = RowFilter()
    assert row_filter.apply(parse_query("al"), rows) == [0]
    rows[1] = Row("Alps")
    row_filter.forget()
    assert row_filter.apply(parse_query("alp"), rows) == [0, 1]


def test_a_field_is_searched_in_that_field_only():
    """Every field's words also stand in the other fields of other records: only the named field counts."""
    words = ["alpha", "bravo", "charlie", "delta", "echo"]
    rows = []
    for shift in range(5):  # each word in each field once
        title, description, brand, name, topic = (words[(i + shift) % 5] for i in range(5))
        rows.append(Row(title, description, brand + ".org", f"news/{name}.md", [f"Topic: {topic}"]))
    row_filter = RowFilter()
    for field_name in ("title", "description", "brand", "file", "topic"):
        for word in words:
            query = parse_query(f"{field_name}:{word}")
            expected = [n for n, row in enumerate(rows) if query.matches(row)]
            assert len(expected) == 1 and row_filter.apply(query, rows) == expected, (field_name, word)
            negated = parse_query(f"-{field_name}:{word}")
            assert row_filter.apply(negated, rows) == [n for n in range(5) if n not in expected]


def test_fields_of_a_record_without_kept_text_are_empty():
    """A record read without its text (search is '') matches no word and no field, and never errs."""
    rows = [Row("Telehealth"), Row("Other")]
    rows[1].search, rows[1].search_mask = "", NO_MASK
    row_filter = RowFilter()
    for text in ["tele", "title:tele", "topic:x", "file:a", "brand:x", "-title:tele", "description:x"]:
        query = parse_query(text)
        assert row_filter.apply(query, rows) == [n for n, row in enumerate(rows) if query.matches(row)], text


def test_row_filter_gathers_a_changed_row_again():
    rows = [Row("Alpha", brand="one.org"), Row("Beta", brand="two.org"), Row("Gamma", brand="three.org")]
    row_filter = RowFilter()
    row_filter.prepare(rows, ["search_mask", "all", *FIELD_BOUNDS, "date", "status"])
    assert row_filter.apply(parse_query("brand:two"), rows) == [1]
    rows[2] = Row("Beta Two", brand="two.org", status="error")
    row_filter.forget_rows(rows, [2])
    for text, expected in (("brand:two", [1, 2]), ("beta", [1, 2]), ("is:error", [2]), ("title:two", [2])):
        assert row_filter.apply(parse_query(text), rows) == expected, text


def test_prepared_text_marks_word_starts_only():
    assert prepare("AI-driven care, São Paulo") == "\x01ai-\x01driven \x01care, \x01sao \x01paulo"
    assert prepare("Symplur: #COVID19") == "\x01symplur: \x01#\x01covid19"
    assert prepare("  spaced\tout\x00text ") == "\x01spaced \x01out \x01text"
    assert prepare("") == ""


def test_field_text_splits_a_prepared_record():
    search = search_text("Title", "Desc", "brand.org", "f.md", ["A: b", "C: d"])
    assert field_text(search, "title") == "\x01title"
    assert field_text(search, "topics") == "\x01a: \x01b\n\x01c: \x01d"
    assert field_text(search, "file") == "\x01f.\x01md"


WORDS = ["ai", "a", "tele", "telehealth", "#covid19", "são", "x", "b2b", "e-health", "Symplur:", "HIMSS", "z9",
         "aide", "abc123", "ß"]
TERMS = WORDS + ["te", "t", "#", "sa", "he", "-b2b", "is:ok", "title:a", '"ai tele"', "brand:ex", "file:f",
                 "topic:he", "description:a", "-title:te", "topic:s", "brand:a", "title:t", "file:1", "file:1-ai",
                 "topic:symplur", '"tele ai"', "description:tele", "abc", "-topic:h", "title:ß"]


def _rows_of(texts, statuses):
    return [Row(" ".join(t), description=" ".join(reversed(t)), brand="".join(t[:1]) + ".example",
                path=f"{n}-{''.join(t[-1:])}.md", topics=[" ".join(t[1:3])] if len(t) > 1 else [], status=statuses[n])
            for n, t in enumerate(texts)]


def _typed_and_erased(row_filter, rows, typed):
    """Type ``typed`` into ``row_filter`` character by character, then erase it: every result as one by one."""
    for end in [*range(len(typed) + 1), *range(len(typed), -1, -1)]:
        query = parse_query(typed[:end])
        assert row_filter.apply(query, rows) == [n for n, row in enumerate(rows) if query.matches(row)], typed[:end]


_TEXTS = st.lists(st.lists(st.sampled_from(WORDS), max_size=6), min_size=1, max_size=12)
_STATUSES = st.lists(st.sampled_from(["ok", "error", "warning"]), min_size=12, max_size=12)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.lists(st.sampled_from(TERMS), max_size=3), _STATUSES)
def test_row_filter_equals_one_by_one_matching(texts, words, statuses):
    """Masks and narrowing are shortcuts: they never change which records match."""
    # typing the query character by character, then erasing it (narrowing, and remembered results)
    _typed_and_erased(RowFilter(), _rows_of(texts, statuses), " ".join(words))


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.lists(st.sampled_from(TERMS), max_size=3), _STATUSES,
       st.lists(st.tuples(st.integers(0, 11), st.lists(st.sampled_from(WORDS), max_size=4)), max_size=3))
def test_word_index_equals_one_by_one_matching(texts, words, statuses, changes):
    """Words looked up in the word index (of every field, file names keyed by their start, rows changed after it
    was built) match the records that one-by-one matching finds."""
    rows = _rows_of(texts, statuses)
    row_filter = RowFilter()
    row_filter.SEARCH_BELOW = 0  # the index even for a handful of rows
    while row_filter.prepare_words(rows):
        pass
    assert row_filter.words_ready
    _typed_and_erased(row_filter, rows, " ".join(words))
    for number, text in changes:  # a record edited after the index was built
        if number < len(rows):
            rows[number] = _rows_of([text], statuses)[0]
            row_filter.forget_rows(rows, [number])
    _typed_and_erased(row_filter, rows, " ".join(words))


def test_typographic_quotes_and_dashes_match_their_plain_forms():
    rows = [Row("Don’t miss “virtual wards” – a guide", description="Nurses—and doctors"), Row("Dont worry")]
    for typed, expected in (("don't", [0]), ("don’t", [0]), ("virtual", [0]), ("doctors", [0]), ("dont", [1])):
        query = parse_query(typed)
        assert [n for n, row in enumerate(rows) if query.matches(row)] == expected, typed
    # one byte a character: a curly quote no longer doubles the memory of a record's prepared text
    assert search_text(rows[0].title, rows[0].description).isascii()


def test_word_index_looks_up_common_words_by_bitmap_and_rare_ones_by_row():
    """A word in many records keeps its rows as a bitmap, a rare one as row numbers; a short word is the union
    of both kinds, and every lookup agrees with one-by-one matching."""
    chooser = random.Random(12)
    weights = [40, 30, 1, 20, 1, 1, 2, 1, 1, 8, 1, 1, 3, 1, 1]  # "ai", "a", "telehealth" common; the rest rare
    texts = [chooser.choices(WORDS, weights, k=4) for _ in range(400)]
    rows = _rows_of(texts, ["ok"] * len(texts))
    row_filter = RowFilter()
    row_filter.SEARCH_BELOW = 0
    while row_filter.prepare_words(rows):
        pass
    kinds = {type(found) for rows_of in row_filter._words._rows for found in rows_of.values()}
    assert kinds == {int, array}
    for typed in ("a", "ai", "te", "t", "tele", "title:a", "x", "z", "b2", "sy", "topic:te", "ai tele"):
        _typed_and_erased(row_filter, rows, typed)


def test_word_index_is_dropped_after_many_changes_and_built_again():
    rows = [Row(f"Word{n} alpha", path=f"{n:05d}-curation.md") for n in range(50)]
    row_filter = RowFilter()
    row_filter.SEARCH_BELOW = 0
    while row_filter.prepare_words(rows):
        pass
    rows[3] = Row("Beta", path="00003-curation.md")
    row_filter.forget_rows(rows, [3])
    assert row_filter.words_ready
    assert row_filter.apply(parse_query("beta"), rows) == [3]
    assert row_filter.apply(parse_query("title:alp"), rows) == [n for n in range(50) if n != 3]
    assert row_filter.apply(parse_query("file:00003-cu"), rows) == [3]
    row_filter.CHANGED_LIMIT = 10
    row_filter.forget_rows(rows, range(5, 20))  # past the limit: searched again until built again
    assert not row_filter.words_ready
    assert row_filter.apply(parse_query("title:alp"), rows) == [n for n in range(50) if n != 3]
    while row_filter.prepare_words(rows):
        pass
    assert row_filter.words_ready
    assert row_filter.apply(parse_query("beta"), rows) == [3]


def test_word_masks_are_the_same_in_every_process():
    import subprocess
    import sys

    script = ("from curator_gui.core.query import search_text, word_mask\n"
              "print(word_mask(search_text('São Paulo #AI é', 'x', 'y.org', 'f.md', ['A: b'])))")
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
            for _ in range(2)}
    assert len(runs) == 1


def test_list_filter_takes_the_same_language(tmp_path, capsys):
    from curator_gui.cli import main

    def curation(name, title, topics, brand):
        lines = "".join(f"  - '{t}'\n" for t in topics)
        (tmp_path / name).write_text(f"---\ntitle: {title}\nauthor: [Dana]\ncategories:\n{lines}link:\n"
                                     f"  brand: {brand}\n  href: https://{brand}/{name}\n---\n", encoding="utf-8")

    curation("a.md", "AI triage in the ED", ["Symplur: #AI"], "example.org")
    curation("b.md", "How to maintain uptime", ["HIMSS: Operations"], "fierce.example.com")
    assert main(["list", str(tmp_path), "--filter", "ai", "--format", "json"]) == 0
    assert [item["title"] for item in json.loads(capsys.readouterr().out)] == ["AI triage in the ED"]
    assert main(["list", str(tmp_path), "--filter", "brand:fierce -topic:symplur", "--format", "json"]) == 0
    assert [item["title"] for item in json.loads(capsys.readouterr().out)] == ["How to maintain uptime"]
    assert main(["list", str(tmp_path), "--filter", "is:nonsense"]) == 2
    assert "not understood: is:nonsense" in capsys.readouterr().err
