"""Every question the window asks: standard dialogs built in one place, so tests can answer them.

The window calls these through its ``prompts`` attribute. Tests either replace a method, or let the real
QMessageBox open and answer it as a person would (each box has an objectName to find it by).
"""
from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

SAVE_ALL, DISCARD, CANCEL = "save-all", "discard", "cancel"
RELOAD, OVERWRITE = "reload", "overwrite"
RECREATE, CLOSE = "recreate", "close"
MAKE_WRITABLE = "make-writable"
SAVE_FIRST, LEAVE_OUT = "save-first", "leave-out"
WRITE = "write"


class Prompts:
    """See the module docstring."""

    def unsaved_on_close(self, parent: QWidget, names: list[str]) -> str:
        """Save All / Discard / Cancel for the records with unsaved edits (``names``: how each is named)."""
        text = (f"{names[0]} has unsaved changes." if len(names) == 1
                else f"{len(names)} records have unsaved changes.")
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes", text,
                          QMessageBox.StandardButton.SaveAll | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, parent)
        box.setObjectName("unsavedPrompt")
        box.setInformativeText("Save them before closing?")
        box.setDetailedText("\n".join(names))
        box.setDefaultButton(QMessageBox.StandardButton.SaveAll)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        answer = box.exec()
        return {QMessageBox.StandardButton.SaveAll: SAVE_ALL,
                QMessageBox.StandardButton.Discard: DISCARD}.get(QMessageBox.StandardButton(answer), CANCEL)

    def save_conflict(self, parent: QWidget, name: str) -> str:
        """The file changed on disk since it was opened: Reload / Overwrite / Cancel."""
        return _choose(parent, QMessageBox.Icon.Warning, "File changed on disk", "saveConflictPrompt",
                       f"{name} was changed by another program since it was opened.",
                       "Reload it (your unsaved edits stay one Undo away), or overwrite it with yours?",
                       [("&Reload", QMessageBox.ButtonRole.DestructiveRole, RELOAD),
                        ("&Overwrite", QMessageBox.ButtonRole.AcceptRole, OVERWRITE)], default=CANCEL)

    def deleted_on_save(self, parent: QWidget, name: str) -> str:
        """The file was deleted since it was opened: Save it again / Close the record (edits dropped) / Cancel."""
        return _choose(parent, QMessageBox.Icon.Warning, "File deleted", "deletedPrompt",
                       f"{name} was deleted or renamed by another program since it was opened.",
                       "Save it again (the file is written anew with your version), or close the record and drop "
                       "your unsaved edits?",
                       [("&Save Again", QMessageBox.ButtonRole.AcceptRole, RECREATE),
                        ("&Close Record", QMessageBox.ButtonRole.DestructiveRole, CLOSE)], default=RECREATE)

    def write_protected(self, parent: QWidget, name: str) -> str:
        """The file's permissions forbid writing it: make it writable and save / Cancel."""
        made = _confirm(parent, QMessageBox.Icon.Warning, "Read-only file", "writeProtectedPrompt",
                        f"{name} is read-only on disk (its permissions forbid writing it).",
                        "Make it writable and save, or leave it as it is?", "&Make Writable and Save")
        return MAKE_WRITABLE if made else CANCEL

    def unwritten_bulk_changes(self, parent: QWidget, count: int) -> str:
        """Changes typed into the form of several files are not written yet: Write them (preview first) / Discard
        them / Cancel."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Changes not written",
                          f"The changes made to the {count:,} selected files are not written yet.", parent=parent)
        box.setObjectName("unwrittenBulkPrompt")
        box.setInformativeText("Write them (you see what changes first, and the window stays open), or discard "
                               "them?")
        write_button = box.addButton("&Write Them…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Discard)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(write_button)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        answer = box.exec()
        if box.clickedButton() is write_button:
            return WRITE
        return DISCARD if QMessageBox.StandardButton(answer) == QMessageBox.StandardButton.Discard else CANCEL

    def unsaved_before_batch(self, parent: QWidget, title: str, names: list[str]) -> str:
        """A folder-wide change concerns records with unsaved edits: save them first / leave them out / Cancel."""
        text = (f"{names[0]} has unsaved changes." if len(names) == 1
                else f"{len(names)} of the records this change concerns have unsaved changes.")
        return _choose(parent, QMessageBox.Icon.Question, title, "unsavedBeforeBatchPrompt", text,
                       "The change is made to the files on disk. Save your edits first (the change then includes "
                       "them), or leave these files out of it?",
                       [("&Save First", QMessageBox.ButtonRole.AcceptRole, SAVE_FIRST),
                        ("&Leave Them Out", QMessageBox.ButtonRole.DestructiveRole, LEAVE_OUT)],
                       default=SAVE_FIRST, detail="\n".join(names))

    def ask_topic(self, parent: QWidget, title: str, label: str, topics: list[str], text: str = "") -> str | None:
        """A topic typed or picked from ``topics`` (completed as typed), starting from ``text``; None when
        cancelled or left empty."""
        dialog = QInputDialog(parent)
        dialog.setObjectName("topicPrompt")
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setComboBoxItems(topics)
        dialog.setComboBoxEditable(True)
        dialog.setTextValue(text)
        dialog.resize(520, dialog.sizeHint().height())
        if dialog.exec() != QInputDialog.DialogCode.Accepted:
            return None
        value = dialog.textValue().strip()
        return value or None

    def open_existing(self, parent: QWidget, name: str, url: str) -> bool:
        """A curation of this address exists: open it instead of creating another?"""
        box = QMessageBox(QMessageBox.Icon.Question, "Already curated",
                          f"{name} already holds a curation of\n{url}",
                          QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel, parent)
        box.setObjectName("existingPrompt")
        box.setInformativeText("Open it?")
        box.setDefaultButton(QMessageBox.StandardButton.Open)
        return box.exec() == QMessageBox.StandardButton.Open

    def replace_image(self, parent: QWidget, name: str, label: str) -> bool:
        """A different image already has the file name ``name``: replace it (undo puts it back)?"""
        return _confirm(parent, QMessageBox.Icon.Question, "Replace the image?", "replaceImagePrompt",
                        f"{name} already holds a different {label}.",
                        "Replace it with the new one? Undo puts the old one back.", "&Replace")

    def error(self, parent: QWidget, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("errorPrompt")
        box.exec()

    def ask_url(self, parent: QWidget, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        return value.strip() if ok and value.strip() else None

    def ask_curator_name(self, parent: QWidget) -> str | None:
        """The person's name for the curations they file (asked once; None when they skip it)."""
        value, ok = QInputDialog.getText(
            parent, "Your Name as Curator", "New curations name their curator in Curators (author).\n"
            "Nothing names you yet (no curator in the folder's curator.toml, no git user.name).\n\n"
            "Your name (Edit ▸ Preferences changes it later):", QLineEdit.EchoMode.Normal, "")
        return " ".join(value.split()) if ok and value.strip() else None

    def preferences(self, parent: QWidget, curator: str, note: str) -> str | None:
        """The preferences dialog: the curator's name (``note`` says what names the curator in the open folder).
        The name as entered, or None when cancelled."""
        from curator_gui.ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(curator, note, parent)
        return dialog.curator_name() if dialog.exec() == PreferencesDialog.DialogCode.Accepted else None

    def choose_folder(self, parent: QWidget, start: str) -> str | None:
        folder = QFileDialog.getExistingDirectory(parent, "Open Folder", start)
        return folder or None

    def choose_save_path(self, parent: QWidget, start: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, "Save As", start, "Curations (*.md);;All files (*)")
        return path or None

    def choose_page_file(self, parent: QWidget, start: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, "Import a Saved Page", start,
                                              "Web pages (*.html *.htm *.xhtml);;All files (*)")
        return path or None

    def choose_image_file(self, parent: QWidget, start: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, "Choose an Image", start,
                                              "Images (*.jpg *.jpeg *.png *.gif *.webp *.ico);;All files (*)")
        return path or None


def _confirm(parent: QWidget, icon: QMessageBox.Icon, title: str, name: str, text: str, question: str,
             accept: str) -> bool:
    """A box that asks before something is done: ``accept`` or Cancel (the default, so Enter does nothing
    rash); True when ``accept`` was clicked. ``name`` is its objectName."""
    return _choose(parent, icon, title, name, text, question, [(accept, QMessageBox.ButtonRole.AcceptRole, True)],
                   default=CANCEL) is True


def _choose(parent: QWidget, icon: QMessageBox.Icon, title: str, name: str, text: str, question: str,
            choices: list[tuple[str, QMessageBox.ButtonRole, object]], default: object,
            detail: str = "") -> object:
    """A box offering ``choices`` ((button text, role, answer) each) and Cancel: the answer of the button
    clicked, CANCEL for Cancel or Escape. ``default``: the answer whose button Enter presses (CANCEL: Cancel's).
    ``name`` is its objectName; ``detail`` its detailed text, if any."""
    box = QMessageBox(icon, title, text, parent=parent)
    box.setObjectName(name)
    box.setInformativeText(question)
    if detail:
        box.setDetailedText(detail)
    buttons = [(box.addButton(label, role), answer) for label, role, answer in choices]
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(cancel)
    box.setDefaultButton(cancel if default == CANCEL else next(b for b, answer in buttons if answer == default))
    box.exec()
    clicked = box.clickedButton()
    return next((answer for button, answer in buttons if button is clicked), CANCEL)
