"""Lay out a neutral table: which columns to keep and how wide each one is.

Both page formats (DOCX and PDF) size their columns here, from the cells'
text, so that no word is split inside a cell when the page has room for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from munintl.reports.document import Block, Heading, Table

#: Width of a text in some unit (points, twips, ...).
Measure = Callable[[str], float]


@attrs.frozen
class Advances:
    """Advance widths, in em, of narrow, wide, upper-case and other characters."""

    narrow: float
    wide: float
    upper: float
    other: float


#: A little over DejaVu Sans Bold -- the widest face a reader is likely to
#: fall back to (LibreOffice does, without Calibri).
WIDEST_FACES = Advances(narrow=0.5, wide=1.08, upper=0.82, other=0.72)

_NARROW = frozenset("fijlrtI.,;:!|'()[]/ ")
_WIDE = frozenset("mwMWÆæŒœ")


def text_width(text: str, size: float, advances: Advances = WIDEST_FACES) -> float:
    """Estimate the width of ``text`` set at ``size`` points, in points.

    The estimate errs on the wide side of common faces (Calibri, Carlito,
    Liberation Sans, DejaVu Sans, Libertinus Serif, bold or not): better a
    column a little too wide than a word broken in two.  Other
    ``advances`` estimate other faces.
    """
    total = 0.0
    for char in text:
        if char in _NARROW:
            total += advances.narrow
        elif char in _WIDE:
            total += advances.wide
        elif char.isupper():
            total += advances.upper
        else:
            total += advances.other
    return total * size


def drop_empty_columns(table: Table) -> Table:
    """Return ``table`` without the columns that are empty in every row.

    A table with no rows keeps all its columns (its header is all it says).
    """
    if not table.rows:
        return table
    width = len(table.columns)
    keep = [
        index
        for index in range(width)
        if any(
            index < len(row) and row[index] is not None and str(row[index]).strip()
            for row in table.rows
        )
    ]
    if len(keep) == width:
        return table
    moved = {old: new for new, old in enumerate(keep)}
    return attrs.evolve(
        table,
        columns=tuple(table.columns[index] for index in keep),
        rows=tuple(
            tuple(row[index] if index < len(row) else None for index in keep)
            for row in table.rows
        ),
        languages=tuple(
            (row, moved[column], language)
            for row, column, language in table.languages
            if column in moved
        ),
        parts=tuple(
            (row, moved[column], run)
            for row, column, run in table.parts
            if column in moved
        ),
    )


def column_bounds(
    cells: Sequence[Sequence[str]], measure: Measure, *, padding: float = 0.0
) -> tuple[list[float], list[float]]:
    """Return each column's minimum and preferred width (rows of text in ``cells``).

    A column's minimum is its longest word, its preferred width its longest
    line of text (its words and one space between each two), both plus
    ``padding``.
    """
    count = max((len(row) for row in cells), default=0)
    least = [padding] * count
    wanted = [padding] * count
    space = measure(" ")
    # Words repeat a lot (statuses, types, years): measure each one once.
    known: dict[str, float] = {}
    for row in cells:
        for index, text in enumerate(row):
            for line in text.splitlines():
                words = line.split()
                if not words:
                    continue
                widths = []
                for word in words:
                    if (width := known.get(word)) is None:
                        width = known[word] = measure(word)
                    widths.append(width)
                least[index] = max(least[index], padding + max(widths))
                line_width = sum(widths) + space * (len(words) - 1)
                wanted[index] = max(wanted[index], padding + line_width)
    return least, wanted


def column_widths(
    cells: Sequence[Sequence[str]],
    available: float,
    measure: Measure,
    *,
    padding: float = 0.0,
) -> list[float]:
    """Divide ``available`` width among the columns of ``cells`` (rows of text).

    See :func:`column_bounds` for each column's minimum and preferred width.
    When the preferred widths fit, each column gets its preferred width and
    the room left is shared in proportion; when only the minimums fit, each
    gets its minimum and the rest is shared in proportion to how much more
    each would like; when not even the minimums fit, the minimums are scaled
    down (words then break: the page is too narrow for the table).  The
    widths add up to ``available``.
    """
    least, wanted = column_bounds(cells, measure, padding=padding)
    return share_width(least, wanted, available)


def share_width(
    least: Sequence[float], wanted: Sequence[float], available: float
) -> list[float]:
    """Share ``available`` among columns of minimum and preferred widths.

    See :func:`column_widths`.
    """
    if not least:
        return []
    if sum(wanted) <= available:
        spare = available - sum(wanted)
        return [want + spare * want / sum(wanted) for want in wanted]
    if sum(least) <= available:
        spare = available - sum(least)
        extra = [want - low for want, low in zip(wanted, least, strict=True)]
        return [
            low + spare * more / sum(extra)
            for low, more in zip(least, extra, strict=True)
        ]
    return [available * low / sum(least) for low in least]


def fit_table(
    cells: Sequence[Sequence[str]],
    available: float,
    *,
    size: float,
    smallest: float,
    padding: float,
) -> tuple[float, list[float]]:
    """Return the text size and column widths (points) for a table of ``cells``.

    The text is set at ``size`` points unless the columns' longest words do
    not fit side by side in ``available``: then it is set smaller, in half
    points, down to ``smallest``, so that no word has to be split.  The
    cells are measured once (widths grow in proportion to the size).
    """
    least, wanted = column_bounds(cells, lambda text: text_width(text, 1.0))
    while size > smallest and sum(padding + low * size for low in least) > available:
        size -= 0.5
    return size, share_width(
        [padding + low * size for low in least],
        [padding + want * size for want in wanted],
        available,
    )


def key_column(table: Table) -> int:
    """Return the index of the column that names each row (0 if none does).

    That is the first column whose cells are all filled and all different
    -- a register's ID rather than its "Type" -- repeated in every part
    when a table too wide for the page is split (:func:`plan_table`).
    """
    for index in range(len(table.columns)):
        values = [
            str(row[index] if index < len(row) and row[index] is not None else "")
            for row in table.rows
        ]
        values = [value.strip() for value in values]
        if all(values) and len(set(values)) == len(values):
            return index
    return 0


@attrs.frozen(kw_only=True)
class TablePart:
    """One part of a table as laid out on the page: which columns, how set.

    ``columns`` are indices into the table's columns, ``size`` the text
    size and ``widths`` the columns' widths (points); ``landscape`` says the
    part goes on a page turned sideways.
    """

    columns: tuple[int, ...]
    size: float
    widths: tuple[float, ...]
    landscape: bool = False


def plan_table(
    cells: Sequence[Sequence[str]],
    portrait: float,
    landscape: float,
    *,
    size: float,
    smallest: float,
    padding: float,
    key: int = 0,
) -> list[TablePart]:
    """Lay out a table on portrait pages, else landscape, else in parts.

    ``cells`` are the rows of text (header first); ``portrait`` and
    ``landscape`` the width between the margins of an upright and a
    sideways page (points).  A table whose longest words fit side by side
    on an upright page (at ``size``, or smaller down to ``smallest``) is
    one upright part; else, if they fit on a sideways page, one sideways
    part; else the columns are split into as few sideways parts as keep
    every word whole, each part starting with the ``key`` column so every
    row can still be told apart.  A column too wide even for that is set
    at ``smallest`` and its words break.
    """
    least, wanted = column_bounds(cells, lambda text: text_width(text, 1.0))
    count = len(least)

    def needed(columns: Sequence[int], at: float) -> float:
        return sum(padding + least[index] * at for index in columns)

    def part(columns: Sequence[int], room: float, sideways: bool) -> TablePart:
        at = size
        while at > smallest and needed(columns, at) > room:
            at -= 0.5
        widths = share_width(
            [padding + least[index] * at for index in columns],
            [padding + wanted[index] * at for index in columns],
            room,
        )
        return TablePart(
            columns=tuple(columns), size=at, widths=tuple(widths), landscape=sideways
        )

    every = list(range(count))
    if needed(every, smallest) <= portrait or landscape <= portrait:
        return [part(every, portrait, False)]
    if needed(every, smallest) <= landscape:
        return [part(every, landscape, True)]
    groups: list[list[int]] = []
    current = [key]
    for index in every:
        if index == key:
            continue
        if len(current) > 1 and needed([*current, index], smallest) > landscape:
            groups.append(current)
            current = [key]
        current.append(index)
    groups.append(current)
    return [part(group, landscape, True) for group in groups]


#: The blocks that may lead into a table: what a reader reads just before it.
_LEAD_KINDS = frozenset({"heading", "paragraph", "facts", "list"})


def lead_start(blocks: Sequence[Block], index: int) -> int:
    """Return where the lead-in of the table at ``blocks[index]`` starts.

    A table set on pages of its own (turned sideways) takes its lead-in
    along: the heading above it and the text between, so no heading is
    left alone at the foot of the page before.  At the top of a document
    the lead-in is everything before the table, title included, when that
    holds one heading only (a register's title and its date line), so the
    first page is never a title alone.  ``index`` itself when the text
    before the table has no heading (the table then starts its page).
    """
    start = index
    while start > 0 and blocks[start - 1].kind in _LEAD_KINDS:
        start -= 1
        block = blocks[start]
        if isinstance(block, Heading) and block.new_page:
            break
    headings = [i for i in range(start, index) if blocks[i].kind == "heading"]
    if not headings:
        return index
    if start == 0 and len(headings) == 1:
        return 0
    return headings[-1]
