"""The window's proportions: the form keeps its room through reviews, and a remembered split is never degenerate."""
from __future__ import annotations

from curator_gui.core.merge import plan_merge

from ui_support import select


def _review(window, session) -> None:
    plan = plan_merge(session.doc.data, {"title": "Another Title", "description": "Another summary."})
    session.pending_review = plan.conflicts
    session.review_source = "https://news.example.org/alpha"
    window.pane.show_review(session)


def _form_height(window) -> int:
    return window.pane.splitter.sizes()[0]


def test_reviews_come_and_go_without_shrinking_the_form(qtbot, window):
    session = select(qtbot, window, "alpha.md")
    qtbot.wait(50)
    start = _form_height(window)
    for _ in range(5):
        _review(window, session)
        panel = window.pane.review_panel
        assert panel.isVisible() and panel.tree.topLevelItemCount() == 2
        assert window.pane.splitter.sizes()[1] >= panel.wanted_height(window.pane.splitter.width()) - 2
        window.pane.review_panel.dismiss_button.click()
        assert not window.pane.review_panel.isVisible()
    assert abs(_form_height(window) - start) <= 2


def test_the_list_is_narrower_than_the_record_by_default(qtbot, window):
    lists, record = window.main_splitter.sizes()
    assert lists < 0.42 * (lists + record)
    form, _review_room, problems = window.pane.splitter.sizes()
    assert form >= 0.7 * (form + problems)


def test_a_degenerate_split_is_never_remembered(qtbot, open_window, folder):
    window = open_window(folder)
    select(qtbot, window, "alpha.md")
    window.main_splitter.setSizes([1200, 60])
    window.pane.splitter.setSizes([30, 0, 900])  # the form squeezed to a sliver
    _review(window, window.current)  # and a review open when the window closes
    window.close()
    again = open_window(None)
    select(qtbot, again, "alpha.md")
    qtbot.wait(50)
    lists, record = again.main_splitter.sizes()
    assert 0.15 * (lists + record) <= lists <= 0.62 * (lists + record)
    form, review, problems = again.pane.splitter.sizes()
    assert review == 0 and form >= 0.55 * (form + problems)


def test_a_sensible_split_is_remembered(qtbot, open_window, folder):
    window = open_window(folder)
    select(qtbot, window, "broken.md")  # a record with problems: its problem list can be given room
    window.main_splitter.setSizes([350, 900])
    window.pane.splitter.setSizes([500, 0, 200])
    window.close()
    again = open_window(None)
    select(qtbot, again, "alpha.md")
    lists, record = again.main_splitter.sizes()
    assert abs(lists / (lists + record) - 350 / 1250) < 0.03
    # alpha.md has nothing to list: its problem list is kept short, holding the remembered height in reserve...
    form, problems = again.pane.split_without_review()
    assert abs(problems / (form + problems) - 200 / 700) < 0.03
    # ...which a record with problems gets back.
    select(qtbot, again, "broken.md")
    qtbot.wait(50)
    form, _review, problems = again.pane.splitter.sizes()
    assert abs(problems / (form + problems) - 200 / 700) < 0.03
