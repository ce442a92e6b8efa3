"""Development sessions for munintl: ``nox`` runs tests, lint, typecheck and docs."""

from __future__ import annotations

import os
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


def group(name: str) -> list[str]:
    """Return the requirements of a ``[dependency-groups]`` group, includes resolved."""
    return list(nox.project.dependency_groups(PYPROJECT, name))


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite."""
    session.install("-e", ".[docs]", *group("test"))
    session.run("python", "-m", "pytest", *session.posargs)


#: The Python files lint checks: the package, the tests, the docs' own code.
LINTED = ("src", "tests", "docs/conf.py", "docs/_ext", "docs/examples", "noxfile.py")


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
    # munintl.testing, documented in the API reference, imports pytest and
    # hypothesis: install the test group too.
    session.install("-e", ".[docs]", *group("test"))
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
def catalogs(session: nox.Session) -> None:
    """Extract messages to munintl.pot and update the da, en and de catalogs."""
    session.install("babel>=2.14")
    locale = "src/munintl/locale"
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


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Run the benchmarks in bench/ (off by default: slow, for comparisons)."""
    script = ROOT / "bench" / "run.py"
    if not script.exists():
        session.skip("bench/run.py does not exist yet")
    session.install("-e", ".[all]", *group("test"))
    session.run("python", os.fspath(script), *session.posargs)
