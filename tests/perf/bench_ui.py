"""Benchmark of the window's speed targets on a generated 10,000-file folder (a script, not a test).

    uv run python tests/perf/bench_ui.py [--files 10000] [--folder DIR] [--baseline-sample N] [--thumbnails]

Measures, offscreen:
  * first rows visible after opening the folder (target: within 0.5 s), with a cold and with a warm cache;
  * the window's responsiveness while the cold index completes (longest stall of the event loop);
  * the full list with a warm cache, against a naive ``frontmatter.load`` loop over the same folder
    (target: at most 0.1x);
  * one keystroke in the filter over every row (target: under 50 ms).

With ``--thumbnails`` the list's Image column is shown from the start and the curations name featured images
beside them (200 JPEGs of 1200×630 pixels, each named by every 200th file): the same targets hold, and the time
until every row on screen shows its picture is measured too (thumbnails made cold, then found in the cache).

The folder is built from the sample curations in ``seeds/`` (titles, addresses and topics varied per file);
the index cache and settings live in a temporary folder, never the user's.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORDS = ("clinic", "telehealth", "remote", "monitoring", "hospital", "insurer", "records", "patients", "AI",
         "nurses", "pharmacy", "wearables", "cardiology", "oncology", "billing", "privacy", "outcomes", "rural")
TOPICS = ("Healthcare IT News: Telehealth", "Symplur: Patient Care", "Medigy: Digital Health",
          "Healthcare IT News: Machine Learning", "HIMSS: Interoperability", "MeSH: Patient Outcome Assessment")


def _templates() -> list[str]:
    """Curation texts to vary: the bundled samples with front matter, else one built here."""
    found = []
    for path in sorted((ROOT / "seeds").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---") and re.search(r"^title:", text, re.M) and re.search(r"^  href:", text, re.M):
            found.append(text)
    if found:
        return found
    return ["---\ntitle: Sample title\ndescription: A sample summary of the article.\ndate: '2024-01-01'\n"
            "categories:\n  - 'Healthcare IT News: Telehealth'\nlink:\n  brand: example.org\n"
            "  href: https://example.org/sample\n  original: https://example.org/sample\n---\n<p>Body</p>\n"]


def build_folder(folder: Path, count: int) -> None:
    """``count`` curations under ``folder``, each with its own title, address and topics."""
    templates = _templates()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        text = templates[n % len(templates)]
        words = " ".join(WORDS[(n * k) % len(WORDS)] for k in (1, 3, 7, 11)).capitalize()
        title = f"{words} report {n}"
        text = re.sub(r"^title: .*$", lambda _m, title=title: f"title: {title}", text, count=1, flags=re.M)
        # every file its own source address (quoted, plain or folded in the samples)
        text = re.sub(r"^(\s*(?:href|original|cleanUrl|sourceUrl): )(?:>-\n\s+)?'?\s*(https?://)?"
                      r"[\w-]+(?:\.[\w-]+)+/[^\s']*'?",
                      lambda m, n=n: f"{m.group(1)}{m.group(2) or ''}news{n % 97}.example.org/story-{n}", text,
                      flags=re.M)
        text = text.replace("Healthcare IT News: Telehealth", TOPICS[n % len(TOPICS)])
        (folder / f"{n:05d}-curation.md").write_text(text, encoding="utf-8")


def add_images(folder: Path, count: int = 200) -> int:
    """Featured images beside the curations: ``count`` JPEGs, each file naming one (every ``count``-th the same).
    Returns how many files name one."""
    from PIL import Image, ImageDraw

    for k in range(count):
        image = Image.new("RGB", (1200, 630), ((k * 37) % 256, (k * 91) % 256, (k * 53) % 256))
        draw = ImageDraw.Draw(image)
        draw.ellipse((100 + k % 600, 100, 500 + k % 600, 500), fill=((k * 11) % 256, 200, (k * 7) % 256))
        image.save(folder / f"shared-{k:03d}-featuredImage.jpeg", "JPEG", quality=85)
    named = 0
    for n, path in enumerate(sorted(folder.glob("*.md"))):
        text = path.read_text(encoding="utf-8")
        changed = re.sub(r"^(featuredImage:\n(?:  .*\n)*?  href: ).*$",
                         lambda m, n=n: f"{m.group(1)}shared-{n % count:03d}-featuredImage.jpeg", text, count=1,
                         flags=re.M)
        if changed != text:
            path.write_text(changed, encoding="utf-8")
            named += 1
    return named


def visible_pictures(app, window, timeout: float = 60) -> tuple[int, float]:
    """Seconds until every row on screen shows its picture (or is known to have none), and how many there are."""
    from curator_gui.ui.file_list.rows import IMAGE

    view, loader = window.file_panel.view, window.file_panel.thumbnails
    delegate = view.itemDelegateForColumn(IMAGE)

    def paths() -> list[str]:
        first, last = view.rowAt(0), view.rowAt(view.viewport().height() - 1)
        last = last if last >= 0 else window.file_panel.proxy.rowCount() - 1
        found = (delegate.image_path(window.file_panel.proxy.index(r, 0)) for r in range(max(first, 0), last + 1))
        return [p for p in found if p]

    view.viewport().update()
    taken = wait(app, lambda: all(loader.has(p) for p in paths()), timeout, [loader.ready])
    return len(paths()), taken


def naive_baseline(folder: Path, sample: int | None) -> tuple[float, int]:
    """Seconds for ``frontmatter.load`` over every file (or a sample, scaled up), and the files counted."""
    import frontmatter

    paths = sorted(folder.glob("*.md"))
    chosen = paths if not sample else paths[:: max(1, len(paths) // sample)]
    start = time.perf_counter()
    for path in chosen:
        frontmatter.load(path)
    elapsed = time.perf_counter() - start
    return elapsed * len(paths) / len(chosen), len(paths)


class StallMeter:
    """The longest gap between ticks of a 10 ms timer: how long the event loop was blocked."""

    def __init__(self):
        from PySide6.QtCore import QTimer

        self.worst = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.timeout.connect(self._tick)

    def start(self):
        self._last = time.perf_counter()
        self.worst = 0.0
        self._timer.start(10)

    def stop(self) -> float:
        self._timer.stop()
        return self.worst

    def _tick(self):
        now = time.perf_counter()
        self.worst = max(self.worst, now - self._last)
        self._last = now


def wait(app, condition, timeout: float, signals=()) -> float:
    """Run the event loop until ``condition()`` holds, checked whenever one of ``signals`` fires (and every
    50 ms); returns the seconds it took. A real event loop, not a polling one: a Python loop waking every
    millisecond would compete with the index thread for the interpreter lock and slow it down."""
    from PySide6.QtCore import QEventLoop, QTimer

    start = time.perf_counter()
    loop = QEventLoop()

    def check(*_args):
        if condition():
            loop.quit()
        elif time.perf_counter() - start > timeout:
            loop.quit()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(50)
    for signal in signals:
        signal.connect(check)
    if not condition():
        loop.exec()
    timer.stop()
    for signal in signals:
        signal.disconnect(check)
    if not condition():
        raise TimeoutError("condition not met in time")
    return time.perf_counter() - start


def open_and_measure(app, folder: Path, label: str, meter: StallMeter, thumbnails: bool = False) -> dict:
    from curator_gui.ui.main_window import MainWindow

    window = MainWindow(remember=False)
    window.resize(1280, 800)
    window.file_panel.thumbnail_action.setChecked(thumbnails)
    window.show()
    app.processEvents()
    meter.start()
    start = time.perf_counter()
    shown: list[float] = []

    def note_counts():
        if not shown and window.listed and window.model.counts()["pending"] == 0:
            shown.append(time.perf_counter() - start)

    window.model.counts_changed.connect(note_counts)
    window.open_folder(str(folder))
    wait(app, lambda: window.model.rowCount() > 0, 30, [window.model.counts_changed])
    app.processEvents()  # the view paints the rows
    first = time.perf_counter() - start
    wait(app, lambda: bool(shown), 600, [window.model.counts_changed])
    app.processEvents()  # ... and paints them complete
    full = time.perf_counter() - start
    wait(app, lambda: not window.index.scanning, 600, [window.folder.scan_finished])
    window.model.flush()
    app.processEvents()
    complete = time.perf_counter() - start
    stall = meter.stop()
    pending = window.model.counts()["pending"]
    print(f"{label:>5}: first rows visible {first:6.3f} s; every row shown {full:7.3f} s; index complete "
          f"{complete:7.3f} s; longest event-loop stall {stall * 1000:5.0f} ms; rows {window.model.rowCount():,} "
          f"({pending} pending)")
    pictures = visible_pictures(app, window) if thumbnails else None
    if pictures:
        print(f"{label:>5}: the {pictures[0]} pictures of the rows on screen shown {pictures[1]:6.3f} s after "
              f"the index completed")
    return {"window": window, "first": first, "full": full, "complete": complete, "stall": stall,
            "pictures": pictures}


def filter_keystrokes(app, window, text: str) -> list[float]:
    """Type ``text`` into the filter one key at a time; the time each keystroke took to refilter and repaint."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    box = window.file_panel.filter_edit
    box.setFocus()
    box.clear()
    app.processEvents()
    times = []
    for char in text:
        start = time.perf_counter()
        QTest.keyClick(box, char)
        app.processEvents()
        times.append(time.perf_counter() - start)
    for _ in text:
        start = time.perf_counter()
        QTest.keyClick(box, Qt.Key.Key_Backspace)
        app.processEvents()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--folder", help="use (or create) this folder instead of a temporary one")
    parser.add_argument("--baseline-sample", type=int, default=0, metavar="N",
                        help="time frontmatter.load on N files and scale up (default: every file)")
    parser.add_argument("--thumbnails", action="store_true",
                        help="show the list's Image column, the curations naming images beside them")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="curator-bench-"))
    os.environ["CURATOR_GUI_CACHE_DIR"] = str(work / "cache")
    os.environ["CURATOR_GUI_CONFIG_DIR"] = str(work / "config")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = Path(args.folder) if args.folder else work / "curations"
    if not folder.is_dir() or not any(folder.glob("*.md")):
        start = time.perf_counter()
        build_folder(folder, args.files)
        print(f"built {args.files:,} files in {time.perf_counter() - start:.1f} s under {folder}")
    if args.thumbnails and not any(folder.glob("*-featuredImage.jpeg")):
        named = add_images(folder)
        print(f"{named:,} files name one of 200 images beside them")

    from curator_gui.ui.app import ensure_application

    app = ensure_application()
    meter = StallMeter()
    cold = open_and_measure(app, folder, "cold", meter, args.thumbnails)
    cold["window"].shutdown()
    warm = open_and_measure(app, folder, "warm", meter, args.thumbnails)
    baseline, count = naive_baseline(folder, args.baseline_sample)
    ratio = warm["full"] / baseline
    print(f"naive frontmatter.load loop over {count:,} files: {baseline:.2f} s"
          f"{' (scaled from a sample)' if args.baseline_sample else ''}")
    times = filter_keystrokes(app, warm["window"], "remote moni")
    warm["window"].shutdown()
    shutil.rmtree(work, ignore_errors=True)  # the generated folder (unless --folder) and the cache

    print()
    if args.thumbnails:
        print("with the Image column shown:")
    print(f"first rows visible (cold cache): {cold['first'] * 1000:6.0f} ms   target <= 500 ms   "
          f"{'ok' if cold['first'] <= 0.5 else 'MISSED'}")
    print(f"first rows visible (warm cache): {warm['first'] * 1000:6.0f} ms   target <= 500 ms   "
          f"{'ok' if warm['first'] <= 0.5 else 'MISSED'}")
    print(f"longest stall while indexing:    {cold['stall'] * 1000:6.0f} ms")
    print(f"warm full list / naive loop:     {ratio:6.3f}      target <= 0.1     "
          f"{'ok' if ratio <= 0.1 else 'MISSED'}  ({warm['full']:.2f} s vs {baseline:.2f} s; index complete "
          f"{warm['complete']:.2f} s = {warm['complete'] / baseline:.3f}x)")
    print(f"filter keystroke over {count:,} rows: median {statistics.median(times) * 1000:.1f} ms, "
          f"worst {max(times) * 1000:.1f} ms   target < 50 ms   {'ok' if max(times) < 0.05 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
