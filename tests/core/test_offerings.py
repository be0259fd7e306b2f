"""Offerings across a folder: one offering id with different labels or permalinks is CG406 (in the index and in
``validate``), ignore comments and the configuration silence it, and the folder's offerings are offered once per
label with the fields that go with it."""
from __future__ import annotations

import json

from curation_samples import CURRENT_NEW
from curator_gui.cli import main
from curator_gui.core.document import Document
from curator_gui.core.index import FolderIndex
from curator_gui.core.offerings import (FolderOfferings, OfferingUse, offering_problems, offering_uses,
                                        offerings_summary, uses_from_summary)


def offering(label: str, permalink: str, offering_id: int, topics=("Symplur: #telehealth",)) -> str:
    lines = [f"  - label: {label}", f"    permalink: {permalink}", "    categories:"]
    lines += [f"      - '{t}'" for t in topics] + [f"    offeringId: {offering_id}"]
    return "\n".join(lines)


def curation(number: int, *offerings: str) -> str:
    text = CURRENT_NEW.replace("ambient-notes", f"ambient-notes-{number}")
    return text.replace("title: Hospital", "relatedOfferings:\n" + "\n".join(offerings) + "\ntitle: Hospital")


def write(folder, texts: dict) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, "utf-8")


def cg406(rows) -> dict:
    return {row.path.rsplit("/", 1)[1]: [p for p in row.all_problems() if p.code == "CG406"] for row in rows}


def test_the_variant_most_files_write_stands_and_the_others_are_flagged(tmp_path, capsys):
    good = offering("Claims Helper", "/offering/claims-helper", 7)
    other = offering("Bed Finder", "/offering/bed-finder", 8)
    write(tmp_path / "c", {"a.md": curation(1, good, other), "b.md": curation(2, good),
                           "c.md": curation(3, offering("Claims Helpr", "/offering/claims-helper", 7)),
                           "d.md": curation(4, offering("Claims Helper", "/offering/claims-help", 7, ()))})
    index = FolderIndex(tmp_path / "c", cache_path=None, workers=1)
    found = cg406(index.scan().rows)
    assert not found["a.md"] and not found["b.md"]
    label, = found["c.md"]
    assert label.field == "relatedOfferings.0.offeringId" and label.severity == "warning" and label.line > 1
    assert label.message == ('offeringId 7 is written with another label in the folder: "Claims Helper" '
                             '(/offering/claims-helper) in 2 files, "Claims Helper" (/offering/claims-help) in 1 file')
    assert label.related == (str(tmp_path / "c" / "a.md"), str(tmp_path / "c" / "d.md"))
    assert "with another permalink" in found["d.md"][0].message
    warnings = {row.path.rsplit("/", 1)[1]: row.warnings for row in index.rows.values()}
    assert warnings["c.md"] == warnings["a.md"] + 1  # counted like every other finding

    # the command line reports it too, as text and JSON
    code = main(["validate", str(tmp_path / "c"), "--format", "json"])
    items = [p for p in json.loads(capsys.readouterr().out) if p["code"] == "CG406"]
    assert code == 0 and sorted(p["path"].rsplit("/", 1)[1] for p in items) == ["c.md", "d.md"]
    main(["validate", str(tmp_path / "c")])
    assert "(CG406)" in capsys.readouterr().out


def test_a_tie_flags_both_files_and_a_fix_clears_them(tmp_path):
    write(tmp_path / "c", {"a.md": curation(1, offering("Claims Helper", "/offering/claims-helper", 7)),
                           "b.md": curation(2, offering("Claims Assistant", "/offering/claims-helper", 7))})
    index = FolderIndex(tmp_path / "c", cache_path=None, workers=1)
    found = cg406(index.scan().rows)
    assert len(found["a.md"]) == len(found["b.md"]) == 1
    (tmp_path / "c" / "b.md").write_text(curation(2, offering("Claims Helper", "/offering/claims-helper", 7)))
    index.update_file(tmp_path / "c" / "b.md")
    assert not any(cg406(index.rows.values()).values())


def test_one_file_writing_an_id_two_ways_is_flagged_without_other_files(tmp_path):
    write(tmp_path / "c", {"a.md": curation(1, offering("Claims Helper", "/offering/claims-helper", 7),
                                            offering("Claims Aid", "/offering/claims-helper", 7))})
    found = cg406(FolderIndex(tmp_path / "c", cache_path=None, workers=1).scan().rows)["a.md"]
    assert [p.field for p in found] == ["relatedOfferings.0.offeringId", "relatedOfferings.1.offeringId"]
    assert found[0].message.endswith('"Claims Aid" (/offering/claims-helper) in this file') and not found[0].related


def test_ignore_comments_and_the_configuration_silence_it(tmp_path):
    write(tmp_path / "c", {"a.md": curation(1, offering("Claims Helper", "/offering/claims-helper", 7)),
                           "b.md": curation(2, offering("Claims Assistant", "/offering/claims-helper", 7))
                           .replace("title: Hospital", "# curator: ignore offering-id-inconsistent\ntitle: Hospital")})
    found = cg406(FolderIndex(tmp_path / "c", cache_path=None, workers=1).scan().rows)
    assert len(found["a.md"]) == 1 and not found["b.md"]
    (tmp_path / "curator.toml").write_text('ignore = ["CG406"]\n')
    assert main(["validate", str(tmp_path / "c")]) == 0
    from curator_gui.core.config import config_for

    rows = FolderIndex(tmp_path / "c", cache_path=None, workers=1, config=config_for(tmp_path / "c")).scan().rows
    assert not any(cg406(rows).values())


def test_summary_round_trip_and_the_open_document_against_its_folder(tmp_path):
    write(tmp_path / "c", {"a.md": curation(1, offering("Claims Helper", "/offering/claims-helper", 7),
                                            offering("Bed Finder", "/offering/bed-finder", 8, ()))})
    doc = Document.load(tmp_path / "c" / "a.md")
    uses = offering_uses(str(doc.path), doc.data, doc.position_of)
    assert uses_from_summary(str(doc.path), offerings_summary(uses)) == uses
    assert uses_from_summary("x", "not json") == [] and offerings_summary([]) == ""
    folder = FolderOfferings(uses + [OfferingUse(f"{n}.md", 0, 7, "Claims Aid", "/offering/claims-aid") for n in "bcd"])
    found = offering_problems(doc, folder)
    assert [p.code for p in found] == ["CG406"] and found[0].related == ("b.md",)
    # the document is judged as it is now, not as it was read: renamed to what the others write, it is fine
    doc.data["relatedOfferings"][0].update(label="Claims Aid", permalink="/offering/claims-aid")
    assert offering_problems(doc, folder) == []
    assert offering_problems(doc, FolderOfferings()) == []


def test_choices_are_one_per_label_with_the_fields_most_files_write():
    uses = [("a", 7, "Claims Helper", "/offering/claims-helper", ("KLAS: Claims",)),
            ("b", 7, "Claims Helper", "/offering/claims-helper", ("KLAS: Claims",)),
            ("c", 9, "Claims Helper", "/offering/claims-helper-2", ()),
            ("d", 8, "bed finder", "/offering/bed-finder", ())]
    folder = FolderOfferings(OfferingUse(path, 0, i, label, link, topics) for path, i, label, link, topics in uses)
    assert folder.choices() == [
        {"label": "bed finder", "permalink": "/offering/bed-finder", "categories": [], "offeringId": 8},
        {"label": "Claims Helper", "permalink": "/offering/claims-helper", "categories": ["KLAS: Claims"],
         "offeringId": 7}]


def test_checking_every_file_of_an_id_most_files_use_takes_time_in_proportion():
    """One offering in 20,000 files (a large folder cites its products everywhere): each file's check counts the
    others, never copies them (which took minutes at 100,000 files), and still names the files that differ."""
    import time

    uses = [OfferingUse(f"{n:05d}.md", 0, 7, "Claims Helper", "/offering/claims-helper") for n in range(20_000)]
    uses += [OfferingUse("zz-other.md", 0, 7, "Claims helper app", "/offering/claims-helper")]
    folder = FolderOfferings(uses)
    start = time.perf_counter()
    found = [problem for use in uses for problem in folder.problems([use], use.path)]
    assert time.perf_counter() - start < 2
    assert [problem.path for problem in found] == ["zz-other.md"]
    assert "20000 files" in found[0].message and found[0].related == ("00000.md",)


def test_a_summary_counted_as_it_is_equals_its_uses_counted_one_by_one():
    uses = [OfferingUse("/f/a.md", 0, 7, " Bed  Finder ", "/offering/bed-finder ", ("Symplur: #ai",), 3, 5),
            OfferingUse("/f/a.md", 1, None, "No Id", "/offering/no-id", (), 9, 5),
            OfferingUse("/f/a.md", 2, 7, "Bed Finder Pro", "/offering/bed-finder", (), 12, 5)]
    one_by_one, at_once = FolderOfferings(uses), FolderOfferings()
    at_once.add_summary("/f/a.md", offerings_summary(uses))
    at_once.add_summary("/f/b.md", "[not json")  # a damaged summary counts as none
    assert at_once.choices() == one_by_one.choices()
    assert at_once.mixed_paths() == one_by_one.mixed_paths() == {"/f/a.md"}
    assert [p.message for p in at_once.problems(uses, "/f/a.md")] == \
           [p.message for p in one_by_one.problems(uses, "/f/a.md")]
