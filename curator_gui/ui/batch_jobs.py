"""Folder-wide work in the background: the only place that runs one blocking core call (planning, writing or
undoing a batch, a search) on a thread of its own, with progress and a thread-safe Cancel.

A job is a plain function ``work(progress, cancelled)`` that calls the core, which blocks and never touches Qt.
``progress(done, total)``, called on the job's thread, comes back to the GUI thread as ``progressed``;
``cancelled()`` reads a :class:`threading.Event` that :meth:`BackgroundJob.cancel` sets from the GUI thread. The
outcome comes back once, as ``finished(result)`` or ``failed(message)`` (a :class:`CuratorError`'s sentence, or
one line naming an unforeseen error, never a traceback on screen). When the application quits, the owner is
destroyed or the interpreter exits, a running job is cancelled and waited for: the core leaves each file either
untouched or fully changed when cancelled, so stopping never leaves a half-written file.

While any job runs, two settings of the interpreter change, so that the window stays responsive (no pause of the
event loop over 100 ms on a 10,000-file folder): it hands its lock between threads every millisecond rather than
every five (each call from Qt into Python, and a paint asks the model for every cell it shows, has to take the
lock back from the busy job thread; at five milliseconds a wait, a paint of a few hundred such calls freezes the
window), and the objects alive when the first job started are left out of the cyclic garbage collector's passes
(:func:`gc.freeze`): a full pass walks every object of the folder's index while holding the lock, 100 ms and more
for a large folder, and frees none of them. Both are put back when the last job ends.
"""
from __future__ import annotations

import gc
import sys
import threading
import traceback
from functools import partial
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from curator_gui.core.errors import CuratorError
from curator_gui.ui.lifetime import StopOnce

#: How long stopping waits for a cancelled job (it stops at its next file; a folder sync may take a moment).
STOP_WAIT_S = 30.0

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]
#: How often the interpreter switches threads while a job runs (seconds).
SWITCH_INTERVAL_S = 0.001


class _WhileRunning:
    """The interpreter's settings while at least one job runs (see the module docstring; GUI thread only)."""

    running = 0
    saved = 0.005

    @classmethod
    def begin(cls) -> None:
        if cls.running == 0:
            cls.saved = sys.getswitchinterval()
            sys.setswitchinterval(min(cls.saved, SWITCH_INTERVAL_S))
            gc.freeze()
        cls.running += 1

    @classmethod
    def end(cls) -> None:
        cls.running = max(0, cls.running - 1)
        if cls.running == 0:
            sys.setswitchinterval(cls.saved)
            gc.unfreeze()


class _Relay(QObject):
    """Lives on the GUI thread; the job's thread emits through it, so the slots run there (queued)."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)


def _stop(cancel: threading.Event, thread: threading.Thread) -> None:
    cancel.set()
    if thread.is_alive() and thread is not threading.current_thread():
        thread.join(STOP_WAIT_S)


class BackgroundJob(QObject):
    """One run of ``work`` on its own thread; see the module docstring. Start it with :meth:`start`; it deletes
    itself once its outcome is reported."""

    progressed = Signal(int, int)  # done, total
    finished = Signal(object)  # what work returned
    failed = Signal(str)  # why it could not run

    def __init__(self, label: str, work: Work, parent: QObject | None = None):
        super().__init__(parent)
        self.label = label
        self._work = work
        self._cancel = threading.Event()
        self._relay = _Relay(self)
        self._relay.progressed.connect(self.progressed)
        self._relay.finished.connect(self._on_relay_finished)
        self._relay.failed.connect(self._on_relay_failed)
        self._thread = threading.Thread(target=self._run, name=f"curator-gui-{label}", daemon=True)
        self._stop = StopOnce(self, partial(_stop, self._cancel, self._thread))
        self.done = False

    def start(self) -> None:
        _WhileRunning.begin()
        self._thread.start()

    def cancel(self) -> None:
        """Ask the job to stop at its next file (safe from any thread)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, seconds: float | None = None) -> bool:
        """Block until the job's thread ends (tests, shutdown); True when it has."""
        if self._thread.ident is not None:
            self._thread.join(seconds)
        return not self._thread.is_alive()

    def stop(self) -> None:
        """Cancel and wait (idempotent; also done at the application's end). Its outcome is not reported."""
        self._stop()
        if self._thread.ident is not None:
            self._settle()

    def _run(self) -> None:  # the job's thread: no widgets here
        relay = self._relay
        work, self._work = self._work, None  # what the work holds (a folder's rows) is let go when it ends
        try:
            result = work(relay.progressed.emit, self._cancel.is_set)
        except CuratorError as error:
            relay.failed.emit(str(error))
        except Exception as error:  # noqa: BLE001 - reported as one readable line, never lost silently
            traceback.print_exc()
            relay.failed.emit(f"internal error: {type(error).__name__}: {error}")
        else:
            relay.finished.emit(result)

    def _on_relay_finished(self, result: Any) -> None:
        self._settle()
        self.finished.emit(result)
        self.deleteLater()  # reported once: the job is done with

    def _on_relay_failed(self, message: str) -> None:
        self._settle()
        self.failed.emit(message)
        self.deleteLater()

    def _settle(self) -> None:
        if not self.done:
            self.done = True
            _WhileRunning.end()
