"""Folder-wide edits on real files: planning (exact new bytes, nothing written), applying (atomic, only the
intended lines, untouched files not rewritten), files changed meanwhile, cancellation, undo."""
from __future__ import annotations

import os
import threading
from datetime import datetime, timezone

import pytest

from batch_support import FILES, LEGACY_TELEHEALTH, TELEHEALTH, changed_entries, make_folder, snapshot
from curator_gui.core import atomicfile
from curator_gui.core.batch import plan_batch
from curator_gui.core.batch_apply import apply_plan, plan_and_apply, undo_batch
from curator_gui.core.batch_ops import AddTopic, RemoveTopic, RenameTopic
from curator_gui.core.document import Document
from curator_gui.core.topics import record_topics

NOW = datetime(2024, 5, 6, 7, 8, 9, 101112, tzinfo=timezone.utc)
OLD, NEW = "Symplur: #telehealth", "Symplur: #virtualcare"
TOPIC_ENTRIES = {"communityTopics", "categories", "categorySlug", "categoryUrl", "categoryLabel",
                 "openProjectCustomFields.medigyTopics", "lastMod"}


@pytest.fixture
def folder(tmp_path):
    return make_folder(tmp_path / "curations")


def paths(folder, names=None):
    return [str(folder / name) for name in sorted(names or FILES)]


def topics_of(path):
    return record_topics(Document.load(path).data)


def test_rename_reaches_both_shapes_and_changes_only_the_topic_lines(folder):
    before = snapshot(folder)
    plan = plan_batch(paths(folder), RenameTopic(OLD, NEW), now=NOW)
    assert sorted(os.path.basename(c.path) for c in plan.changes) == sorted(TELEHEALTH)
    assert snapshot(folder) == before, "planning writes nothing"
    result = apply_plan(plan)
    assert result.complete and sorted(result.written) == sorted(c.path for c in plan.changes)
    after = snapshot(folder)
    assert set(after) == set(before), "no temporary file is left"
    for name in FILES:
        if name not in TELEHEALTH:
            assert after[name] == before[name], f"{name} is not rewritten (same bytes, same mtime)"
            continue
        assert NEW in topics_of(folder / name) and OLD not in topics_of(folder / name)
        assert changed_entries(before[name][0], after[name][0]) <= TOPIC_ENTRIES
        assert after[name][1] != before[name][1]
    legacy = after["legacy-tele.md"][0].decode()
    assert "- 'Symplur: -hash-virtualcare'" in legacy and "categorySlug" not in legacy
    assert "lastMod: '2024-05-06T07:08:09.101112Z'" in legacy
    current = after["current-new.md"][0].decode()
    assert "  - 'symplur: #virtualcare'" in current and "  - topic/symplur-virtualcare" in current


def test_the_diff_of_a_legacy_file_is_its_topic_lines_and_last_mod(folder):
    plan = plan_batch(paths(folder, ["legacy-tele.md"]), RenameTopic(OLD, NEW), now=NOW)
    (change,) = plan.changes
    assert change.fields == ("communityTopics", "openProjectCustomFields.medigyTopics", "lastMod")
    lines = [line for line in change.diff("legacy-tele.md").splitlines() if line[:1] in "+-"]
    assert lines == [
        "--- a/legacy-tele.md", "+++ b/legacy-tele.md",
        "-- 'Symplur: -hash-telehealth'", "+- 'Symplur: -hash-virtualcare'",
        "-lastMod: '2021-03-05T08:09:10.111213Z'", "+lastMod: '2024-05-06T07:08:09.101112Z'",
        '-  medigyTopics: \'["Medigy: Patient Safety & Quality","Symplur: #telehealth","Healthcare',
        '+  medigyTopics: \'["Medigy: Patient Safety & Quality","Symplur: #virtualcare","Healthcare',
    ]


def test_a_rename_onto_an_existing_topic_merges_the_two(folder):
    topic = "Medigy: Patient Safety & Quality"
    plan = plan_batch(paths(folder, ["legacy-tele.md", "current-old.md"]), RenameTopic(OLD, topic), now=NOW)
    apply_plan(plan)
    assert topics_of(folder / "legacy-tele.md") == [topic, "Healthcare IT News: Clinical Communication"]
    assert topics_of(folder / "current-old.md") == [topic, "Medigy: Business Survival & Continuity"]


def test_remove_and_add_on_a_selection(folder):
    before = snapshot(folder)
    apply_plan(plan_batch(paths(folder), RemoveTopic(OLD), now=NOW))
    assert all(OLD not in topics_of(folder / name) for name in FILES)
    selection = ["legacy.md", "no-topics.md", "current-new-bom.md"]
    result = apply_plan(plan_batch(paths(folder, selection), AddTopic("HIMSS: Broadband"), now=NOW))
    assert len(result.written) == 3
    for name in FILES:
        has = "HIMSS: Broadband" in topics_of(folder / name)
        assert has == (name in selection)
    legacy = (folder / "legacy.md").read_text()
    assert "- 'HIMSS: Broadband'" in legacy and "categorySlug" not in legacy
    assert changed_entries(before["no-topics.md"][0], (folder / "no-topics.md").read_bytes()) <= TOPIC_ENTRIES


def test_a_file_changed_on_disk_after_planning_is_skipped_and_named(folder):
    plan = plan_batch(paths(folder), RenameTopic(OLD, NEW), now=NOW)
    outside = LEGACY_TELEHEALTH.replace("Night Shift", "Day Shift").encode()
    (folder / "legacy-tele.md").write_bytes(outside)
    os.unlink(folder / "current-new.md")
    result = apply_plan(plan)
    skipped = {os.path.basename(s.path): s.reason for s in result.skipped}
    assert skipped == {"legacy-tele.md": "it changed on disk since it was read",
                       "current-new.md": "it was deleted since it was read"}
    assert (folder / "legacy-tele.md").read_bytes() == outside, "never overwritten"
    assert not (folder / "current-new.md").exists(), "never re-created"
    assert len(result.written) == len(TELEHEALTH) - 2 and not result.complete


def test_a_file_changed_between_the_check_and_the_rename_is_skipped(folder, monkeypatch):
    """The last check runs under the folder's lock, after every new file was written and synced."""
    plan = plan_batch(paths(folder, ["legacy-tele.md", "current-old.md"]), RenameTopic(OLD, NEW), now=NOW)
    real_sync = atomicfile.sync_staged

    def sync_then_edit(staged):
        real_sync(staged)
        (folder / "current-old.md").write_text("---\ntitle: changed by hand\n---\n")

    monkeypatch.setattr(atomicfile, "sync_staged", sync_then_edit)
    result = apply_plan(plan)
    assert [os.path.basename(p) for p in result.written] == ["legacy-tele.md"]
    assert (folder / "current-old.md").read_text() == "---\ntitle: changed by hand\n---\n"
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


def test_cancelling_midway_leaves_each_file_untouched_or_fully_changed(folder):
    before = snapshot(folder)
    plan = plan_batch(paths(folder), RenameTopic(OLD, NEW), now=NOW)
    expected = {os.path.basename(c.path): c.after for c in plan.changes}
    asked = []

    def cancelled():
        asked.append(1)
        return len(asked) > 5  # two files staged and renamed, a third staged: then cancelled

    result = apply_plan(plan, cancelled=cancelled, chunk_files=2)
    assert result.cancelled and len(result.written) == 2 and len(result.not_reached) == len(TELEHEALTH) - 2
    after = snapshot(folder)
    assert set(after) == set(before), "staged temporary files are removed"
    for name in FILES:
        assert after[name][0] in (before[name][0], expected.get(name, before[name][0]))
        changed = after[name][0] != before[name][0]
        assert changed == (str(folder / name) in result.written)
    assert sorted(result.undo.paths) == sorted(result.written)
    undo_batch(result.undo)
    assert {name: data for name, (data, _) in snapshot(folder).items()} == {n: d for n, (d, _) in before.items()}


def test_cancelling_from_another_thread_stops_between_files(folder):
    plan = plan_batch(paths(folder), RenameTopic(OLD, NEW), now=NOW)
    stop = threading.Event()
    seen = []

    def progress(done, total):
        seen.append((done, total))
        stop.set()

    worker = threading.Thread(target=lambda: seen.append(apply_plan(plan, progress=progress,
                                                                    cancelled=stop.is_set, chunk_files=1)))
    worker.start()
    worker.join(10)
    result = seen[-1]
    assert seen[0] == (1, len(TELEHEALTH)) and result.cancelled and result.written == []
    assert all(os.path.basename(p) in TELEHEALTH for p in result.not_reached)
    assert {name for name, (raw, _) in snapshot(folder).items()} == set(FILES)


def test_undo_restores_every_file_unless_it_changed_since(folder):
    before = snapshot(folder)
    result = apply_plan(plan_batch(paths(folder), RenameTopic(OLD, NEW), now=NOW))
    (folder / "current-old.md").write_text("---\ntitle: edited after the rename\n---\n")
    undone = undo_batch(result.undo)
    assert [(os.path.basename(s.path), s.reason) for s in undone.skipped] == [
        ("current-old.md", "it changed on disk after the change that is being undone")]
    after = snapshot(folder)
    for name in FILES:
        if name != "current-old.md":
            assert after[name][0] == before[name][0]
    assert (folder / "current-old.md").read_text() == "---\ntitle: edited after the rename\n---\n"
    redone = undo_batch(undone.undo)
    assert len(redone.written) == len(TELEHEALTH) - 1 and OLD not in topics_of(folder / "legacy-tele.md")


def test_files_that_cannot_be_changed_are_skipped_with_a_reason(folder):
    (folder / "broken.md").write_text("---\ntitle: [unclosed\ncategories: ['Symplur: #telehealth']\n---\n")
    (folder / "unrelated-broken.md").write_text("---\ntitle: [unclosed\n---\n")
    (folder / "locked.md").write_bytes(FILES["current-old.md"])
    os.chmod(folder / "locked.md", 0o444)
    os.mkfifo(folder / "pipe.md")
    plan = plan_batch(paths(folder, ["broken.md", "unrelated-broken.md", "locked.md", "pipe.md", "current-new.md"]),
                      RenameTopic(OLD, NEW), now=NOW)
    assert [os.path.basename(p) for p in plan.unchanged] == ["unrelated-broken.md"], "it cannot hold the topic"
    reasons = {os.path.basename(s.path): (s.reason, s.line) for s in plan.skipped}
    assert reasons["locked.md"] == ("the file is read-only (mode 0444)", 1)
    assert reasons["broken.md"][0].startswith("could not be read: invalid YAML") and reasons["broken.md"][1] == 3
    assert reasons["pipe.md"][0].startswith("cannot be read: ") and "pipe" in reasons["pipe.md"][0]
    assert [os.path.basename(c.path) for c in plan.changes] == ["current-new.md"]
    assert plan.skipped[0].format("x.md").startswith("x.md:")
    result = apply_plan(plan)
    assert len(result.skipped) == 3 and len(result.written) == 1


def test_a_symbolic_link_is_written_through_and_planned_once(folder):
    link = folder / "link.md"
    link.symlink_to("current-old.md")
    plan = plan_batch([str(link), str(folder / "current-old.md")], RenameTopic(OLD, NEW), now=NOW)
    assert len(plan.changes) == 1
    apply_plan(plan)
    assert link.is_symlink() and NEW in topics_of(folder / "current-old.md")


def test_planning_in_worker_processes_gives_the_same_plan(tmp_path):
    files = {f"f{n:02d}-{name}": raw for n in range(7) for name, raw in FILES.items()}
    folder = make_folder(tmp_path / "many", files)
    serial = plan_batch(paths(folder, files), RenameTopic(OLD, NEW), now=NOW, workers=1)
    parallel = plan_batch(paths(folder, files), RenameTopic(OLD, NEW), now=NOW, workers=2, start_method="fork")
    assert len(files) >= 48 and parallel.changes == serial.changes and parallel.unchanged == serial.unchanged


def test_planning_can_be_cancelled(folder):
    plan = plan_batch(paths(folder), RenameTopic(OLD, NEW), now=NOW, cancelled=lambda: True)
    assert plan.cancelled and not plan.changes


def test_without_syncfs_each_file_is_fsynced(folder, monkeypatch):
    monkeypatch.setattr(atomicfile, "_SYNCFS", [None])
    synced = []
    real = atomicfile.StagedWrite.sync
    monkeypatch.setattr(atomicfile.StagedWrite, "sync", lambda self: (synced.append(self.target.name), real(self)))
    result = apply_plan(plan_batch(paths(folder), RenameTopic(OLD, NEW), now=NOW))
    assert sorted(synced) == sorted(TELEHEALTH) and len(result.written) == len(TELEHEALTH)


def test_planning_and_writing_in_one_step_gives_the_same_files(tmp_path):
    files = {f"f{n:02d}-{name}": raw for n in range(7) for name, raw in FILES.items()}
    first = make_folder(tmp_path / "one", files)
    second = make_folder(tmp_path / "two", files)
    apply_plan(plan_batch(paths(first, files), RenameTopic(OLD, NEW), now=NOW))
    plan, result = plan_and_apply(paths(second, files), RenameTopic(OLD, NEW), now=NOW, workers=2,
                                  start_method="fork")
    assert len(result.written) == len(plan.changes) == 7 * len(TELEHEALTH) and result.complete
    assert {n: d for n, (d, _) in snapshot(first).items()} == {n: d for n, (d, _) in snapshot(second).items()}
    assert len(result.unchanged) == 7 * (len(FILES) - len(TELEHEALTH))


def test_an_interruption_leaves_whole_files_and_no_temporary_file(folder):
    before = snapshot(folder)
    plan = plan_batch(paths(folder), RenameTopic(OLD, NEW), now=NOW)
    expected = {os.path.basename(c.path): c.after for c in plan.changes}

    def interrupt(done, total):
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        apply_plan(plan, progress=interrupt, chunk_files=2)
    after = snapshot(folder)
    assert set(after) == set(before)
    changed = [name for name in FILES if after[name][0] != before[name][0]]
    assert len(changed) == 2 and all(after[name][0] == expected[name] for name in changed)
