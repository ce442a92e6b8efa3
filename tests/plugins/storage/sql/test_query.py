"""Queries across portfolios: SQL in SQLite and PostgreSQL agrees with Python."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from munintl.hooks.queries import (
    MAX_YEAR,
    MIN_YEAR,
    InitiativeQuery,
    PartnershipQuery,
    Query,
)
from munintl.model import (
    FundingLine,
    Initiative,
    LocalizedText,
    Municipality,
    Organisation,
    PartialDate,
    Participation,
    Partnership,
    PartnershipEvent,
    Party,
    Period,
    Portfolio,
)
from munintl.model.matching import fold
from munintl.plugins.storage.sql.store import DatabaseStore
from munintl.query import evaluate, evaluate_links, find, municipalities
from munintl.storage import open_store
from munintl.testing.samples import sample_portfolio
from munintl.testing.strategies import portfolios, recurrences


def _store(location: str) -> DatabaseStore:
    store = open_store(location)
    assert isinstance(store, DatabaseStore)
    return store


def _values(portfolios_: list[Portfolio]) -> dict[str, list[str]]:
    """Every value a filter could match in ``portfolios_``, to draw queries from."""
    found: dict[str, set[str]] = {
        name: set()
        for name in ("municipality", "theme", "kind", "status", "partner", "country")
    }
    found |= {"programme": set(), "partnership_kind": set(), "year": set()}
    for portfolio in portfolios_:
        found["municipality"].add(portfolio.municipality.id)
        found["country"].update(o.country for o in portfolio.organisations if o.country)
        found["partner"].update(o.id for o in portfolio.organisations)
        for initiative in portfolio.initiatives:
            found["theme"].update(initiative.themes)
            found["kind"].add(initiative.kind)
            years = initiative.occurrence_years()
            if years:
                # An occurrence's year and the years either side of it.
                found["year"].update(
                    str(year + d)
                    for year in years[:3]
                    for d in (-1, 0, 1)
                    if MIN_YEAR <= year + d <= MAX_YEAR
                )
            if initiative.status:
                found["status"].add(initiative.status)
            found["programme"].update(
                line.programme for line in initiative.funding if line.programme
            )
        for partnership in portfolio.partnerships:
            found["partnership_kind"].add(partnership.kind)
            found["partner"].update(partnership.party_ids())
    return {name: sorted(values) for name, values in found.items()}


def _maybe(data: st.DataObject, values: list[str]) -> str | None:
    return data.draw(st.none() | st.sampled_from(values)) if values else None


def _query(data: st.DataObject, values: dict[str, list[str]]) -> Query:
    years = st.integers(1950, 2040)
    if values["year"]:
        years |= st.sampled_from(values["year"]).map(int)
    year = data.draw(st.none() | years)
    if data.draw(st.booleans()):
        return InitiativeQuery(
            municipality=_maybe(data, values["municipality"]),
            theme=_maybe(data, values["theme"]),
            kind=_maybe(data, values["kind"]),
            status=_maybe(data, values["status"]),
            active_in=year,
            partner=_maybe(data, values["partner"]),
            country=_maybe(data, values["country"]),
            programme=_maybe(data, values["programme"]),
        )
    return PartnershipQuery(
        municipality=_maybe(data, values["municipality"]),
        kind=_maybe(data, values["partnership_kind"]),
        active_in=year,
        partner=_maybe(data, values["partner"]),
        country=_maybe(data, values["country"]),
        one_sided=data.draw(st.booleans()),
    )


#: How a drawn municipality is made to meet the partners the portfolios name.
MATCHES = ("id", "identifier", "name", "conflict", "none")


def _as_partner(
    draw: st.DrawFn, municipality: Municipality, n: int, partner: Organisation
) -> Municipality:
    """``municipality`` made to match ``partner`` in one of the :data:`MATCHES` ways.

    ``identifier``: the partner's shared identifiers, another id and name;
    ``name``: one of the partner's names (any case and accents), another
    id, no code in common; ``conflict``: the partner's name but another
    code in a shared scheme; ``none``: nothing in common.
    """
    how = draw(st.sampled_from(MATCHES))
    if how == "id":
        return attrs.evolve(municipality, id=partner.id)
    ident = f"m{n}-{how}"
    unrelated = LocalizedText.of(en=f"Municipality {n}")
    if how == "identifier" and partner.identifiers:
        return attrs.evolve(
            municipality, id=ident, name=unrelated, codes=dict(partner.identifiers)
        )
    names = [t for v in (partner.name,) for t in v.values.values() if fold(t)]
    names += [alias for alias in partner.aliases if fold(alias)]
    if how in {"name", "conflict"} and names:
        name = draw(st.sampled_from(names))
        name = draw(st.sampled_from((name, name.upper(), f" {name}.")))
        codes = (
            {scheme: f"other-{code}" for scheme, code in partner.identifiers.items()}
            if how == "conflict"
            else {}
        )
        return attrs.evolve(
            municipality, id=ident, name=LocalizedText.of(en=name), codes=codes
        )
    return attrs.evolve(municipality, id=ident, name=unrelated, codes={})


@st.composite
def _portal(draw: st.DrawFn) -> dict[str, Portfolio]:
    """A few portfolios whose municipalities may be each other's partners.

    Each municipality is made to match one of the partner organisations the
    portfolios name -- by id, by shared identifier only, by name only, by
    name but with another code, or not at all (:func:`_as_partner`) -- so
    partnerships between portfolios (and one-sided ones) occur; about half
    the initiatives recur, to hold "active in" alike for them.
    """
    drawn = [
        attrs.evolve(
            portfolio,
            initiatives=tuple(
                attrs.evolve(initiative, recurrence=draw(st.none() | recurrences()))
                for initiative in portfolio.initiatives
            ),
        )
        for portfolio in draw(st.lists(portfolios(max_size=2), min_size=1, max_size=3))
    ]
    pool = sorted(
        (o for p in drawn for o in p.organisations),
        key=lambda o: (o.id, repr(o)),
    )
    portal = {}
    for n, portfolio in enumerate(drawn):
        municipality = portfolio.municipality
        if pool:
            municipality = _as_partner(
                draw, municipality, n, draw(st.sampled_from(pool))
            )
        portal[f"k{n}"] = attrs.evolve(portfolio, municipality=municipality)
    # Now and then the other side answers: it records the first back, by
    # name, so that pairs recorded on both sides occur as well.
    for link in evaluate_links(portal):
        if draw(st.booleans()):
            portal[link.other] = _answer(portal[link.other], portal[link.portfolio])
    return portal


def _answer(portfolio: Portfolio, partner: Portfolio) -> Portfolio:
    """``portfolio`` with a twinning with ``partner``'s municipality, named by name."""
    ident = f"back-{len(portfolio.organisations)}"
    organisation = Organisation(
        id=ident, name=partner.municipality.name, type="municipality"
    )
    twinning = Partnership(
        id=f"twinning-{ident}",
        kind="twinning",
        title=LocalizedText.of(en="Back"),
        parties=(Party(party=portfolio.municipality.id), Party(party=ident)),
    )
    return attrs.evolve(
        portfolio,
        organisations=(*portfolio.organisations, organisation),
        partnerships=(*portfolio.partnerships, twinning),
    )


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(portal=_portal(), data=st.data())
def test_sql_answers_as_python_does(
    database: str, portal: dict[str, Portfolio], data: st.DataObject
) -> None:
    store = _store(database)
    held = store.keys()
    for key in held:
        store.delete(key)
    for key, portfolio in portal.items():
        _store(f"{database}#{key}").save(portfolio)
    values = _values(list(portal.values()))
    for _ in range(4):
        query = _query(data, values)
        assert store.query(query) == evaluate(query, portal), query
    if values["year"]:
        # A year at or next to an occurrence: recurrences decide the answer.
        year = int(data.draw(st.sampled_from(values["year"])))
        query = InitiativeQuery(active_in=year)
        assert store.query(query) == evaluate(query, portal), query
    assert store.links() == evaluate_links(portal)
    # The view for people and tools says the same as the query.
    with store.engine.connect() as connection:
        view = connection.exec_driver_sql(
            "SELECT portfolio, partnership FROM one_sided_partnerships"
        ).all()
    one_sided = evaluate(PartnershipQuery(one_sided=True), portal)
    assert {tuple(row) for row in view} == {(h.portfolio, h.id) for h in one_sided}
    key = sorted(portal)[0]
    one = _store(f"{database}#{key}")
    query = _query(data, values)
    # Only that portfolio's hits, judged against the whole database (a
    # one-sided partnership is one the other portfolio does not record).
    assert one.query(query) == [
        hit for hit in evaluate(query, portal) if hit.portfolio == key
    ]


def _twinning(ident: str, partner: str, signed: str, ended: str | None) -> Partnership:
    events = [PartnershipEvent(kind="signed", date=PartialDate.parse(signed))]
    if ended:
        events.append(PartnershipEvent(kind="ended", date=PartialDate.parse(ended)))
    return Partnership(
        id=f"{ident}-{partner}",
        kind="twinning",
        title=LocalizedText.of(en=f"{ident} and {partner}"),
        parties=(Party(party=ident), Party(party=partner)),
        events=tuple(events),
    )


def _municipality(
    ident: str, partners: dict[str, tuple[str, str, str | None]], esf: str | None
) -> Portfolio:
    """A portfolio of ``ident``: twinnings (partner: country, signed, ended)."""
    base = sample_portfolio()
    initiatives = ()
    if esf:
        initiatives = (
            Initiative(
                id="skills",
                title=LocalizedText.of(en="Skills"),
                kind="project",
                period=Period.parse(*esf.split("/")),
                participations=(Participation(organisation=next(iter(partners))),),
                funding=(FundingLine(programme="esf"),),
            ),
        )
    return Portfolio(
        municipality=attrs.evolve(base.municipality, id=ident, country="DK"),
        organisations=tuple(
            Organisation(
                id=partner,
                name=LocalizedText.of(en=partner.title()),
                type="municipality",
                country=country,
            )
            for partner, (country, _signed, _ended) in partners.items()
        ),
        partnerships=tuple(
            _twinning(ident, partner, signed, ended)
            for partner, (_country, signed, ended) in partners.items()
        ),
        initiatives=initiatives,
    )


def test_the_examples_of_the_issue(database: str, tmp_path: object) -> None:
    portal = {
        "aarhus": _municipality(
            "aarhus", {"kiel": ("DE", "1967", None)}, esf="2010/2012"
        ),
        "odense": _municipality(
            "odense", {"luebeck": ("DE", "1990", "2005")}, esf="2013/2014"
        ),
        "kiel": _municipality("kiel", {"vejle": ("DK", "2001", None)}, esf=None),
    }
    for key, portfolio in portal.items():
        _store(f"{database}#{key}").save(portfolio)
    germany = PartnershipQuery(country="DE", active_in=2026)
    assert municipalities(find(database, germany)) == ["aarhus"]
    esf = find(database, InitiativeQuery(programme="esf", active_in=2011))
    assert [(hit.portfolio, hit.id) for hit in esf] == [("aarhus", "skills")]
    one_sided = find(database, PartnershipQuery(one_sided=True))
    # Aarhus records Kiel, Kiel does not record Aarhus; Vejle and Lübeck
    # have no portfolio here, so nothing is known of their side.
    assert [(hit.portfolio, hit.partners) for hit in one_sided] == [
        ("aarhus", ("kiel",))
    ]
    for query in (germany, InitiativeQuery(programme="esf", active_in=2011)):
        assert find(database, query) == evaluate(query, portal)


@pytest.mark.parametrize("suffix", ["yaml", "json", "toml"])
def test_a_file_store_answers_in_python(suffix: str, tmp_path: object) -> None:
    from pathlib import Path

    from munintl.storage import save

    portfolio = _municipality("aarhus", {"kiel": ("DE", "1967", None)}, esf="2010/2012")
    root = Path(str(tmp_path))
    location = root / ("portfolio" if suffix == "yaml" else f"portfolio.{suffix}")
    save(portfolio, location, check=False)
    for query in (
        PartnershipQuery(country="DE", active_in=2026),
        InitiativeQuery(programme="esf", active_in=2011),
        InitiativeQuery(programme="esf", active_in=2013),
    ):
        assert find(location, query) == evaluate(query, {"aarhus": portfolio})
    assert municipalities(find(location, PartnershipQuery(country="DE"))) == ["aarhus"]


def test_no_new_message_shows_the_password(
    postgresql_database: str, example_path: object
) -> None:
    from click.testing import CliRunner
    from sqlalchemy.engine import make_url

    from munintl.cli import main

    password = make_url(postgresql_database).password
    assert password, "the test server's URL carries the password"
    runner = CliRunner()
    for args in (
        ["convert", str(example_path), f"{postgresql_database}#skanderborg"],
        ["convert", str(example_path), f"{postgresql_database}#skanderborg"],
        ["history", f"{postgresql_database}#nope"],
        ["diff", f"{postgresql_database}#skanderborg@7", str(example_path)],
        ["diff", f"{postgresql_database}#skanderborg", str(example_path)],
        ["query", f"{postgresql_database}#nope", "initiatives"],
        ["portal", "metadata", f"{postgresql_database}#skanderborg"],
    ):
        result = runner.invoke(main, args)
        assert password not in result.stderr, (args, result.stderr)
        assert result.stderr, args  # each says something on stderr


def test_a_recurring_initiative_is_active_only_where_it_occurs(
    database: str, tmp_path: object
) -> None:
    from pathlib import Path

    from munintl.model import Recurrence

    base = _municipality("aarhus", {"kiel": ("DE", "1967", None)}, esf="2010/2012")
    exchange = attrs.evolve(
        base.initiatives[0],
        id="exchange",
        period=Period.parse("2010-05", "2016-03"),
        recurrence=Recurrence(every=2),
    )
    portfolio = attrs.evolve(base, initiatives=(exchange,))
    _store(f"{database}#aarhus").save(portfolio)
    folder = Path(str(tmp_path)) / "portfolio.json"
    open_store(folder).save(portfolio)
    # Held in May 2010, 2012 and 2014; May 2016 falls after the end (March).
    expected = {2009: [], 2010: ["exchange"], 2011: [], 2012: ["exchange"]}
    expected |= {2013: [], 2014: ["exchange"], 2015: [], 2016: []}
    for year, ids in expected.items():
        query = InitiativeQuery(active_in=year)
        for location in (database, folder):
            assert [hit.id for hit in find(location, query)] == ids, (location, year)


def test_an_older_database_gets_its_occurrence_years(database: str) -> None:
    from alembic import command
    from alembic.config import Config

    from munintl.model import Recurrence
    from munintl.plugins.storage.sql.engine import CURRENT
    from munintl.plugins.storage.sql.migrate import MIGRATIONS

    base = _municipality("aarhus", {"kiel": ("DE", "1967", None)}, esf="2010/2012")
    exchange = attrs.evolve(
        base.initiatives[0],
        period=Period.parse("2011", None),
        recurrence=Recurrence(every=3),
    )
    portfolio = attrs.evolve(base, initiatives=(exchange,))
    store = _store(f"{database}#aarhus")
    store.save(portfolio)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")  # a database saved before 0004
    store.engine.dispose()
    CURRENT.clear()
    again = _store(f"{database}#aarhus")
    assert again.load() == portfolio  # reading it upgrades and refills it
    with again.engine.connect() as connection:
        row = connection.exec_driver_sql(
            "SELECT recurs_every, first_occurrence, last_occurrence FROM initiatives"
        ).one()
    assert tuple(row) == (3, 2011, 9997)  # open-ended: the last one up to 9999
    hits = {y: again.query(InitiativeQuery(active_in=y)) for y in (2013, 2014)}
    assert [len(hits[2013]), len(hits[2014])] == [0, 1]


@pytest.mark.parametrize("year", [0, -1, 10_000])
@pytest.mark.parametrize("query", [InitiativeQuery, PartnershipQuery])
def test_a_query_refuses_a_year_no_date_can_have(query: type, year: int) -> None:
    # A recurrence starting in year 1 once made the property test ask about
    # year 0, and the SQL side failed with "year 0 is out of range".
    with pytest.raises(ValueError, match=f"active_in={year}: a year from 1 to 9999"):
        query(active_in=year)
    assert query(active_in=MIN_YEAR).active_in == 1
    assert query(active_in=MAX_YEAR).active_in == 9999
