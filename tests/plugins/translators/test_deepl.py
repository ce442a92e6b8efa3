"""The deepl translator against a fake DeepL server speaking the v2 API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from munintl.errors import TranslatorBusy, TranslatorError
from munintl.plugins.translators.deepl import DeepLEngine, DeepLSettings
from munintl.testing.translators import Failure, FakeDeepL, TranslatorContract

pytest.importorskip("deepl")

KEY = "test-key:fx"


@pytest.fixture
def server() -> Iterator[FakeDeepL]:
    with FakeDeepL(auth_key=KEY) as fake:
        yield fake


def engine_for(
    server: FakeDeepL, monkeypatch: pytest.MonkeyPatch, **settings: object
) -> DeepLEngine:
    monkeypatch.setenv("DEEPL_AUTH_KEY", KEY)
    options: dict[str, object] = {"server_url": server.url, "timeout": 0.5}
    options.update(settings)
    return DeepLEngine(DeepLSettings(**options))  # type: ignore[arg-type]


class TestDeepLContract(TranslatorContract):
    glossaries = True

    @pytest.fixture
    def engine(  # type: ignore[override]
        self, server: FakeDeepL, monkeypatch: pytest.MonkeyPatch
    ) -> DeepLEngine:
        return engine_for(server, monkeypatch)


def test_request_carries_key_html_and_region(
    server: FakeDeepL, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = engine_for(server, monkeypatch)
    assert engine.translate(["<p>hej</p>"], source="da", target="en") == ["<p>HEJ</p>"]
    (request,) = server.posts("/v2/translate")
    assert request.headers["Authorization"] == f"DeepL-Auth-Key {KEY}"
    assert request.body["text"] == ["<p>hej</p>"]
    assert request.body["source_lang"] == "DA"
    assert request.body["target_lang"] == "EN-GB"
    assert request.body["tag_handling"] == "html"
    assert "formality" not in request.body  # English has no formal register


def test_formality_is_sent_where_the_language_has_it(
    server: FakeDeepL, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = engine_for(server, monkeypatch, formality="more")
    engine.translate(["<p>hej</p>"], source="da", target="de")
    assert server.posts("/v2/translate")[0].body["formality"] == "more"


def test_glossary_is_made_once_and_found_again(
    server: FakeDeepL, monkeypatch: pytest.MonkeyPatch
) -> None:
    glossary = {"Borgerservice": "Citizen Service", "byråd": "City Council"}
    first = engine_for(server, monkeypatch)
    result = first.translate(
        ["<p>Borgerservice og byråd</p>"], source="da", target="en", glossary=glossary
    )
    assert result == ["<p>Citizen Service OG City Council</p>"]
    second = engine_for(server, monkeypatch)
    second.translate(["<p>byråd</p>"], source="da", target="en", glossary=glossary)
    assert len(server.posts("/v2/glossaries")) == 1
    made = server.posts("/v2/glossaries")[0].body
    assert made["entries_format"] == "tsv"
    assert made["source_lang"] == "DA"
    assert made["target_lang"] == "EN"
    ids = {r.body.get("glossary_id") for r in server.posts("/v2/translate")}
    assert ids == {"g1"}


def test_missing_key_says_which_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    with pytest.raises(TranslatorError, match="DEEPL_AUTH_KEY"):
        DeepLEngine(DeepLSettings())


def test_wrong_key_is_final(server: FakeDeepL, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTHER_KEY", "wrong")
    engine = DeepLEngine(
        DeepLSettings(auth_key_env="OTHER_KEY", server_url=server.url, timeout=0.5)
    )
    with pytest.raises(TranslatorError, match="OTHER_KEY") as raised:
        engine.translate(["<p>hej</p>"], source="da", target="en")
    assert not isinstance(raised.value, TranslatorBusy)


def test_rate_limit_is_busy_with_retry_after(
    server: FakeDeepL, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.fail(Failure(status=429, headers={"Retry-After": "7"}))
    engine = engine_for(server, monkeypatch)
    with pytest.raises(TranslatorBusy) as raised:
        engine.translate(["<p>hej</p>"], source="da", target="en")
    assert raised.value.retry_after == 7.0
    assert len(server.posts("/v2/translate")) == 1  # asked once: munintl retries


def test_quota_exceeded_is_final(
    server: FakeDeepL, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.quota = 0
    engine = engine_for(server, monkeypatch)
    with pytest.raises(TranslatorError, match="quota") as raised:
        engine.translate(["<p>hej</p>"], source="da", target="en")
    assert not isinstance(raised.value, TranslatorBusy)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_error_is_busy(
    server: FakeDeepL, monkeypatch: pytest.MonkeyPatch, status: int
) -> None:
    server.fail(Failure(status=status))
    engine = engine_for(server, monkeypatch)
    with pytest.raises(TranslatorBusy) as raised:
        engine.translate(["<p>hej</p>"], source="da", target="en")
    assert raised.value.retry_after is None


def test_timeout_is_busy(server: FakeDeepL, monkeypatch: pytest.MonkeyPatch) -> None:
    server.fail(Failure(stall=True))
    engine = engine_for(server, monkeypatch, timeout=0.2)
    with pytest.raises(TranslatorBusy, match=r"no answer within 0\.2 s"):
        engine.translate(["<p>hej</p>"], source="da", target="en")


def test_dropped_connection_is_busy(
    server: FakeDeepL, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.fail(Failure(drop=True))
    engine = engine_for(server, monkeypatch)
    with pytest.raises(TranslatorBusy, match="connection failed"):
        engine.translate(["<p>hej</p>"], source="da", target="en")


def test_bad_request_is_final(
    server: FakeDeepL, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.fail(
        Failure(status=400, body={"message": "Value for 'text' not supported."})
    )
    engine = engine_for(server, monkeypatch)
    with pytest.raises(TranslatorError, match="not supported") as raised:
        engine.translate(["<p>hej</p>"], source="da", target="en")
    assert not isinstance(raised.value, TranslatorBusy)


def test_language_deepl_lacks_is_refused_before_asking(
    server: FakeDeepL, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = engine_for(server, monkeypatch)
    with pytest.raises(TranslatorError, match="kl"):
        engine.translate(["<p>hej</p>"], source="da", target="kl")
    assert server.requests == []
