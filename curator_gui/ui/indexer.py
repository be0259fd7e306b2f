"""The folder index in the background: one thread owns the core's FolderIndex; results come back as signals.

The core index is used from one thread at a time, so a single worker thread owns it and every request (scan,
refresh after an outside change, update after a save) is queued to that thread. Each scan has a generation
number: starting a new scan or closing cancels the previous one (the scan polls it), and results of an old
generation are dropped here, never shown. Parsing many files uses worker processes started with
``forkserver`` (``spawn`` off Linux): forking a process that runs Qt threads is unsafe.
"""
from __future__ import annotations

import gc
import os
import sys
import traceback
from functools import partial

from PySide6.QtCore import QObject, QThread, Signal, Slot

from curator_gui.core.config import usable_config
from curator_gui.core.index import Cancelled, FolderIndex, iter_markdown
from curator_gui.core.memory import release_free_memory
from curator_gui.ui.lifetime import StopOnce


def start_method() -> str:
    """How index worker processes are started inside the window."""
    return "forkserver" if sys.platform.startswith("linux") else "spawn"


class _State:
    """Shared between the GUI thread (writes) and the worker thread (reads): the live generation."""

    def __init__(self) -> None:
        self.generation = 0
        self.stopping = False


class _IndexWorker(QObject):
    """Lives on the index thread. Its slots are only ever invoked through queued signals."""

    listed = Signal(int, object, object, object)  # generation, paths, the same as a set, the folders they are in
    rows_arrived = Signal(int, object)  # generation, [IndexRow]
    progressed = Signal(int, int, int)  # generation, done, total
    finished = Signal(int, object)  # generation, every row with cross-file checks
    failed = Signal(int, str)
    refreshed = Signal(int, object, object)  # generation, the rows read again, removed paths
    folder_checked = Signal(int, object)  # generation, the folder's own findings (image files no curation names)
    rechecked = Signal(int, object)  # generation, every row, its checks across files done again in place
    offerings_read = Signal(int, object)  # generation, the folder's FolderOfferings (made here, off the event loop)

    def __init__(self, state: _State, cache_path, workers: int | None):
        super().__init__()
        self._state = state
        self._cache_path = cache_path
        self._workers = workers
        self.index: FolderIndex | None = None
        self._root: str | None = None

    def _index_for(self, root: str) -> FolderIndex:
        if self.index is None or self._root != root:
            self.close_index()
            # The list never shows descriptions (the filter's prepared text holds them) nor the source address as
            # written (duplicates compare the clean one), and shows a file's problems only in its tooltip; image
            # facts and offerings are needed only by the checks across files and for a tooltip: none of them is
            # kept in memory (they come from the cache, or the file, when asked).
            self.index = FolderIndex(root, cache_path=self._cache_path, workers=self._workers,
                                     start_method=start_method(),
                                     leave_out={"description", "href", "problems", "media", "offerings"})
            self._root = root
        self.index.config = usable_config(root)[0]  # read at every scan: a changed curator.toml applies at once
        return self.index

    def close_index(self) -> None:
        if self.index is not None:
            self.index.close()
            self.index = None
            self._root = None

    @Slot(int, str)
    def scan(self, generation: int, root: str) -> None:
        state = self._state
        if state.generation != generation or state.stopping:
            return
        gc.disable()  # the scan makes many rows and no cycles (and pauses the collector itself too)
        try:
            result = self._scan(generation, root)
        finally:
            # The rows live as long as the folder is open: out of the cycle collector's way from now on (a full
            # pass over 100,000 rows holds the window for a sixth of a second). They are freed as usual.
            gc.freeze()
            gc.enable()
            release_free_memory()  # what reading freed goes back to the system
        if result is not None:
            self.folder_checked.emit(generation, list(result.folder_problems))
            self.offerings_read.emit(generation, self.index.offerings)
            self.finished.emit(generation, result.rows)

    def _scan(self, generation: int, root: str):
        state = self._state
        index = None
        for attempt in (1, 2):
            try:
                index = self._index_for(root)
                result = index.scan(
                    on_listed=lambda paths: self.listed.emit(generation, paths, set(paths), set(index.names_by_dir)),
                    on_rows=lambda rows: self.rows_arrived.emit(generation, rows),
                    on_progress=lambda done, total: self.progressed.emit(generation, done, total),
                    cancelled=lambda: state.generation != generation or state.stopping)
                break
            except Cancelled:
                return None
            except Exception as error:  # noqa: BLE001 - reported in the window rather than lost
                traceback.print_exc()
                if attempt == 1 and index is not None and index.workers > 1:
                    # Worker processes could not be started (e.g. a host program without a __main__ guard):
                    # read the files in this thread instead; what was read already is in the cache.
                    index.workers = 1
                    continue
                self.failed.emit(generation, f"{type(error).__name__}: {error}")
                return None
        return result

    @staticmethod
    def _changed_paths(index: FolderIndex, names: dict) -> list[str]:
        """The curations added, removed or changed on disk since the index read them, from a new listing (whose
        names go in ``names``); each entry settled as it is listed, so that 100,000 are never held."""
        known = index.rows
        listed: set[str] = set()  # the known paths still listed (each as the index's own string)
        changed = []
        for entry in iter_markdown(index.root, names):
            row = known.get(entry.path)
            if row is None:
                changed.append(entry.path)
                continue
            listed.add(row.path)
            if (row.size, row.mtime_ns) != (entry.size, entry.mtime_ns):
                changed.append(row.path)
        if len(listed) < len(known):  # some are gone
            changed += [path for path in known if path not in listed]
        return changed

    @Slot(int, object)
    def refresh(self, generation: int, paths: list) -> None:
        """Re-read ``paths`` (or, when empty, whatever the listing says was added, removed or changed; when no
        curation changed but files beside them did, the checks across files look again: ``rechecked``)."""
        if self.index is None or self._state.stopping:
            return
        index = self.index
        try:
            if not paths:
                names: dict[str, set[str]] = {}
                paths = self._changed_paths(index, names)
                if not paths:
                    # No curation changed; files beside them may have (images added, removed or rewritten by
                    # another program): the checks across files look again at every row.
                    if index.images_changed(names):
                        index.recheck(names)
                        self.folder_checked.emit(generation, list(index.folder_problems))
                        self.offerings_read.emit(generation, index.offerings)
                        self.rechecked.emit(generation, list(index.rows.values()))
                    return
            rows = index.update_files(paths)
            self.folder_checked.emit(generation, list(index.folder_problems))
            self.offerings_read.emit(generation, index.offerings)
        except Exception as error:  # noqa: BLE001
            traceback.print_exc()
            self.failed.emit(generation, f"{type(error).__name__}: {error}")
            return
        # The rows read again, and the files gone; the checks across files changed the other rows in place.
        self.refreshed.emit(generation, [row for row in rows if row is not None],
                            [path for path, row in zip(paths, rows) if row is None])


def _stop_thread(state: _State, thread: QThread, worker: _IndexWorker) -> None:
    """Cancel the scan in progress and end the index thread (given its parts: the service may be gone)."""
    state.stopping = True
    state.generation += 1
    thread.quit()
    thread.wait()
    worker.close_index()  # the thread has ended: safe to touch from here


class IndexService(QObject):
    """The GUI thread's handle on the index thread; see the module docstring."""

    listed = Signal(object, object, object)  # every path, the same as a set (made off the event loop), folders
    rows_arrived = Signal(object)
    progressed = Signal(int, int)  # done, total
    finished = Signal(object)  # every row: the rows sent before, the checks across files done on them in place
    failed = Signal(str)
    refreshed = Signal(object, object)  # the rows read again, removed paths (other rows changed in place)
    folder_checked = Signal(object)  # the folder's own findings (CG505: image files no curation names), anew
    rechecked = Signal(object)  # every row: only files beside the curations changed, the checks across files redone
    offerings_read = Signal(object)  # every related offering of the folder (a FolderOfferings), anew

    _scan_requested = Signal(int, str)
    _refresh_requested = Signal(int, object)

    def __init__(self, parent: QObject | None = None, cache_path="default", workers: int | None = None):
        super().__init__(parent)
        self._state = _State()
        self._thread = QThread()
        self._thread.setObjectName("curator-gui-index")
        self._worker = _IndexWorker(self._state, cache_path, workers)
        self._worker.moveToThread(self._thread)
        self._scan_requested.connect(self._worker.scan)
        self._refresh_requested.connect(self._worker.refresh)
        self._worker.listed.connect(self._on_worker_listed)
        self._worker.rows_arrived.connect(self._on_worker_rows_arrived)
        self._worker.progressed.connect(self._on_worker_progressed)
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.failed.connect(self._on_worker_failed)
        self._worker.refreshed.connect(self._on_worker_refreshed)
        self._worker.folder_checked.connect(self._on_worker_folder_checked)
        self._worker.rechecked.connect(self._on_worker_rechecked)
        self._worker.offerings_read.connect(self._on_worker_offerings_read)
        self._thread.start()
        self._stop = StopOnce(self, partial(_stop_thread, self._state, self._thread, self._worker))
        self.root: str | None = None
        self.scanning = False

    @property
    def generation(self) -> int:
        return self._state.generation

    def scan(self, root: str) -> None:
        """List and index ``root``, cancelling any scan in progress."""
        self.root = os.path.abspath(root)
        self._state.generation += 1
        self.scanning = True
        self._scan_requested.emit(self._state.generation, self.root)

    def load_findings(self, row) -> None:
        """Give an index row its findings (rows are held without them) from the cache, for a tooltip; the row
        reads its file when the cache no longer holds them."""
        index = self._worker.index
        if index is not None:
            index.load_findings(row)

    def cancel(self) -> None:
        """Stop the scan in progress (rows already shown stay)."""
        if self.scanning:
            self._state.generation += 1
            self.scanning = False

    def refresh(self, paths: list[str] | None = None) -> None:
        """Pick up outside changes: the given files, or whatever the listing shows changed."""
        self._refresh_requested.emit(self._state.generation, list(paths or []))

    def shutdown(self) -> None:
        """Cancel everything and stop the thread (idempotent; also done when the application quits, this
        service is destroyed or the interpreter exits)."""
        self._stop()

    # --- results from the worker (GUI thread) -----------------------------------------------------------

    def _current(self, generation: int) -> bool:
        return generation == self._state.generation and not self._state.stopping

    def _on_worker_listed(self, generation: int, paths: list, path_set: set, folders: set) -> None:
        if self._current(generation):
            self.listed.emit(paths, path_set, folders)

    def _on_worker_rows_arrived(self, generation: int, rows: list) -> None:
        if self._current(generation):
            self.rows_arrived.emit(rows)

    def _on_worker_progressed(self, generation: int, done: int, total: int) -> None:
        if self._current(generation):
            self.progressed.emit(done, total)

    def _on_worker_finished(self, generation: int, rows: list) -> None:
        if self._current(generation):
            self.scanning = False
            self.finished.emit(rows)

    def _on_worker_failed(self, generation: int, message: str) -> None:
        if self._current(generation):
            self.scanning = False
            self.failed.emit(message)

    def _on_worker_rechecked(self, generation: int, rows: list) -> None:
        if self._current(generation):
            self.rechecked.emit(rows)

    def _on_worker_offerings_read(self, generation: int, offerings) -> None:
        if self._current(generation):
            self.offerings_read.emit(offerings)

    def _on_worker_folder_checked(self, generation: int, problems: list) -> None:
        if self._current(generation):
            self.folder_checked.emit(problems)

    def _on_worker_refreshed(self, generation: int, rows: list, removed: list) -> None:
        if self._current(generation):
            self.refreshed.emit(rows, removed)
