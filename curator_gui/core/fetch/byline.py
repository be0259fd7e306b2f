"""The only place that reads who wrote a page (its byline): the order of sources, byline markup, name tidying.

The byline is information about the page, never a curation's ``author`` (that is the curator). General rules,
no site names: JSON-LD's author of the main entity, then the ``<meta>`` vocabularies (HTML, Open Graph when it
is a name, Dublin Core and citation tags with every creator they list), then byline markup in the body, then
``twitter:creator`` or ``article:author`` when it is a name rather than a handle, and a handle only when
nothing else names anyone. Markup is matched on the element's own attributes (an ancestor's class never makes
its child a byline), case-insensitively, outside comment sections and navigation; its text is taken node by
node so that a date or a job title in a neighbouring element is dropped rather than glued to the name.
"""
from __future__ import annotations

import re

from curator_gui.core.fetch.jsonld import JsonLd
from curator_gui.core.fetch.limits import MAX_BYLINE_NAMES, MAX_CANDIDATES
from curator_gui.core.fetch.page import Page, ancestors, collapse

_BY = re.compile(r"^(?:posted\s+|written\s+|published\s+|words\s+|story\s+|text\s+)?by\b\s*:?\s*", re.I)
_BY_GLUED = re.compile(r"^[Bb]y(?=[A-Z][a-z])")  # "ByJane Doe": a byline label glued to the name
_EDGE_JUNK = re.compile(r"^[\s\-–—|,;:·•/@]+|[\s\-–—|,;:·•/]+$")
#: Job titles written after a name ("Jane Doe, Games Editor", "Jane Doe (Author)", "Jane Doe - Staff Writer").
_ROLE_WORDS = (r"(?:author|editor|writer|contributor|photographer|illustrator|translator|reporter|correspondent|"
               r"columnist|journalist|producer|analyst|critic|blogger|staff|intern|anchor|host)s?")
#: The separator must be a comma, or a dash or bar with a space before it: "Mary-Ann Writer" is a name.
_ROLE = re.compile(rf"(?:\s*\(\s*[^()]{{0,40}}?\b{_ROLE_WORDS}\s*\)|(?:\s*,|\s+[|–—-])\s*(?:[\w&'’.-]+\s+){{0,4}}"
                   rf"{_ROLE_WORDS})$", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
#: A date (and whatever follows it) after a name, with or without punctuation between them.
_TRAILING_DATE = re.compile(
    rf"(?:[\s,;|\u2013\u2014-]+|(?<=[a-z.]))(?:on\s+|updated\s+|published\s+|posted\s+)?"
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d+\s+(?:minutes?|hours?|days?)\s+ago)\b.*$",
    re.I)
#: "Written by A, edited by B": the writer comes first; other credits that follow are not the byline.
_WRITTEN_BY = re.compile(r"\b(?:written|reported|words|story|text)\s+by\s*:?\s*", re.I)
_OTHER_CREDIT = re.compile(r"(?:[\s,;|.·•\u2013\u2014-]+|^)(?:and\s+)?(?:edited|produced|photos?|photographs?|"
                           r"photography|illustrations?|illustrated|graphics|video|fact[- ]checked|reviewed|"
                           r"additional\s+reporting|updated|translated)\b(?:\s+by\b)?.*$", re.I)
#: Link labels and buttons that a template marks like an author without naming anyone.
_NOT_A_NAME = frozenset({
    "about", "about me", "about us", "contact", "profile", "view profile", "bio", "more", "read more", "website",
    "view the website", "home", "author", "authors", "posts", "staff", "write", "write a story", "dashboard",
    "sign in", "sign up", "log in", "login", "logout", "register", "subscribe", "follow", "share", "comments",
    "menu", "search", "my account", "account", "admin", "edit", "reply", "all posts", "view all posts",
    "unknown", "anonymous", "admin user", "by", "and",
})
_PIECES = re.compile(r"\s+[|•·]\s+")
_LABEL_BY = re.compile(r"^(?:[\w'’-]+\s+){1,3}by\s+(.+)$", re.I)
_URLISH = re.compile(r"^(?:https?:|www\.)|^[\w.-]+\.(?:com|org|net)(?:/|$)", re.I)
_HANDLE = re.compile(r"^@?[\w.]+$")
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ\u0100-\u024f][\w'’.-]*|[A-Z]\.|"
                        r"(?:de|del|der|den|di|da|du|dos|van|von|la|le|bin|al|el|ibn|ter|y|e)\b)$")
#: The longest name kept, and how long a byline may be before only a clear leading name is taken from it.
_MAX_NAME = 80
_MAX_BYLINE_WORDS = 7


def clean_author(name: str) -> str:
    """One byline tidied: the writer of "Written by A, edited by B", "By" removed, a job title, a date and edge
    punctuation trimmed, a long text reduced to a clear leading name; '' for a URL, a label or junk."""
    name = collapse(name[:1000])  # a name is short: a long text is cut before any pattern runs on it
    written = _WRITTEN_BY.search(name)
    if written:
        name = name[written.end():]
    name = _OTHER_CREDIT.sub("", name)
    previous = None
    while name != previous:
        previous = name
        name = _BY.sub("", _BY_GLUED.sub("", name))
        name = _EDGE_JUNK.sub("", _ROLE.sub("", _TRAILING_DATE.sub("", name)))
    pieces = _PIECES.split(name)
    if len(pieces) > 1:  # "Jane Doe | Staff", "Stripe • View the website": the first piece that is not a label
        name = next((p for p in map(str.strip, pieces) if p and p.casefold() not in _NOT_A_NAME), "")
    labelled = _LABEL_BY.match(name)  # "More stories by Jane Doe"
    if labelled and _is_clear_name(labelled.group(1)):
        name = labelled.group(1)
    if len(name) > _MAX_NAME or len(name.split()) > _MAX_BYLINE_WORDS:
        name = _leading_name(name)
    if not name or name.casefold() in _NOT_A_NAME or _URLISH.search(name) or not any(c.isalpha() for c in name):
        return ""
    return name


#: Where a clear leading name ends in a long byline: punctuation, or the verb of a biography.
_NAME_END = re.compile(r"\s*[,;|(\u2013\u2014·•]\s*|\s+-\s+|\s+(?:is|was|has|who|covers|writes|and\s+[a-z])\b")


def _leading_name(text: str) -> str:
    """The clear name a long byline starts with ("Jane Doe is a reporter who covers..."), else ''."""
    head = _NAME_END.split(text, 1)[0]
    return head if _is_clear_name(head) else ""


def _is_clear_name(text: str) -> bool:
    """Two to five capitalised words (particles such as "de" or "van" allowed), no digits."""
    words = text.split()
    return 2 <= len(words) <= 5 and len(text) <= _MAX_NAME and all(_NAME_WORD.match(w) for w in words) \
        and words[0][0].isupper() and not any(ch.isdigit() for ch in text)


def is_handle(value: str) -> bool:
    """True for a social handle or a profile URL rather than a person's name ("@jdoe", "jdoe", a link)."""
    value = value.strip()
    return not value or value.startswith("@") or bool(_URLISH.search(value)) or bool(_HANDLE.match(value))


#: Meta tags that name an article's writer, in the order they are trusted: HTML's own, Open Graph's (when it
#: is a name), the analytics vocabularies many CMSs emit; Dublin Core and citation tags may list several.
_SINGLE_NAME_METAS = ("author", "article:author", "parsely-author", "sailthru.author", "byl")
_LIST_METAS = ("dc.creator", "dcterms.creator", "citation_author")


def _meta_names(page: Page) -> list[str]:
    for key in _SINGLE_NAME_METAS:
        value = page.meta(key)
        if value and not (key == "article:author" and is_handle(value)):
            name = clean_author(value)
            if name:
                return [name]
    for key in _LIST_METAS:
        names = [clean_author(value) for value in page.metas_named(key)[:MAX_BYLINE_NAMES]]
        names = [name for name in names if name]
        if names:
            return names
    return []


def byline_names(page: Page, ld: JsonLd, main: dict | None) -> list[str]:
    """The page's byline: JSON-LD author of the main entity (or of another entity) → meta tags → byline markup
    (only once the whole page is read) → twitter:creator or article:author when it is a name → a
    twitter:creator handle. At most :data:`MAX_BYLINE_NAMES` names, each once."""
    raw: list[str] = []
    if main is not None:
        raw = ld.names(main.get("author")) or ld.names(main.get("creator"))
    if not raw:
        for entity in ld.entities:
            if entity is not main and entity.get("author"):
                raw = ld.names(entity.get("author"))
                if raw:
                    break
    names = [clean_author(name) for name in raw[:MAX_BYLINE_NAMES]]
    if not any(names):
        names = _meta_names(page)
    if not any(names) and page.is_whole:  # the body is read only when the head names no author
        names = _markup_names(page) or _late_names(page)
    return list(dict.fromkeys(name for name in names if name))


def _late_names(page: Page) -> list[str]:
    """twitter:creator or article:author when it is a person's name; failing that, a twitter:creator handle
    (without its "@"), the only name the page gives."""
    for key in ("twitter:creator", "article:author"):
        value = page.meta(key)
        if value and not is_handle(value):
            name = clean_author(value)
            if name:
                return [name]
    handle = page.meta("twitter:creator").strip().lstrip("@")
    return [handle] if handle and _HANDLE.match(handle) else []


# --- byline markup ---------------------------------------------------------------------------------------------

#: One pass of the parser's own selector engine finds every element that may be byline markup; the level of
#: each is then decided from its own attributes. Lower levels are more explicit and win wherever they are.
_CANDIDATES = ("[itemprop~=author i], [itemprop~=creator i], [rel~=author i], [class*=author i], "
               "[class*=byline i], a[href*='/author' i], a[href*='author_id=' i]")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
#: Class words of author boxes that hold something other than the name (a picture, a biography, links).
_NOT_NAME_CLASS = frozenset({"bio", "biography", "avatar", "image", "img", "photo", "picture", "pic", "thumb",
                             "thumbnail", "description", "desc", "about", "social", "follow", "more", "posts",
                             "title", "role", "job", "position", "date", "time", "label", "icon", "tools"})
#: Containers whose names are not the page's byline: comments and replies, navigation, sidebars.
_SKIP_TAGS = frozenset({"nav", "aside", "form", "template"})
_SKIP_NAME = re.compile(r"^(?:comments?|disqus|repl(?:y|ies)|respond|discussion)(?:$|[-_])|[-_]comments?$|"
                        r"^(?:nav|navbar|navigation|menu|sidebar|related|recommended)$")
#: Links that go to an account page or an editor rather than a writer's page.
_ACCOUNT_HREF = re.compile(r"/(?:dashboard|login|log-in|signin|sign-in|signup|sign-up|register|account|settings|"
                           r"new-story|write|me)(?:[/?#]|$)", re.I)


def _class_words(value: str) -> list[list[str]]:
    """The words of each class token: ``FeatureByline`` → [feature, byline], ``author__name`` → [author, name]."""
    return [[w for w in _WORD_SPLIT.split(_CAMEL.sub(" ", token).lower()) if w] for token in value.split()]


def _level(page: Page, node) -> int | None:
    """How explicit the element's own attributes make it as byline markup (0 best), or None."""
    info = page.info(node)
    if {"author", "creator"} & set(info.itemprop.split()):
        return 0
    if info.tag == "a" and "author" in info.rel.split():
        return 1
    tokens = _class_words(info.classes)
    if any((_BOX_WORDS & set(words)) and ({"name", "link"} & set(words)) for words in tokens):
        return 2
    if any({"byline", "author"} <= set(words) for words in tokens):
        return 2
    if any({"name", "fn"} & set(words) for words in tokens) and _in_byline_box(page, node):
        return 2
    if info.tag == "a" and ("/author" in info.href or "author_id=" in info.href):
        return 3
    if any(_is_box(words) for words in tokens):
        return 4
    return None


#: Class words that name a byline box when they end a class token ("byline", "post-author", "p-author").
_BOX_WORDS = frozenset({"author", "authors", "byline", "writer"})


def _is_box(words: list[str]) -> bool:
    return bool(words) and (words[-1] in _BOX_WORDS or words[-1].endswith("byline")) \
        and not _NOT_NAME_CLASS.intersection(words)


def _in_byline_box(page: Page, node) -> bool:
    for depth, parent in enumerate(ancestors(node)):
        if depth >= 4:
            return False
        if any(_is_box(words) for words in _class_words(page.info(parent).classes)):
            return True
    return False


def _skipped(page: Page, node) -> bool:
    """True inside a comment section, navigation or a sidebar (below the article or main element), or for a
    link to an account page."""
    info = page.info(node)
    if info.tag == "a" and _ACCOUNT_HREF.search(info.href):
        return True
    for depth, parent in enumerate(ancestors(node)):
        info = page.info(parent)
        if info.tag in ("body", "html", "article", "main") or depth > 64:
            return False
        if info.tag in _SKIP_TAGS or info.role in ("navigation", "complementary"):
            return True
        if any(_SKIP_NAME.match(name) for name in f"{info.classes} {info.id}".lower().split()):
            return True
    return False


def _segments(node, limit: int = 600) -> list[str]:
    """The element's text node by node (each collapsed, empty ones dropped), read up to ``limit`` characters."""
    parts: list[str] = []
    size = 0
    for visited, child in enumerate(node.traverse(include_text=True)):
        if visited > 4 * limit or size > limit:
            break
        if child.is_text_node:
            parent = child.parent
            if parent is not None and parent.tag in ("script", "style", "time", "button", "svg"):
                continue  # a <time> next to the name is the date, never part of it
            text = collapse((child.text_content or "")[: 2 * limit])
            if text:
                parts.append(text)
                size += len(text)
    return parts


_COUNT_SEGMENT = re.compile(r"^\d[\d,.]*\s+(?:comments?|replies|views|shares|likes|followers)$", re.I)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_ROLE_SEGMENT = re.compile(rf"^(?:(?:[\w&'’.-]+\s+){{0,4}}{_ROLE_WORDS}|\d[\d\s,.:/-]*|[|·•,;:/-]+)$", re.I)


def _byline_text(node) -> str:
    """The element's text with neighbouring elements kept apart, and elements that hold only a job title, a
    number, punctuation or a link label ("View profile") dropped."""
    text = ""
    for segment in _segments(node):
        if _ROLE_SEGMENT.match(segment) or segment.casefold() in _NOT_A_NAME or _COUNT_SEGMENT.match(segment):
            continue
        if text and not (_CJK.match(text[-1]) and _CJK.match(segment[0])):  # CJK text has no spaces
            text += " "
        text += segment
    return text


def _markup_names(page: Page) -> list[str]:
    """A name from the page's byline markup (the most explicit kind of markup that yields one wins)."""
    candidates = []
    for node in page.tree.css(_CANDIDATES)[:MAX_CANDIDATES]:
        page.deadline.tick(16)
        if node.tag in ("meta", "link", "body", "html", "article", "main", "script", "style"):
            continue
        level = _level(page, node)
        if level is not None:
            candidates.append((level, node))
    for level in range(5):
        for node_level, node in candidates:
            if node_level != level or _skipped(page, node):
                continue
            name = _inner_name(page, node) if level in (0, 4) else None
            text = clean_author(name if name is not None else _byline_text(node))
            if text:
                return [text]
    return []


def _inner_name(page: Page, node) -> str | None:
    """The name element inside an author element or byline box: ``itemprop="name"`` (a meta's content, else
    its text) or a class named like a name (``p-name``, ``fn``, ``author-name``); None when there is none."""
    for visited, child in enumerate(node.traverse()):
        if visited > 200:
            break
        if not visited:
            continue
        info = page.info(child)
        if "name" in info.itemprop.split():
            return (child.attributes.get("content") or "") if info.tag == "meta" else _byline_text(child)
        if any({"name", "fn"} & set(words) for words in _class_words(info.classes)):
            return _byline_text(child)
    return None
