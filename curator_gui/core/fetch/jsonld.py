"""The only place that reads JSON-LD: lenient parsing, ``@graph`` flattening, the page's main entity, names.

A small flattening of our own rather than a full JSON-LD processor: pages need no context expansion to say who
wrote an article, and real blocks are often slightly broken (comments, CDATA wrappers, trailing commas, raw
newlines in strings), which a strict processor rejects outright.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

_WRAPPERS = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")
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
    text = _WRAPPERS.sub("", text.strip()).strip().rstrip(";")
    if not text:
        return None
    try:
        return json.loads(text, strict=False)  # strict=False: raw control characters inside strings are common
    except ValueError:
        pass
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", text), strict=False)
    except ValueError:
        return None


def _items(value) -> Iterator[dict]:
    """The entities a parsed block holds: top-level objects, lists of them, and the members of ``@graph``."""
    if isinstance(value, list):
        for item in value:
            yield from _items(item)
    elif isinstance(value, dict):
        graph = value.get("@graph")
        if isinstance(graph, (list, dict)):
            yield from _items(graph)
            if len(value) <= 2:  # only @context and @graph: nothing of its own to describe
                return
        yield value


def _index(value, ids: dict[str, dict]) -> None:
    """Every object with an ``@id`` anywhere in the block, so ``{"@id": ...}`` references can be followed."""
    if isinstance(value, dict):
        node_id = value.get("@id")
        if isinstance(node_id, str) and len(value) > 1:
            ids.setdefault(node_id, value)
        for child in value.values():
            if isinstance(child, (dict, list)):
                _index(child, ids)
    elif isinstance(value, list):
        for child in value:
            _index(child, ids)


class JsonLd:
    """The entities of all of a page's JSON-LD blocks, with ``@id`` references resolvable."""

    def __init__(self, blocks: Iterable[str]):
        self.entities: list[dict] = []
        self.ids: dict[str, dict] = {}
        for block in blocks:
            value = _loads(block)
            if value is None:
                continue
            self.entities.extend(_items(value))
            _index(value, self.ids)

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

    def names(self, value) -> list[str]:
        """Names of the person(s) or organisation(s) in an ``author``-like value: strings, objects, lists, refs."""
        value = self.resolve(value)
        if isinstance(value, list):
            out = []
            for item in value:
                out.extend(self.names(item))
            return out
        if isinstance(value, dict):
            name = value.get("name")
            if isinstance(name, list):
                name = next((n for n in name if isinstance(n, str)), None)
            if isinstance(name, dict):
                name = name.get("@value")
            if not isinstance(name, str) and ("givenName" in value or "familyName" in value):
                name = " ".join(str(value.get(k) or "") for k in ("givenName", "familyName"))
            return [name] if isinstance(name, str) else []
        if isinstance(value, str):
            return [value]
        return []

    def image_url(self, value) -> str:
        """The URL of the first image in an ``image``-like value (a string, an ImageObject, a list, a ref)."""
        value = self.resolve(value)
        if isinstance(value, list):
            for item in value:
                url = self.image_url(item)
                if url:
                    return url
            return ""
        if isinstance(value, dict):
            for key in ("url", "contentUrl", "@id"):
                if isinstance(value.get(key), str) and (key != "@id" or "/" in value[key]):
                    return value[key]
            return ""
        return value if isinstance(value, str) else ""


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
