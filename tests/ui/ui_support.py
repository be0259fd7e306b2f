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


def legacy_curation_text(title: str, href: str, topics: tuple[str, ...], *, date: str = "2020-11-02") -> str:
    """A curation in the oldest dialect, topics kept the older way: ``communityTopics`` ('#' as '-hash-'),
    ``categories: []``, no derived lists, and the tracker's topics as JSON text wrapped at 80 columns."""
    import json

    import yaml

    community = "\n".join(f"- '{t.replace('#', '-hash-')}'" for t in topics)
    tracker = yaml.safe_dump({"medigyTopics": json.dumps(list(topics), separators=(",", ":"))}, width=80)
    tracker = "\n".join("  " + line for line in tracker.rstrip("\n").splitlines())
    brand = href.split("/")[2].removeprefix("www.")
    return f"""---
aliases: /news/older-sample
archetype: curate-content
author:
- Lee Archivist
breadcrumbs:
- Home
- News
- {title}
categories: []
communityTopics:
{community}
date: '{date}T09:30:00.000000Z'
description: An older curation whose topics live in communityTopics.
featuredImage:
  alt: {title}
  href: null
id: 3100
lastMod: '{date}T10:00:00.000000Z'
link:
  brand: {brand}
  href: {href}
  original: {href}
openProjectCustomFields:
  cleanUrl: {href}
{tracker}
  sourceUrl: {href}
owlType: Medigy Communities
title: {title}
---
<p>Body of {title}.</p>"""


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


# --- the window's parts without the window ------------------------------------------------------------------


def no_prompts():
    """A Prompts whose every question fails the test, unless the test answers it by replacing the method."""
    from curator_gui.ui.prompts import Prompts

    def unexpected(name):
        def ask(self, *args, **kwargs):
            raise AssertionError(f"unexpected question: {name}")
        return ask

    questions = {name: unexpected(name) for name in vars(Prompts) if not name.startswith("_")}
    return type("NoPrompts", (Prompts,), questions)()


class WindowParts:
    """The parts the main window assembles (records, file list, pane, outside changes, folder, navigation,
    saving), assembled the same way on a plain host widget: controllers can be tested without the window,
    its menus, its commands or its settings. Parts a test does not use cost nothing beyond being built."""

    def __init__(self):
        from PySide6.QtGui import QUndoGroup
        from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

        from curator_gui.ui.file_list.panel import FileListPanel
        from curator_gui.ui.folder import FolderController
        from curator_gui.ui.indexer import IndexService
        from curator_gui.ui.navigation import Navigator
        from curator_gui.ui.outside import OutsideChanges
        from curator_gui.ui.progress import ProgressArea
        from curator_gui.ui.record_pane import RecordPane
        from curator_gui.ui.records import FolderChecks, RecordStore
        from curator_gui.ui.saving import SaveController
        from curator_gui.ui.watcher import FolderWatcher

        self.host = QWidget()
        self.host.resize(1100, 700)
        self.prompts = no_prompts()
        self.announced: list[str] = []
        self.undo_group = QUndoGroup(self.host)
        self.checks = FolderChecks(lambda url: self.panel.model.paths_with_clean_url(url))
        self.records = RecordStore(self.checks, self.undo_group, self.host)
        self.index = IndexService(self.host, workers=1)
        self.watcher = FolderWatcher(self.host)
        self.panel = FileListPanel(self.host)
        self.model = self.panel.model
        self.pane = RecordPane(self.records, self.host)
        layout = QHBoxLayout(self.host)
        layout.addWidget(self.panel)
        layout.addWidget(self.pane, 1)
        self.progress = ProgressArea("scanProgress", "Stop", self.host)
        self.counts = QLabel(self.host)
        self.outside = OutsideChanges(self.records, self.watcher, self.pane.outside_bar, self.prompts, self.host)
        self.folder = FolderController(self.model, self.index, self.watcher, self.checks, self.progress,
                                       self.counts, self.pane.notice_bar, self.host)
        self.navigator = Navigator(self.records, self.panel, self.pane, self.outside, self.folder, self.host)
        self.saving = SaveController(self.records, self.prompts, self.outside, self.host)
        # the window's wiring between these parts
        self.pane.shown.connect(self.outside.show_bar_for)
        self.folder.opened.connect(self.pane.set_root)
        self.folder.folder_reread.connect(self.outside.check_all)
        self.saving.saved.connect(lambda session, old, _written: self.navigator.show_saved(session, old))
        for part in (self.pane, self.outside, self.folder, self.saving):
            part.announced.connect(lambda text, _ms: self.announced.append(text))
        self.host.show()

    def open(self, qtbot, root) -> None:
        """Open ``root`` and wait until every file is read."""
        self.folder.open(str(root))
        qtbot.waitUntil(lambda: self.folder.listed and not self.index.scanning, timeout=WAIT)
        self.model.flush()

    def select(self, qtbot, name: str):
        """Open the record of ``name`` through the file list, as a click would."""
        path = f"{self.folder.root}/{name}"
        assert self.panel.select_path(path)
        qtbot.waitUntil(lambda: self.records.current is not None and self.records.current.path == path,
                        timeout=WAIT)
        return self.records.current

    def close(self) -> None:
        self.index.shutdown()
        self.host.close()
        self.host.deleteLater()
