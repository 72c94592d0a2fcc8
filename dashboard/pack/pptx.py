"""The pack as a 16:9 PowerPoint deck: one slide per section, alt text on every picture, speaker
notes with the figures in words on every slide."""

from __future__ import annotations

import math
from io import BytesIO

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from dashboard.pack import images
from dashboard.pack.content import Pack, Section, Table
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
    row_height,
    rows_in_words,
    slides_of,
    text,
)

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
HEADER = Inches(1.0)
FONT = "Arial"


def _rgb(colour: tuple[int, int, int]) -> RGBColor:
    return RGBColor(*colour)


SMALLEST_PT = 12  # no text on a slide is smaller: it must read from the back of a board room


def fits(lines, width, height, size: float) -> bool:
    """Do the lines fit the box at this size? An estimate: Arial averages about half an em a
    character, lines are 1.2 em apart, each paragraph is followed by half an em."""
    width_pt, height_pt = width / 12700, height / 12700  # EMU to points
    per_line = max(1, int(width_pt / (0.5 * size)))
    rows = sum(max(1, math.ceil(len(line) / per_line)) for line in lines)
    return rows * 1.2 * size + len(lines) * 0.5 * size <= height_pt


def fitting_size(lines, width, height, size: float, smallest: float = SMALLEST_PT) -> float:
    """The largest font size, from ``size`` down to ``smallest``, at which the lines fit the box,
    so that no slide's text runs over its footer (a PowerPoint autofit would only take effect
    when the file is opened and edited)."""
    while size > smallest:
        if fits(lines, width, height, size):
            return size
        size -= 0.5
    return smallest


def _box(slide, x, y, w, h, lines, *, size=14, colour=NHS_TEXT, bold=False, align=None,
         anchor=MSO_ANCHOR.TOP):  # fmt: skip
    size = fitting_size(lines, w, h, size)
    shape = slide.shapes.add_textbox(x, y, w, h)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.space_after = Pt(size * 0.5)
        if align is not None:
            para.alignment = align
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.name = FONT
        run.font.bold = bold
        run.font.color.rgb = _rgb(colour)
    return shape


def _rect(slide, x, y, w, h, colour):
    shape = slide.shapes.add_shape(1, x, y, w, h)  # 1 = rectangle
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(colour)
    shape.line.fill.background()
    return shape


def _chrome(slide, pack: Pack, title: str, page: int) -> None:
    _rect(slide, 0, 0, WIDTH, HEADER, NHS_BLUE)
    _box(slide, MARGIN, Inches(0.15), WIDTH - 2 * MARGIN - Inches(2.6), Inches(0.75), [title],
         size=26, colour=WHITE, bold=True, anchor=MSO_ANCHOR.MIDDLE)  # fmt: skip
    _box(slide, MARGIN, HEIGHT - Inches(0.45), WIDTH - 2 * MARGIN, Inches(0.35),
         [footer(pack, page)], size=SMALLEST_PT, colour=NHS_GREY)  # fmt: skip
    if pack.marking:
        _rect(slide, WIDTH - Inches(3.0), Inches(0.22), Inches(2.6), Inches(0.56), WHITE)
        _box(slide, WIDTH - Inches(3.0), Inches(0.22), Inches(2.6), Inches(0.56), [pack.marking],
             size=16, colour=MARK, bold=True, align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)  # fmt: skip


def _picture(slide, figure, x, y, w, h) -> None:
    """The chart as wide as the box allows (the full body width when its height fits)."""
    data = images.png(figure)
    width, height = images.fit(data, w, h)
    left = x + (w - width) / 2
    pic = slide.shapes.add_picture(BytesIO(data), Emu(int(left)), Emu(int(y)),
                                   Emu(int(width)), Emu(int(height)))  # fmt: skip
    props = pic._element.nvPicPr.cNvPr
    props.set("descr", figure.alt_text)
    props.set("title", figure.title)


def _table(slide, table: Table, widths: list[float], x, y) -> None:
    """Columns as wide as their content needs (``layout.column_widths``); long text wraps."""
    widths_pt = [w / 12700 for w in widths]
    height = sum(row_height(r, widths_pt) for r in (table.columns, *table.rows))
    shape = slide.shapes.add_table(len(table.rows) + 1, len(table.columns), x, y,
                                   Emu(int(sum(widths))), Pt(height))  # fmt: skip
    grid = shape.table
    for j, width in enumerate(widths):
        grid.columns[j].width = Emu(int(width))
    for i, row in enumerate((table.columns, *table.rows)):
        grid.rows[i].height = Pt(row_height(row, widths_pt))
        for j, value in enumerate(row):
            cell = grid.cell(i, j)
            cell.text = text(value)
            cell.text_frame.word_wrap = True
            if i:
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(WHITE if i % 2 else NHS_PALE_GREY)
            for para in cell.text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(TABLE_PT)
                    run.font.name = FONT
                    run.font.bold = i == 0
                    if i:
                        run.font.color.rgb = _rgb(NHS_TEXT)


def _title_slide(prs, pack: Pack, section: Section) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(slide, 0, 0, WIDTH, HEIGHT, NHS_BLUE)
    first, *rest = section.lines
    _box(slide, Inches(0.9), Inches(1.6), Inches(11.5), Inches(1.2), [first], size=36,
         colour=WHITE, bold=True)  # fmt: skip
    _box(slide, Inches(0.9), Inches(2.9), Inches(11.5), Inches(3.0), rest, size=22, colour=WHITE)
    if pack.marking:
        _rect(slide, Inches(0.9), Inches(0.6), Inches(3.6), Inches(0.65), WHITE)
        _box(slide, Inches(0.9), Inches(0.6), Inches(3.6), Inches(0.65), [pack.marking], size=20,
             colour=MARK, bold=True, align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)  # fmt: skip
    _box(slide, Inches(0.9), HEIGHT - Inches(0.7), Inches(11.5), Inches(0.4), [footer(pack, 1)],
         size=SMALLEST_PT, colour=WHITE)  # fmt: skip
    _notes(slide, pack, section.notes)


def _notes(slide, pack: Pack, notes: str) -> None:
    if pack.marking:
        notes = f"{pack.marking}.\n{notes}"
    slide.notes_slide.notes_text_frame.text = notes


BODY_TOP = HEADER + Inches(0.25)
BODY_BOTTOM = HEIGHT - Inches(0.55)
BODY_W = WIDTH - 2 * MARGIN
GAP = Inches(0.1)


def _slide(prs, pack: Pack, title: str, page: int):
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    _chrome(slide, pack, title, page)
    return slide


def _picture_height(figure) -> float:
    width, height = images.size(images.png(figure))
    return BODY_W * height / width


def _figure_slides(prs, pack: Pack, section: Section, page: int) -> int:
    """One slide per chart, the chart the full width of the slide. The section's words go above
    the first chart when they fit at 12 pt or more, else on a slide of their own before it;
    the section's source line (the survey's year) is on every slide."""
    source = [section.source] if section.source else []
    tallest = max(_picture_height(f) for f in section.figures)
    room = BODY_BOTTOM - BODY_TOP - tallest - GAP
    together = fits([*source, *section.lines], BODY_W, room, SMALLEST_PT)
    if not together:
        page += 1
        slide = _slide(prs, pack, section.title, page)
        _box(slide, MARGIN, BODY_TOP, BODY_W, BODY_BOTTOM - BODY_TOP, [*source, *section.lines],
             size=18)  # fmt: skip
        _notes(slide, pack, section.notes)
    for i, figure in enumerate(section.figures):
        page += 1
        title = section.title if i == 0 and together else f"{section.title} (continued)"
        if len(section.figures) == 1 and together:
            title = section.title
        slide = _slide(prs, pack, title, page)
        words = [*source, *(section.lines if i == 0 and together else [])]
        top = BODY_TOP
        if words:
            height = BODY_BOTTOM - BODY_TOP - _picture_height(figure) - GAP
            _box(slide, MARGIN, top, BODY_W, height, words, size=16)
            top += height + GAP
        _picture(slide, figure, MARGIN, top, BODY_W, BODY_BOTTOM - top)
        _notes(slide, pack, section.notes if i == 0 else f"{title}.\n"
               + "\n".join([*source, f"Chart, {figure.title}: {figure.alt_text}"]))  # fmt: skip
    return page


def _table_slides(prs, pack: Pack, section: Section, page: int) -> int:
    lines = section.lines
    words_h = Inches(0.5 * len(lines) + 0.2) if lines else 0
    body_pt = (BODY_BOTTOM - BODY_TOP) / 12700
    widths = column_widths(section.table, BODY_W)
    for title, piece, first in slides_of(section, BODY_W / 12700, body_pt,
                                         body_pt - words_h / 12700):  # fmt: skip
        page += 1
        slide = _slide(prs, pack, title, page)
        top = BODY_TOP
        if first and lines:
            _box(slide, MARGIN, top, BODY_W, words_h, lines, size=14)
            top += words_h
        _table(slide, piece, widths, MARGIN, top)
        _notes(slide, pack, "\n".join([section.notes if first else title + ".",
                                       *rows_in_words(piece)]))  # fmt: skip
    return page


def to_pptx(pack: Pack) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    page = 1
    _title_slide(prs, pack, pack.sections[0])
    for section in pack.sections[1:]:
        if section.figures:
            page = _figure_slides(prs, pack, section, page)
        elif section.table is not None and section.table.rows:
            page = _table_slides(prs, pack, section, page)
        else:
            page += 1
            slide = _slide(prs, pack, section.title, page)
            words = [*([section.source] if section.source else []), *section.lines]
            _box(slide, MARGIN, BODY_TOP, BODY_W, BODY_BOTTOM - BODY_TOP, words, size=18)
            _notes(slide, pack, section.notes)
    out = BytesIO()
    prs.save(out)
    return out.getvalue()
