"""Reports from a portfolio that does not pass validation: refused, or marked.

``munintl report`` rendered a portfolio that ``munintl validate`` rejects
and exited 0.  Now the CLI and the API refuse (exit 1 with the findings;
:class:`~munintl.errors.ValidationError`) unless asked to allow invalid
data, and then the report opens with a notice and a table of the problems
in every format.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

import munintl
from munintl.cli import main
from munintl.errors import Finding, ValidationError
from munintl.hooks.manager import MunintlPluginManager
from munintl.model import Portfolio
from munintl.reporting import build
from munintl.reports.document import Heading, Paragraph, Table

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "skanderborg"
NOTICE = {
    "en": "This report was made from data that did not pass validation: 1 error",
    "da": "Denne rapport er lavet ud fra data, der ikke bestod valideringen: 1 fejl",
    "de": "Dieser Bericht wurde aus Daten erstellt, die die Prüfung nicht bestanden",
}
TABLE = {
    "en": "Problems found by validation",
    "da": "Problemer fundet ved valideringen",
    "de": "Bei der Prüfung gefundene Probleme",
}


@pytest.fixture
def broken(lilleby: Portfolio) -> Portfolio:
    """Lilleby with one initiative serving a theme that does not exist."""
    festival = attrs.evolve(lilleby.initiative("festival"), themes=("kultur", "nej"))
    initiatives = [festival if i.id == "festival" else i for i in lilleby.initiatives]
    return attrs.evolve(lilleby, initiatives=initiatives)


def test_a_valid_portfolio_gets_no_notice(lilleby: Portfolio) -> None:
    document = build(lilleby, followup="kultur-2023")
    assert not any(
        isinstance(b, Table) and b.title == TABLE["en"] for b in document.blocks
    )


@pytest.mark.parametrize("kind", ["followup", "overview", "register"])
def test_an_invalid_portfolio_is_refused_with_its_errors(
    broken: Portfolio, kind: str
) -> None:
    followup = "kultur-2023" if kind == "followup" else None
    with pytest.raises(ValidationError) as caught:
        munintl.render(broken, kind=kind, format="markdown", followup=followup)
    assert [f.code for f in caught.value.findings] == ["dangling-reference"]
    assert "allow_invalid=True" in str(caught.value)
    assert "initiatives[festival].themes[1]" in str(caught.value)


@pytest.mark.parametrize("language", ["en", "da", "de"])
def test_allowed_invalid_report_opens_with_a_notice_and_the_problems(
    broken: Portfolio, language: str
) -> None:
    document = build(broken, followup="kultur-2023", lang=language, allow_invalid=True)
    first, notice, problems = document.blocks[:3]
    assert isinstance(first, Heading)
    assert first.level == 1
    assert isinstance(notice, Paragraph)
    assert notice.style == "note"
    assert notice.text.startswith(NOTICE[language])
    assert isinstance(problems, Table)
    assert problems.title == TABLE[language]
    ((where, field, problem),) = problems.rows
    assert where == ""  # a portfolio built in Python has no file
    assert field == "initiatives[festival].themes[1]"
    assert problem.endswith("[dangling-reference]")


def test_findings_given_are_used_instead_of_validating_again(
    lilleby: Portfolio, broken: Portfolio
) -> None:
    # Validated once by the caller: a valid verdict is taken as it is.
    build(broken, followup="kultur-2023", findings=[])
    located = Finding(
        code="dangling-reference",
        message="there is no theme with the id 'nej'",
        path="initiatives[festival].themes[1]",
        file="initiatives/festival.yaml",
        line=7,
        column=5,
    )
    with pytest.raises(ValidationError):
        build(lilleby, followup="kultur-2023", findings=[located])
    document = build(
        lilleby, followup="kultur-2023", findings=[located], allow_invalid=True
    )
    table = next(b for b in document.blocks if isinstance(b, Table))
    assert table.rows == (
        (
            "initiatives/festival.yaml:7",
            "initiatives[festival].themes[1]",
            "there is no theme with the id 'nej' [dangling-reference]",
        ),
    )
    warning = attrs.evolve(located, severity="warning")
    assert not any(
        isinstance(b, Table) and b.title == TABLE["en"]
        for b in build(lilleby, followup="kultur-2023", findings=[warning]).blocks
    )


def pdftotext(data: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is not installed")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return " ".join(result.stdout.decode("utf-8").split())


def test_the_notice_shows_in_every_format(
    broken: Portfolio, plugin_manager: MunintlPluginManager
) -> None:
    def render(fmt: str) -> bytes:
        return munintl.render(
            broken, format=fmt, lang="da", followup="kultur-2023", allow_invalid=True
        )

    notice = NOTICE["da"]
    assert notice in render("markdown").decode("utf-8")
    assert notice in " ".join(render("html").decode("utf-8").split())
    assert notice in render("json").decode("utf-8")
    assert notice in pdftotext(render("pdf"))
    rows = list(csv.reader(io.StringIO(render("csv").decode("utf-8"))))
    assert rows[0] == [TABLE["da"]]
    assert rows[1] == ["Fil", "Felt", "Problem"]
    formats = plugin_manager.report_formats()
    if "docx" in formats:
        import docx

        document = docx.Document(io.BytesIO(render("docx")))
        assert any(notice in p.text for p in document.paragraphs[:4])
    if "xlsx" in formats:
        openpyxl = pytest.importorskip("openpyxl")
        workbook = openpyxl.load_workbook(io.BytesIO(render("xlsx")))
        assert workbook.sheetnames[0] == TABLE["da"][:31].rstrip()
        assert workbook.worksheets[0]["B2"].value == "initiatives[festival].themes[1]"
    data = json.loads(render("json"))
    assert data["blocks"][1]["style"] == "note"


# -- the command line ----------------------------------------------------------------


@pytest.fixture
def broken_example(tmp_path: Path) -> Path:
    """A copy of the Skanderborg example with a theme id misspelt."""
    copy = tmp_path / "skanderborg"
    shutil.copytree(EXAMPLE, copy)
    path = copy / "initiatives" / "active-travel-network.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  - klima-energi-og-miljoe\n", "  - klima-energi-og-milj\n"),
        encoding="utf-8",
    )
    return copy


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_report_refuses_an_invalid_portfolio_and_writes_nothing(
    broken_example: Path, tmp_path: Path, plugin_manager: MunintlPluginManager
) -> None:
    out = tmp_path / "out.md"
    code, stdout, stderr = invoke(
        "report", broken_example, "--followup", "opfoelgning-2011", "-o", out
    )
    assert code == 1
    assert stdout == ""
    assert not out.exists()
    lines = stderr.splitlines()
    (problem,) = [line for line in lines if "[dangling-reference]" in line]
    assert problem.startswith(
        f"{broken_example}/initiatives/active-travel-network.yaml:46:"
    )
    assert "initiatives[active-travel-network].themes[0]:" in problem
    assert lines[-1].startswith(f"{broken_example}: not valid (1 error,")
    assert lines[-1].endswith("nothing was written")


def test_report_with_allow_invalid_writes_it_with_the_notice(
    broken_example: Path, tmp_path: Path, plugin_manager: MunintlPluginManager
) -> None:
    out = tmp_path / "out.md"
    code, stdout, stderr = invoke(
        "report",
        broken_example,
        "--followup",
        "opfoelgning-2011",
        "--lang",
        "da",
        "--allow-invalid",
        "-o",
        out,
    )
    assert code == 0, stderr
    assert stdout.splitlines() == [str(out)]
    assert "[dangling-reference]" in stderr
    assert "the report says so at its top" in stderr
    text = out.read_text(encoding="utf-8")
    assert NOTICE["da"] in text
    assert "initiatives/active-travel-network.yaml:46" in text


def test_report_of_a_valid_portfolio_says_nothing_about_validation(
    tmp_path: Path, plugin_manager: MunintlPluginManager
) -> None:
    out = tmp_path / "out.md"
    code, _stdout, stderr = invoke(
        "report", EXAMPLE, "--followup", "opfoelgning-2011", "-o", out
    )
    assert code == 0, stderr
    assert stderr == ""
    assert "did not pass validation" not in out.read_text(encoding="utf-8")
