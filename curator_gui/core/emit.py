"""Writing YAML fragments in a file's own dialect: the only place that turns Python values into YAML text.

Two writers cover every curation seen so far:

* ``pyyaml``: the oldest files are byte for byte what ``yaml.dump(sort_keys=True, allow_unicode=True,
  default_flow_style=False)`` writes, so PyYAML itself writes them. An entry at column *c* is dumped at
  column 0 with a line width reduced by *c* and then shifted right, which gives the same line breaks as
  dumping it in place (PyYAML compares the absolute column with the width, so the shift cancels out).
* ``jsyaml``: later files (and the sample) were written by a js-yaml style dumper: indented sequences,
  long strings folded with ``>-``, single quotes when plain text would be misread, double quotes for
  non-printable characters. :func:`_js_scalar` follows that dumper's style rules so that a re-written entry
  looks like its neighbours.

Every fragment uses ``\\n`` line ends; the caller converts them to the file's own line ending.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import yaml

_DUMP_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class Dialect:
    """How one file writes its front matter; detected per file (see :mod:`curator_gui.core.dialect`)."""

    style: str = "jsyaml"  #: "pyyaml" or "jsyaml"
    indent_sequences: bool = True  #: ``key:\\n  - item`` (True) or ``key:\\n- item`` (False)
    sorted_keys: bool = False  #: new keys go to their sorted place (and PyYAML sorts nested maps)
    uses_nulls: bool = True  #: an emptied optional field is written ``null`` rather than removed


#: The dialect of the newest files and of the sample curation; new files are written in it.
SEED_DIALECT = Dialect("jsyaml", True, False, True)
#: The dialect of the 2021 files: PyYAML output, sorted keys, flush sequences, absent keys for missing values.
G1_DIALECT = Dialect("pyyaml", False, True, False)


def emit_pair(key: object, value: object, column: int, dialect: Dialect) -> str:
    """``key: value`` as it would appear at ``column``: first line unindented, later lines fully indented."""
    if dialect.style == "pyyaml":
        return _shift(_pyyaml_dump({key: value}, column, dialect), column)
    return "".join(line + "\n" for line in _js_pair(key, value, column, dialect))


def emit_item(value: object, column: int, dialect: Dialect) -> str:
    """A sequence item ``- value`` whose dash sits at ``column`` (same indentation rules as :func:`emit_pair`)."""
    if dialect.style == "pyyaml":
        return _shift(_pyyaml_dump([value], column, dialect), column)
    return "".join(line + "\n" for line in _js_item(value, column, dialect))


def emit_mapping(data: dict, dialect: Dialect) -> str:
    """A whole front-matter mapping at column 0 (empty text for an empty mapping)."""
    return "".join(emit_pair(key, value, 0, dialect) for key, value in data.items())


# --- PyYAML dialect ---------------------------------------------------------------------------------------

class _FlushDumper(yaml.SafeDumper):
    """PyYAML's own layout: sequences flush with their key."""


class _IndentedDumper(yaml.SafeDumper):
    """PyYAML with sequences indented under their key."""

    def increase_indent(self, flow=False, indentless=False):  # noqa: D401 - PyYAML override
        return super().increase_indent(flow, False)


#: libyaml's emitter (PyYAML's C one) writes exactly what PyYAML's Python emitter writes as long as no text
#: needs double quotes: every character printable for both (no control characters, line breaks, BOM or
#: characters outside the Basic Multilingual Plane). It is several times faster, which matters when a change
#: rewrites thousands of files; anything else goes through the Python emitter.
_CDumper = getattr(yaml, "CSafeDumper", None)
_NOT_FOR_C = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
_PLAIN_TYPES = (int, float, type(None))


def _pyyaml_dump(obj: object, column: int, dialect: Dialect) -> str:
    if dialect.indent_sequences:
        dumper = _IndentedDumper  # a Python-level override: only the Python emitter has it
    else:
        dumper = _CDumper if _CDumper is not None and _c_writes_alike(obj) else _FlushDumper
    return yaml.dump(obj, Dumper=dumper, sort_keys=dialect.sorted_keys, allow_unicode=True,
                     default_flow_style=False, width=max(80 - column, 20))


def _c_writes_alike(value: object) -> bool:
    """True when libyaml writes ``value`` byte for byte as PyYAML's Python emitter does (see above)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _NOT_FOR_C.search(item):
                return False
        elif isinstance(item, dict):
            # A key is written "simple" (key: value) below 128 characters by PyYAML but below 128 bytes by
            # libyaml: keys that long in UTF-8 go through the Python emitter.
            if any(isinstance(key, str) and len(key.encode("utf-8", "replace")) >= 128 for key in item):
                return False
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif not isinstance(item, _PLAIN_TYPES):  # bool is an int; bytes and others: the Python emitter
            return False
    return True


def _shift(text: str, column: int) -> str:
    if not column:
        return text
    pad = " " * column
    lines = text.split("\n")
    return "\n".join([lines[0]] + [pad + line if line else line for line in lines[1:]])


# --- js-yaml dialect --------------------------------------------------------------------------------------

def _js_pair(key: object, value: object, column: int, dialect: Dialect) -> list[str]:
    head = _js_key(key) + ":"
    if isinstance(value, dict) and value:
        lines = [head]
        for sub_key, sub_value in value.items():
            sub = _js_pair(sub_key, sub_value, column + 2, dialect)
            lines.append(" " * (column + 2) + sub[0])
            lines.extend(sub[1:])
        return lines
    if isinstance(value, list) and value:
        dash = column + 2 if dialect.indent_sequences else column
        lines = [head]
        for item in value:
            sub = _js_item(item, dash, dialect)
            lines.append(" " * dash + sub[0])
            lines.extend(sub[1:])
        return lines
    first, rest = _js_scalar(value, column)
    return [head + " " + first] + rest


def _js_item(value: object, column: int, dialect: Dialect) -> list[str]:
    """Lines of ``- value`` with the dash at ``column``; the first line carries no indentation."""
    inner = column + 2
    if isinstance(value, dict) and value:
        lines: list[str] = []
        for index, (sub_key, sub_value) in enumerate(value.items()):
            sub = _js_pair(sub_key, sub_value, inner, dialect)
            lines.append(("- " if index == 0 else " " * inner) + sub[0])
            lines.extend(sub[1:])
        return lines
    if isinstance(value, list) and value:
        lines = []
        for index, item in enumerate(value):
            sub = _js_item(item, inner, dialect)
            lines.append(("- " if index == 0 else " " * inner) + sub[0])
            lines.extend(sub[1:])
        return lines
    first, rest = _js_scalar(value, column)
    return ["- " + first] + rest


def _js_key(key: object) -> str:
    if isinstance(key, str):
        first, rest = _js_scalar(key, 0, single_line=True)
        return first
    return _js_scalar(key, 0)[0]


def _js_scalar(value: object, column: int, single_line: bool = False) -> tuple[str, list[str]]:
    """(text on the key's line, following lines) for a scalar or an empty collection."""
    if value is None:
        return "null", []
    if value is True:
        return "true", []
    if value is False:
        return "false", []
    if isinstance(value, int):
        return str(value), []
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan", []
        if math.isinf(value):
            return (".inf" if value > 0 else "-.inf"), []
        return yaml.safe_dump(value).split("\n", 1)[0], []
    if isinstance(value, list):
        return "[]", []
    if isinstance(value, dict):
        return "{}", []
    if isinstance(value, bytes):
        return yaml.safe_dump(value, default_flow_style=True).split("\n", 1)[0], []
    return _js_string(str(value), column, single_line)


# The style rules of the js-yaml 3.x dumper that wrote these files, restated: plain when safe, single quotes
# when not, folded ``>`` when a line is longer than the width, literal ``|`` for multi-line text, double quotes
# for characters outside its printable set. It works on UTF-16 code units, so a character outside the Basic
# Multilingual Plane (an emoji) counts as non-printable and forces double quotes.
_STYLE_PLAIN, _STYLE_SINGLE, _STYLE_LITERAL, _STYLE_FOLDED, _STYLE_DOUBLE = range(5)
_BOM = 0xFEFF


def _printable(c: int) -> bool:
    return (0x20 <= c <= 0x7E or (0xA1 <= c <= 0xD7FF and c not in (0x2028, 0x2029))
            or (0xE000 <= c <= 0xFFFD and c != _BOM))


def _white(c: int) -> bool:
    return c in (0x20, 0x09)


_UNSAFE_FIRST = frozenset(map(ord, "-?:,[]{}#&*!|>'\"%@`"))
_UNSAFE_INSIDE = frozenset(map(ord, ",[]{}:#"))


def _plain_safe_first(c: int) -> bool:
    return _printable(c) and not _white(c) and c not in _UNSAFE_FIRST


def _plain_safe(c: int) -> bool:
    return _printable(c) and c not in _UNSAFE_INSIDE


_JS_NUMBER = re.compile(r"^(?:[-+]?(?:0b[0-1_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?)"
                        r"|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")


def _ambiguous(text: str) -> bool:
    """Would plain ``text`` read back as something other than a string (by PyYAML or by js-yaml)?"""
    if _DUMP_RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) != _STR_TAG:
        return True
    return bool(_JS_NUMBER.match(text))


def _choose_style(text: str, width: int, single_line: bool) -> int:
    codes = [ord(ch) for ch in text]
    plain = _plain_safe_first(codes[0]) and not _white(codes[-1])
    has_line_break = False
    has_foldable_line = False
    previous_break = -1
    for index, c in enumerate(codes):
        if c == 0x0A and not single_line:
            has_line_break = True
            has_foldable_line = has_foldable_line or (
                index - previous_break - 1 > width and text[previous_break + 1] != " ")
            previous_break = index
        elif not _printable(c):
            return _STYLE_DOUBLE
        plain = plain and _plain_safe(c)
    if not single_line:
        has_foldable_line = has_foldable_line or (
            len(codes) - previous_break - 1 > width and text[previous_break + 1:previous_break + 2] != " ")
    if not has_line_break and not has_foldable_line:
        return _STYLE_PLAIN if plain and not _ambiguous(text) else _STYLE_SINGLE
    return _STYLE_FOLDED if has_foldable_line else _STYLE_LITERAL


def _js_string(text: str, column: int, single_line: bool = False) -> tuple[str, list[str]]:
    if text == "":
        return "''", []
    indent = column + 2
    width = max(40, 80 - indent)
    style = _choose_style(text, width, single_line)
    if style == _STYLE_PLAIN:
        return text, []
    if style == _STYLE_SINGLE:
        return "'" + text.replace("'", "''") + "'", []
    if style == _STYLE_DOUBLE:
        return '"' + _escape_double(text) + '"', []
    body = _fold(text, width) if style == _STYLE_FOLDED else text
    header = (">" if style == _STYLE_FOLDED else "|") + _block_header(text)
    pad = " " * indent
    content = body[:-1] if body.endswith("\n") else body
    return header, [pad + line if line else "" for line in content.split("\n")]


def _block_header(text: str) -> str:
    indicator = "2" if re.match(r"^\n* ", text) else ""
    clip = text.endswith("\n")
    keep = clip and (text.endswith("\n\n") or text == "\n")
    return indicator + ("+" if keep else "" if clip else "-")


def _fold(text: str, width: int) -> str:
    """js-yaml's ``foldString``: break long lines at spaces so a folded scalar reads back as ``text``."""
    first_break = text.find("\n")
    first_break = first_break if first_break != -1 else len(text)
    result = _fold_line(text[:first_break], width)
    prev_more_indented = text[:1] in ("\n", " ")
    for match in re.finditer(r"(\n+)([^\n]*)", text[first_break:]):
        prefix, line = match.group(1), match.group(2)
        more_indented = line[:1] == " "
        result += prefix + ("\n" if not prev_more_indented and not more_indented and line != "" else "")
        result += _fold_line(line, width)
        prev_more_indented = more_indented
    return result


def _fold_line(line: str, width: int) -> str:
    if line == "" or line[0] == " ":
        return line
    start = end = curr = 0
    result = ""
    for match in re.finditer(r" [^ ]", line):
        following = match.start()
        if following - start > width:
            end = curr if curr > start else following
            result += "\n" + line[start:end]
            start = end + 1
        curr = following
    result += "\n"
    if len(line) - start > width and curr > start:
        result += line[start:curr] + "\n" + line[curr + 1:]
    else:
        result += line[start:]
    return result[1:]


_ESCAPES = {0x00: "\\0", 0x07: "\\a", 0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0B: "\\v", 0x0C: "\\f",
            0x0D: "\\r", 0x1B: "\\e", 0x22: '\\"', 0x5C: "\\\\", 0x85: "\\N", 0xA0: "\\_", 0x2028: "\\L",
            0x2029: "\\P"}


def _escape_double(text: str) -> str:
    out = []
    for ch in text:
        c = ord(ch)
        escape = _ESCAPES.get(c)
        if escape is None and _printable(c):
            out.append(ch)
        elif escape is not None:
            out.append(escape)
        elif c <= 0xFF:
            out.append(f"\\x{c:02X}")
        elif c <= 0xFFFF:
            out.append(f"\\u{c:04X}")
        else:
            out.append(f"\\U{c:08X}")
    return "".join(out)
