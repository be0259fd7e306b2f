"""The rule registry: the only place where validation rules get their code, name, default severity and reason.

Codes are stable: a rule is never renumbered, and a retired code is never given to another rule, so that
configurations and ``# curator: ignore`` comments keep meaning what they meant. Codes are grouped by range:

========  ====================================================================================================
range     what the rules look at
========  ====================================================================================================
CG0xx     the file itself (can it be read, is it a curation, are its ignore comments sound)
CG1xx     basics: title, description, dates, curators
CG2xx     the source: URLs, clean URL, brand, copies, duplicates across files
CG3xx     topics, in either shape (``categories`` or the older ``communityTopics``)
CG4xx     related offerings
CG5xx     media: featured image, icon and PDF files (CG501-CG506; the rest of the range is kept for them)
CG6xx     fields that follow another one on the page (breadcrumb trail, image text)
CG7xx-9xx unassigned
========  ====================================================================================================
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"
#: The severities, worst first. Info is a hint: it is shown but never counted as a problem.
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True)
class Rule:
    """One validation rule as users see it (``curator-gui rules``)."""

    code: str
    name: str
    severity: str  #: the default severity
    summary: str  #: one line: why the rule exists
    always: bool = False  #: cannot be ignored or lowered (a file that cannot be read is always an error)


RULES: tuple[Rule, ...] = (
    # CG0xx: the file itself
    Rule("CG001", "unreadable-file", ERROR,
         "A file that cannot be read or parsed cannot be checked, edited or published.", always=True),
    Rule("CG002", "no-front-matter", ERROR,
         "A Markdown file without front matter in a curation folder is an article, not a curation yet."),
    Rule("CG003", "unknown-rule-in-comment", WARNING,
         "An ignore comment naming no known rule silences nothing; it is usually a typo."),
    # CG1xx: basics
    Rule("CG101", "title-too-long", INFO,
         "Titles longer than the threshold (70 characters by default) are cut in search results and lists."),
    Rule("CG102", "description-too-long", INFO,
         "Descriptions longer than the threshold (200 characters by default) are cut in listings and link previews."),
    Rule("CG103", "title-missing", ERROR, "Every list and page shows the title; a curation without one is invisible."),
    Rule("CG104", "invalid-date", ERROR, "date and lastMod must be dates, or the site cannot sort or show them."),
    Rule("CG105", "no-curator", WARNING,
         "author names the curators who filed the item; when it is empty nobody is credited or asked."),
    # CG2xx: the source
    Rule("CG201", "source-missing", ERROR, "A curation points at an article; without a source URL it points nowhere."),
    Rule("CG202", "source-not-web", ERROR, "The source must be an http(s) address a reader's browser can open."),
    Rule("CG203", "url-whitespace", WARNING,
         "Spaces around a URL break links and duplicate checks in tools that do not trim them."),
    Rule("CG204", "clean-url-mismatch", WARNING,
         "The clean URL must be the source URL without tracking parameters, or readers land on another page."),
    Rule("CG205", "brand-mismatch", WARNING, "The brand is the clean URL's host without www.; lists group by it."),
    Rule("CG206", "url-copy-mismatch", WARNING,
         "href, original and the tracker's URLs repeat link.href and link.original; a stale copy misleads."),
    Rule("CG207", "duplicate-source", WARNING,
         "Two curations of one article split its readers and its topics; keep one."),
    # CG3xx: topics
    Rule("CG301", "topic-malformed", ERROR,
         "Topics are 'Taxonomy: Term'; anything else has no topic page and breaks the taxonomy."),
    Rule("CG302", "topic-list-mismatch", WARNING,
         "categorySlug, categoryUrl and categoryLabel are made from the topics; stale ones link the wrong pages."),
    Rule("CG303", "tracker-topics-mismatch", WARNING,
         "The tracker's medigyTopics repeat the record's topics; when they differ one of them is stale."),
    Rule("CG304", "unknown-topic", WARNING,
         "With a topic vocabulary configured, a topic outside it is usually a typo or a new topic to agree on."),
    # CG4xx: related offerings
    Rule("CG401", "offering-malformed", ERROR,
         "relatedOfferings is a list of mappings {label, permalink, categories, offeringId}."),
    Rule("CG402", "offering-label-missing", ERROR, "The label is what the page shows for an offering."),
    Rule("CG403", "offering-id-invalid", ERROR, "offeringId identifies the offering and must be a whole number."),
    Rule("CG404", "offering-permalink-invalid", ERROR, "A permalink must be /offering/<slug> to open a page."),
    Rule("CG405", "offering-topics-invalid", ERROR, "An offering's categories must be a list of topics."),
    Rule("CG406", "offering-id-inconsistent", WARNING,
         "One offeringId names one offering; a label or permalink that differs across the folder is a stale copy."),
    # CG5xx: media
    Rule("CG501", "featured-image-missing", WARNING,
         "featuredImage.href names a file beside the .md; if it is not there the page shows no image."),
    Rule("CG502", "image-format-mismatch", WARNING,
         "format must be the image file's real format; a file that is no image at all (an error page saved under "
         "an image's name) shows nothing."),
    Rule("CG503", "image-size-mismatch", WARNING,
         "size records the image's pixels (the oldest files as [width, height], later ones as [height, width]); "
         "pages lay out by it."),
    Rule("CG504", "image-not-downloaded", INFO,
         "An image still given by its address is not stored beside the curation yet; the site shows only files "
         "beside it."),
    Rule("CG505", "image-unreferenced", INFO,
         "An image file beside the curations that no curation names is a leftover (of a removed curation or a "
         "replaced image)."),
    Rule("CG506", "site-icon-missing", WARNING,
         "favIconImage.href names a file beside the .md; if it is not there the page shows no site icon."),
    # CG6xx: fields that follow another one
    Rule("CG601", "breadcrumb-mismatch", WARNING, "The breadcrumb trail ends with the title; a stale one misleads."),
    Rule("CG602", "image-alt-mismatch", WARNING,
         "The featured image's alt text follows the title unless written on purpose."),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}

_PREFIX = re.compile(r"^CG\d{0,3}$")


class UnknownRuleError(ValueError):
    """A selector that names no rule; the message says which and how selectors are written."""


def rules_matching(selector: str) -> list[Rule]:
    """The rules a selector names: a code (``CG101``), a code prefix (``CG1``, ``CG``) or a name
    (``title-too-long``), case-insensitively. Raises :class:`UnknownRuleError` when it names none."""
    text = selector.strip()
    by_name = BY_NAME.get(text.lower())
    if by_name is not None:
        return [by_name]
    code = text.upper()
    if _PREFIX.match(code):
        found = [rule for rule in RULES if rule.code.startswith(code)]
        if found:
            return found
    raise UnknownRuleError(f"{selector!r} names no rule (use a code like CG101, a prefix like CG1, or a name "
                           "like title-too-long; 'curator-gui rules' lists them)")


def specificity(selector: str) -> int:
    """How narrowly a selector names rules: a full code or a name counts as a code (5), a prefix by length."""
    text = selector.strip()
    return 5 if text.lower() in BY_NAME else len(text)


def rule_label(code: str) -> str:
    """``CG101 title-too-long`` (the code alone when unknown)."""
    rule = BY_CODE.get(code)
    return f"{code} {rule.name}" if rule else code
