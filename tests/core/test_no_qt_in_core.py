"""The core must never import Qt: each core module is imported in a fresh interpreter and checked."""
from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import curator_gui.core


def _core_modules() -> list[str]:
    names = ["curator_gui.core"]
    for info in pkgutil.walk_packages(curator_gui.core.__path__, "curator_gui.core."):
        names.append(info.name)
    return names


def test_core_modules_do_not_load_pyside6():
    modules = _core_modules()
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
    assert len(modules) > 3


def test_cli_subcommand_help_does_not_load_pyside6():
    script = (
        "import sys, json\n"
        "from curator_gui.core.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--version'])\n"
        "print(json.dumps([m for m in sys.modules if m.startswith('PySide6')]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
