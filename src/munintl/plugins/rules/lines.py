"""Built-in rule on texts shown on one line: titles, names, acronyms, labels.

A field the model marks one line (metadata :data:`~munintl.model.values.ONE_LINE`:
a title, a name, an acronym, a case number, a short label) is shown in a
heading, a table cell, a sheet name or a file's properties, where a line
break cannot be kept: every output shows a space in its place.  Reading a
file still accepts one, so data written before keeps loading; this rule
says where it is, so the writer can decide where the text should break, if
anywhere.  A break at the very end (a YAML block scalar ``|`` or ``>``
adds one) is left alone: it shows as nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from itertools import chain
from operator import attrgetter
from typing import Any

import attrs

from munintl.errors import Finding
from munintl.hooks import hookimpl
from munintl.hooks.records import Rule, RuleContext
from munintl.i18n import N_, _
from munintl.model import LocalizedText, Portfolio
from munintl.model.values import breaks_line
from munintl.plugins.rules._walk import Columns, index, passes
from munintl.wire.paths import place

_values_of = attrgetter("values")
_BREAKS = ("\n", "\r", "\u2028", "\u2029")
_PLAIN = frozenset({str, type(None)})
_LOCALIZED = frozenset({LocalizedText})


@functools.cache
def one_line_fields(cls: type) -> tuple[str, ...]:
    """The fields of the model class ``cls`` that hold texts shown on one line."""
    if not attrs.has(cls):
        return ()
    return tuple(
        field.name for field in attrs.fields(cls) if field.metadata.get("one_line")
    )


def _strings(values: list[Any]) -> Iterator[str]:
    """The strings among one field's values: plain, localized, or tuples of either."""
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, LocalizedText):
            yield from value.values.values()
        elif isinstance(value, tuple):
            yield from _strings(list(value))


def _joined(values: list[Any]) -> str:
    """The strings of one field's values over many objects, joined in C where it can."""
    kinds = set(map(type, values))
    if kinds <= _PLAIN:
        return " ".join(filter(None, values))
    if kinds == _LOCALIZED:
        return " ".join(chain.from_iterable(map(dict.values, map(_values_of, values))))
    return " ".join(_strings(values))


def _has_break(text: str) -> bool:
    # Four searches for one character each run far faster than one search
    # for a character class in a long text that is not all ASCII.
    return any(character in text for character in _BREAKS)


def _all_on_one_line(columns: Columns) -> bool:
    """Tell that no one-line field of any object holds a line break.

    Each field's values over all objects of a class are joined and searched
    once, in C; localized texts only when some text of the portfolio holds
    a break (:attr:`Columns.joined_strings`, which the Markdown rule reads
    too).  A trailing break (which the rule leaves alone) makes the rule
    look closer at that portfolio, which is cheap and rare.
    """
    texts_clear = not _has_break(columns.joined_strings)
    for cls, objects in columns.objects.items():
        for name in one_line_fields(cls):
            values = list(map(attrgetter(name), objects))
            if texts_clear and set(map(type, values)) == _LOCALIZED:
                continue
            if _has_break(_joined(values)):
                return False
    return True


def _places(path: str, value: Any) -> Iterator[tuple[str, str]]:
    """Yield ``(path, text)`` for each string of a one-line field's value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, LocalizedText):
        for language, text in value.values.items():
            yield place(path, language), text
    elif isinstance(value, tuple):
        for position, item in enumerate(value):
            yield from _places(f"{path}[{position}]", item)


def check_line_breaks(portfolio: Portfolio, context: RuleContext) -> Iterator[Finding]:
    """Find line breaks in texts shown on one line: titles, names, labels."""
    walk = index(portfolio)
    if passes(lambda: _all_on_one_line(walk.columns)):
        return
    for cls, nodes in walk.objects.items():
        names = one_line_fields(cls)
        if not names:
            continue
        for node in nodes:
            pairs = chain.from_iterable(
                _places(place(node.path, name), getattr(node.obj, name))
                for name in names
            )
            for path, text in pairs:
                if breaks_line(text):
                    yield context.finding(
                        _(
                            "this text is shown on one line (a title, a name or a"
                            " label), but it holds a line break, which reports"
                            " show as a space; write it on one line"
                        ),
                        path,
                    )


@hookimpl
def munintl_rules() -> tuple[Rule, ...]:
    """Register the rule on texts shown on one line."""
    return (
        Rule(
            name="line-break",
            severity="warning",
            description=N_(
                "A title, name or label (a text shown on one line) holds a line break."
            ),
            check=check_line_breaks,
        ),
    )
