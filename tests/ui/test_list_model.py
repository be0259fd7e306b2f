"""The file list's model and filter proxy alone, fed as the window feeds them (no panel, no index)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from curator_gui.core.index_row import IndexRow
from curator_gui.core.query import search_text, word_mask
from curator_gui.ui.file_list.model import FileListModel
from curator_gui.ui.file_list.proxy import FileFilterProxy
from curator_gui.ui.file_list.rows import DATE, TITLE
from curator_gui.ui.file_list.table import RowTable


def _row(title: str, date: str, status: str = "ok", categories=()) -> dict:
    errors = 1 if status == "error" else 0
    return dict(title=title, description="", date=date, brand="example.org", categories=list(categories),
                clean_url=f"example.org/{title.lower().replace(' ', '-')}", status=status, errors=errors,
                warnings=0, summary="")


def _shown(proxy) -> list[str]:
    return [proxy.index(row, TITLE).data() for row in range(proxy.rowCount())]


def test_rows_filter_by_every_word_and_by_problems(qtbot):
    model = FileListModel()
    model.set_root("/curations")
    proxy = FileFilterProxy()
    proxy.setSourceModel(model)
    model.update_row("/curations/a.md", **_row("Remote Monitoring Grows", "2024-03-01", categories=["Symplur: Care"]))
    model.update_row("/curations/b.md", **_row("Clinic Staffing", "2024-02-01", status="error"))
    model.update_row("/curations/c.md", **_row("Monitoring Staff Hours", "2024-01-01"))
    assert model.counts() == {"files": 3, "errors": 1, "warnings": 0, "unsaved": 0, "pending": 0}
    proxy.set_text("monitoring")
    assert _shown(proxy) == ["Remote Monitoring Grows", "Monitoring Staff Hours"]
    proxy.set_text("STAFF monitoring")
    assert _shown(proxy) == ["Monitoring Staff Hours"]
    proxy.set_text("symplur")  # topics are searched too
    assert _shown(proxy) == ["Remote Monitoring Grows"]
    proxy.set_text("")
    proxy.set_only_problems(True)
    assert _shown(proxy) == ["Clinic Staffing"]
    assert model.paths_with_clean_url("example.org/clinic-staffing") == ["/curations/b.md"]


def test_sorting_keeps_a_held_row_on_its_file_and_kept_rows_stay(qtbot):
    model = FileListModel()
    model.set_root("/curations")
    proxy = FileFilterProxy()
    proxy.setSourceModel(model)
    for name, date in (("a", "2024-01-01"), ("b", "2024-03-01"), ("c", "2024-02-01")):
        model.update_row(f"/curations/{name}.md", **_row(name.upper(), date))
    held = QPersistentModelIndex(proxy.index(0, TITLE))  # what a selection holds
    proxy.sort(DATE, Qt.SortOrder.DescendingOrder)
    assert _shown(proxy) == ["B", "C", "A"] and held.row() == 2 and held.data() == "A"
    model.set_unsaved("/curations/c.md", True)
    model.keep = lambda path: path.endswith("c.md")
    model.remove_paths(["/curations/b.md", "/curations/c.md"])
    assert _shown(proxy) == ["C", "A"] and model.counts()["unsaved"] == 1


def _index_row(number: int, errors: int = 0, topics=()) -> IndexRow:
    title, name = f"Curation {number}", f"{number:04d}.md"
    search = search_text(title, file_name=name, topics=topics)
    return IndexRow(path=f"/curations/{name}", title=title, date=f"2024-01-{number % 28 + 1:02d}",
                    categories=tuple(topics), errors=errors, search=search, search_mask=word_mask(search))


def test_counts_and_topics_taken_again_in_steps_follow_changes_made_meanwhile(monkeypatch):
    """After rows change in place the counts and the topics are taken again a step at a time; rows added,
    replaced or edited between two steps are counted as they are at the end."""
    monkeypatch.setattr("curator_gui.ui.file_list.table.COUNT_STEP", 3)
    table = RowTable()
    table.append([_index_row(n, topics=[f"Topic {n % 4}"]) for n in range(10)])
    for row in table.rows[:4]:
        row.errors = 1  # what the checks across files do
    table.changed_in_place()
    assert not table.count_step(3) and not table.count_step(3)
    table.append([_index_row(10, errors=2, topics=["New"])])  # counted when the steps reach it
    assert not table.count_step(3)
    with table.changing(table.rows[0]):  # an edit meanwhile: counted again from the start
        table.rows[0].errors = 0
    steps = 1
    while not table.count_step(3):
        steps += 1
    assert steps > 1
    assert table.counts() == {"files": 11, "errors": 4, "warnings": 0, "unsaved": 0, "pending": 0}
    assert not table.topics_step(3)
    table.replace(5, _index_row(5, topics=["Replaced"]))  # gathered again from the start
    while not table.topics_step(3):
        pass
    assert table.topics() == ["New", "Replaced", "Topic 0", "Topic 1", "Topic 2", "Topic 3"]


def test_the_end_of_a_scan_counts_then_offers_topics_in_turns_of_the_event_loop(qtbot, monkeypatch):
    monkeypatch.setattr("curator_gui.ui.file_list.table.COUNT_STEP", 2)
    model = FileListModel()
    model.set_root("/curations")
    model.queue_index_rows([_index_row(n, topics=["Alpha" if n % 2 else "Beta"]) for n in range(7)])
    model.flush()
    for row in model.rows()[:3]:
        row.errors = 1
    order = []
    model.counts_changed.connect(lambda: order.append(("counts", model.counts()["errors"])))
    model.topics_ready.connect(lambda: order.append(("topics", model.all_categories())))
    with qtbot.waitSignal(model.topics_ready, timeout=2000):
        model.rows_changed_in_place()
        assert order == []  # nothing counted within the call
    assert order == [("counts", 3), ("topics", ["Alpha", "Beta"])]


@pytest.mark.parametrize("count", [30, 250])  # rows refiltered one by one, or all at once
def test_problems_changed_in_place_keep_what_the_filter_gathered_and_refilter_by_status(qtbot, count):
    model = FileListModel()
    model.set_root("/curations")
    proxy = FileFilterProxy()
    proxy.setSourceModel(model)
    busy = [True]
    proxy.busy = lambda: busy[0]  # a scan under way: the idle gathering waits for its end
    model.queue_index_rows([_index_row(n, topics=["Alpha"]) for n in range(count)])
    model.flush()
    qtbot.wait(900)
    assert not proxy.prepared
    busy[0] = False
    qtbot.waitUntil(lambda: proxy.prepared, timeout=5000)
    words = proxy._filter._words
    proxy.set_text("is:error alpha")
    assert _shown(proxy) == []
    for row in model.rows()[:3]:
        row.errors = 1  # what the checks across files do
    model.rows_changed_in_place()
    assert proxy._filter._words is words  # the texts did not change: the word index stays
    assert sorted(_shown(proxy)) == sorted(row.title for row in model.rows()[:3])
