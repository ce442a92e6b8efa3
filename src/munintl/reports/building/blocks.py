"""Write report texts as document blocks: the Markdown subset, facts, bold labels.

Texts in the model use a small Markdown subset (paragraphs, bullet and
numbered lists, bold, italics, links); :func:`text_blocks` turns one into
the paragraphs and lists of a
:class:`~munintl.reports.document.ReportDocument`, keeping the inline
markup for the format to render.

Everything else a report kind writes -- dates, names, amounts, codes -- is
plain text.  Paragraphs and list items are Markdown, so plain text goes into
them escaped: :func:`fact`, :func:`strong` and :func:`literal` do that, and
"6. oktober 2008" stays a date instead of becoming item 1 of a list.  Table
cells need no escaping: a ``str`` cell is plain text (wrap prose in
:class:`~munintl.reports.document.Prose`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Literal

from munintl.model.markdown import (
    escape_markdown,
    inline_markdown,
    language_span,
    parse_markdown,
)
from munintl.reports.document import Block, ListBlock, Paragraph, Prose

ParagraphStyle = Literal["normal", "note", "illustrative", "fallback"]


def text_blocks(
    text: str, style: ParagraphStyle = "normal", language: str | None = None
) -> list[Block]:
    """Split a text in the Markdown subset into paragraphs and lists.

    Each paragraph and list item is written back as one line of Markdown
    that reads as it did in ``text``; a numbered list keeps its first number.
    ``language`` marks them all as in that language (a text shown in a
    fallback language), so formats that can say a language say it.
    """
    if not text.strip():
        return []
    blocks: list[Block] = []
    for block in parse_markdown(text):
        items = tuple(
            language_span(inline_markdown(item), language or "") for item in block.items
        )
        if block.kind == "paragraph":
            blocks.append(Paragraph(text=items[0], style=style))
        else:
            blocks.append(
                ListBlock(
                    items=items, ordered=block.kind == "numbers", start=block.start
                )
            )
    return blocks


def in_language(text: str, language: str | None) -> str:
    """Mark each paragraph and list item of Markdown ``text`` as in ``language``.

    A span cannot cross paragraphs, so each line gets its own; ``None``
    leaves ``text`` as it is.

    >>> in_language("We will:\\n\\n- act", "en")
    '<span lang="en">We will:</span>\\n\\n- <span lang="en">act</span>'
    """
    if not language or not text.strip():
        return text
    out: list[str] = []
    for block in text_blocks(text, language=language):
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, ListBlock):
            marks: Iterator[str] = (
                (f"{number}." for number in itertools.count(block.start))
                if block.ordered
                else itertools.repeat("-")
            )
            out.append(
                "\n".join(f"{m} {i}" for m, i in zip(marks, block.items, strict=False))
            )
    return "\n\n".join(out)


def literal(text: str) -> str:
    """Escape plain ``text`` (a date, a name, an amount) for a paragraph or item.

    >>> literal("6. oktober 2008: Underskrevet")
    '6\\\\. oktober 2008: Underskrevet'
    """
    return escape_markdown(text)


def _markdown(value: str | Prose) -> str:
    return value.text if isinstance(value, Prose) else escape_markdown(value)


def fact(label: str, value: str | Prose) -> str:
    """Write a labelled fact, ``**label:** value``, for a list item or paragraph.

    ``value`` is plain text and is escaped, unless it is
    :class:`~munintl.reports.document.Prose` (a link, a text from the
    portfolio), which is kept as Markdown.
    """
    return f"**{escape_markdown(label)}:** {_markdown(value)}"


def strong(text: str) -> str:
    """Write plain ``text`` in bold."""
    return f"**{escape_markdown(text)}**"


def prose(text: str) -> Prose | str:
    """Make a table cell of a text in the Markdown subset ("" stays plain)."""
    return Prose(text) if text else ""


def link(url: str, label: str | None = None) -> Prose:
    """Write a link to ``url`` as Markdown, labelled ``label`` (default: the URL).

    Pass the result to :func:`fact` as its value.
    """
    target = url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    target = target.replace("\\", "\\\\")
    return Prose(f"[{escape_markdown(label or url)}](<{target}>)")


def labelled(label: str, text: str, style: ParagraphStyle = "normal") -> list[Block]:
    """Lead a text with a bold label: one paragraph, or the label above the blocks.

    ``label`` is plain text; ``text`` is in the Markdown subset.
    """
    blocks = text_blocks(text, style)
    if len(blocks) == 1 and isinstance(blocks[0], Paragraph):
        return [Paragraph(text=fact(label, Prose(blocks[0].text)), style=style)]
    return [Paragraph(text=strong(f"{label}:"), style=style), *blocks]
