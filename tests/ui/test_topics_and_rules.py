"""A real archive in the window: older and newer files side by side. Topics are edited in the file's own shape
(byte for byte), converted only when asked, completed from both shapes; info hints show at the field but are
never counted; problems carry their rule's code; the folder's configuration is read again when it changes; a
duplicate's other file opens from the problem list."""
from __future__ import annotations

import difflib

import pytest
from PySide6.QtWidgets import QLineEdit

from curator_gui.ui.file_list.rows import file_name, status_text

from ui_support import WAIT, curation_text, legacy_curation_text, select

LEGACY_TOPICS = ("Medigy: Business Survival & Continuity", "Symplur: #nursing", "Gartner: Supply Chain")
LONG_TITLE = "Regional Health Network Rolls Out Remote Monitoring for Heart Failure Patients at Home"


@pytest.fixture
def archive(tmp_path):
    """An older file and a newer one, a file whose only finding is an info hint, and a second curation of the
    older file's source spelled another way."""
    root = tmp_path / "archive"
    root.mkdir()
    (root / "older.md").write_text(legacy_curation_text(
        "Night Nurses Try Quieter Alarms", "https://www.wardnotes.example.org/alarms", LEGACY_TOPICS), "utf-8")
    (root / "newer.md").write_text(curation_text(
        "Pharmacies Add Video Kiosks", "https://countyhealth.example.com/kiosks",
        categories=("Healthcare IT News: Telehealth", "Symplur: Patient Care")), "utf-8")
    (root / "long.md").write_text(curation_text(LONG_TITLE, "https://heartnet.example.com/remote"), "utf-8")
    (root / "again.md").write_text(curation_text(
        "Quieter Alarms, Again", "http://wardnotes.example.org/alarms/#comments"), "utf-8")
    return root


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.ndiff(before.decode().splitlines(), after.decode().splitlines())
    return [line for line in diff if line[:2] in ("- ", "+ ")]


def test_older_topics_are_shown_edited_in_place_and_converted_only_when_asked(qtbot, open_window, archive):
    window = open_window(archive)
    session = select(qtbot, window, "older.md")
    topics = window.pane.form.editors["categories"]
    assert [chip.text for chip in topics.chips] == list(LEGACY_TOPICS)
    assert topics.shape_row.isVisible() and window.commands.convert_topics.isEnabled()
    assert "communityTopics" not in window.pane.form._other_keys  # not an unknown "other field"
    before = (archive / "older.md").read_bytes()

    topics.add("Symplur: #telehealth")
    topics.remove(0)
    assert session.undo_stack.count() == 2  # each change one step, both fields together
    window.saving.save_current()
    changed = _changed_lines(before, (archive / "older.md").read_bytes())
    assert [line for line in changed if not line[2:].startswith(("- '", "  medigyTopics:", "    ", "lastMod:"))] == []
    assert "- 'Symplur: -hash-telehealth'" in "\n".join(changed)  # each field in its own spelling
    assert '"Symplur: #telehealth"]' in "\n".join(changed)
    assert "- 'Medigy: Business Survival & Continuity'" in [line[2:] for line in changed if line[0] == "-"]
    text = (archive / "older.md").read_text()
    assert "categories: []" in text and "categorySlug" not in text  # never grows the newer fields by itself

    window.commands.undo.trigger()  # one step back: both fields together
    assert session.doc.data["communityTopics"][0] == "Medigy: Business Survival & Continuity"
    assert "Symplur: #nursing" in session.doc.data["openProjectCustomFields"]["medigyTopics"]

    step = session.undo_stack.index()
    window.commands.convert_topics.trigger()
    data = session.doc.data
    assert session.undo_stack.index() == step + 1 and "communityTopics" not in data
    assert data["categories"][0] == "Medigy: Business Survival & Continuity" and data["categorySlug"]
    assert not topics.shape_row.isVisible() and not window.commands.convert_topics.isEnabled()
    window.commands.undo.trigger()
    assert "categorySlug" not in session.doc.data and session.doc.data["categories"] == []
    assert topics.shape_row.isVisible()


def test_completion_offers_topics_of_both_shapes(qtbot, open_window, archive):
    both = curation_text("Both Fields", "https://both.example.com/a", extra="communityTopics:\n- 'KLAS: Other'\n")
    (archive / "both.md").write_text(both, "utf-8")
    window = open_window(archive)
    select(qtbot, window, "both.md")  # topics in categories: older topics beside them stay in view, as YAML
    assert window.pane.form._other_keys == ["communityTopics"]
    select(qtbot, window, "newer.md")
    assert window.pane.form._other_keys == []
    completer = window.findChild(QLineEdit, "categories.input").completer()
    offered = completer.model().stringList()
    assert "Symplur: #nursing" in offered and "Healthcare IT News: Telehealth" in offered  # older, newer
    completer.setCompletionPrefix("nursi")
    assert completer.currentCompletion() == "Symplur: #nursing"


def test_info_hints_show_at_the_field_with_their_code_and_are_never_counted(qtbot, open_window, archive):
    window = open_window(archive)
    session = select(qtbot, window, "long.md")
    assert [(p.code, p.severity) for p in session.problems] == [("CG101", "info")]
    title = window.pane.form.editors["title"]
    assert title.widget.property("problem") == "info"  # its own tint, not the warning's
    assert "CG101 title-too-long: Titles longer than" in title.widget.toolTip()
    form = window.pane.form
    assert form.sections["Basics"].title() == "Basics" and "⚠" not in form.nav_buttons["Basics"].text()
    assert window.pane.problem_title.text() == "&Problems (0 errors, 0 warnings; 1 info)"
    item = window.pane.problem_list.topLevelItem(0)
    assert item.text(1) == "CG101" and "CG101 title-too-long:" in item.toolTip(3)
    row = window.model.get(str(archive / "long.md"))
    assert row.status == "ok" and status_text(row) == "ok"
    title.widget.end(False)
    qtbot.keyClicks(title.widget, " Today")  # an edited record's row is counted the same way
    assert session.is_modified and window.model.get(str(archive / "long.md")).status == "ok"
    window.saving.save_current()
    assert window.model.get(str(archive / "long.md")).status == "ok"
    window.file_panel.problems_button.setChecked(True)  # "Problems only"
    shown = {file_name(window.model.row(window.file_panel.proxy.mapToSource(window.file_panel.proxy.index(n, 0))
                                        .row()).path) for n in range(window.file_panel.proxy.rowCount())}
    assert "long.md" not in shown and "again.md" in shown
    assert "with warnings" in window.counts_label.text() and "2 with warnings" in window.counts_label.text()


def test_the_configuration_is_read_again_when_it_changes(qtbot, open_window, archive):
    window = open_window(archive)
    session = select(qtbot, window, "long.md")
    config = archive / "curator.toml"
    config.write_text('[severity]\nCG101 = "warning"\n', "utf-8")  # noticed through the folder's watcher
    qtbot.waitUntil(lambda: [p.severity for p in session.problems] == ["warning"], timeout=WAIT)
    qtbot.waitUntil(lambda: window.model.get(session.path).status == "warning", timeout=WAIT)
    config.write_text('ignore = ["CG1"\n', "utf-8")  # a watched file, now unusable: the defaults apply
    qtbot.waitUntil(lambda: window.config_bar.isVisible(), timeout=WAIT)
    assert f"{config}:1:" in window.config_bar.text and "default rules apply" in window.config_bar.text
    assert [p.severity for p in session.problems] == ["info"]
    config.write_text('ignore = ["CG101"]\n', "utf-8")
    qtbot.waitUntil(lambda: not window.config_bar.isVisible() and session.problems == [], timeout=WAIT)


def test_a_duplicate_names_the_other_file_and_opens_it(qtbot, open_window, archive):
    window = open_window(archive)
    select(qtbot, window, "again.md")
    problems = window.pane.problem_list
    item = next(problems.topLevelItem(n) for n in range(problems.topLevelItemCount())
                if problems.topLevelItem(n).text(1) == "CG207")
    assert item.text(3) == 'same source as "Night Nurses Try Quieter Alarms" (older.md)'
    link = item.child(0)
    assert link.text(3) == "Open “Night Nurses Try Quieter Alarms” (older.md)"
    problems.itemActivated.emit(link, 3)
    qtbot.waitUntil(lambda: window.current.name == "older.md", timeout=WAIT)
