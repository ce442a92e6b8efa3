"""What validates, renders: every kind of report in every format.

Data that ``munintl validate`` accepts must never crash a report.  The
edges found by a campaign of hostile input -- amounts with 30 digits or an
exponent, a lone surrogate from a ``\\uD800`` escape, noncharacters such as
U+FFFE, a period starting in year 1, Chinese, Japanese and emoji in a PDF --
are either refused when the portfolio is read (with file, line and a
message) or rendered by every format.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import munintl
from munintl.cli import main
from munintl.errors import ValidationError
from munintl.hooks.manager import get_plugin_manager
from munintl.model import LocalizedText, Money, PartialDate, Period, Portfolio
from munintl.model.characters import character_problem, forbidden
from munintl.model.values import FieldValueError, checked_number, number_problem
from munintl.reporting import build, render_document
from munintl.reports.rendering.fonts import fallback_font_folders
from munintl.testing.strategies import BIG, portfolios
from munintl.wire.convert import structure, unstructure

EXAMPLE = Path(__file__).parent.parent / "examples" / "skanderborg"
INITIATIVE = "initiatives/active-travel-network.yaml"

#: The extra each report format needs beyond the core, by module.
NEEDS = {"docx": ("docx", "typst"), "pdf": ("typst",), "xlsx": ("openpyxl",)}

#: Characters the PDF format promises to set (with the fallback fonts):
#: Latin, Greek, Cyrillic and the rest the bundled fonts have, CJK, emoji.
CJK_AND_EMOJI = re.compile(
    "[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\U0001f300-\U0001faff]"
)


def formats() -> list[str]:
    """Every installed report format whose optional libraries are present."""
    return [
        name
        for name in sorted(get_plugin_manager().report_formats())
        if all(importlib.util.find_spec(module) for module in NEEDS.get(name, ()))
    ]


def render_everything(portfolio: Portfolio) -> dict[tuple[str, str], bytes]:
    """Build every kind of report of ``portfolio`` and render each in every format."""
    requests: list[tuple[str, dict[str, Any]]] = [("overview", {}), ("register", {})]
    if portfolio.followups:
        requests.append(("followup", {"followup": portfolio.followups[0].id}))
    else:
        requests.append(("followup", {"period": 2011}))
    out: dict[tuple[str, str], bytes] = {}
    for kind, arguments in requests:
        document = build(
            portfolio, kind=kind, lang="da", include_internal=True, **arguments
        )
        for name in formats():
            out[kind, name] = render_document(document, format=name)
    return out


def in_order(word: str, text: str) -> bool:
    """Tell whether the characters of ``word`` occur in ``text`` in order.

    A narrow table column breaks CJK text between any two characters, and
    pdftotext interleaves the lines of neighbouring columns.
    """
    rest = iter(text)
    return all(character in rest for character in word)


def copy_example(tmp_path: Path) -> Path:
    target = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, target)
    return target


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


# -- amounts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("123456789012345678901234567890", "at most 15 may come before"),
        ("'1E+999999'", "the number 1E+999999 has too many digits"),
        ("'0.1234567'", "write at most 6 digits after the decimal point"),
        ("'NaN'", "expected a finite number"),
    ],
)
def test_validate_refuses_an_amount_no_report_can_show(
    tmp_path: Path, amount: str, expected: str
) -> None:
    folder = copy_example(tmp_path)
    replace_in(
        folder / INITIATIVE,
        "  - programme: urbact\n",
        f"  - programme: urbact\n    amount: {{amount: {amount}, currency: DKK}}\n",
    )
    result = run("validate", str(folder))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    line = next(line for line in result.output.splitlines() if expected in line)
    assert line.startswith(f"{folder / INITIATIVE}:65:")
    assert "funding[0].amount.amount" in line


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (
            "123456789012345678901234567890",
            "die Zahl 123456789012345678901234567890 hat zu viele Stellen:"
            " höchstens 15 dürfen vor dem Dezimalkomma stehen",
        ),
        ("'1E+999999'", "die Zahl 1E+999999 hat zu viele Stellen"),
        (
            "'0.1234567'",
            "die Zahl 0.1234567 hat zu viele Nachkommastellen: schreiben Sie"
            " höchstens 6 Stellen nach dem Dezimalkomma [invalid-value]",
        ),
    ],
)
def test_an_amount_is_refused_in_the_language_of_the_run_and_in_full(
    tmp_path: Path, amount: str, expected: str
) -> None:
    """The limits of numbers are said in German in a German run, never cut
    short (a whole message was once quoted as a value and cut at 80)."""
    folder = copy_example(tmp_path)
    replace_in(
        folder / INITIATIVE,
        "  - programme: urbact\n",
        f"  - programme: urbact\n    amount: {{amount: {amount}, currency: DKK}}\n",
    )
    result = run("--lang", "de", "validate", str(folder))
    assert result.exit_code == 1
    assert expected in result.output, result.output
    assert "too many" not in result.output


def test_amounts_at_the_limits_render_in_every_format(tmp_path: Path) -> None:
    folder = copy_example(tmp_path)
    replace_in(
        folder / INITIATIVE,
        "  - programme: urbact\n",
        "  - programme: urbact\n"
        "    amount: {amount: '999999999999999.999999', currency: DKK}\n"
        "  - programme: urbact\n"
        "    amount: {amount: 999999999999999, currency: DKK}\n"
        "  - programme: urbact\n"
        "    amount: {amount: '1.5E+3', currency: EUR}\n",
    )
    portfolio = munintl.load(str(folder))
    amounts = [
        line.amount.amount
        for line in portfolio.initiative("active-travel-network").funding
        if line.amount
    ]
    assert amounts == [
        Decimal("999999999999999.999999"),
        Decimal(999999999999999),
        Decimal(1500),
    ]
    assert str(amounts[2]) == "1500"  # written out, not as 1.5E+3
    rendered = render_everything(portfolio)
    assert all(rendered.values())


def test_number_limits_are_the_same_in_model_and_wire() -> None:
    assert number_problem(Decimal(10**15 - 1)) is None
    assert number_problem(10**15 - 1) is None
    assert number_problem(Decimal(10**15)) is not None
    assert number_problem(10**15) is not None
    assert number_problem(-(10**15)) is not None
    assert number_problem(Decimal("0.000001")) is None
    assert number_problem(Decimal("0.0000001")) is not None
    assert checked_number("1E+3", "amount") == Decimal(1000)
    assert checked_number("1E+3", "amount").as_tuple().exponent == 0
    with pytest.raises(FieldValueError, match="too many digits"):
        checked_number(10**5000, "amount")
    with pytest.raises(ValidationError, match="too many digits"):
        structure({"amount": 10**5000, "currency": "DKK"}, Money)
    with pytest.raises(ValidationError, match="too many decimals"):
        structure({"amount": "1.0000001", "currency": "DKK"}, Money)


def test_totals_of_amounts_at_the_limit_stay_exact() -> None:
    from munintl.model.values import totals

    largest = Money(amount="999999999999999.999999", currency="DKK")
    assert totals([largest] * 1000)["DKK"] == Decimal("999999999999999999.999000")


# -- characters ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "point"),
    [
        ('"Active \\uD800 Travel"', "U+D800"),
        ('"Active \\uFFFE Travel"', "U+FFFE"),
        ('"Active \\x07 Travel"', "U+0007"),
        ('"Active \\x85 Travel"', "U+0085"),
        ('"Active \\U0010FFFF Travel"', "U+10FFFF"),
    ],
)
def test_validate_and_show_refuse_a_character_no_format_can_hold(
    tmp_path: Path, written: str, point: str
) -> None:
    folder = copy_example(tmp_path)
    replace_in(
        folder / INITIATIVE, "  da: Active Travel Network\n", f"  da: {written}\n"
    )
    for command in ("validate", "show"):
        result = run(command, str(folder))
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        line = next(line for line in result.output.splitlines() if point in line)
        assert line.startswith(f"{folder / INITIATIVE}:15:")
        assert "initiatives[active-travel-network].title.da" in line


def test_json_store_refuses_a_lone_surrogate_with_its_line(tmp_path: Path) -> None:
    target = tmp_path / "portfolio.json"
    assert run("convert", str(EXAMPLE), str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    text = text.replace('"da": "Active Travel Network"', '"da": "Active \\ud800"', 1)
    target.write_text(text, encoding="utf-8")
    line = text[: text.index("\\ud800")].count("\n") + 1
    for command in ("validate", "show"):
        result = run(command, str(target))
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        assert f"{target}:{line}:" in result.output
        assert "U+D800" in result.output


@pytest.mark.parametrize(
    "character", ["\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\x7f", "\x0b", "\x9f"]
)
def test_json_fast_path_and_converter_agree_on_forbidden_characters(
    tmp_path: Path, character: str
) -> None:
    target = tmp_path / "portfolio.json"
    assert run("convert", str(EXAMPLE), str(target)).exit_code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    data["initiatives"][0]["title"]["da"] = f"x{character}y"
    for ascii_only in (True, False):
        target.write_text(json.dumps(data, ensure_ascii=ascii_only), encoding="utf-8")
        with pytest.raises(ValidationError) as raised:
            munintl.load(str(target))
        assert f"U+{ord(character):04X}" in str(raised.value)


def test_every_character_is_judged_alike() -> None:
    allowed = "\t\n\r Skanderborg æøå Straße 姉妹都市 서울 😀 🇩🇰 \u2028 \U0002a6d6"
    assert character_problem(allowed) is None
    for point in (0, 8, 11, 31, 127, 128, 159, 0xD800, 0xDFFF, 0xFDD0, 0xFDEF):
        assert forbidden(f"a{chr(point)}") is not None, hex(point)
    for plane in range(17):
        for last in (0xFFFE, 0xFFFF):
            assert forbidden(chr(plane * 0x10000 + last)) is not None
    for point in (0xFDCF, 0xFDF0, 0xFFFD, 0x1FFFD, 0x20000, 0x10FFFD):
        assert forbidden(chr(point)) is None, hex(point)


def test_rule_finds_numbers_beyond_the_limits_in_a_portfolio_built_in_python() -> None:
    portfolio = munintl.load(str(EXAMPLE))
    initiative = portfolio.initiative("active-travel-network")
    line = attrs.evolve(
        initiative.funding[0], amount=Money(amount="1" * 30, currency="DKK")
    )
    changed = attrs.evolve(initiative, funding=(line,))
    portfolio = attrs.evolve(
        portfolio,
        initiatives=tuple(
            changed if i.id == changed.id else i for i in portfolio.initiatives
        ),
    )
    found = [
        finding
        for finding in munintl.validate(portfolio)
        if finding.code == "number-limits"
    ]
    assert [finding.path for finding in found] == [
        "initiatives[active-travel-network].funding[0].amount.amount"
    ]
    assert found[0].severity == "error"


def test_rule_finds_forbidden_characters_in_a_portfolio_built_in_python() -> None:
    portfolio = munintl.load(str(EXAMPLE))
    initiative = portfolio.initiatives[0]
    broken = attrs.evolve(
        initiative,
        title=LocalizedText(values={"da": "x\ud800", "en": "y"}),
        acronym="A\x01",
    )
    portfolio = attrs.evolve(
        portfolio, initiatives=(broken, *portfolio.initiatives[1:])
    )
    found = {
        finding.path: finding.message
        for finding in munintl.validate(portfolio)
        if finding.code == "forbidden-character"
    }
    path = f"initiatives[{initiative.id}]"
    assert set(found) == {f"{path}.title.da", f"{path}.acronym"}
    assert "U+D800" in found[f"{path}.title.da"]
    assert "U+0001" in found[f"{path}.acronym"]


# -- dates and scripts --------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [("1", "2012"), ("'0001-01-01'", "'9999-12-31'"), ("'9990s'", "null")],
)
def test_periods_at_the_edges_of_the_calendar_render(
    tmp_path: Path, start: str, end: str
) -> None:
    folder = copy_example(tmp_path)
    replace_in(
        folder / INITIATIVE,
        "period: {start: 2010, end: 2012}",
        f"period: {{start: {start}, end: {end}}}",
    )
    portfolio = munintl.load(str(folder))
    rendered = render_everything(portfolio)
    assert all(rendered.values())


def test_chinese_japanese_korean_and_emoji_reach_the_pdf(tmp_path: Path) -> None:
    pytest.importorskip("typst")
    if not fallback_font_folders():
        pytest.skip(
            "no fallback fonts: apt install fonts-noto-cjk fonts-noto-color-emoji"
        )
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    import subprocess

    folder = copy_example(tmp_path)
    name = "Active 姉妹都市 서울 Travel 😀"
    replace_in(folder / INITIATIVE, "  da: Active Travel Network\n", f"  da: {name}\n")
    portfolio = munintl.load(str(folder))
    for kind, arguments in (
        ("register", {}),
        ("followup", {"followup": "opfoelgning-2011"}),
    ):
        pdf = munintl.render(portfolio, kind=kind, format="pdf", lang="da", **arguments)
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            [pdftotext, str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        for word in ("姉妹都市", "서울", "😀"):
            assert in_order(word, text), (kind, word)


@pytest.mark.parametrize("name", ["ľ騃", "Žďár 姉妹 ľ", "ő😀ű", "𝙁ľë0騃"])
def test_a_figure_label_mixing_latin_and_cjk_reaches_the_pdf(
    tmp_path: Path, name: str
) -> None:
    # typst's SVG reader lost the code points of a text chunk set in two
    # fonts (an "ľ" beside a "騃"): the overview's timeline could not be a
    # PDF/UA file.  Found by the property test below.
    pytest.importorskip("typst")
    if not fallback_font_folders():
        pytest.skip(
            "no fallback fonts: apt install fonts-noto-cjk fonts-noto-color-emoji"
        )
    folder = copy_example(tmp_path)
    replace_in(folder / INITIATIVE, "  da: Active Travel Network\n", f"  da: {name}\n")
    portfolio = munintl.load(str(folder))
    pdf = munintl.render(portfolio, kind="overview", format="pdf", lang="da")
    assert pdf.startswith(b"%PDF")


def test_pdf_without_a_font_for_a_character_says_what_to_install() -> None:
    pytest.importorskip("typst")
    from munintl.plugins.formats.pdf import PdfError, PdfRenderer, PdfSettings
    from munintl.reports.document import Metadata, Paragraph, ReportDocument

    document = ReportDocument(
        metadata=Metadata(
            title="T", municipality="Lilleby", language="da", kind="register"
        ),
        blocks=(Paragraph(text="\U00013000 hieroglyph"),),
    )
    renderer = PdfRenderer(PdfSettings(fallback_fonts=()))
    with pytest.raises(PdfError, match="fonts-noto-cjk"):
        renderer.render(document)


# -- the property ---------------------------------------------------------------

#: Edits the hostile-input campaign made to data a store had read.
HOSTILE = (
    None,
    "surrogate",
    "noncharacter",
    "control",
    "thirty-digits",
    "exponent",
    "year-1",
)


def _hostile(data: dict[str, Any], edit: str | None) -> None:
    """Apply one hostile edit to the wire shape of a portfolio."""
    if edit is None:
        return
    municipality = data["municipality"]
    if edit in ("surrogate", "noncharacter", "control"):
        character = {"surrogate": "\ud800", "noncharacter": "\ufffe"}.get(edit, "\x1b")
        municipality["name"] = {"da": f"Kommune {character}"}
    elif edit in ("thirty-digits", "exponent"):
        amount = "1" * 30 if edit == "thirty-digits" else "1E+999999"
        data.setdefault("initiatives", []).append(
            {
                "id": "hostile",
                "title": {"da": "x"},
                "kind": "project",
                "funding": [{"amount": {"amount": amount, "currency": "DKK"}}],
            }
        )
    else:
        data.setdefault("initiatives", []).append(
            {
                "id": "hostile",
                "title": {"da": "x"},
                "kind": "project",
                "period": {"start": 1, "end": 2012},
            }
        )


@settings(BIG, max_examples=8)
@given(portfolio=portfolios(max_size=2), edit=st.sampled_from(HOSTILE))
def test_what_validates_renders_in_every_kind_and_format(
    portfolio: Portfolio, edit: str | None
) -> None:
    data = unstructure(portfolio)
    _hostile(data, edit)
    try:
        read = structure(data, Portfolio)
    except ValidationError as error:
        # Refused where read, with a path to the value and a message.
        refused = error.findings
        assert edit is not None
        assert all(finding.path for finding in refused)
        return
    if any(finding.severity == "error" for finding in munintl.validate(read)):
        return
    try:
        rendered = render_everything(read)
    except munintl.MunintlError as error:
        # The one documented limit: a character no installed font has.
        message = str(error)
        assert "could not be displayed with font" in message, message
        shown = re.search(r'the text `"(.*?)"`', message)
        assert shown is not None, message
        assert not CJK_AND_EMOJI.search(shown.group(1)), message
        return
    # CSV holds a report's tables only, and a report may have none.
    assert all(data for (_kind, name), data in rendered.items() if name != "csv")


def test_year_one_in_a_period_is_read_and_rendered() -> None:
    period = Period(start=PartialDate(year=1), end=PartialDate(year=2012))
    assert structure(unstructure(period), Period) == period
