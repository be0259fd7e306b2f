"""The window's commands as QActions: the only place that names their text, shortcut, icon, tip and menu.

They are laid out in menus and the toolbar here, and enabled here by what applies to the window's state. Each
command calls one public method of the part it belongs to (saving, navigation, fetching, the folder, the
pane), so a new feature adds its command here and its behaviour in its own part. Every action is added to the
window itself, so shortcuts work even when menus and toolbars are hidden.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from curator_gui.ui.editors.form import SECTIONS
from curator_gui.ui.icons import themed
from curator_gui.ui.record_pane import is_plain_article, keeps_older_topics


def key_sequences(shortcuts) -> list[QKeySequence]:
    """The platform's sequences for standard keys plus explicit ones ("Ctrl+Shift+Z"), without repeats."""
    found: list[QKeySequence] = []
    for shortcut in shortcuts:
        for sequence in (QKeySequence.keyBindings(shortcut) if isinstance(shortcut, QKeySequence.StandardKey)
                         else [QKeySequence(shortcut)]):
            if not sequence.isEmpty() and sequence not in found:
                found.append(sequence)
    return found


class WindowCommands:
    """Every command of ``window`` as a QAction attribute (``save``, ``undo``, ``fetch`` …); see the module
    docstring. ``window`` is the main window, whose parts (``saving``, ``navigator``, ``fetching``, ``folder``,
    ``pane``, ``file_panel``, ``records``, ``undo_group``) the commands call."""

    def __init__(self, window: QMainWindow):
        self.window = window
        w, K = window, QKeySequence.StandardKey
        self.new = self._add("actionNew", "&New from URL…", w.fetching.new_from_url, [K.New], "new",
                             "Fetch a page and create a new curation of it")
        self.open = self._add("actionOpen", "&Open Folder…", w.choose_folder, [K.Open], "open",
                              "Open a folder of curations")
        self.import_page = self._add("actionImport", "&Import Saved Page…", w.fetching.import_saved_page, (),
                                     "import", "Read the metadata of a page saved from a browser "
                                               "(for sites that block automated clients)")
        self.save = self._add("actionSave", "&Save", w.edits.save, [K.Save], "save",
                              "Save the open record (or the changes to the selected files)")
        self.save_as = self._add("actionSaveAs", "Save &As…", w.saving.save_current_as, ["Ctrl+Shift+S"], None,
                                 "Save the open record under another name")
        self.save_all = self._add("actionSaveAll", "Save A&ll", w.saving.save_all, ["Ctrl+Alt+S"], "save-all",
                                  "Save every record with unsaved changes")
        self.revert = self._add("actionRevert", "Re&vert", w.saving.revert_current, (), "revert",
                                "Drop the open record's unsaved changes (undoable)")
        self.quit = self._add("actionQuit", "&Quit", w.close, [K.Quit])
        # Actions of our own that follow the undo group (rather than the group's createUndoAction): an action made
        # by Qt has a Python wrapper Qt does not tell about its deletion, and a later action at the same address
        # could be handed that stale wrapper.
        group = w.undo_group
        self.undo = self._add("actionUndo", "&Undo", group.undo, [K.Undo], "undo", "Undo the open record's last edit")
        self.redo = self._add("actionRedo", "&Redo", group.redo, [K.Redo, "Ctrl+Shift+Z"], "redo",
                              "Redo the open record's last undone edit")
        for action, label, can, text in ((self.undo, "&Undo", group.canUndoChanged, group.undoTextChanged),
                                         (self.redo, "&Redo", group.canRedoChanged, group.redoTextChanged)):
            can.connect(action.setEnabled)
            text.connect(lambda step, a=action, l=label: a.setText(f"{l} {step.replace('&', '&&')}".rstrip()))
        self.undo.setEnabled(group.canUndo())
        self.redo.setEnabled(group.canRedo())
        edits = w.edits
        self.undo_batch = self._add("actionUndoBatch", "Undo Fol&der Change", edits.flow.undo, ["Ctrl+Alt+Z"], None,
                                    "Put back the files the last change to many files wrote")
        self.redo_batch = self._add("actionRedoBatch", "Redo Folder C&hange", edits.flow.redo, ["Ctrl+Alt+Shift+Z"],
                                    None, "Write the last undone change to many files again")
        panel = w.file_panel
        self.find = self._add("actionFind", "&Find…", panel.focus_filter, [K.Find], "find", "Filter the file list")
        self.find_in_files = self._add("actionFindInFiles", "Find in F&iles…", edits.find_in_files,
                                       ["Ctrl+Shift+F"], None, "Find and replace text across the folder's files")
        self.topics = self._add("actionTopics", "&Topics", None, ["Ctrl+Shift+T"], None,
                                "Every topic of the folder with its files: rename, merge, remove, add")
        self.topics.setCheckable(True)
        self.topics.toggled.connect(lambda shown: edits.show_view(edits.topics, shown))
        edits.topics.visibilityChanged.connect(self._on_topics_visibility_changed)
        self.convert_topics = self._add("actionConvertTopics", "Con&vert to Current Topic Fields",
                                        w.pane.convert_topics, (), None,
                                        "Move an older record's topics from communityTopics to categories, with "
                                        "their slugs, URLs and labels (one undo step)")
        self.make_curation = self._add("actionMakeCuration", "&Make It a Curation", w.pane.make_curation, (),
                                       "make-curation", "Add curation front matter to a plain article")
        self.refresh = self._add("actionRefresh", "&Refresh", w.folder.refresh, [K.Refresh, "F5"], "refresh",
                                 "Read the folder again")
        self.only_problems = self._add("actionOnlyProblems", "Only Files with &Problems", None, ["Ctrl+Shift+P"])
        self.only_problems.setCheckable(True)
        # the command and the list's toggle button show one state, whichever of them is used
        self.only_problems.toggled.connect(panel.problems_button.setChecked)
        panel.problems_button.toggled.connect(self.only_problems.setChecked)
        self.focus_list = self._add("actionFocusList", "Go to &File List", panel.focus_list, ["Ctrl+1"])
        self.focus_form = self._add("actionFocusForm", "Go to F&orm", w.pane.focus_form, ["Ctrl+2"])
        self.focus_problems = self._add("actionFocusProblems", "Go to Pro&blems", w.pane.focus_problems, ["Ctrl+3"])
        self.focus_url = self._add("actionFocusUrl", "Go to &URL Box", w.fetching.focus_url, ["Ctrl+L"])
        # Alt+1 … Alt+9: the form's sections in the order shown (Body last), named in their buttons' tooltips
        self.sections: list[QAction] = []
        for number, group in enumerate(SECTIONS, 1):
            keys = f"Alt+{number}"
            action = self._add(f"actionSection{number}", f"&{number} {group}",
                               lambda _=False, g=group: w.pane.go_to_section(g), [keys])
            w.pane.form.show_shortcut(group, QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText))
            self.sections.append(action)
        self.next = self._add("actionNextFile", "&Next File", lambda: w.navigator.step(1), ["Ctrl+PgDown"])
        self.previous = self._add("actionPreviousFile", "&Previous File", lambda: w.navigator.step(-1),
                                  ["Ctrl+PgUp"])
        self.fetch = self._add("actionFetch", "&Fetch", w.fetching.fetch, (), "fetch",
                               "Fetch the page in the URL box into the open record (Enter)")
        self.cancel = self._add("actionCancel", "&Cancel Fetch", w.fetching.cancel, ["Esc"], "cancel",
                                "Stop waiting for the page being fetched")
        self.preferences = self._add("actionPreferences", "Prefere&nces…", lambda: w.curator.edit(w, w.root),
                                     [QKeySequence.StandardKey.Preferences, "Ctrl+,"], None,
                                     "Your name as curator, written into the curations you create")
        self.about = self._add("actionAbout", "&About", w.show_about, ())

    def _add(self, name: str, text: str, slot: Callable[[], object] | None, shortcuts=(),
             icon_name: str | None = None, tip: str | None = None) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        keys = key_sequences(shortcuts)
        if keys:
            action.setShortcuts(keys)
        if icon_name:
            themed(action, icon_name)
        plain = text.replace("&", "").rstrip("…")
        hint = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        action.setToolTip(f"{tip or plain} ({hint})" if hint else (tip or plain))
        action.setStatusTip(tip or plain)
        if slot is not None:
            action.triggered.connect(slot)
        self.window.addAction(action)  # shortcuts work even when menus and toolbars are hidden
        return action

    # --- layout -------------------------------------------------------------------------------------------

    def build_menus(self) -> None:
        """The menu bar."""
        self.recent_menu = recent_menu = QMenu("Open &Recent", self.window)
        recent_menu.setObjectName("recentMenu")
        recent_menu.aboutToShow.connect(self._fill_recent_menu)
        bar = self.window.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new, self.open])
        file_menu.addMenu(recent_menu)
        file_menu.addAction(self.import_page)
        file_menu.addSeparator()
        file_menu.addActions([self.save, self.save_as, self.save_all, self.revert])
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo, self.redo, self.undo_batch, self.redo_batch])
        edit_menu.addSeparator()
        edit_menu.addActions([self.find, self.find_in_files, self.make_curation, self.convert_topics])
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences)
        view_menu = bar.addMenu("&View")
        view_menu.addActions([self.refresh, self.only_problems, self.topics,
                              self.window.file_panel.thumbnail_action])
        view_menu.addSeparator()
        view_menu.addActions([self.focus_list, self.focus_form, self.focus_problems, self.focus_url])
        sections_menu = view_menu.addMenu("Go to &Section")
        sections_menu.setObjectName("sectionsMenu")
        sections_menu.addActions(self.sections)
        view_menu.addSeparator()
        view_menu.addActions([self.next, self.previous])
        fetch_menu = bar.addMenu("F&etch")
        fetch_menu.addActions([self.fetch, self.cancel, self.new, self.import_page])
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about)

    def _fill_recent_menu(self) -> None:
        """The recent folders, most recent first, each opened by its number (filled each time the menu opens)."""
        menu = self.recent_menu
        menu.clear()
        folders = self.window.settings.recent_folders()
        if not folders:
            menu.addAction("(none yet)").setEnabled(False)
        for number, folder in enumerate(folders, 1):
            action = menu.addAction(f"&{number % 10} {folder}")
            action.triggered.connect(lambda _=False, f=folder: self.window.open_path(f))

    def build_toolbar(self, toolbar: QToolBar) -> None:
        """The commands used most, in front of what ``toolbar`` already holds (the URL box)."""
        first = toolbar.actions()[0] if toolbar.actions() else None
        toolbar.insertActions(first, [self.open, self.new, self.save, self.save_all, self.undo, self.redo,
                                      self.refresh])

    def _on_topics_visibility_changed(self, _visible: bool) -> None:
        self.topics.setChecked(not self.window.edits.topics.isHidden())  # also when closed by its own button

    # --- state --------------------------------------------------------------------------------------------

    def update(self) -> None:
        """Enable the commands that apply to the window's state now."""
        window = self.window
        session = window.records.current
        editable = session is not None and not session.read_only and window.pane.showing_record
        folder_open = window.folder.root is not None
        edits = window.edits
        self.save.setEnabled(editable or edits.bulk_editing.shown and edits.bulk.save_button.isEnabled())
        self.save_as.setEnabled(editable)
        self.revert.setEnabled(editable and session.is_modified)
        self.save_all.setEnabled(bool(window.records.dirty()))
        self.make_curation.setEnabled(is_plain_article(session))
        self.convert_topics.setEnabled(keeps_older_topics(session))
        self.import_page.setEnabled(folder_open)
        self.new.setEnabled(folder_open)
        self.cancel.setEnabled(window.fetching.busy)
        flow = edits.flow
        for action, title, label in ((self.undo_batch, flow.undo_title(), "Undo Fol&der Change"),
                                     (self.redo_batch, flow.redo_title(), "Redo Folder C&hange")):
            action.setEnabled(bool(title) and not flow.busy)
            action.setText(f"{label}: {title.replace('&', '&&')}" if title else label)
        self.find_in_files.setEnabled(folder_open)
