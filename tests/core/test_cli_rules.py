"""The command line's rule features: codes in every output format, the rules command, configuration and its
overrides, info hints, list under a configuration, new's curator, and the pre-commit hook definition."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from curation_samples import CURRENT_OLD, LEGACY, write_folder
from curator_gui.core.document import Document
from curator_gui.core.rules import RULES

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path):
    """The samples, one with a brand that does not match (a warning) and a long title (an info hint)."""
    target = write_folder(tmp_path / "content")
    legacy = LEGACY.replace("  brand: wardnotes.example.org", "  brand: elsewhere.example.org")
    (target / "legacy.md").write_text(legacy)
    long_title = "Rural Pharmacies Add Telehealth Kiosks for Video Visits With Primary Care Doctors Nearby"
    (target / "current-old.md").write_text(CURRENT_OLD.replace("Rural Pharmacies Add Telehealth Kiosks", long_title))
    return target


def test_rules_lists_every_rule_as_text_and_json(run, tmp_path):
    code, out, _ = run("rules")
    assert code == 0 and len(out.splitlines()) == len(RULES)
    assert any(line.startswith("CG101  title-too-long") and " info " in line for line in out.splitlines())
    code, out, _ = run("rules", "CG2", "title-missing", "--format", "json")
    items = json.loads(out)
    assert code == 0 and [i["code"] for i in items] == ["CG103"] + [f"CG20{n}" for n in range(1, 8)]
    assert set(items[0]) == {"code", "name", "severity", "summary"}
    (tmp_path / "c.toml").write_text('ignore = ["CG1"]\n[severity]\nCG201 = "warning"\n')
    code, out, _ = run("rules", "CG101", "CG201", "--config", tmp_path / "c.toml", "--format", "json")
    assert [(i["code"], i["configured"]) for i in json.loads(out)] == [("CG101", "off"), ("CG201", "warning")]
    code, _, err = run("rules", "CG999")
    assert code == 2 and "'CG999' names no rule" in err


def test_rule_codes_in_text_json_and_github_output(run, folder):
    code, out, _ = run("validate", "content", cwd=folder.parent)
    assert code == 0
    assert out == ("content/legacy.md:26:3: warning: link.brand does not match link.href (expected "
                   "'wardnotes.example.org') [link.brand] (CG205)\n")
    code, out, _ = run("validate", "content", "--format", "json", "--show-info", cwd=folder.parent)
    assert [(p["code"], p["severity"], p["path"]) for p in json.loads(out)] == [
        ("CG101", "info", "content/current-old.md"), ("CG205", "warning", "content/legacy.md")]
    code, out, _ = run("validate", "content", "--format", "github", "--show-info", cwd=folder.parent)
    assert out.splitlines() == [
        "::notice file=content/current-old.md,line=35,col=1,title=CG101 title-too-long::title is 88 characters "
        "long (more than 70) [title]",
        "::warning file=content/legacy.md,line=26,col=3,title=CG205 brand-mismatch::link.brand does not match "
        "link.href (expected 'wardnotes.example.org') [link.brand]"]


def test_github_annotations_escape_what_github_requires(run, tmp_path):
    odd = tmp_path / "a,b:c.md"
    odd.write_text(CURRENT_OLD.replace("- 'Symplur: #telehealth'", "- '100% remote'"))
    code, out, _ = run("validate", "--format", "github", "--select", "CG301", odd.name, cwd=tmp_path)
    assert code == 1
    assert out == ("::error file=a%2Cb%3Ac.md,line=11,col=3,title=CG301 topic-malformed::topic '100%25 remote' "
                   "is not of the form 'Taxonomy: Term' [categories.0]\n")


def test_select_ignore_and_config_on_the_command_line(run, folder):
    assert run("validate", folder, "--ignore", "brand-mismatch")[:2] == (0, "")
    assert run("validate", folder, "--select", "CG1", "--show-info")[1].count("(CG101)") == 1
    (folder.parent / "strict.toml").write_text('[severity]\nCG2 = "error"\n')
    code, out, _ = run("validate", folder, "--config", folder.parent / "strict.toml")
    assert code == 1 and ": error: link.brand does not match" in out
    (folder / "curator.toml").write_text('[severity]\ntitle-too-long = "warning"\n')
    code, out, _ = run("validate", folder)
    assert code == 0 and "warning: title is 88 characters long" in out
    code, _, err = run("validate", folder, "--select", "CG1,nope")
    assert code == 2 and err == ("curator-gui: error: --select: 'nope' names no rule (use a code like CG101, a "
                                 "prefix like CG1, or a name like title-too-long; 'curator-gui rules' lists them)\n")


def test_an_unusable_configuration_stops_with_one_line(run, folder):
    (folder / "curator.toml").write_text('ignore = ["CG101"]\nselct = []\n')
    for command in (["validate", folder], ["list", folder], ["validate", folder / "legacy.md"]):
        code, out, err = run(*command)
        assert (code, out) == (2, "")
        assert err == f"{folder / 'curator.toml'}:2:1: error: selct: unknown setting (known: select, ignore, " \
                      "severity, title-max-length, description-max-length, curator, vocabulary)\n"


def test_list_counts_topics_and_filters_under_the_configuration(run, folder):
    code, out, _ = run("list", folder, "--format", "json")
    rows = {Path(r["path"]).name: r for r in json.loads(out)}
    assert rows["legacy.md"]["categories"][1] == "Symplur: #nursing" and rows["legacy.md"]["topic_shape"] == "legacy"
    assert rows["no-topics.md"]["topic_shape"] == "none" and rows["current-new.md"]["topic_shape"] == "current"
    assert (rows["current-old.md"]["status"], rows["current-old.md"]["infos"]) == ("ok", 1)
    assert rows["legacy.md"]["status"] == "warning"
    code, out, _ = run("list", folder, "--filter", "#NURSING")
    assert code == 0 and out.splitlines()[0].endswith("legacy.md") and len(out.splitlines()) == 1
    (folder / "curator.toml").write_text('[severity]\nCG101 = "warning"\n')
    code, out, _ = run("list", folder, "--format", "json")
    assert {Path(r["path"]).name: r["status"] for r in json.loads(out)}["current-old.md"] == "warning"


PAGE = ('<html><head><meta property="og:title" content="Clinic Hours Extended">'
        '<meta name="author" content="Jo Writer"><meta name="description" content="Open late."></head></html>')


def test_new_writes_the_curator_never_the_byline(run, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    folder = tmp_path / "news"
    folder.mkdir()
    code, out, _ = run("new", "https://health.example.org/clinic", "--dir", folder, "--html", page,
                       "--author", "Ada Curator")
    data = Document.load(out.strip()).data
    assert code == 0 and data["author"] == ["Ada Curator"] and data["htmlMetaData"]["author"] == "Jo Writer"
    (folder / "curator.toml").write_text('curator = "Config Curator"\n')
    code, out, _ = run("new", "https://health.example.org/hours", "--dir", folder, "--html", page)
    assert Document.load(out.strip()).data["author"] == ["Config Curator"]
    (folder / "curator.toml").unlink()
    code, out, _ = run("new", "https://health.example.org/late", "--dir", folder, "--html", page)
    created = out.strip()
    assert Document.load(created).data["author"] == []
    code, out, _ = run("validate", created)
    assert code == 0 and out.rstrip().endswith("warning: no curator in author (the people who filed this item) "
                                               "[author] (CG105)")


def test_new_refuses_a_source_already_curated_under_another_spelling(run, tmp_path):
    folder = write_folder(tmp_path / "news")
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    code, _, err = run("new", "http://www.countyhealth.example.com/news/pharmacy-kiosks/?utm_source=x#top",
                       "--dir", folder, "--html", page)
    assert code == 1
    assert err == (f'curator-gui: error: "Rural Pharmacies Add Telehealth Kiosks" ({folder}/current-old.md) already '
                   "curates this URL (use --force to create another one)\n")


def test_the_pre_commit_hook_runs_validate_on_markdown_files():
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = next(h for h in hooks if h["id"] == "curator-gui-validate")
    assert (hook["entry"], hook["language"], hook["files"]) == ("curator-gui validate", "python", r"\.md$")
    assert "curator-gui = \"curator_gui.cli:entry\"" in (PROJECT / "pyproject.toml").read_text("utf-8")
    import re

    assert re.search(hook["files"], "content/news/a.md") and not re.search(hook["files"], "notes.mdx")
