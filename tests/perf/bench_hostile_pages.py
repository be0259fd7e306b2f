"""Benchmark of the metadata extractor on hostile pages: time and peak memory per page, each in its own process.

    uv run python tests/perf/bench_hostile_pages.py              # every page at the 5 MB cap
    uv run python tests/perf/bench_hostile_pages.py --size 500000 nested_divs unclosed_jsonld

Each page is generated in code (nothing big is committed), just under the page cap, and read by
``extract_metadata`` in a fresh subprocess so that the peak memory (``ru_maxrss``) is that page's alone. The
target: any page under the cap extracts in under 2 s and 300 MB. The fast tests build the same pages small
(``tests/core/fetch/test_fetch_bounds.py``). Not a test: pytest does not collect ``bench_*.py``.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
CAP = 5 * 1024 * 1024
TARGET_SECONDS = 2.0
TARGET_MB = 300


def _fill(unit: str, size: int, head: str = "<!doctype html><html><head>", tail: str = "") -> str:
    """``head`` + ``unit`` repeated to ``size`` bytes in all (UTF-8, ASCII here) + ``tail``."""
    count = max(1, (size - len(head) - len(tail)) // max(1, len(unit)))
    return head + unit * count + tail


def _jsonld_authors(size: int) -> str:
    person = '{"@type":"Person","name":"Writer %d"},'
    count = max(1, (size - 200) // (len(person) + 4))
    authors = "".join(person % i for i in range(count)).rstrip(",")
    return ('<!doctype html><html><head><script type="application/ld+json">{"@type":"NewsArticle",'
            f'"headline":"Many writers","author":[{authors}]}}</script></head><body></body></html>')


def _deep_json(size: int) -> str:
    depth = (size - 200) // 2
    return ('<html><head><script type="application/ld+json">' + "[" * depth + "]" * depth
            + "</script><title>Deep</title></head></html>")


#: name → (what it attacks, generator of a page of about ``size`` bytes)
PAGES = {
    "unclosed_jsonld": ("unclosed <script type=application/ld+json>, each once copying the rest of the page",
                        lambda n: _fill("<script type=application/ld+json>", n)),
    "many_jsonld_blocks": ("tiny JSON-LD blocks, one entity each",
                           lambda n: _fill('<script type="application/ld+json">{"@type":"Article","author":'
                                           '{"@id":"#a"},"image":["x.jpg"]}</script>', n)),
    "jsonld_authors": ("one article with tens of thousands of authors", _jsonld_authors),
    "deep_json": ("JSON-LD nested a million levels deep", _deep_json),
    "empty_titles_deep": ("empty <title>s 2,000 elements deep",
                          lambda n: _fill("<title></title>", n, "<html><body>" + "<div>" * 2000)),
    "nested_divs": ("<div>s nested to the end of the page", lambda n: _fill("<div>", n, "<html><body>")),
    "nested_byline_boxes": ("nested byline boxes with names and dates",
                            lambda n: _fill('<div class="byline author">By Jane Doe 22 Dec 2016 ', n,
                                            "<html><body><article>")),
    "nested_spans_in_p": ("one paragraph of nested inline elements",
                          lambda n: _fill("<span>x", n, "<html><body><article><p>")),
    "empty_paragraphs_deep": ("short paragraphs deep inside sections",
                              lambda n: _fill("<p>a</p>", n, "<html><body>" + "<section>" * 240)),
    "reopened_formatting": ("formatting elements closed by an outer end tag, which the parser opens again",
                            lambda n: _fill("<div>" + "".join(f"<b id={i}>" for i in range(100)) + "</div>x", n,
                                            "<html><body>")),
    "misnested_formatting": ("formatting end tags misnested across paragraphs",
                             lambda n: _fill("<p>x</b>", n, "<html><body>" + "<b>" * 200)),
    "empty_h1s_nested": ("empty <h1>s nested through inline elements",
                         lambda n: _fill("<h1><span>", n, "<html><body>")),
    "many_images": ("small and furniture images everywhere",
                    lambda n: _fill('<img src="/logo.png" width="10">', n, "<html><body><article>")),
    "many_metas": ("meta tags with long values", lambda n: "<html><head>" + "".join(
        f'<meta property="og:x{i}" content="{"v" * 200}">' for i in range(n // 230))),
    "huge_meta_value": ("one og:title and og:image of megabytes",
                        lambda n: '<html><head><meta property="og:title" content="' + "t " * (n // 4)
                        + '"><meta property="og:image" content="/' + "i" * (n // 2) + '.jpg"></head></html>'),
    "many_icons": ("icon links that are all unusable",
                   lambda n: _fill('<link rel="icon" href="javascript:x">', n)),
    "broken_script_tags": ("<script starts that never end their tag",
                           lambda n: _fill("<script type=", n)),
    "broken_meta_charset": ("<meta starts without > ahead of the charset scan",
                            lambda n: _fill("<meta ", n)),
    "unclosed_comment": ("<!-- starts that never close", lambda n: _fill("<!--", n, "<html><body>")),
    "attribute_spaces": ("a script type attribute followed by megabytes of spaces",
                         lambda n: "<html><head><script type=" + " " * (n - 100) + "x></script></head></html>"),
    "plain_anchors": ("the most elements a page of this size can hold",
                      lambda n: _fill("<a>x</a>", n, "<html><body>")),
    "legacy_bytes_soup": ("bytes in no declared charset that are not UTF-8, between tags",
                          lambda n: _fill("<p>\u00e9\u00e8\u00ff\u00c6 <b>x</b>", n, "<html><body>")),
    "huge_class_wrapper": ("megabyte class, id and style attributes on the wrapper of every candidate",
                           lambda n: '<html><body><div class="' + "wrapper " * (n // 16) + '" id="'
                           + "x" * (n // 8) + '" style="' + "color:red;" * (n // 40) + '">'
                           + '<span class="byline"> </span><p>short</p>' * 2000 + "</div>"),
    "byline_text_junk": ("a byline of megabytes of separators and dates",
                         lambda n: _fill(" , - 2016-01-01", n, '<html><body><div class="byline">By ')),
}


def page(name: str, size: int = CAP - 1024) -> bytes:
    """The hostile page ``name`` at about ``size`` bytes."""
    text = PAGES[name][1](size)
    codec = "cp1252" if name == "legacy_bytes_soup" else "utf-8"
    return text.encode(codec)[:CAP]


_CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from bench_hostile_pages import page
from curator_gui.core import extract_metadata
data = page(sys.argv[2], int(sys.argv[3]))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    out = extract_metadata(data, "https://hostile.example/page")
    error = None
except Exception as exc:
    out, error = {}, f"{type(exc).__name__}: {exc}"
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "before_mb": before / 1024, "bytes": len(data),
                  "error": error, "fragment_bytes": len(json.dumps(out))}))
"""


def measure(name: str, size: int, timeout: float = 120.0) -> dict:
    """Extract one page in a fresh process; its time, peak memory (whole process) and fragment size."""
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD, str(Path(__file__).parent), name, str(size)],
                              capture_output=True, text=True, timeout=timeout, cwd=PROJECT)
    except subprocess.TimeoutExpired:
        return {"seconds": timeout, "peak_mb": float("nan"), "error": "did not finish"}
    if done.returncode != 0:
        return {"seconds": float("nan"), "peak_mb": float("nan"),
                "error": f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", choices=[[]] + sorted(PAGES), default=[],
                        help="pages to run (default: all)")
    parser.add_argument("--size", type=int, default=CAP - 1024, help="page size in bytes (default: the cap)")
    args = parser.parse_args()
    names = args.names or list(PAGES)
    print(f"{'page':24} {'bytes':>9} {'seconds':>8} {'peak MB':>8} {'fragment':>9}  note")
    worst_time = worst_mb = 0.0
    for name in names:
        result = measure(name, args.size)
        worst_time = max(worst_time, result["seconds"])
        worst_mb = max(worst_mb, result["peak_mb"])
        note = result.get("error") or PAGES[name][0]
        print(f"{name:24} {result.get('bytes', 0):>9,} {result['seconds']:>8.2f} {result['peak_mb']:>8.0f} "
              f"{result.get('fragment_bytes', 0):>9,}  {note}", flush=True)
    verdict = "meets" if worst_time < TARGET_SECONDS and worst_mb < TARGET_MB else "misses"
    print(f"worst: {worst_time:.2f} s, {worst_mb:.0f} MB peak ({verdict} the {TARGET_SECONDS:g} s / "
          f"{TARGET_MB} MB target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
