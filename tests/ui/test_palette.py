"""A light/dark switch while the window is open: tints, bars and icons follow at once."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QToolButton

from curator_gui.ui.icons import icon
from curator_gui.ui.marks import tinted

from ui_support import editor, select

BASE, TEXT = QPalette.ColorRole.Base, QPalette.ColorRole.Text


def _dark() -> QPalette:
    palette = QPalette()
    for role, color in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e6e6e6"),
                        (BASE, "#1e1e1e"), (QPalette.ColorRole.AlternateBase, "#262626"), (TEXT, "#e6e6e6"),
                        (QPalette.ColorRole.Button, "#353535"), (QPalette.ColorRole.ButtonText, "#e6e6e6")):
        palette.setColor(role, QColor(color))
    return palette


@pytest.fixture
def palettes(qapp):
    """Switches the application's palette; the original comes back after the test."""
    original = QPalette(qapp.palette())

    def switch(palette: QPalette) -> None:
        qapp.setPalette(palette)
        QApplication.processEvents()

    yield original, switch
    switch(original)


def test_problem_tints_bars_and_icons_follow_a_palette_switch(qtbot, window, folder, palettes):
    light, switch = palettes
    text = (folder / "beta.md").read_text(encoding="utf-8").replace("date: '2024-01-10'", "date: 'last week'")
    (folder / "beta.md").write_text(text, encoding="utf-8")
    session = select(qtbot, window, "beta.md")
    qtbot.waitUntil(lambda: session.doc.data["date"] == "last week", timeout=5000)
    date, title = editor(window, "date"), editor(window, "title")
    window.pane.notice_bar.show_message("warning", "A notice", [])
    add = window.findChild(QToolButton, "relatedOfferings.add")
    assert date.palette().color(BASE) == tinted(light.color(BASE), "error")

    dark = _dark()
    switch(dark)
    assert date.palette().color(BASE) == tinted(dark.color(BASE), "error")
    assert date.palette().color(TEXT) == dark.color(TEXT)  # readable: light text on a dark tint
    assert title.palette().color(BASE) == dark.color(BASE)
    bar = window.pane.notice_bar.palette().color(QPalette.ColorRole.Window)
    assert bar == tinted(dark.color(QPalette.ColorRole.Window), "warning")
    assert add.icon().cacheKey() == icon("add").cacheKey()  # drawn in the dark palette's text colour

    switch(light)
    assert date.palette().color(BASE) == tinted(light.color(BASE), "error")
    assert title.palette().color(BASE) == light.color(BASE)
    assert add.icon().cacheKey() == icon("add").cacheKey()
