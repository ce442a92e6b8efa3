"""A message, not a traceback: hostile input that once crashed the CLI.

Each case is a file a careless user or an attacker could hand munintl: a
number of 5,000 digits (Python's limit for reading numbers is 4,300), data
nested thousands of levels deep, themes nested hundreds of levels deep, a
``munintl.toml`` saved as Latin-1, ``tool = "x"`` in a ``pyproject.toml``.
Every command that reads the portfolio ends with exit status 1 and one line
naming the file, the line and what to change.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner, Result

import munintl
from munintl.cli import main
from munintl.model import LocalizedText, Theme
from munintl.model.strategy import MAX_THEME_DEPTH
from munintl.wire.limits import MAX_DEPTH, long_number, too_deep

EXAMPLE = Path(__file__).parent.parent / "examples" / "skanderborg"
THEMES = "strategies/international-strategi/themes"
BIG = "9" * 5000


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_refused(result: Result, file: Path, line: int | None, words: str) -> None:
    """Exit 1, no traceback, and a line naming ``file`` (and ``line``) saying ``words``."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    where = f"{file}:{line}:" if line is not None else f"{file}:"
    matching = [
        text
        for text in result.output.splitlines()
        if text.startswith(where) and words in text
    ]
    assert matching, result.output


def copy_example(tmp_path: Path) -> Path:
    target = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture(scope="module")
def example_json(tmp_path_factory: pytest.TempPathFactory) -> str:
    target = tmp_path_factory.mktemp("json") / "portfolio.json"
    assert run("convert", str(EXAMPLE), str(target)).exit_code == 0
    return target.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def example_toml(tmp_path_factory: pytest.TempPathFactory) -> str:
    pytest.importorskip("tomli_w")
    target = tmp_path_factory.mktemp("toml") / "portfolio.toml"
    assert run("convert", str(EXAMPLE), str(target)).exit_code == 0
    return target.read_text(encoding="utf-8")


# -- numbers longer than Python reads --------------------------------------------


def test_json_with_a_5000_digit_number_is_refused_at_its_line(
    tmp_path: Path, example_json: str
) -> None:
    target = tmp_path / "portfolio.json"
    text = example_json.replace('"status": "closed"', f'"count": {BIG}', 1)
    target.write_text(text, encoding="utf-8")
    line = text[: text.index(BIG)].count("\n") + 1
    for command in ("validate", "show"):
        assert_refused(run(command, str(target)), target, line, "5,000 digits")


def test_toml_with_a_5000_digit_number_is_refused_at_its_line(
    tmp_path: Path, example_toml: str
) -> None:
    target = tmp_path / "portfolio.toml"
    text = example_toml + f"\nextra = {BIG}\n"
    target.write_text(text, encoding="utf-8")
    line = text[: text.index(BIG)].count("\n") + 1
    for command in ("validate", "show"):
        assert_refused(run(command, str(target)), target, line, "5,000 digits")


def test_yaml_with_a_5000_digit_number_is_refused_at_its_line(tmp_path: Path) -> None:
    folder = copy_example(tmp_path)
    municipality = folder / "municipality.yaml"
    text = municipality.read_text(encoding="utf-8") + f"population: {BIG}\n"
    municipality.write_text(text, encoding="utf-8")
    line = text.count("\n")
    for command in ("validate", "show"):
        assert_refused(run(command, str(folder)), municipality, line, "5,000 digits")


def test_long_number_counts_digits_and_underscores() -> None:
    assert long_number("x = 1_000\n") is None
    found = long_number("a = 1\nb = " + "1_2" * 3000 + "\n")
    assert found == (2, 5, 6000)


# -- nesting deeper than the stack ----------------------------------------------


def test_toml_nested_5000_deep_is_refused_where_it_passes_the_limit(
    tmp_path: Path, example_toml: str
) -> None:
    target = tmp_path / "portfolio.toml"
    target.write_text(
        "deep = " + "[" * 5000 + "]" * 5000 + "\n" + example_toml, encoding="utf-8"
    )
    for command in ("validate", "show"):
        result = run(command, str(target))
        assert_refused(result, target, 1, "nested too deeply")
        assert f"{target}:1:{len('deep = ') + MAX_DEPTH + 1}:" in result.output


@pytest.mark.parametrize("depth", [5000, 100_000])
def test_json_nested_deeper_than_the_stack_is_refused_with_its_line(
    tmp_path: Path, depth: int
) -> None:
    target = tmp_path / "portfolio.json"
    target.write_text('{\n"x": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    assert_refused(run("validate", str(target)), target, 2, "nested too deeply")


def test_nesting_in_strings_and_comments_does_not_count() -> None:
    brackets = "[" * (MAX_DEPTH + 5)
    assert too_deep(f'["{brackets}"]') is None
    assert too_deep(f"# {brackets}\nx = 1\n", toml=True) is None
    assert too_deep(f"x = '''{brackets}'''\n", toml=True) is None
    assert too_deep(f"x = {brackets}", toml=True) == (1, 5 + MAX_DEPTH)


# -- themes nested hundreds of levels deep -------------------------------------


def _nest_theme_files(folder: Path, depth: int) -> Path:
    """Hang a chain of ``depth`` themes below a policy area of the example.

    The example's one top theme is an umbrella over its policy areas, so a
    policy area is level 2 and ``chain-k`` level ``k + 2``.  Returns the
    theme file at the deepest level allowed, whose list goes one too deep.
    """
    themes = folder / THEMES
    umbrella = themes / "mangfoldighed-aabenhed-og-livskvalitet.yaml"
    area = "aktivt-liv-og-interkulturel-forstaaelse"
    assert f"- {area}" in umbrella.read_text(encoding="utf-8")
    first = themes / f"{area}.yaml"
    text = first.read_text(encoding="utf-8")
    assert "\nthemes:" not in text
    first.write_text(text + "themes: [chain-1]\n", encoding="utf-8")
    for level in range(1, depth + 1):
        children = f"themes: [chain-{level + 1}]\n" if level < depth else ""
        (themes / f"chain-{level}.yaml").write_text(
            f"title: {{da: Niveau {level}, en: Level {level}, de: Ebene {level}}}\n"
            + children,
            encoding="utf-8",
        )
    return themes / f"chain-{MAX_THEME_DEPTH - 2}.yaml"


@pytest.mark.parametrize("depth", [600, 3000])
def test_yaml_themes_nested_too_deep_are_one_finding_at_the_list(
    tmp_path: Path, depth: int
) -> None:
    folder = copy_example(tmp_path)
    culprit = _nest_theme_files(folder, depth)
    result = run("validate", str(folder))
    assert_refused(result, culprit, 2, f"more than {MAX_THEME_DEPTH} levels deep")
    assert "crashed" not in result.output
    assert result.output.count("[theme-too-deep]") == 1
    assert "not listed" not in result.output


def test_yaml_themes_at_the_limit_validate_and_render(tmp_path: Path) -> None:
    folder = copy_example(tmp_path)
    _nest_theme_files(folder, MAX_THEME_DEPTH - 2)
    portfolio = munintl.load(str(folder))
    deepest = max(theme.depth() for theme in portfolio.strategies[0].themes)
    assert deepest == MAX_THEME_DEPTH
    errors = [f for f in munintl.validate(portfolio) if f.severity == "error"]
    assert errors == []
    for kind in ("overview", "register"):
        assert munintl.render(portfolio, kind=kind, format="html", lang="da")


def test_json_themes_nested_too_deep_are_refused_with_their_line(
    tmp_path: Path, example_json: str
) -> None:
    data = json.loads(example_json)
    theme: dict[str, object] = {"id": "chain-0", "title": {"da": "x"}}
    for level in range(1, 200):
        theme = {"id": f"chain-{level}", "title": {"da": "x"}, "themes": [theme]}
    data["strategies"][0]["themes"].append(theme)
    target = tmp_path / "portfolio.json"
    target.write_text(json.dumps(data, indent=1), encoding="utf-8")
    result = run("validate", str(target))
    # The theme below the limit: chain-199 is level 1, chain-179 level 21.
    text = target.read_text(encoding="utf-8")
    line = text[: text.index('"chain-179"')].count("\n") + 1
    assert_refused(result, target, line - 1, f"more than {MAX_THEME_DEPTH} levels")


def test_rules_do_not_crash_on_themes_built_600_deep_in_python() -> None:
    portfolio = munintl.load(str(EXAMPLE))
    strategy = portfolio.strategies[0]
    chain = Theme(id="chain-0", title=LocalizedText.of(da="x", en="x", de="x"))
    for level in range(1, 600):
        chain = Theme(
            id=f"chain-{level}",
            title=LocalizedText.of(da="x", en="x", de="x"),
            themes=(chain,),
        )
    deep = attrs.evolve(strategy, themes=(*strategy.themes, chain))
    findings = munintl.validate(attrs.evolve(portfolio, strategies=(deep,)))
    assert not [f for f in findings if "crashed" in f.message]
    too_deep_ = [f for f in findings if f.code == "theme-too-deep"]
    assert [f.path for f in too_deep_] == [
        f"themes[chain-{600 - MAX_THEME_DEPTH}].themes"
    ]
    assert len(list(chain.walk())) == 600
    assert chain.depth() == 600


# -- the configuration ------------------------------------------------------------


def test_latin1_munintl_toml_is_refused_with_its_line(tmp_path: Path) -> None:
    folder = copy_example(tmp_path)
    config = folder / "munintl.toml"
    config.write_bytes('# Skanderborg\nlanguages = ["da"]  # æøå\n'.encode("latin-1"))
    for command in ("validate", "show"):
        assert_refused(run(command, str(folder)), config, 2, "save it as UTF-8")


@pytest.mark.parametrize(
    ("text", "line", "header"),
    [
        ('tool = "x"\n\n[project]\nname = "x"\n', 1, "tool must be a table"),
        ("[project]\nname = 'x'\n\n[tool]\nmunintl = 3\n", 5, "tool.munintl must be"),
        ('tool.munintl = "da"\n', 1, "tool.munintl must be"),
    ],
)
def test_pyproject_with_tool_not_a_table_is_refused_with_its_line(
    tmp_path: Path, text: str, line: int, header: str
) -> None:
    folder = copy_example(tmp_path)
    (folder / "munintl.toml").unlink()
    pyproject = folder / "pyproject.toml"
    pyproject.write_text(text, encoding="utf-8")
    for command in ("validate", "show"):
        assert_refused(run(command, str(folder)), pyproject, line, header)


@pytest.mark.parametrize(
    ("value", "words"),
    [(BIG, "5,000 digits"), ("[" * 5000 + "]" * 5000, "nested too deeply")],
)
def test_munintl_toml_beyond_the_parser_is_refused_with_its_line(
    tmp_path: Path, value: str, words: str
) -> None:
    folder = copy_example(tmp_path)
    config = folder / "munintl.toml"
    text = config.read_text(encoding="utf-8") + f"\n[plugins.json]\nindent = {value}\n"
    config.write_text(text, encoding="utf-8")
    line = text.count("\n")
    for command in ("validate", "show"):
        assert_refused(run(command, str(folder)), config, line, words)
