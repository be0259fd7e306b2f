"""Giving memory back to the system after a large read: the one place that speaks to the C library about it.

Reading 100,000 rows leaves many megabytes of freed, scattered blocks in the C allocator's heaps (query results,
decoded summaries, the listing), which it keeps for later unless asked to return them. On glibc,
``malloc_trim(0)`` returns what is free at the ends and in the middle of its heaps; elsewhere this does nothing.
"""
from __future__ import annotations

import ctypes
import sys
from functools import lru_cache


@lru_cache(maxsize=1)
def _trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        # By its soname: ctypes.util.find_library would run ldconfig in a subprocess (a tenth of a second).
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_free_memory() -> None:
    """Ask the C allocator to return its free memory to the system (a few milliseconds; nothing is lost)."""
    trim = _trim()
    if trim is not None:
        trim(0)
