"""A pack a board can use: read the files as a board member would.

A hand-made trust whose senior bands are small (numbers worked out by hand):
  non-clinical  Band 5  White 100 BME 40 (140)     Band 8a White 40 BME 12 (52)
                Band 8b White  30 BME 10 (40)      Band 8c White 15 BME 3 (18)
                Band 8d White  10 BME  2 (12)      Band 9  White  5 BME 1 (6)
                VSM     White   6 BME  2 (8)
     Band 8c's 3 BME is hidden, so Bands 8c-VSM are merged: BME 3+2+1+2 = 8 of 44 (shown:
     10 of 45); 8a and 8b stay (12 of 52, 10 of 40). No cell of 1..7 is left in the table.
  clinical      Band 5  White 200 BME 80 (280)     Band 8a White 30 BME 5 (35)
                Band 8b White  20 BME  2 (22)      Band 8c White 10 BME 2 (12)
                Band 8d White   5 BME  1 (6)       Band 9  White  3 BME 0 (3)
                VSM     White   4 BME  1 (5)
     Bands 8c-VSM hold only 4 BME, so Bands 8a-VSM are merged: BME 5+2+4 = 11 of 83 (shown:
     10 of 85).
  whole workforce: BME 40+12+10+8+80+11 = 161 of 140+52+40+44+280+83 = 639 -> 25.2%, shown 25%.
  survey (2024 survey for WRES 2025): White 90/300 (30.0%), BME 61/150 (40.7%, shown 41%)
  board voting: White 8, BME 2 (of 10), public: shown exactly, 20%.
"""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pptx.util import Emu
from pypdf import PdfReader

from dashboard.pack import PackAction, build_file, pack_for
from metrics.counts.table import normalise
from metrics.disclosure.control import DisclosureSettings
from tests.dashboard.test_pack_files import all_texts, counts_in, pdf_pages, slide_texts

SENIOR = {
    False: {"Band 5": (100, 40), "Band 8a": (40, 12), "Band 8b": (30, 10), "Band 8c": (15, 3),
            "Band 8d": (10, 2), "Band 9": (5, 1), "VSM": (6, 2)},
    True: {"Band 5": (200, 80), "Band 8a": (30, 5), "Band 8b": (20, 2), "Band 8c": (10, 2),
           "Band 8d": (5, 1), "Band 9": (3, 0), "VSM": (4, 1)},
}  # fmt: skip
SURVEY = "NHS Staff Survey 2024"
DECIMAL_PERCENT = re.compile(r"\d\.\d+\s?%|\d\.\d+ (?:percentage )?points")


def senior_counts() -> pd.DataFrame:
    rows = []
    for year in (2024, 2025):

        def add(indicator, group, num, den, year=year, **keys):
            rows.append({"organisation": "Senior Trust", "year": year, "indicator": indicator,
                         "group": group, "numerator": num, "denominator": den, **keys})  # fmt: skip

        for clinical, bands in SENIOR.items():
            for band, (white, bme) in bands.items():
                for group, n in (("White", white), ("BME", bme)):
                    add("WRES1", group, n, white + bme, band=band, clinical=clinical)
        add("WRES2", "White", 60, 200)
        add("WRES2", "BME", 40, 200)
        for indicator in ("WRES5", "WRES6", "WRES7", "WRES8"):
            add(indicator, "White", 90, 300)
            add(indicator, "BME", 61, 150)
        add("WRES9", "White", 8, 10, membership="voting")
        add("WRES9", "BME", 2, 10, membership="voting")
    return normalise(pd.DataFrame(rows))


ACTIONS = (
    PackAction("Reverse mentoring for every senior manager in the directorate", "WRES2",
               "Director of People", None, 1.25, 2026, "in progress"),
    PackAction("Panels", None, "HR", None, None, None, "done"),
)  # fmt: skip


@pytest.fixture(scope="module")
def packs():
    counts = senior_counts()
    return {
        lvl: pack_for(counts, actions=ACTIONS, level=lvl) for lvl in ("publication", "internal")
    }


@pytest.fixture(scope="module")
def files(packs):
    return {(lvl, fmt): build_file(p, fmt) for lvl, p in packs.items() for fmt in ("pptx", "pdf", "xlsx")}  # fmt: skip


def slides(data: bytes):
    return list(Presentation(io.BytesIO(data)).slides)


def title_of(slide) -> str:
    return slide_texts_of(slide).splitlines()[0]


def slide_texts_of(slide) -> str:
    runs = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            runs += [r.text for p in shape.text_frame.paragraphs for r in p.runs]
        if shape.has_table:
            runs += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(runs)


# ---------------------------------------------------------------------------------------------
# bands merged upwards


def test_senior_bands_too_small_are_merged_upwards_and_the_merge_is_stated(packs):
    pack = packs["publication"]
    parts = [r[1] for r in pack.results.rows if r[0] == "WRES1" and r[1]]
    assert parts == ["Band 5 (non-clinical)", "Band 8a (non-clinical)", "Band 8b (non-clinical)",
                     "Bands 8c-VSM (non-clinical)", "Band 5 (clinical)",
                     "Bands 8a-VSM (clinical)"]  # fmt: skip
    words = " ".join(pack.section("representation").lines)
    assert ("Band 8c, Band 8d, Band 9 and VSM (non-clinical) are shown together as Bands 8c-VSM"
            in words)  # fmt: skip
    assert "VSM (clinical) are shown together as Bands 8a-VSM" in words
    # 8 of 44 is 18.2%; with only about 45 staff a whole per cent would pin the count, so the
    # share is given in steps of 25 points (25 x 44 / 100 = 11 people, at least the rounding's 5)
    merged = next(r for r in pack.results.rows if r[1] == "Bands 8c-VSM (non-clinical)")
    assert "about 25% BME of about 45 staff" in merged[-1]
    appendix = pack.section("appendix")
    assert any("Bands 8c-VSM" in str(r[1]) for r in appendix.table.rows)
    assert any("Bands 8a-VSM" in str(r[1]) for r in appendix.table.rows)


def test_merged_rows_replace_their_bands_in_every_published_count(files):
    book = openpyxl.load_workbook(io.BytesIO(files[("publication", "xlsx")]))
    sheet = book["Counts"]
    header = [c.value for c in sheet[4]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=5, values_only=True)]
    wres1 = [r for r in rows if r["Indicator"] == "WRES1"]
    bands = {(r["Band"], r["Clinical"]) for r in wres1}
    assert bands == {("Band 5", "non-clinical"), ("Band 8a", "non-clinical"),
                     ("Band 8b", "non-clinical"), ("Bands 8c-VSM", "non-clinical"),
                     ("Band 5", "clinical"), ("Bands 8a-VSM", "clinical")}  # fmt: skip
    # a merged row's bands are nowhere on their own, so none can be had by subtraction
    bme = {(r["Band"], r["Clinical"]): (r["Numerator"], r["Denominator"])
           for r in wres1 if r["Group"] == "BME"}  # fmt: skip
    assert bme[("Bands 8c-VSM", "non-clinical")] == (10, 45)  # 8 of 44, rounded
    assert bme[("Bands 8a-VSM", "clinical")] == (10, 85)  # 11 of 83, rounded
    audit = [c.value for c in book["Suppression audit"]["D"]]
    assert audit.count("merged") == 2


def test_every_published_count_is_rounded_and_none_is_1_to_7():
    settings = DisclosureSettings(publish_board_composition=False)
    pack = pack_for(senior_counts(), actions=ACTIONS, settings=settings)
    files = {("publication", fmt): build_file(pack, fmt) for fmt in ("pptx", "pdf", "xlsx")}
    shown = [n for t in all_texts(files, "publication") for n in counts_in(t)]
    assert shown and not [n for n in shown if 1 <= n <= 7]
    assert not [n for n in shown if n % 5]


# ---------------------------------------------------------------------------------------------
# the board


def test_board_composition_is_shown_at_publication_by_default(packs, files):
    board = packs["publication"].section("board")
    assert board.figures
    assert "20% of the board's voting members (2 of 10)" in board.lines[0]
    assert "Board membership is public" in " ".join(board.lines)
    titles = [title_of(s) for s in slides(files[("publication", "pptx")])]
    assert "WRES 9: the board" in titles
    hidden = pack_for(senior_counts(), settings=DisclosureSettings(publish_board_composition=False))
    assert hidden.section("board").lines[0].startswith("Withheld")


def test_the_board_setting_is_documented_with_its_reason():
    doc = DisclosureSettings.__dataclass_fields__["publish_board_composition"]
    assert doc.default is True
    import inspect

    source = inspect.getsource(DisclosureSettings)
    assert "Board membership is public" in source
    with pytest.raises(ValueError, match="publish_board_composition"):
        DisclosureSettings(publish_board_composition="yes")


# ---------------------------------------------------------------------------------------------
# percentages


def test_no_published_percentage_has_decimals(packs, files):
    texts = all_texts(files, "publication")
    assert not [t for t in texts if DECIMAL_PERCENT.search(t)]
    for figure in (f for s in packs["publication"].sections for f in s.figures):
        assert not DECIMAL_PERCENT.search(figure.spec_json), figure.title
        assert not DECIMAL_PERCENT.search(figure.alt_text), figure.title
    book = openpyxl.load_workbook(io.BytesIO(files[("publication", "xlsx")]))
    sheet = book["Results"]
    header = [c.value for c in sheet[4]]
    unit = header.index("Unit")
    for row in sheet.iter_rows(min_row=5, values_only=True):
        if row[unit] in ("percent", "percentage points"):
            for column in ("Value", "95% CI lower", "95% CI upper"):
                value = row[header.index(column)]
                assert value is None or isinstance(value, int), (row[0], row[1], column, value)
    wres1 = next(
        r for r in sheet.iter_rows(min_row=5, values_only=True) if r[:2] == ("WRES1", None)
    )
    assert wres1[header.index("Value")] == 25  # 161 / 639 = 25.2%


def test_the_internal_pack_keeps_one_decimal(files):
    sheet = openpyxl.load_workbook(io.BytesIO(files[("internal", "xlsx")]))["Results"]
    header = [c.value for c in sheet[4]]
    wres1 = next(
        r for r in sheet.iter_rows(min_row=5, values_only=True) if r[:2] == ("WRES1", None)
    )
    assert wres1[header.index("Value")] == pytest.approx(25.2)


# ---------------------------------------------------------------------------------------------
# slides a room can read


@pytest.mark.parametrize("level", ["publication", "internal"])
def test_every_chart_fills_the_slide_and_no_text_is_under_12_pt(files, level):
    deck = Presentation(io.BytesIO(files[(level, "pptx")]))
    assert abs(Emu(deck.slide_width).inches - 13.333) < 0.01
    widths, sizes = [], []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.shape_type == 13:  # picture
                widths.append(Emu(shape.width).inches)
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [c.text_frame for row in shape.table.rows for c in row.cells]
            for frame in frames:
                sizes += [r.font.size.pt if r.font.size else None
                          for p in frame.paragraphs for r in p.runs if r.text.strip()]  # fmt: skip
    assert len(widths) >= 5
    assert min(widths) >= 12.0, widths
    assert None not in sizes and min(sizes) >= 12


def test_chart_text_is_at_least_12_pt_at_slide_size(packs):
    """A picture's pixels map to the slide's 12.33 in: the charts' smallest font in points."""
    from dashboard.pack import images, sizing

    for figure in (f for s in packs["publication"].sections for f in s.figures):
        width, _ = images.size(images.png(figure))
        pt_per_px = sizing.SLIDE_CHART_WIDTH_IN * 72 / (width / images.SCALE)
        spec = figure.spec_json
        sizes = [int(n) for n in re.findall(r'"(?:labelFontSize|titleFontSize|fontSize)": (\d+)',
                                            spec)]  # fmt: skip
        assert sizes and min(sizes) * pt_per_px >= 12, (figure.title, sizes, pt_per_px)


def test_the_pdf_pages_are_the_slides_size(files):
    for level in ("publication", "internal"):
        page = PdfReader(io.BytesIO(files[(level, "pdf")])).pages[0]
        assert abs(float(page.mediabox.width) / 72 - 13.333) < 0.01


def test_the_appendix_is_one_slide_and_points_to_the_workbook(files):
    for level in ("publication", "internal"):
        titles = [title_of(s) for s in slides(files[(level, "pptx")])]
        appendix = [t for t in titles if t.startswith("Appendix")]
        assert appendix == ["Appendix: suppressed, merged and rounded figures"]
        text = slide_texts(files[(level, "pptx")])[titles.index(appendix[0])]
        assert "Excel workbook" in text


def test_the_action_table_columns_fit_their_content(files):
    deck = slides(files[("publication", "pptx")])
    slide = next(s for s in deck if title_of(s) == "Action plan")
    table = next(s for s in slide.shapes if s.has_table).table
    headers = [c.text for c in table.rows[0].cells]
    width = {h: table.columns[i].width for i, h in enumerate(headers)}
    assert width["Action"] > 2 * width["Due"]  # a long title against an empty date
    assert width["Judged now"] > width["Owner"] > width["Status"]
    assert all(c.text_frame.word_wrap for row in table.rows for c in row.cells)


# ---------------------------------------------------------------------------------------------
# the survey's year


def test_the_survey_year_is_named_wherever_indicators_5_to_8_are_shown(files):
    for level in ("publication", "internal"):
        for slide in slides(files[(level, "pptx")]):
            text = slide_texts_of(slide)
            if title_of(slide).startswith(("WRES 5 to 8", "Change since last year")):
                assert SURVEY in text, title_of(slide)
        pages = pdf_pages(files[(level, "pdf")])
        shown = [p for p in pages if "WRES 5 to 8" in p or "Change since last year" in p]
        assert shown and all(SURVEY in p for p in shown)
        sheet = openpyxl.load_workbook(io.BytesIO(files[(level, "xlsx")]))["Results"]
        header = [c.value for c in sheet[4]]
        for row in sheet.iter_rows(min_row=5, values_only=True):
            if row[0] in ("WRES5", "WRES6", "WRES7", "WRES8"):
                assert row[header.index("Source")] == SURVEY
