"""Find and replace across a folder: matches as file · field · context, literal and regular expressions, case and
whole words, chosen fields or all, replacing all or some matches, and files changed since the search."""
from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest

from batch_support import FILES, changed_entries, make_folder, snapshot
from curator_gui.core.batch import plan_batch
from curator_gui.core.batch_apply import apply_plan
from curator_gui.core.document import Document
from curator_gui.core.find_replace import ALL_FIELDS, FindError, FindSpec, ReplaceText, find_in_files

NOW = datetime(2024, 5, 6, 7, 8, 9, 101112, tzinfo=timezone.utc)


@pytest.fixture
def folder(tmp_path):
    return make_folder(tmp_path / "curations")


def every(folder):
    return [str(folder / name) for name in sorted(FILES)]


def test_matches_name_the_file_the_field_and_the_context(folder):
    result = find_in_files(every(folder), FindSpec("telehealth"))
    found = {(os.path.basename(m.path), m.field) for m in result.matches}
    assert ("current-old.md", "title") in found and ("current-old.md", "body") not in found
    match = next(m for m in result.matches if m.path.endswith("/current-old.md") and m.field == "title")
    assert (match.before, match.text, match.after) == ("Rural Pharmacies Add ", "Telehealth", " Kiosks")
    lines = (folder / "current-old.md").read_text().splitlines()
    assert match.line == 1 + next(n for n, line in enumerate(lines) if line.startswith("title:"))
    assert result.files_searched == len(FILES) and result.files_matched == 2
    body = find_in_files(every(folder), FindSpec("video visits", fields=("body",))).matches
    assert [(os.path.basename(m.path), m.line) for m in body] == [("current-old-crlf-bom.md", len(lines)),
                                                                   ("current-old.md", len(lines))]


def test_case_whole_words_and_regular_expressions(folder):
    names = [str(folder / "legacy.md")]
    assert [m.field for m in find_in_files(names, FindSpec("NURSES")).matches] == ["title", "description", "body"]
    assert find_in_files(names, FindSpec("NURSES", case_sensitive=True)).matches == []
    assert [m.text for m in find_in_files(names, FindSpec("nurse", whole_word=True)).matches] == []
    assert [m.text for m in find_in_files(names, FindSpec(r"nurses'?", regex=True, whole_word=True)).matches] == [
        "Nurses", "nurses'", "nurses'"]
    with pytest.raises(FindError, match="regular expression is not valid"):
        FindSpec("(", regex=True).compiled()
    with pytest.raises(FindError, match="replacement is not valid"):
        FindSpec("a(b)", regex=True).check_replacement(r"\2")
    with pytest.raises(FindError, match="empty"):
        find_in_files(names, FindSpec(""))


def test_a_phrase_wrapped_across_lines_in_the_file_is_found(folder):
    """The description is wrapped in the oldest dialect: "...cut\\n  overhead..."; values are searched."""
    found = find_in_files(every(folder), FindSpec("phones and cut overhead")).matches
    assert {os.path.basename(m.path) for m in found} == {"legacy.md", "legacy-tele.md", "legacy-tele-crlf.md"}
    escaped = folder / "escaped.md"
    escaped.write_text('---\ntitle: "Caf\\u00e9 opens"\n---\n')
    assert [m.text for m in find_in_files([str(escaped)], FindSpec("café")).matches] == ["Café"]


def test_line_anchors_hold_at_the_ends_of_a_crlf_body_and_a_replacement_keeps_its_line_ends(folder):
    crlf = folder / "current-old-crlf-bom.md"
    crlf.write_bytes(crlf.read_bytes() + b"\r\n<p>Second line.</p>\r\n")
    spec = FindSpec(r"^(.*)visits\.</p>$", regex=True, fields=("body",))
    found = find_in_files(every(folder), spec).matches
    assert sorted(os.path.basename(m.path) for m in found) == ["current-old-crlf-bom.md", "current-old.md"]
    before = crlf.read_bytes()
    apply_plan(plan_batch([str(crlf)], ReplaceText(spec, "\\1visits.</p>\n<p>Added line.</p>"), now=NOW))
    after = crlf.read_bytes()
    assert after.endswith(b"visits.</p>\r\n<p>Added line.</p>\r\n<p>Second line.</p>\r\n")
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\n") == after.count(b"\r\n")
    assert after.count(b"\r\n") == before.count(b"\r\n") + 1


def test_replace_all_with_a_regular_expression_changes_only_those_values(folder):
    before = snapshot(folder)
    spec = FindSpec(r"Rural (\w+)", regex=True, case_sensitive=True)
    plan = plan_batch(every(folder), ReplaceText(spec, r"Remote \1"), now=NOW)
    assert sorted(os.path.basename(c.path) for c in plan.changes) == ["current-old-crlf-bom.md", "current-old.md"]
    apply_plan(plan)
    data = Document.load(folder / "current-old.md").data
    assert data["title"] == "Remote Pharmacies Add Telehealth Kiosks"
    assert data["breadcrumbs"][-1] == data["featuredImage"]["alt"] == data["title"], "derived fields follow"
    assert changed_entries(before["current-old-crlf-bom.md"][0], (folder / "current-old-crlf-bom.md").read_bytes()) \
        == {"title", "breadcrumbs", "featuredImage", "lastMod"}


def test_replace_in_every_field_and_the_body(folder):
    spec = FindSpec("Forty clinicians", fields=ALL_FIELDS)
    plan = plan_batch([str(folder / "current-new.md")], ReplaceText(spec, "Forty-two clinicians"), now=NOW)
    assert plan.changes[0].fields == ("description", "body", "lastMod")
    apply_plan(plan)
    text = (folder / "current-new.md").read_text()
    assert text.count("Forty-two clinicians") == 2


def test_replace_only_the_chosen_matches(folder):
    spec = FindSpec("news", case_sensitive=True, whole_word=True, fields=ALL_FIELDS)
    result = find_in_files([str(folder / "legacy.md"), str(folder / "current-old.md")], spec)
    found = [(os.path.basename(m.path), m.field) for m in result.matches]
    assert {("legacy.md", "aliases"), ("legacy.md", "tags.0"), ("current-old.md", "link.href"),
            ("current-old.md", "tags.0")} <= set(found) and len(found) > 4
    chosen = tuple(m for m in result.matches if m.field == "tags.0" and m.path.endswith("legacy.md"))
    plan = plan_batch([m.path for m in result.matches], ReplaceText(spec, "briefs", chosen), now=NOW)
    assert [os.path.basename(c.path) for c in plan.changes] == ["legacy.md"]
    assert plan.changes[0].fields == ("tags", "lastMod")
    assert "current-old.md" in {os.path.basename(p) for p in plan.unchanged}


def test_a_file_changed_since_the_search_is_skipped(folder):
    spec = FindSpec("Kiosks")
    result = find_in_files([str(folder / "current-old.md")], spec)
    with open(folder / "current-old.md", "a") as stream:
        stream.write("\n<p>More.</p>")
    plan = plan_batch([str(folder / "current-old.md")], ReplaceText(spec, "Booths", tuple(result.matches)))
    assert plan.skipped[0].reason == "it changed since the search; search again" and not plan.changes


def test_a_replacement_may_not_empty_the_title(folder):
    spec = FindSpec(".*", regex=True, fields=("title",))
    plan = plan_batch([str(folder / "legacy.md")], ReplaceText(spec, ""))
    assert plan.skipped[0].reason == "title would be empty, and it is required"


def test_unreadable_files_are_listed_not_searched(folder):
    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\nKiosks\n")
    result = find_in_files([str(folder / "broken.md"), str(folder / "missing.md")], FindSpec("Kiosks"))
    assert not result.matches and len(result.skipped) == 2


def test_a_search_stops_at_its_limit_and_when_cancelled(folder):
    result = find_in_files(every(folder), FindSpec("e", fields=ALL_FIELDS), limit=5)
    assert len(result.matches) == 5 and result.truncated
    assert find_in_files(every(folder), FindSpec("e"), cancelled=lambda: True).cancelled


def test_files_that_cannot_match_are_not_even_parsed(folder, monkeypatch):
    from curator_gui.core import document

    parsed = []
    real = document.Document.__init__

    def counting(self, raw, *args, **kwargs):
        parsed.append(raw)
        real(self, raw, *args, **kwargs)

    monkeypatch.setattr(document.Document, "__init__", counting)
    plan = plan_batch(every(folder), ReplaceText(FindSpec("Kiosks"), "Booths"), now=NOW, workers=1)
    assert len(plan.changes) == 2 and len(parsed) == 2 and len(plan.unchanged) == len(FILES) - 2
