"""What the main window remembers of itself between runs: the only place that decides which of its layout is kept
and how it is put back.

Kept (through :class:`~curator_gui.ui.settings.Settings`): the window's geometry, where the folder-wide views stand
and how wide they are (Qt's window state), the proportions of the splits (each only while it is sane: a squeezed
part is never remembered), the list's columns and the form's open sections.
"""
from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from curator_gui.ui.settings import Settings, Split


class WindowMemory:
    """See the module docstring. ``window`` is the main window, with its ``main_splitter``, ``pane``,
    ``file_panel`` and ``edits`` (the folder-wide views)."""

    def __init__(self, window: QMainWindow, settings: Settings):
        self.window = window
        self.settings = settings

    def splits(self) -> dict[str, Split]:
        """The splits remembered between runs, by settings key, each within bounds (never degenerate): the list
        beside the record, the form above the problems (the review panel comes and goes, so it is left out; so
        does the room a short problem list lends the form), the body's source beside its preview."""
        window = self.window
        return {"mainSplitter": Split(window.main_splitter, [(0.18, 0.6), (0.4, 0.82)]),
                "recordSplitter": Split(window.pane.splitter, [(0.55, 0.94), (0.06, 0.45)], parts=[0, 2],
                                        sizes=window.pane.split_without_review, apply=window.pane.restore_split),
                "bodySplitter": Split(window.pane.form.body_editor.splitter, [(0.25, 0.75), (0.25, 0.75)])}

    def restore(self) -> None:
        """Put the layout back as it was left (nothing, the first time)."""
        window, settings = self.window, self.settings
        if settings.load_bytes("state") is not None:
            window.edits.keep_view_sizes()  # the views come back as wide as they were left
        settings.restore_layout(window, self.splits())
        columns = settings.load_list("window/listColumns")
        if columns is not None:
            window.file_panel.show_columns(columns)
        sections = settings.load_list("window/openSections")
        if sections is not None:
            window.pane.form.set_open_sections(sections)

    def save(self) -> None:
        """Remember the layout as it is now."""
        window, settings = self.window, self.settings
        settings.save_layout(window, self.splits())
        settings.save_list("window/listColumns", window.file_panel.shown_columns())
        settings.save_list("window/openSections", window.pane.form.open_sections())
        settings.sync()
