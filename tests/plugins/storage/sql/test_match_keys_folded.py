"""Schema revision 0008: identifiers' codes matched as folded, in SQL and Python alike.

A partner recorded as ``wikidata: q1707`` was another municipality than
Kiel's ``Q1707`` -- a shared scheme with different codes rules a match
out, whatever the names say -- so ``munintl check-pair`` called Kiel's
record one-sided.  Codes are compared without spaces or case, a digit of
any script as its ASCII digit; ``munintl validate`` still asks for the
canonical form.
"""

from __future__ import annotations

import json

import attrs
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

import munintl
from munintl.cli import main
from munintl.model.matching import fold_code
from munintl.plugins.storage.sql.engine import CURRENT
from munintl.plugins.storage.sql.migrate import MIGRATIONS
from munintl.query import compare_pair, evaluate_links, links
from munintl.storage import open_store
from plugins.storage.sql.test_match_keys import portal

#: Kiel's QID as a careless hand (or a copy from a PDF) writes it.
SLIPS = {
    "lower case": "q1707",
    "spaces": " Q1707 ",
    "a space inside": "Q 1707",
    "full-width digits": "Q１７０７",
    "Arabic-Indic digits": "Q١٧٠٧",
    "Devanagari digits": "Q१७०७",
}


@pytest.mark.parametrize("code", SLIPS.values(), ids=list(SLIPS))
def test_a_slip_folds_to_the_code(code: str) -> None:
    assert fold_code(code) == "Q1707"


@pytest.mark.parametrize(
    ("code", "folded"),
    [("DK-82", "DK-82"), ("dk042", "DK042"), ("1290", "1290"), ("Q" * 3, "QQQ")],
)
def test_other_schemes_keep_their_form(code: str, folded: str) -> None:
    assert fold_code(code) == folded


def _with_slip(code: str) -> dict[str, munintl.Portfolio]:
    """:func:`portal`, Aarhus naming Kiel with ``code`` as its QID."""
    held = portal()
    aarhus = held["aarhus"]
    held["aarhus"] = attrs.evolve(
        aarhus,
        organisations=tuple(
            attrs.evolve(o, identifiers={"wikidata": code})
            for o in aarhus.organisations
        ),
    )
    return held


def _pairs(found: list[dict[str, str]]) -> list[tuple[str, str]]:
    return [(f["portfolio"], f["code"]) for f in found]


@pytest.mark.parametrize("code", SLIPS.values(), ids=list(SLIPS))
def test_a_slip_in_a_qid_still_finds_the_partner(database: str, code: str) -> None:
    held = _with_slip(code)
    for key, portfolio in held.items():
        open_store(f"{database}#{key}").save(portfolio)
    assert links(database) == evaluate_links(held)
    result = CliRunner().invoke(main, ["check-pair", "--json", database])
    assert result.exit_code == 1, result.output
    # Aarhus and Kiel record the same twinning (from different years), not
    # each a one-sided one.
    expected = [("aarhus", "dates-differ"), ("lund", "recorded-by-one-side")]
    assert _pairs(json.loads(result.stdout)) == expected
    assert [(f.portfolio, f.code) for f in compare_pair(held)] == expected
    # validate still asks for the canonical form
    codes = {f.code for f in munintl.validate(held["aarhus"])}
    assert "identifier-format" in codes


def test_another_code_is_still_another_municipality(database: str) -> None:
    held = _with_slip("q1708")
    for key, portfolio in held.items():
        open_store(f"{database}#{key}").save(portfolio)
    result = CliRunner().invoke(main, ["check-pair", "--json", database])
    assert _pairs(json.loads(result.stdout)) == [
        ("kiel", "recorded-by-one-side"),
        ("lund", "recorded-by-one-side"),
    ]


def test_a_database_of_0007_gets_its_codes_folded(database: str) -> None:
    from alembic import command
    from alembic.config import Config

    held = _with_slip("q1707")
    for key, portfolio in held.items():
        open_store(f"{database}#{key}").save(portfolio)
    store = open_store(database)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:  # type: ignore[attr-defined]
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
        # As 0007 wrote them: the code as given.
        connection.execute(sa.text("UPDATE match_keys SET value = 'q1707'"
                                   " WHERE value = 'Q1707' AND own = :no"),
                           {"no": False})  # fmt: skip
    store.engine.dispose()  # type: ignore[attr-defined]
    CURRENT.clear()
    assert links(database) == evaluate_links(held)  # opening it refills
    with open_store(database).engine.connect() as connection:  # type: ignore[attr-defined]
        values = connection.execute(
            sa.text("SELECT value FROM match_keys WHERE scheme = 'wikidata'")
        ).scalars()
        assert sorted(set(values)) == ["Q1707", "Q25319"]
