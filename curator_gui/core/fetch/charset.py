"""The only place that turns a page's bytes into text: BOM, declared charsets, UTF-8 check, then a guess.

Order: a byte-order mark wins; then the charset the HTTP header or a ``<meta>`` in the head declares; bytes that
are valid UTF-8 (with non-ASCII in them) are read as UTF-8 even when the declaration says otherwise, because a
legacy-encoded page is practically never valid UTF-8 by accident while a mislabelled UTF-8 page is common;
a declaration the bytes do not decode under is checked against charset-normalizer's guess.
"""
from __future__ import annotations

import codecs
import re

#: Labels read the way browsers read them (WHATWG Encoding Standard): these names are supersets in practice.
_LABEL_ALIASES = {
    "gbk": "gb18030", "gb2312": "gb18030", "x-gbk": "gb18030", "chinese": "gb18030", "csgb2312": "gb18030",
    "iso-ir-58": "gb18030", "gb_2312-80": "gb18030",
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252",
    "ascii": "cp1252", "us-ascii": "cp1252", "iso_8859-1": "cp1252", "cp819": "cp1252", "ibm819": "cp1252",
    "iso-8859-9": "cp1254", "latin5": "cp1254", "iso-8859-11": "cp874", "tis-620": "cp874",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "ms_kanji": "cp932",
    "windows-31j": "cp932", "csshiftjis": "cp932",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "korean": "cp949",
    "big5": "big5hkscs", "x-x-big5": "big5hkscs",
    "x-mac-roman": "mac-roman", "macintosh": "mac-roman",
}

#: A ``<meta>`` start tag, whose attributes are then searched for a charset, either form: ``charset=x`` or
#: ``content="text/html; charset=x"`` (one tag at a time, so the scan stays linear on a page of broken tags).
_META_OPEN = re.compile(rb"<meta(?=[\s/>])", re.I)
_META_CHARSET = re.compile(rb"charset\s*=", re.I)
_LABEL = re.compile(rb"[a-z0-9_.:-]+", re.I)
_HEAD_END = re.compile(rb"</head\s*>|<body[\s>]", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.I)

#: Without a ``</head>``, a meta charset is only looked for this far (browser-saved pages put it very late).
_PRESCAN_LIMIT = 512 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def codec_for_label(label: str | None) -> str | None:
    """The Python codec to read a declared charset label with, or None for an unknown or unusable label."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    name = _LABEL_ALIASES.get(label, label)
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    # A page that reached us as bytes in a stream cannot really be UTF-16/32 without a BOM (HTML says read it
    # as UTF-8); an EBCDIC or other non-ASCII-compatible codec would turn the markup itself into garbage.
    if name.startswith(("utf-16", "utf-32", "utf_16", "utf_32")) or name.startswith("cp0") or name == "cp500":
        return "utf-8"
    return name


def header_charset(content_type: str | None) -> str | None:
    """The charset label of a Content-Type header value, if it names one."""
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def meta_charset(data: bytes) -> str | None:
    """The charset label a ``<meta>`` declares anywhere in the head (browser-saved pages put it past byte 1024)."""
    end = _HEAD_END.search(data)
    stop = end.start() if end else _PRESCAN_LIMIT
    pos = 0
    while True:
        tag = _META_OPEN.search(data, pos, stop)
        if tag is None:
            return None
        tag_end = data.find(b">", tag.end(), stop)
        if tag_end < 0:
            tag_end = stop
        match = _META_CHARSET.search(data, tag.end(), tag_end)
        if match:
            value = data[match.end():tag_end].strip().lstrip(b"\"'").lstrip()
            label = _LABEL.match(value)
            if label:
                return label.group().decode("ascii")
        pos = tag_end


def _utf8(data: bytes) -> str | None:
    """The bytes as UTF-8, tolerating only a sequence cut short at the very end (a capped download)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.start >= len(data) - 3:
            try:
                return data[: error.start].decode("utf-8")
            except UnicodeDecodeError:
                return None
        return None


def _guess(data: bytes) -> str | None:
    """charset-normalizer's reading of the bytes (imported here: most pages never need it).

    Among readings that are equally clean, windows-1252 wins: it is what browsers assume for an undeclared
    page, and short Western text is otherwise a coin toss between cp1250, cp1252 and cp1257.
    """
    from charset_normalizer import from_bytes

    matches = from_bytes(data[:_PRESCAN_LIMIT])
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if match.chaos <= best.chaos + 0.005 and codec_for_label(match.encoding) == "cp1252":
            return "cp1252"
    return codec_for_label(best.encoding)


def _mostly_utf8(text: str) -> bool:
    """True when a lenient UTF-8 reading has replacement characters for under 2% of its non-ASCII characters.

    A page in a legacy single- or double-byte charset read as UTF-8 fails on almost every non-ASCII byte, while a
    UTF-8 page with a stray broken byte (a bad copy-paste in a CMS) fails once in thousands.
    """
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return bad * 50 < non_ascii


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a page; returns ``(text, codec name)``. Never raises: undecodable bytes become U+FFFD."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, "replace"), name
    declared = codec_for_label(header_charset(content_type)) or codec_for_label(meta_charset(data))
    if data.isascii():
        return data.decode("ascii"), declared or "ascii"
    text = _utf8(data)
    if text is not None:  # valid UTF-8 beats any declaration (a mislabelled page, e.g. windows-1251 declared)
        return text, "utf-8"
    lenient = data.decode("utf-8", "replace")
    if _mostly_utf8(lenient):
        return lenient, "utf-8"
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # the bytes contradict the declaration: it is not trusted, a guess may read them better
    guessed = _guess(data)
    if guessed and guessed not in ("utf-8", declared):
        try:
            return data.decode(guessed), guessed
        except UnicodeDecodeError:
            pass
    name = next((n for n in (declared, guessed) if n and n != "utf-8"), "cp1252")
    return data.decode(name, "replace"), name
