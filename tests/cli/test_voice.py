"""The command line's one voice, in every language munintl speaks."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner, Result

from munintl import i18n
from munintl.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "skanderborg"


@pytest.fixture
def compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Compile the catalogs as they are in the source tree and use them."""
    locale = tmp_path / "locale"
    for language in i18n.LANGUAGES:
        po = i18n.LOCALE_DIR / language / "LC_MESSAGES" / "munintl.po"
        mo = locale / language / "LC_MESSAGES" / "munintl.mo"
        mo.parent.mkdir(parents=True)
        with po.open("rb") as source, mo.open("wb") as target:
            write_mo(target, read_po(source, locale=language), use_fuzzy=False)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    i18n._clear()  # catalog_dirs keeps LOCALE_DIR too
    yield
    i18n._clear()  # catalog_dirs keeps LOCALE_DIR too


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The example with a misspelt key: a shape error."""
    target = tmp_path / "skanderborg"
    shutil.copytree(EXAMPLE, target)
    initiative = target / "initiatives" / "innourba.yaml"
    text = initiative.read_text(encoding="utf-8")
    initiative.write_text(text.replace("period:", "perod:", 1), encoding="utf-8")
    return target


def invoke(language: str, *args: str | Path) -> Result:
    return CliRunner().invoke(
        main, [str(arg) for arg in args], env={"MUNINTL_LANG": language}
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "{path}: not valid (1 error, 0 warnings)"),
        ("da", "{path}: ikke gyldig (1 fejl, 0 advarsler)"),
        ("de", "{path}: ungültig (1 Fehler, 0 Warnungen)"),
    ],
)
def test_a_shape_error_ends_with_the_closing_line_of_a_check(
    compiled: None, broken: Path, language: str, expected: str
) -> None:
    for command in ("validate", "show"):
        result = invoke(language, command, broken)
        assert result.exit_code == 1
        assert result.stderr.splitlines()[-1] == expected.format(path=broken)


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "; nothing was written"),
        ("da", "; intet blev skrevet"),
        ("de", "; nichts wurde geschrieben"),
    ],
)
def test_commands_that_write_say_that_nothing_was_written(
    compiled: None, broken: Path, tmp_path: Path, language: str, written: str
) -> None:
    for args in (
        ("convert", broken, tmp_path / "out.json"),
        ("report", broken, "--kind", "overview", "-o", tmp_path / "o.md"),
    ):
        result = invoke(language, *args)
        assert result.exit_code == 1, result.output
        assert result.stderr.splitlines()[-1].endswith(written)
    assert not (tmp_path / "out.json").exists()
    assert not (tmp_path / "o.md").exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "no command named 'validat'; did you mean 'validate'?"),
        ("da", "ingen kommando ved navn 'validat'; mente du 'validate'?"),
        ("de", "kein Befehl namens 'validat'; meinten Sie 'validate'?"),
    ],
)
def test_did_you_mean_speaks_the_users_language(
    compiled: None, language: str, expected: str
) -> None:
    result = invoke(language, "validat", EXAMPLE)
    assert result.exit_code == 2
    assert expected in result.stderr


def test_other_failures_are_one_munintl_line(compiled: None, tmp_path: Path) -> None:
    result = invoke("da", "validate", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"munintl: {tmp_path}: her er ingen portefølje gemt\n"
    assert result.stdout == ""
