"""What every command shares: findings, verdicts, locations, loading (cli._common)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import munintl
from munintl.cli import _common
from munintl.errors import Finding, StorageError
from munintl.hooks.records import StorageBackend
from munintl.storage import save
from munintl.testing.samples import sample_portfolio


def error(code: str = "E1", **kwargs: object) -> Finding:
    return Finding(code=code, message="broken", **kwargs)  # type: ignore[arg-type]


def warning(code: str = "W1") -> Finding:
    return Finding(code=code, message="odd", severity="warning")


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "portfolio.json"
    save(sample_portfolio(), str(path))
    return path


def test_count_findings_counts_errors_and_warnings_apart() -> None:
    assert _common.count_findings([]) == (0, 0)
    assert _common.count_findings([error(), warning(), error(), warning()]) == (2, 2)
    info = Finding(code="I1", message="fyi", severity="info")  # type: ignore[arg-type]
    assert _common.count_findings([info, error()]) == (1, 0)


@pytest.mark.parametrize(
    ("findings", "valid", "written", "expected"),
    [
        ([], True, False, "here: valid (0 errors, 0 warnings)"),
        ([warning(), warning()], True, False, "here: valid (0 errors, 2 warnings)"),
        ([error()], False, False, "here: not valid (1 error, 0 warnings)"),
        (
            [error(), error(), warning()],
            False,
            True,
            "here: not valid (2 errors, 1 warning); nothing was written",
        ),
    ],
)
def test_verdict_says_valid_or_not_with_counts(
    findings: list[Finding], valid: bool, written: bool, expected: str
) -> None:
    assert (
        _common.verdict("here", findings, valid=valid, nothing_written=written)
        == expected
    )


def test_print_findings_writes_one_line_each_to_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _common.print_findings(
        [error(file="a.yaml", line=3, column=5, path="initiatives[x]"), warning()]
    )
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "a.yaml:3:5: initiatives[x]: broken [E1]",
        "warning: odd [W1]",
    ]


def test_fail_says_munintl_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        _common.fail("it broke")
    assert exited.value.code == _common.EXIT_INVALID == 1
    assert capsys.readouterr() == ("", "munintl: it broke\n")


def test_fail_invalid_lists_findings_then_the_verdict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        _common.fail_invalid("dir", [error(path="p")], nothing_written=True)
    assert exited.value.code == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "p: broken [E1]",
        "dir: not valid (1 error, 0 warnings); nothing was written",
    ]


def test_describe_backend_lists_what_locations_it_takes() -> None:
    def factory(location: str, settings: object) -> object:
        raise AssertionError

    json_like = StorageBackend(name="j", factory=factory, suffixes=(".json",))  # type: ignore[arg-type]
    both = StorageBackend(
        name="db",
        factory=factory,  # type: ignore[arg-type]
        schemes=("db", "dbs"),
        directory=True,
    )
    bare = StorageBackend(name="bare", factory=factory)  # type: ignore[arg-type]
    assert _common.describe_backend(json_like) == "j (.json)"
    assert _common.describe_backend(both) == "db (directory db:// dbs://)"
    assert _common.describe_backend(bare) == "bare"


def test_no_failed_plugins_adds_nothing() -> None:
    manager = munintl.get_plugin_manager()
    assert list(manager.failures()) == []
    assert _common.failed_plugins(manager) == ""


def test_a_location_a_backend_takes_has_no_problem(tmp_path: Path) -> None:
    manager = munintl.get_plugin_manager()
    assert _common.location_problem(str(tmp_path / "p.json"), manager) is None
    assert _common.location_problem(str(tmp_path), manager) is None


def test_a_misspelt_suffix_or_scheme_gets_a_suggestion() -> None:
    manager = munintl.get_plugin_manager()
    suffix = _common.location_problem("p.jsn", manager)
    assert suffix is not None
    assert suffix.startswith(
        "no storage backend reads or writes .jsn files; did you mean '.json'?"
    )
    assert "json (.json)" in suffix
    assert "yaml (directory)" in suffix
    scheme = _common.location_problem("sqlit://x.db", manager)
    assert scheme is not None
    assert scheme.startswith(
        "no storage backend handles sqlit:// locations; did you mean 'sqlite'?"
    )


def test_an_unknown_suffix_lists_what_is_installed() -> None:
    problem = _common.location_problem("p.xyz", munintl.get_plugin_manager())
    assert problem is not None
    assert problem.startswith("no storage backend reads or writes .xyz files;")
    assert "json (.json)" in problem


def location_command(exists: bool) -> click.Command:
    @click.command()
    @click.argument("where", type=_common.Location(exists=exists))
    def command(where: str) -> None:
        click.echo(f"got {where}")

    return command


def test_location_parameter_accepts_a_location_a_backend_takes(saved: Path) -> None:
    result = CliRunner().invoke(location_command(True), [str(saved)])
    assert result.exit_code == 0, result.output
    assert result.output == f"got {saved}\n"


def test_location_parameter_refuses_a_missing_path_or_unknown_kind(
    tmp_path: Path,
) -> None:
    missing = CliRunner().invoke(location_command(True), [str(tmp_path / "no.json")])
    assert missing.exit_code == 2
    assert "does not exist" in missing.output
    new = CliRunner().invoke(location_command(False), [str(tmp_path / "new.json")])
    assert new.exit_code == 0, new.output
    unknown = CliRunner().invoke(location_command(False), [str(tmp_path / "x.jsn")])
    assert unknown.exit_code == 2
    assert "did you mean '.json'?" in unknown.output


def test_load_portfolio_reads_what_was_saved(saved: Path) -> None:
    portfolio, store, config = _common.load_portfolio(
        str(saved), munintl.get_plugin_manager()
    )
    assert portfolio == sample_portfolio()
    assert store.exists()
    assert config.path is None


def test_load_portfolio_where_nothing_is_stored_is_a_storage_error(
    tmp_path: Path,
) -> None:
    location = str(tmp_path / "none.json")
    with pytest.raises(StorageError, match="no portfolio is stored here"):
        _common.load_portfolio(location, munintl.get_plugin_manager())


def test_open_portfolio_exits_1_with_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    location = str(tmp_path / "none.json")
    with pytest.raises(SystemExit) as exited:
        _common.open_portfolio(location)
    assert exited.value.code == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"munintl: {location}: no portfolio is stored here\n"


def test_open_portfolio_with_bad_shape_lists_findings_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"municipality": {"id": 5}}), encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        _common.open_portfolio(str(path), writes=True)
    assert exited.value.code == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1].startswith(f"{path}: not valid (")
    assert lines[-1].endswith("; nothing was written")
    assert len(lines) >= 2
    assert all("[" in line for line in lines[:-1])


def test_open_portfolio_returns_the_portfolio(saved: Path) -> None:
    portfolio, _store, _config = _common.open_portfolio(str(saved))
    assert portfolio.municipality.id == "egeby"
