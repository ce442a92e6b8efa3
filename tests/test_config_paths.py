"""Paths in a portfolio's munintl.toml stay inside the portfolio's folder."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import attrs
import pytest

from munintl.config import PATH_SETTING, Config, load_config
from munintl.errors import ValidationError

needs_symlinks = pytest.mark.skipif(
    sys.platform == "win32", reason="symlinks need privileges on Windows"
)


@attrs.frozen(kw_only=True)
class FontSettings:
    """A plugin's settings with a file and a list of folders."""

    template: str | None = attrs.field(default=None, metadata=PATH_SETTING)
    folders: tuple[str, ...] = attrs.field(
        factory=tuple, converter=tuple, metadata=PATH_SETTING
    )
    name: str = "x"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A portfolio folder, with a secret beside it."""
    write(tmp_path / "secret.txt", "TOP SECRET")
    inside = tmp_path / "portfolio"
    write(inside / "templates" / "letter.md.j2", "ok")
    (inside / "fonts").mkdir()
    return inside


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("/etc/passwd", "is an absolute path"),
        ("C:/Windows/win.ini", "is an absolute path"),
        ("\\\\server\\share\\x.j2", "is an absolute path"),
        ("../secret.txt", r"leads out of .* \(\.\.\)"),
        ("templates/../../secret.txt", r"leads out of .* \(\.\.\)"),
        ("templates\\..\\..\\secret.txt", r"leads out of .* \(\.\.\)"),
        ("", "not an empty text"),
    ],
)
def test_template_path_leaving_the_folder_is_a_finding(
    folder: Path, value: str, reason: str
) -> None:
    config_file = write(
        folder / "munintl.toml",
        f'languages = ["da"]\n\n[templates]\nmarkdown = "{value}"\n'.replace(
            "\\", "\\\\"
        ),
    )
    with pytest.raises(ValidationError) as caught:
        load_config(folder)
    (finding,) = caught.value.findings
    assert finding.file == str(config_file)
    assert finding.line == 4
    assert finding.path == "templates.markdown"
    assert finding.code == "outside-folder"
    assert re.search(reason, finding.message), finding.message


@needs_symlinks
def test_template_linked_out_of_the_folder_is_a_finding(folder: Path) -> None:
    (folder / "templates" / "evil.md.j2").symlink_to(folder.parent / "secret.txt")
    write(folder / "munintl.toml", '[templates]\nhtml = "templates/evil.md.j2"\n')
    with pytest.raises(ValidationError, match=r"through a link") as caught:
        load_config(folder)
    assert caught.value.findings[0].line == 2


@needs_symlinks
def test_folder_of_a_linked_portfolio_is_its_real_folder(tmp_path: Path) -> None:
    real = tmp_path / "real"
    write(real / "t.j2", "ok")
    write(real / "munintl.toml", '[templates]\nmarkdown = "t.j2"\n')
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    config = load_config(tmp_path / "link")
    assert config.resolve_path(("templates", "markdown"), "t.j2") == str(
        (real / "t.j2").resolve()
    )


def test_paths_inside_the_folder_are_made_absolute(folder: Path) -> None:
    write(folder / "munintl.toml", '[templates]\nmarkdown = "templates/letter.md.j2"\n')
    config = load_config(folder)
    assert config.resolve_path(
        ("templates", "markdown"), "templates/letter.md.j2"
    ) == str((folder / "templates" / "letter.md.j2").resolve())


def test_plugin_path_fields_are_resolved_and_checked(folder: Path) -> None:
    config_file = write(
        folder / "munintl.toml",
        "[plugins.fonts]\n"
        'template = "templates/letter.md.j2"\n'
        'folders = ["fonts", "/usr/share/fonts", "../"]\n'
        'name = "/not/a/path"\n',
    )
    config = load_config(folder)
    with pytest.raises(ValidationError) as caught:
        config.plugin_settings("fonts", FontSettings)
    found = caught.value.findings
    assert [(f.path, f.line, f.file) for f in found] == [
        ("plugins.fonts.folders[1]", 3, str(config_file)),
        ("plugins.fonts.folders[2]", 3, str(config_file)),
    ]
    write(folder / "munintl.toml", '[plugins.fonts]\nfolders = ["fonts"]\n')
    settings = load_config(folder).plugin_settings("fonts", FontSettings)
    assert settings.folders == (str((folder / "fonts").resolve()),)


@needs_symlinks
def test_font_folder_holding_a_link_out_is_a_finding(folder: Path) -> None:
    (folder / "fonts" / "house.ttf").symlink_to(folder.parent / "secret.txt")
    write(folder / "munintl.toml", '[plugins.fonts]\nfolders = ["fonts"]\n')
    with pytest.raises(ValidationError, match=r"house\.ttf leads out of"):
        load_config(folder).plugin_settings("fonts", FontSettings)


def test_settings_made_in_code_may_name_any_path(tmp_path: Path) -> None:
    config = Config(plugins={"fonts": {"folders": ["/usr/share/fonts"]}})
    assert config.plugin_settings("fonts", FontSettings).folders == (
        "/usr/share/fonts",
    )
    assert config.resolve_path(("templates", "html"), "/etc/x") == "/etc/x"


def test_table_given_by_the_caller_is_not_confined(folder: Path) -> None:
    write(folder / "munintl.toml", "[plugins.fonts]\n")
    config = load_config(folder)
    settings = config.plugin_settings(
        "fonts", FontSettings, table={"template": "/home/me/letter.j2"}
    )
    assert settings.template == "/home/me/letter.j2"


def test_a_path_where_nothing_is_is_a_finding_at_its_line(folder: Path) -> None:
    config = load_config(
        write(
            folder / "munintl.toml",
            '[plugins.fonts]\nname = "x"\nfolders = ["fonts", "fonts/house"]\n',
        )
    )
    with pytest.raises(ValidationError) as raised:
        config.plugin_table("fonts", FontSettings)
    [finding] = raised.value.findings
    assert (finding.code, finding.line) == ("missing-path", 3)
    assert finding.path == "plugins.fonts.folders[1]"
    assert finding.message.startswith(f"'fonts/house' does not exist in {folder};")


def test_a_template_file_that_does_not_exist_is_a_finding(folder: Path) -> None:
    with pytest.raises(ValidationError) as raised:
        load_config(
            write(folder / "munintl.toml", '[templates]\nhtml = "templates/x.html"\n')
        )
    [finding] = raised.value.findings
    assert (finding.code, finding.line, finding.path) == (
        "missing-path",
        2,
        "templates.html",
    )
