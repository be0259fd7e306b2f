"""Recording an image in a curation's front matter: the only place that writes ``featuredImage``/``favIconImage``,
and that knows in which order a file records an image's size.

The order of ``size`` depends on the writer of the file. The oldest files (G1, written by PyYAML: sequences
flush under their key) record ``[width, height]``; the later ones (G2, written by a js-yaml style writer:
sequences indented) record ``[height, width]``. New files are written in the sample's dialect, which is the
later writer's, and the sample records a 1920×1080 picture as ``[1080, 1920]``: they record
``[height, width]`` too. The writer is read from the file's own layout
(:func:`curator_gui.core.dialect.indents_sequences`), never guessed from the numbers.

Every function here returns a new mapping (the window's undo keeps both); a save then rewrites only the
entries that changed (:class:`~curator_gui.core.document.Document`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from curator_gui.core.media.imagecheck import FAVICON, FEATURED, ImageFacts
from curator_gui.core.values import clone

WIDTH_HEIGHT = "width-height"
HEIGHT_WIDTH = "height-width"
#: The keys of an image map, in the order every file writes them (alphabetical, as it happens).
IMAGE_KEYS = ("alt", "format", "href", "size", "valid", "workPackage", "wpAttachment")
#: What a refused image keeps (the format's ``valid: false`` shape).
_REFUSED_KEYS = ("valid", "workPackage", "wpAttachment")
_ADDRESS = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.I)


def size_order(doc) -> str:
    """:data:`WIDTH_HEIGHT` for a file in the oldest (PyYAML) layout, else :data:`HEIGHT_WIDTH` (later files, the
    sample, and new files, which are written in the sample's dialect)."""
    from curator_gui.core.dialect import indents_sequences

    if doc.read_only or not doc.has_front_matter or doc.yaml_node is None:
        return WIDTH_HEIGHT if not doc.dialect.indent_sequences else HEIGHT_WIDTH
    return HEIGHT_WIDTH if indents_sequences(doc.yaml_node, doc.original_data) else WIDTH_HEIGHT


def size_as_recorded(facts: ImageFacts, order: str) -> list[int]:
    """``[width, height]`` or ``[height, width]``, as ``order`` says."""
    return [facts.width, facts.height] if order == WIDTH_HEIGHT else [facts.height, facts.width]


def is_address(href: str) -> bool:
    """True for an absolute URL (``https://…``, ``//host/…``): an image not yet downloaded."""
    return bool(_ADDRESS.match(href.strip()))


@dataclass(frozen=True)
class RecordedImage:
    """What a record says about one of its images (``kind``: ``featuredImage`` or ``favIconImage``)."""

    kind: str
    href: str  #: stripped; '' when none
    format: Any = None  #: as written (normally JPEG/PNG/GIF/WEBP/ICO)
    size: Any = None  #: as written (normally two whole numbers in the file's order)
    valid: Any = None

    @property
    def is_local(self) -> bool:
        """True when ``href`` names a file beside the curation."""
        return bool(self.href) and not is_address(self.href)

    @property
    def is_remote(self) -> bool:
        return bool(self.href) and is_address(self.href)


def recorded_image(data: dict, kind: str) -> RecordedImage:
    """The ``kind`` image of a record (an empty one when the record has none)."""
    image = data.get(kind) if isinstance(data, dict) else None
    if not isinstance(image, dict):
        return RecordedImage(kind, "")
    href = image.get("href")
    return RecordedImage(kind, href.strip() if isinstance(href, str) else "", image.get("format"),
                         image.get("size"), image.get("valid"))


def remote_image_address(data: dict, kind: str = FEATURED) -> str:
    """The address to download a record's image from when none is given: its ``href`` while that is still an
    address, else (for the featured image) the page's ``og:image``. '' when there is none."""
    found = recorded_image(data, kind)
    if found.is_remote:
        return found.href
    if kind != FEATURED:
        return ""
    og = data.get("openGraphMetaData")
    if isinstance(og, list):  # the oldest files keep the map in a one-item list
        og = og[0] if og and isinstance(og[0], dict) else None
    value = og.get("ogimage") if isinstance(og, dict) else None
    return value.strip() if isinstance(value, str) and is_address(value) else ""


def with_image(data: dict, kind: str, href: str, facts: ImageFacts, order: str) -> dict:
    """A copy of ``data`` whose ``kind`` map records the image file ``href`` (its name beside the curation).

    Sets ``href``, ``format``, ``size`` (in ``order``: :func:`size_order` of the file) and ``valid: true``;
    adds ``alt`` (the title: it follows the title from then on) and ``workPackage`` (the record's ``id``) only when
    the map lacks them, and never touches ``wpAttachment`` (the tracker's attachment). Keys already there keep
    their place; new ones take their usual place among them.
    """
    after = clone(data)
    image = after.get(kind)
    image = dict(image) if isinstance(image, dict) else {}
    title = after.get("title")
    if "alt" not in image and isinstance(title, str) and title.strip():
        image["alt"] = title
    image.update({"format": facts.format, "href": href, "size": size_as_recorded(facts, order), "valid": True})
    record_id = after.get("id")
    if "workPackage" not in image and isinstance(record_id, int) and not isinstance(record_id, bool):
        image["workPackage"] = record_id
    after[kind] = _in_usual_order(image, data.get(kind))
    return after


def with_image_refused(data: dict, kind: str) -> dict:
    """A copy of ``data`` recording that its ``kind`` image could not be used: ``{valid: false, workPackage,
    wpAttachment}`` (the format's shape; ``workPackage`` added from ``id`` when missing)."""
    after = clone(data)
    image = after.get(kind)
    image = dict(image) if isinstance(image, dict) else {}
    kept = {key: image[key] for key in _REFUSED_KEYS if key in image}
    kept["valid"] = False
    record_id = after.get("id")
    if "workPackage" not in kept and isinstance(record_id, int) and not isinstance(record_id, bool):
        kept["workPackage"] = record_id
    after[kind] = _in_usual_order(kept, data.get(kind))
    return after


def with_image_removed(data: dict, kind: str) -> dict:
    """A copy of ``data`` without its ``kind`` image: ``href``, ``format``, ``size`` and ``valid`` go, ``alt`` and
    the tracker's ``workPackage``/``wpAttachment`` stay; a map left empty becomes null (the site's "no image")."""
    after = clone(data)
    image = after.get(kind)
    if not isinstance(image, dict):
        return after
    kept = {key: value for key, value in image.items() if key not in ("href", "format", "size", "valid")}
    after[kind] = kept or None
    return after


def _in_usual_order(image: dict, before: Any) -> dict:
    """Keys that were there first, in their order, with new keys at their usual place when the old ones were
    in the usual order (else after them)."""
    old_keys = list(before) if isinstance(before, dict) else []
    known = [key for key in old_keys if key in IMAGE_KEYS]
    usual = known == sorted(known, key=IMAGE_KEYS.index) and len(known) == len(old_keys)
    if usual:
        return {key: image[key] for key in sorted(image, key=lambda k: IMAGE_KEYS.index(k)
                                                  if k in IMAGE_KEYS else len(IMAGE_KEYS))}
    ordered = {key: image[key] for key in old_keys if key in image}
    ordered.update((key, image[key]) for key in image if key not in ordered)
    return ordered


__all__ = ["FAVICON", "FEATURED", "HEIGHT_WIDTH", "IMAGE_KEYS", "RecordedImage", "WIDTH_HEIGHT", "is_address",
           "recorded_image", "remote_image_address", "size_as_recorded", "size_order", "with_image",
           "with_image_refused", "with_image_removed"]
