"""Texts, labels, dates and amounts in one report language: :class:`Localizer`.

A report kind builds its whole document in one language, through a
:class:`Localizer` made for the request (:func:`localizer_for`):

* content (:class:`~munintl.model.LocalizedText`) in the report language,
  else along the fallback chain, recording every text shown in another
  language so the report can say so (:meth:`Localizer.fallback_blocks`);
* labels through the library's gettext catalogs (``Localizer._``);
  mark label strings for extraction with :func:`N_` where they are defined
  away from the call;
* code labels from the registered codelists;
* dates and amounts through Babel, amounts per currency, never summed
  across currencies.

:class:`ReportError` is what a report kind raises for a request it cannot
build as asked, an unknown language among them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from munintl.errors import ReportError
from munintl.i18n import _ as gettext
from munintl.i18n import catalog, clipped, has_catalog
from munintl.i18n import primary as primary_language
from munintl.model import (
    Codelist,
    LocalizedText,
    Money,
    PartialDate,
    Period,
    totals,
)
from munintl.model.markdown import escape_markdown, language_span
from munintl.reports.building.blocks import (
    ParagraphStyle,
    in_language,
    text_blocks,
)
from munintl.reports.document import (
    Block,
    Cell,
    Facts,
    Figure,
    Heading,
    LanguageRun,
    ListBlock,
    Paragraph,
    Prose,
    ReportDocument,
    Table,
    Timeline,
)

if TYPE_CHECKING:
    from pathlib import Path

    from munintl.model import Portfolio
    from munintl.reports.request import ReportRequest


def N_(message: str) -> str:
    """Mark ``message`` for extraction; translate it later with ``Localizer._``."""
    return message


#: What Markdown marks (or escapes) in a line; a line without is plain text.
_MARKS = re.compile(r"[\\`*_\[\]<>#~|&!]")

#: Where a list or a label joins texts: "A, B", "A; B", "Label: text",
#: "Name (role)", "A – B".  A shown text is found between two of them.
_JOINS = re.compile(r", |; |: | \(|\)| – ")

#: A letter: a part without one (a year, a number) is never a shown text.
_LETTER = re.compile(r"[^\W\d_]")

#: What may stand between two runs of one language that are one run.
_JOINED = re.compile(r"(?:[,;:] | – )")


@attrs.frozen
class _Known:
    """Texts to find in a line: ``find`` gives a text's language or None.

    ``longest`` is the length of the longest text ``find`` knows and
    ``starts`` the first two characters of each (of the text and of it
    with a capital), so most places are passed over without a look-up.
    """

    find: Callable[[str], str | None]
    longest: int
    starts: frozenset[str]

    @classmethod
    def of(cls, texts: Iterable[str], find: Callable[[str], str | None]) -> _Known:
        texts = list(texts)
        starts = {text[:2] for text in texts}
        starts |= {text[:1].upper() + text[1:2] for text in texts}
        return cls(find, max(map(len, texts), default=0), frozenset(starts))


def _found_runs(text: str, known: _Known) -> tuple[LanguageRun, ...]:
    """Find the parts of ``text`` between joins that ``known`` gives a language.

    From each place a part starts, the longest part that ``known.find``
    knows is taken (a name may hold a join itself: "Climate, energy and
    environment"); a part without a letter is never taken.  Neighbouring
    runs of one language, joined by a comma, semicolon, colon or dash,
    are merged.
    """
    find, longest, starts_of = known.find, known.longest, known.starts
    if text[:2] in starts_of and len(text) <= longest:
        whole = find(text)
        if whole is not None and _LETTER.search(text):
            return (LanguageRun(0, len(text), whole),)
    joins = list(_JOINS.finditer(text))
    if not joins:
        return ()
    starts = [0, *(join.end() for join in joins)]
    ends = [*(join.start() for join in joins), len(text)]
    runs: list[LanguageRun] = []
    done = 0
    for start in starts:
        if start < done or text[start : start + 2] not in starts_of:
            continue
        for end in reversed(ends):
            if end <= start:
                break
            if end - start > longest:
                continue
            part = text[start:end]
            language = find(part)
            if language is None or not _LETTER.search(part):
                continue
            last = runs[-1] if runs else None
            if (
                last is not None
                and last.language == language
                and _JOINED.fullmatch(text[last.end : start])
            ):
                runs[-1] = LanguageRun(last.start, end, language)
            else:
                runs.append(LanguageRun(start, end, language))
            done = end
            break
    return tuple(runs)


#: A letter of a currency code directly before a digit ("SEK850").
_CODE_BEFORE_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)")

#: Labels of codes that have no registered codelist: a partnership party's
#: status (derived from its events) and a follow-up's state.
BUILTIN_LABELS: dict[str, dict[str, str]] = {
    "partnership-status": {
        "proposed": N_("Proposed"),
        "active": N_("Active"),
        "renewed": N_("Renewed"),
        "expired": N_("Expired"),
        "limited": N_("Limited"),
        "suspended": N_("Suspended"),
        "dormant": N_("Dormant"),
        "ended": N_("Ended"),
        "relinquished": N_("Relinquished"),
        "transferred": N_("Transferred"),
        "handed-over": N_("Handed over to civil society"),
        "replaced": N_("Replaced"),
    },
    "follow-up-state": {
        "draft": N_("Draft"),
        "submitted": N_("Submitted"),
        "noted": N_("Noted"),
        "decided": N_("Decided"),
    },
}


#: How a sentence says when, by a date's precision and whether it is approximate.
WHEN: dict[tuple[str, bool], str] = {
    ("day", False): N_("on {date}"),
    ("month", False): N_("in {month}"),
    ("year", False): N_("in {year}"),
    ("decade", False): N_("in the {year}s"),
    ("day", True): N_("around {date}"),
    ("month", True): N_("around {month}"),
    ("year", True): N_("around {year}"),
    ("decade", True): N_("around the {year}s"),
}


#: How each part of a decade is written: "early 2000s".
DECADE_PARTS: dict[str, str] = {
    "early": N_("early {year}s"),
    "mid": N_("mid-{year}s"),
    "late": N_("late {year}s"),
}


@attrs.frozen(kw_only=True)
class FallbackUse:
    """One text shown in another language than the report's.

    ``item`` names the thing the text belongs to, ``field`` which of its
    texts it is, ``language`` the language it is shown in.
    """

    item: str
    field: str
    language: str


@attrs.frozen(kw_only=True)
class Resolved:
    """A text resolved for the report: the text and the language it is in."""

    text: str
    language: str | None
    fallback: bool


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return tuple(seen)


def _humanise(code: str) -> str:
    text = code.replace("-", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else code


class Localizer:
    """Texts, labels, dates and amounts in one report language.

    ``fallback`` is the configured chain for ``language`` (``en`` → ``da``);
    ``default_language`` (the municipality's) is tried after it, and then any
    language the text has.  Every text shown in a language other than the
    report's is recorded in ``fallbacks`` when the caller names it.

    Raise :class:`ReportError` when Babel has no data for ``language``.
    """

    def __init__(
        self,
        language: str,
        fallback: Sequence[str] = (),
        *,
        codelists: Mapping[str, Codelist] | None = None,
        default_language: str | None = None,
        note_machine: bool = True,
        labels: Mapping[str, str] | None = None,
        catalogs: Sequence[Path] = (),
        label_fallback: str = "en-GB",
    ) -> None:
        from babel import Locale, UnknownLocaleError

        self.language = language
        primary = _primary(language)
        self.chain: tuple[str, ...] = _dedupe(
            (language, primary, *fallback, default_language or "")
        )
        # munintl's own words -- labels, code names, dates, language names --
        # are all in one language: the report's if munintl has a catalog for
        # it, else ``label_fallback`` as a whole.
        words_locale = language
        if not has_catalog(primary, catalogs):
            words_locale = label_fallback
        #: The language munintl's words are in (the report's, or the fallback).
        self.catalog_language: str = primary_language(words_locale)
        #: True when munintl had no catalog for the report's language.
        self.words_fell_back: bool = self.catalog_language != primary
        self._words = catalog(
            self.catalog_language,
            catalogs,
            None if self.words_fell_back else labels,
        )
        self.codelists: Mapping[str, Codelist] = codelists or {}
        try:
            Locale.parse(language.replace("_", "-"), sep="-")
            self.locale: Any = Locale.parse(words_locale.replace("_", "-"), sep="-")
        except (UnknownLocaleError, ValueError):
            raise ReportError(
                gettext(
                    "{language!r} is not a language munintl can write reports in;"
                    " use a language tag such as da, en or de"
                ).format(language=clipped(language))
            ) from None
        self.fallbacks: list[FallbackUse] = []
        self._seen: set[tuple[str, str, str]] = set()
        #: Every text shown in another language, and that language.
        self.shown: dict[str, str] = {}
        self._shown_markdown: dict[str, str] | None = None
        self._known: _Known | None = None
        self._known_markdown: _Known | None = None
        self.note_machine = note_machine
        self.machine: list[FallbackUse] = []
        self._machine_seen: set[tuple[str, str, str]] = set()
        # Labels and dates repeat thousands of times in a large report, and
        # Babel and gettext are the slowest steps of building one.
        self._labels: dict[str, str] = {}
        self._dates: dict[PartialDate | dt.date, str] = {}
        self._amounts: dict[Money, str] = {}

    # -- labels --------------------------------------------------------------

    def _(self, message: str) -> str:
        """Translate a label from the library's catalogs into the report language."""
        label = self._labels.get(message)
        if label is None:
            label = self._labels[message] = self._words.gettext(message)
        return label

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """Translate a label with plural forms for ``count`` in the report language."""
        return self._words.ngettext(singular, plural, count)

    def code(self, scheme: str, code: str | None) -> str:
        """Return the label of ``code`` in the codelist ``scheme`` ("" for none).

        A code the registered lists do not know is shown with its hyphens as
        spaces (``on-track`` → "On track").
        """
        if not code:
            return ""
        codelist = self.codelists.get(scheme)
        item = codelist.item(code) if codelist is not None else None
        if item is None:
            builtin = BUILTIN_LABELS.get(scheme, {}).get(code)
            return self._(builtin) if builtin else _humanise(code)
        # In the one language of munintl's words: the codelist's own label
        # in it, else its English label as the catalogs translate it.
        own = item.label.values.get(self.catalog_language, "").strip()
        if own:
            return own
        # A municipality's own code labelled in none of them keeps its word.
        english = item.label.values.get("en", "").strip()
        if english:
            return self._(english)
        return item.label.get(self.language, fallback=self.chain[1:]) or _humanise(code)

    def yes_no(self, value: bool) -> str:
        """Say "yes" or "no" in the report language."""
        return self._("yes") if value else self._("no")

    def language_name(self, tag: str) -> str:
        """Return the name of the language ``tag`` in the report language."""
        from babel import Locale, UnknownLocaleError

        try:
            locale = Locale.parse(tag.replace("_", "-"), sep="-")
        except (UnknownLocaleError, ValueError):
            return tag
        name: str | None = locale.get_display_name(self.locale)
        return name or tag

    # -- content -------------------------------------------------------------

    def resolve(
        self, value: LocalizedText, item: str = "", field: str = ""
    ) -> Resolved:
        """Find ``value`` in the report language or along the fallback chain.

        A text shown in another language is recorded in ``fallbacks``
        when ``item`` is given.  An empty text resolves to ``""``.
        """
        found = value.resolve(self.chain[0], self.chain[1:])
        if found is None:
            found = next(
                ((lang, text) for lang, text in value.values.items() if text.strip()),
                None,
            )
        if found is None:
            return Resolved(text="", language=None, fallback=False)
        language, text = found
        fallback = _primary(language) != _primary(self.language)
        if fallback:
            self.shown.setdefault(text.strip(), language)
        if fallback and item:
            self._record(item, field, language)
        if item:
            self._record_machine(value, item, field, language)
        return Resolved(text=text, language=language, fallback=fallback)

    def _record_machine(
        self, value: LocalizedText, item: str, field: str, language: str
    ) -> None:
        provenance = value.provenance.get(language)
        if (
            self.note_machine
            and provenance is not None
            and provenance.method == "machine"
            and provenance.review != "reviewed"
        ):
            key = (item, field, language)
            if key not in self._machine_seen:
                self._machine_seen.add(key)
                self.machine.append(
                    FallbackUse(item=item, field=field, language=language)
                )

    def text(self, value: LocalizedText, item: str = "", field: str = "") -> str:
        """Return the text of ``value`` for the report (see :meth:`resolve`)."""
        return self.resolve(value, item, field).text

    def name(self, value: LocalizedText, default: str, field: str | None = None) -> str:
        """Return a name or title, ``default`` if it has none.

        One shown in another language is recorded under its own text, as
        ``field`` (default "Name").
        """
        resolved = self.resolve(value)
        if not resolved.text:
            return default
        if resolved.language:
            where = field or self._("Name")
            if resolved.fallback:
                self._record(resolved.text, where, resolved.language)
            self._record_machine(value, resolved.text, where, resolved.language)
        return resolved.text

    def title(self, value: LocalizedText, default: str) -> str:
        """Return a title (see :meth:`name`)."""
        return self.name(value, default, self._("Title"))

    def _record(self, item: str, field: str, language: str) -> None:
        key = (item, field, language)
        if key not in self._seen:
            self._seen.add(key)
            self.fallbacks.append(
                FallbackUse(item=item, field=field, language=language)
            )

    def blocks(
        self,
        value: LocalizedText,
        item: str = "",
        field: str = "",
        *,
        illustrative: bool = False,
    ) -> list[Block]:
        """Return the paragraphs and lists of ``value``, styled for the report.

        Illustrative texts get the ``illustrative`` style, texts in a
        fallback language the ``fallback`` style.
        """
        resolved = self.resolve(value, item, field)
        style: ParagraphStyle = "normal"
        if illustrative:
            style = "illustrative"
        elif resolved.fallback:
            style = "fallback"
        language = resolved.language if resolved.fallback else None
        return text_blocks(resolved.text, style, language)

    def marked(self, value: LocalizedText, item: str = "", field: str = "") -> str:
        """Return the text of ``value`` as Markdown, marked with its language.

        A text shown in another language than the report's has each of its
        paragraphs and list items in a language span, so formats that can
        say a language (HTML, DOCX, PDF) say it; see :meth:`resolve`.
        """
        resolved = self.resolve(value, item, field)
        language = resolved.language if resolved.fallback else None
        return in_language(resolved.text, language)

    # -- marking what is shown in another language -----------------------------

    def language_of(self, text: str) -> str | None:
        """Return the language ``text`` is in if it is shown in another one.

        ``text`` is a text the report showed in a fallback language (its
        first letter perhaps made a capital), or such texts joined by ": "
        or in a list ("Policy area: Citizen service"), all in one language;
        else None.
        """
        runs = self.runs(text)
        if len(runs) == 1 and (runs[0].start, runs[0].end) == (0, len(text)):
            return runs[0].language
        return None

    def runs(self, text: str) -> tuple[LanguageRun, ...]:
        """Find the words of plain ``text`` shown in another language.

        ``text`` is a text the report showed in a fallback language, or
        holds such texts where a list or a label joins texts ("Weiz, City
        of Oulu; Umeå", "Policy area: Citizen service", "Oulu (Partner)":
        between ", ", "; ", ": ", " (", ")" and " – ").  Neighbouring runs
        of one language are one run ("Policy area: Citizen service").  No
        run when nothing is shown in another language.
        """
        if not self.shown or not text:
            return ()
        if self._known is None:
            self._known = _Known.of(self.shown, self._shown)
        return _found_runs(text, self._known)

    def _shown(self, text: str) -> str | None:
        found = self.shown.get(text)
        if found is None and text[:1].isupper():  # "Policy area" of "policy area"
            found = self.shown.get(text[:1].lower() + text[1:])
        return found

    def mark_languages(self, document: ReportDocument) -> ReportDocument:
        """Mark the texts of ``document`` that are shown in another language.

        A kind writes names and titles as plain text wherever they go; this
        pass finds those a heading, a table cell, a list item, a fact's
        value or a timeline's label consists of or lists ("**Partners:**
        Weiz, City of Oulu"), among the texts shown in a fallback language,
        and marks them with their language: a heading's ``language``, the
        words of a prose cell, a list item or a paragraph in a language
        span, a plain cell in its table's ``languages`` (whole) or
        ``parts`` (some of its words: it stays plain, so spreadsheets keep
        their types), a fact's value in the block's ``languages``, a
        timeline's labels and groups in their ``languages``.  Text marked
        already is left as it is.
        """
        if not self.shown:
            return document
        self._shown_markdown = None  # texts may have been shown since
        self._known = self._known_markdown = None
        return attrs.evolve(
            document, blocks=[self._mark_block(block) for block in document.blocks]
        )

    def _mark_block(self, block: Block) -> Block:
        if isinstance(block, Heading):
            return self._mark_heading(block)
        if isinstance(block, Paragraph):
            return attrs.evolve(block, text=self._mark_line(block.text))
        if isinstance(block, ListBlock):
            items = tuple(self._mark_line(item) for item in block.items)
            return attrs.evolve(block, items=items)
        if isinstance(block, Table | Facts | Figure):
            return self._mark_data(block)
        return block

    def _mark_heading(self, heading: Heading) -> Heading:
        if heading.language or heading.parts:
            return heading  # marked already
        runs = self.runs(heading.text)
        if len(runs) == 1 and (runs[0].start, runs[0].end) == (0, len(heading.text)):
            return attrs.evolve(heading, language=runs[0].language)
        return attrs.evolve(heading, parts=runs)

    def _mark_data(self, block: Table | Facts | Figure) -> Block:
        if isinstance(block, Table):
            return self._mark_table(block)
        if isinstance(block, Facts):
            return self._mark_facts(block)
        timeline = block.timeline
        if timeline is not None:
            timeline = self._mark_timeline(timeline)
        return attrs.evolve(
            block,
            data=self._mark_table(block.data),
            timeline=timeline,
            title_languages=block.title_languages or self.runs(block.title),
        )

    def _mark_facts(self, facts: Facts) -> Facts:
        marked = [
            (index, run)
            for index, (_label, value) in enumerate(facts.items)
            for run in self.runs(value)
        ]
        if not marked:
            return facts
        return attrs.evolve(facts, languages=(*facts.languages, *marked))

    def _mark_timeline(self, timeline: Timeline) -> Timeline:
        # A summarised timeline draws no group headings: its counts' labels
        # name the groups.
        groups = dict.fromkeys(
            [bar.group for bar in timeline.bars]
            + [event.group for event in timeline.events]
        )
        return attrs.evolve(
            timeline,
            bars=tuple(
                attrs.evolve(bar, languages=self.runs(bar.label))
                for bar in timeline.bars
            ),
            events=tuple(
                attrs.evolve(event, languages=self.runs(event.label))
                for event in timeline.events
            ),
            counts=tuple(
                attrs.evolve(count, languages=self.runs(count.label))
                for count in timeline.counts
            ),
            group_languages=(
                *timeline.group_languages,
                *((group, run) for group in groups for run in self.runs(group)),
            ),
        )

    def _mark_table(self, table: Table) -> Table:
        rows = tuple(tuple(self._mark_cell(cell) for cell in row) for row in table.rows)
        languages = list(table.languages)
        parts = list(table.parts)
        for row_number, row in enumerate(rows):
            for column, cell in enumerate(row):
                if not isinstance(cell, str):
                    continue
                runs = self.runs(cell)
                if len(runs) == 1 and (runs[0].start, runs[0].end) == (0, len(cell)):
                    languages.append((row_number, column, runs[0].language))
                else:
                    parts.extend((row_number, column, run) for run in runs)
        return attrs.evolve(
            table,
            rows=rows,
            languages=tuple(languages),
            parts=tuple(parts),
            title_languages=table.title_languages or self.runs(table.title),
        )

    def _mark_cell(self, cell: Cell) -> Cell:
        # A plain cell stays plain (spreadsheets keep their types); prose
        # is Markdown and can hold a language span.
        if isinstance(cell, Prose):
            return Prose(self._mark_line(cell.text))
        return cell

    def _mark_line(self, markdown: str) -> str:
        """Mark the shown texts a line is or lists, or a fact ("**Label:** text") gives.

        A text of several paragraphs is marked when it is a shown text as a
        whole.  Plain string work, no parsing: a follow-up of thousands of
        items has a line per fact.
        """
        core = markdown.strip()
        if not core or "<span lang=" in core:
            return markdown  # nothing, or marked already
        if self._shown_markdown is None:
            self._shown_markdown = {
                **{escape_markdown(text): lang for text, lang in self.shown.items()},
                **self.shown,
            }
            self._known_markdown = _Known.of(
                self._shown_markdown, self._markdown_language
            )
        whole = self._markdown_language(core)
        if whole is not None:
            return in_language(core, whole)
        if "\n" in core:
            return markdown  # a text of several blocks, not shown as one
        label, colon, value = core.partition(":** ")
        lead = ""
        if colon and label.startswith("**"):
            lead, core = f"{label}{colon}", value
        assert self._known_markdown is not None
        runs = _found_runs(core, self._known_markdown)
        if not runs:
            return markdown
        if (
            not lead
            and len(runs) == 1
            and runs[0].start == 0
            and runs[0].end == len(core)
        ):
            return in_language(core, runs[0].language)
        out: list[str] = [lead]
        at = 0
        for run in runs:
            out.append(core[at : run.start])
            out.append(language_span(core[run.start : run.end], run.language))
            at = run.end
        out.append(core[at:])
        return "".join(out)

    def _markdown_language(self, markdown: str) -> str | None:
        assert self._shown_markdown is not None
        found = self._shown_markdown.get(markdown)
        if found is None and markdown[:1].isupper():
            found = self._shown_markdown.get(markdown[:1].lower() + markdown[1:])
        return found

    # -- dates and amounts -----------------------------------------------------

    def date(self, value: PartialDate | dt.date | None) -> str:
        """Write a date as the report language does, to its known precision."""
        if value is None:
            return ""
        text = self._dates.get(value)
        if text is None:
            text = self._dates[value] = self._format_date(value)
        return text

    def _format_date(self, value: PartialDate | dt.date) -> str:
        from babel.dates import format_date, format_skeleton

        if isinstance(value, dt.date):
            text: str = format_date(value, "long", locale=self.locale)
            return text
        if value.bound is not None:
            inner = self.date(attrs.evolve(value, bound=None))
            message = (
                N_("before {date}") if value.bound == "before" else N_("after {date}")
            )
            return self._(message).format(date=inner)
        if value.part is not None:
            text = self._(DECADE_PARTS[value.part]).format(year=value.year)
        elif value.decade:
            text = self._("{year}s").format(year=value.year)
        elif value.day is not None:
            text = format_date(value.first_day, "long", locale=self.locale)
        elif value.month is not None:
            text = format_skeleton("yMMMM", value.first_day, locale=self.locale)
        else:
            text = str(value.year)
        if value.approximate:
            text = self._("c. {date}").format(date=text)
        return text

    def when(self, value: PartialDate | dt.date | None) -> str:
        """Say when something happened as a sentence does, to the date's precision.

        "on 6 October 2008", "in November 2023", "in 2017", "in the 1960s",
        "around 1993" (Danish "den 6. oktober 2008", "i 2017"; German
        "am 6. Oktober 2008", "im Jahr 2017").  An unknown date gives "":
        leave the clause out rather than write "on —".
        """
        if value is None:
            return ""
        if isinstance(value, dt.date):
            value = PartialDate.from_date(value)
        if value.bound is not None:
            return self.date(value)  # "before 1990" reads as a clause already
        if value.part is not None:
            message = (
                N_("around the {date}") if value.approximate else N_("in the {date}")
            )
            date = self.date(attrs.evolve(value, approximate=False))
            return self._(message).format(date=date)
        message = WHEN[value.precision, value.approximate]
        date = self.date(attrs.evolve(value, approximate=False))
        return self._(message).format(date=date, month=date, year=value.year)

    def period(self, value: Period | None) -> str:
        """Write a period such as "2010–2012", "from 1993" or "until 2012"."""
        if value is None:
            return ""
        start = self.date(value.start)
        end = self.date(value.end)
        if start and end:
            return start if start == end else f"{start}–{end}"
        bound = value.start or value.end
        if bound is None:
            return ""
        if bound.decade and bound.part is None and bound.bound is None:
            # "from the 1960s", not "from 1960s"
            message = N_("from the {year}s") if value.start else N_("until the {year}s")
        else:
            message = N_("from {start}") if value.start else N_("until {end}")
        return self._(message).format(start=start, end=end, year=bound.year)

    def datetime(self, value: dt.datetime) -> str:
        """Write a date and time in the report language."""
        from babel.dates import format_datetime

        text: str = format_datetime(value, "medium", locale=self.locale)
        return text

    def money(self, value: Money) -> str:
        """Write an amount with its currency, as the report language does."""
        from babel.numbers import format_currency

        text = self._amounts.get(value)
        if text is None:
            text = format_currency(value.amount, value.currency, locale=self.locale)
            # CLDR's currency spacing, which Babel leaves out: a currency
            # code written before the number is kept apart from it by a
            # no-break space ("SEK 850,000.00", not "SEK850,000.00").
            text = _CODE_BEFORE_DIGIT.sub("\u00a0", text)
            if value.approximate:
                text = self._("c. {date}").format(date=text)
            self._amounts[value] = text
        return text

    def amount(self, amount: Decimal, currency: str) -> str:
        """Write an amount in ``currency``."""
        return self.money(Money(amount=amount, currency=currency))

    def totals(self, amounts: Iterable[Money]) -> list[str]:
        """One total per currency, in currency order; never summed across currencies.

        A total that includes an approximate amount is approximate too.
        """
        amounts = list(amounts)
        sums = totals(amounts)
        rough = {money.currency for money in amounts if money.approximate}
        return [
            self.money(
                Money(
                    amount=sums[currency],
                    currency=currency,
                    approximate=currency in rough,
                )
            )
            for currency in sorted(sums)
        ]

    def number(self, value: int | Decimal) -> str:
        """Write a number with the report language's separators."""
        from babel.numbers import format_decimal

        text: str = format_decimal(value, locale=self.locale)
        return text

    # -- the fallback notice ---------------------------------------------------

    def words_notice(self) -> Paragraph | None:
        """Say once that munintl's words are in another language, if they are."""
        if not self.words_fell_back:
            return None
        return Paragraph(
            text=self._(
                "munintl has no catalog for {language}, so its labels, code names"
                " and dates in this report are in {fallback}."
            ).format(
                language=self.language_name(_primary(self.language)),
                fallback=self.language_name(self.catalog_language),
            ),
            style="fallback",
        )

    def fallback_notice(self) -> Paragraph | None:
        """Return a note that some texts are shown in another language, if any are."""
        if not self.fallbacks:
            return None
        languages = ", ".join(
            self.language_name(lang)
            for lang in sorted({use.language for use in self.fallbacks})
        )
        count = len(self.fallbacks)
        return Paragraph(
            text=self.ngettext(
                "{count} text is not available in {language} and is shown in"
                " {languages}; it is listed under \u201cTexts in another"
                " language\u201d.",
                "{count} texts are not available in {language} and are shown in"
                " {languages}; they are listed under \u201cTexts in another"
                " language\u201d.",
                count,
            ).format(
                count=self.number(count),
                # "English", not "British English": the region is for dates.
                language=self.language_name(_primary(self.language)),
                languages=languages,
            ),
            style="fallback",
        )

    def machine_notice(self, limit: int = 10) -> Paragraph | None:
        """Return a note naming the unreviewed machine translations shown, if any.

        Up to ``limit`` texts are named (item and field); the rest are counted.
        """
        if not self.machine:
            return None
        count = len(self.machine)
        named = "; ".join(f"{use.item} ({use.field})" for use in self.machine[:limit])
        if count > limit:
            named += self._("; and {count} more").format(
                count=self.number(count - limit)
            )
        return Paragraph(
            text=self.ngettext(
                "{count} text was translated by machine and has not been reviewed"
                " by a person: {texts}.",
                "{count} texts were translated by machine and have not been"
                " reviewed by a person: {texts}.",
                count,
            ).format(count=self.number(count), texts=named),
            style="note",
        )

    def fallback_blocks(self, level: int = 2) -> list[Block]:
        """Return the section listing every text shown in a fallback language."""
        if not self.fallbacks:
            return []
        return [
            Heading(text=self._("Texts in another language"), level=level),
            Table(
                title=self._("Texts shown in another language"),
                columns=(self._("Item"), self._("Text"), self._("Shown in")),
                rows=tuple(
                    (use.item, use.field, self.language_name(use.language))
                    for use in self.fallbacks
                ),
            ),
        ]


def localizer_for(
    portfolio: Portfolio, request: ReportRequest, codelists: Mapping[str, Codelist]
) -> Localizer:
    """Make the localizer for ``request``: its language and fallback chain.

    The municipality's default language is tried after the chain.  Raise
    :class:`ReportError` when Babel has no data for the language.
    """
    return Localizer(
        request.language,
        request.fallback,
        codelists=codelists,
        default_language=portfolio.municipality.default_language,
        note_machine=request.note_machine,
        labels=request.labels,
        catalogs=request.catalogs,
        label_fallback=request.label_fallback,
    )
