"""The review after a fetch shows the page's image beside the record's; using it stores and records it (one undo
step), and nothing is stored before the curator picks it."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from test_media import image_bytes, serve, with_page_image
from ui_support import WAIT, article_html, select


def test_the_review_shows_both_images_and_stores_the_fetched_one_only_when_used(qtbot, open_window, folder, web):
    (folder / "alpha-featuredImage.png").write_bytes(image_bytes("PNG", 60, 30, (200, 30, 30)))
    page = web.add("/alpha-story", article_html("Alpha Hospital Goes Remote", "Another summary.",
                                                image="/lead.jpg"))
    serve(web, "/lead.jpg", image_bytes("JPEG", 200, 100), "image/jpeg")
    text = with_page_image((folder / "alpha.md").read_text(encoding="utf-8"), page, web.url("/old.jpg"))
    (folder / "alpha.md").write_text(text.replace("  href: null\n", "  format: PNG\n  href: alpha-featuredImage.png"
                                                  "\n  size:\n    - 30\n    - 60\n  valid: true\n"), encoding="utf-8")
    window = open_window(folder)
    alpha = select(qtbot, window, "alpha.md")
    box = window.findChild(QLineEdit, "fetchUrlEdit")
    box.setText(page)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    strip = window.pane.review_panel.images
    qtbot.waitUntil(lambda: strip.isVisible(), timeout=WAIT)
    fetched = window.findChild(QLabel, "reviewFetchedImage")
    current = window.findChild(QLabel, "reviewCurrentImage")
    qtbot.waitUntil(lambda: strip.use_button.isEnabled() and current.pixmap() is not None
                    and not current.pixmap().isNull(), timeout=WAIT)
    assert not fetched.pixmap().isNull() and "JPEG 200×100" in strip.fetched_text.text()
    assert "PNG 60×30" in strip.current_text.text()
    assert not (folder / "alpha-featuredImage.jpeg").exists()  # shown, not stored
    assert any(c.path == ("featuredImage", "href") for c in alpha.pending_review)
    steps = alpha.undo_stack.count()
    strip.use_button.click()
    qtbot.waitUntil(lambda: alpha.doc.data["featuredImage"]["href"] == "alpha-featuredImage.jpeg", timeout=WAIT)
    assert (folder / "alpha-featuredImage.jpeg").exists() and alpha.doc.data["featuredImage"]["format"] == "JPEG"
    assert not any(c.path == ("featuredImage", "href") for c in alpha.pending_review)
    assert not strip.isVisible() and alpha.undo_stack.count() == steps + 1
    window.commands.undo.trigger()
    assert not (folder / "alpha-featuredImage.jpeg").exists()
    assert alpha.doc.data["featuredImage"]["href"] == "alpha-featuredImage.png"


def test_using_all_fetched_values_stores_the_page_image_as_a_step_of_its_own(qtbot, open_window, folder, web):
    (folder / "alpha-featuredImage.png").write_bytes(image_bytes("PNG", 60, 30, (200, 30, 30)))
    page = web.add("/alpha-story", article_html("Alpha Hospital Goes Remote", "Another summary.",
                                                image="/lead.jpg"))
    serve(web, "/lead.jpg", image_bytes("JPEG", 90, 60), "image/jpeg")
    text = with_page_image((folder / "alpha.md").read_text(encoding="utf-8"), page, web.url("/old.jpg"))
    (folder / "alpha.md").write_text(text.replace("  href: null\n", "  href: alpha-featuredImage.png\n"),
                                     encoding="utf-8")
    window = open_window(folder)
    alpha = select(qtbot, window, "alpha.md")
    window.fetching.fetch_url(page)
    strip = window.pane.review_panel.images
    qtbot.waitUntil(lambda: strip.isVisible() and strip.use_button.isEnabled(), timeout=WAIT)
    window.pane.review_panel.accept_all_button.click()
    qtbot.waitUntil(lambda: alpha.doc.data["featuredImage"]["href"] == "alpha-featuredImage.jpeg", timeout=WAIT)
    assert alpha.doc.data["featuredImage"]["size"] == [60, 90] and (folder / "alpha-featuredImage.jpeg").exists()
    window.commands.undo.trigger()  # the image step: back to the address the list gave
    assert alpha.doc.data["featuredImage"]["href"] == web.url("/lead.jpg")
    assert not (folder / "alpha-featuredImage.jpeg").exists()
