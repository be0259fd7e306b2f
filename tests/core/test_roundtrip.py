"""Round-trip properties: generated front matter in each dialect survives a no-op save and one-field edits.

Files are written the way each generation of curations was written (PyYAML sorted and flush; the js-yaml
style of the newest files), then read back. A save with no change must give the same bytes, and changing
one key must leave every line outside that key's entry exactly as it was.
"""
from __future__ import annotations

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from curator_gui.core.document import Document
from curator_gui.core.emit import G1_DIALECT, SEED_DIALECT, emit_mapping

# Text as curations hold it: words, punctuation YAML cares about, accents, emoji, long runs, odd spacing.
_alphabet = st.sampled_from(list("abcdefghij ABCDE 0123456789 :#-'\",[]{}&*!|>%@`?éü€…—") + ["\u00a0", "😀", "\t"])
texts = st.one_of(
    st.text(_alphabet, max_size=120),
    st.sampled_from(["", "null", "true", "2023-07-19", "123", "1.5", "~", "- item", "key: value", " lead", "trail ",
                     "https://example.org/a?b=c#d", "a\nb", "multi\n\nline\n"]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
)
scalars = st.one_of(texts, st.integers(-10**6, 10**9), st.booleans(), st.none())
keys = st.from_regex(r"[a-z][a-zA-Z_]{0,14}", fullmatch=True)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)), max_leaves=12)
mappings = st.dictionaries(keys, values, min_size=1, max_size=8)


def _g1(data: dict) -> str:
    return yaml.dump(data, sort_keys=True, allow_unicode=True, default_flow_style=False)


WRITERS = {
    "g1": _g1,
    "seed": lambda data: emit_mapping(data, SEED_DIALECT),
    "pyyaml-unsorted": lambda data: emit_mapping(data, G1_DIALECT.__class__("pyyaml", True, False, True)),
}
COMMON = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _file(data: dict, writer: str, final_newline: bool = True) -> str:
    text = WRITERS[writer](data)
    # PyYAML writes NEL and line separators so that they read back as other characters: no real file can hold
    # such a value in that dialect, so generated files that do are skipped.
    assume(yaml.safe_load(text) == data)
    return "---\n" + text + "---\n<p>body</p>" + ("\n" if final_newline else "")


@COMMON
@given(data=mappings, writer=st.sampled_from(sorted(WRITERS)), final_newline=st.booleans())
def test_written_front_matter_reads_back_and_no_op_save_is_identical(data, writer, final_newline):
    text = _file(data, writer, final_newline)
    doc = Document.from_text(text)
    assert doc.error is None, doc.error
    assert doc.data == data
    assert doc.to_bytes() == text.encode()


@COMMON
@given(data=mappings, writer=st.sampled_from(sorted(WRITERS)), new_value=values, pick=st.integers(0, 100))
def test_one_key_edit_changes_only_that_keys_lines(data, writer, new_value, pick):
    text = _file(data, writer)
    doc = Document.from_text(text)
    key = sorted(data)[pick % len(data)] if writer == "g1" else list(data)[pick % len(data)]
    assume(doc.data[key] != new_value)
    # The entry of ``key`` in the original text, found from its position: lines before and after stay.
    lines = text.splitlines(keepends=True)
    start = doc.position_of((key,))[0] - 1
    following = [doc.position_of((k,))[0] - 1 for k in data if doc.position_of((k,))[0] - 1 > start]
    end = min(following) if following else len(lines) - 2  # the closing '---' and the body line
    doc.set(key, new_value)
    out = doc.to_bytes().decode()
    back = Document.from_text(out)
    assert back.error is None, back.error
    expected = dict(data)
    expected[key] = new_value
    assert back.data == expected
    assert out.startswith("".join(lines[:start]))
    assert out.endswith("".join(lines[end:]))


@COMMON
@given(data=mappings, writer=st.sampled_from(sorted(WRITERS)), added=mappings)
def test_added_and_removed_keys_read_back(data, writer, added):
    doc = Document.from_text(_file(data, writer))
    removed = sorted(data)[0]
    doc.delete(removed)
    for key, value in added.items():
        doc.set(key, value)
    expected = {k: v for k, v in data.items() if k != removed}
    expected.update(added)
    back = Document.from_text(doc.to_bytes().decode())
    assert back.error is None, back.error
    assert back.data == expected


def test_rare_line_break_characters_survive_an_edit_in_a_pyyaml_file():
    doc = Document.from_text("---\na: x\nb:\n- y\n---\n")
    doc.set("a", "next\x85line\u2028and\u2029more")
    doc.data["b"].append("\x85")
    back = Document.from_text(doc.to_bytes().decode())
    assert back.data == {"a": "next\x85line\u2028and\u2029more", "b": ["y", "\x85"]}
