"""The window's folder-wide editing: the only place that assembles the parts that change many files at once and
connects them to the rest of the window.

The parts: :class:`~curator_gui.ui.batch_flow.BatchFlow` (question, plan, preview, writing, account, undo),
the Topics view (:mod:`~curator_gui.ui.taxonomy_dock`), the bulk form shown for a selection of several files
(:mod:`~curator_gui.ui.bulk_form`) and Find in Files (:mod:`~curator_gui.ui.find_in_files`). Like the main
window, this module knows the window's other parts; the parts themselves know only what they are handed.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from curator_gui.ui.batch_flow import BatchFlow
from curator_gui.ui.bulk_form import BulkEditing, BulkForm
from curator_gui.ui.find_in_files import FindInFiles
from curator_gui.ui.progress import ProgressArea
from curator_gui.ui.prompts import DISCARD, WRITE
from curator_gui.ui.taxonomy_dock import TopicsView


#: How wide the folder-wide views open the first time (pixels).
DOCK_WIDTH = 380


def topic_filter(topic: str) -> str:
    """The list's filter (:mod:`curator_gui.core.query`) for the files that carry ``topic``: that exact topic, as the
    Topics view counts it (not the longer topics it starts, not its other spellings). A double quote cannot be
    written inside a quoted term: such a rare topic is found by its words instead."""
    if '"' in topic:
        return f'topic:"{topic.replace(chr(34), " ")}"'
    return f'topic:="{topic}"'


class FolderEdits:
    """See the module docstring. ``window`` is the main window, with its ``batch_bar`` (over the list and the
    record)."""

    def __init__(self, window: QMainWindow):
        w = window
        self.window = w
        self.progress = ProgressArea("batchProgress", "Stop the change to many files (each file stays as it was "
                                                      "or fully changed)", w)
        w.statusBar().insertPermanentWidget(0, self.progress)  # first of the progress areas
        self.flow = BatchFlow(w.records, w.prompts, self.progress, w.batch_bar, w, save=w.saving.save,
                              reread=w.folder.reread, follow=w.outside.check, title_of=w._listed_title,
                              root=lambda: w.root)
        self.topics = TopicsView(w.model.rows, w.file_panel.selected_paths, self.flow, w.prompts,
                                 lambda: w.checks.config.options.vocabulary, w)
        self.find = FindInFiles(lambda: [row.path for row in w.model.rows()], self.flow, w._listed_title, w)
        # Both beside the list they work with, one tab each; hidden until asked for.
        w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.topics)
        w.tabifyDockWidget(self.topics, self.find)
        for dock in (self.topics, self.find):
            dock.hide()
        self._sized = False
        self.bulk = BulkForm(self.flow, w)
        w.pane.stack.addWidget(self.bulk)  # a page of the record pane, hidden until several files are selected
        self.bulk_editing = BulkEditing(self.bulk, w.file_panel, w.pane, w.records, w)

        for part in (self.flow, self.topics, self.find):
            part.announced.connect(w.statusBar().showMessage)
        self.topics.topic_chosen.connect(self._on_topics_topic_chosen)
        self.find.open_requested.connect(self._on_find_open_requested)
        for signal in (w.model.counts_changed, w.model.dataChanged, w.model.modelReset, w.model.rowsRemoved,
                       w.folder_config.changed):
            signal.connect(self.topics.schedule_refresh)
        w.folder.opened.connect(self._on_folder_opened)
        w.folder.scan_finished.connect(self._on_folder_scan_finished)
        w.model.topics_ready.connect(self._on_topics_ready)
        for signal in (self.flow.busy_changed, self.flow.history_changed, self.bulk.changed):
            signal.connect(lambda *_: w.commands.update() if hasattr(w, "commands") else None)

    def show_view(self, dock, shown: bool = True) -> None:
        """Show (and bring to the front) or hide one of the folder-wide views."""
        if not shown:
            dock.hide()
            return
        dock.show()
        dock.raise_()
        if dock is self.topics:
            dock.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)  # type to filter, Enter to the topics
        if not self._sized:  # the first time: room taken from the form rather than from the list beside it
            self._sized = True
            splitter = self.window.main_splitter
            list_width = splitter.sizes()[0]
            self.window.resizeDocks([dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
            self.window.layout().activate()  # the splitter has its new width now
            splitter.setSizes([list_width, max(1, sum(splitter.sizes()) - list_width)])

    def keep_view_sizes(self) -> None:
        """The views were laid out from the remembered window state: showing them keeps the width they have."""
        self._sized = True

    def find_in_files(self) -> None:
        """Edit ▸ Find in Files: the panel in front, the keyboard in its find box."""
        self.show_view(self.find)
        self.find.focus_find()

    def save(self) -> bool:
        """Save: the bulk form's changes while it is shown, else the open record."""
        if self.bulk_editing.shown:
            return self.bulk.save()
        return self.window.saving.save_current()

    def settle_unwritten(self) -> bool:
        """Before the window closes or another folder opens: changes typed into the bulk form and not written yet
        are written (their preview first, and the window stays), discarded, or the closing is cancelled. True to
        go on."""
        bulk = self.bulk
        if not self.bulk_editing.shown or bulk.selection is None or not bulk.operations():
            return True
        answer = self.window.prompts.unwritten_bulk_changes(self.window, len(bulk.selection.paths))
        if answer == WRITE:
            bulk.save()
            return False
        if answer == DISCARD:
            bulk.reset()
            return True
        return False

    def stop(self) -> None:
        """Stop the change or search running (the window is closing): files stay untouched or fully changed."""
        self.flow.stop()
        for job in (self.find.job, self.bulk.job):
            if job is not None:
                job.stop()

    def _on_topics_topic_chosen(self, topic: str) -> None:
        self.window.file_panel.filter_edit.setText(topic_filter(topic))

    def _on_find_open_requested(self, path: str, field: str) -> None:
        window = self.window
        if window.select_file(path) and window.current is not None and window.current.path == path:
            window.pane.form.focus_field(field)

    def _on_folder_opened(self, _root: str) -> None:
        self.flow.clear_history()
        self.topics.schedule_refresh()

    def _on_folder_scan_finished(self) -> None:
        self.topics.schedule_refresh()

    def _on_topics_ready(self) -> None:
        self.bulk.set_topic_completions(self.window.model.all_categories())
