"""The 300 real curation files (when ../shared/corpus is beside the project): read, round trip, validate."""
from __future__ import annotations

import difflib
import random
import shutil
from collections import Counter

from image_samples import write_image

from curator_gui.core.document import Document
from curator_gui.core.index import FolderIndex
from curator_gui.core.media.imagecheck import KINDS
from curator_gui.core.media.record import HEIGHT_WIDTH, WIDTH_HEIGHT, recorded_image, size_order
from curator_gui.core.topics import LEGACY, topic_shape
from curator_gui.core.validate import validate_document


def _real_files(corpus_dir):
    files = sorted(corpus_dir.glob("*.md"))
    assert len(files) >= 300
    return files


def test_every_real_file_reads_and_saves_back_identically(corpus_dir):
    for path in _real_files(corpus_dir):
        doc = Document.load(path)
        assert doc.error is None, doc.error
        assert doc.to_bytes() == path.read_bytes()


def test_real_files_have_no_errors_but_the_two_with_a_leading_space(corpus_dir):
    with_errors = []
    for path in _real_files(corpus_dir):
        problems = validate_document(Document.load(path))
        if any(p.severity == "error" for p in problems):
            with_errors.append((path.name, [p.message for p in problems if p.severity == "error"]))
    assert with_errors == []


def test_one_field_edits_on_real_files_stay_local(corpus_dir):
    rng = random.Random(7)
    for path in _real_files(corpus_dir):
        doc = Document.load(path)
        key = rng.choice(sorted(k for k, v in doc.data.items() if isinstance(v, str)))
        doc.set(key, doc.data[key] + " (edited)")
        out = doc.to_bytes()
        back = Document(out)
        assert back.data == doc.data
        changed = [line for line in difflib.unified_diff(path.read_text("utf-8").splitlines(),
                                                         out.decode().splitlines(), lineterm="", n=0)
                   if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        value_lines = len(doc.original_data[key]) // 60 + 2  # a long value may be folded over a few lines
        assert 1 <= len(changed) <= 2 * value_lines, (path.name, key, changed)


#: What the default rules find on the real files once their featured images exist: only genuine defects.
#: CG203: two files have a space before every URL (4 URL fields each); CG205: those two have an empty brand;
#: CG204: one clean URL is a cookie-wall page, one misspells the source's path; CG207: four articles filed twice.
#: CG101 (info, not a problem): long titles.
EXPECTED_ON_CORPUS = {("CG203", "warning"): 8, ("CG204", "warning"): 2, ("CG205", "warning"): 2,
                      ("CG207", "warning"): 8, ("CG101", "info"): 85}


def test_default_rules_flag_only_genuine_defects(corpus_dir, tmp_path):
    folder = tmp_path / "curations"
    shutil.copytree(corpus_dir, folder, ignore=shutil.ignore_patterns("*.tsv"))
    for path in folder.glob("*.md"):
        _write_recorded_images(Document.load(path), folder)
    index = FolderIndex(folder, cache_path=tmp_path / "cache.sqlite3", workers=1)
    try:
        rows = index.scan().rows
    finally:
        index.close()
    found = Counter((p.code, p.severity) for row in rows for p in row.all_problems())
    assert dict(found) == EXPECTED_ON_CORPUS
    assert sum(row.status == "warning" for row in rows) == 12 and not any(row.errors for row in rows)
    legacy = [row for row in rows if row.topic_shape == LEGACY]
    assert len(legacy) == 249 and all(row.categories for row in legacy)
    shape_rules = {"CG301", "CG302", "CG303"}
    assert not [p for row in legacy for p in row.all_problems() if p.code in shape_rules]
    assert sum(1 for row in rows if row.matches("business survival")) == sum(
        1 for path in folder.glob("*.md") if "Business Survival" in path.read_text("utf-8"))


def _write_recorded_images(doc: Document, folder) -> None:
    """Real image files as the record describes them: its format, and its size read in the file's own order (the
    oldest files [width, height], later ones [height, width]), so the size check also tests that order."""
    order = size_order(doc)
    for kind in KINDS:
        image = recorded_image(doc.data, kind)
        if not image.is_local:
            continue
        a, b = image.size if isinstance(image.size, list) and len(image.size) == 2 else (16, 16)
        width, height = (a, b) if order == WIDTH_HEIGHT else (b, a)
        write_image(folder / image.href, image.format or "PNG", width, height)


def test_legacy_topics_are_read_in_every_legacy_file(corpus_dir):
    shapes = Counter(topic_shape(Document.load(path).data) for path in _real_files(corpus_dir))
    assert shapes == {"legacy": 249, "current": 22, "none": 29}


def test_recorded_image_sizes_read_as_landscape_in_each_layout_s_order(corpus_dir):
    """Article images are nearly all wider than tall: read in the order each file's layout implies (PyYAML's
    [width, height], the js-yaml writer's [height, width]), the real sizes come out landscape."""
    landscape: Counter = Counter()
    portrait: Counter = Counter()
    for path in _real_files(corpus_dir):
        doc = Document.load(path)
        size = (doc.data.get("featuredImage") or {}).get("size")
        if not (isinstance(size, list) and len(size) == 2) or size[0] == size[1]:
            continue
        order = size_order(doc)
        width, height = size if order == WIDTH_HEIGHT else size[::-1]
        (landscape if width > height else portrait)[order] += 1
    assert landscape[WIDTH_HEIGHT] >= 250 and portrait[WIDTH_HEIGHT] <= 5
    assert landscape[HEIGHT_WIDTH] == 5 and portrait[HEIGHT_WIDTH] == 0
