"""The YAML directory store: reading files into findings, locating, careful saving.

Strict YAML reading is tested in ``test_yamlio.py``, the mapping of files
to entities in ``test_layout.py``, crash safety and locking in
``test_journal.py``; the storage contract in ``test_contract.py``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import attrs
import pytest

from munintl.errors import ConflictError, Finding, StorageError, ValidationError
from munintl.model import LocalizedText
from munintl.plugins.storage.yaml_dir import yamlio
from munintl.plugins.storage.yaml_dir.store import YamlDirStore
from munintl.testing.samples import sample_portfolio
from plugins.storage.yaml_dir.helpers import (
    INITIATIVE,
    THEMES,
    UPDATES,
    findings,
    only,
    organisation,
    replace_initiative,
    snapshot,
    write,
)

# -- reading: what a file must hold ----------------------------------------------


def test_empty_file_says_what_was_expected(root: Path) -> None:
    write(root, INITIATIVE, "# nothing here yet\n")
    found = only(findings(root), "empty-file")
    assert "expected an initiative (title, kind)" in found.message
    assert found.path == "initiatives[medarbejderudveksling]"


@pytest.mark.parametrize(
    ("text", "shape"), [("- a\n- b\n", "a list"), ("x\n", "a single value")]
)
def test_top_level_must_be_a_mapping(root: Path, text: str, shape: str) -> None:
    write(root, INITIATIVE, text)
    found = only(findings(root), "not-a-mapping")
    assert shape in found.message
    assert found.line == 1


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
    assert (found.line, found.column) == (17, 11)


def test_missing_field_points_at_the_mapping_that_lacks_it(root: Path) -> None:
    write(root, "organisations/nordby.yaml", "# Nordby\ntype: municipality\n")
    found = only(findings(root), "missing-field")
    assert found.path == "organisations[nordby].name"
    assert (found.line, found.column) == (2, 1)


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
        ("initiatives[medarbejderudveksling].period.start", INITIATIVE, 7),
        ("initiatives[samarbejdsprogram].participations[1].organisation", None, 21),
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


# -- which files belong to the store ------------------------------------------------


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


def test_what_the_system_refuses_is_a_storage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(StorageError, match="cannot save to"):
        YamlDirStore(str(tmp_path / "file" / "store")).save(sample_portfolio())


def _age(root: Path) -> None:
    """Make every file of the store look a minute old (past the racy window)."""
    then = time.time() - 60
    for path in root.rglob("*.yaml"):
        os.utime(path, (then, then))


def test_save_reads_no_file_whose_status_proves_it_unchanged(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _age(root)
    store = YamlDirStore(str(root))
    portfolio = store.load()
    read: list[Path] = []
    real = Path.read_bytes

    def counting(self: Path) -> bytes:
        read.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    store.save(portfolio)
    assert read == []
    store.save(replace_initiative(portfolio, acronym="SX"))
    # Read to merge into it, and once written to take the store's revision.
    assert set(read) == {root / INITIATIVE}


def test_a_hand_edit_after_load_is_seen_by_revision_and_save(root: Path) -> None:
    _age(root)
    store = YamlDirStore(str(root))
    portfolio = store.load()
    revision = store.revision()
    text = (root / INITIATIVE).read_text(encoding="utf-8")
    write(root, INITIATIVE, text.replace("start: 2021-09", "start: 2021-10"))
    assert store.revision() != revision
    store.save(portfolio)
    assert (root / INITIATIVE).read_text(encoding="utf-8") == text
    assert YamlDirStore(str(root)).load() == portfolio
