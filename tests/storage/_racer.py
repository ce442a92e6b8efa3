"""A writer process for the file stores' race tests (run as a script).

``python _racer.py LOCATION NAME``

For each line ``ROUND REVISION`` on stdin it makes the portfolio whose
municipality is named ``NAME ROUND`` and answers ``ready``; on the next
line (``go``) it saves it with ``expected_revision=REVISION`` and answers
``won NEW-REVISION`` or ``lost`` (a conflict).  The parent says ``go`` to
every writer at once, so their saves start within microseconds.

With ``--no-lock`` the store's lock is replaced by one that locks nothing
(and stale copies are not cleared, which needs the lock): the stores as
they were before the lock, only for measuring how often updates were lost.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import attrs

from munintl.errors import ConflictError
from munintl.model import LocalizedText, Portfolio
from munintl.storage import open_store
from munintl.testing.samples import sample_portfolio


def named(name: str) -> Portfolio:
    """A small part of the sample portfolio, its municipality called ``name``."""
    sample = sample_portfolio()
    municipality = attrs.evolve(
        sample.municipality, name=LocalizedText(values={"en": name})
    )
    return attrs.evolve(
        sample,
        municipality=municipality,
        bodies=sample.bodies[:1],
        organisations=sample.organisations[:2],
        strategies=(),
        initiatives=(),
        partnerships=(),
        followups=(),
    )


@contextlib.contextmanager
def no_lock(_directory: Path, **_options: object) -> Iterator[float]:
    yield time.time()


def main(location: str, name: str, unlocked: bool) -> None:
    if unlocked:
        import munintl.storage.filestore
        from munintl.plugins.storage.yaml_dir import journal

        # As before the lock: no lock, and so no clearing of stale copies.
        filestore = munintl.storage.filestore
        filestore.directory_lock = no_lock  # type: ignore[assignment]
        filestore.SingleFileStore._remove_stale_temporaries = (  # type: ignore[method-assign]
            lambda _self, _since: []
        )
        journal.directory_lock = no_lock  # type: ignore[assignment]
    store = open_store(location)
    for line in sys.stdin:
        number, revision = line.split()
        portfolio = named(f"{name} {number}")
        print("ready", flush=True)
        sys.stdin.readline()  # go
        try:
            new = store.save(portfolio, expected_revision=revision)
        except ConflictError:
            print("lost", flush=True)
        else:
            print(f"won {new}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "--no-lock" in sys.argv[3:])
