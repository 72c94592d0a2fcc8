"""The pack as a PDF (fpdf2, pure Python): selectable text, alt text on every picture, the same
sections as the slides, one or more A4 landscape pages each."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from dashboard.pack import images
from dashboard.pack.content import Pack, Section
from dashboard.pack.layout import (
    MARK,
    NHS_BLUE,
    NHS_GREY,
    NHS_PALE_GREY,
    NHS_TEXT,
    WHITE,
    footer,
    text,
)

# A Unicode font where the system has one (minus signs, arrows); else the core Helvetica, with
# the few non-Latin-1 characters the pack uses spelt out.
_FONTS = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
)  # fmt: skip
_LATIN1 = str.maketrans({"−": "-", "–": "-", "—": "-", "→": "->", "≥": ">=", "≤": "<=",
                         "÷": "/", "·": "-", "√": "sqrt", "₁": "1", "₂": "2", "…": "...",
                         "‘": "'", "’": "'", "“": '"', "”": '"'})  # fmt: skip

PAGE_W, PAGE_H = 297.0, 210.0
MARGIN = 14.0
HEADER = 22.0


class _Document(FPDF):
    def __init__(self, pack: Pack) -> None:
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.pack = pack
        self.section_title = ""
        self.set_margins(MARGIN, HEADER + 8, MARGIN)
        self.set_auto_page_break(True, margin=16)
        self.family, self.unicode = "Helvetica", False
        for regular, bold in _FONTS:
            if Path(regular).exists() and Path(bold).exists():
                self.add_font("Body", "", regular)
                self.add_font("Body", "B", bold)
                self.family, self.unicode = "Body", True
                break
        self.set_title(f"Workforce Race Equality Standard {pack.year or ''}: {pack.organisation}")
        self.set_author(pack.organisation)
        self.set_lang("en-GB")

    def words(self, value: str) -> str:
        return value if self.unicode else value.translate(_LATIN1).encode(
            "latin-1", "replace").decode("latin-1")  # fmt: skip

    def header(self) -> None:
        self.set_fill_color(*NHS_BLUE)
        self.rect(0, 0, PAGE_W, HEADER, style="F")
        self.set_xy(MARGIN, 5)
        self.set_font(self.family, "B", 18)
        self.set_text_color(*WHITE)
        self.cell(PAGE_W - 2 * MARGIN - 70, 12, self.words(self.section_title))
        if self.pack.marking:
            self.set_fill_color(*WHITE)
            self.set_text_color(*MARK)
            self.set_font(self.family, "B", 13)
            self.set_xy(PAGE_W - MARGIN - 62, 5)
            self.cell(62, 12, self.words(self.pack.marking), align="C", fill=True)
        self.set_xy(MARGIN, HEADER + 8)
        self.set_text_color(*NHS_TEXT)

    def footer(self) -> None:
        self.set_xy(MARGIN, PAGE_H - 11)
        self.set_font(self.family, "", 8)
        self.set_text_color(*NHS_GREY)
        self.cell(PAGE_W - 2 * MARGIN, 6, self.words(footer(self.pack, self.page_no())))

    def paragraph(self, line: str, size: float = 11, width: float = 0) -> None:
        self.set_font(self.family, "", size)
        self.set_text_color(*NHS_TEXT)
        self.multi_cell(width or self.epw, size * 0.5, self.words(line), new_x="LEFT",
                        new_y="NEXT")  # fmt: skip
        self.ln(size * 0.25)


def _title_page(doc: _Document, section: Section) -> None:
    doc.section_title = section.title
    doc.add_page()
    first, *rest = section.lines
    doc.set_y(60)
    doc.set_font(doc.family, "B", 26)
    doc.set_text_color(*NHS_BLUE)
    doc.multi_cell(doc.epw, 12, doc.words(first), new_x="LEFT", new_y="NEXT")
    doc.ln(4)
    for line in rest:
        doc.paragraph(line, size=15)


def _section_page(doc: _Document, section: Section) -> None:
    doc.section_title = section.title
    doc.add_page()
    if section.figures:
        text_w = 95.0
        top = doc.get_y()
        for line in section.lines:
            doc.set_x(MARGIN)
            doc.paragraph(line, size=10, width=text_w)
        area_x = MARGIN + text_w + 6
        area_w = PAGE_W - area_x - MARGIN
        area_h = PAGE_H - top - 18
        each = area_w / len(section.figures)
        for i, figure in enumerate(section.figures):
            data = images.png(figure)
            w, h = images.fit(data, each - 3, area_h)
            x = area_x + i * each + (each - 3 - w) / 2
            doc.image(BytesIO(data), x=x, y=top, w=w, h=h, alt_text=doc.words(figure.alt_text),
                      title=doc.words(figure.title))  # fmt: skip
        return
    for line in section.lines:
        doc.paragraph(line)
    if section.table is not None and section.table.rows:
        doc.ln(2)
        doc.set_font(doc.family, "", 8.5)
        heading = FontFace(emphasis="BOLD", color=WHITE, fill_color=NHS_BLUE)
        with doc.table(headings_style=heading, cell_fill_color=NHS_PALE_GREY,
                       cell_fill_mode="ROWS", line_height=4.6, repeat_headings=1,
                       text_align="LEFT") as grid:  # fmt: skip
            head = grid.row()
            for column in section.table.columns:
                head.cell(doc.words(column))
            for row in section.table.rows:
                cells = grid.row()
                for value in row:
                    cells.cell(doc.words(text(value)))


def to_pdf(pack: Pack) -> bytes:
    doc = _Document(pack)
    _title_page(doc, pack.sections[0])
    for section in pack.sections[1:]:
        _section_page(doc, section)
    return bytes(doc.output())
