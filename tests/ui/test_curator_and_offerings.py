"""The curator is not the byline: new curations are filed under the curator (asked once when nothing names one,
changed in Preferences), the page's byline is shown as information and never reaches ``author``. Offerings: a
label typed in the table is completed from the folder and fills the row; an offering id written otherwise
elsewhere in the folder is CG406."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from ui_support import WAIT, article_html, curation_text, editor, select


def test_the_first_new_curation_asks_for_the_curator_once(qtbot, window, web):
    Path(os.environ["GIT_CONFIG_GLOBAL"]).write_text("", encoding="utf-8")  # git names nobody here
    asked, said = [], []
    window.prompts.ask_curator_name = lambda parent: asked.append(parent) or "Robin Editor"
    window.statusBar().messageChanged.connect(said.append)  # the image download's news may follow at once
    for path, title in (("/one", "First Story"), ("/two", "Second Story")):
        url = web.add(path, article_html(title, "A summary."))
        window.prompts.ask_url = lambda *args, address=url: address
        window.commands.new.trigger()
        qtbot.waitUntil(lambda t=title: window.current is not None
                        and window.current.doc.data.get("title") == t, timeout=WAIT)
        assert window.current.doc.data["author"] == ["Robin Editor"]  # the curator, not the page's writer
    assert len(asked) == 1 and window.settings.curator_name() == "Robin Editor"
    assert any("Sam Writer as its writer" in message for message in said)  # the byline, as information

    seen = []
    window.prompts.preferences = lambda parent, name, note: seen.append((name, note)) or "Robin B. Editor"
    window.commands.preferences.trigger()
    assert seen[0][0] == "Robin Editor" and "no curator" in seen[0][1]
    from curator_gui.ui.settings import Settings

    assert Settings().curator_name() == "Robin B. Editor"  # kept (in the test's own settings folder)


def test_preferences_dialog_is_usable_from_the_keyboard(qtbot):
    from curator_gui.ui.preferences import PreferencesDialog

    dialog = PreferencesDialog("", "Git's user.name is used otherwise.")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name_edit, timeout=WAIT)
    assert dialog.name_edit.accessibleName() == "Your name as curator"
    assert dialog.findChild(type(dialog.note), "curatorNote").text().endswith("Git's user.name is used otherwise.")
    qtbot.keyClicks(dialog.name_edit, "  Ari   Lee ")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.result() == PreferencesDialog.DialogCode.Accepted and dialog.curator_name() == "Ari Lee"


def test_the_review_shows_the_byline_and_use_all_never_touches_the_curators(qtbot, open_window, folder, web):
    url = web.add("/own", article_html("A Fetched Headline", "Fetched summary."))
    (folder / "own.md").write_text(curation_text("Own Page Title", url), encoding="utf-8")
    window = open_window(folder)
    session = select(qtbot, window, "own.md")
    window.fetching.fetch_url(url)
    qtbot.waitUntil(lambda: not window.fetcher.busy, timeout=WAIT)
    panel = window.pane.review_panel
    assert panel.isVisible() and panel.byline.isVisible() and "Sam Writer" in panel.byline.text()
    assert all(c.path != ("author",) for c in panel.conflicts)  # information, not a value to apply
    panel.accept_all_button.click()
    assert session.doc.data["title"] == "A Fetched Headline" and session.doc.data["author"] == ["Dana Reviewer"]
    assert session.doc.data["htmlMetaData"]["author"] == "Sam Writer"  # the page's own tag stays where it was


def test_offering_labels_are_completed_from_the_folder_and_fill_the_row(qtbot, open_window, folder):
    mine = "  - label: Bed Finder\n    permalink: /offering/bed-finder\n    categories: []\n    offeringId: 55"
    (folder / "delta.md").write_text(curation_text("Delta Story", "https://delta.example.com/a", offerings=mine),
                                     encoding="utf-8")
    window = open_window(folder)
    session = select(qtbot, window, "delta.md")
    table = editor(window, "relatedOfferings")
    window.pane.form.editors["relatedOfferings"].add_row()
    cell = QApplication.focusWidget()
    assert isinstance(cell, QLineEdit) and cell.objectName() == "relatedOfferings.labelInput"
    completer = cell.completer()
    assert "Remote Monitoring Suite" in completer.model().stringList()  # used by the other files
    steps = session.undo_stack.index()
    completer.activated.emit("Remote Monitoring Suite")  # picked from the popup
    qtbot.waitUntil(lambda: len(session.doc.data["relatedOfferings"]) == 2
                    and session.doc.data["relatedOfferings"][1]["label"] == "Remote Monitoring Suite", timeout=WAIT)
    assert session.doc.data["relatedOfferings"][1] == {
        "label": "Remote Monitoring Suite", "permalink": "/offering/remote-monitoring-suite",
        "categories": ["Healthcare IT News: Telehealth"], "offeringId": 101}
    assert session.undo_stack.index() == steps + 1 and table.model().rowCount() == 2


def _write_odd_offering(folder) -> None:
    """odd.md: offering 101 under another label than the other files give it."""
    odd = ("  - label: Remote Monitoring Kit\n    permalink: /offering/remote-monitoring-suite\n    categories: []\n"
           "    offeringId: 101")
    (folder / "odd.md").write_text(curation_text("Odd Story", "https://odd.example.com/a", offerings=odd),
                                   encoding="utf-8")


def test_an_offering_id_written_otherwise_in_the_folder_is_a_problem(qtbot, open_window, folder):
    _write_odd_offering(folder)
    window = open_window(folder)
    session = select(qtbot, window, "odd.md")
    found = [p for p in session.problems if p.code == "CG406"]
    assert len(found) == 1 and found[0].field == "relatedOfferings.0.offeringId"
    assert '"Remote Monitoring Suite" (/offering/remote-monitoring-suite) in 2 files' in found[0].message
    assert window.model.get(session.path).status == "warning"
    model = editor(window, "relatedOfferings").model()
    assert "CG406 offering-id-inconsistent" in model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    assert model.setData(model.index(0, 0), "Remote Monitoring Suite")  # written as the others write it
    assert not [p for p in session.problems if p.code == "CG406"]


def test_new_offers_the_existing_curation_however_its_address_is_spelled(qtbot, window):
    offered = []
    window.prompts.ask_url = lambda *args: "http://WWW.news.example.org/alpha/#comments"  # alpha.md's source
    window.prompts.open_existing = lambda parent, name, address: offered.append(name) or False
    window.commands.new.trigger()
    assert offered == ["alpha.md"] and not window.fetcher.busy


def test_the_folder_s_offerings_are_kept_whole_after_one_file_is_saved(qtbot, open_window, folder):
    _write_odd_offering(folder)
    window = open_window(folder)
    session = select(qtbot, window, "alpha.md")
    before = window.checks.offerings
    session.edit(("title",), "Alpha, Retitled")
    window.commands.save.trigger()
    # The save reads alpha.md again; the folder's offerings are gathered anew from every file, not from it alone.
    qtbot.waitUntil(lambda: window.checks.offerings is not before, timeout=WAIT)
    labels = {choice["label"] for choice in window.checks.offerings.choices()}
    assert {"Remote Monitoring Suite", "Remote Monitoring Kit"} <= labels
    session = select(qtbot, window, "odd.md")
    found = [p for p in session.problems if p.code == "CG406"]
    assert len(found) == 1 and "in 2 files" in found[0].message
