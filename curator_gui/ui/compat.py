"""Work-arounds for known faults of the Qt bindings, applied once when the window starts.

PySide6 6.12 on CPython before 3.12 drops one reference to ``None`` each time C++ calls certain Python
overrides that return nothing or ``None`` (a model's ``data()`` for an unused role, ``QUndoCommand.redo()``,
``QRunnable.run()``, a layout's ``setGeometry()``...). A list repainting all day does that millions of times,
and the interpreter aborts with "deallocating None". CPython 3.12 made ``None``, ``True`` and ``False``
immortal, which makes the fault harmless; here the same protection is given to older interpreters by holding
a very large number of extra references to them (they are never freed in any case).
"""
from __future__ import annotations

import ctypes
import sys

#: extra references: more than a process can drop in years of repainting
_EXTRA = 1 << 40
_done = False


def bindings_drop_none_references() -> bool:
    """True where the fault can end the process: PySide6 6.12 or later on CPython before 3.12."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    import PySide6

    try:
        major, minor = (int(p) for p in PySide6.__version__.split(".")[:2])
    except ValueError:
        return True
    return (major, minor) >= (6, 12)


def protect_singletons() -> None:
    """Make ``None``, ``True`` and ``False`` effectively immortal (idempotent; a no-op where not needed)."""
    global _done
    if _done or not bindings_drop_none_references():
        return
    _done = True
    for singleton in (None, True, False):
        # ob_refcnt is the first field of an object in CPython before 3.12 (except trace-refs debug builds,
        # which the check below recognises: the field read must hold the count sys.getrefcount reports).
        field = ctypes.c_ssize_t.from_address(id(singleton))
        if abs(field.value - sys.getrefcount(singleton)) > 16:
            return
        field.value += _EXTRA
