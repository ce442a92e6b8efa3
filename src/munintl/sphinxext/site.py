"""Scaffold and build a Sphinx site of a portfolio: ``munintl site init`` / ``build``.

:func:`init` writes an ordinary Sphinx project -- a ``conf.py``, a front
page with the strategy, a page per public theme, initiative, partnership,
organisation and follow-up -- that a communications team keeps editing like any other.
Every page holds a munintl directive, so the texts come from the portfolio
at build time, in the build's language: one language per build
(``sphinx-build -D language=en``), with Sphinx's own words (search, index)
and munintl's labels in that language.  :func:`build` runs ``sphinx-build``
once per language.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from munintl.errors import hide_password
from munintl.i18n import _, chosen_language
from munintl.sphinxext.source import SiteError, open_source, portfolio_location

if TYPE_CHECKING:
    from munintl.model import Portfolio

#: The stylesheet a municipality restyles with its own colours and logo.
CSS = """\
/* The municipality's own look: colours, fonts, logo.
 *
 * furo reads these variables; set html_logo in conf.py for a logo.
 */
body {
  --color-brand-primary: #00558c;
  --color-brand-content: #00558c;
}
.munintl-illustrative {
  border-left: 4px solid #b35900;
  padding-left: 0.5em;
}
.munintl-figure svg {
  max-width: 100%;
  height: auto;
}
"""


def _conf(project: str, portfolio: str, language: str) -> str:
    return f'''"""Sphinx configuration of {project}'s international strategy site.

Made by ``munintl site init``; edit it as any Sphinx project.  Build one
language per run: ``munintl site build .`` or
``sphinx-build -W -n -D language=en . _build/en``.
"""

import importlib.util

project = {project!r}
language = {language!r}
extensions = ["munintl.sphinxext"]

# The portfolio the pages show (relative to this file) and its language;
# munintl_language follows `language` unless set.
munintl_portfolio = {portfolio!r}

exclude_patterns = ["_build"]
html_title = project
html_static_path = ["_static"]
html_css_files = ["municipality.css"]
# html_logo = "_static/logo.svg"
html_theme = "furo" if importlib.util.find_spec("furo") else "alabaster"
'''


_RELATIVE_SQLITE = re.compile(
    r"^(sqlite(?:\+\w+)?:///)(?![/\\]|[A-Za-z]:[/\\])(.+)$", re.I
)


def _absolute_sqlite(location: str) -> str:
    """``location`` with a relative SQLite file made absolute.

    A relative ``sqlite:///portal.db`` is relative to the directory a build
    runs in, which need not be where ``munintl site init`` ran.
    """
    relative = _RELATIVE_SQLITE.match(location)
    if relative is None:
        return location
    folder = quote(Path.cwd().as_posix(), safe="/:")
    return f"{relative[1]}{folder.rstrip('/')}/{relative[2]}"


def _page(directive: str, argument: str = "", options: Sequence[str] = ()) -> str:
    lines = [f".. munintl:{directive}::" + (f" {argument}" if argument else "")]
    lines += ["   :page:", *(f"   {option}" for option in options)]
    return "\n".join(lines) + "\n"


def _toctree(entries: Sequence[str], *, glob: bool = False) -> str:
    lines = ["", "   .. toctree::", "      :hidden:"]
    if glob:
        lines.append("      :glob:")
    lines.append("")
    lines += [f"      {entry}" for entry in entries]
    return "\n".join(lines) + "\n"


def init(
    directory: str | os.PathLike[str],
    portfolio: str,
    *,
    languages: Sequence[str] = (),
) -> list[Path]:
    """Write a Sphinx project for ``portfolio`` into ``directory``; return its files.

    ``directory`` must not exist or be empty.  The portfolio must validate.
    ``languages`` are the site's languages, the first the default (default:
    the municipality's).  Raise :class:`SiteError` for a directory in use
    or a portfolio that cannot be shown.
    """
    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise SiteError(
            _("{target} exists and is not empty; choose a new directory").format(
                target=target
            )
        )
    location = portfolio
    if hide_password(portfolio, whole=True) != portfolio:
        # conf.py is a file people share and publish: no password goes in it.
        raise SiteError(
            _(
                "{location}: conf.py would keep the password the location holds;"
                " give the location without it and the password in an"
                " environment variable (password_env, or PGPASSWORD)"
            ).format(location=hide_password(portfolio, whole=True))
        )
    if "://" not in portfolio:
        location = str(Path(portfolio).resolve())
    location = _absolute_sqlite(location)
    source = open_source(location)
    model = source.portfolio
    language = (languages or (model.municipality.default_language,))[0]
    loc = source.localizer(language)
    project = loc.name(model.municipality.name, model.municipality.id)
    relative = location
    if "://" not in location:
        target.mkdir(parents=True, exist_ok=True)
        relative = os.path.relpath(location, target.resolve())
    files: dict[str, str] = {
        # A URL keeps its "//", which a path would fold into one "/".
        "conf.py": _conf(
            project,
            relative if "://" in relative else Path(relative).as_posix(),
            language,
        ),
        "_static/municipality.css": CSS,
    }
    strategy = model.strategy()
    themes = [theme for _strategy, theme in model.all_themes() if _public(theme)]
    front = _page("strategy", strategy.id if strategy else "")
    front += "\n   .. munintl:timeline::\n"
    front += _toctree(
        [
            *(f"themes/{theme.id}" for theme in themes),
            "initiatives/index",
            "partnerships/index",
            *(["followups/*"] if any(_public(f) for f in model.followups) else []),
            *(
                ["organisations/*"]
                if any(_public(o) for o in model.organisations)
                else []
            ),
        ],
        glob=True,
    )
    files["index.rst"] = front
    for theme in themes:
        page = _page("theme", theme.id)
        page += f"\n   .. munintl:initiatives::\n      :theme: {theme.id}\n"
        files[f"themes/{theme.id}.rst"] = page
    files["initiatives/index.rst"] = _page("initiatives") + _toctree(["*"], glob=True)
    files["partnerships/index.rst"] = _page("partnerships") + _toctree(["*"], glob=True)
    files.update(_entity_pages(model))
    written = []
    for name, text in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def _entity_pages(model: Portfolio) -> dict[str, str]:
    """A page per public initiative, partnership, organisation and follow-up."""
    collections: tuple[tuple[str, str, Sequence[Any]], ...] = (
        ("initiative", "initiatives", model.initiatives),
        ("partnership", "partnerships", model.partnerships),
        ("organisation", "organisations", model.organisations),
        ("followup", "followups", model.followups),
    )
    return {
        f"{folder}/{item.id}.rst": _page(directive, item.id)
        for directive, folder, items in collections
        for item in items
        if _public(item)
    }


def _public(entity: object) -> bool:
    return getattr(entity, "visibility", "public") != "internal"


def _portfolio_named(conf: Path) -> str | None:
    """The portfolio ``conf.py`` names, when it names one as a plain string.

    Read from the file's syntax, without running it; a location computed in
    ``conf.py`` is left to the build to find.
    """
    try:
        tree = ast.parse(conf.read_bytes(), filename=str(conf))
    except (OSError, SyntaxError, ValueError):
        return None
    for statement in tree.body:
        if (
            isinstance(statement, ast.Assign)
            and [getattr(target, "id", None) for target in statement.targets]
            == ["munintl_portfolio"]
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
            and statement.value.value
        ):
            return portfolio_location(conf.parent, statement.value.value)
    return None


def build(
    directory: str | os.PathLike[str],
    *,
    languages: Sequence[str] = (),
    output: str | os.PathLike[str] | None = None,
    strict: bool = True,
    jobs: str = "1",
) -> list[Path]:
    """Build the site in ``directory`` once per language; return the output folders.

    ``languages`` default to the ``language`` of its ``conf.py``; each is
    built into ``<output>/<language>`` (default ``<directory>/_build``).
    ``strict`` turns warnings into errors (``-W -n``).  Raise
    :class:`SiteError` when a build fails.
    """
    root = Path(directory)
    if not (root / "conf.py").is_file():
        raise SiteError(
            _("{root} holds no conf.py; make a site with munintl site init").format(
                root=root
            )
        )
    portfolio = _portfolio_named(root / "conf.py")
    if portfolio is not None:
        # A portfolio that does not validate is told here, as munintl tells
        # it, rather than in Sphinx's report of a crashed extension.
        open_source(portfolio)
    out_root = Path(output) if output is not None else root / "_build"
    outputs = []
    for language in languages or (None,):
        out = out_root / (language or "html")
        arguments = ["-b", "html", "-q", "-j", jobs]
        if strict:
            arguments += ["-W", "-n", "--keep-going"]
        if language:
            arguments += ["-D", f"language={language}"]
        arguments += [str(root), str(out)]
        # One process per language: Sphinx keeps its translations per process.
        command = [sys.executable, "-m", "sphinx", *arguments]
        # S603: our own interpreter and arguments, no shell.
        # munintl speaks the run's language in the build's messages too.
        environment = dict(os.environ)
        chosen = chosen_language()
        if chosen:
            environment["MUNINTL_LANG"] = chosen
        built = subprocess.run(command, check=False, env=environment)  # noqa: S603
        if built.returncode != 0:
            raise SiteError(
                _("the site in {root} did not build in {language}").format(
                    root=root, language=language
                )
                if language
                else _("the site in {root} did not build").format(root=root)
            )
        outputs.append(out)
    return outputs
