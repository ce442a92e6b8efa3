"""The Markdown subset as HTML for machine translators, and back.

Machine translators keep HTML tags in place while they translate the words
between them (DeepL's ``tag_handling=html``, LibreTranslate's
``format=html``), but they rewrite Markdown marks at will.  So a text goes
to an engine as HTML -- :func:`to_html` -- and comes back as Markdown --
:func:`from_html` -- with its paragraphs, lists, emphasis and links
(targets untouched) where the engine left their tags.

>>> to_html("Se *mere* på [siden](https://x.dk/a?b=1&c=2).")
'<p>Se <em>mere</em> på <a href="https://x.dk/a?b=1&amp;c=2">siden</a>.</p>'
>>> from_html(to_html("- én\\n- to"))
'- én\\n- to'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html.parser import HTMLParser

from munintl.model.markdown import (
    Block,
    Inline,
    blocks_html,
    inline_markdown,
    parse_markdown,
)

__all__ = ["from_html", "links", "to_html"]


def _target(url: str | None) -> str:
    return url or ""


def to_html(text: str) -> str:
    """Write the Markdown-subset ``text`` as HTML; every link target kept as written."""
    return blocks_html(parse_markdown(text), _target)


class _Reader(HTMLParser):
    """Read the HTML :func:`to_html` writes (as an engine returns it) into blocks.

    Tags it does not know are dropped and their text kept; text outside any
    block becomes a paragraph.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.list: tuple[str, int] | None = None  # kind, start
        self.items: list[tuple[Inline, ...]] = []
        self.item_open = False  # an <li> is open: it is an item even if empty
        # Open inline runs: (kind, url, runs inside), the outermost first.
        self.stack: list[tuple[str, str | None, list[Inline]]] = [("text", None, [])]

    # -- building runs ---------------------------------------------------------

    def _runs(self) -> list[Inline]:
        return self.stack[-1][2]

    def _close_runs(self) -> tuple[Inline, ...]:
        while len(self.stack) > 1:
            self._close_inline()
        runs = tuple(self.stack[0][2])
        self.stack = [("text", None, [])]
        return _trimmed(runs)

    def _close_inline(self) -> None:
        kind, url, runs = self.stack.pop()
        if runs or kind == "link":  # a link with no words still has its target
            text = "".join(run.text for run in runs)
            nested = () if len(runs) == 1 and runs[0].kind == "text" else tuple(runs)
            self._runs().append(Inline(kind, text, url=url, children=nested))  # type: ignore[arg-type]

    def _end_paragraph(self) -> None:
        runs = self._close_runs()
        item, self.item_open = self.item_open, False
        if self.list is not None and (runs or item):
            self.items.append(runs)  # an empty list item is still an item
        elif runs:
            self.blocks.append(Block("paragraph", (runs,)))

    def _end_list(self) -> None:
        self._end_paragraph()
        if self.list is not None and self.items:
            kind, start = self.list
            self.blocks.append(Block(kind, tuple(self.items), start))  # type: ignore[arg-type]
        self.list = None
        self.items = []

    # -- the parser's callbacks --------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a block or an inline run."""
        values = dict(attrs)
        if tag in ("p", "li"):
            self._end_paragraph()
            self.item_open = tag == "li" and self.list is not None
        elif tag in ("ul", "ol"):
            self._end_list()
            start = values.get("start") or "1"
            number = int(start) if start.isdigit() else 1
            self.list = ("bullets" if tag == "ul" else "numbers", number)
        elif tag in ("em", "i"):
            self.stack.append(("emphasis", None, []))
        elif tag in ("strong", "b"):
            self.stack.append(("strong", None, []))
        elif tag == "a":
            self.stack.append(("link", values.get("href") or "", []))
        elif tag == "br":
            self.handle_data(" ")

    def handle_endtag(self, tag: str) -> None:
        """Close the block or the innermost inline run of ``tag``'s kind."""
        kind = {"em": "emphasis", "i": "emphasis", "strong": "strong", "b": "strong"}
        wanted = kind.get(tag, "link" if tag == "a" else None)
        if wanted is not None:
            if any(entry[0] == wanted for entry in self.stack[1:]):
                while self.stack[-1][0] != wanted:
                    self._close_inline()
                self._close_inline()
        elif tag in ("p", "li"):
            self._end_paragraph()
        elif tag in ("ul", "ol"):
            self._end_list()

    def handle_data(self, data: str) -> None:
        """Add text to the innermost run; line breaks are spaces."""
        text = " ".join(data.split("\n"))
        if not text:
            return
        runs = self._runs()
        if runs and runs[-1].kind == "text":
            runs[-1] = Inline("text", runs[-1].text + text)
        else:
            runs.append(Inline("text", text))

    def result(self) -> list[Block]:
        """Close everything still open and return the blocks."""
        self.close()
        self._end_list()
        return self.blocks


def _trimmed(runs: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Drop whitespace-only runs at the ends (between blocks, engines add some)."""
    start, end = 0, len(runs)
    while start < end and runs[start].kind == "text" and not runs[start].text.strip():
        start += 1
    while (
        end > start and runs[end - 1].kind == "text" and not runs[end - 1].text.strip()
    ):
        end -= 1
    return runs[start:end]


def _markdown(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if block.kind == "paragraph":
            out.append(inline_markdown(block.items[0]))
            previous = block
            continue
        # A list right after another of its kind takes the other marker
        # ("*" for "-", ")" for "."), or the two would be read as one list.
        after_same = previous is not None and previous.kind == block.kind
        first_mark = out[-1].split(" ", 1)[0] if after_same else ""
        bullet = "*" if first_mark == "-" else "-"
        closing = ")" if first_mark.endswith(".") else "."
        lines = []
        for number, item in enumerate(block.items, start=block.start):
            mark = bullet if block.kind == "bullets" else f"{number}{closing}"
            lines.append(f"{mark} {inline_markdown(item)}")
        out.append("\n".join(lines))
        previous = block
    return "\n\n".join(out)


def from_html(fragment: str) -> str:
    """Write an engine's HTML ``fragment`` back as Markdown-subset text."""
    reader = _Reader()
    reader.feed(fragment)
    return _markdown(reader.result())


def links(text: str) -> list[str]:
    """The link targets of a Markdown-subset ``text``, in order."""

    def walk(parts: Iterable[Inline]) -> Iterable[str]:
        for part in parts:
            if part.kind == "link":
                yield part.url or ""
            yield from walk(part.parts)

    return [
        url
        for block in parse_markdown(text)
        for item in block.items
        for url in walk(item)
    ]
