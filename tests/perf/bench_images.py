#!/usr/bin/env python3
"""Benchmark: thumbnails of 1,000 images, and what the image checks add to listing a folder of curations.

    uv run python tests/perf/bench_images.py [--images 1000] [--repeat 3]

Makes a folder of curations in the sample's dialect, each with its featured image beside it (generated here:
70% JPEG 1200×630, 15% PNG 800×450, 10% WEBP 1200×675, 5% GIF 600×315, each with its own content), then times:

* thumbnails, cold: :func:`make_thumbnail` for every image into an empty cache, one thread and two threads (the
  window makes them on a background pool);
* thumbnails, warm: :func:`cached_thumbnail` for every image (what a list does when it paints a row);
* ``list`` of the folder, cold and warm cache, with the images present and with them removed (the difference is
  what reading and re-checking the image files costs: headers read once in the workers, one ``stat`` per image
  on a warm listing).

Not a test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
TEMPLATE = PROJECT / "seeds" / "6f699965-25da-5813-8973-84e4d91dbca2.md"
#: (share, format, width, height, extension)
MIX = ((70, "JPEG", 1200, 630, "jpeg"), (15, "PNG", 800, 450, "png"), (10, "WEBP", 1200, 675, "webp"),
       (5, "GIF", 600, 315, "gif"))


def kind_of(i: int) -> tuple[str, int, int, str]:
    slot, edge = i % 100, 0
    for share, *rest in MIX:
        edge += share
        if slot < edge:
            return tuple(rest)
    return MIX[0][1:]


def make_folder(folder: Path, count: int) -> list[Path]:
    from PIL import Image, ImageDraw

    text = TEMPLATE.read_text("utf-8")
    base = Image.linear_gradient("L").resize((1200, 675)).convert("RGB")
    images = []
    for i in range(count):
        format_name, width, height, ext = kind_of(i)
        stem = f"curation-{i:05d}"
        body = (text.replace("Remote Monitoring Program Cuts", f"Program {i} Cuts")
                .replace("remote-monitoring-cuts-readmissions", f"remote-monitoring-{i}")
                .replace("6f699965-25da-5813-8973-84e4d91dbca2-featuredImage.png", f"{stem}-featuredImage.{ext}")
                .replace("format: PNG", f"format: {format_name}")
                .replace("    - 360\n    - 640", f"    - {height}\n    - {width}"))
        (folder / f"{stem}.md").write_text(body, "utf-8")
        image = base.crop((0, 0, width, height))
        draw = ImageDraw.Draw(image)
        for j in range(12):  # some detail of its own, so the encoders have real work
            draw.rectangle((j * 97 % width, (i * 31 + j * 53) % height, j * 97 % width + 60,
                            (i * 31 + j * 53) % height + 40), fill=((i * 7 + j * 40) % 256, j * 20, 255 - j * 20))
        draw.text((20, 20), f"image {i}", fill=(255, 255, 255))
        path = folder / f"{stem}-featuredImage.{ext}"
        image.save(path, format_name, **({"quality": 85} if format_name == "JPEG" else {}))
        images.append(path)
    return images


def best_of(repeat: int, run, before=None) -> float:
    times = []
    for _ in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def list_command(folder: Path, cache: Path) -> None:
    env = dict(os.environ, CURATOR_GUI_CACHE_DIR=str(cache))
    done = subprocess.run([sys.executable, "-m", "curator_gui", "list", str(folder), "--format", "json"],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"list failed: {done.stderr}")


def main() -> None:
    from curator_gui.core.media.thumbnails import cached_thumbnail, make_thumbnail

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="curator-bench-images-"))
    try:
        folder = work / "curations"
        folder.mkdir()
        started = time.perf_counter()
        images = make_folder(folder, args.images)
        size = sum(p.stat().st_size for p in images) / 1e6
        print(f"{args.images} images ({size:.1f} MB) made in {time.perf_counter() - started:.1f} s, "
              f"{os.cpu_count()} CPUs")
        thumbs = work / "thumbs"

        def clear() -> None:
            shutil.rmtree(thumbs, ignore_errors=True)

        def one_thread() -> None:
            for path in images:
                make_thumbnail(path, folder=thumbs)

        def two_threads() -> None:
            with ThreadPoolExecutor(2) as pool:
                list(pool.map(lambda path: make_thumbnail(path, folder=thumbs), images))

        make_thumbnail(images[0], folder=work / "warm-up")  # Pillow's import is not the thumbnails' cost
        t_one = best_of(args.repeat, one_thread, clear)
        t_two = best_of(args.repeat, two_threads, clear)
        two_threads()
        t_warm = best_of(args.repeat, lambda: [cached_thumbnail(path, folder=thumbs) for path in images])
        n = len(images)
        print(f"{'thumbnails, cold, 1 thread':34} {t_one:7.2f} s  {t_one / n * 1000:6.2f} ms per image")
        print(f"{'thumbnails, cold, 2 threads':34} {t_two:7.2f} s  {t_two / n * 1000:6.2f} ms per image")
        print(f"{'thumbnails, cached (lookup)':34} {t_warm:7.3f} s  {t_warm / n * 1e6:6.1f} µs per image")

        def cold_list() -> None:
            shutil.rmtree(work / "cache-cold", ignore_errors=True)
            list_command(folder, work / "cache-cold")

        t_cold = best_of(args.repeat, cold_list)
        list_command(folder, work / "cache-warm")
        t_list_warm = best_of(args.repeat, lambda: list_command(folder, work / "cache-warm"))
        bare = work / "bare"
        bare.mkdir()
        for path in folder.glob("*.md"):
            shutil.copy2(path, bare / path.name)

        def cold_bare() -> None:
            shutil.rmtree(work / "cache-bare", ignore_errors=True)
            list_command(bare, work / "cache-bare")

        t_cold_bare = best_of(args.repeat, cold_bare)
        list_command(bare, work / "cache-bare-warm")
        t_warm_bare = best_of(args.repeat, lambda: list_command(bare, work / "cache-bare-warm"))
        print(f"{'list, cold, images present':34} {t_cold:7.2f} s  (without the images: {t_cold_bare:.2f} s)")
        print(f"{'list, warm, images present':34} {t_list_warm:7.2f} s  (without the images: {t_warm_bare:.2f} s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
