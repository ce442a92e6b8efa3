"""Mutated copies of valid portfolios: what every rule should find.

:func:`mutate` rebuilds a portfolio object by object (through
:func:`attrs.fields`, so a field added to the model is mutated too) and,
with probability ``rate`` per value, breaks it the way people do: a
reference to nothing or to a misspelt id, an unknown code, an id given
twice, a period that ends before it starts, a forbidden character, Markdown
outside the subset, a missing, blank or stale translation, an unknown
language, currency or country, an amount with too many digits, an entity
made internal.  Everything is drawn from ``random.Random(seed)`` in model
order, so the same seed gives the same portfolio in every run.

The golden findings test (``test_findings_golden.py``) holds
``munintl.validate`` on these copies to the findings recorded before the
rules were rewritten for speed (issue 15).
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import attrs

from munintl.model import LocalizedText, Money, Period, Portfolio
from munintl.model.text import Provenance

#: Characters no text may hold (control, lone surrogate, noncharacters).
FORBIDDEN = ("\x07", "\x1b", "\x85", "\ud800", "\ufffe", "\U0001ffff", "\x00")

#: Markdown outside the subset, and look-alikes that are inside it.
MARKDOWN = (
    "# Heading\n\n",
    "text\n===\n",
    "> quoted\n\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n",
    "`code` ",
    "~~gone~~ ",
    "<b>bold</b> ",
    "![image](x.png) ",
    "line  \nbreak ",
    "- item\n  - nested\n\n",
    "    indented code\n\n",
    "2011. was a year ",
    "- a plain list\n- of two\n\n",
    "*emphasis* and [a link](https://example.org) ",
    "a = b ",
    "1) first\n",
)

LANGUAGES = ("dk", "en_GB", "xx", "de-XQ", "se", "kl", "en-GB")

#: What a readable copy (``mutate(..., readable=True)``) puts instead of
#: what reading a file refuses: characters, a tag that is no tag, a number.
READABLE = {"\x07": "\u00b7", "en_GB": "en-gb", "e\x07ngine": "e-ngine"}


class Mutator:
    """Break a portfolio's values at random, reproducibly."""

    def __init__(
        self, portfolio: Portfolio, seed: int, rate: float, readable: bool = False
    ) -> None:
        self.rng = random.Random(seed)
        self.rate = rate
        self.readable = readable
        ids: set[str] = set()
        for _name, value in attrs.asdict(portfolio, recurse=False).items():
            if isinstance(value, tuple):
                ids.update(getattr(item, "id", "") for item in value)
        ids.update(theme.id for _, theme in portfolio.all_themes())
        ids.discard("")
        self.ids = sorted(ids)

    def hit(self, factor: float = 1.0) -> bool:
        """Tell whether to break this value."""
        return self.rng.random() < self.rate * factor

    def text(self, value: str) -> str:
        """A text with a forbidden character or Markdown put in, or blanked."""
        choice = self.rng.randrange(4)
        if choice == 0:
            at = self.rng.randrange(len(value) + 1)
            character = self.rng.choice(FORBIDDEN)
            if self.readable:
                character = READABLE["\x07"]
            return value[:at] + character + value[at:]
        if choice == 1:
            return self.rng.choice(MARKDOWN) + value
        if choice == 2:
            return value + "\n\n" + self.rng.choice(MARKDOWN)
        return " " if self.rng.random() < 0.5 else ""

    def localized(self, value: LocalizedText) -> LocalizedText:
        """A text with a language dropped, added, blanked, broken or gone stale."""
        values = dict(value.values)
        provenance = dict(value.provenance)
        choice = self.rng.randrange(5)
        languages = sorted(values)
        if choice == 0 and languages:
            gone = self.rng.choice(languages)
            del values[gone]
            provenance.pop(gone, None)
        elif choice == 1:
            language = self.rng.choice(LANGUAGES)
            if self.readable:
                language = READABLE.get(language, language)
            values[language] = "tekst"
        elif choice == 2 and languages:
            language = self.rng.choice(languages)
            values[language] = self.text(values[language])
        elif choice == 3 and len(languages) > 1:
            source, target = self.rng.sample(languages, 2)
            provenance[source] = Provenance(method="original")
            provenance[target] = Provenance(
                method="machine",
                source_language=self.rng.choice((source, None, "dk")),
                source_hash="sha256:0000000000000000",
                engine=self.rng.choice(("deepl", "e\x07ngine")),
            )
            if self.readable:
                engine = provenance[target].engine
                provenance[target] = attrs.evolve(
                    provenance[target], engine=READABLE.get(engine, engine)
                )
        else:
            for language in languages:
                values[language] = self.rng.choice(MARKDOWN) + values[language]
        try:
            return LocalizedText(values=values, provenance=provenance)
        except ValueError:
            return value

    def string(self, field: attrs.Attribute[Any], value: str) -> str:
        """A plain string field broken according to what it holds."""
        if field.metadata.get("ref"):
            return self.rng.choice(
                (
                    "no-such-thing",
                    value[:-1] if len(value) > 3 else value + "x",
                    self.rng.choice(self.ids),
                )
            )
        if field.metadata.get("codelist"):
            return self.rng.choice(("no-such-code", value + "s", value.upper()))
        if field.name == "id":
            return self.rng.choice(self.ids)
        if field.name == "country":
            return self.rng.choice(("UK", "XX", "EL", "Sverige", "QO"))
        if field.name == "currency":
            return self.rng.choice(("DKR", "NOR", "XYZ", "DEM"))
        return self.text(value)

    def value(self, field: attrs.Attribute[Any], value: Any) -> Any:
        """``value`` of ``field``, perhaps broken, its parts mutated."""
        if isinstance(value, LocalizedText):
            return self.localized(value) if self.hit() else value
        if isinstance(value, str):
            return self.string(field, value) if self.hit() else value
        if isinstance(value, tuple):
            items = tuple(self.value(field, item) for item in value)
            if (field.metadata.get("ref") or field.metadata.get("codelist")) and (
                self.hit(0.5)
            ):
                items += (self.rng.choice(("no-such-thing", *self.ids[:3])),)
            elif items and self.hit(0.3) and attrs.has(type(items[0])):
                items += (self.rng.choice(items),)  # an entry twice
            return items
        if attrs.has(type(value)):
            return self.obj(value)
        return value

    def obj(self, obj: Any) -> Any:
        """A copy of the model object ``obj`` with some values broken."""
        cls = type(obj)
        changes: dict[str, Any] = {}
        for field in attrs.fields(cls):
            if not field.init:
                continue
            old = getattr(obj, field.name)
            new = self.value(field, old)
            if new is not old:
                changes[field.alias or field.name] = new
        if isinstance(obj, Period) and obj.start and obj.end and self.hit(3):
            changes = {"start": obj.end, "end": obj.start}
        if isinstance(obj, Money) and self.hit(2):
            changes["amount"] = Decimal("12345678901234567.1234567")
            if self.readable:
                changes["amount"] = Decimal("123456789012345.123456")
        if "visibility" in attrs.fields_dict(cls) and self.hit():
            changes["visibility"] = "internal"
        if not changes:
            return obj
        try:
            return attrs.evolve(obj, **changes)
        except (ValueError, TypeError):
            # The model refuses this combination outright; keep some of it.
            kept = {}
            for name, value in changes.items():
                try:
                    attrs.evolve(obj, **{name: value})
                except (ValueError, TypeError):
                    continue
                kept[name] = value
            try:
                return attrs.evolve(obj, **kept)
            except (ValueError, TypeError):
                return obj


def mutate(
    portfolio: Portfolio, seed: int, rate: float = 0.02, readable: bool = False
) -> Portfolio:
    """A copy of ``portfolio`` with about ``rate`` of its values broken.

    ``readable``: only as a file may be broken -- no character, language
    tag syntax or number a file may not hold (reading refuses those), so
    the copy written to JSON reads back.
    """
    mutated = Mutator(portfolio, seed, rate, readable).obj(portfolio)
    assert isinstance(mutated, Portfolio)
    return mutated
