"""Every report kind shows histories as municipalities record them."""

from __future__ import annotations

import json

from click.testing import CliRunner

import munintl
from munintl.cli import main
from munintl.model import PartialDate, PartnershipEvent, Portfolio
from munintl.reporting import build
from plugins.rules.helpers import organisation, partnership, portfolio


def _history() -> Portfolio:
    return portfolio(
        organisations=(organisation("partner-town"),),
        partnerships=(
            partnership(
                "twinning",
                "lilleby",
                "partner-town",
                events=(
                    PartnershipEvent(
                        kind="signed", date=PartialDate.parse("before 1990")
                    ),
                    PartnershipEvent(kind="dormant"),
                    PartnershipEvent(
                        kind="reaffirmed",
                        date=PartialDate.parse("early 2000s"),
                        party="lilleby",
                    ),
                    PartnershipEvent(
                        kind="kind-changed",
                        date=PartialDate.parse("2023-01-12"),
                        new_kind="partner-city",
                    ),
                    PartnershipEvent(
                        kind="limited",
                        date=PartialDate.parse("2024"),
                        party="lilleby",
                    ),
                ),
            ),
        ),
    )


def test_the_overview_gives_the_kind_and_history_as_of_its_period() -> None:
    text = repr(build(_history(), kind="overview", lang="en", period=2024))
    assert "**Kind:** Partner city (previously Twinning)" in text
    assert "'before 1990'" in text
    assert "'date not known', 'Dormant'" in text
    assert "'early 2000s', 'Reaffirmed'" in text
    assert "'Changed kind (now Partner city)'" in text
    # The undated dormancy concerns both sides; only Lilleby reaffirmed.
    assert "Lilleby Kommune: Limited; partner-town: Dormant" in text
    earlier = repr(build(_history(), kind="overview", lang="en", period=2010))
    assert "**Kind:** Twinning" in earlier
    assert "Changed kind" not in earlier


def test_the_followup_lists_the_events_of_its_period_in_danish() -> None:
    text = repr(build(_history(), kind="followup", lang="da", period=2023))
    assert "12\\\\. januar 2023: Ny type (nu Partnerby)" in text
    assert "**Type:** Partnerby (tidligere Venskabsbysamarbejde)" in text


def test_the_register_reads_the_kind_and_status_on_its_day() -> None:
    text = repr(build(_history(), kind="register", lang="en", period=2024))
    assert "'Partner city', 'Lilleby Kommune: Limited; partner-town: Dormant'" in text


def test_show_gives_the_kind_and_status_as_of_a_date(tmp_path: object) -> None:
    from pathlib import Path

    target = Path(str(tmp_path)) / "history.json"
    munintl.save(_history(), str(target))
    result = CliRunner().invoke(
        main, ["show", str(target), "--json", "--lang", "en", "--on", "2025-01-01"]
    )
    assert result.exit_code == 0, result.output
    (shown,) = json.loads(result.output)["partnerships"]
    assert shown["kind"] == "Partner city"
    assert shown["since"] == "before 1990"
    assert shown["status"] == {"Lilleby Kommune": "Limited", "partner-town": "Dormant"}


def test_the_new_statuses_read_the_same_with_or_without_the_codelists() -> None:
    from munintl.plugins.codelists import builtin_codelists
    from munintl.reports.building.localize import Localizer

    codelists = {c.scheme: c for c in builtin_codelists()}
    for language in ("da", "de", "en"):
        bare, full = Localizer(language), Localizer(language, codelists=codelists)
        for status in ("limited", "relinquished", "handed-over", "replaced"):
            assert bare.code("partnership-status", status) == full.code(
                "partnership-status", status
            ), (language, status)
