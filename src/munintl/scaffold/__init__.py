"""Start a new municipality's portfolio from the example shipped with munintl.

``munintl init DIR --from skanderborg --municipality "Odder Kommune"`` makes
a YAML directory store that keeps what another municipality can reuse and
leaves out what is Skanderborg's own:

kept
    the strategy's theme structure (nesting, cross-cutting themes, SDG
    classifications), every goal as an editable placeholder, and the
    configuration (``munintl.toml``: languages, fallbacks);
replaced
    the municipality (name, id, language; no official codes yet), the
    strategy's title and vision (placeholders), the themes' titles and
    labels and the ids of the strategy, its themes and goals -- in the
    municipality's language (:mod:`munintl.scaffold.words`; neutral English
    ids for a language munintl has prepared no words in), every reference
    renamed with its target -- and the bodies: a city council and one
    committee to rename, responsible for every theme;
left out
    Skanderborg's bodies, partners, initiatives, partnerships and
    follow-ups, unless ``keep_examples`` asks for them (then marked as
    illustrative: sample data, not fact; a kept sample follow-up refers to
    the renamed themes and goals, and its fingerprint is taken again).

The new directory also gets JSON Schemas for editors (``schemas/``, their
descriptions in the municipality's language, each YAML file pointing at
its schema on its first line) and a README saying
what to fill in first.  It is written only after it validates.
"""

from __future__ import annotations

import contextlib
import importlib.resources
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from munintl.errors import MunintlError, StorageError, ValidationError
from munintl.i18n import _, message_language
from munintl.model import (
    MAX_ID_LENGTH,
    Body,
    Goal,
    LocalizedText,
    Municipality,
    Portfolio,
    Strategy,
    Theme,
    is_slug,
)
from munintl.model.values import breaks_line
from munintl.scaffold import words
from munintl.scaffold.renaming import new_ids, rename_ids

if TYPE_CHECKING:
    from munintl.hooks.manager import MunintlPluginManager
    from munintl.model import Codelist

#: The examples munintl ships, by the name ``--from`` takes.
#: ``exempelby`` is FICTIONAL (Swedish and English).
EXAMPLES: tuple[str, ...] = ("skanderborg", "exempelby")

CITY_COUNCIL = "city-council"
COMMITTEE = "committee"

_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss"})


class ScaffoldError(MunintlError):
    """A new portfolio cannot be made (unknown example, directory in use)."""


class CountryNeeded(ScaffoldError):
    """The new municipality's country cannot be told from its language."""


def default_country(example: Portfolio, language: str) -> str:
    """The country of a new municipality writing in ``language``.

    The example's where it is the example's language, else the one country
    :data:`munintl.scaffold.words.COUNTRIES` names.  Raise
    :class:`CountryNeeded` for a language written in several countries
    (English, German): the example's country is not the new municipality's.
    """
    if language == example.municipality.default_language:
        return example.municipality.country
    country = words.COUNTRIES.get(language)
    if country is None:
        raise CountryNeeded(
            _(
                "munintl cannot tell the country of a municipality writing in"
                " {language!r} (it does not take the example's, {example}); give"
                " it with --country, an ISO 3166 code such as GB, IE, DE or AT"
            ).format(language=language, example=example.municipality.country)
        )
    return country


def slugify(name: str) -> str:
    """Make an id from a name: ``"Århus Kommune"`` → ``"aarhus-kommune"``.

    Raises :class:`ScaffoldError` when nothing usable is left.
    """
    text = name.lower().translate(_TRANSLITERATE)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > MAX_ID_LENGTH:  # an id names a file: cut it at a word's end
        cut = slug[: MAX_ID_LENGTH + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_ID_LENGTH]
    if not slug or not is_slug(slug):
        raise ScaffoldError(
            _("cannot make an id from {name!r}; give one with --id").format(name=name)
        )
    return slug


@contextlib.contextmanager
def example_path(name: str) -> Iterator[Path]:
    """Yield the directory of the packaged example ``name``.

    An installed wheel holds the examples inside the package
    (``munintl/examples/<name>``); a source checkout or editable install
    finds them in the repository's ``examples/``.
    """
    if name not in EXAMPLES:
        raise ScaffoldError(
            _("there is no example called {name!r}; examples: {examples}").format(
                name=name, examples=", ".join(EXAMPLES)
            )
        )
    packaged = importlib.resources.files("munintl") / "examples" / name
    if packaged.is_dir():
        with importlib.resources.as_file(packaged) as path:
            yield Path(path)
        return
    source = Path(__file__).resolve().parents[3] / "examples" / name
    if source.is_dir():
        yield source
        return
    raise ScaffoldError(
        _("the example {name!r} is missing from this installation").format(name=name)
    )


def _text(kind: str, languages: tuple[str, ...], **values: str) -> LocalizedText:
    """A placeholder in each of ``languages`` munintl has one in, else in English.

    A language without a placeholder gets no text at all, so validation
    lists it as untranslated (``missing-translation``) and reports fall back
    to the English one, shown as English -- never English text stored as
    Swedish or Greenlandic.
    """
    texts = words.PLACEHOLDERS[kind]
    chosen = [language for language in languages if language in texts] or ["en"]
    return LocalizedText(
        values={language: texts[language].format(**values) for language in chosen}
    )


def placeholder_languages() -> tuple[str, ...]:
    """The languages munintl writes a new portfolio's placeholders in."""
    return words.LANGUAGES


def language_problem(tag: str) -> str | None:
    """Say why ``tag`` is not a language code munintl knows (``dk``: ``da``?)."""
    from munintl.plugins.rules.text import language_problem as problem

    return problem(tag)


def country_problem(code: str) -> str | None:
    """Say why ``code`` is not an ISO 3166-1 alpha-2 country code, or None."""
    from munintl.plugins.rules.text import country_problem as problem

    return problem(code)


def config_text(languages: tuple[str, ...]) -> str:
    """Write ``munintl.toml`` for a municipality working in ``languages``.

    Reports are made in every language; a text missing in one falls back to
    the languages listed before it, nearest first, and, where munintl has no
    placeholder in a language, to the languages after it and English, the
    language of the placeholders.

    >>> print(config_text(("kl", "da")))
    # munintl configuration, written by munintl init
    languages = ["kl", "da"]
    <BLANKLINE>
    [fallback]
    kl = ["da", "en"]
    da = ["kl"]
    <BLANKLINE>
    """
    lines = [
        "# munintl configuration, written by munintl init",
        "languages = [" + ", ".join(f'"{tag}"' for tag in languages) + "]",
    ]
    chains: list[str] = []
    have = placeholder_languages()
    for index, language in enumerate(languages):
        chain = list(reversed(languages[:index]))
        if language not in have:
            chain += [tag for tag in (*languages[index + 1 :], "en") if tag != language]
        chain = list(dict.fromkeys(chain))
        if chain:
            key = (
                language
                if re.fullmatch(r"[A-Za-z0-9_]+", language)
                else f'"{language}"'
            )
            chains.append(f"{key} = [" + ", ".join(f'"{tag}"' for tag in chain) + "]")
    if chains:
        lines += ["", "[fallback]", *chains]
    return "\n".join(lines) + "\n"


def _prepared(
    prepared: Mapping[str, str] | None, languages: tuple[str, ...], text: LocalizedText
) -> LocalizedText:
    """The prepared words in each of ``languages`` there are some in.

    Else in English; ``text`` as it was where nothing is prepared.
    """
    if prepared is None:
        return text
    chosen = [language for language in languages if language in prepared] or ["en"]
    return LocalizedText(values={language: prepared[language] for language in chosen})


def _placeholder_theme(theme: Theme, languages: tuple[str, ...], keep: bool) -> Theme:
    goals = tuple(
        Goal(
            id=goal.id,  # renamed with the theme (new_ids)
            statement=_text("goal", languages),
            indicators=(),
            classifications=goal.classifications,
            illustrative=True,
        )
        for goal in theme.goals
    )
    label = theme.label.get("en", ())
    return attrs.evolve(
        theme,
        title=_prepared(words.THEME_TITLES.get(theme.id), languages, theme.title),
        label=_prepared(
            words.THEME_LABELS.get(label) if isinstance(label, str) else None,
            languages,
            theme.label,
        ),
        description=LocalizedText(),
        goals=goals,
        themes=tuple(
            _placeholder_theme(child, languages, keep) for child in theme.themes
        ),
        responsible=theme.responsible
        if keep
        else (COMMITTEE,)
        if theme.responsible
        else (),
        reports_to=theme.reports_to
        if keep
        else (CITY_COUNCIL,)
        if theme.reports_to
        else (),
        sources=(),
        illustrative=False,
    )


def _strategy(
    strategy: Strategy, name: str, languages: tuple[str, ...], keep: bool
) -> Strategy:
    follow_up = strategy.follow_up
    if follow_up is not None and not keep:
        follow_up = attrs.evolve(
            follow_up,
            prepared_by=(),
            addressed_to=(COMMITTEE,) if follow_up.addressed_to else (),
            description=LocalizedText(),
        )
    return attrs.evolve(
        strategy,
        title=_text("title", languages, name=name),
        vision=_text("vision", languages),
        summary=LocalizedText(),
        principles=(),
        period=None,
        status="draft",
        adoption=None,
        supersedes=None,
        documents=(),
        # Who decides which relationship names the example's own bodies.
        decision_rights=strategy.decision_rights if keep else (),
        themes=tuple(_placeholder_theme(t, languages, keep) for t in strategy.themes),
        follow_up=follow_up,
        links=(),
        sources=(),
        illustrative=False,
    )


def _generic_bodies(languages: tuple[str, ...]) -> tuple[Body, ...]:
    return (
        Body(id=CITY_COUNCIL, name=_text(CITY_COUNCIL, languages), type="city-council"),
        Body(
            id=COMMITTEE,
            name=_text(COMMITTEE, languages),
            type="committee",
            parent=CITY_COUNCIL,
        ),
    )


def _renamed_parties(value: Any, old: str, new: str) -> Any:
    # Only the fields that name a party (the municipality or an organisation)
    # can hold the municipality's id.
    if isinstance(value, Mapping):
        return {
            key: new
            if key in ("party", "organisation", "transferred_to") and item == old
            else _renamed_parties(item, old, new)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_renamed_parties(item, old, new) for item in value]
    return value


def _kept_examples(example: Portfolio, new_id: str) -> dict[str, Any]:
    from munintl.wire.convert import structure, unstructure

    old = example.municipality.id
    kept: dict[str, Any] = {}
    for name in ("bodies", "organisations", "initiatives", "partnerships"):
        items = []
        for item in getattr(example, name):
            data = _renamed_parties(unstructure(item), old, new_id)
            data["illustrative"] = True
            items.append(structure(data, type(item)))
        kept[name] = tuple(items)
    # Follow-ups keep their content, but every one of them, each status
    # update and decision is sample data: never the new municipality's
    # report (nor the example's own).  Frozen ones are fingerprinted again
    # once renamed (_refingerprinted).
    kept["followups"] = tuple(
        attrs.evolve(
            followup,
            illustrative=True,
            updates=tuple(
                attrs.evolve(update, illustrative=True) for update in followup.updates
            ),
            decisions=tuple(
                attrs.evolve(decision, illustrative=True)
                for decision in followup.decisions
            ),
        )
        for followup in example.followups
    )
    return kept


def starting_point(
    example: Portfolio,
    *,
    name: str,
    id: str | None = None,
    language: str | None = None,
    country: str | None = None,
    keep_examples: bool = False,
    languages: tuple[str, ...] = (),
) -> Portfolio:
    """Return a new municipality's portfolio made from ``example``.

    ``name`` is the municipality's name in ``language`` (by default the
    example's language), ``id`` its id (made from the name if not given).
    ``languages`` are its working languages (default: ``language`` and
    English).
    """
    language = language or (
        languages[0] if languages else example.municipality.default_language
    )
    new_id = id or slugify(name)
    if not is_slug(new_id):
        raise ScaffoldError(
            _("{id!r} is not a valid id (a-z, 0-9 and hyphens)").format(id=new_id)
        )
    others = languages[1:] if len(languages) > 1 else ("en",)
    languages = tuple(dict.fromkeys((language, *others)))
    municipality = Municipality(
        id=new_id,
        name=LocalizedText(values=dict.fromkeys(languages, name)),
        country=country or default_country(example, language),
        default_language=language,
        working_languages=languages,
    )
    strategies = tuple(
        _strategy(strategy, name, languages, keep_examples)
        for strategy in example.strategies
    )
    if keep_examples:
        start = Portfolio(
            municipality=municipality,
            strategies=strategies,
            **_kept_examples(example, new_id),
        )
    else:
        start = Portfolio(
            municipality=municipality,
            bodies=_generic_bodies(languages),
            strategies=strategies,
        )
    return _refingerprinted(
        rename_ids(start, new_ids(example, language, keep=keep_examples))
    )


def _refingerprinted(portfolio: Portfolio) -> Portfolio:
    # A kept sample follow-up now names the renamed themes and goals: its
    # fingerprint is taken again, so it reads as the sample it is, intact.
    from munintl.followups import content_fingerprint

    followups = tuple(
        attrs.evolve(f, fingerprint=content_fingerprint(f))
        if f.fingerprint is not None
        else f
        for f in portfolio.followups
    )
    return attrs.evolve(portfolio, followups=followups)


def readme(portfolio: Portfolio, example: str) -> str:
    """Write the README of a new portfolio: what it holds, what to fill in first."""
    municipality = portfolio.municipality
    name = municipality.name.get(municipality.default_language) or municipality.id
    strategy = portfolio.strategy()
    strategy_dir = f"strategies/{strategy.id}" if strategy else "strategies/<id>"
    council = next(
        (b.id for b in portfolio.bodies if b.type == "city-council"), CITY_COUNCIL
    )
    committee = next(
        (b.id for b in portfolio.bodies if b.type == "committee"), COMMITTEE
    )
    return f"""# {name}: international strategy as data

This directory was made with `munintl init` from the `{example}` example.  It
is a munintl YAML store: one file per body, initiative, partnership and
follow-up, the strategy and its themes under `{strategy_dir}/`.

Check it at any time with

    munintl validate .

## Fill in first

1. `municipality.yaml`: the name in every working language, the official
   codes (for a Danish municipality `codes: {{kommunekode: "..."}}`) and the
   website.
2. `bodies/`: rename the two bodies, `{council}.yaml` and
   `{committee}.yaml`, and add the committees, departments and other bodies
   that decide and do the work.  The themes name `{committee}` as
   responsible and report to `{council}`: change `responsible` and
   `reports_to` in each theme file to the right bodies.
3. `{strategy_dir}/strategy.yaml`: the strategy's title, vision, summary,
   `period`, `status` and `adoption` (which body adopted it, and when).
4. `{strategy_dir}/themes/`: keep, rename, merge or delete the themes, and
   write each goal.  Every goal is a placeholder marked
   `illustrative: true`; remove that line when the goal is real.
5. Then add what the municipality does: `initiatives/`, `organisations/`
   (partners), `partnerships/` (twin towns, agreements) and, each year,
   `followups/`.  The `{example}` example shows every kind of file.

`munintl.toml` holds the languages reports are made in and the fallbacks
between them.  `schemas/` holds a JSON Schema per kind of file; each YAML
file's first line points at its schema, so an editor with YAML support
(VS Code with the YAML extension, for example) checks the file as you type.
"""


def write_schemas(
    folder: Path, codelists: Mapping[str, Codelist], language: str | None = None
) -> list[Path]:
    """Write every JSON Schema into ``folder``, made if missing; return the files.

    Each file is replaced in one step (a file there already stays whole if
    writing fails); titles and descriptions are in ``language`` (default
    English, see :func:`munintl.wire.schema.schema`).  Raises
    :class:`OSError` when the folder or a file cannot be written.
    """
    from munintl.storage.atomic import replace_atomically
    from munintl.wire import schema

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in schema.SCHEMA_NAMES:
        path = folder / schema.schema_file_name(name)
        text = schema.schema_json(name, codelists, language=language)
        replace_atomically(path, text.encode("utf-8"))
        written.append(path)
    return written


def _schema_modelines(
    root: Path, codelists: Mapping[str, Codelist], language: str
) -> None:
    """Write ``schemas/`` and point every YAML file at its schema.

    The schemas' titles and descriptions, which an editor shows beside each
    key, are in ``language`` (the municipality's, as its files are).
    """
    from munintl.wire import schema

    folder = root / "schemas"
    write_schemas(folder, codelists, language)
    kinds = {
        "bodies": "body",
        "organisations": "organisation",
        "initiatives": "initiative",
        "partnerships": "partnership",
    }
    from munintl.plugins.storage.yaml_dir.layout import classify

    for path in sorted(root.rglob("*.yaml")):
        relative = path.relative_to(root).as_posix()
        file = classify(relative)
        if file is None:
            continue
        kind = kinds.get(file.kind, file.kind)
        target = os.path.relpath(folder / schema.schema_file_name(kind), path.parent)
        line = schema.modeline(Path(target).as_posix())
        content = path.read_text(encoding="utf-8")
        path.write_text(f"{line}\n{content}", encoding="utf-8", newline="\n")


def create(
    directory: str | os.PathLike[str],
    *,
    municipality: str,
    example: str = "skanderborg",
    id: str | None = None,
    language: str | None = None,
    country: str | None = None,
    keep_examples: bool = False,
    manager: MunintlPluginManager | None = None,
    languages: tuple[str, ...] = (),
) -> Portfolio:
    """Make a new portfolio in ``directory`` from a packaged example; return it.

    The directory must not exist or be empty.  Nothing is written unless the
    new portfolio validates; it is built in a temporary directory beside
    ``directory`` and moved into place at the end.  Raises
    :class:`ScaffoldError`, or :class:`~munintl.errors.ValidationError` if
    the result does not validate.

    Given ``language`` or ``languages``, the configuration is written for
    them (:func:`config_text`); otherwise the example's is copied.
    """
    from munintl.hooks.manager import get_plugin_manager
    from munintl.storage import load, open_store
    from munintl.validation import errors_only, validate

    manager = manager or get_plugin_manager()

    _refuse_a_url(os.fspath(directory), manager)
    if breaks_line(municipality):
        # A name is a heading and a table cell in every report: one line.
        raise ScaffoldError(
            _(
                "the municipality's name {name!r} holds a line break; give it on"
                " one line"
            ).format(name=municipality)
        )
    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(
            _("{target} exists and is not empty; choose a new directory").format(
                target=target
            )
        )
    with example_path(example) as source:
        config = source / "munintl.toml"
        toml = config.read_text(encoding="utf-8") if config.is_file() else None
        start = starting_point(
            load(source, manager=manager),
            name=municipality,
            id=id,
            language=language,
            country=country,
            keep_examples=keep_examples,
            languages=languages,
        )
    if language or languages:
        toml = config_text(start.municipality.working_languages)
    problems = errors_only(validate(start, manager=manager))
    if problems:
        raise ValidationError(problems, summary=_("the new portfolio is not valid"))
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        if toml is not None:
            (building / "munintl.toml").write_text(toml, encoding="utf-8", newline="\n")
        open_store(building, manager=manager).save(start)
        _schema_modelines(
            building,
            manager.codelists(),
            message_language(start.municipality.default_language),
        )
        (building / "README.md").write_text(
            readme(start, example), encoding="utf-8", newline="\n"
        )
        written = load(building, manager=manager)
        if written != start:
            raise StorageError(_("the new portfolio did not read back as written"))
        if target.exists():
            target.rmdir()
        os.replace(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return start


def _refuse_a_url(directory: str, manager: Any) -> None:
    """Refuse a database URL (or one written almost right) as the folder to make.

    Read as a path it would be made a folder -- ``postgresql:/editor:secret@db``
    with the password in its name -- before anything failed.
    """
    from munintl.config import is_uri
    from munintl.storage.dispatch import mistyped_url

    schemes = [
        s for backend in manager.storage_backends().values() for s in backend.schemes
    ]
    if is_uri(directory.strip()) or mistyped_url(directory, schemes):
        raise ScaffoldError(
            _(
                "{scheme}...: munintl init makes a folder, not a database;"
                " make the folder, then copy it in: munintl convert FOLDER URL"
            ).format(scheme=directory.strip().partition(":")[0].lower()[:20])
        )
