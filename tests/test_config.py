"""munintl.toml: defaults, fallbacks, plugin tables checked by settings classes."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import munintl
from munintl.config import Config, load_config
from munintl.errors import ValidationError
from munintl.hooks import StorageBackend

ROOT = Path(__file__).resolve().parents[1]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_gives_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == Config()
    assert config.fallback_for("en") == ()


def test_example_config_gives_languages_and_fallbacks() -> None:
    config = load_config(ROOT / "examples" / "skanderborg")
    assert config.languages == ("da", "en", "de")
    assert config.fallback_for("de") == ("en", "da")
    assert config.path == ROOT / "examples" / "skanderborg" / "munintl.toml"


def test_config_beside_a_file_location_is_found(tmp_path: Path) -> None:
    write(tmp_path / "munintl.toml", 'languages = ["da"]\n')
    assert load_config(tmp_path / "portfolio.json").languages == ("da",)


def test_pyproject_tool_table_is_read(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.munintl]\nlanguages = ["de"]\n'
        '[tool.munintl.fallback]\nde = ["da"]\n',
    )
    config = load_config(tmp_path)
    assert config.languages == ("de",)
    assert config.fallback_for("de") == ("da",)


def test_unknown_key_names_file_line_and_suggests(tmp_path: Path) -> None:
    path = write(tmp_path / "munintl.toml", 'languages = ["da"]\nfalback = {}\n')
    with pytest.raises(ValidationError) as raised:
        load_config(tmp_path)
    (finding,) = raised.value.findings
    assert finding.file == str(path)
    assert finding.line == 2
    assert "did you mean 'fallback'?" in finding.message


def test_path_is_not_a_setting(tmp_path: Path) -> None:
    write(tmp_path / "munintl.toml", 'path = "/etc"\n')
    with pytest.raises(ValidationError, match="unknown key 'path'"):
        load_config(tmp_path)


def test_toml_syntax_error_gives_line(tmp_path: Path) -> None:
    write(tmp_path / "munintl.toml", 'languages = ["da"]\n[fallback\n')
    with pytest.raises(ValidationError) as raised:
        load_config(tmp_path)
    assert raised.value.findings[0].line == 2
    assert raised.value.findings[0].code == "syntax"


def test_wrong_type_in_languages(tmp_path: Path) -> None:
    write(tmp_path / "munintl.toml", 'languages = "da"\n')
    with pytest.raises(ValidationError, match="expected a list"):
        load_config(tmp_path)


@attrs.frozen(kw_only=True)
class ShelfSettings:
    shelves: int = 1


def test_plugin_table_is_structured_by_its_settings_class(
    tmp_path: Path, register_plugin: object
) -> None:
    seen: list[object] = []

    class ShelfPlugin:
        @munintl.hookimpl
        def munintl_storage_backends(self) -> list[StorageBackend]:
            return [
                StorageBackend(
                    name="shelf",
                    schemes=("shelf",),
                    settings=ShelfSettings,
                    factory=lambda location, settings: seen.append(settings),  # type: ignore[arg-type,return-value,func-returns-value]
                )
            ]

    register_plugin(ShelfPlugin())  # type: ignore[operator]
    config = Config(plugins={"shelf": {"shelves": 3}})
    manager = munintl.get_plugin_manager()
    config.check_plugins(manager)
    from munintl.storage import open_store

    open_store("shelf://x", config=config, manager=manager)
    assert seen == [ShelfSettings(shelves=3)]


def test_plugin_table_with_wrong_key_names_line(tmp_path: Path) -> None:
    write(
        tmp_path / "munintl.toml", 'languages = ["da"]\n\n[plugins.yaml]\nwidht = 100\n'
    )
    config = load_config(tmp_path)
    with pytest.raises(ValidationError) as raised:
        config.check_plugins(munintl.get_plugin_manager())
    (finding,) = raised.value.findings
    assert finding.path == "plugins.yaml.widht"
    assert finding.line == 4
    assert "did you mean 'width'?" in finding.message


def test_table_for_unknown_plugin_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "munintl.toml", "[plugins.mongodb]\nhost = 'x'\n")
    config = load_config(tmp_path)
    with pytest.raises(ValidationError) as raised:
        config.check_plugins(munintl.get_plugin_manager())
    (finding,) = raised.value.findings
    assert finding.code == "unknown-plugin"
    assert finding.line == 1
    assert "'mongodb'" in finding.message
