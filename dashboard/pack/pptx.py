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
    WHITE,
    footer,
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


def fitting_size(lines, width, height, size: float, smallest: float = 9) -> float:
    """The largest font size, from ``size`` down to ``smallest``, at which the lines fit the box.

    An estimate (Arial averages about half an em a character, lines are 1.2 em apart, each
    paragraph is followed by half an em), so that no slide's text runs over its footer: a
    PowerPoint autofit would only take effect when the file is opened and edited."""
    width_pt, height_pt = width / 12700, height / 12700  # EMU to points
    while size > smallest:
        per_line = max(1, int(width_pt / (0.5 * size)))
        rows = sum(max(1, math.ceil(len(line) / per_line)) for line in lines)
        if rows * 1.2 * size + len(lines) * 0.5 * size <= height_pt:
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
         [footer(pack, page)], size=10, colour=NHS_GREY)  # fmt: skip
    if pack.marking:
        _rect(slide, WIDTH - Inches(3.0), Inches(0.22), Inches(2.6), Inches(0.56), WHITE)
        _box(slide, WIDTH - Inches(3.0), Inches(0.22), Inches(2.6), Inches(0.56), [pack.marking],
             size=16, colour=MARK, bold=True, align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)  # fmt: skip


def _picture(slide, figure, x, y, w, h) -> None:
    data = images.png(figure)
    width, height = images.fit(data, w, h)
    left = x + (w - width) / 2
    pic = slide.shapes.add_picture(BytesIO(data), Emu(int(left)), Emu(int(y)),
                                   Emu(int(width)), Emu(int(height)))  # fmt: skip
    props = pic._element.nvPicPr.cNvPr
    props.set("descr", figure.alt_text)
    props.set("title", figure.title)


def _table(slide, table: Table, x, y, w, h) -> None:
    shape = slide.shapes.add_table(len(table.rows) + 1, len(table.columns), x, y, w, h)
    grid = shape.table
    for j, column in enumerate(table.columns):
        grid.cell(0, j).text = column
    for i, row in enumerate(table.rows, start=1):
        for j, value in enumerate(row):
            grid.cell(i, j).text = text(value)
    for i in range(len(table.rows) + 1):
        for j in range(len(table.columns)):
            cell = grid.cell(i, j)
            if i:
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(WHITE if i % 2 else NHS_PALE_GREY)
            for para in cell.text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(10)
                    run.font.name = FONT
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
         size=10, colour=WHITE)  # fmt: skip
    _notes(slide, pack, section.notes)


def _notes(slide, pack: Pack, notes: str) -> None:
    if pack.marking:
        notes = f"{pack.marking}.\n{notes}"
    slide.notes_slide.notes_text_frame.text = notes


def to_pptx(pack: Pack) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    page = 1
    _title_slide(prs, pack, pack.sections[0])
    body_top = HEADER + Inches(0.3)
    body_height = HEIGHT - body_top - Inches(0.6)
    for section in pack.sections[1:]:
        for title, piece, first in slides_of(section):
            page += 1
            slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
            _chrome(slide, pack, title, page)
            notes = section.notes
            lines = section.lines if first else ()
            if piece is not None and piece.rows:
                top = body_top
                if lines:
                    height = Inches(0.45 * len(lines) + 0.2)
                    _box(slide, MARGIN, top, WIDTH - 2 * MARGIN, height, lines, size=14)
                    top += height
                rows_h = Inches(0.32) * (len(piece.rows) + 1)
                _table(slide, piece, MARGIN, top, WIDTH - 2 * MARGIN, rows_h)
                notes = "\n".join([notes if first else title + ".", *rows_in_words(piece)])
            elif section.figures:
                text_w = Inches(4.6)
                _box(slide, MARGIN, body_top, text_w, body_height, lines, size=13)
                area_x = MARGIN + text_w + Inches(0.3)
                area_w = WIDTH - area_x - MARGIN
                each = area_w / len(section.figures)
                for i, figure in enumerate(section.figures):
                    _picture(slide, figure, area_x + i * each, body_top, each - Inches(0.1),
                             body_height)  # fmt: skip
            else:
                _box(slide, MARGIN, body_top, WIDTH - 2 * MARGIN, body_height, lines, size=18)
            _notes(slide, pack, notes)
    out = BytesIO()
    prs.save(out)
    return out.getvalue()
