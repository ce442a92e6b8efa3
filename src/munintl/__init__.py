"""munintl: municipal international strategies as data.

Keep a municipality's international strategy -- vision, themes, goals,
initiatives, partnerships and the yearly follow-up to its political
committees -- as validated data, and turn it into the documents a
municipality needs.

>>> import munintl
>>> portfolio = munintl.load("examples/skanderborg")  # doctest: +SKIP
>>> [f.format() for f in munintl.validate(portfolio)]  # doctest: +SKIP

Importing munintl is cheap: the model, the errors, the plugin markers and
``__version__`` (read from the installed metadata) are loaded when first
used.  Storage, validation rules and report formats are plugins, loaded on
first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from munintl import _compat

_compat.install()

if TYPE_CHECKING:
    from munintl.errors import (
        ConflictError,
        Finding,
        MunintlError,
        StorageError,
        ValidationError,
    )
    from munintl.hooks.manager import MunintlPluginManager
    from munintl.hooks.markers import hookimpl
    from munintl.model import (
        Body,
        FollowUp,
        Goal,
        Initiative,
        LocalizedText,
        Money,
        Municipality,
        Organisation,
        PartialDate,
        Partnership,
        Period,
        Portfolio,
        StatusUpdate,
        Strategy,
        Theme,
    )

# Names imported on first use, so that ``import munintl`` -- which every
# ``munintl`` command does first -- costs next to nothing.
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        ("ConflictError", "Finding", "MunintlError", "StorageError", "ValidationError"),
        "munintl.errors",
    ),
    **dict.fromkeys(
        (
            "Body",
            "FollowUp",
            "Goal",
            "Initiative",
            "LocalizedText",
            "Money",
            "Municipality",
            "Organisation",
            "PartialDate",
            "Partnership",
            "Period",
            "Portfolio",
            "StatusUpdate",
            "Strategy",
            "Theme",
        ),
        "munintl.model",
    ),
    "hookimpl": "munintl.hooks.markers",
    # Read from the installed metadata, which costs milliseconds.
    "__version__": "munintl._version",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'munintl' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


def load(location: Any, **kwargs: Any) -> Portfolio:
    """Load the portfolio at ``location`` (see :func:`munintl.storage.load`)."""
    from munintl.storage import load as _load

    return _load(location, **kwargs)


def save(portfolio: Portfolio, location: Any, **kwargs: Any) -> str | None:
    """Save ``portfolio`` to ``location`` (see :func:`munintl.storage.save`)."""
    from munintl.storage import save as _save

    return _save(portfolio, location, **kwargs)


def validate(portfolio: Portfolio, **kwargs: Any) -> list[Finding]:
    """Run every validation rule (see :func:`munintl.validation.validate`)."""
    from munintl.validation import validate as _validate

    return _validate(portfolio, **kwargs)


def render(
    portfolio: Portfolio,
    *,
    kind: str | None = None,
    format: str,
    lang: str | None = None,
    followup: str | None = None,
    period: Period | int | None = None,
    body: str | None = None,
    include_internal: bool = False,
    **kwargs: Any,
) -> bytes:
    """Render a report to bytes (see :func:`munintl.reporting.render`).

    ``munintl.render(portfolio, kind="followup", format="docx", lang="da",
    followup="opfoelgning-2011")`` gives the follow-up as a Word document;
    ``period=2011, body="okonomiudvalget"`` instead of ``followup`` a draft.
    """
    from munintl.reporting import render as _render

    return _render(
        portfolio,
        kind=kind,
        format=format,
        lang=lang,
        followup=followup,
        period=period,
        body=body,
        include_internal=include_internal,
        **kwargs,
    )


def get_plugin_manager() -> MunintlPluginManager:
    """Return the process-wide plugin manager, built on first use."""
    from munintl.hooks.manager import get_plugin_manager as _get

    return _get()


__all__ = [
    "Body",
    "ConflictError",
    "Finding",
    "FollowUp",
    "Goal",
    "Initiative",
    "LocalizedText",
    "Money",
    "Municipality",
    "MunintlError",
    "Organisation",
    "PartialDate",
    "Partnership",
    "Period",
    "Portfolio",
    "StatusUpdate",
    "StorageError",
    "Strategy",
    "Theme",
    "ValidationError",
    "__version__",
    "get_plugin_manager",
    "hookimpl",
    "load",
    "render",
    "save",
    "validate",
]
