"""A downloaded portfolio folder runs no code and reads no file outside itself.

Each case is a copy of the Skanderborg example whose ``munintl.toml``
names a hostile template or a path out of the folder.  Through the API the
error is a munintl error and no marker file appears; through the command
line (a real process with an audit hook) the exit status is 1, the message
names the file and line, there is no traceback, no process is started and
no file outside the folder is opened.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import munintl
from munintl.config import load_config
from munintl.errors import ConfigError, MunintlError, ValidationError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "skanderborg"
FOLLOWUP = "opfoelgning-2011"
SECRET = "TOP SECRET 4711"

#: Run the command line under an audit hook that records every file opened
#: and every attempt to start a program; the record goes to argv[1].
AUDITED = """
import json, os, sys
record, opened, started = sys.argv.pop(1), [], []
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        opened.append(os.fsdecode(args[0]))
    elif event.split(".")[0] in ("os", "subprocess", "ctypes") and event in (
        "os.system", "subprocess.Popen", "os.exec", "os.posix_spawn",
        "os.spawn", "os.fork", "os.forkpty", "ctypes.dlopen", "os.startfile",
    ):
        started.append(event)
sys.addaudithook(hook)
from munintl.cli import main
try:
    main(args=sys.argv[1:], prog_name="munintl")
finally:
    with open(record, "w") as stream:
        json.dump({"opened": opened, "started": started}, stream)
"""

#: Templates that try to run a program (creating the marker) or read the secret.
TEMPLATES = {
    "cycler": "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "lipsum": "{{ lipsum.__globals__['os'].popen('touch MARKER').read() }}",
    "self": (
        "{{ self._TemplateReference__context.joiner.__init__.__globals__"
        ".os.system('touch MARKER') }}"
    ),
    "subclasses": (
        "{% for c in ''.__class__.__mro__[1].__subclasses__() %}"
        "{% if c.__name__ == 'Popen' %}{{ c(['touch', 'MARKER']) }}{% endif %}"
        "{% endfor %}"
    ),
    "attr-filter": (
        "{{ (namespace|attr('__init__')|attr('__globals__'))['os']"
        ".system('touch MARKER') }}"
    ),
    "include-absolute": "{% include 'SECRET_PATH' %}",
    "include-passwd": "{% include '/etc/passwd' %}",
    "include-dotdot": "{% include '../../secret.txt' %}",
    "extends-dotdot": "{% extends '../../secret.txt' %}",
    "include-link": "{% include 'link.txt' %}",
}


def hostile_folder(tmp_path: Path, template: str) -> tuple[Path, Path]:
    """Copy the example and name ``template`` as its Markdown template."""
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    folder = Path(shutil.copytree(EXAMPLE, tmp_path / "downloads" / "portfolio"))
    marker = tmp_path / "pwned"
    text = template.replace("MARKER", str(marker)).replace(
        "SECRET_PATH", str(tmp_path / "secret.txt")
    )
    (folder / "templates").mkdir()
    (folder / "templates" / "evil.md.j2").write_text(
        "# Letterhead\n" + text + "\n", encoding="utf-8"
    )
    if sys.platform != "win32":
        (folder / "templates" / "link.txt").symlink_to(tmp_path / "secret.txt")
    config = folder / "munintl.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[templates]\nmarkdown = "templates/evil.md.j2"\n',
        encoding="utf-8",
    )
    return folder, marker


def add_config(folder: Path, text: str) -> int:
    """Append ``text`` to the folder's munintl.toml; return the line of its last key."""
    config = folder / "munintl.toml"
    whole = config.read_text(encoding="utf-8") + text
    config.write_text(whole, encoding="utf-8")
    return whole.rstrip("\n").count("\n") + 1


def run_cli(tmp_path: Path, *args: str | Path) -> tuple[int, str, dict[str, list[str]]]:
    """Run ``munintl`` in a new process; return status, stderr and the audit record."""
    record = tmp_path / "audit.json"
    environment = {**os.environ, "MUNINTL_LOAD_PLUGINS": "", "MUNINTL_LANG": "en"}
    result = subprocess.run(
        [sys.executable, "-c", AUDITED, str(record), *map(str, args)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )
    audit = json.loads(record.read_text(encoding="utf-8"))
    return result.returncode, result.stderr + result.stdout, audit


def outside_reads(audit: dict[str, list[str]], tmp_path: Path) -> list[str]:
    secrets = {str(tmp_path / "secret.txt"), "/etc/passwd", "/etc/shadow"}
    return [path for path in audit["opened"] if path in secrets]


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_hostile_template_through_the_api(tmp_path: Path, name: str) -> None:
    folder, marker = hostile_folder(tmp_path, TEMPLATES[name])
    portfolio = munintl.load(folder)
    with pytest.raises(ConfigError) as caught:
        munintl.render(
            portfolio,
            format="markdown",
            followup=FOLLOWUP,
            config=load_config(folder),
        )
    message = str(caught.value)
    assert f"{folder.resolve() / 'templates' / 'evil.md.j2'}:2: " in message
    assert SECRET not in message
    assert "root:" not in message
    assert not marker.exists()


@pytest.mark.parametrize(
    "name", ["cycler", "subclasses", "include-absolute", "include-link"]
)
def test_hostile_template_through_the_command_line(tmp_path: Path, name: str) -> None:
    folder, marker = hostile_folder(tmp_path, TEMPLATES[name])
    out = tmp_path / "report.md"
    status, output, audit = run_cli(
        tmp_path, "report", folder, "--followup", FOLLOWUP, "-o", out
    )
    assert status == 1, output
    assert "Traceback" not in output
    assert "evil.md.j2:2: " in output
    assert SECRET not in output
    assert not marker.exists()
    assert not out.exists()
    assert audit["started"] == []
    assert outside_reads(audit, tmp_path) == []
    # The hook saw the files the report did read.
    assert str(folder.resolve() / "templates" / "evil.md.j2") in audit["opened"]


@pytest.mark.parametrize(
    ("setting", "fmt", "key"),
    [
        ('[templates]\nmarkdown = "SECRET_PATH"\n', "markdown", "templates.markdown"),
        ('[templates]\nhtml = "../../secret.txt"\n', "html", "templates.html"),
        (
            '[plugins.markdown]\ntemplate = "templates/../../../secret.txt"\n',
            "markdown",
            "plugins.markdown.template",
        ),
        (
            '[plugins.docx]\ntemplate = "/etc/passwd"\n',
            "docx",
            "plugins.docx.template",
        ),
        (
            '[plugins.pdf]\nfont_paths = ["fonts", "/usr/share/fonts"]\n',
            "pdf",
            "plugins.pdf.font_paths[1]",
        ),
    ],
)
def test_config_path_out_of_the_folder_is_refused(
    tmp_path: Path, setting: str, fmt: str, key: str
) -> None:
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    folder = Path(shutil.copytree(EXAMPLE, tmp_path / "portfolio"))
    (folder / "fonts").mkdir()
    line = add_config(
        folder, "\n" + setting.replace("SECRET_PATH", str(tmp_path / "secret.txt"))
    )
    where = f"{folder / 'munintl.toml'}:{line}: {key}: "
    with pytest.raises(ValidationError) as caught:
        munintl.render(
            munintl.load(folder),
            format=fmt,
            followup=FOLLOWUP,
            config=load_config(folder),
        )
    assert caught.value.findings[0].format().startswith(where)
    out = tmp_path / f"report.{fmt}"
    status, output, audit = run_cli(
        tmp_path, "report", folder, "--followup", FOLLOWUP, "-f", fmt, "-o", out
    )
    assert status == 1, output
    assert where in output
    assert "Traceback" not in output
    assert not out.exists()
    assert outside_reads(audit, tmp_path) == []


def test_validate_reports_a_template_path_out_of_the_folder(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(EXAMPLE, tmp_path / "portfolio"))
    line = add_config(folder, '\n[templates]\nhtml = "/etc/passwd"\n')
    status, output, _audit = run_cli(tmp_path, "validate", folder)
    assert status == 1, output
    assert f"munintl.toml:{line}: templates.html: " in output
    assert "is an absolute path" in output
    assert "Traceback" not in output


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")
def test_template_linked_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "evil.md.j2").write_text("{{ 1 }}", encoding="utf-8")
    folder = Path(shutil.copytree(EXAMPLE, tmp_path / "portfolio"))
    (folder / "letter.md.j2").symlink_to(tmp_path / "evil.md.j2")
    add_config(folder, '\n[templates]\nmarkdown = "letter.md.j2"\n')
    with pytest.raises(ValidationError, match="through a link"):
        load_config(folder)


def test_template_the_user_names_may_live_anywhere(tmp_path: Path) -> None:
    mine = tmp_path / "elsewhere" / "letter.md.j2"
    mine.parent.mkdir()
    mine.write_text(
        '{% extends "report.md.j2" %}{% block header %}MY LETTERHEAD\n{% endblock %}',
        encoding="utf-8",
    )
    out = tmp_path / "report.md"
    status, output, audit = run_cli(
        tmp_path,
        "report",
        EXAMPLE,
        "--followup",
        FOLLOWUP,
        "-o",
        out,
        "--template",
        f"markdown={mine}",
    )
    assert status == 0, output
    assert out.read_text(encoding="utf-8").startswith("MY LETTERHEAD\n")
    assert audit["started"] == []


def test_template_the_user_names_is_sandboxed_too(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    mine = tmp_path / "letter.md.j2"
    mine.write_text(
        TEMPLATES["cycler"].replace("MARKER", str(marker)), encoding="utf-8"
    )
    with pytest.raises(MunintlError, match=r"letter\.md\.j2:1: access to attribute"):
        munintl.render(
            munintl.load(EXAMPLE), format="markdown", followup=FOLLOWUP, template=mine
        )
    assert not marker.exists()
