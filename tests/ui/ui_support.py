"""Helpers shared by the window tests: sample curation text, waiting for the window, finding editors.

A module of its own (not conftest) so that test modules can import it by a name no other test folder uses.
"""
from __future__ import annotations

WAIT = 10_000  # ms: generous for a loaded CI machine; waits end as soon as their condition holds


DEFAULT_OFFERINGS = """  - label: Remote Monitoring Suite
    permalink: /offering/remote-monitoring-suite
    categories:
      - 'Healthcare IT News: Telehealth'
    offeringId: 101"""


def curation_text(title: str, href: str, *, description: str = "A short summary of the article.",
                  categories: tuple[str, ...] = ("Healthcare IT News: Telehealth",), date: str = "2024-03-05",
                  offerings: str = "", extra: str = "") -> str:
    """A curation in the newest files' dialect (fixed key order, indented lists, explicit nulls)."""
    slug_lines = "\n".join(f"  - '{c.lower()}'" for c in categories)
    label_lines = "\n".join(f"  - {c.split(': ', 1)[1]}" for c in categories)
    category_lines = "\n".join(f"  - '{c}'" for c in categories)
    url_lines = "\n".join("  - topic/" + "-".join("".join(ch if ch.isalnum() else " " for ch in c.lower()).split())
                          for c in categories)
    brand = href.split("/")[2].removeprefix("www.")
    return f"""---
aliases: /news/sample
archetype: curated-content
author:
  - Dana Reviewer
breadcrumbs:
  - Home
  - News
  - {title}
categories:
{category_lines}
categorySlug:
{slug_lines}
categoryUrl:
{url_lines}
categoryLabel:
{label_lines}
date: '{date}'
description: {description}
featuredImage:
  alt: {title}
  href: null
id: 4242
lastMod: '2024-03-05T10:00:00.000000Z'
link:
  brand: {brand}
  href: {href}
  original: {href}
openGraphMetaData:
  ogtitle: {title}
  ogsite_name: null
title: {title}
relatedOfferings:
{offerings or DEFAULT_OFFERINGS}
{extra}---
<p>Body of {title}.</p>
"""


def wait_ready(qtbot, window) -> None:
    """Until the folder is listed and every file read."""
    qtbot.waitUntil(lambda: window.listed and not window.index.scanning, timeout=WAIT)
    window.model.flush()


def select(qtbot, window, name: str):
    """Open the record of ``name`` through the file list, as a click would."""
    path = str(window.root) + "/" + name
    assert window.file_panel.select_path(path)
    qtbot.waitUntil(lambda: window.current is not None and window.current.path == path, timeout=WAIT)
    return window.current


def editor(window, key: str):
    """The input widget of a field, found by the name tests and assistive technology rely on."""
    from PySide6.QtWidgets import QWidget

    found = window.findChild(QWidget, key)
    assert found is not None, key
    return found


# --- a real web server on 127.0.0.1 -------------------------------------------------------------------------


def article_html(title: str, description: str, *, image: str = "/img/lead.jpg", site: str = "Example News") -> str:
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:description" content="{description}">
<meta property="og:image" content="{image}">
<meta property="og:site_name" content="{site}">
<meta name="twitter:card" content="summary_large_image">
<meta name="author" content="Sam Writer">
<link rel="icon" href="/favicon.ico">
</head><body><article><h1>{title}</h1><p>{description}</p></article></body></html>"""
