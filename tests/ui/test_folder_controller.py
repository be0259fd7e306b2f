"""The folder controller alone: opening a folder, rows arriving from the index, reading again, stopping."""
from __future__ import annotations

import os

from ui_support import WAIT, curation_text


def test_opening_lists_then_reads_every_file(qtbot, parts, folder):
    seen: list[str] = []
    parts.folder.opened.connect(lambda root: seen.append(f"opened {root}"))
    parts.folder.folder_listed.connect(lambda: seen.append("listed"))
    parts.folder.scan_finished.connect(lambda: seen.append("finished"))
    with qtbot.waitSignal(parts.folder.scan_finished, timeout=WAIT):
        parts.folder.open(str(folder))
    assert seen == [f"opened {folder}", "listed", "finished"]
    assert parts.folder.root == str(folder) and parts.folder.listed
    rows = {os.path.basename(row.path): row for row in parts.model.rows()}
    assert sorted(rows) == ["alpha.md", "beta.md", "broken.md", "gamma.md", "plain.md"]
    assert rows["beta.md"].title == "Beta Clinic Reports Lower Readmissions"
    assert rows["gamma.md"].status == "error"
    assert parts.counts.text() == "5 files · 3 with errors"
    assert not parts.progress.isVisible()


def test_a_file_added_outside_is_read_and_the_open_records_are_looked_at(qtbot, parts, folder):
    parts.open(qtbot, folder)
    with qtbot.waitSignal(parts.folder.folder_reread, timeout=WAIT):
        (folder / "delta.md").write_text(curation_text("Delta Arrives", "https://delta.example.org/a"),
                                         encoding="utf-8")
    qtbot.waitUntil(lambda: parts.model.get(str(folder / "delta.md")) is not None
                    and parts.model.get(str(folder / "delta.md")).title == "Delta Arrives", timeout=WAIT)


def test_refresh_reads_again_and_asks_for_a_look_at_the_open_records(qtbot, parts, folder):
    parts.open(qtbot, folder)
    (folder / "beta.md").unlink()
    with qtbot.waitSignals([parts.folder.folder_reread, parts.folder.scan_finished], timeout=WAIT):
        parts.folder.refresh()
    parts.model.flush()
    assert parts.model.row_of(str(folder / "beta.md")) < 0


def test_stopping_the_scan_keeps_what_was_listed(qtbot, parts, folder):
    for number in range(40):
        (folder / f"extra-{number}.md").write_text(curation_text(f"Extra {number}", f"https://x.example/{number}"),
                                                   encoding="utf-8")
    with qtbot.waitSignal(parts.folder.folder_listed, timeout=WAIT):
        parts.folder.open(str(folder))
    parts.progress.cancel_button.click()
    assert not parts.index.scanning and not parts.progress.isVisible()
    assert parts.model.rowCount() == 45
    assert parts.announced == ["Stopped reading the folder; files not read yet show as pending"]
