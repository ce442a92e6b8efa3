"""Report templates run sandboxed and read only the files they may read."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from munintl.errors import ConfigError
from munintl.reports.rendering.markup import render_template
from munintl.testing.reports import sample_document

#: Ways out of a Jinja2 template that an unsandboxed environment allows,
#: each trying to create the file ``{marker}``.
ESCAPES = {
    "cycler": "{{ cycler.__init__.__globals__.os.system('touch {marker}') }}",
    "joiner": "{{ joiner.__init__.__globals__.os.popen('touch {marker}').read() }}",
    "namespace": "{{ namespace.__init__.__globals__.os.system('touch {marker}') }}",
    "lipsum": "{{ lipsum.__globals__['os'].system('touch {marker}') }}",
    "self": (
        "{{ self._TemplateReference__context.cycler.__init__.__globals__"
        ".os.system('touch {marker}') }}"
    ),
    "subclasses": (
        "{% for c in ''.__class__.__mro__[1].__subclasses__() %}"
        "{% if c.__name__ == 'Popen' %}{{ c(['touch', '{marker}']) }}{% endif %}"
        "{% endfor %}"
    ),
    "attr-filter": (
        "{{ (cycler|attr('__init__')|attr('__globals__'))['os']"
        ".system('touch {marker}') }}"
    ),
    # Reads a module through str.format (no marker: what it shows is the leak).
    "format-string": "{{ '{0.__init__.__globals__[os]}'.format(cycler) }}",
    "context-function": (
        "{{ heading_level.__globals__['__builtins__']['__import__']('os')"
        ".system('touch {marker}') }}"
    ),
    "document-class": (
        "{{ document.__init__.__globals__['__builtins__']['__import__']('os')"
        ".system('touch {marker}') }}"
    ),
    "map-attribute": (
        "{{ ([cycler]|map(attribute='__init__')|first).__globals__['os']"
        ".system('touch {marker}') }}"
    ),
    # Not a way out, but the sandbox is immutable: no method changes a list.
    "mutate": "{% set items = [1] %}{{ items.append(2) }}",
}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def render(path: Path, flavour: str = "markdown") -> str:
    document = sample_document("da")
    builtin = "report.html.j2" if flavour == "html" else "report.md.j2"
    return render_template(
        builtin,
        str(path),
        flavour,  # type: ignore[arg-type]
        document=document,
        metadata=document.metadata,
        language="da",
        heading_level=lambda level: level,
        numeric_columns=lambda table: [False] * len(table.columns),
        figure_svg=lambda figure, number: "",
        is_number=lambda value: False,
    )


@pytest.mark.parametrize("flavour", ["markdown", "html"])
@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_template_cannot_escape_the_sandbox(
    tmp_path: Path, name: str, flavour: str
) -> None:
    marker = tmp_path / "pwned"
    template = write(
        tmp_path / "evil.j2",
        "first line\n" + ESCAPES[name].replace("{marker}", str(marker)),
    )
    with pytest.raises(ConfigError) as caught:
        render(template, flavour)
    message = str(caught.value)
    assert message.startswith(f"template {template.resolve()}:2: "), message
    assert not marker.exists()


def test_sandbox_violation_says_why(tmp_path: Path) -> None:
    template = write(tmp_path / "t.j2", ESCAPES["cycler"])
    with pytest.raises(ConfigError, match=r"t\.j2:1: access to attribute '__init__'"):
        render(template)


@pytest.mark.parametrize(
    "statement",
    [
        "{% include '/etc/passwd' %}",
        "{% include '../secret.txt' %}",
        "{% include 'sub/../../secret.txt' %}",
        "{% extends '../secret.txt' %}",
        "{% import '../secret.txt' as s %}",
        "{% include 'link.txt' %}",
        "{% include 'linked-folder/secret.txt' %}",
    ],
)
def test_template_reads_nothing_outside_its_folder(
    tmp_path: Path, statement: str
) -> None:
    secret = write(tmp_path / "secret.txt", "TOP SECRET 4711")
    folder = tmp_path / "templates"
    write(folder / "sub" / "ok.txt", "fine")
    if sys.platform != "win32":
        (folder / "link.txt").symlink_to(secret)
        (folder / "linked-folder").symlink_to(tmp_path, target_is_directory=True)
    template = write(folder / "evil.j2", "line one\n" + statement)
    with pytest.raises(ConfigError) as caught:
        render(template)
    message = str(caught.value)
    assert "evil.j2:2: needs " in message
    assert "TOP SECRET" not in message


def test_absolute_include_is_refused_with_its_reason(tmp_path: Path) -> None:
    template = write(tmp_path / "t.j2", "{% include '/etc/passwd' %}")
    with pytest.raises(ConfigError, match="is an absolute path"):
        render(template)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")
def test_link_out_of_the_folder_is_refused_with_its_reason(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.txt", "TOP SECRET")
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "link.txt").symlink_to(secret)
    template = write(tmp_path / "t" / "t.j2", "{% include 'link.txt' %}")
    with pytest.raises(ConfigError, match=r"leads out of .* \(a link\)"):
        render(template)


def test_template_includes_files_in_its_own_folder(tmp_path: Path) -> None:
    write(tmp_path / "parts" / "sign.j2", "Med venlig hilsen")
    write(tmp_path / "link-inside.j2", "{% include 'parts/sign.j2' %}")
    template = write(
        tmp_path / "letter.j2",
        "{% include 'parts/sign.j2' %} / {% include 'link-inside.j2' %}",
    )
    assert render(template) == "Med venlig hilsen / Med venlig hilsen"


def test_template_named_like_the_built_in_one_extends_the_built_in(
    tmp_path: Path,
) -> None:
    template = write(
        tmp_path / "report.md.j2",
        '{% extends "report.md.j2" %}{% block header %}BREVPAPIR\n{% endblock %}',
    )
    text = render(template)
    assert text.startswith("BREVPAPIR\n")
    assert "\n# Årsopfølgning\n" in text


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"me.j2": '{% extends "me.j2" %}'}, "extends or includes itself"),
        ({"me.j2": '{% include "me.j2" %}'}, "extends or includes itself"),
        (
            {"me.j2": '{% extends "you.j2" %}', "you.j2": '{% extends "me.j2" %}'},
            "extends or includes itself",
        ),
    ],
)
def test_template_extending_itself_is_an_error(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    for name, text in files.items():
        write(tmp_path / name, text)
    with pytest.raises(ConfigError, match=expected):
        render(tmp_path / "me.j2")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"ok\n\xff\xfe\x00 binary", r"t\.j2:2: a binary file is not a template"),
        (b"ok\nok\n\xe6\xf8\xe5", r"t\.j2:3: not UTF-8 text \(byte 7\)"),
        (b"a\n{{ 1 / 0 }}", r"t\.j2:2: ZeroDivisionError: division by zero"),
        (b"a\nb\n{{ nothing_here }}", r"t\.j2:3: 'nothing_here' is undefined"),
        (b"ok\n{% if %}", r"t\.j2:2: Expected an expression"),
        (b"{{ 2 ** 1000000 }}", r"t\.j2:1: the number would be too large"),
        (b"{{ 'ab' * 10000000 }}", r"t\.j2:1: the result would be too large"),
        (b"{{ range(10 ** 9) | list }}", r"t\.j2:1: OverflowError: Range too big"),
        (b"{{ lipsum(100000) }}", r"t\.j2:1: 'lipsum' is undefined"),
    ],
)
def test_template_problems_name_the_file_and_line(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    template = tmp_path / "t.j2"
    template.write_bytes(content)
    with pytest.raises(ConfigError, match=expected):
        render(template)


def test_template_too_large_is_refused(tmp_path: Path) -> None:
    template = tmp_path / "big.j2"
    template.write_bytes(b"x" * (1024 * 1024 + 1))
    with pytest.raises(ConfigError, match="too large for a template"):
        render(template)


def test_html_templates_still_escape(tmp_path: Path) -> None:
    template = write(tmp_path / "t.j2", "{{ '<script>' }}|{{ metadata.municipality }}")
    assert render(template, "html").startswith("&lt;script&gt;|")


def test_small_products_and_powers_still_work(tmp_path: Path) -> None:
    template = write(tmp_path / "t.j2", "{{ '-' * 3 }} {{ 2 ** 10 }} {{ [0] * 2 }}")
    assert render(template) == "--- 1024 [0, 0]"
