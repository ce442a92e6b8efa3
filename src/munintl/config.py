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

    [plugins.yaml]                     # one table per plugin, checked by
    width = 100                        # that plugin's settings class

Secrets never go in the file: a plugin's settings name the environment
variable to read them from.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from munintl.errors import ConfigError, Finding, ValidationError

CONFIG_NAME = "munintl.toml"


def _tuple_map(value: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(items) for key, items in value.items()}


@attrs.frozen(kw_only=True)
class ReportSettings:
    """Defaults for ``munintl report``."""

    formats: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple)
    kind: str | None = None


@attrs.frozen(kw_only=True)
class Config:
    """The settings of one portfolio; every field has a sensible default."""

    languages: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple)
    fallback: dict[str, tuple[str, ...]] = attrs.field(
        factory=dict, converter=_tuple_map, hash=False
    )
    report: ReportSettings = attrs.field(factory=ReportSettings)
    templates: dict[str, str] = attrs.field(factory=dict, hash=False)
    plugins: dict[str, dict[str, Any]] = attrs.field(factory=dict, hash=False)
    path: Path | None = attrs.field(default=None, eq=False)

    def fallback_for(self, language: str) -> tuple[str, ...]:
        """The languages to try, in order, when a text lacks ``language``."""
        return self.fallback.get(language, ())

    def plugin_settings(self, name: str, settings_class: type | None) -> Any:
        """Structure the ``[plugins.<name>]`` table into ``settings_class``.

        Returns None when the plugin has no settings class.  Raises
        :class:`~munintl.errors.ValidationError` naming the file and line of
        each problem.
        """
        if settings_class is None:
            return None
        from munintl.wire.convert import converter, problems

        table = self.plugins.get(name, {})
        try:
            return converter.structure(table, settings_class)
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


def _find_line(path: Path, keys: tuple[str | int, ...]) -> int | None:  # noqa: PLR0911 - one return per way a key is found
    """Find the line of a key in a TOML file (tomllib keeps no positions)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    names = [k for k in keys if isinstance(k, str)]
    if not names:
        return None
    prefix = ["tool", "munintl"] if path.name == "pyproject.toml" else []
    # Longest table header that is a prefix of the key path, then the key.
    for split in range(len(names), 0, -1):
        header = ".".join([*prefix, *names[:split]])
        pattern = re.compile(rf"^\s*\[\s*{re.escape(header)}\s*\]")
        for number, line in enumerate(lines, start=1):
            if pattern.match(line):
                rest = names[split:]
                if not rest:
                    return number
                key = re.compile(rf"^\s*{re.escape(str(rest[0]))}\s*=")
                for offset, following in enumerate(lines[number:], start=number + 1):
                    if following.lstrip().startswith("["):
                        break
                    if key.match(following):
                        return offset
                return number
    key = re.compile(rf"^\s*{re.escape(names[0])}\s*=")
    for number, line in enumerate(lines, start=1):
        if key.match(line):
            return number
    return None


def load_config(location: str | Path | None) -> Config:
    """Read the configuration for a portfolio location.

    Looks for ``munintl.toml`` in the location (a directory) or beside it (a
    file), then for ``[tool.munintl]`` in a ``pyproject.toml`` there.  No file
    gives the defaults.  Raises :class:`~munintl.errors.ValidationError` for
    unknown keys or wrong types, naming the file and line.
    """
    if location is None:
        return Config()
    base = Path(location)
    folder = base if base.is_dir() else base.parent
    candidate = folder / CONFIG_NAME
    pyproject = folder / "pyproject.toml"
    if candidate.is_file():
        return _read(candidate, ())
    if pyproject.is_file():
        return _read(pyproject, ("tool", "munintl"))
    return Config()


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
        data: Any = tomllib.loads(path.read_text(encoding="utf-8"))
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
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    for key in section:
        data = data.get(key, {})
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
    return attrs.evolve(config, path=path)
