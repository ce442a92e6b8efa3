"""How a portfolio is laid out as files in the YAML directory store.

Layout (an id is always a file or directory name, never a key)::

    municipality.yaml                    the municipality, with its id
    bodies/<id>.yaml                     also organisations/, initiatives/,
                                         partnerships/
    strategies/<id>/strategy.yaml        ``themes:`` lists the top theme ids
    strategies/<id>/themes/<id>.yaml     a theme, goals inline; ``themes:``
                                         lists its child theme ids
    followups/<id>/followup.yaml         a follow-up without its updates
    followups/<id>/updates/<kind>-<subject-id>.yaml   one status update

This module maps between the two without touching the disk: file trees to
model objects (:func:`decode`, :func:`assemble`) with findings in the
portfolio path convention, and a portfolio to the data of each file
(:func:`render`).  :mod:`.store` does the reading and writing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from munintl.errors import Finding, ValidationError
from munintl.i18n import _
from munintl.model import (
    Body,
    FollowUp,
    Initiative,
    Municipality,
    Organisation,
    Partnership,
    Portfolio,
    StatusUpdate,
    Strategy,
    Theme,
    is_slug,
)
from munintl.model.strategy import MAX_THEME_DEPTH
from munintl.plugins.storage.yaml_dir import reading
from munintl.wire import convert as serialize
from munintl.wire.paths import join

MUNICIPALITY = "municipality.yaml"
_SLUG = "[a-z0-9][a-z0-9-]*"
_OWNED = re.compile(
    rf"""^(?:municipality\.yaml
    |(?P<coll>bodies|organisations|initiatives|partnerships)/(?P<id>{_SLUG})\.yaml
    |strategies/(?P<sid>{_SLUG})/(?:strategy\.yaml|themes/(?P<tid>{_SLUG})\.yaml)
    |followups/(?P<fid>{_SLUG})/(?:followup\.yaml
      |updates/(?P<kind>theme|goal|initiative|partnership)-(?P<subject>{_SLUG})\.yaml)
    )$""",
    re.VERBOSE,
)
#: The directories of one file per entity.
FILE_PER_ENTITY: dict[str, type] = {
    "bodies": Body,
    "organisations": Organisation,
    "initiatives": Initiative,
    "partnerships": Partnership,
}
#: Directories of one directory per entity: (main file, sub-directory).
NESTED = {
    "strategies": ("strategy.yaml", "themes"),
    "followups": ("followup.yaml", "updates"),
}
_CLASSES: dict[str, type] = {
    "municipality": Municipality,
    **FILE_PER_ENTITY,
    "strategy": Strategy,
    "theme": Theme,
    "followup": FollowUp,
    "update": StatusUpdate,
}
_WHAT = {
    "municipality": "the municipality (id, name, country, default_language)",
    "bodies": "a body (name, type)",
    "organisations": "an organisation (name, type)",
    "initiatives": "an initiative (title, kind)",
    "partnerships": "a partnership (kind, title)",
    "strategy": "a strategy (title, themes)",
    "theme": "a theme (title, goals)",
    "followup": "a follow-up (period, addressee)",
    "update": "a status update (status, progress, achievements)",
}
#: Keys the layout keeps out of a file: the id is the file name, the subject
#: is in the update's file name, updates are files of their own.
_NOT_IN_FILE: dict[str, tuple[str, ...]] = {
    "municipality": (),
    **dict.fromkeys(("strategy", "theme", *FILE_PER_ENTITY), ("id",)),
    "followup": ("id", "updates"),
    "update": ("subject",),
}


@attrs.frozen
class File:
    """One file of the store and its place in the portfolio."""

    relpath: str
    kind: str  # "municipality", a collection name, "strategy", "theme", ...
    head: str  # the portfolio path: "initiatives[x]", "themes[t]", ...
    id: str = ""  # for an update, its subject ("initiative:x")
    owner: str = ""  # the strategy of a theme, the follow-up of an update

    def describe(self) -> str:
        """Say what the file should hold, for messages."""
        return _WHAT[self.kind]


@attrs.frozen
class Decoded:
    """A file read into a model object, and the child theme ids it lists."""

    entity: Any
    children: tuple[str, ...] = ()


def is_owned(relpath: str) -> bool:
    """Tell whether the store owns ``relpath`` (a relative POSIX path).

    Nothing else is ever written or deleted, whatever a journal says.
    """
    return _OWNED.match(relpath) is not None


@functools.lru_cache(maxsize=1 << 17)  # a save classifies every path three times
def classify(relpath: str) -> File | None:
    """Say what the file at ``relpath`` holds; None if the layout has no such file."""
    match = _OWNED.match(relpath)
    if match is None:
        return None
    g = match.groupdict()
    if g["coll"]:
        return File(relpath, g["coll"], f"{g['coll']}[{g['id']}]", g["id"])
    if g["tid"]:
        return File(relpath, "theme", f"themes[{g['tid']}]", g["tid"], g["sid"])
    if g["subject"]:
        subject = f"{g['kind']}:{g['subject']}"
        head = f"followups[{g['fid']}].updates[{subject}]"
        return File(relpath, "update", head, subject, g["fid"])
    if g["sid"] or g["fid"]:
        kind, plural = (
            ("strategy", "strategies") if g["sid"] else ("followup", "followups")
        )
        id_ = g["sid"] or g["fid"]
        return File(relpath, kind, f"{plural}[{id_}]", id_)
    return File(relpath, "municipality", "municipality")


def name_problem(relpath: str) -> str:
    """Say what is wrong with the name of a YAML file the layout does not know."""
    parts = relpath.split("/")
    if len(parts) == 4 and parts[2] == "updates":
        name = parts[3].removesuffix(".yaml")
        kind, _, subject = name.partition("-")
        if kind not in ("theme", "goal", "initiative", "partnership") or not subject:
            return (
                f"name status update files <kind>-<subject id>.yaml, where kind is"
                f" theme, goal, initiative or partnership (not {parts[3]!r})"
            )
        parts[3] = subject
    for part in parts[1:]:
        name = part.removesuffix(".yaml")
        if name not in ("strategy", "followup", "themes", "updates") and not is_slug(
            name
        ):
            return (
                f"{name!r} is not a valid id: use lower-case letters a-z, digits and"
                " hyphens, starting with a letter or digit"
            )
    return f"{relpath} is not part of the store's layout"


# -- reading -------------------------------------------------------------------------


def position(
    tree: Any, path: tuple[str | int, ...], *, key: bool = False
) -> tuple[int, int] | None:
    """Find the 1-based line and column of ``path`` in a file's tree.

    See :func:`.yamlio.position`; a tree read on the fast path
    (:class:`.reading.Tree`) is located by reading its text again.
    """
    located = _located(tree)
    if reading.is_marked(located):
        return reading.marked_position(located, path, key=key)
    from munintl.plugins.storage.yaml_dir import yamlio

    return yamlio.position(located, path, key=key)


def node_position(tree: Any) -> tuple[int, int] | None:
    """Return the 1-based position where a file's mapping or list starts."""
    located = _located(tree)
    if reading.is_marked(located):
        return reading.marked_start(located)
    from munintl.plugins.storage.yaml_dir import yamlio

    return yamlio.node_position(located)


def to_plain(tree: Any) -> Any:
    """Return a file's tree as plain data (a shallow copy of a fast-path tree)."""
    if isinstance(tree, reading.Tree):
        return dict(tree)
    from munintl.plugins.storage.yaml_dir import yamlio

    return yamlio.to_plain(tree)


def _located(tree: Any) -> Any:
    return tree.located() if isinstance(tree, reading.Tree) else tree


def finding(
    root: str,
    code: str,
    message: str,
    file: File | str,
    *,
    path: str | None = None,
    where: tuple[int | None, int | None] | None = None,
) -> Finding:
    """Make a finding about ``file`` (a :class:`File` or relative path) in ``root``."""
    relpath = file.relpath if isinstance(file, File) else file
    if path is None:
        path = file.head if isinstance(file, File) else ""
    line, column = where or (None, None)
    name = str(Path(root) / relpath)
    return Finding(
        code=code, message=message, path=path, file=name, line=line, column=column
    )


def _child_ids(
    root: str, file: File, tree: Any, found: list[Finding]
) -> tuple[str, ...]:
    value = tree.get("themes", [])
    if not isinstance(value, list):
        message = "expected a list of theme ids, one per file in themes/"
        where = position(tree, ("themes",))
        found.append(
            finding(
                root,
                "invalid-value",
                message,
                file,
                path=f"{file.head}.themes",
                where=where,
            )
        )
        return ()
    ids: list[str] = []
    for index, item in enumerate(value):
        if isinstance(item, str) and is_slug(item):
            ids.append(str(item))
            continue
        message = f"expected a theme id (a file name in themes/), found {item!r}"
        where = position(tree, ("themes", index))
        path = f"{file.head}.themes[{index}]"
        found.append(
            finding(root, "invalid-value", message, file, path=path, where=where)
        )
    return tuple(ids)


def decode(root: str, file: File, tree: Any, found: list[Finding]) -> Decoded | None:
    """Turn the tree read from ``file`` into a model object.

    Every problem is appended to ``found`` with its line and column; returns
    None if there was any.
    """
    before = len(found)
    for key in _NOT_IN_FILE[file.kind]:
        if key in tree:
            source = "files in updates/" if key == "updates" else "the file name"
            message = f"remove {key!r}: the {key} comes from {source}"
            where = position(tree, (key,), key=True)
            path = f"{file.head}.{key}"
            found.append(
                finding(root, "misplaced-key", message, file, path=path, where=where)
            )
    data = to_plain(tree)
    for key in _NOT_IN_FILE[file.kind]:
        data.pop(key, None)
    children: tuple[str, ...] = ()
    if file.kind in ("strategy", "theme"):
        children = _child_ids(root, file, tree, found)
        data.pop("themes", None)
    if file.kind == "update":
        data["subject"] = file.id
    elif file.kind != "municipality":
        data["id"] = file.id
    try:
        entity: Any = serialize.converter.structure(data, _CLASSES[file.kind])
    except Exception as error:  # noqa: BLE001 - every problem becomes a finding
        for inner, code, message in serialize.problems(error):
            where = position(tree, inner, key=code == "unknown-key")
            found.append(
                finding(
                    root, code, message, file, path=join(file.head, inner), where=where
                )
            )
        return None
    return None if len(found) > before else Decoded(entity, children)


def assemble(
    root: str,
    files: list[File],
    decoded: dict[str, Decoded],
    trees: dict[str, Any],
    found: list[Finding],
) -> Portfolio | None:
    """Put decoded files together into a portfolio; None if anything is wrong.

    Reports theme files no ``themes`` list names, listed themes without a
    file, and themes listed twice.
    """
    by_kind: dict[str, list[tuple[File, Decoded]]] = {}
    for file in files:
        if file.relpath in decoded:
            by_kind.setdefault(file.kind, []).append((file, decoded[file.relpath]))
    themes: dict[str, dict[str, tuple[File, Decoded]]] = {}
    for file, result in by_kind.get("theme", []):
        themes.setdefault(file.owner, {})[file.id] = (file, result)
    broken: dict[str, set[str]] = {}
    for file in files:
        if file.kind == "theme" and file.relpath not in decoded:
            broken.setdefault(file.owner, set()).add(file.id)
    strategies = []
    for file, result in by_kind.get("strategy", []):
        tree = _ThemeTree(root, themes.get(file.id, {}), trees, found)
        tree.broken = broken.get(file.id, set())
        roots = tree.build(file, result.children)
        for theme_file, _parent in tree.themes.values():
            # The children of a theme file that could not be read are unknown.
            if theme_file.id not in tree.placed and not tree.broken:
                message = (
                    f"theme file {theme_file.relpath} is not listed in any themes list"
                    f" of strategies/{file.id}; add {theme_file.id!r} to one"
                )
                found.append(finding(root, "theme-not-listed", message, theme_file))
        strategies.append(attrs.evolve(result.entity, themes=roots))
    updates: dict[str, list[StatusUpdate]] = {}
    for file, result in by_kind.get("update", []):
        updates.setdefault(file.owner, []).append(result.entity)
    municipality = by_kind.get("municipality")
    if found or not municipality:
        return None

    def entities(kind: str) -> list[Any]:
        return [result.entity for _, result in by_kind.get(kind, [])]

    return Portfolio(
        municipality=municipality[0][1].entity,
        bodies=entities("bodies"),
        organisations=entities("organisations"),
        initiatives=entities("initiatives"),
        partnerships=entities("partnerships"),
        strategies=strategies,
        followups=[
            attrs.evolve(result.entity, updates=updates.get(file.id, ()))
            for file, result in by_kind.get("followup", [])
        ],
    )


@attrs.define
class _ThemeTree:
    """Builds one strategy's theme tree from the ``themes`` lists of its files."""

    root: str
    themes: dict[str, tuple[File, Decoded]]
    trees: dict[str, Any]
    found: list[Finding]
    placed: set[str] = attrs.Factory(set)
    broken: set[str] = attrs.Factory(set)  # theme files already reported

    def build(
        self, parent: File, ids: tuple[str, ...], level: int = 1
    ) -> tuple[Theme, ...]:
        built: list[Theme] = []
        if ids and level > MAX_THEME_DEPTH:
            self._too_deep(parent, ids)
            return ()
        for index, theme_id in enumerate(ids):
            if theme_id in self.broken and theme_id not in self.placed:
                self.placed.add(theme_id)
                continue
            if theme_id in self.placed or theme_id not in self.themes:
                self._report(parent, index, theme_id)
                continue
            self.placed.add(theme_id)
            file, result = self.themes[theme_id]
            children = self.build(file, result.children, level + 1)
            built.append(attrs.evolve(result.entity, themes=children))
        return tuple(built)

    def _too_deep(self, parent: File, ids: tuple[str, ...]) -> None:
        # One finding for the tree; the themes below count as placed, so
        # they are not reported again as listed nowhere.
        stack = list(ids)
        while stack:
            theme_id = stack.pop()
            if theme_id in self.themes and theme_id not in self.placed:
                self.placed.add(theme_id)
                stack.extend(self.themes[theme_id][1].children)
        message = (
            f"themes nest more than {MAX_THEME_DEPTH} levels deep here; move these"
            " sub-themes up a level (strategies use three or four)"
        )
        where = position(self.trees[parent.relpath], ("themes",))
        self.found.append(
            finding(
                self.root,
                "theme-too-deep",
                message,
                parent,
                path=f"{parent.head}.themes",
                where=where,
            )
        )

    def _report(self, parent: File, index: int, theme_id: str) -> None:
        if theme_id in self.placed:
            code = "theme-listed-twice"
            message = (
                f"theme {theme_id!r} is listed more than once (or inside itself);"
                " list each theme once"
            )
        else:
            code = "theme-missing"
            strategy = parent.owner or parent.id
            message = f"there is no file strategies/{strategy}/themes/{theme_id}.yaml"
        where = position(self.trees[parent.relpath], ("themes", index))
        path = f"{parent.head}.themes[{index}]"
        self.found.append(
            finding(self.root, code, message, parent, path=path, where=where)
        )


# -- writing -------------------------------------------------------------------------


def file_data(file: File, decoded: Decoded) -> dict[str, Any]:
    """Return the data ``file`` holds for ``decoded``, keys in reading order.

    That is the converter's shape of the object, without what the layout
    keeps elsewhere, child themes as a list of ids, and the fields every
    entity shares (sources, illustrative, visibility) last in each mapping:
    a person reading the file wants the title first.
    """
    entity = decoded.entity
    wire = serialize.unstructure(entity)
    if decoded.children:
        wire["themes"] = list(decoded.children)
    data = {
        a.name: wire[a.name]
        for a in attrs.fields(type(entity))
        if a.name in wire and a.name not in _NOT_IN_FILE[file.kind]
    }
    tidied: dict[str, Any] = _shared_last(data)
    return tidied


def _shared_last(value: Any) -> Any:
    shared = ("sources", "illustrative", "visibility")
    if isinstance(value, dict):
        own = {k: _shared_last(v) for k, v in value.items() if k not in shared}
        return own | {k: _shared_last(value[k]) for k in shared if k in value}
    if isinstance(value, list):
        return [_shared_last(item) for item in value]
    return value


def _check_round_trip(
    file: File, entity: Any, data: dict[str, Any], found: list[Finding]
) -> None:
    data = dict(data)
    if file.kind in ("strategy", "theme"):
        data.pop("themes", None)
    if file.kind == "update":
        data["subject"] = str(entity.subject)
    elif file.kind != "municipality":
        data["id"] = entity.id
    try:
        back = serialize.converter.structure(data, type(entity))
    except Exception as error:  # noqa: BLE001 - every problem becomes a finding
        found += [
            Finding(code=code, message=message, path=join(file.head, inner))
            for inner, code, message in serialize.problems(error)
        ]
        return
    for field in attrs.fields(type(entity)):
        if getattr(back, field.name) != getattr(entity, field.name):
            message = "this value would not read back as it is"
            path = f"{file.head}.{field.name}"
            found.append(Finding(code="lossy-value", message=message, path=path))


def render(
    portfolio: Portfolio, known: Mapping[str, Decoded] | None = None
) -> dict[str, tuple[File, Decoded, dict[str, Any] | None]]:
    """Split a portfolio into files: relative path to (file, object, data).

    Raises :class:`ValidationError` for ids that would share a file and for
    any object that would not read back unchanged, so a save never writes
    what a load would refuse or alter.

    ``known`` holds what each file held when it was last read or written;
    an object equal to it (usually the very same object) is not rendered
    again: its data is None.
    """
    known = known or {}
    outputs: dict[str, tuple[File, Decoded, dict[str, Any] | None]] = {}
    found: list[Finding] = []

    def add(relpath: str, entity: Any, children: tuple[str, ...] = ()) -> None:
        file = classify(relpath)
        if file is None or relpath in outputs:
            # Ids are slugs by construction, so only a duplicate gets here.
            message = f"{relpath} would be written twice: ids must be unique"
            found.append(Finding(code="duplicate-id", message=message, path=relpath))
            return
        was = known.get(relpath)
        if (
            was is not None
            and was.children == children
            and (was.entity is entity or was.entity == entity)
        ):
            outputs[relpath] = (file, was, None)
            return
        decoded = Decoded(entity, children)
        data = file_data(file, decoded)
        outputs[relpath] = (file, decoded, data)
        _check_round_trip(file, entity, data, found)

    add(MUNICIPALITY, portfolio.municipality)
    for coll in FILE_PER_ENTITY:
        for entity in getattr(portfolio, coll):
            add(f"{coll}/{entity.id}.yaml", entity)
    for strategy in portfolio.strategies:
        base = f"strategies/{strategy.id}"
        roots = tuple(t.id for t in strategy.themes)
        add(f"{base}/strategy.yaml", attrs.evolve(strategy, themes=()), roots)
        for theme in strategy.all_themes():
            children = tuple(t.id for t in theme.themes)
            add(
                f"{base}/themes/{theme.id}.yaml",
                attrs.evolve(theme, themes=()),
                children,
            )
    for followup in portfolio.followups:
        base = f"followups/{followup.id}"
        add(f"{base}/followup.yaml", attrs.evolve(followup, updates=()))
        for update in followup.updates:
            add(
                f"{base}/updates/{update.subject.kind}-{update.subject.id}.yaml", update
            )
    if found:
        raise ValidationError(found, _("the portfolio cannot be saved"))
    return outputs
