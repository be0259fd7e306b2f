"""Outside changes alone: a record in memory, its file changed or removed by another program, and the bar."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QWidget

from ui_support import WAIT, curation_text, no_prompts

from curator_gui.core.document import Document
from curator_gui.ui.banners import MessageBar
from curator_gui.ui.outside import OutsideChanges
from curator_gui.ui.records import RecordStore
from curator_gui.ui.watcher import FolderWatcher


@dataclass
class Setup:
    records: RecordStore
    outside: OutsideChanges
    bar: MessageBar
    gone: list
    announced: list

    def open(self, path):
        session = self.records.add(Document.load(path))
        self.records.make_current(session)
        self.outside.watch_records()
        return session


@pytest.fixture
def setup(qtbot):
    host = QWidget()
    records = RecordStore(lambda doc: [], QUndoGroup(host), host)
    bar = MessageBar("outsideChangeBar", host)
    outside = OutsideChanges(records, FolderWatcher(host), bar, no_prompts(), host)
    built = Setup(records, outside, bar, [], [])
    outside.record_gone.connect(lambda session, text: built.gone.append((session, text)))
    outside.announced.connect(lambda text, _ms: built.announced.append(text))
    host.show()
    yield built
    outside.close_dialogs()
    host.deleteLater()


def _rewrite(path, title: str) -> None:
    path.write_text(curation_text(title, "https://www.beta-health.example.com/story"), encoding="utf-8")


def test_a_clean_record_follows_its_file_quietly(qtbot, setup, folder):
    session = setup.open(folder / "beta.md")
    _rewrite(folder / "beta.md", "Changed Elsewhere")
    qtbot.waitUntil(lambda: session.doc.data["title"] == "Changed Elsewhere", timeout=WAIT)  # the watcher saw it
    assert setup.announced == ["“Changed Elsewhere” (beta.md) changed on disk and was reloaded"]
    assert setup.bar.isHidden() and not session.is_modified


def test_unsaved_edits_stay_and_the_bar_offers_reload_keep_and_diff(qtbot, setup, folder):
    session = setup.open(folder / "beta.md")
    session.edit(("title",), "Mine")
    _rewrite(folder / "beta.md", "Theirs")
    setup.outside.check(session)
    assert session.doc.data["title"] == "Mine" and session.outside_change == "changed"
    assert set(setup.bar.buttons) == {"Reload", "Keep Mine", "Show Diff"}
    setup.bar.buttons["Show Diff"].click()
    assert len(setup.outside.dialogs) == 1
    setup.bar.buttons["Keep Mine"].click()
    assert setup.bar.isHidden() and session.kept_over == session.disk_digest()
    setup.outside.check(session)  # the same content again: nothing more to ask
    assert setup.bar.isHidden()
    _rewrite(folder / "beta.md", "Theirs, Later")
    setup.outside.check(session)
    setup.bar.buttons["Reload"].click()
    assert session.doc.data["title"] == "Theirs, Later"
    session.undo_stack.undo()
    assert session.doc.data["title"] == "Mine"


def test_a_removed_file_lets_a_clean_record_go_and_keeps_an_edited_one(qtbot, setup, folder):
    clean = setup.open(folder / "alpha.md")
    (folder / "alpha.md").unlink()
    setup.outside.check(clean)
    assert setup.gone == [(clean, "“Alpha Hospital Adopts Remote Monitoring” (alpha.md) was removed or renamed by "
                                  "another program.")]
    edited = setup.open(folder / "beta.md")
    edited.edit(("title",), "Mine")
    (folder / "beta.md").unlink()
    setup.outside.check(edited)
    assert edited.outside_change == "deleted" and len(setup.gone) == 1
    assert set(setup.bar.buttons) == {"Keep Mine", "Discard Mine"}
    setup.bar.buttons["Discard Mine"].click()
    assert setup.gone[-1] == (edited, "“Mine” (beta.md) is gone; your edits to it were discarded.")


def test_the_bar_belongs_to_the_record_shown(qtbot, setup, folder):
    session = setup.open(folder / "beta.md")
    session.edit(("title",), "Mine")
    _rewrite(folder / "beta.md", "Theirs")
    setup.outside.check(session)
    setup.outside.show_bar_for(None)  # the pane shows no record
    assert setup.bar.isHidden()
    setup.outside.show_bar_for(session)
    assert not setup.bar.isHidden()
