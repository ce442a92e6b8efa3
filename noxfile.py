"""Development sessions for munintl: ``nox`` runs tests, lint, typecheck and docs.

``nox -s i18n`` updates the message catalogs; ``nox -s build`` and
``nox -s wheel`` make and try a release; ``nox -s bench`` runs the
benchmarks; ``nox -s durability`` races and kills writers of every store
and ``nox -s fuzz`` feeds hostile input to every store and the
configuration.  CONTRIBUTING.md says when to run which.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint", "typecheck", "docs"]

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
PYTHONS = nox.project.python_versions(PYPROJECT, max_version="3.12") or ["3.11"]
DOCS_BUILD = ROOT / "docs" / "_build" / "html"
DIST = ROOT / "dist"
LOCALE = "src/munintl/locale"


def group(name: str) -> list[str]:
    """Return the requirements of a ``[dependency-groups]`` group, includes resolved."""
    return list(nox.project.dependency_groups(PYPROJECT, name))


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite."""
    session.install("-e", ".[docs]", *group("test"))
    session.run("python", "-m", "pytest", *session.posargs)


#: The Python files lint checks (all of them; pre-commit checks the same).
LINTED = (
    "src",
    "tests",
    "docs/conf.py",
    "docs/_ext",
    "docs/examples",
    "docs/explanation/make_layers.py",
    "docs/gallery",
    "bench",
    "noxfile.py",
    "hatch_build.py",
)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    session.install(*group("lint"))
    session.run("ruff", "check", *LINTED)
    session.run("ruff", "format", "--check", *LINTED)


@nox.session
def typecheck(session: nox.Session) -> None:
    """Check types with mypy --strict."""
    session.install("-e", ".", *group("typecheck"), *group("test"))
    session.run("mypy", "--strict", "src")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation; warnings and broken references are errors."""
    # Only the docs extra, as a reader building the site has it: the build
    # must not lean on the test group.
    session.install("-e", ".[docs]")
    session.run(
        "sphinx-build",
        "-W",
        "-n",
        "--keep-going",
        "-b",
        "html",
        "docs",
        str(DOCS_BUILD),
        *session.posargs,
    )


@nox.session
def i18n(session: nox.Session) -> None:
    """Extract messages to munintl.pot, update every catalog and check them."""
    session.install("babel>=2.14")
    locale = LOCALE
    session.run(
        "pybabel",
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_",
        "-k",
        "ngettext:1,2",
        "--project=munintl",
        "--copyright-holder=The munintl developers",
        "--msgid-bugs-address=https://github.com/munintl/munintl/issues",
        "--sort-by-file",
        "-o",
        f"{locale}/munintl.pot",
        "src/munintl",
        # babel.cfg names the codelist extractor in babel_extract.py here.
        env={"PYTHONPATH": "."},
    )
    session.run(
        "pybabel",
        "update",
        "-D",
        "munintl",
        "-i",
        f"{locale}/munintl.pot",
        "-d",
        locale,
        "--ignore-obsolete",
    )
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        session.warn("msgfmt (GNU gettext) is not installed: catalogs not checked")
        return
    for catalog in sorted(Path(locale).glob("*/LC_MESSAGES/munintl.po")):
        session.run(msgfmt, "--check", "-o", os.devnull, str(catalog), external=True)


@nox.session(default=False)
def catalogs(session: nox.Session) -> None:
    """The old name of ``nox -s i18n``."""
    i18n(session)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Run the benchmarks in bench/ (off by default: slow, for comparisons)."""
    session.install("-e", ".[all]", *group("test"))
    session.run("python", os.fspath(ROOT / "bench" / "run.py"), *session.posargs)


@nox.session(default=False)
def durability(session: nox.Session) -> None:
    """Race writers and kill them mid-save, 100 rounds per store (a few minutes).

    The test suite runs 20 rounds; this runs the race tests with 100 and
    bench/bench_durability.py (every store, PostgreSQL when
    ``MUNINTL_TEST_POSTGRESQL_URL`` is set): 100 races and 100 kills each.
    """
    session.install("-e", ".[all]", *group("test"))
    session.env["MUNINTL_RACE_ROUNDS"] = "100"
    session.run(
        "python",
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "tests/storage/test_lock.py",
        "tests/plugins/storage/sql/test_concurrency.py",
        "tests/plugins/storage/sql/test_crash.py",
    )
    session.run("python", os.fspath(ROOT / "bench" / "bench_durability.py"))


@nox.session(default=False)
def fuzz(session: nox.Session) -> None:
    """Feed hostile input to every store and the configuration, for a bounded time.

    Hypothesis makes raw bytes and byte-level and structured mutations of
    the Skanderborg example (YAML directory, JSON, TOML) and of its
    munintl.toml; each case must give a message with its file (no
    traceback), change nothing, and render when it validates.  Runs for
    ``MUNINTL_FUZZ_SECONDS`` (default 60; ``nox -s fuzz -- --seconds 600``);
    a failing case is kept in tests/fuzz/corpus/, which the tests replay.
    """
    session.install("-e", ".[all]", *group("test"))
    session.run(
        "python", os.fspath(ROOT / "tests" / "fuzz" / "run.py"), *session.posargs
    )


@nox.session(default=False)
def build(session: nox.Session) -> None:
    """Build the sdist and the wheel into dist/ and check them with twine."""
    session.install(*group("release"))
    shutil.rmtree(DIST, ignore_errors=True)
    # The wheel is built from the sdist, so a file missing from the sdist
    # shows up as a broken wheel here rather than after the upload.
    session.run("python", "-m", "build", "--outdir", str(DIST), str(ROOT))
    session.run("twine", "check", "--strict", *map(str, sorted(DIST.iterdir())))


@nox.session(default=False, reuse_venv=False)
def wheel(session: nox.Session) -> None:
    """Install the wheel from dist/ in a fresh environment; run the README's job."""
    wheels = sorted(DIST.glob("munintl-*.whl"))
    if len(wheels) != 1:
        session.error(f"expected one wheel in {DIST} (run nox -s build): {wheels}")
    session.install(f"munintl[all] @ {wheels[0].as_uri()}")
    workdir = Path(session.create_tmp()) / "readme"
    shutil.rmtree(workdir, ignore_errors=True)
    # The job reads examples/skanderborg, as in a checkout; munintl itself
    # comes from the installed wheel (src/ is not on the path here).
    shutil.copytree(ROOT / "examples", workdir / "examples")
    session.chdir(workdir)
    for command in readme_main_job():
        session.run(*command)
    # The example ships inside the wheel: a new municipality starts from it.
    session.run(
        "munintl", "init", "odder", "--from", "skanderborg", "--municipality", "Odder"
    )
    session.run("munintl", "validate", "odder")


def readme_main_job() -> list[list[str]]:
    """The munintl commands of the README's first command line, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^```console\n(.*?)^```", readme, re.M | re.S)
    if block is None:
        raise ValueError("README.md has no console block")
    steps = [shlex.split(step) for step in block.group(1).strip().split("&&")]
    return [step for step in steps if step[0] == "munintl"]
