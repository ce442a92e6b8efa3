"""Write report texts as document blocks: the Markdown subset, facts, bold labels.

Texts in the model use a small Markdown subset (paragraphs, bullet and
numbered lists, bold, italics, links); :func:`text_blocks` turns one into
the paragraphs and lists of a
:class:`~munintl.reports.document.ReportDocument`, keeping the inline
markup for the format to render.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from munintl.model.text import Inline, parse_markdown
from munintl.reports.document import Block, ListBlock, Paragraph

ParagraphStyle = Literal["normal", "note", "illustrative", "fallback"]


def _inline_markdown(parts: Iterable[Inline]) -> str:
    out = []
    for part in parts:
        if part.kind == "strong":
            out.append(f"**{part.text}**")
        elif part.kind == "emphasis":
            out.append(f"*{part.text}*")
        elif part.kind == "link":
            out.append(f"[{part.text}]({part.url})")
        else:
            out.append(part.text)
    return "".join(out)


def text_blocks(text: str, style: ParagraphStyle = "normal") -> list[Block]:
    """Split a text in the Markdown subset into paragraphs and lists."""
    if not text.strip():
        return []
    blocks: list[Block] = []
    for block in parse_markdown(text):
        items = tuple(_inline_markdown(item) for item in block.items)
        if block.kind == "paragraph":
            blocks.append(Paragraph(text=items[0], style=style))
        else:
            blocks.append(ListBlock(items=items, ordered=block.kind == "numbers"))
    return blocks


def fact(label: str, value: str) -> str:
    """Write a labelled fact, ``**label:** value``, for a list item or paragraph."""
    return f"**{label}:** {value}"


def strong(text: str) -> str:
    """Write ``text`` in bold."""
    return f"**{text}**"


def labelled(label: str, text: str, style: ParagraphStyle = "normal") -> list[Block]:
    """Lead a text with a bold label: one paragraph, or the label above the blocks."""
    blocks = text_blocks(text, style)
    if len(blocks) == 1 and isinstance(blocks[0], Paragraph):
        return [Paragraph(text=fact(label, blocks[0].text), style=style)]
    return [Paragraph(text=strong(f"{label}:"), style=style), *blocks]
