"""The image findings (CG501-CG506) in validation and in the folder index, the folder check for image files no
curation names, and thumbnails."""
from __future__ import annotations

import os
import time

import pytest
from image_samples import image_bytes, png_declaring, write_image
from media_curations import G1, G2, SEED

from curator_gui.cli import main
from curator_gui.core.document import Document
from curator_gui.core.index import FolderIndex
from curator_gui.core.media import facts as facts_module
from curator_gui.core.media.imagecheck import ImageRefused
from curator_gui.core.media.thumbnails import cached_thumbnail, make_thumbnail
from curator_gui.core.validate import validate_document


def _found(path) -> list[tuple[str, str, str]]:
    return [(p.code, p.field, p.message) for p in validate_document(Document.load(path)) if p.code.startswith("CG5")]


def test_files_as_recorded_give_no_finding_in_either_order(tmp_path):
    (tmp_path / "g1.md").write_text(G1)
    (tmp_path / "g2.md").write_text(G2)
    write_image(tmp_path / "g1-featuredImage.jpeg", "JPEG", 1180, 600)  # G1 records [width, height]
    write_image(tmp_path / "g2-featuredImage.jpeg", "JPEG", 1200, 630)  # G2 records [height, width]
    assert _found(tmp_path / "g1.md") == [] and _found(tmp_path / "g2.md") == []


def test_format_and_size_that_disagree_with_the_file(tmp_path):
    (tmp_path / "g1.md").write_text(G1)
    write_image(tmp_path / "g1-featuredImage.jpeg", "PNG", 500, 1000)
    assert _found(tmp_path / "g1.md") == [
        ("CG502", "featuredImage.format", "featuredImage.format is 'JPEG', but 'g1-featuredImage.jpeg' is a PNG image"),
        ("CG503", "featuredImage.size", "featuredImage.size is [1180, 600], but 'g1-featuredImage.jpeg' is 500×1000 "
                                        "pixels (expected [500, 1000])")]
    (tmp_path / "g2.md").write_text(G2.replace("    - 630\n    - 1200", "    - 1200\n    - 630"))
    write_image(tmp_path / "g2-featuredImage.jpeg", "JPEG", 1200, 630)
    assert _found(tmp_path / "g2.md") == [
        ("CG503", "featuredImage.size", "featuredImage.size is [1200, 630], the wrong way round: this file records "
                                        "sizes as [height, width] (expected [630, 1200])")]


def test_a_file_that_is_no_image_and_a_missing_icon(tmp_path):
    (tmp_path / "g2.md").write_text(G2.replace("favIconImage: null", "favIconImage:\n  href: g2-favIconImage.ico"))
    (tmp_path / "g2-featuredImage.jpeg").write_text("<!doctype html><html><body>Not found</body></html>")
    found = _found(tmp_path / "g2.md")
    assert [(code, field) for code, field, _ in found] == [("CG502", "featuredImage.href"),
                                                          ("CG506", "favIconImage.href")]
    assert found[0][2].startswith("featured image file 'g2-featuredImage.jpeg' is an HTML page")
    assert found[1][2] == "site icon file 'g2-favIconImage.ico' is not beside the .md file"


def test_an_address_not_downloaded_is_an_info_hint(tmp_path):
    (tmp_path / "seed.md").write_text(SEED.replace("featuredImage: null",
                                                   "featuredImage:\n  href: 'https://x.example/a.jpg'"))
    problems = [p for p in validate_document(Document.load(tmp_path / "seed.md")) if p.code == "CG504"]
    assert [(p.severity, p.field) for p in problems] == [("info", "featuredImage.href"), ("info", "favIconImage.href")]
    assert problems[1].message == ("the site icon is not downloaded yet (favIconImage.href is an address; "
                                   "'curator-gui image' stores it beside the .md)")


def test_an_icon_file_s_size_is_not_compared(tmp_path):
    # An .ico holds several sizes; the record may name any of them.
    (tmp_path / "g2.md").write_text(G2.replace("favIconImage: null", "favIconImage:\n  format: ICO\n  href: "
                                               "g2-favIconImage.ico\n  size:\n    - 16\n    - 16"))
    write_image(tmp_path / "g2-featuredImage.jpeg", "JPEG", 1200, 630)
    write_image(tmp_path / "g2-favIconImage.ico", "ICO", 48, 48)
    assert _found(tmp_path / "g2.md") == []


# --- the folder index ------------------------------------------------------------------------------------------

def _scan(folder, cache):
    index = FolderIndex(folder, cache_path=cache, workers=1)
    try:
        result = index.scan()
    finally:
        index.close()
    return result


def test_the_index_reads_an_image_again_only_when_it_changed(tmp_path, monkeypatch):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "g1.md").write_text(G1)
    (folder / "g2.md").write_text(G2)
    write_image(folder / "g1-featuredImage.jpeg", "JPEG", 1180, 600)
    write_image(folder / "g2-featuredImage.jpeg", "PNG", 1200, 630)
    reads: list[str] = []
    real_read = facts_module._read
    monkeypatch.setattr(facts_module, "_read", lambda path: reads.append(os.path.basename(path)) or real_read(path))
    cache = tmp_path / "cache.sqlite3"
    rows = {os.path.basename(r.path): r for r in _scan(folder, cache).rows}
    assert sorted(reads) == ["g1-featuredImage.jpeg", "g2-featuredImage.jpeg"]
    assert [p.code for p in rows["g2.md"].all_problems()] == ["CG502"] and rows["g2.md"].status == "warning"
    facts_module._memory.clear()  # as in a new process: only the index cache remembers
    reads.clear()
    assert _scan(folder, cache).parsed == 0 and reads == []  # warm: no image opened
    time.sleep(0.01)
    write_image(folder / "g2-featuredImage.jpeg", "JPEG", 1200, 630)  # fixed on disk, the .md untouched
    rows = {os.path.basename(r.path): r for r in _scan(folder, cache).rows}
    assert reads == ["g2-featuredImage.jpeg"] and rows["g2.md"].status == "ok"
    facts_module._memory.clear()
    reads.clear()
    assert _scan(folder, cache).rows[1].status == "ok" and reads == []  # the new facts were stored


def test_what_is_no_file_under_an_image_s_name_is_reported_alike_by_the_index_and_a_record_s_check(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    for stem in ("dir", "link", "pipe"):
        (folder / f"{stem}.md").write_text(G2.replace("g2-featuredImage.jpeg", f"{stem}-featuredImage.jpeg"))
    (folder / "dir-featuredImage.jpeg").mkdir()
    os.symlink("nowhere.jpeg", folder / "link-featuredImage.jpeg")
    os.mkfifo(folder / "pipe-featuredImage.jpeg")
    expected = {
        "dir.md": [("CG501", "featured image file 'dir-featuredImage.jpeg' is not beside the .md file")],
        "link.md": [("CG502", "featured image file 'link-featuredImage.jpeg' cannot be read (a symbolic link to "
                              "nowhere.jpeg, which does not exist)")],
        "pipe.md": [("CG502", "featured image file 'pipe-featuredImage.jpeg' is not a regular file (a named pipe)")]}

    def found(rows):
        return {os.path.basename(r.path): [(p.code, p.message) for p in r.all_problems() if p.code.startswith("CG5")]
                for r in rows}

    names = set(os.listdir(folder))  # as the window lists a folder: its folders too
    assert {name: [(code, message) for code, _field, message in _found(folder / name)] for name in expected} \
        == {name: [(p.code, p.message) for p in validate_document(Document.load(folder / name), sibling_names=names)
                   if p.code.startswith("CG5")] for name in expected} == expected
    cache = tmp_path / "cache.sqlite3"
    assert found(_scan(folder, cache).rows) == expected
    facts_module._memory.clear()
    assert found(_scan(folder, cache).rows) == expected  # warm: from the cache
    index = FolderIndex(folder, cache_path=cache, workers=1)
    try:
        index.scan()
        index.update_files([folder / "dir.md"])  # after a save: the folder is listed again
        assert found(index.rows.values()) == expected
    finally:
        index.close()


def test_image_files_no_curation_names_are_reported_for_the_folder(tmp_path, capsys):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "g2.md").write_text(G2)
    write_image(folder / "g2-featuredImage.jpeg", "JPEG", 1200, 630)
    write_image(folder / "g2-featuredImage.png", "PNG")  # left over from an earlier image
    write_image(folder / "gone-featuredImage.jpeg", "JPEG")  # its curation was removed
    write_image(folder / "logo.png", "PNG")  # not named like a curation's image: not judged
    (folder / "broken.md").write_text("---\ntitle: [\n---\n")
    write_image(folder / "broken-favIconImage.ico", "ICO")  # its curation cannot be read: not judged
    problems = _scan(folder, tmp_path / "cache.sqlite3").folder_problems
    assert [(os.path.basename(p.path), p.severity, p.code, p.message) for p in problems] == [
        ("g2-featuredImage.png", "info", "CG505",
         "image file not named by any curation (g2.md names 'g2-featuredImage.jpeg' instead)"),
        ("gone-featuredImage.jpeg", "info", "CG505", "image file not named by any curation (there is no gone.md "
                                                     "beside it)")]
    assert problems[0].related == (str(folder / "g2.md"),)
    assert main(["validate", str(folder), "--show-info", "--select", "CG505"]) == 1  # broken.md: always an error
    assert capsys.readouterr().out.splitlines()[1:] == [
        f"{folder}/g2-featuredImage.png:1:1: info: image file not named by any curation (g2.md names "
        f"'g2-featuredImage.jpeg' instead) (CG505)",
        f"{folder}/gone-featuredImage.jpeg:1:1: info: image file not named by any curation (there is no gone.md "
        f"beside it) (CG505)"]
    # A file given alone is not a whole folder: which images its neighbours name is not known.
    assert main(["validate", str(folder / "g2.md"), "--show-info"]) == 0
    assert "CG505" not in capsys.readouterr().out


def test_image_findings_follow_the_configuration_and_ignore_comments(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "g2.md").write_text(G2.replace("  format: JPEG\n", "  format: JPEG  # curator: ignore CG502\n"))
    write_image(folder / "g2-featuredImage.jpeg", "PNG", 1200, 630)
    rows = _scan(folder, tmp_path / "cache.sqlite3").rows
    assert rows[0].all_problems() == [] and rows[0].status == "ok"


# --- thumbnails ----------------------------------------------------------------------------------------------------

def test_thumbnails_are_small_cached_and_renewed(tmp_path):
    from PIL import Image

    image = write_image(tmp_path / "a.jpeg", "JPEG", 1200, 630)
    cache = tmp_path / "thumbs"
    assert cached_thumbnail(image, 64, folder=cache) is None
    thumb = make_thumbnail(image, 64, folder=cache)
    with Image.open(thumb) as made:
        assert made.format == "PNG" and made.size == (64, 34)
    assert cached_thumbnail(image, 64, folder=cache) == thumb
    stamp = thumb.stat().st_mtime_ns
    assert make_thumbnail(image, 64, folder=cache) == thumb and thumb.stat().st_mtime_ns == stamp  # reused
    time.sleep(0.01)
    image.write_bytes(image_bytes("PNG", 300, 600))
    renewed = make_thumbnail(image, 64, folder=cache)
    assert renewed != thumb and not thumb.exists()  # the old version is removed
    with Image.open(renewed) as made:
        assert made.size == (32, 64)


def test_thumbnails_of_a_turned_photo_and_a_16_bit_png(tmp_path):
    import io

    from PIL import Image

    turned = Image.new("RGB", (400, 200), (200, 0, 0))
    exif = turned.getexif()
    exif[0x0112] = 6  # EXIF orientation: taken turned a quarter, shown upright by browsers
    out = io.BytesIO()
    turned.save(out, "JPEG", exif=exif)
    (tmp_path / "turned.jpeg").write_bytes(out.getvalue())
    grey = Image.new("I;16", (300, 200))
    grey.putdata([n * 200 for n in range(300)] * 200)
    grey.save(tmp_path / "grey.png")
    with Image.open(make_thumbnail(tmp_path / "turned.jpeg", 64, folder=tmp_path / "thumbs")) as made:
        assert made.size == (32, 64)
    with Image.open(make_thumbnail(tmp_path / "grey.png", 64, folder=tmp_path / "thumbs")) as made:
        assert made.size == (64, 43) and made.convert("L").getextrema()[1] > 200  # not cut to white or black


@pytest.mark.parametrize("content, message", [
    (png_declaring(10_000, 10_000), "declares 10000×10000 pixels, more than the limit of 50,000,000"),
    (png_declaring(20_000, 20_000), "declares 400,000,000 pixels, more than the limit of 50,000,000"),
    (b"<!doctype html><html></html>", "is an HTML page"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "is an SVG drawing"),
])
def test_thumbnails_refuse_what_is_no_safe_image(tmp_path, content, message):
    (tmp_path / "x.png").write_bytes(content)
    with pytest.raises(ImageRefused, match=message):
        make_thumbnail(tmp_path / "x.png", folder=tmp_path / "thumbs")
    os.mkfifo(tmp_path / "pipe.png")
    with pytest.raises(OSError, match="not a regular file"):
        make_thumbnail(tmp_path / "pipe.png", folder=tmp_path / "thumbs")


def test_a_damaged_cached_image_summary_is_read_again(tmp_path):
    import sqlite3

    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "g2.md").write_text(G2)
    write_image(folder / "g2-featuredImage.jpeg", "PNG", 1200, 630)
    cache = tmp_path / "cache.sqlite3"
    assert _scan(folder, cache).parsed == 1
    with sqlite3.connect(cache) as connection:
        connection.execute("UPDATE rows SET media_state = 'not a summary'")
    result = _scan(folder, cache)
    assert result.parsed == 1 and [p.code for p in result.rows[0].all_problems()] == ["CG502"]
