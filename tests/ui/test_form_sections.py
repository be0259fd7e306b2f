"""The form's sections: daily fields in view, the rest folded, shortcuts to each section, the offerings table at
the form's width."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton

from ui_support import curation_text, editor, select

DAILY = ("title", "description", "link.original", "categories", "relatedOfferings", "featuredImage.href")
FOLDED = ("date", "link.href", "categorySlug", "featuredImage.alt", "openGraphMetaData", "htmlMetaData",
          "archetype")


def test_daily_fields_are_in_view_and_the_rest_is_folded_away(qtbot, window):
    select(qtbot, window, "beta.md")
    for key in DAILY:
        assert editor(window, key).isVisible(), key
    for key in FOLDED:
        assert not editor(window, key).isVisible(), key
    toggle = window.findChild(QToolButton, "toggle:Page metadata")
    assert toggle.isVisible() and "Open Graph, Twitter, HTML meta" in toggle.text()
    toggle.click()
    assert editor(window, "openGraphMetaData").isVisible() and editor(window, "htmlMetaData").isVisible()


def test_a_folded_field_s_problems_show_on_its_toggle_and_going_there_opens_it(qtbot, window, folder):
    text = (folder / "beta.md").read_text(encoding="utf-8").replace("date: '2024-01-10'", "date: 'soon'")
    (folder / "beta.md").write_text(text, encoding="utf-8")
    session = select(qtbot, window, "beta.md")
    qtbot.waitUntil(lambda: session.doc.data["date"] == "soon", timeout=5000)
    toggle = window.findChild(QToolButton, "toggle:Basics")
    assert "1 error" in toggle.text()
    assert window.pane.form.focus_field("date")  # as activating the problem does
    assert editor(window, "date").isVisible() and editor(window, "date").hasFocus()


def test_each_section_has_a_shortcut_named_in_its_tooltip(qtbot, window):
    select(qtbot, window, "gamma.md")  # gamma has an unknown key: "Other fields" is there too
    form = window.pane.form
    assert "(Alt+1)" in form.nav_buttons["Basics"].toolTip()
    assert "(Alt+9)" in form.nav_buttons["Body"].toolTip()
    for keys, key in ((Qt.Key.Key_3, "categories.input"), (Qt.Key.Key_6, "openGraphMetaData"),
                      (Qt.Key.Key_9, "body"), (Qt.Key.Key_8, "owlType"), (Qt.Key.Key_1, "title")):
        qtbot.keyClick(QApplication.focusWidget() or window, keys, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is editor(window, key), key
    assert editor(window, "openGraphMetaData").isVisible()  # going to a folded section opens it


def test_the_body_is_a_few_tabs_from_the_title(qtbot, window):
    select(qtbot, window, "gamma.md")
    editor(window, "title").setFocus()
    for presses in range(1, 40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is editor(window, "body"):
            break
    assert presses <= 15


def test_open_sections_are_remembered_between_runs(qtbot, open_window, folder):
    window = open_window(folder)
    select(qtbot, window, "beta.md")
    window.findChild(QToolButton, "toggle:Source").click()
    window.close()
    again = open_window(None)
    select(qtbot, again, "beta.md")
    assert editor(again, "link.href").isVisible() and not editor(again, "date").isVisible()


def test_the_offerings_table_takes_the_form_s_width_and_wraps_long_labels(qtbot, window, folder):
    label = "A Remote Patient Monitoring Suite With Many Words In Its Rather Long Name For Wrapping"
    offerings = (f"  - label: {label}\n    permalink: /offering/remote-patient-monitoring-suite-with-many-words\n"
                 "    categories:\n      - 'Healthcare IT News: Telehealth'\n      - 'Symplur: Patient Care'\n"
                 "    offeringId: 101")
    (folder / "wide.md").write_text(curation_text("Wide Offerings", "https://wide.example.org/a",
                                                  offerings=offerings), encoding="utf-8")
    window.folder.refresh()
    qtbot.waitUntil(lambda: window.model.row_of(str(folder / "wide.md")) >= 0, timeout=5000)
    select(qtbot, window, "wide.md")
    table = editor(window, "relatedOfferings")
    qtbot.wait(50)
    assert table.width() >= 0.8 * window.pane.form.scroll.viewport().width()
    header = table.horizontalHeader()
    assert header.sectionSize(3) < header.sectionSize(0)  # the id column fits its numbers
    assert table.verticalHeader().sectionSize(0) > 1.5 * table.fontMetrics().height()  # the label wraps
    assert table.height() > table.verticalHeader().sectionSize(0)  # the row fits without scrolling
