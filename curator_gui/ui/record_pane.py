"""The open record as the window shows it: header, message bars, form or raw view, fetched values, problems.

The pane shows whatever session it is given and follows the open record's changes (``records.current``); which
record that is, is decided elsewhere (:mod:`curator_gui.ui.navigation`). Its bars are driven by the parts they
belong to (outside changes, fetching); the plain-article bar and its "Make It a Curation" belong here.
"""
from __future__ import annotations

import html
import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum" for a widget's size

from curator_gui.core.newdoc import curation_from_article
from curator_gui.core.problems import INFO, Problem
from curator_gui.core.topics import LEGACY, topic_home
from curator_gui.ui.banners import MessageBar
from curator_gui.ui.editors.form import FormView
from curator_gui.ui.marks import counted
from curator_gui.ui.problems import ProblemList
from curator_gui.ui.rawview import RawView
from curator_gui.ui.records import RecordStore
from curator_gui.ui.review import ReviewPanel
from curator_gui.ui.session import Session

PLACEHOLDER, FORM, RAW = range(3)
#: The problem list's share of the form and problems' height when nothing else says (the splitter's stretch).
DEFAULT_PROBLEMS = 1 / 6
#: The most of the form and problems' height the review panel borrows while it is open.
REVIEW_SHARE = 0.45
PLACEHOLDER_TEXT = ("Select a file on the left to edit it.\n\nOr paste an article's address into the URL box above "
                    "and press Enter to fetch it, or press Ctrl+N for a new curation.")


class RecordPane(QWidget):
    """See the module docstring. ``shown`` follows every change of what the pane shows."""

    shown = Signal(object)  # the session now shown, or None (a placeholder)
    announced = Signal(str, int)  # a status-bar message and how long it stays (ms)

    def __init__(self, records: RecordStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.records = records
        self.root: str | None = None
        records.created.connect(self._on_records_created)

        self.header = QLabel(self)
        self.header.setObjectName("recordHeader")
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.header.setWordWrap(True)  # a long title takes a second line rather than widening the pane
        self.outside_bar = MessageBar("outsideChangeBar", self)
        self.article_bar = MessageBar("articleBar", self)
        self.notice_bar = MessageBar("noticeBar", self)

        self.form = FormView(self)
        self.form.convert_requested.connect(self.convert_topics)
        self.raw_view = RawView(self)
        self.placeholder = QLabel(self)
        self.placeholder.setObjectName("placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.form)
        self.stack.addWidget(self.raw_view)

        self.review_panel = ReviewPanel(self)
        self.problem_list = ProblemList(self)
        self.problem_list.problem_activated.connect(self._on_problem_list_problem_activated)
        self.problem_title = QLabel("Problems", self)
        self.problem_title.setBuddy(self.problem_list)
        problems_box = QWidget(self)
        box_layout = QVBoxLayout(problems_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.setSpacing(2)
        box_layout.addWidget(self.problem_title)
        box_layout.addWidget(self.problem_list)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("recordSplitter")
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.review_panel)
        self.splitter.addWidget(problems_box)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([600, 0, 130])
        self._before_review: list[int] | None = None  # [form, problems] while the review panel borrows room
        self.problems_box = problems_box
        #: while the problem list has nothing to list and is kept short: its share of the form and problems'
        #: height before (or as remembered), given back after
        self._roomy_problems: float | None = None
        #: the problem list's share as restored, for a window shown before it has its size
        self._laid_out_share = DEFAULT_PROBLEMS

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(self.outside_bar)
        layout.addWidget(self.article_bar)
        layout.addWidget(self.notice_bar)
        layout.addWidget(self.splitter, 1)

    def set_root(self, root: str | None) -> None:
        """The open folder (the header names a record's folder relative to it)."""
        self.root = root

    # --- showing ------------------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        """Show ``session``: the form (or the raw view of a file that cannot be read), its problems and review."""
        doc = session.doc
        self.notice_bar.hide()
        if doc.read_only:
            self.form.set_session(None)
            self.raw_view.show_document(doc)
            self.stack.setCurrentIndex(RAW)
        else:
            self.form.set_session(session)
            self.stack.setCurrentIndex(FORM)
        self.show_problems(session.problems)
        self._update_article_bar()
        self.show_review(session)
        self.show_header(session)
        self.shown.emit(session)

    def show_page(self, page: QWidget, header: str) -> None:
        """Show ``page`` (a view of several records: the bulk form) instead of a record; no record's undo applies."""
        if self.stack.indexOf(page) < 0:
            self.stack.addWidget(page)
        self.form.set_session(None)
        self.records.undo_group.setActiveStack(None)
        self.stack.setCurrentWidget(page)
        self.header.setText(f"<b>{html.escape(header)}</b>")
        self.show_problems([], show_empty=False)
        self.review_panel.show_review(None)
        self.article_bar.hide()
        self.notice_bar.hide()
        self.shown.emit(None)

    @property
    def showing_record(self) -> bool:
        """The pane shows a record (its form or raw text), not a placeholder or a page of several records."""
        return self.stack.currentIndex() in (FORM, RAW)

    def show_placeholder(self, text: str | None = None) -> None:
        """Show no record, with ``text`` saying why (by default: how to start)."""
        self.form.set_session(None)
        self.records.undo_group.setActiveStack(None)
        self.placeholder.setText(PLACEHOLDER_TEXT if text is None else text)
        self.stack.setCurrentIndex(PLACEHOLDER)
        self.header.setText("")
        self.show_problems([], show_empty=False)
        self.review_panel.show_review(None)
        self.article_bar.hide()
        self.shown.emit(None)

    def follow_palette(self) -> None:
        """Texts styled from the palette (the header's folder, the review's filled rows, the problem list's links
        to other files) in the new one."""
        session = self.records.current
        if session is not None and self.stack.currentIndex() != PLACEHOLDER:
            self.show_header(session)
            self.review_panel.show_review(session)
            self.show_problems(session.problems)

    def show_header(self, session: Session) -> None:
        """The record's title and file name, whether it is read-only, and its folder."""
        self.header.setText(header_text(session, self.root))
        self.header.setToolTip(session.path)

    def show_problems(self, problems: list[Problem], show_empty: bool = True) -> None:
        """The problem list and its title with the counts."""
        self.problem_list.set_problems(problems, show_empty)
        self._fit_problems(compact=not problems)
        errors, warnings = counted(problems)
        infos = sum(p.severity == INFO for p in problems)
        counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        self.problem_title.setText(f"&Problems ({counts}{f'; {infos} info' if infos else ''})" if problems
                                   else "&Problems")

    def show_review(self, session: Session | None) -> None:
        """Show the record's fetched values waiting for review (and what the fetch filled). The panel's room
        is lent by the problem list and the form while it is open and given back when it closes."""
        self.review_panel.show_review(session)
        if self.review_panel.isVisible():
            self._lend_room_to_review()
        else:
            self._take_back_review_room()

    def split_without_review(self) -> list[int]:
        """[form, problems] as they are, or were before the review panel borrowed room from them; while the
        problem list is kept short (nothing to list), with the height it will get back."""
        if self._before_review is not None:
            form, problems = self._before_review
        else:
            sizes = self.splitter.sizes()
            form, problems = sizes[0] + sizes[1], sizes[2]
        if self._roomy_problems is not None:
            roomy = round(self._roomy_problems * (form + problems))
            if problems < roomy:
                form, problems = form + problems - roomy, roomy
        return [form, problems]

    def restore_split(self, sizes: list[int]) -> None:
        """Give the splitter's parts ``sizes``; a problem list kept short meanwhile keeps its new height in
        reserve for when there are problems to list."""
        if sizes[0] + sizes[2] <= 0:
            return
        self._laid_out_share = sizes[2] / (sizes[0] + sizes[2])
        if self._roomy_problems is not None:
            self._roomy_problems = self._laid_out_share
            short = self._problems_height(rows=1)
            sizes = [sizes[0] + sizes[2] - short, sizes[1], short] if self.splitter.height() > 0 else sizes
        self.splitter.setSizes(sizes)

    def _fit_problems(self, compact: bool) -> None:
        """A problem list with nothing to list ("No problems", or no record) keeps its title and one row, and the
        form gets the rest; with problems it gets back the height it had (at least three rows)."""
        if compact == (self._roomy_problems is not None):
            return
        sizes = self.splitter.sizes()
        if compact:
            # A share, not pixels: the window may not have its size yet (the first record is shown at start).
            total = sizes[0] + sizes[2]
            laid_out = total > 4 * self._problems_height(rows=1)
            self._roomy_problems = sizes[2] / total if laid_out else self._laid_out_share
            short = self._problems_height(rows=1)
            self.problems_box.setMaximumHeight(short)
            if sizes[2] > short:
                self.splitter.setSizes([sizes[0] + sizes[2] - short, sizes[1], short])
        else:
            share, self._roomy_problems = self._roomy_problems, None
            self.problems_box.setMaximumHeight(QWIDGETSIZE_MAX)
            self._give_problems(max(round(share * (sizes[0] + sizes[2])), self._problems_minimum()))

    def _give_problems(self, wanted: int) -> None:
        """Make the problem list ``wanted`` high, taking the room from the form (never from the review panel)."""
        sizes = self.splitter.sizes()
        if sum(sizes) <= 0:
            return  # not laid out yet: the splitter shares the room by its stretch factors
        grow = min(wanted - sizes[2], max(0, sizes[0] - self.stack.minimumSizeHint().height()))
        if grow > 0:
            self.splitter.setSizes([sizes[0] - grow, sizes[1], sizes[2] + grow])

    def _lend_room_to_review(self) -> None:
        form, problems = self.split_without_review()
        if self._before_review is None:
            self._before_review = [form, problems]
        total = form + problems
        if total <= 0:
            return  # not laid out yet: the splitter shares the room by its stretch factors
        wanted = min(self.review_panel.wanted_height(self.splitter.width()), int(total * REVIEW_SHARE))
        from_problems = min(wanted, max(0, problems - self._problems_minimum()))
        self.splitter.setSizes([form - (wanted - from_problems), wanted, problems - from_problems])

    def _take_back_review_room(self) -> None:
        if self._before_review is not None:
            form, problems = self._before_review
            self._before_review = None
            self.splitter.setSizes([form, 0, problems])
            if self._roomy_problems is None:  # problems were found while the review was open
                self._give_problems(self._problems_minimum())

    def _problems_minimum(self) -> int:
        """The problem list's title and three rows."""
        return self._problems_height(rows=3)

    def _problems_height(self, rows: int) -> int:
        """The height of the problem list's title, its header and ``rows`` rows."""
        row = self.problem_list.fontMetrics().height() + 6
        frame = 2 * self.problem_list.frameWidth()
        return (self.problem_title.sizeHint().height() + self.problem_list.header().sizeHint().height() + rows * row
                + frame + 2)

    # --- keyboard -----------------------------------------------------------------------------------------

    def tab_chain(self) -> list[QWidget]:
        """The pane's widgets in the order Tab visits them: the form's fields, the raw text, the review panel's
        list and buttons, the problem list."""
        review = [self.review_panel.tree, self.review_panel.images.use_button, self.review_panel.accept_button,
                  self.review_panel.accept_all_button, self.review_panel.dismiss_button]
        return [*self.form.tab_chain(), self.raw_view.text, *review, self.problem_list]

    def focus_form(self) -> None:
        """The keyboard to the record: its first field (or the raw text of a file that cannot be read)."""
        if self.stack.currentIndex() == FORM:
            self.form.focus_field("title")
        elif self.stack.currentIndex() == RAW:
            self.raw_view.text.setFocus()

    def go_to_section(self, group: str) -> None:
        """The keyboard to a section of the form (its first field); said in the status bar when there is none."""
        if self.stack.currentIndex() != FORM:
            self.announced.emit("Open a record to go to its fields", 3000)
        elif not self.form.show_group(group):
            self.announced.emit(f"This record has no {group.lower()}", 3000)

    def focus_problems(self) -> None:
        """The keyboard to the problem list (its first problem, when none is current)."""
        self.problem_list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.problem_list.currentItem() is None and self.problem_list.topLevelItemCount():
            self.problem_list.setCurrentItem(self.problem_list.topLevelItem(0))

    def _on_problem_list_problem_activated(self, field: str) -> None:
        session = self.records.current
        if session is None:
            return
        if session.read_only:
            self.raw_view.go_to(session.doc.error.line, session.doc.error.column)
            self.raw_view.text.setFocus()
            return
        if not self.form.focus_field(field):
            self.announced.emit("This problem is about the file as a whole", 4000)

    # --- topics -------------------------------------------------------------------------------------------

    def convert_topics(self) -> None:
        """Move the open older record's topics to the current fields (one undo step)."""
        session = self.records.current
        if session is not None and session.convert_topics():
            self.announced.emit("Topics moved to categories, with their slugs, URLs and labels; Undo takes it back",
                                8000)

    # --- plain articles -----------------------------------------------------------------------------------

    def _update_article_bar(self) -> None:
        if is_plain_article(self.records.current):
            self.article_bar.show_message(
                "warning", "This file is a plain article without front matter, so it is not a curation yet.",
                [("&Make It a Curation", self.make_curation)])
        else:
            self.article_bar.hide()

    def make_curation(self) -> None:
        """Give a plain article the front matter of a curation (title and description from its text)."""
        session = self.records.current
        if session is None or session.read_only or session.doc.data:
            return
        session.replace(curation_from_article(session.doc), "Make it a curation")
        self.announced.emit("Front matter added; fill in the source URL and topics, then save", 8000)

    # --- the open record's changes ------------------------------------------------------------------------

    def _on_records_created(self, session: Session) -> None:
        session.changed.connect(lambda keys, s=session: self._on_session_changed(s, keys))
        session.problems_changed.connect(lambda problems, s=session: self._on_session_problems_changed(s, problems))
        session.reloaded.connect(lambda s=session: self._on_session_reloaded(s))

    def _on_session_changed(self, session: Session, keys) -> None:
        if session is self.records.current and not session.read_only:
            self.form.refresh(keys)
            self._update_article_bar()
            if keys is None or "title" in keys:
                self.show_header(session)
            if session.review_fills:  # undo and redo take the fetch's fills out of the review and back
                self.review_panel.show_review(session)

    def _on_session_problems_changed(self, session: Session, problems: list) -> None:
        if session is self.records.current:
            if not session.read_only:
                self.form.set_problems(problems)
            self.show_problems(problems)

    def _on_session_reloaded(self, session: Session) -> None:
        if session is self.records.current:
            self.show_session(session)


def keeps_older_topics(session: Session | None) -> bool:
    """An editable record that keeps its topics in the older files' ``communityTopics``."""
    return (session is not None and not session.read_only and isinstance(session.doc.data, dict)
            and topic_home(session.doc.data) == LEGACY)


def is_plain_article(session: Session | None) -> bool:
    """An editable file without any front matter (a plain article, not a curation yet)."""
    return (session is not None and not session.read_only and not session.doc.has_front_matter
            and not session.doc.data)


def header_text(session: Session, root: str | None) -> str:
    """The header line of a record: its title, then its file name, whether it is read-only, and its folder."""
    name = html.escape(session.name)
    folder = os.path.dirname(session.path)
    if root and (folder == root or folder.startswith(root + os.sep)):
        folder = os.path.relpath(folder, os.path.dirname(root))
    state = " — read-only" if session.doc.read_only else ""
    grey = "style='color: palette(placeholder-text)'"
    if session.title:
        return (f"<b>{html.escape(session.title)}</b>{state} <span {grey}>{name} in "
                f"{html.escape(folder)}</span>")
    return f"<b>{name}</b>{state} <span {grey}>in {html.escape(folder)}</span>"
