"""JSON Schemas of the wire shape, generated from the model.

One schema describes a whole portfolio, for systems that exchange JSON with
munintl; one per file type of the YAML directory store lets an editor check
a file as it is typed.  Both come from the attrs classes of
:mod:`munintl.model` and the wire shapes of :mod:`munintl.wire.convert` (dates,
texts, amounts, codes), so they cannot drift from what munintl reads.

>>> schema = portfolio_schema()
>>> schema["required"]
['municipality']

A schema states the *shape*; what needs the whole portfolio (does the body
exist? is the code in an open list?) is for ``munintl validate``.  Codes of
closed codelists are listed as the only allowed values, codes of open ones
as suggestions.

Titles and descriptions are for the people who edit the files (an editor
shows them beside each key) and go through munintl's catalogs: with
``language`` they are in that language, without it in English.  Nothing
else depends on the language -- keys, patterns, codes and the
structure are the same in every one -- so a program reads every schema
alike, and a schema written without a language is the same on every
machine, whatever its locale.

>>> portfolio_schema(language="da")["title"]
'munintl-portefølje'
"""

from __future__ import annotations

import json
import re
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from munintl.i18n import N_, gettext_for
from munintl.model import (
    Body,
    Codelist,
    CodeRef,
    FollowUp,
    Initiative,
    LocalizedText,
    Municipality,
    Organisation,
    PartialDate,
    Partnership,
    Portfolio,
    Provenance,
    StatusUpdate,
    Strategy,
    SubjectRef,
    Theme,
)
from munintl.model import dates as dates_model
from munintl.model import organisation as organisation_model
from munintl.model import values as model_values

#: The JSON Schema dialect written (draft 7 is what editors support best).
DIALECT = "http://json-schema.org/draft-07/schema#"

SLUG_PATTERN = model_values.SLUG.pattern
_LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
_DATE_PATTERN = (
    r"^\s*((before|after)\s+)?~?"
    r"(((early|mid|late)\s+)?\d{3}0s|\d{4}(-\d{2}(-\d{2})?)?)\s*$"
)
_DECIMAL_PATTERN = r"^\s*[+-]?(\d[\d_]*(\.[\d_]*)?|\.\d[\d_]*)([eE][+-]?\d+)?\s*$"
_SUBJECT_PATTERN = r"^(theme|goal|initiative|partnership):[a-z0-9][a-z0-9-]*$"

#: File types of the YAML directory store: the class each holds, the keys
#: the layout keeps out of the file, and where the file lives.
FILE_TYPES: dict[str, tuple[type, tuple[str, ...], str]] = {
    "municipality": (Municipality, (), "municipality.yaml"),
    "body": (Body, ("id",), "bodies/<id>.yaml"),
    "organisation": (Organisation, ("id",), "organisations/<id>.yaml"),
    "initiative": (Initiative, ("id",), "initiatives/<id>.yaml"),
    "partnership": (Partnership, ("id",), "partnerships/<id>.yaml"),
    "strategy": (Strategy, ("id",), "strategies/<id>/strategy.yaml"),
    "theme": (Theme, ("id",), "strategies/<strategy>/themes/<id>.yaml"),
    "followup": (FollowUp, ("id", "updates"), "followups/<id>/followup.yaml"),
    "update": (
        StatusUpdate,
        ("subject",),
        "followups/<followup>/updates/<kind>-<subject-id>.yaml",
    ),
}

#: Every schema ``munintl schema`` can print: the file types and the portfolio.
SCHEMA_NAMES: tuple[str, ...] = (*FILE_TYPES, "portfolio")


#: What each class of the model is, as a schema describes it to the people
#: who edit the files (by class name; the catalogs translate it).
DESCRIPTIONS: dict[str, str] = {
    "Adoption": N_("Who adopted a strategy or document, and when."),
    "Body": N_("Anything that decides, owns or carries out work."),
    "CaseReference": N_("Where the follow-up sits in the case and committee systems."),
    "DateClaim": N_(
        "A date another source gives for the same fact (a conflicting source)."
    ),
    "Decision": N_(
        "A decision a body took on a follow-up or on the subjects it covers."
    ),
    "DecisionRight": N_("Which bodies decide on a kind of relationship."),
    "Figure": N_(
        "A context figure about the municipality: population, area, a budget."
    ),
    "FollowUp": N_(
        "A report to a body: the yearly follow-up, a review, an evaluation, an audit."
    ),
    "FollowUpRule": N_("How often the strategy is followed up, by whom and to whom."),
    "FormerName": N_("A name a body or organisation had before a rename or merger."),
    "FundingLine": N_(
        "Money for an initiative from one funder or programme, in one phase."
    ),
    "Goal": N_("A goal a theme sets, with optional indicators."),
    "Indicator": N_(
        "How progress towards a goal or result is measured; all values optional."
    ),
    "Initiative": N_(
        "A project, programme, network membership, service, event, exchange, ..."
    ),
    "Link": N_("An external reference: a keep.eu or URBACT page, a council paper."),
    "Measurement": N_("One value of an indicator (baseline, target or actual)."),
    "Member": N_("A member of a joint body: an actor that takes part in it."),
    "Money": N_("An amount in one currency; sums are kept per currency, never mixed."),
    "Municipality": N_(
        "The municipality whose international work a portfolio describes."
    ),
    "Organisation": N_(
        "An external partner: a municipality, region, country, university, ..."
    ),
    "Participation": N_(
        "A partner in an initiative: a named actor, or a count of unnamed ones."
    ),
    "Partnership": N_("A twin town, partner city, agreement or network membership."),
    "PartnershipEvent": N_("An event in a partnership's history."),
    "Party": N_("One side of a partnership: the municipality or an organisation."),
    "Period": N_("An interval between two partial dates; either end may be open."),
    "Portfolio": N_("One municipality's international work."),
    "Recurrence": N_(
        "Something that happens again every so many years (every: 1 is every year)."
    ),
    "Result": N_("An output, outcome or impact, with an optional indicator."),
    "Source": N_("A document or page a fact comes from."),
    "StatusUpdate": N_(
        "One subject's status in a follow-up: what was achieved, what deviated."
    ),
    "Strategy": N_(
        "An international strategy: vision, principles and a tree of themes."
    ),
    "StrategyDocument": N_(
        "One of the documents a strategy consists of: a policy, an action plan."
    ),
    "Theme": N_("A policy area, direction, pillar or priority; themes nest."),
}

#: What a reference field holds, by what it refers to: one id, and many.
REFERENCES: dict[str, tuple[str, str]] = {
    "actors": (
        N_("the id of an actor (a body, an organisation or the municipality)"),
        N_("ids of actors (bodies, organisations or the municipality)"),
    ),
    "bodies": (N_("the id of a body"), N_("ids of bodies")),
    "documents": (
        N_("the id of a document of the strategy"),
        N_("ids of documents of the strategy"),
    ),
    "followups": (N_("the id of a follow-up"), N_("ids of follow-ups")),
    "goals": (N_("the id of a goal"), N_("ids of goals")),
    "initiatives": (N_("the id of an initiative"), N_("ids of initiatives")),
    "organisations": (N_("the id of an organisation"), N_("ids of organisations")),
    "parties": (
        N_("the id of the municipality or an organisation"),
        N_("ids of the municipality or organisations"),
    ),
    "partnerships": (N_("the id of a partnership"), N_("ids of partnerships")),
    "strategies": (N_("the id of a strategy"), N_("ids of strategies")),
    "themes": (N_("the id of a theme"), N_("ids of themes")),
}


def _first_line(doc: str | None) -> str | None:
    if not doc:
        return None
    return " ".join(doc.strip().split("\n\n")[0].split())


def _translator(language: str | None) -> Callable[[str], str]:
    """Translate schema texts into ``language`` (None: English, as written)."""
    if language is None:
        return lambda message: message
    return lambda message: gettext_for(language, message)


class _Builder:
    """Turn attrs classes into JSON Schema definitions, one per class.

    ``_`` translates the titles and descriptions.
    """

    def __init__(
        self,
        codelists: Mapping[str, Codelist],
        translate: Callable[[str], str] = str,
    ) -> None:
        self.codelists = codelists
        self.definitions: dict[str, Any] = {}
        self._ = translate

    def describe(self, cls: type) -> str | None:
        """Say what ``cls`` is (a class without a description: its docstring's)."""
        description = DESCRIPTIONS.get(cls.__name__)
        if description is not None:
            return self._(description)
        return _first_line(cls.__doc__)

    def ref(self, cls: type) -> dict[str, Any]:
        """Define ``cls`` (once) and return a reference to it."""
        name = cls.__name__
        if name not in self.definitions:
            self.definitions[name] = {}  # reserve: classes may refer to themselves
            self.definitions[name] = self.object(cls)
        return {"$ref": f"#/definitions/{name}"}

    def object(self, cls: type, *, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
        """Return the schema of an attrs class: its fields, the required ones."""
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            if field.name in leave_out:
                continue
            properties[field.name] = self.field(field, hints[field.name])
            if field.default is attrs.NOTHING:
                required.append(field.name)
        schema: dict[str, Any] = {"type": "object"}
        title = self.describe(cls)
        if title:
            schema["description"] = title
        schema["properties"] = properties
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        return schema

    def field(self, field: attrs.Attribute[Any], type_: Any) -> dict[str, Any]:
        """Return the schema of one field, with what its metadata and validator say."""
        _ = self._
        validator = field.validator
        metadata = field.metadata
        if validator is model_values._check_currency:
            return {
                "type": "string",
                "pattern": model_values.CURRENCY.pattern,
                "description": _("an ISO 4217 currency code such as DKK, EUR or SEK"),
            }
        schema = self.type(type_, slug=validator in _SLUG_VALIDATORS)
        if validator in _AT_LEAST_ONE:
            # Seats of a joint body's member, years between occurrences.
            for option in schema.get("anyOf", [schema]):
                if option.get("type") == "integer":
                    option["minimum"] = 1
        if "ref" in metadata:
            target = metadata["ref"]
            many = typing.get_origin(type_) is tuple
            one_id, ids = REFERENCES.get(
                target, (N_("an id in {target}"), N_("ids in {target}"))
            )
            what = _(ids if many else one_id).format(target=target)
            schema["description"] = _("{what} (checked by munintl validate)").format(
                what=what
            )
        if "codelist" in metadata:
            self.code(schema, metadata["codelist"])
        return schema

    def code(self, schema: dict[str, Any], scheme: str) -> None:
        """Describe a code field; list the codes of its codelist where known."""
        schema["description"] = self._("a code from the {scheme} codelist").format(
            scheme=scheme
        )
        codelist = self.codelists.get(scheme)
        if codelist is None:
            return
        codes = list(codelist.codes())
        target = schema
        if "anyOf" in schema:  # an optional code: constrain the string branch
            target = next(s for s in schema["anyOf"] if s.get("type") == "string")
        if codelist.open:
            target["examples"] = codes
            schema["description"] = self._(
                "a code from the {scheme} codelist (an open list: other codes"
                " may be added)"
            ).format(scheme=scheme)
        else:
            target["enum"] = codes

    def type(  # noqa: PLR0911, PLR0912 - one branch per kind of type
        self, type_: Any, *, slug: bool = False
    ) -> dict[str, Any]:
        """Return the schema of a type in its wire shape."""
        if type_ is str:
            if slug:
                return {"type": "string", "pattern": SLUG_PATTERN}
            return {"type": "string"}
        if type_ is bool:
            return {"type": "boolean"}
        if type_ is int:
            return {"type": "integer"}
        if type_ is Decimal:
            return {
                "anyOf": [
                    {"type": "number"},
                    {"type": "string", "pattern": _DECIMAL_PATTERN},
                ],
                "description": self._("a number; write amounts with decimals as text"),
            }
        if type_ is PartialDate:
            return {
                "anyOf": [
                    {"type": "integer", "minimum": 1, "maximum": 9999},
                    {"type": "string", "pattern": _DATE_PATTERN},
                ],
                "description": self._(
                    "a date known to the day, month, year or decade: 2008-10-06,"
                    " 2008-10, 2008 or 1960s; a leading ~ marks it approximate,"
                    " early, mid or late narrows a decade (early 2000s), and"
                    " before or after bounds it (before 1990)"
                ),
            }
        if type_ is LocalizedText:
            return self.text()
        if type_ is CodeRef:
            return {
                "type": "string",
                "pattern": r"^[^:]+:.+$",
                "description": self._("a code written scheme:code, e.g. sdg:11"),
            }
        if type_ is SubjectRef:
            return {
                "type": "string",
                "pattern": _SUBJECT_PATTERN,
                "description": self._(
                    "theme:<id>, goal:<id>, initiative:<id> or partnership:<id>"
                ),
            }
        if attrs.has(type_):
            return self.ref(type_)
        origin = typing.get_origin(type_)
        args = typing.get_args(type_)
        if origin is typing.Literal:
            return {"enum": list(args)}
        if origin is tuple:
            return {"type": "array", "items": self.type(args[0], slug=slug)}
        if origin is dict:
            return {"type": "object", "additionalProperties": self.type(args[1])}
        if origin in (typing.Union, types.UnionType):
            options = [arg for arg in args if arg is not type(None)]
            schemas = [self.type(option, slug=slug) for option in options]
            if len(options) < len(args):
                schemas.append({"type": "null"})
            return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
        raise TypeError(f"no JSON Schema for {type_!r}")

    def text(self) -> dict[str, Any]:
        """Describe a localized text: language tag to text, or text with provenance."""
        if "TranslatedText" not in self.definitions:
            provenance = self.object(Provenance)
            provenance["description"] = self._(
                "a text with where it came from (original, human or machine"
                " translation, imported)"
            )
            provenance["properties"] = {
                "text": {"type": "string"},
                **provenance["properties"],
            }
            provenance["required"] = ["text", *provenance.get("required", [])]
            self.definitions["TranslatedText"] = provenance
        return {
            "type": "object",
            "description": self._(
                "text by language tag (da, en, de, ...), Markdown subset"
            ),
            "propertyNames": {"pattern": _LANGUAGE_PATTERN},
            "additionalProperties": {
                "anyOf": [
                    {"type": "string"},
                    {"$ref": "#/definitions/TranslatedText"},
                ]
            },
        }


#: Validators of whole numbers that must be at least 1.
_AT_LEAST_ONE = (organisation_model._check_seats, dates_model._check_every)

_SLUG_VALIDATORS = (
    model_values._check_slug,
    model_values._check_optional_slug,
    model_values._check_slugs,
)


def _document(
    title: str, description: str, root: dict[str, Any], builder: _Builder
) -> dict[str, Any]:
    document: dict[str, Any] = {"$schema": DIALECT, "title": title}
    document["description"] = description
    document.update(root)
    if builder.definitions:
        document["definitions"] = dict(sorted(builder.definitions.items()))
    return document


def portfolio_schema(
    codelists: Mapping[str, Codelist] | None = None, *, language: str | None = None
) -> dict[str, Any]:
    """Return the JSON Schema of a whole portfolio, as the JSON and TOML stores hold it.

    ``codelists`` (by scheme) fill in the codes of code fields; by default
    a code field takes any code (``munintl schema`` passes the installed
    plugins' codelists).  ``language`` is the language of the titles and
    descriptions (default English; nothing else depends on it).
    """
    _ = _translator(language)
    builder = _Builder(codelists or {}, _)
    root = builder.object(Portfolio)
    root.pop("description", None)  # the document's own says more
    return _document(
        _("munintl portfolio"),
        _(
            "One municipality's international work: its strategies, bodies,"
            " partners, initiatives, partnerships and follow-ups (munintl's wire"
            " shape, as `munintl convert` writes it to JSON)."
        ),
        root,
        builder,
    )


def file_schema(
    file_type: str,
    codelists: Mapping[str, Codelist] | None = None,
    *,
    language: str | None = None,
) -> dict[str, Any]:
    """Return the JSON Schema of one file type of the YAML directory store.

    ``file_type`` is one of :data:`FILE_TYPES` (``initiative``, ``theme``,
    ...).  The id is the file's name, so it is not a key in the file; a
    strategy or theme lists the ids of its themes, each a file of its own.
    ``language`` as for :func:`portfolio_schema`.  Raises :class:`KeyError`
    for an unknown file type.
    """
    cls, leave_out, where = FILE_TYPES[file_type]
    _ = _translator(language)
    builder = _Builder(codelists or {}, _)
    root = builder.object(cls, leave_out=leave_out)
    if file_type in ("strategy", "theme"):
        root["properties"]["themes"] = {
            "type": "array",
            "items": {"type": "string", "pattern": SLUG_PATTERN},
            "description": _(
                "ids of the themes under this one, each a file in themes/"
            ),
        }
    description = root.pop("description", "")
    hint = _(
        "Add `{modeline}` (the path to this file) at the top of a YAML file to"
        " have an editor check it as you type."
    ).format(modeline=modeline(schema_file_name(file_type)))
    return _document(
        _("munintl {file_type} file ({where})").format(
            file_type=file_type, where=where
        ),
        f"{description} {hint}",
        root,
        builder,
    )


def schema(
    name: str,
    codelists: Mapping[str, Codelist] | None = None,
    *,
    language: str | None = None,
) -> dict[str, Any]:
    """Return the schema called ``name``: a file type, or ``portfolio``.

    ``language`` is the language of its titles and descriptions (default
    English): see :func:`portfolio_schema`.
    """
    if name == "portfolio":
        return portfolio_schema(codelists, language=language)
    return file_schema(name, codelists, language=language)


def schema_json(
    name: str,
    codelists: Mapping[str, Codelist] | None = None,
    *,
    language: str | None = None,
) -> str:
    """Return the schema called ``name`` as the text munintl writes it.

    Indented JSON with non-ASCII letters kept, ending in a line break:
    what ``munintl schema`` prints and every schema file holds.
    """
    document = schema(name, codelists, language=language)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def modeline(schema_path: str) -> str:
    """Return the first line that points an editor at a schema."""
    return f"# yaml-language-server: $schema={schema_path}"


def schema_file_name(name: str) -> str:
    """Return the file name a schema is written under: ``initiative.schema.json``."""
    if not re.fullmatch(r"[a-z]+", name):
        raise ValueError(f"{name!r} is not a schema name")
    return f"{name}.schema.json"
