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
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

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


def _first_line(doc: str | None) -> str | None:
    if not doc:
        return None
    return " ".join(doc.strip().split("\n\n")[0].split())


class _Builder:
    """Turn attrs classes into JSON Schema definitions, one per class."""

    def __init__(self, codelists: Mapping[str, Codelist]) -> None:
        self.codelists = codelists
        self.definitions: dict[str, Any] = {}

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
        title = _first_line(cls.__doc__)
        if title:
            schema["description"] = title
        schema["properties"] = properties
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        return schema

    def field(self, field: attrs.Attribute[Any], type_: Any) -> dict[str, Any]:
        """Return the schema of one field, with what its metadata and validator say."""
        validator = field.validator
        metadata = field.metadata
        if validator is model_values._check_currency:
            return {
                "type": "string",
                "pattern": model_values.CURRENCY.pattern,
                "description": "an ISO 4217 currency code such as DKK, EUR or SEK",
            }
        schema = self.type(type_, slug=validator in _SLUG_VALIDATORS)
        if validator in _AT_LEAST_ONE:
            # Seats of a joint body's member, years between occurrences.
            for option in schema.get("anyOf", [schema]):
                if option.get("type") == "integer":
                    option["minimum"] = 1
        if "ref" in metadata:
            target = metadata["ref"]
            what = {
                "parties": "the municipality or an organisation",
                "actors": "an actor (a body, an organisation or the municipality)",
                "bodies": "body",
            }.get(target, target.rstrip("s"))
            many = typing.get_origin(type_) is tuple
            schema["description"] = (
                f"ids of {target}" if many else f"the id of {what}"
            ) + " (checked by munintl validate)"
        if "codelist" in metadata:
            self.code(schema, metadata["codelist"])
        return schema

    def code(self, schema: dict[str, Any], scheme: str) -> None:
        """Describe a code field; list the codes of its codelist where known."""
        schema["description"] = f"a code from the {scheme} codelist"
        codelist = self.codelists.get(scheme)
        if codelist is None:
            return
        codes = list(codelist.codes())
        target = schema
        if "anyOf" in schema:  # an optional code: constrain the string branch
            target = next(s for s in schema["anyOf"] if s.get("type") == "string")
        if codelist.open:
            target["examples"] = codes
            schema["description"] += " (an open list: other codes may be added)"
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
                "description": "a number; write amounts with decimals as text",
            }
        if type_ is PartialDate:
            return {
                "anyOf": [
                    {"type": "integer", "minimum": 1, "maximum": 9999},
                    {"type": "string", "pattern": _DATE_PATTERN},
                ],
                "description": (
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
                "description": "a code written scheme:code, e.g. sdg:11",
            }
        if type_ is SubjectRef:
            return {
                "type": "string",
                "pattern": _SUBJECT_PATTERN,
                "description": (
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
            provenance["description"] = (
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
            "description": "text by language tag (da, en, de, ...), Markdown subset",
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


def portfolio_schema(codelists: Mapping[str, Codelist] | None = None) -> dict[str, Any]:
    """Return the JSON Schema of a whole portfolio, as the JSON and TOML stores hold it.

    ``codelists`` (by scheme) fill in the codes of code fields; by default
    a code field takes any code (``munintl schema`` passes the installed
    plugins' codelists).
    """
    builder = _Builder(codelists or {})
    root = builder.object(Portfolio)
    return _document(
        "munintl portfolio",
        "One municipality's international work: its strategies, bodies,"
        " partners, initiatives, partnerships and follow-ups (munintl's wire"
        " shape, as `munintl convert` writes it to JSON).",
        root,
        builder,
    )


def file_schema(
    file_type: str, codelists: Mapping[str, Codelist] | None = None
) -> dict[str, Any]:
    """Return the JSON Schema of one file type of the YAML directory store.

    ``file_type`` is one of :data:`FILE_TYPES` (``initiative``, ``theme``,
    ...).  The id is the file's name, so it is not a key in the file; a
    strategy or theme lists the ids of its themes, each a file of its own.
    Raises :class:`KeyError` for an unknown file type.
    """
    cls, leave_out, where = FILE_TYPES[file_type]
    builder = _Builder(codelists or {})
    root = builder.object(cls, leave_out=leave_out)
    if file_type in ("strategy", "theme"):
        root["properties"]["themes"] = {
            "type": "array",
            "items": {"type": "string", "pattern": SLUG_PATTERN},
            "description": "ids of the themes under this one, each a file in themes/",
        }
    description = root.pop("description", "")
    return _document(
        f"munintl {file_type} file ({where})",
        f"{description} Add `# yaml-language-server: $schema={file_type}.schema.json`"
        " (the path to this file) at the top of a YAML file to have an editor"
        " check it as you type.",
        root,
        builder,
    )


def schema(
    name: str, codelists: Mapping[str, Codelist] | None = None
) -> dict[str, Any]:
    """Return the schema called ``name``: a file type, or ``portfolio``."""
    if name == "portfolio":
        return portfolio_schema(codelists)
    return file_schema(name, codelists)


def modeline(schema_path: str) -> str:
    """Return the first line that points an editor at a schema."""
    return f"# yaml-language-server: $schema={schema_path}"


def schema_file_name(name: str) -> str:
    """Return the file name a schema is written under: ``initiative.schema.json``."""
    if not re.fullmatch(r"[a-z]+", name):
        raise ValueError(f"{name!r} is not a schema name")
    return f"{name}.schema.json"
