"""What the slide and page layouts share: colours, table pages, the footer line."""

from __future__ import annotations

import math
from collections.abc import Iterator

from dashboard.pack.content import Cell, Pack, Section, Table

# NHS identity colours (NHS England's identity guidelines): blue for headers, dark grey text.
NHS_BLUE = (0x00, 0x5E, 0xB8)
NHS_DARK_BLUE = (0x00, 0x30, 0x87)
NHS_TEXT = (0x21, 0x2B, 0x32)
NHS_GREY = (0x42, 0x55, 0x63)
NHS_PALE_GREY = (0xE8, 0xED, 0xEE)
WHITE = (0xFF, 0xFF, 0xFF)
MARK = (0xD5, 0x28, 0x1B)  # NHS red, only for the "Not for publication" mark

TABLE_PT = 12  # table text on slides and pages
CELL_PAD_PT = 7.2  # a cell's margins, left and right (0.1 in in PowerPoint) ...
CELL_PAD_V_PT = 7.2  # ... and top and bottom together (0.05 in each)


def footer(pack: Pack, page: int) -> str:
    named = pack.standards_named
    parts = [pack.organisation, f"{named} {pack.year}" if pack.year else named, pack.unit]
    if pack.marking:
        parts.append(pack.marking)
    return " · ".join(parts) + f" · {page}"


def text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def column_widths(table: Table, width: float) -> list[float]:
    """Column widths from their content: room for the longest word, and for up to 40 characters
    of the longest cell (longer text wraps), shared out over ``width``."""
    weights = []
    for j, column in enumerate(table.columns):
        cells = [column, *(text(r[j]) for r in table.rows)]
        word = max((len(w) for c in cells for w in c.split()), default=1)
        weights.append(max(word, min(max(len(c) for c in cells), 40)) + 2)
    total = sum(weights)
    return [width * w / total for w in weights]


def row_height(row: tuple[Cell, ...], widths_pt: list[float], size: float = TABLE_PT) -> float:
    """A row's height in points once its cells wrap (the estimate of ``pptx.fits``)."""
    lines = 1
    for value, width in zip(row, widths_pt, strict=True):
        per_line = max(1, int((width - 2 * CELL_PAD_PT) / (0.5 * size)))
        lines = max(lines, sum(max(1, math.ceil(len(p) / per_line))
                               for p in text(value).split("\n")))  # fmt: skip
    return lines * 1.2 * size + CELL_PAD_V_PT


def table_pages(table: Table, width_pt: float, height_pt: float) -> Iterator[Table]:
    """A long table in pieces that fit a slide's body, each with the column headings."""
    widths = column_widths(table, width_pt)
    head = row_height(table.columns, widths)
    piece: list[tuple[Cell, ...]] = []
    used = head
    for row in table.rows:
        h = row_height(row, widths)
        if piece and used + h > height_pt:
            yield Table(table.columns, tuple(piece))
            piece, used = [], head
        piece.append(row)
        used += h
    yield Table(table.columns, tuple(piece))


def rows_in_words(table: Table) -> list[str]:
    """A table read out, one sentence a row, for speaker notes."""
    return [
        "; ".join(f"{c}: {text(v)}" for c, v in zip(table.columns, row, strict=True) if text(v))
        + "."
        for row in table.rows
    ]


def slides_of(section: Section, width_pt: float, height_pt: float,
              first_height_pt: float) -> list[tuple[str, Table | None, bool]]:  # fmt: skip
    """(title, piece of table, first?) for each slide a section needs; the first slide has
    ``first_height_pt`` for its table (the section's words take the rest)."""
    if section.table is None or not section.table.rows:
        return [(section.title, section.table, True)]
    first = next(table_pages(section.table, width_pt, first_height_pt))
    rest = section.table.rows[len(first.rows) :]
    pieces = [first]
    if rest:
        pieces += table_pages(Table(section.table.columns, rest), width_pt, height_pt)
    return [
        (section.title if i == 0 else f"{section.title} (continued)", piece, i == 0)
        for i, piece in enumerate(pieces)
    ]
