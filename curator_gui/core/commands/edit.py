"""``curator-gui edit DIR``: one change to every file the filter selects (topics added or removed, fields
set, items added to or removed from list fields, text replaced), written losslessly and atomically, or
printed as unified diffs with ``--dry-run``.

In each file the options apply in this order: ``--set``, ``--add-item``, ``--remove-item``,
``--remove-topic``, ``--add-topic``, ``--replace``; each file is written once.
"""
from __future__ import annotations


def add_arguments(parser) -> None:
    from curator_gui.core.commands.common import add_config_arguments
    from curator_gui.core.query import SYNTAX_HELP

    parser.add_argument("folder", metavar="DIR", help="folder of curations (searched recursively)")
    parser.add_argument("--filter", metavar="QUERY", default="",
                        help=f"only the files that match QUERY (default: every file): {SYNTAX_HELP}")
    parser.add_argument("--add-topic", action="append", default=[], metavar="TOPIC",
                        help="add TOPIC where missing, in each file's own topic shape (repeatable)")
    parser.add_argument("--remove-topic", action="append", default=[], metavar="TOPIC",
                        help="remove TOPIC (repeatable)")
    parser.add_argument("--set", action="append", default=[], nargs=2, metavar=("KEY", "VALUE"),
                        help="set a field as 'curator-gui set' does: text as typed for a text field, YAML for "
                             "others; 'topics' sets the topics (repeatable)")
    parser.add_argument("--add-item", action="append", default=[], nargs=2, metavar=("KEY", "ITEM"),
                        help="add ITEM to the list field KEY where missing, e.g. author or tags (repeatable)")
    parser.add_argument("--remove-item", action="append", default=[], nargs=2, metavar=("KEY", "ITEM"),
                        help="remove ITEM from the list field KEY (repeatable)")
    parser.add_argument("--replace", action="append", default=[], nargs=3,
                        metavar=("KEYS", "PATTERN", "REPLACEMENT"),
                        help="replace PATTERN in the fields KEYS (comma-separated dotted keys, 'body', or 'all' "
                             "for every text and the body); literal text unless --regex (repeatable)")
    parser.add_argument("--regex", action="store_true",
                        help="--replace patterns are regular expressions (replacements may use \\1, \\g<name>)")
    parser.add_argument("--ignore-case", action="store_true", help="--replace ignores case")
    parser.add_argument("--word", action="store_true", help="--replace matches whole words only")
    parser.add_argument("--dry-run", action="store_true", help="print the changes as unified diffs, write nothing")
    add_config_arguments(parser, rule_options=False)


def run(args) -> int:
    from curator_gui.core.batch_ops import Steps
    from curator_gui.core.commands.batch_cli import run_batch, scan_folder
    from curator_gui.core.commands.common import fail
    from curator_gui.core.commands.listing import SYNTAX_HELP_SHORT
    from curator_gui.core.query import parse_query
    from curator_gui.core.row_filter import RowFilter

    steps = _operations(args)
    if isinstance(steps, str):
        return fail(steps, 2)
    if not steps:
        return fail("nothing to do: give --add-topic, --remove-topic, --set, --add-item, --remove-item or "
                    "--replace", 2)
    query = parse_query(args.filter)
    if query.problems:
        return fail(f"--filter: not understood: {', '.join(query.problems)} (terms are: {SYNTAX_HELP_SHORT})", 2)
    scanned = scan_folder(args)
    if isinstance(scanned, int):
        return scanned
    index, rows = scanned
    selected = [rows[n] for n in RowFilter().apply(query, rows)]
    operation = steps[0] if len(steps) == 1 else Steps(tuple(steps))
    code, _changed = run_batch([row.path for row in selected], operation, root=index.root, shown_root=args.folder,
                               dry_run=args.dry_run, considered=len(selected))
    return code


def _operations(args) -> list | str:
    """The operations the options ask for, in their fixed order, or a sentence saying what is wrong."""
    from curator_gui.core.batch_ops import AddItems, AddTopic, RemoveItems, RemoveTopic, SetFieldText
    from curator_gui.core.commands.batch_cli import check_topic

    steps: list = []
    for key, value in args.set:
        problem = _check_key("--set", key) or _check_value(key, value)
        if problem:
            return problem
        steps.append(SetFieldText(key, value))
    for option, pairs, kind in (("--add-item", args.add_item, AddItems), ("--remove-item", args.remove_item,
                                                                          RemoveItems)):
        for key, item in pairs:
            problem = _check_key(option, key) or _check_text(option, item)
            if problem:
                return problem
            steps.append(kind(key, (item,)))
    for option, topics, kind in (("--remove-topic", args.remove_topic, RemoveTopic),
                                 ("--add-topic", args.add_topic, AddTopic)):
        for topic in topics:
            problem = check_topic(option, topic)
            if problem:
                return problem
            steps.append(kind(topic))
    for keys, pattern, replacement in args.replace:
        step = _replace_step(keys, pattern, replacement, args)
        if isinstance(step, str):
            return step
        steps.append(step)
    return steps


def _check_key(option: str, key: str) -> str:
    from curator_gui.core.fieldpath import FieldPathError, check_dotted

    try:
        check_dotted(key)
    except FieldPathError as exc:
        return f"{option} KEY: {exc}"
    return ""


def _check_text(option: str, text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return f"{option}: the value is not valid UTF-8 text"
    return ""


def _check_value(key: str, value: str) -> str:
    """A VALUE no file could take (not YAML where YAML is read, an empty required field) is bad usage."""
    from curator_gui.core.errors import DocumentError
    from curator_gui.core.fieldpath import split_path
    from curator_gui.core.schema import CoercionError, value_from_text

    problem = _check_text("--set", value)
    if problem:
        return problem
    path = ("categories",) if key == "topics" else split_path(key, {})
    try:
        value_from_text(path, value, None)
    except DocumentError as exc:
        return f"--set {key}: VALUE is not valid YAML: {exc.message.removeprefix('invalid YAML: ')}"
    except CoercionError as exc:
        if key == "topics":
            return "--set topics: expects a list of 'Taxonomy: Term' texts, e.g. '[\"Symplur: #digitalhealth\"]'"
        return f"--set {key}: {exc}"
    return ""


def _replace_step(keys: str, pattern: str, replacement: str, args):
    from curator_gui.core.find_replace import ALL_FIELDS, FindError, FindSpec, ReplaceText

    for text in (keys, pattern, replacement):
        problem = _check_text("--replace", text)
        if problem:
            return problem
    if keys.strip() in ("all", "*"):
        fields = ALL_FIELDS
    else:
        fields = tuple(key.strip() for key in keys.split(","))
        for key in fields:
            problem = _check_key("--replace KEYS", key)
            if problem:
                return problem
    spec = FindSpec(pattern, regex=args.regex, case_sensitive=not args.ignore_case, whole_word=args.word,
                    fields=fields)
    try:
        spec.compiled()
        spec.check_replacement(replacement)
    except FindError as exc:
        return f"--replace: {exc}"
    return ReplaceText(spec, replacement)
