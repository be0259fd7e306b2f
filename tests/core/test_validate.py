"""Validation rules, each with the field and position it reports."""
from __future__ import annotations

import pytest
from image_samples import write_image

from curator_gui.core.document import Document
from curator_gui.core.validate import duplicate_problems, is_date, validate_document

GOOD = """---
title: A Good Curation
description: Short.
date: '2024-01-02'
lastMod: '2024-01-02T03:04:05.678901Z'
categories:
  - 'Symplur: #digitalhealth'
link:
  href: https://example.org/a
  brand: example.org
relatedOfferings:
  - label: Thing
    permalink: /offering/thing
    categories:
      - 'KLAS: Things'
    offeringId: 17
author: [Ada Curator]
---
"""


def problems_of(text: str, **kwargs):
    return validate_document(Document.from_text(text, "c.md"), **kwargs)


def test_a_good_curation_has_no_problems():
    assert problems_of(GOOD) == []


@pytest.mark.parametrize("old, new, field, message, line", [
    ("title: A Good Curation", "title: ''", "title", "title is missing or empty", 2),
    ("  href: https://example.org/a", "  href: ftp://example.org/a", "link.href", "not an http(s) address", 9),
    ("date: '2024-01-02'", "date: soon", "date", "date is not a date", 4),
    ("lastMod: '2024-01-02T03:04:05.678901Z'", "lastMod: '2024-13-02'", "lastMod", "not a date", 5),
    ("- 'Symplur: #digitalhealth'", "- digital health", "categories.0", "not of the form 'Taxonomy: Term'", 7),
    ("  - label: Thing", "  - label: ''", "relatedOfferings.0.label", "has no label", 12),
    ("offeringId: 17", "offeringId: '17a'", "relatedOfferings.0.offeringId", "whole number", 16),
    ("permalink: /offering/thing", "permalink: /offerings/thing", "relatedOfferings.0.permalink", "/offering/<slug>", 13),
])
def test_errors_name_field_and_line(old, new, field, message, line):
    found = problems_of(GOOD.replace(old, new))
    errors = [p for p in found if p.severity == "error"]
    assert [(p.field, p.line) for p in errors] == [(field, line)]
    assert message in errors[0].message


def test_missing_source_url_is_an_error():
    found = problems_of("---\ntitle: T\nauthor: [A]\n---\n")
    assert [(p.severity, p.field, p.code) for p in found] == [("error", "link.href", "CG201")]


def test_href_is_the_fallback_source_and_whitespace_is_only_a_warning():
    found = problems_of("---\ntitle: T\nauthor: [A]\nhref: ' https://example.org/a'\n---\n")
    assert [(p.severity, p.field, p.code) for p in found] == [("warning", "href", "CG203")]


@pytest.mark.parametrize("old, new, severity, field, code", [
    ("title: A Good Curation", "title: " + "Long " * 15, "info", "title", "CG101"),
    ("description: Short.", "description: " + "word " * 45, "info", "description", "CG102"),
    ("  brand: example.org", "  brand: other.org", "warning", "link.brand", "CG205"),
    ("author: [Ada Curator]", "author: []", "warning", "author", "CG105"),
    ("author: [Ada Curator]", "author: ' '", "warning", "author", "CG105"),
])
def test_warnings_and_hints(old, new, severity, field, code):
    found = problems_of(GOOD.replace(old, new))
    assert [(p.severity, p.field, p.code) for p in found] == [(severity, field, code)]


def test_featured_image_must_be_beside_the_file(tmp_path):
    (tmp_path / "c.md").write_text(GOOD.replace("---\n", "---\nfeaturedImage:\n  href: c-featuredImage.png\n", 1))
    doc = Document.load(tmp_path / "c.md")
    assert [p.field for p in validate_document(doc)] == ["featuredImage.href"]
    write_image(tmp_path / "c-featuredImage.png", "PNG")
    assert validate_document(doc) == []


def test_unparseable_file_is_one_error_with_its_position():
    found = problems_of("---\ntitle: [\n---\n")
    assert len(found) == 1 and found[0].severity == "error" and found[0].line == 3


def test_duplicates_name_the_other_file():
    found = duplicate_problems([("d/a.md", "https://x.org/a", 3, 3), ("d/b.md", "https://x.org/a", 5, 3),
                                ("d/c.md", "https://x.org/c", 1, 1)])
    assert sorted(found) == ["d/a.md", "d/b.md"]
    assert found["d/a.md"][0].message == "same source as b.md"
    assert found["d/a.md"][0].related == ("d/b.md",) and found["d/a.md"][0].code == "CG207"


@pytest.mark.parametrize("value, ok", [("2024-01-02", True), ("2024-01-02T03:04:05Z", True),
                                       ("2024-01-02T03:04:05.123456Z", True), ("2020-01-19 12:26:51.135371", True),
                                       ("2024-02-30", False), ("yesterday", False), (20240102, False)])
def test_is_date(value, ok):
    assert is_date(value) is ok


def test_validate_document_names_other_files_of_the_same_source_under_the_configuration():
    from curator_gui.core.config import CuratorConfig

    doc = Document.from_text(GOOD, "/nonexistent/d/a.md")
    others = ["/nonexistent/d/b.md", "/nonexistent/e/c.md"]
    found = validate_document(doc, check_siblings=False, duplicates=others,
                              titles={"/nonexistent/d/b.md": "The Same Article"})
    assert [(p.code, p.field, p.line) for p in found] == [("CG207", "link.href", 9)]
    assert found[0].message == 'same source as "The Same Article" (b.md), /nonexistent/e/c.md'
    assert found[0].related == tuple(others)
    assert validate_document(doc, check_siblings=False, duplicates=others,
                             config=CuratorConfig(ignore=("duplicate-source",))) == []
    silenced = Document.from_text(GOOD.replace("---\n", "---\n# curator: ignore CG207\n", 1), "/nonexistent/d/a.md")
    assert validate_document(silenced, check_siblings=False, duplicates=others) == []
