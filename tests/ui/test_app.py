"""Start-up: the command line's window entry, --screenshot, settings kept per test, lazy Qt import."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from ui_support import wait_ready


def test_screenshot_writes_a_png_of_the_window(qapp, folder, tmp_path):
    from curator_gui.cli import main

    out = tmp_path / "shot.png"
    assert main([str(folder), "--screenshot", str(out), "--select", "gamma.md"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)


def test_screenshot_of_a_missing_folder_fails_cleanly(qapp, tmp_path, capsys):
    from curator_gui.ui.app import run_gui

    assert run_gui(str(tmp_path / "nowhere"), screenshot=str(tmp_path / "x.png")) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_file_path_opens_its_folder_with_the_file_selected(qtbot, open_window, folder):
    window = open_window(folder / "beta.md")
    qtbot.waitUntil(lambda: window.current is not None)
    assert window.root == str(folder) and window.current.path == str(folder / "beta.md")


def test_settings_live_in_the_config_dir_and_remember_the_folder(qtbot, open_window, folder):
    config = Path(os.environ["CURATOR_GUI_CONFIG_DIR"])
    window = open_window(folder)
    window.main_splitter.setSizes([300, 900])
    window.close()
    ini = (config / "curator-gui.ini").read_text(encoding="utf-8")
    assert str(folder) in ini and "geometry" in ini
    again = open_window(None)  # no PATH: the last folder used
    assert again.root == str(folder)
    assert again.main_splitter.sizes()[0] < 400  # restored (the default is 500)
    recent = json.loads(again.settings.store.value("recentFolders"))
    assert recent[0] == str(folder)


def test_no_path_and_no_history_opens_the_bundled_samples(qtbot, open_window):
    from curator_gui.ui.locations import seeds_dir

    window = open_window(None, ready=False)
    assert window.root == str(seeds_dir())
    wait_ready(qtbot, window)


def test_importing_the_app_module_does_not_load_qt():
    script = ("import sys, curator_gui.app\n"
              "print(any(m.startswith('PySide6') for m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_keyboard_reaches_every_part(qtbot, window):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit, QPushButton, QTableView

    from ui_support import select

    url_box = window.findChild(QLineEdit, "fetchUrlEdit")
    window.commands.focus_url.trigger()
    assert url_box.hasFocus()
    qtbot.keyClick(url_box, Qt.Key.Key_Tab)
    assert window.findChild(QPushButton, "fetchButton").hasFocus()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    assert window.findChild(QLineEdit, "filterEdit").hasFocus()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Down)  # from the filter into the list
    view = window.findChild(QTableView, "fileList")
    assert view.hasFocus() and window.current is not None
    select(qtbot, window, "gamma.md")
    window.commands.focus_form.trigger()
    assert window.findChild(QLineEdit, "title").hasFocus()
    window.commands.focus_problems.trigger()
    assert window.pane.problem_list.hasFocus()
    qtbot.keyClick(window.pane.problem_list, Qt.Key.Key_Return)  # Enter on a problem goes to its field
    assert window.findChild(QTableView, "relatedOfferings").hasFocus()


def test_screenshot_at_a_given_size(qapp, folder, tmp_path, capsys):
    from curator_gui.cli import main

    out = tmp_path / "small.png"
    assert main([str(folder), "--screenshot", str(out), "--size", "1024x640", "--select", "beta.md"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1024, 640)
    assert main([str(folder), "--screenshot", str(out), "--size", "big"]) == 2
    assert "not a size like 1024x640" in capsys.readouterr().err
