"""``curator-gui fetch``: output formats, exit codes 0/1/2, one-line messages, and a light import."""
from __future__ import annotations

import json
import subprocess
import sys

import yaml

from curator_gui.cli import main


def test_prints_yaml_by_default(server, capsys):
    assert main(["fetch", server.url("/pages/og_complete.html?utm_medium=x")]) == 0
    out = yaml.safe_load(capsys.readouterr().out)
    assert out["title"] == "Hospital network adopts remote monitoring"
    assert out["link"]["href"] == server.url("/pages/og_complete.html")


def test_prints_json(server, capsys):
    assert main(["fetch", server.url("/pages/entities.html"), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["byline"] == ["Zoë Müller"]


def test_reads_a_saved_page_with_the_url_as_base(tmp_path, fixture_page, capsys):
    saved = tmp_path / "page.html"
    saved.write_bytes(fixture_page("relative_links.html"))
    assert main(["fetch", "https://saved.example/news/a.html", "--html", str(saved)]) == 0
    out = yaml.safe_load(capsys.readouterr().out)
    assert out["featuredImage"]["href"] == "https://saved.example/assets/v2/images/hero.jpg"


def test_fetch_failure_is_exit_1_with_one_line(server, capsys):
    assert main(["fetch", server.url("/404")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "HTTP 404 Not Found" in captured.err


def test_timeout_option(server, capsys):
    assert main(["fetch", server.url("/slow"), "--timeout", "0.5"]) == 1
    assert "timed out" in capsys.readouterr().err


def test_missing_saved_page_is_exit_1(tmp_path, capsys):
    assert main(["fetch", "https://a.example/", "--html", str(tmp_path / "nope.html")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_bad_usage_is_exit_2(capsys):
    assert main(["fetch"]) == 2
    assert main(["fetch", "ftp://a.example/file"]) == 2
    assert "not an http(s) URL" in capsys.readouterr().err
    assert main(["fetch", "https://a.example/", "--format", "xml"]) == 2
    assert main(["fetch", "https://a.example/", "--timeout", "0"]) == 2
    assert main(["fetch", "https://a.example/", "--timeout", "soon"]) == 2


def test_as_a_real_process(server):
    ok = subprocess.run([sys.executable, "-m", "curator_gui", "fetch", server.url("/pages/twitter_only.html"),
                         "--format", "json"], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["title"] == "Telehealth visits double in a year"
    failed = subprocess.run([sys.executable, "-m", "curator_gui", "fetch", server.url("/pdf")],
                            capture_output=True, text=True, timeout=60)
    assert failed.returncode == 1
    assert "is a PDF document" in failed.stderr and "Traceback" not in failed.stderr
    assert failed.stderr.count("\n") == 1


def test_command_module_imports_no_network_or_html_library():
    script = ("import sys\nfrom curator_gui.core.commands import command_parser\n"
              "parser, module = command_parser('fetch')\n"
              "print(sorted(m for m in ('requests', 'selectolax', 'urllib3', 'charset_normalizer', 'yaml')"
              " if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"
