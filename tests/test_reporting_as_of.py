"""Reproducible reports: made as of a day, in one locale throughout.

Regression tests for "Status on <today's date>" changing every day (and a
draft dated to the second it was built), and for English reports that wrote
"October 6, 2023" in tables beside "6 October 2008" in prose.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

import munintl
from munintl.cli import main
from munintl.config import Config, ReportSettings, load_config
from munintl.errors import ValidationError
from munintl.hooks.manager import MunintlPluginManager
from munintl.model import Portfolio
from munintl.reporting import build, request_for
from munintl.reports.document import Paragraph

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "skanderborg"
ON = dt.date(2024, 1, 31)
FORMATS = ("markdown", "html", "json", "csv", "docx", "pdf", "xlsx")


def paragraphs(portfolio: Portfolio, **options: object) -> list[str]:
    document = build(portfolio, **options)  # type: ignore[arg-type]
    return [b.text for b in document.blocks if isinstance(b, Paragraph)]


# -- as of a day ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["overview", "register"])
def test_an_overview_or_register_says_the_day_it_is_as_of(
    lilleby: Portfolio, kind: str
) -> None:
    document = build(lilleby, kind=kind, lang="en", on=ON)
    assert "Statuses are as of 31 January 2024." in [
        b.text for b in document.blocks if isinstance(b, Paragraph)
    ]
    assert document.metadata.generated_at == dt.datetime(2024, 1, 31, tzinfo=dt.UTC)


def test_statuses_are_read_on_the_day_asked_for(lilleby: Portfolio) -> None:
    markdown = munintl.render(
        lilleby, kind="overview", format="markdown", lang="en", on=ON
    )
    text = markdown.decode("utf-8")
    assert "**Status on 31 January 2024:**" in text
    later = munintl.render(
        lilleby, kind="overview", format="markdown", lang="en", on=dt.date(2030, 5, 1)
    ).decode("utf-8")
    assert "**Status on 1 May 2030:**" in later


def test_a_period_in_the_past_reads_statuses_at_its_end(lilleby: Portfolio) -> None:
    assert "Statuses are as of 31 December 2023." in paragraphs(
        lilleby, kind="overview", lang="en", period=2023, on=ON
    )


def test_a_draft_follow_up_is_dated_by_the_day_asked_for(lilleby: Portfolio) -> None:
    document = build(lilleby, kind="followup", period=2023, body="kultur-udvalg", on=ON)
    assert document.metadata.generated_at == dt.datetime(2024, 1, 31, tzinfo=dt.UTC)


def test_a_submitted_follow_up_is_dated_by_its_submission_whatever_the_day(
    lilleby: Portfolio,
) -> None:
    first = munintl.render(lilleby, format="docx", followup="kultur-2023", on=ON)
    second = munintl.render(
        lilleby, format="docx", followup="kultur-2023", on=dt.date(2031, 7, 1)
    )
    assert first == second
    document = build(lilleby, followup="kultur-2023", on=ON)
    assert document.metadata.generated_at == dt.datetime(2024, 2, 15, tzinfo=dt.UTC)


def test_without_a_day_a_report_is_as_of_today_at_midnight(lilleby: Portfolio) -> None:
    before = dt.date.today()
    moment = build(lilleby, kind="register").metadata.generated_at
    after = dt.date.today()
    assert moment is not None
    assert moment.time() == dt.time()
    assert before <= moment.date() <= after


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_data_and_day_give_the_same_bytes(
    lilleby: Portfolio, fmt: str, plugin_manager: MunintlPluginManager
) -> None:
    if fmt not in plugin_manager.report_formats():
        pytest.skip(f"the {fmt} format is not installed")
    first = munintl.render(lilleby, kind="overview", format=fmt, on=ON)
    again = munintl.render(lilleby, kind="overview", format=fmt, on=ON)
    assert first == again


def test_the_command_line_takes_on(tmp_path: Path) -> None:
    outputs = []
    for name in ("a.md", "b.md"):
        out = tmp_path / name
        result = CliRunner().invoke(
            main,
            [
                *("report", str(EXAMPLE), "--kind", "overview"),
                *("--on", "2024-01-31", "--lang", "en", "-o", str(out)),
            ],
        )
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"Statuses are as of 31 January 2024." in outputs[0]


def test_the_command_line_refuses_a_day_that_is_not_a_date() -> None:
    result = CliRunner().invoke(
        main, ["report", str(EXAMPLE), "--kind", "overview", "--on", "31.1.2024"]
    )
    assert result.exit_code == 2
    assert "--on" in result.stderr


# -- one locale per document ----------------------------------------------------------


def test_english_is_written_as_in_the_united_kingdom(lilleby: Portfolio) -> None:
    document = build(lilleby, kind="overview", lang="en", on=ON)
    assert document.metadata.language == "en-GB"
    text = munintl.render(
        lilleby, kind="overview", format="markdown", lang="en", on=ON
    ).decode("utf-8")
    assert "| 6 October 2023 | Re-signed |" in text
    assert "October 6" not in text
    html = munintl.render(lilleby, kind="overview", format="html", lang="en", on=ON)
    assert b'<html lang="en-GB">' in html


def test_an_english_table_cell_date_follows_the_same_locale() -> None:
    # A typed date cell is formatted by the format plugin in the document's
    # locale: "5 Mar 2024", as the prose beside it.
    from munintl.reports.rendering.markup import format_cell

    assert format_cell(dt.date(2024, 3, 5), "en-GB") == "5 Mar 2024"


@pytest.mark.parametrize(
    ("locales", "lang", "expected"),
    [
        ({"en": "en-US"}, "en", "October 6, 2023"),
        ({}, "en-US", "October 6, 2023"),
        ({"en": "en-IE"}, "en", "6 October 2023"),
        ({}, "da", "6. oktober 2023"),
    ],
)
def test_the_locale_can_be_configured(
    lilleby: Portfolio, locales: dict[str, str], lang: str, expected: str
) -> None:
    config = Config(report=ReportSettings(locales=locales))
    text = munintl.render(
        lilleby, kind="overview", format="markdown", lang=lang, on=ON, config=config
    ).decode("utf-8")
    assert f"| {expected} |" in text


def test_the_locale_is_read_from_munintl_toml(tmp_path: Path) -> None:
    (tmp_path / "munintl.toml").write_text(
        '[report]\nlocales = {en = "en-US", de = "de-AT"}\n', encoding="utf-8"
    )
    config = load_config(tmp_path)
    assert config.report.locale_for("en") == "en-US"
    assert config.report.locale_for("de") == "de-AT"
    assert config.report.locale_for("da") == "da"
    assert config.report.locale_for("en-CA") == "en-CA"


def test_the_request_carries_the_locale_and_the_bare_fallback(
    lilleby: Portfolio,
) -> None:
    config = Config(fallback={"en": ("da",)})
    request = request_for(lilleby, lang="en", config=config, on=ON)
    assert request.language == "en-GB"
    assert request.fallback == ("da",)
    assert request.on == ON


def test_an_unknown_locale_is_a_report_error(lilleby: Portfolio) -> None:
    config = Config(report=ReportSettings(locales={"en": "xx-QQ"}))
    with pytest.raises(Exception, match="not a language munintl can write reports in"):
        build(lilleby, kind="overview", lang="en", config=config)


def test_docx_is_marked_british_english(lilleby: Portfolio) -> None:
    docx = pytest.importorskip("docx")
    data = munintl.render(lilleby, kind="overview", format="docx", lang="en", on=ON)
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.language == "en-GB"


def test_validation_errors_still_come_first(lilleby: Portfolio) -> None:
    import attrs

    broken = attrs.evolve(
        lilleby,
        initiatives=[
            attrs.evolve(i, themes=("nej",)) if i.id == "festival" else i
            for i in lilleby.initiatives
        ],
    )
    with pytest.raises(ValidationError):
        build(broken, kind="overview", on=ON)
