"""The only place that reads JSON-LD: lenient parsing, ``@graph`` flattening, the page's main entity, names.

A small flattening of our own rather than a full JSON-LD processor: pages need no context expansion to say who
wrote an article, and real blocks are often slightly broken (comments, CDATA wrappers, trailing commas, raw
newlines in strings), which a strict processor rejects outright.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable

from curator_gui.core.fetch.limits import (MAX_BYLINE_NAMES, MAX_JSONLD_DEPTH, MAX_JSONLD_ENTITIES, MAX_JSONLD_IDS,
                                           MAX_JSONLD_NODES, NO_DEADLINE, Deadline)

_OPENING = re.compile(r"\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)")
_CLOSING = re.compile(r"(?:-->|//\s*\]\]>|\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")

#: Types that describe the thing a page is about (an article, a post, a video...), best first.
_ARTICLE_WORDS = ("article", "posting", "report", "review", "newsarticle")
_CREATIVE_TYPES = frozenset({
    "videoobject", "audioobject", "podcastepisode", "episode", "tvepisode", "radioepisode", "recipe", "howto",
    "product", "event", "course", "book", "movie", "musicrecording", "musicalbum", "creativework", "question",
    "qapage", "dataset", "softwareapplication", "mobileapplication", "photograph", "chapter", "claim",
    "medicalwebpage", "collectionpage",
})
_PAGE_TYPES = frozenset({"webpage", "itempage", "profilepage", "aboutpage", "searchresultspage", "faqpage"})


def _loads(text: str):
    text = text.strip()
    opening = _OPENING.match(text)  # comment and CDATA wrappers, looked for at the two ends only
    if opening:
        text = text[opening.end():]
    closing = _CLOSING.search(text, max(0, len(text) - 32))
    if closing:
        text = text[: closing.start()]
    text = text.strip().rstrip(";")
    if not text:
        return None
    try:
        return json.loads(text, strict=False)  # strict=False: raw control characters inside strings are common
    except RecursionError:  # nested deeper than the JSON parser goes: nothing a page means to say
        return None
    except ValueError:
        pass
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", text), strict=False)
    except (ValueError, RecursionError):
        return None


def _items(value, out: list[dict], limit: int) -> None:
    """The entities a parsed block holds, in order: top-level objects, lists of them, and the members of
    ``@graph`` (also nested graphs); at most ``limit`` in ``out`` and :data:`MAX_JSONLD_DEPTH` levels down."""
    stack = [(value, 0)]
    while stack and len(out) < limit:
        value, depth = stack.pop()
        if depth > MAX_JSONLD_DEPTH:
            continue
        if isinstance(value, list):
            stack.extend((item, depth + 1) for item in reversed(value[:limit]))
        elif isinstance(value, dict):
            graph = value.get("@graph")
            own = not (isinstance(graph, (list, dict)) and len(value) <= 2)  # only @context and @graph: no own
            if own:
                stack.append((_Own(value), depth))
            if isinstance(graph, (list, dict)):
                stack.append((graph, depth + 1))
        elif isinstance(value, _Own):
            out.append(value.entity)


class _Own:
    """A block object to emit after the members of its ``@graph`` (the order the entities are ranked in)."""

    __slots__ = ("entity",)

    def __init__(self, entity: dict):
        self.entity = entity


def _index(value, ids: dict[str, dict], budget: list[int]) -> None:
    """Every object with an ``@id`` anywhere in the block (to :data:`MAX_JSONLD_DEPTH` levels, at most
    :data:`MAX_JSONLD_IDS`, walking at most ``budget[0]`` objects and lists), so ``{"@id": ...}`` references
    can be followed."""
    stack = [(value, 0)]
    while stack and budget[0] > 0:
        budget[0] -= 1
        value, depth = stack.pop()
        if depth > MAX_JSONLD_DEPTH:
            continue
        if isinstance(value, dict):
            node_id = value.get("@id")
            if isinstance(node_id, str) and len(value) > 1 and len(ids) < MAX_JSONLD_IDS:
                ids.setdefault(node_id, value)
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))


class JsonLd:
    """The entities of all of a page's JSON-LD blocks, with ``@id`` references resolvable."""

    def __init__(self, blocks: Iterable[str], deadline: Deadline = NO_DEADLINE):
        self.entities: list[dict] = []
        self.ids: dict[str, dict] = {}
        budget = [MAX_JSONLD_NODES]
        for block in blocks:
            deadline.check()
            value = _loads(block)
            if value is None:
                continue
            _items(value, self.entities, MAX_JSONLD_ENTITIES)
            _index(value, self.ids, budget)

    def resolve(self, value):
        """Follow a bare ``{"@id": ...}`` reference to the object it names (or return the value unchanged)."""
        if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("@id"), str):
            return self.ids.get(value["@id"], value)
        return value

    def main_entity(self) -> dict | None:
        """The entity the page is about: an article-like one first, then other creative works, then a WebPage's
        ``mainEntity`` or the WebPage itself; never the site, the publisher or a breadcrumb list."""
        best, best_score = None, 0
        for entity in self.entities:
            score = rank(entity)
            if score in (1, 2):
                inner = self.resolve(entity.get("mainEntity"))
                if isinstance(inner, list) and inner:
                    inner = self.resolve(inner[0])
                if isinstance(inner, dict) and rank(inner) > score:
                    entity, score = inner, rank(inner)
            if score > best_score:
                best, best_score = entity, score
        return best

    def names(self, value, limit: int = MAX_BYLINE_NAMES) -> list[str]:
        """Names of the person(s) or organisation(s) in an ``author``-like value: strings, objects, lists, refs
        (at most ``limit``, lists followed :data:`MAX_JSONLD_DEPTH` levels down)."""
        out: list[str] = []
        stack = [(value, 0)]
        while stack and len(out) < limit:
            value, depth = stack.pop()
            value = self.resolve(value)
            if isinstance(value, list):
                if depth < MAX_JSONLD_DEPTH:
                    stack.extend((item, depth + 1) for item in reversed(value[: limit * 4]))
            elif isinstance(value, dict):
                name = value.get("name")
                if isinstance(name, list):
                    name = next((n for n in name if isinstance(n, str)), None)
                if isinstance(name, dict):
                    name = name.get("@value")
                if not isinstance(name, str) and ("givenName" in value or "familyName" in value):
                    name = " ".join(str(value.get(k) or "") for k in ("givenName", "familyName"))
                if isinstance(name, str):
                    out.append(name)
            elif isinstance(value, str):
                out.append(value)
        return out

    def image_urls(self, value) -> list[str]:
        """The URLs of the images in an ``image``-like value, in order: a string, a list of strings, an
        ImageObject (``url`` or ``contentUrl``), a list of them, or ``@id`` references to them."""
        out: list[str] = []
        stack = [(value, 0)]
        while stack and len(out) < 16:
            value, depth = stack.pop()
            value = self.resolve(value)
            if isinstance(value, list):
                if depth < 4:
                    stack.extend((item, depth + 1) for item in reversed(value[:16]))
            elif isinstance(value, dict):
                for key in ("url", "contentUrl", "@id"):
                    candidate = value.get(key)
                    if isinstance(candidate, (list, dict)) and depth < 4 and key != "@id":
                        stack.append((candidate, depth + 1))
                        break
                    if isinstance(candidate, str) and (key != "@id" or "/" in candidate):
                        out.append(candidate)
                        break
            elif isinstance(value, str):
                out.append(value)
        return out


def text_of(value) -> str:
    """A plain string from a JSON-LD text value (a string, a language map ``{"@value": ...}`` or a list)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, (str, dict))), None)
    if isinstance(value, dict):
        value = value.get("@value")
    return value if isinstance(value, str) else ""


def _types(entity: dict) -> list[str]:
    kind = entity.get("@type")
    if isinstance(kind, str):
        kind = [kind]
    if not isinstance(kind, list):
        return []
    return [k.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for k in kind if isinstance(k, str)]


def rank(entity: dict) -> int:
    """3 for article-like types, 2 for other creative works, 1 for a web page, 0 for anything else."""
    best = 0
    for kind in _types(entity):
        if kind.endswith(_ARTICLE_WORDS) or kind == "blogposting":
            return 3
        if kind in _CREATIVE_TYPES:
            best = max(best, 2)
        elif kind in _PAGE_TYPES:
            best = max(best, 1)
    return best
