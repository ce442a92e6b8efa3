"""Publish a municipality's strategy as a website with Sphinx.

Configure the portfolio to show and the language to show it in::

    # conf.py
    extensions = ["munintl.sphinxext"]
    munintl_portfolio = "../examples/skanderborg"   # relative to conf.py
    munintl_language = "da"                          # default: Sphinx's language

Then write pages with the directives (``munintl:strategy``,
``munintl:theme``, ``munintl:initiatives``, ``munintl:initiative``,
``munintl:partnership``, ``munintl:followup``, ``munintl:timeline``) and
link prose to entities with the roles (``:munintl:initiative:`id```, …).
The entities appear in the general index, in search and in ``objects.inv``.
``munintl site init`` writes a whole site to start from.

The portfolio is validated once per build: a portfolio with errors fails
the build with the same ``file:line:col: path: message`` lines as
``munintl validate``.  Each page depends on the files of what it shows, so
an incremental build re-reads only the pages an edit touches.  Reads and
writes are safe in parallel (``sphinx-build -j auto``).
"""

from __future__ import annotations

from typing import Any

from munintl.sphinxext.domain import MunintlDomain
from munintl.sphinxext.source import SiteError


def _check_portfolio(app: Any) -> None:
    """Load and validate the portfolio before any page is read."""
    from sphinx.errors import ExtensionError

    from munintl.sphinxext.directives import source_for

    if not app.config.munintl_portfolio:
        return
    try:
        # Kept for the whole build: directives read it instead of checking
        # every file of the portfolio again.
        app.munintl_source = source_for(app)
    except SiteError as error:
        raise ExtensionError(str(error), modname="munintl.sphinxext") from None


def setup(app: Any) -> dict[str, Any]:
    """Register the munintl domain, its directives and settings with Sphinx."""
    from munintl._version import version
    from munintl.sphinxext.directives import DIRECTIVES

    app.add_config_value("munintl_portfolio", None, "env", types=[str])
    app.add_config_value("munintl_language", None, "env", types=[str])
    app.add_config_value("munintl_on", None, "env", types=[str])
    app.add_domain(MunintlDomain)
    for name, directive in DIRECTIVES.items():
        app.add_directive_to_domain("munintl", name, directive)
    app.connect("builder-inited", _check_portfolio)
    return {
        "version": version(),
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
