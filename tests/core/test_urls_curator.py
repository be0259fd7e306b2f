"""Duplicates by source whatever the spelling, clean URLs in the old tool's spellings, and the curator's name
(never the article's byline)."""
from __future__ import annotations

import subprocess

import pytest

from curation_samples import CURRENT_OLD, write_folder
from curator_gui.core.curator import curator_name, git_user_name
from curator_gui.core.index import FolderIndex
from curator_gui.core.merge import plan_merge
from curator_gui.core.newdoc import build_curation
from curator_gui.core.urls import duplicate_key, is_clean_of

BASE = "https://countyhealth.example.com/news/pharmacy-kiosks"


@pytest.mark.parametrize("variant", [
    "http://countyhealth.example.com/news/pharmacy-kiosks",
    "https://www.countyhealth.example.com/news/pharmacy-kiosks",
    "https://CountyHealth.Example.COM/news/pharmacy-kiosks",
    "https://countyhealth.example.com./news/pharmacy-kiosks",
    "https://countyhealth.example.com/news/pharmacy-kiosks#comments",
    "https://countyhealth.example.com/news/pharmacy-kiosks/",
    "https://countyhealth.example.com:443/news/pharmacy-kiosks",
    "http://countyhealth.example.com:80/news/pharmacy-kiosks",
    "https://countyhealth.example.com/news/pharmacy-kiosks?utm_source=x&fbclid=1&gclid=2",
    "https://countyhealth.example.com/news/pharmacy-kiosks?",
    "  https://countyhealth.example.com/news/pharmacy-kiosks ",
])
def test_spellings_of_one_source_share_a_duplicate_key(variant):
    assert duplicate_key(variant) == duplicate_key(BASE) == "countyhealth.example.com/news/pharmacy-kiosks"


@pytest.mark.parametrize("other", [
    "https://countyhealth.example.com/news/pharmacy-kiosks?page=2",
    "https://countyhealth.example.com:8443/news/pharmacy-kiosks",
    "https://countyhealth.example.com/news/Pharmacy-Kiosks",
    "https://news.countyhealth.example.com/news/pharmacy-kiosks",
    "ftp://countyhealth.example.com/news/pharmacy-kiosks",
])
def test_other_pages_keep_other_keys(other):
    assert duplicate_key(other) != duplicate_key(BASE)


def test_percent_escapes_compare_case_insensitively_and_empty_stays_empty():
    assert duplicate_key("https://x.org/a%2fb?q=%c3%a9") == duplicate_key("https://x.org/a%2Fb?q=%C3%A9")
    assert duplicate_key("") == duplicate_key("   ") == ""


@pytest.mark.parametrize("clean, original, ok", [
    ("https://x.org/a", "https://x.org/a?utm_source=m", True),
    ("https://x.org/a?", "https://x.org/a?utm_source=m&utm_medium=e", True),  # the old tool left the '?'
    ("https://x.org/a", "https://x.org/a?ec=5&id=2", True),  # the old tool cut at ec
    ("https://x.org/a?id=2", "https://x.org/a?ec=5&id=2", True),
    (" https://x.org/a", "https://x.org/a", True),  # whitespace is a finding of its own
    ("https://x.org/action/cookieAbsent", "https://x.org/doi/10.1/abc", False),
    ("https://x.org/a", "https://x.org/a?id=2", False),
])
def test_clean_urls_in_the_old_tools_spellings(clean, original, ok):
    assert is_clean_of(clean, original) is ok


def test_the_folder_finds_url_variant_duplicates_and_names_them_by_title(tmp_path):
    folder = write_folder(tmp_path / "c")
    (folder / "sub").mkdir()
    (folder / "sub" / "again.md").write_text(
        CURRENT_OLD.replace(BASE, "http://www.countyhealth.example.com/news/pharmacy-kiosks/#top"))
    index = FolderIndex(folder, cache_path=tmp_path / "cache.sqlite3")
    try:
        rows = {row.path.rsplit("/", 1)[-1]: row for row in index.scan().rows}
    finally:
        index.close()
    problems = [p for p in rows["current-old.md"].all_problems() if p.code == "CG207"]
    assert len(problems) == 1 and problems[0].related == (str(folder / "sub" / "again.md"),)
    assert problems[0].message == f'same source as "Rural Pharmacies Add Telehealth Kiosks" ({folder / "sub" / "again.md"})'
    assert [p.code for p in rows["again.md"].all_problems()] == ["CG501", "CG207"]  # its image is elsewhere


# --- the curator is not the byline ----------------------------------------------------------------------------

FRAGMENT = {"title": "Clinic Hours Extended", "author": ["Jo Writer"], "byline": ["Jo Writer"],
            "htmlMetaData": {"author": "Jo Writer"},
            "link": {"original": "https://x.org/a", "href": "https://x.org/a", "brand": "x.org"}}


def test_merging_a_fetch_never_writes_the_byline_into_author():
    plan = plan_merge({"title": "", "author": [], "htmlMetaData": {}}, FRAGMENT)
    paths = [path for path, _ in plan.fills] + [c.path for c in plan.conflicts]
    assert ("htmlMetaData",) in paths  # the page's own meta tag is kept as before
    assert not any(path[0] in ("author", "byline") for path in paths)
    plan = plan_merge({"author": ["Priya Raman"]}, FRAGMENT)
    assert not any(c.path[0] == "author" for c in plan.conflicts)


def test_a_new_curation_credits_the_curator_only():
    data, _ = build_curation(FRAGMENT, "x.md")
    assert data["author"] == [] and "byline" not in data
    data, _ = build_curation(FRAGMENT, "x.md", curators=["Ada Curator"])
    assert data["author"] == ["Ada Curator"] and data["htmlMetaData"] == {"author": "Jo Writer"}


def _git(folder, *args):
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, timeout=30)


def test_curator_name_sources_in_order(tmp_path, monkeypatch):
    folder = tmp_path / "site" / "news"
    folder.mkdir(parents=True)
    assert curator_name(folder) == "" and git_user_name(folder) is None
    _git(tmp_path / "site", "init", "-q")
    _git(tmp_path / "site", "config", "user.name", "Git  Person")
    assert curator_name(folder) == "Git Person"
    assert curator_name(folder, preference="Pref Person") == "Pref Person"
    (tmp_path / "site" / "curator.toml").write_text('curator = "Config Person"\n')
    assert curator_name(folder, preference="Pref Person") == "Config Person"
    assert curator_name(folder, explicit=" Given  Person ", preference="Pref Person") == "Given Person"
    (tmp_path / "site" / "curator.toml").write_text('curator = [\n')  # unusable: passed over here
    assert curator_name(folder) == "Git Person"


def test_no_git_means_no_name_and_no_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert git_user_name(tmp_path) is None and curator_name(tmp_path) == ""
