"""The folder index: rows, the cache, incremental updates, cross-file checks."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from curator_gui.core.index import FolderIndex

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "curations"
    shutil.copytree(PROJECT / "seeds", target)
    return target


def _scan(folder, **kwargs):
    index = FolderIndex(folder, **kwargs)
    try:
        return index, index.scan()
    finally:
        index.close()


def test_rows_describe_each_file(folder):
    _, result = _scan(folder)
    by_name = {Path(r.path).name: r for r in result.rows}
    assert len(by_name) == len(list(folder.glob("*.md")))
    row = by_name["07cef06d-d878-522c-83d5-06d154a8e569.md"]
    assert row.title.startswith("Ambient AI Scribes") and row.brand == "hitwire.example.com"
    assert row.status == "ok" and row.href.startswith("https://hitwire.example.com/")
    assert by_name["broken-tab-indentation.md"].status == "error"
    assert by_name["problems-to-fix.md"].errors >= 5


def test_second_scan_comes_from_the_cache_and_edits_are_seen(folder):
    _, first = _scan(folder)
    assert first.parsed == len(first.rows)
    _, second = _scan(folder)
    assert second.parsed == 0 and second.cached == len(first.rows)
    target = folder / "07cef06d-d878-522c-83d5-06d154a8e569.md"
    target.write_text(target.read_text("utf-8").replace("title: Ambient", "title: Edited Ambient"), "utf-8")
    _, third = _scan(folder)
    assert third.parsed == 1
    assert any(r.title.startswith("Edited Ambient") for r in third.rows)


def test_same_size_rewrite_with_old_mtime_is_still_seen(folder):
    _scan(folder)
    target = folder / "07cef06d-d878-522c-83d5-06d154a8e569.md"
    stat = os.stat(target)
    target.write_text(target.read_text("utf-8").replace("title: Ambient", "title: Ambiemt"), "utf-8")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime: ctime still moved
    _, again = _scan(folder)
    assert any(r.title.startswith("Ambiemt") for r in again.rows)


def test_removed_and_added_files(folder):
    _scan(folder)
    (folder / "problems-to-fix.md").unlink()
    (folder / "sub").mkdir()
    (folder / "sub" / "new.md").write_text("---\ntitle: New\nlink:\n  href: https://example.org/new\n---\n")
    _, result = _scan(folder)
    names = {os.path.relpath(r.path, folder) for r in result.rows}
    assert "problems-to-fix.md" not in names and os.path.join("sub", "new.md") in names


def test_duplicates_and_missing_images_are_computed_per_scan(folder):
    _, result = _scan(folder)
    refiled = next(r for r in result.rows if r.path.endswith("remote-monitoring-refiled.md"))
    assert any("same source as" in p.message for p in refiled.all_problems())
    (folder / "remote-monitoring-refiled.md").unlink()
    _, result = _scan(folder)
    original = next(r for r in result.rows if r.path.endswith("6f699965-25da-5813-8973-84e4d91dbca2.md"))
    assert original.warnings == 0
    (folder / "6f699965-25da-5813-8973-84e4d91dbca2-featuredImage.png").unlink()
    _, result = _scan(folder)
    original = next(r for r in result.rows if r.path.endswith("6f699965-25da-5813-8973-84e4d91dbca2.md"))
    assert [p.field for p in original.all_problems()] == ["featuredImage.href"]


def test_parallel_parse_matches_serial(folder, tmp_path):
    for i in range(60):
        shutil.copy(folder / "07cef06d-d878-522c-83d5-06d154a8e569.md", folder / f"copy-{i:02d}.md")
    _, serial = _scan(folder, cache_path=None, workers=1)
    _, parallel = _scan(folder, cache_path=None, workers=2)
    assert [(r.path, r.title, r.errors, r.warnings) for r in serial.rows] == \
           [(r.path, r.title, r.errors, r.warnings) for r in parallel.rows]


@pytest.mark.parametrize("workers", [1, 2])
def test_rows_read_afresh_share_the_values_many_rows_hold(folder, workers):
    """As rows from the cache do: one tuple of topics, one date string, one tuple of codes for all the copies."""
    for i in range(60):
        shutil.copy(folder / "07cef06d-d878-522c-83d5-06d154a8e569.md", folder / f"copy-{i:02d}.md")
    _, result = _scan(folder, cache_path=None, workers=workers)
    copies = [row for row in result.rows if Path(row.path).name.startswith("copy-")]
    assert len(copies) == 60 and copies[0].categories
    for name in ("categories", "date", "brand", "codes", "image_position", "url_position"):
        assert len({id(getattr(row, name)) for row in copies}) == 1, name


def test_update_file_reads_one_file(folder):
    index = FolderIndex(folder)
    try:
        index.scan()
        target = folder / "2f222f64-d8bd-50a4-bb0a-da9026deff39.md"
        target.write_text(target.read_text("utf-8").replace("title: FDA", "title: US FDA"), "utf-8")
        row = index.update_file(target)
        assert row.title.startswith("US FDA")
        target.unlink()
        assert index.update_file(target) is None and str(target) not in index.rows
    finally:
        index.close()


def test_update_files_reads_several_files_with_one_pass_of_the_cross_file_checks(folder):
    index = FolderIndex(folder)
    try:
        index.scan()
        first, second = sorted(folder.glob("*.md"))[:2]
        source = second.read_text("utf-8")
        first.write_text(source, "utf-8")  # now two curations of one source: a duplicate, found across files
        gone = folder / "gone.md"
        found = index.update_files([first, second, gone])
        assert [row is None for row in found] == [False, False, True]
        assert index.rows[str(first)].title == index.rows[str(second)].title
        assert [str(d) for d in index.rows[str(first)].duplicates] == [str(second)]
    finally:
        index.close()


def test_cache_lives_outside_the_folder(folder):
    _scan(folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in (PROJECT / "seeds").iterdir())
    assert Path(os.environ["CURATOR_GUI_CACHE_DIR"], "index.sqlite3").exists()


def test_unwritable_cache_location_still_works(folder, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    _, result = _scan(folder, cache_path=blocker / "index.sqlite3")
    assert result.rows


def _messages(rows) -> dict[str, list[str]]:
    return {os.path.basename(row.path): [p.message for p in row.all_problems()] for row in rows}


def test_rows_read_lean_keep_no_large_fields_and_find_their_problems_when_asked(folder):
    _, full = _scan(folder)
    index = FolderIndex(folder, leave_out={"description", "search", "problems"})
    try:
        lean = index.scan()  # from the cache: the large columns are not even read
        assert lean.cached == len(full.rows)
        assert all(row.description == "" and row.search == "" for row in lean.rows)
        assert all(row.problems_packed is None for row in lean.rows if row.codes)
        assert [(r.path, r.errors, r.warnings, r.status) for r in lean.rows] == \
               [(r.path, r.errors, r.warnings, r.status) for r in full.rows]
        for row in lean.rows:
            index.load_findings(row)  # from the cache, for the same version of the file
        assert all(row.problems_packed is not None for row in lean.rows)
        assert _messages(lean.rows) == _messages(full.rows)
    finally:
        index.close()
    # not in the cache (or changed since): the row reads its file when its problems are asked for
    _, unsaved = _scan(folder, cache_path=None, leave_out={"problems"})
    assert all(row.problems_packed is None for row in unsaved.rows if row.codes)
    assert _messages(unsaved.rows) == _messages(full.rows)


def test_cached_rows_are_served_before_the_listing_and_gone_files_are_not_kept(folder):
    _scan(folder)
    (folder / "problems-to-fix.md").unlink()
    events: list[tuple[str, list[str]]] = []
    index = FolderIndex(folder)
    try:
        result = index.scan(on_rows=lambda rows: events.append(("rows", [r.path for r in rows])),
                            on_listed=lambda paths: events.append(("listed", paths)))
    finally:
        index.close()
    assert events[0][0] == "rows" and any(p.endswith("problems-to-fix.md") for p in events[0][1])  # as last read
    listed = next(paths for kind, paths in events if kind == "listed")
    assert not any(p.endswith("problems-to-fix.md") for p in listed + [r.path for r in result.rows])
    assert [r.path for r in result.rows] == sorted(r.path for r in result.rows)
    _, again = _scan(folder)
    assert again.cached == len(again.rows) == len(result.rows)  # the gone file's record was dropped


def test_rows_held_without_image_facts_and_offerings_check_across_files_as_whole_rows_do(folder):
    lean_fields = {"description", "problems", "media", "offerings"}
    _, full = _scan(folder)
    index = FolderIndex(folder, leave_out=lean_fields)
    try:
        lean = index.scan()  # from the cache: image facts and offerings are not even read
        assert all(row.media_json is None for row in lean.rows if row.media_state)
        with_offerings = {row.path for row in full.rows if row.offerings}
        assert with_offerings and all(row.offerings is None for row in lean.rows if row.path in with_offerings)
        assert _messages(lean.rows) == _messages(full.rows)  # image findings read from the file when asked
        # One file writes an offering id otherwise: the checks across files see every file's offerings (from
        # the cache), not only the file read again.
        changed = folder / "07cef06d-d878-522c-83d5-06d154a8e569.md"
        text = changed.read_text(encoding="utf-8")
        changed.write_text(text.replace("label: CareBridge Nurse Outreach Platform", "label: CareBridge Outreach"),
                           encoding="utf-8")
        index.update_files([changed])
        _, fresh = _scan(folder, cache_path=None)
        rows = list(index.rows.values())
        assert _messages(rows) == _messages(fresh.rows)
        assert any("CG406" in row.codes or row.offering_problems for row in rows if row.path != str(changed))
        labels = {choice["label"] for choice in index.offerings.choices()}
        assert {"CareBridge Outreach", "CareBridge Nurse Outreach Platform"} <= labels
    finally:
        index.close()


def test_rows_the_cache_could_not_store_keep_their_offerings(folder, monkeypatch):
    from curator_gui.core.index_cache import IndexCache

    monkeypatch.setattr(IndexCache, "store", lambda self, items: False)  # a full or busy cache
    index, result = _scan(folder, cache_path=None, leave_out={"media", "offerings"})
    assert any(row.offerings for row in result.rows)  # kept: nothing to read them back from
    assert all(row.media_json is not None for row in result.rows)
    _, full = _scan(folder, cache_path=None)
    assert _messages(result.rows) == _messages(full.rows)
