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


def test_an_image_another_program_rewrites_or_removes_is_followed_by_the_list_and_the_media_section(
        qtbot, open_window, folder):
    import html
    import time

    from PySide6.QtWidgets import QLabel
    from ui_support import select

    def colour(pixmap) -> tuple[int, int, int]:
        image = pixmap.toImage()
        found = image.pixelColor(image.width() // 2, image.height() // 2)
        return found.red(), found.green(), found.blue()

    image = folder / "alpha-featuredImage.png"
    image.write_bytes(image_bytes("PNG", 200, 100, (200, 0, 0)))
    text = (folder / "alpha.md").read_text(encoding="utf-8")
    (folder / "alpha.md").write_text(text.replace("  href: null\n", f"  format: PNG\n  href: {image.name}\n  size:\n"
                                                                    f"    - 100\n    - 200\n  valid: true\n"), "utf-8")
    (folder / "alpha-featuredImage.jpeg").write_bytes(image_bytes("JPEG", 20, 10))  # left over: none names it
    window = open_window(folder)
    panel = window.file_panel
    panel.thumbnail_action.trigger()
    alpha = select(qtbot, window, "alpha.md")
    preview = window.findChild(QLabel, "imagePreview")
    leftover = ("image file not named by any curation (alpha.md names 'alpha-featuredImage.png' instead)")
    from curator_gui.core.index import FolderIndex

    index = FolderIndex(folder, cache_path=folder.parent / "validate.sqlite3", workers=1)  # as validate reads it
    try:
        assert [(p.code, p.message) for p in index.scan().folder_problems] == [("CG505", leftover)]
    finally:
        index.close()
    problems = window.findChild(QLabel, "featuredImage.problems")
    qtbot.waitUntil(lambda: f"alpha-featuredImage.jpeg: {leftover}" in html.unescape(problems.text()), timeout=WAIT)
    qtbot.waitUntil(lambda: panel.thumbnails.has(str(image)) and preview.pixmap() is not None
                    and not preview.pixmap().isNull(), timeout=WAIT)
    assert colour(panel.thumbnails.pixmap(str(image))) == colour(preview.pixmap()) == (200, 0, 0)
    assert not any(p.code.startswith("CG5") for p in alpha.problems)

    offered = window.checks.offerings.choices()
    time.sleep(0.01)
    image.write_bytes(image_bytes("PNG", 300, 100, (0, 200, 0)))  # rewritten in place: the folder's names stay
    window.folder.look_for_changes()  # what the window does every few seconds and when it is switched back to
    row = window.model.rows()[window.model.row_of(str(folder / "alpha.md"))]
    qtbot.waitUntil(lambda: "CG503" in row.media_codes and any(p.code == "CG503" for p in alpha.problems),
                    timeout=WAIT)
    qtbot.waitUntil(lambda: colour(preview.pixmap()) == (0, 200, 0), timeout=WAIT)
    assert "300 × 100 px" in window.findChild(QLabel, "featuredImage.facts").text()
    assert window.checks.offerings.choices() == offered  # what the folder's other files hold is as it was
    panel.view.viewport().update()
    qtbot.waitUntil(lambda: isinstance(panel.thumbnails.pixmap(str(image)), type(preview.pixmap()))
                    and colour(panel.thumbnails.pixmap(str(image))) == (0, 200, 0), timeout=WAIT)

    image.unlink()
    window.folder.look_for_changes()
    qtbot.waitUntil(lambda: row.image_missing and any(p.code == "CG501" for p in alpha.problems), timeout=WAIT)
    qtbot.waitUntil(lambda: preview.text() == "File missing", timeout=WAIT)
