"""Problem marks on widgets: the only place that mixes a severity's colour into a widget's palette.

Colours are mixed from the palette in use, so light and dark palettes both stay readable; after a palette change
:func:`follow_palette` mixes them again from the new one.
"""
from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from curator_gui.core.problems import ERROR, INFO, WARNING, Problem
from curator_gui.core.rules import BY_CODE

#: Each severity's colour, and how much of it is mixed in: an info hint is a light touch of blue, never the
#: warning's amber.
_TINTS = {ERROR: (QColor(220, 50, 47), 0.22), WARNING: (QColor(230, 160, 0), 0.2), INFO: (QColor(38, 139, 210), 0.1)}
#: Severities, worst first (what sorts problems and picks a field's mark).
SEVERITY_RANK = {ERROR: 0, WARNING: 1, INFO: 2}


def tinted(base: QColor, severity: str) -> QColor:
    """``base`` mixed with the severity's colour: readable on light and dark palettes alike."""
    tint, share = _TINTS[severity]
    return QColor(round(base.red() * (1 - share) + tint.red() * share),
                  round(base.green() * (1 - share) + tint.green() * share),
                  round(base.blue() * (1 - share) + tint.blue() * share))


def worst(problems: list[Problem]) -> str | None:
    """The worst severity among ``problems`` ("error", "warning", "info"), None without any."""
    found = [p.severity for p in problems if p.severity in SEVERITY_RANK]
    return min(found, key=SEVERITY_RANK.__getitem__) if found else None


def counted(problems: list[Problem]) -> tuple[int, int]:
    """(errors, warnings) among ``problems``: info hints are shown but never counted as problems."""
    errors = sum(p.severity == ERROR for p in problems)
    return errors, sum(p.severity == WARNING for p in problems)


def count_text(errors: int, warnings: int, infos: int = 0) -> str:
    """'1 error, 2 warnings' (parts that are 0 left out; info hints named only when given)."""
    parts = [f"{errors} error{'s' * (errors != 1)}"] if errors else []
    parts += [f"{warnings} warning{'s' * (warnings != 1)}"] if warnings else []
    parts += [f"{infos} info"] if infos else []
    return ", ".join(parts)


def rule_text(problem: Problem) -> str:
    """'CG101 title-too-long: why the rule exists' ('' for a finding without a known rule)."""
    rule = BY_CODE.get(problem.code)
    return f"{rule.code} {rule.name}: {rule.summary}" if rule else ""


def problem_text(problems: list[Problem]) -> str:
    """The problems as tooltip lines ("Warning: message", then the rule's code, name and reason)."""
    lines = []
    for problem in problems:
        lines.append(f"{problem.severity.capitalize()}: {problem.message}")
        rule = rule_text(problem)
        if rule:
            lines.append(f"    {rule}")
    return "\n".join(lines)


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
