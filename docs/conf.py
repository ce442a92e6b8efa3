"""Sphinx configuration for the munintl documentation.

Build with ``sphinx-build -W -n --keep-going -b html docs docs/_build/html``
(or ``nox -s docs``): warnings are errors and every cross-reference must
resolve.  Nothing is fetched from the network (no intersphinx).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

import munintl  # noqa: E402 - after the path is set up

project = "munintl"
author = "The munintl developers"
copyright = "The munintl developers; MPL-2.0"
release = munintl.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "sphinx_click",
    "munintl_model",
    "munintl.sphinxext",
]

# The Sphinx extension's reference page renders the example live.
munintl_portfolio = "../examples/skanderborg"
munintl_language = "en"
munintl_on = "2024-01-01"

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "examples/*/README.md", "Thumbs.db", ".DS_Store"]
language = "en"

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

# -- autodoc -------------------------------------------------------------------

# munintl.testing imports pytest and hypothesis; the ``docs`` extra installs
# them (through the ``testing`` extra) rather than autodoc_mock_imports,
# whose stand-ins garble Hypothesis strategies and pytest fixtures.
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
autodoc_default_options = {"show-inheritance": True}
napoleon_google_docstring = False
napoleon_numpy_docstring = False

# -- nitpicky -------------------------------------------------------------------
# There is no intersphinx (the build must work offline), so references to
# other projects' objects cannot resolve; ignore those, and only those.
nitpick_ignore_regex = [
    (
        r"py:.*",
        r"(attrs|attr|cattrs|pluggy|click|babel|ruamel|pytest|_pytest|hypothesis)"
        r"(\..*)?",
    ),
    (
        r"py:.*",
        r"(datetime|decimal|collections|collections\.abc|typing|pathlib|os|re"
        r"|gettext|importlib|importlib\.metadata|logging|enum|functools|dt|abc"
        r"|tempfile|json|io|shutil|subprocess|contextlib|sqlite3|zipfile)\..*",
    ),
    (r"py:class", r"(Decimal|Path|Iterable|Iterator|Mapping|Sequence|Callable)"),
    # Type variables in generic signatures are not objects to link to.
    (r"py:class", r"munintl\..*\b_?[TR]"),
]

# -- HTML ----------------------------------------------------------------------

html_theme = "furo"
html_title = f"munintl {release}"
html_static_path: list[str] = []
html_show_sourcelink = False


def _canonical(target: str) -> str | None:
    """The defining module's name for ``target`` if it is a re-export."""
    import importlib

    module_name, _, attribute = target.rpartition(".")
    try:
        obj = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError):
        return None
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    return f"{module}.{qualname}" if module and qualname else None


def resolve_short_name(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """Resolve references the Python domain cannot, when the answer is unique.

    Docstrings say ``:class:`ValidationError``` where their module imports
    the name, and ``munintl.plugins.Store`` for what is defined in
    ``munintl.hooks.protocols``.  Link a re-exported name to where it is
    documented, and a short name to the one documented munintl object of a
    fitting type with that last name (or, inside a class, that member);
    ambiguous or unknown names stay warnings.
    """
    if node.get("refdomain") != "py":
        return None
    from sphinx.util.nodes import make_refnode

    domain = env.get_domain("py")
    target = node["reftarget"].lstrip(".~")
    kinds = set(domain.objtypes_for_role(node["reftype"]) or ())
    canonical = _canonical(target) if "." in target else None
    if canonical in domain.objects:
        matches = {canonical: domain.objects[canonical]}
    else:
        matches = {
            name: entry
            for name, entry in domain.objects.items()
            if name.startswith("munintl.")
            and (name == target or name.endswith("." + target))
            and entry.objtype in kinds
            and not entry.aliased
        }
    scope = node.get("py:class")
    if len(matches) > 1 and scope:
        matches = {n: e for n, e in matches.items() if f".{scope}." in n}
    if len(matches) != 1:
        return None
    name, entry = next(iter(matches.items()))
    return make_refnode(
        app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, name
    )


def setup(app: Any) -> None:
    """Register the ``hook`` cross-reference type and the short-name resolver."""
    app.add_crossref_type(
        "hook",
        "hook",
        objname="munintl hook",
        indextemplate="pair: %s; hook",
    )
    app.connect("missing-reference", resolve_short_name)
