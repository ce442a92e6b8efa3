"""The library's own messages in every language it has a catalog for (gettext).

CLI messages, validation messages and report labels are marked with
:func:`_` (or :func:`ngettext`, or :func:`N_` where a message is defined away
from the call that shows it) and extracted with Babel into
``src/munintl/locale/munintl.pot``; the catalogs in
``locale/<lang>/LC_MESSAGES/munintl.po`` are compiled into the wheel.  The
source strings are English.

One run speaks one language: the one given to :func:`set_language` (the
CLI's ``munintl --lang``), else ``MUNINTL_LANG``, else the usual
``LANGUAGE`` / ``LC_ALL`` / ``LC_MESSAGES`` / ``LANG`` environment
variables.  A language munintl has no catalog for falls back *as a whole*
to :data:`FALLBACK_LANGUAGE` (English), never word by word.

Catalogs for other languages come from a municipality (a ``locale`` folder
beside its ``munintl.toml``, registered with :func:`add_catalog_dir`) or from
a plugin (an entry point in the group ``munintl.locales`` naming a folder, or
a callable returning one).  Such a folder holds
``<lang>/LC_MESSAGES/munintl.po`` (or a compiled ``munintl.mo``) and is
searched before munintl's own catalogs, so it may also change a word of a
language munintl ships.
"""

from __future__ import annotations

import contextlib
import functools
import gettext as _gettext
import io
import os
import re
import struct
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

DOMAIN = "munintl"
LOCALE_DIR = Path(__file__).parent / "locale"
#: The languages munintl ships complete catalogs for (English is the source).
LANGUAGES: tuple[str, ...] = ("da", "en", "de", "sv", "nb", "pl")
#: The language munintl speaks when it has no catalog for the one asked for.
FALLBACK_LANGUAGE = "en"
#: The entry point group through which a plugin adds catalogs.
ENTRY_POINT_GROUP = "munintl.locales"

_current: str | None = None
_extra_dirs: list[Path] = []
#: A primary language subtag (BCP 47): two to eight letters, nothing else.
_LANGUAGE = re.compile(r"[a-z]{2,8}")


def primary(tag: str) -> str:
    """The language of a tag or locale name: ``da_DK.UTF-8`` → ``da``.

    Empty when ``tag`` names no language (``C``, ``/tmp/x``, ``../da``, a
    thousand letters): the result names a folder of catalogs, so nothing
    but two to eight ASCII letters gets through.
    """
    first = tag.split(":", 1)[0].split(".", 1)[0].split("@", 1)[0]
    language = first.replace("_", "-").split("-", 1)[0].lower()
    return language if _LANGUAGE.fullmatch(language) else ""


def clipped(text: str, width: int = 40) -> str:
    """``text`` cut to ``width`` characters (``…`` last), to quote it in a message.

    A value a user gave -- ten thousand letters for a language -- is
    quoted, not repeated in full.
    """
    return text if len(text) <= width else text[: width - 1] + "…"


def _from_environment() -> str:
    for variable in ("MUNINTL_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            language = primary(value)
            if language not in ("c", "posix", ""):
                return language
    return FALLBACK_LANGUAGE


def requested_language() -> str:
    """The language the user asked for, whether munintl has a catalog for it or not."""
    return primary(_current) if _current else _from_environment()


def chosen_language() -> str | None:
    """The language the user chose for munintl itself, if any.

    ``munintl --lang`` or ``MUNINTL_LANG``, as far as munintl can speak it
    (:func:`message_language`); the locale alone is not a choice made for
    munintl, so it gives None.
    """
    chosen = _current or os.environ.get("MUNINTL_LANG")
    return message_language(chosen) if chosen and primary(chosen) else None


def current_language() -> str:
    """The language messages are shown in now (see :func:`message_language`)."""
    return message_language(requested_language())


def message_language(language: str, fallback: str = FALLBACK_LANGUAGE) -> str:
    """``language`` if munintl has a catalog for it, else ``fallback`` as a whole."""
    language = primary(language)
    return language if has_catalog(language) else primary(fallback)


def set_language(language: str | None) -> None:
    """Show messages in ``language`` from now on (None: follow the environment)."""
    global _current  # noqa: PLW0603 - the process-wide message language
    _current = language


def add_catalog_dir(path: str | Path) -> None:
    """Look for catalogs in ``path`` (``<lang>/LC_MESSAGES/munintl.po``) first.

    The folder a municipality keeps beside its ``munintl.toml`` is added by
    the CLI as it reads the configuration.  Adding a folder twice changes
    nothing.  Every catalog in it is read first: one that cannot be read
    raises :class:`~munintl.errors.ConfigError` naming it, and the folder
    is not added (else the error would come from whichever message was
    translated next, the error's own included).
    """
    folder = Path(path)
    if folder in _extra_dirs:
        return
    if folder.is_dir():
        for entry in sorted(folder.iterdir()):
            if primary(entry.name) == entry.name:
                _read_catalog(folder, entry.name)
    _extra_dirs.insert(0, folder)
    _clear()


def remove_catalog_dir(path: str | Path) -> None:
    """Stop looking for catalogs in ``path`` (added by :func:`add_catalog_dir`)."""
    folder = Path(path)
    if folder in _extra_dirs:
        _extra_dirs.remove(folder)
        _clear()


@contextlib.contextmanager
def one_run() -> Iterator[None]:
    """Undo, at the end, the language set and the catalog folders added within.

    A run of the command line chooses its language (``--lang``) and reads
    the catalogs of the portfolio it opens for the rest of the run; the
    next run in the same process (an application or a test calling the
    command line again) starts from the state before, not in the last
    run's language with its portfolio's words.
    """
    language, folders = _current, list(_extra_dirs)
    try:
        yield
    finally:
        set_language(language)
        if _extra_dirs != folders:
            _extra_dirs[:] = folders
            _clear()


def _clear() -> None:
    translations.cache_clear()
    catalog_dirs.cache_clear()
    _has_catalog.cache_clear()


def _plugin_dirs() -> list[Path]:
    from importlib.metadata import entry_points

    found: list[Path] = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        target: object = entry.load()
        if callable(target):
            target = target()
        if isinstance(target, str | Path):
            found.append(Path(target))
    return found


@functools.cache
def catalog_dirs(language: str) -> tuple[Path, ...]:
    """The folders searched for ``language``'s catalog, first match first.

    Plugin folders (entry points) are read only for a language munintl does
    not ship, so that starting the CLI stays fast.
    """
    plugins = [] if language in LANGUAGES else _plugin_dirs()
    return (*_extra_dirs, *plugins, LOCALE_DIR)


def _read_catalog(folder: Path, language: str) -> _gettext.GNUTranslations | None:
    """Read ``munintl.mo`` (or compile ``munintl.po``) in ``folder``.

    A PO file newer than its compiled catalog is read instead.
    """
    messages = folder / language / "LC_MESSAGES"
    compiled, source = messages / f"{DOMAIN}.mo", messages / f"{DOMAIN}.po"
    if compiled.is_file() and not (
        source.is_file() and source.stat().st_mtime > compiled.stat().st_mtime
    ):
        try:
            with compiled.open("rb") as handle:
                return _gettext.GNUTranslations(handle)
        except (OSError, ValueError, LookupError, struct.error) as error:
            # Bad magic number, a truncated table, an undecodable message, a
            # Plural-Forms header gettext refuses.
            from munintl.errors import ConfigError

            raise ConfigError(
                f"{compiled}: not a readable compiled catalog: {error}"
            ) from None
    if not source.is_file():
        return None
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    from munintl.errors import ConfigError

    try:
        with source.open("rb") as handle:
            catalog = read_po(handle, locale=language, abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as error:
        raise ConfigError(f"{source}: not a readable PO catalog: {error}") from None
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def has_catalog(language: str, folders: Iterable[Path] = ()) -> bool:
    """Whether munintl can speak ``language``: English, or a catalog exists for it."""
    language = primary(language)
    if not language:
        return False
    return _in_folders(language, tuple(folders)) or _has_catalog(language)


@functools.cache
def _has_catalog(language: str) -> bool:
    """:func:`has_catalog` for the registered folders (asked on every message)."""
    return language == "en" or _in_folders(language, catalog_dirs(language))


def _in_folders(language: str, folders: tuple[Path, ...]) -> bool:
    for folder in folders:
        messages = folder / language / "LC_MESSAGES"
        if (messages / f"{DOMAIN}.mo").is_file() or (
            messages / f"{DOMAIN}.po"
        ).is_file():
            return True
    return False


class Labels(_gettext.NullTranslations):
    """Words given in the configuration (``[labels.<lang>]``), before the catalogs."""

    def __init__(self, labels: Mapping[str, str]) -> None:
        super().__init__()
        self.labels = dict(labels)

    def gettext(self, message: str) -> str:
        """The configured word for ``message``, else the catalogs'."""
        found = self.labels.get(message)
        if found is not None:
            return found
        return super().gettext(message)


def catalog(
    language: str,
    folders: Iterable[Path] = (),
    labels: Mapping[str, str] | None = None,
) -> _gettext.NullTranslations:
    """The messages for ``language``: ``labels``, then ``folders``, then the others.

    A word missing in one catalog is taken from the next (a municipality's
    catalog may hold only the words it changes); a null catalog (the English
    source) if none has it.
    """
    language = primary(language)
    chain: list[_gettext.NullTranslations] = []
    if labels:
        chain.append(Labels(labels))
    for folder in folders if language else ():
        found = _read_catalog(folder, language)
        if found is not None:
            chain.append(found)
    chain.append(translations(language))
    first = chain[0]
    for later in chain[1:]:
        first.add_fallback(later)
    return first


@functools.cache
def translations(language: str) -> _gettext.NullTranslations:
    """The catalogs for ``language`` (a null catalog if there is none)."""
    language = primary(language)
    if not language:
        return _gettext.NullTranslations()
    found = [
        catalog
        for folder in catalog_dirs(language)
        if (catalog := _read_catalog(folder, language)) is not None
    ]
    if not found:
        return _gettext.NullTranslations()
    for later in found[1:]:
        found[0].add_fallback(later)
    return found[0]


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return translations(current_language()).gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; translate it where it is shown."""
    return message


#: The severities a finding's line names (an error goes unnamed), marked for
#: the catalogs.
SEVERITY_WORDS: dict[str, str] = {"warning": N_("warning"), "info": N_("info")}


def severity_word(severity: str) -> str:
    """Name a finding's ``severity`` in the current language."""
    return _(SEVERITY_WORDS.get(severity, severity))


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message with a singular and plural form."""
    return translations(current_language()).ngettext(singular, plural, count)


def gettext_for(language: str, message: str) -> str:
    """Translate ``message`` into ``language`` regardless of the current one."""
    return translations(language).gettext(message)


def ngettext_for(language: str, singular: str, plural: str, count: int) -> str:
    """Translate a message with plural forms into ``language`` for ``count``."""
    return translations(language).ngettext(singular, plural, count)


def click_gettext(message: str) -> str:
    """Translate one of click's own messages (``Usage:``) into the current language."""
    return _(message)


def click_ngettext(singular: str, plural: str, count: int) -> str:
    """Translate one of click's messages with plural forms."""
    return ngettext(singular, plural, count)


def install_click_translations(
    modules: Iterable[str] = (
        "click.core",
        "click.exceptions",
        "click.formatting",
        "click.parser",
        "click.termui",
        "click.types",
        "click.utils",
        "click.shell_completion",
    ),
) -> None:
    """Make click speak the current language, from munintl's catalogs.

    Click marks its texts with ``gettext`` under its default domain and
    binds ``_`` and ``ngettext`` in each of its modules; they are replaced by
    munintl's, which find click's words ("Usage:", "Options") in munintl's
    catalogs (``munintl.cli._click_words`` marks them for extraction).
    ``click.decorators`` is left alone: the help texts it gives options
    are stored when a command is built and must stay English (the source
    text) for the help formatter to translate them as they are shown.
    """
    import importlib

    replacements: dict[str, Callable[..., str]] = {
        "_": click_gettext,
        "ngettext": click_ngettext,
    }
    for name in modules:
        module = importlib.import_module(name)
        for attribute, replacement in replacements.items():
            if attribute in vars(module):
                setattr(module, attribute, replacement)
