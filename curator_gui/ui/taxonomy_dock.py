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

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QDockWidget, QHBoxLayout, QLabel, QLineEdit, QToolButton,
                               QTreeView, QVBoxLayout, QWidget)

from curator_gui.core.batch_ops import AddTopic, RemoveTopic, RenameTopic
from curator_gui.core.commands.batch_cli import check_topic
from curator_gui.core.taxonomy import NO_TAXONOMY, TopicReport, topic_report
from curator_gui.ui.batch_flow import BatchFlow, FolderUndoKeys
from curator_gui.ui.icons import icon
from curator_gui.ui.prompts import Prompts

TOPIC_ROLE = Qt.ItemDataRole.UserRole + 1  # the whole topic ('Symplur: #AI'); None on a taxonomy's row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3
TOPIC, FILES, NOTE = range(3)
REFRESH_MS = 400


class TopicsView(QDockWidget):
    """See the module docstring. ``rows()`` gives the list's rows (``path``, ``categories``), ``selected_paths()``
    the files selected in the list, ``vocabulary()`` the configured topics (None: no vocabulary)."""

    topic_chosen = Signal(str)  # the curator selected a topic: the list shows its files
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
        self._collapsed: set[str] = set()
        self._announce_choice = True
        self._follow: str | None = None  # a topic just renamed to: chosen once it is counted
        body = QWidget(self)

        self.filter_edit = QLineEdit(body)
        self.filter_edit.setObjectName("topicsFilter")
        self.filter_edit.setAccessibleName("Filter topics")
        self.filter_edit.setPlaceholderText("Filter topics")
        self.filter_edit.setToolTip("Shows the topics and taxonomies whose name contains the text typed here")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)

        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["Topic", "Files", "Note"])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterRole(FILTER_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setAutoAcceptChildRows(True)
        self.tree = QTreeView(body)
        self.tree.setObjectName("topicsTree")
        self.tree.setAccessibleName("Topics of the folder")
        self.tree.setToolTip("Every topic with the number of files that carry it, by taxonomy; select one to list "
                             "its files")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(FILES, Qt.SortOrder.DescendingOrder)
        self.tree.header().setStretchLastSection(True)
        self.tree.setColumnWidth(TOPIC, 220)
        self.tree.setColumnWidth(FILES, 56)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.tree.collapsed.connect(lambda index: self._collapsed.add(self._taxonomy_at(index)))
        self.tree.expanded.connect(lambda index: self._collapsed.discard(self._taxonomy_at(index)))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.rename_action = self._action("&Rename…", "F2", self.rename,
                                          "Rename the selected topic in every file (to an existing topic: merge)")
        self.remove_action = self._action("Remove from &All Files…", "Delete", self.remove,
                                          "Remove the selected topic from every file that has it")
        self.add_selected_action = self._action("Add to &Selected Files…", None, self.add_to_selected,
                                                "Add a topic to the files selected in the list")
        self.remove_selected_action = self._action("Remove from Selected &Files…", None, self.remove_from_selected,
                                                   "Remove a topic from the files selected in the list")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for action, name in ((self.rename_action, "topicsRename"), (self.remove_action, "topicsRemove"),
                             (self.add_selected_action, "topicsAddSelected"),
                             (self.remove_selected_action, "topicsRemoveSelected")):
            button = QToolButton(body)
            button.setObjectName(name)
            button.setDefaultAction(action)
            button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
            buttons.addWidget(button)
        buttons.addStretch(1)
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
        """The list's rows changed: count again a moment after they stop changing (now, if hidden: later)."""
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def refresh(self) -> None:
        """Count the topics of the list's rows and show them, keeping the selected topic and folded taxonomies."""
        self._timer.stop()
        self._stale = False
        chosen = self.current_topic()
        self.report = topic_report((row.categories for row in self._rows()), self._vocabulary())
        self.model.removeRows(0, self.model.rowCount())
        root = self.model.invisibleRootItem()
        for group in self.report.taxonomies:
            name = group.name if group.name != NO_TAXONOMY else "(no taxonomy)"
            parent = [_item(name, name.casefold(), name), _item(f"{group.files:,}", group.files, name),
                      _item(f"{len(group.topics):,} topic{'s' * (len(group.topics) != 1)}", len(group.topics), name)]
            parent[FILES].setToolTip(f"{group.files:,} files carry a topic of {name}")
            for entry in group.topics:
                note, mark = self._note(entry)
                row = [_item(entry.term, entry.term.casefold(), entry.topic), _item(f"{entry.count:,}", entry.count,
                                                                                    entry.topic),
                       _item(note, note, entry.topic)]
                row[TOPIC].setData(entry.topic, TOPIC_ROLE)
                row[TOPIC].setToolTip(entry.topic + (f"\n{note}" if note else ""))
                row[NOTE].setToolTip(note)
                if mark:
                    row[TOPIC].setIcon(icon(mark))
                parent[TOPIC].appendRow(row)
            root.appendRow(parent)
        self._expand()
        if chosen and not self.select_topic(chosen, announce=False):
            follow, self._follow = self._follow, None
            if follow:
                self.select_topic(follow)  # the topic was renamed: its files are listed under the new name
        self._update_summary()

    def _note(self, entry) -> tuple[str, str | None]:
        notes, mark = [], None
        if entry.in_vocabulary is False:
            notes.append("not in the vocabulary")
            mark = "warning"
        if entry.duplicate_group is not None:
            group = self.report.duplicate_groups[entry.duplicate_group]
            others = [f"“{topic}” ({self.report.entry(topic).count:,})" for topic in group.topics
                      if topic != entry.topic]
            kind = "a typo" if group.kind == "typo" else "another spelling"
            notes.append(f"near-duplicate ({kind}) of {', '.join(others)}")
            mark = mark or "info"
        return "; ".join(notes), mark

    def _update_summary(self) -> None:
        report = self.report
        text = f"{len(report.entries):,} topics in {report.files_with_topics:,} of {report.files:,} files"
        if report.duplicate_groups:
            text += f"; {len(report.duplicate_groups):,} groups of near-duplicates"
        outside = sum(entry.in_vocabulary is False for entry in report.entries)
        if outside:
            text += f"; {outside:,} not in the vocabulary"
        self.summary.setText(text)

    def _expand(self) -> None:
        for number in range(self.proxy.rowCount()):
            index = self.proxy.index(number, TOPIC)
            self.tree.setExpanded(index, bool(self.filter_edit.text()) or self._taxonomy_at(index) not in self._collapsed)

    def _taxonomy_at(self, index: QModelIndex) -> str:
        return index.data(FILTER_ROLE) if not index.parent().isValid() else ""

    # --- choosing -----------------------------------------------------------------------------------------

    def current_topic(self) -> str | None:
        """The topic selected in the view (None: none, or a taxonomy)."""
        index = self.tree.currentIndex()
        return index.siblingAtColumn(TOPIC).data(TOPIC_ROLE) if index.isValid() else None

    def select_topic(self, topic: str, announce: bool = True) -> bool:
        """Make ``topic`` the selected one (the list then shows its files, unless ``announce`` is False)."""
        for number in range(self.proxy.rowCount()):
            parent = self.proxy.index(number, TOPIC)
            for child in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(child, TOPIC, parent)
                if index.data(TOPIC_ROLE) == topic:
                    self._announce_choice = announce
                    try:
                        self.tree.setCurrentIndex(index)
                    finally:
                        self._announce_choice = True
                    self.tree.scrollTo(index)
                    return True
        return False

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        topic = current.siblingAtColumn(TOPIC).data(TOPIC_ROLE) if current.isValid() else None
        if topic and self._announce_choice:
            self.topic_chosen.emit(topic)

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._expand()

    def _on_visibility_changed(self, visible: bool) -> None:
        if visible and self._stale:
            self.refresh()

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
        problem = check_topic("The topic", topic)
        if problem:
            self.prompts.error(self, title, problem.removeprefix("The topic: ").capitalize())
            return None
        return topic

    def rename(self) -> bool:
        """Rename the selected topic in every file (asking for the new name; an existing topic merges)."""
        old = self._chosen_or_say()
        new = old and self._ask("Rename Topic", f"Rename “{old}” in every file to\n(a topic that exists already: "
                                               f"the two are merged)", old)
        if not new or new == old:
            return False
        verb = "Merge topic “{}” into “{}”" if self.report.entry(new) is not None else "Rename topic “{}” to “{}”"
        self._follow = new
        return self.flow.run(RenameTopic(old, new), self._all_paths(), verb.format(old, new))

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


def _item(text: str, sort_key, filter_text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setData(sort_key, SORT_ROLE)
    item.setData(filter_text, FILTER_ROLE)
    item.setEditable(False)
    return item
