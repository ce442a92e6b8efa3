"""munintl.render and munintl.reporting: kinds and formats end to end."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import attrs
import pytest

import munintl
from munintl.config import Config, ReportSettings, load_config
from munintl.errors import ReportError, UnknownPluginError, ValidationError
from munintl.hooks.manager import MunintlPluginManager
from munintl.model import LocalizedText, Period, Portfolio
from munintl.reporting import build, format_settings, report_format
from munintl.reports.document import Heading, ReportDocument, Table
from munintl.testing.reports import INJECTIONS
from reports.lilleby import T

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "skanderborg"


def as_json(data: bytes) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(data)
    return result


def test_render_returns_bytes_of_the_chosen_format(
    lilleby: Portfolio, formats: MunintlPluginManager
) -> None:
    data = munintl.render(
        lilleby, kind="followup", format="json", lang="en", followup="kultur-2023"
    )
    document = as_json(data)
    assert document["metadata"]["title"] == "Follow-up 2023"
    assert document["metadata"]["kind"] == "followup"
    markdown = munintl.render(
        lilleby, format="markdown", lang="en", followup="kultur-2023"
    )
    assert markdown.decode("utf-8").startswith("# Follow-up 2023")


def test_submitted_followup_renders_identical_bytes(
    lilleby: Portfolio, formats: MunintlPluginManager
) -> None:
    first = munintl.render(lilleby, format="json", lang="da", followup="kultur-2023")
    second = munintl.render(
        lilleby,
        format="json",
        lang="da",
        followup="kultur-2023",
        generated_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
    )
    assert first == second
    assert as_json(first)["metadata"]["generated_at"] == "2024-02-15T00:00:00+00:00"


def test_draft_takes_generated_at_from_the_caller(
    lilleby: Portfolio, formats: MunintlPluginManager
) -> None:
    moment = dt.datetime(2024, 1, 10, 9, 30, tzinfo=dt.UTC)
    data = munintl.render(
        lilleby,
        format="json",
        lang="en",
        period=2023,
        body="kultur-udvalg",
        generated_at=moment,
    )
    metadata = as_json(data)["metadata"]
    assert metadata["generated_at"] == "2024-01-10T09:30:00+00:00"
    assert metadata["title"].endswith("(draft)")


def test_format_may_be_named_by_suffix_or_file_name(
    formats: MunintlPluginManager,
) -> None:
    assert report_format("json").name == "json"
    assert report_format(".md").name == "markdown"
    assert report_format("out/follow-up.markdown").name == "markdown"
    assert report_format(Path("x.JSON")).name == "json"


def test_unknown_format_names_the_installed_ones(formats: MunintlPluginManager) -> None:
    with pytest.raises(UnknownPluginError, match=r"'\.nope'.*json \(\.json\)"):
        report_format(".nope")


def test_unknown_kind_names_the_installed_ones(
    lilleby: Portfolio, formats: MunintlPluginManager
) -> None:
    with pytest.raises(UnknownPluginError, match="followup, overview, register"):
        munintl.render(lilleby, kind="annual-letter", format="json")


def test_every_kind_renders_in_every_installed_format(
    lilleby: Portfolio, formats: MunintlPluginManager
) -> None:
    requests: dict[str, dict[str, Any]] = {
        "followup": {"followup": "kultur-2023"},
        "overview": {},
        "register": {"period": 2023},
    }
    for kind, request in requests.items():
        for name, record in formats.report_formats().items():
            data = munintl.render(lilleby, kind=kind, format=name, lang="da", **request)
            assert data, (kind, name, record.media_type)


def test_language_defaults_to_config_then_municipality(lilleby: Portfolio) -> None:
    assert build(lilleby, kind="register").metadata.language == "da"
    config = Config(languages=("en", "da"))
    # English is written as in the United Kingdom unless configured.
    assert build(lilleby, kind="register", config=config).metadata.language == "en-GB"


def test_fallback_chain_comes_from_config(lilleby: Portfolio) -> None:
    festival = attrs.evolve(
        lilleby.initiative("festival"), title=T(da="dansk", de="deutsch"), acronym=None
    )
    portfolio = attrs.evolve(
        lilleby,
        initiatives=[festival, *(i for i in lilleby.initiatives if i.id != "festival")],
    )
    config = Config(fallback={"en": ["de", "da"]})
    document = build(portfolio, kind="register", lang="en", config=config)
    assert first_row(document)[2] == "deutsch"
    plain = build(portfolio, kind="register", lang="en")
    assert first_row(plain)[2] == "dansk"


def first_row(document: ReportDocument) -> tuple[Any, ...]:
    table = next(b for b in document.blocks if isinstance(b, Table))
    return table.rows[0]


def test_kind_defaults_to_config_then_followup(lilleby: Portfolio) -> None:
    config = Config(report=ReportSettings(kind="overview"))
    assert build(lilleby, config=config).metadata.kind == "overview"
    with pytest.raises(ReportError, match="needs a follow-up"):
        build(lilleby)


def test_period_may_be_a_year_or_a_period(lilleby: Portfolio) -> None:
    by_year = build(lilleby, period=2023, body="teknik-udvalg")
    by_period = build(
        lilleby,
        period=Period.year(2023),
        body="teknik-udvalg",
        generated_at=by_year.metadata.generated_at,
    )
    assert by_year == by_period
    with pytest.raises(ReportError, match="a Period or a year"):
        build(lilleby, period="2023", body="teknik-udvalg")  # type: ignore[arg-type]


def test_settings_override_the_format_table(
    lilleby: Portfolio, formats: MunintlPluginManager
) -> None:
    config = Config(plugins={"json": {"indent": 4}})
    indented = munintl.render(
        lilleby,
        kind="register",
        format="json",
        config=config,
        generated_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    )
    assert b'\n    "format"' in indented
    one_line = munintl.render(
        lilleby,
        kind="register",
        format="json",
        config=config,
        settings={"indent": None},
    )
    assert b"\n" not in one_line.rstrip(b"\n")
    with pytest.raises(ValidationError):
        munintl.render(
            lilleby, kind="register", format="json", settings={"colour": "red"}
        )


def test_template_for_a_format_without_templates_is_refused(
    lilleby: Portfolio, formats: MunintlPluginManager, tmp_path: Path
) -> None:
    template = tmp_path / "x.j2"
    template.write_text("x", encoding="utf-8")
    with pytest.raises(ReportError, match="json format takes no template"):
        munintl.render(lilleby, kind="register", format="json", template=template)


MARKDOWN_TEMPLATE = """\
{% extends "report.md.j2" %}
{% block header %}LETTERHEAD OF LILLEBY
{{ super() }}{% endblock %}
"""


def markdown_template_works(formats: MunintlPluginManager) -> bool:
    record = formats.report_formats()["markdown"]
    return record.settings is not None and "template" in attrs.fields_dict(
        record.settings
    )


def test_municipality_template_from_config_is_used(
    lilleby: Portfolio, formats: MunintlPluginManager, tmp_path: Path
) -> None:
    assert markdown_template_works(formats)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "letter.md.j2").write_text(
        MARKDOWN_TEMPLATE, encoding="utf-8"
    )
    (tmp_path / "munintl.toml").write_text(
        '[templates]\nmarkdown = "templates/letter.md.j2"\n', encoding="utf-8"
    )
    config = load_config(tmp_path)
    record = report_format("markdown")
    settings = format_settings(record, config)
    assert settings.template == str(tmp_path / "templates" / "letter.md.j2")
    data = munintl.render(lilleby, kind="register", format="markdown", config=config)
    assert data.decode("utf-8").startswith("LETTERHEAD OF LILLEBY")


def test_template_argument_beats_the_config(
    lilleby: Portfolio, formats: MunintlPluginManager, tmp_path: Path
) -> None:
    mine = tmp_path / "mine.md.j2"
    mine.write_text(MARKDOWN_TEMPLATE.replace("LILLEBY", "THE MAYOR"), encoding="utf-8")
    config = Config(templates={"markdown": str(tmp_path / "missing.md.j2")})
    data = munintl.render(
        lilleby, kind="register", format="markdown", config=config, template=mine
    )
    assert data.decode("utf-8").startswith("LETTERHEAD OF THE MAYOR")


def test_build_returns_the_document_without_rendering(lilleby: Portfolio) -> None:
    document = build(lilleby, kind="followup", lang="en", followup="kultur-2023")
    assert document.blocks[0] == Heading(text="Follow-up 2023", level=1)


def test_readme_main_job_renders_the_skanderborg_followup(
    formats: MunintlPluginManager,
) -> None:
    portfolio = munintl.load(EXAMPLE)
    data = munintl.render(
        portfolio,
        kind="followup",
        format="markdown",
        lang="da",
        followup="opfoelgning-2011",
        config=load_config(EXAMPLE),
    )
    text = data.decode("utf-8")
    assert text.startswith("# Årlig opfølgning på den internationale strategi 2011")
    assert "Active Travel Network" in text


def poisoned(value: Any, strings: list[str]) -> Any:
    """Return ``value`` with every text replaced by a hostile string, in turn."""
    if isinstance(value, LocalizedText):
        text = strings[0]
        strings.append(strings.pop(0))
        return LocalizedText.of(da=text, en=text)
    if isinstance(value, tuple):
        return tuple(poisoned(item, strings) for item in value)
    if attrs.has(type(value)):
        changes = {
            field.name: poisoned(getattr(value, field.name), strings)
            for field in attrs.fields(type(value))
            if field.init
        }
        return attrs.evolve(value, **changes)
    return value


@pytest.fixture
def hostile(lilleby: Portfolio) -> Portfolio:
    """Lilleby with an injection string in every text field."""
    portfolio: Portfolio = poisoned(lilleby, list(INJECTIONS))
    return portfolio


@pytest.mark.parametrize("kind", ["followup", "overview", "register"])
def test_hostile_texts_are_escaped_in_html(
    hostile: Portfolio, formats: MunintlPluginManager, kind: str
) -> None:
    if "html" not in formats.report_formats():
        pytest.skip("the html format is not installed")
    followup = "kultur-2023" if kind == "followup" else None
    # Hostile texts break rules (and the follow-up's fingerprint): made anyway.
    page = munintl.render(
        hostile, kind=kind, format="html", followup=followup, allow_invalid=True
    )
    text = page.decode("utf-8")
    assert "<script>alert" not in text
    assert "<img src=x" not in text
    assert "&lt;script&gt;alert" in text


@pytest.mark.parametrize("kind", ["followup", "register"])
def test_hostile_texts_are_neutralised_in_csv(
    hostile: Portfolio, formats: MunintlPluginManager, kind: str
) -> None:
    if "csv" not in formats.report_formats():
        pytest.skip("the csv format is not installed")
    followup = "kultur-2023" if kind == "followup" else None
    data = munintl.render(
        hostile, kind=kind, format="csv", followup=followup, allow_invalid=True
    )
    cells = [
        cell
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))
        for cell in row
    ]
    # Formula-like texts show as text behind a quote (which ones show
    # depends on the kind: the fields they were put in).
    neutralised = [cell[1:] for cell in cells if cell.startswith("'")]
    assert [cell for cell in neutralised if cell.startswith(INJECTIONS[2:8])]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t"))]


@pytest.mark.parametrize(
    "formula", [text for text in INJECTIONS if text.lstrip()[:1] in "=+-@"]
)
def test_hostile_texts_are_not_formulas_in_xlsx(
    lilleby: Portfolio, formats: MunintlPluginManager, formula: str
) -> None:
    if "xlsx" not in formats.report_formats():
        pytest.skip("the xlsx format is not installed")
    openpyxl = pytest.importorskip("openpyxl")
    # Every text is the formula, so it does not matter which texts a kind shows.
    hostile = poisoned(lilleby, [formula])
    data = munintl.render(hostile, kind="register", format="xlsx", allow_invalid=True)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    values = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert any(formula.strip() in str(cell.value) for cell in values)
    assert not [cell for cell in values if cell.data_type == "f"]
