"""A folder of curations for the folder-wide edit tests: both topic shapes, both dialects, CRLF and BOM files,
every file's mtime set in the past (so a rewrite shows), and byte-level comparisons of two versions."""
from __future__ import annotations

import os
from pathlib import Path

from curation_samples import CURRENT_NEW, CURRENT_OLD, LEGACY, NO_TOPICS

#: The oldest dialect with 'Symplur: #telehealth' among its legacy topics (so a rename reaches both shapes).
LEGACY_TELEHEALTH = (LEGACY.replace("'Symplur: -hash-nursing'", "'Symplur: -hash-telehealth'")
                     .replace('"Symplur: #nursing"', '"Symplur: #telehealth"'))
BOM = b"\xef\xbb\xbf"
PAST_NS = 1_600_000_000 * 10**9

FILES = {
    "legacy.md": LEGACY.encode(),
    "legacy-tele.md": LEGACY_TELEHEALTH.encode(),
    "legacy-tele-crlf.md": LEGACY_TELEHEALTH.replace("\n", "\r\n").encode(),
    "current-old.md": CURRENT_OLD.encode(),
    "current-old-crlf-bom.md": BOM + CURRENT_OLD.replace("\n", "\r\n").encode(),
    "current-new.md": CURRENT_NEW.encode(),
    "current-new-bom.md": BOM + CURRENT_NEW.encode(),
    "no-topics.md": NO_TOPICS.encode(),
}
#: The files above that carry 'Symplur: #telehealth'.
TELEHEALTH = {"legacy-tele.md", "legacy-tele-crlf.md", "current-old.md", "current-old-crlf-bom.md",
              "current-new.md", "current-new-bom.md"}


def make_folder(folder: Path, files: dict[str, bytes] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, raw in (files or FILES).items():
        path = folder / name
        path.write_bytes(raw)
        os.utime(path, ns=(PAST_NS, PAST_NS))
    return folder


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and mtime (temporary files included, so a leftover shows)."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir()) if p.is_file()}


def blocks(lines: list[str], indent: str) -> dict[str, list[str]]:
    """The entries of a block mapping whose keys sit at ``indent``: key -> its lines (the key line first)."""
    found: dict[str, list[str]] = {}
    key = ""
    for line in lines:
        if line.startswith(indent) and line[len(indent):len(indent) + 1] not in (" ", "-", "", "\r") and ":" in line:
            key = line[len(indent):].split(":", 1)[0]
        found.setdefault(key, []).append(line)
    return found


def changed_entries(before: bytes, after: bytes) -> set[str]:
    """The entries whose lines differ between two versions of a file (``openProjectCustomFields`` named by its
    own entries), after checking that the BOM, the line ends of every line, the delimiters and the body are the
    same."""
    assert before.startswith(BOM) == after.startswith(BOM)
    crlf = b"\r\n" in before
    lines_after = after.split(b"\n")[:-1]
    assert all(line.endswith(b"\r") == crlf for line in lines_after), "every line keeps the file's line end"
    old_head, _, old_body = before.partition(b"\n---")
    new_head, _, new_body = after.partition(b"\n---")
    assert old_body == new_body, "the body and the closing delimiter are kept"
    old = blocks(old_head.decode("utf-8-sig").split("\n"), "")
    new = blocks(new_head.decode("utf-8-sig").split("\n"), "")
    changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    if "openProjectCustomFields" in changed:
        changed.discard("openProjectCustomFields")
        inner_old = blocks(old.get("openProjectCustomFields", [])[1:], "  ")
        inner_new = blocks(new.get("openProjectCustomFields", [])[1:], "  ")
        changed |= {f"openProjectCustomFields.{key}" for key in inner_old.keys() | inner_new.keys()
                    if inner_old.get(key) != inner_new.get(key)}
    return changed
