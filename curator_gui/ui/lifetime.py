"""When background work ends: the only place that ties stopping a thread to the program's and its owner's end.

Qt aborts the whole process when a QThread object is destroyed while its thread still runs, and a thread that
runs Python code while the interpreter shuts down can crash it. So every owner of a thread registers how to stop
it here, and that happens once, on the first of: the owner's own shutdown, the application's ``aboutToQuit``,
the owner's destruction (a window deleted), or the interpreter's exit (a script that never ran an event loop).
"""
from __future__ import annotations

import atexit
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject

_LIVE: list["StopOnce"] = []  # stoppers not called yet, for the interpreter's exit


class StopOnce:
    """Calls ``stop`` at most once; see the module docstring.

    ``stop`` must not refer to ``owner`` itself: it may run while the owner is being destroyed, when the owner's
    Python side is already gone. Hand it the thread and whatever else it needs instead.
    """

    def __init__(self, owner: QObject, stop: Callable[[], None]):
        self._stop: Callable[[], None] | None = stop
        self._app = QCoreApplication.instance()
        if self._app is not None:
            self._app.aboutToQuit.connect(self)
        owner.destroyed.connect(self)
        _LIVE.append(self)

    @property
    def stopped(self) -> bool:
        """Whether ``stop`` has run (or is running)."""
        return self._stop is None

    def __call__(self, *_args) -> None:
        stop, self._stop = self._stop, None
        if stop is None:
            return
        if self in _LIVE:
            _LIVE.remove(self)
        if self._app is not None:
            try:
                self._app.aboutToQuit.disconnect(self)
            except (RuntimeError, TypeError):  # the application is already gone
                pass
            self._app = None
        stop()


def _stop_all() -> None:
    for stopper in list(reversed(_LIVE)):
        stopper()


# Registered after PySide6 is imported (above), so it runs before PySide6's own exit handler tears Qt down:
# exit handlers run last registered first.
atexit.register(_stop_all)
