"""A folder index row as the cache's columns and back: the only place that knows the order and encoding of the
columns (:data:`curator_gui.core.index_cache.COLUMNS`) and checks a cached record's shape before trusting it.

Values many rows hold (codes, topics, brands, positions) are made once and shared, so that 100,000 rows served
from the cache cost little more memory than their distinct values.
"""
from __future__ import annotations

import os
import sys
from typing import Any, Callable

from curator_gui.core.index_cache import SEPARATOR
from curator_gui.core.index_row import IndexRow
from curator_gui.core.media.index_media import sound_state
from curator_gui.core.query import MASK_BYTES, NO_MASK


def row_from_dict(data: dict) -> IndexRow:
    """A row from :meth:`IndexRow.to_dict` (positions come back as tuples)."""
    data = dict(data)
    data["image_position"] = tuple(data.get("image_position") or (1, 1))
    data["url_position"] = tuple(data.get("url_position") or (1, 1))
    data["codes"], data["silenced"] = tuple(data.get("codes") or ()), tuple(data.get("silenced") or ())
    data["categories"] = tuple(data.get("categories") or ())
    return IndexRow(**data)


def row_columns(row: IndexRow) -> tuple:
    """The row as the cache's columns (:data:`curator_gui.core.index_cache.COLUMNS` order)."""
    return (row.title, row.description, row.date, row.brand, row.href, row.clean_url, SEPARATOR.join(row.categories),
            row.topic_shape, row.size, row.mtime_ns, " ".join(row.codes), " ".join(row.silenced), row.problems_packed,
            row.image_href, "%d,%d" % row.image_position, "%d,%d" % row.url_position, int(row.has_image), row.search,
            row.search_mask, row.media_json, row.media_state, row.offerings)


class _Shared(dict):
    """Equal values many rows hold (codes, topics, brands, positions), made once from their cache text and kept
    once: ``shared(text)``. Bounded, so that a folder of all-different values costs no more than without it."""

    LIMIT = 20_000

    def __init__(self, make: Callable[[str], Any]):
        super().__init__()
        self._make = make

    def __call__(self, text: str):
        value = self.get(text)
        if value is None:
            value = self._make(text)
            if len(self) < self.LIMIT:
                self[text] = value
        return value


def _split_codes(text: str) -> tuple[str, ...]:
    return tuple(sys.intern(code) for code in text.split()) if text else ()


def _split_categories(text: str) -> tuple[str, ...]:
    # A folder's topics are few, their combinations many: each topic is one string, however many tuples hold it.
    return tuple(map(_TOPICS, text.split(SEPARATOR))) if text else ()


def _pair(text: str) -> tuple[int, int]:
    line, _, column = text.partition(",")
    return int(line), int(column)


_TOPICS = _Shared(str)
_TUPLES = _Shared(tuple)  # equal tuples of a row read afresh (topics, codes, positions), keyed by themselves
_CODES, _CATEGORIES, _POSITIONS, _NAMES = _Shared(_split_codes), _Shared(_split_categories), _Shared(_pair), \
    _Shared(sys.intern)


_TEXT, _NUMBER = {str}, {int}


def with_shared_values(row: IndexRow) -> IndexRow:
    """``row`` (just read from its file) holding the shared copies of the values many rows hold, as a row served
    from the cache does: 100,000 rows read afresh held 58 MB more without them (a tuple of topics, codes and
    positions, a date and a brand string each)."""
    row.date, row.brand, row.topic_shape = _NAMES(row.date), _NAMES(row.brand), _NAMES(row.topic_shape)
    row.categories = _TUPLES(tuple(map(_TOPICS, row.categories)))
    row.codes, row.silenced = _TUPLES(tuple(map(sys.intern, row.codes))), _TUPLES(tuple(row.silenced))
    row.image_position, row.url_position = _TUPLES(tuple(row.image_position)), _TUPLES(tuple(row.url_position))
    return row


def row_from_record(record: tuple) -> IndexRow:
    """A row from a cache record (path, five key columns, then the columns; large fields left out of the query
    come as '' or, for the findings, the image facts and the offerings, None); ``ValueError`` for a record this
    version did not write (wrong types, findings present for a row without codes or missing for one with codes).
    The findings themselves are only decoded when asked for: a row whose findings turn out damaged then reads its
    file again."""
    (path, _s, _m, _c, _i, _o, title, description, date, brand, href, clean, categories, shape, size, mtime_ns,
     codes, silenced, packed, image_href, image_position, url_position, has_image, search, mask, media, state,
     offerings) = record
    texts = (title, description, date, brand, href, clean, categories, shape, codes, silenced, image_href,
             image_position, url_position, search, state)
    # The types of every column at once, in C (a folder of 100,000 rows is checked as it is served).
    if ({*map(type, texts)} != _TEXT or {type(size), type(mtime_ns), type(has_image)} != _NUMBER
            or type(path) is not bytes or type(mask) is not bytes or not (packed is None or type(packed) is bytes)
            or not (media is None or type(media) is str) or not (offerings is None or type(offerings) is str)):
        raise ValueError("a cached row of the wrong shape")
    if len(mask) != MASK_BYTES:
        if mask:
            raise ValueError("a cached word mask of the wrong length")
        mask = NO_MASK  # left out of the query (with the text)
    if packed is None:
        packed = None if codes else b""  # left out of the query: a row without findings still has none
    elif (not packed) != (not codes):
        raise ValueError("cached problems that do not match the row")
    if media is None:
        media = None if state else ""  # left out of the query: a row without images still has none
    if (media is not None and bool(media) != bool(state)) or not sound_state(state):
        raise ValueError("cached image facts of the wrong shape")
    return IndexRow(os.fsdecode(path), title, description, _NAMES(date), _NAMES(brand), href,
                    clean, _CATEGORIES(categories), _NAMES(shape), size, mtime_ns, _CODES(codes), _CODES(silenced),
                    packed, image_href, _POSITIONS(image_position), _POSITIONS(url_position), bool(has_image), search,
                    mask, media, state, offerings)
