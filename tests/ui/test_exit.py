"""Ending the program while a window still exists: background threads stop, the process exits cleanly.

Each case runs in a fresh interpreter, because what is checked is how that interpreter ends: Qt aborts the
process ("QThread: Destroyed while thread is still running") when a thread object dies while its thread runs.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ui_support import curation_text

#: Enough files that the index is still reading them (cold cache) when the program ends.
FILES = 300

ENDINGS = {
    "script ends": "",
    "event loop quits": """
        from PySide6.QtCore import QTimer
        QTimer.singleShot(50, app.quit)
        app.exec()
    """,
    "window deleted": """
        from PySide6.QtCore import QCoreApplication, QEvent
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        del window
    """,
}


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("many") / "curations"
    root.mkdir()
    for number in range(FILES):
        (root / f"story-{number:04d}.md").write_text(
            curation_text(f"Story Number {number}", f"https://news.example.org/story/{number}"), encoding="utf-8")
    return root


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_program_ends_cleanly_while_the_folder_is_being_read(big_folder, tmp_path, ending):
    script = textwrap.dedent("""
        import sys
        from curator_gui.app import build_window
        from PySide6.QtWidgets import QApplication
        window = build_window(sys.argv[1])
        app = QApplication.instance()
        assert window.index.scanning
    """) + textwrap.dedent(ENDINGS[ending]) + "\nprint('ended')\n"
    env = dict(os.environ, CURATOR_GUI_CACHE_DIR=str(tmp_path / "cache"), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", script, str(big_folder)], capture_output=True, text=True,
                          env=env, timeout=60)
    assert "QThread: Destroyed" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ended"


def test_a_stopper_stops_once_whoever_comes_first(qtbot):
    from PySide6.QtCore import QObject

    from curator_gui.ui.lifetime import StopOnce

    calls: list[str] = []
    owner = QObject()
    stopper = StopOnce(owner, lambda: calls.append("stopped"))
    stopper()
    stopper()
    assert calls == ["stopped"] and stopper.stopped
    other = QObject()
    StopOnce(other, lambda: calls.append("destroyed"))
    other.deleteLater()
    qtbot.waitUntil(lambda: calls == ["stopped", "destroyed"], timeout=2000)
