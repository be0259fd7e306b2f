"""The open folder's configuration in the window: the only part that reads it, notices when it changes, and says
when it cannot be used.

The configuration is found as the command line finds it (``curator.toml``, or a ``pyproject.toml`` with a
``[tool.curator]`` table, in the folder or above it). Its files (and the topic vocabulary it names) are watched;
the folder's own changes (a ``curator.toml`` added or removed) and switching back to the program make it look
again. A file that cannot be used is named in a bar with its ``path:line:col`` message, and the default rules
apply meanwhile.
"""
from __future__ import annotations

import html
import os

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication

from curator_gui.core.config import DEFAULT_CONFIG, ConfigError, CuratorConfig, usable_config
from curator_gui.ui.banners import MessageBar
from curator_gui.ui.records import FolderChecks, RecordStore
from curator_gui.ui.watcher import FolderWatcher


class FolderConfig(QObject):
    """See the module docstring. The records' checks (``checks``) follow the configuration, and the records in
    memory are checked again when it changes; ``changed(config)`` then tells the window, whose list must be read
    again under it."""

    changed = Signal(object)  # CuratorConfig
    announced = Signal(str, int)  # a status-bar message and how long it stays (ms)

    def __init__(self, watcher: FolderWatcher, bar: MessageBar, checks: FolderChecks, records: RecordStore,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.watcher = watcher
        self.bar = bar
        self.checks = checks
        self.records = records
        self.root: str | None = None
        self.config: CuratorConfig = DEFAULT_CONFIG
        self.error: ConfigError | None = None
        watcher.files_changed.connect(self._on_watcher_files_changed)
        watcher.folder_changed.connect(self.reload)
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_application_state_changed)

    def open(self, root: str) -> CuratorConfig:
        """Read the configuration of ``root`` (without reporting a change: the folder is read afresh anyway)."""
        self.root = os.path.abspath(root)
        self._read()
        self.checks.config = self.config
        return self.config

    def reload(self) -> bool:
        """Read the configuration again; True (and ``changed``) when the rules in effect differ."""
        if self.root is None:
            return False
        before = self.config
        self._read()
        if self.config == before:
            return False
        self.checks.config = self.config
        for session in self.records:
            if not session.read_only:
                session.revalidate()
        where = self.config.path or "the defaults"
        self.announced.emit(f"Configuration read again ({where}): the folder is checked again", 6000)
        self.changed.emit(self.config)
        return True

    def _read(self) -> None:
        self.config, error = usable_config(self.root)
        if str(error) != str(self.error):
            self.error = error
            self._show_error()
        watched = list(self.config.watched_paths)
        if error is not None and error.path:
            watched.append(error.path)
        self.watcher.watch_config(watched)

    def _show_error(self) -> None:
        if self.error is None:
            self.bar.hide()
            return
        self.bar.show_message("error", "The folder's configuration cannot be used, so the default rules apply "
                                       f"until it is fixed:<br><tt>{html.escape(str(self.error))}</tt>",
                              [("&Read Again", self.reload), ("&Dismiss", self.bar.hide)])

    def _on_watcher_files_changed(self, paths: list) -> None:
        watched = {os.path.abspath(p) for p in self.config.watched_paths}
        if self.error is not None and self.error.path:
            watched.add(os.path.abspath(self.error.path))
        if watched.intersection(os.path.abspath(p) for p in paths):
            self.reload()

    def _on_application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.reload()  # back from an editor, where the configuration may have been changed
