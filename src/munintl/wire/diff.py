"""What changed between two portfolios, field by field, named by portfolio paths.

:func:`diff` compares two portfolios' wire data (the shape the JSON store
writes) and lists every value added, removed or changed, each named by its
portfolio path (:mod:`munintl.wire.paths`):
``initiatives[active-travel-network].status``.  A list of items with ids
(entities, themes, goals) or subjects (status updates) is compared item by
item by id, so a new initiative in the middle is one addition, not a change
to every initiative after it; any other list is compared position by
position.

>>> from munintl.wire.diff import diff_data
>>> old = {"initiatives": [{"id": "a", "status": "ongoing"}]}
>>> new = {"initiatives": [{"id": "b"}, {"id": "a", "status": "closed"}]}
>>> [(c.path, c.change) for c in diff_data(old, new)]
[('initiatives[a].status', 'changed'), ('initiatives[b]', 'added')]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from munintl.wire.paths import FieldPath, portfolio_path

if TYPE_CHECKING:
    from munintl.model import Portfolio

__all__ = ["Change", "diff", "diff_data", "summarise"]

ChangeKind = Literal["added", "removed", "changed"]


@attrs.frozen(kw_only=True)
class Change:
    """One value added, removed or changed; ``old``/``new`` are wire data."""

    path: str
    change: ChangeKind
    old: Any = None
    new: Any = None


def _key(item: object) -> str | None:
    if isinstance(item, Mapping):
        for name in ("id", "subject"):
            value = item.get(name)
            if isinstance(value, str):
                return f"{name}:{value}"
    return None


def _keyed(items: list[Any]) -> dict[str, int] | None:
    """Each item's id (or subject) and position; None unless all have distinct ones."""
    keys = [_key(item) for item in items]
    if any(key is None for key in keys) or len(set(keys)) != len(keys):
        return None
    return {key: n for n, key in enumerate(keys) if key is not None}


class _Walk:
    def __init__(self, old_root: Any, new_root: Any) -> None:
        self.old_root = old_root
        self.new_root = new_root
        self.changes: list[Change] = []

    def path(self, root: Any, steps: FieldPath) -> str:
        return portfolio_path(root, steps)

    def removed(self, steps: FieldPath, value: Any) -> None:
        self.changes.append(
            Change(path=self.path(self.old_root, steps), change="removed", old=value)
        )

    def added(self, steps: FieldPath, value: Any) -> None:
        self.changes.append(
            Change(path=self.path(self.new_root, steps), change="added", new=value)
        )

    def compare(self, old: Any, new: Any, old_at: FieldPath, new_at: FieldPath) -> None:
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            # A list left out is an empty list (the wire shape drops those).
            for name in old:
                if name in new or isinstance(old[name], list):
                    self.compare(
                        old[name], new.get(name, []), (*old_at, name), (*new_at, name)
                    )
                else:
                    self.removed((*old_at, name), old[name])
            for name in new:
                if name in old:
                    continue
                if isinstance(new[name], list):
                    self.compare([], new[name], (*old_at, name), (*new_at, name))
                else:
                    self.added((*new_at, name), new[name])
            return
        if isinstance(old, list) and isinstance(new, list):
            self.compare_lists(old, new, old_at, new_at)
            return
        if old != new or type(old) is not type(new):
            self.changes.append(
                Change(
                    path=self.path(self.new_root, new_at),
                    change="changed",
                    old=old,
                    new=new,
                )
            )

    def compare_lists(
        self, old: list[Any], new: list[Any], old_at: FieldPath, new_at: FieldPath
    ) -> None:
        old_keys, new_keys = _keyed(old), _keyed(new)
        if old_keys is not None and new_keys is not None:
            for key, n in old_keys.items():
                if key not in new_keys:
                    self.removed((*old_at, n), old[n])
                else:
                    m = new_keys[key]
                    self.compare(old[n], new[m], (*old_at, n), (*new_at, m))
            for key, m in new_keys.items():
                if key not in old_keys:
                    self.added((*new_at, m), new[m])
            return
        for n in range(min(len(old), len(new))):
            self.compare(old[n], new[n], (*old_at, n), (*new_at, n))
        for n in range(len(new), len(old)):
            self.removed((*old_at, n), old[n])
        for n in range(len(old), len(new)):
            self.added((*new_at, n), new[n])


def diff_data(old: Any, new: Any) -> list[Change]:
    """Every change from ``old`` to ``new`` (wire data), sorted by path."""
    walk = _Walk(old, new)
    walk.compare(old, new, (), ())
    return sorted(walk.changes, key=lambda change: change.path)


def diff(old: Portfolio, new: Portfolio) -> list[Change]:
    """Every change from the portfolio ``old`` to ``new``, sorted by path."""
    from munintl.wire.convert import unstructure

    return diff_data(unstructure(old), unstructure(new))


def summarise(changes: list[Change]) -> dict[str, dict[str, int]]:
    """Count the changes per top-level part and kind: ``{"initiatives": {"added": 1}}``.

    A change inside an entity counts once per entity: three fields of one
    initiative changed is one initiative changed; a whole collection added
    counts each of its items.
    """
    counted: dict[str, dict[str, set[str]]] = {}
    for change in changes:
        whole = change.new if change.change == "added" else change.old
        if (
            "." not in change.path
            and "[" not in change.path
            and isinstance(whole, list)
        ):
            # A whole collection added or removed: each of its items counts.
            counted.setdefault(change.path, {}).setdefault(change.change, set()).update(
                f"{change.path}[{n}]" for n in range(len(whole))
            )
            continue
        head = change.path.split(".", 1)[0]
        part = head.split("[", 1)[0]
        entity = head if "[" in head else change.path
        kind = change.change if change.path == entity or "[" not in head else "changed"
        counted.setdefault(part, {}).setdefault(kind, set()).add(entity)
    return {
        part: {kind: len(entities) for kind, entities in kinds.items()}
        for part, kinds in counted.items()
    }
