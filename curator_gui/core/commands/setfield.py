"""``curator-gui set FILE KEY VALUE``: change one field, follow its derived fields, save losslessly.

VALUE is fitted to the field (:func:`curator_gui.core.schema.value_from_text`): a text field takes it as typed
(``set FILE title 'Breaking: news'``), other fields read it as YAML (``'[a, b]'`` is a list). The key
``topics`` sets the record's topics in the file's own shape (``categories``, or ``communityTopics`` in legacy
files; see :mod:`curator_gui.core.topics`).
"""
from __future__ import annotations



def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE", help="the curation to change")
    parser.add_argument("key", metavar="KEY", help="dotted field name, list items by number "
                                                   "(e.g. title, link.original, relatedOfferings.0.offeringId); "
                                                   "'topics' sets the topics in the file's own shape")
    parser.add_argument("value", metavar="VALUE", help="new value: text as typed for a text field, YAML for "
                                                       "others ('[a, b]' is a list); '' or null empties it")
    parser.add_argument("--force", action="store_true",
                        help="save even if the file changed on disk meanwhile or is read-only")


def run(args) -> int:
    from curator_gui.core.batch_ops import field_path, set_value
    from curator_gui.core.commands.common import fail, unreadable_message
    from curator_gui.core.document import Document
    from curator_gui.core.errors import CuratorError, DocumentError
    from curator_gui.core.fieldpath import FieldPathError, check_dotted, join_path
    from curator_gui.core.nesting import MAX_NESTING_DEPTH
    from curator_gui.core.saving import save_document
    from curator_gui.core.schema import CoercionError, value_from_text
    from curator_gui.core.topics import topics_field
    from curator_gui.core.values import nesting_depth

    try:
        check_dotted(args.key)
    except FieldPathError as exc:
        return fail(f"KEY: {exc}", 2)
    try:
        args.value.encode("utf-8")
    except UnicodeEncodeError:
        return fail("VALUE is not valid UTF-8 text", 2)
    try:
        doc = Document.load(args.file)
    except OSError as exc:
        return fail(unreadable_message(args.file, exc), 2)
    if doc.read_only:
        return fail(f"{doc.error} (the file is not changed)")
    path, topics_key = field_path(doc.data, args.key)
    dotted = join_path(path)
    try:
        value = value_from_text(path, args.value, None if topics_key else doc.get(path))
    except DocumentError as exc:
        return fail(f"VALUE is not valid YAML: {exc.message}", 2)
    except CoercionError as exc:
        if topics_key:
            return fail(f"{args.file}: topics expects a list of 'Taxonomy: Term' texts, e.g. "
                        "'[\"Symplur: #digitalhealth\"]'")
        return fail(f"{args.file}: {exc}")
    if len(path) + nesting_depth(value) > MAX_NESTING_DEPTH:
        return fail(f"{args.file}: {dotted} would nest deeper than {MAX_NESTING_DEPTH} levels", 2)
    if topics_key:
        dotted = join_path(topics_field(doc.data))
    try:
        doc.data, derived = set_value(doc.data, path, value, topics_key)
    except FieldPathError as exc:
        return fail(f"{args.file}: {exc}")
    try:
        written = save_document(doc, force=args.force)
    except CuratorError as exc:
        return fail(str(exc))
    if derived:
        print(f"{args.file}: also updated {', '.join(join_path(p) for p in derived)}")
    if not written:
        print(f"{args.file}: {dotted} already has that value; file not changed")
    return 0
