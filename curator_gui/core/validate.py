"""Validation: the only place that decides what is wrong with a curation, under which rule.

Each finding carries its rule's code (:mod:`curator_gui.core.rules` names them and gives their default
severities). :func:`check_document` makes every finding of one file at its default severity, with the file's
own ``# curator: ignore`` comments applied; :func:`validate_document` also applies a folder configuration
(rules off, severities changed) and, when given them, the other files of the same source. The same checks serve
the command line, the folder index and the editor, which shows each problem at its field.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Iterable, Mapping

from curator_gui.core.derive import out_of_sync
from curator_gui.core.document import Document
from curator_gui.core.fieldpath import get_in, join_path
from curator_gui.core.inline_ignores import read_inline_ignores
from curator_gui.core.media.checks import check_image_files, remote_findings
from curator_gui.core.problems import (ERROR, INFO, WARNING, Problem, duplicate_problems,  # noqa: F401 (re-exported)
                                       featured_image_message)
from curator_gui.core.rules import BY_CODE
from curator_gui.core.schema import URL_FIELDS
from curator_gui.core.topics import LEGACY, decode_community_topic, topic_home
from curator_gui.core.urls import duplicate_key, is_web_url, strip_userinfo

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
    """The record's source as compared for duplicates (:func:`~curator_gui.core.urls.duplicate_key` of the
    source URL; '' when there is none). Two records with the same value curate the same article."""
    found = source_url(data)
    return duplicate_key(found[1]) if found else ""


def check_document(doc: Document, options=None, *, display_path: str | None = None,
                   sibling_names: Iterable[str] | None = None, check_siblings: bool = True) -> list[Problem]:
    """Every problem of one document at its rule's default severity, the file's ignore comments applied.

    ``options`` are the :class:`~curator_gui.core.config.RuleOptions` (thresholds, topic vocabulary; the
    defaults when None). ``sibling_names`` (names of the files in the document's folder) saves a disk lookup per
    file when the caller has already listed the folder; ``check_siblings=False`` skips the checks of the image
    files beside it (CG501-CG503, CG506), for callers (the index) that make them themselves from their own
    listing. An image file's header is read once and remembered while its stat is unchanged (the first check
    imports the imaging library).
    """
    if options is None:
        from curator_gui.core.config import RuleOptions

        options = RuleOptions()
    name = display_path or (str(doc.path) if doc.path else "<document>")
    if doc.error is not None:
        return [Problem(name, doc.error.line, doc.error.column, ERROR, "", doc.error.message, "CG001")]
    if not doc.has_front_matter and not doc.data:
        return [Problem(name, 1, 1, ERROR, "", "no front matter: a plain article, not a curation yet "
                                               "(open it in the editor to turn it into one)", "CG002")]
    problems: list[Problem] = []
    data = doc.data

    def report(code: str, field: tuple | str, message: str) -> None:
        message = strip_userinfo(message)  # a URL's user:password@ is never repeated in a message
        dotted = field if isinstance(field, str) else join_path(field)
        path = doc.path_of(dotted) if isinstance(field, str) else field
        line, column = doc.position_of(path)
        problems.append(Problem(name, line, column, BY_CODE[code].severity, dotted, message, code))

    title = data.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        report("CG103", "title", "title is missing or empty")
    elif not isinstance(title, str):
        report("CG103", "title", "title must be text")
    elif len(title) > options.title_max_length:
        report("CG101", "title", f"title is {len(title)} characters long (more than {options.title_max_length})")
    description = data.get("description")
    if isinstance(description, str) and len(description) > options.description_max_length:
        report("CG102", "description", f"description is {len(description)} characters long "
                                       f"(more than {options.description_max_length})")
    for key in ("date", "lastMod"):
        value = data.get(key)
        if value is not None and not is_date(value):
            report("CG104", key, f"{key} is not a date: {value!r}")
    if not _names_someone(data.get("author")):
        report("CG105", "author", "no curator in author (the people who filed this item)")

    found = source_url(data)
    if found is None:
        report("CG201", "link.href", "no source URL (link.href)")
    elif not is_web_url(found[1].strip()):
        report("CG202", found[0], f"source URL is not an http(s) address: {found[1].strip()!r}")
    for key in URL_FIELDS:
        value = get_in(data, tuple(key.split(".")))
        if isinstance(value, str) and value and value != value.strip():
            report("CG203", key, f"{key} has whitespace around the URL")

    _check_topics(report, data, options.vocabulary)
    offerings = data.get("relatedOfferings")
    if offerings is not None and not isinstance(offerings, list):
        report("CG401", "relatedOfferings", "relatedOfferings must be a list")
    elif isinstance(offerings, list):
        for index, offering in enumerate(offerings):
            _check_offering(report, index, offering)

    for derivation, expected in out_of_sync(data):
        target = join_path(derivation.target)
        if derivation.target[-1] == -1:
            target = f"breadcrumbs.{len(data['breadcrumbs']) - 1}"
        report(derivation.rule, target, f"{target} does not match {join_path(derivation.source)} "
                                        f"(expected {_short(expected)})")
    for code, field, message in remote_findings(data):
        report(code, field, message)
    if check_siblings:
        check_image_files(report, doc, sibling_names)
    return _apply_inline_ignores(doc, name, problems)


def validate_document(doc: Document, *, display_path: str | None = None,
                      sibling_names: Iterable[str] | None = None, check_siblings: bool = True, config=None,
                      duplicates: Iterable[str] = (), titles: Mapping[str, str] | None = None) -> list[Problem]:
    """Every problem of one document under ``config`` (a :class:`~curator_gui.core.config.CuratorConfig`; the
    defaults when None): rules that are off dropped, severities as configured.

    ``duplicates`` are the paths of other files with the same source (``titles``: path → title, to name them);
    see :func:`check_document` for the other arguments.
    """
    from curator_gui.core.config import DEFAULT_CONFIG

    config = config or DEFAULT_CONFIG
    problems = check_document(doc, config.options, display_path=display_path, sibling_names=sibling_names,
                              check_siblings=check_siblings)
    others = [path for path in duplicates if path != str(doc.path)]
    if others and doc.error is None and doc.path is not None:
        found = source_url(doc.data)
        line, column = doc.position_of(doc.path_of(found[0])) if found else (1, 1)
        me = display_path or str(doc.path)
        entries = [(me, "same", line, column)] + [(other, "same", 1, 1) for other in others]
        problems += _apply_inline_ignores(doc, me, duplicate_problems(entries, titles).get(me, []), report=False)
    return config.apply(problems)


def silenced_codes(doc: Document) -> frozenset[str]:
    """The rule codes a file's ``# curator: ignore`` comments silence."""
    if doc.error is not None or not doc.has_front_matter:
        return frozenset()
    return read_inline_ignores(doc.yaml_text, doc.line_offset).codes


def _apply_inline_ignores(doc: Document, name: str, problems: list[Problem], report: bool = True) -> list[Problem]:
    ignores = read_inline_ignores(doc.yaml_text, doc.line_offset)
    kept = [p for p in problems if p.code not in ignores.codes]
    if report:
        rule = BY_CODE["CG003"]
        for line, column, written in ignores.unknown:
            kept.append(Problem(name, line, column, rule.severity, "",
                                f"ignore comment names no rule: {written!r}", rule.code))
    return kept


def _names_someone(author: Any) -> bool:
    if isinstance(author, str):
        return bool(author.strip())
    return isinstance(author, list) and any(isinstance(a, str) and a.strip() for a in author)


def _check_topics(report, data: dict, vocabulary: frozenset[str] | None) -> None:
    """Topics in either shape: each 'Taxonomy: Term', and in the vocabulary when one is configured."""
    legacy = topic_home(data) == LEGACY
    key = "communityTopics" if legacy else "categories"
    stored = data.get(key)
    if stored is None:
        return
    if not isinstance(stored, list):
        report("CG301", key, f"{key} must be a list of 'Taxonomy: Term' topics")
        return
    for index, item in enumerate(stored):
        topic = decode_community_topic(item) if legacy and isinstance(item, str) else item
        if not isinstance(topic, str) or not _CATEGORY.match(topic):
            report("CG301", (key, index), f"topic {topic!r} is not of the form 'Taxonomy: Term'")
        elif vocabulary is not None and topic not in vocabulary:
            near = next((known for known in vocabulary if known.casefold() == topic.casefold()), None)
            hint = f" (did you mean {near!r}?)" if near else ""
            report("CG304", (key, index), f"topic {topic!r} is not in the topic vocabulary{hint}")


def _check_offering(report, index: int, offering: Any) -> None:
    base = ("relatedOfferings", index)
    if not isinstance(offering, dict):
        report("CG401", base, "a related offering must be a mapping with label, permalink, categories, offeringId")
        return
    label = offering.get("label")
    if not isinstance(label, str) or not label.strip():
        report("CG402", base + ("label",) if "label" in offering else base, "related offering has no label")
    if "offeringId" in offering and (isinstance(offering["offeringId"], bool)
                                     or not isinstance(offering["offeringId"], int)):
        report("CG403", base + ("offeringId",), f"offeringId must be a whole number, not {offering['offeringId']!r}")
    permalink = offering.get("permalink")
    if "permalink" in offering and (not isinstance(permalink, str) or not _PERMALINK.match(permalink)):
        report("CG404", base + ("permalink",), f"permalink {permalink!r} is not of the form /offering/<slug>")
    topics = offering.get("categories")
    if topics is not None and not (isinstance(topics, list) and all(isinstance(t, str) for t in topics)):
        report("CG405", base + ("categories",), "an offering's categories must be a list of topics")


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
