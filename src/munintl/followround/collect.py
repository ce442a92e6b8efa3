"""Take returned forms into the follow-up: each whole or not at all, with provenance.

For every field a form holds, collecting compares three values: what the
form was prefilled with, what the follow-up held when the form was made
(both recorded as hashes in the form's identity), and what it holds now.

* left as prefilled: taken only where the follow-up has nothing yet;
* changed in the form: taken, unless the follow-up changed too since the
  form was made (another department's form on the same subject, say) --
  then the form is *stale* and refused, naming the field and who changed it.

A form with any problem -- a damaged identity, another portfolio, year or
body, a frozen follow-up, a value not in its list, a stale field -- is
refused whole; the others are taken.  Everything a form brings in records
it as a source: the file name, kind, department, hash and time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from munintl.followround import docx as docx_form
from munintl.followround import xlsx as xlsx_form
from munintl.followround.forms import (
    CODE_FIELDS,
    FOLLOWUP_KEY,
    code_choices,
    held_value,
)
from munintl.followround.identity import (
    FormError,
    FormIdentity,
    FormProblem,
    IdentityError,
    value_hash,
)
from munintl.followround.prepare import localizer_for
from munintl.followround.status import provenance, received_forms
from munintl.i18n import _
from munintl.model import (
    Codelist,
    FollowUp,
    LocalizedText,
    PartialDate,
    Portfolio,
    Source,
    StatusUpdate,
    SubjectRef,
)
from munintl.wire.untrusted import (
    NotAnArchiveError,
    UntrustedFileError,
    open_archive,
    refuse_archive_doctypes,
)

__all__ = ["Collected", "TakenForm", "collect_forms"]


@attrs.frozen(kw_only=True)
class TakenForm:
    """A form collected: its name, kind, department and the fields it changed."""

    form: str
    kind: str
    department: str
    followup: str
    fields: int
    already: bool = False


@attrs.frozen(kw_only=True)
class Collected:
    """What :func:`collect_forms` did: the portfolio to save, forms taken, refused."""

    portfolio: Portfolio
    taken: tuple[TakenForm, ...]
    refused: tuple[FormError, ...]

    @property
    def changed(self) -> bool:
        """True when some form changed the portfolio."""
        return any(not t.already for t in self.taken)


def _kind(data: bytes) -> Literal["status", "narrative"] | None:
    """The kind of form ``data`` is, once its archive is known safe to unpack.

    Raise :class:`IdentityError` for an archive that is not (a ZIP bomb, an
    encrypted or hostile part, XML with entities).
    """
    try:
        archive = open_archive(data)
        refuse_archive_doctypes(archive)
    except NotAnArchiveError:
        return None
    except UntrustedFileError as error:
        raise IdentityError(
            _("this file cannot be read as a form: {reason}").format(reason=error)
        ) from None
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return "status"
    if "word/document.xml" in names:
        return "narrative"
    return None


def _check_identity(  # noqa: PLR0911 - one refusal per way a form can be misplaced
    portfolio: Portfolio,
    found: FormIdentity,
    *,
    year: int | None,
    body: str | None,
) -> tuple[FollowUp | None, str | None]:
    """Find the follow-up a form is for; return (follow-up, None) or (None, reason)."""
    if found.portfolio != portfolio.municipality.id:
        return None, _("this form is for the portfolio {form!r}, not {here!r}").format(
            form=found.portfolio, here=portfolio.municipality.id
        )
    if year is not None and found.year != year:
        return None, _("this form is for {form}, not {year}").format(
            form=found.year, year=year
        )
    if body is not None and found.body != body:
        return None, _("this form is for the body {form!r}, not {body!r}").format(
            form=found.body, body=body
        )
    followup = portfolio.followup(found.followup)
    if followup is None:
        return None, _(
            "the follow-up {followup!r} this form is for is not in the portfolio"
        ).format(followup=found.followup)
    if (
        followup.period is None
        or followup.period.bounds()[0].year != found.year
        or followup.addressee != found.body
    ):
        return None, _(
            "the follow-up {followup!r} now covers another year or body than this"
            " form ({year}, {body}); make the forms again"
        ).format(followup=followup.id, year=found.year, body=found.body)
    newer = [f.id for f in portfolio.followups if f.revises == followup.id]
    if newer:
        return None, _(
            "the follow-up {followup!r} was corrected by {newer}; make new forms"
            " for the correction"
        ).format(followup=followup.id, newer=", ".join(newer))
    if followup.is_frozen:
        return None, _(
            "the follow-up {followup!r} is already {state}, so it takes no more"
            " answers; correct it with a new revision (munintl followup correct)"
        ).format(followup=followup.id, state=followup.state)
    return followup, None


def _out_of_scope(portfolio: Portfolio, found: FormIdentity) -> str | None:
    """Why the fields ``found`` names are not its department's to answer, if so.

    The identity is read from the file, so anyone can edit it: a form may
    only bring in the fields munintl would have put in that department's
    form of that kind.
    """
    from munintl.followround.forms import FOLLOWUP_FIELDS, TEXT_FIELDS, field_key
    from munintl.followround.plan import RoundError, plan_round

    try:
        assignment = plan_round(portfolio, found.year, found.body).assignment(
            found.department
        )
    except RoundError as error:
        return str(error)
    names = CODE_FIELDS if found.kind == "status" else TEXT_FIELDS
    allowed = {field_key(s, name) for s in assignment.subjects for name in names}
    if found.kind == "narrative" and assignment.lead:
        allowed |= {field_key(FOLLOWUP_KEY, name) for name in FOLLOWUP_FIELDS}
    foreign = sorted(set(found.bases) - allowed)
    if foreign:
        return _(
            "this form asks about {fields}, which the department {department!r}"
            " does not answer for (now); make the forms again"
        ).format(fields=", ".join(foreign[:5]), department=found.department)
    return None


def _who_changed(followup: FollowUp, key: str) -> str:
    owner = key.rpartition("/")[0]
    sources = (
        followup.sources
        if owner == FOLLOWUP_KEY
        else (u.sources if (u := followup.update_for(SubjectRef.parse(owner))) else ())
    )
    forms = [s.title for s in sources if s.note and s.note.startswith("munintl-form")]
    return forms[-1] if forms else _("an edit in the portfolio")


def _merge(
    followup: FollowUp,
    found: FormIdentity,
    values: Mapping[str, str | None],
    form: str,
) -> tuple[dict[str, str | None], list[FormProblem]]:
    """Decide which values to take; list the stale ones as problems."""
    take: dict[str, str | None] = {}
    problems = []
    for key, mine in values.items():
        base = found.bases.get(key)
        if base is None:
            continue
        now = held_value(followup, key, found.language)
        mine_hash, now_hash = value_hash(mine), value_hash(now)
        if mine_hash == base.prefill:
            if now_hash == value_hash("") and mine_hash != value_hash(""):
                take[key] = mine
            continue
        if now_hash not in (base.held, mine_hash):
            problems.append(
                FormProblem(
                    form=form,
                    where=key,
                    message=_(
                        "changed in the form, but the follow-up changed too since"
                        " the form was made (by {who}); make a fresh form, or agree"
                        " which text is right and enter it there"
                    ).format(who=_who_changed(followup, key)),
                )
            )
            continue
        if mine_hash != now_hash:
            take[key] = mine
    return take, problems


def _set_text(value: LocalizedText, language: str, text: str | None) -> LocalizedText:
    if text:
        return value.with_translation(language, text)
    values = {k: v for k, v in value.values.items() if k != language}
    provenances = {k: v for k, v in value.provenance.items() if k != language}
    return LocalizedText(values=values, provenance=provenances)


def _apply(
    followup: FollowUp,
    take: Mapping[str, str | None],
    language: str,
    source: Source,
) -> FollowUp:
    by_owner: dict[str, dict[str, str | None]] = {}
    for key, value in take.items():
        owner, _sep, name = key.rpartition("/")
        by_owner.setdefault(owner, {})[name] = value
    changes: dict[str, Any] = {}
    for name, value in by_owner.pop(FOLLOWUP_KEY, {}).items():
        changes[name] = _set_text(getattr(followup, name), language, value)
    updates = {u.subject: u for u in followup.updates}
    for owner, fields in by_owner.items():
        subject = SubjectRef.parse(owner)
        update = updates.get(subject) or StatusUpdate(subject=subject)
        edits: dict[str, Any] = {}
        for name, value in fields.items():
            if name in CODE_FIELDS:
                edits[name] = value
            else:
                edits[name] = _set_text(getattr(update, name), language, value)
        updates[subject] = attrs.evolve(
            update, sources=(*update.sources, source), **edits
        )
    return attrs.evolve(
        followup,
        updates=tuple(updates.values()),
        sources=(*followup.sources, source),
        **changes,
    )


def _read(
    data: bytes,
    form: str,
    portfolio: Portfolio,
    codelists: Mapping[str, Codelist],
) -> tuple[FormIdentity, Mapping[str, str | None], list[FormProblem]]:
    kind = _kind(data)
    if kind is None:
        raise IdentityError(
            _(
                "this file cannot be read as an XLSX status form or a DOCX"
                " narrative form (it is damaged or of another kind)"
            )
        )
    reader = xlsx_form.read_identity if kind == "status" else docx_form.read_identity
    found = reader(data)
    if found.kind != kind:
        raise IdentityError(
            _(
                "the form's hidden identity says it is a {said} form, but the file"
                " is a {kind} form; use the form munintl followup prepare made"
            ).format(said=found.kind, kind=kind)
        )
    municipality = portfolio.municipality
    if found.language not in {
        municipality.default_language,
        *municipality.working_languages,
    }:
        raise IdentityError(
            _(
                "this form is written in {language!r}, which is not a language of"
                " the portfolio"
            ).format(language=found.language)
        )
    localizer = localizer_for(portfolio, found.language, codelists)
    if kind == "status":
        choices = {f: code_choices(codelists, localizer, f) for f in CODE_FIELDS}
        return xlsx_form.read_status_form(data, form, choices, localizer)
    identity, texts, problems = docx_form.read_narrative_form(data, form, localizer)
    return identity, dict(texts), problems


def collect_forms(
    portfolio: Portfolio,
    forms: Iterable[tuple[str, bytes]],
    *,
    codelists: Mapping[str, Codelist],
    year: int | None = None,
    body: str | None = None,
    now: dt.datetime | None = None,
) -> Collected:
    """Take each returned form in ``forms`` (name, bytes) into its follow-up.

    A form with any problem is refused whole (its :class:`FormError` lists
    every problem); ``year`` and ``body``, when given, refuse forms for
    another year or body.  A form already collected (same bytes) is noted
    and changes nothing.  The returned portfolio is not saved.
    """
    now = now or dt.datetime.now(dt.UTC)
    when = now.isoformat(timespec="seconds")
    day = PartialDate.from_date(now.date())
    taken: list[TakenForm] = []
    refused: list[FormError] = []
    for form, data in forms:
        digest = "sha256:" + hashlib.sha256(data).hexdigest()[:32]
        try:
            found, values, problems = _read(data, form, portfolio, codelists)
        except IdentityError as error:
            refused.append(
                FormError([FormProblem(form=form, where="", message=str(error))])
            )
            continue
        followup, reason = _check_identity(portfolio, found, year=year, body=body)
        if followup is not None:
            reason = _out_of_scope(portfolio, found)
            followup = None if reason else followup
        if followup is None:
            refused.append(
                FormError([FormProblem(form=form, where="", message=reason or "")])
            )
            continue
        noted = TakenForm(
            form=form,
            kind=found.kind,
            department=found.department,
            followup=followup.id,
            fields=0,
        )
        if any(r.digest == digest for r in received_forms(followup)):
            taken.append(attrs.evolve(noted, already=True))
            continue
        if problems:
            refused.append(FormError(problems))
            continue
        take, stale = _merge(followup, found, values, form)
        if stale:
            refused.append(FormError(stale))
            continue
        source = provenance(
            form=form,
            kind=found.kind,
            department=found.department,
            digest=digest,
            when=when,
            day=day,
        )
        updated = _apply(followup, take, found.language, source)
        portfolio = attrs.evolve(
            portfolio,
            followups=[
                updated if f.id == updated.id else f for f in portfolio.followups
            ],
        )
        taken.append(attrs.evolve(noted, fields=len(take)))
    return Collected(portfolio=portfolio, taken=tuple(taken), refused=tuple(refused))
