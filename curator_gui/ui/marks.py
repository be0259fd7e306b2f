"""Problem marks on widgets: the only place that mixes a severity's colour into a widget's palette.

Colours are mixed from the palette in use, so light and dark palettes both stay readable; after a palette change
:func:`follow_palette` mixes them again from the new one.
"""
from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from curator_gui.core.problems import ERROR, Problem

_TINTS = {"error": QColor(220, 50, 47), "warning": QColor(230, 160, 0)}


def tinted(base: QColor, severity: str) -> QColor:
    """``base`` mixed with the severity's colour: readable on light and dark palettes alike."""
    tint = _TINTS[severity]
    share = 0.22 if severity == "error" else 0.2
    return QColor(round(base.red() * (1 - share) + tint.red() * share),
                  round(base.green() * (1 - share) + tint.green() * share),
                  round(base.blue() * (1 - share) + tint.blue() * share))


def worst(problems: list[Problem]) -> str | None:
    """The worst severity among ``problems`` ("error", "warning"), None without any."""
    if not problems:
        return None
    return "error" if any(p.severity == ERROR for p in problems) else "warning"


def problem_text(problems: list[Problem]) -> str:
    """The problems as tooltip lines ("Error: ...")."""
    return "\n".join(f"{p.severity.capitalize()}: {p.message}" for p in problems)


def mark_widget(widget: QWidget, severity: str | None,
                role: QPalette.ColorRole = QPalette.ColorRole.Base) -> None:
    """Tint a widget's ``role`` colour for a problem (or clear it) without freezing the rest of its palette."""
    if severity is None:
        if widget.property("problem"):
            widget.setProperty("problem", None)
            widget.setPalette(QPalette())  # back to inheriting everything from its parent
        return
    widget.setProperty("problem", severity)
    widget.setProperty("problemRole", int(role.value))
    base = QApplication.palette().color(role)
    palette = QPalette()
    palette.setColor(role, tinted(base, severity))
    widget.setPalette(palette)


def follow_palette(root: QWidget) -> None:
    """Tint every marked widget under ``root`` (``root`` included) again from the application's palette now."""
    for widget in [root, *root.findChildren(QWidget)]:
        severity = widget.property("problem")
        if severity:
            mark_widget(widget, severity, QPalette.ColorRole(widget.property("problemRole")))
