#!/usr/bin/env python3
"""Benchmark of a change to many files in the window (a script, not a test).

    uv run python tests/perf/bench_batch_ui.py [--files 10000] [--users 1000]

Builds the folder of ``bench_batch.py`` (``--files`` curations modelled on real ones, the topic renamed on
``--users`` of them), opens the window on it offscreen, waits until every file is read, then renames the topic
through the Topics view as a curator would: the topic chosen, Rename, the preview (planned in worker processes
in the background), Apply (written in the background), the index reading the written files again, the view
counting again. Reports how long each step took and the longest pause of the event loop meanwhile (a 10 ms
timer's longest gap; target: none over 100 ms), then undoes the change the same way. The index cache and
settings live in a temporary folder, never the user's.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import NEW, OLD, make_folder  # noqa: E402
from bench_ui import StallMeter, wait  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=1_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="curator-bench-"))
    os.environ["CURATOR_GUI_CACHE_DIR"] = str(work / "cache")
    os.environ["CURATOR_GUI_CONFIG_DIR"] = str(work / "config")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = work / "curations"
    folder.mkdir()
    start = time.perf_counter()
    make_folder(folder, args.files, args.users)
    print(f"built {args.files:,} files ({args.users:,} with {OLD!r}) in {time.perf_counter() - start:.1f} s")

    from curator_gui.ui.app import ensure_application
    from curator_gui.ui.main_window import MainWindow

    app = ensure_application()
    window = MainWindow(remember=False)
    window.resize(1280, 800)
    window.show()
    window.open_folder(str(folder))
    wait(app, lambda: window.listed and not window.index.scanning, 900, [window.folder.scan_finished])
    window.model.flush()
    print(f"folder read in {time.perf_counter() - start:.1f} s (since the build started)")
    dock, flow = window.edits.topics, window.edits.flow
    meter = StallMeter()
    meter.start()
    began = time.perf_counter()
    window.commands.topics.trigger()
    wait(app, lambda: dock.report.entry(OLD) is not None, 60)
    shown = time.perf_counter() - began
    dock.select_topic(OLD)
    window.prompts.ask_topic = lambda *_args: NEW
    steps = {"topics view shown and counted": shown}
    began = time.perf_counter()
    dock.rename()
    wait(app, lambda: flow.preview is not None, 600, [flow.busy_changed])
    steps["planned (preview open)"] = time.perf_counter() - began
    changes = len([row for row in flow.preview.rows if row.state == "change"])
    began = time.perf_counter()
    flow.preview.apply_button.click()
    wait(app, lambda: not flow.busy, 600, [flow.busy_changed])
    steps["written"] = time.perf_counter() - began
    written = len(flow.last_result.written)
    began = time.perf_counter()
    wait(app, lambda: dock.report.entry(NEW) is not None and dock.report.entry(NEW).count == args.users, 600)
    steps["index and view caught up"] = time.perf_counter() - began
    began = time.perf_counter()
    window.commands.undo_batch.trigger()
    wait(app, lambda: not flow.busy, 600, [flow.busy_changed])
    steps["undone"] = time.perf_counter() - began
    wait(app, lambda: dock.report.entry(OLD) is not None and dock.report.entry(OLD).count == args.users, 600)
    stall = meter.stop()
    window.shutdown()
    shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"rename of a topic on {changes:,} of {args.files:,} files through the Topics view ({written:,} written):")
    for name, seconds in steps.items():
        print(f"  {name:<32} {seconds:7.2f} s")
    print(f"longest event-loop pause meanwhile: {stall * 1000:.0f} ms   target <= 100 ms   "
          f"{'ok' if stall <= 0.1 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
