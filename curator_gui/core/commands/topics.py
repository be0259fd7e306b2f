"""``curator-gui topics DIR``: the folder's topics with their file counts, grouped by taxonomy, with
near-duplicates and topics outside the vocabulary marked; ``--rename OLD NEW`` and ``--remove TOPIC`` change
them in every file that has them (``--dry-run`` prints the diffs instead)."""
from __future__ import annotations

import sys


def add_arguments(parser) -> None:
    from curator_gui.core.commands.common import add_config_arguments

    parser.add_argument("folder", metavar="DIR", help="folder of curations (searched recursively)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format of the report (default: text)")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"),
                        help="rename topic OLD to NEW in every file that has it (NEW already there: the two merge)")
    action.add_argument("--remove", metavar="TOPIC", help="remove TOPIC from every file that has it")
    parser.add_argument("--dry-run", action="store_true",
                        help="with --rename or --remove: print the changes as unified diffs, write nothing")
    add_config_arguments(parser, rule_options=False)


def run(args) -> int:
    from curator_gui.core.commands.batch_cli import check_topic, scan_folder
    from curator_gui.core.commands.common import fail

    changing = args.rename is not None or args.remove is not None
    if args.dry_run and not changing:
        return fail("--dry-run goes with --rename or --remove", 2)
    if changing and args.format != "text":
        return fail("--format applies to the report, not to --rename or --remove", 2)
    topics = [("--rename OLD", args.rename[0]), ("--rename NEW", args.rename[1])] if args.rename else (
        [("--remove", args.remove)] if args.remove is not None else [])
    for option, topic in topics:
        problem = check_topic(option, topic)
        if problem:
            return fail(problem, 2)
    if args.rename and args.rename[0] == args.rename[1]:
        return fail("--rename: OLD and NEW are the same topic", 2)
    if changing:
        return _change(args)
    scanned = scan_folder(args)
    if isinstance(scanned, int):
        return scanned
    index, rows = scanned
    return _report(rows, index.config, args.format)


def _change(args) -> int:
    """Rename or remove a topic in every file of the folder that has it.

    The folder is listed, not indexed: each file's bytes are looked at (a file in which some word of the topic
    never occurs cannot have it, and is not even parsed), so the result never depends on a cache. A listed
    entry that cannot be read at all is named as skipped."""
    import os

    from curator_gui.core.batch import Skipped
    from curator_gui.core.batch_ops import RemoveTopic, RenameTopic
    from curator_gui.core.commands.batch_cli import run_batch, shown
    from curator_gui.core.commands.common import fail
    from curator_gui.core.folderlist import list_markdown

    if not os.path.isdir(args.folder):
        return fail(f"{args.folder}: not a folder", 2)
    root = os.path.abspath(args.folder)
    entries, _names = list_markdown(root)
    old = args.rename[0] if args.rename else args.remove
    operation = RenameTopic(*args.rename) if args.rename else RemoveTopic(args.remove)
    faults = [Skipped(entry.path, entry.fault.removeprefix("cannot read file: ")) for entry in entries if entry.fault]
    code, changed = run_batch([entry.path for entry in entries if not entry.fault], operation, root=root,
                              shown_root=args.folder, dry_run=args.dry_run, considered=len(entries),
                              skipped=faults)
    if not changed:
        print(f"curator-gui: no file has the topic {shown(old)!r}{_did_you_mean(old, args)}", file=sys.stderr)
    return code


def _did_you_mean(topic: str, args) -> str:
    """`` (did you mean 'X'?)`` naming the folder's topics that differ from ``topic`` only in spelling."""
    from curator_gui.core.commands.batch_cli import scan_folder, shown
    from curator_gui.core.taxonomy import normalised
    from curator_gui.core.topics import decode_community_topic

    scanned = scan_folder(args)
    if isinstance(scanned, int):
        return ""
    _index, rows = scanned
    key = normalised(decode_community_topic(topic))
    near = sorted({t for row in rows for t in row.categories if normalised(t) == key and t != topic})
    return f" (did you mean {', '.join(repr(shown(t)) for t in near[:3])}?)" if near else ""


def _report(rows, config, fmt: str) -> int:
    from curator_gui.core.taxonomy import topic_report

    vocabulary = config.options.vocabulary
    report = topic_report((row.categories for row in rows), vocabulary)
    if fmt == "json":
        import json

        sys.stdout.write(json.dumps(_as_json(report), ensure_ascii=False, indent=1) + "\n")
        return 0
    sys.stdout.write(_as_text(report))
    return 0


def _as_json(report) -> dict:
    groups = report.duplicate_groups
    return {
        "files": report.files,
        "files_with_topics": report.files_with_topics,
        "vocabulary_size": report.vocabulary_size,
        "topics": [{"topic": e.topic, "count": e.count, "taxonomy": e.taxonomy, "term": e.term,
                    "in_vocabulary": e.in_vocabulary,
                    "near_duplicates": [t for t in groups[e.duplicate_group].topics if t != e.topic]
                    if e.duplicate_group is not None else []}
                   for e in report.entries],
        "taxonomies": [{"name": g.name, "topics": len(g.topics), "files": g.files} for g in report.taxonomies],
        "near_duplicates": [{"topics": list(g.topics), "kind": g.kind} for g in groups],
    }


def _as_text(report) -> str:
    from curator_gui.core.commands.batch_cli import shown

    lines: list[str] = []
    groups = report.duplicate_groups
    width = max((len(str(e.count)) for e in report.entries), default=1)
    for taxonomy in report.taxonomies:
        name = shown(taxonomy.name) if taxonomy.name else "(no taxonomy)"
        lines.append(f"{name}: {_count(len(taxonomy.topics), 'topic')} in {_count(taxonomy.files, 'file')}")
        for entry in taxonomy.topics:
            marks = []
            if entry.in_vocabulary is False:
                marks.append("not in the vocabulary")
            if entry.duplicate_group is not None:
                others = [t for t in groups[entry.duplicate_group].topics if t != entry.topic]
                marks.append("near-duplicate of " + ", ".join(repr(shown(t)) for t in others[:3])
                             + (f" and {len(others) - 3} more" if len(others) > 3 else ""))
            mark = f"   [{'; '.join(marks)}]" if marks else ""
            lines.append(f"  {entry.count:>{width}}  {shown(entry.topic)}{mark}")
    if groups:
        lines.append("")
        lines.append(f"Near-duplicates ({_count(len(groups), 'group')}; the first of each is the most used):")
        counts = {e.topic: e.count for e in report.entries}
        for group in groups:
            lines.append(f"  {group.kind + ':':<9} " + ", ".join(f"{shown(t)!r} ({counts[t]})" for t in group.topics))
    lines.append("")
    summary = (f"{_count(len(report.entries), 'topic')} in {report.files_with_topics} of "
               f"{_count(report.files, 'file')}")
    if report.vocabulary_size is not None:
        outside = sum(1 for e in report.entries if e.in_vocabulary is False)
        summary += f"; {outside} not in the vocabulary ({_count(report.vocabulary_size, 'topic')})"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")
