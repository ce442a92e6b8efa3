"""Every example in the documentation runs, and the documentation builds.

Each Markdown page under ``docs/`` is read top to bottom in a scratch
directory holding a copy of ``examples/``, so relative paths in the docs work
as they do in a checkout:

* a ``console`` block: each ``$ command`` line runs and its output must match
  the lines under it (doctest rules: ``...`` matches anything, runs of
  whitespace are equal).  ``munintl ...`` runs through click's ``CliRunner``
  with a plugin manager of its own, as a new process would have (an optional
  ``NAME=value`` prefix sets the environment); ``cp -r SRC DST`` copies,
  ``rm -r PATH ...`` removes, ``python docs/...`` runs a script shipped with
  the docs, ``pip install -e docs/examples/<plugin>``
  installs that plugin for the rest of the page, and other ``pip install``
  commands are not run;
* a ``pycon`` block runs as a doctest, in one namespace per page;
* a ``{code-block}`` with a ``:caption:`` that is a path is a whole file the
  reader is told to create: it is written there;
* ``python``, ``yaml`` and ``toml`` blocks must at least parse, in the
  reStructuredText pages too.

A command the runner does not know fails the test: teach it here rather
than leave an example unrun.
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PLUGIN_EXAMPLE = DOCS / "examples" / "munintl-house-rules"

OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
NOT_RUN = ("pip install", "python -m pip install", "nox", "sphinx-build")
PATH_CAPTION = re.compile(r"^[\w.-]+(/[\w.-]+)+\.(yaml|toml|py|md|po)$")


@dataclass
class Block:
    """A fenced block of a Markdown page."""

    page: Path
    line: int
    language: str
    body: str
    options: dict[str, str] = field(default_factory=dict)

    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def markdown_blocks(page: Path) -> list[Block]:
    """The fenced blocks of a Markdown page, with MyST directive options.

    Fences may be indented (inside a list or definition); the body loses
    that indentation.
    """
    blocks: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = re.match(r"^( *)(`{3,}|~{3,})\s*(.*)$", lines[index])
        if not opening:
            index += 1
            continue
        indent, fence, info = opening.groups()
        start = index + 1
        index += 1
        body: list[str] = []
        while index < len(lines) and not re.match(
            rf"^ *{re.escape(fence)}{re.escape(fence[0])}*\s*$", lines[index]
        ):
            line = lines[index]
            body.append(line[len(indent) :] if line.startswith(indent) else line)
            index += 1
        index += 1
        directive = re.match(r"^\{([\w-]+)\}\s*(.*)$", info)
        options: dict[str, str] = {}
        if directive:
            name, argument = directive.groups()
            if name != "code-block":
                continue
            info = argument
            while body and (option := re.match(r"^:([\w-]+):\s*(.*)$", body[0])):
                options[option.group(1)] = option.group(2).strip()
                body.pop(0)
            if body and not body[0].strip():
                body.pop(0)
        language = info.split()[0] if info else ""
        blocks.append(Block(page, start, language, "\n".join(body), options))
    return blocks


def rst_blocks(page: Path) -> list[Block]:
    """The ``code-block`` directives of a reStructuredText page."""
    blocks: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        match = re.match(r"^(\s*)\.\. code-block:: (\w+)", line)
        if not match:
            continue
        indent = len(match.group(1))
        body: list[str] = []
        for following in lines[number + 1 :]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            body.append(following)
        blocks.append(
            Block(
                page,
                number + 1,
                match.group(2),
                textwrap.dedent("\n".join(body)).strip(),
            )
        )
    return blocks


def pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)


def check_parses(block: Block) -> None:
    """Parse a block in its language; fail with the page and line if it does not."""
    try:
        if block.language == "python":
            compile(block.body, block.where(), "exec")
        elif block.language == "toml":
            tomllib.loads(block.body)
        elif block.language == "yaml":
            from munintl.plugins.storage.yaml_dir import yamlio

            yamlio.parse(yamlio.new_yaml(), block.body)
    except Exception as error:  # noqa: BLE001 - reported with the block's place
        pytest.fail(
            f"{block.where()}: the {block.language} example does not parse: {error}"
        )


class PageRunner:
    """Run the examples of one page, in order, in a scratch directory."""

    def __init__(self, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.workdir = workdir
        self.monkeypatch = monkeypatch
        self.globs: dict[str, Any] = {"__name__": "__docs__"}
        self.installed: list[str] = []

    def run(self, block: Block) -> None:
        caption = block.options.get("caption", "")
        if PATH_CAPTION.match(caption):
            target = self.workdir / caption
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.body + "\n", encoding="utf-8")
        if block.language == "console":
            self.console(block)
        elif block.language == "pycon":
            self.pycon(block)
        else:
            check_parses(block)

    def console(self, block: Block) -> None:
        for line, command, expected in commands(block):
            actual = self.command(command, f"{block.where()} (line {line})")
            checker = doctest.OutputChecker()
            if not checker.check_output(expected, actual, OPTIONS):
                example = doctest.Example(command, expected)
                diff = checker.output_difference(example, actual, OPTIONS)
                pytest.fail(
                    f"{block.page.relative_to(ROOT)}:{line}: $ {command}\n{diff}"
                )

    def command(self, command: str, where: str) -> str:
        words = shlex.split(command)
        env: dict[str, str] = {}
        while words and re.match(r"^[A-Z_]+=", words[0]):
            name, _, value = words.pop(0).partition("=")
            env[name] = value
        if words[:3] == ["pip", "install", "-e"] and len(words) == 4:
            source = ROOT / words[3]
            if (source / "pyproject.toml").is_file():
                self.install(source)
                return ""
        if command.startswith(NOT_RUN):
            return ""
        if words[:2] == ["cp", "-r"] and len(words) == 4:
            shutil.copytree(self.workdir / words[2], self.workdir / words[3])
            return ""
        if words[:2] == ["rm", "-r"]:
            for name in words[2:]:
                shutil.rmtree(self.workdir / name)
            return ""
        if words[0] == "python" and words[1:2] and words[1].startswith("docs/"):
            # A script shipped with the docs, run from a checkout.
            result = subprocess.run(
                [sys.executable, str(ROOT / words[1]), *words[2:]],
                cwd=self.workdir,
                capture_output=True,
                text=True,
                check=True,
                timeout=120,
            )
            return result.stdout
        if words[0] == "munintl":
            from munintl.cli import main
            from munintl.hooks.manager import get_plugin_manager

            # Each command builds its plugin manager, as a new process would.
            get_plugin_manager.cache_clear()
            result = CliRunner().invoke(main, words[1:], env=env, prog_name="munintl")
            get_plugin_manager.cache_clear()
            if result.exception is not None and not isinstance(
                result.exception, SystemExit
            ):
                raise result.exception
            return result.output
        pytest.fail(f"{where}: test_docs.py does not know how to run {command!r}")

    def install(self, source: Path) -> None:
        """Install a plugin from the docs, and allow it to load."""
        site = self.workdir / "site-packages"
        names = install_plugin(source, site)
        self.monkeypatch.syspath_prepend(str(site))
        self.installed.extend(names)
        self.monkeypatch.setenv("MUNINTL_LOAD_PLUGINS", ",".join(self.installed))

    def close(self) -> None:
        """Forget the modules of plugins installed for the page."""
        site = str(self.workdir / "site-packages")
        for name, module in list(sys.modules.items()):
            if str(getattr(module, "__file__", "") or "").startswith(site):
                del sys.modules[name]

    def pycon(self, block: Block) -> None:
        parser = doctest.DocTestParser()
        test = parser.get_doctest(
            block.body, self.globs, block.where(), str(block.page), block.line
        )
        runner = doctest.DocTestRunner(optionflags=OPTIONS)
        output: list[str] = []
        runner.run(test, out=output.append, clear_globs=False)
        self.globs = test.globs  # a DocTest works on a copy
        if runner.failures:
            pytest.fail("".join(output))


def commands(block: Block) -> Iterator[tuple[int, str, str]]:
    """Yield ``(line, command, expected output)`` for each ``$`` line."""
    current: tuple[int, str] | None = None
    expected: list[str] = []
    for offset, line in enumerate(block.body.splitlines(), start=1):
        if line.startswith("$ "):
            if current:
                yield current[0], current[1], "".join(f"{e}\n" for e in expected)
            current, expected = (block.line + offset, line[2:].strip()), []
        elif current:
            expected.append(line)
    if current:
        yield current[0], current[1], "".join(f"{e}\n" for e in expected)


@pytest.fixture
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The message catalogs as they are in the source, compiled."""
    root = tmp_path_factory.mktemp("catalogs")
    shutil.copytree(ROOT / "src" / "munintl" / "locale", root / "src/munintl/locale")
    spec = importlib.util.spec_from_file_location(
        "hatch_build", ROOT / "hatch_build.py"
    )
    assert spec is not None
    assert spec.loader is not None
    hatch_build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hatch_build)
    hatch_build.compile_catalogs(root)
    return root / "src" / "munintl" / "locale"


@pytest.fixture
def workdir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalogs: Path
) -> Iterator[Path]:
    """A scratch directory with a copy of ``examples/``, as the current one."""
    from munintl import i18n

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MUNINTL_LANG", "en")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(i18n, "LOCALE_DIR", catalogs)
    i18n._clear()  # catalog_dirs keeps LOCALE_DIR too
    yield tmp_path
    i18n._clear()  # catalog_dirs keeps LOCALE_DIR too


#: Pages whose commands need a database server: here their blocks only
#: parse; ``tests/test_docs_postgresql.py`` runs them against a real one.
SERVER_PAGES = frozenset({DOCS / "howto" / "share-in-postgresql.md"})


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_page_examples_run(
    page: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = PageRunner(workdir, monkeypatch)
    try:
        for block in markdown_blocks(page):
            if page in SERVER_PAGES and block.language == "console":
                continue
            runner.run(block)
    finally:
        runner.close()


@pytest.mark.parametrize(
    "page",
    sorted(p for p in DOCS.rglob("*.rst") if "_build" not in p.parts),
    ids=lambda p: str(p.relative_to(DOCS)),
)
def test_rst_code_blocks_parse(page: Path) -> None:
    for block in rst_blocks(page):
        check_parses(block)


def yaml_data(block: Block) -> Any:
    from munintl.plugins.storage.yaml_dir import yamlio

    return yamlio.parse(yamlio.new_yaml(), block.body)


def test_data_format_examples_are_valid_values() -> None:
    from munintl.model import LocalizedText, Money
    from munintl.wire.convert import structure

    blocks = [
        yaml_data(b)
        for b in rst_blocks(DOCS / "reference" / "data-format.rst")
        if b.language == "yaml"
    ]
    texts = [
        structure(data["title"], LocalizedText) for data in blocks if "title" in data
    ]
    assert len(texts) >= 2
    assert all(not text.is_stale("en") for text in texts)
    assert any(
        "en" in text.provenance and text.provenance["en"].method == "human"
        for text in texts
    )
    (funding,) = [data["funding"] for data in blocks if "funding" in data]
    amounts = [structure(line["amount"], Money) for line in funding]
    assert [str(a.currency) for a in amounts] == ["DKK", "EUR"]


def test_yaml_store_example_is_an_initiative() -> None:
    from munintl.model import Initiative
    from munintl.wire.convert import structure

    (block,) = [
        b
        for b in markdown_blocks(DOCS / "reference" / "yaml-store.md")
        if b.language == "yaml"
    ]
    initiative = structure({"id": "example", **yaml_data(block)}, Initiative)
    assert initiative.partner_count() == 10


def test_every_hook_is_in_the_hook_reference() -> None:
    from munintl.hooks import specs as hookspecs

    hooks = sorted(name for name in vars(hookspecs) if name.startswith("munintl_"))
    page = (DOCS / "reference" / "hooks.md").read_text("utf-8")
    missing = [
        name
        for name in hooks
        if f".. hook:: {name}\n" not in page
        or f".. autofunction:: {name}\n" not in page
    ]
    assert missing == []


def test_runner_knows_every_console_command() -> None:
    """Every console command in the docs is one the runner runs or skips on purpose."""
    known = ("munintl ", "cp -r ", "rm -r ", "python docs/", *NOT_RUN)
    unknown = [
        f"{block.where()}: {command}"
        for page in pages()
        # tests/test_docs_postgresql.py runs those pages' commands, exports too.
        if page not in SERVER_PAGES
        for block in markdown_blocks(page)
        if block.language == "console"
        for _line, command, _expected in commands(block)
        if not re.sub(r"^([A-Z_]+=\S+\s+)+", "", command).startswith(known)
    ]
    assert unknown == []


# -- the plugin how-to --------------------------------------------------------


def load_house_rules() -> ModuleType:
    """Import the how-to's plugin module from its source file."""
    path = PLUGIN_EXAMPLE / "munintl_house_rules.py"
    spec = importlib.util.spec_from_file_location("munintl_house_rules", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_house_rules_entry_point_names_the_module() -> None:
    project = tomllib.loads((PLUGIN_EXAMPLE / "pyproject.toml").read_text("utf-8"))
    entry_points = project["project"]["entry-points"]["munintl"]
    assert entry_points == {"house-rules": "munintl_house_rules"}
    assert project["project"]["name"].startswith("munintl-")
    assert (PLUGIN_EXAMPLE / "munintl_house_rules.py").is_file()


def test_house_rules_is_a_valid_plugin(plugin_manager: Any) -> None:
    plugin_manager.register(load_house_rules(), name="house-rules")
    assert "initiative-without-partner" in plugin_manager.rules()
    kinds = plugin_manager.codelists()["initiative-kind"]
    assert "youth-exchange" in kinds.codes()
    assert "project" in kinds.codes()  # extended, not replaced


def install_plugin(source: Path, site: Path) -> list[str]:
    """Install a one-module plugin as pip would: module plus dist-info.

    Returns the names of its ``munintl`` entry points.
    """
    site.mkdir(exist_ok=True)
    meta = tomllib.loads((source / "pyproject.toml").read_text("utf-8"))["project"]
    entry_points = meta["entry-points"]["munintl"]
    for module in set(entry_points.values()):
        shutil.copy(source / f"{module}.py", site)
    dist_name = meta["name"].replace("-", "_")
    dist_info = site / f"{dist_name}-{meta['version']}.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {meta['name']}\nVersion: {meta['version']}\n",
        encoding="utf-8",
    )
    (dist_info / "entry_points.txt").write_text(
        "[munintl]\n" + "".join(f"{k} = {v}\n" for k, v in entry_points.items()),
        encoding="utf-8",
    )
    return list(entry_points)


@pytest.fixture
def installed_house_rules(tmp_path: Path) -> Path:
    """A directory holding the how-to's plugin, installed."""
    site = tmp_path / "site"
    install_plugin(PLUGIN_EXAMPLE, site)
    return site


def run_munintl(
    site: Path, *args: str, cwd: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m munintl`` in a fresh process that sees ``site``."""
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), *sys.path]),
        "COLUMNS": "160",
        "NO_COLOR": "1",
        **env,
    }
    environment.pop("MUNINTL_LOAD_PLUGINS", None)
    return subprocess.run(
        [sys.executable, "-m", "munintl", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=environment,
        check=False,
    )


LONELY_INITIATIVE = """\
title:
  da: Ungdomsudveksling
kind: youth-exchange
themes: [skole-og-uddannelsessamarbejde]
"""


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A copy of the example with an initiative that names no partner."""
    store = tmp_path / "store"
    shutil.copytree(ROOT / "examples" / "skanderborg", store)
    (store / "initiatives" / "youth-exchange.yaml").write_text(
        LONELY_INITIATIVE, encoding="utf-8"
    )
    return store


def test_installed_house_rules_is_listed(
    installed_house_rules: Path, tmp_path: Path
) -> None:
    listing = run_munintl(installed_house_rules, "plugins", "--json", cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert '"house-rules"' in listing.stdout
    assert '"munintl-house-rules"' in listing.stdout


def test_installed_house_rules_checks_and_can_be_disabled(
    installed_house_rules: Path, store: Path, tmp_path: Path
) -> None:
    result = run_munintl(installed_house_rules, "validate", str(store), cwd=tmp_path)
    assert "initiatives[youth-exchange].participations: warning:" in result.stderr, (
        result.stderr
    )
    assert "[initiative-without-partner]" in result.stderr

    blocked = run_munintl(
        installed_house_rules,
        "validate",
        str(store),
        cwd=tmp_path,
        MUNINTL_DISABLE_PLUGINS="house-rules",
    )
    assert "[initiative-without-partner]" not in blocked.stderr


def test_installed_house_rules_reads_its_settings(
    installed_house_rules: Path, store: Path, tmp_path: Path
) -> None:
    config = store / "munintl.toml"
    config.write_text(
        config.read_text("utf-8")
        + '\n[plugins.initiative-without-partner]\nexempt_kinds = ["youth-exchange"]\n',
        encoding="utf-8",
    )
    result = run_munintl(installed_house_rules, "validate", str(store), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "[initiative-without-partner]" not in result.stderr

    config.write_text(
        config.read_text("utf-8").replace("exempt_kinds", "exempt_kind"),
        encoding="utf-8",
    )
    result = run_munintl(installed_house_rules, "validate", str(store), cwd=tmp_path)
    assert result.returncode == 1
    assert "unknown key 'exempt_kind'; did you mean 'exempt_kinds'?" in result.stderr


def test_house_rules_own_tests_pass(tmp_path: Path) -> None:
    """The plugin's tests, shown in the how-to, pass against this munintl."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=PLUGIN_EXAMPLE,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


# -- the picture of the layers -------------------------------------------------

LAYER_PICTURE = DOCS / "explanation" / "layers.svg"
SVG = "{http://www.w3.org/2000/svg}"


def load_script(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_layer_picture_is_drawn_from_the_layers_the_tests_enforce() -> None:
    maker = load_script(DOCS / "explanation" / "make_layers.py")
    layers = maker.read_layers()
    assert layers["munintl.model"] == 0
    assert maker.render(layers) == LAYER_PICTURE.read_text("utf-8"), (
        "docs/explanation/layers.svg is out of date with tests/test_layers.py:"
        " run python docs/explanation/make_layers.py"
    )


def test_layer_picture_is_self_contained_and_described() -> None:
    from xml.etree import ElementTree

    text = LAYER_PICTURE.read_text("utf-8")
    root = ElementTree.fromstring(text)
    assert root.get("role") == "img"
    assert root.findtext(f"{SVG}title") == "The layers of munintl"
    description = root.findtext(f"{SVG}desc") or ""
    numbers = [g.get("id") for g in root.iter(f"{SVG}g")]
    assert numbers
    for number in numbers:
        assert f"Layer {str(number).removeprefix('layer-')}," in description
    # Nothing is fetched when the page is shown (the docs build offline).
    assert re.findall(r"(?:href|src)=|url\((?!#)|@import", text) == []


def test_design_page_shows_the_layer_picture_with_alt_text() -> None:
    from xml.etree import ElementTree

    page = (DOCS / "explanation" / "design.md").read_text("utf-8")
    figure = re.search(r"^```\{figure\} layers\.svg\n:alt: (.+)$", page, re.M)
    assert figure is not None
    alt = figure.group(1)
    root = ElementTree.fromstring(LAYER_PICTURE.read_text("utf-8"))
    boxes = [t.text or "" for t in root.iter(f"{SVG}text") if t.get("class") == "part"]
    assert boxes
    names = {re.split(r"[ (]", box.rstrip("/"))[0].rstrip("/") for box in boxes}
    missing = [
        name for name in names if name.rpartition("/")[2].removesuffix(".py") not in alt
    ]
    assert missing == [], "the picture's alt text leaves out some parts"


# -- the site -------------------------------------------------------------------


def docs_extra_distributions() -> set[str]:
    """The distributions ``pip install ".[docs]"`` brings in, by normalised name."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    names: set[str] = set()
    done: set[tuple[str, frozenset[str]]] = set()
    todo = [("munintl", frozenset({"docs"}))]
    while todo:
        name, extras = todo.pop()
        if (name, extras) in done:
            continue
        done.add((name, extras))
        names.add(name)
        try:
            requires = distribution(name).requires or []
        except PackageNotFoundError:  # a marker this platform does not meet
            continue
        for line in requires:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker is None or any(
                marker.evaluate({"extra": extra}) for extra in ("", *extras)
            ):
                todo.append(
                    (canonicalize_name(requirement.name), frozenset(requirement.extras))
                )
    return names


#: Runs Sphinx with every top-level module outside the docs extra hidden, as
#: in an environment where only ``pip install ".[docs]"`` was run.
SPHINX_WITH_ONLY_DOCS_EXTRA = """\
import sys

HIDDEN = frozenset({hidden!r})


class Hide:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in HIDDEN:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, Hide())
from sphinx.cmd.build import main

sys.exit(main(sys.argv[1:]))
"""


def test_docs_build_without_warnings_with_only_the_docs_extra(tmp_path: Path) -> None:
    pytest.importorskip("sphinx")
    pytest.importorskip("myst_parser")
    pytest.importorskip("furo")
    pytest.importorskip("sphinx_click")
    from importlib.metadata import packages_distributions

    from packaging.utils import canonicalize_name

    allowed = docs_extra_distributions()
    hidden = sorted(
        module
        for module, providers in packages_distributions().items()
        if not any(canonicalize_name(p) in allowed for p in providers)
    )
    # The test group's tools are not in the docs extra, so this hides something.
    assert {"jsonschema", "html5lib"} <= set(hidden)
    script = tmp_path / "sphinx_docs_extra_only.py"
    script.write_text(SPHINX_WITH_ONLY_DOCS_EXTRA.format(hidden=hidden), "utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(script),
            "-W",
            "-n",
            "--keep-going",
            "-E",
            "-q",
            "-b",
            "html",
            str(DOCS),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "html" / "explanation" / "design.html").is_file()
