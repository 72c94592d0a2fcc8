"""The pack as a PDF (fpdf2, pure Python): selectable text, alt text on every picture, the same
sections as the slides on pages the slides' size (16:9, 13.33 x 7.5 in), so a chart fills the
page width with its text at least 12 pt, as on the slides; it prints scaled to A4 landscape."""

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
    TABLE_PT,
    WHITE,
    column_widths,
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

PAGE_W, PAGE_H = 338.67, 190.5  # mm: the slides' 13.333 x 7.5 in
MARGIN = 12.7
HEADER = 25.4
BODY_TOP = HEADER + 6
BODY_BOTTOM = PAGE_H - 14
SMALLEST_PT = 12
PT_MM = 25.4 / 72


def use_body_font(doc: FPDF) -> None:
    """The document's body font: a Unicode font installed on the machine (``doc.family``
    "Body", ``doc.unicode`` True), else Helvetica with text kept to Latin-1."""
    doc.family, doc.unicode = "Helvetica", False
    for regular, bold in _FONTS:
        if Path(regular).exists() and Path(bold).exists():
            doc.add_font("Body", "", regular)
            doc.add_font("Body", "B", bold)
            doc.family, doc.unicode = "Body", True
            return


class _Document(FPDF):
    def __init__(self, pack: Pack) -> None:
        super().__init__(orientation="landscape", unit="mm", format=(PAGE_H, PAGE_W))
        self.pack = pack
        self.section_title = ""
        self.set_margins(MARGIN, BODY_TOP, MARGIN)
        self.set_auto_page_break(True, margin=16)
        use_body_font(self)
        self.set_title(f"Workforce Race Equality Standard {pack.year or ''}: {pack.organisation}")
        self.set_author(pack.organisation)
        self.set_lang("en-GB")

    def words(self, value: str) -> str:
        return value if self.unicode else value.translate(_LATIN1).encode(
            "latin-1", "replace").decode("latin-1")  # fmt: skip

    def header(self) -> None:
        self.set_fill_color(*NHS_BLUE)
        self.rect(0, 0, PAGE_W, HEADER, style="F")
        self.set_xy(MARGIN, 6)
        self.set_font(self.family, "B", 24)
        self.set_text_color(*WHITE)
        self.cell(PAGE_W - 2 * MARGIN - 70, 12, self.words(self.section_title))
        if self.pack.marking:
            self.set_fill_color(*WHITE)
            self.set_text_color(*MARK)
            self.set_font(self.family, "B", 13)
            self.set_xy(PAGE_W - MARGIN - 62, 5)
            self.cell(62, 12, self.words(self.pack.marking), align="C", fill=True)
        self.set_xy(MARGIN, BODY_TOP)
        self.set_text_color(*NHS_TEXT)

    def footer(self) -> None:
        self.set_xy(MARGIN, PAGE_H - 11)
        self.set_font(self.family, "", SMALLEST_PT)
        self.set_text_color(*NHS_GREY)
        self.cell(PAGE_W - 2 * MARGIN, 6, self.words(footer(self.pack, self.page_no())))

    def paragraph(self, line: str, size: float = 14, width: float = 0) -> None:
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


def _words_height(doc: _Document, lines: list[str], size: float) -> float:
    """How tall the lines are at this size, in mm (as ``paragraph`` sets them)."""
    doc.set_font(doc.family, "", size)
    rows = sum(len(doc.multi_cell(doc.epw, size * 0.5, doc.words(line), dry_run=True,
                                  output="LINES")) for line in lines)  # fmt: skip
    return rows * size * 0.5 + len(lines) * size * 0.25


def _figure_pages(doc: _Document, section: Section) -> None:
    """As the slides: each chart the page's width, the words above the first when they fit."""
    source = [section.source] if section.source else []
    pictures = [images.png(f) for f in section.figures]
    tallest = max(doc.epw * h / w for w, h in map(images.size, pictures))
    room = BODY_BOTTOM - BODY_TOP - tallest - 2
    together = _words_height(doc, [*source, *section.lines], SMALLEST_PT) <= room
    if not together:
        doc.section_title = section.title
        doc.add_page()
        for line in [*source, *section.lines]:
            doc.paragraph(line, size=16)
    for i, (figure, data) in enumerate(zip(section.figures, pictures, strict=True)):
        first = i == 0 and together
        doc.section_title = section.title if first else f"{section.title} (continued)"
        doc.add_page()
        words = [*source, *(section.lines if first else [])]
        w, h = images.size(data)
        height = doc.epw * h / w
        size = 16.0
        while (
            size > SMALLEST_PT
            and _words_height(doc, words, size) > BODY_BOTTOM - BODY_TOP - height - 2
        ):
            size -= 0.5
        for line in words:
            doc.paragraph(line, size=size)
        top = max(doc.get_y() + 1, BODY_TOP)
        width, height = images.fit(data, doc.epw, BODY_BOTTOM - top)
        doc.image(BytesIO(data), x=MARGIN + (doc.epw - width) / 2, y=top, w=width, h=height,
                  alt_text=doc.words(figure.alt_text), title=doc.words(figure.title))  # fmt: skip


def _section_page(doc: _Document, section: Section) -> None:
    if section.figures:
        _figure_pages(doc, section)
        return
    doc.section_title = section.title
    doc.add_page()
    words = [*([section.source] if section.source else []), *section.lines]
    size = 14.0
    room = BODY_BOTTOM - BODY_TOP if section.table is None else (BODY_BOTTOM - BODY_TOP) / 3
    while size > SMALLEST_PT and _words_height(doc, words, size) > room:
        size -= 0.5
    for line in words:
        doc.paragraph(line, size=size)
    if section.table is not None and section.table.rows:
        doc.ln(2)
        doc.set_font(doc.family, "", TABLE_PT)
        heading = FontFace(emphasis="BOLD", color=WHITE, fill_color=NHS_BLUE)
        widths = column_widths(section.table, doc.epw)
        with doc.table(headings_style=heading, cell_fill_color=NHS_PALE_GREY,
                       cell_fill_mode="ROWS", line_height=TABLE_PT * 0.5, repeat_headings=1,
                       text_align="LEFT", col_widths=widths, width=doc.epw) as grid:  # fmt: skip
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
