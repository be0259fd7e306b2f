"""`set` with hostile or surprising arguments: each is refused in one line or stored as the curator meant."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from curator_gui.cli import main
from curator_gui.core.document import Document

TEXT = """---
title: Old title
link:
  original: https://example.org/a?utm_source=x
  href: https://example.org/a
author:
  - Ann Lee
categories:
  - 'Symplur: Telehealth'
categorySlug:
  - 'symplur: telehealth'
categoryLabel:
  - Telehealth
breadcrumbs:
  - Home
  - News
  - Old title
featuredImage:
  alt: Old title
relatedOfferings:
  - label: Remote care
---
body
"""


@pytest.fixture
def curation(tmp_path):
    path = tmp_path / "f.md"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def run(capsys):
    def invoke(*args):
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err
    return invoke


@pytest.mark.parametrize("key, message", [
    ("", "KEY: the field name is empty"),
    ("title.", "KEY: the field name 'title.' has an empty part"),
    (".", "KEY: the field name '.' has an empty part"),
    ("a..b", "KEY: the field name 'a..b' has an empty part"),
    (".".join(["a"] * 3000), "KEY: the field name has 3,000 parts; at most 100 are allowed"),
])
def test_keys_nobody_could_mean_are_refused(run, curation, key, message):
    code, out, err = run("set", curation, key, "x")
    assert (code, out) == (2, "") and err.startswith(f"curator-gui: error: {message}")
    assert err.count("\n") == 1 and curation.read_text("utf-8") == TEXT


def test_arguments_that_are_not_utf8_are_refused_in_a_real_process(curation, tmp_path):
    for args in ([b"title", b"\xff\xfe"], [b"ti\xfftle", b"x"]):
        done = subprocess.run([sys.executable, "-m", "curator_gui.cli", "set", bytes(curation), *args],
                              capture_output=True, timeout=60,
                              env=dict(os.environ, CURATOR_GUI_CACHE_DIR=str(tmp_path)))
        assert done.returncode == 2 and b"not valid UTF-8 text" in done.stderr
        assert b"Traceback" not in done.stderr
    assert curation.read_text("utf-8") == TEXT


def test_a_value_nested_too_deep_is_refused_without_crashing(curation, tmp_path):
    done = subprocess.run([sys.executable, "-m", "curator_gui.cli", "set", str(curation), "x", "[" * 60_000],
                          capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, CURATOR_GUI_CACHE_DIR=str(tmp_path)))
    assert done.returncode == 2 and "nests deeper than 100 levels" in done.stderr
    code, _, err = main_with_deep_key(curation)
    assert code == 2 and "would nest deeper than 100 levels" in err


def main_with_deep_key(curation):
    import io
    from contextlib import redirect_stderr

    err = io.StringIO()
    with redirect_stderr(err):
        code = main(["set", str(curation), ".".join(["k"] * 60), "[" * 50 + "]" * 50])
    return code, "", err.getvalue()


def test_a_key_through_a_text_is_refused_naming_the_text(run, curation):
    code, _, err = run("set", curation, "link.original.x", "foo")
    assert code == 1 and "cannot set link.original.x: link.original holds a text" in err
    code, _, err = run("set", curation, "categories.x", "foo")
    assert code == 1 and "categories is a list; its items are addressed by number" in err
    code, _, err = run("set", curation, "categories.5", "A: B")
    assert code == 1 and "item 5 is past the end of a list of 1" in err
    assert curation.read_text("utf-8") == TEXT


def test_a_null_parent_may_become_a_mapping(run, tmp_path):
    path = tmp_path / "n.md"
    path.write_text("---\ntitle: a\nfeaturedPdf: null\n---\n", encoding="utf-8")
    assert run("set", path, "featuredPdf.href", "x.pdf")[0] == 0
    assert Document.load(path).data["featuredPdf"] == {"href": "x.pdf"}


def test_a_list_item_set_by_number_is_an_item_and_derivations_follow(run, curation):
    code, out, _ = run("set", curation, "author.0", "Jane Doe")
    assert code == 0
    code, out, _ = run("set", curation, "categories.0", "KLAS: Virtual Care")
    assert code == 0 and "categorySlug" in out and "categoryLabel" in out
    code, _, _ = run("set", curation, "categories.1", "Symplur: Remote Care")  # appends
    assert code == 0
    data = Document.load(curation).data
    assert data["author"] == ["Jane Doe"]
    assert data["categories"] == ["KLAS: Virtual Care", "Symplur: Remote Care"]
    assert data["categorySlug"] == ["klas: virtual care", "symplur: remote care"]
    assert data["categoryLabel"] == ["Virtual Care", "Remote Care"]
    code, _, err = run("set", curation, "categories.0", "[a, b]")
    assert code == 0 and Document.load(curation).data["categories"][0] == "[a, b]"  # an item is text


@pytest.mark.parametrize("value", ["", "~", "null", "  "])
def test_a_required_field_cannot_be_emptied(run, curation, value):
    code, _, err = run("set", curation, "title", value)
    assert code == 1 and "title is required and cannot be empty" in err
    code, _, err = run("set", curation, "relatedOfferings.0.label", value)
    assert code == 1 and "relatedOfferings.0.label is required" in err
    assert curation.read_text("utf-8") == TEXT


def test_an_optional_text_field_can_be_emptied(run, curation):
    assert run("set", curation, "description", "null")[0] == 0
    assert Document.load(curation).data["description"] is None


@pytest.mark.parametrize("value, stored", [
    ("Breaking: news", "Breaking: news"),
    ("2024", "2024"),
    ("'Breaking: news'", "Breaking: news"),
    ('"It\'s here"', "It's here"),
    ("'null'", "null"),
    ("[not a list]", "[not a list]"),
    ("'unbalanced", "'unbalanced"),
    ("a: b: c", "a: b: c"),
])
def test_a_text_field_takes_the_text_as_typed(run, curation, value, stored):
    code, out, _ = run("set", curation, "title", value)
    assert code == 0 and "breadcrumbs.2" in out and "featuredImage.alt" in out
    data = Document.load(curation).data
    assert data["title"] == data["breadcrumbs"][2] == data["featuredImage"]["alt"] == stored


def test_meta_map_entries_are_text(run, tmp_path):
    path = tmp_path / "m.md"
    path.write_text("---\ntitle: a\nopenGraphMetaData:\n  ogtitle: x\n---\n", encoding="utf-8")
    assert run("set", path, "openGraphMetaData.ogtitle", "Breaking: news")[0] == 0
    assert Document.load(path).data["openGraphMetaData"]["ogtitle"] == "Breaking: news"


def test_credentials_in_a_url_never_reach_the_file_or_a_message(run, curation):
    code, out, err = run("set", curation, "link.original", "https://user:secret@example.org/b?utm_source=y")
    assert code == 0 and "secret" not in out + err
    text = curation.read_text("utf-8")
    assert "secret" not in text and "user@" not in text
    assert "original: https://example.org/b?utm_source=y" in text and "href: https://example.org/b\n" in text
    code, out, err = run("set", curation, "link.href", "ftp://user:secret@example.org/c")
    code, out, err = run("validate", curation)
    assert "secret" not in out + err and "ftp://example.org/c" in out


def test_credentials_typed_into_new_never_reach_the_curation(run, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Clinic</title></head></html>", encoding="utf-8")
    code, out, err = run("new", "https://user:secret@health.example.org/clinic", "--dir", tmp_path,
                         "--html", page)
    assert code == 0
    created = tmp_path / out.strip().rsplit("/", 1)[-1]
    assert "secret" not in created.read_text("utf-8") and "secret" not in out + err
    code, out, err = run("new", "https://user:secret@health.example.org/clinic", "--dir", tmp_path,
                         "--html", page)
    assert code == 1 and "secret" not in err
    code, out, err = run("fetch", "ftp://user:secret@x.org/")
    assert code == 2 and "secret" not in err


def test_every_subcommand_answers_hostile_arguments_in_one_line(run, curation, tmp_path):
    cases = [
        ("validate", tmp_path / "missing.md"),
        ("list", curation),
        ("list", tmp_path / "missing"),
        ("set", tmp_path / "missing.md", "title", "x"),
        ("set", tmp_path, "title", "x"),
        ("new", "https://example.org/x", "--dir", curation),
        ("fetch", "https://example.org/x", "--html", tmp_path / "missing.html"),
        ("fetch", "https://example.org/x", "--timeout", "nan"),
        ("set", curation, "title"),
    ]
    for args in cases:
        code, out, err = run(*args)
        assert code in (1, 2), args
        assert "Traceback" not in err and err.strip().splitlines()[-1].startswith("curator-gui"), (args, err)
