"""``curator-gui image`` and ``new`` over the network: an image downloaded from the loopback server, stored beside
the curation and recorded; refusals that change nothing; ``new`` that stores the page's images or notes why not."""
from __future__ import annotations

import re
from pathlib import Path

from image_samples import image_bytes
from media_curations import G2, SEED

from curator_gui.cli import main
from curator_gui.core.document import Document
from curator_gui.core.validate import validate_document


def _lines_changed(before: bytes, after: bytes) -> list[str]:
    old, new = before.decode().splitlines(), after.decode().splitlines()
    return [f"{a!r} -> {b!r}" for a, b in zip(old, new) if a != b] + [f"+{line!r}" for line in new[len(old):]]


def test_image_url_downloads_stores_and_records(server, tmp_path, capsys):
    curation = tmp_path / "g2.md"
    curation.write_text(G2)
    assert main(["image", str(curation), "--url", server.url("/img/photo.png"), "--timeout", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{curation}: stored g2-featuredImage.png (PNG, 120×63, ")
    assert (tmp_path / "g2-featuredImage.png").read_bytes() == image_bytes("PNG", 120, 63)
    changes = _lines_changed(G2.encode(), curation.read_bytes())
    assert changes[:4] == ["'  format: JPEG' -> '  format: PNG'",
                           "'  href: g2-featuredImage.jpeg' -> '  href: g2-featuredImage.png'",
                           "'    - 630' -> '    - 63'", "'    - 1200' -> '    - 120'"]
    assert len(changes) == 5 and changes[4].startswith("\"lastMod: '2022-08-02T09:10:11.121314Z'\" -> ")


def test_image_without_a_source_uses_the_record_s_addresses(server, tmp_path, capsys):
    curation = tmp_path / "seed.md"
    port = server.base.rsplit(":", 1)[1]
    text = (SEED.replace("https://wardnotes.example.org/media/clinic.jpg", server.url("/img/photo.jpg"))
            .replace("https://wardnotes.example.org/favicon.ico", server.url("/img/favicon.ico"))
            .replace("https://wardnotes.example.org/clinic-late", f"http://127.0.0.1:{port}/clinic-late"))
    curation.write_text(text)
    assert main(["image", str(curation), "--timeout", "5"]) == 0  # og:image: featuredImage is null
    assert main(["image", str(curation), "--favicon", "--timeout", "5"]) == 0  # favIconImage.href is an address
    doc = Document.load(curation)
    assert doc.data["featuredImage"] == {"alt": "Clinic Opens Late on Weekdays", "format": "JPEG",
                                         "href": "seed-featuredImage.jpeg", "size": [63, 120], "valid": True,
                                         "workPackage": 30112}
    assert doc.data["favIconImage"] == {"href": "seed-favIconImage.ico", "alt": "Clinic Opens Late on Weekdays",
                                        "format": "ICO", "size": [32, 32], "valid": True, "workPackage": 30112}
    assert "featuredImage:\n  alt: Clinic Opens Late on Weekdays\n  format: JPEG\n" in doc.raw.decode()
    assert "    - 63\n    - 120\n" in doc.raw.decode()  # the seed's order: [height, width], its indented lists
    assert [p.code for p in validate_document(doc) if p.code.startswith("CG5")] == []  # stored, as recorded
    capsys.readouterr()
    assert main(["image", str(curation), "--timeout", "5"]) == 0  # the same image again changes nothing
    assert "already records seed-featuredImage.jpeg" in capsys.readouterr().out
    assert Document.load(curation).raw == doc.raw


def test_a_record_s_address_found_on_a_public_page_may_not_reach_a_private_one(server, tmp_path, resolver, capsys):
    resolver.answer("wardnotes.example.org", "93.184.216.34")  # the source page is public
    curation = tmp_path / "seed.md"
    curation.write_text(SEED.replace("https://wardnotes.example.org/media/clinic.jpg", server.url("/img/photo.jpg")))
    assert main(["image", str(curation), "--timeout", "5"]) == 1
    err = capsys.readouterr().err
    assert "127.0.0.1 is a loopback address, and a page on a public address may not lead into a private" in err
    assert err.rstrip().endswith("give it with --url to fetch it anyway)") and err.count("\n") == 1
    assert curation.read_text() == SEED.replace("https://wardnotes.example.org/media/clinic.jpg",
                                                server.url("/img/photo.jpg"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed.md"]
    assert set(resolver.connects) <= {"127.0.0.1"} and not resolver.connects


def test_a_refused_image_changes_nothing_unless_asked(server, tmp_path, capsys):
    curation = tmp_path / "g2.md"
    curation.write_text(G2)
    assert main(["image", str(curation), "--url", server.url("/img/error-page.jpg"), "--timeout", "5"]) == 1
    err = capsys.readouterr().err
    assert re.fullmatch(r"curator-gui: error: http://127\.0\.0\.1:\d+/img/error-page\.jpg is an HTML page .*"
                        r"\(.*g2\.md is not changed\)\n", err)
    assert curation.read_text() == G2 and sorted(p.name for p in tmp_path.iterdir()) == ["g2.md"]
    assert main(["image", str(curation), "--url", server.url("/img/drawing.svg"), "--mark-invalid"]) == 1
    assert "recorded featuredImage.valid: false" in capsys.readouterr().err
    assert Document.load(curation).data["featuredImage"] == {
        "valid": False, "workPackage": 9616,
        "wpAttachment": {"fileName": "Curated_Featured_Image.jpg", "link": "/api/v3/attachments/18624/content"}}


def test_new_stores_the_page_s_image_and_icon(server, tmp_path, capsys):
    assert main(["new", server.url("/img/article.html"), "--dir", str(tmp_path), "--timeout", "5"]) == 0
    out, err = capsys.readouterr()
    created = Path(out.strip())
    assert err == ""
    doc = Document.load(created)
    stem = created.name[:-3]
    assert doc.data["featuredImage"]["href"] == f"{stem}-featuredImage.jpeg"
    assert doc.data["featuredImage"]["size"] == [63, 120] and doc.data["featuredImage"]["valid"] is True
    assert doc.data["favIconImage"]["href"] == f"{stem}-favIconImage.ico"
    for kind in ("featuredImage", "favIconImage"):  # written in the sample's order of keys
        assert list(doc.data[kind]) == ["alt", "format", "href", "size", "valid"]
    assert (tmp_path / f"{stem}-featuredImage.jpeg").read_bytes() == image_bytes("JPEG", 120, 63)
    assert [p.code for p in validate_document(doc)] == ["CG105"]  # only: no curator named


def test_new_reports_an_image_it_could_not_get_and_still_succeeds(server, tmp_path, capsys):
    assert main(["new", server.url("/img/article-bad-image.html"), "--dir", str(tmp_path), "--timeout", "5"]) == 0
    out, err = capsys.readouterr()
    created = Path(out.strip())
    notes = err.splitlines()
    assert len(notes) == 1 and notes[0].startswith("curator-gui: note: the page's featured image was not "
                                                   "downloaded: http://127.0.0.1:")
    assert "is an HTML page" in notes[0]  # the site has no icon (HTTP 404): no news, no note
    doc = Document.load(created)
    assert doc.data["featuredImage"]["href"] == server.url("/img/error-page.jpg")  # left as the address
    assert sorted(p.name for p in tmp_path.iterdir()) == [created.name]


def test_new_with_no_image_leaves_the_addresses(server, tmp_path, capsys):
    assert main(["new", server.url("/img/article.html"), "--dir", str(tmp_path), "--no-image"]) == 0
    created = Path(capsys.readouterr().out.strip())
    assert Document.load(created).data["featuredImage"]["href"] == server.url("/img/photo.jpg")
    assert sorted(p.name for p in tmp_path.iterdir()) == [created.name]
