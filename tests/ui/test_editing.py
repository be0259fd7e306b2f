"""Editing a record: typing saves only the field typed into, undo, derived fields, topics, offerings."""
from __future__ import annotations

import difflib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from ui_support import editor, select


def test_type_save_changes_only_that_field_on_disk(qtbot, window, folder):
    path = folder / "beta.md"
    before = path.read_text(encoding="utf-8")
    select(qtbot, window, "beta.md")
    box = editor(window, "description")
    assert isinstance(box, QPlainTextEdit) and box.accessibleName() == "Description"
    box.setFocus()
    box.moveCursor(box.textCursor().MoveOperation.End)
    qtbot.keyClicks(box, " Updated")
    assert window.isWindowModified() and "[*]" in window.windowTitle()
    assert window.model.get(str(path)).unsaved
    qtbot.keyClick(box, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # the window's Save (Ctrl+S)
    after = path.read_text(encoding="utf-8")
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert sorted(line[1:].split(":")[0] for line in changed) == ["description", "description", "lastMod",
                                                                 "lastMod"]
    assert "description: A short summary of the article. Updated" in after
    assert not window.isWindowModified()
    assert not window.model.get(str(path)).unsaved


def test_typing_merges_into_one_undo_step_and_redo(qtbot, window):
    select(qtbot, window, "alpha.md")
    title = editor(window, "title")
    assert isinstance(title, QLineEdit) and title.accessibleName() == "Title"
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " Today")
    session = window.current
    assert session.doc.data["title"].endswith("Today")
    assert session.undo_stack.count() == 1
    # derived fields follow the title live
    assert editor(window, "featuredImage.alt").text().endswith("Today")
    assert session.doc.data["breadcrumbs"][-1].endswith("Today")
    qtbot.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert title.text() == "Alpha Hospital Adopts Remote Monitoring"
    assert editor(window, "featuredImage.alt").text() == "Alpha Hospital Adopts Remote Monitoring"
    assert not session.is_modified and not window.isWindowModified()
    window.commands.redo.trigger()
    assert title.text().endswith("Today")


def test_switching_records_never_prompts_and_keeps_edits(qtbot, window, folder):
    alpha = select(qtbot, window, "alpha.md")
    editor(window, "title").setFocus()
    qtbot.keyClicks(editor(window, "title"), "!")
    select(qtbot, window, "beta.md")  # a prompt here would block the test
    assert alpha.is_modified and window.model.get(str(folder / "alpha.md")).unsaved
    assert not window.isWindowModified()
    back = select(qtbot, window, "alpha.md")
    assert back is alpha and "!" in editor(window, "title").text()
    assert (folder / "alpha.md").read_text(encoding="utf-8").count("!") == 0


def test_topics_editor_adds_with_enter_and_derived_lists_follow(qtbot, window):
    select(qtbot, window, "beta.md")
    tags = editor(window, "categories")
    assert tags.accessibleName() == "Topics"
    box = window.findChild(QLineEdit, "categories.input")
    box.setFocus()
    qtbot.keyClicks(box, "Symplur: Wearables")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    data = window.current.doc.data
    assert data["categories"][-1] == "Symplur: Wearables"
    assert data["categorySlug"][-1] == "symplur: wearables"
    assert data["categoryUrl"][-1] == "topic/symplur-wearables"
    assert editor(window, "categoryLabel").toPlainText().splitlines()[-1] == "Wearables"
    # a malformed topic is flagged at the editor as you type it in
    qtbot.keyClicks(box, "no taxonomy")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert any(p.field == "categories.2" for p in window.current.problems)
    # Backspace in the empty box removes the last topic
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    assert window.current.doc.data["categories"][-1] == "Symplur: Wearables"
    # completion offers topics used elsewhere in the folder
    assert "Symplur: Patient Care" in window.pane.form.editors["categories"].completions.stringList()


def test_offerings_table_edits_validates_and_reorders(qtbot, window):
    select(qtbot, window, "gamma.md")
    table = editor(window, "relatedOfferings")
    model = table.model()
    assert model.index(0, 1).data() == "not-a-permalink"
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole).startswith("Error")
    assert model.setData(model.index(0, 1), "/offering/claims-helper")
    assert window.current.doc.data["relatedOfferings"][0]["permalink"] == "/offering/claims-helper"
    assert not window.current.problems
    assert "Error" not in (model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) or "")
    window.pane.form.editors["relatedOfferings"].add_row()
    assert len(window.current.doc.data["relatedOfferings"]) == 2
    assert model.setData(model.index(1, 0), "Second Offering")
    assert model.setData(model.index(1, 3), "12x")  # not a number: flagged in its cell
    assert any(p.field == "relatedOfferings.1.offeringId" for p in window.current.problems)
    assert model.index(1, 3).data(Qt.ItemDataRole.ToolTipRole).startswith("Error")
    table.setCurrentIndex(model.index(1, 0))
    window.pane.form.editors["relatedOfferings"].move_row(-1)
    assert [o["label"] for o in window.current.doc.data["relatedOfferings"]] == ["Second Offering", "Claims Helper"]
    window.pane.form.editors["relatedOfferings"].remove_row()
    assert [o["label"] for o in window.current.doc.data["relatedOfferings"]] == ["Claims Helper"]


def test_unknown_keys_are_kept_and_edited_as_yaml(qtbot, window, folder):
    select(qtbot, window, "gamma.md")
    raw = editor(window, "owlType")
    assert raw.toPlainText() == "news-item"
    raw.setPlainText("[news-item, feature")  # invalid YAML: kept out of the record, flagged
    assert window.current.doc.data["owlType"] == "news-item"
    assert "not valid YAML" in raw.toolTip()
    raw.setPlainText("feature-item")
    assert window.current.doc.data["owlType"] == "feature-item"
    window.commands.save.trigger()
    assert "owlType: feature-item" in (folder / "gamma.md").read_text(encoding="utf-8")


def test_every_field_editor_is_named_labelled_and_explained(window):
    from curator_gui.core.schema import FIELDS

    for field in FIELDS:
        if not field.form:
            continue
        widget = editor(window, field.key)
        assert widget.accessibleName() == field.label, field.key
        assert field.help in widget.toolTip(), field.key


def test_problem_click_focuses_its_field(qtbot, window):
    select(qtbot, window, "gamma.md")
    problems = window.pane.problem_list
    item = problems.topLevelItem(0)
    assert "permalink" in item.text(3)
    problems.itemActivated.emit(item, 0)
    table = editor(window, "relatedOfferings")
    assert table.hasFocus() or table.isAncestorOf(window.focusWidget())
    assert table.currentIndex().row() == 0 and table.currentIndex().column() == 1


def test_invalid_file_opens_read_only_and_is_never_written(qtbot, window, folder):
    before = (folder / "broken.md").read_bytes()
    select(qtbot, window, "broken.md")
    assert window.pane.stack.currentWidget() is window.pane.raw_view
    assert "Line 6" in window.pane.raw_view.message.text() or "line 6" in window.pane.raw_view.message.text().lower()
    assert "never closed" in window.pane.raw_view.text.toPlainText()
    assert window.pane.raw_view.text.isReadOnly()
    assert not window.commands.save.isEnabled()
    window.saving.save_current()
    assert (folder / "broken.md").read_bytes() == before
    assert window.pane.problem_list.topLevelItem(0).text(0) == "6"


def test_plain_article_becomes_a_curation(qtbot, window, folder):
    select(qtbot, window, "plain.md")
    assert window.pane.article_bar.isVisible()
    window.pane.article_bar.buttons["Make It a Curation"].click()
    assert window.current.doc.data["title"] == "Why Clinics Share Data"
    assert editor(window, "title").text() == "Why Clinics Share Data"
    assert not window.pane.article_bar.isVisible()
    window.commands.save.trigger()
    text = (folder / "plain.md").read_text(encoding="utf-8")
    assert text.startswith("---\n") and "title: Why Clinics Share Data" in text
    assert text.rstrip().endswith("More text follows here.")
    window.commands.undo.trigger()  # still undoable after saving
    assert not window.current.doc.data


def test_page_metadata_keeps_the_oldest_files_list_shape(qtbot, window, folder):
    text = (folder / "beta.md").read_text(encoding="utf-8").replace(
        "openGraphMetaData:\n  ogtitle: Beta Clinic Reports Lower Readmissions\n  ogsite_name: null\n",
        "openGraphMetaData:\n- ogtitle: Old Shape Title\n  ogsite_name: null\ntwitterMetaData:\n- null\n")
    (folder / "beta.md").write_text(text, encoding="utf-8")
    session = select(qtbot, window, "beta.md")
    qtbot.waitUntil(lambda: window.current.doc.data.get("twitterMetaData") == [None], timeout=5000)
    session = window.current
    table = editor(window, "openGraphMetaData").model()
    assert table.index(0, 1).data() == "Old Shape Title"
    assert table.setData(table.index(0, 1), "New Shape Title")
    assert session.doc.data["openGraphMetaData"] == [{"ogtitle": "New Shape Title", "ogsite_name": None}]
    twitter = window.pane.form.editors["twitterMetaData"]
    twitter.add_row()
    assert session.doc.data["twitterMetaData"] == [{"name": None}]
    window.commands.save.trigger()
    saved = (folder / "beta.md").read_text(encoding="utf-8")
    assert "- ogtitle: New Shape Title" in saved


def test_revert_is_undoable_and_save_as_writes_a_new_file(qtbot, window, folder):
    session = select(qtbot, window, "alpha.md")
    title = editor(window, "title")
    title.setFocus()
    qtbot.keyClicks(title, "Draft ")
    window.commands.revert.trigger()
    assert not session.is_modified and not title.text().startswith("Draft")
    window.commands.undo.trigger()
    assert session.doc.data["title"].startswith("Draft")
    target = folder / "alpha-copy.md"
    window.prompts.choose_save_path = lambda *args: str(target)
    window.commands.save_as.trigger()
    assert target.exists() and "title: Draft Alpha" in target.read_text(encoding="utf-8")
    assert "Draft" not in (folder / "alpha.md").read_text(encoding="utf-8")
    assert window.current.path == str(target) and window.file_panel.current_path() == str(target)


def test_body_edits_save_only_the_body_and_the_preview_follows(qtbot, window, folder):
    from PySide6.QtWidgets import QTextBrowser

    before = (folder / "beta.md").read_text(encoding="utf-8")
    select(qtbot, window, "beta.md")
    source = editor(window, "body")
    assert source.accessibleName() == "Body"
    source.setPlainText("<p>A <b>new</b> body.</p>\n")
    preview = window.findChild(QTextBrowser, "bodyPreview")
    qtbot.waitUntil(lambda: "A new body." in preview.toPlainText(), timeout=2000)
    window.commands.save.trigger()
    after = (folder / "beta.md").read_text(encoding="utf-8")
    assert after.endswith("---\n<p>A <b>new</b> body.</p>\n")
    old_front, new_front = before.split("\n---\n")[0], after.split("\n---\n")[0]
    changed = [new for old, new in zip(old_front.splitlines(), new_front.splitlines(), strict=True) if old != new]
    assert [line.split(":")[0] for line in changed] == ["lastMod"]
