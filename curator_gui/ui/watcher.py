"""Watching the open folder and the open records' files for changes made by other programs.

QFileSystemWatcher stops watching a file that is replaced by a rename (how editors and our own atomic save
write), so paths are re-added whenever they exist again. Bursts of events are folded into one report.
"""
from __future__ import annotations

import os

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

_MAX_FOLDERS = 256


class FolderWatcher(QObject):
    """Emits ``folder_changed`` (files added, removed or renamed) and ``files_changed(paths)`` (of the records'
    files and of the configuration files, whichever changed)."""

    folder_changed = Signal()
    files_changed = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_watcher_directory_changed)
        self._watcher.fileChanged.connect(self._on_watcher_file_changed)
        self._files: set[str] = set()
        self._config_files: set[str] = set()
        self._pending_files: set[str] = set()
        self._folder_timer = self._timer(300, self._emit_folder)
        self._file_timer = self._timer(150, self._emit_files)

    def _timer(self, msecs: int, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(msecs)
        timer.timeout.connect(slot)
        return timer

    def set_folders(self, root: str, folders=()) -> None:
        """Watch ``root`` and the given sub-folders (those the listing found files in), up to a limit."""
        wanted = [root] + sorted({f for f in folders if f != root})[:_MAX_FOLDERS - 1]
        current = self._watcher.directories()
        gone = [f for f in current if f not in wanted]
        if gone:
            self._watcher.removePaths(gone)
        new = [f for f in wanted if f not in current and os.path.isdir(f)]
        if new:
            self._watcher.addPaths(new)

    def watch_files(self, paths) -> None:
        """Watch exactly these files (the records open in memory)."""
        self._files = {os.path.abspath(p) for p in paths}
        self._rearm()

    def watch_config(self, paths) -> None:
        """Watch exactly these configuration files (besides the records' files)."""
        self._config_files = {os.path.abspath(p) for p in paths}
        self._rearm()

    def _rearm(self) -> None:
        wanted = self._files | self._config_files
        gone = [p for p in self._watcher.files() if p not in wanted]
        if gone:
            self._watcher.removePaths(gone)
        watched = set(self._watcher.files())
        missing = [p for p in wanted if p not in watched and os.path.exists(p)]
        if missing:
            self._watcher.addPaths(missing)

    def _on_watcher_directory_changed(self, _path: str) -> None:
        self._folder_timer.start()
        # A file replaced by a rename drops out of the watcher: look at the watched files too.
        self._pending_files.update(self._files | self._config_files)
        self._file_timer.start()

    def _on_watcher_file_changed(self, path: str) -> None:
        self._pending_files.add(path)
        self._file_timer.start()

    def _emit_folder(self) -> None:
        self.folder_changed.emit()

    def _emit_files(self) -> None:
        self._rearm()
        paths, self._pending_files = sorted(self._pending_files), set()
        if paths:
            self.files_changed.emit(paths)
