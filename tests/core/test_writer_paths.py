"""The fast paths of writing: libyaml writes the oldest dialect exactly as PyYAML's Python emitter does where
it is used, and dialect detection, which tries few entries, decides as trying every entry would."""
from __future__ import annotations

import random

import yaml

from curator_gui.core import dialect as dialect_module
from curator_gui.core.document import Document
from curator_gui.core.emit import G1_DIALECT, SEED_DIALECT, Dialect, _c_writes_alike, _FlushDumper, _pyyaml_dump, \
    emit_mapping, emit_pair

ALPHABET = list("abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789") * 4 + list(" :#-?'\"&*!|>%@`,[]{}/.=+;~^$()<\\") + \
    ["é", "ß", "中", "’", "\xa0", "\u2027", "\u202a", "\ud7ff", "\ue000", "\ufffd", "\u200b", "\u0300",
     "\x85", "\u2028", "\t", "\n", "😀", "\ufeff", "\x7f", "\r"]


def _text(rnd: random.Random) -> str:
    text = "".join(rnd.choice(ALPHABET) for _ in range(rnd.choice([0, 1, 5, 30, 70, 79, 80, 81, 120, 300])))
    return " ".join(text.split()) if rnd.random() < 0.3 else text


def _value(rnd: random.Random, depth: int = 0):
    roll = rnd.random()
    if depth < 3 and roll < 0.15:
        return {_text(rnd) or "k": _value(rnd, depth + 1) for _ in range(rnd.randint(0, 3))}
    if depth < 3 and roll < 0.3:
        return [_value(rnd, depth + 1) for _ in range(rnd.randint(0, 3))]
    if roll < 0.35:
        return rnd.choice([None, True, False, 0, 17, 1.5, float("inf")])
    return _text(rnd)


def test_libyaml_writes_what_the_python_emitter_writes_where_it_is_used():
    rnd = random.Random(7)
    used = 0
    for _ in range(1200):
        value = {_text(rnd) or "key": _value(rnd)}
        column = rnd.choice([0, 2, 6, 40])
        dialect = Dialect("pyyaml", False, rnd.random() < 0.5, False)
        used += _c_writes_alike(value)
        expected = yaml.dump(value, Dumper=_FlushDumper, sort_keys=dialect.sorted_keys, allow_unicode=True,
                             default_flow_style=False, width=max(80 - column, 20))
        assert _pyyaml_dump(value, column, dialect) == expected, value
    assert used > 120


def test_texts_that_need_double_quotes_never_take_the_libyaml_path():
    for text in ["a\tb", "line\nbreak", "bell\x07", "nel\x85", "sep\u2028", "bom\ufeff", "emoji 😀", "del\x7f"]:
        assert not _c_writes_alike({"k": [text]}), repr(text)
    assert _c_writes_alike({"title": "Café: 3 things, [tagged] #x", "n": [1, 2.5, None, True]})


def _full_detection(text, root, data):
    """Detection as it was before entries were ranked and cut short: every entry tried with both writers."""
    from curator_gui.core.splice import _Splicer

    keys = [str(k) for k in data]
    sorted_keys = len(keys) > 2 and keys == sorted(keys)
    indent = dialect_module._sequence_indentation(root)
    indent = (not sorted_keys) if indent is None else indent
    candidates = [Dialect(style, indent, sorted_keys, dialect_module._has_null(data)) for style in ("jsyaml", "pyyaml")]
    splicer = _Splicer(text, candidates[0], set())
    scores = [0, 0]
    for (key_node, value_node), key in list(zip(root.value, data))[:40]:
        original = text[key_node.start_mark.index:splicer.content_end(value_node)]
        for n, dialect in enumerate(candidates):
            scores[n] += emit_pair(key, data[key], 0, dialect) == original
    if scores[0] == scores[1]:
        return candidates[0] if (">-" in text or not sorted_keys) else candidates[1]
    return candidates[scores.index(max(scores))]


def test_detection_decides_as_trying_every_entry_would():
    rnd = random.Random(11)
    words = ["care", "Clinic", "data", "https://example.org/a?b=c", "2021-03-04", "yes", "a: b", "#tag", "it's",
             "x" * 90, "long text " * 12, "multi\nline", "/news/x", "Ünïcode", "42", "", "- dash", "a, b"]
    checked = 0
    for _ in range(300):
        data = {}
        keys = ["title", "description", "link", "author", "tags", "date", "id", "via"]
        for key in rnd.sample(keys, rnd.randint(1, 7)):
            roll = rnd.random()
            data[key] = (rnd.choice(words) if roll < 0.5 else [rnd.choice(words) for _ in range(rnd.randint(0, 3))]
                         if roll < 0.7 else {"href": rnd.choice(words), "original": rnd.choice(words)} if roll < 0.85
                         else rnd.choice([None, 3, True]))
        for written in (SEED_DIALECT, G1_DIALECT):
            ordered = dict(sorted(data.items())) if written.sorted_keys else data
            doc = Document.from_text("---\n" + emit_mapping(ordered, written) + "---\n", "/x/a.md")
            root = doc._loaded.node
            expected = _full_detection(doc.yaml_text, root, doc.data)
            assert dialect_module.detect_dialect(doc.yaml_text, root, doc.data) == expected, doc.yaml_text
            checked += 1
    assert checked == 600
