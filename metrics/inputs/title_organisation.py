"""The organisation a staff extract is about, from the title rows above its header.

A real ESR "Staff in Post" report opens with the organisation's name on a row of its own
("Northbrook Valley NHS Foundation Trust") above the report's title and date. When nobody has
typed a name, the pages, the workspace and the board pack use that one rather than "Your
organisation". A cell counts as a name when it is short, holds no date or figure, and ends the
way NHS organisation names end (Trust, Health Board, Integrated Care Board ...)."""

from __future__ import annotations

import re

_NAME_END = re.compile(
    r"\b(?:NHS\s+)?(?:(?:Foundation\s+)?Trust|Health\s+Board|Integrated\s+Care\s+Board|ICB|"
    r"Health\s+and\s+Social\s+Care\s+Trust|Care\s+Trust|Health\s+Boards?)\s*$",
    re.IGNORECASE,
)
_NOT_A_NAME = re.compile(r"\d|staff in post|report|extract|as at", re.IGNORECASE)
MAX_NAME = 100


def organisation_in(rows: list[list[str | None]]) -> str | None:
    """The first title-row cell that reads as an organisation's name, tidied; None if none."""
    for row in rows:
        for cell in row:
            text = " ".join(str(cell or "").split())
            if (
                len(text.split()) >= 2
                and len(text) <= MAX_NAME
                and not _NOT_A_NAME.search(text)
                and _NAME_END.search(text)
            ):
                return text
    return None
