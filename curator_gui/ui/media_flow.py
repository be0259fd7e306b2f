"""Getting, replacing and removing a record's featured image and site icon from the window: the only place that
starts that work and lands its results.

Downloading (from the record's own image address, under the address rule of its source page), copying a chosen or
dropped file, and storing the fetched image the curator picked run in the background with the ticket rule: a
result lands in the record it was started for, even after the curator moved on, as one undo step that records
the image (:func:`~curator_gui.core.media.record.with_image`) together with the file it wrote
(:mod:`curator_gui.ui.media_steps`). A result for a record that was let go meanwhile is not used and its file is
taken back. A different image under the same name is replaced only when the curator says so; a refused image
leaves the record as it is, and the curator may record it as not valid. Removing is one undo step too.
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from curator_gui.core.errors import CuratorError
from curator_gui.core.media.imagecheck import FEATURED, ImageFacts, ImageRefused, imaging, kind_label
from curator_gui.core.media.record import recorded_image, size_order, with_image, with_image_refused, \
    with_image_removed
from curator_gui.core.media.store import ImageExistsError, StoredImage, referenced_image_names, store_image, \
    undo_store
from curator_gui.core.values import clone
from curator_gui.ui.media_steps import ImageFiles, RemoveChange, StoreChange, local_image_path
from curator_gui.ui.session import Session
from curator_gui.ui.tasks import TaskRunner


@dataclass(frozen=True)
class Occupied:
    """A different image already has the name: what to store if the curator says to replace it."""

    path: Path
    data: bytes
    facts: ImageFacts
    source: str


@dataclass(frozen=True)
class Refused:
    """The image could not be used (not an acceptable image, or an address it may not be fetched from)."""

    message: str
    not_an_image: bool


def store_or_report(md_path: Path, kind: str, data: bytes, facts: ImageFacts, source: str,
                    force: bool = False) -> StoredImage | Occupied:
    """Store checked bytes beside the curation (background thread); a name taken by a different image comes back
    as :class:`Occupied` instead of an error."""
    try:
        return store_image(md_path, kind, data, facts, force=force, source=source)
    except ImageExistsError as taken:
        return Occupied(taken.path, data, facts, source)


def _refusals(work: Callable[[], object]) -> Callable[[], object]:
    """``work``, with a refused image or address given back as a :class:`Refused` (other errors raise)."""
    def run():
        from curator_gui.core.fetch.netmessages import clean_message
        from curator_gui.core.fetch.netpolicy import PrivateAddressError

        try:
            return work()
        except ImageRefused as refusal:
            return Refused(clean_message(refusal), True)
        except PrivateAddressError as refusal:
            return Refused(clean_message(refusal) + " (an address found on a public page)", False)
    return run


class MediaFlow(QObject):
    """See the module docstring. ``records``, ``checks`` (whose list of the folder's files is renewed when a file
    is written), ``index`` (what the folder's files name), ``saving`` (a save settles removals that waited for
    it), ``prompts`` and the ``pane`` (its notice bar) are the window's parts."""

    announced = Signal(str, int)  # a status-bar message and how long it stays (ms)
    state_changed = Signal(object)  # a record whose images, or work on them, changed
    files_changed = Signal(list)  # image files written or removed (str paths)
    leftovers_changed = Signal(object)  # a record whose image files that no curation names changed

    def __init__(self, runner: TaskRunner, records, checks, index, saving, prompts, pane, window: QWidget):
        super().__init__(window)
        self.runner = runner
        self.records = records
        self.checks = checks
        self.prompts = prompts
        self.pane = pane
        self.window = window
        self.files = ImageFiles(self.other_names, self._on_files_changed, self._report)
        self._busy: dict[tuple[Session, str], str] = {}
        # the folder's files as the index read them (their image names): by path once asked for, else as sent
        self._listed: dict[str, object] | None = {}
        self._listed_rows: list = []
        self._leftovers: dict[str, list] = {}  # per curation, the image files named after it that none names
        index.finished.connect(self._on_index_finished)
        index.refreshed.connect(self._on_index_refreshed)
        index.folder_checked.connect(self._on_index_folder_checked)
        index.rechecked.connect(self._on_index_rechecked)
        saving.saved.connect(lambda session, _old, _written: self.files.settle(session))
        runner.submit(imaging, label="Loading the imaging library")  # its first import takes a moment

    # --- state --------------------------------------------------------------------------------------------

    def busy_text(self, session: Session | None, kind: str) -> str:
        """What is under way for ``session``'s ``kind`` image ('' when nothing is)."""
        return self._busy.get((session, kind), "") if session is not None else ""

    def other_names(self, session: Session) -> set[str]:
        """The image file names the other records of ``session``'s folder use (saved or being edited)."""
        folder = str(session.doc.path.parent) if session.doc.path is not None else ""
        names: set[str] = set()
        held = set()
        for other in self.records:
            held.add(other.path)
            if other is not session and not other.read_only and os.path.dirname(other.path) == folder:
                names |= referenced_image_names([other.doc.data, other.doc.original_data])
        for path, row in self._listed_by_path().items():
            if path not in held and path != session.path and os.path.dirname(path) == folder:
                names |= row.local_image_names
        return names

    def leftovers(self, session: Session | None, kind: str) -> list:
        """The folder check's findings (CG505) about ``kind`` image files named after ``session``'s curation that no
        curation names, as the index found them, less those the record names as it is being edited."""
        if session is None or session.read_only:
            return []
        named = recorded_image(session.doc.data, kind).href
        return [problem for problem in self._leftovers.get(session.path, ())
                if f"-{kind}." in os.path.basename(problem.path) and os.path.basename(problem.path) != named]

    def _on_index_folder_checked(self, problems: list) -> None:
        found: dict[str, list] = {}
        for problem in problems:
            for path in problem.related:  # the curation an image file is named after
                found.setdefault(path, []).append(problem)
        changed = set(found) ^ set(self._leftovers) | {p for p in found if found[p] != self._leftovers.get(p)}
        self._leftovers = found
        for path in changed:
            session = self.records.get(path)
            if session is not None:
                self.leftovers_changed.emit(session)

    def _on_index_rechecked(self, rows: list) -> None:
        """Image files changed on disk, no curation did: the records in memory are checked against them again (their
        problems, and the pictures of the Media section, follow)."""
        self._on_index_finished(rows)
        self.checks.forget()  # an image file may have been added or removed: the folder is listed again
        for session in list(self.records):
            if not session.read_only and not session.closed:
                session.revalidate()

    def _on_index_finished(self, rows: list) -> None:
        # Kept as sent: a map of 100,000 paths is made only if a record's image is stored or a file re-read (the
        # end of a scan has work enough for the event loop).
        self._listed, self._listed_rows = None, rows

    def _listed_by_path(self) -> dict[str, object]:
        if self._listed is None:
            self._listed = dict(zip(map(attrgetter("path"), self._listed_rows), self._listed_rows))
            self._listed_rows = []
        return self._listed

    def _on_index_refreshed(self, rows: list, removed: list) -> None:
        listed = self._listed_by_path()
        for path in removed:
            listed.pop(path, None)
        for row in rows:
            listed[row.path] = row

    # --- starting -----------------------------------------------------------------------------------------

    def download(self, session: Session, kind: str = FEATURED) -> None:
        """Download the record's image from its own address (``href`` while it is one, else the page's og:image)
        and record it."""
        if not self._editable(session, kind):
            return
        from curator_gui.core.media.acquire import record_image_address
        from curator_gui.core.media.download import download_image

        data, md_path, label = clone(session.doc.data), session.doc.path, kind_label(kind)

        def work():
            address, policy = record_image_address(data, kind)
            if not address:
                raise CuratorError(f"the record names no address to download the {label} from")
            image = download_image(address, kind=kind, policy=policy)
            return store_or_report(md_path, kind, image.data, image.facts, image.url)

        self._start(session, kind, work, f"Downloading the {label}…", f"Download the {label}")

    def choose(self, session: Session, kind: str = FEATURED, path: str | None = None) -> None:
        """Copy an image file (asked for when ``path`` is None) beside the record and record it."""
        if not self._editable(session, kind):
            return
        if path is None:
            path = self.prompts.choose_image_file(self.window, str(session.doc.path.parent))
            if not path:
                return
        from curator_gui.core.media.acquire import read_image_file

        md_path, label = session.doc.path, kind_label(kind)

        def work():
            data, facts = read_image_file(path, kind)
            return store_or_report(md_path, kind, data, facts, os.fspath(path))

        self._start(session, kind, work, f"Copying {os.path.basename(path)}…", f"Use {os.path.basename(path)} as "
                                                                                 f"the {label}")

    def use_downloaded(self, session: Session, image, kind: str = FEATURED) -> None:
        """Store an image already downloaded (``DownloadedImage``: the fetched page's, picked in the review)."""
        if not self._editable(session, kind):
            return
        md_path = session.doc.path
        self._start(session, kind, lambda: store_or_report(md_path, kind, image.data, image.facts, image.url),
                    f"Storing the page's {kind_label(kind)}…", f"Use the page's {kind_label(kind)}")

    def remove(self, session: Session, kind: str = FEATURED) -> None:
        """Take the image out of the record and its file away (one undo step; see :mod:`.media_steps`)."""
        if not self._editable(session, kind):
            return
        path = local_image_path(session, kind)
        after = with_image_removed(session.doc.data, kind)
        # the file goes unless the record still names it (its other image may be the same file)
        keep = path is None or not path.exists() or path.name in referenced_image_names([after])
        side = None if keep else RemoveChange(self.files, session, path)
        label = kind_label(kind)
        if session.replace(after, f"Remove the {label}", side=side):
            self.announced.emit(f"Removed the {label}; Undo puts it back", 6000)
        self.state_changed.emit(session)

    def mark_invalid(self, session: Session, kind: str) -> None:
        """Record that the image could not be used (``valid: false``), one undo step."""
        if not session.closed and not session.read_only:
            session.replace(with_image_refused(session.doc.data, kind), f"Mark the {kind_label(kind)} not valid")

    def _editable(self, session: Session | None, kind: str) -> bool:
        return (session is not None and not session.read_only and not session.closed
                and session.doc.path is not None and (session, kind) not in self._busy)

    def _start(self, session: Session, kind: str, work: Callable[[], object], busy: str, step: str) -> None:
        ticket = self.runner.submit(_refusals(work), label=busy, context=session)
        ticket.on_done = lambda result: self._on_done(session, kind, step, result)
        ticket.on_error = lambda message: self._on_error(session, kind, message)
        session.fetches += 1  # the record stays in memory until its result lands
        self._busy[(session, kind)] = busy
        self.state_changed.emit(session)

    def _finish(self, session: Session, kind: str) -> None:
        session.fetches = max(0, session.fetches - 1)
        self._busy.pop((session, kind), None)
        self.state_changed.emit(session)

    def _let_go_unless_needed(self, session: Session) -> None:
        """A record kept in memory only for the work that just ended goes, as when the curator left it."""
        if session is not self.records.current and not session.closed and not session.fetches:
            self.records.retire(session)

    # --- results ------------------------------------------------------------------------------------------

    def _on_done(self, session: Session, kind: str, step: str, result) -> None:
        self._finish(session, kind)
        if isinstance(result, Refused):
            self._show_failure(session, kind, result.message, result.not_an_image)
        elif isinstance(result, Occupied):
            self._offer_replace(session, kind, step, result)
        elif isinstance(result, StoredImage):
            self.land(session, result, step)
        self._let_go_unless_needed(session)

    def _on_error(self, session: Session, kind: str, message: str) -> None:
        self._finish(session, kind)
        self._show_failure(session, kind, message, False)
        self._let_go_unless_needed(session)

    def land(self, session: Session, stored: StoredImage, step: str) -> None:
        """Record ``stored`` in ``session`` as one undo step with its file (taken back when the record is gone)."""
        label = kind_label(stored.kind)
        if session.closed or session.read_only:
            if stored.changed:
                undo_store(stored, referenced=self.other_names(session))
                self._on_files_changed(session, [stored.path])
            self.announced.emit(f"The {label} was not used: its record ({session.label}) was closed", 8000)
            return
        before = recorded_image(session.doc.data, stored.kind)
        after = with_image(session.doc.data, stored.kind, stored.href, stored.facts, size_order(session.doc))
        self._on_files_changed(session, [stored.path])
        side = StoreChange(self.files, session, stored) if stored.changed else None
        where = "" if session is self.records.current else f" for {session.label}"
        if not session.replace(after, step, side=side):
            self.announced.emit(f"The {label}{where} is already {stored.describe()}; nothing changed", 6000)
            return
        note = ""
        if before.is_local and before.href != stored.href and session.doc.path is not None \
                and (session.doc.path.parent / before.href).exists():
            note = f"; {before.href} is no longer named by this record"
        self.announced.emit(f"{'Replaced' if stored.replaced else 'Stored'} {stored.describe()}{where}{note}", 8000)
        self.state_changed.emit(session)

    def _offer_replace(self, session: Session, kind: str, step: str, taken: Occupied) -> None:
        if session.closed or session.read_only:
            return
        if not self.prompts.replace_image(self.window, taken.path.name, kind_label(kind)):
            self.announced.emit(f"Kept {taken.path.name} as it is; the record did not change", 6000)
            return
        md_path = session.doc.path
        self._start(session, kind, lambda: store_or_report(md_path, kind, taken.data, taken.facts, taken.source,
                                                           force=True), f"Replacing {taken.path.name}…", step)

    def _show_failure(self, session: Session, kind: str, message: str, not_an_image: bool) -> None:
        label = kind_label(kind)
        if session is not self.records.current or session.closed:
            self.announced.emit(f"The {label} for {session.label} was not stored: {message}", 10000)
            return
        bar = self.pane.notice_bar
        actions = [("Record as &Not Valid", lambda: (self.mark_invalid(session, kind), bar.hide()))] \
            if not_an_image else []
        bar.show_message("error", f"The {label} was not stored: {html.escape(message)}. The record is unchanged.",
                         actions + [("&Dismiss", bar.hide)])

    def _report(self, message: str) -> None:
        self.announced.emit(message[:1].upper() + message[1:], 10000)

    def _on_files_changed(self, session: Session, paths: list[Path]) -> None:
        self.checks.forget()  # the folder's names are listed again at the next check
        self.files_changed.emit([str(path) for path in paths])
        self.state_changed.emit(session)
