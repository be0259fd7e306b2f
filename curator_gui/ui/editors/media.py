"""The image editors of the Media section: a record's featured image or site icon as a picture, what its file really
is, its problems, and the buttons that get, replace and remove it.

The picture is the file's thumbnail, scaled with its aspect kept (objectName ``imagePreview``; ``iconPreview`` for
the site icon); a cached one shows at once, anything else is loaded in the background, and a late result for a
file no longer shown is dropped. The buttons (and an image file dropped on the picture) ask the window's
:class:`~curator_gui.ui.media_flow.MediaFlow` to do the work: the editor itself never writes a file or the record.
"""
from __future__ import annotations

import html
import os
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from curator_gui.core.media.imagecheck import FAVICON, FEATURED, kind_label
from curator_gui.core.media.record import recorded_image, remote_image_address
from curator_gui.core.problems import Problem
from curator_gui.core.urls import host_of
from curator_gui.ui.editors.base import MISSING, FieldEditor
from curator_gui.ui.icons import themed
from curator_gui.ui.marks import mark_widget, worst
from curator_gui.ui.pictures import Picture, cached_image, describe, fitted, load_file
from curator_gui.ui.tasks import TaskRunner

#: The picture's box, and the thumbnail size made for it (twice the box: sharp on high-density screens).
BOX = {FEATURED: QSize(240, 135), FAVICON: QSize(32, 32)}
THUMBNAIL = {FEATURED: 480, FAVICON: 64}
_PREVIEW_NAME = {FEATURED: "imagePreview", FAVICON: "iconPreview"}


def _stat_of(path: str) -> tuple | None:
    """What tells one version of a file from another (None: nothing is there)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def dropped_file(mime) -> str | None:
    """The local file a drag carries (its first), else None."""
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile():
                return url.toLocalFile()
    return None


class ImagePreview(QLabel):
    """The picture, or a line saying why there is none; an image file dropped on it is offered as ``dropped``."""

    dropped = Signal(str)

    def __init__(self, box: QSize, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.box = box
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAutoFillBackground(True)
        margin = 2 * self.frameWidth()
        self.setFixedSize(max(box.width(), 64) + margin, box.height() + margin)
        self.setAcceptDrops(True)
        self.accepting = True  # False while work on the image is under way: a drop is then taken and ignored
        self.image = None

    def show_picture(self, image, text: str = "") -> None:
        """Show ``image`` (a QImage) scaled into the box, or ``text`` when there is none."""
        self.image = image
        if image is None:
            self.clear()
            self.setText(text)
        else:
            self.setPixmap(fitted(image, self.box, self.devicePixelRatioF()))

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        # taken even while busy: a file dropped here must never reach the window, which opens dropped files
        if dropped_file(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        path = dropped_file(event.mimeData())
        if path:
            event.acceptProposedAction()
            if self.accepting:
                self.dropped.emit(path)


class ImageEditor(FieldEditor):
    """One image of the record (``key``: ``featuredImage`` or ``favIconImage``); see the module docstring.
    ``actions`` is the window's media flow (None: the buttons do nothing, as in a form without a window)."""

    def __init__(self, key, label, help_text, on_edit, field=None):
        super().__init__(key, label, help_text, on_edit, field)
        self.image_kind = key
        self.session = None
        self.actions = None
        self._data: dict = {}
        self._shown_file: str | None = None  # the file whose picture is shown or on its way
        self._shown_stat: tuple | None = None  # that file's size, mtime and inode when it was loaded
        self._ticket = None
        self._runner: TaskRunner | None = None
        self._all_problems: list[Problem] = []
        self._record_problems: list[Problem] = []
        small = key == FAVICON
        self.widget = panel = QFrame()
        self.preview = ImagePreview(BOX[key], _PREVIEW_NAME[key], panel)
        self.preview.setAccessibleName(f"{label} preview")
        self.preview.dropped.connect(self._on_preview_dropped)
        self.facts_label = QLabel(panel)
        self.facts_label.setObjectName(f"{key}.facts")
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems_label = QLabel(panel)
        self.problems_label.setObjectName(f"{key}.problems")
        self.problems_label.setTextFormat(Qt.TextFormat.RichText)
        self.problems_label.hide()
        for text in (self.facts_label, self.problems_label):  # long texts wrap: the form never scrolls sideways
            text.setWordWrap(True)
            text.setMinimumWidth(1)
            text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        what = kind_label(key)
        self.download_button = QPushButton("Download from Page", panel)
        self.download_button.setObjectName(f"{key}.download")
        themed(self.download_button, "fetch")
        self.choose_button = QPushButton("Choose File…", panel)
        self.choose_button.setObjectName(f"{key}.choose")
        themed(self.choose_button, "open")
        self.choose_button.setToolTip(f"Copy an image file beside the curation as its {what} (or drop one on the "
                                      f"picture)")
        self.remove_button = QPushButton("Remove", panel)
        self.remove_button.setObjectName(f"{key}.remove")
        themed(self.remove_button, "remove")
        self.remove_button.setToolTip(f"Take the {what} out of the record and remove its file (Undo puts it back)")
        self.download_button.clicked.connect(lambda: self._act("download"))
        self.choose_button.clicked.connect(lambda: self._act("choose"))
        self.remove_button.clicked.connect(lambda: self._act("remove"))
        # the buttons one under the other, as wide as the widest: the form never needs to scroll sideways for them
        buttons = QVBoxLayout() if not small else QHBoxLayout()
        buttons.setSpacing(4)
        widest = max(b.sizeHint().width() for b in (self.download_button, self.choose_button, self.remove_button))
        for button in (self.download_button, self.choose_button, self.remove_button):
            if not small:
                button.setMinimumWidth(widest)
            buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        if small:
            buttons.addStretch(1)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.facts_label)
        column.addWidget(self.problems_label)
        column.addLayout(buttons)
        column.addStretch(1)
        row = QHBoxLayout(panel)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(column, 1)
        panel.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._finish(panel)
        panel.setFocusProxy(self.download_button)

    # --- the record ---------------------------------------------------------------------------------------

    def bind(self, session) -> None:
        """The record shown from now on (its folder holds the image files)."""
        if session is not self.session:
            self.session = session
            self._shown_file = None
            self._shown = MISSING  # show the next value even if it equals the last record's

    def set_actions(self, actions) -> None:
        """The window's media flow: the buttons' work, and what is under way."""
        self.actions = actions
        actions.state_changed.connect(self._on_actions_state_changed)
        actions.leftovers_changed.connect(self._on_actions_leftovers_changed)

    def show_from(self, data: dict) -> None:
        self._data = data if isinstance(data, dict) else {}
        super().show_from(data)
        self._update_buttons()

    def display(self, value: Any, present: bool) -> None:
        self._show_image()

    def see_problems(self, problems: list[Problem]) -> None:
        """The record's problems: those about this image are listed under its picture (and the folder check's about
        image files named after the record that no curation names)."""
        self._record_problems = problems
        mine = [p for p in problems if p.field == self.key or p.field.startswith(self.key + ".")]
        if self.actions is not None:  # the folder check's: image files named after this curation that none names
            mine += [replace(p, message=f"{os.path.basename(p.path)}: {p.message}")
                     for p in self.actions.leftovers(self.session, self.image_kind)]
        self._all_problems = mine
        if mine:
            self.problems_label.setText("<br>".join(f"<b>{p.severity.capitalize()}:</b> {html.escape(p.message)}"
                                                    for p in mine))
        self.problems_label.setVisible(bool(mine))
        mark_widget(self.preview, worst(mine))
        # The record is checked again when files beside it change (another program's work included): a picture
        # whose file was rewritten, replaced or removed since it was loaded is loaded again.
        if self._shown_file is not None and _stat_of(self._shown_file) != self._shown_stat:
            self._show_image(reload=True)

    # --- the picture --------------------------------------------------------------------------------------

    def _folder(self) -> str | None:
        session = self.session
        if session is None or session.read_only or session.doc.path is None:
            return None
        return str(session.doc.path.parent)

    def _show_image(self, reload: bool = False) -> None:
        image = recorded_image(self._data, self.image_kind)
        folder = self._folder()
        if image.is_remote:
            self._shown_file = None
            self.preview.show_picture(None, "Not downloaded yet")
            self.facts_label.setText(f"On {host_of(image.href) or image.href}")
            self.facts_label.setToolTip(image.href)
            return
        if not image.is_local or folder is None:
            self._shown_file = None
            self.preview.show_picture(None, "No image" if self.image_kind == FEATURED else "None")
            self.facts_label.setText("Download the page's image, choose a file, or drop one here"
                                     if self.image_kind == FEATURED else "No site icon")
            self.facts_label.setToolTip("")
            return
        path = os.path.join(folder, image.href)
        if path == self._shown_file and not reload:
            return
        self._shown_file = path
        self._shown_stat = _stat_of(path)
        cached = cached_image(path, THUMBNAIL[self.image_kind])
        if cached is not None:
            self.preview.show_picture(cached)
        elif self.preview.image is None or not reload:
            self.preview.show_picture(None, "Loading…")
        self._load(path)

    def _load(self, path: str) -> None:
        if self._runner is None:
            self._runner = TaskRunner(self.widget, max_threads=1)
        self._runner.cancel(self._ticket)
        size = THUMBNAIL[self.image_kind]
        self._ticket = self._runner.submit(lambda: load_file(path, size), label="Loading a picture",
                                           on_done=lambda picture: self._on_loaded(path, picture))

    def _on_loaded(self, path: str, picture: Picture) -> None:
        if path != self._shown_file:
            return  # another record, or another file, is shown now
        if picture.image is not None:
            self.preview.show_picture(picture.image)
        else:
            missing = picture.facts is None and picture.size < 0
            self.preview.show_picture(None, "File missing" if missing else "Cannot be shown")
        if picture.image is None and picture.facts is None and picture.size < 0:
            text = ""  # a missing file: its problem says so, under the picture
        elif picture.fault:
            text = f"{os.path.basename(path)} {picture.fault}"
        else:
            text = describe(picture)
        self.facts_label.setText(text)
        self.facts_label.setToolTip(f"{path}\n{picture.size:,} bytes" if picture.size >= 0 else path)

    # --- the buttons --------------------------------------------------------------------------------------

    def _busy(self) -> str:
        return self.actions.busy_text(self.session, self.image_kind) if self.actions is not None else ""

    def _update_buttons(self) -> None:
        session = self.session
        editable = session is not None and not session.read_only and self.actions is not None
        busy = self._busy()
        free = editable and not busy
        image = recorded_image(self._data, self.image_kind)
        address = remote_image_address(self._data, self.image_kind)
        self.download_button.setEnabled(free and bool(address))
        what = kind_label(self.image_kind)
        self.download_button.setToolTip(f"Download {address} and store it beside the curation as its {what}"
                                        if address else f"The record names no address for its {what} (the page's "
                                                        f"og:image); fetch the page first, or choose a file")
        self.choose_button.setEnabled(free)
        raw = self._data.get(self.image_kind) if isinstance(self._data, dict) else None
        self.remove_button.setEnabled(free and (bool(image.href) or bool(isinstance(raw, dict) and (
            {"format", "size", "valid"} & set(raw)))))
        self.preview.accepting = free
        if busy:
            self.facts_label.setText(busy)

    def _on_actions_state_changed(self, session) -> None:
        if session is self.session and session is not None:
            self._update_buttons()
            if not self._busy():
                self._show_image(reload=True)

    def _on_actions_leftovers_changed(self, session) -> None:
        if session is self.session and session is not None:
            self.see_problems(self._record_problems)

    def _act(self, what: str, path: str | None = None) -> None:
        if self.actions is None or self.session is None:
            return
        if what == "download":
            self.actions.download(self.session, self.image_kind)
        elif what == "choose":
            self.actions.choose(self.session, self.image_kind, path)
        elif what == "remove":
            self.actions.remove(self.session, self.image_kind)

    def _on_preview_dropped(self, path: str) -> None:
        self._act("choose", path)

    # --- keyboard -----------------------------------------------------------------------------------------

    def focus(self, rest: tuple = ()) -> None:
        first = next((b for b in self.tab_widgets() if b.isEnabled()), self.choose_button)
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def tab_widgets(self) -> list[QWidget]:
        return [self.download_button, self.choose_button, self.remove_button]

    def styled_widgets(self) -> list[QWidget]:
        return []  # the picture is tinted by every problem of the image (see_problems), not only the map's own

    def set_enabled(self, enabled: bool) -> None:
        self.widget.setEnabled(enabled)
