"""What the slide and page layouts share: colours, table pages, the footer line."""

from __future__ import annotations

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

ROWS_PER_SLIDE = 12


def footer(pack: Pack, page: int) -> str:
    parts = [pack.organisation, f"WRES {pack.year}" if pack.year else "WRES", pack.unit]
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


def table_pages(table: Table, rows_per_page: int = ROWS_PER_SLIDE) -> Iterator[Table]:
    """A long table in slide-sized pieces, each with the column headings."""
    for start in range(0, max(len(table.rows), 1), rows_per_page):
        yield Table(table.columns, table.rows[start : start + rows_per_page])


def rows_in_words(table: Table) -> list[str]:
    """A table read out, one sentence a row, for speaker notes."""
    return [
        "; ".join(f"{c}: {text(v)}" for c, v in zip(table.columns, row, strict=True) if text(v))
        + "."
        for row in table.rows
    ]


def slides_of(section: Section) -> list[tuple[str, Table | None, bool]]:
    """(title, piece of table, first?) for each slide a section needs."""
    if section.table is None or not section.table.rows:
        return [(section.title, section.table, True)]
    pieces = list(table_pages(section.table))
    return [
        (section.title if i == 0 else f"{section.title} (continued)", piece, i == 0)
        for i, piece in enumerate(pieces)
    ]
