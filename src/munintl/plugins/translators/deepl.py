"""The ``deepl`` translator: DeepL's API, through DeepL's own ``deepl`` package.

Install it with ``pip install "munintl[deepl]"``; the package is imported
only when a translation is made.  The key is read from the environment
variable ``DEEPL_AUTH_KEY`` (another one if ``munintl.toml`` names it),
never from a file::

    [translation]
    engine = "deepl"

    [plugins.deepl]
    auth_key_env = "DEEPL_AUTH_KEY"
    formality = "prefer_more"        # formal address where the language has it
    # server_url = "https://api.deepl.com"   # default: chosen by the key

Each batch is one ``POST /v2/translate`` of up to 50 texts with
``tag_handling=html``; the portfolio's glossary becomes a DeepL glossary
(``POST /v2/glossaries``, made once and found again by its name).  munintl
makes each request once and does the waiting and trying again itself, so
``Retry-After`` is honoured and the number of tries is bounded.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from munintl.errors import MissingExtraError, TranslatorBusy, TranslatorError
from munintl.hooks import Translator, hookimpl
from munintl.i18n import N_, _
from munintl.translation.machine import parse_retry_after

if TYPE_CHECKING:
    import deepl

NAME = "deepl"
INSTALL = 'pip install "munintl[deepl]"'

#: Target languages for which DeepL has a formal and an informal register.
FORMALITY = frozenset({"de", "es", "fr", "it", "ja", "nl", "pl", "pt", "ru"})

#: Target languages DeepL needs with a region (it refuses plain ``EN``, ``PT``).
REGIONS = {"en": "EN-GB", "pt": "PT-PT"}

#: The languages DeepL translates (as of 2025); others are refused before asking.
LANGUAGES = frozenset(
    [
        "ar",
        "bg",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "es",
        "et",
        "fi",
        "fr",
        "he",
        "hu",
        "id",
        "it",
        "ja",
        "ko",
        "lt",
        "lv",
        "nb",
        "nl",
        "pl",
        "pt",
        "ro",
        "ru",
        "sk",
        "sl",
        "sv",
        "th",
        "tr",
        "uk",
        "vi",
        "zh",
    ]
)

Formality = Literal["default", "more", "less", "prefer_more", "prefer_less"]


@attrs.frozen(kw_only=True)
class DeepLSettings:
    """The ``[plugins.deepl]`` table.

    ``auth_key_env`` names the environment variable holding the key;
    ``server_url`` overrides DeepL's address (the free or the paid API is
    otherwise chosen by the key); ``formality`` applies to target languages
    that have formal address (German *Sie*, Polish *Pan/Pani*);
    ``regions`` chooses a regional variant (``en = "EN-US"``); ``timeout``
    is the seconds to wait for one answer; ``glossary`` False sends no
    glossary.
    """

    auth_key_env: str = "DEEPL_AUTH_KEY"
    server_url: str | None = None
    formality: Formality = "prefer_more"
    regions: dict[str, str] = attrs.field(factory=dict, hash=False)
    timeout: float = 60.0
    glossary: bool = True


def _import_deepl() -> Any:
    try:
        import deepl
    except ImportError:
        raise MissingExtraError(
            _(
                "the deepl translator needs the Python package deepl, which is not"
                " installed: {install}"
            ).format(install=INSTALL)
        ) from None
    return deepl


def _transport(deepl_module: Any, timeout: float) -> Any:
    """A client for the ``deepl`` package: asks once, keeps ``Retry-After``."""
    import requests

    base = deepl_module.http_client.HttpClient

    class OneTry(base):  # type: ignore[misc, valid-type]
        """Send each request once: munintl's own loop waits and tries again."""

        def __init__(self) -> None:
            super().__init__(send_platform_info=False)
            self.retry_after: float | None = None

        def request_with_backoff(  # noqa: PLR0917 - the package's own signature
            self,
            method: str,
            url: str,
            data: dict[str, Any] | None,
            json: dict[str, Any] | None,
            headers: dict[str, str],
            stream: bool = False,
            **kwargs: Any,
        ) -> tuple[int, str]:
            prepared = requests.Request(
                method, url, data=data or None, json=json, headers=headers
            ).prepare()
            try:
                response = self._session.send(prepared, timeout=timeout)
            except requests.Timeout as error:
                raise TranslatorBusy(
                    _("{server}: no answer within {seconds:g} s").format(
                        server=url, seconds=timeout
                    )
                ) from error
            except requests.RequestException as error:
                raise TranslatorBusy(
                    _("{server}: the connection failed ({reason})").format(
                        server=url, reason=type(error).__name__
                    )
                ) from error
            self.retry_after = parse_retry_after(response.headers.get("Retry-After"))
            response.encoding = "UTF-8"
            return response.status_code, response.text

    return OneTry()


class DeepLEngine:
    """Translate batches of HTML texts with DeepL."""

    max_texts = 50
    max_characters = 30_000  # DeepL takes 128 KiB a request: room for JSON and UTF-8

    def __init__(self, settings: DeepLSettings | None = None) -> None:
        self.settings = settings or DeepLSettings()
        key = os.environ.get(self.settings.auth_key_env, "").strip()
        if not key:
            raise TranslatorError(
                _(
                    "the deepl translator needs a DeepL API key in the environment"
                    " variable {variable}; set it (or name another variable with"
                    " auth_key_env under [plugins.deepl] in munintl.toml)"
                ).format(variable=self.settings.auth_key_env)
            )
        self.deepl = _import_deepl()
        self.client: deepl.Translator = self.deepl.Translator(
            key, server_url=self.settings.server_url, send_platform_info=False
        )
        # The package's client retries on its own, ignoring Retry-After and
        # waiting at least 10 s; one that asks once leaves that to munintl.
        self.transport = _transport(self.deepl, self.settings.timeout)
        self.client._client = self.transport
        self.glossaries: dict[str, str] = {}

    def translate(
        self,
        texts: Sequence[str],
        *,
        source: str,
        target: str,
        glossary: Mapping[str, str] | None = None,
    ) -> list[str]:
        """Translate ``texts`` in one request, with the glossary where one is given."""
        if not texts:
            return []
        base = target.split("-", maxsplit=1)[0].lower()
        if base not in LANGUAGES:
            raise TranslatorError(
                _("DeepL does not translate into {language}").format(language=target)
            )
        options: dict[str, Any] = {
            "source_lang": source.split("-", maxsplit=1)[0].upper(),
            "target_lang": self.settings.regions.get(base)
            or (target.upper() if "-" in target else REGIONS.get(base, base.upper())),
            "tag_handling": "html",
        }
        if base in FORMALITY and self.settings.formality != "default":
            options["formality"] = self.settings.formality
        if glossary and self.settings.glossary:
            options["glossary"] = self._glossary(source, target, glossary)
        results = self._call(self.client.translate_text, list(texts), **options)
        return [result.text for result in results]

    def _glossary(self, source: str, target: str, pairs: Mapping[str, str]) -> str:
        """The id of a DeepL glossary with ``pairs``: found by name, or made once."""
        entries = "\n".join(f"{s}\t{t}" for s, t in sorted(pairs.items()))
        digest = hashlib.sha256(f"{source}>{target}\n{entries}".encode()).hexdigest()
        name = f"munintl-{source}-{target}-{digest[:16]}"
        if name in self.glossaries:
            return self.glossaries[name]
        for info in self._call(self.client.list_glossaries):
            if info.name == name:
                self.glossaries[name] = info.glossary_id
                return str(info.glossary_id)
        clean = {
            s.strip(): t.strip()
            for s, t in pairs.items()
            if s.strip() and t.strip() and "\t" not in s + t
        }
        info = self._call(
            self.client.create_glossary,
            name,
            source_lang=source.split("-", maxsplit=1)[0].upper(),
            target_lang=target.split("-", maxsplit=1)[0].upper(),
            entries=clean,
        )
        self.glossaries[name] = info.glossary_id
        return str(info.glossary_id)

    def _call(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        """Call the package; turn its errors into munintl's."""
        errors = self.deepl
        try:
            return method(*args, **kwargs)
        except errors.QuotaExceededException as error:
            raise TranslatorError(
                _(
                    "DeepL: the quota of characters for this billing period is used"
                    " up ({error})"
                ).format(error=error)
            ) from None
        except errors.AuthorizationException as error:
            raise TranslatorError(
                _("DeepL refused the key in {variable} ({error})").format(
                    variable=self.settings.auth_key_env, error=error
                )
            ) from None
        except errors.DeepLException as error:
            status = error.http_status_code
            message = _("DeepL: {error}").format(error=error)
            if status is not None and (status == 429 or status >= 500):
                raise TranslatorBusy(
                    message, retry_after=self.transport.retry_after
                ) from None
            raise TranslatorError(message) from None
        except ValueError as error:  # the package refuses an argument
            raise TranslatorError(_("DeepL: {error}").format(error=error)) from None


def make_engine(settings: DeepLSettings | None) -> DeepLEngine:
    """Open the engine with ``settings`` (the defaults when None)."""
    return DeepLEngine(settings)


@hookimpl
def munintl_translators() -> list[Translator]:
    """Register the ``deepl`` translator."""
    return [
        Translator(
            name=NAME,
            description=N_("DeepL's machine translation API (needs a key)"),
            languages=LANGUAGES,
            factory=make_engine,
            settings=DeepLSettings,
            requires=("deepl",),
            install=INSTALL,
        )
    ]
