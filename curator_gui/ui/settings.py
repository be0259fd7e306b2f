"""Window state and recent folders in QSettings: the only place the program remembers anything between runs.

Under ``$CURATOR_GUI_CONFIG_DIR`` (set by the test suite, or by a person who wants a portable set-up) the
settings are an INI file in that folder; otherwise they go where the platform keeps an application's settings.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

MAX_RECENT = 10
_ORGANIZATION = "curator-gui"
_APPLICATION = "curator-gui"


def open_settings() -> QSettings:
    """The program's QSettings (an INI file under ``$CURATOR_GUI_CONFIG_DIR`` when that is set)."""
    folder = os.environ.get("CURATOR_GUI_CONFIG_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return QSettings(str(Path(folder) / "curator-gui.ini"), QSettings.Format.IniFormat)
    return QSettings(_ORGANIZATION, _APPLICATION)


class Settings:
    """Typed access to the few values kept: recent folders, window geometry and state, splitter positions."""

    def __init__(self, store: QSettings | None = None):
        self.store = store if store is not None else open_settings()

    # --- recent folders ---------------------------------------------------------------------------------

    def recent_folders(self) -> list[str]:
        """Most recent first, at most ten; folders that no longer exist are left out."""
        raw = self.store.value("recentFolders", "[]")
        try:
            folders = json.loads(raw) if isinstance(raw, str) else []
        except ValueError:
            folders = []
        return [f for f in folders if isinstance(f, str) and os.path.isdir(f)][:MAX_RECENT]

    def add_recent_folder(self, folder: str) -> None:
        folder = os.path.abspath(folder)
        folders = [folder] + [f for f in self.recent_folders() if f != folder]
        # JSON text rather than a QSettings list: an INI file turns a one-item list into a plain string.
        self.store.setValue("recentFolders", json.dumps(folders[:MAX_RECENT]))

    def last_folder(self) -> str | None:
        recent = self.recent_folders()
        return recent[0] if recent else None

    # --- window state -----------------------------------------------------------------------------------

    def save_bytes(self, key: str, value: QByteArray) -> None:
        self.store.setValue(f"window/{key}", value)

    def load_bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(f"window/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def sync(self) -> None:
        self.store.sync()

    def restore_layout(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
        """Put back the window's geometry, its docks and toolbars, and the named splitters' positions."""
        geometry = self.load_bytes("geometry")
        if geometry is not None:
            window.restoreGeometry(geometry)
        for name, splitter in splitters.items():
            state = self.load_bytes(name)
            if state is not None:
                splitter.restoreState(state)
        state = self.load_bytes("state")
        if state is not None:
            window.restoreState(state)

    def save_layout(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
        """Remember what :meth:`restore_layout` puts back."""
        self.save_bytes("geometry", window.saveGeometry())
        self.save_bytes("state", window.saveState())
        for name, splitter in splitters.items():
            self.save_bytes(name, splitter.saveState())
        self.sync()
