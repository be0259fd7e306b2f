"""Documents: every shape of file is read exactly, edits are spliced minimally, bad input is refused clearly."""
from __future__ import annotations

import time

import pytest

from curator_gui.core.document import Document
from curator_gui.core.errors import ReadOnlyError

SEED_STYLE = """---
title: First Look at a Sample
author:
  - Ada Byrne
link:
  brand: example.org
  href: https://example.org/a
# a comment the editor must keep
tags:
  - News
---
<p>Body</p>
<hr>
---
<p>after a rule</p>
"""


def test_nothing_changed_gives_identical_bytes():
    doc = Document.from_text(SEED_STYLE)
    assert doc.data["title"] == "First Look at a Sample"
    assert doc.to_bytes() == SEED_STYLE.encode()
    assert not doc.is_modified


def test_body_with_horizontal_rules_is_kept():
    doc = Document.from_text(SEED_STYLE)
    assert doc.body == "<p>Body</p>\n<hr>\n---\n<p>after a rule</p>\n"
    doc.set("title", "Changed")
    assert doc.to_bytes().decode().endswith(doc.body)


def test_one_field_edit_changes_one_line_and_keeps_comments():
    doc = Document.from_text(SEED_STYLE)
    doc.set("link.brand", "example.com")
    before = SEED_STYLE.splitlines()
    after = doc.to_bytes().decode().splitlines()
    assert len(before) == len(after)
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [5]
    assert after[5] == "  brand: example.com"
    assert "# a comment the editor must keep" in after


def test_crlf_and_bom_are_kept():
    raw = b"\xef\xbb\xbf" + SEED_STYLE.replace("\n", "\r\n").encode()
    doc = Document(raw)
    assert doc.bom and doc.newline == "\r\n"
    assert doc.to_bytes() == raw
    doc.set("title", "New title")
    doc.data["tags"].append("Briefs")
    out = doc.to_bytes()
    assert out.startswith(b"\xef\xbb\xbf---\r\n")
    assert b"title: New title\r\n" in out and b"  - Briefs\r\n" in out
    assert b"\n" not in out.replace(b"\r\n", b"")
    assert Document(out).data["tags"] == ["News", "Briefs"]


def test_no_final_newline_is_kept():
    text = "---\nb: 1\na: 2\n---\n<p>x</p>"
    doc = Document.from_text(text)
    doc.set("a", 3)
    assert doc.to_bytes().decode() == "---\nb: 1\na: 3\n---\n<p>x</p>"


def test_file_without_front_matter_gets_a_block_and_keeps_its_body():
    body = "Plain article\n\nFirst paragraph.\n"
    doc = Document.from_text(body)
    assert not doc.has_front_matter and doc.body == body
    assert doc.to_bytes() == body.encode()
    doc.set("title", "Plain article")
    out = doc.to_bytes().decode()
    assert out == "---\ntitle: Plain article\n---\n" + body
    assert Document.from_text(out).data == {"title": "Plain article"}


def test_empty_front_matter_takes_new_keys():
    doc = Document.from_text("---\n---\nbody\n")
    assert doc.data == {}
    doc.set("title", "T")
    assert doc.to_bytes().decode() == "---\ntitle: T\n---\nbody\n"


@pytest.mark.parametrize("value_text, expected", [
    ("medigyTopics: '[\"A: b\",\"C: d\"]'", '["A: b","C: d"]'),
    ("medigyTopics:\n  - 'A: b'", ["A: b"]),
    ("date: 2020-01-19 12:26:51.135371", "2020-01-19 12:26:51.135371"),
    ("author: Shahid Shah", "Shahid Shah"),
    ("htmlMetaData:\n- description: x\n  viewport: y", [{"description": "x", "viewport": "y"}]),
    ("twitterMetaData:\n- null", [None]),
])
def test_value_shapes_of_the_format(value_text, expected):
    doc = Document.from_text(f"---\n{value_text}\n---\n")
    assert doc.error is None
    assert list(doc.data.values())[0] == expected
    assert doc.to_bytes() == f"---\n{value_text}\n---\n".encode()


@pytest.mark.parametrize("text, fragment, line", [
    ("---\ntitle: [unclosed\n---\n", "invalid YAML", 3),
    ("---\na: !!python/object/apply:os.system ['true']\n---\n", "Python-specific YAML tag", 2),
    ("---\na:\n\tb: 1\n---\n", "tab character", 3),
    ("---\n- a\n- b\n---\n", "must be a mapping", 2),
    ("---\njust text\n---\n", "must be a mapping", 2),
    ("---\na: 1\na: 2\n---\n", "duplicate key 'a'", 3),
    ("---\na: &x [*x]\n---\n", "recursive", 2),
    ("---\ntitle: open\n", "never closed", 1),
])
def test_bad_input_is_read_only_with_a_position(text, fragment, line):
    doc = Document.from_text(text, "bad.md")
    assert doc.read_only
    assert fragment in doc.error.message
    assert doc.error.line == line
    assert str(doc.error).startswith(f"bad.md:{line}:")
    with pytest.raises(ReadOnlyError):
        doc.set("title", "x")


def test_non_utf8_bytes_are_located():
    raw = b"---\ntitle: ok\ndescription: caf\xe9\n---\n"
    doc = Document(raw, "latin.md")
    assert doc.read_only
    assert (doc.error.line, doc.error.column) == (3, 17)
    assert "not valid UTF-8" in doc.error.message
    assert "caf\ufffd" in doc.text  # still shown, with a replacement character


def test_alias_bomb_is_refused_fast():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    started = time.perf_counter()
    doc = Document.from_text("---\n" + "\n".join(lines) + "\n---\n")
    assert time.perf_counter() - started < 1.0
    assert doc.read_only and "aliases expand" in doc.error.message


def test_small_aliases_are_read_but_not_spliced_through():
    doc = Document.from_text("---\nbase: &b {x: 1}\nother: *b\ntitle: T\n---\n")
    assert doc.data["other"] == {"x": 1}
    doc.set("title", "U")
    assert b"title: U" in doc.to_bytes()


def test_positions_are_file_lines():
    doc = Document.from_text(SEED_STYLE)
    assert doc.position_of("title") == (2, 1)
    assert doc.position_of("link.href") == (7, 3)
    assert doc.position_of("author.0") == (4, 5)
    assert doc.position_of("missing.key") == (2, 1)


def test_keys_with_dots_resolve():
    doc = Document.from_text("---\nhtmlMetaData:\n  msvalidate.01: ABC\n---\n")
    assert doc.get("htmlMetaData.msvalidate.01") == "ABC"
    doc.set("htmlMetaData.msvalidate.01", "DEF")
    assert b"  msvalidate.01: DEF\n" in doc.to_bytes()


def test_revert_drops_changes():
    doc = Document.from_text(SEED_STYLE)
    doc.set("title", "x")
    doc.body = "new body"
    doc.revert()
    assert not doc.is_modified and doc.to_bytes() == SEED_STYLE.encode()


def test_several_keys_added_at_one_place_keep_their_order():
    sorted_file = Document.from_text("---\nalpha: 1\nzulu: 2\n---\n")
    sorted_file.data.update({"mike": 3, "charlie": 4, "kilo": 5})
    assert sorted_file.to_bytes() == b"---\nalpha: 1\ncharlie: 4\nkilo: 5\nmike: 3\nzulu: 2\n---\n"
    unsorted = Document.from_text("---\nzulu: 1\nalpha: 2\n---\n")
    unsorted.data.update({"mike": 3, "charlie": 4})
    assert unsorted.to_bytes() == b"---\nzulu: 1\nalpha: 2\nmike: 3\ncharlie: 4\n---\n"
