"""Navigation alone: opening records from the list, keeping edited ones, stepping, and the list following along."""
from __future__ import annotations

from ui_support import WAIT, curation_text


def test_the_list_opens_records_and_edited_ones_stay_in_memory(qtbot, parts, folder):
    parts.open(qtbot, folder)
    opened: list[str] = []
    parts.navigator.record_opened.connect(opened.append)
    alpha = parts.select(qtbot, "alpha.md")
    assert parts.pane.form.session is alpha and parts.undo_group.activeStack() is alpha.undo_stack
    alpha.edit(("title",), "Alpha, edited")
    beta = parts.select(qtbot, "beta.md")
    assert opened == [str(folder / "alpha.md"), str(folder / "beta.md")]
    assert parts.records.get(str(folder / "alpha.md")) is alpha and not alpha.closed
    assert parts.model.get(str(folder / "alpha.md")).unsaved
    parts.select(qtbot, "gamma.md")
    assert beta.closed and parts.records.get(str(folder / "beta.md")) is None  # clean, no history: let go
    assert parts.select(qtbot, "alpha.md") is alpha


def test_step_moves_through_the_list_as_shown(qtbot, parts, folder):
    parts.open(qtbot, folder)
    proxy = parts.panel.proxy
    shown = [proxy.mapToSource(proxy.index(row, 2)).row() for row in range(proxy.rowCount())]
    paths = [parts.model.row(number).path for number in shown]
    parts.navigator.step(1)  # nothing selected yet: the first row
    assert parts.records.current.path == paths[0]
    parts.navigator.step(1)
    assert parts.records.current.path == paths[1]
    parts.navigator.step(-1)
    assert parts.records.current.path == paths[0]
    parts.navigator.step(len(paths) + 3)  # no further than the last row
    assert parts.records.current.path == paths[-1]


def test_a_file_named_before_the_listing_is_selected_once_listed(qtbot, parts, folder):
    parts.navigator.select_when_listed(str(folder / "gamma.md"))
    parts.folder.open(str(folder))
    qtbot.waitUntil(lambda: parts.records.current is not None, timeout=WAIT)
    assert parts.records.current.path == str(folder / "gamma.md")
    assert parts.panel.current_path() == str(folder / "gamma.md")


def test_a_file_not_listed_yet_is_listed_and_opened(qtbot, parts, folder):
    parts.open(qtbot, folder)
    late = folder / "late.md"
    late.write_text(curation_text("Late Arrival", "https://late.example.org/x"), encoding="utf-8")
    parts.watcher.blockSignals(True)  # as if the folder's change had not been seen yet
    assert parts.navigator.select_file(str(late))
    assert parts.records.current.path == str(late)
    assert not parts.navigator.select_file(str(folder.parent / "elsewhere.md"))
    parts.watcher.blockSignals(False)


def test_an_unreadable_file_shows_why_in_the_pane(qtbot, parts, folder):
    parts.open(qtbot, folder)
    assert parts.navigator.open_record(str(folder / "missing.md")) is None
    assert "Cannot read missing.md" in parts.pane.placeholder.text()


def test_a_clean_record_whose_file_is_removed_is_let_go(qtbot, parts, folder):
    parts.open(qtbot, folder)
    session = parts.select(qtbot, "beta.md")
    (folder / "beta.md").unlink()
    parts.outside.check(session)
    assert session.closed and parts.records.get(str(folder / "beta.md")) is None
    assert parts.model.row_of(str(folder / "beta.md")) < 0
    assert parts.pane.placeholder.text() == ("“Beta Clinic Reports Lower Readmissions” (beta.md) was removed or "
                                             "renamed by another program.")


def test_save_as_moves_the_selection_without_reopening_the_old_file(qtbot, parts, folder):
    parts.open(qtbot, folder)
    session = parts.select(qtbot, "alpha.md")
    session.edit(("title",), "Alpha Copy")
    opened: list[str] = []
    parts.navigator.record_opened.connect(opened.append)
    assert parts.saving.save(session, str(folder / "alpha-copy.md"))
    assert parts.records.current is session and session.path == str(folder / "alpha-copy.md")
    assert parts.panel.current_path() == str(folder / "alpha-copy.md")
    assert parts.model.get(str(folder / "alpha-copy.md")).title == "Alpha Copy"
    assert not parts.model.get(str(folder / "alpha.md")).unsaved
    assert opened == []
