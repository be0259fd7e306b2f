"""Storing an image beside its curation: the only place that writes, replaces and removes image files.

The file is ``<file stem>-featuredImage.<ext>`` (``-favIconImage`` for the site icon) in the curation's folder,
its extension from the image's real format. It is written atomically (:mod:`curator_gui.core.atomicfile`). An
existing file with the same bytes is left alone (no change); one with other bytes is replaced only when asked
(``force``). What a store did is returned as a :class:`StoredImage`, which is also what undoing it needs:
:func:`undo_store` removes a file the store created (unless something else names it) or puts back the bytes it
replaced. :func:`remove_image_file` and :func:`restore_removed` remove a file no record names any more, and undo
that.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from curator_gui.core.errors import CuratorError
from curator_gui.core.media.imagecheck import MAX_IMAGE_BYTES, ImageFacts, kind_label


class ImageExistsError(CuratorError):
    """A different image already has the file name; it is replaced only when asked (``force``)."""

    def __init__(self, message: str, path: str | os.PathLike):
        super().__init__(message)
        self.path = Path(path)


@dataclass(frozen=True)
class StoredImage:
    """An image stored beside a curation, and what storing it did.

    ``href`` is the file's name as the record names it; ``created``: no file of that name was there before;
    ``replaced``: a different file was (its bytes are in ``previous`` when they could be kept, for undo). Neither:
    the same image was there already and nothing was written. ``data`` are the image's bytes (for redo).
    """

    path: Path
    kind: str
    facts: ImageFacts
    sha256: str
    size: int
    created: bool = False
    replaced: bool = False
    source: str = ""  #: where the image came from: the final URL after redirects, or the file it was copied from
    data: bytes = field(default=b"", repr=False, compare=False)
    previous: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def href(self) -> str:
        return self.path.name

    @property
    def changed(self) -> bool:
        """True when the store wrote a file."""
        return self.created or self.replaced

    def describe(self) -> str:
        """``x-featuredImage.jpeg (JPEG, 1200×630, 85,123 bytes)``."""
        return f"{self.href} ({self.facts.describe()}, {self.size:,} bytes)"


def image_file_name(md_path: str | os.PathLike, kind: str, facts: ImageFacts) -> str:
    """``<stem>-featuredImage.<ext>`` for the curation ``md_path`` (``<stem>.md``)."""
    name = Path(md_path).name
    stem = name[:-3] if name.endswith(".md") else Path(name).stem
    return f"{stem}-{kind}.{facts.extension}"


def store_image(md_path: str | os.PathLike, kind: str, data: bytes, facts: ImageFacts, *, force: bool = False,
                source: str = "") -> StoredImage:
    """Write ``data`` (checked bytes, see :func:`~curator_gui.core.media.imagecheck.inspect_image`) beside the
    curation at ``md_path`` under :func:`image_file_name`.

    Raises :class:`ImageExistsError` when a different file has that name (unless ``force``), and
    :class:`~curator_gui.core.errors.CuratorError` when the name is taken by something that is not a file or the
    write fails. Safe to call from a background thread.
    """
    from curator_gui.core.atomicfile import atomic_write
    from curator_gui.core.errors import SaveConflictError

    target = Path(md_path).parent / image_file_name(md_path, kind, facts)
    digest = hashlib.sha256(data).hexdigest()
    existing, readable = _existing(target)
    stored = StoredImage(target, kind, facts, digest, len(data), source=source, data=data)
    if existing is not None and existing == data:
        return stored
    if (existing is not None or not readable) and not force:
        raise ImageExistsError(f"{target}: a different {kind_label(kind)} is already there (replace it with force)",
                               target)

    def still_as_read() -> None:
        if _existing(target)[0] != existing:
            raise SaveConflictError(f"{target}: not saved: the file changed meanwhile")

    present = existing is not None or not readable
    try:
        atomic_write(target, data, check=still_as_read if existing is not None else None, exclusive=not present)
    except SaveConflictError as error:
        raise CuratorError(str(error)) from None
    return StoredImage(target, kind, facts, digest, len(data), created=not present, replaced=present,
                       source=source, data=data, previous=existing)


def _existing(target: Path) -> tuple[bytes | None, bool]:
    """The bytes of the file at ``target`` (None when there is none) and whether it could be read; a name taken
    by something that is not a regular file is refused."""
    from curator_gui.core.files import NotReadableError, read_regular_file

    if not os.path.lexists(target):
        return None, True
    try:
        return read_regular_file(target, MAX_IMAGE_BYTES)[0], True
    except NotReadableError as error:
        if "too large" in str(error.strerror):
            return None, False  # a file, but larger than any image this program writes: replaced only with force
        raise CuratorError(f"{target}: cannot store the image there: it is {error.strerror}") from None
    except OSError as error:
        raise CuratorError(f"{target}: cannot store the image there ({error.strerror or error})") from None


def undo_store(stored: StoredImage, referenced: Iterable[str] = ()) -> bool:
    """Undo what :func:`store_image` did, if the file is still what it wrote; True when a file was changed.

    A created file is removed unless its name is among ``referenced`` (the image names the *other* records of the
    folder still use: see :func:`referenced_image_names`); a replaced file gets its previous bytes back. A file
    changed since (by anyone) is left alone. Raises :class:`~curator_gui.core.errors.CuratorError` when the file
    system refuses.
    """
    if not stored.changed or stored.href in set(referenced):
        return False
    try:
        current, _ = _existing(stored.path)
    except CuratorError:
        return False
    if current is None or hashlib.sha256(current).hexdigest() != stored.sha256:
        return False
    if stored.created:
        try:
            os.unlink(stored.path)
        except FileNotFoundError:
            return False
        except OSError as error:
            raise CuratorError(f"{stored.path}: cannot remove it ({error.strerror or error})") from None
        return True
    if stored.previous is None:
        return False
    from curator_gui.core.atomicfile import atomic_write

    atomic_write(stored.path, stored.previous)
    return True


def redo_store(stored: StoredImage) -> StoredImage:
    """Store the same image again after :func:`undo_store` (a different file there meanwhile is not replaced:
    :class:`ImageExistsError`)."""
    return store_image(_md_of(stored), stored.kind, stored.data, stored.facts, source=stored.source)


def _md_of(stored: StoredImage) -> Path:
    """The curation a stored image belongs to (its name without ``-<kind>.<ext>``, plus ``.md``)."""
    name = stored.path.name
    return stored.path.with_name(name[: name.rindex(f"-{stored.kind}.")] + ".md")


@dataclass(frozen=True)
class RemovedImage:
    """An image file removed by :func:`remove_image_file`, with its bytes, for :func:`restore_removed`."""

    path: Path
    data: bytes = field(repr=False)


def remove_image_file(path: str | os.PathLike, referenced: Iterable[str] = ()) -> RemovedImage | None:
    """Remove an image file beside a curation (after its record stopped naming it) unless its name is among
    ``referenced`` (what the other records name); None when nothing was removed (named elsewhere, already gone).
    Raises :class:`~curator_gui.core.errors.CuratorError` for a name that is not a regular file or that the file
    system refuses to remove."""
    path = Path(path)
    if path.name in set(referenced):
        return None
    data, _ = _existing(path)
    if data is None:
        return None
    try:
        os.unlink(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CuratorError(f"{path}: cannot remove it ({error.strerror or error})") from None
    return RemovedImage(path, data)


def restore_removed(removed: RemovedImage) -> None:
    """Put a removed image file back (undo); a file of that name that appeared meanwhile is kept
    (:class:`~curator_gui.core.errors.SaveConflictError`)."""
    from curator_gui.core.atomicfile import atomic_write

    atomic_write(removed.path, removed.data, exclusive=True)


def referenced_image_names(records: Iterable[dict]) -> set[str]:
    """The file names the given records' images name (``featuredImage``/``favIconImage`` hrefs that are not
    addresses): pass those of the other records of the folder to :func:`undo_store`."""
    from curator_gui.core.media.imagecheck import KINDS
    from curator_gui.core.media.record import recorded_image

    names: set[str] = set()
    for data in records:
        for kind in KINDS:
            found = recorded_image(data, kind)
            if found.is_local:
                names.add(found.href)
    return names
