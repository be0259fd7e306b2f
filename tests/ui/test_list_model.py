"""The file list's model and filter proxy alone, fed as the window feeds them (no panel, no index)."""
from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex, Qt

from curator_gui.ui.file_list.model import FileListModel
from curator_gui.ui.file_list.proxy import FileFilterProxy
from curator_gui.ui.file_list.rows import DATE, TITLE


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
