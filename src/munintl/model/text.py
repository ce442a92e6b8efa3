"""Text in several languages, with where each translation came from.

Every human-readable field of the model is a :class:`LocalizedText`: a map
from a BCP 47 language tag to text in a small Markdown subset (paragraphs,
``*emphasis*``, ``**strong**``, bullet and numbered lists, ``[links](url)``),
so every renderer, translation catalog and the Sphinx extension treat it
alike.  Each language may carry a :class:`Provenance` saying whether it is the
original, a human or machine translation or imported, and the
:func:`source_hash` of the text it was made from; a translation whose hash no
longer matches its source is *stale*.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Literal

import attrs

Method = Literal["original", "human", "machine", "imported"]
Review = Literal["unreviewed", "reviewed", "rejected"]

METHODS: tuple[Method, ...] = ("original", "human", "machine", "imported")
REVIEWS: tuple[Review, ...] = ("unreviewed", "reviewed", "rejected")

_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Return the form of ``text`` that :func:`source_hash` hashes.

    Unicode NFC, every run of whitespace as one space, no leading or trailing
    space: re-wrapping a paragraph or saving it on Windows does not make its
    translations stale.
    """
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def source_hash(text: str) -> str:
    """Hash a source text the way every munintl tool does.

    The result (``"sha256:"`` and 16 hex digits) is stored with a translation
    so a later change of the source marks the translation stale.

    >>> source_hash("Skanderborg  i verden") == source_hash("Skanderborg i verden")
    True
    """
    digest = hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()
    return f"sha256:{digest[:16]}"


@attrs.frozen(kw_only=True)
class Provenance:
    """Where the text in one language came from.

    ``source_language`` and ``source_hash`` name the text a translation was
    made from; ``engine`` the translator plugin for machine translations.
    """

    method: Method = attrs.field(validator=attrs.validators.in_(METHODS))
    source_language: str | None = None
    source_hash: str | None = None
    engine: str | None = None
    translator: str | None = None
    review: Review = attrs.field(
        default="unreviewed", validator=attrs.validators.in_(REVIEWS)
    )


def _text_map(value: Mapping[str, str]) -> dict[str, str]:
    return dict(value)


def _provenance_map(value: Mapping[str, Provenance]) -> dict[str, Provenance]:
    return dict(value)


def _check_provenance(
    instance: LocalizedText, _attribute: object, value: dict[str, Provenance]
) -> None:
    # The wire shape writes provenance beside its text; provenance for a
    # language without text would be lost on the next save.
    orphans = [language for language in value if language not in instance.values]
    if orphans:
        raise ValueError(
            "provenance given for "
            + ", ".join(map(repr, orphans))
            + " but there is no text in that language"
        )


@attrs.frozen(kw_only=True)
class LocalizedText:
    """Text in one or more languages.

    >>> title = LocalizedText(values={"da": "Borgerservice", "en": "Citizen service"})
    >>> title.get("de", fallback=("en", "da"))
    'Citizen service'
    """

    values: dict[str, str] = attrs.field(factory=dict, converter=_text_map, hash=False)
    provenance: dict[str, Provenance] = attrs.field(
        factory=dict,
        converter=_provenance_map,
        validator=_check_provenance,
        hash=False,
    )

    @classmethod
    def of(cls, **values: str) -> LocalizedText:
        """Shorthand: ``LocalizedText.of(da="...", en="...")``."""
        return cls(values=values)

    def __bool__(self) -> bool:
        return any(text.strip() for text in self.values.values())

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __getitem__(self, language: str) -> str:
        return self.values[language]

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this text has, in the order they were given."""
        return tuple(self.values)

    def get(
        self, language: str, fallback: Iterable[str] = (), default: str | None = None
    ) -> str | None:
        """Return the text in ``language``, else in the first fallback that has it."""
        for candidate in (language, *fallback):
            text = self.values.get(candidate)
            if text:
                return text
        return default

    def resolve(
        self, language: str, fallback: Iterable[str] = ()
    ) -> tuple[str, str] | None:
        """Return ``(language actually used, text)`` following the fallbacks."""
        for candidate in (language, *fallback):
            text = self.values.get(candidate)
            if text:
                return candidate, text
        return None

    def source_language(self) -> str | None:
        """The language marked ``original``, if any."""
        for language, provenance in self.provenance.items():
            if provenance.method == "original":
                return language
        return None

    def is_stale(self, language: str) -> bool:
        """Tell whether the translation into ``language`` no longer fits its source.

        A translation is stale when its provenance names a source language and
        hash, and the hash of that source text today differs.
        """
        provenance = self.provenance.get(language)
        if provenance is None or provenance.source_hash is None:
            return False
        source = provenance.source_language or self.source_language()
        if source is None or source == language or source not in self.values:
            return False
        return source_hash(self.values[source]) != provenance.source_hash

    def with_translation(
        self, language: str, text: str, provenance: Provenance | None = None
    ) -> LocalizedText:
        """Return a copy with ``text`` in ``language`` (and its provenance)."""
        values = {**self.values, language: text}
        provenances = dict(self.provenance)
        if provenance is None:
            provenances.pop(language, None)
        else:
            provenances[language] = provenance
        return LocalizedText(values=values, provenance=provenances)


# -- The Markdown subset ---------------------------------------------------


@attrs.frozen
class Inline:
    """A run of inline text: ``kind`` is text, emphasis, strong or link."""

    kind: Literal["text", "emphasis", "strong", "link"]
    text: str
    url: str | None = None


ListKind = Literal["bullets", "numbers"]


@attrs.frozen
class Block:
    """A paragraph (one item) or a bullet or numbered list (one item each)."""

    kind: Literal["paragraph", "bullets", "numbers"]
    items: tuple[tuple[Inline, ...], ...]


_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBER = re.compile(r"^\s*(\d{1,9})[.)]\s+(.*)$")
# Emphasis follows CommonMark where it matters for ordinary prose: the marked
# text neither starts nor ends with a space ("2 * 3 * 4" is arithmetic), and
# underscores inside a word ("snake_case_name") are not emphasis.
_INLINE = re.compile(
    r"\*\*(?P<strong>[^\s*](?:.*?[^\s*])?)\*\*"
    r"|\*(?P<emphasis>[^\s*](?:[^*]*?[^\s*])?)\*"
    r"|(?<![^\W_])_(?P<emphasis2>[^\s_](?:[^_]*?[^\s_])?)_(?![^\W_])"
    r"|\[(?P<label>[^\]]+)\]\((?P<url>[^)\s]+)\)"
)
_NOT_IN_SUBSET = (
    (re.compile(r"^\s{0,3}#{1,6}\s", re.MULTILINE), "headings (#)"),
    (re.compile(r"^\s*(```|~~~)", re.MULTILINE), "code blocks"),
    (re.compile(r"!\[[^\]]*\]\("), "images"),
    (re.compile(r"</?[A-Za-z][^>]*>"), "HTML tags"),
    (re.compile(r"^\s*\|.*\|\s*$", re.MULTILINE), "tables"),
    (re.compile(r"^\s*>", re.MULTILINE), "block quotes"),
    (
        re.compile(r"^ {0,3}(?:(?:[-*_] *){3,}|=+ *)$", re.MULTILINE),
        "rules or underlined headings (---, ===)",
    ),
)


# One pass over a text tells whether any construct is there at all; only then
# is each looked for by name (most texts have none).
_ANY_NOT_IN_SUBSET = re.compile(
    "|".join(f"(?:{pattern.pattern})" for pattern, _name in _NOT_IN_SUBSET),
    re.MULTILINE,
)


# Every construct above needs one of these characters, and a scan for them is
# many times cheaper than the pattern; most texts hold none of them.
_MARKS = re.compile(r"[#`~!<|>*_=-]")


def markdown_problems(text: str) -> list[str]:
    """List the constructs in ``text`` that the Markdown subset does not allow."""
    if not _MARKS.search(text) or not _ANY_NOT_IN_SUBSET.search(text):
        return []
    return [name for pattern, name in _NOT_IN_SUBSET if pattern.search(text)]


def parse_inline(text: str) -> tuple[Inline, ...]:
    """Split one line or paragraph into text, emphasis, strong and links."""
    parts: list[Inline] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            parts.append(Inline("text", text[position : match.start()]))
        if match["strong"] is not None:
            parts.append(Inline("strong", match["strong"]))
        elif match["emphasis"] is not None or match["emphasis2"] is not None:
            parts.append(Inline("emphasis", match["emphasis"] or match["emphasis2"]))
        else:
            parts.append(Inline("link", match["label"], match["url"]))
        position = match.end()
    if position < len(text):
        parts.append(Inline("text", text[position:]))
    return tuple(parts)


def _list_item(line: str, in_paragraph: bool) -> tuple[ListKind, str] | None:
    """Return the list kind and item text if ``line`` starts a list item.

    As in CommonMark, a numbered item interrupts a paragraph only when it is
    item 1, so a wrapped line that happens to start "2011. " stays prose.
    """
    bullet = _BULLET.match(line)
    if bullet:
        return "bullets", bullet.group(1).strip()
    number = _NUMBER.match(line)
    if number and (not in_paragraph or int(number.group(1)) == 1):
        return "numbers", number.group(2).strip()
    return None


def _chunk_blocks(chunk: str) -> list[Block]:
    """Parse text without blank lines into paragraphs and lists."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    kind: ListKind | None = None
    items: list[str] = []
    for line in chunk.split("\n"):
        if not line.strip():
            continue
        item = _list_item(line, in_paragraph=bool(paragraph))
        if item is None:
            if kind is not None:
                items[-1] += " " + line.strip()
            else:
                paragraph.append(line.strip())
            continue
        if paragraph:
            blocks.append(Block("paragraph", (parse_inline(" ".join(paragraph)),)))
            paragraph = []
        if item[0] != kind:
            if kind is not None:
                blocks.append(Block(kind, tuple(map(parse_inline, items))))
            kind, items = item[0], []
        items.append(item[1])
    if paragraph:
        blocks.append(Block("paragraph", (parse_inline(" ".join(paragraph)),)))
    if kind is not None:
        blocks.append(Block(kind, tuple(map(parse_inline, items))))
    return blocks


def parse_markdown(text: str) -> tuple[Block, ...]:
    """Parse the Markdown subset into blocks every renderer can walk.

    Blank lines separate blocks; lines of a paragraph are joined with a
    space; a line starting ``-``, ``*`` or ``+`` is a bullet, ``1.`` a
    numbered item, and a list may follow a paragraph line directly ("We
    will:" then the items).  Lines after an item that start no new item
    continue it; items of one kind separated by blank lines stay one list.
    Anything outside the subset is kept as plain text.
    """
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        found = _chunk_blocks(chunk)
        if found and blocks and found[0].kind in ("bullets", "numbers"):
            first = found.pop(0)
            if first.kind == blocks[-1].kind:
                first = Block(first.kind, blocks.pop().items + first.items)
            blocks.append(first)
        blocks.extend(found)
    return tuple(blocks)


def plain_text(text: str) -> str:
    """Return ``text`` without Markdown marks, blocks separated by blank lines."""
    out: list[str] = []
    for block in parse_markdown(text):
        lines = []
        for number, item in enumerate(block.items, start=1):
            line = "".join(part.text for part in item)
            if block.kind == "bullets":
                line = f"- {line}"
            elif block.kind == "numbers":
                line = f"{number}. {line}"
            lines.append(line)
        out.append("\n".join(lines))
    return "\n\n".join(out)
