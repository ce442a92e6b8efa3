"""The Markdown subset of texts: parse it, check it, escape plain text for it.

Every :class:`~munintl.model.LocalizedText` holds text in a small subset of
CommonMark -- paragraphs, ``*emphasis*``, ``**strong**``, bullet lists,
numbered lists (starting at any number) and links, inline
(``[text](https://...)``) or automatic (``<https://...>``) -- so every
renderer, translation catalog and the Sphinx extension treat it alike.
One piece of HTML belongs to it: a language span,
``<span lang="en">...</span>``, around words in another language than
the text's (a report marks a text it shows in a fallback language so, and
formats that can say a language -- HTML, DOCX, PDF -- say it).

Texts are read by a real CommonMark parser (markdown-it-py, imported on
first use), so backslash escapes, nested emphasis, link targets holding
parentheses and list start numbers mean what CommonMark says they mean.
:func:`parse_markdown` turns a text into :class:`Block`\\ s of
:class:`Inline` runs for renderers to walk; :func:`markdown_problems` names
what a text uses beyond the subset (validation reports it; renderers show
such parts as plain text); :func:`escape_markdown` makes plain text --
a date, a name, an amount -- safe to put into Markdown, and
:func:`inline_markdown` writes runs back as Markdown.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Literal

import attrs

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from markdown_it.tree import SyntaxTreeNode

InlineKind = Literal["text", "emphasis", "strong", "link", "language"]
BlockKind = Literal["paragraph", "bullets", "numbers"]
ListKind = Literal["bullets", "numbers"]


@attrs.frozen
class Inline:
    """A run of inline text.

    ``kind`` is ``text``, ``emphasis``, ``strong``, ``link`` (to ``url``)
    or ``language`` (words in the language ``language``, a BCP 47 tag).
    Emphasis, strong, links and language spans hold the runs inside them as
    ``children``, so ``**strong *and emphasis***`` nests; ``text`` is always
    the plain text of the run and everything inside it.  A run made without
    children stands for its ``text``.
    """

    kind: InlineKind
    text: str
    url: str | None = None
    children: tuple[Inline, ...] = ()
    language: str | None = None

    @property
    def parts(self) -> tuple[Inline, ...]:
        """The runs inside this one (its text as one run if it has no children)."""
        if self.kind == "text":
            return ()
        return self.children or (Inline("text", self.text),)


@attrs.frozen
class Block:
    """A paragraph (one item) or a bullet or numbered list (one item each).

    ``start`` is the number of a numbered list's first item.
    """

    kind: BlockKind
    items: tuple[tuple[Inline, ...], ...]
    start: int = 1


# -- What lies outside the subset ---------------------------------------------

HEADINGS = "headings (#)"
CODE_BLOCKS = "code blocks"
IMAGES = "images"
HTML = "HTML tags"
TABLES = "tables"
QUOTES = "block quotes"
RULES = "rules or underlined headings (---, ===)"
CODE = "code (`...`)"
STRIKETHROUGH = "strikethrough (~~)"
NESTED = "lists inside lists or list items of several paragraphs"
BREAKS = "line breaks (two spaces or \\ at the end of a line)"
DEEP = "emphasis or links nested more than 20 deep"

#: How deep emphasis, strong and links may nest in one line.  Deeper is no
#: text anyone writes (``**`` five thousand times round a word), and every
#: reader of the parsed runs walks them recursively: such a line is kept as
#: plain text instead.
MAX_INLINE_DEPTH = 20

#: Every construct outside the subset, in the order findings name them.
NOT_IN_SUBSET: tuple[str, ...] = (
    HEADINGS,
    CODE_BLOCKS,
    IMAGES,
    HTML,
    TABLES,
    QUOTES,
    RULES,
    CODE,
    STRIKETHROUGH,
    NESTED,
    BREAKS,
    DEEP,
)


# -- Parsing -------------------------------------------------------------------


@functools.cache
def _parser() -> MarkdownIt:
    """Return the CommonMark parser, built on first use (the import costs ~70 ms).

    HTML, tables and strikethrough are recognised so that validation can
    name them; renderers show them as text.  Link targets are kept as
    written: which are safe to link to is the renderer's decision.
    """
    from markdown_it import MarkdownIt

    class Parser(MarkdownIt):
        def validateLink(self, url: str) -> bool:
            return True

        def normalizeLink(self, url: str) -> str:
            return url

        def normalizeLinkText(self, link: str) -> str:
            return link

    return Parser("commonmark", {"html": True}).enable(["table", "strikethrough"])


# A one-line text without any of these characters, not starting with what
# could open a list or a code block, is one paragraph of plain text: most
# texts are, and they need no parser.
_SPECIAL = re.compile(r"[\\`*_\[\]<>#~|&\n\r\t\f\v\x00]")
_OPENS_BLOCK = frozenset("-+0123456789")


# What CommonMark trims from the ends of a paragraph (markdown-it's mdTrim).
_TRIM = "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
_TRIM += "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def _is_plain(text: str) -> bool:
    stripped = text.lstrip(" ")
    return (
        len(text) - len(stripped) < 4
        and stripped[:1] not in _OPENS_BLOCK
        and _SPECIAL.search(text) is None
    )


#: A language span's opening tag, and its closing tag: ``<span lang="en">``.
#: The tag is a BCP 47 tag: letters, digits and hyphens, nothing to escape.
_SPAN_OPEN = re.compile(r'<span lang="([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)">')
_SPAN_CLOSE = "</span>"


def language_span(markdown: str, language: str) -> str:
    """Mark one line of Markdown as written in ``language``.

    >>> language_span("**From words to action**", "en")
    '<span lang="en">**From words to action**</span>'
    """
    if not markdown or _SPAN_OPEN.fullmatch(f'<span lang="{language}">') is None:
        return markdown
    return f'<span lang="{language}">{markdown}</span>'


class _Reader:
    """Turn markdown-it's syntax tree into blocks; note what is outside the subset."""

    def __init__(self) -> None:
        self.problems: set[str] = set()

    def blocks(self, nodes: Iterable[SyntaxTreeNode], out: list[Block]) -> None:
        for node in nodes:
            kind = node.type
            if kind == "paragraph":
                runs = self.inline(node.children[0])
                if runs:
                    out.append(Block("paragraph", (runs,)))
            elif kind in ("bullet_list", "ordered_list"):
                items = tuple(self.item(item) for item in node.children)
                if kind == "bullet_list":
                    out.append(Block("bullets", items))
                else:
                    start = int(node.attrs.get("start", 1))
                    out.append(Block("numbers", items, start))
            else:
                self.outside(node, out)

    def outside(self, node: SyntaxTreeNode, out: list[Block]) -> None:
        """Note a block outside the subset and keep its text as paragraphs."""
        kind = node.type
        if kind == "heading":
            self.problems.add(HEADINGS if node.markup.startswith("#") else RULES)
            out.append(Block("paragraph", (self.inline(node.children[0]),)))
        elif kind == "blockquote":
            self.problems.add(QUOTES)
            self.blocks(node.children, out)
        elif kind in ("fence", "code_block"):
            self.problems.add(CODE_BLOCKS)
            out.append(_plain_paragraph(node.content))
        elif kind == "html_block":
            self.problems.add(HTML)
            out.append(_plain_paragraph(node.content))
        elif kind == "hr":
            self.problems.add(RULES)
        elif kind == "table":
            self.problems.add(TABLES)
            for row in _descendants(node, "tr"):
                cells = [self.inline(cell.children[0]) for cell in row.children]
                out.append(_plain_paragraph(" | ".join(map(_plain, cells))))

    def item(self, node: SyntaxTreeNode) -> tuple[Inline, ...]:
        """Read a list item: one paragraph, or what it holds run together."""
        found: list[Block] = []
        self.blocks(node.children, found)
        if len(found) == 1 and found[0].kind == "paragraph":
            return found[0].items[0]
        if not found:
            return ()
        self.problems.add(NESTED)
        runs: list[Inline] = []
        for block in found:
            for number, item in enumerate(block.items, start=block.start):
                if runs:
                    _add_text(runs, " ")
                if block.kind == "numbers":
                    _add_text(runs, f"{number}. ")
                elif block.kind == "bullets":
                    _add_text(runs, "- ")
                for run in item:
                    _add_run(runs, run)
        return tuple(runs)

    def inline(self, node: SyntaxTreeNode) -> tuple[Inline, ...]:
        runs: list[Inline] = []
        # The runs outside each open language span, its language and its tag.
        spans: list[tuple[list[Inline], str, str]] = []
        for child in node.children:
            kind = child.type
            if kind == "text":
                _add_text(runs, child.content)
            elif kind == "softbreak":
                _add_text(runs, " ")
            elif kind == "hardbreak":
                self.problems.add(BREAKS)
                _add_text(runs, " ")
            elif kind in ("em", "strong"):
                inner = self.inline(child)
                style: InlineKind = "emphasis" if kind == "em" else "strong"
                runs.append(Inline(style, _plain(inner), children=_nested(inner)))
            elif kind == "link":
                inner = self.inline(child)
                url = str(child.attrs.get("href", ""))
                runs.append(
                    Inline("link", _plain(inner), url=url, children=_nested(inner))
                )
            elif kind == "image":
                self.problems.add(IMAGES)
                for run in self.inline(child):
                    _add_run(runs, run)
            elif kind == "code_inline":
                self.problems.add(CODE)
                _add_text(runs, child.content)
            elif kind == "html_inline":
                runs = self.html(child.content, runs, spans)
            elif kind == "s":
                self.problems.add(STRIKETHROUGH)
                for run in self.inline(child):
                    _add_run(runs, run)
        return tuple(self.unclosed(runs, spans))

    def unclosed(
        self, runs: list[Inline], spans: list[tuple[list[Inline], str, str]]
    ) -> list[Inline]:
        """Close the spans left open: their tags are text, as other HTML is."""
        while spans:
            self.problems.add(HTML)
            outer, _language, tag = spans.pop()
            unclosed, runs = runs, outer
            _add_text(runs, tag)
            for run in unclosed:
                _add_run(runs, run)
        return runs

    def html(
        self,
        tag: str,
        runs: list[Inline],
        spans: list[tuple[list[Inline], str, str]],
    ) -> list[Inline]:
        """Read an inline HTML tag; return the runs the next ones join.

        A language span's opening tag starts new runs (remembering the
        ones outside it in ``spans``), its closing tag makes them one
        ``language`` run of the runs outside; other HTML is kept as text.
        """
        opened = _SPAN_OPEN.fullmatch(tag)
        if opened is not None:
            spans.append((runs, opened.group(1), tag))
            return []
        if tag == _SPAN_CLOSE and spans:
            outer, language, _tag = spans.pop()
            if runs:
                inner = tuple(runs)
                span = Inline("language", _plain(inner), language=language)
                outer.append(attrs.evolve(span, children=_nested(inner)))
            return outer
        self.problems.add(HTML)
        _add_text(runs, tag)
        return runs


def _descendants(node: SyntaxTreeNode, kind: str) -> Iterable[SyntaxTreeNode]:
    for child in node.children:
        if child.type == kind:
            yield child
        else:
            yield from _descendants(child, kind)


def _nested(runs: tuple[Inline, ...]) -> tuple[Inline, ...]:
    # One plain run inside is the run's own text: leave children out.
    return () if len(runs) == 1 and runs[0].kind == "text" else runs


def _add_text(runs: list[Inline], text: str) -> None:
    if not text:
        return
    if runs and runs[-1].kind == "text":
        runs[-1] = Inline("text", runs[-1].text + text)
    else:
        runs.append(Inline("text", text))


def _add_run(runs: list[Inline], run: Inline) -> None:
    if run.kind == "text":
        _add_text(runs, run.text)
    else:
        runs.append(run)


def _plain(runs: Iterable[Inline]) -> str:
    return "".join(run.text for run in runs)


def _plain_paragraph(text: str) -> Block:
    return Block("paragraph", ((Inline("text", " ".join(text.split())),),))


@functools.lru_cache(maxsize=4096)  # labels and facts repeat across a report
def _read(text: str) -> tuple[tuple[Block, ...], frozenset[str]]:
    if _is_plain(text):
        stripped = text.strip(_TRIM)
        if not stripped:
            return (), frozenset()
        return (Block("paragraph", ((Inline("text", stripped),),)),), frozenset()
    from markdown_it.tree import SyntaxTreeNode

    reader = _Reader()
    blocks: list[Block] = []
    tokens = _parser().parse(text)
    if _flatten_deep(tokens):
        reader.problems.add(DEEP)
    reader.blocks(SyntaxTreeNode(tokens).children, blocks)
    return tuple(blocks), frozenset(reader.problems)


def _flatten_deep(tokens: list[Token]) -> bool:
    """Keep lines nested deeper than :data:`MAX_INLINE_DEPTH` as plain text.

    Tell whether any was: the line's runs become one text run holding it as
    written, marks and all.
    """
    from markdown_it.token import Token

    flattened = False
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        depth = deepest = 0
        for child in token.children:
            depth += child.nesting
            deepest = max(deepest, depth)
        if deepest > MAX_INLINE_DEPTH:
            token.children = [Token("text", "", 0, content=token.content)]
            flattened = True
    return flattened


def parse_markdown(text: str) -> tuple[Block, ...]:
    """Parse a text in the Markdown subset into blocks every renderer can walk.

    The text is read as CommonMark: blank lines separate paragraphs, lines
    of a paragraph are joined with a space, a list may follow a paragraph
    line directly ("We will:" then the items), a numbered list keeps its
    first number, and a numbered line interrupts a paragraph only when it
    is item 1 (so a wrapped line starting "2011. " stays prose).
    Constructs outside the subset (see :func:`markdown_problems`) are kept
    as plain text, so no words are lost.
    """
    return _read(text)[0]


# Every construct outside the subset needs one of these; most texts have none,
# and looking for them is far cheaper than parsing.
_MAYBE_OUTSIDE = re.compile(
    r"[#`~<>|=]|!\[|  \n|\\\n|^ {0,3}\t|^ {4}|^ *(?:[-*_+]|\d{1,9}[.)])", re.MULTILINE
)


# The same test for a text of one line, in two cheap parts: one character
# class searched through the text, and the line-start constructs tried at
# its start only (the alternation above costs much more at every position).
_MAYBE_OUTSIDE_CHARACTERS = re.compile(r"[#`~<>|=\n]|!\[")
_MAYBE_OUTSIDE_AT_START = re.compile(r" {0,3}\t| {4}| *(?:[-*_+]|\d{1,9}[.)])")


def _maybe_outside(text: str) -> bool:
    """Tell whether ``text`` may hold a construct outside the subset."""
    found = _MAYBE_OUTSIDE_CHARACTERS.search(text)
    if found is not None:
        return found.group() != "\n" or _MAYBE_OUTSIDE.search(text) is not None
    return _MAYBE_OUTSIDE_AT_START.match(text) is not None


def markdown_problems(text: str) -> list[str]:
    """List the constructs in ``text`` that the Markdown subset does not allow.

    >>> markdown_problems("# Title\\n\\n<b>bold</b>")
    ['headings (#)', 'HTML tags']
    >>> markdown_problems("See <https://skanderborg.dk> and *this*.")
    []
    """
    if not _maybe_outside(text):
        return []
    problems = _read(text)[1]
    return [name for name in NOT_IN_SUBSET if name in problems]


def parse_inline(text: str) -> tuple[Inline, ...]:
    """Parse one line of inline Markdown (emphasis, strong, links) into runs.

    Block syntax means nothing here: ``2011. var`` and ``- x`` are text.
    """
    if _is_plain(text):
        return (Inline("text", text),) if text else ()
    from markdown_it.tree import SyntaxTreeNode

    tokens = _parser().parseInline(text)
    _flatten_deep(tokens)
    root = SyntaxTreeNode(tokens)
    if not root.children:
        return ()
    return _Reader().inline(root.children[0])


def plain_text(text: str) -> str:
    """Return ``text`` without Markdown marks, blocks separated by blank lines.

    List items keep their markers (``- item``, ``3. item``).
    """
    out: list[str] = []
    for block in parse_markdown(text):
        lines = []
        for number, item in enumerate(block.items, start=block.start):
            line = _plain(item)
            if block.kind == "bullets":
                line = f"- {line}"
            elif block.kind == "numbers":
                line = f"{number}. {line}"
            lines.append(line)
        out.append("\n".join(lines))
    return "\n\n".join(out)


# -- Writing Markdown ------------------------------------------------------------

_ESCAPED = re.compile(r"[\\`*_\[\]<>#~|&!]")
# Line breaks and ASCII spaces; a no-break space (in "250.000,50 kr.") stays.
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
# What would open a block at the start of a line once the characters above
# are escaped: a list item ("- ", "+ ", "2011. "; not "-5" or "250.000"), or
# a rule or setext underline ("---", "===").
_LINE_START = re.compile(r"^(?:[-+](?=[ \t]|$)|[-=][-= \t]*$|(\d{1,9})[.)](?=[ \t]|$))")


def _escape_line_start(text: str) -> str:
    match = _LINE_START.match(text)
    if match is None:
        return text
    if match.group(1) is not None:  # "6. oktober" → "6\. oktober"
        cut = match.end() - 1
        return text[:cut] + "\\" + text[cut:]
    return "\\" + text


def escape_markdown(text: str) -> str:
    """Escape plain ``text`` so that a CommonMark reader shows it as it is.

    Use it for every value put into a paragraph or list item that is not
    prose: a date, a name, an amount, a code.  Whitespace runs become one
    space, so the value stays on its line.

    >>> escape_markdown("6. oktober 2008")
    '6\\\\. oktober 2008'
    >>> parse_inline(escape_markdown("**not bold** [x](y)"))[0].text
    '**not bold** [x](y)'
    """
    line = _SPACE.sub(" ", text).strip()
    return _escape_line_start(_ESCAPED.sub(r"\\\g<0>", line))


def _url(url: str) -> str:
    # Balanced or not, parentheses and angle brackets in a target are escaped,
    # and so is anything that would read as a character reference.
    url = re.sub(r"[\\()<>]", r"\\\g<0>", url)
    return re.sub(r"&(?=#?\w+;)", r"\\&", url)


def _joined(parts: Sequence[Inline]) -> list[Inline]:
    """``parts`` with side-by-side emphasis (or strong) runs made one.

    ``*0*`` beside ``_0_`` shows as one emphasised ``00``, and written
    ``*0**0*`` it would read back as other runs.
    """
    out: list[Inline] = []
    for part in parts:
        last = out[-1] if out else None
        if last is not None and part.kind == last.kind in ("emphasis", "strong"):
            children = (*last.parts, *part.parts)
            text = last.text + part.text
            out[-1] = Inline(part.kind, text, children=children)
        else:
            out.append(part)
    return out


def _punctuation(char: str) -> bool:
    """Whether CommonMark counts ``char`` as punctuation (or a symbol)."""
    return unicodedata.category(char)[0] in "PS"


def _flanked(before: str, inner: str, after: str) -> bool:
    """Whether ``*inner*`` between ``before`` and ``after`` reads as emphasis.

    CommonMark opens emphasis only where the mark is left-flanking and closes
    it only where it is right-flanking: ``*:*0`` is no emphasis (a closing
    mark after punctuation must be followed by a space, punctuation or the
    end).  ``before``/``after`` are the neighbouring characters, empty at the
    ends of the runs (where an outer mark or the line's end stands).
    """
    first, last = inner[:1], inner[-1:]
    if not first or first.isspace() or last.isspace():
        return False
    opens = not _punctuation(first) or not before or before.isspace()
    opens = opens or _punctuation(before)
    closes = not _punctuation(last) or not after or after.isspace()
    return closes or _punctuation(after) if opens else False


def _write(parts: Sequence[Inline], inside: frozenset[str] = frozenset()) -> str:
    out: list[str] = []
    inners: list[str | None] = []  # an emphasis's inner text, None otherwise
    for part in _joined(parts):
        inners.append(None)
        if part.kind == "text":
            text = part.text.replace("\r", " ").replace("\n", " ")
            out.append(_ESCAPED.sub(r"\\\g<0>", text))
            continue
        inner = _write(part.parts, inside | {part.kind})
        if part.kind in inside:  # emphasis in emphasis looks like emphasis
            out.append(inner)
        elif part.kind == "emphasis":
            out.append(f"*{inner}*")
            inners[-1] = inner
        elif part.kind == "strong":
            out.append(f"**{inner}**")
            inners[-1] = inner
        elif part.kind == "language":
            out.append(language_span(inner, part.language or ""))
        else:
            out.append(f"[{inner}]({_url(part.url)})" if part.url else inner)
    # An emphasis its neighbours keep from reading as one is written as its
    # text: the words stay, the emphasis that could not be written goes.
    changed = True
    while changed:
        changed = False
        for index, styled in enumerate(inners):
            if styled is None:
                continue
            before = "".join(out[:index])[-1:]
            after = "".join(out[index + 1 :])[:1]
            if not _flanked(before, styled, after):
                out[index], inners[index], changed = styled, None, True
    return "".join(out)


def inline_markdown(parts: Sequence[Inline]) -> str:
    """Write runs back as one line of Markdown that parses to the same runs.

    Whitespace at the ends of the line is left out, as Markdown keeps none
    at the ends of a paragraph or list item.

    >>> inline_markdown(parse_inline("**URBACT** *x* [a](https://x.dk/(b))"))
    '**URBACT** *x* [a](https://x.dk/\\\\(b\\\\))'
    """
    return _escape_line_start(_write(parts).strip(_TRIM))


def inline_html(
    parts: Iterable[Inline], href: Callable[[str | None], str | None]
) -> str:
    """Write runs as escaped HTML (``<em>``, ``<strong>``, ``<a>``).

    ``href`` gives a link's target from its URL, or None to keep only the
    link's words (a report drops unsafe targets; machine translation keeps
    every target as written).
    """
    out: list[str] = []
    for part in parts:
        if part.kind == "text":
            out.append(html.escape(part.text, quote=False))
            continue
        inner = inline_html(part.parts, href)
        if part.kind == "emphasis":
            out.append(f"<em>{inner}</em>")
        elif part.kind == "strong":
            out.append(f"<strong>{inner}</strong>")
        elif part.kind == "language":
            out.append(language_span(inner, part.language or ""))
        elif (url := href(part.url)) is None:
            out.append(inner)
        else:
            out.append(f'<a href="{html.escape(url, quote=True)}">{inner}</a>')
    return "".join(out)


def blocks_html(
    blocks: Iterable[Block],
    href: Callable[[str | None], str | None],
    separator: str = "",
) -> str:
    """Write blocks as HTML: ``<p>``, ``<ul>`` or ``<ol>`` (``start`` if not 1)."""
    out: list[str] = []
    for block in blocks:
        if block.kind == "paragraph":
            out.append(f"<p>{inline_html(block.items[0], href)}</p>")
            continue
        tag = "ul" if block.kind == "bullets" else "ol"
        start = f' start="{block.start}"' if block.start != 1 else ""
        items = "".join(f"<li>{inline_html(item, href)}</li>" for item in block.items)
        out.append(f"<{tag}{start}>{items}</{tag}>")
    return separator.join(out)
