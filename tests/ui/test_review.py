"""Reviewing a fetch: everything it changed is listed, Keep mine and Undo take all of it back, and a page other
than the record's source changes nothing until the curator picks values."""
from __future__ import annotations

from ui_support import WAIT, article_html, curation_text, select


def _own_page_record(folder, url: str, name: str = "own.md") -> None:
    """A filled record whose source is ``url``, with an empty description and no Twitter tags."""
    text = curation_text("Own Page Title", url).replace("description: A short summary of the article.",
                                                        "description: null")
    (folder / name).write_text(text, encoding="utf-8")


def _rows(panel) -> dict[str, tuple[str, str]]:
    tree = panel.tree
    return {tree.topLevelItem(n).text(0): (tree.topLevelItem(n).text(1), tree.topLevelItem(n).text(2))
            for n in range(tree.topLevelItemCount())}


def _fetch_into(qtbot, window, url: str) -> None:
    window.fetching.fetch_url(url)
    qtbot.waitUntil(lambda: not window.fetcher.busy, timeout=WAIT)


def test_the_review_lists_filled_fields_and_keep_mine_takes_them_back(qtbot, open_window, folder, web):
    url = web.add("/own", article_html("A Fetched Headline", "Fetched summary of the page."))
    _own_page_record(folder, url)
    before = (folder / "own.md").read_bytes()
    window = open_window(folder)
    session = select(qtbot, window, "own.md")
    _fetch_into(qtbot, window, url)
    panel = window.pane.review_panel
    assert panel.isVisible()
    rows = _rows(panel)
    assert rows["Title"] == ("Own Page Title", "A Fetched Headline")  # differs: offered
    assert rows["Description"][1] == "Fetched summary of the page."  # was empty: filled, and listed
    assert "filled" in rows["Description"][0]
    assert any(label.startswith("Twitter") for label in rows)
    assert session.doc.data["description"] == "Fetched summary of the page."
    panel.dismiss_button.click()  # Keep mine
    assert not panel.isVisible() and not session.pending_review
    assert session.doc.data["description"] is None and "twitterMetaData" not in session.doc.data
    assert not session.is_modified
    window.saving.save_current()
    assert (folder / "own.md").read_bytes() == before  # nothing of the fetch reaches the file
    window.commands.undo.trigger()  # Keep mine is itself undoable
    assert session.doc.data["description"] == "Fetched summary of the page."


def test_undo_takes_back_every_filled_field_and_the_review_follows(qtbot, open_window, folder, web):
    url = web.add("/own", article_html("A Fetched Headline", "Fetched summary of the page."))
    _own_page_record(folder, url)
    window = open_window(folder)
    session = select(qtbot, window, "own.md")
    _fetch_into(qtbot, window, url)
    assert "Description" in _rows(window.pane.review_panel)
    window.commands.undo.trigger()
    assert not session.is_modified
    assert "Description" not in _rows(window.pane.review_panel)  # nothing filled any more
    assert "Title" in _rows(window.pane.review_panel)


def test_a_page_other_than_the_source_changes_nothing_until_chosen(qtbot, window, folder, web):
    url = web.add("/elsewhere", article_html("Another Article Entirely", "Another summary."))
    before = (folder / "beta.md").read_bytes()
    session = select(qtbot, window, "beta.md")
    data = dict(session.doc.data)
    _fetch_into(qtbot, window, url)
    panel = window.pane.review_panel
    assert panel.isVisible() and session.doc.data == data and not session.is_modified
    assert "this record's source" in panel.title.text()
    rows = _rows(panel)
    assert "Source URL" in rows and rows["Source URL"][1] == url
    assert "different page" in window.statusBar().currentMessage()
    panel.dismiss_button.click()
    assert not session.is_modified
    window.saving.save_current()
    assert (folder / "beta.md").read_bytes() == before
