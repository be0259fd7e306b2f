"""The filter language in the window's list: word starts, phrases, field prefixes, is:/has:/date:, negation, terms
that are not understood, and rows that change while a filter is on (see curator_gui.core.query)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from ui_support import WAIT, curation_text, editor, select

TITLE = 2


@pytest.fixture
def filter_folder(tmp_path):
    """Four curations whose words overlap on purpose, and a file that cannot be parsed."""
    root = tmp_path / "curations"
    root.mkdir()
    (root / "scribes.md").write_text(curation_text(
        "AI Scribes Cut Charting Time", "https://news.example.org/scribes", date="2024-03-05",
        description="Clinicians spend fewer evenings on notes.",
        categories=("Healthcare IT News: Artificial Intelligence",)).replace(
        "featuredImage:\n  alt: AI Scribes Cut Charting Time\n  href: null",
        "featuredImage:\n  alt: AI Scribes Cut Charting Time\n  href: https://img.example.org/scribes.jpg"),
        encoding="utf-8")
    (root / "maintain.md").write_text(curation_text(
        "Hospitals Maintain Remote Monitoring Programs", "https://www.health-daily.example.com/programs",
        date="2023-11-20", description="Budgets hold steady after the pilot year.",
        categories=("Symplur: Patient Care",)), encoding="utf-8")
    (root / "rural.md").write_text(curation_text(
        "Remote Patient Monitoring Grows in Rural Clinics", "https://rural.example.net/monitoring",
        date="2024-01-15", description="Monitoring remote patients cuts drive times."), encoding="utf-8")
    (root / "staffing.md").write_text(curation_text(
        "Nurse Staffing Levels Recover", "https://staffing.example.org/levels", date="2024-02-10",
        description="Hospitals report fewer open shifts.", categories=("Symplur: Nursing",)), encoding="utf-8")
    (root / "broken.md").write_text("---\ntitle: Broken\ndescription: \"never closed\n---\n", encoding="utf-8")
    return root


@pytest.fixture
def window(open_window, filter_folder):
    return open_window(filter_folder)


def _shown(window) -> set[str]:
    proxy = window.file_panel.proxy
    return {proxy.index(row, TITLE).data() for row in range(proxy.rowCount())}


def _type(qtbot, window, text: str) -> set[str]:
    box = window.findChild(QLineEdit, "filterEdit")
    box.clear()
    qtbot.keyClicks(box, text)  # one key at a time, as typed
    return _shown(window)


SCRIBES = "AI Scribes Cut Charting Time"
MAINTAIN = "Hospitals Maintain Remote Monitoring Programs"
RURAL = "Remote Patient Monitoring Grows in Rural Clinics"
STAFFING = "Nurse Staffing Levels Recover"


def test_words_match_at_word_starts_and_phrases_in_order(qtbot, window):
    assert _type(qtbot, window, "AI") == {SCRIBES}  # not "mAIntain"
    assert _type(qtbot, window, "ai") == {SCRIBES}
    assert _type(qtbot, window, "monitoring remote") == {MAINTAIN, RURAL}  # every word, in any order
    assert _type(qtbot, window, '"remote monitoring"') == {MAINTAIN}  # a phrase: its words as written
    assert _type(qtbot, window, "evenings") == {SCRIBES}  # descriptions are searched
    assert _type(qtbot, window, "onitoring") == set()  # inside a word: no match


@pytest.mark.parametrize("query, expected", [
    ("title:remote", {MAINTAIN, RURAL}),
    ("title:hospitals", {MAINTAIN}),  # "Hospitals" also starts staffing's description
    ("description:hospitals", {STAFFING}),
    ("topic:symplur", {MAINTAIN, STAFFING}),
    ("topic:intelligence", {SCRIBES}),
    ("brand:health-daily", {MAINTAIN}),
    ("file:staffing", {STAFFING}),
    ("file:broken", {"broken.md"}),
])
def test_each_field_prefix_looks_in_its_field_only(qtbot, window, query, expected):
    assert _type(qtbot, window, query) == expected


def test_flags_dates_and_negation(qtbot, window):
    assert _type(qtbot, window, "is:error") == {"broken.md"}
    assert _type(qtbot, window, "is:problem") == {"broken.md"}
    assert _type(qtbot, window, "has:image") == {SCRIBES}
    assert _type(qtbot, window, "has:topics -topic:symplur") == {RURAL, SCRIBES}
    assert _type(qtbot, window, "date:2024") == {RURAL, SCRIBES, STAFFING}
    assert _type(qtbot, window, "date:2024-01") == {RURAL}
    assert _type(qtbot, window, "date:>=2024-02") == {SCRIBES, STAFFING}
    assert _type(qtbot, window, "date:<2024") == {MAINTAIN}
    assert _type(qtbot, window, "-is:error -remote") == {SCRIBES, STAFFING}
    window.file_panel.problems_button.setChecked(True)  # the same as is:problem, added to the filter's terms
    assert _type(qtbot, window, "") == {"broken.md"}
    assert _type(qtbot, window, "remote") == set()


def test_is_unsaved_follows_edits_and_the_live_title_is_searched(qtbot, window, filter_folder):
    assert _type(qtbot, window, "is:unsaved") == set()
    window.findChild(QLineEdit, "filterEdit").clear()
    select(qtbot, window, "staffing.md")
    title = editor(window, "title")
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Travel Nurses Return")
    assert _type(qtbot, window, "is:unsaved") == {"Travel Nurses Return"}
    assert _type(qtbot, window, "travel") == {"Travel Nurses Return"}  # the unsaved title, not the file's
    assert _type(qtbot, window, "levels") == set()
    assert _type(qtbot, window, "file:staffing nurses") == {"Travel Nurses Return"}
    window.commands.save.trigger()
    qtbot.waitUntil(lambda: not window.model.get(str(filter_folder / "staffing.md")).unsaved, timeout=WAIT)
    assert _type(qtbot, window, "is:unsaved") == set()
    assert _type(qtbot, window, "-is:unsaved travel") == {"Travel Nurses Return"}


def test_a_term_not_understood_is_shown_and_matches_nothing(qtbot, window):
    panel = window.file_panel
    assert _type(qtbot, window, "remote is:cheap") == set()
    assert panel.filter_hint.isVisible()
    assert panel.filter_hint_text.text() == ("Nothing matches: is:cheap is not understood (is: takes error, warning, "
                                             "problem, ok, unsaved or pending)")
    assert "is:cheap" in panel.filter_edit.toolTip() and panel.filter_edit.property("problem") == "error"
    assert _type(qtbot, window, "remote") == {MAINTAIN, RURAL}
    assert not panel.filter_hint.isVisible() and not panel.filter_edit.property("problem")
    # a term still being typed is not an error yet: the rest keeps matching until it is complete
    box = window.findChild(QLineEdit, "filterEdit")
    qtbot.keyClicks(box, " is:err")
    assert _shown(window) == {MAINTAIN, RURAL} and not panel.filter_hint.isVisible()
    qtbot.keyClicks(box, "or")
    assert _shown(window) == set()  # remote and is:error: none


def test_the_box_documents_the_syntax(window):
    box = window.file_panel.filter_edit
    for part in ("topic:", "brand:", "is:error", "has:image", "date:2024-03"):
        assert part in box.placeholderText()
    for part in ("title:", "description:", "topic:", "brand:", "file:", "is:unsaved", "is:warning", "has:image",
                 "date:&gt;=2024-01", "minus", '"remote monitoring"'):
        assert part in box.toolTip(), part


def test_rows_changing_under_a_filter_are_filtered_again(qtbot, window, filter_folder):
    assert _type(qtbot, window, "rural") == {RURAL}
    (filter_folder / "merger.md").write_text(curation_text(
        "Rural Hospitals Merge", "https://merger.example.org/rural", date="2024-04-01"), encoding="utf-8")
    (filter_folder / "other.md").write_text(curation_text(
        "Urban Clinics Expand", "https://other.example.org/urban"), encoding="utf-8")
    window.folder.refresh()
    qtbot.waitUntil(lambda: _shown(window) == {"Rural Hospitals Merge", RURAL}, timeout=WAIT)
    proxy = window.file_panel.proxy
    assert window.model.rowCount() == 7 and proxy.rowCount() == 2


def test_an_invalid_date_is_shown_whole_and_marked(qtbot, window, filter_folder):
    path = filter_folder / "rural.md"
    path.write_text(path.read_text("utf-8").replace("date: '2024-01-15'", "date: last Tuesday"), "utf-8")
    window.folder.refresh()
    qtbot.waitUntil(lambda: window.model.get(str(path)).date == "last Tuesday", timeout=WAIT)
    window.model.flush()
    proxy = window.file_panel.proxy
    row = next(n for n in range(proxy.rowCount()) if proxy.index(n, TITLE).data() == RURAL)
    date = proxy.index(row, 3)
    assert date.data() == "last Tuesday"  # whole (the column cuts it with an ellipsis), not "last Tuesd"
    assert date.data(Qt.ItemDataRole.ToolTipRole) == "Not a date: last Tuesday"
    assert date.data(Qt.ItemDataRole.FontRole).italic()
    dated = next(n for n in range(proxy.rowCount()) if proxy.index(n, TITLE).data() == SCRIBES)
    assert proxy.index(dated, 3).data() == "2024-03-05" and proxy.index(dated, 3).data(Qt.ItemDataRole.FontRole) is None
