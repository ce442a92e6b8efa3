"""The libretranslate translator against a fake LibreTranslate server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from munintl.errors import TranslatorBusy, TranslatorError
from munintl.plugins.translators.libretranslate import (
    LibreTranslateEngine,
    LibreTranslateSettings,
)
from munintl.testing.translators import (
    Failure,
    FakeLibreTranslate,
    TranslatorContract,
)


@pytest.fixture
def server() -> Iterator[FakeLibreTranslate]:
    with FakeLibreTranslate(api_keys=["k1"]) as fake:
        yield fake


def engine_for(
    server: FakeLibreTranslate, monkeypatch: pytest.MonkeyPatch, timeout: float = 0.5
) -> LibreTranslateEngine:
    monkeypatch.setenv("LIBRETRANSLATE_API_KEY", "k1")
    return LibreTranslateEngine(
        LibreTranslateSettings(url=server.url + "/", timeout=timeout)
    )


class TestLibreTranslateContract(TranslatorContract):
    @pytest.fixture
    def engine(  # type: ignore[override]
        self, server: FakeLibreTranslate, monkeypatch: pytest.MonkeyPatch
    ) -> LibreTranslateEngine:
        return engine_for(server, monkeypatch)


def test_request_is_a_list_of_html_with_the_key(
    server: FakeLibreTranslate, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = engine_for(server, monkeypatch)
    result = engine.translate(
        ["<p>hej</p>", "<p>med <em>dig</em></p>"], source="da", target="en"
    )
    assert result == ["<p>HEJ</p>", "<p>MED <em>DIG</em></p>"]
    (request,) = server.posts("/translate")
    assert request.body == {
        "q": ["<p>hej</p>", "<p>med <em>dig</em></p>"],
        "source": "da",
        "target": "en",
        "format": "html",
        "api_key": "k1",
    }


def test_wrong_key_is_final_and_names_the_setting(
    server: FakeLibreTranslate, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = engine_for(server, monkeypatch)
    engine.api_key = "wrong"
    with pytest.raises(TranslatorError, match="api_key_env") as raised:
        engine.translate(["<p>hej</p>"], source="da", target="en")
    assert "Invalid API key" in str(raised.value)
    assert not isinstance(raised.value, TranslatorBusy)


def test_rate_limit_is_busy_with_retry_after(
    server: FakeLibreTranslate, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.fail(
        Failure(status=429, headers={"Retry-After": "3"}, body={"error": "Slowdown"})
    )
    with pytest.raises(TranslatorBusy, match="Slowdown") as raised:
        engine_for(server, monkeypatch).translate(
            ["<p>a</p>"], source="da", target="en"
        )
    assert raised.value.retry_after == 3.0


@pytest.mark.parametrize("status", [500, 503])
def test_server_error_is_busy(
    server: FakeLibreTranslate, monkeypatch: pytest.MonkeyPatch, status: int
) -> None:
    server.fail(Failure(status=status, body={"error": "boom"}))
    with pytest.raises(TranslatorBusy, match=str(status)):
        engine_for(server, monkeypatch).translate(
            ["<p>a</p>"], source="da", target="en"
        )


def test_timeout_is_busy(
    server: FakeLibreTranslate, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.fail(Failure(stall=True))
    with pytest.raises(TranslatorBusy, match=r"no answer within 0\.2 s"):
        engine_for(server, monkeypatch, timeout=0.2).translate(
            ["<p>a</p>"], source="da", target="en"
        )


def test_dropped_connection_is_busy(
    server: FakeLibreTranslate, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.fail(Failure(drop=True))
    with pytest.raises(TranslatorBusy, match="connection failed"):
        engine_for(server, monkeypatch).translate(
            ["<p>a</p>"], source="da", target="en"
        )


def test_no_server_is_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeLibreTranslate() as gone:
        url = gone.url
    engine = LibreTranslateEngine(LibreTranslateSettings(url=url, timeout=0.5))
    with pytest.raises(TranslatorBusy, match="connection failed"):
        engine.translate(["<p>a</p>"], source="da", target="en")


def test_bad_request_is_final(
    server: FakeLibreTranslate, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.fail(Failure(status=400, body={"error": "da is not supported"}))
    with pytest.raises(TranslatorError, match="da is not supported") as raised:
        engine_for(server, monkeypatch).translate(
            ["<p>a</p>"], source="da", target="en"
        )
    assert not isinstance(raised.value, TranslatorBusy)
