"""Generate synthetic, valid portfolios at national scale for the benchmarks.

The data is strategy-shaped: each initiative has about fifteen fields, texts
in Danish and English (German for some), partners, funding lines, results
and links; partnerships have parties and dated events; yearly follow-ups hold
a status update for every initiative active in their year.  Everything is
derived from a seed, so two runs give the same bytes.

    python bench/generate.py --initiatives 100000 -o big.json
    python bench/generate.py --portfolios 100 --initiatives 1000 -o national/

The second form writes one JSON file per municipality, the national data set
of 100 portfolios of 1,000 initiatives.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

Data = dict[str, Any]

_WORDS_DA = (
    "grøn",
    "omstilling",
    "byudvikling",
    "klima",
    "vand",
    "energi",
    "skole",
    "ungdom",
    "kultur",
    "sundhed",
    "mobilitet",
    "cykel",
    "erhverv",
    "turisme",
    "innovation",
    "uddannelse",
    "affald",
    "natur",
    "demokrati",
    "sprog",
)
_WORDS_EN = (
    "green",
    "transition",
    "urban development",
    "climate",
    "water",
    "energy",
    "school",
    "youth",
    "culture",
    "health",
    "mobility",
    "cycling",
    "business",
    "tourism",
    "innovation",
    "education",
    "waste",
    "nature",
    "democracy",
    "language",
)
_WORDS_DE = (
    "grün",
    "Wandel",
    "Stadtentwicklung",
    "Klima",
    "Wasser",
    "Energie",
    "Schule",
    "Jugend",
    "Kultur",
    "Gesundheit",
    "Mobilität",
    "Radverkehr",
    "Wirtschaft",
    "Tourismus",
    "Innovation",
    "Bildung",
    "Abfall",
    "Natur",
    "Demokratie",
    "Sprache",
)
_COUNTRIES = ("DE", "SE", "NO", "FI", "PL", "NL", "FR", "EE", "LT", "IS", "GB", "ES")
_CURRENCIES = ("DKK", "EUR", "SEK")
_KINDS = (
    "project",
    "eu-project",
    "programme",
    "network",
    "service",
    "event",
    "study-visit",
    "staff-exchange",
    "delegation",
)
_STATUSES = ("pipeline", "implementation", "finalisation", "closed")
_PROGRESS = ("on-track", "at-risk", "delayed", "completed")
_PROGRAMMES = ("interreg", "urbact", "erasmus-plus", "erdf", "esf")
_ROLES = ("partner", "implementing", "funding", "associated")
_ORGANISATION_TYPES = ("municipality", "region", "university", "association", "company")
_SDGS = ("3", "4", "7", "11", "13", "17")
_THEMES = 6
_SUBTHEMES = 2
_GOALS = 3
_FIRST_YEAR = 2015
_LAST_YEAR = 2024
_COMMITTEES = 5


def _phrase(rng: random.Random, words: tuple[str, ...], count: int) -> str:
    return " ".join(rng.choice(words) for _ in range(count))


def _text(rng: random.Random, count: int, *, german: bool = False) -> Data:
    picks = [rng.randrange(len(_WORDS_DA)) for _ in range(count)]
    text = {
        "da": " ".join(_WORDS_DA[i] for i in picks).capitalize(),
        "en": " ".join(_WORDS_EN[i] for i in picks).capitalize(),
    }
    if german:
        text["de"] = " ".join(_WORDS_DE[i] for i in picks)
    return text


def _bodies() -> list[Data]:
    bodies: list[Data] = [
        {
            "id": "city-council",
            "name": {"da": "Byrådet", "en": "The City Council"},
            "type": "city-council",
        }
    ]
    names = ("Økonomi", "Kultur", "Klima", "Børn", "Erhverv")
    for number in range(_COMMITTEES):
        bodies.append(
            {
                "id": f"committee-{number}",
                "name": {
                    "da": f"{names[number]}udvalget",
                    "en": f"Committee {number}",
                },
                "type": "committee",
                "parent": "city-council",
            }
        )
        bodies.append(
            {
                "id": f"department-{number}",
                "name": {"da": f"Afdeling {number}", "en": f"Department {number}"},
                "type": "department",
            }
        )
    return bodies


def _strategy(rng: random.Random) -> Data:
    themes = []
    for number in range(_THEMES):
        children = [
            {
                "id": f"theme-{number}-{child}",
                "title": _text(rng, 3, german=True),
                "goals": [
                    {
                        "id": f"goal-{number}-{child}-{goal}",
                        "statement": _text(rng, 8),
                    }
                    for goal in range(_GOALS)
                ],
                "responsible": [f"committee-{number % _COMMITTEES}"],
            }
            for child in range(_SUBTHEMES)
        ]
        themes.append(
            {
                "id": f"theme-{number}",
                "title": _text(rng, 2, german=True),
                "label": {"da": "Politikområde", "en": "Policy area"},
                "description": _text(rng, 20),
                "themes": children,
                "responsible": [f"committee-{number % _COMMITTEES}"],
                "reports_to": ["city-council"],
                "classifications": [f"sdg:{rng.choice(_SDGS)}"],
            }
        )
    return {
        "id": "strategy-2021",
        "title": {"da": "International strategi", "en": "International strategy"},
        "vision": _text(rng, 30, german=True),
        "summary": _text(rng, 40),
        "period": {"start": 2021, "end": 2029},
        "adoption": {"body": "city-council", "date": "2021-03-24"},
        "themes": themes,
    }


def _organisations(rng: random.Random, count: int) -> list[Data]:
    return [
        {
            "id": f"organisation-{number}",
            "name": {"da": f"Partner {number}", "en": f"Partner {number}"},
            "type": rng.choice(_ORGANISATION_TYPES),
            "country": rng.choice(_COUNTRIES),
        }
        for number in range(count)
    ]


def _initiative(rng: random.Random, number: int, organisations: int) -> Data:
    theme = rng.randrange(_THEMES)
    child = rng.randrange(_SUBTHEMES)
    start = rng.randint(_FIRST_YEAR, _LAST_YEAR - 1)
    end = rng.randint(start, _LAST_YEAR + 3)
    initiative: Data = {
        "id": f"initiative-{number}",
        "title": _text(rng, 4, german=rng.random() < 0.3),
        "kind": rng.choice(_KINDS),
        "status": rng.choice(_STATUSES),
        "period": {"start": start, "end": f"{end}-{rng.randint(1, 12):02d}"},
        "summary": _text(rng, 12),
        "description": _text(rng, 40),
        "themes": [f"theme-{theme}-{child}"],
        "goals": [f"goal-{theme}-{child}-{rng.randrange(_GOALS)}"],
        "responsible": [f"department-{theme % _COMMITTEES}"],
        "participations": [
            {
                "organisation": f"organisation-{rng.randrange(organisations)}",
                "role": rng.choice(_ROLES),
                "lead": index == 0,
            }
            for index in range(rng.randint(1, 3))
        ],
        "classifications": [f"sdg:{rng.choice(_SDGS)}"],
    }
    if rng.random() < 0.7:
        initiative["funding"] = [
            {
                "programme": rng.choice(_PROGRAMMES),
                "amount": {
                    "amount": rng.randrange(10_000, 5_000_000, 500),
                    "currency": rng.choice(_CURRENCIES),
                },
                "phase": f"phase {phase + 1}",
            }
            for phase in range(rng.randint(1, 2))
        ]
    if rng.random() < 0.4:
        target = rng.randint(10, 500)
        initiative["results"] = [
            {
                "type": "output",
                "title": _text(rng, 5),
                "indicator": {
                    "name": _text(rng, 3),
                    "unit": "people",
                    "baseline": {"value": 0},
                    "target": {"value": target, "date": end},
                    "actual": {"value": f"{rng.randint(0, target)}.5"},
                },
            }
        ]
    if rng.random() < 0.3:
        initiative["links"] = [
            {
                "url": f"https://keep.eu/projects/{number}/",
                "system": "keep.eu",
                "identifier": str(number),
            }
        ]
    if rng.random() < 0.05:
        initiative["visibility"] = "internal"
    return initiative


def _partnership(
    rng: random.Random, number: int, municipality: str, organisations: int
) -> Data:
    partner = f"organisation-{rng.randrange(organisations)}"
    year = rng.randint(1960, 2015)
    events: list[Data] = [{"kind": "signed", "date": year}]
    if rng.random() < 0.5:
        events.append(
            {
                "kind": "renewed",
                "date": f"{year + 10}-{rng.randint(1, 12):02d}",
                "decided_by": "city-council",
            }
        )
    if rng.random() < 0.2:
        events.append({"kind": "dormant", "date": year + 20, "party": partner})
    return {
        "id": f"partnership-{number}",
        "kind": "twinning",
        "title": _text(rng, 3),
        "parties": [{"party": municipality}, {"party": partner}],
        "areas": [f"theme-{rng.randrange(_THEMES)}"],
        "events": events,
    }


def _followups(initiatives: list[Data]) -> list[Data]:
    followups = []
    for year in range(_LAST_YEAR - 2, _LAST_YEAR + 1):
        updates = []
        for initiative in initiatives:
            period = initiative["period"]
            if period["start"] <= year <= int(period["end"][:4]):
                number = int(initiative["id"].rsplit("-", 1)[1])
                updates.append(
                    {
                        "subject": f"initiative:{initiative['id']}",
                        "status": initiative["status"],
                        "progress": _PROGRESS[(number + year) % len(_PROGRESS)],
                        "achievements": {
                            "da": f"Fremdrift i {year}.",
                            "en": f"Progress in {year}.",
                        },
                    }
                )
        updates.sort(key=lambda update: update["subject"])
        followups.append(
            {
                "id": f"followup-{year}",
                "title": {"da": f"Opfølgning {year}", "en": f"Follow-up {year}"},
                "period": {"start": year, "end": year},
                "addressee": "city-council",
                "prepared_by": ["department-0"],
                "strategy": "strategy-2021",
                "updates": updates,
            }
        )
    return followups


def portfolio(
    initiatives: int, *, seed: int = 0, municipality: str = "synthetic"
) -> Data:
    """Return the wire shape of a valid portfolio with ``initiatives`` initiatives.

    There is one organisation for every ten initiatives (at least twenty),
    one partnership for every fifty, and three yearly follow-ups with an
    update for each initiative active in the year.
    """
    rng = random.Random(f"{municipality}:{seed}")
    organisations = max(20, initiatives // 10)
    items = [_initiative(rng, number, organisations) for number in range(initiatives)]
    partnerships = [
        _partnership(rng, number, municipality, organisations)
        for number in range(max(1, initiatives // 50))
    ]
    # In id order, as every munintl store writes a portfolio.
    for collection in (items, partnerships):
        collection.sort(key=lambda item: item["id"])
    return {
        "municipality": {
            "id": municipality,
            "name": {
                "da": f"{municipality.capitalize()} Kommune",
                "en": f"{municipality.capitalize()} Municipality",
            },
            "country": "DK",
            "default_language": "da",
            "working_languages": ["da", "en"],
            "codes": {"kommunekode": f"{rng.randint(101, 860)}"},
        },
        "bodies": sorted(_bodies(), key=lambda item: item["id"]),
        "organisations": sorted(
            _organisations(rng, organisations), key=lambda item: item["id"]
        ),
        "strategies": [_strategy(rng)],
        "initiatives": items,
        "partnerships": partnerships,
        "followups": _followups(items),
    }


def national(portfolios: int, initiatives: int, *, seed: int = 0) -> list[Data]:
    """Return ``portfolios`` portfolios of ``initiatives`` initiatives each.

    The municipalities are each other's partners (:func:`_twin`), so the
    partnerships between portfolios of one database can be compared.
    """
    found = [
        portfolio(initiatives, seed=seed, municipality=f"municipality-{number:03d}")
        for number in range(portfolios)
    ]
    _twin(found, random.Random(f"national:{seed}"))
    return found


def _twin(portfolios: list[Data], rng: random.Random) -> None:
    """Make the municipalities of ``portfolios`` partners of their neighbours.

    Each has a unique ``kommunekode`` and records a twinning with the next
    one, named by that one's Danish name, and with the one before, named
    otherwise but with its ``kommunekode``: so each neighbour pair records
    each other, matched by name on one side and by identifier on the
    other, from start years that may differ.  Every tenth also records a
    partnership with the fifth after it that one does not record back (a
    partnership recorded by one side only), naming it by its id every
    twentieth and by its name (in capitals) the others.
    """
    count = len(portfolios)
    if count < 2:
        return
    for number, data in enumerate(portfolios):
        data["municipality"]["codes"] = {"kommunekode": f"{101 + number % 760:03d}"}
    for number, data in enumerate(portfolios):
        own = data["municipality"]["id"]
        following = portfolios[(number + 1) % count]["municipality"]
        previous = portfolios[(number - 1) % count]["municipality"]
        partners = [
            {
                "id": f"twin-{following['id']}",
                "name": {"da": following["name"]["da"]},
                "type": "municipality",
                "country": "DK",
            },
            {
                "id": f"twin-{previous['id']}",
                "name": {"da": f"Venskabsby {number}"},
                "type": "municipality",
                "country": "DK",
                "identifiers": dict(previous["codes"]),
            },
        ]
        if number % 10 == 0 and count > 5:
            fifth = portfolios[(number + 5) % count]["municipality"]
            # By id every twentieth; by name (and an id of its own) the others.
            by_id = number % 20 == 0
            partners.append(
                {
                    "id": fifth["id"] if by_id else f"partner-{fifth['id']}",
                    "name": {
                        "da": f"Samarbejdsby {number}"
                        if by_id
                        else fifth["name"]["da"].upper()
                    },
                    "type": "municipality",
                    "country": "DK",
                }
            )
        data["organisations"] = sorted(
            data["organisations"] + partners, key=lambda item: item["id"]
        )
        twinnings = [
            {
                "id": f"partnership-{partner['id']}",
                "kind": "twinning",
                "title": {"da": f"Venskabsby: {partner['name']['da']}"},
                "parties": [{"party": own}, {"party": partner["id"]}],
                "events": [{"kind": "signed", "date": rng.choice((1965, 1966))}],
            }
            for partner in partners
        ]
        data["partnerships"] = sorted(
            data["partnerships"] + twinnings, key=lambda item: item["id"]
        )


def dumps(data: Data) -> bytes:
    """Encode a portfolio as the JSON store writes it (compact, UTF-8)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    """Write the data set named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=1000)
    parser.add_argument("--portfolios", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.portfolios == 1 and args.output.suffix == ".json":
        args.output.write_bytes(dumps(portfolio(args.initiatives, seed=args.seed)))
        return 0
    args.output.mkdir(parents=True, exist_ok=True)
    for data in national(args.portfolios, args.initiatives, seed=args.seed):
        path = args.output / f"{data['municipality']['id']}.json"
        path.write_bytes(dumps(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
