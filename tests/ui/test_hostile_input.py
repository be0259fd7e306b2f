"""Hostile input reaching the window: YAML typed into an unknown key's editor, a pipe swapped in for a record's
file, a field whose parent holds a text."""
from __future__ import annotations

import os
import threading

from ui_support import WAIT, curation_text, editor, select


def test_yaml_typed_into_an_unknown_key_is_read_as_files_are(qtbot, window):
    session = select(qtbot, window, "gamma.md")
    raw = editor(window, "owlType")
    for text, said in (("!!python/object/apply:os.system [ls]", "refused"),
                       ("[" * 150 + "]" * 150, "nests deeper than"),
                       ("a: [1, 2", "line 2, column 1"),
                       ("x: !custom 3", "unsupported YAML tag")):
        raw.setPlainText(text)
        assert session.doc.data["owlType"] == "news-item", text  # nothing of it reaches the record
        assert said in raw.toolTip() and "not valid YAML" in raw.toolTip(), text
    raw.setPlainText("[feature, news]")
    assert session.doc.data["owlType"] == ["feature", "news"] and "not valid YAML" not in raw.toolTip()


def test_a_pipe_swapped_in_for_a_record_s_file_never_hangs_the_window(qtbot, window, folder):
    session = select(qtbot, window, "beta.md")
    path = folder / "beta.md"
    path.unlink()
    os.mkfifo(path)
    found: list = []
    reader = threading.Thread(target=lambda: found.append(session.disk_digest()), daemon=True)
    reader.start()
    reader.join(3)
    assert not reader.is_alive() and found == [None]


def test_a_field_under_a_key_that_holds_a_text_says_so_at_the_field(qtbot, window, folder):
    text = curation_text("Image As Text", "https://img.example.org/a").replace(
        "featuredImage:\n  alt: Image As Text\n  href: null\n", "featuredImage: lead.png\n")
    (folder / "imagetext.md").write_text(text, encoding="utf-8")
    window.folder.refresh()
    qtbot.waitUntil(lambda: window.model.row_of(str(folder / "imagetext.md")) >= 0, timeout=WAIT)
    session = select(qtbot, window, "imagetext.md")
    box = editor(window, "featuredImage.format")
    box.setFocus()
    qtbot.keyClicks(box, "PNG")  # would have to turn the text into a map: refused, said at the field
    assert session.doc.data["featuredImage"] == "lead.png" and not session.is_modified
    assert "holds a text" in box.toolTip()
