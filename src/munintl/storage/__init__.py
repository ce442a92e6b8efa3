"""Storage: open a store by location, load and save whole portfolios.

:func:`load`, :func:`save`, :func:`open_store` and :func:`backend_for` pick
the storage plugin for a location (:mod:`munintl.storage.dispatch`).  The
machinery storage plugins share lives beside them: the atomic file writer
(:mod:`munintl.storage.atomic`), the base of the single-file stores
(:mod:`munintl.storage.filestore`) and the JSON position lookup
(:mod:`munintl.storage.jsonpos`).
"""

from munintl.storage.dispatch import backend_for, load, open_store, save, shown

__all__ = ["backend_for", "load", "open_store", "save", "shown"]
