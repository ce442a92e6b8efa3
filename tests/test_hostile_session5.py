"""Hostile input, fifth campaign: every surface tried as an attacker and as a careless user.

The standard is issue 9's: a clear message (exit 1) naming the file, line
and field where there is one, no traceback, nothing written; nothing read
from outside the data folder; what validates renders — in bounded time, so
a long value cannot stall a report.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from munintl.cli import main
from munintl.reports.rendering.markup import typst_keeping_hyphenated

ROOT = Path(__file__).resolve().parents[1]
EXEMPELBY = ROOT / "examples" / "exempelby"

# -- long values ------------------------------------------------------------------


def test_a_long_word_in_a_pdf_cell_is_set_in_one_pass() -> None:
    # A single pattern for "a word holding a hyphen" tried every start of a
    # long word again: a 200,000-letter title held the PDF for minutes, and
    # this million-letter one would take hours.
    word = "K" * 1_000_000
    assert typst_keeping_hyphenated(word) == f'#"{word}"'
    assert typst_keeping_hyphenated(word + " 1194-BR x") == (
        f'#{{"{word} "; box("1194-BR"); " x"}}'
    )


# -- munintl.toml ---------------------------------------------------------------


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def assert_refused(result: Result) -> str:
    """Exit 1 through SystemExit, no traceback; return the output."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception
    )
    assert "Traceback" not in result.output
    return result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def exempelby(tmp_path: Path) -> Path:
    target = tmp_path / "exempelby"
    shutil.copytree(EXEMPELBY, target)
    return target


@pytest.mark.parametrize(
    ("settings", "where"),
    [
        ('languages = ["../../../tmp/x", "sv"]\n', "munintl.toml:1: languages[0]:"),
        ('languages = ["' + "a" * 10_000 + '"]\n', "munintl.toml:1: languages[0]:"),
        (
            'languages = ["sv"]\n[fallback]\n"a/b" = ["sv"]\n',
            "munintl.toml:3: fallback.a/b:",
        ),
        (
            'languages = ["sv"]\n[fallback]\nsv = ["..", "en"]\n',
            "munintl.toml:3: fallback.sv[0]:",
        ),
        ('label_fallback = "/etc"\n', "munintl.toml:1: label_fallback:"),
        ('[labels."../x"]\nPartnerships = "y"\n', "munintl.toml:1: labels.../x:"),
        ('[report.locales]\nen = "en-US; x"\n', "munintl.toml:2: report.locales.en:"),
    ],
)
def test_a_setting_naming_a_language_takes_a_language_tag(
    exempelby: Path, settings: str, where: str
) -> None:
    # languages = ["../../x"] validated and then failed every report: a
    # report language becomes part of file names and locale look-ups.
    (exempelby / "munintl.toml").write_text(settings, encoding="utf-8")
    before = snapshot(exempelby)
    output = assert_refused(run("validate", exempelby))
    assert where in output
    assert "a" * 100 not in output  # a long value is quoted briefly
    assert snapshot(exempelby) == before


@pytest.mark.parametrize(
    ("settings", "where", "says"),
    [
        (
            '[templates]\nhtml = "bodies"\n',
            "munintl.toml:2: templates.html:",
            "not a file",
        ),
        (
            '[plugins.html]\ntemplate = "bodies"\n',
            "munintl.toml:2: plugins.html.template:",
            "not a file",
        ),
        (
            '[plugins.docx]\ntemplate = "/etc/passwd"\n',
            "munintl.toml:2: plugins.docx.template:",
            "absolute path",
        ),
        (
            '[templates]\nhtml = "' + "a" * 5_000 + '"\n',
            "munintl.toml:2: templates.html:",
            "cannot be looked up",
        ),
        (
            '[templates]\nmarkdown = "' + "a/" * 3_000 + 'x"\n',
            "munintl.toml:2: templates.markdown:",
            "cannot be looked up",
        ),
    ],
)
def test_a_template_path_that_cannot_render_is_refused_by_validate(
    exempelby: Path, settings: str, where: str, says: str
) -> None:
    # Each validated and then failed the report (a folder as template, the
    # DOCX reference document outside the folder), or was a traceback (a
    # name longer than the system takes).
    (exempelby / "munintl.toml").write_text(settings, encoding="utf-8")
    output = assert_refused(run("validate", exempelby))
    assert where in output
    assert says in output
    assert "a" * 100 not in output


def test_a_folder_named_munintl_toml_is_refused(exempelby: Path) -> None:
    # Was passed over: the portfolio silently had the default settings.
    (exempelby / "munintl.toml").unlink()
    (exempelby / "munintl.toml").mkdir()
    for command in ("validate", "show"):
        output = assert_refused(run(command, exempelby))
        assert "munintl.toml: the settings are read from a file" in output


def _docx_with(part: str, data: bytes, *, compress: bool = True) -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            body = data if item.filename == part else source.read(item)
            target.writestr(item.filename, body)
        if part not in source.namelist():
            target.writestr(part, data)
    return out.getvalue()


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"&b;</w:styles>"
)


@pytest.mark.parametrize(
    ("reference", "says"),
    [
        (lambda: _docx_with("word/styles.xml", LAUGHS), "document type"),
        (lambda: _docx_with("word/media/big.xml", b"\0" * (17 << 20)), "unpacks to"),
    ],
    ids=["entities", "zip-bomb"],
)
def test_a_hostile_reference_document_is_refused_before_it_is_unpacked(
    exempelby: Path, reference: Callable[[], bytes], says: str
) -> None:
    # The reference .docx a portfolio's munintl.toml names is untrusted
    # like a returned form: python-docx unpacked every part whole.
    (exempelby / "letterhead.docx").write_bytes(reference())
    (exempelby / "munintl.toml").write_text(
        '[plugins.docx]\ntemplate = "letterhead.docx"\n', encoding="utf-8"
    )
    output = assert_refused(
        run(
            "report",
            exempelby,
            "-k",
            "register",
            "-f",
            "docx",
            "-o",
            exempelby / "r.docx",
        )
    )
    assert "letterhead.docx" in output
    assert says in output
    assert not (exempelby / "r.docx").exists()
