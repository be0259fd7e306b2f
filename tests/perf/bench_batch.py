#!/usr/bin/env python3
"""Benchmark: renaming a topic used by 1,000 of 10,000 curations, against a naive python-frontmatter loop.

    uv run python tests/perf/bench_batch.py [--files 10000] [--users 1000] [--repeat 3] [--dir PARENT]

Makes a folder of curations modelled on real ones: the oldest dialect (sorted keys, flush lists, wrapped plain
text, no final newline) with topics in ``communityTopics`` (``-hash-``) and ``medigyTopics`` as JSON text for
most files, the same dialect with ``categories`` for some, the newer dialect (indented lists, ``>-`` folding,
nulls, derived topic lists) for a few, no topics for a tenth; a few files have CRLF line ends or a BOM. The
topic renamed is on ``--users`` files of every kind. Then, best of ``--repeat`` runs each:

* naive: ``frontmatter.load`` + rename + ``frontmatter.dump`` over those files, in this process (it reformats
  every file it writes, and is neither atomic nor durable);
* engine: :func:`plan_batch` then :func:`apply_plan` over the same files (the window's way, with a preview
  between the two: both times are shown), all in one process, or planned in worker processes; and
  :func:`plan_and_apply`, which writes each change as soon as it is planned (the command line's way):
  lossless, atomic, durable;
* command: ``curator-gui topics DIR --rename OLD NEW`` as a fresh process (it lists the folder, looks at every
  file's bytes, parses the ones that hold the topic's words, and writes in one step).

Each run starts from the original files. The engine's result is checked: every changed file differs only in
the topic lines, the tracker's copy and lastMod, the others keep their bytes and mtime, and undo restores all.
Target: the engine in one step at most 1.0x naive. Not a test: timings depend on the machine (and on what
else runs on it: the naive loop uses one core, the engine two).
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

OLD = "Symplur: #Telehealth"
NEW = "Symplur: #VirtualCare"
TAXONOMIES = ("Medigy", "Symplur", "KLAS", "Gartner", "HIMSS", "Healthcare IT News", "Frost & Sullivan")
WORDS = ("care", "clinic", "data", "patient", "record", "model", "remote", "network", "nurse", "payer", "cloud",
         "trial", "device", "staff", "rural", "billing", "imaging", "genomic", "privacy", "outcome", "pharmacy")


def _sentence(rnd: random.Random, words: int) -> str:
    text = " ".join(rnd.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def _topics(rnd: random.Random, with_old: bool) -> list[str]:
    topics = []
    for _ in range(rnd.randint(2, 5)):
        taxonomy = rnd.choice(TAXONOMIES)
        term = " ".join(w.capitalize() for w in rnd.sample(WORDS, rnd.randint(1, 3)))
        topics.append(f"{taxonomy}: #{term.replace(' ', '')}" if taxonomy == "Symplur" else f"{taxonomy}: {term}")
    topics = list(dict.fromkeys(t for t in topics if t != OLD))
    if with_old:
        topics.insert(rnd.randint(0, len(topics)), OLD)
    return topics


def _record(rnd: random.Random, n: int, topics: list[str]) -> dict:
    import json

    title = _sentence(rnd, rnd.randint(6, 14))
    slug = "-".join(title.lower().split())
    host = f"{rnd.choice(WORDS)}{n % 97}.example.org"
    url = f"https://www.{host}/{rnd.choice(WORDS)}/{slug}"
    meta = {f"{rnd.choice(WORDS)}_{k}": _sentence(rnd, rnd.randint(1, 8)) for k in range(rnd.randint(3, 10))}
    return {
        "aliases": f"/news/{slug}", "archetype": "curate-content", "author": [_sentence(rnd, 2)],
        "basePath": "/news/", "breadcrumbLinks": ["/", "/news/", ""], "breadcrumbs": ["Home", "News", title],
        "categories": [], "contentCategories": "netspective-medigy-news-curated-content",
        "date": f"2021-0{1 + n % 9}-1{n % 10}T10:11:12.{n:06d}Z", "description": _sentence(rnd, rnd.randint(20, 40)),
        "featuredImage": {"alt": title, "format": "JPEG", "href": f"c{n:05d}-featuredImage.jpeg",
                          "size": [1200, 630], "valid": True, "workPackage": 4000 + n,
                          "wpAttachment": {"fileName": "Curated_Featured_Image.jpg",
                                           "link": f"/api/v3/attachments/{9000 + n}/content"}},
        "htmlMetaData": meta, "id": 4000 + n, "identifier": "News",
        "lastMod": f"2021-0{1 + n % 9}-2{n % 10}T01:02:03.{n:06d}Z",
        "link": {"brand": "www." + host, "href": url, "original": url + "?utm_source=feed"},
        "mdName": f"c{n:05d}",
        "openProjectCustomFields": {"cleanUrl": url, "medigyTopics": json.dumps(topics, separators=(",", ":")),
                                    "sourceUrl": url + "?utm_source=feed"},
        "openProjectWorkPackageType": "Curated Content", "searchCategory": "News", "slug": f"{host}-{slug}",
        "source": "open-project-curations", "status": "", "sub": "brief", "tags": ["news"], "title": title,
    }


def make_file(rnd: random.Random, n: int, with_old: bool) -> bytes:
    """One curation: the shape and dialect chosen by ``n`` (and ``with_old``: whether it has the topic)."""
    import yaml

    from curator_gui.core.derive import category_label, category_slug, category_url
    from curator_gui.core.emit import SEED_DIALECT, emit_mapping

    kind = n % 30
    topics = _topics(rnd, with_old) if (with_old or kind >= 3) else []
    data = _record(rnd, n, topics)
    body = "\n<p>" + _sentence(rnd, rnd.randint(30, 80)) + ".</p>"
    if kind in (3, 4):  # the oldest dialect, topics in categories
        data["categories"] = topics
        text = "---\n" + yaml.dump(data, sort_keys=True, allow_unicode=True, default_flow_style=False) + "---" + body
    elif kind == 5:  # the newer dialect: fixed order, indented lists, folded text, nulls, derived lists
        data.update(categories=topics, categorySlug=category_slug(topics), categoryUrl=category_url(topics),
                    categoryLabel=category_label(topics), favIconImage=None, via=None)
        data["openProjectCustomFields"]["medigyTopics"] = topics
        text = "---\n" + emit_mapping(data, SEED_DIALECT) + "---" + body + "\n"
    else:  # the oldest dialect, topics in communityTopics with '#' as '-hash-' (none for kind 0-2)
        data["communityTopics"] = [t.replace("#", "-hash-") for t in topics]
        if not topics:
            data["openProjectCustomFields"]["medigyTopics"] = None
        text = "---\n" + yaml.dump(data, sort_keys=True, allow_unicode=True, default_flow_style=False) + "---" + body
    if n % 50 == 7:
        text = text.replace("\n", "\r\n")
    raw = text.encode("utf-8")
    return b"\xef\xbb\xbf" + raw if n % 50 == 11 else raw


def make_folder(folder: Path, count: int, users: int) -> list[Path]:
    """``count`` files in subfolders of 1,000; returns the ones that carry the topic (spread evenly)."""
    rnd = random.Random(20240601)
    step = count / users
    chosen = {int(i * step) for i in range(users)}
    with_topic = []
    for n in range(count):
        sub = folder / f"batch-{n // 1000:02d}"
        sub.mkdir(exist_ok=True)
        path = sub / f"c{n:05d}.md"
        path.write_bytes(make_file(rnd, n, n in chosen))
        if n in chosen:
            with_topic.append(path)
    return with_topic


def naive(paths: list[Path]) -> None:
    import frontmatter

    for path in paths:
        with open(path, encoding="utf-8-sig") as stream:  # python-frontmatter misses a front matter after a BOM
            post = frontmatter.load(stream)
        meta = post.metadata
        if meta.get("communityTopics"):
            meta["communityTopics"] = [NEW.replace("#", "-hash-") if t == OLD.replace("#", "-hash-") else t
                                       for t in meta["communityTopics"]]
        else:
            meta["categories"] = [NEW if t == OLD else t for t in meta["categories"]]
        tracker = meta["openProjectCustomFields"]
        if isinstance(tracker.get("medigyTopics"), str):
            tracker["medigyTopics"] = tracker["medigyTopics"].replace(OLD, NEW)
        frontmatter.dump(post, path)


def engine(paths: list[Path], workers: int | None = None, times: list | None = None):
    """Plan (in worker processes), then write: the window's way (a preview between the two)."""
    from curator_gui.core.batch import plan_batch
    from curator_gui.core.batch_apply import apply_plan
    from curator_gui.core.batch_ops import RenameTopic

    started = time.perf_counter()
    plan = plan_batch([str(p) for p in paths], RenameTopic(OLD, NEW), start_method="fork", workers=workers)
    planned = time.perf_counter()
    result = apply_plan(plan)
    if times is not None:
        times.append((planned - started, time.perf_counter() - planned))
    return plan, result


def one_step(paths: list[Path]):
    """Plan and write together (files staged while workers plan the next ones): the command line's way."""
    from curator_gui.core.batch_apply import plan_and_apply
    from curator_gui.core.batch_ops import RenameTopic

    return plan_and_apply([str(p) for p in paths], RenameTopic(OLD, NEW), start_method="fork")


def command(folder: Path, cache: Path, *args: str) -> None:
    env = dict(os.environ, CURATOR_GUI_CACHE_DIR=str(cache))
    done = subprocess.run([sys.executable, "-m", "curator_gui", *args], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:2])} failed: {done.stderr}")


def restore(originals: dict[Path, bytes]) -> None:
    for path, raw in originals.items():
        path.write_bytes(raw)


def _blocks(lines: list[str], indent: str) -> dict[str, list[str]]:
    """The entries of a block mapping whose keys sit at ``indent``: key -> its lines (the key line first)."""
    blocks: dict[str, list[str]] = {}
    key = ""
    for line in lines:
        if line.startswith(indent) and line[len(indent):len(indent) + 1] not in (" ", "-", "") and ":" in line:
            key = line[len(indent):].split(":", 1)[0]
        blocks.setdefault(key, []).append(line)
    return blocks


def only_topic_entries_changed(before: bytes, after: bytes) -> bool:
    """True when two versions differ only in the entries a topic rename may change (and lastMod), and their
    line ends, BOM, body and every other entry are byte for byte the same."""
    if before.startswith(b"\xef\xbb\xbf") != after.startswith(b"\xef\xbb\xbf") or \
            (b"\r\n" in before) != (b"\r\n" in after):
        return False
    old_head, _, old_body = before.partition(b"\n---")
    new_head, _, new_body = after.partition(b"\n---")
    if old_body != new_body:
        return False
    old, new = _blocks(old_head.decode().split("\n"), ""), _blocks(new_head.decode().split("\n"), "")
    free = {"communityTopics", "categories", "categorySlug", "categoryUrl", "categoryLabel", "lastMod"}
    if old.keys() != new.keys() or any(old[k] != new[k] for k in old if k not in free | {"openProjectCustomFields"}):
        return False
    inner_old = _blocks(old.get("openProjectCustomFields", [])[1:], "  ")
    inner_new = _blocks(new.get("openProjectCustomFields", [])[1:], "  ")
    return inner_old.keys() == inner_new.keys() and all(inner_old[k] == inner_new[k] for k in inner_old
                                                        if k != "medigyTopics")


def check(folder: Path, originals: dict[Path, bytes], mtimes: dict[Path, int], plan, result) -> None:
    """The engine's guarantees on the real result: only intended lines changed, others untouched, undo."""
    from curator_gui.core.batch_apply import undo_batch

    assert len(result.written) == len(originals) and not result.skipped, "every file with the topic changed"
    for change in plan.changes:
        assert only_topic_entries_changed(change.before, change.after), change.diff()
        assert Path(change.path).read_bytes() == change.after
    untouched = [p for p in folder.rglob("*.md") if p not in originals]
    assert all(p.stat().st_mtime_ns == mtimes[p] for p in untouched), "untouched files keep their mtime"
    undone = undo_batch(result.undo)
    assert not undone.skipped and all(p.read_bytes() == raw for p, raw in originals.items()), "undo restores"


def best_of(repeat: int, setup, run) -> float:
    times = []
    for _ in range(repeat):
        setup()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", default=None, help="where to make the folder (a disk, not tmpfs; default: temp)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="curator-bench-batch-", dir=args.dir))
    try:
        folder = work / "curations"
        folder.mkdir()
        paths = make_folder(folder, args.files, args.users)
        originals = {p: p.read_bytes() for p in paths}
        print(f"{args.files} files ({sum(p.stat().st_size for p in folder.rglob('*.md')) / 1e6:.1f} MB), "
              f"{len(paths)} with {OLD!r}, {os.cpu_count()} CPUs")
        t_naive = best_of(args.repeat, lambda: restore(originals), lambda: naive(paths))
        t_serial = best_of(args.repeat, lambda: restore(originals), lambda: engine(paths, workers=1))
        split: list = []
        t_engine = best_of(args.repeat, lambda: restore(originals), lambda: engine(paths, times=split))
        t_plan, t_apply = min(split, key=sum)
        t_one = best_of(args.repeat, lambda: restore(originals), lambda: one_step(paths))
        restore(originals)
        mtimes = {p: p.stat().st_mtime_ns for p in folder.rglob("*.md")}
        plan, result = one_step(paths)
        check(folder, originals, mtimes, plan, result)
        cache = work / "cache"
        t_command = best_of(args.repeat, lambda: restore(originals),
                            lambda: command(folder, cache, "topics", str(folder), "--rename", OLD, NEW))
        print(f"{'naive load+dump loop':36} {t_naive:7.2f} s")
        print(f"{'engine, all in one process':36} {t_serial:7.2f} s   {t_serial / t_naive:5.2f}x naive")
        print(f"{'engine, plan (workers) then apply':36} {t_engine:7.2f} s   {t_engine / t_naive:5.2f}x naive "
              f"(plan {t_plan:.2f} s, apply {t_apply:.2f} s = {t_apply / t_naive:.2f}x)")
        print(f"{'engine, in one step (plan_and_apply)':36} {t_one:7.2f} s   {t_one / t_naive:5.2f}x naive "
              f"(target <= 1.00x)")
        print(f"{'topics --rename (a fresh process)':36} {t_command:7.2f} s   {t_command / t_naive:5.2f}x naive")
        print("checked: only topic lines, medigyTopics and lastMod changed; CRLF and BOM kept; untouched files "
              "keep their mtime; undo restores every file")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
