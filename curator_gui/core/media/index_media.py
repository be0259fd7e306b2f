"""What the folder index keeps of a record's images: the only place that turns them into cache columns and makes
the image findings of a cached row.

A worker process reads each local image's header while it reads the curation (:func:`media_entries`) and the
row keeps two columns: the entries as JSON (recorded format, size and order, field positions, the file's facts
with the stat they were read at), and a one-line summary, ``media_state``: per image its name, that stat and
the codes of its findings. A warm listing uses only the summary: one ``stat`` per image that is there, compared
with the summary's; the JSON is decoded when an image changed (its header is read again) or when the problems'
texts are asked for. So a listing opens no image whose stat is unchanged, and decodes nothing for rows whose
images are as they were.
"""
from __future__ import annotations

import json
import os
import sys

from curator_gui.core.media.checks import file_findings, image_present, is_pair, missing_finding
from curator_gui.core.media.facts import file_facts_from_list, file_key, read_file_facts
from curator_gui.core.media.imagecheck import FEATURED, KINDS
from curator_gui.core.media.record import HEIGHT_WIDTH, WIDTH_HEIGHT, RecordedImage, recorded_image, size_order

#: The fields a finding may be placed at, in the order their positions are kept ((line, column) each).
_FIELDS = ("href", "format", "size")
_ORDERS = (WIDTH_HEIGHT, HEIGHT_WIDTH)
_ITEM, _PART = "\x1e", "\x1f"


def media_entries(doc, folder: str) -> list[dict]:
    """What the index keeps of a record's local images (in a worker process): per image its kind, ``href``, the
    recorded format and size, the file's size order, the positions of the fields, and the file's facts as read
    now (None when the file is not there). Plain data, stored as JSON."""
    entries = []
    for kind in KINDS:
        image = recorded_image(doc.data, kind)
        if not image.is_local:
            continue
        path = os.path.join(folder, image.href)
        found = read_file_facts(path) if os.path.lexists(path) else None
        fields = doc.data[kind]
        entries.append({
            "kind": kind, "href": image.href,
            "format": image.format if isinstance(image.format, str) else None,
            "size": list(image.size) if is_pair(image.size) else None,
            "order": size_order(doc),
            "at": [n for name in _FIELDS for n in doc.position_of((kind, name if name in fields else "href"))],
            "file": found.as_list() if found is not None else None,
        })
    return entries


def media_state(entries: list[dict]) -> str:
    """The summary column of ``entries``: ``kind␟href␟size:mtime:inode␟codes`` per image (stat and codes empty
    when the file was not there; the stat empty when it was there but could not be looked at, a dangling link),
    joined by ␞."""
    parts = []
    for entry in entries:
        known = file_facts_from_list(entry["file"]) if entry.get("file") else None
        key = "%d:%d:%d" % known.key if known is not None and known.key is not None else ""
        codes = " ".join(code for code, *_ in file_findings(_recorded(entry), known, entry["order"])) if known else ""
        parts.append(_PART.join((entry["kind"], entry["href"], key, codes)))
    return _ITEM.join(parts)


def sound_state(state: str) -> bool:
    """True when ``state`` has the shape :func:`media_state` makes (four parts per image)."""
    return not state or all(item.count(_PART) == 3 for item in state.split(_ITEM))


def sound_entries(value) -> bool:
    """True when ``value`` has the shape :func:`media_entries` makes (facts of the wrong shape are read again)."""
    if type(value) is not list:
        return False
    for entry in value:
        if type(entry) is not dict:
            return False
        at = entry.get("at")
        if entry.get("kind") not in KINDS or type(entry.get("href")) is not str or entry.get("order") not in _ORDERS \
                or type(at) is not list or len(at) != 6 or any(type(n) is not int for n in at):
            return False
    return True


def state_codes(state: str, folder: str, names: set[str] | None) -> tuple[list[str], frozenset[str], bool]:
    """From the summary alone: the codes of the findings now (a missing site icon's included, a missing featured
    image's left to the index's own check), the kinds whose file is missing (looked up in the folder's
    ``names``), and True when an image that is there has another stat than the summary says (then the entries
    must be read again: :func:`refresh_entries`). One ``stat`` per image that is there."""
    codes: list[str] = []
    missing: set[str] = set()
    for item in state.split(_ITEM):
        kind, href, key, found = item.split(_PART)
        path = folder + os.sep + href
        if not image_present(path, href, names):
            missing.add(kind)
            if kind != FEATURED:
                codes.append(missing_finding(kind, href)[0])
            continue
        try:
            st = os.stat(path)
        except OSError:  # there, but not to be looked at (a dangling link): as it was read, unless it was not so
            if key or not found:
                return codes, _kinds(missing), True
            codes.extend(map(sys.intern, found.split()))
            continue
        if key != "%d:%d:%d" % (st.st_size, st.st_mtime_ns, st.st_ino):
            return codes, _kinds(missing), True
        codes.extend(map(sys.intern, found.split()))  # kept by 100,000 rows: one string per code
    return codes, _kinds(missing), False


#: The sets of image kinds rows keep: a handful of distinct ones, each kept once however many rows hold it.
_KINDS: dict[frozenset[str], frozenset[str]] = {}


def _kinds(missing: set[str]) -> frozenset[str]:
    """``missing`` as the frozenset a row keeps, shared with every row that misses the same kinds."""
    kinds = frozenset(missing)
    return _KINDS.setdefault(kinds, kinds)


def stat_changed(state: str, folder: str) -> bool:
    """True when an image file that was looked at when ``state`` was made has another stat now (rewritten, replaced
    or gone): a cheap look, one ``stat`` per such image, for a folder watched for changes by other programs."""
    for item in state.split(_ITEM):
        _kind, href, key, _found = item.split(_PART)
        if key:
            try:
                st = os.stat(folder + os.sep + href)
            except OSError:
                return True
            if key != "%d:%d:%d" % (st.st_size, st.st_mtime_ns, st.st_ino):
                return True
    return False


def refresh_entries(entries: list[dict], folder: str) -> None:
    """Read again the facts of every entry whose file's stat is not the one they were read at."""
    for entry in entries:
        path = os.path.join(folder, entry["href"])
        known = file_facts_from_list(entry["file"]) if entry.get("file") else None  # None also for a damaged one
        try:
            key = file_key(os.stat(path))
        except OSError:
            key = None
        if known is None or key is None or known.key != key:
            fresh = read_file_facts(path) if os.path.lexists(path) else None
            entry["file"] = fresh.as_list() if fresh is not None else None


def entry_findings(entry: dict, missing: bool) -> list[tuple]:
    """The findings of one entry as ``(code, field, message, line, column)``, from its stored facts."""
    at = {name: entry["at"][2 * i:2 * i + 2] for i, name in enumerate(_FIELDS)}
    if missing:
        code, field, message = missing_finding(entry["kind"], entry["href"])
        return [(code, field, message, *at["href"])]
    known = file_facts_from_list(entry["file"]) if entry.get("file") else None
    if known is None:
        return []
    return [(code, field, message, *at[field.rsplit(".", 1)[1]])
            for code, field, message in file_findings(_recorded(entry), known, entry["order"])]


def _recorded(entry: dict) -> RecordedImage:
    return RecordedImage(entry["kind"], entry["href"], entry.get("format"), entry.get("size"), True)


def decode_entries(media_json: str) -> list[dict]:
    """The entries of a cached row ([] for anything this version did not write)."""
    try:
        entries = json.loads(media_json) if media_json else []
    except ValueError:
        return []
    return entries if sound_entries(entries) else []
