"""The change flow without the window: nothing to change is said without a preview; unsaved records are saved
first when asked; an open record follows its file; undo and redo take turns in the history of changes."""
from __future__ import annotations

from batch_window import make_folder
from ui_support import WAIT

from curator_gui.core.batch_ops import SetFieldText
from curator_gui.ui import prompts as answers
from curator_gui.ui.banners import MessageBar
from curator_gui.ui.batch_flow import BatchFlow
from curator_gui.ui.progress import ProgressArea


def test_the_flow_saves_asks_writes_follows_and_undoes(qtbot, parts, tmp_path):
    root = make_folder(tmp_path / "shapes")
    parts.open(qtbot, root)
    bar = MessageBar("batchBar", parts.host)
    flow = BatchFlow(parts.records, parts.prompts, ProgressArea("batchProgress", "Stop", parts.host), bar,
                     parts.host, save=parts.saving.save, reread=parts.folder.reread, follow=parts.outside.check,
                     title_of=lambda path: "", root=lambda: str(root))
    flow.announced.connect(lambda text, _ms: parts.announced.append(text))
    paths = [str(path) for path in sorted(root.glob("*.md"))]

    assert flow.run(SetFieldText("archetype", "curated-content"), [str(root / "other.md")])
    qtbot.waitUntil(lambda: not flow.busy, timeout=WAIT)
    assert "no file needs this change" in parts.announced[-1] and flow.preview is None

    edited = parts.select(qtbot, "newer.md")
    edited.edit(("status",), "review")
    clean = parts.select(qtbot, "older.md")  # the open record, without edits
    asked = []
    parts.prompts.unsaved_before_batch = lambda parent, title, names: asked.append(names) or answers.SAVE_FIRST
    assert flow.run(SetFieldText("status", "draft"), paths, "Mark as drafts")
    qtbot.waitUntil(lambda: flow.preview is not None, timeout=WAIT)
    assert asked == [[edited.label]] and not edited.is_modified  # saved first: the plan starts from its save
    assert len([row for row in flow.preview.rows if row.state == "change"]) == 5
    flow.preview.apply_button.click()
    qtbot.waitUntil(lambda: not flow.busy, timeout=WAIT)
    assert clean.doc.data["status"] == "draft" and edited.doc.data["status"] == "draft"  # reloaded
    assert flow.undo_title() == "Mark as drafts" and "5 files changed" in bar.text

    assert flow.undo()
    qtbot.waitUntil(lambda: not flow.busy, timeout=WAIT)
    assert (flow.undo_title(), flow.redo_title()) == ("", "Mark as drafts")
    assert "status: review" in (root / "newer.md").read_text() and "status:" not in (root / "older.md").read_text()
    assert clean.doc.data.get("status") is None
    assert flow.redo()
    qtbot.waitUntil(lambda: not flow.busy, timeout=WAIT)
    assert (flow.undo_title(), flow.redo_title()) == ("Mark as drafts", "")
    assert "status: draft" in (root / "older.md").read_text()
