"""Helpers for the window tests of changes to many files: a folder in both topic shapes with CRLF and BOM files
(every mtime in the past, so a rewrite shows), and driving the change flow (preview, writing, waiting)."""
from __future__ import annotations

import difflib
import os
from pathlib import Path

from ui_support import WAIT, curation_text, legacy_curation_text

BOM = b"\xef\xbb\xbf"
PAST_NS = 1_600_000_000 * 10**9
TELE = "Symplur: #telehealth"


def make_folder(root: Path) -> Path:
    """Five curations: newer shape (plain, CRLF + BOM), older shape (plain, CRLF), one without the topic."""
    root.mkdir(parents=True, exist_ok=True)
    newer = curation_text("Clinics Try Video Visits", "https://clinics.example.org/video",
                          categories=(TELE, "Healthcare IT News: Patient Care"))
    newer_crlf = curation_text("Rural Hospitals Share Specialists", "https://rural.example.com/share",
                               categories=("HIMSS: Interoperability", TELE), date="2023-05-02")
    older = legacy_curation_text("Night Nurses Try Quieter Alarms", "https://wardnotes.example.org/alarms",
                                 ("Medigy: Nursing", TELE))
    older_crlf = legacy_curation_text("Pharmacists Answer Chats", "https://pharm.example.net/chat",
                                      (TELE, "Symplur: #pharmacy"))
    other = curation_text("Insurers Publish Prices", "https://prices.example.com/list",
                          categories=("HIMSS: Interoperability",), date="2022-01-09")
    files = {"newer.md": newer.encode(), "newer-crlf-bom.md": BOM + newer_crlf.replace("\n", "\r\n").encode(),
             "older.md": older.encode(), "older-crlf.md": older_crlf.replace("\n", "\r\n").encode(),
             "other.md": other.encode()}
    for name, raw in files.items():
        path = root / name
        path.write_bytes(raw)
        os.utime(path, ns=(PAST_NS, PAST_NS))
    return root


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and mtime, temporary files included (a leftover shows)."""
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def changed_lines(before: bytes, after: bytes) -> list[str]:
    """The lines that differ ('- old', '+ new'), line ends kept out of the comparison."""
    old = before.decode("utf-8-sig").split("\n")
    new = after.decode("utf-8-sig").split("\n")
    return [line for line in difflib.ndiff(old, new) if line[:2] in ("- ", "+ ")]


def run_previewed(qtbot, window, start) -> object:
    """Call ``start()`` (something that starts a change), wait for the preview, apply it, wait until written;
    returns the preview dialog's rows."""
    flow = window.edits.flow
    assert start() is not False
    qtbot.waitUntil(lambda: flow.preview is not None, timeout=WAIT)
    preview = flow.preview
    rows = list(preview.rows)
    preview.apply_button.click()
    wait_idle(qtbot, window)
    return rows


def wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.edits.flow.busy, timeout=WAIT)
    window.model.flush()
