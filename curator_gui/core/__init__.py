"""The Qt-free core: documents, lossless round trip, schema, validation, index, fetcher and command line.

Nothing under ``curator_gui.core`` imports Qt (a test enforces it). The public functions below are loaded on
first use so that ``import curator_gui.core`` stays cheap for the command line.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "extract_metadata": "curator_gui.core.fetch.extract",
    "fetch_metadata": "curator_gui.core.fetch.http",
    "fetch_result": "curator_gui.core.fetch.http",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'curator_gui.core' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
