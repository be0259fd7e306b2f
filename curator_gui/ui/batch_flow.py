"""Folder-wide changes in the window: the only place that takes an operation over many files from the question
about unsaved edits through planning, the preview and writing to the account of what was done, and that undoes
and redoes such changes.

A change runs in steps, one at a time: records with unsaved edits that the change concerns are saved first or
left out (the curator is asked: plans are made from the files on disk); the plan is made in the background
(:func:`~curator_gui.core.batch.plan_batch`, in worker processes for a large folder); the preview lists the
files and shows the exact diff of each; applying writes in the background
(:func:`~curator_gui.core.batch_apply.apply_plan`), with progress and Cancel in the status bar. Afterwards the
index reads the written files again, records held in the window follow their files (a clean one is reloaded),
and a bar says what was written, skipped or left untouched, with Undo and Details.

**Undo.** A folder change is one step of the window's history of folder changes, kept apart from the records'
own undo stacks (those hold one record's unsaved edits; a folder change is already on disk): Edit ▸ Undo Folder
Change puts back every file it changed, unless a file changed since (it is named and left as it is), and Redo
Folder Change writes the change again. A record with unsaved edits whose file an undo puts back is handled as a
change by another program (its bar offers Reload, with the edits re-applied on top, or Keep Mine).
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from curator_gui.core.batch import BatchPlan, Skipped, plan_batch
from curator_gui.core.batch_apply import CHUNK_FILES, BatchResult, UndoRecord, apply_plan, undo_batch
from curator_gui.core.batch_ops import Record
from curator_gui.ui import prompts as answers
from curator_gui.ui.banners import MessageBar
from curator_gui.ui.batch_jobs import BackgroundJob
from curator_gui.ui.batch_preview import BatchPreview, plan_rows, plan_summary, result_rows, result_summary
from curator_gui.ui.indexer import start_method
from curator_gui.ui.progress import ProgressArea
from curator_gui.ui.prompts import Prompts
from curator_gui.ui.records import RecordStore
from curator_gui.ui.session import Session

#: Folder changes kept for Undo (each holds the bytes of the files it changed).
HISTORY = 20
LEFT_OUT = "it has unsaved edits in the window (left out)"


@dataclass(frozen=True)
class _Step:
    """One folder change in the history: its title and what puts it back (or, on the redo side, writes it again)."""

    title: str
    record: UndoRecord


class BatchFlow(QObject):
    """See the module docstring. ``save(session)`` saves a record as Save does (True when saved); ``reread(paths)``
    has the index read files again; ``follow(session)`` brings a record in line with its file (reloaded, or the
    outside-change bar); ``title_of(path)`` names files in the preview."""

    announced = Signal(str, int)  # a status-bar message and how long it stays (ms)
    busy_changed = Signal(bool)
    history_changed = Signal()
    finished = Signal(object)  # the BatchResult of a change, an undo or a redo that ran

    def __init__(self, records: RecordStore, prompts: Prompts, progress: ProgressArea, bar: MessageBar,
                 window: QWidget, *, save: Callable[[Session], bool], reread: Callable[[list[str]], None],
                 follow: Callable[[Session], None], title_of: Callable[[str], str],
                 root: Callable[[], str | None]):
        super().__init__(window)
        self.records = records
        self.prompts = prompts
        self.progress = progress
        self.bar = bar
        self.window = window
        self._save = save
        self._reread = reread
        self._follow = follow
        self._title_of = title_of
        self._root = root
        #: worker processes for planning (None: one per CPU) and files per durable chunk when writing
        self.workers: int | None = None
        self.chunk_files = CHUNK_FILES
        self.job: BackgroundJob | None = None
        self.preview: BatchPreview | None = None
        self.last_result: BatchResult | None = None
        self._plan: BatchPlan | None = None
        self._left_out: list[str] = []
        self.details: BatchPreview | None = None
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        progress.cancel_button.clicked.connect(self._on_progress_cancel_clicked)

    # --- state ---------------------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """A change is being planned, previewed, written or undone."""
        return self.job is not None or self.preview is not None

    def undo_title(self) -> str:
        """The change Undo Folder Change would put back ('' when none)."""
        return self._undo[-1].title if self._undo else ""

    def redo_title(self) -> str:
        """The change Redo Folder Change would write again ('' when none)."""
        return self._redo[-1].title if self._redo else ""

    def clear_history(self) -> None:
        """Forget every folder change (another folder was opened)."""
        self._undo.clear()
        self._redo.clear()
        self.history_changed.emit()

    # --- a change ------------------------------------------------------------------------------------------

    def run(self, operation, paths: list[str], title: str | None = None) -> bool:
        """Plan ``operation`` over ``paths``, show the preview, and write it if the curator applies it. False when
        it does not start (another change is running, or the curator cancelled the question about unsaved
        edits)."""
        title = title or operation.describe()
        if self.busy:
            self.announced.emit("Another change to the folder is still running; wait for it or cancel it", 6000)
            return False
        paths = sorted({os.path.abspath(path) for path in paths})  # folder by folder, as the preview lists them
        left_out = self._settle(operation, paths, title)
        if left_out is None:
            return False
        chosen = [path for path in paths if path not in left_out]
        workers, method = self.workers, start_method()

        def work(progress, cancelled) -> BatchPlan:
            return plan_batch(chosen, operation, title=title, progress=progress, cancelled=cancelled,
                              workers=workers, start_method=method)

        self._left_out = sorted(left_out)
        self._start("plan", work, self._on_planned, f"Reading files for “{title}”…")
        return True

    def cancel(self) -> None:
        """Stop the running step: nothing more is planned or written (files stay untouched or fully changed)."""
        if self.job is not None:
            self.job.cancel()
            self.progress.busy("Stopping…", 0, 0)

    def stop(self) -> None:
        """Cancel and wait for the running step, close the preview (the window is closing)."""
        if self.preview is not None:
            self.preview.reject()
        if self.job is not None:
            self.job.stop()

    def _settle(self, operation, paths: list[str], title: str) -> set[str] | None:
        """The records with unsaved edits that ``operation`` concerns, saved first or left out as the curator
        chooses: the paths left out, or None when the curator cancelled (or a save failed)."""
        wanted = set(paths)
        dirty = [s for s in self.records.dirty() if s.path in wanted and _concerns(operation, s)]
        if not dirty:
            return set()
        answer = self.prompts.unsaved_before_batch(self.window, title, [s.label for s in dirty])
        if answer == answers.LEAVE_OUT:
            return {s.path for s in dirty}
        if answer != answers.SAVE_FIRST:
            return None
        return set() if all(self._save(session) for session in dirty) else None

    def _on_planned(self, plan: BatchPlan) -> None:
        plan.skipped += [Skipped(path, LEFT_OUT) for path in self._left_out]
        if plan.cancelled:
            self.announced.emit(f"“{plan.title}” stopped; nothing was changed", 6000)
            return
        if not plan.changes and not plan.skipped:
            self.announced.emit(f"“{plan.title}”: no file needs this change", 6000)
            return
        self._plan = plan
        count = len(plan.changes)
        self.preview = BatchPreview(plan.title, plan_summary(plan), plan_rows(plan), root=self._root(),
                                    title_of=self._title_of, parent=self.window,
                                    apply_text=f"&Apply to {count:,} File{'s' * (count != 1)}")
        self.preview.finished.connect(self._on_preview_finished)
        self.busy_changed.emit(True)
        self.preview.open()

    def _on_preview_finished(self, code: int) -> None:
        preview, self.preview = self.preview, None
        plan, self._plan = self._plan, None
        if preview is not None:
            preview.deleteLater()
        if code != BatchPreview.DialogCode.Accepted or plan is None:
            self.busy_changed.emit(False)
            self.announced.emit("Nothing was changed", 4000)
            return
        chunk = self.chunk_files

        def work(progress, cancelled) -> BatchResult:
            return apply_plan(plan, progress=progress, cancelled=cancelled, chunk_files=chunk)

        self._start("apply", work, lambda result: self._on_written(result, "change", plan.title),
                    f"Writing “{plan.title}”…")

    # --- undo and redo -------------------------------------------------------------------------------------

    def undo(self) -> bool:
        """Put back the files the last folder change wrote (in the background). False when there is none or
        another change is running."""
        return self._replay(self._undo, "undo")

    def redo(self) -> bool:
        """Write the last undone folder change again."""
        return self._replay(self._redo, "redo")

    def _replay(self, stack: list[_Step], kind: str) -> bool:
        if not stack or self.busy:
            return False
        step = stack.pop()
        self.history_changed.emit()

        def work(progress, cancelled) -> BatchResult:
            return undo_batch(step.record, progress=progress, cancelled=cancelled)

        verb = "Undoing" if kind == "undo" else "Redoing"
        self._start(kind, work, lambda result: self._on_written(result, kind, step.title, step),
                    f"{verb} “{step.title}”…")
        return True

    # --- running a step ------------------------------------------------------------------------------------

    def _start(self, label: str, work, on_done: Callable, text: str) -> None:
        job = BackgroundJob(label, work, self)
        self.job = job
        job.progressed.connect(lambda done, total: self.progress.busy(text, done, max(total, 1)))
        job.finished.connect(lambda result: self._on_job_finished(job, on_done, result))
        job.failed.connect(lambda message: self._on_job_failed(job, text, message))
        self.progress.busy(text)
        self.busy_changed.emit(True)
        job.start()

    def _end(self, job: BackgroundJob) -> bool:
        if job is not self.job:
            return False
        self.job = None
        job.deleteLater()
        self.progress.hide()
        self.busy_changed.emit(False)
        return True

    def _on_job_finished(self, job: BackgroundJob, on_done: Callable, result) -> None:
        if self._end(job):
            on_done(result)

    def _on_job_failed(self, job: BackgroundJob, text: str, message: str) -> None:
        if self._end(job):
            self.bar.show_message("error", f"{html.escape(text.rstrip('…'))} failed: {html.escape(message)}",
                                  [("&Dismiss", self.bar.hide)])

    def _on_progress_cancel_clicked(self) -> None:
        self.cancel()

    def _on_written(self, result: BatchResult, kind: str, title: str, step: _Step | None = None) -> None:
        """After a change, an undo or a redo ran: the index, the records and the history follow, and the bar
        says what was done."""
        self.last_result = result
        if result.written:
            self._reread(list(result.written))
            for path in result.written:
                session = self.records.get(path)
                if session is not None:
                    self._follow(session)
        done = _Step(title, result.undo) if result.undo.entries else None
        if kind == "undo":
            if done is not None:
                self._redo.append(done)
            rest = _remaining(step, result)
            if rest is not None:
                self._undo.append(rest)  # a cancelled undo can be finished later
        else:
            if done is not None:
                self._undo.append(done)
                del self._undo[:-HISTORY]
            if kind == "change":
                self._redo.clear()
            else:
                rest = _remaining(step, result)
                if rest is not None:
                    self._redo.append(rest)
        self.history_changed.emit()
        self._report(result, kind, title)
        self.finished.emit(result)

    def _report(self, result: BatchResult, kind: str, title: str) -> None:
        verb = {"change": "", "undo": "Undone: ", "redo": "Redone: "}[kind]
        text = f"{verb}<b>{html.escape(title)}</b>: {html.escape(result_summary(result))}"
        if result.skipped:
            names = ", ".join(html.escape(os.path.basename(s.path)) for s in result.skipped[:3])
            more = f" and {len(result.skipped) - 3} more" if len(result.skipped) > 3 else ""
            text += f" Not changed: {names}{more} (see Details)."
        actions = []
        if kind == "undo" and self._redo:
            actions.append(("&Redo", self.redo))
        elif kind != "undo" and result.written:
            actions.append(("&Undo", self.undo))
        actions += [("De&tails", self.show_details), ("&Dismiss", self.bar.hide)]
        self.bar.show_message("warning" if result.skipped or result.cancelled else "ok", text, actions)
        self.announced.emit(f"{verb}{title}: {result_summary(result)}", 8000)

    def show_details(self) -> None:
        """The account of the last change, undo or redo: files written (with their diffs), skipped, not reached."""
        result = self.last_result
        if result is None:
            return
        dialog = BatchPreview(result.title, result_summary(result), result_rows(result), root=self._root(),
                              title_of=self._title_of, parent=self.window)
        dialog.setObjectName("batchDetails")
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.details = dialog


def _concerns(operation, session: Session) -> bool:
    """Whether ``operation`` would change the record as saved or as edited (either way the curator is asked)."""
    doc = session.doc
    sha = doc.stamp.sha256 if doc.stamp is not None else ""
    for data, body in ((doc.original_data, doc.original_body), (doc.data, doc.body)):
        try:
            if operation.edit(Record(session.path, sha, data, body)) is not None:
                return True
        except Exception:  # noqa: BLE001 - a record the operation refuses: the plan will say why
            return True
    return False


def _remaining(step: _Step | None, result: BatchResult) -> _Step | None:
    """What a cancelled undo or redo did not reach, to be finished later (None when it reached everything)."""
    if step is None or not result.not_reached:
        return None
    left = set(result.not_reached)
    entries = tuple(entry for entry in step.record.entries if entry.path in left)
    return _Step(step.title, UndoRecord(step.record.title, entries)) if entries else None


class FolderUndoKeys(QObject):
    """In a folder-wide view (its widgets given to :meth:`watch`), the standard Undo and Redo keys undo and redo
    folder changes: those views have no record whose edits the keys could mean. Text boxes keep their own
    undo."""

    def __init__(self, flow: BatchFlow, parent: QObject | None = None):
        super().__init__(parent)
        self._flow = flow

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        undo, redo = event.matches(QKeySequence.StandardKey.Undo), event.matches(QKeySequence.StandardKey.Redo)
        redo = redo or event.keyCombination() == QKeySequence("Ctrl+Shift+Z")[0]
        if not (undo or redo):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the key comes here rather than to the record's Undo
            return True
        if redo:
            self._flow.redo()
        else:
            self._flow.undo()
        return True
