"""The order Tab walks the main window: the only place that decides it.

The window reads top to bottom, left to right, and Tab follows: the URL box and its Fetch button, the list's
filter, "Problems only" and the list, the bulk form (while several files are selected), the record's fields top to
bottom with the review panel and the problem list, then the folder-wide views beside the list (Topics, Find in
Files), and from there back to the URL box. What is hidden is skipped (a folded field, a closed view, the bulk form
while one record is shown), so one ring serves every state of the window. The window asks :meth:`TabRing.next_stop`
where Tab goes, rather than leaving it to Qt's chain of every widget it ever made (which also holds Qt's own
widgets, such as the empty tab bar of the docked views, and does not close the ring by itself).
"""
from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QWidget


def tab_stops(container: QWidget) -> list[QWidget]:
    """The widgets inside ``container`` that Tab stops at, in the order Tab visits them now (the order they were
    made in, unless changed): for a part whose own order is right, such as a view made by another module."""
    stops: list[QWidget] = []
    widget = container.nextInFocusChain()
    seen = {container}
    while widget is not None and widget not in seen:
        seen.add(widget)
        # a scroll area is a frame around the widgets that take the keyboard, not a stop of its own
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and container.isAncestorOf(widget) \
                and widget.focusProxy() is None and not isinstance(widget, QScrollArea):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


class TabRing:
    """Keeps the window's Tab order (see the module docstring). ``parts()`` gives the widgets in reading order; it
    is asked again (cheaply) whenever the widgets may have changed, and the order is set only when it differs."""

    def __init__(self, parts: Callable[[], Iterable[QWidget]]):
        self.parts = parts
        self._chain: list[QWidget] = []

    def update(self) -> None:
        """Put the widgets in order again (widgets made later, such as topic chips, go to their place)."""
        chain = list(dict.fromkeys(self.parts()))  # each once, in its first place
        if chain == self._chain:
            return
        self._chain = chain
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def next_stop(self, current: QWidget | None, forward: bool = True) -> QWidget | None:
        """Where Tab (``forward``) or Shift+Tab goes from ``current``: the next widget of the ring that is shown,
        enabled and takes the keyboard; None when ``current`` is not one of the ring (Qt's own order applies)."""
        chain = self._chain
        if current is None or current not in chain:
            return None
        here, step = chain.index(current), 1 if forward else -1
        for distance in range(1, len(chain)):
            candidate = chain[(here + step * distance) % len(chain)]
            if candidate.isVisible() and candidate.isEnabled() and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus:
                return candidate
        return None
