"""``curator-gui new`` over the network: a real loopback server, a new file, the duplicate refusal."""
from __future__ import annotations

from pathlib import Path

from curator_gui.cli import main
from curator_gui.core.document import Document
from curator_gui.core.newdoc import file_name_for
from curator_gui.core.validate import validate_document


def test_new_fetches_creates_and_refuses_a_second_copy(server, tmp_path, capsys, resolver):
    # The page's image is on a host the patched resolver does not know: its download fails without a packet
    # leaving the machine, and new succeeds all the same.
    url = server.url("/pages/og_complete.html?utm_source=newsletter")
    assert main(["new", url, "--dir", str(tmp_path), "--timeout", "5"]) == 0
    out, err = capsys.readouterr()
    created = Path(out.strip())
    assert "note: the page's featured image was not downloaded: cannot find the server cdn.example.org" in err
    assert created == tmp_path / file_name_for(url)
    doc = Document.load(created)
    assert doc.data["link"]["original"] == url
    assert doc.data["link"]["href"] == server.url("/pages/og_complete.html")
    assert doc.data["title"] and doc.data["slug"].endswith(doc.data["aliases"].rsplit("/", 1)[1])
    assert doc.data["breadcrumbs"][-1] == doc.data["title"]
    assert doc.raw.endswith(b"\n") and b"\n  - News\n" in doc.raw  # the newest files' dialect
    assert [p for p in validate_document(doc) if p.severity == "error"] == []

    assert main(["new", server.url("/pages/og_complete.html"), "--dir", str(tmp_path)]) == 1
    assert created.name in capsys.readouterr().err


def test_new_reports_a_failed_fetch_in_one_line(server, tmp_path, capsys):
    assert main(["new", server.url("/404"), "--dir", str(tmp_path), "--timeout", "5"]) == 1
    err = capsys.readouterr().err
    assert "404" in err and err.count("\n") == 1 and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
