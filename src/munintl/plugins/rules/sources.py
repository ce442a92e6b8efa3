"""Built-in rules on conflicting and incomplete sources.

Real source data disagrees and has gaps: two sources give different years
for a signature, a list of twin towns has a row whose name nobody
recorded, a partner is entered twice under two spellings.  These rules
keep such data honest: a name is given or explicitly unknown (never just
empty), a date another source gives says which source, and two names so
alike that one is probably a misspelling of the other are a warning naming
both places.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator

from munintl.errors import Finding
from munintl.hooks import hookimpl
from munintl.hooks.records import Rule, RuleContext
from munintl.i18n import _
from munintl.model import Body, LocalizedText, Organisation, Portfolio

#: How alike (difflib's ratio of the folded names) two names must be to be
#: reported as look-alikes; "Eisenach" and "Eisenahc" are 0.875.
LOOK_ALIKE = 0.85
#: At most this many name pairs are compared (a database of thousands of
#: partners stays fast; the first pairs are still checked).
MAX_COMPARISONS = 2_000_000
_NOT_LETTERS = re.compile(r"[\W_]+")


def check_empty_names(portfolio: Portfolio, context: RuleContext) -> Iterator[Finding]:
    """Find organisations and bodies whose name is empty but not marked unknown."""
    for collection in ("organisations", "bodies"):
        for entity in getattr(portfolio, collection):
            if entity.name:
                continue
            if getattr(entity, "name_unknown", False):
                continue
            if collection == "organisations":
                message = _(
                    "organisation {id!r} has an empty name; give its name, or, if"
                    " no source gives it, say so with name_unknown: true"
                )
            else:
                message = _("body {id!r} has an empty name; give its name")
            yield context.finding(
                message.format(id=entity.id),
                f"{collection}[{entity.id}].name",
            )


def check_unknown_name_given(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find organisations marked ``name_unknown`` that have a name after all."""
    for organisation in portfolio.organisations:
        if organisation.name_unknown and organisation.name:
            yield context.finding(
                _(
                    "organisation {id!r} has a name but is marked name_unknown;"
                    " remove name_unknown: true"
                ).format(id=organisation.id),
                f"organisations[{organisation.id}].name_unknown",
            )


def check_other_dates(portfolio: Portfolio, context: RuleContext) -> Iterator[Finding]:
    """Find other dates without a source, or the same as the preferred date."""
    for partnership in portfolio.partnerships:
        for position, event in enumerate(partnership.events):
            base = f"partnerships[{partnership.id}].events[{position}]"
            for index, claim in enumerate(event.other_dates):
                path = f"{base}.other_dates[{index}]"
                if not claim.sources:
                    yield context.finding(
                        _(
                            "this other date names no source; say which source"
                            " gives it under sources (title, url)"
                        ),
                        f"{path}.sources",
                    )
                elif claim.date == event.date:
                    yield context.finding(
                        _(
                            "this other date is the event's own date; add its"
                            " sources to the event's sources instead"
                        ),
                        f"{path}.date",
                        severity="warning",
                    )
            if event.other_dates and event.date is None:
                yield context.finding(
                    _(
                        "the event has other dates but no preferred date; give the"
                        " date you prefer under date and keep the others"
                    ),
                    f"{base}.date",
                )
            if event.other_dates and not event.sources:
                yield context.finding(
                    _(
                        "the event has other dates, so say which source gives its"
                        " own date (sources), that readers can weigh them"
                    ),
                    f"{base}.sources",
                    severity="warning",
                )


def fold(name: str) -> str:
    """A name as compared for look-alikes: lower case, no accents, letters only."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_LETTERS.sub("", plain)


def _name(portfolio: Portfolio, value: LocalizedText) -> str:
    language = portfolio.municipality.default_language
    return value.get(language, value.languages) or ""


def check_look_alike_names(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find two organisations (or two bodies) whose names are all but the same.

    A misspelt partner beside the right one ("Eisenach" and "Eisenahc") is
    two partners in every report.  Each is reported at its own place,
    naming the other's; renamed organisations that say so (a successor or
    former name) are not look-alikes.
    """
    for collection in ("organisations", "bodies"):
        entities: list[Organisation | Body] = list(getattr(portfolio, collection))
        named = [
            (fold(name), name, entity)
            for entity in entities
            if len(fold(name := _name(portfolio, entity.name))) >= 4
        ]
        named.sort(key=lambda item: len(item[0]))
        budget = MAX_COMPARISONS
        for i, (key_a, name_a, a) in enumerate(named):
            matcher = difflib.SequenceMatcher(None, "", key_a)
            for key_b, name_b, b in named[i + 1 :]:
                if len(key_b) - len(key_a) > max(2, len(key_a) // 8):
                    break
                budget -= 1
                if budget < 0:
                    return
                if _related(a, b):
                    continue
                matcher.set_seq1(key_b)
                if key_a != key_b and (
                    matcher.real_quick_ratio() < LOOK_ALIKE
                    or matcher.quick_ratio() < LOOK_ALIKE
                    or matcher.ratio() < LOOK_ALIKE
                ):
                    continue
                for one, other, one_name, other_name in (
                    (a, b, name_a, name_b),
                    (b, a, name_b, name_a),
                ):
                    yield context.finding(
                        _(
                            "the name {name!r} is all but the same as {other_name!r}"
                            " of {other_path}; if they are one, keep one and point"
                            " the references at it, or say how they differ"
                        ).format(
                            name=one_name,
                            other_name=other_name,
                            other_path=f"{collection}[{other.id}]",
                        ),
                        f"{collection}[{one.id}].name",
                    )


#: The formats of the shared identifier schemes munintl knows; other
#: schemes (a municipality's own) are taken as they are.
IDENTIFIER_FORMATS: dict[str, tuple[str, str]] = {
    "wikidata": (r"Q[1-9][0-9]*", "Q and a number, such as Q1748"),
    "iso3166-2": (r"[A-Z]{2}-[A-Z0-9]{1,3}", "a subdivision code such as DE-TH"),
    "nuts": (r"[A-Z]{2}[A-Z0-9]{0,3}", "a NUTS code such as DK042"),
    "lau": (r"[A-Z0-9][A-Z0-9_-]{0,19}", "a LAU code such as 16056000"),
    "kommunekode": (r"[0-9]{3}", "three digits, such as 746"),
    "kommunkod": (r"[0-9]{4}", "four digits, such as 0180"),
    "gss": (r"[ENSW][0-9]{8}", "an ONS GSS code such as E06000014"),
}


def identifier_problem(scheme: str, code: str) -> str | None:
    """Say why ``code`` is not a code of the known ``scheme``, or None."""
    known = IDENTIFIER_FORMATS.get(scheme)
    if known is None or re.fullmatch(known[0], code):
        return None
    return _("{code!r} is not a {scheme} code: write {form}").format(
        code=code, scheme=scheme, form=known[1]
    )


def check_identifiers(portfolio: Portfolio, context: RuleContext) -> Iterator[Finding]:
    """Find shared identifiers and official codes of a known scheme in a wrong form."""
    owners: list[tuple[str, dict[str, str]]] = [
        ("municipality.codes", portfolio.municipality.codes)
    ]
    owners += [
        (f"organisations[{o.id}].identifiers", o.identifiers)
        for o in portfolio.organisations
    ]
    for path, codes in owners:
        for scheme, code in codes.items():
            problem = identifier_problem(scheme.casefold(), code)
            if problem:
                yield context.finding(problem, f"{path}.{scheme}")


def _related(a: Organisation | Body, b: Organisation | Body) -> bool:
    """Tell whether two look-alikes say how they relate (renamed, merged, parent)."""
    links = {
        getattr(a, "successor", None),
        getattr(a, "parent", None),
        getattr(b, "successor", None),
        getattr(b, "parent", None),
    }
    return a.id in links or b.id in links


@hookimpl
def munintl_rules() -> tuple[Rule, ...]:
    """Register the rules on conflicting and incomplete sources."""
    return (
        Rule(
            name="empty-name",
            severity="error",
            description="An organisation or body has an empty name.",
            check=check_empty_names,
        ),
        Rule(
            name="unknown-name-given",
            severity="warning",
            description="An organisation marked name_unknown has a name.",
            check=check_unknown_name_given,
        ),
        Rule(
            name="other-date-source",
            severity="error",
            description="A date another source gives names no source.",
            check=check_other_dates,
        ),
        Rule(
            name="identifier-format",
            severity="error",
            description="A shared identifier or code is not in its scheme's form.",
            check=check_identifiers,
        ),
        Rule(
            name="look-alike-names",
            severity="warning",
            description="Two organisations or bodies have all but the same name.",
            check=check_look_alike_names,
        ),
    )


__all__ = ["IDENTIFIER_FORMATS", "fold", "identifier_problem", "munintl_rules"]
