"""Who curates, as the window knows it: the only place that decides the name a new curation is filed under, asks
for it once, and lets the person change it (Edit ▸ Preferences…).

The name comes, in order, from the folder configuration's ``curator``, the name kept in the preferences, and the
``user.name`` of the folder's git repository (:func:`curator_gui.core.curator.curator_name`). When none of them
names anyone, the first new curation asks for the name once and keeps it.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from curator_gui.core.config import CuratorConfig
from curator_gui.core.curator import curator_name, git_user_name
from curator_gui.ui.prompts import Prompts
from curator_gui.ui.settings import Settings


class CuratorIdentity:
    """See the module docstring. ``config()`` is the open folder's configuration."""

    def __init__(self, settings: Settings, prompts: Prompts, config: Callable[[], CuratorConfig]):
        self.settings = settings
        self.prompts = prompts
        self.config = config

    def name(self, folder: str) -> str:
        """The curator of a new curation in ``folder`` ('' when nothing names one)."""
        return curator_name(folder, preference=self.settings.curator_name(), config=self.config())

    def ask_once(self, folder: str, parent: QWidget) -> str:
        """The curator for ``folder``, asking the person for their name the first time nothing names one."""
        found = self.name(folder)
        if found or self.settings.curator_asked():
            return found
        answer = self.prompts.ask_curator_name(parent)
        self.settings.set_curator_name(answer or "")  # asked once, whatever the answer
        return self.name(folder)

    def where_from(self, folder: str | None) -> str:
        """A sentence on what names the curator of ``folder`` besides the preference."""
        config = self.config()
        if folder and config.curator:
            return (f"This folder's {config.path.name if config.path else 'configuration'} names "
                    f"“{config.curator}” as curator, which comes first.")
        git = git_user_name(folder) if folder else None
        if git:
            return f"Without a name here, git's user.name (“{git}”) is used."
        return "Without a name here, new curations name no curator (validation then says so)."

    def edit(self, parent: QWidget, folder: str | None) -> bool:
        """Edit ▸ Preferences…: change the kept name. True when it changed."""
        answer = self.prompts.preferences(parent, self.settings.curator_name(), self.where_from(folder))
        if answer is None or answer == self.settings.curator_name():
            return False
        self.settings.set_curator_name(answer)
        return True


class PreferencesDialog(QDialog):
    """The preferences: the curator's name, with a note on what else names the curator."""

    def __init__(self, curator: str, note: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        self.name_edit = QLineEdit(curator, self)
        self.name_edit.setObjectName("curatorName")
        self.name_edit.setAccessibleName("Your name as curator")
        self.name_edit.setPlaceholderText("e.g. Dana Reviewer")
        self.name_edit.setToolTip("Written into Curators (author) of the curations you create")
        self.name_edit.setMinimumWidth(320)
        caption = QLabel("&Your name as curator:", self)
        caption.setBuddy(self.name_edit)
        form = QFormLayout()
        form.addRow(caption, self.name_edit)
        self.note = QLabel("New curations name their curator in Curators (author), never the article's writer. "
                           + note, self)
        self.note.setObjectName("curatorNote")
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.name_edit.setFocus()

    def curator_name(self) -> str:
        """The name as entered, spaces tidied."""
        return " ".join(self.name_edit.text().split())
