"""A report made with an application's own plugin manager uses that manager.

An application that embeds munintl may build its own
:class:`~munintl.hooks.manager.MunintlPluginManager` with its own
codelists.  The labels in its reports must come from that manager, never
from the process-wide one.
"""

from __future__ import annotations

import attrs

import munintl
from munintl.hooks import hookimpl
from munintl.hooks.manager import MunintlPluginManager, get_plugin_manager
from munintl.model import CodeItem, Codelist, LocalizedText
from munintl.reporting import build
from munintl.testing.samples import sample_portfolio

LABEL = "Relabelled by the application"


def _relabelled() -> MunintlPluginManager:
    """A manager whose ``initiative-status`` codelist says :data:`LABEL`."""
    manager = MunintlPluginManager(strict=True, allow=(), disable=("codelists",))
    manager.load_builtins()
    builtin = get_plugin_manager().codelists()["initiative-status"]
    relabelled = attrs.evolve(
        builtin,
        items=tuple(
            CodeItem(code=item.code, label=LocalizedText.of(en=f"{LABEL} {item.code}"))
            for item in builtin.items
        ),
    )
    others = tuple(
        codelist
        for scheme, codelist in get_plugin_manager().codelists().items()
        if scheme != "initiative-status"
    )

    class Vocabularies:
        @hookimpl
        def munintl_codelists(self) -> tuple[Codelist, ...]:
            return (relabelled, *others)

    manager.register(Vocabularies(), name="application-codelists")
    return manager


def test_report_built_with_a_custom_manager_uses_its_codelists() -> None:
    portfolio = sample_portfolio()
    manager = _relabelled()
    text = munintl.render(
        portfolio, kind="register", format="markdown", lang="en", manager=manager
    ).decode("utf-8")
    assert LABEL in text
    default = munintl.render(
        portfolio, kind="register", format="markdown", lang="en"
    ).decode("utf-8")
    assert LABEL not in default


def test_build_passes_the_managers_codelists_in_the_request() -> None:
    manager = _relabelled()
    document = build(sample_portfolio(), kind="overview", lang="en", manager=manager)
    assert LABEL in repr(document)
    assert (
        get_plugin_manager().codelists()["initiative-status"].items[0].label.get("en")
        != f"{LABEL} {manager.codelists()['initiative-status'].items[0].code}"
    )
