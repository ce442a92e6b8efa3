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
import functools
import math
import re
from collections.abc import Iterator
from operator import attrgetter

import attrs

from munintl.errors import Finding
from munintl.hooks import hookimpl
from munintl.hooks.records import Rule, RuleContext
from munintl.i18n import N_, _, clipped
from munintl.model import Body, LocalizedText, Organisation, Portfolio
from munintl.model.matching import fold
from munintl.model.values import LINKABLE_SCHEMES, linkable
from munintl.plugins.rules._walk import Columns, passes
from munintl.plugins.rules._walk import index as walk_of
from munintl.wire.paths import place

#: How alike (difflib's ratio of the folded names) two names must be to be
#: reported as look-alikes; "Eisenach" and "Eisenahc" are 0.875.
LOOK_ALIKE = 0.85
#: At most this many name pairs are compared (a guard against thousands of
#: names all but the same; the first pairs are still checked).
MAX_COMPARISONS = 2_000_000
_NUMBERS = re.compile(r"\d+")


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
    former name) are not look-alikes, nor are names with different numbers
    in them ("Partner 12" and "Partner 13").  Only pairs that may reach
    :data:`LOOK_ALIKE` are compared (:func:`look_alike_candidates`), so a
    national database of partners stays fast.
    """
    for collection in ("organisations", "bodies"):
        entities: list[Organisation | Body] = list(getattr(portfolio, collection))
        named = []
        for entity in entities:
            name = _name(portfolio, entity.name)
            key = fold(name)
            if len(key) >= 4:
                named.append((key, name, entity))
        named.sort(key=lambda item: len(item[0]))
        for i, j in look_alike_candidates([key for key, _name, _entity in named]):
            key_a, name_a, a = named[i]
            key_b, name_b, b = named[j]
            if _related(a, b) or not _alike(key_a, key_b):
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


def _alike(key_a: str, key_b: str) -> bool:
    """Tell whether two folded names (without different numbers) look alike."""
    if key_a == key_b:
        return True
    matcher = difflib.SequenceMatcher(None, key_b, key_a)
    return not (
        matcher.real_quick_ratio() < LOOK_ALIKE
        or matcher.quick_ratio() < LOOK_ALIKE
        or matcher.ratio() < LOOK_ALIKE
    )


def within_reach(short: str, long: str) -> bool:
    """Tell whether two folded names are close enough in length to be compared."""
    return len(long) - len(short) <= max(2, len(short) // 8)


def look_alike_candidates(keys: list[str]) -> list[tuple[int, int]]:
    """The pairs of folded names (sorted by length) that may look alike.

    Every pair ``(i, j)``, ``i < j``, whose names have the same numbers,
    are :func:`within_reach` and whose characters (as a multiset) overlap
    enough for difflib's ``quick_ratio`` to reach :data:`LOOK_ALIKE`,
    possibly more, in order.  Names are put in buckets by their numbers;
    within a bucket a prefix filter finds the pairs: each name's rarest
    characters, as many as a name that alike can miss plus one, are
    indexed, and only names sharing one of them are paired (two names
    sharing enough characters share one of those).  At most
    :data:`MAX_COMPARISONS` pairs are given.
    """
    buckets: dict[tuple[int, ...], list[int]] = {}
    for index, key in enumerate(keys):
        numbers = tuple(int(run) for run in _NUMBERS.findall(key))
        buckets.setdefault(numbers, []).append(index)
    pairs: list[tuple[int, int]] = []
    for members in buckets.values():
        if len(members) < 2:
            continue
        tokens = {index: _tokens(keys[index]) for index in members}
        frequency: dict[tuple[str, int], int] = {}
        for items in tokens.values():
            for token in items:
                frequency[token] = frequency.get(token, 0) + 1
        postings: dict[tuple[str, int], list[int]] = {}
        for index in members:
            key = keys[index]
            ordered = sorted(tokens[index], key=lambda t: (frequency[t], t))
            prefix = ordered[: len(key) - _least_overlap(len(key)) + 1]
            seen: set[int] = set()
            for token in prefix:
                for other in postings.get(token, ()):
                    if other not in seen:
                        seen.add(other)
                        i, j = (other, index) if other < index else (index, other)
                        if within_reach(keys[i], keys[j]):
                            pairs.append((i, j))
                postings.setdefault(token, []).append(index)
            if len(pairs) > MAX_COMPARISONS:
                break
    pairs.sort()
    return pairs[:MAX_COMPARISONS]


def _tokens(key: str) -> list[tuple[str, int]]:
    """A folded name's characters as a set: each with how often it came before."""
    count: dict[str, int] = {}
    tokens = []
    for character in key:
        seen = count.get(character, 0)
        count[character] = seen + 1
        tokens.append((character, seen))
    return tokens


def _least_overlap(length: int) -> int:
    """The fewest characters a name of this length shares with any look-alike.

    ``2 * shared / (length + other) >= LOOK_ALIKE`` with ``shared <= other``
    gives ``shared >= LOOK_ALIKE * length / (2 - LOOK_ALIKE)``; one less, in
    case of rounding, keeps the filter on the safe side.
    """
    return max(1, math.ceil(LOOK_ALIKE * length / (2 - LOOK_ALIKE)) - 1)


#: The formats of the shared identifier schemes munintl knows; other
#: schemes (a municipality's own) are taken as they are.
IDENTIFIER_FORMATS: dict[str, tuple[str, str]] = {
    # Twelve digits: Wikidata's QIDs have nine (a hundred thousand digits
    # are no QID).
    "wikidata": (r"Q[1-9][0-9]{0,11}", "Q and a number, such as Q1748"),
    "iso3166-2": (r"[A-Z]{2}-[A-Z0-9]{1,3}", "a subdivision code such as DE-TH"),
    "nuts": (r"[A-Z]{2}[A-Z0-9]{0,3}", "a NUTS code such as DK042"),
    "lau": (r"[A-Z0-9][A-Z0-9_-]{0,19}", "a LAU code such as 16056000"),
    "kommunekode": (r"[0-9]{3}", "three digits, such as 746"),
    "kommunkod": (r"[0-9]{4}", "four digits, such as 0180"),
    "gss": (r"[ENSW][0-9]{8}", "an ONS GSS code such as E06000014"),
}


#: A scheme's name: a word of letters, digits, '-', '_' or '.'.
_SCHEME = re.compile(r"[^\W_][\w.-]*")


def identifier_problem(scheme: str, code: str) -> str | None:
    """Say why ``code`` is not a code of the known ``scheme``, or None."""
    known = IDENTIFIER_FORMATS.get(scheme)
    if known is None or re.fullmatch(known[0], code):
        return None
    return _("{code!r} is not a {scheme} code: write {form}").format(
        code=clipped(code), scheme=scheme, form=known[1]
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
        seen: dict[str, str] = {}
        for scheme, code in codes.items():
            folded = scheme.casefold()
            if not _SCHEME.fullmatch(folded):
                problem: str | None = _(
                    "{scheme!r} is not the name of a scheme; write one such as"
                    " wikidata, nuts or lau, or your own in letters, digits and '-'"
                ).format(scheme=scheme)
            elif folded in seen:
                # Two spellings of one scheme: partners would never match.
                problem = _(
                    "{scheme!r} and {other!r} are one scheme (compared without"
                    " case) given twice; keep one"
                ).format(scheme=scheme, other=seen[folded])
            else:
                problem = identifier_problem(folded, code)
            seen.setdefault(folded, scheme)
            if problem:
                # An empty key has no dotted form: identifiers[] names it.
                yield context.finding(
                    problem, f"{path}.{scheme}" if scheme else f"{path}[]"
                )


def _related(a: Organisation | Body, b: Organisation | Body) -> bool:
    """Tell whether two look-alikes say how they relate (renamed, merged, parent)."""
    links = {
        getattr(a, "successor", None),
        getattr(a, "parent", None),
        getattr(b, "successor", None),
        getattr(b, "parent", None),
    }
    return a.id in links or b.id in links


@functools.cache
def url_fields(cls: type) -> tuple[str, ...]:
    """The fields of the model class ``cls`` that hold a web or mail address."""
    if not attrs.has(cls):
        return ()
    return tuple(f.name for f in attrs.fields(cls) if f.metadata.get("url"))


# Any whitespace but the line feeds the addresses are joined with, a control
# character, or a bracket (an address urlsplit refuses, "http://[::1").
_NOT_LINKABLE = re.compile(r"[^\S\n]|[\x00-\x09\x0b-\x1f\x7f\[\]]")
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):", re.MULTILINE)


def _all_linkable(columns: Columns) -> bool:
    """Tell that every address field holds an address reports link.

    All addresses of a field are joined and searched at once, in C; only a
    portfolio with a suspect one is checked address by address.
    """
    for cls, objects in columns.objects.items():
        for name in url_fields(cls):
            values = [v for v in map(attrgetter(name), objects) if v is not None]
            if not values:
                continue
            if "" in values:
                return False
            joined = "\n".join(values)
            if joined.count("\n") >= len(values) or _NOT_LINKABLE.search(joined):
                return False  # a line feed of its own, or another suspect
            schemes = {scheme.lower() for scheme in _URL_SCHEME.findall(joined)}
            if not schemes <= LINKABLE_SCHEMES:
                return False
    return True


def check_urls_linkable(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find web and mail addresses reports cannot link: they show them as text.

    A link goes out only to an http, https or mailto address (or one without
    a scheme, such as ``#part``) holding no space or control character;
    ``javascript:``, ``file:`` or an address with a line break in it is
    shown as text, so the reader cannot follow it.
    """
    walk = walk_of(portfolio)
    if passes(lambda: _all_linkable(walk.columns)):
        return
    for cls, nodes in walk.objects.items():
        for name in url_fields(cls):
            for node in nodes:
                value = getattr(node.obj, name)
                if value is not None and not linkable(value):
                    yield context.finding(
                        _(
                            "reports cannot link to {url}: a link goes only to an"
                            " http, https or mailto address without spaces, so this"
                            " one is shown as text; correct the address"
                        ).format(url=clipped(repr(value), 60)),
                        place(node.path, name),
                    )


@hookimpl
def munintl_rules() -> tuple[Rule, ...]:
    """Register the rules on conflicting and incomplete sources."""
    return (
        Rule(
            name="empty-name",
            severity="error",
            description=N_("An organisation or body has an empty name."),
            check=check_empty_names,
        ),
        Rule(
            name="unknown-name-given",
            severity="warning",
            description=N_("An organisation marked name_unknown has a name."),
            check=check_unknown_name_given,
        ),
        Rule(
            name="other-date-source",
            severity="error",
            description=N_("A date another source gives names no source."),
            check=check_other_dates,
        ),
        Rule(
            name="identifier-format",
            severity="error",
            description=N_("A shared identifier or code is not in its scheme's form."),
            check=check_identifiers,
        ),
        Rule(
            name="look-alike-names",
            severity="warning",
            description=N_("Two organisations or bodies have all but the same name."),
            check=check_look_alike_names,
        ),
        Rule(
            name="url-not-linked",
            severity="warning",
            description=N_("A web or mail address is one reports cannot link to."),
            check=check_urls_linkable,
        ),
    )


__all__ = ["IDENTIFIER_FORMATS", "fold", "identifier_problem", "munintl_rules"]
