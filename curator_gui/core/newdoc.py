"""Creating curations: from fetched page metadata (``new``), and from a plain article with no front matter.

New files are written in the dialect of the newest files (the sample's): its key order, explicit nulls,
indented lists, folded long strings, a final newline. File names are version-5 UUIDs of the clean source URL,
so the same article always maps to the same name.
"""
from __future__ import annotations

import html
import re
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from curator_gui.core.derive import derive_all, format_stamp, new_alias, new_slug, utc_now
from curator_gui.core.document import Document
from curator_gui.core.urls import brand_of, clean_url, strip_userinfo, without_userinfo

#: The news section's constant fields (see the format notes), in the sample's key order where they occur.
NEWS_CONSTANTS = {
    "archetype": "curated-content",
    "basePath": "/news/",
    "contentCategories": "netspective-medigy-news-curated-content",
    "identifier": "News",
    "layOut": "single",
    "mastHead": "NEWS",
    "openProjectWorkPackageType": "Curated Content",
    "searchCategory": "News",
    "source": "open-project-curations",
    "status": "",
    "sub": "brief",
    "tags": ["News"],
}

#: Top-level key order of the newest files.
SEED_ORDER = (
    "aliases", "archetype", "author", "basePath", "breadcrumbLinks", "breadcrumbs", "categories", "categorySlug",
    "categoryUrl", "categoryLabel", "contentCategories", "institution", "offering", "layOut", "date",
    "description", "favIconImage", "featuredImage", "featuredPdf", "htmlMetaData", "id", "identifier", "lastMod",
    "link", "href", "original", "mastHead", "mdName", "openGraphMetaData", "openProjectCustomFields",
    "openProjectWorkPackageType", "searchCategory", "slug", "source", "status", "sub", "tags", "title", "via",
    "insights_description", "insights_name", "viaLink", "relatedOfferings", "twitterMetaData",
)


def file_name_for(url: str) -> str:
    """``<uuid5(NAMESPACE_URL, clean url)>.md``."""
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, clean_url(url))}.md"


def build_curation(fragment: dict, md_name: str, now: datetime | None = None,
                   curators: list[str] | None = None) -> tuple[dict, str]:
    """Front matter and body of a new news curation from a fetched fragment.

    ``author`` lists ``curators`` (see :func:`curator_gui.core.curator.curator_name`), never the page's byline:
    the fragment's ``author``/``byline`` is not read.
    """
    now = now or utc_now()
    title = str(fragment.get("headline") or fragment.get("title") or "").strip()
    description = str(fragment.get("description") or "").strip()
    link = dict(fragment.get("link") or {})
    original = link.get("original") or fragment.get("original") or ""
    href = link.get("href") or clean_url(original)
    brand = link.get("brand") or brand_of(href)
    values: dict[str, Any] = dict(NEWS_CONSTANTS)
    values.update({
        "aliases": new_alias(title),
        "author": [name for name in (curators or []) if name],
        "breadcrumbLinks": ["/", "/news/", ""],
        "breadcrumbs": ["Home", "News", title],
        "categories": [],
        "categorySlug": [],
        "categoryUrl": [],
        "categoryLabel": [],
        "institution": None,
        "offering": None,
        "date": format_stamp(now),
        "description": description,
        "favIconImage": _image_map(fragment.get("favIconImage")),
        "featuredImage": _image_map(fragment.get("featuredImage") or {"alt": title}),
        "featuredPdf": None,
        "htmlMetaData": fragment.get("htmlMetaData") or {},
        "lastMod": format_stamp(now),
        "link": {"brand": brand, "href": href, "original": original},
        "href": href,
        "original": original,
        "mdName": md_name,
        "openGraphMetaData": fragment.get("openGraphMetaData") or {},
        "openProjectCustomFields": {"cleanUrl": href, "medigyTopics": [], "sourceUrl": original},
        "slug": new_slug(title, brand),
        "title": title,
        "via": None,
        "insights_description": None,
        "insights_name": None,
        "viaLink": None,
        "relatedOfferings": [],
        "twitterMetaData": fragment.get("twitterMetaData") or {},
    })
    data = {key: values[key] for key in SEED_ORDER if key in values}
    derive_all(data)
    data = without_userinfo(data)  # a user:password@ typed into the address never reaches the file
    body = f"<p>{html.escape(description, quote=False)}</p>\n" if description else ""
    return data, body


def _image_map(value: Any) -> Any:
    """An image map with its keys in the sample's order (``alt``, ``format``, ``href``, ``size``, ``valid``, …), as
    every curation writes them, whatever order the fetched fragment gave them in."""
    if not isinstance(value, dict):
        return value
    from curator_gui.core.media.record import IMAGE_KEYS

    return dict(sorted(value.items(), key=lambda item: IMAGE_KEYS.index(item[0]) if item[0] in IMAGE_KEYS
                       else len(IMAGE_KEYS)))


def new_document(folder: str | Path, fragment: dict, now: datetime | None = None,
                 curators: list[str] | None = None) -> Document:
    """An unsaved document for a new curation in ``folder`` (save it with :func:`save_document`); ``author``
    lists ``curators``."""
    url = (fragment.get("link") or {}).get("original") or fragment.get("original") or ""
    name = file_name_for(strip_userinfo(url))
    data, body = build_curation(fragment, name, now, curators)
    doc = Document(b"", Path(folder) / name)
    doc.data = data
    doc.body = body
    return doc


# --- a plain article ---------------------------------------------------------------------------------------

def curation_from_article(doc: Document, now: datetime | None = None) -> dict:
    """Front-matter values to turn an article without front matter into a curation (nothing is removed).

    The title is the first non-empty line (a Markdown ``#`` heading marker dropped), the description the
    first paragraph after it, cut to 200 characters at the end of a sentence (or, when the first sentence is
    longer, at a word, with an ellipsis).
    """
    now = now or utc_now()
    lines = [line.strip() for line in doc.body.splitlines()]
    title = next((re.sub(r"^#+\s*", "", line) for line in lines if line), "")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", doc.body) if p.strip()]
    rest = [p for p in paragraphs if re.sub(r"^#+\s*", "", p) != title]
    description = _cut(" ".join(rest[0].split()) if rest else "", 200)
    data: dict[str, Any] = {
        "aliases": new_alias(title),
        "archetype": NEWS_CONSTANTS["archetype"],
        "author": [],
        "breadcrumbLinks": ["/", "/news/", ""],
        "breadcrumbs": ["Home", "News", title],
        "categories": [],
        "date": format_stamp(now, "2000-01-01"),
        "description": description,
        "lastMod": format_stamp(now),
        "link": {"brand": "", "href": "", "original": ""},
        "title": title,
    }
    if doc.path is not None:
        data["mdName"] = doc.path.name
    return data


#: The end of a sentence: its mark (and a closing quote or bracket) before a space.
_SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*(?=\s)""")


def _cut(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters: whole sentences when at least one fits, else whole words and '…'."""
    if len(text) <= limit:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text[:limit] + " ") if m.end() <= limit]
    if ends:
        return text[:ends[-1]]
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return (cut or text[:limit - 1]) + "…"
