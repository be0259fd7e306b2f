"""The folder configuration: the only place that finds, reads and checks ``curator.toml`` (or the
``[tool.curator]`` table of a ``pyproject.toml``) and turns it into rule settings.

The configuration is found by walking up from the folder being checked, as ruff finds its ``pyproject.toml``:
the nearest folder holding a ``curator.toml``, or a ``pyproject.toml`` with a ``[tool.curator]`` table, wins.
A file with no configuration anywhere above it gets :data:`DEFAULT_CONFIG` (every rule at its default).

``select``/``ignore`` name rules by code (``CG101``), prefix (``CG1``) or name (``title-too-long``); where both
match a rule, the more specific selector wins and a tie goes to ``ignore``. ``[severity]`` maps selectors to
``error``, ``warning`` or ``info`` the same way. A file that cannot be used is a :class:`ConfigError` naming
the file and, where it can be told, the line.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Iterable

from curator_gui.core.errors import CuratorError
from curator_gui.core.problems import Problem
from curator_gui.core.rules import RULES, SEVERITIES, UnknownRuleError, rules_matching, specificity
from curator_gui.core.schema import BY_KEY

CONFIG_FILE = "curator.toml"
PYPROJECT = "pyproject.toml"
#: Largest configuration or vocabulary file read.
_MAX_BYTES = 4 * 1024 * 1024
_KEYS = ("select", "ignore", "severity", "title-max-length", "description-max-length", "curator", "vocabulary")


class ConfigError(CuratorError):
    """A configuration that cannot be used: ``path:line:col: error: message`` (line 1 when unknown)."""

    def __init__(self, message: str, path: str | os.PathLike | None = None, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.path or '<config>'}:{self.line}:{self.column}: error: {self.message}"


@dataclass(frozen=True)
class RuleOptions:
    """What the per-file checks depend on besides the file itself: thresholds and the topic vocabulary."""

    title_max_length: int = BY_KEY["title"].max_length or 70
    description_max_length: int = BY_KEY["description"].max_length or 200
    vocabulary: frozenset[str] | None = None  #: known topics; None: every topic is accepted

    @cached_property
    def fingerprint(self) -> str:
        """A short digest of the options: checks made under other options are not reused (index cache)."""
        parts = [str(self.title_max_length), str(self.description_max_length)]
        parts += sorted(self.vocabulary) if self.vocabulary is not None else ["<no vocabulary>"]
        return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class CuratorConfig:
    """Rule selection, severities, thresholds, vocabulary and curator name in effect for a folder."""

    path: Path | None = None  #: the file it was read from (None: the defaults)
    select: tuple[str, ...] = ("CG",)
    ignore: tuple[str, ...] = ()
    severities: tuple[tuple[str, str], ...] = ()  #: (selector, severity), as written
    options: RuleOptions = field(default_factory=RuleOptions)
    curator: str = ""
    vocabulary_path: Path | None = None

    @cached_property
    def table(self) -> dict[str, str | None]:
        """Rule code → severity in effect (None: the rule is off)."""
        table: dict[str, str | None] = {}
        for rule in RULES:
            if rule.always:
                table[rule.code] = rule.severity
                continue
            chosen = _best(self.select, rule.code)
            dropped = _best(self.ignore, rule.code)
            if not chosen or dropped >= chosen:
                table[rule.code] = None
                continue
            severity, best = rule.severity, 0
            for selector, value in self.severities:
                rank = _rank(selector, rule.code)
                if rank and rank >= best:
                    severity, best = value, rank
            table[rule.code] = severity
        return table

    def severity_of(self, code: str, default: str | None = None) -> str | None:
        """The severity rule ``code`` reports at (None when off; ``default`` for a code no rule has)."""
        return self.table.get(code, default)

    def apply(self, problems: Iterable[Problem]) -> list[Problem]:
        """``problems`` (made at their rules' default severities) with rules that are off dropped and
        severities changed as configured."""
        table = self.table
        kept = []
        for problem in problems:
            severity = table.get(problem.code, problem.severity) if problem.code else problem.severity
            if severity is None:
                continue
            kept.append(problem if severity == problem.severity else replace(problem, severity=severity))
        return kept

    def with_overrides(self, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) \
            -> "CuratorConfig":
        """The command line's ``--select`` (replaces the configured selection) and ``--ignore`` (added to the
        configured one). Raises :class:`ConfigError` for a selector that names no rule."""
        changes = {}
        for option, given in (("--select", select), ("--ignore", ignore)):
            if given is None:
                continue
            selectors = tuple(s for item in given for s in re.split(r"[\s,]+", item) if s)
            for selector in selectors:
                try:
                    rules_matching(selector)
                except UnknownRuleError as exc:
                    raise ConfigError(f"{option}: {exc}") from None
            changes[option[2:]] = selectors if option == "--select" else self.ignore + selectors
        return replace(self, **changes) if changes else self

    @property
    def watched_paths(self) -> tuple[Path, ...]:
        """The files this configuration was read from (to notice when it must be read again)."""
        return tuple(p for p in (self.path, self.vocabulary_path) if p is not None)


DEFAULT_CONFIG = CuratorConfig()


def _rank(selector: str, code: str) -> int:
    try:
        return specificity(selector) if code in {r.code for r in rules_matching(selector)} else 0
    except UnknownRuleError:
        return 0


def _best(selectors: Iterable[str], code: str) -> int:
    return max((_rank(selector, code) for selector in selectors), default=0)


# --- finding and reading -----------------------------------------------------------------------------------

def find_config(start: str | os.PathLike) -> Path | None:
    """The configuration file that governs ``start`` (a folder, or a file's folder), or None."""
    folder = Path(os.path.abspath(start))
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        shared = candidate / PYPROJECT
        if shared.is_file() and _has_tool_table(shared):
            return shared
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = _read_text(path)
    except ConfigError:
        return False
    return re.search(r"^\s*\[\s*tool\s*\.\s*curator\s*[\].]", text, re.MULTILINE) is not None


def config_for(start: str | os.PathLike, explicit: str | os.PathLike | None = None) -> CuratorConfig:
    """The configuration for a folder or file: ``explicit`` when given, else the one found above ``start``,
    else :data:`DEFAULT_CONFIG`. Raises :class:`ConfigError` when the file cannot be used."""
    if explicit is not None:
        return load_config(explicit)
    found = find_config(start)
    return load_config(found) if found is not None else DEFAULT_CONFIG


def usable_config(start: str | os.PathLike) -> tuple[CuratorConfig, ConfigError | None]:
    """The configuration for a folder, and why it could not be used: a configuration file that cannot be used
    gives :data:`DEFAULT_CONFIG` (for programs that carry on with the defaults and show the error, such as the
    window). Never raises."""
    try:
        return config_for(start), None
    except ConfigError as error:
        return DEFAULT_CONFIG, error


def load_config(path: str | os.PathLike) -> CuratorConfig:
    """Read and check one configuration file (``curator.toml``, or any TOML file with a ``[tool.curator]``
    table such as ``pyproject.toml``)."""
    path = Path(path)
    text = _read_text(path)
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        line, column = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
        raise ConfigError(f"not valid TOML: {message[:found.start()] if found else message}", path, line,
                          column) from None
    tool = document.get("tool")
    if isinstance(tool, dict) and "curator" in tool:
        table, section = tool["curator"], "tool.curator"
    elif path.name == PYPROJECT:
        raise ConfigError("no [tool.curator] table", path)
    else:
        table, section = document, ""
    if not isinstance(table, dict):
        raise ConfigError(f"[{section}] must be a table", path, _line_of(text, "curator"))
    return _build(table, path, text, section)


def _read_text(path: Path) -> str:
    from curator_gui.core.files import read_regular_file

    try:
        raw, _ = read_regular_file(path, _MAX_BYTES)
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", path) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError("not valid UTF-8", path, line) from None


def _build(table: dict, path: Path, text: str, section: str) -> CuratorConfig:
    prefix = section + "." if section else ""

    def fail(message: str, key: str, needle: str | None = None) -> ConfigError:
        return ConfigError(f"{prefix}{key}: {message}", path, _line_of(text, key, needle, bool(section)))

    unknown = [key for key in table if key not in _KEYS]
    if unknown:
        raise fail(f"unknown setting (known: {', '.join(_KEYS)})", unknown[0])
    selections = {}
    for key in ("select", "ignore"):
        value = table.get(key, None)
        if value is None:
            continue
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise fail('must be a list of rule codes, prefixes or names, e.g. ["CG101", "CG2"]', key)
        for selector in value:
            try:
                rules_matching(selector)
            except UnknownRuleError as exc:
                raise fail(str(exc), key, selector) from None
        selections[key] = tuple(value)
    severities = table.get("severity", {})
    if not isinstance(severities, dict):
        raise fail('must be a table of rule = severity, e.g. CG101 = "warning"', "severity")
    for selector, value in severities.items():
        try:
            rules_matching(selector)
        except UnknownRuleError as exc:
            raise fail(str(exc), "severity", selector) from None
        if value not in SEVERITIES:
            raise fail(f"{selector} = {value!r}: a severity is one of {', '.join(SEVERITIES)}", "severity",
                       selector)
    lengths = {}
    for key in ("title-max-length", "description-max-length"):
        value = table.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise fail(f"must be a whole number of characters above 0, not {value!r}", key)
        lengths[key.replace("-", "_")] = value
    curator = table.get("curator", "")
    if not isinstance(curator, str):
        raise fail("must be a name in quotes", "curator")
    vocabulary = vocabulary_path = None
    if "vocabulary" in table:
        if not isinstance(table["vocabulary"], str) or not table["vocabulary"].strip():
            raise fail("must be the path of a text file with one topic per line", "vocabulary")
        vocabulary_path = (path.parent / table["vocabulary"]).resolve()
        try:
            vocabulary = read_vocabulary(vocabulary_path)
        except ConfigError as exc:
            raise fail(f"{table['vocabulary']}: {exc.message}", "vocabulary") from None
    return CuratorConfig(path=path.resolve(), severities=tuple(severities.items()),
                         options=RuleOptions(**lengths, vocabulary=vocabulary), curator=curator.strip(),
                         vocabulary_path=vocabulary_path, **selections)


def read_vocabulary(path: str | os.PathLike) -> frozenset[str]:
    """The topics of a vocabulary file: one per line, surrounding spaces ignored, blank lines and lines starting
    with ``#`` skipped."""
    text = _read_text(Path(path))
    return frozenset(line.strip() for line in text.splitlines()
                     if line.strip() and not line.lstrip().startswith("#"))


def _line_of(text: str, key: str, needle: str | None = None, in_tool_table: bool = False) -> int:
    """Best guess at the line where ``key`` (or, after it, ``needle``) is written; 1 when not found. In a
    ``pyproject.toml`` the search starts at the ``[tool.curator]`` table (other tools have their own ``select``).
    """
    lines = text.splitlines()
    first = 0
    if in_tool_table:
        header = re.compile(r"^\s*\[\s*tool\s*\.\s*curator\b")
        first = next((i for i, line in enumerate(lines) if header.match(line)), 0)
    assignment = re.compile(r'^\s*(?:\[\s*(?:tool\s*\.\s*curator\s*\.\s*)?|["\']?)' + re.escape(key) + r'\b')
    start = next((i for i in range(first, len(lines)) if assignment.match(lines[i])), None)
    if start is None:
        return first + 1
    if needle:
        for i in range(start, len(lines)):
            if needle in lines[i]:
                return i + 1
    return start + 1
