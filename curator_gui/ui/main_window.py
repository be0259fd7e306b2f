"""The main window: the only place that builds the window's widgets and assembles the parts that drive them.

Each part does one job and can be used without the window (see the README's architecture section):
:class:`~curator_gui.ui.folder.FolderController` (the open folder, read in the background),
:class:`~curator_gui.ui.navigation.Navigator` (which record is open), :class:`~curator_gui.ui.saving.SaveController`
(saving and conflicts), :class:`~curator_gui.ui.outside.OutsideChanges` (other programs' changes),
:class:`~curator_gui.ui.fetch_flow.FetchFlow` (fetching) and :class:`~curator_gui.ui.record_pane.RecordPane`
(the open record on screen); :class:`~curator_gui.ui.commands.WindowCommands` holds every command. The window
connects their signals to each other, keeps the title and the commands' state current and stops the background
work when it closes; what it remembers between runs is :mod:`~curator_gui.ui.window_memory`'s, the order Tab
walks it :mod:`~curator_gui.ui.tab_order`'s.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QUndoGroup
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QSplitter, QToolBar, QVBoxLayout, QWidget

from curator_gui import __version__
from curator_gui.core.offerings import FolderOfferings
from curator_gui.ui import icons, marks
from curator_gui.ui.banners import MessageBar
from curator_gui.ui.commands import WindowCommands
from curator_gui.ui.drops import dropped_target
from curator_gui.ui.fetch import FetchController
from curator_gui.ui.fetch_flow import FetchFlow, make_url_box
from curator_gui.ui.file_list.model import FileListModel
from curator_gui.ui.file_list.panel import FileListPanel
from curator_gui.ui.folder import FolderController
from curator_gui.ui.folder_config import FolderConfig
from curator_gui.ui.folder_edits import FolderEdits
from curator_gui.ui.icons import icon
from curator_gui.ui.indexer import IndexService
from curator_gui.ui.media_flow import MediaFlow
from curator_gui.ui.navigation import Navigator
from curator_gui.ui.outside import OutsideChanges
from curator_gui.ui.page_images import PageImages
from curator_gui.ui.preferences import CuratorIdentity
from curator_gui.ui.progress import ProgressArea
from curator_gui.ui.prompts import Prompts
from curator_gui.ui.record_pane import RecordPane
from curator_gui.ui.records import FolderChecks, RecordStore
from curator_gui.ui.review_images import ReviewImageFlow
from curator_gui.ui.saving import SaveController
from curator_gui.ui.session import Session, record_label
from curator_gui.ui.settings import Settings
from curator_gui.ui.tab_order import TabRing, tab_stops
from curator_gui.ui.tasks import TaskRunner
from curator_gui.ui.watcher import FolderWatcher
from curator_gui.ui.window_memory import WindowMemory

APP_NAME = "Curator"


class MainWindow(QMainWindow):
    """See the module docstring. ``remember=False`` leaves the user's settings untouched (screenshots)."""

    def __init__(self, settings: Settings | None = None, prompts: Prompts | None = None, remember: bool = True):
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings or Settings()
        self.prompts = prompts or Prompts()
        self.remember = remember
        self._shut_down = False

        # background work and the records in memory
        self.undo_group = QUndoGroup(self)
        self.checks = FolderChecks(lambda url: self.model.paths_with_clean_url(url), self._listed_title)
        self.records = RecordStore(self.checks, self.undo_group, self)
        self.runner = TaskRunner(self)
        self.fetcher = FetchController(self.runner, self)
        self.index = IndexService(self)
        self.watcher = FolderWatcher(self)

        self._build_widgets()
        self.folder_config = FolderConfig(self.watcher, self.config_bar, self.checks, self.records, self)
        self.outside = OutsideChanges(self.records, self.watcher, self.pane.outside_bar, self.prompts, self)
        self.folder = FolderController(self.model, self.index, self.watcher, self.checks, self.scan_progress,
                                       self.counts_label, self.pane.notice_bar, self)
        # The filter gathers its columns once a scan, and the recount after it, are over.
        self.file_panel.proxy.busy = lambda: self.index.scanning or self.model.gathering
        self.navigator = Navigator(self.records, self.file_panel, self.pane, self.outside, self.folder, self)
        self.saving = SaveController(self.records, self.prompts, self.outside, self)
        self.curator = CuratorIdentity(self.settings, self.prompts, lambda: self.checks.config)
        self.media = MediaFlow(self.runner, self.records, self.checks, self.index, self.saving, self.prompts,
                               self.pane, self)
        self.page_images = PageImages(self.runner, self.media, self.saving, self.records, self)
        self.fetching = FetchFlow(self.fetcher, self.navigator, self.saving, self.folder, self.pane,
                                  self.fetch_url_edit, self.fetch_button, self.fetch_progress, self.prompts, self,
                                  self.curator, self.page_images.store)
        self.pane.form.set_image_actions(self.media)
        self.review_images = ReviewImageFlow(self.fetcher, self.media, self.pane, self)
        self.media.files_changed.connect(self.file_panel.thumbnails.forget)
        self.edits = FolderEdits(self)  # topics, bulk edits, find and replace: changes to many files
        self.commands = WindowCommands(self)
        self.commands.build_menus()
        self.commands.build_toolbar(self.toolbar)
        self._connect()

        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self.memory = WindowMemory(self, self.settings)
        if remember:
            self.memory.restore()
        self.pane.show_placeholder()
        self.tabs = TabRing(self._reading_order)
        self.tabs.update()
        self.file_panel.view.setFocus(Qt.FocusReason.OtherFocusReason)  # the keyboard starts in the list

    # --- what the window shows ----------------------------------------------------------------------------

    @property
    def root(self) -> str | None:
        """The open folder."""
        return self.folder.root

    @property
    def listed(self) -> bool:
        """Whether the open folder's files are all in the list."""
        return self.folder.listed

    @property
    def current(self) -> Session | None:
        """The open record."""
        return self.records.current

    @property
    def model(self) -> FileListModel:
        """The rows of the open folder."""
        return self.file_panel.model

    def _listed_title(self, path: str) -> str:
        session = self.records.get(path)
        if session is not None:
            return session.title
        row = self.model.get(path)
        return row.title if row is not None else ""

    def _named(self, path: str) -> str:
        """How a file of the folder is named to people: “Title” (name.md)."""
        return record_label(self._listed_title(path), os.path.basename(path))

    # --- building -----------------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.file_panel = FileListPanel(self)
        self.pane = RecordPane(self.records, self)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.file_panel)
        self.main_splitter.addWidget(self.pane)
        self.main_splitter.setStretchFactor(0, 2)
        self.main_splitter.setStretchFactor(1, 3)
        self.main_splitter.setChildrenCollapsible(False)
        self.main_splitter.setSizes([460, 820])  # the list narrower than the record
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 0)
        self.config_bar = MessageBar("configBar", self)  # an unusable curator.toml, whatever record is open
        layout.addWidget(self.config_bar)
        self.batch_bar = MessageBar("batchBar", self)  # what the last change to many files did
        layout.addWidget(self.batch_bar)
        layout.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)

        # The toolbar and the URL box are made before the status bar: the order widgets are made in is the
        # order Tab visits them (the commands' buttons join the toolbar later, in front of the URL box).
        self.toolbar = QToolBar("Main", self)
        self.toolbar.setObjectName("mainToolBar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.toolbar.addSeparator()
        url_label = QLabel(" Page &URL: ", self)
        self.fetch_url_edit, self.fetch_button = make_url_box(self)
        url_label.setBuddy(self.fetch_url_edit)
        self.toolbar.addWidget(url_label)
        self.toolbar.addWidget(self.fetch_url_edit)
        self.toolbar.addWidget(self.fetch_button)
        self.addToolBar(self.toolbar)

        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("countsLabel")
        self.scan_progress = ProgressArea("scanProgress", "Stop reading the folder", self)
        self.fetch_progress = ProgressArea("fetchProgress", "Cancel the fetch (Esc)", self)
        status = self.statusBar()
        status.addPermanentWidget(self.fetch_progress)
        status.addPermanentWidget(self.scan_progress)
        status.addPermanentWidget(self.counts_label)

    def _connect(self) -> None:
        """The parts' signals to each other: what one part's news means for the others."""
        for part in (self.pane, self.outside, self.folder, self.saving, self.fetching, self.folder_config, self.media,
                     self.page_images):
            part.announced.connect(self.statusBar().showMessage)
        self.records.created.connect(self._on_records_created)
        self.pane.shown.connect(self.outside.show_bar_for)
        self.pane.shown.connect(self._update_state)
        self.pane.form.tabs_changed.connect(lambda: self.tabs.update())
        self.folder.opened.connect(self.pane.set_root)
        self.folder.opened.connect(self._on_folder_opened)
        self.folder_config.changed.connect(lambda _config: self.folder.refresh())  # the list under the new rules
        self.index.offerings_read.connect(self._on_offerings_read)
        self.pane.problem_list.related_activated.connect(self.select_file)
        self.pane.problem_list.name_of = self._named
        self.folder.folder_reread.connect(self.outside.check_all)
        # A turn of the event loop of its own: the end of a scan of 100,000 files does several such things.
        self.model.topics_ready.connect(self._offer_topics)  # gathered a step at a time after a scan
        self.saving.saved.connect(self._on_saving_saved)
        self.fetcher.busy_changed.connect(self._update_commands)
        self.undo_group.cleanChanged.connect(self._update_commands)
        self.undo_group.indexChanged.connect(self._update_commands)

    # --- folders ------------------------------------------------------------------------------------------

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
        if not self.settle_unsaved():
            return False
        self.navigator.close_all()
        self.navigator.select_when_listed(select)
        self.folder.open(root)
        self.pane.show_placeholder()
        if self.remember:
            self.settings.add_recent_folder(root)
        self._update_state()
        return True

    def settle_unsaved(self) -> bool:
        """Before the records are let go: the bulk form's unwritten changes, then the records' unsaved edits
        (Save All / Discard / Cancel). True to go on."""
        return self.edits.settle_unwritten() and self.saving.settle_unsaved()

    def select_file(self, path: str) -> bool:
        """Select (and open) a file of the folder."""
        return self.navigator.select_file(path)

    def choose_folder(self) -> None:
        """Ask for a folder and open it."""
        folder = self.prompts.choose_folder(self, self.root or str(Path.home()))
        if folder:
            self.open_path(folder)

    # --- what one part's news means for the others --------------------------------------------------------

    def _on_folder_opened(self, root: str) -> None:
        self.folder_config.open(root)
        self.checks.offerings = FolderOfferings()

    def _on_offerings_read(self, offerings: FolderOfferings) -> None:
        """The folder's offerings as read (gathered on the index thread): the offerings table offers them, and the
        open record is checked against them."""
        self.checks.offerings = offerings
        self.pane.form.set_offering_choices(self.checks.offerings.choices())
        if self.current is not None and not self.current.read_only:
            self.current.revalidate()

    def _on_records_created(self, session: Session) -> None:
        session.modified_changed.connect(lambda _modified, s=session: self._on_session_modified_changed(s))
        session.changed.connect(lambda keys, s=session: self._on_session_changed(s, keys))

    def _on_session_changed(self, session: Session, keys) -> None:
        if session is self.current and (keys is None or "title" in keys):
            self._update_title()  # the title bar names the record as it is being retitled

    def _on_session_modified_changed(self, session: Session) -> None:
        if session is self.current:
            self._update_state()

    def _on_saving_saved(self, session: Session, old_path: str, _written: bool) -> None:
        self.navigator.show_saved(session, old_path)
        self.folder.reread([session.path])
        self._offer_topics()  # topics typed here are offered everywhere
        if session is self.current:
            self.pane.show_header(session)
            self._update_title()
        self.commands.update()

    def _offer_topics(self) -> None:
        self.pane.form.set_completions(self.model.all_categories())

    def _update_state(self, *_args) -> None:
        """The title and which commands apply, after anything that may change both."""
        self._update_title()
        self.commands.update()

    def _reading_order(self) -> list[QWidget]:
        """The widgets Tab visits, as the window reads (see :mod:`curator_gui.ui.tab_order`)."""
        edits = self.edits
        return [self.fetch_url_edit, self.fetch_button, self.file_panel.filter_edit, self.file_panel.problems_button,
                self.file_panel.view, *tab_stops(edits.bulk), *self.pane.tab_chain(), *tab_stops(edits.topics),
                *tab_stops(edits.find)]

    def _update_commands(self, *_args) -> None:
        self.commands.update()

    def _update_title(self) -> None:
        folder = os.path.basename(self.root) if self.root else ""
        session = self.current
        if session is None:
            self.setWindowTitle(f"{folder} — {APP_NAME}" if folder else APP_NAME)
            self.setWindowModified(False)
            return
        title, name = session.title, session.name
        shown = f"{title} ({name})" if title else name
        if len(shown) > 90:
            shown = shown[:89] + "…"
        self.setWindowTitle(f"{shown}[*] — {folder} — {APP_NAME}")
        self.setWindowModified(session.is_modified)

    # --- Qt events ----------------------------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if dropped_target(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        target = dropped_target(event.mimeData())
        if target is None:
            return
        event.acceptProposedAction()
        kind, value = target
        if kind == "url":
            self.fetching.fetch_url(value)
        else:
            self.open_path(value)

    def event(self, event) -> bool:  # noqa: A003 - Qt override
        handled = super().event(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:  # not passed on to changeEvent
            self.follow_palette()
        return handled

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt override
        """Tab and Shift+Tab walk the window's ring (:mod:`curator_gui.ui.tab_order`)."""
        target = self.tabs.next_stop(QApplication.focusWidget(), next)
        if target is None:
            return super().focusNextPrevChild(next)
        target.setFocus(Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
        return True

    def follow_palette(self) -> None:
        """After a light/dark switch: icons drawn, problem tints mixed and the pane's texts styled again."""
        icons.follow_palette(self)
        marks.follow_palette(self)
        self.pane.follow_palette()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self._shut_down and not self.settle_unsaved():
            event.ignore()
            return
        if self.remember:
            self.memory.save()
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop background work (idempotent); the window can no longer be used afterwards."""
        if self._shut_down:
            return
        self._shut_down = True
        self.fetcher.cancel()
        self.edits.stop()
        self.runner.shutdown(1000)
        self.index.shutdown()
        self.outside.close_dialogs()

    def show_about(self) -> None:
        """The About box."""
        QMessageBox.about(self, f"About {APP_NAME}",
                          f"<b>{APP_NAME}</b> {__version__}<br>An editor for curated-content Markdown files: "
                          f"browse a folder, edit every field, fetch page metadata, save without losing anything.")
