"""Recording an image in a curation: the size order of each generation of files, byte-exact minimal edits, storing
the file beside the curation (never over a different one unless forced), undo, and ``image --from``."""
from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest
from image_samples import image_bytes, write_image
from media_curations import G1, G2, SEED

from curator_gui.cli import main
from curator_gui.core.document import Document
from curator_gui.core.media.acquire import obtain_image
from curator_gui.core.media.imagecheck import FAVICON, FEATURED, ImageFacts, ImageRefused
from curator_gui.core.media.record import (HEIGHT_WIDTH, WIDTH_HEIGHT, remote_image_address, size_order,
                                           with_image, with_image_refused, with_image_removed)
from curator_gui.core.media.store import (ImageExistsError, redo_store, referenced_image_names, remove_image_file,
                                          restore_removed, undo_store)
from curator_gui.core.newdoc import new_document
from curator_gui.core.saving import save_document

NOW = datetime(2024, 9, 1, 12, 0, 0, 123456, tzinfo=timezone.utc)
PHOTO = ImageFacts("PNG", 1200, 630)


def _doc(tmp_path, name: str, text: str) -> Document:
    (tmp_path / name).write_text(text)
    return Document.load(tmp_path / name)


def test_each_generation_records_size_in_its_own_order(tmp_path):
    assert size_order(_doc(tmp_path, "g1.md", G1)) == WIDTH_HEIGHT  # PyYAML's layout: flush lists
    assert size_order(_doc(tmp_path, "g2.md", G2)) == HEIGHT_WIDTH  # the js-yaml layout: indented lists
    assert size_order(_doc(tmp_path, "seed.md", SEED)) == HEIGHT_WIDTH
    new = new_document(tmp_path, {"title": "T", "link": {"original": "https://example.org/a"}})
    assert size_order(new) == HEIGHT_WIDTH  # new files are written in the sample's dialect
    unsorted_pyyaml = G1.replace("id: 4101\n", "").replace("title: Night", "id: 4101\ntitle: Night")
    assert size_order(_doc(tmp_path, "odd.md", unsorted_pyyaml)) == WIDTH_HEIGHT  # the layout decides, not the order


def test_recording_in_a_g1_file_changes_only_the_image_lines(tmp_path):
    doc = _doc(tmp_path, "g1.md", G1)
    doc.data = with_image(doc.data, FEATURED, "g1-featuredImage.png", PHOTO, size_order(doc))
    assert save_document(doc, now=NOW)
    expected = (G1.replace("  format: JPEG\n  href: g1-featuredImage.jpeg\n  size:\n  - 1180\n  - 600\n",
                           "  format: PNG\n  href: g1-featuredImage.png\n  size:\n  - 1200\n  - 630\n")
                .replace("lastMod: '2021-03-05T08:09:10.111213Z'", "lastMod: '2024-09-01T12:00:00.123456Z'"))
    assert (tmp_path / "g1.md").read_bytes() == expected.encode()


def test_recording_where_there_was_no_image_writes_the_whole_map_in_the_file_s_dialect(tmp_path):
    doc = _doc(tmp_path, "seed.md", SEED)
    doc.data = with_image(doc.data, FEATURED, "seed-featuredImage.png", PHOTO, size_order(doc))
    assert save_document(doc, now=NOW)
    expected = (SEED.replace("featuredImage: null\n",
                             "featuredImage:\n  alt: Clinic Opens Late on Weekdays\n  format: PNG\n"
                             "  href: seed-featuredImage.png\n  size:\n    - 630\n    - 1200\n  valid: true\n"
                             "  workPackage: 30112\n")
                .replace("lastMod: '2024-07-29T10:22:31.004512Z'", "lastMod: '2024-09-01T12:00:00.123456Z'"))
    assert (tmp_path / "seed.md").read_bytes() == expected.encode()


def test_a_fetched_address_map_keeps_its_keys_and_gains_the_rest():
    data = {"title": "T", "id": 7, "featuredImage": {"href": "https://cdn.example.org/a.jpg", "alt": "T"}}
    after = with_image(data, FEATURED, "x-featuredImage.jpeg", ImageFacts("JPEG", 800, 450), HEIGHT_WIDTH)
    assert list(after["featuredImage"].items()) == [("href", "x-featuredImage.jpeg"), ("alt", "T"),
                                                    ("format", "JPEG"), ("size", [450, 800]), ("valid", True),
                                                    ("workPackage", 7)]
    assert data["featuredImage"]["href"] == "https://cdn.example.org/a.jpg"  # a copy: the original is kept
    hand_made = dict(data, featuredImage={"alt": "Written on purpose", "workPackage": 1})
    kept = with_image(hand_made, FEATURED, "x.png", PHOTO, WIDTH_HEIGHT)["featuredImage"]
    assert kept["alt"] == "Written on purpose" and kept["workPackage"] == 1 and kept["size"] == [1200, 630]


def test_refused_and_removed_shapes(tmp_path):
    data = _doc(tmp_path, "g2.md", G2).data
    assert with_image_refused(data, FEATURED)["featuredImage"] == {
        "valid": False, "workPackage": 9616,
        "wpAttachment": {"fileName": "Curated_Featured_Image.jpg", "link": "/api/v3/attachments/18624/content"}}
    removed = with_image_removed(data, FEATURED)["featuredImage"]
    assert list(removed) == ["alt", "workPackage", "wpAttachment"]
    assert with_image_removed({"favIconImage": {"href": "a.ico"}}, FAVICON)["favIconImage"] is None


def test_the_address_to_download_when_none_is_given(tmp_path):
    seed = _doc(tmp_path, "seed.md", SEED).data
    assert remote_image_address(seed, FEATURED) == "https://wardnotes.example.org/media/clinic.jpg"  # og:image
    assert remote_image_address(seed, FAVICON) == "https://wardnotes.example.org/favicon.ico"
    assert remote_image_address(_doc(tmp_path, "g1.md", G1).data, FEATURED) == ""  # a file, and no og:image
    legacy_og = {"featuredImage": {"href": "a.jpeg"}, "openGraphMetaData": [{"ogimage": "https://x.org/i.png"}]}
    assert remote_image_address(legacy_og, FEATURED) == "https://x.org/i.png"


# --- storing the file ------------------------------------------------------------------------------------------

def test_storing_never_overwrites_a_different_image_unless_forced(tmp_path):
    md = tmp_path / "c.md"
    source = write_image(tmp_path / "in.png", "PNG", 1200, 630)
    first = obtain_image(md, file=source)
    assert first.created and first.href == "c-featuredImage.png" and first.facts == PHOTO
    again = obtain_image(md, file=source)
    assert not again.changed  # the same bytes already there: not a change
    other = write_image(tmp_path / "other.png", "PNG", 64, 64)
    with pytest.raises(ImageExistsError, match=r"c-featuredImage\.png: a different featured image is already there"):
        obtain_image(md, file=other)
    assert (tmp_path / "c-featuredImage.png").read_bytes() == source.read_bytes()
    replaced = obtain_image(md, file=other, force=True)
    assert replaced.replaced and replaced.previous == source.read_bytes()
    assert undo_store(replaced)  # the previous image comes back
    assert (tmp_path / "c-featuredImage.png").read_bytes() == source.read_bytes()
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


def test_undo_removes_a_created_file_only_when_nothing_else_names_it(tmp_path):
    md = tmp_path / "c.md"
    stored = obtain_image(md, file=write_image(tmp_path / "in.jpg", "JPEG"))
    others = [{"featuredImage": {"href": "c-featuredImage.jpeg"}}, {"favIconImage": {"href": "https://x/i.ico"}}]
    assert referenced_image_names(others) == {"c-featuredImage.jpeg"}
    assert not undo_store(stored, referenced_image_names(others)) and stored.path.exists()
    assert undo_store(stored) and not stored.path.exists()
    assert redo_store(stored).created and stored.path.read_bytes() == image_bytes("JPEG")
    stored.path.write_bytes(image_bytes("PNG"))  # changed by someone since: left alone
    assert not undo_store(stored) and stored.path.exists()


def test_removing_a_file_no_other_record_names_and_putting_it_back(tmp_path):
    image = write_image(tmp_path / "c-featuredImage.png", "PNG")
    assert remove_image_file(image, {"c-featuredImage.png"}) is None and image.exists()  # named elsewhere
    removed = remove_image_file(image)
    assert removed is not None and not image.exists()
    restore_removed(removed)
    assert image.read_bytes() == image_bytes("PNG")
    assert remove_image_file(tmp_path / "gone.png") is None


def test_a_name_taken_by_something_else_is_refused(tmp_path):
    (tmp_path / "c-featuredImage.png").mkdir()
    with pytest.raises(Exception, match="cannot store the image there: it is not a regular file"):
        obtain_image(tmp_path / "c.md", file=write_image(tmp_path / "in.png", "PNG"))


# --- image --from -------------------------------------------------------------------------------------------------

def test_image_from_a_file_in_a_g1_curation(tmp_path, capsys):
    (tmp_path / "g1.md").write_text(G1)
    source = write_image(tmp_path / "in.webp", "WEBP", 1200, 630)
    assert main(["image", str(tmp_path / "g1.md"), "--from", str(source)]) == 0
    assert capsys.readouterr().out.startswith(f"{tmp_path / 'g1.md'}: stored g1-featuredImage.webp (WEBP, 1200×630")
    text = (tmp_path / "g1.md").read_text()
    assert "  format: WEBP\n  href: g1-featuredImage.webp\n  size:\n  - 1200\n  - 630\n  valid: true\n" in text
    assert (tmp_path / "g1-featuredImage.webp").read_bytes() == source.read_bytes()


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.png", "missing.png: no such file"),
    (lambda d: (d / "folder.png").mkdir() or d / "folder.png",
     "folder.png: cannot read: not a regular file (a folder)"),
    (lambda d: os.mkfifo(d / "pipe.png") or d / "pipe.png", "pipe.png: cannot read: not a regular file (a named pipe)"),
    (lambda d: (d / "t.jpg").write_bytes(image_bytes("JPEG", 400, 300, quality=95)[:3000]) and d / "t.jpg",
     "t.jpg is truncated: the image data ends early"),
    (lambda d: (d / "big.png").write_bytes(b"\x89PNG" + b"\0" * (10 * 2**20)) and d / "big.png",
     "big.png is more than the 10 MB an image may have"),
    (lambda d: (d / "page.jpg").write_text("<html><body>Moved</body></html>") and d / "page.jpg",
     "page.jpg is an HTML page"),
])
def test_image_from_a_bad_file_is_one_line_and_changes_nothing(tmp_path, capsys, make, message):
    (tmp_path / "g2.md").write_text(G2)
    source = make(tmp_path)
    assert main(["image", str(tmp_path / "g2.md"), "--from", str(source)]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert (tmp_path / "g2.md").read_text() == G2
    assert not [name for name in os.listdir(tmp_path) if "featuredImage" in name]


def test_image_usage_errors(tmp_path, capsys):
    (tmp_path / "g2.md").write_text(G2)
    assert main(["image", str(tmp_path / "g2.md"), "--from", "a.png", "--url", "https://x.org/a.png"]) == 2
    assert main(["image", str(tmp_path / "missing.md"), "--from", "a.png"]) == 2
    assert main(["image", str(tmp_path / "g2.md")]) == 1  # no address in the record
    assert "no featured image address to download" in capsys.readouterr().err
    (tmp_path / "article.md").write_text("# A plain article\n\nNo front matter.\n")
    assert main(["image", str(tmp_path / "article.md"), "--from", str(write_image(tmp_path / "a.png", "PNG"))]) == 1
    assert "no front matter: a plain article" in capsys.readouterr().err
    assert not (tmp_path / "article-featuredImage.png").exists()


def test_image_refuses_to_replace_a_different_file_without_force(tmp_path, capsys):
    (tmp_path / "g2.md").write_text(G2)
    write_image(tmp_path / "g2-featuredImage.jpeg", "JPEG", 10, 10)
    source = write_image(tmp_path / "in.jpg", "JPEG", 1200, 630)
    assert main(["image", str(tmp_path / "g2.md"), "--from", str(source)]) == 1
    assert "a different featured image is already there (replace it with force)" in capsys.readouterr().err
    assert (tmp_path / "g2.md").read_text() == G2
    assert main(["image", str(tmp_path / "g2.md"), "--from", str(source), "--force"]) == 0
    assert "replaced g2-featuredImage.jpeg (JPEG, 1200×630" in capsys.readouterr().out
    assert "  size:\n    - 630\n    - 1200\n" in (tmp_path / "g2.md").read_text()  # already as recorded: unchanged
    assert (tmp_path / "g2.md").read_text() == G2  # the record said exactly this: the file is not rewritten


def test_a_refused_image_is_never_stored(tmp_path):
    with pytest.raises(ImageRefused):
        obtain_image(tmp_path / "c.md", FAVICON, file=write_image(tmp_path / "in.bmp", "BMP"))
    assert sorted(os.listdir(tmp_path)) == ["in.bmp"]


def test_a_jpeg_with_a_multi_picture_extension_is_a_jpeg(tmp_path):
    from PIL import Image

    frames = [Image.linear_gradient("L").convert("RGB").resize((120, 63)) for _ in range(2)]
    frames[0].save(tmp_path / "phone.jpg", "MPO", save_all=True, append_images=frames[1:])
    stored = obtain_image(tmp_path / "c.md", file=tmp_path / "phone.jpg")
    assert stored.facts == ImageFacts("JPEG", 120, 63) and stored.href == "c-featuredImage.jpeg"
