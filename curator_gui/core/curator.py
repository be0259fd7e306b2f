"""Who is curating: the only place that decides the name written into a new curation's ``author``.

``author`` names the curators who filed an item, never the article's writer (the page's byline stays in
``htmlMetaData.author`` and in a fetch's ``byline``). The name comes from, in order: the name given for this
one file (``--author``), the folder configuration's ``curator``, the name the person set in the window's
preferences, and the ``user.name`` of the folder's git repository. With none of these it stays empty, and
validation says so (``no-curator``).
"""
from __future__ import annotations

import os
import subprocess

#: Seconds a ``git config`` lookup may take before it is given up (a hung network file system, a slow hook).
GIT_TIMEOUT = 5.0


def curator_name(folder: str | os.PathLike, explicit: str | None = None, preference: str | None = None,
                 *, config=None) -> str:
    """The curator's name for a new curation in ``folder`` ('' when nothing names one).

    ``explicit`` is a name given for this file, ``preference`` the window's stored name; ``config`` the
    folder's :class:`~curator_gui.core.config.CuratorConfig` when the caller has it (else it is looked up, and
    a configuration that cannot be read is passed over here: the commands that check files report it).
    """
    for name in (explicit, _configured_name(folder, config), preference):
        if name and name.strip():
            return " ".join(name.split())
    return git_user_name(folder) or ""


def _configured_name(folder: str | os.PathLike, config) -> str:
    if config is None:
        from curator_gui.core.config import ConfigError, config_for

        try:
            config = config_for(folder)
        except ConfigError:
            return ""
    return config.curator


def git_user_name(folder: str | os.PathLike, timeout: float = GIT_TIMEOUT) -> str | None:
    """``git config user.name`` as seen from ``folder`` (its repository's setting, else the user's); None when
    git is not installed, fails, takes too long, or has no name set."""
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    try:
        done = subprocess.run(["git", "-C", os.fspath(folder), "config", "--get", "user.name"],
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, env=env, check=False)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    if done.returncode != 0:
        return None
    name = " ".join(done.stdout.decode("utf-8", errors="replace").split())
    return name or None
