"""Validation: the only place that decides what is wrong with a curation, and how badly.

Errors stop a file from being trusted (it cannot be parsed, it has no title or no usable source URL, a date
that is not a date, a malformed related offering or topic). Warnings point at things worth a look (derived
fields out of step, long title or description, stray whitespace in a URL, a featured image file that is not
beside the .md, the same source in another file). The same rules serve the command line, the folder index
and the editor, which shows each problem at its field.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Iterable

from curator_gui.core.derive import out_of_sync
from curator_gui.core.document import Document
from curator_gui.core.fieldpath import get_in, join_path
from curator_gui.core.problems import ERROR, WARNING, Problem, duplicate_problems  # noqa: F401 (re-exported)
from curator_gui.core.schema import BY_KEY, URL_FIELDS
from curator_gui.core.urls import clean_url, is_web_url, strip_userinfo


_CATEGORY = re.compile(r"^[^:\s][^:]*: \S")
_PERMALINK = re.compile(r"^/offering/[A-Za-z0-9][A-Za-z0-9._~%-]*$")


def is_date(value: Any) -> bool:
    """True for 'YYYY-MM-DD', ISO-8601 date-times (``Z`` or an offset) and 'YYYY-MM-DD HH:MM:SS[.ffffff]'."""
    if isinstance(value, (date, datetime)):
        return True
    if not isinstance(value, str):
        return False
    text = value.strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        if len(text) == 10:
            date.fromisoformat(text)
        else:
            datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        return False
    return True


def source_url(data: dict) -> tuple[str, str] | None:
    """(dotted key, value) of the source URL: ``link.href``, else ``href``; None when neither is set."""
    for key, path in (("link.href", ("link", "href")), ("href", ("href",))):
        value = get_in(data, path)
        if isinstance(value, str) and value.strip():
            return key, value
    return None


def clean_source_url(data: dict) -> str:
    """The clean source URL used to spot duplicates ('' when there is none)."""
    found = source_url(data)
    return clean_url(found[1]).rstrip("/") if found else ""


def validate_document(doc: Document, *, display_path: str | None = None,
                      sibling_names: Iterable[str] | None = None, check_siblings: bool = True) -> list[Problem]:
    """Every problem of one document (duplicates across files are :func:`duplicate_problems`' job).

    ``sibling_names`` (names of the files in the document's folder) saves a disk lookup per file when the
    caller has already listed the folder; ``check_siblings=False`` skips the featured-image-file check, for
    callers (the index) that make it themselves from their own listing.
    """
    name = display_path or (str(doc.path) if doc.path else "<document>")
    if doc.error is not None:
        return [Problem(name, doc.error.line, doc.error.column, ERROR, "", doc.error.message)]
    if not doc.has_front_matter and not doc.data:
        return [Problem(name, 1, 1, ERROR, "", "no front matter: a plain article, not a curation yet "
                                               "(open it in the editor to turn it into one)")]
    problems: list[Problem] = []
    data = doc.data

    def report(severity: str, field: tuple | str, message: str) -> None:
        message = strip_userinfo(message)  # a URL's user:password@ is never repeated in a message
        dotted = field if isinstance(field, str) else join_path(field)
        path = doc.path_of(dotted) if isinstance(field, str) else field
        line, column = doc.position_of(path)
        problems.append(Problem(name, line, column, severity, dotted, message))

    # --- errors --------------------------------------------------------------------------------------
    title = data.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        report(ERROR, "title", "title is missing or empty")
    elif not isinstance(title, str):
        report(ERROR, "title", "title must be text")

    found = source_url(data)
    if found is None:
        report(ERROR, "link.href", "no source URL (link.href)")
    elif not is_web_url(found[1].strip()):
        report(ERROR, found[0], f"source URL is not an http(s) address: {found[1].strip()!r}")

    for key in ("date", "lastMod"):
        value = data.get(key)
        if value is not None and not is_date(value):
            report(ERROR, key, f"{key} is not a date: {value!r}")

    categories = data.get("categories")
    if categories is not None and not isinstance(categories, list):
        report(ERROR, "categories", "categories must be a list of 'Taxonomy: Term' topics")
    elif isinstance(categories, list):
        for index, category in enumerate(categories):
            if not isinstance(category, str) or not _CATEGORY.match(category):
                report(ERROR, ("categories", index), f"topic {category!r} is not of the form 'Taxonomy: Term'")

    offerings = data.get("relatedOfferings")
    if offerings is not None and not isinstance(offerings, list):
        report(ERROR, "relatedOfferings", "relatedOfferings must be a list")
    elif isinstance(offerings, list):
        for index, offering in enumerate(offerings):
            _check_offering(report, index, offering)

    # --- warnings ------------------------------------------------------------------------------------
    for derivation, expected in out_of_sync(data):
        target = join_path(derivation.target)
        if derivation.target[-1] == -1:
            target = f"breadcrumbs.{len(data['breadcrumbs']) - 1}"
        report(WARNING, target, f"{target} does not match {join_path(derivation.source)} "
                                f"(expected {_short(expected)})")
    if isinstance(title, str) and len(title) > BY_KEY["title"].max_length:
        report(WARNING, "title", f"title is {len(title)} characters long (more than {BY_KEY['title'].max_length})")
    description = data.get("description")
    if isinstance(description, str) and len(description) > BY_KEY["description"].max_length:
        report(WARNING, "description", f"description is {len(description)} characters long "
                                       f"(more than {BY_KEY['description'].max_length})")
    for key in URL_FIELDS:
        value = get_in(data, tuple(key.split(".")))
        if isinstance(value, str) and value and value != value.strip():
            report(WARNING, key, f"{key} has whitespace around the URL")
    if check_siblings:
        _check_featured_image(report, doc, data, sibling_names)
    return problems


def _check_offering(report, index: int, offering: Any) -> None:
    base = ("relatedOfferings", index)
    if not isinstance(offering, dict):
        report(ERROR, base, "a related offering must be a mapping with label, permalink, categories, offeringId")
        return
    label = offering.get("label")
    if not isinstance(label, str) or not label.strip():
        report(ERROR, base + ("label",) if "label" in offering else base, "related offering has no label")
    if "offeringId" in offering and (isinstance(offering["offeringId"], bool)
                                     or not isinstance(offering["offeringId"], int)):
        report(ERROR, base + ("offeringId",), f"offeringId must be a whole number, not {offering['offeringId']!r}")
    permalink = offering.get("permalink")
    if "permalink" in offering and (not isinstance(permalink, str) or not _PERMALINK.match(permalink)):
        report(ERROR, base + ("permalink",), f"permalink {permalink!r} is not of the form /offering/<slug>")
    topics = offering.get("categories")
    if topics is not None and not (isinstance(topics, list) and all(isinstance(t, str) for t in topics)):
        report(ERROR, base + ("categories",), "an offering's categories must be a list of topics")


def _check_featured_image(report, doc: Document, data: dict, sibling_names) -> None:
    href = get_in(data, ("featuredImage", "href"))
    if not isinstance(href, str) or not href.strip() or doc.path is None:
        return
    href = href.strip()
    if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) or href.startswith("//"):
        return  # an address, not yet downloaded: nothing to find beside the file
    if "/" in href or "\\" in href:
        exists = (doc.path.parent / href).exists()
    elif sibling_names is not None:
        exists = href in sibling_names
    else:
        exists = (doc.path.parent / href).exists()
    if not exists:
        report(WARNING, "featuredImage.href", f"featured image file {href!r} is not beside the .md file")


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
