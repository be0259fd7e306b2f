"""Background work: the only place that runs callables off the GUI thread and brings their results back.

A task is a plain function run on a private QThreadPool. Its outcome comes back to the GUI thread through one
queued signal and is handed to the caller's callback only while the task's :class:`Ticket` is still live: a
cancelled or superseded ticket drops the result on the floor, so a late answer can never land where it no
longer belongs. Tasks must not touch widgets; callbacks run on the GUI thread and may.
"""
from __future__ import annotations

import itertools
import traceback
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from curator_gui.core.errors import CuratorError
from curator_gui.ui.lifetime import StopOnce


@dataclass(eq=False)
class Ticket:
    """One submitted task. ``context`` is whatever the caller needs to route the result (e.g. its record)."""

    number: int
    label: str
    context: Any = None
    live: bool = True
    on_done: Callable[[Any], None] | None = field(default=None, repr=False)
    on_error: Callable[[str], None] | None = field(default=None, repr=False)


class _Relay(QObject):
    """Lives on the GUI thread; workers emit through it, so the slots run there (queued connection)."""

    finished = Signal(int, object)
    failed = Signal(int, str)


class _Job(QRunnable):
    def __init__(self, number: int, function: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.number = number
        self.function = function
        self.relay = relay

    def run(self) -> None:  # worker thread: no widgets here
        try:
            result = self.function()
        except CuratorError as error:
            self.relay.failed.emit(self.number, str(error))
        except Exception as error:  # noqa: BLE001 - reported as one readable line, never lost silently
            traceback.print_exc()
            self.relay.failed.emit(self.number, f"internal error: {type(error).__name__}: {error}")
        else:
            self.relay.finished.emit(self.number, result)


def _drain(pool: QThreadPool) -> None:
    pool.clear()
    pool.waitForDone()


class TaskRunner(QObject):
    """Runs functions on a thread pool; see the module docstring."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 4):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_relay_finished)
        self._relay.failed.connect(self._on_relay_failed)
        self._tickets: dict[int, Ticket] = {}
        self._numbers = itertools.count(1)
        # Before the program ends, tasks still running are waited for (each ends at its own deadline): a pool
        # thread running Python while the interpreter shuts down can crash it.
        StopOnce(self, partial(_drain, self._pool))

    def submit(self, function: Callable[[], Any], *, label: str = "", context: Any = None,
               on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[str], None] | None = None) -> Ticket:
        """Run ``function()`` in the background; ``on_done(result)`` or ``on_error(message)`` follow on the GUI
        thread, unless the ticket was cancelled first."""
        ticket = Ticket(next(self._numbers), label, context, True, on_done, on_error)
        self._tickets[ticket.number] = ticket
        self._pool.start(_Job(ticket.number, function, self._relay))
        return ticket

    def cancel(self, ticket: Ticket | None) -> None:
        """Drop the ticket's result whenever it comes (the work itself stops at its own deadline)."""
        if ticket is not None:
            ticket.live = False
            self._tickets.pop(ticket.number, None)

    def pending(self) -> list[Ticket]:
        return list(self._tickets.values())

    def wait(self, msecs: int = -1) -> bool:
        """Block until running tasks end (tests and shutdown only)."""
        return self._pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 2000) -> None:
        """Forget every ticket and give running tasks a moment to end."""
        for ticket in list(self._tickets.values()):
            self.cancel(ticket)
        self._pool.clear()
        self._pool.waitForDone(msecs)

    def _take(self, number: int) -> Ticket | None:
        ticket = self._tickets.pop(number, None)
        return ticket if ticket is not None and ticket.live else None

    def _on_relay_finished(self, number: int, result: Any) -> None:
        ticket = self._take(number)
        if ticket is not None:
            ticket.live = False
            if ticket.on_done:
                ticket.on_done(result)

    def _on_relay_failed(self, number: int, message: str) -> None:
        ticket = self._take(number)
        if ticket is not None:
            ticket.live = False
            if ticket.on_error:
                ticket.on_error(message)
