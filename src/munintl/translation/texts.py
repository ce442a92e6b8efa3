"""Every translatable text of a portfolio, its state per language, and setting one.

:func:`texts` walks a portfolio generically (through :func:`attrs.fields`,
never a list per class) and yields a :class:`TextEntry` per non-empty
:class:`~munintl.model.LocalizedText`, with its portfolio path in the one
convention of :mod:`munintl.wire.paths`: ``strategies[s].title``,
``themes[t].goals[0].statement`` (themes by id at any depth),
``followups[f].updates[initiative:i].summary`` (status updates by subject),
``municipality.name``.

:func:`apply_translations` returns a new portfolio with translations set
(the model is immutable: only the objects on the way to a changed text are
rebuilt, with :func:`attrs.evolve`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal

import attrs

from munintl.errors import MunintlError
from munintl.i18n import _
from munintl.model import LocalizedText, PartialDate, Portfolio, StatusUpdate, Theme
from munintl.model.text import Method, Provenance, source_hash
from munintl.wire.paths import place

__all__ = [
    "STATES",
    "State",
    "Status",
    "TextEntry",
    "TranslationError",
    "Update",
    "apply_translations",
    "by_path",
    "made_now",
    "owner_of",
    "set_translation",
    "state_of",
    "status",
    "target_languages",
    "texts",
]

#: What a text is in one language.
State = Literal["original", "human", "reviewed", "machine", "stale", "missing"]

#: The states in the order tables show them: original, then from done to not done.
STATES: tuple[State, ...] = (
    "original",
    "human",
    "reviewed",
    "machine",
    "stale",
    "missing",
)


class TranslationError(MunintlError):
    """A translation cannot be set, exported or imported as asked."""


@attrs.frozen(slots=False)
class TextEntry:
    """One translatable text: where it is, its source, and the text itself.

    ``source_language`` is the language marked ``original`` in the text's
    provenance, else the municipality's default language if the text has
    it, else its first language.  ``public`` is False inside an internal
    entity.  ``frozen`` is True inside a submitted follow-up: its content is
    fingerprinted as the body received it, so its texts, translations
    included, must not change (exports leave them out, imports refuse them).
    """

    path: str
    text: LocalizedText
    source_language: str
    public: bool
    frozen: bool = False

    @property
    def source(self) -> str:
        """The source text."""
        return self.text.values[self.source_language]

    @functools.cached_property
    def source_hash(self) -> str:
        """The :func:`~munintl.model.source_hash` of the source text."""
        return source_hash(self.source)

    def state(self, language: str) -> State:
        """Say what this text is in ``language`` (see :func:`state_of`)."""
        return state_of(self.text, language, self.source_language, self.source_hash)

    def translation(self, language: str) -> str | None:
        """The text in ``language``, or None if it has none."""
        value = self.text.values.get(language, "")
        return value if value.strip() else None

    def provenance(self, language: str) -> Provenance | None:
        """The provenance recorded for ``language``, if any."""
        return self.text.provenance.get(language)


def state_of(
    text: LocalizedText,
    language: str,
    source_language: str,
    current_hash: str | None = None,
) -> State:
    """Say what ``text`` is in ``language`` when translated from ``source_language``.

    ``missing`` (no text), ``original`` (the source itself), ``stale`` (made
    from an earlier source), ``machine`` (machine-made, not yet reviewed by a
    person), ``reviewed`` (machine-made and reviewed) or ``human`` (made by a
    person, imported, or written without provenance).  ``current_hash``, the
    hash of the source text, saves working it out again.
    """
    if language == source_language:
        return "original"
    if not text.values.get(language, "").strip():
        return "missing"
    provenance = text.provenance.get(language)
    if provenance is not None and provenance.source_hash is not None:
        made_from = provenance.source_language or source_language
        if made_from == source_language and current_hash is not None:
            if provenance.source_hash != current_hash:
                return "stale"
        elif text.is_stale(language):
            return "stale"
    if provenance is None or provenance.method != "machine":
        return "human"
    return "reviewed" if provenance.review == "reviewed" else "machine"


def _source_language(text: LocalizedText, default: str) -> str:
    original = text.source_language()
    if original is not None and text.values.get(original, "").strip():
        return original
    if text.values.get(default, "").strip():
        return default
    return next(lang for lang, value in text.values.items() if value.strip())


def texts(portfolio: Portfolio) -> Iterator[TextEntry]:
    """Yield every non-empty text of ``portfolio`` with its path, in portfolio order."""
    default = portfolio.municipality.default_language
    frozen = {
        f"followups[{followup.id}]"
        for followup in portfolio.followups
        if followup.state != "draft"
    }
    for path, text, public in _walk(portfolio):
        if text:
            language = _source_language(text, default)
            held = bool(frozen) and owner_of(path) in frozen
            yield TextEntry(path, text, language, public, held)


def target_languages(portfolio: Portfolio) -> tuple[str, ...]:
    """The languages texts are translated into: the working ones but the default."""
    municipality = portfolio.municipality
    return tuple(
        language
        for language in municipality.working_languages
        if language != municipality.default_language
    )


def _key(item: object, position: int) -> str | int:
    # The path convention: status updates by subject, themes by id.
    if isinstance(item, StatusUpdate):
        return str(item.subject)
    return position


def _child_path(owner: str, field: str, key: str | int | None, value: object) -> str:
    if isinstance(value, Theme):
        return f"themes[{value.id}]"
    return place(owner, field, key)


_MODEL_TYPES: dict[type, bool] = {}
_FIELDS: dict[type, tuple[tuple[str, str], ...]] = {}


def _is_model(cls: type) -> bool:
    """Tell whether the walk enters objects of ``cls`` (texts are leaves)."""
    found = _MODEL_TYPES.get(cls)
    if found is None:
        found = _MODEL_TYPES[cls] = cls is not LocalizedText and attrs.has(cls)
    return found


def _fields(cls: type) -> tuple[tuple[str, str], ...]:
    """The ``(name, init argument)`` of every field of the attrs class ``cls``."""
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = tuple(
            (field.name, field.alias or field.name) for field in attrs.fields(cls)
        )
    return found


def _walk(portfolio: Portfolio) -> Iterator[tuple[str, LocalizedText, bool]]:
    for name, _alias in _fields(Portfolio):
        value = getattr(portfolio, name)
        if isinstance(value, tuple):
            for item in value:
                yield from _visit(item, f"{name}[{item.id}]", True)
        else:
            yield from _visit(value, name, True)


def _visit(
    obj: Any, path: str, public: bool
) -> Iterator[tuple[str, LocalizedText, bool]]:
    public = public and getattr(obj, "visibility", None) != "internal"
    for name, _alias in _fields(type(obj)):
        value = getattr(obj, name)
        kind = type(value)
        if kind is LocalizedText:
            yield place(path, name), value, public
        elif kind is tuple:
            for position, item in enumerate(value):
                if type(item) is LocalizedText:
                    yield place(path, name, position), item, public
                elif _is_model(type(item)):
                    child = _child_path(path, name, _key(item, position), item)
                    yield from _visit(item, child, public)
        elif _is_model(kind):
            yield from _visit(value, _child_path(path, name, None, value), public)


#: A change to one text: ``(path, language) → (text, provenance)``.
Update = Mapping[tuple[str, str], tuple[str, Provenance | None]]


def apply_translations(portfolio: Portfolio, updates: Update) -> Portfolio:
    """Return ``portfolio`` with each ``(path, language)`` of ``updates`` set.

    Each update gives the text and its provenance (None: none recorded).
    Raise :class:`TranslationError` naming the first path that addresses no
    text of the portfolio; then nothing is changed.

    >>> from munintl.model import Municipality
    >>> town = Municipality(
    ...     id="m", name=LocalizedText.of(da="By"), country="DK", default_language="da"
    ... )
    >>> p = Portfolio(municipality=town)
    >>> p = apply_translations(p, {("municipality.name", "en"): ("Town", None)})
    >>> p.municipality.name.values
    {'da': 'By', 'en': 'Town'}
    """
    by_path: dict[str, dict[str, tuple[str, Provenance | None]]] = {}
    for (path, language), change in updates.items():
        by_path.setdefault(path, {})[language] = change
    if not by_path:
        return portfolio
    walk = _Rebuild(by_path)
    changes: dict[str, Any] = {}
    # Only the entities that hold a changed text are walked (themes are
    # addressed from the root but live in strategies, which are all walked).
    owners = {owner_of(path) for path in by_path}
    for name, alias in _fields(Portfolio):
        value = getattr(portfolio, name)
        if isinstance(value, tuple):
            new = tuple(
                walk.rebuild(item, f"{name}[{item.id}]")
                if name == "strategies" or f"{name}[{item.id}]" in owners
                else item
                for item in value
            )
            if any(a is not b for a, b in zip(new, value, strict=True)):
                changes[alias] = new
        else:
            new_value = walk.rebuild(value, name)
            if new_value is not value:
                changes[alias] = new_value
    unknown = [path for path in by_path if path not in walk.seen]
    if unknown:
        raise TranslationError(
            _("{path}: no text of the portfolio is at this path").format(
                path=unknown[0]
            )
        )
    return attrs.evolve(portfolio, **changes) if changes else portfolio


class _Rebuild:
    """Rebuild the objects on the way to the texts to change, and no others."""

    def __init__(
        self, by_path: Mapping[str, Mapping[str, tuple[str, Provenance | None]]]
    ) -> None:
        self.by_path = by_path
        self.seen: set[str] = set()
        self.ways = _prefixes(by_path)

    def rebuild(self, obj: Any, path: str) -> Any:
        """Return ``obj`` at ``path`` with the texts under it changed."""
        if isinstance(obj, LocalizedText):
            wanted = self.by_path.get(path)
            if wanted is None:
                return obj
            self.seen.add(path)
            for language, (value, provenance) in wanted.items():
                obj = obj.with_translation(language, value, provenance)
            return obj
        changes: dict[str, Any] = {}
        for name, alias in _fields(type(obj)):
            value = getattr(obj, name)
            if type(value) is tuple:
                new = tuple(
                    self.step(item, path, name, position)
                    for position, item in enumerate(value)
                )
                if any(a is not b for a, b in zip(new, value, strict=True)):
                    changes[alias] = new
            else:
                new_value = self.step(value, path, name, None)
                if new_value is not value:
                    changes[alias] = new_value
        return attrs.evolve(obj, **changes) if changes else obj

    def step(self, value: Any, path: str, name: str, position: int | None) -> Any:
        """Rebuild ``value`` held in ``name`` (at ``position``) if it leads anywhere."""
        kind = type(value)
        if kind is not LocalizedText and not _is_model(kind):
            return value
        key = None if position is None else _key(value, position)
        child = _child_path(path, name, key, value)
        # Themes are addressed from the root, so a theme may hold a changed
        # theme whose path does not start with its own: always look inside.
        if kind is Theme or child in self.ways:
            return self.rebuild(value, child)
        return value


def _prefixes(paths: Iterable[str]) -> set[str]:
    """Every path leading to one of ``paths``: ``a.b[0]`` gives ``a``, ``a.b``, ..."""
    found: set[str] = set()
    for path in paths:
        found.add(path)
        for position, char in enumerate(path):
            if char in ".[" and position:
                found.add(path[:position])
    return found


def made_now(
    method: Method,
    entry: TextEntry,
    *,
    engine: str | None = None,
    translator: str | None = None,
    date: dt.date | PartialDate | None = None,
    reviewed: bool = False,
) -> Provenance:
    """Provenance for a translation of ``entry``'s source text made today.

    ``method`` is ``human``, ``machine`` or ``imported``; ``engine`` names
    the translator plugin of a machine translation, ``translator`` the
    person (or agency); ``date`` defaults to today.
    """
    return Provenance(
        method=method,
        source_language=entry.source_language,
        source_hash=entry.source_hash,
        engine=engine,
        translator=translator,
        review="reviewed" if reviewed else "unreviewed",
        date=date
        if isinstance(date, PartialDate)
        else PartialDate.from_date(date or dt.date.today()),
    )


def by_path(portfolio: Portfolio) -> dict[str, TextEntry]:
    """Every text of ``portfolio`` by path."""
    return {entry.path: entry for entry in texts(portfolio)}


def set_translation(
    portfolio: Portfolio,
    path: str,
    language: str,
    text: str,
    provenance: Provenance | None,
) -> Portfolio:
    """Return ``portfolio`` with the text at ``path`` set in ``language``.

    One change of :func:`apply_translations`; for many, call that once.
    """
    return apply_translations(portfolio, {(path, language): (text, provenance)})


def owner_of(path: str) -> str:
    """The entity a text belongs to: ``themes[t]`` for ``themes[t].goals[0].title``."""
    end = path.find("]")
    if end != -1:
        return path[: end + 1]
    return path.split(".", 1)[0]


@attrs.frozen
class Status:
    """How far the texts of a portfolio are translated, per language and per entity.

    ``languages`` maps a language to its count of texts per state;
    ``objects`` maps an entity (:func:`owner_of`) to the same per language.
    """

    languages: dict[str, dict[State, int]]
    objects: dict[str, dict[str, dict[State, int]]]

    def complete(self, language: str) -> float:
        """The share (0 to 1) of texts done in ``language``."""
        counts = self.languages[language]
        total = sum(counts.values())
        done = sum(counts.get(state, 0) for state in ("original", "human", "reviewed"))
        return done / total if total else 1.0


def status(portfolio: Portfolio, languages: Iterable[str]) -> Status:
    """Count the texts of ``portfolio`` per state in each of ``languages``."""
    wanted = tuple(languages)
    per_language: dict[str, dict[State, int]] = {
        language: dict.fromkeys(STATES, 0) for language in wanted
    }
    per_object: dict[str, dict[str, dict[State, int]]] = {}
    for entry in texts(portfolio):
        owner = per_object.setdefault(
            owner_of(entry.path),
            {language: dict.fromkeys(STATES, 0) for language in wanted},
        )
        for language in wanted:
            state = entry.state(language)
            per_language[language][state] += 1
            owner[language][state] += 1
    return Status(per_language, per_object)
