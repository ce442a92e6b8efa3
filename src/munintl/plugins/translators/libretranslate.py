"""The ``libretranslate`` translator: a LibreTranslate server the municipality runs.

LibreTranslate is free software that translates on the municipality's own
machine, so no text leaves it.  Set the server in ``munintl.toml``::

    [plugins.libretranslate]
    url = "http://translate.kommune.internal:5000"
    api_key_env = "LIBRETRANSLATE_API_KEY"   # only if the server asks for keys

Each batch is one ``POST /translate`` with ``q`` a list of HTML texts,
``source``, ``target``, ``format=html`` and ``api_key`` -- the server's own
API, spoken with the standard library (no extra to install).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from munintl.errors import TranslatorBusy, TranslatorError
from munintl.hooks import Translator, hookimpl
from munintl.i18n import N_, _
from munintl.translation.machine import parse_retry_after

NAME = "libretranslate"


@attrs.frozen(kw_only=True)
class LibreTranslateSettings:
    """The ``[plugins.libretranslate]`` table.

    ``url`` is the server's address; ``api_key_env`` names the environment
    variable holding its API key (never the key itself); ``timeout`` is the
    seconds to wait for one answer; ``max_texts`` and ``max_characters``
    bound one request (match the server's ``--batch-limit`` and
    ``--char-limit``).
    """

    url: str = "http://localhost:5000"
    api_key_env: str = "LIBRETRANSLATE_API_KEY"
    timeout: float = 60.0
    max_texts: int = 25
    max_characters: int = 20_000


class LibreTranslateEngine:
    """Translate batches of HTML texts with a LibreTranslate server."""

    def __init__(self, settings: LibreTranslateSettings | None = None) -> None:
        self.settings = settings or LibreTranslateSettings()
        self.max_texts = self.settings.max_texts
        self.max_characters = self.settings.max_characters
        self.api_key = os.environ.get(self.settings.api_key_env) or None

    def translate(
        self,
        texts: Sequence[str],
        *,
        source: str,
        target: str,
        glossary: Mapping[str, str] | None = None,
    ) -> list[str]:
        """Translate ``texts`` in one request (LibreTranslate has no glossaries)."""
        if not texts:
            return []
        body: dict[str, Any] = {
            "q": list(texts),
            "source": source,
            "target": target,
            "format": "html",
        }
        if self.api_key:
            body["api_key"] = self.api_key
        answer = self._post("/translate", body)
        found = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(found, list) or not all(isinstance(t, str) for t in found):
            raise TranslatorError(
                _("{server}: the answer holds no list of translations").format(
                    server=self.settings.url
                )
            )
        return found

    def _post(self, path: str, body: Mapping[str, Any]) -> Any:
        url = self.settings.url.rstrip("/") + path
        if not url.startswith(("http://", "https://")):
            raise TranslatorError(
                _(
                    "the LibreTranslate server's url must start with http:// or"
                    " https://, not {url!r} (url under [plugins.libretranslate])"
                ).format(url=self.settings.url)
            )
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            url,
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(  # noqa: S310 - the scheme is checked above
                request, timeout=self.settings.timeout
            ) as reply:
                return json.loads(reply.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            raise _http_error(url, error) from None
        except TimeoutError as error:
            raise TranslatorBusy(
                _("{server}: no answer within {seconds:g} s").format(
                    server=url, seconds=self.settings.timeout
                )
            ) from error
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError | socket.timeout):
                raise TranslatorBusy(
                    _("{server}: no answer within {seconds:g} s").format(
                        server=url, seconds=self.settings.timeout
                    )
                ) from error
            raise TranslatorBusy(
                _("{server}: the connection failed ({reason})").format(
                    server=url, reason=reason or type(error).__name__
                )
            ) from error
        except ValueError as error:
            raise TranslatorError(
                _("{server}: the answer is not JSON").format(server=url)
            ) from error


def _http_error(url: str, error: urllib.error.HTTPError) -> TranslatorError:
    """The error for an HTTP error answer: busy for 429 and 5xx, else final."""
    try:
        detail = json.loads(error.read().decode("utf-8")).get("error")
    except (ValueError, AttributeError, OSError):
        detail = None
    message = _("{server} answered {status}: {detail}").format(
        server=url, status=error.code, detail=detail or error.reason
    )
    if error.code == 429 or error.code >= 500:
        retry_after = parse_retry_after(error.headers.get("Retry-After"))
        return TranslatorBusy(message, retry_after=retry_after)
    if error.code in (401, 403):
        return TranslatorError(
            message
            + _(
                " (set the server's API key in the environment variable that"
                " [plugins.libretranslate] api_key_env names)"
            )
        )
    return TranslatorError(message)


def make_engine(settings: LibreTranslateSettings | None) -> LibreTranslateEngine:
    """Open the engine with ``settings`` (the defaults when None)."""
    return LibreTranslateEngine(settings)


@hookimpl
def munintl_translators() -> list[Translator]:
    """Register the ``libretranslate`` translator."""
    return [
        Translator(
            name=NAME,
            description=N_("A LibreTranslate server of your own (no text leaves it)"),
            factory=make_engine,
            settings=LibreTranslateSettings,
        )
    ]
