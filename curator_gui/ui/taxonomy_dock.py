"""The Topics view (View ▸ Topics): the only place that shows the folder's taxonomy and starts topic changes
from it.

Every topic the folder's files carry (in either shape) with the number of files, grouped under its taxonomy
prefix, sortable by any column and filtered as you type. Topics outside the configured vocabulary and
near-duplicates (the same text but for case, punctuation, spacing or ``#``, or one letter apart) are marked, the
note naming the other spellings. Choosing a topic shows its files in the list (``topic_chosen``). Rename (onto
an existing topic: the two merge), Remove from every file, and Add to or Remove from the files selected in the
list, each through the folder-change flow (preview, background, undo). The counts are the list's rows, counted
again a moment after rows stop changing, and only while the view is shown.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QDockWidget, QGridLayout, QLabel, QLineEdit, QSizePolicy,
                               QToolButton, QTreeView, QVBoxLayout, QWidget)

from curator_gui.core.batch_ops import AddTopic, RemoveTopic, RenameTopic
from curator_gui.core.commands.batch_cli import check_topic
from curator_gui.core.taxonomy import TopicReport, topic_report
from curator_gui.ui.batch_flow import BatchFlow, FolderUndoKeys
from curator_gui.ui.batch_jobs import BackgroundJob
from curator_gui.ui.prompts import Prompts
from curator_gui.ui.topics_model import FILES, TOPIC, TOPIC_ROLE, TopicsModel

REFRESH_MS = 400  # after the last change of the list's rows
SHOWN_MS = 30  # after the view is shown
OPEN_ALL_UP_TO = 2_000  # topics: with more, taxonomies start folded


class TopicsView(QDockWidget):
    """See the module docstring. ``rows()`` gives the list's rows (``path``, ``categories``), ``selected_paths()``
    the files selected in the list, ``vocabulary()`` the configured topics (None: no vocabulary)."""

    topic_chosen = Signal(str)  # the curator selected a topic: the list shows its files
    counted = Signal()  # the topics were counted again
    announced = Signal(str, int)  # a status-bar message and how long it stays (ms)

    def __init__(self, rows: Callable[[], list], selected_paths: Callable[[], list[str]], flow: BatchFlow,
                 prompts: Prompts, vocabulary: Callable[[], frozenset | None], parent: QWidget | None = None):
        super().__init__("Topics", parent)
        self.setObjectName("topicsView")
        self._rows = rows
        self._selected_paths = selected_paths
        self.flow = flow
        self.prompts = prompts
        self._vocabulary = vocabulary
        self.report = TopicReport()
        self._stale = True
        self._open: dict[str, bool] = {}  # taxonomies the curator opened or folded
        self._announce_choice = True
        self._follow: str | None = None  # a topic just renamed to: chosen once it is counted
        self._kept: str | None = None  # the selected topic while the rows are rebuilt
        self.job: BackgroundJob | None = None
        body = QWidget(self)

        self.filter_edit = QLineEdit(body)
        self.filter_edit.setObjectName("topicsFilter")
        self.filter_edit.setAccessibleName("Filter topics")
        self.filter_edit.setPlaceholderText("Filter topics")
        self.filter_edit.setToolTip("Shows the topics and taxonomies whose name contains the text typed here "
                                    "(Enter goes to the topics)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.filter_edit.returnPressed.connect(lambda: self.tree.setFocus(Qt.FocusReason.OtherFocusReason))

        self.model = TopicsModel(self)
        self.tree = QTreeView(body)
        self.tree.setObjectName("topicsTree")
        self.tree.setAccessibleName("Topics of the folder")
        self.tree.setToolTip("Every topic with the number of files that carry it, by taxonomy; select one to list "
                             "its files")
        self.tree.setModel(self.model)
        # after the view's own reset (which forgets its current row), so that the topic is put back
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        self.model.modelReset.connect(self._on_model_reset)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(FILES, Qt.SortOrder.DescendingOrder)
        self.tree.header().setStretchLastSection(True)
        self.tree.setColumnWidth(TOPIC, 210)
        self.tree.setColumnWidth(FILES, 48)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.tree.collapsed.connect(lambda index: self._open.__setitem__(self.model.group_name(index), False))
        self.tree.expanded.connect(lambda index: self._open.__setitem__(self.model.group_name(index), True))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.rename_action = self._action("&Rename or Merge…", "F2", self.rename,
                                          "Rename the selected topic in every file (to an existing topic: merge)")
        self.remove_action = self._action("Remove &Everywhere", "Delete", self.remove,
                                          "Remove the selected topic from every file that has it (preview first)")
        self.add_selected_action = self._action("&Add to Selected Files…", None, self.add_to_selected,
                                                "Add a topic to the files selected in the list")
        self.remove_selected_action = self._action("Remove from &Selected Files…", None, self.remove_from_selected,
                                                   "Remove a topic from the files selected in the list")
        buttons = QGridLayout()  # two rows: the view stays narrow beside the list
        buttons.setContentsMargins(0, 0, 0, 0)
        for number, (action, name) in enumerate(((self.rename_action, "topicsRename"),
                                                 (self.remove_action, "topicsRemove"),
                                                 (self.add_selected_action, "topicsAddSelected"),
                                                 (self.remove_selected_action, "topicsRemoveSelected"))):
            button = QToolButton(body)
            button.setObjectName(name)
            button.setDefaultAction(action)
            button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button, number // 2, number % 2)
        self.summary = QLabel(body)
        self.summary.setObjectName("topicsSummary")
        self.summary.setWordWrap(True)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        self.setWidget(body)
        FolderUndoKeys(flow, self).watch(self.tree)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.visibilityChanged.connect(self._on_visibility_changed)

    def _action(self, text: str, keys: str | None, slot, tip: str) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tip += f" ({QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.tree.addAction(action)
        return action

    # --- the report ----------------------------------------------------------------------------------------

    def schedule_refresh(self, *_args) -> None:
        """The list's rows changed: count again a moment after they stop changing (only while shown)."""
        self._stale = True
        if self.isVisible():
            self._timer.start(REFRESH_MS)

    def refresh(self) -> None:
        """Count the topics of the list's rows again, in the background (a count under way is superseded)."""
        self._timer.stop()
        self._stale = False
        if self.job is not None:
            self.job.cancel()
        lists = [list(row.categories) for row in self._rows()]  # the job's own copy
        vocabulary = self._vocabulary()
        job = BackgroundJob("topics", lambda _progress, _cancelled: topic_report(lists, vocabulary), self)
        self.job = job
        job.finished.connect(lambda report: self._on_job_finished(job, report))
        job.failed.connect(lambda message: self._on_job_finished(job, None, message))
        job.start()

    def _on_job_finished(self, job: BackgroundJob, report: TopicReport | None, message: str = "") -> None:
        if job is not self.job:
            return
        self.job = None
        if report is None:
            self.summary.setText(f"The topics could not be counted: {message}")
            return
        self.report = report
        self.model.set_report(report)
        self._update_summary()
        self.counted.emit()

    def _on_model_about_to_be_reset(self) -> None:
        self._kept = self.current_topic()

    def _on_model_reset(self) -> None:
        """The rows were counted, sorted or filtered again: the taxonomies open as they were, the topic kept."""
        # every taxonomy open (as the curator left it), unless so many topics are shown that laying them all out
        # would hold up the window
        groups = [self.model.index(number, TOPIC) for number in range(self.model.rowCount())]
        usual = sum(self.model.rowCount(index) for index in groups) <= OPEN_ALL_UP_TO
        opened = self._open.copy()
        for index in groups:
            self.tree.setExpanded(index, opened.get(self.model.group_name(index), usual))
        self._open = opened
        chosen, self._kept = self._kept, None
        if chosen and not self.select_topic(chosen, announce=False) and chosen not in self.model.by_topic:
            follow, self._follow = self._follow, None
            if follow:
                self.select_topic(follow)  # the topic was renamed: its files are listed under the new name

    def _update_summary(self) -> None:
        report = self.report
        text = f"{len(report.entries):,} topics in {report.files_with_topics:,} of {report.files:,} files"
        if report.duplicate_groups:
            text += f"; {len(report.duplicate_groups):,} groups of near-duplicates (ⓘ)"
        outside = sum(entry.in_vocabulary is False for entry in report.entries)
        if outside:
            text += f"; {outside:,} not in the vocabulary (⚠)"
        self.summary.setText(text)

    # --- choosing -----------------------------------------------------------------------------------------

    def current_topic(self) -> str | None:
        """The topic selected in the view (None: none, or a taxonomy)."""
        index = self.tree.currentIndex()
        return index.data(TOPIC_ROLE) if index.isValid() else None

    def select_topic(self, topic: str, announce: bool = True) -> bool:
        """Make ``topic`` the selected one (the list then shows its files, unless ``announce`` is False)."""
        index = self.model.index_of(topic)
        if not index.isValid():
            return False
        self._announce_choice = announce
        try:
            self.tree.setCurrentIndex(index)
        finally:
            self._announce_choice = True
        self.tree.scrollTo(index)
        return True

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        topic = current.data(TOPIC_ROLE) if current.isValid() else None
        if topic and self._announce_choice:
            self.topic_chosen.emit(topic)

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.model.set_filter(text)

    def _on_visibility_changed(self, visible: bool) -> None:
        if visible and self._stale:
            self._timer.start(SHOWN_MS)  # once the view is painted, not while it is

    # --- changes ------------------------------------------------------------------------------------------

    def _chosen_or_say(self) -> str | None:
        topic = self.current_topic()
        if topic is None:
            self.announced.emit("Select a topic first", 4000)
        return topic

    def _all_paths(self) -> list[str]:
        return [row.path for row in self._rows()]

    def _ask(self, title: str, label: str, text: str, choices: list[str] | None = None) -> str | None:
        topic = self.prompts.ask_topic(self, title, label, choices if choices is not None else
                                       [entry.topic for entry in self.report.entries], text)
        if topic is None:
            return None
        problem = check_topic("topic", topic)
        if problem:
            reason = problem.split(": ", 1)[1]
            self.prompts.error(self, title, reason[:1].upper() + reason[1:] + ".")
            return None
        return topic

    def rename(self) -> bool:
        """Rename the selected topic in every file (asking for the new name; an existing topic merges)."""
        old = self._chosen_or_say()
        new = old and self._ask("Rename Topic", f"Rename “{old}” in every file to\n(a topic that exists already: "
                                               f"the two are merged)", old)
        if not new or new == old:
            return False
        merge = new in self.model.by_topic
        title = f"Merge topic “{old}” into “{new}”" if merge else f"Rename topic “{old}” to “{new}”"
        self._follow = new
        return self.flow.run(RenameTopic(old, new), self._all_paths(), title)

    def remove(self) -> bool:
        """Remove the selected topic from every file that has it (the preview comes first)."""
        topic = self._chosen_or_say()
        self._follow = None
        return bool(topic) and self.flow.run(RemoveTopic(topic), self._all_paths(),
                                             f"Remove topic “{topic}” from every file")

    def add_to_selected(self) -> bool:
        """Add a topic (asked, the selected one offered) to the files selected in the list."""
        paths = self._selected_or_say()
        topic = paths and self._ask("Add Topic", f"Add this topic to the {len(paths):,} selected files:",
                                    self.current_topic() or "")
        return bool(topic) and self.flow.run(AddTopic(topic), paths, f"Add topic “{topic}” to {_files(paths)}")

    def remove_from_selected(self) -> bool:
        """Remove a topic (asked, the selected one offered) from the files selected in the list."""
        paths = self._selected_or_say()
        topic = paths and self._ask("Remove Topic", f"Remove this topic from the {len(paths):,} selected files:",
                                    self.current_topic() or "")
        return bool(topic) and self.flow.run(RemoveTopic(topic), paths,
                                             f"Remove topic “{topic}” from {_files(paths)}")

    def _selected_or_say(self) -> list[str]:
        paths = self._selected_paths()
        if not paths:
            self.announced.emit("Select files in the list first", 4000)
        return paths


def _files(paths: list[str]) -> str:
    return f"{len(paths):,} file{'s' * (len(paths) != 1)}"
