"""The YAML directory store: strict reading, located findings, careful saving."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

from munintl.errors import ConflictError, Finding, StorageError, ValidationError
from munintl.hooks import Store
from munintl.hooks.manager import MunintlPluginManager
from munintl.model import LocalizedText, Portfolio
from munintl.plugins.storage.yaml_dir import (
    YamlDirSettings,
    journal,
    open_yaml_dir,
    yamlio,
)
from munintl.plugins.storage.yaml_dir.store import YamlDirStore
from munintl.testing.samples import sample_portfolio

INITIATIVE = "initiatives/medarbejderudveksling.yaml"
THEMES = "strategies/international-strategi/themes"
UPDATES = "followups/opfoelgning-2023/updates"


@pytest.fixture(scope="session")
def saved_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "store"
    YamlDirStore(str(path)).save(sample_portfolio())
    return path


@pytest.fixture
def root(saved_sample: Path, tmp_path: Path) -> Path:
    """A store holding the sample portfolio, as a save writes it."""
    return Path(shutil.copytree(saved_sample, tmp_path / "store"))


def write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def findings(root: Path, settings: YamlDirSettings | None = None) -> list[Finding]:
    with pytest.raises(ValidationError) as caught:
        YamlDirStore(str(root), settings).load()
    return list(caught.value.findings)


def only(found: list[Finding], code: str) -> Finding:
    matching = [f for f in found if f.code == code]
    assert len(matching) == 1, found
    return matching[0]


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def organisation(name: str = "Nordby", extra: str = "") -> str:
    return f"name:\n  da: {name}\n  en: {name}\ntype: municipality\n{extra}"


# -- the plugin ------------------------------------------------------------------


def test_backend_is_registered_for_directories_with_its_settings(
    tmp_path: Path,
) -> None:
    manager = MunintlPluginManager(strict=True, allow=(), disable=())
    manager.load_builtins()
    backend = manager.storage_backends()["yaml"]
    assert backend.directory
    assert backend.settings is YamlDirSettings
    store = backend.factory(str(tmp_path), YamlDirSettings(width=100))
    assert isinstance(store, Store)
    assert store.capabilities == {"revisions", "locations"}


def test_factory_works_without_settings(tmp_path: Path) -> None:
    assert open_yaml_dir(str(tmp_path), None).settings == YamlDirSettings()


@pytest.mark.parametrize(
    "bad", [{"width": 10}, {"indent": 1}, {"indent": 9}, {"max_file_size": 0}]
)
def test_settings_refuse_values_that_make_no_sense(bad: dict[str, int]) -> None:
    with pytest.raises(ValueError, match=next(iter(bad))):
        YamlDirSettings(**bad)


def test_settings_shape_the_files_a_save_writes(tmp_path: Path) -> None:
    settings = YamlDirSettings(indent=4, width=40)
    YamlDirStore(str(tmp_path), settings).save(sample_portfolio())
    text = (tmp_path / "initiatives/samarbejdsprogram.yaml").read_text(encoding="utf-8")
    assert "\ntitle:\n    da: Nordisk samarbejdsprogram\n" in "\n" + text
    assert (
        "\nparticipations:\n    - organisation: egeby\n      role: accountable\n"
        in text
    )
    # Long values wrap at the width, with no space left at the end of a line.
    assert "\n          da: 9 andre europæiske\n              kommuner\n" in text
    assert " \n" not in text
    assert YamlDirStore(str(tmp_path)).load() == sample_portfolio()


# -- reading: YAML 1.2, strict -------------------------------------------------------


def test_load_keeps_yaml_1_1_booleans_as_text(root: Path) -> None:
    write(
        root,
        "organisations/nordby.yaml",
        organisation(extra="country: NO\naliases: [yes, on, off, n, Y]\n"),
    )
    nordby = YamlDirStore(str(root)).load().organisation("nordby")
    assert nordby is not None
    assert nordby.country == "NO"
    assert nordby.aliases == ("yes", "on", "off", "n", "Y")


def test_load_reads_unquoted_dates_as_partial_dates(root: Path) -> None:
    text = (root / INITIATIVE).read_text(encoding="utf-8")
    write(root, INITIATIVE, text.replace("start: 2021-09", "start: 2021-09-30"))
    initiative = YamlDirStore(str(root)).load().initiative("medarbejderudveksling")
    assert initiative is not None
    assert initiative.period is not None
    assert str(initiative.period.start) == "2021-09-30"


def test_impossible_unquoted_date_gets_munintls_message(root: Path) -> None:
    text = (root / INITIATIVE).read_text(encoding="utf-8")
    write(root, INITIATIVE, text.replace("start: 2021-09", "start: 2021-13-45"))
    found = only(findings(root), "invalid-value")
    assert found.path == "initiatives[medarbejderudveksling].period.start"
    assert "month 13 does not exist" in found.message
    assert found.line == 6


def test_anchors_and_aliases_are_refused_with_their_lines(root: Path) -> None:
    write(
        root,
        "organisations/nordby.yaml",
        organisation(extra="aliases: &names [a, b]\nformer_names: *names\n"),
    )
    found = findings(root)
    anchor, alias = only(found, "yaml-anchor"), only(found, "yaml-alias")
    assert (anchor.line, anchor.column) == (5, 10)
    assert (alias.line, alias.column) == (6, 15)
    assert anchor.file == str(root / "organisations/nordby.yaml")


def test_alias_bomb_is_refused_without_being_expanded(root: Path) -> None:
    # Nine levels of ten aliases each would be 10**9 strings if expanded.
    lines = ["lol0: &a0 [lol]"] + [
        f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)
    ]
    write(root, INITIATIVE, "\n".join(lines) + "\n")
    found = findings(root)
    aliases = [f for f in found if f.code == "yaml-alias"]
    # Reported once each up to a limit, then summed up in one more finding.
    assert 2 <= len(aliases) <= 11
    assert aliases[-1].message.startswith("... and ")
    assert all(f.file == str(root / INITIATIVE) for f in found)


def test_duplicate_keys_are_refused_with_both_lines(root: Path) -> None:
    write(root, "organisations/nordby.yaml", organisation(extra="type: region\n"))
    found = only(findings(root), "yaml-duplicate-key")
    assert (found.line, found.column) == (5, 1)
    assert "first on line 4" in found.message


def test_syntax_error_gives_file_line_and_column(root: Path) -> None:
    write(root, "organisations/nordby.yaml", "name:\n  da: [Nordby\ntype: x\n")
    found = findings(root)
    assert [f.code for f in found] == ["yaml-syntax"]
    assert found[0].file == str(root / "organisations/nordby.yaml")
    assert found[0].line is not None
    assert found[0].column is not None
    assert found[0].format().startswith(f"{root / 'organisations/nordby.yaml'}:")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("%YAML 1.1\n---\nname: {da: x}\ntype: region\n", "yaml-directive"),
        ("name: !!str {da: x}\ntype: region\n", "yaml-tag"),
        (
            "base: &b {type: region}\n<<: {type: region}\nname: {da: x}\n",
            "yaml-merge-key",
        ),
    ],
)
def test_directives_tags_and_merge_keys_are_refused(
    root: Path, text: str, code: str
) -> None:
    write(root, "organisations/nordby.yaml", text)
    assert code in {f.code for f in findings(root)}


def test_empty_file_says_what_was_expected(root: Path) -> None:
    write(root, INITIATIVE, "# nothing here yet\n")
    found = only(findings(root), "empty-file")
    assert "expected an initiative (title, kind)" in found.message
    assert found.path == "initiatives[medarbejderudveksling]"


def test_file_over_the_size_limit_is_refused_before_it_is_parsed(root: Path) -> None:
    # Not YAML at all: had it been parsed, there would be a syntax error.
    write(root, INITIATIVE, "[" * 3000)
    found = findings(root, YamlDirSettings(max_file_size=2000))
    assert [(f.code, f.file) for f in found] == [
        ("file-too-large", str(root / INITIATIVE))
    ]
    assert "too large: 3,000 bytes" in found[0].message


@pytest.mark.parametrize(
    ("text", "shape"), [("- a\n- b\n", "a list"), ("x\n", "a single value")]
)
def test_top_level_must_be_a_mapping(root: Path, text: str, shape: str) -> None:
    write(root, INITIATIVE, text)
    found = only(findings(root), "not-a-mapping")
    assert shape in found.message
    assert found.line == 1


def test_text_that_is_not_utf8_is_refused_with_its_line(root: Path) -> None:
    (root / INITIATIVE).write_bytes(b"title:\n  da: K\xf8ge\n")
    found = only(findings(root), "not-utf8")
    assert found.line == 2


def test_every_problem_in_every_file_is_reported_at_once(root: Path) -> None:
    write(root, "organisations/nordby.yaml", organisation(extra="colour: red\n"))
    write(root, "organisations/sydstadt.yaml", "name: [\n")
    write(root, "bodies/byraadet.yaml", "")
    found = findings(root)
    assert {f.code for f in found} == {"unknown-key", "yaml-syntax", "empty-file"}
    assert len({f.file for f in found}) == 3


# -- findings: path, file, line, column ---------------------------------------------


def test_unknown_key_points_at_the_key_and_suggests_a_name(root: Path) -> None:
    write(root, "organisations/nordby.yaml", organisation(extra="contry: NO\n"))
    found = only(findings(root), "unknown-key")
    assert found.path == "organisations[nordby].contry"
    assert (found.line, found.column) == (5, 1)
    assert "did you mean 'country'" in found.message


def test_invalid_value_points_at_the_value(root: Path) -> None:
    text = (root / INITIATIVE).read_text(encoding="utf-8")
    write(
        root,
        INITIATIVE,
        text.replace("role: partner", "role: partner\n    lead: maybe"),
    )
    found = only(findings(root), "invalid-value")
    assert found.path == "initiatives[medarbejderudveksling].participations[0].lead"
    assert (found.line, found.column) == (16, 11)


def test_missing_field_points_at_the_mapping_that_lacks_it(root: Path) -> None:
    write(root, "organisations/nordby.yaml", "# Nordby\ntype: municipality\n")
    found = only(findings(root), "missing-field")
    assert found.path == "organisations[nordby].name"
    assert (found.line, found.column) == (2, 1)


def test_findings_in_themes_and_updates_use_the_portfolio_paths(root: Path) -> None:
    theme = (root / THEMES / "borgerservice.yaml").read_text(encoding="utf-8")
    write(
        root,
        f"{THEMES}/borgerservice.yaml",
        theme.replace("unit: exchanges", "unit: 3"),
    )
    update = f"{UPDATES}/initiative-samarbejdsprogram.yaml"
    write(root, update, "progress: on-track\nachievements: none\n")
    found = findings(root)
    update_path = "updates[initiative:samarbejdsprogram].achievements"
    assert {f.path: f.line for f in found} == {
        "themes[borgerservice].goals[0].indicators[0].unit": 24,
        f"followups[opfoelgning-2023].{update_path}": 2,
    }


def test_finding_files_start_with_the_location_as_given(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(root.parent)
    write(root, "organisations/nordby.yaml", organisation(extra="colour: red\n"))
    with pytest.raises(ValidationError) as caught:
        YamlDirStore("store").load()
    assert caught.value.findings[0].file == str(
        Path("store") / "organisations/nordby.yaml"
    )


# -- locate ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "file", "line"),
    [
        ("municipality.name.en", "municipality.yaml", 4),
        ("initiatives[medarbejderudveksling].period.start", INITIATIVE, 6),
        ("initiatives[samarbejdsprogram].participations[1].organisation", None, 20),
        ("themes[borgerservice].goals[0].statement", f"{THEMES}/borgerservice.yaml", 9),
        ("themes[livskvalitet].themes[1]", f"{THEMES}/livskvalitet.yaml", 20),
        ("strategies[international-strategi].themes[0].title", None, 1),
        ("partnerships[venskab-nordby].events[3].date", None, None),
        (
            "followups[opfoelgning-2023].updates[initiative:samarbejdsprogram].achievements",
            f"{UPDATES}/initiative-samarbejdsprogram.yaml",
            3,
        ),
        ("followups[opfoelgning-2023].updates[1].achievements", None, 3),
        ("followups[opfoelgning-2023].case.number", None, None),
    ],
)
def test_locate_gives_rule_findings_a_file_and_line(
    root: Path, path: str, file: str | None, line: int | None
) -> None:
    store = YamlDirStore(str(root))
    store.load()
    located = store.locate(Finding(code="some-rule", message="m", path=path))
    assert located.file is not None
    assert located.line is not None
    assert located.column is not None
    assert located.path == path
    if file is not None:
        assert located.file == str(root / file)
    if line is not None:
        assert located.line == line


def test_locate_follows_nested_strategy_paths_into_theme_files(root: Path) -> None:
    store = YamlDirStore(str(root))
    store.load()
    located = store.locate(
        Finding(
            code="r",
            message="m",
            path="strategies[international-strategi].themes[0].themes[1].title",
        )
    )
    assert located.file == str(root / THEMES / "klima.yaml")
    assert located.line == 1


@pytest.mark.parametrize(
    "path", ["", "portfolio", "themes[nope].title", "widgets[x].y"]
)
def test_locate_returns_unknown_paths_unchanged(root: Path, path: str) -> None:
    store = YamlDirStore(str(root))
    store.load()
    finding = Finding(code="r", message="m", path=path)
    assert store.locate(finding) == finding


def test_locate_before_any_load_names_the_file_only(root: Path) -> None:
    located = YamlDirStore(str(root)).locate(
        Finding(code="r", message="m", path="initiatives[medarbejderudveksling].title")
    )
    assert located.file == str(root / INITIATIVE)
    assert located.line is None


# -- ids and the layout -----------------------------------------------------------


def test_file_names_that_are_not_ids_are_reported(root: Path) -> None:
    write(root, "organisations/Nord By.yaml", organisation())
    write(root, f"{UPDATES}/project-x.yaml", "progress: on-track\n")
    found = [f for f in findings(root) if f.code == "invalid-file-name"]
    assert ["'Nord By' is not a valid id" in f.message for f in found] == [True, False]
    assert "name status update files <kind>-<subject id>.yaml" in found[1].message


def test_yml_files_are_reported_with_a_rename_hint(root: Path) -> None:
    write(root, "organisations/oulu.yml", organisation("Oulu"))
    found = only(findings(root), "yml-suffix")
    assert "rename this file to oulu.yaml" in found.message


def test_other_files_in_the_store_are_ignored(root: Path) -> None:
    write(root, "README.md", "# Egeby\n")
    write(root, "munintl.toml", "[plugins.yaml]\nwidth = 100\n")
    write(root, "initiatives/notes.txt", "to do\n")
    assert YamlDirStore(str(root)).load() == sample_portfolio()


def test_id_key_in_a_file_is_reported(root: Path) -> None:
    write(root, "organisations/nordby.yaml", "id: nordby\n" + organisation())
    found = only(findings(root), "misplaced-key")
    assert found.path == "organisations[nordby].id"
    assert "comes from the file name" in found.message


def test_theme_file_not_listed_anywhere_is_reported(root: Path) -> None:
    write(root, f"{THEMES}/glemt.yaml", "title: {da: Glemt, en: Forgotten}\n")
    found = only(findings(root), "theme-not-listed")
    assert found.file == str(root / THEMES / "glemt.yaml")
    assert "is not listed in any themes list" in found.message


def test_listed_theme_without_a_file_is_reported_at_the_list_item(root: Path) -> None:
    strategy = root / "strategies/international-strategi/strategy.yaml"
    text = strategy.read_text(encoding="utf-8")
    write(
        root,
        "strategies/international-strategi/strategy.yaml",
        text.replace("  - aabenhed\n", "  - aabenhed\n  - mangler\n"),
    )
    found = findings(root)
    missing = only(found, "theme-missing")
    assert missing.path == "strategies[international-strategi].themes[2]"
    assert missing.line is not None
    # The theme file that list used to reach is now listed nowhere else.
    assert {f.code for f in found} == {"theme-missing"}


def test_theme_listed_twice_is_reported(root: Path) -> None:
    theme = (root / THEMES / "klima.yaml").read_text(encoding="utf-8")
    write(root, f"{THEMES}/klima.yaml", theme + "themes: [klima]\n")
    found = only(findings(root), "theme-listed-twice")
    assert found.path == "themes[klima].themes[0]"


def test_strategy_directory_without_strategy_file_is_reported(root: Path) -> None:
    write(root, "strategies/ny/themes/a.yaml", "title: {da: A}\n")
    found = only(findings(root), "missing-file")
    assert "strategies/ny has no strategy.yaml" in found.message


@pytest.mark.skipif(
    sys.platform == "win32", reason="symlinks need privileges on Windows"
)
def test_links_leading_outside_the_store_are_refused(
    root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(organisation("Secret"), encoding="utf-8")
    (root / "organisations/secret.yaml").symlink_to(outside)
    found = only(findings(root), "outside-store")
    assert found.file == str(root / "organisations/secret.yaml")


@pytest.mark.skipif(
    sys.platform == "win32", reason="symlinks need privileges on Windows"
)
def test_save_refuses_to_write_through_a_link_out_of_the_store(
    root: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "organisations/nordby.yaml").unlink()
    portfolio = sample_portfolio()
    (root / "partnerships/venskab-nordby.yaml").unlink()
    (root / "partnerships").rmdir()
    (root / "partnerships").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(StorageError, match="outside"):
        YamlDirStore(str(root)).save(portfolio)
    assert list(elsewhere.iterdir()) == []
    assert not (root / "organisations/nordby.yaml").exists()


# -- saving ------------------------------------------------------------------------


def test_save_creates_the_directory(tmp_path: Path) -> None:
    location = tmp_path / "new" / "store"
    YamlDirStore(str(location)).save(sample_portfolio())
    assert (location / "municipality.yaml").is_file()
    assert "id: egeby" in (location / "municipality.yaml").read_text(encoding="utf-8")


def test_saving_unchanged_data_touches_no_file(root: Path) -> None:
    write(
        root,
        INITIATIVE,
        "# a comment\n" + (root / INITIATIVE).read_text(encoding="utf-8"),
    )
    store = YamlDirStore(str(root))
    portfolio = store.load()
    before = snapshot(root)
    store.save(portfolio)
    YamlDirStore(str(root)).save(sample_portfolio())
    assert snapshot(root) == before


def test_saving_changes_only_the_files_that_change(root: Path) -> None:
    store = YamlDirStore(str(root))
    portfolio = store.load()
    before = snapshot(root)
    initiative = portfolio.initiatives[0]
    changed = attrs.evolve(
        portfolio,
        initiatives=(
            attrs.evolve(initiative, acronym="NSP2"),
            *portfolio.initiatives[1:],
        ),
    )
    store.save(changed)
    after = snapshot(root)
    assert {k for k in after if after[k] != before.get(k)} == {
        f"initiatives/{initiative.id}.yaml"
    }
    assert YamlDirStore(str(root)).load() == changed


def replace_initiative(portfolio: Portfolio, **changes: Any) -> Portfolio:
    initiatives = tuple(
        attrs.evolve(i, **changes) if i.id == "medarbejderudveksling" else i
        for i in portfolio.initiatives
    )
    return attrs.evolve(portfolio, initiatives=initiatives)


def hand_written(root: Path) -> str:
    text = """\
# Written by hand: keep these comments.
title:
  da: Medarbejderudveksling med Nordby   # the Danish title
  en: {text: Staff exchange with Nordby, method: human, review: unreviewed}
kind: staff-exchange
status: implementation   # still running
period: {start: 2021-09-01}
themes: [borgerservice]
participations:
  # Nordby is the only partner.
  - organisation: nordby
    role: implementing
"""
    write(root, INITIATIVE, text)
    return text


def test_save_keeps_comments_and_handwritten_style_of_a_changed_file(
    root: Path,
) -> None:
    text = hand_written(root)
    store = YamlDirStore(str(root))
    changed = replace_initiative(store.load(), status="finalisation", acronym="SX")
    store.save(changed)
    written = (root / INITIATIVE).read_text(encoding="utf-8")
    # The comment keeps its column; everything else is as the person wrote it.
    assert written == text.replace(
        "status: implementation   #", "status: finalisation     #"
    ).replace("kind: staff-exchange\n", "acronym: SX\nkind: staff-exchange\n")
    assert YamlDirStore(str(root)).load() == changed


def test_save_drops_a_value_set_back_to_its_default(root: Path) -> None:
    hand_written(root)
    store = YamlDirStore(str(root))
    # status was written out with its default value and stays; themes go.
    store.save(replace_initiative(store.load(), themes=()))
    written = (root / INITIATIVE).read_text(encoding="utf-8")
    assert "status: implementation" in written
    assert "themes" not in written
    assert "role: implementing" in written


def test_save_removes_files_of_entities_that_are_gone_and_nothing_else(
    root: Path,
) -> None:
    write(root, "README.md", "# Egeby\n")
    write(root, "strategies/international-strategi/notes.md", "notes\n")
    write(root, f"{UPDATES}/.editor-backup", "x\n")
    portfolio = sample_portfolio()
    smaller = attrs.evolve(portfolio, strategies=(), followups=(), partnerships=())
    YamlDirStore(str(root)).save(smaller)
    assert not (root / "partnerships").exists()
    assert not (root / "strategies/international-strategi/themes").exists()
    assert (root / "strategies/international-strategi/notes.md").is_file()
    assert (root / "README.md").is_file()
    assert (root / f"{UPDATES}/.editor-backup").is_file()
    assert YamlDirStore(str(root)).load() == smaller


def test_save_validates_everything_before_writing_anything(root: Path) -> None:
    before = snapshot(root)
    portfolio = sample_portfolio()
    bad_text = LocalizedText(values={"da": "ok", "Danish": "not a language tag"})
    initiative = attrs.evolve(portfolio.initiatives[-1], summary=bad_text)
    bad = attrs.evolve(
        portfolio,
        bodies=(),
        initiatives=(*portfolio.initiatives[:-1], initiative),
    )
    with pytest.raises(ValidationError) as caught:
        YamlDirStore(str(root)).save(bad)
    assert [f.path for f in caught.value.findings] == [
        "initiatives[samarbejdsprogram].summary.Danish"
    ]
    assert snapshot(root) == before


def test_save_refuses_two_entities_with_one_id(tmp_path: Path) -> None:
    portfolio = sample_portfolio()
    twice = attrs.evolve(portfolio, bodies=(*portfolio.bodies, portfolio.bodies[0]))
    with pytest.raises(ValidationError) as caught:
        YamlDirStore(str(tmp_path / "store")).save(twice)
    assert (
        only(list(caught.value.findings), "duplicate-id").path == "bodies/byraadet.yaml"
    )
    assert not (tmp_path / "store").exists()


def test_save_refuses_a_directory_that_is_no_store_but_has_its_folders(
    tmp_path: Path,
) -> None:
    write(tmp_path, "initiatives/someone-elses.yaml", "title: x\n")
    with pytest.raises(StorageError, match="not a munintl store"):
        YamlDirStore(str(tmp_path)).save(sample_portfolio())
    assert not (tmp_path / "municipality.yaml").exists()


def test_save_refuses_a_location_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(StorageError, match="is a file"):
        YamlDirStore(str(tmp_path / "file")).save(sample_portfolio())


def test_load_of_a_directory_without_municipality_file_says_so(tmp_path: Path) -> None:
    write(tmp_path, "municipality.yml", "id: x\n")
    with pytest.raises(StorageError, match=r"rename municipality\.yml"):
        YamlDirStore(str(tmp_path)).load()


def test_load_of_a_missing_directory_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="no such directory"):
        YamlDirStore(str(tmp_path / "nope")).load()


def test_revision_changes_when_a_file_is_edited_by_hand(root: Path) -> None:
    store = YamlDirStore(str(root))
    first = store.revision()
    write(root, "README.md", "not part of the store\n")
    assert store.revision() == first
    write(
        root, INITIATIVE, "# edited\n" + (root / INITIATIVE).read_text(encoding="utf-8")
    )
    assert store.revision() != first


def test_save_against_an_edited_store_raises_conflict(root: Path) -> None:
    store = YamlDirStore(str(root))
    portfolio = store.load()
    revision = store.revision()
    write(
        root, INITIATIVE, "# edited\n" + (root / INITIATIVE).read_text(encoding="utf-8")
    )
    before = snapshot(root)
    with pytest.raises(ConflictError):
        store.save(attrs.evolve(portfolio, followups=()), expected_revision=revision)
    assert snapshot(root) == before


def test_expected_revision_for_a_store_that_is_gone_raises_conflict(
    tmp_path: Path,
) -> None:
    with pytest.raises(ConflictError):
        YamlDirStore(str(tmp_path / "gone")).save(
            sample_portfolio(), expected_revision="x"
        )
    assert not (tmp_path / "gone").exists()


# -- crash safety ------------------------------------------------------------------


def changed_portfolio() -> Portfolio:
    """The sample with files to change, add and delete when saved over it."""
    portfolio = sample_portfolio()
    renamed = attrs.evolve(
        portfolio.municipality,
        name=LocalizedText(values={"da": "Ny Egeby Kommune", "en": "New Egeby"}),
    )
    return attrs.evolve(
        portfolio,
        municipality=renamed,
        organisations=portfolio.organisations[1:],
        bodies=(*portfolio.bodies, attrs.evolve(portfolio.bodies[0], id="nyt-udvalg")),
    )


class Crash(Exception):
    """The simulated end of the process."""


def count_replaces(root: Path) -> int:
    """Count the renames of saving the changed portfolio over the sample."""
    calls = 0
    real = os.replace

    def counting(src: str, dst: str) -> None:
        nonlocal calls
        calls += 1
        real(src, dst)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "replace", counting)
        YamlDirStore(str(root)).save(changed_portfolio())
    return calls


def crashing_replace(crash_at: int) -> Callable[[str, str], None]:
    """Return an os.replace that dies on its ``crash_at``-th call, and after."""
    real = os.replace
    calls = 0

    def replace(src: str, dst: str) -> None:
        nonlocal calls
        calls += 1
        if calls >= crash_at:
            raise Crash
        real(src, dst)

    return replace


def test_interrupted_save_leaves_the_old_or_the_new_portfolio(
    saved_sample: Path, tmp_path: Path
) -> None:
    total = count_replaces(Path(shutil.copytree(saved_sample, tmp_path / "probe")))
    outcomes = []
    for crash_at in range(1, total + 1):
        location = Path(shutil.copytree(saved_sample, tmp_path / f"store-{crash_at}"))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(os, "replace", crashing_replace(crash_at))
            with pytest.raises(Crash):
                YamlDirStore(str(location)).save(changed_portfolio())
        loaded = YamlDirStore(str(location)).load()
        assert loaded in (sample_portfolio(), changed_portfolio()), crash_at
        outcomes.append("new" if loaded == changed_portfolio() else "old")
        assert not journal.needs_recovery(location)
        assert not [p for p in location.rglob("*") if journal.TEMP_SUFFIX in p.name]
    # Before the commit the old data survives; after it, the new.
    assert outcomes == ["old", "old"] + ["new"] * (total - 2)


def test_keyboard_interrupt_while_writing_leaves_the_old_portfolio(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = journal._write_durably
    calls = 0

    def interrupted(path: Path, data: bytes) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(journal, "_write_durably", interrupted)
    with pytest.raises(KeyboardInterrupt):
        YamlDirStore(str(root)).save(changed_portfolio())
    monkeypatch.undo()
    assert YamlDirStore(str(root)).load() == sample_portfolio()


def test_next_load_undoes_a_save_killed_before_its_commit(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = journal._write_journal
    real_finish = journal._finish
    journals = 0

    def commit_kills(root_: Path, data: dict[str, object]) -> None:
        nonlocal journals
        journals += 1
        if journals == 2:
            raise Crash
        real_write(root_, data)

    def killed_finish(root_: Path, plan: dict[str, object], *, commit: bool) -> None:
        # A killed process cleans nothing up.
        if commit:
            real_finish(root_, plan, commit=commit)

    monkeypatch.setattr(journal, "_write_journal", commit_kills)
    monkeypatch.setattr(journal, "_finish", killed_finish)
    with pytest.raises(Crash):
        YamlDirStore(str(root)).save(changed_portfolio())
    monkeypatch.undo()
    assert journal.needs_recovery(root)
    assert [p for p in root.rglob("*") if journal.TEMP_SUFFIX in p.name]
    assert YamlDirStore(str(root)).load() == sample_portfolio()
    assert not [p for p in root.rglob("*") if journal.TEMP_SUFFIX in p.name]
    assert not journal.needs_recovery(root)


def test_next_load_finishes_a_save_killed_after_its_commit(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(*_args: object, **_kwargs: object) -> None:
        raise Crash

    monkeypatch.setattr(journal, "_finish", killed)
    with pytest.raises(Crash):
        YamlDirStore(str(root)).save(changed_portfolio())
    monkeypatch.undo()
    assert journal.needs_recovery(root)
    store = YamlDirStore(str(root))
    assert store.revision() is not None  # reading the revision recovers too
    assert not journal.needs_recovery(root)
    assert store.load() == changed_portfolio()


def test_damaged_journal_is_reported_not_followed(root: Path) -> None:
    write(
        root, journal.JOURNAL, '{"state": "committed", "write": [], "delete": ["../x"]}'
    )
    with pytest.raises(StorageError, match="damaged"):
        YamlDirStore(str(root)).load()
    write(root, journal.JOURNAL, "{not json")
    with pytest.raises(StorageError, match="damaged"):
        YamlDirStore(str(root)).load()


def test_save_gives_up_while_another_save_holds_the_lock(root: Path) -> None:
    store = YamlDirStore(str(root), YamlDirSettings(lock_timeout=0))
    with (
        journal.locked(root, exclusive=True),
        pytest.raises(StorageError, match="another"),
    ):
        store.save(changed_portfolio())
    assert YamlDirStore(str(root)).load() == sample_portfolio()


def test_reads_share_the_lock(root: Path) -> None:
    store = YamlDirStore(str(root), YamlDirSettings(lock_timeout=0))
    with journal.locked(root, exclusive=False):
        assert store.load() == sample_portfolio()


# -- speed and Windows ------------------------------------------------------------


def test_save_after_load_parses_only_the_files_that_change(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = YamlDirStore(str(root))
    portfolio = store.load()
    parsed: list[str] = []
    real = yamlio.parse

    def counting(yaml: Any, text: str) -> Any:
        parsed.append(text)
        return real(yaml, text)

    monkeypatch.setattr(yamlio, "parse", counting)
    store.save(portfolio)
    assert parsed == []
    store.save(replace_initiative(portfolio, acronym="SX"))
    # The changed file is parsed once, to merge into it.
    assert len(parsed) == 1
    assert parsed[0] == (root / INITIATIVE).read_text(encoding="utf-8").replace(
        "acronym: SX\n", ""
    )


def test_files_with_windows_line_endings_load_and_are_left_alone(root: Path) -> None:
    path = root / INITIATIVE
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = snapshot(root)
    store = YamlDirStore(str(root))
    assert store.load() == sample_portfolio()
    store.save(sample_portfolio())
    assert snapshot(root) == before


@pytest.mark.skipif(
    sys.platform == "win32", reason="symlinks need privileges on Windows"
)
def test_file_that_cannot_be_read_is_a_finding(root: Path) -> None:
    (root / "organisations/gone.yaml").symlink_to(root / "organisations/nowhere.yaml")
    found = only(findings(root), "unreadable-file")
    assert found.file == str(root / "organisations/gone.yaml")
    assert found.path == "organisations[gone]"


def test_what_the_system_refuses_is_a_storage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(StorageError, match="cannot save to"):
        YamlDirStore(str(tmp_path / "file" / "store")).save(sample_portfolio())
