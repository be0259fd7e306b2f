"""``curator-gui set FILE KEY VALUE``: change one field, follow its derived fields, save losslessly.

VALUE is read as YAML (``'[a, b]'`` is a list) and then fitted to the field's type where the schema knows
it (``set FILE title 2024`` stores the text '2024'). The key ``topics`` sets the record's topics in the file's
own shape (``categories``, or ``communityTopics`` in legacy files; see :mod:`curator_gui.core.topics`).
"""
from __future__ import annotations

import os

#: The key that names the record's topics whichever field holds them.
TOPICS_KEY = "topics"
_TOPIC_FIELDS = (("categories",), ("communityTopics",), ("categorySlug",), ("categoryUrl",), ("categoryLabel",),
                 ("openProjectCustomFields", "medigyTopics"))


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE", help="the curation to change")
    parser.add_argument("key", metavar="KEY", help="dotted field name, list items by number "
                                                   "(e.g. title, link.original, relatedOfferings.0.offeringId); "
                                                   "'topics' sets the topics in the file's own shape")
    parser.add_argument("value", metavar="VALUE", help="new value, read as YAML ('[a, b]' is a list)")
    parser.add_argument("--force", action="store_true", help="save even if the file changed on disk meanwhile")


def run(args) -> int:
    from curator_gui.core.commands.common import fail
    from curator_gui.core.derive import edit_with_derivations
    from curator_gui.core.document import Document
    from curator_gui.core.errors import CuratorError, DocumentError
    from curator_gui.core.fieldpath import get_in, join_path
    from curator_gui.core.saving import save_document
    from curator_gui.core.schema import CoercionError, coerce
    from curator_gui.core.topic_edits import set_topics
    from curator_gui.core.topics import topics_field
    from curator_gui.core.values import same_value
    from curator_gui.core.yamlload import load_yaml

    if not os.path.isfile(args.file):
        return fail(f"{args.file}: no such file", 2)
    try:
        value = load_yaml(args.value, "VALUE").data
    except DocumentError as exc:
        return fail(f"VALUE is not valid YAML: {exc.message}", 2)
    try:
        doc = Document.load(args.file)
    except OSError as exc:
        return fail(f"{args.file}: cannot read: {exc.strerror or exc}", 2)
    if doc.read_only:
        return fail(f"{doc.error} (the file is not changed)")
    if args.key == TOPICS_KEY and TOPICS_KEY not in doc.data:
        try:
            topics = coerce("categories", value)
        except CoercionError:
            return fail(f"{args.file}: topics expects a list of 'Taxonomy: Term' texts, e.g. "
                        "'[\"Symplur: #digitalhealth\"]'")
        before, home = doc.data, topics_field(doc.data)
        dotted = join_path(home)
        doc.data = set_topics(before, topics or [])
        derived = [p for p in _TOPIC_FIELDS if p != home and not same_value(get_in(before, p), get_in(doc.data, p))]
    else:
        path = doc.path_of(args.key)
        dotted = join_path(path)
        scalar_text = args.value if not isinstance(value, (dict, list)) and value is not None else None
        try:
            value = coerce(dotted, value, scalar_text, doc.get(path))
            doc.data, derived = edit_with_derivations(doc.data, path, value)
        except (CoercionError, IndexError, TypeError) as exc:
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
