#!/usr/bin/env python3
"""Benchmark: listing a 10,000-file folder, cold and warm, against a naive python-frontmatter loop; and the
memory ``list --format json`` takes.

    uv run python tests/perf/bench_index.py [--files 10000] [--repeat 3] [--folder DIR] [--cache DIR]
                                            [--warm-only]

Makes a folder of curations in the sample's dialect (each with its own title and source), then times, best of
``--repeat`` runs each:

* naive: ``frontmatter.load`` over every file, in this process;
* cold: ``curator-gui list DIR --format json`` as a fresh process with an empty cache (parse, validate, store);
* warm: the same command again with the cache filled (one stat per file and one cache read);

and reports the peak resident memory of the warm command (target: under 200 MB at 100,000 files).

Targets: cold at most 0.6x naive, warm at most 0.05x naive. Not a test: timings depend on the machine.
``--folder`` keeps the generated folder (made once, reused after), ``--cache`` the warm cache; ``--warm-only``
then skips the naive and cold runs (100,000 files take minutes to read cold on two cores).
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


def count_files(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.md"))


def naive(folder: Path) -> None:
    import frontmatter

    for path in sorted(folder.rglob("*.md")):
        frontmatter.load(path)


#: Where the child processes keep their modules' compiled bytecode (outside the source tree).
_BYTECODE = Path(tempfile.gettempdir()) / "curator-bench-bytecode"


def list_command(folder: Path, cache: Path) -> float:
    """Run ``list --format json`` as a fresh process; its peak resident memory in MB."""
    env = dict(os.environ, CURATOR_GUI_CACHE_DIR=str(cache), PYTHONPYCACHEPREFIX=str(_BYTECODE))
    # An installed program starts from its modules' cached bytecode; an environment that forbids writing it
    # (PYTHONDONTWRITEBYTECODE) would have every run compile them again (60 ms), so the child writes its own.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # The child reports its own peak (the parent's getrusage would also count earlier children).
    script = ("import resource, sys\n"
              "from curator_gui.cli import main\n"
              "code = main(sys.argv[1:])\n"
              "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
              "sys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", script, "list", str(folder), "--format", "json"],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"list failed: {done.stderr}")
    peak = int(done.stderr.strip().splitlines()[-1])
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024  # bytes there, KB here


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--folder", help="use (or create) this folder instead of a temporary one")
    parser.add_argument("--cache", help="keep the warm index cache in this folder (reused by later runs)")
    parser.add_argument("--warm-only", action="store_true", help="time the warm listing only")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="curator-bench-"))
    try:
        folder = Path(args.folder) if args.folder else work / "curations"
        if not folder.is_dir() or not any(folder.rglob("*.md")):
            folder.mkdir(parents=True, exist_ok=True)
            make_folder(folder, args.files)
        count = count_files(folder)
        print(f"{count} files, {sum(p.stat().st_size for p in folder.rglob('*.md')) / 1e6:.1f} MB, "
              f"{os.cpu_count()} CPUs")
        warm_cache = Path(args.cache) if args.cache else work / "cache-warm"
        if not args.warm_only:
            t_naive = best_of(args.repeat, lambda: naive(folder))

            def cold() -> None:
                cache = work / "cache-cold"
                shutil.rmtree(cache, ignore_errors=True)
                list_command(folder, cache)

            t_cold = best_of(args.repeat, cold)
        list_command(folder, warm_cache)
        peaks: list[float] = []
        t_warm = best_of(args.repeat, lambda: peaks.append(list_command(folder, warm_cache)))
        if not args.warm_only:
            print(f"{'naive frontmatter.load loop':32} {t_naive:7.2f} s")
            print(f"{'list, cold cache':32} {t_cold:7.2f} s   {t_cold / t_naive:5.2f}x naive (target <= 0.60x)")
            print(f"{'list, warm cache':32} {t_warm:7.2f} s   {t_warm / t_naive:5.3f}x naive (target <= 0.05x)")
        else:
            print(f"{'list, warm cache':32} {t_warm:7.2f} s")
        print(f"{'list --format json, peak memory':32} {max(peaks):7.0f} MB  (target < 200 MB at 100,000 files)")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
