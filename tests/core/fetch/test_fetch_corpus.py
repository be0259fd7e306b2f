"""The real-page corpus beside the project (../shared/corpus/pages), when present: nothing raises, quality holds.

Scored with the corpus's own comparison rules (score_fetch.py), reading the favicon from ``favIconImage.href``.
Skipped on a clone without the corpus.
"""
from __future__ import annotations

import collections
import importlib.util
import json
from pathlib import Path

import pytest

from curator_gui.core import extract_metadata

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
FIELDS = ("title", "description", "image", "author", "site_name", "favicon", "date_published")

pytestmark = pytest.mark.corpus


def _scorer():
    script = CORPUS / "score_fetch.py"
    if not (CORPUS / "pages").is_dir() or not script.is_file():
        pytest.skip("../shared/corpus/pages is not present")
    spec = importlib.util.spec_from_file_location("score_fetch", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fields(out: dict) -> dict:
    return {"title": out.get("title"), "description": out.get("description"),
            "image": (out.get("featuredImage") or {}).get("href"), "author": out.get("byline"),
            "site_name": out["openGraphMetaData"].get("ogsite_name"),
            "favicon": (out.get("favIconImage") or {}).get("href"),
            "date_published": out["htmlMetaData"].get("articlepublished_time")}


def test_real_pages_never_raise_and_score_at_least_the_floor():
    score = _scorer()
    matches = collections.Counter()
    pages = 0
    for case in sorted(p for p in (CORPUS / "pages").iterdir() if p.is_dir()):
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        peer = "metascraper" if expected["_peer"] == "metascraper" else "ogs"
        got = _fields(extract_metadata((case / "page.html").read_bytes(), expected["_input_url"]))
        pages += 1
        for key in FIELDS:
            want = expected.get(key)
            if not isinstance(want, str):
                continue
            if key in ("image", "favicon"):
                ok = score.url_match(want, got[key])
            elif key == "date_published":
                ok = bool(got[key]) and str(got[key])[:10] == want[:10]
            else:
                ok = score.text_match(want, got[key])
            matches[(peer, key)] += bool(ok)
    assert pages == 166
    for field, (best, _peer_name) in score.PEER_BEST.items():
        assert matches[field] >= best, f"{field}: {matches[field]} below the best Python peer's {best}"
    assert sum(matches.values()) >= 655
