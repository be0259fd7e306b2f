"""decode_html: BOM → header → meta anywhere in the head → valid UTF-8 → guess, with the browser aliases."""
from __future__ import annotations

import codecs

import pytest

from curator_gui.core.fetch.charset import codec_for_label, decode_html, meta_charset

RUSSIAN = "\u0416\u0443\u0440\u043d\u0430\u043b \u043e \u0437\u0434\u043e\u0440\u043e\u0432\u044c\u0435 " * 20


def page(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>"


def test_bom_wins_over_everything():
    data = codecs.BOM_UTF16_LE + page("caf\u00e9", '<meta charset="windows-1252">').encode("utf-16-le")
    text, codec = decode_html(data, "text/html; charset=iso-8859-1")
    assert codec == "utf-16-le" and "caf\u00e9" in text
    text, codec = decode_html(codecs.BOM_UTF8 + "caf\u00e9".encode(), None)
    assert (text, codec) == ("caf\u00e9", "utf-8")


def test_header_charset_beats_meta():
    data = page(RUSSIAN, '<meta charset="koi8-r">').encode("cp1251")
    text, codec = decode_html(data, "text/html; charset=windows-1251")
    assert codec == "cp1251" and RUSSIAN in text


def test_meta_charset_after_byte_1024_is_found():
    padding = "<!-- " + "x" * 3000 + " -->"
    data = page(RUSSIAN, padding + '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">')
    text, codec = decode_html(data.encode("cp1251"))
    assert codec == "cp1251" and RUSSIAN in text


def test_declared_charset_contradicted_by_valid_utf8_is_not_trusted():
    data = page(RUSSIAN, '<meta charset="windows-1251">').encode("utf-8")
    text, codec = decode_html(data)
    assert codec == "utf-8" and RUSSIAN in text


def test_mostly_utf8_with_a_stray_byte_stays_utf8():
    data = page(RUSSIAN * 5, '<meta charset="windows-1251">').encode("utf-8")
    data = data.replace(b"<p>", b"<p>\xff", 1)
    text, codec = decode_html(data)
    assert codec == "utf-8" and RUSSIAN in text


def test_utf8_cut_in_the_middle_of_a_character_is_still_utf8():
    data = page("caf\u00e9 \u20ac").encode("utf-8")
    cut = data[: data.index("\u20ac".encode()) + 1]
    text, codec = decode_html(cut)
    assert codec == "utf-8" and "caf\u00e9" in text


def test_gbk_is_read_as_gb18030():
    chinese = "\u4e2d\u6587\u7f51\u9875\u6d4b\u8bd5 \U00020000"  # the last one exists only in GB18030
    data = page(chinese, '<meta charset="gbk">').encode("gb18030")
    text, codec = decode_html(data)
    assert codec == "gb18030" and chinese in text


def test_latin1_label_is_read_as_cp1252():
    data = page("\u201cquoted\u201d \u20ac", '<meta charset="iso-8859-1">').encode("cp1252")
    text, codec = decode_html(data)
    assert codec == "cp1252" and "\u201cquoted\u201d \u20ac" in text


def test_undeclared_legacy_page_is_guessed():
    data = page(RUSSIAN * 3).encode("cp1251")
    text, codec = decode_html(data)
    assert RUSSIAN in text


def test_pure_ascii_and_empty():
    assert decode_html(b"<html></html>") == ("<html></html>", "ascii")
    assert decode_html(b"") == ("", "ascii")


@pytest.mark.parametrize("label, codec", [
    ("utf-8", "utf-8"), ("UTF8", "utf-8"), ("gb2312", "gb18030"), ("Shift_JIS", "cp932"), ("euc-jp", "euc_jp"),
    ("latin1", "cp1252"), ("utf-16", "utf-8"), ("x-unknown-charset", None), ("", None),
])
def test_labels(label, codec):
    assert codec_for_label(label) == codec


def test_meta_charset_prescan_forms():
    assert meta_charset(b"<head><meta charset=utf-8></head>") == "utf-8"
    assert meta_charset(b"<head><META CHARSET='EUC-JP'></head>") == "EUC-JP"
    assert meta_charset(b"<head><meta content=\"text/html; charset=Shift_JIS\" http-equiv=Content-Type>") == \
        "Shift_JIS"
    assert meta_charset(b"<head></head><body><meta charset=koi8-r></body>") is None
