"""The core must never import Qt nor name the window: each core module is imported in a fresh interpreter and
checked, and every import statement under curator_gui/core is read."""
from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import curator_gui.core

CORE_DIR = Path(curator_gui.core.__file__).parent
#: Packages the core must never import, even lazily inside a function.
FORBIDDEN = ("PySide6", "shiboken6", "curator_gui.ui", "curator_gui.app", "curator_gui.cli")


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
        "from curator_gui.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--version'])\n"
        "print(json.dumps([m for m in sys.modules if m.startswith('PySide6')]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def _imported_names(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_core_sources_never_name_the_ui_or_qt():
    offenders = []
    for source in sorted(CORE_DIR.rglob("*.py")):
        for name in _imported_names(ast.parse(source.read_text(encoding="utf-8"))):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN):
                offenders.append(f"{source.relative_to(CORE_DIR.parent)}: {name}")
    assert offenders == []
