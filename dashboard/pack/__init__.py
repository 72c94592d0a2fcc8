"""The board pack: one content description (content.py), laid out as PowerPoint, PDF or Excel.

from dashboard.pack import build_file, pack_for
pack = pack_for(counts, actions=store.actions(workspace.id))      # publication level
data = build_file(pack, "pptx")                                     # bytes of the file
"""

from __future__ import annotations

from dashboard.pack.content import (
    LEVELS,
    NOT_FOR_PUBLICATION,
    Figure,
    Level,
    Pack,
    PackAction,
    Section,
    Table,
    build_pack,
    pack_for,
    previous_year,
)

FORMATS = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def build_file(pack: Pack, fmt: str) -> bytes:
    """The pack as the bytes of a .pptx, .pdf or .xlsx file."""
    if fmt == "pptx":
        from dashboard.pack.pptx import to_pptx

        return to_pptx(pack)
    if fmt == "pdf":
        from dashboard.pack.pdf import to_pdf

        return to_pdf(pack)
    if fmt == "xlsx":
        from dashboard.pack.xlsx import to_xlsx

        return to_xlsx(pack)
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")


__all__ = [
    "FORMATS",
    "LEVELS",
    "NOT_FOR_PUBLICATION",
    "Figure",
    "Level",
    "Pack",
    "PackAction",
    "Section",
    "Table",
    "build_file",
    "build_pack",
    "pack_for",
    "previous_year",
]
