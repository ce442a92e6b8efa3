"""The pluggy markers and names that tie a plugin to munintl.

``hookimpl`` marks a plugin's hook implementations; ``hookspec`` marks the
specifications in :mod:`munintl.hooks.specs`.  Third-party packages register
through the entry-point group :data:`ENTRY_POINT_GROUP`.
"""

import pluggy

#: The pluggy project name: hooks are ``munintl_<plural noun>``.
PROJECT = "munintl"

#: The entry-point group third-party plugins register in.
ENTRY_POINT_GROUP = "munintl"

#: Marks a specification in :mod:`munintl.hooks.specs`.
hookspec = pluggy.HookspecMarker(PROJECT)

#: Marks a plugin's implementation of a hook (also ``munintl.hookimpl``).
hookimpl = pluggy.HookimplMarker(PROJECT)
