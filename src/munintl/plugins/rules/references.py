"""Built-in rules on ids, references and codes: that everything they name exists.

Each rule looks at the portfolio through the one generic walk in
:mod:`munintl.plugins.rules._walk`, so reference and code fields added to the
model are checked without changes here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from operator import attrgetter
from typing import Any

from munintl.errors import Finding
from munintl.hooks import hookimpl
from munintl.hooks.records import Rule, RuleContext
from munintl.i18n import N_, _
from munintl.model import CodeRef, Portfolio, SubjectRef, Theme
from munintl.model.strategy import MAX_THEME_DEPTH
from munintl.plugins.rules._walk import (
    SUBJECT_COLLECTIONS,
    Index,
    Node,
    Suggester,
    chain_cycles,
    collections,
    index,
    listing,
    passes,
    steps,
)
from munintl.wire.paths import place

#: How a message names one entity of each reference target collection.
NOUNS: dict[str, str] = {
    "bodies": N_("body"),
    "organisations": N_("organisation"),
    "strategies": N_("strategy"),
    "initiatives": N_("initiative"),
    "partnerships": N_("partnership"),
    "followups": N_("follow-up"),
    "themes": N_("theme"),
    "goals": N_("goal"),
    "documents": N_("document of a strategy"),
    "parties": N_("organisation (or the municipality)"),
    "actors": N_("body or organisation (or the municipality)"),
}


def _noun(collection: str) -> str:
    noun = NOUNS.get(collection)
    return _(noun) if noun else collection


def _duplicates_in_collections(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    for collection, items in collections(portfolio):
        if len(set(map(_id_of, items))) == len(items):
            continue  # every id once: nothing to count
        counts = Counter(item.id for item in items)
        for id_, count in counts.items():
            if count > 1:
                yield context.finding(
                    _(
                        "{count} {collection} have the id {id!r}; give each its own"
                        " id (references would not know which one is meant)"
                    ).format(count=count, collection=collection, id=id_),
                    f"{collection}[{id_}].id",
                )
    municipality = portfolio.municipality.id
    if portfolio.organisation(municipality) is not None:
        yield context.finding(
            _(
                "organisation {id!r} has the municipality's own id; rename the"
                " organisation (a partner reference would be ambiguous)"
            ).format(id=municipality),
            f"organisations[{municipality}].id",
        )


def _duplicates_in_strategies(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    seen_themes: dict[str, str] = {}
    for strategy, theme in portfolio.all_themes():
        if theme.id in seen_themes:
            yield context.finding(
                _(
                    "theme id {id!r} is used again (in strategy {strategy!r}, first"
                    " in strategy {first!r}); theme ids must be unique across all"
                    " strategies"
                ).format(
                    id=theme.id, strategy=strategy.id, first=seen_themes[theme.id]
                ),
                f"themes[{theme.id}].id",
            )
        else:
            seen_themes[theme.id] = strategy.id
    walk = index(portfolio)
    goals = [
        goal.id for theme in walk.columns.objects.get(Theme, ()) for goal in theme.goals
    ]
    if passes(lambda: len(set(goals)) == len(goals)):
        goals = []  # no goal id twice: nothing to walk for
    seen_goals: dict[str, str] = {}
    for node in walk.nodes(Theme) if goals else ():
        for position, goal in enumerate(node.obj.goals):
            if goal.id in seen_goals:
                yield context.finding(
                    _(
                        "goal id {id!r} is already used by a goal of theme"
                        " {theme!r}; goal ids must be unique across all strategies"
                    ).format(id=goal.id, theme=seen_goals[goal.id]),
                    f"{node.path}.goals[{position}].id",
                )
            else:
                seen_goals[goal.id] = node.obj.id
    for strategy in portfolio.strategies:
        documents: set[str] = set()
        for position, document in enumerate(strategy.documents):
            if document.id in documents:
                yield context.finding(
                    _(
                        "strategy {strategy!r} has two documents with the id {id!r};"
                        " give each its own id"
                    ).format(strategy=strategy.id, id=document.id),
                    f"strategies[{strategy.id}].documents[{position}].id",
                )
            documents.add(document.id)


def check_duplicate_ids(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find ids used twice where references need them to be unique.

    Checked: each top-level collection; theme ids and goal ids across every
    strategy (initiatives refer to them without naming the strategy); the
    document ids of each strategy; and an organisation sharing the
    municipality's id (a party reference would be ambiguous).
    """
    yield from _duplicates_in_collections(portfolio, context)
    yield from _duplicates_in_strategies(portfolio, context)


def check_dangling_references(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find references to ids that do not exist, suggesting the closest id.

    Every field whose metadata names a collection (``{"ref": "bodies"}``) is
    checked, plus the subjects (``initiative:<id>``) of status updates and
    decisions.
    """
    walk = index(portfolio)
    suggesters: dict[str, Suggester] = {}

    def missing(collection: str, id_: str) -> str:
        if collection not in suggesters:
            suggesters[collection] = Suggester(walk.ids[collection])
        hint = suggesters[collection].hint(id_)
        return _("there is no {noun} with the id {id!r}{hint}").format(
            noun=_noun(collection), id=id_, hint=hint
        )

    # Not a field reference: a document's parent is one of its strategy's.
    yield from _document_parents(portfolio, context)
    if passes(lambda: _references_resolve(walk)):
        return
    for collection, found in walk.refs.items():
        ids = walk.ids.get(collection)
        if ids is None:
            continue  # a plugin's own kind of reference: not ours to judge
        for ref in found:
            if ref.value not in ids:
                yield context.finding(missing(collection, ref.value), ref.path)
    for subject in walk.values(SubjectRef):
        collection = SUBJECT_COLLECTIONS[subject.value.kind]
        if subject.value.id not in walk.ids[collection]:
            yield context.finding(missing(collection, subject.value.id), subject.path)


def _document_parents(portfolio: Portfolio, context: RuleContext) -> Iterator[Finding]:
    """Find strategy documents placed under a document their strategy lacks.

    A document's ``parent`` is another document of the same strategy (an
    action plan under a policy) or the strategy itself.
    """
    for strategy in portfolio.strategies:
        known = {strategy.id, *(d.id for d in strategy.documents)}
        for position, document in enumerate(strategy.documents):
            parent = document.parent
            if parent is None or (parent in known and parent != document.id):
                continue
            yield context.finding(
                _(
                    "document {document!r} is placed under {parent!r}, which is"
                    " neither another document of strategy {strategy!r} nor the"
                    " strategy itself{hint}"
                ).format(
                    document=document.id,
                    parent=parent,
                    strategy=strategy.id,
                    hint=Suggester(sorted(known - {document.id})).hint(parent),
                ),
                f"strategies[{strategy.id}].documents[{position}].parent",
            )


def _references_resolve(walk: Index) -> bool:
    """Tell from the columns that every reference and subject names an id."""
    for collection, values in walk.columns.refs.items():
        ids = walk.ids.get(collection)
        if ids is not None and not ids.issuperset(values):
            return False
    subjects = set(map(_kind_and_id, walk.columns.leaf(SubjectRef)))
    return all(id_ in walk.ids[SUBJECT_COLLECTIONS[kind]] for kind, id_ in subjects)


_kind_and_id = attrgetter("kind", "id")
_id_of = attrgetter("id")


def check_ambiguous_actors(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find actor references whose id names two actors.

    Wherever an actor fits (an initiative's ``responsible``, a
    participation, the recipient of a transfer) one id names a body, an
    organisation or the municipality; an id that is both a body and an
    organisation (or the municipality) cannot tell which is meant.
    """
    walk = index(portfolio)
    bodies = walk.ids["bodies"]
    both = bodies & walk.ids["parties"]
    if not both:
        return
    for ref in walk.refs.get("actors", ()):
        if ref.value in both:
            yield context.finding(
                _(
                    "{id!r} names both a body and an organisation (or the"
                    " municipality), so it is not clear which is meant here;"
                    " give one of them another id"
                ).format(id=ref.value),
                ref.path,
            )


def check_body_members(portfolio: Portfolio, context: RuleContext) -> Iterator[Finding]:
    """Find joint bodies listed among their own members, or a member twice.

    A member may be listed twice only for different periods (it left and
    joined again).
    """
    for body in portfolio.bodies:
        seen: set[tuple[str, object]] = set()
        for position, member in enumerate(body.members):
            path = f"bodies[{body.id}].members[{position}].member"
            if member.member == body.id:
                yield context.finding(
                    _(
                        "body {body!r} is listed among its own members; name the"
                        " bodies or organisations that take part in it"
                    ).format(body=body.id),
                    path,
                )
            key = (member.member, member.period)
            if key in seen:
                yield context.finding(
                    _(
                        "{member!r} is listed twice among the members of {body!r};"
                        " list each member once (twice only with different periods)"
                    ).format(member=member.member, body=body.id),
                    path,
                )
            seen.add(key)


def check_reference_cycles(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find chains that loop: a body that is its own (grand)parent, and so on.

    Every single-valued reference from a top-level collection to the same
    collection is a chain: body and organisation parents, organisation
    successors, initiative parents, the strategies a strategy supersedes.
    Each loop is reported once, at its member with the smallest id.
    """
    walk = index(portfolio)
    if passes(lambda: not _may_loop(walk)):
        return
    for collection, found in walk.refs.items():
        chains: dict[str, dict[str, str]] = {}
        for ref in found:
            # Only a single reference held by an entity of the same collection
            # forms a chain (a participation's organisation does not).
            owner_id: str | None = getattr(ref.owner.obj, "id", None)
            if (
                ref.key is None
                and owner_id is not None
                and _addressed_as(ref.owner, collection, owner_id)
            ):
                chains.setdefault(ref.field, {}).setdefault(owner_id, ref.value)
        for field, links in chains.items():
            for cycle in chain_cycles(links):
                loop = " → ".join([*cycle, cycle[0]])
                yield context.finding(
                    _(
                        "the {field} chain of {collection} loops back on itself"
                        " ({loop}); remove or correct one of these {field}"
                        " references"
                    ).format(field=field, collection=collection, loop=loop),
                    f"{collection}[{cycle[0]}].{field}",
                )


def _may_loop(walk: Index) -> bool:
    """Tell from the columns whether some chain of references may loop.

    Only an entity addressed by its collection and id (a top-level entity
    or a theme) holding one reference to its own collection makes a chain.
    Ids given twice are left to the thorough check (the first one counts).
    """
    roots: dict[str, Any] = dict(walk.roots)
    roots["themes"] = tuple(walk.columns.objects.get(Theme, ()))
    for collection, value in roots.items():
        if not isinstance(value, tuple) or not value:
            continue
        items: tuple[Any, ...] = value
        if len(set(map(_id_of, items))) < len(items):
            return True
        classes = set(map(type, items))
        for cls in classes:
            for name, _scheme, target, _walk in steps(cls):
                if target != collection:
                    continue
                held = (
                    items
                    if len(classes) == 1
                    else [item for item in items if type(item) is cls]
                )
                links = {
                    id_: value
                    for id_, value in zip(
                        map(_id_of, held), map(attrgetter(name), held), strict=True
                    )
                    if isinstance(value, str)
                }
                if any(chain_cycles(links)):
                    return True
    return False


def _addressed_as(node: Node, collection: str, id_: str) -> bool:
    """Tell whether ``node``'s path is ``<collection>[<id_>]``, without building it."""
    if any(mark in id_ for mark in "[]."):
        return node.path == f"{collection}[{id_}]"
    return node.addressed and node.field == collection and node.key == id_


def _code_sets(context: RuleContext) -> dict[str, tuple[frozenset[str], bool]]:
    """Map each scheme to its set of codes and whether the list is open."""
    return {
        scheme: (frozenset(codelist.codes()), codelist.open)
        for scheme, codelist in context.codelists.items()
    }


def check_unknown_codes(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find codes that are not in their codelist.

    An unknown code in a closed list is an error; in an open list a warning
    (extending open lists is allowed, but it is usually a typo).  Code
    fields whose codelist is not registered are skipped.  Classifications
    (``sdg:11``) are checked against the codelist their scheme names; a
    scheme no plugin registers is a warning.
    """
    walk = index(portfolio)
    codes = _code_sets(context)
    suggesters: dict[str, Suggester] = {}

    def problem(scheme: str, code: str, path: str) -> Finding:
        known, open_ = codes[scheme]
        if scheme not in suggesters:
            suggesters[scheme] = Suggester(known)
        suggestion = suggesters[scheme].closest(code)
        if open_:
            advice = (
                _("did you mean {suggestion!r}?").format(suggestion=suggestion)
                if suggestion
                else _("other codes are allowed here, but check the spelling")
            )
            return context.finding(
                _("{code!r} is not in the open {scheme} codelist; {advice}").format(
                    code=code, scheme=scheme, advice=advice
                ),
                path,
                severity="warning",
            )
        advice = (
            _("did you mean {suggestion!r}?").format(suggestion=suggestion)
            if suggestion
            else _("use one of {codes}").format(
                codes=listing(context.codelists[scheme].codes())
            )
        )
        return context.finding(
            _("{code!r} is not in the {scheme} codelist; {advice}").format(
                code=code, scheme=scheme, advice=advice
            ),
            path,
            severity="error",
        )

    if passes(lambda: _codes_known(walk, codes)):
        return
    for scheme, found in walk.codes.items():
        if scheme in codes:
            known = codes[scheme][0]
            for item in found:
                if item.value not in known:
                    yield problem(scheme, item.value, item.path)
    schemes = Suggester(codes)
    for classification in walk.values(CodeRef):
        ref = classification.value
        if ref.scheme in codes:
            if ref.code not in codes[ref.scheme][0]:
                yield problem(ref.scheme, ref.code, classification.path)
        else:
            yield context.finding(
                _(
                    "{ref!r} uses the codelist {scheme!r}, which no plugin"
                    " registers, so the code cannot be checked or labelled{hint}"
                ).format(
                    ref=str(ref), scheme=ref.scheme, hint=schemes.hint(ref.scheme)
                ),
                classification.path,
                severity="warning",
            )


def _codes_known(walk: Index, codes: dict[str, tuple[frozenset[str], bool]]) -> bool:
    """Tell from the columns that every code is in its registered codelist."""
    for scheme, values in walk.columns.codes.items():
        if scheme in codes and not codes[scheme][0].issuperset(values):
            return False
    pairs = set(map(_scheme_and_code, walk.columns.leaf(CodeRef)))
    return all(scheme in codes and code in codes[scheme][0] for scheme, code in pairs)


_scheme_and_code = attrgetter("scheme", "code")


def check_deprecated_codes(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find codes their codelist marks as deprecated."""
    deprecated = {
        scheme: frozenset(item.code for item in codelist.items if item.deprecated)
        for scheme, codelist in context.codelists.items()
    }
    deprecated = {scheme: codes for scheme, codes in deprecated.items() if codes}
    if not deprecated:
        return
    walk = index(portfolio)

    def none_deprecated() -> bool:
        columns = walk.columns
        if any(
            not codes.isdisjoint(columns.codes.get(scheme, ()))
            for scheme, codes in deprecated.items()
        ):
            return False
        pairs = set(map(_scheme_and_code, columns.leaf(CodeRef)))
        return not any(code in deprecated.get(scheme, ()) for scheme, code in pairs)

    if passes(none_deprecated):
        return
    for scheme, found in walk.codes.items():
        for item in found:
            if item.value in deprecated.get(scheme, ()):
                yield _deprecated(context, scheme, item.value, item.path)
    for classification in walk.values(CodeRef):
        ref = classification.value
        if ref.code in deprecated.get(ref.scheme, ()):
            yield _deprecated(context, ref.scheme, ref.code, classification.path)


def _deprecated(context: RuleContext, scheme: str, code: str, path: str) -> Finding:
    return context.finding(
        _("the {scheme} code {code!r} is deprecated; choose a current code").format(
            scheme=scheme, code=code
        ),
        path,
    )


def check_event_parties(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find partnership events by someone who is not a party to the partnership."""
    for partnership in portfolio.partnerships:
        parties = partnership.party_ids()
        for position, event in enumerate(partnership.events):
            if event.party is not None and event.party not in parties:
                yield context.finding(
                    _(
                        "{party!r} is not a party to this partnership (its parties"
                        " are {parties}); name one of them, or add {party!r} to the"
                        " parties"
                    ).format(party=event.party, parties=listing(parties) or _("none")),
                    f"partnerships[{partnership.id}].events[{position}].party",
                )


def check_partnership_parties(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find partnerships with fewer than two different parties."""
    for partnership in portfolio.partnerships:
        count = len(set(partnership.party_ids()))
        if count < 2:
            yield context.finding(
                _(
                    "a partnership needs at least two parties (usually the"
                    " municipality and its partner); this one has {count}"
                ).format(count=count),
                f"partnerships[{partnership.id}].parties",
            )


def check_themes_without_responsible(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Nudge towards naming the body responsible for each theme.

    A sub-theme inherits the responsible bodies of the themes above it, so
    only themes with no responsible body on their whole branch are reported.
    """
    for strategy in portfolio.strategies:
        # A stack, not recursion: a tree built in Python may nest very deep.
        stack = [(theme, False) for theme in reversed(strategy.themes)]
        while stack:
            theme, inherited = stack.pop()
            covered = inherited or bool(theme.responsible)
            if not covered:
                yield context.finding(
                    _(
                        "no body is responsible for theme {id!r}; name one under"
                        " 'responsible' so the follow-up knows who reports on it"
                    ).format(id=theme.id),
                    f"themes[{theme.id}].responsible",
                )
            stack.extend((child, covered) for child in reversed(theme.themes))


def check_theme_depth(portfolio: Portfolio, context: RuleContext) -> Iterator[Finding]:
    """Find theme trees nested deeper than reports and rules descend.

    The limit is :data:`~munintl.model.strategy.MAX_THEME_DEPTH` levels.

    Reading a file refuses such a tree; this rule finds it in a portfolio
    built in Python, once per theme whose sub-themes go too deep.
    """
    for strategy in portfolio.strategies:
        stack = [(theme, 1) for theme in strategy.themes]
        while stack:
            theme, level = stack.pop()
            if level == MAX_THEME_DEPTH and theme.themes:
                yield context.finding(
                    _(
                        "themes nest more than {depth} levels deep here; move these"
                        " sub-themes up a level (strategies use three or four)"
                    ).format(depth=MAX_THEME_DEPTH),
                    f"themes[{theme.id}].themes",
                )
                continue
            stack.extend((child, level + 1) for child in theme.themes)


def check_initiatives_without_theme(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Nudge towards linking each initiative to the strategy it serves.

    An initiative with neither themes nor goals is reported, unless it is
    part of a parent initiative (it serves the parent's themes) or the
    portfolio has no themes to link to yet.
    """
    if not index(portfolio).ids["themes"]:
        return
    for initiative in portfolio.initiatives:
        if not (initiative.themes or initiative.goals or initiative.parent):
            yield context.finding(
                _(
                    "initiative {id!r} serves no theme or goal of a strategy; add"
                    " the themes it serves so it appears in the follow-up under them"
                ).format(id=initiative.id),
                place(f"initiatives[{initiative.id}]", "themes"),
            )


@hookimpl
def munintl_rules() -> tuple[Rule, ...]:
    """Register the rules on ids, references and codes."""
    return (
        Rule(
            name="duplicate-id",
            severity="error",
            description=N_("An id is used twice where it must be unique."),
            check=check_duplicate_ids,
        ),
        Rule(
            name="dangling-reference",
            severity="error",
            description=N_("A reference names an id that does not exist."),
            check=check_dangling_references,
        ),
        Rule(
            name="ambiguous-actor",
            severity="error",
            description=N_("An actor id names both a body and an organisation."),
            check=check_ambiguous_actors,
        ),
        Rule(
            name="body-member-problem",
            severity="error",
            description=N_("A joint body is its own member, or lists a member twice."),
            check=check_body_members,
        ),
        Rule(
            name="reference-cycle",
            severity="error",
            description=N_("A parent, successor or supersedes chain loops."),
            check=check_reference_cycles,
        ),
        Rule(
            name="unknown-code",
            severity="error",
            description=N_("A code is not in its codelist (a warning for open lists)."),
            check=check_unknown_codes,
        ),
        Rule(
            name="deprecated-code",
            severity="warning",
            description=N_("A code is marked deprecated in its codelist."),
            check=check_deprecated_codes,
        ),
        Rule(
            name="event-party-not-in-partnership",
            severity="error",
            description=N_("A partnership event is by someone who is not a party."),
            check=check_event_parties,
        ),
        Rule(
            name="partnership-needs-two-parties",
            severity="error",
            description=N_("A partnership has fewer than two parties."),
            check=check_partnership_parties,
        ),
        Rule(
            name="theme-without-responsible-body",
            severity="info",
            description=N_("No body is responsible for a theme."),
            check=check_themes_without_responsible,
        ),
        Rule(
            name="theme-too-deep",
            severity="error",
            description=N_("Themes nest deeper than reports and rules descend."),
            check=check_theme_depth,
        ),
        Rule(
            name="initiative-without-theme",
            severity="info",
            description=N_("An initiative is linked to no theme or goal."),
            check=check_initiatives_without_theme,
        ),
    )
