"""Sphinx extension: the data-format reference, generated from the model.

``.. munintl-model:: munintl.model.Initiative`` renders what a class looks
like in a YAML or JSON file: its summary, then a table with each key, its
type as written in the file (text by language, date, list of ..., id of a
body, code from a codelist), whether it is required or its default, and a
description.  Descriptions come from the class docstring (each sentence that
names a field as ````field```` describes that field) or from the directive's
own field list, which wins::

    .. munintl-model:: munintl.model.Initiative

       :acronym: A short name, as the funder uses it.

A field list entry that names no field of the class is a warning, and so is
a field with no description at all, so the prose cannot drift from the model.
Fields inherited from another documented attrs class (``Entity``'s
``sources``, ``illustrative``, ``visibility``) are not repeated; the table
links to that class instead.

``.. munintl-codelists::`` renders every codelist the built-in plugins
register, with their codes and labels in English, Danish and German.

At the end of a build that uses ``munintl-model`` at all, every attrs class a
portfolio can contain must have been documented (a warning otherwise, so an
error with ``-W``): a new model class cannot be left out of the reference.

The generated markup is reStructuredText: use the directives in ``.rst``
pages (or inside ``{eval-rst}`` blocks of Markdown pages).  Generated
targets are ``model-<class name in lower case>`` and ``codelist-<scheme>``;
the page must define the targets ``wire-text``, ``wire-date``,
``wire-money``, ``wire-code``, ``wire-subject`` and ``wire-id`` that type
names link to.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from munintl.model import (
    Codelist,
    CodeRef,
    LocalizedText,
    Money,
    PartialDate,
    Portfolio,
    Provenance,
    SubjectRef,
)

logger = logging.getLogger(__name__)

#: Types with their own wire shape, described once on the page.
LEAVES: dict[Any, str] = {
    str: "text",
    int: "whole number",
    bool: "``true`` or ``false``",
    Decimal: "number",
    LocalizedText: ":ref:`text by language <wire-text>`",
    PartialDate: ":ref:`date <wire-date>`",
    Money: ":ref:`amount <wire-money>`",
    CodeRef: ":ref:`classification <wire-code>`",
    SubjectRef: ":ref:`subject <wire-subject>`",
}

#: What an id in each referenced collection points at: (singular, link target).
REFERENCES: dict[str, tuple[str, str | None]] = {
    "bodies": ("body", "model-body"),
    "organisations": ("organisation", "model-organisation"),
    "parties": ("party (the municipality or an organisation)", None),
    "actors": ("actor (a body, an organisation or the municipality)", "wire-actor"),
    "strategies": ("strategy", "model-strategy"),
    "themes": ("theme", "model-theme"),
    "goals": ("goal", "model-goal"),
    "initiatives": ("initiative", "model-initiative"),
    "partnerships": ("partnership", "model-partnership"),
}

#: Classes a portfolio file may contain that no field type reaches directly.
EXTRA_CLASSES: tuple[type, ...] = (Provenance,)

_FIELD_MENTION = re.compile(r"``(\w+)(?:[:=][^`]*)?``")
_SENTENCE_END = re.compile(
    r"(?<=[.!?])(?<!e\.g\.)(?<!i\.e\.)(?<!etc\.)\s+(?=[A-Z`*(\"])"
)
#: "``a`` is this; ``b`` that": a clause that starts with a field is its own.
_CLAUSE_END = re.compile(r";\s+(?=``\w+``)")


def label_for(cls: type) -> str:
    """The target name of a model class's table."""
    return f"model-{cls.__name__.lower()}"


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


@functools.cache
def builtin_codelists() -> dict[str, Codelist]:
    """The codelists the built-in plugins register (no third-party plugins)."""
    from munintl.hooks.manager import MunintlPluginManager

    manager = MunintlPluginManager(allow=(), disable=())
    try:
        manager.load_builtins()
        return dict(manager.codelists())
    except Exception:  # the docs still build while a plugin is broken
        logger.debug("munintl-model: built-in codelists unavailable", exc_info=True)
        return {}


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return rest[0], True
    return tp, False


def _codelist_text(scheme: str) -> str:
    if scheme in builtin_codelists():
        return f"code from :ref:`{scheme} <codelist-{scheme}>`"
    return f"code from the ``{scheme}`` list"


def _reference_text(collection: str, *, plural: bool) -> str:
    noun, target = REFERENCES.get(collection, (collection, None))
    shown = f":ref:`{noun} <{target}>`" if target else noun
    if plural:
        return f"list of ids, each of {_article(noun)} {shown}"
    return f"id of {_article(noun)} {shown}"


def wire_type(tp: Any, metadata: Any = None) -> str:  # noqa: PLR0911 - one per shape
    """Describe ``tp`` as it is written in a file, as reStructuredText."""
    metadata = metadata or {}
    tp, _optional = _unwrap_optional(tp)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if "ref" in metadata:
        return _reference_text(metadata["ref"], plural=origin is tuple)
    if "codelist" in metadata:
        text = _codelist_text(metadata["codelist"])
        return f"list of {text}s" if origin is tuple else text
    if origin is typing.Literal:
        return "one of " + ", ".join(f"``{a}``" for a in args)
    if origin is tuple:
        return "list of " + wire_type(args[0])
    if origin is dict:
        return f"mapping of {wire_type(args[0])} to {wire_type(args[1])}"
    if tp in LEAVES:
        return LEAVES[tp]
    if isinstance(tp, type) and attrs.has(tp):
        return f":ref:`{tp.__name__} <{label_for(tp)}>`"
    return f"``{getattr(tp, '__name__', tp)}``"


def _is_id(field: attrs.Attribute[Any]) -> bool:
    return field.name == "id" and "ref" not in field.metadata


def default_text(field: attrs.Attribute[Any]) -> str:
    """Say whether a field is required, or what it defaults to."""
    default = field.default
    if default is attrs.NOTHING:
        return "**required**"
    if isinstance(default, attrs.Factory) or default is None:  # type: ignore[arg-type]
        return "optional"
    if isinstance(default, bool):
        return f"optional (default ``{str(default).lower()}``)"
    return f"optional (default ``{default}``)"


def split_docstring(
    cls: type, names: set[str]
) -> tuple[list[str], dict[str, list[str]]]:
    """Split a class docstring into intro paragraphs and sentences per field.

    The summary paragraph and every sentence naming no field stay in the
    introduction; a sentence naming ````field```` describes that field.
    Doctest examples and literal blocks are left out.
    """
    doc = inspect.getdoc(cls) or ""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", doc) if p.strip()]
    intro: list[str] = []
    by_field: dict[str, list[str]] = {}
    skip_literal = False
    for number, paragraph in enumerate(paragraphs):
        if skip_literal and paragraph.startswith(" "):
            continue
        skip_literal = False
        if paragraph.startswith(">>>"):
            continue
        text = " ".join(line.strip() for line in paragraph.splitlines())
        if text.endswith("::"):
            text = text[:-1]
            skip_literal = True
        if number == 0:
            intro.append(text)
            continue
        kept: list[str] = []
        for sentence in _clauses(text):
            mentioned = [
                name for name in _FIELD_MENTION.findall(sentence) if name in names
            ]
            if mentioned:
                for name in dict.fromkeys(mentioned):
                    by_field.setdefault(name, []).append(sentence)
            else:
                kept.append(sentence)
        if kept:
            intro.append(" ".join(kept))
    return intro, by_field


def _clauses(text: str) -> Iterator[str]:
    for sentence in _SENTENCE_END.split(text):
        parts = _CLAUSE_END.split(sentence)
        for index, part in enumerate(parts):
            end = "" if index == len(parts) - 1 else "."
            yield part[:1].upper() + part[1:] + end


def _inherited(cls: type) -> tuple[set[str], list[type]]:
    names: set[str] = set()
    bases: list[type] = []
    for base in cls.__mro__[1:]:
        if attrs.has(base):
            bases.append(base)
            names.update(f.name for f in attrs.fields(base))
    return names, bases


def reachable_classes(root: type = Portfolio) -> list[type]:
    """Every attrs class a portfolio's wire shape contains, in discovery order."""
    found: list[type] = []

    def visit(tp: Any) -> None:
        tp, _ = _unwrap_optional(tp)
        for arg in typing.get_args(tp):
            visit(arg)
        if (
            isinstance(tp, type)
            and attrs.has(tp)
            and tp not in LEAVES
            and tp not in found
        ):
            found.append(tp)
            for base in tp.__mro__[1:]:
                if attrs.has(base):
                    visit(base)
            for hint in typing.get_type_hints(tp).values():
                visit(hint)

    visit(root)
    for extra in EXTRA_CLASSES:
        visit(extra)
    return found


def _import(path: str) -> Any:
    module_name, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


class ModelDirective(SphinxDirective):
    """``.. munintl-model:: munintl.model.Class``: a class's wire shape."""

    required_arguments = 1
    has_content = True
    option_spec = {"summary": directives.flag}  # noqa: RUF012 - docutils API

    def run(self) -> list[nodes.Node]:
        """Render the introduction and the table of fields."""
        path = self.arguments[0]
        try:
            cls = _import(path)
        except (ImportError, AttributeError) as error:
            logger.warning(
                "munintl-model: cannot import %s: %s",
                path,
                error,
                location=self.get_location(),
            )
            return []
        if not attrs.has(cls):
            logger.warning(
                "munintl-model: %s is not an attrs class",
                path,
                location=self.get_location(),
            )
            return []
        fields = attrs.fields(cls)
        hints = typing.get_type_hints(cls)
        inherited, bases = _inherited(cls)
        own = [f for f in fields if f.name not in inherited]
        names = {f.name for f in own}
        intro, from_docstring = split_docstring(cls, names)
        written = self._field_docs(names)

        lines = [*intro] if "summary" not in self.options else intro[:1]
        lines = [line for paragraph in lines for line in (paragraph, "")]
        lines += [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 18 30 16 36",
            "   :class: munintl-model",
            "",
            "   * - Key",
            "     - Type",
            "     - Required",
            "     - Description",
        ]
        for field in own:
            description = written.get(field.name) or " ".join(
                from_docstring.get(field.name, [])
            )
            if not description and _is_id(field):
                description = "The id others refer to it by."
            if not description:
                logger.warning(
                    "munintl-model: %s.%s has no description; name it as ``%s``"
                    " in the class docstring or add ':%s: ...' to the directive",
                    path,
                    field.name,
                    field.name,
                    field.name,
                    location=self.get_location(),
                )
            kind = (
                ":ref:`id <wire-id>`"
                if _is_id(field)
                else wire_type(hints[field.name], field.metadata)
            )
            lines += [
                f"   * - ``{field.name}``",
                f"     - {kind}",
                f"     - {default_text(field)}",
                f"     - {description or ' '}",
            ]
        lines.append("")
        for base in bases:
            shared = ", ".join(f"``{f.name}``" for f in attrs.fields(base))
            lines += [
                f"Also the fields every :ref:`{base.__name__} <{label_for(base)}>`"
                f" has: {shared}.",
                "",
            ]

        target = nodes.target("", "", ids=[label_for(cls)], names=[label_for(cls)])
        self.state.document.note_explicit_target(target)
        container = nodes.container(classes=["munintl-model"])
        context = self.env.ref_context
        saved = (context.get("py:module"), context.get("py:class"))
        context["py:module"], context["py:class"] = "munintl.model", cls.__name__
        try:
            self.state.nested_parse(
                StringList(lines, source=path), self.content_offset, container
            )
        finally:
            for key, value in zip(("py:module", "py:class"), saved, strict=True):
                if value is None:
                    context.pop(key, None)
                else:
                    context[key] = value
        _documented(self.env).setdefault(self.env.docname, set()).add(
            f"{cls.__module__}.{cls.__qualname__}"
        )
        return [target, container]

    def _field_docs(self, names: set[str]) -> dict[str, str]:
        """Read the directive's ``:field: description`` list."""
        written: dict[str, str] = {}
        current: str | None = None
        for offset, line in enumerate(self.content):
            match = re.match(r"^:(\w+):\s*(.*)$", line)
            if match:
                current = match.group(1)
                if current not in names:
                    logger.warning(
                        "munintl-model: %s has no field %r",
                        self.arguments[0],
                        current,
                        location=(self.env.docname, self.content_offset + offset + 1),
                    )
                written[current] = match.group(2).strip()
            elif current and line.strip():
                written[current] += " " + line.strip()
        return written


class CodelistsDirective(SphinxDirective):
    """``.. munintl-codelists::``: every built-in codelist, code by code."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """Render a section-less block per codelist, with a target each."""
        result: list[nodes.Node] = []
        codelists = builtin_codelists()
        if not codelists:
            logger.warning(
                "munintl-codelists: the built-in plugins register no codelists",
                location=self.get_location(),
            )
            return result
        for scheme in sorted(codelists):
            codelist = codelists[scheme]
            target_id = f"codelist-{scheme}"
            target = nodes.target("", "", ids=[target_id], names=[target_id])
            self.state.document.note_explicit_target(target)
            title = codelist.title.get("en", fallback=("da",)) or scheme
            openness = (
                "open: a municipality may add its own codes"
                if codelist.open
                else "closed: only these codes"
            )
            lines = [
                f".. rubric:: ``{scheme}`` — {_escape(title)}",
                "",
                f"{openness.capitalize()}.",
            ]
            if codelist.source:
                lines[-1] += f" Source: {_escape(codelist.source)}."
            lines += [
                "",
                ".. list-table::",
                "   :header-rows: 1",
                "   :widths: 20 27 27 26",
                "",
                "   * - Code",
                "     - English",
                "     - Danish",
                "     - German",
            ]
            for item in codelist.items:
                labels = [
                    _escape(item.label.get(lang) or "") or " "
                    for lang in ("en", "da", "de")
                ]
                code = f"``{item.code}``" + (" (deprecated)" if item.deprecated else "")
                lines += [f"   * - {code}", *(f"     - {label}" for label in labels)]
            lines.append("")
            container = nodes.container(classes=["munintl-codelist"])
            self.state.nested_parse(
                StringList(lines, source=scheme), self.content_offset, container
            )
            result += [target, container]
        return result


class RulesDirective(SphinxDirective):
    """``.. munintl-rules::``: every built-in validation rule, its code and severity."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """Render one table of the rules, by the module that registers them."""
        from munintl.hooks.manager import MunintlPluginManager

        manager = MunintlPluginManager(allow=(), disable=())
        try:
            manager.load_builtins()
            rules = manager.rules()
        except Exception:  # the docs still build while a plugin is broken
            logger.warning(
                "munintl-rules: the built-in rules are unavailable",
                location=self.get_location(),
                exc_info=True,
            )
            return []
        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 30 12 58",
            "",
            "   * - Code",
            "     - Severity",
            "     - What it finds",
        ]
        for name in sorted(rules):
            rule = rules[name]
            lines += [
                f"   * - ``{name}``",
                f"     - {rule.severity}",
                f"     - {_escape(rule.description or '')}",
            ]
        lines.append("")
        container = nodes.container(classes=["munintl-rules"])
        self.state.nested_parse(
            StringList(lines, source="munintl-rules"), self.content_offset, container
        )
        return [container]


def _escape(text: str) -> str:
    return re.sub(r"([*`|_\\])", r"\\\1", text)


def _documented(env: BuildEnvironment) -> dict[str, set[str]]:
    if not hasattr(env, "munintl_model_documented"):
        env.munintl_model_documented = {}  # type: ignore[attr-defined]
    return env.munintl_model_documented  # type: ignore[attr-defined, no-any-return]


def _purge(_app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _documented(env).pop(docname, None)


def _merge(
    _app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    for docname in docnames:
        if docname in _documented(other):
            _documented(env)[docname] = _documented(other)[docname]


def _all_documented(env: BuildEnvironment) -> Iterator[str]:
    for names in _documented(env).values():
        yield from names


def _check_complete(_app: Sphinx, env: BuildEnvironment) -> None:
    documented = set(_all_documented(env))
    if not documented:
        return
    for cls in reachable_classes():
        name = f"{cls.__module__}.{cls.__qualname__}"
        if name not in documented:
            logger.warning(
                "munintl-model: %s can appear in a portfolio but is not documented"
                " with a munintl-model directive",
                cls.__qualname__,
                type="munintl",
                subtype="model",
            )


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives and the completeness check."""
    app.add_directive("munintl-model", ModelDirective)
    app.add_directive("munintl-codelists", CodelistsDirective)
    app.add_directive("munintl-rules", RulesDirective)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-check-consistency", _check_complete)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
