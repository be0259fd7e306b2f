"""What the folder-wide subcommands (``topics --rename/--remove``, ``edit``) share: reading the folder through
the index, planning and writing a batch, and reporting it (changed files, diffs, skipped files, the summary)."""
from __future__ import annotations

import os
import sys


#: Terminal controls escaped in printed file text (line feeds and tabs are text there).
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"


def shown(text: str) -> str:
    """One line for the terminal: every control character escaped (a file name or topic may hold an ESC or a
    line break)."""
    from curator_gui.core.fetch.netmessages import printable

    return printable(text)


def shown_text(text: str) -> str:
    """Lines of file text (a diff) for the terminal: controls escaped, line feeds and tabs kept."""
    import re

    return re.sub(f"[{_CONTROLS}]", lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}",
                  text)


def scan_folder(args):
    """(index, rows) of the folder ``args.folder`` under its configuration, or an exit code for a bad folder or
    configuration (the message already printed)."""
    from curator_gui.core.commands.common import ConfigLookup, config_failure, fail
    from curator_gui.core.config import ConfigError
    from curator_gui.core.index import FolderIndex

    if not os.path.isdir(args.folder):
        return fail(f"{args.folder}: not a folder", 2)
    try:
        config = ConfigLookup(args).for_path(args.folder)
    except ConfigError as error:
        return config_failure(error)
    index = FolderIndex(args.folder, start_method=start_method(), config=config)
    try:
        rows = index.scan().rows
    finally:
        index.close()
    return index, rows


def start_method() -> str | None:
    """Worker processes of a command are forked where that exists (a command has no threads to fear)."""
    return "fork" if hasattr(os, "fork") else None


def run_batch(paths: list[str], operation, *, root: str, shown_root: str, dry_run: bool, considered: int,
              skipped: list | None = None) -> tuple[int, list[str]]:
    """Plan ``operation`` over ``paths`` and write it (or, with ``dry_run``, print the diffs and write nothing).

    Prints each changed file (or its diff), skipped files on stderr as ``path:line:col: error: not changed:
    why``, and a summary counting changed, unchanged and skipped files out of ``considered`` (``skipped``: files
    already known not to be readable). Returns the exit code (0 when nothing was skipped, else 1) and the files
    changed (or that would change).
    """
    from curator_gui.core.batch import plan_batch
    from curator_gui.core.batch_apply import plan_and_apply
    from curator_gui.core.commands.common import display_path

    def display(path: str) -> str:
        return shown(display_path(path, root, shown_root))

    out = sys.stdout
    if dry_run:
        plan = plan_batch(paths, operation, start_method=start_method())
        for change in sorted(plan.changes, key=lambda c: c.path):
            out.write(shown_text(change.diff(display_path(change.path, root, shown_root))))
        changed, found = [c.path for c in plan.changes], plan.skipped
    else:
        _plan, result = plan_and_apply(paths, operation, start_method=start_method())
        changed, found = result.written, result.skipped
    skipped = list(skipped or []) + list(found)
    if not dry_run:
        for path in sorted(changed):
            out.write(display(path) + "\n")
    for item in sorted(skipped, key=lambda s: s.path):
        print(shown(item.format(display_path(item.path, root, shown_root))), file=sys.stderr)
    unchanged = max(0, considered - len(changed) - len(skipped))
    verb = "would change" if dry_run else "changed"
    out.write(f"{_files(len(changed))} {verb}, {unchanged} unchanged, {len(skipped)} skipped"
              f"{' (dry run: nothing written)' if dry_run else ''}\n")
    return (1 if skipped else 0), changed


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def check_topic(option: str, topic: str) -> str:
    """Why ``topic`` cannot be a topic ('' when it can): empty, or holding a line break or control character."""
    if not topic.strip():
        return f"{option}: the topic is empty"
    if any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in topic):
        return f"{option}: the topic '{shown(topic)}' holds a line break or a control character"
    try:
        topic.encode("utf-8")
    except UnicodeEncodeError:
        return f"{option}: the topic is not valid UTF-8 text"
    return ""
