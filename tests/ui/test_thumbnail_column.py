"""The file list's thumbnail column: off at first, shown from the View menu or the header's menu, pictures made in
the background for the rows on screen and kept in the user cache."""
from __future__ import annotations

from test_media import image_bytes
from ui_support import WAIT


def test_the_image_column_is_off_at_first_and_shows_the_rows_pictures(qtbot, open_window, folder):
    from curator_gui.core.media.thumbnails import cached_thumbnail
    from curator_gui.ui.file_list.rows import IMAGE
    from curator_gui.ui.file_list.thumbnails import SIZE

    image = folder / "alpha-featuredImage.png"
    image.write_bytes(image_bytes("PNG", 300, 150))
    text = (folder / "alpha.md").read_text(encoding="utf-8")
    (folder / "alpha.md").write_text(text.replace("  href: null\n", f"  href: {image.name}\n"), encoding="utf-8")
    window = open_window(folder)
    panel = window.file_panel
    view = panel.view
    plain_height = view.verticalHeader().defaultSectionSize()
    assert view.isColumnHidden(IMAGE) and IMAGE not in panel.shown_columns()
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert panel.thumbnail_action in view_menu.actions()
    assert panel.thumbnail_action in view.horizontalHeader().actions()
    panel.thumbnail_action.trigger()
    assert not view.isColumnHidden(IMAGE) and IMAGE in panel.shown_columns()
    assert view.verticalHeader().defaultSectionSize() > plain_height
    view.viewport().update()
    qtbot.waitUntil(lambda: panel.thumbnails.has(str(image)), timeout=WAIT)
    picture = panel.thumbnails.pixmap(str(image))
    assert picture is not None and picture.width() <= 56 and picture.height() <= 32
    assert abs(picture.width() / picture.height() - 2) < 0.1
    assert cached_thumbnail(image, SIZE) is not None  # kept on disk for the next time
    panel.thumbnail_action.trigger()
    assert view.isColumnHidden(IMAGE) and view.verticalHeader().defaultSectionSize() == plain_height
