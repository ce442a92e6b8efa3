"""Did-you-mean: one helper, used for commands, report kinds, formats and suffixes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from munintl.cli import main
from munintl.cli._suggest import closest, did_you_mean
from munintl.hooks.manager import MunintlPluginManager

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "skanderborg"


@pytest.mark.parametrize(
    ("word", "choices", "expected"),
    [
        ("validat", ["validate", "show", "schema"], "validate"),
        ("overveiw", ["followup", "overview", "register"], "overview"),
        ("HTML", ["html", "markdown"], "html"),
        (".jsn", [".json", ".toml"], ".json"),
        (".htmll", [".html", ".htm", ".md"], ".html"),
        (".xml", [".json", ".toml"], None),  # the dots alone are no likeness
        ("frobnicate", ["validate", "show", "report"], None),
        ("anything", [], None),
    ],
)
def test_closest(word: str, choices: list[str], expected: str | None) -> None:
    assert closest(word, choices) == expected


def test_did_you_mean_is_empty_without_a_close_choice() -> None:
    assert did_you_mean("zzz", ["html"]) == ""
    assert did_you_mean("htm", ["html"]) == "; did you mean 'html'?"


def test_did_you_mean_can_list_what_is_installed() -> None:
    assert did_you_mean("htm", ["html"], "html, pdf") == (
        "; did you mean 'html'? Installed: html, pdf"
    )
    assert did_you_mean("zzz", ["html"], "html, pdf") == "; installed: html, pdf"


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def test_mistyped_command_gets_a_did_you_mean() -> None:
    result = invoke("validat", EXAMPLE)
    assert result.exit_code == 2
    assert "Error: no command named 'validat'; did you mean 'validate'?" in (
        result.stderr
    )


def test_unknown_command_far_from_any_gets_no_guess() -> None:
    result = invoke("frobnicate")
    assert result.exit_code == 2
    assert "no command named 'frobnicate'" in result.stderr
    assert "did you mean" not in result.stderr


def test_mistyped_option_keeps_clicks_own_suggestion() -> None:
    result = invoke("validate", "--strcit", EXAMPLE)
    assert result.exit_code == 2
    assert "--strcit" in result.stderr
    assert "--strict" in result.stderr  # click suggests options itself


def test_mistyped_kind_gets_a_did_you_mean_before_the_portfolio_is_read(
    plugin_manager: MunintlPluginManager, tmp_path: Path
) -> None:
    # tmp_path holds no portfolio: the kind is checked first
    result = invoke("report", tmp_path, "--kind", "overveiw", "-f", "json")
    assert result.exit_code == 2
    assert (
        "no report kind named 'overveiw'; did you mean 'overview'?"
        " Installed: followup, overview, register"
    ) in result.stderr


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("htmll", "no report format named 'htmll'; did you mean 'html'? Installed:"),
        ("mdd", "no report format named 'mdd'; did you mean 'md'? Installed:"),
        ("XLSXX", "no report format named 'XLSXX'; did you mean 'xlsx'? Installed:"),
        ("odt", "no report format named 'odt'; installed: "),
    ],
)
def test_mistyped_format_gets_a_did_you_mean(
    plugin_manager: MunintlPluginManager, given: str, expected: str
) -> None:
    result = invoke("report", EXAMPLE, "--kind", "overview", "-f", given)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "json (.json)" in result.stderr


def test_unknown_output_suffix_gets_a_did_you_mean(
    plugin_manager: MunintlPluginManager, tmp_path: Path
) -> None:
    target = tmp_path / "overview.htmll"
    result = invoke("report", EXAMPLE, "--kind", "overview", "-o", target)
    assert result.exit_code == 2
    assert "no report format writes .htmll files; did you mean '.html'?" in (
        result.stderr
    )
    assert not target.exists()


def test_unknown_template_suffix_gets_a_did_you_mean(
    plugin_manager: MunintlPluginManager, tmp_path: Path
) -> None:
    template = tmp_path / "mine.docxx"
    template.write_bytes(b"")
    result = invoke(
        "report", EXAMPLE, "--kind", "overview", "-f", "json", "--template", template
    )
    assert result.exit_code == 2
    assert "no report format writes .docxx files; did you mean '.docx'?" in (
        result.stderr
    )


def test_failed_plugins_are_named_with_what_is_installed(
    plugin_manager: MunintlPluginManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    from munintl.hooks.manager import PluginInfo

    broken = PluginInfo(
        name="munintl-letters", source="entry point", status="failed", error="boom"
    )
    monkeypatch.setattr(plugin_manager, "failures", lambda: [broken])
    result = invoke("report", EXAMPLE, "--kind", "letter", "-f", "json")
    assert result.exit_code == 2
    assert "; plugins that failed to load: munintl-letters" in result.stderr
