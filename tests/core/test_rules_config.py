"""The rule registry, the folder configuration (discovery, every option, bad files), inline silencing, and the
index cache under a changing configuration."""
from __future__ import annotations

import re

import pytest

from curation_samples import CURRENT_NEW, LEGACY, write_folder
from curator_gui.core.config import (DEFAULT_CONFIG, ConfigError, CuratorConfig, config_for, find_config,
                                     load_config)
from curator_gui.core.derive import DERIVATIONS
from curator_gui.core.document import Document
from curator_gui.core.index import FolderIndex
from curator_gui.core.rules import BY_CODE, RULES, SEVERITIES, UnknownRuleError, rules_matching
from curator_gui.core.validate import validate_document

LONG_TITLE = "Night Shift Nurses Test a Quieter Alarm Routing System Across Four Busy Medical Units"


def retitled(text: str) -> str:
    """``text`` with its title (and the breadcrumb and image text that follow it) over 70 characters."""
    for title in ("Hospital System Pilots Ambient Note Taking", "Night Shift Nurses Test a Quieter Alarm Routing System"):
        text = text.replace(title, "\0")
    return text.replace("\0", LONG_TITLE)


# --- the registry -----------------------------------------------------------------------------------------

def test_every_rule_has_a_stable_code_a_unique_name_a_severity_and_a_reason():
    assert len({r.code for r in RULES}) == len({r.name for r in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"CG\d{3}", rule.code) and re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
        assert rule.severity in SEVERITIES and rule.summary.endswith(".") and "\n" not in rule.summary
    assert {d.rule for d in DERIVATIONS} <= set(BY_CODE)
    assert [r.code for r in RULES if r.code.startswith("CG5")] == [f"CG50{n}" for n in range(1, 7)]
    assert BY_CODE["CG101"].name == "title-too-long" and BY_CODE["CG101"].severity == "info"
    assert BY_CODE["CG102"].severity == "info"


def test_selectors_name_rules_by_code_prefix_or_name():
    assert [r.code for r in rules_matching("cg101")] == ["CG101"]
    assert [r.code for r in rules_matching("title-too-long")] == ["CG101"]
    assert {r.code for r in rules_matching("CG2")} == {"CG201", "CG202", "CG203", "CG204", "CG205", "CG206", "CG207"}
    assert len(rules_matching("CG")) == len(RULES)
    for bad in ("CG999", "CG9", "title", "E501", ""):
        with pytest.raises(UnknownRuleError):
            rules_matching(bad)


# --- discovery --------------------------------------------------------------------------------------------

def test_the_nearest_configuration_above_the_folder_wins(tmp_path):
    deep = tmp_path / "repo" / "content" / "news"
    deep.mkdir(parents=True)
    assert find_config(deep) is None and config_for(deep) is DEFAULT_CONFIG
    (tmp_path / "repo" / "pyproject.toml").write_text("[project]\nname = 'site'\n")
    assert find_config(deep) is None  # a pyproject.toml without [tool.curator] is not a configuration
    (tmp_path / "repo" / "pyproject.toml").write_text("[tool.ruff]\nselect = ['E']\n[tool.curator]\n"
                                                      "curator = 'Ada'\n")
    assert find_config(deep) == tmp_path / "repo" / "pyproject.toml" and config_for(deep).curator == "Ada"
    (tmp_path / "repo" / "curator.toml").write_text("curator = 'Bo'\n")
    assert config_for(deep / "file.md").curator == "Bo"  # curator.toml first in the same folder
    (deep.parent / "curator.toml").write_text("curator = 'Cy'\n")
    assert config_for(deep).curator == "Cy"  # the nearest folder wins
    assert config_for(deep, explicit=tmp_path / "repo" / "pyproject.toml").curator == "Ada"


# --- each option ----------------------------------------------------------------------------------------

def problems_under(config_text: str, text: str, tmp_path) -> list[tuple[str, str]]:
    (tmp_path / "curator.toml").write_text(config_text, "utf-8")
    config = config_for(tmp_path)
    doc = Document.from_text(text, tmp_path / "x.md")
    return [(p.code, p.severity) for p in validate_document(doc, check_siblings=False, config=config)]


def test_select_ignore_severity_and_specificity(tmp_path):
    text = retitled(CURRENT_NEW).replace("  brand: clinicalwire.example.net", "  brand: other.example.net")
    assert problems_under("", text, tmp_path) == [("CG101", "info"), ("CG205", "warning")]
    assert problems_under('ignore = ["CG2"]', text, tmp_path) == [("CG101", "info")]
    assert problems_under('ignore = ["brand-mismatch", "CG1"]', text, tmp_path) == []
    assert problems_under('select = ["CG205"]', text, tmp_path) == [("CG205", "warning")]
    assert problems_under('select = ["CG205"]\nignore = ["CG2"]', text, tmp_path) == [("CG205", "warning")]
    assert problems_under('select = ["CG2"]\nignore = ["CG2"]', text, tmp_path) == []  # a tie: ignore wins
    assert problems_under('[severity]\nCG101 = "warning"\nCG2 = "error"', text, tmp_path) == [
        ("CG101", "warning"), ("CG205", "error")]
    assert problems_under('[severity]\nCG2 = "error"\nbrand-mismatch = "info"', text, tmp_path) == [
        ("CG101", "info"), ("CG205", "info")]


def test_thresholds(tmp_path):
    assert problems_under("title-max-length = 20\ndescription-max-length = 30", CURRENT_NEW, tmp_path) == [
        ("CG101", "info"), ("CG102", "info")]
    assert problems_under("title-max-length = 100", retitled(CURRENT_NEW), tmp_path) == []


def test_vocabulary_flags_topics_outside_it_in_either_shape(tmp_path):
    (tmp_path / "topics.txt").write_text("# agreed topics\nMedigy: Patient Safety & Quality\n\n"
                                         "  symplur: #nursing  \nHealthcare IT News: Artificial Intelligence\n")
    found = [(p.code, p.field, p.message) for p in validate_document(
        Document.from_text(LEGACY, tmp_path / "x.md"), check_siblings=False,
        config=_config(tmp_path, 'vocabulary = "topics.txt"'))]
    assert found == [("CG304", "communityTopics.1", "topic 'Symplur: #nursing' is not in the topic vocabulary "
                                                    "(did you mean 'symplur: #nursing'?)"),
                     ("CG304", "communityTopics.2", "topic 'Healthcare IT News: Clinical Communication' is not in "
                                                    "the topic vocabulary")]
    assert config_for(tmp_path).watched_paths == (tmp_path / "curator.toml", tmp_path / "topics.txt")


def test_curator_name_is_read(tmp_path):
    assert _config(tmp_path, 'curator = "  Ada Curator "').curator == "Ada Curator"


def test_command_line_overrides(tmp_path):
    config = _config(tmp_path, 'ignore = ["CG1"]\nselect = ["CG1", "CG2"]')
    assert config.with_overrides(select=["CG3"]).select == ("CG3",)
    assert config.with_overrides(ignore=["CG201,CG202"]).ignore == ("CG1", "CG201", "CG202")
    assert config.with_overrides(ignore=["CG201"]).severity_of("CG201") is None
    with pytest.raises(ConfigError, match="--select: 'CG999' names no rule"):
        config.with_overrides(select=["CG999"])


def test_an_unreadable_rule_is_always_an_error():
    config = CuratorConfig(ignore=("CG0",), severities=(("CG001", "info"),))
    assert config.severity_of("CG001") == "error" and config.severity_of("CG002") is None


@pytest.mark.parametrize("text, line, message", [
    ('select = [\n"CG1" "CG2"]\n', 2, "not valid TOML: Unclosed array"),
    ('curator = "A"\nselct = ["CG1"]\n', 2, "selct: unknown setting"),
    ('ignore = [\n  "CG101",\n  "CG999",\n]\n', 3, "ignore: 'CG999' names no rule"),
    ('select = "CG1"\n', 1, "select: must be a list"),
    ('\n[severity]\nCG101 = "loud"\n', 3, "severity: CG101 = 'loud': a severity is one of error, warning, info"),
    ('title-max-length = 0\n', 1, "title-max-length: must be a whole number"),
    ('curator = 3\n', 1, "curator: must be a name"),
    ('vocabulary = "missing.txt"\n', 1, "vocabulary: missing.txt: cannot read"),
])
def test_a_configuration_that_cannot_be_used_names_its_file_and_line(tmp_path, text, line, message):
    (tmp_path / "curator.toml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        config_for(tmp_path)
    error = caught.value
    assert (error.path, error.line) == (str(tmp_path / "curator.toml"), line) and message in error.message
    assert str(error).startswith(f"{tmp_path / 'curator.toml'}:{line}:")


def test_pyproject_errors_point_into_the_tool_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.ruff]\nselect = ["E"]\n\n[tool.curator]\nselect = ["CG42"]\n')
    with pytest.raises(ConfigError) as caught:
        config_for(tmp_path)
    assert caught.value.line == 5 and "tool.curator.select" in caught.value.message
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    with pytest.raises(ConfigError, match="no \\[tool.curator\\] table"):
        load_config(plain / "pyproject.toml")  # named explicitly (--config), it must hold the table


def _config(folder, text):
    (folder / "curator.toml").write_text(text, "utf-8")
    return config_for(folder)


# --- inline silencing -----------------------------------------------------------------------------------

def test_a_comment_silences_rules_for_one_file_and_survives_a_save(tmp_path):
    text = retitled(CURRENT_NEW).replace(f"title: {LONG_TITLE}", f"title: {LONG_TITLE}  # curator: ignore CG101")
    text = text.replace("  brand: clinicalwire.example.net",
                        "  # curator: ignore brand-mismatch, CG9x\n  brand: other.example.net")
    path = tmp_path / "x.md"
    path.write_text(text)
    doc = Document.load(path)
    assert [(p.code, p.line, p.message) for p in validate_document(doc, check_siblings=False)] == [
        ("CG003", 33, "ignore comment names no rule: 'CG9x'")]
    doc.set("description", "Edited.")
    saved = doc.to_bytes().decode()
    assert "# curator: ignore CG101" in saved and "# curator: ignore brand-mismatch, CG9x" in saved


def test_a_hash_inside_a_quoted_text_is_no_comment():
    text = retitled(CURRENT_NEW).replace(f"title: {LONG_TITLE}", f"title: '{LONG_TITLE} # curator: ignore CG101'")
    codes = [p.code for p in validate_document(Document.from_text(text, "/nonexistent/x.md"), check_siblings=False)]
    assert "CG101" in codes


# --- the index under a configuration ------------------------------------------------------------------------

def test_index_reuses_rows_when_rules_change_and_rereads_when_thresholds_do(tmp_path):
    folder = write_folder(tmp_path / "c")
    (folder / "legacy.md").write_text(retitled(LEGACY))
    cache = tmp_path / "cache.sqlite3"

    def scan(config):
        index = FolderIndex(folder, cache_path=cache, config=config)
        try:
            result = index.scan()
        finally:
            index.close()
        return result, {row.path.rsplit("/", 1)[-1]: row for row in result.rows}

    first, rows = scan(DEFAULT_CONFIG)
    assert first.parsed == 4 and rows["legacy.md"].status == "ok" and rows["legacy.md"].infos == 1
    graded = CuratorConfig(severities=(("CG101", "warning"),))
    second, rows = scan(graded)
    assert second.parsed == 0 and rows["legacy.md"].status == "warning"
    assert [p.severity for p in rows["legacy.md"].all_problems()] == ["warning"]
    third, rows = scan(CuratorConfig(ignore=("CG1",)))
    assert third.parsed == 0 and rows["legacy.md"].infos == 0 and rows["legacy.md"].all_problems() == []
    from curator_gui.core.config import RuleOptions

    fourth, rows = scan(CuratorConfig(options=RuleOptions(title_max_length=200)))
    assert fourth.parsed == 4 and rows["legacy.md"].infos == 0
    fifth, _ = scan(CuratorConfig(options=RuleOptions(title_max_length=200)))
    assert fifth.parsed == 0


def test_a_comment_also_silences_the_folder_checks_of_its_file(tmp_path):
    folder = write_folder(tmp_path / "c", with_images=False)
    (folder / "legacy.md").write_text(LEGACY.replace("---\n", "---\n# curator: ignore featured-image-missing\n", 1))
    index = FolderIndex(folder, cache_path=tmp_path / "cache.sqlite3")
    try:
        rows = {row.path.rsplit("/", 1)[-1]: row for row in index.scan().rows}
    finally:
        index.close()
    assert rows["legacy.md"].image_missing and rows["legacy.md"].status == "ok"
    assert rows["legacy.md"].all_problems() == []
    assert [p.code for p in rows["current-old.md"].all_problems()] == ["CG501"]


def test_usable_config_gives_the_defaults_and_the_error_for_an_unusable_file(tmp_path):
    from curator_gui.core.config import DEFAULT_CONFIG, usable_config

    assert usable_config(tmp_path) == (DEFAULT_CONFIG, None)
    (tmp_path / "curator.toml").write_text('ignore = ["CG101"]\n')
    config, error = usable_config(tmp_path)
    assert error is None and config.severity_of("CG101") is None
    (tmp_path / "curator.toml").write_text('ignore = ["CG999"]\n')
    config, error = usable_config(tmp_path)
    assert config is DEFAULT_CONFIG and str(error).startswith(f"{tmp_path / 'curator.toml'}:1:1: error: ignore:")
