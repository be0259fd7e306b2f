"""Hostile front matter: keys that Python would merge, nesting deep enough to crash the parser, NaN values,
comments a change must keep."""
from __future__ import annotations

import subprocess
import sys

import pytest

from curator_gui.cli import main
from curator_gui.core.document import Document
from curator_gui.core.errors import DocumentError
from curator_gui.core.nesting import MAX_NESTING_DEPTH, check_nesting, depth_bound
from curator_gui.core.yamlload import load_yaml


@pytest.mark.parametrize("first, second", [("1", "1.0"), ("1", "true"), ("true", "yes"), ("null", "~"),
                                           ("16", "0x10"), (".nan", ".NaN"), ("010", "8")])
def test_keys_that_python_would_merge_are_duplicates(first, second):
    with pytest.raises(DocumentError) as caught:
        load_yaml(f"title: a\n{first}: one\n{second}: two\n", "f.md", 1)
    assert (caught.value.line, caught.value.column) == (4, 1)
    assert f"duplicate key '{second}': it means the same as '{first}' on line 3" in caught.value.message


def test_text_and_number_keys_of_the_same_spelling_are_different_keys():
    assert load_yaml("'1': text\n1: number\n").data == {"1": "text", 1: "number"}


def test_set_on_a_file_with_merged_keys_changes_nothing(tmp_path, capsys):
    path = tmp_path / "f.md"
    text = "---\ntitle: a\n# keep me\n1: one\ntrue: yes\n---\n"
    path.write_text(text, encoding="utf-8")
    assert main(["set", str(path), "title", "b"]) == 1
    assert "duplicate key 'true'" in capsys.readouterr().err
    assert path.read_text("utf-8") == text


def test_a_number_key_is_addressed_by_its_spelling(tmp_path):
    path = tmp_path / "f.md"
    path.write_text("---\ntitle: a\n# keep me\n1: one\n---\n", encoding="utf-8")
    assert main(["set", str(path), "1", "uno"]) == 0
    assert path.read_text("utf-8") == "---\ntitle: a\n# keep me\n1: uno\n---\n"


def test_read_back_compares_entries_in_the_text():
    doc = Document.from_text("---\ntitle: a\nx: 1\n---\n")
    doc.data["title"] = "b"
    assert doc._reads_back("title: b\nx: 1\n")
    assert not doc._reads_back("title: b\nx: 1\nx: 1\n")  # refused as a duplicate, never merged
    assert not doc._reads_back("title: b\n")


def test_an_edit_elsewhere_never_drops_a_comment(monkeypatch):
    from curator_gui.core import splice

    doc = Document.from_text("---\ntitle: a\n# keep me\nlink: x  # and me\n---\n")
    doc.set("title", "b")
    assert doc.to_bytes() == b"---\ntitle: b\n# keep me\nlink: x  # and me\n---\n"
    # A splice that loses a comment outside its edits is refused rather than written.
    real_apply = splice._Splicer.apply

    def lossy_apply(self):
        return real_apply(self).replace("# keep me\n", "")
    monkeypatch.setattr(splice._Splicer, "apply", lossy_apply)
    doc.set("title", "c")
    with pytest.raises(splice.SpliceError, match="drop the comment '# keep me'"):
        doc.to_bytes()


def test_deep_nesting_is_refused_with_a_position_in_a_real_process(tmp_path):
    # 40,000 levels crash libyaml's recursive composer (the process dies); the bound refuses them first.
    path = tmp_path / "deep.md"
    path.write_text("---\ntitle: a\nx: " + "[" * 40_000 + "\n---\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "curator_gui.cli", "validate", str(path)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    # The front matter itself is the first level: the 100th '[' (column 103) is the 101st level.
    assert f"deep.md:3:{3 + MAX_NESTING_DEPTH}: error: YAML nests deeper than {MAX_NESTING_DEPTH} levels" in \
        done.stdout


@pytest.mark.parametrize("text", [
    "a: " + "[" * 101 + "]" * 101,
    "a: " + "{b: " * 101 + "}" * 101,
    "".join(" " * i + f"k{i}:\n" for i in range(102)) + " " * 102 + "v\n",
    "a:\n" + "- " * 102 + "x\n",
])
def test_every_kind_of_nesting_is_bounded(text):
    with pytest.raises(DocumentError, match="nests deeper than 100"):
        check_nesting(text)


def test_real_nesting_passes_the_cheap_bound_and_exactly_100_levels_are_read():
    real = "title: a\nlink:\n  href: x\nrelatedOfferings:\n  - label: b\n    categories:\n      - 'A: B'\n"
    assert depth_bound(real) <= MAX_NESTING_DEPTH
    assert load_yaml("a: " + "[" * 99 + "]" * 99).data["a"] is not None


def test_a_nan_value_does_not_make_a_file_uneditable(tmp_path, capsys):
    path = tmp_path / "f.md"
    path.write_text("---\ntitle: a\nscore: .nan\nnested: [.nan, 1]\n---\n", encoding="utf-8")
    assert main(["set", str(path), "title", "a"]) == 0
    assert "already has that value" in capsys.readouterr().out
    assert main(["set", str(path), "title", "b"]) == 0
    assert path.read_text("utf-8") == "---\ntitle: b\nscore: .nan\nnested: [.nan, 1]\n---\n"
    assert main(["set", str(path), "score", "2"]) == 0
    assert "score: 2\n" in path.read_text("utf-8")
