"""Filling a portfolio's missing (and stale) translations with a machine translator.

:func:`plan` chooses the texts: missing ones, stale ones when asked, never a
text of a submitted follow-up, and never a translation a person made unless
``force`` -- those are listed as ``protected``.  :class:`MachineTranslation`
sends them to a :class:`~munintl.hooks.protocols.TranslationEngine` in
batches (as HTML, so Markdown marks survive: :mod:`munintl.translation.markup`),
marks each result machine-made with the engine and the date, checks it
against the glossary, and hands the portfolio to ``on_batch`` after every
batch -- the command line saves it there, so a run that stops keeps what
it finished, and the next run continues with what is still missing.

A busy service (:class:`~munintl.errors.TranslatorBusy`) is asked again
after the wait it names (``Retry-After``) or a doubling one, a bounded
number of times (:class:`Retry`); any other
:class:`~munintl.errors.TranslatorError` stops the run at once.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from munintl.errors import Finding, TranslatorBusy, TranslatorError
from munintl.i18n import _
from munintl.translation.markup import from_html, links, to_html
from munintl.translation.texts import TextEntry, apply_translations, made_now, texts

if TYPE_CHECKING:
    from munintl.hooks.protocols import TranslationEngine
    from munintl.model import Portfolio
    from munintl.translation.glossary import Glossary

__all__ = [
    "Batch",
    "BatchDone",
    "MachineTranslation",
    "Plan",
    "Retry",
    "batches",
    "parse_retry_after",
    "plan",
]


@attrs.frozen
class Plan:
    """What a run translates, and what it leaves alone.

    ``todo``: the texts to translate; ``protected``: stale translations a
    person made, left as they are without ``force``; ``frozen``: texts of
    submitted follow-ups that need a translation but must not change.
    """

    todo: tuple[TextEntry, ...]
    protected: tuple[TextEntry, ...] = ()
    frozen: tuple[TextEntry, ...] = ()


def plan(
    portfolio: Portfolio, language: str, *, stale: bool = False, force: bool = False
) -> Plan:
    """Choose the texts of ``portfolio`` to translate into ``language``.

    Missing texts always; stale ones with ``stale``.  A stale translation
    made by a person (or imported, or written without provenance) is
    overwritten only with ``force``.
    """
    todo: list[TextEntry] = []
    protected: list[TextEntry] = []
    frozen: list[TextEntry] = []
    for entry in texts(portfolio):
        state = entry.state(language)
        if state != "missing" and not (stale and state == "stale"):
            continue
        if entry.frozen:
            frozen.append(entry)
            continue
        if state == "stale" and not force:
            provenance = entry.provenance(language)
            if provenance is None or provenance.method != "machine":
                protected.append(entry)
                continue
        todo.append(entry)
    return Plan(tuple(todo), tuple(protected), tuple(frozen))


@attrs.frozen
class Batch:
    """Texts for one request: one source language, within the engine's limits."""

    source: str
    entries: tuple[TextEntry, ...]
    html: tuple[str, ...]


def batches(
    entries: Iterable[TextEntry], *, max_texts: int, max_characters: int
) -> list[Batch]:
    """Group ``entries`` into requests of at most ``max_texts`` and ``max_characters``.

    Texts keep their order within each source language; a text longer than
    ``max_characters`` goes alone.
    """
    by_source: dict[str, list[tuple[TextEntry, str]]] = {}
    for entry in entries:
        by_source.setdefault(entry.source_language, []).append(
            (entry, to_html(entry.source))
        )
    out: list[Batch] = []
    for source, items in by_source.items():
        current: list[tuple[TextEntry, str]] = []
        size = 0
        for entry, markup in items:
            if current and (
                len(current) >= max_texts or size + len(markup) > max_characters
            ):
                out.append(_batch(source, current))
                current, size = [], 0
            current.append((entry, markup))
            size += len(markup)
        if current:
            out.append(_batch(source, current))
    return out


def _batch(source: str, items: Sequence[tuple[TextEntry, str]]) -> Batch:
    return Batch(
        source, tuple(entry for entry, _m in items), tuple(m for _e, m in items)
    )


def parse_retry_after(value: str | None) -> float | None:
    """Read an HTTP ``Retry-After`` header: seconds or a date; None if absent or bad.

    >>> parse_retry_after("3"), parse_retry_after(None), parse_retry_after("soon")
    (3.0, None, None)
    """
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max((when - dt.datetime.now(dt.UTC)).total_seconds(), 0.0)


@attrs.frozen
class Retry:
    """How often and how long to wait for a busy service.

    ``attempts`` tries per request in all; between them the wait the service
    asked for, else ``first_wait`` seconds doubling up to ``longest_wait``.
    A service that asks for more than ``longest_wait`` stops the run.
    """

    attempts: int = 5
    first_wait: float = 1.0
    longest_wait: float = 120.0


def _sleep(seconds: float) -> None:
    time.sleep(seconds)  # looked up at each call, so tests can replace it


@attrs.frozen
class BatchDone:
    """What one batch did: the portfolio with its translations, and the warnings."""

    portfolio: Portfolio
    paths: tuple[str, ...]
    warnings: tuple[Finding, ...]
    requests: int


class MachineTranslation:
    """Translate the texts of a plan with one engine, batch by batch.

    ``name`` is the translator's name, recorded as the engine of every
    translation; ``glossary`` is given to the engine (its pairs for the
    language pair) and checked after each batch.  ``sleep`` and ``on_wait``
    (told each wait and its reason) let a caller show or skip the waits.
    """

    def __init__(
        self,
        engine: TranslationEngine,
        name: str,
        language: str,
        *,
        glossary: Glossary | None = None,
        retry: Retry | None = None,
        today: dt.date | None = None,
        sleep: Callable[[float], None] | None = None,
        on_wait: Callable[[float, TranslatorBusy], None] | None = None,
    ) -> None:
        self.engine = engine
        self.name = name
        self.language = language
        self.glossary = glossary
        self.retry = retry or Retry()
        self.today = today
        self.sleep = sleep or _sleep
        self.on_wait = on_wait
        self.requests = 0

    def batches(self, plan: Plan) -> list[Batch]:
        """The plan's texts in batches within the engine's limits."""
        return batches(
            plan.todo,
            max_texts=max(1, int(self.engine.max_texts)),
            max_characters=max(1, int(self.engine.max_characters)),
        )

    def run(
        self,
        portfolio: Portfolio,
        plan: Plan,
        on_batch: Callable[[BatchDone], Portfolio | None] | None = None,
    ) -> Portfolio:
        """Translate every batch of ``plan``; return the portfolio with all of them.

        ``on_batch`` gets each finished batch and may return the portfolio
        to go on from (as saved).  Raise
        :class:`~munintl.errors.TranslatorError` when the engine fails for
        good or stays busy; the batches before it were handed to
        ``on_batch``.
        """
        for batch in self.batches(plan):
            done = self.translate_batch(portfolio, batch)
            portfolio = done.portfolio
            if on_batch is not None:
                portfolio = on_batch(done) or portfolio
        return portfolio

    def translate_batch(self, portfolio: Portfolio, batch: Batch) -> BatchDone:
        """Translate one batch and set its texts in ``portfolio``."""
        before = self.requests
        results = self._ask(batch)
        updates = {}
        warnings: list[Finding] = []
        for entry, result in zip(batch.entries, results, strict=True):
            text = from_html(result)
            if not text.strip():
                warnings.append(
                    self._warning(
                        entry.path,
                        _("the translator returned an empty text; it was not set"),
                    )
                )
                continue
            if sorted(links(text)) != sorted(links(entry.source)):
                warnings.append(
                    self._warning(
                        entry.path,
                        _(
                            "the machine translation's links differ from the"
                            " source text's; check them"
                        ),
                    )
                )
            if self.glossary:
                warnings += self.glossary.check(
                    entry.source,
                    text,
                    batch.source,
                    self.language,
                    path=entry.path,
                )
            provenance = made_now("machine", entry, engine=self.name, date=self.today)
            updates[(entry.path, self.language)] = (text, provenance)
        return BatchDone(
            apply_translations(portfolio, updates),
            tuple(path for path, _language in updates),
            tuple(warnings),
            self.requests - before,
        )

    def _warning(self, path: str, message: str) -> Finding:
        return Finding(
            code="machine-translation", message=message, severity="warning", path=path
        )

    def _ask(self, batch: Batch) -> list[str]:
        """Call the engine for ``batch``, waiting and trying again while it is busy."""
        pairs = (
            self.glossary.pairs(batch.source, self.language) if self.glossary else {}
        )
        wait = self.retry.first_wait
        for attempt in range(1, self.retry.attempts + 1):
            self.requests += 1
            try:
                results = self.engine.translate(
                    batch.html,
                    source=batch.source,
                    target=self.language,
                    glossary=pairs or None,
                )
            except TranslatorBusy as busy:
                if attempt == self.retry.attempts:
                    raise TranslatorError(
                        _("{error} (gave up after {n} tries)").format(
                            error=busy, n=attempt
                        )
                    ) from busy
                delay = busy.retry_after if busy.retry_after is not None else wait
                if delay > self.retry.longest_wait:
                    raise TranslatorError(
                        _(
                            "{error}: the service asks to wait {seconds:.0f} s, longer"
                            " than munintl waits ({longest:.0f} s); try again later"
                        ).format(
                            error=busy, seconds=delay, longest=self.retry.longest_wait
                        )
                    ) from busy
                if self.on_wait is not None:
                    self.on_wait(delay, busy)
                self.sleep(delay)
                if busy.retry_after is None:  # the server's own wait sets no pace
                    wait = min(wait * 2, self.retry.longest_wait)
                continue
            if not isinstance(results, list) or len(results) != len(batch.html):
                raise TranslatorError(
                    _(
                        "the translator {name} returned {found} texts for {asked};"
                        " nothing of this batch was set"
                    ).format(
                        name=self.name,
                        found=len(results) if isinstance(results, list) else 0,
                        asked=len(batch.html),
                    )
                )
            return results
        raise AssertionError("unreachable")  # pragma: no cover
