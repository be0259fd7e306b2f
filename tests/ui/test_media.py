"""The Media section: the picture of the record's image, and getting, replacing and removing it in the background,
one undo step each, files and record kept together (real images made with Pillow, a loopback server)."""
from __future__ import annotations

import io
import threading

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from ui_support import WAIT, curation_text, select


def image_bytes(format_name: str, width: int, height: int, colour=(40, 90, 160)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format_name)
    return out.getvalue()


def serve(web, path: str, data: bytes, content_type: str = "image/png", gate=None) -> str:
    from conftest import Page

    web.pages[path] = Page(data, content_type=content_type, gate=gate)
    return web.url(path)


def with_page_image(text: str, page: str, image: str) -> str:
    """A curation whose source is ``page`` and whose page names ``image`` as its og:image."""
    text = text.replace("https://news.example.org/alpha", page)
    return text.replace("  ogsite_name: null\n", f"  ogsite_name: null\n  ogimage: {image}\n")


def button(window, name: str) -> QPushButton:
    found = window.findChild(QPushButton, name)
    assert found is not None, name
    return found


def test_the_preview_shows_the_image_scaled_with_its_format_and_size(qtbot, open_window, folder):
    (folder / "pictured-featuredImage.png").write_bytes(image_bytes("PNG", 320, 180))
    text = curation_text("Pictured Story", "https://pictured.example.org/a").replace(
        "  href: null\n", "  format: PNG\n  href: pictured-featuredImage.png\n  size:\n    - 180\n    - 320\n"
                          "  valid: true\n")
    (folder / "pictured.md").write_text(text, encoding="utf-8")
    window = open_window(folder)
    select(qtbot, window, "pictured.md")
    preview = window.findChild(QLabel, "imagePreview")
    qtbot.waitUntil(lambda: preview.pixmap() is not None and not preview.pixmap().isNull(), timeout=WAIT)
    shown = preview.pixmap().deviceIndependentSize()
    assert abs(shown.width() / shown.height() - 320 / 180) < 0.05  # the aspect kept
    assert shown.width() <= preview.width() and shown.height() <= preview.height()
    facts = window.findChild(QLabel, "featuredImage.facts")
    qtbot.waitUntil(lambda: "320 × 180 px" in facts.text(), timeout=WAIT)
    assert facts.text().startswith("PNG")
    select(qtbot, window, "beta.md")  # a record without an image shows none
    assert preview.pixmap().isNull() and preview.text() == "No image"


def test_a_download_lands_in_its_own_record_and_undo_takes_the_file_back(qtbot, open_window, folder, web):
    gate = threading.Event()
    picture = serve(web, "/lead.png", image_bytes("PNG", 200, 100), gate=gate)
    page = web.url("/alpha-story")
    (folder / "alpha.md").write_text(with_page_image((folder / "alpha.md").read_text(encoding="utf-8"), page,
                                                     picture), encoding="utf-8")
    window = open_window(folder)
    alpha = select(qtbot, window, "alpha.md")
    button(window, "featuredImage.download").click()
    assert window.media.busy_text(alpha, "featuredImage")
    beta = select(qtbot, window, "beta.md")
    gate.set()
    stored = folder / "alpha-featuredImage.png"
    qtbot.waitUntil(lambda: stored.exists() and alpha.doc.data["featuredImage"].get("href") == stored.name,
                    timeout=WAIT)
    assert alpha.doc.data["featuredImage"]["size"] == [100, 200]  # the sample's dialect: [height, width]
    assert alpha.doc.data["featuredImage"]["format"] == "PNG" and alpha.doc.data["featuredImage"]["valid"] is True
    assert beta.doc.data["featuredImage"]["href"] is None and not beta.is_modified
    assert window.current is beta
    select(qtbot, window, "alpha.md")
    assert alpha.undo_stack.count() == 1
    window.commands.undo.trigger()
    assert not stored.exists() and alpha.doc.data["featuredImage"]["href"] is None
    window.commands.redo.trigger()
    assert stored.exists() and alpha.doc.data["featuredImage"]["href"] == stored.name
    assert not any(p.code == "CG501" for p in alpha.problems)


def test_a_chosen_file_and_a_dropped_one_are_stored_and_undone(qtbot, open_window, folder, tmp_path):
    chosen = tmp_path / "chosen.png"
    chosen.write_bytes(image_bytes("PNG", 64, 48))
    dropped = tmp_path / "dropped.jpg"
    dropped.write_bytes(image_bytes("JPEG", 80, 40))
    window = open_window(folder)
    window.prompts.choose_image_file = lambda parent, start: str(chosen)
    beta = select(qtbot, window, "beta.md")
    button(window, "featuredImage.choose").click()
    qtbot.waitUntil(lambda: beta.doc.data["featuredImage"].get("href") == "beta-featuredImage.png", timeout=WAIT)
    preview = window.findChild(QLabel, "imagePreview")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    enter = QDragEnterEvent(preview.rect().center(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(preview, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(preview, QDropEvent(QPointF(preview.rect().center()), Qt.DropAction.CopyAction, mime,
                                               Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: beta.doc.data["featuredImage"].get("href") == "beta-featuredImage.jpeg", timeout=WAIT)
    assert beta.doc.data["featuredImage"]["format"] == "JPEG" and beta.undo_stack.count() == 2
    window.commands.undo.trigger()
    assert not (folder / "beta-featuredImage.jpeg").exists()
    assert beta.doc.data["featuredImage"]["href"] == "beta-featuredImage.png"
    assert (folder / "beta-featuredImage.png").exists()


def test_remove_waits_for_the_save_while_the_saved_record_names_the_file(qtbot, open_window, folder):
    image = folder / "alpha-featuredImage.png"
    image.write_bytes(image_bytes("PNG", 60, 30))
    text = (folder / "alpha.md").read_text(encoding="utf-8").replace(
        "  href: null\n", "  format: PNG\n  href: alpha-featuredImage.png\n  size:\n    - 30\n    - 60\n"
                           "  valid: true\n")
    (folder / "alpha.md").write_text(text, encoding="utf-8")
    window = open_window(folder)
    alpha = select(qtbot, window, "alpha.md")
    button(window, "featuredImage.remove").click()
    assert "href" not in alpha.doc.data["featuredImage"] and alpha.doc.data["featuredImage"]["alt"]
    assert image.exists()  # the file on disk still names it: discarding the edit must leave its image
    assert window.saving.save(alpha)
    assert not image.exists()
    window.commands.undo.trigger()
    assert image.exists() and alpha.doc.data["featuredImage"]["href"] == image.name
    assert not any(p.code == "CG501" for p in alpha.problems)


def test_an_error_page_in_place_of_the_image_changes_nothing_unless_marked_not_valid(qtbot, open_window, folder,
                                                                                    web):
    picture = serve(web, "/lead.png", b"<!doctype html><html><body>Not found</body></html>", "text/html")
    page = web.url("/alpha-story")
    (folder / "alpha.md").write_text(with_page_image((folder / "alpha.md").read_text(encoding="utf-8"), page,
                                                     picture), encoding="utf-8")
    window = open_window(folder)
    alpha = select(qtbot, window, "alpha.md")
    button(window, "featuredImage.download").click()
    bar = window.pane.notice_bar
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=WAIT)
    assert "HTML page" in bar.text and not alpha.is_modified
    assert not list(folder.glob("alpha-featuredImage.*"))
    bar.buttons["Record as Not Valid"].click()
    assert alpha.doc.data["featuredImage"]["valid"] is False and alpha.undo_stack.count() == 1


def test_a_download_for_a_record_let_go_meanwhile_takes_its_file_back(qtbot, open_window, folder, web, tmp_path):
    gate = threading.Event()
    picture = serve(web, "/lead.png", image_bytes("PNG", 50, 50), gate=gate)
    (folder / "alpha.md").write_text(with_page_image((folder / "alpha.md").read_text(encoding="utf-8"),
                                                     web.url("/alpha-story"), picture), encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    window = open_window(folder)
    alpha = select(qtbot, window, "alpha.md")
    button(window, "featuredImage.download").click()
    assert window.open_folder(str(other))  # every record of the first folder is let go
    assert alpha.closed
    gate.set()
    qtbot.waitUntil(lambda: not window.runner.pending(), timeout=WAIT)
    assert not (folder / "alpha-featuredImage.png").exists()
    assert "was not used" in window.statusBar().currentMessage()


def test_undo_removes_a_created_file_the_saved_record_named_before_it_existed(qtbot, open_window, folder, tmp_path):
    chosen = tmp_path / "chosen.png"
    chosen.write_bytes(image_bytes("PNG", 64, 48))
    text = (folder / "beta.md").read_text(encoding="utf-8")
    (folder / "beta.md").write_text(text.replace("  href: null\n", "  href: beta-featuredImage.png\n"),
                                    encoding="utf-8")
    window = open_window(folder)
    beta = select(qtbot, window, "beta.md")
    assert any(p.code == "CG501" for p in beta.problems)
    window.media.choose(beta, "featuredImage", str(chosen))
    stored = folder / "beta-featuredImage.png"
    qtbot.waitUntil(lambda: beta.doc.data["featuredImage"].get("size") == [48, 64], timeout=WAIT)
    assert stored.exists()
    window.commands.undo.trigger()
    assert not stored.exists()  # back to exactly what was there: the saved record never depended on the file
    assert window.saving.save(beta) and not stored.exists()
    window.commands.redo.trigger()
    assert stored.exists()
    assert window.saving.save(beta)  # now the saved record depends on the file
    window.commands.undo.trigger()
    assert stored.exists()  # kept until a save no longer names it
