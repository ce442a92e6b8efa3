"""The version of munintl, as the installed distribution's metadata records it.

The version is written in one place, ``pyproject.toml``.  Installing munintl
-- from a wheel, an sdist or as an editable checkout -- records it in the
distribution's metadata, and :func:`version` reads it from there, so
``munintl.__version__``, ``munintl --version`` and ``munintl plugins`` agree
with what ``pip`` shows.

Reading metadata imports :mod:`importlib.metadata` (several milliseconds), so
nothing here runs at import time: ``munintl.__version__`` is computed on
first use.
"""

from __future__ import annotations

import functools
from typing import Any

#: What :func:`version` answers when munintl runs from a source tree that was
#: never installed (``PYTHONPATH=src``): a valid version that sorts lowest.
UNKNOWN = "0+unknown"


@functools.cache
def version() -> str:
    """Return the installed version of munintl, or :data:`UNKNOWN`.

    The answer is read once per process and kept.
    """
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as distribution_version

    try:
        return distribution_version("munintl")
    except PackageNotFoundError:  # a source tree on sys.path, never installed
        return UNKNOWN


def __getattr__(name: str) -> Any:
    # ``from munintl._version import __version__`` still works, reading the
    # metadata only when it is asked for.
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
