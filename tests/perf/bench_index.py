#!/usr/bin/env python3
"""Benchmark: listing a 10,000-file folder, cold and warm, against a naive python-frontmatter loop.

    uv run python tests/perf/bench_index.py [--files 10000] [--repeat 3]

Makes a folder of curations in the sample's dialect (each with its own title and source), then times, best of
``--repeat`` runs each:

* naive: ``frontmatter.load`` over every file, in this process;
* cold: ``curator-gui list DIR --format json`` as a fresh process with an empty cache (parse, validate, store);
* warm: the same command again with the cache filled (one stat per file and one cache read).

Targets: cold at most 0.6x naive, warm at most 0.05x naive. Not a test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
TEMPLATE = PROJECT / "seeds" / "6f699965-25da-5813-8973-84e4d91dbca2.md"


def make_folder(folder: Path, count: int) -> None:
    text = TEMPLATE.read_text("utf-8")
    for i in range(count):
        body = (text.replace("Remote Monitoring Program Cuts", f"Program {i} Cuts")
                .replace("remote-monitoring-cuts-readmissions", f"remote-monitoring-{i}"))
        sub = folder / f"batch-{i // 1000:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"curation-{i:05d}.md").write_text(body, "utf-8")


def best_of(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def naive(folder: Path) -> None:
    import frontmatter

    for path in sorted(folder.rglob("*.md")):
        frontmatter.load(path)


def list_command(folder: Path, cache: Path) -> None:
    env = dict(os.environ, CURATOR_GUI_CACHE_DIR=str(cache))
    done = subprocess.run([sys.executable, "-m", "curator_gui", "list", str(folder), "--format", "json"],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"list failed: {done.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="curator-bench-"))
    try:
        folder = work / "curations"
        folder.mkdir()
        make_folder(folder, args.files)
        print(f"{args.files} files, {sum(p.stat().st_size for p in folder.rglob('*.md')) / 1e6:.1f} MB, "
              f"{os.cpu_count()} CPUs")
        t_naive = best_of(args.repeat, lambda: naive(folder))

        def cold() -> None:
            cache = work / "cache-cold"
            shutil.rmtree(cache, ignore_errors=True)
            list_command(folder, cache)

        t_cold = best_of(args.repeat, cold)
        list_command(folder, work / "cache-warm")
        t_warm = best_of(args.repeat, lambda: list_command(folder, work / "cache-warm"))
        print(f"{'naive frontmatter.load loop':32} {t_naive:7.2f} s")
        print(f"{'list, cold cache':32} {t_cold:7.2f} s   {t_cold / t_naive:5.2f}x naive (target <= 0.60x)")
        print(f"{'list, warm cache':32} {t_warm:7.2f} s   {t_warm / t_naive:5.3f}x naive (target <= 0.05x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
