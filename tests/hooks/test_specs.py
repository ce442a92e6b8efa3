"""Every hook, exercised end to end with test-only plugins, and documented.

Each test registers a small plugin of its own -- a store in memory, an
outline format, an inventory report kind, a toy translator (munintl has no
built-in translator yet), house rules and codes -- written against
:mod:`munintl.hooks` as a third-party plugin would be, and shows that the
hook, the record, the factory and the protocol fit together.  The built-in
plugins have their own tests under ``tests/plugins/<family>/``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest

import munintl
from munintl.errors import Finding, ValidationError
from munintl.hooks import (
    Renderer,
    ReportBuilder,
    ReportFormat,
    ReportKind,
    ReportRequest,
    Rule,
    StorageBackend,
    Store,
    TranslationEngine,
    Translator,
)
from munintl.hooks import specs as hookspecs
from munintl.hooks.manager import FAMILIES, MunintlPluginManager
from munintl.hooks.records import RuleContext
from munintl.model import (
    CodeItem,
    Codelist,
    Initiative,
    LocalizedText,
    Municipality,
    Portfolio,
)
from munintl.reports.document import Heading, ListBlock, Metadata, ReportDocument

Register = Callable[..., str]


def small_portfolio(*initiatives: Initiative) -> Portfolio:
    return Portfolio(
        municipality=Municipality(
            id="lilleby",
            name=LocalizedText.of(da="Lilleby Kommune", en="Lilleby Municipality"),
            country="DK",
            default_language="da",
            working_languages=("da", "en"),
        ),
        initiatives=initiatives,
    )


def initiative(id: str, title: str, **kwargs: Any) -> Initiative:
    return Initiative(
        id=id, title=LocalizedText.of(da=title, en=title), kind="project", **kwargs
    )


# -- storage -------------------------------------------------------------------


@attrs.define
class MemoryStore:
    """A store that keeps portfolios in a dict, keyed by location."""

    location: str
    shelf: dict[str, tuple[Portfolio, str]]
    capabilities: frozenset[str] = frozenset({"revisions"})

    def exists(self) -> bool:
        return self.location in self.shelf

    def load(self) -> Portfolio:
        return self.shelf[self.location][0]

    def revision(self) -> str | None:
        stored = self.shelf.get(self.location)
        return stored[1] if stored else None

    def save(
        self, portfolio: Portfolio, *, expected_revision: str | None = None
    ) -> str:
        revision = str(int(self.revision() or 0) + 1)
        self.shelf[self.location] = (portfolio, revision)
        return revision

    def locate(self, finding: Finding) -> Finding:
        return finding


Shelf = dict[str, tuple[Portfolio, str]]


@pytest.fixture
def shelf(register_plugin: Register) -> Shelf:
    """Register the ``memory://`` store for one test; return what it holds."""
    held: Shelf = {}

    class MemoryPlugin:
        @munintl.hookimpl
        def munintl_storage_backends(self) -> list[StorageBackend]:
            return [
                StorageBackend(
                    name="memory",
                    schemes=("memory",),
                    factory=lambda location, _settings: MemoryStore(location, held),
                )
            ]

    register_plugin(MemoryPlugin())
    return held


def test_hook_munintl_storage_backends(shelf: Shelf) -> None:
    portfolio = small_portfolio(initiative("one", "Et projekt"))
    revision = munintl.save(portfolio, "memory://lilleby")
    assert revision == "1"
    assert munintl.load("memory://lilleby") == portfolio
    assert isinstance(MemoryStore("memory://x", shelf), Store)


# -- report formats and kinds ------------------------------------------------------


class OutlineRenderer:
    """Render headings and list items as indented plain text."""

    def render(self, document: ReportDocument) -> bytes:
        lines = [document.metadata.title]
        for block in document.blocks:
            if isinstance(block, Heading):
                lines.append("#" * block.level + " " + block.text)
            elif isinstance(block, ListBlock):
                lines.extend(f"- {item}" for item in block.items)
        return "\n".join(lines).encode("utf-8")


class InventoryBuilder:
    """List the initiatives' titles in the request's language."""

    def build(self, portfolio: Portfolio, request: ReportRequest) -> ReportDocument:
        titles = tuple(
            i.title.get(request.language, fallback=request.fallback) or i.id
            for i in portfolio.initiatives
        )
        return ReportDocument(
            metadata=Metadata(
                title="Inventory",
                municipality=portfolio.municipality.id,
                language=request.language,
                kind="inventory",
            ),
            blocks=(Heading(text="Initiatives", level=2), ListBlock(items=titles)),
        )


class ReportPlugin:
    @munintl.hookimpl
    def munintl_report_formats(self) -> list[ReportFormat]:
        return [
            ReportFormat(
                name="outline",
                suffixes=("outline",),
                media_type="text/plain",
                factory=lambda _settings: OutlineRenderer(),
            )
        ]

    @munintl.hookimpl
    def munintl_report_kinds(self) -> list[ReportKind]:
        return [ReportKind(name="inventory", factory=InventoryBuilder)]


def test_hook_munintl_report_formats(register_plugin: Register) -> None:
    register_plugin(ReportPlugin())
    manager = munintl.get_plugin_manager()
    record = manager.report_formats()["outline"]
    assert record.suffixes == (".outline",)
    renderer = record.factory(None)
    assert isinstance(renderer, Renderer)
    document = ReportDocument(
        metadata=Metadata(title="T", municipality="m", language="da", kind="k"),
        blocks=(Heading(text="Æbler og ærter", level=2),),
    )
    assert renderer.render(document).decode("utf-8") == "T\n## Æbler og ærter"


def test_hook_munintl_report_kinds(register_plugin: Register) -> None:
    register_plugin(ReportPlugin())
    manager = munintl.get_plugin_manager()
    builder = manager.report_kinds()["inventory"].factory()
    assert isinstance(builder, ReportBuilder)
    portfolio = small_portfolio(initiative("b", "Bølger"), initiative("a", "Ålborg"))
    document = builder.build(portfolio, ReportRequest(language="da"))
    rendered = manager.report_formats()["outline"].factory(None).render(document)
    assert rendered.decode("utf-8").splitlines() == [
        "Inventory",
        "## Initiatives",
        "- Ålborg",
        "- Bølger",
    ]


# -- translators -------------------------------------------------------------------


class ShoutingEngine:
    """A toy machine translator: upper-cases, and tags the target language."""

    max_texts = 50
    max_characters = 10_000

    def translate(
        self,
        texts: Sequence[str],
        *,
        source: str,
        target: str,
        glossary: Mapping[str, str] | None = None,
    ) -> list[str]:
        return [f"[{target}] {text.upper()}" for text in texts]


def test_hook_munintl_translators(register_plugin: Register) -> None:
    class TranslatorPlugin:
        @munintl.hookimpl
        def munintl_translators(self) -> list[Translator]:
            return [
                Translator(
                    name="shout",
                    languages=frozenset({"da", "en"}),
                    factory=lambda _settings: ShoutingEngine(),
                )
            ]

    register_plugin(TranslatorPlugin())
    record = munintl.get_plugin_manager().get("translator", "shout")
    engine = record.factory(None)
    assert isinstance(engine, TranslationEngine)
    assert engine.translate(["hej", "farvel"], source="da", target="en") == [
        "[en] HEJ",
        "[en] FARVEL",
    ]
    assert record.languages == frozenset({"da", "en"})


# -- rules and codelists -------------------------------------------------------------


def needs_acronym(portfolio: Portfolio, context: RuleContext) -> list[Finding]:
    return [
        context.finding("EU projects need an acronym", f"initiatives[{i.id}].acronym")
        for i in portfolio.initiatives
        if i.kind == "eu-project" and not i.acronym
    ]


def test_hook_munintl_rules(register_plugin: Register) -> None:
    class HouseRules:
        @munintl.hookimpl
        def munintl_rules(self) -> list[Rule]:
            return [Rule(name="needs-acronym", severity="warning", check=needs_acronym)]

    register_plugin(HouseRules())
    portfolio = small_portfolio(
        Initiative(
            id="atn", title=LocalizedText.of(da="ATN", en="ATN"), kind="eu-project"
        ),
        Initiative(
            id="urb",
            title=LocalizedText.of(da="URB", en="URB"),
            kind="eu-project",
            acronym="URB",
        ),
    )
    findings = [f for f in munintl.validate(portfolio) if f.code == "needs-acronym"]
    assert findings == [
        Finding(
            code="needs-acronym",
            severity="warning",
            message="EU projects need an acronym",
            path="initiatives[atn].acronym",
        )
    ]


def test_crashing_rule_is_reported_not_raised(register_plugin: Register) -> None:
    def crash(portfolio: Portfolio, context: RuleContext) -> list[Finding]:
        raise RuntimeError("boom")

    class Broken:
        @munintl.hookimpl
        def munintl_rules(self) -> list[Rule]:
            return [Rule(name="crashes", check=crash)]

    register_plugin(Broken())
    findings = [f for f in munintl.validate(small_portfolio()) if f.code == "crashes"]
    assert findings[0].message == "the rule crashed: RuntimeError: boom"


def test_hook_munintl_codelists(register_plugin: Register) -> None:
    class MoreKinds:
        @munintl.hookimpl
        def munintl_codelists(self) -> list[Codelist]:
            return [
                Codelist(
                    scheme="initiative-kind",
                    open=True,
                    items=(
                        CodeItem(
                            code="friendship-week",
                            label=LocalizedText.of(
                                da="Venskabsuge", en="Friendship week"
                            ),
                        ),
                    ),
                ),
                Codelist(
                    scheme="kle",
                    open=False,
                    items=(
                        CodeItem(
                            code="00.01",
                            label=LocalizedText.of(da="Kommunens styrelse"),
                        ),
                    ),
                ),
            ]

    register_plugin(MoreKinds())
    codelists = munintl.get_plugin_manager().codelists()
    assert "friendship-week" in codelists["initiative-kind"].codes()
    assert codelists["initiative-kind"].label("friendship-week", "da") == "Venskabsuge"
    assert codelists["kle"].codes() == ("00.01",)
    portfolio = small_portfolio(
        Initiative(
            id="week",
            title=LocalizedText.of(da="Uge", en="Week"),
            kind="friendship-week",
        )
    )
    assert not [f for f in munintl.validate(portfolio) if f.code == "unknown-code"]


def test_save_refuses_an_invalid_portfolio_and_writes_nothing(shelf: Shelf) -> None:
    broken = small_portfolio(initiative("one", "Et", themes=("no-such-theme",)))
    with pytest.raises(ValidationError, match="nothing was saved"):
        munintl.save(broken, "memory://lilleby")
    assert shelf == {}


def test_fresh_manager_fixture_is_used_by_the_api(
    plugin_manager: MunintlPluginManager,
) -> None:
    assert munintl.get_plugin_manager() is plugin_manager


# -- the specifications themselves -------------------------------------------------


def test_every_hookspec_has_a_docstring_for_plugin_authors() -> None:
    hooks = [name for name in dir(hookspecs) if name.startswith("munintl_")]
    assert sorted(hooks) == sorted(hook for hook, _ in FAMILIES.values())
    for name in hooks:
        doc = inspect.getdoc(getattr(hookspecs, name)) or ""
        assert len(doc.splitlines()) >= 3, name
        assert "Return" in doc, name


def test_every_hookspec_is_exercised_by_a_test() -> None:
    """Each hook ``munintl_x`` has a ``test_hook_munintl_x`` test somewhere."""
    tests = Path(__file__).resolve().parents[1]
    source = "\n".join(p.read_text(encoding="utf-8") for p in tests.rglob("test_*.py"))
    for hook, _ in FAMILIES.values():
        assert f"def test_hook_{hook}" in source, hook
