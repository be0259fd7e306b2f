"""The record form: editors generated from the schema, in sections as the schema groups fields.

Built once per window; switching records only updates values (inside the editors' no-echo guard), so moving
through a folder with the arrow keys stays fast. Each section shows the fields edited daily and folds the rest
away (:mod:`curator_gui.ui.editors.sections`); the page's machine-captured tags are folded entirely. Keys the
schema does not know get a raw-YAML editor each in "Other fields", rebuilt only when the set of such keys
changes. The form writes nothing itself: each edit goes to the session, whose change signal comes back here as
a refresh.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget

from curator_gui.core.fieldpath import FieldPathError, join_path
from curator_gui.core.problems import Problem
from curator_gui.core.schema import CATEGORIES, FIELDS, GROUPS, METAMAP, OFFERINGS, other_keys
from curator_gui.core.topics import LEGACY, topic_home
from curator_gui.ui.editors.base import FieldEditor
from curator_gui.ui.editors.body import BodyEditor
from curator_gui.ui.editors.flow_layout import FlowLayout
from curator_gui.ui.editors.media import ImageEditor
from curator_gui.ui.editors.metamap import MetaMapEditor
from curator_gui.ui.editors.offerings import OfferingsEditor
from curator_gui.ui.editors.sections import Section
from curator_gui.ui.editors.simple import YamlEditor, editor_class
from curator_gui.ui.editors.tags import TagEditor
from curator_gui.ui.editors.topics import TopicsEditor
from curator_gui.ui.marks import count_text, counted
from curator_gui.ui.session import Session

OTHER_GROUP = "Other fields"
BODY_GROUP = "Body"
#: Every section, in the order shown (the section shortcuts number them in this order).
SECTIONS = (*GROUPS, OTHER_GROUP, BODY_GROUP)
OTHER_HELP = "A key this editor does not know. It is kept exactly as it is; edit it as YAML."
#: short names for the section buttons
_NAV = {"Related offerings": "Offerings", "Page metadata": "Metadata", OTHER_GROUP: "Other"}
#: Maps edited as a whole by an editor of their own (the schema edits them through their sub-fields otherwise).
PANELS = {"featuredImage": ImageEditor, "favIconImage": ImageEditor}


def form_fields(group: str) -> list:
    """The fields of ``group`` the form shows, in table order: those with an editor, and the panels."""
    return [f for f in FIELDS if f.group == group and (f.form or f.key in PANELS)]


class FormView(QWidget):
    """See the module docstring. ``tabs_changed`` says the widgets Tab walks through changed (an unknown key's
    editor, a topic's chip), so that the window can put them in reading order."""

    tabs_changed = Signal()
    convert_requested = Signal()  # the curator asked to move an older record's topics to the current fields

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("form")
        self.session: Session | None = None
        self.editors: dict[str, FieldEditor] = {}
        self.sections: dict[str, Section] = {}
        self.nav_buttons: dict[str, QToolButton] = {}
        self._other_keys: list[str] = []
        self._last_chain: list[QWidget] = []

        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("formScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not to their frame
        inner = QWidget()
        self._column = QVBoxLayout(inner)
        self._column.setSpacing(8)
        for group in SECTIONS:
            section = Section(group, inner)
            self._column.addWidget(section)
            self.sections[group] = section
        for group in GROUPS:
            for field in form_fields(group):
                editor = self._make_editor(field)
                self.sections[group].add(editor, field.label, field.help, folded=not field.daily,
                                         span=field.kind == OFFERINGS)
        self.sections[OTHER_GROUP].hide()
        self.body_editor = BodyEditor(self._on_editor_edited)
        self.editors["body"] = self.body_editor
        self.sections[BODY_GROUP].add(self.body_editor, "Body", self.body_editor.help, folded=False, span=True)
        self._column.addStretch(1)
        self.scroll.setWidget(inner)
        self._align_captions()

        # the section buttons wrap onto a second line in a narrow pane rather than widening the window
        nav_bar = QWidget(self)
        nav_bar.setObjectName("sectionButtons")
        nav = FlowLayout(nav_bar, spacing=2)
        for group in SECTIONS:
            button = QToolButton(nav_bar)
            button.setObjectName(f"goTo:{group}")
            button.setText(_NAV.get(group, group))
            button.setAutoRaise(True)
            button.setToolTip(f"Go to {group}")
            button.setAccessibleName(f"Go to section {group}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the section shortcuts are the keyboard's way
            button.clicked.connect(lambda _=False, g=group: self.show_group(g))
            nav.addWidget(button)
            self.nav_buttons[group] = button
        self.nav_buttons[OTHER_GROUP].hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(nav_bar)
        layout.addWidget(self.scroll, 1)

    # --- building -----------------------------------------------------------------------------------------

    def _make_editor(self, field) -> FieldEditor:
        if field.key in PANELS:
            editor = PANELS[field.key](field.key, field.label, field.help, self._on_editor_edited, field)
            self.editors[field.key] = editor
            return editor
        if field.kind == CATEGORIES:
            editor = TopicsEditor(field.key, field.label, field.help, self._on_editor_edited, field,
                                  on_topics=self._on_topics_edited, on_convert=self.convert_requested.emit)
            self.editors[field.key] = editor
            return editor
        if field.kind == OFFERINGS:
            cls = OfferingsEditor
        elif field.kind == METAMAP:
            cls = MetaMapEditor
        else:
            cls = editor_class(field.kind)
        editor = cls(field.key, field.label, field.help, self._on_editor_edited, field)
        self.editors[field.key] = editor
        return editor

    def _align_captions(self) -> None:
        """One caption width for every section, so the fields line up down the whole form."""
        captions = self.findChildren(QLabel, "caption")
        width = max((c.sizeHint().width() for c in captions), default=0)
        for caption in captions:
            caption.setMinimumWidth(width)

    def _rebuild_other(self, keys: list[str]) -> None:
        section = self.sections[OTHER_GROUP]
        for key in self._other_keys:
            editor = self.editors.pop(key, None)
            if editor is not None:
                section.remove(editor)
        self._other_keys = keys
        for key in keys:
            editor = YamlEditor(key, key, OTHER_HELP, self._on_editor_edited)
            self.editors[key] = editor
            section.add(editor, key, OTHER_HELP, folded=False)
        self._align_captions()
        section.setVisible(bool(keys))
        self.nav_buttons[OTHER_GROUP].setVisible(bool(keys))

    # --- sections -----------------------------------------------------------------------------------------

    def show_shortcut(self, group: str, keys: str) -> None:
        """Name the keys that go to ``group`` in its button's tooltip."""
        button = self.nav_buttons.get(group)
        if button is not None:
            button.setToolTip(f"Go to {group} ({keys})")
            button.setAccessibleDescription(f"Shortcut: {keys}")

    def open_sections(self) -> list[str]:
        """The sections whose folded fields are shown."""
        return [name for name, section in self.sections.items() if section.folded_editors and section.is_open]

    def set_open_sections(self, names) -> None:
        """Show the folded fields of exactly the sections ``names``."""
        for name, section in self.sections.items():
            section.set_open(name in names)

    def show_group(self, group: str) -> bool:
        """Scroll to ``group`` and put the keyboard on its first field (opening it when all its fields are
        folded). False when the section is not there (no unknown keys in this record)."""
        section = self.sections.get(group)
        if section is None or not section.isVisible() or self.session is None:
            return False
        if not section.shown_editors:
            section.set_open(True)
        self.scroll.widget().layout().activate()
        self.scroll.verticalScrollBar().setValue(section.y())
        first = next((e for e in section.editors() if not section.folds(e) or section.is_open), None)
        if first is not None:
            first.focus()
        return True

    def section_of(self, editor: FieldEditor) -> Section | None:
        """The section holding ``editor``."""
        return next((s for s in self.sections.values() if editor in s.editors()), None)

    def tab_chain(self) -> list[QWidget]:
        """The form's focusable widgets in reading order (section by section, field by field)."""
        chain: list[QWidget] = []
        for section in self.sections.values():
            chain += section.tab_chain()
        return chain

    # --- session ------------------------------------------------------------------------------------------

    def image_editors(self) -> list[ImageEditor]:
        """The editors of the record's images (the featured image, the site icon)."""
        return [editor for editor in self.editors.values() if isinstance(editor, ImageEditor)]

    def set_image_actions(self, actions) -> None:
        """What the image editors' buttons ask for: the window's media flow."""
        for editor in self.image_editors():
            editor.set_actions(actions)

    def set_session(self, session: Session | None) -> None:
        self.session = session
        for editor in self.image_editors():
            editor.bind(session)
        if session is not None:
            self.refresh()
            self.set_problems(session.problems)
            self.scroll.verticalScrollBar().setValue(0)

    def refresh(self, keys: set[str] | None = None) -> None:
        """Show the session's values (editors skip what they already show, so typing is never disturbed)."""
        session = self.session
        if session is None:
            return
        data = session.doc.data
        # keys the schema does not know, and older topics the topics editor does not show (a file with topics in
        # categories too): each edited as YAML, never hidden
        unknown = set(other_keys(data))
        others = [str(k) for k in data if k in unknown or (k == "communityTopics" and topic_home(data) != LEGACY)]
        if others != self._other_keys:
            self._rebuild_other(others)
        for key, editor in self.editors.items():
            if key == "body":
                editor.show(session.doc.body, True)
            else:
                editor.show_from(data)
        chain = self.tab_chain()
        if chain != self._last_chain:
            self._last_chain = chain
            self.tabs_changed.emit()

    def set_problems(self, problems: list[Problem]) -> None:
        """Show each problem at its field's editor, count them on the section titles and, for folded fields,
        on the section's toggle."""
        by_editor: dict[str, list[Problem]] = {key: [] for key in self.editors}
        counts: dict[str, list[Problem]] = {}
        for problem in problems:
            key = self.editor_key(problem.field)
            if key is not None:
                by_editor[key].append(problem)
                counts.setdefault(self._group_of(key), []).append(problem)
        for key, editor in self.editors.items():
            editor.set_problems(by_editor[key])
        for editor in self.image_editors():
            editor.see_problems(problems)
        for group, section in self.sections.items():
            text = count_text(*counted(counts.get(group, [])))  # info hints show at their field, uncounted
            section.setTitle(f"{group}  ({text})" if text else group)
            self.nav_buttons[group].setText(_NAV.get(group, group) + (" ⚠" if text else ""))
            section.show_hidden_problems([p for e in section.folded_editors for p in by_editor.get(e.key, [])])

    def _group_of(self, key: str) -> str:
        if key == "body":
            return BODY_GROUP
        if key in self._other_keys:
            return OTHER_GROUP
        editor = self.editors[key]
        return editor.field.group if editor.field is not None else OTHER_GROUP

    def editor_key(self, dotted: str) -> str | None:
        """The editor showing ``dotted`` (the longest editor key that is it or contains it; the topics editor
        also shows the older files' topic field)."""
        if not dotted:
            return None
        best = None
        for key, editor in self.editors.items():
            if editor.owns(dotted) and (best is None or len(key) > len(best)):
                best = key
        return best

    def focus_field(self, dotted: str) -> bool:
        """Scroll to the editor of ``dotted`` and focus it (or the part of it the key names), opening its
        section when the field is folded away."""
        key = self.editor_key(dotted)
        if key is None:
            return False
        editor = self.editors[key]
        section = self.section_of(editor)
        if section is not None and section.folds(editor):
            section.set_open(True)
            self.scroll.widget().layout().activate()
        # the part inside the field (an item number): after the key, or after the other field an editor shows
        shown = key if dotted == key or dotted.startswith(key + ".") else dotted.split(".", 1)[0]
        rest = tuple(dotted[len(shown) + 1:].split(".")) if dotted != shown else ()
        self.scroll.ensureWidgetVisible(editor.container, 40, 40)
        editor.focus(rest)
        return True

    def set_completions(self, topics: list[str]) -> None:
        """The topics offered while typing one (every topic used in the folder, in either shape)."""
        editor = self.editors.get("categories")
        if isinstance(editor, TagEditor):
            editor.set_completions(topics)

    def set_offering_choices(self, choices: list[dict]) -> None:
        """The offerings the folder uses, offered when a label is typed in the offerings table."""
        editor = self.editors.get("relatedOfferings")
        if isinstance(editor, OfferingsEditor):
            editor.set_choices(choices)

    def _on_topics_edited(self, topics: list[str], text: str | None) -> None:
        if self.session is not None:
            self.session.set_topics(topics, text or "Edit topics")

    def _on_editor_edited(self, path: tuple, value: Any, empty: bool, merge: bool = True,
                          text: str | None = None) -> None:
        session = self.session
        if session is None:
            return
        if path == ("body",):
            session.set_body(value)
            return
        try:
            session.edit(path, value, empty=empty, merge=merge, text=text)
        except FieldPathError as error:  # e.g. a sub-field of a key that holds a text in this file
            key = self.editor_key(join_path(path))
            if key is not None:
                self.editors[key].set_local_error(f"{error}; the file keeps its value")
