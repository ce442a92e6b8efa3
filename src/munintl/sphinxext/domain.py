"""The ``munintl`` Sphinx domain: entities as objects, roles that link to them.

A directive that shows an entity (``munintl:initiative``, ``munintl:theme``,
…) declares it here, so it appears in the general index, in the search
index and in ``objects.inv`` for intersphinx.  Prose links to it with a
role named after its kind::

    The :munintl:initiative:`active-travel-network` brought nine towns together.

A role without an explicit title shows the entity's title in the build
language.  A link to an entity no page shows is a warning (an error with
``-W``); links the directives make themselves, in tables and lists, fall
back to plain text where no page shows their target.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

#: The kinds of entity a site shows, with the words the index uses.
KINDS: dict[str, str] = {
    "strategy": "strategy",
    "theme": "theme",
    "initiative": "initiative",
    "partnership": "partnership",
    "organisation": "organisation",
    "body": "body",
    "followup": "follow-up",
}


def anchor(kind: str, ident: str) -> str:
    """The HTML id of an entity's target: ``munintl-initiative-atn``."""
    return f"munintl-{kind}-{ident}"


def reference(
    kind: str, ident: str, title: str, *, optional: bool = True
) -> addnodes.pending_xref:
    """A link to an entity, resolved when every page has been read.

    ``optional`` links become plain text where no page shows the entity.
    """
    node = addnodes.pending_xref(
        "",
        nodes.inline(title, title, classes=["xref", "munintl", f"munintl-{kind}"]),
        refdomain="munintl",
        reftype=kind,
        reftarget=ident,
        refexplicit=True,
        refwarn=not optional,
    )
    node["munintl_optional"] = optional
    return node


class MunintlDomain(Domain):
    """Entities of a municipality's international strategy."""

    name = "munintl"
    label = "munintl"
    # Class attributes, as Sphinx's Domain API declares them.
    object_types = {kind: ObjType(word, kind) for kind, word in KINDS.items()}  # noqa: RUF012
    roles = {kind: XRefRole() for kind in KINDS}  # noqa: RUF012
    initial_data = {"objects": {}}  # noqa: RUF012
    data_version = 1

    @property
    def objects(self) -> dict[tuple[str, str], tuple[str, str, str]]:
        """``(kind, id)`` → ``(docname, anchor, title)``."""
        objects: dict[tuple[str, str], tuple[str, str, str]] = self.data["objects"]
        return objects

    def note_object(self, kind: str, ident: str, title: str, docname: str) -> str:
        """Record that ``docname`` shows an entity; return its anchor."""
        target = anchor(kind, ident)
        self.objects[kind, ident] = (docname, target, title)
        return target

    def clear_doc(self, docname: str) -> None:
        """Forget the entities a page showed, before it is read again."""
        for key, (doc, _anchor, _title) in list(self.objects.items()):
            if doc == docname:
                del self.objects[key]

    def merge_domaindata(
        self, docnames: Iterable[str], otherdata: dict[str, Any]
    ) -> None:
        """Take the entities read by another process of a parallel build."""
        names = set(docnames)
        for key, value in otherdata["objects"].items():
            if value[0] in names:
                self.objects[key] = value

    # Sphinx puts whatever node these return in place of the reference, so a
    # plain-text fallback (an Element, not a reference) is fine.
    def resolve_xref(  # type: ignore[override]  # noqa: PLR0917
        self,
        env: Any,
        fromdocname: str,
        builder: Any,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        """Link to the page showing the entity, or plain text for optional links."""
        found = self.objects.get((typ, target))
        if found is None:
            return contnode if node.get("munintl_optional") else None
        docname, target_id, title = found
        if not node.get("refexplicit"):
            contnode = nodes.inline(title, title, classes=contnode.get("classes", []))
        return make_refnode(builder, fromdocname, docname, target_id, contnode, title)

    def resolve_any_xref(  # type: ignore[override]  # noqa: PLR0917
        self,
        env: Any,
        fromdocname: str,
        builder: Any,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.Element]]:
        """Resolve ``:any:`` links to entities of every kind."""
        out = []
        for kind in KINDS:
            if (kind, target) in self.objects:
                resolved = self.resolve_xref(
                    env, fromdocname, builder, kind, target, node, contnode
                )
                if resolved is not None:
                    out.append((f"munintl:{kind}", resolved))
        return out

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Every entity, for the search index and ``objects.inv``."""
        for (kind, ident), (docname, target, title) in sorted(self.objects.items()):
            yield ident, title, kind, docname, target, 1
