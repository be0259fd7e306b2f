"""The image findings (CG501-CG506): the only place that compares a record's images with the files beside it.

* CG501/CG506: the featured image / site icon file the record names is not beside the .md;
* CG502: the file's real format is not the recorded one, or the file is no usable image at all;
* CG503: the file's pixel size is not the recorded one, in the file's own order (see :mod:`.record`);
* CG504 (info): ``href`` is still an address, not downloaded yet;
* CG505 (info, folder check): an image file named like a curation's image that no curation names.

A finding is ``(code, field, message)``; validation places it at its field. The folder index makes the same
findings from facts it read in its worker processes and keeps in its cache (:mod:`.index_media`), so a warm
listing opens no image whose stat is unchanged.
"""
from __future__ import annotations

import os
import re
from typing import Callable, Iterable

from curator_gui.core.media.facts import FileFacts, read_file_facts
from curator_gui.core.media.imagecheck import FAVICON, FEATURED, KINDS, kind_label
from curator_gui.core.media.record import RecordedImage, recorded_image, size_as_recorded, size_order

Finding = tuple[str, str, str]
#: Image files named after a curation: ``<stem>-featuredImage.<ext>``, ``<stem>-favIconImage.<ext>``.
IMAGE_FILE_NAME = re.compile(r"^(?P<stem>[^.].*)-(?:featuredImage|favIconImage)\.[A-Za-z0-9]{1,5}$")
_MISSING_CODE = {FEATURED: "CG501", FAVICON: "CG506"}
_SAME_FORMAT = {"JPG": "JPEG"}


def missing_finding(kind: str, href: str) -> Finding:
    from curator_gui.core.problems import featured_image_message

    if kind == FEATURED:
        return "CG501", f"{kind}.href", featured_image_message(href)
    return _MISSING_CODE[kind], f"{kind}.href", f"site icon file {href!r} is not beside the .md file"


def remote_findings(data: dict) -> list[Finding]:
    """CG504 for each image whose ``href`` is still an address."""
    found = []
    for kind in KINDS:
        image = recorded_image(data, kind)
        if image.is_remote:
            found.append(("CG504", f"{kind}.href", f"the {kind_label(kind)} is not downloaded yet ({kind}.href is "
                                                   f"an address; 'curator-gui image' stores it beside the .md)"))
    return found


def file_findings(image: RecordedImage, found: FileFacts, order: str) -> list[Finding]:
    """CG502/CG503 for an image file that is there: what it really is against what the record says."""
    label, kind = kind_label(image.kind), image.kind
    if found.facts is None:
        return [("CG502", f"{kind}.href", f"{label} file {image.href!r} {found.fault}")]
    facts, findings = found.facts, []
    recorded = image.format.strip().upper() if isinstance(image.format, str) else None
    if recorded and _SAME_FORMAT.get(recorded, recorded) != facts.format:
        findings.append(("CG502", f"{kind}.format", f"{kind}.format is {image.format.strip()!r}, but "
                                                    f"{image.href!r} is a {facts.format} image"))
    size = image.size
    if facts.format != "ICO" and is_pair(size):  # an icon file holds several sizes; the record may name any
        expected = size_as_recorded(facts, order)
        if list(size) != expected:
            axes = "[width, height]" if expected == [facts.width, facts.height] else "[height, width]"
            swapped = list(size) == expected[::-1]
            detail = (f"the wrong way round: this file records sizes as {axes}" if swapped
                      else f"but {image.href!r} is {facts.width}×{facts.height} pixels")
            findings.append(("CG503", f"{kind}.size", f"{kind}.size is {list(size)}, {detail} "
                                                      f"(expected {expected})"))
    return findings


def is_pair(size) -> bool:
    """True for two whole numbers, the shape of a recorded size."""
    return isinstance(size, list) and len(size) == 2 and all(
        isinstance(n, int) and not isinstance(n, bool) for n in size)


def image_present(path: str, href: str, names: set[str] | None) -> bool:
    """Whether the image file ``href`` (at ``path``) is beside its curation: its name is in the folder's listing
    ``names`` (the folder index's: files and links, never folders), or, for a name with a folder in it or without a
    listing, something that is not a folder is there. A dangling link or a named pipe is there (and is then no
    usable image: CG502); a folder under the name is not (CG501)."""
    if names is not None and "/" not in href and "\\" not in href:
        return href in names
    return os.path.lexists(path) and not os.path.isdir(path)


def check_image_files(report: Callable[[str, str, str], None], doc, sibling_names: Iterable[str] | None) -> None:
    """The findings about the image files a document names (CG501, CG502, CG503, CG506): files looked up among
    ``sibling_names`` (the folder's names; listed when None), facts read and remembered by the file's stat."""
    data = doc.data
    if doc.path is None:
        return
    names = set(sibling_names) if sibling_names is not None else None
    order = None
    for kind in KINDS:
        image = recorded_image(data, kind)
        if not image.is_local:
            continue
        path = doc.path.parent / image.href
        # (a window's listing holds folders too: a folder under the name is no file, as for the folder index)
        if not image_present(str(path), image.href, names) or (names is not None and os.path.isdir(path)):
            report(*missing_finding(kind, image.href))
            continue
        order = order or size_order(doc)
        for finding in file_findings(image, read_file_facts(path), order):
            report(*finding)


# --- the folder check ------------------------------------------------------------------------------------------

def unreferenced_images(rows: list, names_by_dir: dict[str, set[str]]) -> list:
    """CG505 problems (at their default severity) for image files named like a curation's image
    (``<stem>-featuredImage.<ext>``) that no curation of their folder names.

    A folder is judged only when every curation in it is among ``rows`` and read (else a reference could be
    missed); an image whose ``<stem>.md`` could not be read is not judged either.
    """
    from curator_gui.core.problems import Problem
    from curator_gui.core.rules import BY_CODE

    candidates_by_folder = {}
    for folder, names in names_by_dir.items():
        candidates = [name for name in names if "Image." in name and IMAGE_FILE_NAME.match(name)]
        if candidates:
            candidates_by_folder[folder] = candidates
    if not candidates_by_folder:
        return []
    by_folder: dict[str, list] = {}
    for row in rows:
        folder = row.path.rpartition(os.sep)[0]
        if folder in candidates_by_folder:
            by_folder.setdefault(folder, []).append(row)
    problems = []
    for folder, candidates in candidates_by_folder.items():
        names = names_by_dir[folder]
        folder_rows = by_folder.get(folder, [])
        if not folder_rows or any(not row.parsed for row in folder_rows):
            continue
        listed = {os.path.basename(row.path) for row in folder_rows}
        if any(name.endswith(".md") and not name.startswith(".") and name not in listed for name in names):
            continue
        named: set[str] = set()
        unreadable: set[str] = set()
        for row in folder_rows:
            named.update(row.local_image_names)
            if "CG001" in row.codes:
                unreadable.add(os.path.basename(row.path)[:-3])
        for name in sorted(candidates):
            stem = IMAGE_FILE_NAME.match(name)["stem"]
            if name in named or stem in unreadable:
                continue
            own = os.path.join(folder, stem + ".md")
            if stem + ".md" in listed:
                row = next(r for r in folder_rows if r.path == own)
                names_instead = sorted(row.local_image_names)
                detail = (f"{stem}.md names {', '.join(repr(n) for n in names_instead)} instead" if names_instead
                          else f"{stem}.md names no image file")
                related = (own,)
            else:
                detail, related = f"there is no {stem}.md beside it", ()
            problems.append(Problem(os.path.join(folder, name), 1, 1, BY_CODE["CG505"].severity, "",
                                    f"image file not named by any curation ({detail})", "CG505", related))
    return problems
