"""Suite-wide set-up: offscreen Qt, and settings and cache kept inside each test's temp dir."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROJECT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = PROJECT.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Never touch the user's real cache or settings (git's included): they live under a per-test temp dir."""
    base = tmp_path_factory.mktemp("userdirs")
    monkeypatch.setenv("CURATOR_GUI_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("CURATOR_GUI_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "xdg-cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "xdg-config"))
    # git's own settings too: a curator name must never come from the real user's ~/.gitconfig in a test.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(base / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    yield


@pytest.fixture
def corpus_dir() -> Path:
    """The 300 real curation files, when ../shared/corpus is beside the project."""
    path = SHARED_CORPUS / "curations"
    if not path.is_dir():
        pytest.skip("../shared/corpus/curations is not present")
    return path


@pytest.fixture
def run(capsys, monkeypatch):
    """The command line in this process: ``run(*args, cwd=None) -> (exit code, stdout, stderr)``."""
    from curator_gui.cli import main

    def invoke(*args, cwd=None):
        if cwd:
            monkeypatch.chdir(cwd)
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err
    return invoke
