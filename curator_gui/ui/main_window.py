"""The main window: wires the file list, the record form, fetching, saving and outside changes together.

Records live in :class:`~curator_gui.ui.session.Session` objects keyed by path. Switching records never asks
anything: a record with unsaved edits stays in memory and is marked in the list until it is saved or the
window closes (which asks once, for all of them). Everything slow (listing and indexing the folder, fetching
pages) runs in the background; this module only reacts to results.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (QLabel, QLineEdit, QMainWindow, QMenu, QPushButton, QSplitter, QStackedWidget, QToolBar, QVBoxLayout, QWidget)

from curator_gui import __version__
from curator_gui.core.document import Document
from curator_gui.core.errors import CuratorError, ReadOnlyError, SaveConflictError
from curator_gui.core.newdoc import curation_from_article, new_document
from curator_gui.core.problems import Problem
from curator_gui.core.urls import clean_url, is_web_url
from curator_gui.core.validate import clean_source_url
from curator_gui.ui import prompts as answers
from curator_gui.ui.banners import MessageBar
from curator_gui.ui.diffview import DiffDialog, unified_diff
from curator_gui.ui.fetch import FetchController, ReviewPanel, accept_conflicts
from curator_gui.ui.file_list.panel import FileListPanel
from curator_gui.ui.editors.form import FormView
from curator_gui.ui.icons import icon
from curator_gui.core.index import display_text
from curator_gui.ui.indexer import IndexService
from curator_gui.ui.problems import ProblemList
from curator_gui.ui.progress import ProgressArea
from curator_gui.ui.prompts import Prompts
from curator_gui.ui.records import FolderChecks, RecordStore
from curator_gui.ui.rawview import RawView
from curator_gui.ui.session import Session
from curator_gui.ui.settings import Settings
from curator_gui.ui.tasks import TaskRunner
from curator_gui.ui.watcher import FolderWatcher

APP_NAME = "Curator"
_PLACEHOLDER, _FORM, _RAW = range(3)


def _key_sequences(shortcuts) -> list[QKeySequence]:
    """The platform's sequences for standard keys plus explicit ones ("Ctrl+Shift+Z"), without repeats."""
    found: list[QKeySequence] = []
    for shortcut in shortcuts:
        for sequence in (QKeySequence.keyBindings(shortcut) if isinstance(shortcut, QKeySequence.StandardKey)
                         else [QKeySequence(shortcut)]):
            if not sequence.isEmpty() and sequence not in found:
                found.append(sequence)
    return found


class MainWindow(QMainWindow):
    """See the module docstring. ``remember=False`` leaves the user's settings untouched (screenshots)."""

    folder_listed = Signal()
    scan_finished = Signal()
    record_opened = Signal(str)

    def __init__(self, settings: Settings | None = None, prompts: Prompts | None = None, remember: bool = True):
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings or Settings()
        self.prompts = prompts or Prompts()
        self.remember = remember
        self.root: str | None = None
        self.current: Session | None = None
        self.listed = False
        self._pending_select: str | None = None
        self._dialogs: list[QWidget] = []
        self._shut_down = False
        self._quiet_list = False
        self._iconed: list[tuple[QAction, str]] = []  # actions whose icons follow the palette

        self.undo_group = QUndoGroup(self)
        self.checks = FolderChecks(lambda url: self.model.paths_with_clean_url(url))
        self.records = RecordStore(self.checks, self.undo_group, self)
        self.records.created.connect(self._on_records_created)
        self.sessions = self.records.sessions  # by path
        self.runner = TaskRunner(self)
        self.fetcher = FetchController(self.runner, self)
        self.index = IndexService(self)
        self.watcher = FolderWatcher(self)

        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        if remember:
            self._restore_state()
        self._show_placeholder()
        self._update_title()
        self._update_actions()
        # Tab walks the window top to bottom: URL box, Fetch, filter, list, then the record.
        QWidget.setTabOrder(self.fetch_url_edit, self.fetch_button)
        QWidget.setTabOrder(self.fetch_button, self.file_panel.filter_edit)

    # === building =========================================================================================

    def _build_widgets(self) -> None:
        self.file_panel = FileListPanel(self)
        self.model = self.file_panel.model
        self.model.keep = lambda path: path in self.sessions and self.sessions[path].is_modified

        self.header = QLabel(self)
        self.header.setObjectName("recordHeader")
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outside_bar = MessageBar("outsideChangeBar", self)
        self.article_bar = MessageBar("articleBar", self)
        self.notice_bar = MessageBar("noticeBar", self)

        self.form = FormView(self)
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
        self.problem_title = QLabel("Problems", self)
        self.problem_title.setBuddy(self.problem_list)
        problems_box = QWidget(self)
        box_layout = QVBoxLayout(problems_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.setSpacing(2)
        box_layout.addWidget(self.problem_title)
        box_layout.addWidget(self.problem_list)

        self.record_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.record_splitter.setObjectName("recordSplitter")
        self.record_splitter.addWidget(self.stack)
        self.record_splitter.addWidget(self.review_panel)
        self.record_splitter.addWidget(problems_box)
        self.record_splitter.setStretchFactor(0, 5)
        self.record_splitter.setStretchFactor(1, 2)
        self.record_splitter.setStretchFactor(2, 1)
        self.record_splitter.setChildrenCollapsible(False)
        self.record_splitter.setSizes([560, 160, 130])

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 0, 0, 0)
        right_layout.setSpacing(4)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.outside_bar)
        right_layout.addWidget(self.article_bar)
        right_layout.addWidget(self.notice_bar)
        right_layout.addWidget(self.record_splitter, 1)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.file_panel)
        self.main_splitter.addWidget(right)
        self.main_splitter.setStretchFactor(0, 2)
        self.main_splitter.setStretchFactor(1, 3)
        self.main_splitter.setChildrenCollapsible(False)
        self.main_splitter.setSizes([600, 680])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.addWidget(self.main_splitter)
        self.setCentralWidget(central)

    def _action(self, name: str, text: str, slot, shortcuts=(), icon_name: str | None = None,
                tip: str | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        keys = _key_sequences(shortcuts)
        if keys:
            action.setShortcuts(keys)
        if icon_name:
            action.setIcon(icon(icon_name))
            self._iconed.append((action, icon_name))
        plain = text.replace("&", "").rstrip("…")
        hint = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        action.setToolTip(f"{tip or plain} ({hint})" if hint else (tip or plain))
        action.setStatusTip(tip or plain)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even when menus and toolbars are hidden
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.action_new = self._action("actionNew", "&New from URL…", self.new_from_url, [K.New], "new",
                                       "Fetch a page and create a new curation of it")
        self.action_open = self._action("actionOpen", "&Open Folder…", self._on_open_triggered, [K.Open], "open",
                                        "Open a folder of curations")
        self.action_import = self._action("actionImport", "&Import Saved Page…", self.import_saved_page, (),
                                          "import", "Read the metadata of a page saved from a browser "
                                                    "(for sites that block automated clients)")
        self.action_save = self._action("actionSave", "&Save", self.save_current, [K.Save], "save",
                                        "Save the open record")
        self.action_save_as = self._action("actionSaveAs", "Save &As…", self.save_current_as, ["Ctrl+Shift+S"],
                                           None, "Save the open record under another name")
        self.action_save_all = self._action("actionSaveAll", "Save A&ll", self.save_all, ["Ctrl+Alt+S"],
                                            "save-all", "Save every record with unsaved changes")
        self.action_revert = self._action("actionRevert", "Re&vert", self.revert_current, (), "revert",
                                          "Drop the open record's unsaved changes (undoable)")
        self.action_quit = self._action("actionQuit", "&Quit", self.close, [K.Quit])
        self.action_undo = self.undo_group.createUndoAction(self, "&Undo")
        self.action_redo = self.undo_group.createRedoAction(self, "&Redo")
        for action, name, keys, icon_name in ((self.action_undo, "actionUndo", [K.Undo], "undo"),
                                              (self.action_redo, "actionRedo", [K.Redo, "Ctrl+Shift+Z"], "redo")):
            action.setObjectName(name)
            action.setShortcuts(_key_sequences(keys))
            action.setIcon(icon(icon_name))
            self._iconed.append((action, icon_name))
            self.addAction(action)
        self.action_find = self._action("actionFind", "&Find…", self.file_panel.focus_filter, [K.Find], "find",
                                        "Filter the file list")
        self.action_make_curation = self._action("actionMakeCuration", "&Make It a Curation",
                                                 self.make_curation, (), "make-curation",
                                                 "Add curation front matter to a plain article")
        self.action_refresh = self._action("actionRefresh", "&Refresh", self.refresh, [K.Refresh, "F5"],
                                           "refresh", "Read the folder again")
        self.action_only_problems = self._action("actionOnlyProblems", "Only Files with &Problems",
                                                 self.file_panel.problems_button.setChecked, ["Ctrl+Shift+P"])
        self.action_only_problems.setCheckable(True)
        self.file_panel.problems_button.toggled.connect(self.action_only_problems.setChecked)
        self.action_focus_list = self._action("actionFocusList", "Go to &File List", self.file_panel.focus_list,
                                              ["Ctrl+1"])
        self.action_focus_form = self._action("actionFocusForm", "Go to F&orm", self.focus_form, ["Ctrl+2"])
        self.action_focus_problems = self._action("actionFocusProblems", "Go to Pro&blems", self.focus_problems,
                                                  ["Ctrl+3"])
        self.action_focus_url = self._action("actionFocusUrl", "Go to &URL Box", self.focus_url, ["Ctrl+L"])
        self.action_next = self._action("actionNextFile", "&Next File", lambda: self.step_file(1),
                                        ["Ctrl+PgDown"])
        self.action_previous = self._action("actionPreviousFile", "&Previous File", lambda: self.step_file(-1),
                                            ["Ctrl+PgUp"])
        self.action_fetch = self._action("actionFetch", "&Fetch", self.fetch, (), "fetch",
                                         "Fetch the page in the URL box into the open record (Enter)")
        self.action_cancel = self._action("actionCancel", "&Cancel Fetch", self.fetcher.cancel, ["Esc"], "cancel",
                                          "Stop waiting for the page being fetched")
        self.action_about = self._action("actionAbout", "&About", self._on_about_triggered, ())

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.action_new, self.action_open])
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.action_import)
        file_menu.addSeparator()
        file_menu.addActions([self.action_save, self.action_save_as, self.action_save_all, self.action_revert])
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.action_undo, self.action_redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.action_find, self.action_make_curation])
        view_menu = bar.addMenu("&View")
        view_menu.addActions([self.action_refresh, self.action_only_problems])
        view_menu.addSeparator()
        view_menu.addActions([self.action_focus_list, self.action_focus_form, self.action_focus_problems,
                              self.action_focus_url])
        view_menu.addSeparator()
        view_menu.addActions([self.action_next, self.action_previous])
        fetch_menu = bar.addMenu("F&etch")
        fetch_menu.addActions([self.action_fetch, self.action_cancel, self.action_new, self.action_import])
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.action_about)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar.addActions([self.action_open, self.action_new, self.action_save, self.action_save_all,
                            self.action_undo, self.action_redo, self.action_refresh])
        toolbar.addSeparator()
        url_label = QLabel(" Page &URL: ", self)
        self.fetch_url_edit = QLineEdit(self)
        self.fetch_url_edit.setObjectName("fetchUrlEdit")
        self.fetch_url_edit.setAccessibleName("Page URL to fetch")
        self.fetch_url_edit.setPlaceholderText("Paste an article's address and press Enter to fetch its metadata")
        self.fetch_url_edit.setToolTip("The page to fetch into the open record (empty: the record's own source "
                                       "URL). Fields that are empty get the fetched values; differing ones are "
                                       "offered for review. Ctrl+L comes here.")
        self.fetch_url_edit.setClearButtonEnabled(True)
        self.fetch_url_edit.returnPressed.connect(self.fetch)
        url_label.setBuddy(self.fetch_url_edit)
        self.fetch_button = QPushButton(icon("fetch"), "Fetch", self)
        self.fetch_button.setObjectName("fetchButton")
        self.fetch_button.setAccessibleName("Fetch")
        self.fetch_button.setToolTip("Fetch the page into the open record (Enter in the URL box)")
        self.fetch_button.clicked.connect(self._on_fetch_button_clicked)
        toolbar.addWidget(url_label)
        toolbar.addWidget(self.fetch_url_edit)
        toolbar.addWidget(self.fetch_button)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("countsLabel")
        self.scan_progress = ProgressArea("scanProgress", "Stop reading the folder", self)
        self.scan_progress.cancel_button.clicked.connect(self._on_scan_cancel_clicked)
        self.fetch_progress = ProgressArea("fetchProgress", "Cancel the fetch (Esc)", self)
        self.fetch_progress.cancel_button.clicked.connect(self.fetcher.cancel)
        status.addPermanentWidget(self.fetch_progress)
        status.addPermanentWidget(self.scan_progress)
        status.addPermanentWidget(self.counts_label)

    def _connect(self) -> None:
        self.file_panel.current_changed.connect(self._on_file_list_current_changed)
        self.model.counts_changed.connect(self._update_counts)
        self.problem_list.problem_activated.connect(self._on_problem_list_problem_activated)
        self.index.listed.connect(self._on_index_listed)
        self.index.rows_arrived.connect(self.model.queue_index_rows)
        self.index.progressed.connect(self._on_index_progressed)
        self.index.finished.connect(self._on_index_finished)
        self.index.failed.connect(self._on_index_failed)
        self.index.refreshed.connect(self._on_index_refreshed)
        self.watcher.folder_changed.connect(self._on_watcher_folder_changed)
        self.watcher.files_changed.connect(self._on_watcher_files_changed)
        self.fetcher.busy_changed.connect(self._on_fetcher_busy_changed)
        self.fetcher.landed.connect(self._on_fetcher_landed)
        self.fetcher.failed.connect(self._on_fetcher_failed)
        self.fetcher.dropped.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.fetcher.fragment_fetched.connect(self._on_fetcher_fragment_fetched)
        self.review_panel.accepted.connect(self._on_review_panel_accepted)
        self.review_panel.dismissed.connect(self._on_review_panel_dismissed)
        self.undo_group.cleanChanged.connect(lambda _clean: self._update_actions())
        self.undo_group.indexChanged.connect(lambda _index: self._update_actions())

    # === settings =========================================================================================

    def _restore_state(self) -> None:
        geometry = self.settings.load_bytes("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        for name, splitter in (("mainSplitter", self.main_splitter), ("recordSplitter", self.record_splitter),
                               ("bodySplitter", self.form.body_editor.splitter)):
            state = self.settings.load_bytes(name)
            if state is not None:
                splitter.restoreState(state)
        state = self.settings.load_bytes("state")
        if state is not None:
            self.restoreState(state)

    def _save_state(self) -> None:
        if not self.remember:
            return
        self.settings.save_bytes("geometry", self.saveGeometry())
        self.settings.save_bytes("state", self.saveState())
        for name, splitter in (("mainSplitter", self.main_splitter), ("recordSplitter", self.record_splitter),
                               ("bodySplitter", self.form.body_editor.splitter)):
            self.settings.save_bytes(name, splitter.saveState())
        self.settings.sync()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        folders = self.settings.recent_folders()
        if not folders:
            self.recent_menu.addAction("(none yet)").setEnabled(False)
        for number, folder in enumerate(folders, 1):
            action = self.recent_menu.addAction(f"&{number % 10} {folder}")
            action.triggered.connect(lambda _=False, f=folder: self.open_path(f))

    # === folders ==========================================================================================

    def open_path(self, path: str) -> bool:
        """Open a folder, or a file's folder with the file selected."""
        path = os.path.abspath(path)
        if os.path.isfile(path):
            return self.open_folder(os.path.dirname(path), select=path)
        if os.path.isdir(path):
            return self.open_folder(path)
        self.prompts.error(self, "Cannot open", f"{path} is neither a folder nor a file.")
        return False

    def open_folder(self, root: str, select: str | None = None) -> bool:
        """Show ``root``'s curations (listed at once, read in the background). False if the curator cancelled."""
        root = os.path.abspath(root)
        if root == self.root:
            if select:
                self.select_file(select)
            return True
        if not self._settle_unsaved():
            return False
        self.records.close_all()
        self.current = None
        self.root = root
        self.listed = False
        self._pending_select = os.path.abspath(select) if select else None
        self.checks.forget()
        self.model.set_root(root)
        self._show_placeholder()
        self.index.scan(root)
        self.watcher.set_folders(root)
        self.scan_progress.busy(f"Listing {os.path.basename(root) or root}…")
        if self.remember:
            self.settings.add_recent_folder(root)
        self._update_title()
        self._update_actions()
        return True

    def refresh(self) -> None:
        """Read the folder again (cached files cost nothing) and check the open records against the disk."""
        if self.root is None:
            return
        self.checks.forget()
        self.index.scan(self.root)
        self.scan_progress.busy("Reading the folder again…")
        for session in self.records:
            self._check_outside_change(session)

    def select_file(self, path: str) -> bool:
        """Select (and open) a file of the folder."""
        path = os.path.abspath(path)
        if self.file_panel.select_path(path):
            return True
        if os.path.isfile(path) and self.root and path.startswith(self.root + os.sep):
            self.model.set_paths([r.path for r in self.model.rows()] + [path])
            return self.file_panel.select_path(path)
        return False

    def _on_open_triggered(self) -> None:
        folder = self.prompts.choose_folder(self, self.root or str(Path.home()))
        if folder:
            self.open_path(folder)

    def _on_index_listed(self, paths: list) -> None:
        self.model.set_paths(paths)
        self.listed = True
        self.watcher.set_folders(self.root, {p.rpartition(os.sep)[0] for p in paths})
        self.scan_progress.busy("Reading files…", 0, max(1, len(paths)))
        if self.current is not None:
            self.file_panel.select_path(self.current.path, reveal=False)
        if self._pending_select and self.model.row_of(self._pending_select) >= 0:
            self.file_panel.select_path(self._pending_select)
            self._pending_select = None
        self.folder_listed.emit()

    def _on_index_progressed(self, done: int, total: int) -> None:
        self.scan_progress.busy(f"Reading files… {done:,} of {total:,}", done, max(total, 1))

    def _on_index_finished(self, rows: list) -> None:
        self.model.queue_index_rows(rows)
        self.model.flush(resort=True)
        self.scan_progress.hide()
        self.form.set_completions(self.model.all_categories())
        if self.current is not None:
            if self.file_panel.current_path() != self.current.path:
                self.file_panel.select_path(self.current.path, reveal=False)
            self.current.revalidate()  # duplicates across the folder are known now
        self.scan_finished.emit()

    def _on_index_failed(self, message: str) -> None:
        self.scan_progress.hide()
        self.notice_bar.show_message("error", f"The folder could not be read completely: {message}",
                                     [("&Try Again", self.refresh), ("&Dismiss", self.notice_bar.hide)])

    def _on_index_refreshed(self, rows: list, removed: list) -> None:
        self.model.remove_paths(removed)
        self.model.queue_index_rows(rows)
        self.model.flush()

    def _on_scan_cancel_clicked(self) -> None:
        self.index.cancel()
        self.model.flush()
        self.scan_progress.hide()
        self.statusBar().showMessage("Stopped reading the folder; files not read yet show as pending", 6000)

    def _update_counts(self) -> None:
        counts = self.model.counts()
        parts = [f"{counts['files']:,} files"]
        if counts["errors"]:
            parts.append(f"{counts['errors']:,} with errors")
        if counts["warnings"]:
            parts.append(f"{counts['warnings']:,} with warnings")
        if counts["unsaved"]:
            parts.append(f"{counts['unsaved']:,} unsaved")
        self.counts_label.setText(" · ".join(parts))

    # === records ==========================================================================================

    def _on_records_created(self, session: Session) -> None:
        session.changed.connect(lambda keys, s=session: self._on_session_changed(s, keys))
        session.modified_changed.connect(lambda modified, s=session: self._on_session_modified_changed(s, modified))
        session.problems_changed.connect(lambda problems, s=session: self._on_session_problems_changed(s, problems))
        session.reloaded.connect(lambda s=session: self._on_session_reloaded(s))

    def _close_session(self, session: Session) -> None:
        if self.current is session:
            self.current = None
        self.records.close(session)

    def open_record(self, path: str) -> Session | None:
        """Show the record of ``path`` (from memory when it is there; from disk otherwise)."""
        path = os.path.abspath(path)
        if self.current is not None and self.current.path == path:
            return self.current
        session = self.sessions.get(path)
        if session is None:
            try:
                doc = Document.load(path)
            except OSError as error:
                self._show_placeholder(f"Cannot read {os.path.basename(path)}: {error.strerror or error}")
                return None
            session = self.records.add(doc)
        else:
            self._check_outside_change(session)
            if session.closed:  # it vanished from disk
                return None
        self._set_current(session)
        return session

    def _set_current(self, session: Session) -> None:
        previous = self.current
        self.current = session
        self.undo_group.setActiveStack(session.undo_stack)
        self._show_session(session)
        if previous is not None and previous is not session and not previous.closed:
            self.records.retire(previous)
        self.records.in_use(session)
        self.watcher.watch_files(self.records.paths())
        if self.file_panel.current_path() != session.path:
            self.file_panel.select_path(session.path)
        self.record_opened.emit(session.path)

    def _show_session(self, session: Session) -> None:
        doc = session.doc
        self.notice_bar.hide()
        if doc.read_only:
            self.form.set_session(None)
            self.raw_view.show_document(doc)
            self.stack.setCurrentIndex(_RAW)
        else:
            self.form.set_session(session)
            self.stack.setCurrentIndex(_FORM)
        self._show_problems(session.problems)
        self._update_outside_bar()
        self._update_article_bar()
        self._show_review(session)
        self.header.setText(self._header_text(session))
        self._update_title()
        self._update_actions()

    def _header_text(self, session: Session) -> str:
        doc = session.doc
        name = os.path.basename(session.path)
        folder = os.path.dirname(session.path)
        if self.root and (folder == self.root or folder.startswith(self.root + os.sep)):
            folder = os.path.relpath(folder, os.path.dirname(self.root))
        state = " — read-only" if doc.read_only else ""
        return f"<b>{name}</b>{state} <span style='color: palette(placeholder-text)'>in {folder}</span>"

    def _show_placeholder(self, text: str | None = None) -> None:
        self.form.set_session(None)
        self.undo_group.setActiveStack(None)
        if text is None:
            text = ("Select a file on the left to edit it.\n\nOr paste an article's address into the URL box above "
                    "and press Enter to fetch it, or press Ctrl+N for a new curation.")
        self.placeholder.setText(text)
        self.stack.setCurrentIndex(_PLACEHOLDER)
        self.header.setText("")
        self._show_problems([], show_empty=False)
        self.review_panel.show_conflicts([], "")
        self.outside_bar.hide()
        self.article_bar.hide()
        self._update_title()
        self._update_actions()

    def _show_problems(self, problems: list[Problem], show_empty: bool = True) -> None:
        self.problem_list.set_problems(problems, show_empty)
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        self.problem_title.setText(f"&Problems ({errors} error{'s' * (errors != 1)}, "
                                   f"{warnings} warning{'s' * (warnings != 1)})" if problems else "&Problems")

    def _on_file_list_current_changed(self, path: str | None) -> None:
        if path is None or self._quiet_list:
            return  # the list was rebuilt (or is being updated by the window itself): the record stays open
        self.open_record(path)

    def _on_session_changed(self, session: Session, keys) -> None:
        if session is self.current and not session.read_only:
            self.form.refresh(keys)
            self._update_article_bar()

    def _on_session_modified_changed(self, session: Session, modified: bool) -> None:
        self.model.set_unsaved(session.path, modified)
        if session is self.current:
            self._update_title()
            self._update_actions()
        elif not modified and not session.busy:
            self.records.retire(session)

    def _on_session_problems_changed(self, session: Session, problems: list) -> None:
        if session is self.current:
            if not session.read_only:
                self.form.set_problems(problems)
            self._show_problems(problems)

    def _on_session_reloaded(self, session: Session) -> None:
        if session is self.current:
            self._show_session(session)
        self.model.set_unsaved(session.path, session.is_modified)

    def _on_problem_list_problem_activated(self, field: str) -> None:
        session = self.current
        if session is None:
            return
        if session.read_only:
            self.raw_view.go_to(session.doc.error.line, session.doc.error.column)
            self.raw_view.text.setFocus()
            return
        if not self.form.focus_field(field):
            self.statusBar().showMessage("This problem is about the file as a whole", 4000)

    def _update_title(self) -> None:
        folder = os.path.basename(self.root) if self.root else ""
        session = self.current
        if session is None:
            self.setWindowTitle(f"{folder} — {APP_NAME}" if folder else APP_NAME)
            self.setWindowModified(False)
            return
        title = display_text(session.doc.data.get("title")) if not session.read_only else ""
        name = os.path.basename(session.path)
        shown = f"{title} ({name})" if title else name
        if len(shown) > 90:
            shown = shown[:89] + "…"
        self.setWindowTitle(f"{shown}[*] — {folder} — {APP_NAME}")
        self.setWindowModified(session.is_modified)

    def _update_actions(self) -> None:
        session = self.current
        editable = session is not None and not session.read_only
        self.action_save.setEnabled(editable)
        self.action_save_as.setEnabled(editable)
        self.action_revert.setEnabled(editable and session.is_modified)
        self.action_save_all.setEnabled(bool(self.records.dirty()))
        self.action_make_curation.setEnabled(editable and not session.doc.has_front_matter and not session.doc.data)
        self.action_import.setEnabled(self.root is not None)
        self.action_new.setEnabled(self.root is not None)
        self.action_cancel.setEnabled(self.fetcher.busy)

    def focus_form(self) -> None:
        if self.stack.currentIndex() == _FORM:
            self.form.focus_field("title")
        elif self.stack.currentIndex() == _RAW:
            self.raw_view.text.setFocus()

    def focus_problems(self) -> None:
        self.problem_list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.problem_list.currentItem() is None and self.problem_list.topLevelItemCount():
            self.problem_list.setCurrentItem(self.problem_list.topLevelItem(0))

    def focus_url(self) -> None:
        self.fetch_url_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.fetch_url_edit.selectAll()

    def step_file(self, step: int) -> None:
        view = self.file_panel.view
        proxy = self.file_panel.proxy
        if proxy.rowCount() == 0:
            return
        row = view.currentIndex().row() if view.currentIndex().isValid() else -1
        row = min(max(row + step, 0), proxy.rowCount() - 1)
        view.setCurrentIndex(proxy.index(row, 2))

    # === plain articles and outside changes ===============================================================

    def _update_article_bar(self) -> None:
        session = self.current
        if session is not None and not session.read_only and not session.doc.has_front_matter and not session.doc.data:
            self.article_bar.show_message(
                "warning", "This file is a plain article without front matter, so it is not a curation yet.",
                [("&Make It a Curation", self.make_curation)])
        else:
            self.article_bar.hide()
        self.action_make_curation.setEnabled(not self.article_bar.isHidden())

    def make_curation(self) -> None:
        """Give a plain article the front matter of a curation (title and description from its text)."""
        session = self.current
        if session is None or session.read_only or session.doc.data:
            return
        session.replace(curation_from_article(session.doc), "Make it a curation")
        self.statusBar().showMessage("Front matter added; fill in the source URL and topics, then save", 8000)

    def _check_outside_change(self, session: Session) -> None:
        """React to the file of an open record having changed (or vanished) on disk."""
        if session.closed or session.doc.stamp is None:
            return  # a new record not written yet
        path = session.path
        if not os.path.exists(path):
            if session.is_modified:
                session.outside_change = "deleted"
            else:
                was_current = session is self.current
                self._close_session(session)
                self.model.remove_paths([path])
                if was_current:
                    self._show_placeholder(f"{os.path.basename(path)} was removed or renamed by another program.")
            self._update_outside_bar()
            return
        if not session.changed_on_disk():
            if session.outside_change:
                session.outside_change = None
                self._update_outside_bar()
            return
        if session.kept_over is not None and session.kept_over == session.disk_digest():
            return  # the curator already chose to keep their version over this one
        if not session.is_modified:
            session.reload()
            if session is self.current:
                self.statusBar().showMessage(f"{os.path.basename(path)} changed on disk and was reloaded", 6000)
            return
        session.outside_change = "changed"
        self._update_outside_bar()

    def _update_outside_bar(self) -> None:
        session = self.current
        if session is None or not session.outside_change:
            self.outside_bar.hide()
            return
        name = os.path.basename(session.path)
        if session.outside_change == "deleted":
            self.outside_bar.show_message(
                "error", f"<b>{name}</b> was deleted or renamed by another program. Your unsaved edits are still "
                         f"here; saving writes the file again.",
                [("&Keep Mine", self._on_outside_bar_keep_clicked),
                 ("&Discard Mine", self._on_outside_bar_discard_clicked)])
        else:
            self.outside_bar.show_message(
                "warning", f"<b>{name}</b> was changed by another program while you have unsaved edits.",
                [("&Reload", self._on_outside_bar_reload_clicked), ("&Keep Mine", self._on_outside_bar_keep_clicked),
                 ("Show &Diff", self._on_outside_bar_diff_clicked)])

    def _on_outside_bar_reload_clicked(self) -> None:
        session = self.current
        if session is not None:
            self._reload(session)

    def _reload(self, session: Session) -> None:
        try:
            session.reload()
        except OSError as error:
            self.prompts.error(self, "Cannot reload", f"{session.path}: {error.strerror or error}")
            return
        self.statusBar().showMessage("Reloaded from disk; Undo brings your edits back", 8000)

    def _on_outside_bar_keep_clicked(self) -> None:
        session = self.current
        if session is None:
            return
        session.kept_over = session.disk_digest() or ""
        session.outside_change = None
        self._update_outside_bar()
        self.statusBar().showMessage("Your version is kept; saving will overwrite the file on disk", 8000)

    def _on_outside_bar_discard_clicked(self) -> None:
        session = self.current
        if session is None:
            return
        path = session.path
        self._close_session(session)
        self.model.remove_paths([path])
        self._show_placeholder(f"{os.path.basename(path)} is gone; your edits to it were discarded.")

    def _on_outside_bar_diff_clicked(self) -> None:
        session = self.current
        if session is None:
            return
        try:
            with open(session.path, "rb") as handle:
                disk = handle.read().decode("utf-8", errors="replace")
        except OSError:
            disk = ""
        mine = session.doc.to_bytes().decode("utf-8", errors="replace")
        dialog = DiffDialog(unified_diff(disk, mine, os.path.basename(session.path)),
                            f"Changes: {os.path.basename(session.path)}", self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self._dialogs.remove(dialog) if dialog in self._dialogs else None)
        self._dialogs.append(dialog)
        dialog.show()

    def _on_watcher_files_changed(self, paths: list) -> None:
        for path in paths:
            session = self.sessions.get(path)
            if session is not None:
                self._check_outside_change(session)

    def _on_watcher_folder_changed(self) -> None:
        self.checks.forget()
        if not self.index.scanning:
            self.index.refresh()
        for session in self.records:
            self._check_outside_change(session)

    # === saving ===========================================================================================

    def save_current(self) -> bool:
        return self.current is not None and self.save_session(self.current)

    def save_current_as(self) -> bool:
        session = self.current
        if session is None or session.read_only:
            return False
        target = self.prompts.choose_save_path(self, session.path)
        return bool(target) and self.save_session(session, os.path.abspath(target))

    def save_all(self) -> bool:
        """Save every record with unsaved edits; False if any could not be saved."""
        ok = True
        for session in self.records.dirty():
            ok = self.save_session(session) and ok
        return ok

    def revert_current(self) -> None:
        if self.current is not None and self.current.revert():
            self.statusBar().showMessage("Reverted to the file on disk; Undo brings your edits back", 6000)

    def save_session(self, session: Session, path: str | None = None) -> bool:
        """Save through the core's lossless save, handling a file changed on disk. True when saved."""
        name = os.path.basename(session.path)
        if session.read_only:
            self.statusBar().showMessage(f"{name} is read-only: it could not be read, so it is never written", 8000)
            return False
        old_path = session.path
        force = False
        while True:
            try:
                written = session.save(path, force=force)
                break
            except SaveConflictError:
                if session.kept_over is not None and session.kept_over == session.disk_digest():
                    force = True
                    continue
                answer = self.prompts.save_conflict(self, name)
                if answer == answers.OVERWRITE:
                    force = True
                    continue
                if answer == answers.RELOAD:
                    self._reload(session)
                return False
            except ReadOnlyError as error:
                self.prompts.error(self, "Not saved", str(error))
                return False
            except (CuratorError, OSError, ValueError) as error:
                self.prompts.error(self, "Not saved", str(error))
                return False
        if session.path != old_path:
            self.records.renamed(session, old_path)
            self.model.set_unsaved(old_path, False)
            self.watcher.watch_files(self.records.paths())
        self._quiet_list = True  # a new row (Save As) must not reopen the old file meanwhile
        try:
            self._show_saved_row(session)
            if session is self.current and session.path != old_path:
                self.file_panel.select_path(session.path)
        finally:
            self._quiet_list = False
        self.index.refresh([session.path])
        self.form.set_completions(self.model.all_categories())  # topics typed here are offered everywhere
        self.statusBar().showMessage(f"Saved {os.path.basename(session.path)}" if written
                                     else f"{name}: nothing to save", 4000)
        if session is self.current:
            self.header.setText(self._header_text(session))
            self._update_title()
        self._update_actions()
        return True

    def _show_saved_row(self, session: Session) -> None:
        data = session.doc.data
        link = data.get("link") if isinstance(data.get("link"), dict) else {}
        problems = session.problems
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        summary = "\n".join(f"line {p.line}: {p.severity}: {p.message}" for p in problems[:6]) or "no problems"
        categories = data.get("categories") if isinstance(data.get("categories"), list) else []
        self.model.update_row(
            session.path, title=display_text(data.get("title")), description=display_text(data.get("description")),
            date=display_text(data.get("date")), brand=display_text(link.get("brand")),
            categories=[c for c in categories if isinstance(c, str)], clean_url=clean_source_url(data),
            status="error" if errors else "warning" if warnings else "ok", errors=errors, warnings=warnings,
            summary=summary)
        self.model.set_unsaved(session.path, session.is_modified)

    # === fetching =========================================================================================

    def _on_fetch_button_clicked(self) -> None:
        if self.fetcher.busy:
            self.fetcher.cancel()  # the button reads "Cancel" while a page is on its way
        else:
            self.fetch()

    def fetch(self) -> None:
        """Fetch the URL box's page into the open record (or into a new curation when none is open)."""
        url = self.fetch_url_edit.text().strip()
        session = self.current
        if not url and session is not None and not session.read_only:
            found = session.doc.data.get("link")
            url = str(found.get("original") or "") if isinstance(found, dict) else ""
        if not url:
            self.statusBar().showMessage("Paste the address of a page into the URL box first", 6000)
            self.focus_url()
            return
        if not is_web_url(url):
            self.statusBar().showMessage(f"Not a web address (http:// or https://): {url}", 8000)
            self.focus_url()
            return
        if session is None or session.read_only:
            self._fetch_new(url)
        else:
            self.fetcher.fetch_into(session, url)

    def new_from_url(self) -> None:
        """Ctrl+N: ask for an address, fetch it and create the curation (or offer the existing one)."""
        clipboard = QGuiApplication.clipboard().text().strip() if QGuiApplication.clipboard() else ""
        suggestion = self.fetch_url_edit.text().strip() or (clipboard if is_web_url(clipboard) else "")
        url = self.prompts.ask_url(self, "New from URL", "Address of the article to curate:", suggestion)
        if url:
            if not is_web_url(url):
                self.prompts.error(self, "Not a web address", f"{url} is not an http:// or https:// address.")
                return
            self._fetch_new(url)

    def _existing_for(self, url: str) -> str | None:
        """A file of the folder that already curates ``url`` (same clean URL, or the name it would get)."""
        from curator_gui.core.newdoc import file_name_for

        clean = clean_url(url).rstrip("/")
        found = self.model.paths_with_clean_url(clean)
        if found:
            return found[0]
        candidate = os.path.join(self.root or "", file_name_for(url))
        return candidate if self.root and os.path.exists(candidate) else None

    def _fetch_new(self, url: str) -> None:
        if self.root is None:
            self.prompts.error(self, "No folder", "Open a folder first: the new curation is created in it.")
            return
        existing = self._existing_for(url)
        if existing is not None:
            if self.prompts.open_existing(self, os.path.basename(existing), url):
                self.select_file(existing)
            return
        self.fetcher.fetch_new(url)

    def import_saved_page(self) -> None:
        """Read a page saved from a browser into the open record (or a new curation)."""
        page = self.prompts.choose_page_file(self, str(Path.home()))
        if not page:
            return
        session = self.current if self.current is not None and not self.current.read_only else None
        known = ""
        if session is not None and isinstance(session.doc.data.get("link"), dict):
            known = str(session.doc.data["link"].get("original") or "")
        url = self.prompts.ask_url(self, "Import a Saved Page", "Address the page was saved from:",
                                   self.fetch_url_edit.text().strip() or known)
        if not url:
            return
        if not is_web_url(url):
            self.prompts.error(self, "Not a web address", f"{url} is not an http:// or https:// address.")
            return
        if session is None and self._existing_for(url) is not None:
            existing = self._existing_for(url)
            if self.prompts.open_existing(self, os.path.basename(existing), url):
                self.select_file(existing)
            return
        self.fetcher.import_into(session, page, url)

    def _on_fetcher_busy_changed(self, busy: bool, text: str) -> None:
        if busy:
            self.fetch_progress.busy(text)
        else:
            self.fetch_progress.hide()
        self.fetch_button.setText("Cancel" if busy else "Fetch")
        self.fetch_button.setIcon(icon("cancel" if busy else "fetch"))
        self.action_cancel.setEnabled(busy)

    def _on_fetcher_landed(self, session: Session, filled: int, conflicts: int) -> None:
        name = os.path.basename(session.path)
        where = "" if session is self.current else f" into {name} (not the record shown)"
        parts = [f"{filled} field{'s' * (filled != 1)} filled"]
        if conflicts:
            parts.append(f"{conflicts} to review")
        self.statusBar().showMessage(f"Fetched{where}: {', '.join(parts)}", 8000)
        if session is self.current:
            self._show_review(session)
            if not self.fetch_url_edit.hasFocus():
                self.fetch_url_edit.clear()
        elif not session.is_modified and not session.pending_review:
            self.records.retire(session)

    def _on_fetcher_failed(self, message: str) -> None:
        self.notice_bar.show_message("error", f"Fetch failed: {message}",
                                     [("&Import Saved Page…", self.import_saved_page),
                                      ("&Dismiss", self.notice_bar.hide)])

    def _on_fetcher_fragment_fetched(self, fragment: dict, url: str) -> None:
        if self.root is None:
            return
        existing = self._existing_for(url)
        if existing is not None:
            if self.prompts.open_existing(self, os.path.basename(existing), url):
                self.select_file(existing)
            return
        doc = new_document(self.root, fragment)
        session = self.records.add(doc)
        if not self.save_session(session):
            self._close_session(session)
            return
        self.select_file(session.path)
        self.fetch_url_edit.clear()
        self.statusBar().showMessage(f"Created {os.path.basename(session.path)}: add topics and check the "
                                     f"fields, then save", 8000)

    def _show_review(self, session: Session) -> None:
        """Show the record's fetched values waiting for review, with room for a handful of rows."""
        self.review_panel.show_conflicts(session.pending_review, session.review_source)
        if session.pending_review:
            sizes = self.record_splitter.sizes()
            wanted = min(260, max(160, 60 + 22 * len(session.pending_review)))
            if sizes[1] < wanted and sizes[0] > wanted + 200:
                sizes[0] -= wanted - sizes[1]
                sizes[1] = wanted
                self.record_splitter.setSizes(sizes)

    def _on_review_panel_accepted(self, conflicts: list) -> None:
        session = self.current
        if session is None:
            return
        accept_conflicts(session, conflicts)
        self.review_panel.show_conflicts(session.pending_review, session.review_source)

    def _on_review_panel_dismissed(self) -> None:
        session = self.current
        if session is not None:
            session.pending_review = []
        self.review_panel.show_conflicts([], "")

    # === drag and drop ====================================================================================

    def _dropped_target(self, mime) -> tuple[str, str] | None:
        if mime.hasUrls():
            for url in mime.urls():
                if url.isLocalFile():
                    return "path", url.toLocalFile()
                if url.scheme() in ("http", "https"):
                    return "url", url.toString()
        if mime.hasText():
            text = mime.text().strip()
            if is_web_url(text):
                return "url", text
        return None

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._dropped_target(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        target = self._dropped_target(event.mimeData())
        if target is None:
            return
        event.acceptProposedAction()
        kind, value = target
        if kind == "url":
            self.fetch_url_edit.setText(value)
            self.fetch()
        else:
            self.open_path(value)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            for action, name in self._iconed:  # monochrome icons are drawn in the palette's text colour
                action.setIcon(icon(name))
        super().changeEvent(event)

    # === closing ==========================================================================================

    def _settle_unsaved(self) -> bool:
        """Before the records are let go: Save All / Discard / Cancel, asked once. True to go on."""
        dirty = self.records.dirty()
        if not dirty:
            return True
        answer = self.prompts.unsaved_on_close(self, [os.path.basename(s.path) for s in dirty])
        if answer == answers.SAVE_ALL:
            return self.save_all()
        return answer == answers.DISCARD

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self._shut_down and not self._settle_unsaved():
            event.ignore()
            return
        self._save_state()
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop background work (idempotent); the window can no longer be used afterwards."""
        if self._shut_down:
            return
        self._shut_down = True
        self.fetcher.cancel()
        self.runner.shutdown(1000)
        self.index.shutdown()
        for dialog in list(self._dialogs):
            dialog.close()

    def _on_about_triggered(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, f"About {APP_NAME}",
                          f"<b>{APP_NAME}</b> {__version__}<br>An editor for curated-content Markdown files: "
                          f"browse a folder, edit every field, fetch page metadata, save without losing anything.")

