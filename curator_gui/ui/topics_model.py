"""The rows of the Topics view: the only place that turns a folder's topic report into a tree of taxonomies and
their topics, sorted and filtered.

A model written out rather than items in a QStandardItemModel behind a QSortFilterProxyModel: a folder can use
ten thousand topics, and those would cost an object per cell and Python calls per comparison on every sort and
keystroke. Here the rows are plain lists, sorted and filtered in one pass each, and the view asks only for the
rows it shows. Sorting or filtering resets the model; the view puts the selected topic back.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt

from curator_gui.core.taxonomy import NO_TAXONOMY, TaxonomyGroup, TopicEntry, TopicReport
from curator_gui.ui.icons import icon

TOPIC, FILES, NOTE = range(3)
HEADERS = ("Topic", "Files", "Note")
TOPIC_ROLE = Qt.ItemDataRole.UserRole + 1  # the whole topic ('Symplur: #AI'); None on a taxonomy's row
_TOP = 0  # internal id of a taxonomy's row; a topic's row carries its taxonomy's number + 1


def entry_note(report: TopicReport, entry: TopicEntry, by_topic: dict[str, TopicEntry]) -> tuple[str, str | None]:
    """What a topic's Note says (outside the vocabulary; the other spellings of a near-duplicate, by their term
    when they share its taxonomy) and its mark."""
    notes, mark = [], None
    if entry.in_vocabulary is False:
        notes.append("not in the vocabulary")
        mark = "warning"
    if entry.duplicate_group is not None:
        group = report.duplicate_groups[entry.duplicate_group]
        others = [by_topic[topic] for topic in group.topics if topic != entry.topic]
        shown = [f"“{other.term if other.taxonomy == entry.taxonomy else other.topic}” ({other.count:,})"
                 for other in others]
        notes.append(("one letter from " if group.kind == "typo" else "also spelled ") + ", ".join(shown))
        mark = mark or "info"
    return "; ".join(notes), mark


class TopicsModel(QAbstractItemModel):
    """See the module docstring."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.report = TopicReport()
        self.by_topic: dict[str, TopicEntry] = {}
        self._groups: list[TaxonomyGroup] = []  # shown, in order
        self._children: list[list[TopicEntry]] = []
        self._notes: dict[str, tuple[str, str | None]] = {}
        self._sort = (FILES, Qt.SortOrder.DescendingOrder)
        self._filter = ""

    # --- contents -----------------------------------------------------------------------------------------

    def set_report(self, report: TopicReport) -> None:
        self.report = report
        self.by_topic = {entry.topic: entry for entry in report.entries}
        self._notes = {}
        self._rebuild()

    def set_filter(self, text: str) -> None:
        """Show the topics whose text holds ``text`` (any case), and every topic of a taxonomy whose name does."""
        text = text.casefold().strip()
        if text != self._filter:
            self._filter = text
            self._rebuild()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self._rebuild()

    def _rebuild(self) -> None:
        column, order = self._sort
        wanted = self._filter
        groups, children = [], []
        for group in self.report.taxonomies:
            topics = list(group.topics)
            if wanted and wanted not in group.name.casefold():
                topics = [entry for entry in topics if wanted in entry.topic.casefold()]
                if not topics:
                    continue
            groups.append(group)
            children.append(topics)
        if column >= 0:
            reverse = order == Qt.SortOrder.DescendingOrder
            pairs = sorted(zip(groups, children), key=lambda pair: self._group_key(pair[0], column), reverse=reverse)
            groups = [group for group, _ in pairs]
            children = [sorted(topics, key=lambda entry: self._entry_key(entry, column), reverse=reverse)
                        for _, topics in pairs]
        self.beginResetModel()
        self._groups, self._children = groups, children
        self.endResetModel()

    def _group_key(self, group: TaxonomyGroup, column: int):
        name = (group.name == NO_TAXONOMY, group.name.casefold())
        return (group.files, name) if column == FILES else (len(group.topics), name) if column == NOTE else name

    def _entry_key(self, entry: TopicEntry, column: int):
        if column == FILES:
            return entry.count, entry.term.casefold()
        if column == NOTE:
            return self.note(entry)[0], entry.term.casefold()
        return entry.term.casefold(), entry.count

    def note(self, entry: TopicEntry) -> tuple[str, str | None]:
        """The Note of a topic and its mark (worked out when first shown)."""
        found = self._notes.get(entry.topic)
        if found is None:
            found = self._notes[entry.topic] = entry_note(self.report, entry, self.by_topic)
        return found

    def index_of(self, topic: str) -> QModelIndex:
        """The row of ``topic`` (invalid when it is not shown)."""
        for number, topics in enumerate(self._children):
            for row, entry in enumerate(topics):
                if entry.topic == topic:
                    return self.createIndex(row, TOPIC, number + 1)
        return QModelIndex()

    def group_name(self, index: QModelIndex) -> str | None:
        """The taxonomy of a taxonomy's row (None for a topic's row)."""
        if index.isValid() and index.internalId() == _TOP:
            return self._groups[index.row()].name
        return None

    # --- Qt model interface --------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not parent.isValid():
            return self.createIndex(row, column, _TOP) if 0 <= row < len(self._groups) else QModelIndex()
        if parent.internalId() != _TOP or not 0 <= row < len(self._children[parent.row()]):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008 - Qt's overloads
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, TOPIC, _TOP)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _TOP and parent.column() == TOPIC:
            return len(self._children[parent.row()])
        return 0

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = index.column()
        if index.internalId() == _TOP:
            return self._group_data(self._groups[index.row()], column, role)
        entry = self._children[index.internalId() - 1][index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.term if column == TOPIC else f"{entry.count:,}" if column == FILES else self.note(entry)[0]
        if role == TOPIC_ROLE:
            return entry.topic
        if role == Qt.ItemDataRole.DecorationRole and column == TOPIC:
            mark = self.note(entry)[1]
            return icon(mark) if mark else None
        if role == Qt.ItemDataRole.ToolTipRole:
            note = self.note(entry)[0]
            if column == NOTE and entry.duplicate_group is not None:
                return f"Probably the same topic: {note}.\nRename one onto the other (F2) to merge them."
            return f"{entry.topic}: {entry.count:,} file{'s' * (entry.count != 1)}" + (f"\n{note}" if note else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == FILES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _group_data(self, group: TaxonomyGroup, column: int, role: int):
        name = group.name if group.name != NO_TAXONOMY else "(no taxonomy)"
        count = len(group.topics)
        if role == Qt.ItemDataRole.DisplayRole:
            return name if column == TOPIC else f"{group.files:,}" if column == FILES else \
                f"{count:,} topic{'s' * (count != 1)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{name}: {count:,} topics, carried by {group.files:,} files"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == FILES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
