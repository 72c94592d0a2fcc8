"""The casework briefing (metrics.casework.briefing.Briefing) as one A4 landscape PDF page and
one 16:9 PowerPoint slide, in the board pack's NHS colours and fonts.

to_pdf(b) -> bytes and to_pptx(b) -> bytes. The key points are on the left, the figures behind
them (already through disclosure control) on the right, and the footer says what was hidden
and rounded. The text shrinks until everything fits the one page (8 case types and a long
employer name included). Employer names and labels come from files: fpdf2 and python-pptx
take them as plain text, never as markup.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from fpdf import FPDF
from fpdf.fonts import FontFace
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Inches, Pt

from dashboard.pack import pptx as slides
from dashboard.pack.content import Table
from dashboard.pack.layout import (
    NHS_BLUE,
    NHS_DARK_BLUE,
    NHS_GREY,
    NHS_PALE_GREY,
    NHS_TEXT,
    WHITE,
    column_widths,
    row_height,
    rows_in_words,
    text,
)
from dashboard.pack.pdf import _LATIN1, use_body_font
from metrics.casework.briefing import Briefing

HIDDEN = "hidden"


def _count(n: int | None) -> str:
    return HIDDEN if n is None else f"{n:,}"


def _value(b_line) -> tuple[str, str]:
    found = b_line.likelihood
    if found.value is None or found.ci_lower is None or found.ci_upper is None:
        return (HIDDEN, "") if b_line.verdict == "too few cases" else ("none", "")
    return f"{found.value:.2f}", f"{found.ci_lower:.2f} to {found.ci_upper:.2f}"


def figures_table(b: Briefing) -> Table:
    """The figures behind the briefing: per case type, rounded cases by group and the ratio."""
    rows = []
    for line in b.types:
        value, interval = _value(line)
        rows.append((line.label, _count(line.cases["BME"]), _count(line.cases["White"]), value,
                     interval, line.verdict))  # fmt: skip
    return Table(("Case type", "BME cases", "White cases", "BME vs White", "95% interval",
                  "Reading"), tuple(rows))  # fmt: skip


def title(b: Briefing) -> str:
    return f"Casework briefing: {b.employer}"


def subtitle(b: Briefing) -> str:
    return (f"Union casework {b.covered}, set against {b.base}. Above 1 means BME {b.who} are "
            f"more likely than White {b.who} to be in a case: worse for BME {b.who}.")  # fmt: skip


def key_points(b: Briefing) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) for the left of the page."""
    everything = b.all_cases
    casework = [b.headline]
    if everything.sanction_reading:
        casework.append(everything.sanction_reading)
    casework.append(b.trend_reading)
    return [
        ("Casework at this employer", casework),
        ("Its published WRES", [w.reading for w in b.wres]),
        ("Its place in the network", [b.place.reading]),
    ]


def below_table(b: Briefing) -> list[str]:
    """The members line and the notes, under the table."""
    out = []
    if b.members is not None:
        out.append(f"{b.members_label}, rounded: {_count(b.members['BME'])} BME, "
                   f"{_count(b.members['White'])} White.")  # fmt: skip
    return out + list(b.notes)


def footer(b: Briefing, today: dt.date | None = None) -> str:
    day = today or dt.date.today()
    wres_years = sorted({w.year for w in b.wres if w.year is not None})
    parts = [b.footer, f"casework {b.covered}"]
    if wres_years:
        parts.append("WRES " + ", ".join(str(y) for y in wres_years))
    parts.append(f"prepared {day.day} {day:%B %Y}")
    return " · ".join(parts)


def speaker_notes(b: Briefing) -> str:
    lines = [title(b) + ".", subtitle(b)]
    for heading, paragraphs in key_points(b):
        lines += [heading + ":", *paragraphs]
    lines += ["The figures behind it:", *rows_in_words(figures_table(b)), *below_table(b),
              footer(b) + "."]  # fmt: skip
    return "\n".join(lines)


# --- PDF --------------------------------------------------------------------------------------

PAGE_W, PAGE_H = 297.0, 210.0  # A4 landscape, mm
MARGIN = 10.0
HEADER = 24.0
LEFT_W = 112.0
GUTTER = 7.0
FOOTER_TOP = PAGE_H - 11.0
PT_MM = 25.4 / 72
LARGEST, SMALLEST = 11.0, 6.0


class _Page(FPDF):
    def __init__(self, b: Briefing) -> None:
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        use_body_font(self)
        self.set_title(self.words(title(b)))
        self.set_lang("en-GB")

    def words(self, value: str) -> str:
        return value if self.unicode else value.translate(_LATIN1).encode(
            "latin-1", "replace").decode("latin-1")  # fmt: skip

    def para(self, x: float, w: float, line: str, size: float, *, bold: bool = False,
             colour=NHS_TEXT) -> None:  # fmt: skip
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.set_x(x)
        self.multi_cell(w, size * PT_MM * 1.25, self.words(line), new_x="LEFT", new_y="NEXT",
                        align="L")  # fmt: skip


def _title_size(doc: _Page, b: Briefing, width: float) -> float:
    """The largest title size (22 pt down to 12 pt) at which the title takes two lines at most."""
    size = 22.0
    while size > 12:
        doc.set_font(doc.family, "B", size)
        lines = doc.multi_cell(width, 1, doc.words(title(b)), dry_run=True, output="LINES")
        if len(lines) <= 2 and len(lines) * size * PT_MM * 1.15 <= HEADER - 9:
            break
        size -= 1
    return size


def _render_pdf(b: Briefing, size: float, today: dt.date | None) -> tuple[_Page, bool]:
    """The page at this body text size, and whether everything fitted above the footer."""
    doc = _Page(b)
    doc.add_page()
    doc.set_fill_color(*NHS_BLUE)
    doc.rect(0, 0, PAGE_W, HEADER, style="F")
    width = PAGE_W - 2 * MARGIN
    tsize = _title_size(doc, b, width)
    doc.set_xy(MARGIN, 3)
    doc.set_font(doc.family, "B", tsize)
    doc.set_text_color(*WHITE)
    doc.multi_cell(width, tsize * PT_MM * 1.15, doc.words(title(b)), new_x="LEFT", new_y="NEXT")
    doc.set_font(doc.family, "", 9)
    doc.set_xy(MARGIN, HEADER - 6)
    doc.cell(width, 4, doc.words(subtitle(b)))
    top = HEADER + 4
    # left: the key points
    doc.set_xy(MARGIN, top)
    for heading, paragraphs in key_points(b):
        doc.para(MARGIN, LEFT_W, heading, size + 1.5, bold=True, colour=NHS_DARK_BLUE)
        for line in paragraphs:
            doc.para(MARGIN, LEFT_W, line, size)
            doc.ln(size * PT_MM * 0.35)
        doc.ln(size * PT_MM * 0.4)
    left_end = doc.get_y()
    # right: the figures behind it
    x = MARGIN + LEFT_W + GUTTER
    right_w = PAGE_W - MARGIN - x
    doc.set_xy(x, top)
    doc.para(x, right_w, "The figures behind it", size + 1.5, bold=True, colour=NHS_DARK_BLUE)
    table = figures_table(b)
    doc.set_font(doc.family, "", size)
    doc.set_text_color(*NHS_TEXT)
    heading = FontFace(emphasis="BOLD", color=WHITE, fill_color=NHS_BLUE)
    doc.set_fill_color(*NHS_PALE_GREY)
    with doc.table(headings_style=heading, cell_fill_color=NHS_PALE_GREY, cell_fill_mode="ROWS",
                   line_height=size * PT_MM * 1.25, text_align="LEFT", width=right_w,
                   col_widths=column_widths(table, right_w), align="RIGHT") as grid:  # fmt: skip
        for row in (table.columns, *table.rows):
            cells = grid.row()
            for value in row:
                cells.cell(doc.words(text(value)))
    doc.ln(2)
    for line in below_table(b):
        doc.para(x, right_w, line, size - 1, colour=NHS_GREY)
    right_end = doc.get_y()
    doc.set_xy(MARGIN, FOOTER_TOP + 2)
    doc.set_draw_color(*NHS_BLUE)
    doc.line(MARGIN, FOOTER_TOP, PAGE_W - MARGIN, FOOTER_TOP)
    doc.para(MARGIN, width, footer(b, today), 8, colour=NHS_GREY)
    fits = max(left_end, right_end) <= FOOTER_TOP - 1 and doc.get_y() <= PAGE_H - 2
    return doc, fits and doc.page_no() == 1


def to_pdf(b: Briefing, today: dt.date | None = None) -> bytes:
    """One A4 landscape page; the body text as large as fits (11 pt down to 6 pt)."""
    size = LARGEST
    doc, fits = _render_pdf(b, size, today)
    while not fits and size > SMALLEST:
        size -= 0.5
        doc, fits = _render_pdf(b, size, today)
    return bytes(doc.output())


# --- PowerPoint -------------------------------------------------------------------------------

WIDTH, HEIGHT = slides.WIDTH, slides.HEIGHT
S_MARGIN = Inches(0.4)
S_HEADER = Inches(1.15)
S_LEFT_W = Inches(5.4)
S_GAP = Inches(0.3)
S_BODY_TOP = S_HEADER + Inches(0.15)
S_FOOTER_TOP = HEIGHT - Inches(0.45)
SLIDE_SMALLEST = 9  # one dense slide to hand round or project; the board pack's slides use 12


def _slide_table(slide, table: Table, x, y, width, room) -> int:
    """The table at the largest size from 12 pt down to 8 pt whose rows, wrapped as the board
    pack estimates (``layout.row_height``), fit ``room``; its height in EMU."""
    widths = column_widths(table, width)
    widths_pt = [w / 12700 for w in widths]
    size = 12.0
    while True:
        heights = [row_height(r, widths_pt, size) for r in (table.columns, *table.rows)]
        if Pt(sum(heights)) <= room or size <= 8:
            break
        size -= 0.5
    shape = slide.shapes.add_table(len(table.rows) + 1, len(table.columns), x, y,
                                   Emu(int(sum(widths))), Pt(sum(heights)))  # fmt: skip
    grid = shape.table
    for j, w in enumerate(widths):
        grid.columns[j].width = Emu(int(w))
    for i, row in enumerate((table.columns, *table.rows)):
        grid.rows[i].height = Pt(heights[i])
        for j, value in enumerate(row):
            cell = grid.cell(i, j)
            cell.text = text(value)
            cell.text_frame.word_wrap = True
            if i:
                cell.fill.solid()
                cell.fill.fore_color.rgb = slides._rgb(WHITE if i % 2 else NHS_PALE_GREY)
            for para in cell.text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(size)
                    run.font.name = slides.FONT
                    run.font.bold = i == 0
                    if i:
                        run.font.color.rgb = slides._rgb(NHS_TEXT)
    return int(Pt(sum(heights)))


def to_pptx(b: Briefing, today: dt.date | None = None) -> bytes:
    """One 16:9 slide, the figures in words in its speaker notes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    body_w = WIDTH - 2 * S_MARGIN
    slides._rect(slide, 0, 0, WIDTH, S_HEADER, NHS_BLUE)
    slides._box(slide, S_MARGIN, Inches(0.05), body_w, Inches(0.75), [title(b)], size=26,
                colour=WHITE, bold=True, anchor=MSO_ANCHOR.MIDDLE)  # fmt: skip
    _small_box(slide, S_MARGIN, Inches(0.78), body_w, Inches(0.34), [subtitle(b)], 12, WHITE)
    # left: the key points, headings bold
    left_h = S_FOOTER_TOP - S_BODY_TOP
    flat = [x for h, paras in key_points(b) for x in (h, *paras)]
    size = slides.fitting_size(flat, S_LEFT_W, left_h, 14, SLIDE_SMALLEST)
    box = slide.shapes.add_textbox(S_MARGIN, S_BODY_TOP, S_LEFT_W, left_h)
    frame = box.text_frame
    frame.word_wrap = True
    first = True
    for heading, paragraphs in key_points(b):
        for words, bold in [(heading, True), *((p, False) for p in paragraphs)]:
            para = frame.paragraphs[0] if first else frame.add_paragraph()
            first = False
            para.space_after = Pt(size * 0.4)
            run = para.add_run()
            run.text = words
            run.font.size = Pt(size + (1 if bold else 0))
            run.font.name = slides.FONT
            run.font.bold = bold
            run.font.color.rgb = slides._rgb(NHS_DARK_BLUE if bold else NHS_TEXT)
    # right: the figures behind it
    x = S_MARGIN + S_LEFT_W + S_GAP
    right_w = WIDTH - S_MARGIN - x
    slides._box(slide, x, S_BODY_TOP, right_w, Inches(0.35), ["The figures behind it"], size=15,
                colour=NHS_DARK_BLUE, bold=True)  # fmt: skip
    table = figures_table(b)
    table_top = S_BODY_TOP + Inches(0.4)
    room = S_FOOTER_TOP - table_top - Inches(1.5)  # the rest for the members line and notes
    used = _slide_table(slide, table, x, table_top, right_w, room)
    notes_top = table_top + used + Inches(0.1)
    _small_box(slide, x, notes_top, right_w, S_FOOTER_TOP - notes_top, below_table(b), 11,
               NHS_GREY)  # fmt: skip
    _small_box(slide, S_MARGIN, S_FOOTER_TOP + Inches(0.05), body_w, Inches(0.35),
               [footer(b, today)], 10, NHS_GREY)  # fmt: skip
    slide.notes_slide.notes_text_frame.text = speaker_notes(b)
    out = BytesIO()
    prs.save(out)
    return out.getvalue()


def _small_box(slide, x, y, w, h, lines, size: float, colour) -> None:
    """Like the board pack's ``_box``, allowed below 12 pt (the page's notes and footer)."""
    size = slides.fitting_size(lines, w, h, size, 7)
    shape = slide.shapes.add_textbox(x, y, w, h)
    frame = shape.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.space_after = Pt(size * 0.3)
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.name = slides.FONT
        run.font.color.rgb = slides._rgb(colour)
