"""The command line: output formats, exit codes, and the commands' effects on files."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
GOOD = "07cef06d-d878-522c-83d5-06d154a8e569.md"


@pytest.fixture
def seeds(tmp_path):
    target = tmp_path / "seeds"
    shutil.copytree(PROJECT / "seeds", target)
    return target


def test_validate_text_lines_and_exit_codes(run, seeds):
    code, out, err = run("validate", seeds / GOOD)
    assert (code, out, err) == (0, "", "")
    code, out, _ = run("validate", "seeds", cwd=seeds.parent)
    assert code == 1
    lines = out.splitlines()
    assert "seeds/broken-tab-indentation.md:5:1: error: tab character in indentation; YAML front matter must be " \
           "indented with spaces (CG001)" in lines
    assert "seeds/problems-to-fix.md:26:1: error: date is not a date: 'last Tuesday' [date] (CG104)" in lines
    assert any(line.startswith("seeds/remote-monitoring-refiled.md:") and "same source as \"Remote Monitoring" in line
               and "(6f699965-25da-5813-8973-84e4d91dbca2.md)" in line
               for line in lines)


def test_validate_warnings_only_exit_zero(run, seeds):
    code, out, _ = run("validate", seeds / "remote-monitoring-refiled.md", seeds / "6f699965-25da-5813-8973-84e4d91dbca2.md")
    assert code == 0 and out.count("warning: same source as") == 2


def test_validate_json(run, seeds):
    code, out, _ = run("validate", "--format", "json", seeds / "problems-to-fix.md")
    problems = json.loads(out)
    assert code == 1
    assert {"path", "line", "column", "severity", "field", "message", "code", "related"} == set(problems[0])
    assert {"field": "relatedOfferings.1.offeringId", "severity": "error"}.items() <= \
        next(p for p in problems if p["field"] == "relatedOfferings.1.offeringId").items()


def test_validate_unreadable_path_is_usage_error(run, seeds):
    code, _, err = run("validate", seeds / GOOD, seeds / "nope.md")
    assert code == 2 and "nope.md: no such file or folder" in err


def test_list_text_json_and_filter(run, seeds):
    code, out, _ = run("list", seeds)
    assert code == 0 and len(out.splitlines()) == len(list(seeds.glob("*.md")))
    code, out, _ = run("list", seeds, "--format", "json", "--filter", "HITWIRE")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 2
    assert {"path", "title", "date", "brand", "href", "status", "errors", "warnings"} <= set(rows[0])
    assert all(r["brand"] == "hitwire.example.com" for r in rows)
    code, _, err = run("list", seeds / GOOD)
    assert code == 2 and "not a folder" in err


def test_set_coerces_to_the_schema_type_and_derives(run, seeds):
    target = seeds / GOOD
    before = target.read_text("utf-8")
    code, out, _ = run("set", target, "title", "2024")
    assert code == 0 and "breadcrumbs.2" in out and "featuredImage.alt" in out
    after = target.read_text("utf-8")
    assert "title: '2024'" in after and "  - '2024'" in after
    changed = [b for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 4  # title, breadcrumb, alt, lastMod
    code, _, _ = run("set", target, "relatedOfferings.0.offeringId", "99")
    assert code == 0 and "    offeringId: 99\n" in target.read_text("utf-8")
    code, _, _ = run("set", target, "categories", "['Symplur: Telehealth', 'KLAS: Virtual Care']")
    assert code == 0 and "  - topic/klas-virtual-care\n" in target.read_text("utf-8")


def test_set_refuses_bad_values_and_unreadable_files(run, seeds):
    code, _, err = run("set", seeds / GOOD, "id", "abc")
    assert code == 1 and "whole number" in err
    code, _, err = run("set", seeds / "broken-tab-indentation.md", "title", "x")
    assert code == 1 and "tab character" in err and "not changed" in err
    # The parse error says where on its own: path:line:col: error: …, with no second prefix.
    assert err.startswith(f"{seeds / 'broken-tab-indentation.md'}:") and ": error: " in err
    assert "curator-gui: error" not in err
    code, _, err = run("set", seeds / GOOD, "categories", "[unclosed")
    assert code == 2 and "not valid YAML" in err
    code, _, err = run("set", seeds / "missing.md", "title", "x")
    assert code == 2


def test_set_on_plain_article_creates_front_matter(run, seeds):
    target = seeds / "plain-article-no-front-matter.md"
    body = target.read_text("utf-8")
    assert run("set", target, "title", "Night Shift Nurses Test a Quieter Alarm System")[0] == 0
    assert target.read_text("utf-8") == "---\ntitle: Night Shift Nurses Test a Quieter Alarm System\n---\n" + body


def test_set_cannot_save_is_exit_one(run, seeds):
    target = seeds / GOOD
    os.chmod(seeds, 0o500)
    try:
        if os.access(seeds, os.W_OK):
            pytest.skip("permissions are not enforced for this user")
        code, _, err = run("set", target, "title", "x")
        assert code == 1 and "cannot save" in err
    finally:
        os.chmod(seeds, 0o700)


def test_new_from_saved_page_and_duplicate_refusal(run, tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<html><head><meta property="og:title" content="Clinic Hours Extended">'
                    '<meta name="description" content="Open late."></head></html>', "utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    url = "https://health.example.org/clinic?utm_source=mail"
    code, out, _ = run("new", url, "--dir", folder, "--html", page)
    created = Path(out.strip())
    assert code == 0 and created.parent == folder and created.name.endswith(".md")
    code, out, _ = run("validate", created)
    assert code == 0
    code, _, err = run("new", "https://health.example.org/clinic", "--dir", folder, "--html", page)
    assert code == 1 and created.name in err and "--force" in err
    code, out, _ = run("new", url, "--dir", folder, "--html", page, "--force")
    assert code == 0 and Path(out.strip()).name == created.stem + "-2.md"
    assert run("new", "ftp://x.org/a", "--dir", folder)[0] == 2


def test_subcommands_run_without_qt_in_a_real_process(seeds):
    env = dict(os.environ, PYTHONPATH=str(PROJECT))
    script = ("import sys; from curator_gui.cli import main; code = main(sys.argv[1:]); "
              "assert not [m for m in sys.modules if m.startswith('PySide6')]; sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", script, "list", str(seeds), "--format", "json"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0 and len(json.loads(done.stdout)) == len(list(seeds.glob("*.md")))


def test_set_reports_a_failed_write_and_leaves_the_file(run, seeds, monkeypatch):
    import curator_gui.core.atomicfile as atomicfile

    def refuse(*_args):
        raise PermissionError(13, "Permission denied")

    target = seeds / GOOD
    before = target.read_bytes()
    monkeypatch.setattr(atomicfile.os, "replace", refuse)
    code, _, err = run("set", target, "title", "x")
    assert code == 1 and "cannot save" in err and "Permission denied" in err
    assert target.read_bytes() == before
    assert sorted(p.name for p in seeds.iterdir()) == sorted(p.name for p in (PROJECT / "seeds").iterdir())
