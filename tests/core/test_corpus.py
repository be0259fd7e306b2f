"""The 300 real curation files (when ../shared/corpus is beside the project): read, round trip, validate."""
from __future__ import annotations

import difflib
import random

from curator_gui.core.document import Document
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
