#!/usr/bin/env python3
"""Benchmark: hostile files at full size, which the test suite only tries small.

    uv run python tests/perf/bench_hostile_files.py [--files 1000] [--sets 300]

* a folder of ``--files`` curations with, among them, front matter nested 40,000 levels deep (each one kills
  a process that hands it to the YAML composer), a named pipe, a link to /dev/zero and a file over the size
  cap: ``curator-gui list`` must list every row, the hostile ones as errors, in about the time of a clean folder;
* the nesting bound's own cost per real-sized file;
* two processes each running ``--sets`` ``set`` commands on one file: every reported success must be in the
  final file, everything else reported as a conflict (prints the counts).

Not a test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_index import make_folder  # noqa: E402

from curator_gui.core.files import MAX_DOCUMENT_BYTES  # noqa: E402
from curator_gui.core.nesting import depth_bound  # noqa: E402


def list_rows(folder: Path, cache: Path) -> tuple[float, list[dict]]:
    env = dict(os.environ, CURATOR_GUI_CACHE_DIR=str(cache))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "curator_gui", "list", str(folder), "--format", "json"],
                          env=env, capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"list failed ({done.returncode}): {done.stderr}")
    return elapsed, json.loads(done.stdout)


def add_hostile_files(folder: Path, deep: int) -> list[str]:
    names = []
    for n in range(deep):
        name = f"deep-{n}.md"
        (folder / name).write_text("---\ntitle: deep\nx: " + "[" * 40_000 + "\n---\n", encoding="utf-8")
        names.append(name)
    os.mkfifo(folder / "pipe.md")
    (folder / "zero.md").symlink_to("/dev/zero")
    with open(folder / "huge.md", "wb") as huge:
        huge.truncate(MAX_DOCUMENT_BYTES + 1)
    return names + ["pipe.md", "zero.md", "huge.md"]


_WRITER = """
import sys
from curator_gui.cli import main
path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(count):
    print(main(["set", path, f"{name}{i}", f"v{i}"]), flush=True)
"""


def concurrent_sets(work: Path, count: int) -> None:
    path = work / "shared.md"
    path.write_text("---\ntitle: Shared\n---\n", encoding="utf-8")
    env = dict(os.environ, CURATOR_GUI_CACHE_DIR=str(work / "cache-sets"), PYTHONPATH=str(PROJECT))
    started = time.perf_counter()
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), name, str(count)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) for name in "pq"]
    outputs = [w.communicate(timeout=600)[0] for w in writers]
    elapsed = time.perf_counter() - started
    text = path.read_text("utf-8")
    saved = lost = conflicts = 0
    for name, out in zip("pq", outputs):
        for i, code in enumerate(int(c) for c in out.split()):
            if code == 0:
                saved += 1
                lost += f"\n{name}{i}: v{i}\n" not in text
            else:
                conflicts += 1
    print(f"two set loops of {count}: {saved} saved, {conflicts} reported as conflicts, {lost} lost "
          f"(must be 0), {elapsed:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--deep", type=int, default=5, help="files nested 40,000 levels deep")
    parser.add_argument("--sets", type=int, default=300)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="curator-hostile-"))
    try:
        folder = work / "curations"
        folder.mkdir()
        make_folder(folder, args.files)
        sample = next(folder.rglob("*.md")).read_text("utf-8")
        runs = 2000
        started = time.perf_counter()
        for _ in range(runs):
            depth_bound(sample)
        print(f"nesting bound of a {len(sample):,}-character curation: "
              f"{(time.perf_counter() - started) / runs * 1e6:.1f} µs")
        clean_time, _ = list_rows(folder, work / "cache-clean")
        hostile = add_hostile_files(folder / "batch-00", args.deep)
        hostile_time, rows = list_rows(folder, work / "cache-hostile")
        by_name = {Path(row["path"]).name: row["status"] for row in rows}
        assert len(rows) == args.files + len(hostile), len(rows)
        assert all(by_name[name] == "error" for name in hostile)
        print(f"list of {args.files} clean files, cold: {clean_time:.2f} s; with {len(hostile)} hostile files "
              f"added: {hostile_time:.2f} s, every row listed, the hostile ones as errors")
        concurrent_sets(work, args.sets)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
