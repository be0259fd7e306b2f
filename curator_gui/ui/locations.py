"""Where the bundled ``seeds/`` and ``resources/`` folders are, in a source checkout and in an installed wheel."""
from __future__ import annotations

from pathlib import Path

import curator_gui


def bundled_dir(name: str) -> Path | None:
    """``curator_gui/<name>`` in a wheel, else ``<checkout>/<name>``; None when neither exists.

    The wheel location is tried first: beside an installed package, ``site-packages/<name>`` could belong to
    anything.
    """
    package = Path(curator_gui.__file__).resolve().parent
    for candidate in (package / name, package.parent / name):
        if candidate.is_dir():
            return candidate
    return None


def seeds_dir() -> Path | None:
    """The sample curations shipped with the program."""
    return bundled_dir("seeds")


def icons_dir() -> Path | None:
    """The SVG icons shipped with the program."""
    resources = bundled_dir("resources")
    return resources / "icons" if resources else None
