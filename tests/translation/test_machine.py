"""Machine translation runs: which texts, batches, retries, stops, protection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pytest

from munintl.errors import TranslatorBusy, TranslatorError
from munintl.model import LocalizedText, Municipality, Portfolio, Provenance
from munintl.model.initiative import Initiative
from munintl.testing.translators import fake_translate
from munintl.translation import by_path, made_now, set_translation
from munintl.translation.glossary import Glossary, Term
from munintl.translation.machine import (
    BatchDone,
    MachineTranslation,
    Retry,
    batches,
    parse_retry_after,
    plan,
)

TODAY = dt.date(2026, 12, 5)


class Engine:
    """An in-process engine that can be told to fail."""

    max_texts = 2
    max_characters = 10_000

    def __init__(self, *failures: Exception) -> None:
        self.failures = list(failures)
        self.calls: list[tuple[list[str], Mapping[str, str] | None]] = []

    def translate(
        self,
        texts: Sequence[str],
        *,
        source: str,
        target: str,
        glossary: Mapping[str, str] | None = None,
    ) -> list[str]:
        self.calls.append((list(texts), glossary))
        if self.failures:
            raise self.failures.pop(0)
        return [fake_translate(text, glossary=glossary) for text in texts]


def town(*titles: str) -> Portfolio:
    municipality = Municipality(
        id="fjordby",
        name=LocalizedText.of(da="Fjordby Kommune"),
        country="DK",
        default_language="da",
        working_languages=("da", "en"),
    )
    initiatives = tuple(
        Initiative(id=f"i{n}", title=LocalizedText.of(da=title), kind="project")
        for n, title in enumerate(titles)
    )
    return Portfolio(municipality=municipality, initiatives=initiatives)


def runner(engine: Engine, **options: object) -> tuple[MachineTranslation, list[float]]:
    waits: list[float] = []
    run = MachineTranslation(
        engine,
        "fake",
        "en",
        today=TODAY,
        sleep=waits.append,
        **options,  # type: ignore[arg-type]
    )
    return run, waits


def test_missing_texts_are_translated_in_batches_and_marked_machine() -> None:
    portfolio = town("Et", "To *fed*", "Tre")
    engine = Engine()
    run, _waits = runner(engine)
    done: list[BatchDone] = []
    result = run.run(portfolio, plan(portfolio, "en"), done.append)
    # Four texts (the name and three titles), two a request.
    assert [len(batch.paths) for batch in done] == [2, 2]
    assert len(engine.calls) == 2
    entry = by_path(result)["initiatives[i1].title"]
    assert entry.text.values["en"] == "TO *FED*"
    provenance = entry.provenance("en")
    assert provenance is not None
    assert provenance.method == "machine"
    assert provenance.engine == "fake"
    assert provenance.review == "unreviewed"
    assert str(provenance.date) == "2026-12-05"
    assert entry.state("en") == "machine"


def test_stale_texts_only_when_asked_and_human_ones_only_with_force() -> None:
    portfolio = town("Et", "To")
    entries = by_path(portfolio)
    human = made_now("human", entries["initiatives[i0].title"], translator="Ann")
    machine = made_now("machine", entries["initiatives[i1].title"], engine="x")
    portfolio = set_translation(portfolio, "initiatives[i0].title", "en", "One", human)
    portfolio = set_translation(
        portfolio, "initiatives[i1].title", "en", "Two", machine
    )
    portfolio = set_translation(portfolio, "municipality.name", "en", "Fjordby", None)
    # The sources change: both translations are stale now.
    for path, text in (
        ("initiatives[i0].title", "Én"),
        ("initiatives[i1].title", "To!"),
    ):
        portfolio = set_translation(portfolio, path, "da", text, None)
    assert plan(portfolio, "en").todo == ()
    chosen = plan(portfolio, "en", stale=True)
    assert [e.path for e in chosen.todo] == ["initiatives[i1].title"]
    assert [e.path for e in chosen.protected] == ["initiatives[i0].title"]
    forced = plan(portfolio, "en", stale=True, force=True)
    assert [e.path for e in forced.todo] == [
        "initiatives[i0].title",
        "initiatives[i1].title",
    ]


def test_human_text_is_never_overwritten_by_a_run() -> None:
    portfolio = town("Et", "To")
    entry = by_path(portfolio)["initiatives[i0].title"]
    portfolio = set_translation(
        portfolio, entry.path, "en", "One", made_now("human", entry)
    )
    portfolio = set_translation(portfolio, entry.path, "da", "Ét", None)  # stale now
    run, _waits = runner(Engine())
    result = run.run(portfolio, plan(portfolio, "en", stale=True))
    kept = by_path(result)["initiatives[i0].title"]
    assert kept.text.values["en"] == "One"
    assert kept.provenance("en") == portfolio_provenance(portfolio, entry.path)


def portfolio_provenance(portfolio: Portfolio, path: str) -> Provenance | None:
    return by_path(portfolio)[path].provenance("en")


def test_busy_engine_is_asked_again_after_retry_after_then_backoff() -> None:
    portfolio = town("Et")
    engine = Engine(
        TranslatorBusy("429", retry_after=7), TranslatorBusy("503"), TranslatorBusy("x")
    )
    run, waits = runner(engine, retry=Retry(attempts=5, first_wait=1.0))
    run.run(portfolio, plan(portfolio, "en"))
    assert waits == [7, 1.0, 2.0]
    assert run.requests == 4


def test_engine_busy_too_long_stops_with_the_count_of_tries() -> None:
    portfolio = town("Et")
    engine = Engine(*(TranslatorBusy("503 Service Unavailable") for _ in range(3)))
    run, waits = runner(engine, retry=Retry(attempts=3, first_wait=1.0))
    with pytest.raises(
        TranslatorError, match=r"503 Service Unavailable \(gave up after 3 tries\)"
    ):
        run.run(portfolio, plan(portfolio, "en"))
    assert waits == [1.0, 2.0]


def test_a_wait_longer_than_allowed_stops_at_once() -> None:
    portfolio = town("Et")
    engine = Engine(TranslatorBusy("429", retry_after=3600))
    run, waits = runner(engine, retry=Retry(longest_wait=60))
    with pytest.raises(TranslatorError, match="asks to wait 3600 s"):
        run.run(portfolio, plan(portfolio, "en"))
    assert waits == []


def test_a_fatal_error_stops_after_the_batches_already_handed_over() -> None:
    portfolio = town("Et", "To", "Tre", "Fire", "Fem")
    engine = Engine()
    run, _waits = runner(engine)
    saved: list[Portfolio] = []

    def save(done: BatchDone) -> None:
        saved.append(done.portfolio)
        if len(saved) == 2:
            engine.failures.append(TranslatorError("quota"))

    with pytest.raises(TranslatorError, match="quota"):
        run.run(portfolio, plan(portfolio, "en"), save)
    assert len(saved) == 2
    # The second run translates only what the first did not.
    left = plan(saved[-1], "en")
    assert [e.path for e in left.todo] == [
        "initiatives[i3].title",
        "initiatives[i4].title",
    ]


def test_wrong_number_of_results_sets_nothing() -> None:
    class Short(Engine):
        def translate(self, texts: Sequence[str], **kwargs: object) -> list[str]:  # type: ignore[override]
            return []

    portfolio = town("Et")
    run, _waits = runner(Short())
    with pytest.raises(TranslatorError, match="returned 0 texts for 2"):
        run.run(portfolio, plan(portfolio, "en"))


def test_glossary_goes_to_the_engine_and_is_checked_after() -> None:
    portfolio = town("Borgerservice og byråd")
    glossary = Glossary(
        (
            Term({"da": "Borgerservice", "en": "Citizen Service"}),
            Term({"da": "byråd", "en": "City Council"}),
        )
    )

    class Forgetful(Engine):
        def translate(self, texts: Sequence[str], **kwargs: object) -> list[str]:  # type: ignore[override]
            glossary = kwargs.get("glossary")
            assert glossary == {
                "Borgerservice": "Citizen Service",
                "byråd": "City Council",
            }
            return [text.replace("Borgerservice", "Citizen Service") for text in texts]

    run, _waits = runner(Forgetful(), glossary=glossary)
    done: list[BatchDone] = []
    run.run(portfolio, plan(portfolio, "en"), done.append)
    warnings = [w for batch in done for w in batch.warnings]
    assert [(w.code, w.path) for w in warnings] == [
        ("glossary-term", "initiatives[i0].title")
    ]
    assert "City Council" in warnings[0].message


def test_batches_keep_within_the_limits() -> None:
    portfolio = town("a" * 30, "b" * 30, "c", "d")
    entries = plan(portfolio, "en").todo
    # As HTML: the name 22 characters, the long titles 37 each, the short 8.
    found = batches(entries, max_texts=3, max_characters=50)
    assert [len(batch.entries) for batch in found] == [1, 1, 2, 1]
    assert all(sum(map(len, b.html)) <= 50 for b in found)
    assert [
        len(b.entries) for b in batches(entries, max_texts=3, max_characters=999)
    ] == [3, 2]
    alone = batches(entries, max_texts=3, max_characters=10)
    assert [len(b.entries) for b in alone] == [1, 1, 1, 1, 1]


def test_retry_after_reads_seconds_and_dates() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("") is None


def test_a_lost_link_or_an_empty_result_is_a_warning() -> None:
    portfolio = town("Se [siden](https://x.dk)", "Tom")

    class Careless(Engine):
        def translate(self, texts: Sequence[str], **kwargs: object) -> list[str]:  # type: ignore[override]
            return [
                "" if "Tom" in text else text.replace('<a href="https://x.dk">', "")
                for text in texts
            ]

    run, _waits = runner(Careless())
    done: list[BatchDone] = []
    result = run.run(portfolio, plan(portfolio, "en"), done.append)
    warnings = {(w.path, w.message) for batch in done for w in batch.warnings}
    assert (
        "initiatives[i0].title",
        "the machine translation's links differ from the source text's; check them",
    ) in warnings
    assert (
        "initiatives[i1].title",
        "the translator returned an empty text; it was not set",
    ) in warnings
    entries = by_path(result)
    assert entries["initiatives[i1].title"].state("en") == "missing"
    assert entries["initiatives[i0].title"].state("en") == "machine"
