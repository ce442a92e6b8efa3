"""The library's own messages in Danish, English and German (gettext).

CLI messages and report labels are marked with :func:`_` (or :func:`ngettext`)
and extracted with Babel into ``src/munintl/locale/munintl.pot``; the
catalogs in ``locale/<lang>/LC_MESSAGES/munintl.po`` are compiled into the
wheel.  The source strings are English.

The language is chosen by :func:`set_language`, else by ``MUNINTL_LANG``,
else by the usual ``LANGUAGE`` / ``LC_ALL`` / ``LC_MESSAGES`` / ``LANG``
environment variables.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import os
from pathlib import Path

DOMAIN = "munintl"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES: tuple[str, ...] = ("da", "en", "de")

_current: str | None = None


def _from_environment() -> str:
    for variable in ("MUNINTL_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            first = value.split(":")[0]
            language = first.split(".")[0].split("_")[0].split("-")[0].lower()
            if language in LANGUAGES:
                return language
            if language not in ("c", "posix"):
                return "en"
    return "en"


def current_language() -> str:
    """The language messages are shown in now."""
    return _current or _from_environment()


def set_language(language: str | None) -> None:
    """Show messages in ``language`` from now on (None: follow the environment)."""
    global _current  # noqa: PLW0603 - the process-wide message language
    _current = language


@functools.cache
def translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalog for ``language`` (a null catalog if missing)."""
    return _gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
    )


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message with a singular and plural form."""
    return translations(current_language()).ngettext(singular, plural, count)


def gettext_for(language: str, message: str) -> str:
    """Translate ``message`` into ``language`` regardless of the current one."""
    return translations(language).gettext(message)


def ngettext_for(language: str, singular: str, plural: str, count: int) -> str:
    """Translate a message with plural forms into ``language`` for ``count``."""
    return translations(language).ngettext(singular, plural, count)
