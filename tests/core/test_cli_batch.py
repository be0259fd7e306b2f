"""``curator-gui topics`` and ``curator-gui edit`` on real folders: the report, renames and removals, edits on
the files a filter selects, dry runs, exit codes and one-line messages."""
from __future__ import annotations

import json
import os

import pytest

from batch_support import FILES, TELEHEALTH, changed_entries, make_folder, snapshot
from curator_gui.core.document import Document
from curator_gui.core.topics import record_topics


@pytest.fixture
def folder(tmp_path):
    return make_folder(tmp_path / "curations")


def topics_of(path):
    return record_topics(Document.load(path).data)


def test_topics_report_counts_both_shapes_groups_prefixes_and_marks(run, folder):
    (folder / "curator.toml").write_text('vocabulary = "topics.txt"\n')
    (folder / "topics.txt").write_text("Symplur: #telehealth\nSymplur: #nursing\n")
    (folder / "extra.md").write_text("---\ntitle: Extra\ncategories:\n- 'Symplur: Telehealth'\n---\n")
    code, out, err = run("topics", folder)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert "Symplur: 3 topics in 8 files" in lines
    assert any(line.split()[:3] == ["6", "Symplur:", "#telehealth"] for line in lines)
    assert any("Symplur: Telehealth" in line and "not in the vocabulary" in line and "near-duplicate of "
               "'Symplur: #telehealth'" in line for line in lines)
    assert "  spelling: 'Symplur: #telehealth' (6), 'Symplur: Telehealth' (1)" in lines
    assert lines[-1] == "7 topics in 8 of 9 files; 5 not in the vocabulary (2 topics)"
    code, out, _ = run("topics", folder, "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["files"] == 9 and report["vocabulary_size"] == 2
    first = report["topics"][0]
    assert first == {"topic": "Symplur: #telehealth", "count": 6, "taxonomy": "Symplur", "term": "#telehealth",
                     "in_vocabulary": True, "near_duplicates": ["Symplur: Telehealth"]}
    assert report["near_duplicates"] == [{"topics": ["Symplur: #telehealth", "Symplur: Telehealth"],
                                          "kind": "spelling"}]


def test_rename_lists_changed_files_and_counts(run, folder):
    before = snapshot(folder)
    code, out, err = run("topics", ".", "--rename", "Symplur: #telehealth", "Symplur: #virtualcare", cwd=folder)
    assert (code, err) == (0, "")
    assert out.splitlines() == sorted(TELEHEALTH) + ["6 files changed, 2 unchanged, 0 skipped"]
    after = snapshot(folder)
    for name in FILES:
        assert (after[name] == before[name]) == (name not in TELEHEALTH)
    assert "Symplur: #virtualcare" in topics_of(folder / "legacy-tele-crlf.md")
    assert changed_entries(before["current-old-crlf-bom.md"][0], after["current-old-crlf-bom.md"][0]) <= {
        "categories", "openProjectCustomFields.medigyTopics", "lastMod"}


def test_dry_run_prints_unified_diffs_and_writes_nothing(run, folder):
    before = snapshot(folder)
    code, out, _ = run("topics", ".", "--remove", "Symplur: #telehealth", "--dry-run", cwd=folder)
    assert code == 0 and snapshot(folder) == before
    assert "--- a/legacy-tele.md\n+++ b/legacy-tele.md\n" in out and "-- 'Symplur: -hash-telehealth'\n" in out
    assert out.endswith("6 files would change, 2 unchanged, 0 skipped (dry run: nothing written)\n")


def test_skipped_files_are_named_on_stderr_with_exit_code_1(run, folder):
    os.chmod(folder / "current-new.md", 0o444)
    (folder / "broken.md").write_text("---\ntitle: [unclosed\ncategories: ['Symplur: #telehealth']\n---\n")
    (folder / "unrelated-broken.md").write_text("---\ntitle: [unclosed\n---\n")
    os.mkfifo(folder / "pipe.md")
    code, out, err = run("topics", ".", "--remove", "Symplur: #telehealth", cwd=folder)
    assert code == 1 and out.splitlines()[-1] == "5 files changed, 3 unchanged, 3 skipped"
    assert err.splitlines() == [
        "broken.md:3:11: error: not changed: could not be read: invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence)",
        "current-new.md:1:1: error: not changed: the file is read-only (mode 0444)",
        "pipe.md:1:1: error: not changed: not a regular file (a named pipe)"]


def test_a_topic_no_file_has_is_said_with_a_suggestion(run, folder):
    code, out, err = run("topics", folder, "--rename", "Symplur: -hash-telehealth", "X: y")
    assert code == 0 and out.endswith("0 files changed, 8 unchanged, 0 skipped\n")
    assert err == "curator-gui: no file has the topic 'Symplur: -hash-telehealth' (did you mean " \
                  "'Symplur: #telehealth'?)\n"


@pytest.mark.parametrize("args, message", [
    (["--rename", "A: b", "A: b"], "--rename: OLD and NEW are the same topic"),
    (["--remove", " "], "--remove: the topic is empty"),
    (["--remove", "A: b\nc"], "--remove: the topic 'A: b\\x0ac' holds a line break or a control character"),
    (["--dry-run"], "--dry-run goes with --rename or --remove"),
    (["--remove", "A: b", "--format", "json"], "--format applies to the report, not to --rename or --remove"),
])
def test_topics_bad_usage_is_one_line_and_exit_code_2(run, folder, args, message):
    code, out, err = run("topics", folder, *args)
    assert (code, out, err) == (2, "", f"curator-gui: error: {message}\n")


def test_topics_rename_and_remove_together_is_refused(run, folder):
    code, _, err = run("topics", folder, "--rename", "A: b", "C: d", "--remove", "E: f")
    assert code == 2 and "not allowed with argument" in err


def test_edit_adds_and_removes_topics_on_the_files_a_filter_selects(run, folder):
    before = snapshot(folder)
    code, out, err = run("edit", ".", "--filter", "brand:countyhealth.example.com", "--add-topic", "KLAS: Kiosks",
                         "--remove-topic", "Symplur: #telehealth", cwd=folder)
    assert (code, err) == (0, "")
    assert out.splitlines() == ["current-old-crlf-bom.md", "current-old.md", "2 files changed, 0 unchanged, 0 skipped"]
    assert topics_of(folder / "current-old.md") == ["Medigy: Business Survival & Continuity", "KLAS: Kiosks"]
    after = snapshot(folder)
    assert all(after[n] == before[n] for n in FILES if not n.startswith("current-old"))


def test_edit_sets_fields_and_list_items_like_set(run, folder):
    code, out, _ = run("edit", folder, "--filter=-has:topics", "--set", "id", "12", "--set", "title",
                       "Broadband: a state grant", "--add-item", "tags", "grants")
    assert code == 0 and out.splitlines()[-1] == "1 file changed, 0 unchanged, 0 skipped"
    data = Document.load(folder / "no-topics.md").data
    assert (data["id"], data["title"], data["tags"]) == (12, "Broadband: a state grant", ["grants"])


def test_edit_replaces_with_a_regular_expression(run, folder):
    code, out, _ = run("edit", folder, "--replace", "title,description", r"\bRural (\w+)", r"Remote \1", "--regex",
                       "--dry-run")
    assert code == 0 and "+title: Remote Pharmacies Add Telehealth Kiosks" in out
    assert out.endswith("2 files would change, 6 unchanged, 0 skipped (dry run: nothing written)\n")
    code, out, _ = run("edit", folder, "--replace", "all", "nurses", "staff", "--ignore-case", "--word")
    assert code == 0 and out.splitlines()[-1] == "3 files changed, 5 unchanged, 0 skipped"
    assert Document.load(folder / "legacy.md").data["title"] == "Night Shift staff Test a Quieter Alarm Routing System"


@pytest.mark.parametrize("args, message", [
    ([], "nothing to do: give --add-topic, --remove-topic, --set, --add-item, --remove-item or --replace"),
    (["--replace", "title", "(", "x", "--regex"],
     "--replace: the regular expression is not valid: missing ), unterminated subpattern at position 0"),
    (["--replace", "title", "(a)", r"\2", "--regex"], "--replace: the replacement is not valid: invalid group "
                                                      "reference 2 at position 1"),
    (["--set", "id", "[1"], "--set id: VALUE is not valid YAML: did not find expected ',' or ']' (while parsing "
                           "a flow sequence)"),
    (["--set", "title", ""], "--set title: title is required and cannot be empty"),
    (["--set", "title.", "x"], "--set KEY: the field name 'title.' has an empty part (a dot at its start or end, "
                               "or two dots in a row)"),
    (["--add-topic", "X: y", "--filter", "is:cheap"], "--filter: not understood: is:cheap (terms are: words, "
                                                       "\"phrases\", title: description: topic: brand: file:, is:, "
                                                       "has:, date:, a leading -)"),
])
def test_edit_bad_usage_is_one_line_and_exit_code_2(run, folder, args, message):
    before = snapshot(folder)
    code, out, err = run("edit", folder, *args)
    assert (code, out, err) == (2, "", f"curator-gui: error: {message}\n")
    assert snapshot(folder) == before


def test_a_folder_that_is_not_one(run, tmp_path):
    assert run("topics", tmp_path / "nope")[0] == 2
    assert run("edit", tmp_path / "nope", "--add-topic", "A: b")[2] == f"curator-gui: error: {tmp_path / 'nope'}: " \
                                                                      "not a folder\n"
