"""The ``munintl.toml`` configuration a municipality sets once.

It sits beside the portfolio (``<store>/munintl.toml``), or in a
``pyproject.toml`` under ``[tool.munintl]``::

    languages = ["da", "en", "de"]     # languages reports are made in

    [fallback]                         # where a text is missing, try these
    en = ["da"]
    de = ["en", "da"]

    [report]
    formats = ["docx", "pdf"]

    [templates]
    html = "templates/followup.html"

    [translation]
    glossary = "glossary.yaml"         # the terminology file
    note_machine = true                # reports name unreviewed machine texts
    engine = "deepl"                   # translate machine's default translator

    [plugins.yaml]                     # one table per plugin, checked by
    width = 100                        # that plugin's settings class

    label_fallback = "en"              # munintl's words where it has no catalog
    [labels.da]                        # the portfolio's own words for labels
    "Partnerships" = "Venskabsbyer og partnerskaber"

A ``locale`` folder beside the file may hold catalogs of munintl's words
for languages munintl does not ship (``locale/kl/LC_MESSAGES/munintl.po``);
see :attr:`Config.catalog_folders`.

Secrets never go in the file: a plugin's settings name the environment
variable to read them from.

A portfolio may come from someone else, so the paths its configuration names
-- ``[templates]`` and the plugin settings marked with :data:`PATH_SETTING`
(a template, a reference document, font folders) -- are relative to the
folder that holds the file and must stay inside it: no absolute path, no
``..``, no link that leads out.  Paths a user gives in a call or on the
command line are not limited.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import MappingProxyType
from typing import Any

import attrs

from munintl.errors import ConfigError, Finding, ValidationError
from munintl.i18n import _, clipped
from munintl.wire.limits import not_utf8, unreadable

CONFIG_NAME = "munintl.toml"

#: Give a plugin settings field ``metadata=PATH_SETTING`` when it names a
#: file or folder (or a list of them): read from a ``munintl.toml``, the
#: path is taken relative to that file and must stay inside its folder.
PATH_SETTING: Mapping[str, Any] = MappingProxyType({"munintl-path": True})

#: The most entries of a configured folder checked for links leading out.
MAX_FOLDER_ENTRIES = 10_000


def _tuple_map(value: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(items) for key, items in value.items()}


#: The largest catalog (PO or MO file) read from a portfolio's folder.
CATALOG_LIMIT = 16 << 20

#: The locale of a report language not set under ``[report] locales``: one
#: English date style throughout, as European municipalities write it.
DEFAULT_LOCALES: dict[str, str] = {"en": "en-GB"}


@attrs.frozen(kw_only=True)
class ReportSettings:
    """Defaults for ``munintl report``.

    ``locales`` maps a report language to the locale its dates and numbers
    are written in (``{en = "en-US"}``); a language not listed uses
    :data:`DEFAULT_LOCALES` (English as in the United Kingdom, as European
    municipalities write it), else itself.
    """

    formats: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple)
    kind: str | None = None
    locales: dict[str, str] = attrs.field(factory=dict, hash=False)

    def locale_for(self, language: str) -> str:
        """The locale a report in ``language`` is written in (``en`` → ``en-GB``).

        A language given with its region (``en-US``) is taken as it is.
        """
        if "-" in language or "_" in language:
            return language
        return self.locales.get(language) or DEFAULT_LOCALES.get(language, language)


@attrs.frozen(kw_only=True)
class TranslationSettings:
    """Settings for translating the portfolio's texts (``[translation]``).

    ``glossary`` is the terminology file, relative to the configuration's
    folder; ``note_machine`` makes reports say which texts are machine
    translations not yet reviewed by a person; ``engine`` is the translator
    ``munintl translate machine`` uses without ``--engine`` (its settings
    are under ``[plugins.<engine>]``).
    """

    glossary: str = "glossary.yaml"
    note_machine: bool = True
    engine: str | None = None


@attrs.frozen(kw_only=True)
class Config:
    """The settings of one portfolio; every field has a sensible default."""

    languages: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple)
    fallback: dict[str, tuple[str, ...]] = attrs.field(
        factory=dict, converter=_tuple_map, hash=False
    )
    report: ReportSettings = attrs.field(factory=ReportSettings)
    translation: TranslationSettings = attrs.field(factory=TranslationSettings)
    templates: dict[str, str] = attrs.field(factory=dict, hash=False)
    plugins: dict[str, dict[str, Any]] = attrs.field(factory=dict, hash=False)
    labels: dict[str, dict[str, str]] = attrs.field(factory=dict, hash=False)
    label_fallback: str = "en"
    path: Path | None = attrs.field(default=None, eq=False)

    def fallback_for(self, language: str) -> tuple[str, ...]:
        """The languages to try, in order, when a text lacks ``language``."""
        return self.fallback.get(language, ())

    @property
    def catalog_folders(self) -> tuple[Path, ...]:
        """The portfolio's own catalogs: the ``locale`` folder beside the file.

        The folder is untrusted input: a catalog (or the folder) that is a
        link out of the portfolio's folder, not a regular file, or larger
        than :data:`CATALOG_LIMIT` raises :class:`~munintl.errors.ConfigError`
        naming it, before anything of it is read.
        """
        folder = self.folder
        if folder is None or not (folder / "locale").is_dir():
            return ()
        locale = folder / "locale"
        root = folder.resolve()
        for path in (locale, *locale.glob("*/LC_MESSAGES/munintl.[mp]o")):
            inside = path.resolve().is_relative_to(root)
            regular = path.is_dir() if path == locale else path.is_file()
            if not (inside and regular) or (
                path != locale and path.stat().st_size > CATALOG_LIMIT
            ):
                raise ConfigError(
                    _(
                        "{path}: a catalog is read only as a file of at most"
                        " {megabytes} MB inside the portfolio's folder; copy it in"
                    ).format(path=path, megabytes=CATALOG_LIMIT >> 20)
                )
        return (locale,)

    @property
    def folder(self) -> Path | None:
        """The folder of the file the settings were read from (None if made in code)."""
        return self.path.parent if self.path is not None else None

    def resolve_path(
        self, keys: tuple[str | int, ...], value: str, *, file: bool = False
    ) -> str:
        """Return the path ``value``, set at ``keys`` in the file, made absolute.

        A relative path is taken from the folder holding the file.  Raises
        :class:`~munintl.errors.ValidationError`, naming the file, line and
        key, for an absolute path, a ``..`` or a link that leads out of the
        folder, a path where nothing is, a name the system cannot look up
        (too long, say), or -- with ``file`` -- anything but a regular file,
        when the settings were read from a file; settings made in code may
        name any path.
        """
        folder = self.folder
        if folder is None:
            return value
        try:
            problem = _outside(folder, value)
            resolved = (folder / value).resolve()
            exists = resolved.exists()
            regular = resolved.is_file()
        except (OSError, ValueError) as error:
            # A name longer than the system takes, or one holding U+0000.
            reason = getattr(error, "strerror", None) or str(error)
            message = _("{value!r} cannot be looked up: {reason}").format(
                value=clipped(value, 80), reason=reason
            )
            raise ValidationError(
                [self._finding("unreadable-path", message, keys)]
            ) from None
        if problem is not None:
            raise ValidationError([self._finding("outside-folder", problem, keys)])
        if not exists:
            message = _(
                "{value!r} does not exist in {folder}; correct the path, put the"
                " file or folder there, or remove the setting"
            ).format(value=clipped(value, 80), folder=folder)
            raise ValidationError([self._finding("missing-path", message, keys)])
        if file and not regular:
            message = _(
                "{value!r} is not a file (a folder, a pipe or a device); name the"
                " file itself"
            ).format(value=clipped(value, 80))
            raise ValidationError([self._finding("not-a-file", message, keys)])
        return str(resolved)

    def plugin_table(
        self,
        name: str,
        settings_class: type | None,
        *,
        paths: Iterable[str] = (),
        files: Iterable[str] = (),
    ) -> dict[str, Any]:
        """Return a copy of ``[plugins.<name>]`` with its paths resolved.

        The fields of ``settings_class`` marked :data:`PATH_SETTING`, and those
        named in ``paths`` or ``files`` (which must name a regular file, as a
        template does), go through :meth:`resolve_path` (strings, and lists
        of strings); other values are left for the settings class to check.
        Every path problem is reported at once.
        """
        table: dict[str, Any] = dict(self.plugins.get(name, {}))
        files = set(files)
        fields = set(paths) | files
        if settings_class is not None and attrs.has(settings_class):
            fields |= {
                field.name
                for field in attrs.fields(settings_class)
                if field.metadata.get("munintl-path")
            }
        findings: list[Finding] = []
        for field in sorted(fields & table.keys()):
            value = table[field]
            keys: tuple[str | int, ...] = ("plugins", name, field)
            try:
                if isinstance(value, str):
                    table[field] = self.resolve_path(keys, value, file=field in files)
                elif isinstance(value, list | tuple) and all(
                    isinstance(item, str) for item in value
                ):
                    resolved = []
                    for index, item in enumerate(value):
                        try:
                            resolved.append(self.resolve_path((*keys, index), item))
                        except ValidationError as error:
                            findings += error.findings
                    table[field] = resolved
            except ValidationError as error:
                findings += error.findings
        if findings:
            raise ValidationError(findings)
        return table

    def plugin_settings(
        self,
        name: str,
        settings_class: type | None,
        *,
        table: Mapping[str, Any] | None = None,
    ) -> Any:
        """Structure the ``[plugins.<name>]`` table into ``settings_class``.

        Paths in the table are resolved first (:meth:`plugin_table`); pass
        ``table`` to structure that table instead (already resolved, with
        what a caller added).  Returns None when the plugin has no settings
        class.  Raises :class:`~munintl.errors.ValidationError` naming the
        file and line of each problem.
        """
        if settings_class is None:
            return None
        from munintl.wire.convert import converter, problems

        if table is None:
            table = self.plugin_table(name, settings_class)
        try:
            return converter.structure(dict(table), settings_class)
        except Exception as error:  # noqa: BLE001 - every problem becomes a finding
            findings = [
                self._finding(code, message, ("plugins", name, *path))
                for path, code, message in problems(error)
            ]
            raise ValidationError(findings) from None

    def check_plugins(self, manager: Any) -> None:
        """Check every ``[plugins.<name>]`` table against ``manager``'s plugins.

        The same as ``manager.check_config(config)``
        (:meth:`munintl.hooks.manager.MunintlPluginManager.check_config`).
        """
        manager.check_config(self)

    def unknown_plugin(self, name: str, known: Iterable[str]) -> Finding:
        """The finding for a ``[plugins.<name>]`` table no plugin answers to."""
        return self._finding(
            "unknown-plugin",
            f"no installed plugin is named {name!r}; installed: "
            + ", ".join(sorted(known)),
            ("plugins", name),
        )

    def template_problems(self, formats: Mapping[str, type | None]) -> list[Finding]:
        """Findings for ``[templates]`` entries no report format can use.

        ``formats`` maps each installed format's name to its settings class;
        a format takes a template when that class has a ``template`` field.
        """
        takes = sorted(
            name
            for name, settings in formats.items()
            if settings is not None
            and attrs.has(settings)
            and "template" in attrs.fields_dict(settings)
        )
        found: list[Finding] = []
        for name in self.templates:
            if name in takes:
                continue
            if name in formats:
                code, message = (
                    "takes-no-template",
                    _(
                        "the {name} format takes no template; remove this line (formats"
                        " that take one: {takes})"
                    ),
                )
            else:
                code, message = (
                    "unknown-format",
                    _(
                        "no installed report format is named {name!r}; formats"
                        " that take a template: {takes}"
                    ),
                )
            text = message.format(name=name, takes=", ".join(takes))
            found.append(self._finding(code, text, ("templates", name)))
        return found

    def finding_at(self, keys: tuple[str | int, ...], finding: Finding) -> Finding:
        """``finding`` moved to the line and key ``keys`` name in the file."""
        return self._finding(finding.code, finding.message, keys)

    def _finding(self, code: str, message: str, path: tuple[str | int, ...]) -> Finding:
        from munintl.wire.paths import format_path

        line = _find_line(self.path, path) if self.path else None
        return Finding(
            code=code,
            message=message,
            path=format_path(path),
            file=str(self.path) if self.path else None,
            line=line,
        )


def _outside(folder: Path, value: str) -> str | None:  # noqa: PLR0911 - one return per way out
    """Say why ``value`` (a path from the file in ``folder``) is not inside it."""
    quoted = repr(clipped(value, 80))
    if not value.strip():
        return "give a path to a file in the portfolio's folder, not an empty text"
    if (
        PurePosixPath(value).is_absolute()
        or PureWindowsPath(value).anchor
        or value.startswith("~")
    ):
        return (
            f"{quoted} is an absolute path; name a file inside {folder} relative"
            " to the configuration file (a path given on the command line may"
            " point anywhere)"
        )
    if ".." in PurePosixPath(value.replace("\\", "/")).parts:
        return (
            f"{quoted} leads out of {folder} (..); keep the file inside the"
            " portfolio's folder"
        )
    root = folder.resolve()
    try:
        real = (folder / value).resolve()
    except (OSError, RuntimeError):  # a loop of links
        return f"{quoted} is a loop of links"
    if not real.is_relative_to(root):
        return (
            f"{quoted} leads out of {folder} through a link (to {real}); copy the"
            " file into the portfolio's folder"
        )
    if real.is_dir():
        return _link_out_of(root, real)
    return None


def _link_out_of(root: Path, directory: Path) -> str | None:
    """Find a link in ``directory`` (and below) that leads out of ``root``."""
    seen = 0
    for current, directories, files in os.walk(directory):
        for entry in [*directories, *files]:
            seen += 1
            if seen > MAX_FOLDER_ENTRIES:
                return (
                    f"{directory} holds more than {MAX_FOLDER_ENTRIES} entries; name a"
                    " smaller folder"
                )
            path = Path(current, entry)
            if path.is_symlink():
                try:
                    real = path.resolve()
                except (OSError, RuntimeError):
                    return f"{path} is a loop of links"
                if not real.is_relative_to(root):
                    return (
                        f"{path} leads out of {root} through a link (to {real}); copy"
                        " the file into the portfolio's folder"
                    )
    return None


def _key_pattern(parts: Sequence[str]) -> str:
    """A regular expression for the dotted key ``parts``, bare or quoted."""
    return r"\s*\.\s*".join(
        rf"""(?:{re.escape(part)}|"{re.escape(part)}"|'{re.escape(part)}')"""
        for part in parts
    )


def _find_line(path: Path, keys: tuple[str | int, ...]) -> int | None:  # noqa: PLR0911 - one return per way a key is found
    """Find the line of a key in a TOML file (tomllib keeps no positions).

    The key's own line where it is set (bare, quoted or dotted, in its
    table or a parent's); else the header of the deepest table that holds
    it; else the first line setting its first part.
    """
    try:
        lines = path.read_text(encoding="utf-8").split("\n")  # as TOML counts lines
    except OSError:
        return None
    names = [k for k in keys if isinstance(k, str)]
    if not names:
        return None
    prefix = ["tool", "munintl"] if path.name == "pyproject.toml" else []
    # Longest table that is a prefix of the key path (the file's top level
    # last), then the longest dotted key in that table.
    for split in range(len(names), -1, -1):
        table = [*prefix, *names[:split]]
        if table:
            header = re.compile(rf"^\s*\[\s*{_key_pattern(table)}\s*\]")
            starts = [n for n, line in enumerate(lines, start=1) if header.match(line)]
        else:
            starts = [0]
        rest = names[split:]
        for start in starts:
            if not rest:
                return start
            found = _key_in_table(lines, start, rest)
            if found is not None:
                return found
        if starts and starts[0]:
            return starts[0]
    key = re.compile(rf"^\s*{_key_pattern(names[:1])}\s*[=.]")
    for number, line in enumerate(lines, start=1):
        if key.match(line):
            return number
    return None


def _key_in_table(lines: Sequence[str], start: int, rest: Sequence[str]) -> int | None:
    """The line after ``start`` (a header, or 0) setting most of ``rest``."""
    body: list[tuple[int, str]] = []
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.lstrip().startswith("["):
            break
        body.append((number, line))
    for size in range(len(rest), 0, -1):
        key = re.compile(rf"^\s*{_key_pattern(rest[:size])}\s*[=.]")
        for number, line in body:
            if key.match(line):
                return number
    return None


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")


def is_uri(location: str) -> bool:
    """Tell whether ``location`` is a URI (``sqlite:///x.db``), not a path.

    A one-letter scheme is a Windows drive (``C://x``), not a URI.
    """
    scheme = _SCHEME.match(location)
    return bool(scheme and len(scheme.group(1)) > 1)


def _inside(path: Path, folder: Path) -> bool:
    """Tell whether ``path``, links followed, lies in ``folder`` (a loop does not)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop: said as a link that leads nowhere
        return True


def load_config(location: str | Path | None) -> Config:
    """Read the configuration for a portfolio location.

    Looks for ``munintl.toml`` in the location (a directory) or beside it (a
    file), then for ``[tool.munintl]`` in a ``pyproject.toml`` there.  A URI
    (a database: ``sqlite:///portal.db#aarhus``) has no folder of its own:
    its settings are read in the current directory.  No file gives the
    defaults.  Raises :class:`~munintl.errors.ValidationError` for unknown
    keys or wrong types, naming the file and line.
    """
    if location is None:
        return Config()
    base = Path.cwd() if is_uri(str(location)) else Path(location)
    folder = base if base.is_dir() else base.parent
    candidate = folder / CONFIG_NAME
    pyproject = folder / "pyproject.toml"
    for settings in (candidate, pyproject):
        # A folder (or a pipe) by that name is a mistake to say, not to pass
        # over: its settings would silently be the defaults.
        if settings.is_symlink() and not settings.exists():
            raise ConfigError(
                _(
                    "{path}: this symbolic link leads to no file (its target is"
                    " missing, or it leads round in a circle), so the settings"
                    " cannot be read; point it at the settings file or remove it"
                ).format(path=settings)
            )
        if settings.is_symlink() and not _inside(settings, folder):
            raise ConfigError(
                _(
                    "{path}: this symbolic link leads outside {folder}, and a"
                    " folder's settings are read only from inside it; copy the"
                    " settings file in instead"
                ).format(path=settings, folder=folder)
            )
        if settings.exists() and not settings.is_file():
            raise ConfigError(
                _(
                    "{path}: the settings are read from a file, and this is not"
                    " one (a folder, a pipe or a device); make it a file or remove it"
                ).format(path=settings)
            )
    if candidate.is_file():
        return _read(candidate, ())
    if pyproject.is_file():
        return _read(pyproject, ("tool", "munintl"))
    return Config()


def _assignment_line(path: Path, keys: tuple[str, ...]) -> int | None:
    """Find the line that sets ``keys`` to a plain value (``tool = "x"``).

    The key may be written dotted from the top or, under a table header,
    as its last part alone.
    """
    try:
        lines = path.read_text(encoding="utf-8").split("\n")  # as TOML counts lines
    except (OSError, UnicodeDecodeError):
        return None
    patterns = [
        re.compile(rf"^\s*{re.escape('.'.join(keys[start:]))}\s*=")
        for start in range(len(keys))
    ]
    for number, line in enumerate(lines, start=1):
        if any(pattern.match(line) for pattern in patterns):
            return number
    return None


def _language_problems(config: Config) -> list[Finding]:
    """Findings for every setting that should name a language but does not.

    Report languages end up in file names and locale look-ups, so
    ``languages = ["../../x"]`` is refused here, at its line, not when a
    report is made.
    """
    from munintl.wire.convert import LANGUAGE_TAG

    places: list[tuple[tuple[str | int, ...], object]] = [
        (("languages", index), tag) for index, tag in enumerate(config.languages)
    ]
    for key, tags in config.fallback.items():
        places.append((("fallback", key), key))
        places += [(("fallback", key, index), tag) for index, tag in enumerate(tags)]
    places.append((("label_fallback",), config.label_fallback))
    places += [(("labels", key), key) for key in config.labels]
    places += [(("report", "locales", key), key) for key in config.report.locales]
    found: list[Finding] = []
    for keys, tag in places:
        if not isinstance(tag, str) or not LANGUAGE_TAG.fullmatch(tag):
            message = _(
                "{tag!r} is not a language tag; use BCP 47 tags such as da, en, de"
            ).format(tag=clipped(str(tag), 80))
            found.append(config._finding("invalid-value", message, keys))
    for key, locale in config.report.locales.items():
        if not _LOCALE.fullmatch(locale):
            message = _(
                "{locale!r} is not a locale; write a language and a region such as"
                " en-US or de-AT"
            ).format(locale=clipped(locale, 80))
            found.append(
                config._finding("invalid-value", message, ("report", "locales", key))
            )
    return found


#: A locale a report's dates and numbers are written in: en, en-US, de_AT.
_LOCALE = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*")


def _structure_config(data: Any) -> Config:
    from cattrs.gen import make_dict_structure_fn, override

    from munintl.wire.convert import converter

    structure_fn = make_dict_structure_fn(
        Config, converter, path=override(omit=True), _cattrs_forbid_extra_keys=True
    )
    return structure_fn(data, Config)


def _read(path: Path, section: tuple[str, ...]) -> Config:
    from munintl.wire.convert import problems

    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8").removeprefix("\ufeff")
        data: Any = tomllib.loads(text)
    except UnicodeDecodeError as error:
        # Saved as Latin-1 or Windows-1252: æøå are not UTF-8 bytes.
        where = not_utf8(raw, error)
        raise ValidationError(
            [
                Finding(
                    code="not-utf8",
                    message=where.message,
                    file=str(path),
                    line=where.line,
                    column=where.column,
                )
            ]
        ) from None
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise ValidationError(
            [
                Finding(
                    code="syntax",
                    message=f"not valid TOML: {error}",
                    file=str(path),
                    line=int(line.group(1)) if line else None,
                )
            ]
        ) from None
    except (RecursionError, ValueError) as error:
        # Nesting deeper than the stack, or a number longer than Python reads.
        message, at_line, column = unreadable(text, error, toml=True)
        raise ValidationError(
            [
                Finding(
                    code="syntax",
                    message=message,
                    file=str(path),
                    line=at_line,
                    column=column,
                )
            ]
        ) from None
    except OSError as error:
        raise ConfigError(
            _("{location}: cannot read: {error}").format(location=path, error=error)
        ) from None
    for depth, key in enumerate(section, start=1):
        data = data.get(key, {})
        if not isinstance(data, dict):
            header = ".".join(section[:depth])
            raise ValidationError(
                [
                    Finding(
                        code="invalid-value",
                        message=f"{header} must be a table of settings ([{header}]),"
                        f" not {type(data).__name__} {data!r:.40}; make it a table"
                        " or remove it",
                        path=header,
                        file=str(path),
                        line=_assignment_line(path, section[:depth]),
                    )
                ]
            )
    try:
        config = _structure_config(data)
    except Exception as error:  # noqa: BLE001 - every problem becomes a finding
        empty = Config(path=path)
        raise ValidationError(
            [
                empty._finding(code, message, path_)
                for path_, code, message in problems(error)
            ]
        ) from None
    config = attrs.evolve(config, path=path)
    findings = _language_problems(config)
    for format_name, value in config.templates.items():
        try:
            config.resolve_path(("templates", format_name), value, file=True)
        except ValidationError as error:
            findings += error.findings
    if findings:
        raise ValidationError(findings)
    return config
