"""Window state and recent folders in QSettings: the only place the program remembers anything between runs.

Under ``$CURATOR_GUI_CONFIG_DIR`` (set by the test suite, or by a person who wants a portable set-up) the
settings are an INI file in that folder; otherwise they go where the platform keeps an application's settings.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

MAX_RECENT = 10
_ORGANIZATION = "curator-gui"
_APPLICATION = "curator-gui"


def open_settings() -> QSettings:
    """The program's QSettings (an INI file under ``$CURATOR_GUI_CONFIG_DIR`` when that is set)."""
    folder = os.environ.get("CURATOR_GUI_CONFIG_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return QSettings(str(Path(folder) / "curator-gui.ini"), QSettings.Format.IniFormat)
    return QSettings(_ORGANIZATION, _APPLICATION)


class Settings:
    """Typed access to the few values kept: recent folders, the curator's name, window geometry and state,
    splits' proportions."""

    def __init__(self, store: QSettings | None = None):
        self.store = store if store is not None else open_settings()

    # --- recent folders ---------------------------------------------------------------------------------

    def recent_folders(self) -> list[str]:
        """Most recent first, at most ten; folders that no longer exist are left out."""
        raw = self.store.value("recentFolders", "[]")
        try:
            folders = json.loads(raw) if isinstance(raw, str) else []
        except ValueError:
            folders = []
        return [f for f in folders if isinstance(f, str) and os.path.isdir(f)][:MAX_RECENT]

    def add_recent_folder(self, folder: str) -> None:
        folder = os.path.abspath(folder)
        folders = [folder] + [f for f in self.recent_folders() if f != folder]
        # JSON text rather than a QSettings list: an INI file turns a one-item list into a plain string.
        self.store.setValue("recentFolders", json.dumps(folders[:MAX_RECENT]))

    def last_folder(self) -> str | None:
        recent = self.recent_folders()
        return recent[0] if recent else None

    # --- the curator ------------------------------------------------------------------------------------

    def curator_name(self) -> str:
        """The name the person set as theirs ('' when none is set)."""
        value = self.store.value("curator/name", "")
        return " ".join(value.split()) if isinstance(value, str) else ""

    def set_curator_name(self, name: str) -> None:
        """Keep ``name`` as the person's curator name ('' forgets it); asking for it is then over."""
        self.store.setValue("curator/name", " ".join(name.split()))
        self.store.setValue("curator/asked", "yes")
        self.store.sync()

    def curator_asked(self) -> bool:
        """Whether the person was already asked for their name (they are asked once)."""
        return self.store.value("curator/asked", "") == "yes"

    # --- window state -----------------------------------------------------------------------------------

    def save_bytes(self, key: str, value: QByteArray) -> None:
        self.store.setValue(f"window/{key}", value)

    def load_bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(f"window/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def load_list(self, key: str) -> list | None:
        """A list kept under ``key`` (None when there is none, or it is not a list)."""
        raw = self.store.value(key)
        try:
            value = json.loads(raw) if isinstance(raw, str) else None
        except ValueError:
            return None
        return value if isinstance(value, list) else None

    def save_list(self, key: str, value: list) -> None:
        """Keep ``value`` (JSON text: an INI file would turn a one-item list into a plain string)."""
        self.store.setValue(key, json.dumps(value))

    def sync(self) -> None:
        self.store.sync()

    def restore_layout(self, window: QMainWindow, splits: dict[str, "Split"]) -> None:
        """Put back the window's geometry, its docks and toolbars, and the named splits' proportions."""
        geometry = self.load_bytes("geometry")
        if geometry is not None:
            window.restoreGeometry(geometry)
        for name, split in splits.items():
            shares = self._load_shares(name, len(split.bounds))
            if shares is not None and split.sane(shares):
                split.restore(shares)
        state = self.load_bytes("state")
        if state is not None:
            window.restoreState(state)

    def save_layout(self, window: QMainWindow, splits: dict[str, "Split"]) -> None:
        """Remember what :meth:`restore_layout` puts back."""
        self.save_bytes("geometry", window.saveGeometry())
        self.save_bytes("state", window.saveState())
        for name, split in splits.items():
            shares = split.shares()
            if shares is not None and split.sane(shares):
                self.store.setValue(f"split/{name}", json.dumps([round(s, 4) for s in shares]))
            else:  # a squeezed part is never remembered: the next start uses the default proportions
                self.store.remove(f"split/{name}")
        self.sync()

    def _load_shares(self, name: str, count: int) -> list[float] | None:
        raw = self.store.value(f"split/{name}")
        try:
            shares = json.loads(raw) if isinstance(raw, str) else None
        except ValueError:
            return None
        if (not isinstance(shares, list) or len(shares) != count
                or not all(isinstance(s, (int, float)) and s >= 0 for s in shares) or sum(shares) <= 0):
            return None
        return [s / sum(shares) for s in shares]


class Split:
    """A splitter whose proportions are remembered only while they are sane: each part's share of the splitter
    between its (lowest, highest), so a squeezed part is never remembered squeezed. ``parts`` picks the
    splitter's widgets that count (a panel that comes and goes, such as the review, is left out)."""

    def __init__(self, splitter: QSplitter, bounds: list[tuple[float, float]], parts: list[int] | None = None,
                 sizes: Callable[[], list[int]] | None = None, apply: Callable[[list[int]], None] | None = None):
        self.splitter = splitter
        self._apply = apply if apply is not None else splitter.setSizes
        self.bounds = bounds
        self.parts = parts if parts is not None else list(range(len(bounds)))
        self._sizes = sizes

    def shares(self) -> list[float] | None:
        """The parts' current shares (None before the splitter has a size)."""
        sizes = self._sizes() if self._sizes is not None else [self.splitter.sizes()[i] for i in self.parts]
        total = sum(sizes)
        return [size / total for size in sizes] if total > 0 else None

    def sane(self, shares: list[float]) -> bool:
        """Whether every share is within its part's bounds."""
        return len(shares) == len(self.bounds) and all(low <= share <= high
                                                       for share, (low, high) in zip(shares, self.bounds))

    def restore(self, shares: list[float]) -> None:
        """Give the parts ``shares`` of the splitter; the others get nothing."""
        sizes = [0] * self.splitter.count()
        for part, share in zip(self.parts, shares):
            sizes[part] = max(1, round(share * 10_000))
        self._apply(sizes)
