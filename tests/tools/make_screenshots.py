#!/usr/bin/env python3
"""Renders the README's screenshots from the sample curations (a script, not a test).

    uv run python tests/tools/make_screenshots.py [--out resources/screenshots]

Each picture is the window at 1280x800 (one at 1024x640), offscreen, on a copy of ``seeds/`` (settings and index
cache in a temporary folder): the main view, problems at their fields, a file that cannot be read, a plain
article, fetched values under review (a fragment merged into the record as a fetch would), an older file's topics,
the dark palette, and a small window; the Media section with its picture (and the list's Image column), the
review showing the page's image beside the record's (served from a loopback server started here), the Topics
view, the preview of a topic renamed across the folder, the bulk form of three files, and Find in Files.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SMALL = (1024, 640)
MAIN = "6f699965-25da-5813-8973-84e4d91dbca2.md"
REVIEWED = "07cef06d-d878-522c-83d5-06d154a8e569.md"
DARK = "c75707c1-3e53-5df6-96d3-05dced4a3f87.md"
OLDER = "2f222f64-d8bd-50a4-bb0a-da9026deff39.md"  # topics kept in communityTopics
RENAMED, RENAMED_TO = "Symplur: #digitalhealth", "Symplur: Digital Health"  # a topic two samples carry
BULK = (MAIN, "remote-monitoring-refiled.md", OLDER)  # three files selected together (both topic shapes)
SHOTS = {
    "main.png": MAIN,
    "problems.png": "problems-to-fix.md",
    "read-only.png": "broken-tab-indentation.md",
    "plain-article.png": "plain-article-no-front-matter.md",
}
FETCHED = {
    "title": "Ambient AI Scribes Cut After-Hours Charting for Primary Care Doctors",
    "description": "In a 40-practice pilot, clinicians using an ambient note-taking assistant spent 70 fewer minutes "
                   "a week on documentation.",
    "byline": ["Daniel Okafor"],
    "openGraphMetaData": {"ogtitle": "Ambient AI Scribes Cut After-Hours Charting", "oglocale": "en_US"},
    "twitterMetaData": {"twittersite": "@hitwire"},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "resources" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="curator-shots-"))
    os.environ.update(QT_QPA_PLATFORM="offscreen", CURATOR_GUI_CACHE_DIR=str(work / "cache"),
                      CURATOR_GUI_CONFIG_DIR=str(work / "config"))
    folder = work / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    from PySide6.QtWidgets import QApplication

    from curator_gui.core.fetch.netpolicy import AddressPolicy
    from curator_gui.ui.app import _wait, build_window, ensure_application, take_screenshot

    app = ensure_application()
    try:
        for name, selected in SHOTS.items():
            shoot(build_window(str(folder), remember=False), out / name, selected, take_screenshot)
        shoot(build_window(str(folder), remember=False), out / "small.png", "problems-to-fix.md",
              lambda window, path, selected: take_screenshot(window, path, selected, SMALL))
        window = opened_on(folder / MAIN, build_window, _wait)
        window.pane.form.show_group("Media")
        window.file_panel.thumbnail_action.setChecked(True)  # the list's Image column too
        _wait(lambda: False, 1.0)  # the pictures are loaded in the background
        shoot(window, out / "media.png", None, take_screenshot)
        with ImageServer() as images:
            window = opened_on(folder / REVIEWED, build_window, _wait)
            fetched = {**FETCHED, "featuredImage": {"href": images.url, "alt": FETCHED["title"]}}
            window.fetcher.land(window.current, fetched,
                                "https://hitwire.example.com/articles/ambient-scribes-primary-care",
                                policy=AddressPolicy(allow_private=True))
            _wait(lambda: window.pane.review_panel.images.use_button.isEnabled(), 10)
            shoot(window, out / "review.png", None, take_screenshot)
        window = opened_on(folder / OLDER, build_window, _wait)
        window.pane.form.show_group("Taxonomy")
        shoot(window, out / "older-topics.png", None, take_screenshot)
        topics_and_preview(opened_on(folder / MAIN, build_window, _wait), out, _wait)
        bulk_and_find(opened_on(folder / MAIN, build_window, _wait), out, _wait)
        app.setPalette(dark_palette())
        QApplication.processEvents()
        window = opened_on(folder / DARK, build_window, _wait)
        window.pane.form.show_group("Taxonomy")
        shoot(window, out / "dark.png", None, take_screenshot)
    finally:
        shutil.rmtree(work, ignore_errors=True)


class ImageServer:
    """A loopback HTTP server serving one picture (a photo-like scene drawn here), for the review's screenshot."""

    def __enter__(self):
        import http.server
        import threading

        body = scene()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                self.send_response(200)
                self.send_header("Content-Type", "image/jpeg")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/scribes-lead.jpg"
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def scene() -> bytes:
    """A 1200×630 JPEG: a sky, hills and a sun, so a thumbnail of it reads as a picture."""
    import io

    from PIL import Image, ImageDraw

    image = Image.linear_gradient("L").rotate(180).resize((1200, 630)).convert("RGB")
    image = Image.merge("RGB", (image.getchannel(0).point(lambda v: 90 + v // 3),
                                image.getchannel(0).point(lambda v: 140 + v // 4),
                                image.getchannel(0).point(lambda v: 200 + v // 6)))
    draw = ImageDraw.Draw(image)
    draw.ellipse((860, 90, 1010, 240), fill=(250, 210, 90))
    draw.polygon([(0, 630), (0, 420), (300, 300), (620, 440), (900, 330), (1200, 450), (1200, 630)],
                 fill=(70, 130, 80))
    draw.polygon([(0, 630), (0, 520), (400, 450), (800, 540), (1200, 500), (1200, 630)], fill=(50, 100, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def opened_on(path: Path, build_window, wait):
    """A shown window on ``path``'s folder with ``path`` open (for pictures that need more than --select)."""
    window = build_window(str(path.parent), remember=False)
    window.resize(1280, 800)
    window.show()
    wait(lambda: window.listed and not window.index.scanning, 60)
    window.select_file(str(path))
    wait(lambda: window.current is not None and window.current.path == str(path), 10)
    return window


def topics_and_preview(window, out: Path, wait) -> None:
    """The Topics view with a topic chosen, then the preview of renaming it (the dialog alone)."""
    window.commands.topics.trigger()
    dock = window.edits.topics
    wait(lambda: dock.report.entry(RENAMED) is not None, 10)
    dock.select_topic(RENAMED)  # the list shows that topic's files
    wait(lambda: False, 0.3)
    save(window, out / "topics.png")
    window.prompts.ask_topic = lambda *_args: RENAMED_TO
    dock.rename()
    wait(lambda: window.edits.flow.preview is not None, 20)
    preview = window.edits.flow.preview
    wait(lambda: False, 0.3)
    save(preview, out / "batch-preview.png")
    preview.reject()
    window.shutdown()
    window.deleteLater()


def bulk_and_find(window, out: Path, wait) -> None:
    """The bulk form of three selected files (a topic checked for all, a field typed into), then Find in Files
    with a regular expression searched in the folder."""
    from PySide6.QtCore import QItemSelectionModel

    panel = window.file_panel
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for name in BULK:
        number = window.model.row_of(str(Path(window.root) / name))
        panel.view.selectionModel().select(panel.proxy.mapFromSource(window.model.index(number, 2)), flags)
    bulk = window.edits.bulk
    wait(lambda: window.edits.bulk_editing.shown and bulk.selection is not None, 10)
    bulk.texts["openProjectWorkPackageType"].setText("Curated News")
    bulk._on_text_edited("openProjectWorkPackageType")
    bulk.add_item("topics", "Medigy: Care Delivery")
    wait(lambda: False, 0.3)
    save(window, out / "bulk-form.png")
    window.edits.find_in_files()
    find = window.edits.find
    find.regex_box.setChecked(True)
    find.find_edit.setText(r"heart (failure|rhythm)s?")
    find.replace_edit.setText(r"cardiac \1")
    find.search()
    wait(lambda: find.job is None and find.results.topLevelItemCount() > 0, 10)
    find.results.setCurrentItem(find.results.topLevelItem(1))
    wait(lambda: False, 0.3)
    save(window, out / "find-in-files.png")
    window.shutdown()
    window.deleteLater()


def save(widget, path: Path) -> None:
    if not widget.grab().toImage().save(str(path), "PNG"):
        sys.exit(f"cannot write {path}")
    print(path)


def dark_palette():
    """A dark palette like a desktop's dark theme (the offscreen platform has no theme of its own)."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    roles = QPalette.ColorRole
    for role, color in ((roles.Window, "#2b2b2b"), (roles.WindowText, "#e6e6e6"), (roles.Base, "#1e1e1e"),
                        (roles.AlternateBase, "#262626"), (roles.Text, "#e6e6e6"), (roles.Button, "#353535"),
                        (roles.ButtonText, "#e6e6e6"), (roles.Highlight, "#2f65ca"),
                        (roles.HighlightedText, "#ffffff"), (roles.ToolTipBase, "#3a3a3a"),
                        (roles.ToolTipText, "#e6e6e6"), (roles.PlaceholderText, "#8a8a8a"), (roles.Link, "#6ea8fe"),
                        (roles.Mid, "#444444"), (roles.Light, "#505050"), (roles.Dark, "#1a1a1a")):
        palette.setColor(role, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.Text, QColor("#7a7a7a"))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.WindowText, QColor("#7a7a7a"))
    return palette


def shoot(window, path: Path, selected: str | None, take_screenshot) -> None:
    code = take_screenshot(window, str(path), selected)
    window.shutdown()
    window.deleteLater()
    if code:
        sys.exit(code)


if __name__ == "__main__":
    main()
