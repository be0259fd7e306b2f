"""Benchmark of the window's speed and memory targets on a generated folder (a script, not a test).

    uv run python tests/perf/bench_ui.py [--files 10000] [--folder DIR] [--cache DIR] [--warm-only]
                                         [--baseline-sample N] [--thumbnails]

Measures, offscreen:
  * first rows visible after opening the folder (target: within 0.5 s), with a cold and with a warm cache;
  * the window's responsiveness while the index completes (longest stall of the event loop, cold and warm);
  * the full list with a warm cache, against a naive ``frontmatter.load`` loop over the same folder
    (target: at most 0.1x);
  * each keystroke of realistic queries typed into the filter over every row, and each backspace, including
    the list's relayout and repaint, from two seconds after the list is complete (target: the worst under 50 ms);
  * the window's memory with every row listed (peak resident set size; target: under 400 MB at 100,000 files).

With ``--thumbnails`` the list's Image column is shown from the start and the curations name featured images
beside them (200 JPEGs of 1200×630 pixels, each named by every 200th file): the same targets hold, and the time
until every row on screen shows its picture is measured too (thumbnails made cold, then found in the cache).

The folder is built from the sample curations in ``seeds/``, each file given its own title, description, topics,
brand, date and address drawn from the words, topics and brands of the real curations in
``../shared/corpus/curations`` (when present, else of the seeds), as often as they occur there; ``--folder`` keeps it (built once, reused after). The index cache and settings live in a temporary folder,
never the user's; ``--cache`` keeps the cache too, and ``--warm-only`` then skips the cold opening (a folder of
100,000 files takes minutes to read cold on two cores). The peak memory is measured from the warm opening on
(Linux: the peak is reset through ``/proc/self/clear_refs``; elsewhere it is the process's peak).
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Real curations beside the repository: where the generated folder's words, topics and brands come from.
CORPUS = ROOT.parent / "shared" / "corpus" / "curations"
#: The last resort when neither the corpus nor the seeds give words.
WORDS = ("clinic", "telehealth", "remote", "monitoring", "hospital", "insurer", "records", "patients", "AI",
         "nurses", "pharmacy", "wearables", "cardiology", "oncology", "billing", "privacy", "outcomes", "rural")
TOPICS = ("Healthcare IT News: Telehealth", "Symplur: Patient Care", "Medigy: Digital Health",
          "Healthcare IT News: Machine Learning", "HIMSS: Interoperability", "MeSH: Patient Outcome Assessment")


def _templates() -> list[str]:
    """Curation texts to vary: the bundled samples with front matter, else one built here."""
    found = []
    for path in sorted((ROOT / "seeds").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if (text.startswith("---") and re.search(r"^title:", text, re.M) and re.search(r"^  href:", text, re.M)
                and re.search(r"^description:", text, re.M) and re.search(r"^categories:", text, re.M)):
            found.append(text)
    if found:
        return found
    return ["---\ntitle: Sample title\ndescription: A sample summary of the article.\ndate: '2024-01-01'\n"
            "categories:\n  - 'Healthcare IT News: Telehealth'\nlink:\n  brand: example.org\n"
            "  href: https://example.org/sample\n  original: https://example.org/sample\n---\n<p>Body</p>\n"]


class Vocabulary:
    """The words, topics and brands of real curations (``CORPUS`` when present, else the seeds), each as often
    as it occurs there: generated records drawn from them share words the way real ones do (a few very common,
    thousands rare) rather than repeat a handful."""

    def __init__(self) -> None:
        import yaml

        self.title_words: list[str] = []
        self.description_words: list[str] = []
        self.topics: list[str] = []
        self.brands: list[str] = []
        self.source = CORPUS if CORPUS.is_dir() else ROOT / "seeds"
        for path in sorted(self.source.glob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            head = re.match(r"---\r?\n(.*?)\r?\n---", text, re.S)
            try:
                data = yaml.safe_load(head.group(1)) if head else None
            except yaml.YAMLError:
                continue
            if not isinstance(data, dict):
                continue
            self.title_words += str(data.get("title") or "").split()
            self.description_words += str(data.get("description") or "").split()
            for key in ("categories", "communityTopics"):
                self.topics += [str(t) for t in data.get(key) or [] if isinstance(t, str)]
            link = data.get("link")
            if isinstance(link, dict) and isinstance(link.get("brand"), str):
                self.brands.append(link["brand"])
        self.title_words = self.title_words or list(WORDS)
        self.description_words = self.description_words or self.title_words
        self.topics = self.topics or list(TOPICS)
        self.brands = self.brands or ["example.org"]
        # Brands of a large folder: the real ones, and as many again made of two of its words (each a site).
        plain = sorted({w.lower() for w in self.title_words if w.isalpha() and len(w) > 3})
        rng = random.Random(0)
        self.brands += [f"{rng.choice(plain)}{rng.choice(plain)}.{rng.choice(('com', 'org', 'net'))}"
                        for _ in range(len(self.brands))] if plain else []

    def distinct_words(self) -> int:
        return len({w.casefold() for w in self.title_words + self.description_words})


def _quoted(text: str) -> str:
    """``text`` as a single-quoted YAML scalar."""
    return "'" + text.replace("'", "''") + "'"


def build_folder(folder: Path, count: int) -> Vocabulary:
    """``count`` curations under ``folder``, each with its own title, description, topics, brand, date and
    address, drawn from the words of real curations (see :class:`Vocabulary`)."""
    templates = _templates()
    vocabulary = Vocabulary()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        rng = random.Random(n)
        text = templates[n % len(templates)]
        title = " ".join(rng.choices(vocabulary.title_words, k=rng.randint(5, 12)))
        description = " ".join(rng.choices(vocabulary.description_words, k=rng.randint(15, 45))) + "."
        topics = sorted(set(rng.choices(vocabulary.topics, k=rng.randint(1, 4))))
        brand = rng.choice(vocabulary.brands)
        date = f"{rng.randint(2017, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        text = re.sub(r"^title: .*$", lambda _m: f"title: {_quoted(title)}", text, count=1, flags=re.M)
        # a plain, quoted or folded description, with its continuation lines
        text = re.sub(r"^description:.*\n(?:[ \t]+.*\n)*", lambda _m: f"description: {_quoted(description)}\n",
                      text, count=1, flags=re.M)
        text = re.sub(r"^categories:.*\n(?:(?:  )?- .*\n)*",
                      lambda _m: "categories:\n" + "".join(f"  - {_quoted(t)}\n" for t in topics), text, count=1,
                      flags=re.M)
        text = re.sub(r"^communityTopics:.*\n(?:(?:  )?- .*\n)*", "", text, count=1, flags=re.M)
        text = re.sub(r"^date: .*$", f"date: '{date}'", text, count=1, flags=re.M)
        text = re.sub(r"^  brand: .*$", f"  brand: {brand}", text, count=1, flags=re.M)
        # every file its own source address (quoted, plain or folded in the samples)
        text = re.sub(r"^(\s*(?:href|original|cleanUrl|sourceUrl): )(?:>-\n\s+)?'?\s*(https?://)?"
                      r"[\w-]+(?:\.[\w-]+)+/[^\s']*'?",
                      lambda m, n=n: f"{m.group(1)}{m.group(2) or ''}{brand}/story-{n}", text, flags=re.M)
        (folder / f"{n:05d}-curation.md").write_text(text, encoding="utf-8")
    return vocabulary


def memory_mb() -> tuple[float, float]:
    """(current, peak) resident set size of this process in MB (Linux ``/proc``; else the peak from getrusage)."""
    try:
        fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines()
                      if ":" in line)
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
    except (OSError, KeyError, ValueError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak = peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024  # bytes there, KB here
        return peak, peak


def reset_peak_memory() -> bool:
    """Start measuring the peak resident set size afresh (Linux only); False when it cannot be reset."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


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
    return {"window": window, "first": first, "full": full, "complete": complete, "stall": stall}


def settle(app, seconds: float) -> None:
    """Let the event loop run (idle work included) for ``seconds``."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


#: Queries typed one key at a time, then erased one backspace at a time.
QUERIES = ("remote moni", "ai clinic", "\"remote monitoring\" -is:error", "topic:symplur date:2024",
           "brand:news has:image", "title:ai telehealth")


def filter_keystrokes(app, window, text: str) -> list[tuple[float, str]]:
    """Type ``text`` into the filter one key at a time, then erase it; the time each keystroke took to refilter
    and repaint the list (the filter box's text after it, for the report)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    box = window.file_panel.filter_edit
    box.setFocus()
    box.clear()
    app.processEvents()
    times = []

    def press(key) -> None:
        start = time.perf_counter()
        QTest.keyClick(box, key)
        app.processEvents()  # the list laid out and painted again (offscreen too)
        times.append((time.perf_counter() - start, box.text()))

    for char in text:
        press(char)
    for _ in text:
        press(Qt.Key.Key_Backspace)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--folder", help="use (or create) this folder instead of a temporary one")
    parser.add_argument("--cache", help="keep the index cache in this folder (reused by later runs)")
    parser.add_argument("--warm-only", action="store_true",
                        help="skip the cold opening (the cache must be filled: a run without this does it)")
    parser.add_argument("--baseline-sample", type=int, default=0, metavar="N",
                        help="time frontmatter.load on N files and scale up (default: every file)")
    parser.add_argument("--thumbnails", action="store_true",
                        help="show the list's Image column, the curations naming images beside them")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="curator-bench-"))
    os.environ["CURATOR_GUI_CACHE_DIR"] = args.cache or str(work / "cache")
    os.environ["CURATOR_GUI_CONFIG_DIR"] = str(work / "config")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = Path(args.folder) if args.folder else work / "curations"
    if not folder.is_dir() or not any(folder.glob("*.md")):
        start = time.perf_counter()
        vocabulary = build_folder(folder, args.files)
        print(f"built {args.files:,} files in {time.perf_counter() - start:.1f} s under {folder} (words, topics "
              f"and brands of {vocabulary.source}: {vocabulary.distinct_words():,} words, "
              f"{len(set(vocabulary.topics)):,} topics, {len(set(vocabulary.brands)):,} brands)")
    if args.thumbnails and not any(folder.glob("*-featuredImage.jpeg")):
        named = add_images(folder)
        print(f"{named:,} files name one of 200 images beside them")

    from curator_gui.ui.app import ensure_application

    app = ensure_application()
    meter = StallMeter()
    cold = None
    if not args.warm_only:
        cold = open_and_measure(app, folder, "cold", meter, args.thumbnails)
        cold["window"].shutdown()
        cold["window"].deleteLater()
        app.processEvents()
    import gc

    gc.collect()
    peak_reset = reset_peak_memory()
    warm = open_and_measure(app, folder, "warm", meter, args.thumbnails)
    listed_rss, _peak = memory_mb()
    # A curator starts typing a moment after the list is complete; meanwhile the list gathers, while idle, what
    # the filter looks at (a key typed before that searches instead). How long that takes is reported.
    proxy = warm["window"].file_panel.proxy
    if hasattr(proxy, "prepared"):
        prepared = wait(app, lambda: proxy.prepared, 600)
    else:  # a version of the list without the word index: its columns are gathered within two seconds
        settle(app, 2.0)
        prepared = 2.0
    # ...with a file open, as when one is being edited: its row selected and current.
    warm["window"].file_panel.view.selectRow(0)
    settle(app, 0.5)
    times = []
    for query in QUERIES:
        times += filter_keystrokes(app, warm["window"], query)
    rss, peak = memory_mb()
    baseline, count = naive_baseline(folder, args.baseline_sample)
    ratio = warm["full"] / baseline
    print(f"naive frontmatter.load loop over {count:,} files: {baseline:.2f} s"
          f"{' (scaled from a sample)' if args.baseline_sample else ''}")
    warm["window"].shutdown()
    if not args.folder:
        shutil.rmtree(work, ignore_errors=True)  # the generated folder and the cache
    elif not args.cache:
        shutil.rmtree(work / "cache", ignore_errors=True)

    seconds = [t for t, _text in times]
    worst, worst_text = max(times)
    print()
    if args.thumbnails:
        print("with the Image column shown:")
    if cold is not None:
        print(f"first rows visible (cold cache): {cold['first'] * 1000:6.0f} ms   target <= 500 ms   "
              f"{'ok' if cold['first'] <= 0.5 else 'MISSED'}")
    print(f"first rows visible (warm cache): {warm['first'] * 1000:6.0f} ms   target <= 500 ms   "
          f"{'ok' if warm['first'] <= 0.5 else 'MISSED'}")
    if cold is not None:
        print(f"longest stall while indexing:    {cold['stall'] * 1000:6.0f} ms (cold)")
    print(f"longest stall while opening:     {warm['stall'] * 1000:6.0f} ms (warm)   target <= 100 ms   "
          f"{'ok' if warm['stall'] <= 0.1 else 'MISSED'}")
    print(f"warm full list / naive loop:     {ratio:6.3f}      target <= 0.1     "
          f"{'ok' if ratio <= 0.1 else 'MISSED'}  ({warm['full']:.2f} s vs {baseline:.2f} s; index complete "
          f"{warm['complete']:.2f} s = {warm['complete'] / baseline:.3f}x)")
    print(f"filter keystroke over {count:,} rows ({len(times)} keys): median {statistics.median(seconds) * 1000:.1f} "
          f"ms, worst {worst * 1000:.1f} ms (after {worst_text!r})   target < 50 ms   "
          f"{'ok' if worst < 0.05 else 'MISSED'}")
    print(f"filter's idle gathering (columns, word index) complete {prepared:.1f} s after the list")
    print(f"memory with every row listed:    {listed_rss:6.0f} MB resident; peak {peak:.0f} MB"
          f"{'' if peak_reset else ' (the whole run)'}   target < 400 MB   {'ok' if peak < 400 else 'MISSED'}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
