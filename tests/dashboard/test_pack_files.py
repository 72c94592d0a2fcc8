"""The board pack: open the produced PowerPoint, PDF and Excel files and read what they say.

A small hand-made trust whose numbers are worked out by hand below:
  staff (WRES1)       Band 5 clinical  White 100, BME 40, Unknown 10  (150)
                      Band 6 clinical  White  60, BME 30              (90)
                      Band 8c non-clin White  20, BME  3              (23)  -> BME 3 is hidden
                      whole workforce  White 180, BME 73, Unknown 10  (263) -> BME 27.8%;
                      published rounded: 180, 75, 10, total 265
  WRES2 shortlisted   White 60 of 200 appointed, BME 20 of 150
                      RL = (60/200)/(20/150) = 2.25; Katz se = sqrt(1/60-1/200+1/20-1/150)
                      = sqrt(0.055) = 0.2345; 95% CI 2.25*exp(-/+1.96*0.2345) = 1.42 to 3.56
  WRES3 disciplinary  BME 5 of 73, White 4 of 180 -> both hidden, so WRES3 is withheld
  WRES4 training      White 150 of 180, BME 50 of 73
  WRES5-8 survey      White 90/300, BME 60/150 each (30.0% vs 40.0%: +10.0 points)
  WRES9 board voting  White 9, BME 3 (of 12) -> shown exactly (board membership is public;
                      withheld when publish_board_composition is off)
Published percentages are whole: 27.8% -> 28%, +10.0 points -> +10.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader

from dashboard.pack import PackAction, build_file, pack_for
from dashboard.pack.csv_safe import safe_frame, to_csv_text
from metrics.counts.table import normalise
from metrics.disclosure.control import DisclosureSettings

ORG = "Test Trust"
HYPERLINK = '=HYPERLINK("http://x","y")'


def _rows(org: str, year: int, directorate: str | None = None) -> list[dict]:
    rows = []

    def add(indicator, group, num, den, **keys):
        rows.append({"organisation": org, "year": year, "indicator": indicator, "group": group,
                     "numerator": num, "denominator": den, "directorate": directorate, **keys})  # fmt: skip

    for band, clinical, figures in (
        ("Band 5", True, {"White": 100, "BME": 40, "Unknown": 10}),
        ("Band 6", True, {"White": 60, "BME": 30}),
        ("Band 8c", False, {"White": 20, "BME": 3}),
    ):
        for group, n in figures.items():
            add("WRES1", group, n, sum(figures.values()), band=band, clinical=clinical)
    add("WRES2", "White", 60, 200)
    add("WRES2", "BME", 20, 150)
    add("WRES3", "White", 4, 180)
    add("WRES3", "BME", 5, 73)
    add("WRES4", "White", 150, 180)
    add("WRES4", "BME", 50, 73)
    for indicator in ("WRES5", "WRES6", "WRES7", "WRES8"):
        add(indicator, "White", 90, 300)
        add(indicator, "BME", 60, 150)
    add("WRES9", "White", 9, 12, membership="voting")
    add("WRES9", "BME", 3, 12, membership="voting")
    return rows


def small_counts(org: str = ORG, directorate: str | None = None) -> pd.DataFrame:
    return normalise(pd.DataFrame(_rows(org, 2024, directorate) + _rows(org, 2025, directorate)))


ACTIONS = (
    PackAction("Reverse mentoring for senior managers", "WRES2", "Director of People",
               date(2026, 3, 31), 1.25, 2026, "in progress"),
    PackAction("Diverse interview panels", None, "Head of Recruitment", None, None, None, "done"),
)  # fmt: skip


@pytest.fixture(scope="module")
def packs():
    counts = small_counts()
    return {
        level: pack_for(counts, actions=ACTIONS, level=level)
        for level in ("publication", "internal")
    }


@pytest.fixture(scope="module")
def files(packs):
    return {(lvl, fmt): build_file(p, fmt) for lvl, p in packs.items() for fmt in ("pptx", "pdf", "xlsx")}  # fmt: skip


@pytest.fixture(scope="module")
def strict_files():
    """Publication files with the board put through disclosure control like every table."""
    settings = DisclosureSettings(publish_board_composition=False)
    pack = pack_for(small_counts(), actions=ACTIONS, settings=settings)
    return {("publication", fmt): build_file(pack, fmt) for fmt in ("pptx", "pdf", "xlsx")}


# ---------------------------------------------------------------------------------------------
# reading the files back


def slide_texts(data: bytes) -> list[str]:
    """Every text run of every slide (shapes and tables), one string per slide."""
    out = []
    for slide in Presentation(io.BytesIO(data)).slides:
        runs = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                runs += [r.text for p in shape.text_frame.paragraphs for r in p.runs]
            if shape.has_table:
                for row in shape.table.rows:
                    runs += [c.text for c in row.cells]
        out.append("\n".join(runs))
    return out


def slide_notes(data: bytes) -> list[str]:
    return [
        s.notes_slide.notes_text_frame.text if s.has_notes_slide else ""
        for s in Presentation(io.BytesIO(data)).slides
    ]


def pictures(data: bytes) -> list[dict[str, str]]:
    """descr and title of every picture, read from the slide XML."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        for name in sorted(names, key=lambda n: int(re.sub(r"\D", "", n))):
            xml = z.read(name).decode()
            for pic in re.findall(r"<p:pic>.*?</p:pic>", xml, flags=re.S):
                props = re.search(r"<p:cNvPr [^>]*>", pic).group()
                descr = re.search(r'descr="([^"]*)"', props)
                out.append({"slide": name, "descr": descr.group(1) if descr else ""})
    return out


def pdf_pages(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def pdf_alt_texts(data: bytes) -> list[str]:
    """The /Alt of every /Figure in the PDF's structure tree (fpdf2 writes one per image)."""
    reader = PdfReader(io.BytesIO(data))
    found: list[str] = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif hasattr(node, "get"):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def pdf_image_count(data: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(data)).pages)


def sheet_cells(data: bytes) -> dict[str, list[openpyxl.cell.Cell]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {
        ws.title: [c for row in ws.iter_rows() for c in row if c.value is not None] for ws in book
    }


def all_texts(files, level: str) -> list[str]:
    texts = slide_texts(files[(level, "pptx")]) + slide_notes(files[(level, "pptx")])
    texts += pdf_pages(files[(level, "pdf")])
    texts += [str(c.value) for cells in sheet_cells(files[(level, "xlsx")]).values() for c in cells]
    return texts


# Counts in running text: "N of M", "about N", "N staff/people/members/applicants/respondents".
COUNT_PATTERNS = (
    re.compile(r"(?<![\d.,])(\d[\d,]*) of (\d[\d,]*)(?![\d.%])(?! are)"),  # not "1 of 2 are"
    re.compile(r"about (\d[\d,]*)(?![\d.%])"),
    re.compile(r"(?<![\d.,])(\d[\d,]*) (?:BME |White )?(?:staff(?! survey)|people|members|applicants|respondents)\b"),
)  # fmt: skip


def counts_in(text: str) -> list[int]:
    out = []
    for pattern in COUNT_PATTERNS:
        for match in pattern.finditer(text):
            out += [int(g.replace(",", "")) for g in match.groups()]
    return out


# ---------------------------------------------------------------------------------------------
# content


def test_headline_names_the_largest_gaps_with_numbers_and_intervals(packs):
    headline = packs["publication"].headline
    text = " ".join(headline.lines)
    # WRES2 (125 "per cent more likely") is first; the survey gaps of +10 points follow
    assert headline.lines[0].startswith("Appointed from shortlisting")
    assert "2.25 times as likely" in headline.lines[0]
    assert "1.42 to 3.56" in headline.lines[0]
    assert len(headline.lines) == 3
    assert "+10 percentage points" in text
    assert "confidence interval" in text


def test_withheld_figures_stay_out_of_the_publication_pack(packs):
    pack = packs["publication"]
    assert "Withheld" in " ".join(pack.section("likelihoods").lines)  # WRES3: 5 and 4 events
    assert "Band 8c (non-clinical)" in " ".join(pack.section("representation").lines)
    assert "28% of about 265 staff are BME" in pack.section("representation").lines[0]
    strict = pack_for(small_counts(), settings=DisclosureSettings(publish_board_composition=False))
    assert strict.section("board").lines[0].startswith("Withheld")  # 3 BME of 12 members


def test_actions_come_with_their_status_and_the_target_judged(packs):
    table = packs["publication"].section("actions").table
    assert [r[0] for r in table.rows] == [a.title for a in ACTIONS]
    first = dict(zip(table.columns, table.rows[0], strict=True))
    assert first["Status"] == "in progress"
    assert first["Target"] == "1.25 by 2026"
    # WRES2's interval 1.42 to 3.56 is wholly above the 1.25 aimed for (lower is better)
    assert first["Judged now"].startswith("not yet")


def test_no_actions_recorded_says_so():
    pack = pack_for(small_counts())
    assert pack.section("actions").lines == ("No actions recorded in the workspace yet.",)


def test_change_since_last_year_and_audit_sections(packs):
    pack = packs["publication"]
    assert pack.section("change").figures
    assert "2024 to 2025" in pack.section("change").lines[0]
    actions = {r[3] for r in pack.audit.rows}
    # primary and secondary look the same; the board is public, so shown exactly
    assert actions == {"suppressed", "rounded", "shown exactly"}
    hidden = {(r[0], r[1], r[2]) for r in pack.audit.rows if r[3] == "suppressed"}
    assert not any("WRES9" in t for t, _, _ in hidden)
    assert any("WRES3" in t and row == "BME" and col == "yes" for t, row, col in hidden)


# ---------------------------------------------------------------------------------------------
# PowerPoint


def test_pptx_is_16_by_9_with_notes_on_every_slide(packs, files):
    prs = Presentation(io.BytesIO(files[("publication", "pptx")]))
    assert (
        prs.slide_width * 9 == prs.slide_height * 16
        or abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
    )
    texts = slide_texts(files[("publication", "pptx")])
    assert ORG in texts[0] and "2025" in texts[0] and "whole organisation" in texts[0]
    titles = [t.splitlines()[0] for t in texts[1:]]
    for wanted in ("The three largest gaps", "WRES 1: representation by band",
                   "WRES 2, 3 and 4: relative likelihoods", "WRES 5 to 8: NHS Staff Survey 2024",
                   "WRES 9: the board", "Change since last year", "Action plan",
                   "Methods and data quality",
                   "Appendix: suppressed, merged and rounded figures"):  # fmt: skip
        assert wanted in titles
    notes = slide_notes(files[("publication", "pptx")])
    assert all(n.strip() for n in notes)
    likelihood_notes = notes[titles.index("WRES 2, 3 and 4: relative likelihoods") + 1]
    assert "2.25" in likelihood_notes and "1.42" in likelihood_notes


def test_every_pptx_picture_carries_the_charts_alt_text(packs, files):
    found = pictures(files[("publication", "pptx")])
    expected = [f.alt_text for s in packs["publication"].sections for f in s.figures]
    assert len(found) == len(expected) >= 5
    assert all(p["descr"] for p in found)
    descrs = [p["descr"] for p in found]
    xml_escaped = [e.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
                   .replace(">", "&gt;") for e in expected]  # fmt: skip
    assert descrs == xml_escaped
    assert any("Forest plot" in d for d in descrs)


# ---------------------------------------------------------------------------------------------
# PDF


def test_pdf_has_the_same_sections_as_selectable_text_and_alt_text(packs, files):
    pages = pdf_pages(files[("publication", "pdf")])
    joined = " ".join(" ".join(pages).split())  # lines wrap anywhere
    for section in packs["publication"].sections:
        assert section.title.split(":")[0] in joined
    assert "2.25 times as likely" in joined
    alts = pdf_alt_texts(files[("publication", "pdf")])
    expected = [f.alt_text for s in packs["publication"].sections for f in s.figures]
    assert len(alts) == len(expected) == pdf_image_count(files[("publication", "pdf")])
    assert all(a.strip() for a in alts)
    assert any("Forest plot" in a for a in alts)


# ---------------------------------------------------------------------------------------------
# disclosure control in every file


def test_publication_files_show_no_count_from_1_to_7_and_only_rounded_counts(strict_files):
    texts = all_texts(strict_files, "publication")
    shown = [n for t in texts for n in counts_in(t)]
    assert shown, "the scan found no counts at all: the patterns are wrong"
    assert not [n for n in shown if 1 <= n <= 7]
    assert not [n for n in shown if n % 5], "every published count is rounded to 5"
    joined = "\n".join(texts)
    for exact in ("3 of 12", "of 263", "73 BME", "5 of 73"):
        assert exact not in joined


def test_publication_workbook_counts_are_rounded_or_suppressed(strict_files):
    book = openpyxl.load_workbook(io.BytesIO(strict_files[("publication", "xlsx")]))
    sheet = book["Counts"]
    header = [c.value for c in sheet[4]]
    columns = [header.index("Numerator"), header.index("Denominator")]
    values = [row[i] for row in sheet.iter_rows(min_row=5, values_only=True) for i in columns]
    assert "suppressed" in values
    numbers = [v for v in values if v != "suppressed"]
    assert numbers and all(isinstance(v, int) and v % 5 == 0 for v in numbers)
    assert not [v for v in numbers if 1 <= v <= 7]


def test_no_suppressed_count_can_be_worked_back_from_totals(strict_files):
    """In every published table each row with a hidden cell has at least two hidden cells (else
    subtracting the shown ones from the row total would give it away)."""
    book = openpyxl.load_workbook(io.BytesIO(strict_files[("publication", "xlsx")]))
    rows = list(book["Counts"].iter_rows(min_row=5, values_only=True))
    header = [c.value for c in book["Counts"][4]]
    ind, grp, num = header.index("Indicator"), header.index("Group"), header.index("Numerator")
    for indicator in ("WRES3", "WRES9"):
        mine = [r for r in rows if r[ind] == indicator]
        hidden = [r for r in mine if r[num] == "suppressed"]
        assert len(hidden) != 1, f"{indicator}: a single hidden numerator is recoverable"
        assert {r[grp] for r in hidden} >= {"BME"}


def test_internal_files_show_exact_counts_and_are_marked_on_every_page(files):
    pptx_texts = slide_texts(files[("internal", "pptx")])
    assert all("Not for publication" in t for t in pptx_texts)
    assert all("Not for publication" in p for p in pdf_pages(files[("internal", "pdf")]))
    for title, cells in sheet_cells(files[("internal", "xlsx")]).items():
        assert any("Not for publication" in str(c.value) for c in cells), title
    assert "3 of 12" in "\n".join(pptx_texts)  # the board's exact figures, internally


def test_the_default_publication_files_show_the_board_and_only_it_exactly(files):
    """Board membership is public: its exact counts are shown, and no other count 1 to 7."""
    texts = all_texts(files, "publication")
    joined = "\n".join(texts)
    assert "3 of 12" in joined  # the board's voting members, exactly
    assert "25% of the board's voting members" in joined  # 3 / 12, whole
    others = [t.replace("3 of 12", "") for t in texts]
    assert not [n for t in others for n in counts_in(t) if 1 <= n <= 7]


def test_publication_files_carry_no_internal_mark(files):
    assert not any("Not for publication" in t for t in slide_texts(files[("publication", "pptx")]))


# ---------------------------------------------------------------------------------------------
# formula safety


def test_a_formula_in_a_name_stays_plain_text_in_the_workbook():
    counts = small_counts(org=HYPERLINK, directorate=HYPERLINK)
    for level in ("publication", "internal"):
        data = build_file(pack_for(counts, level=level), "xlsx")
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
            for name in sheets:
                xml = z.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml, name
        cells = [c for cs in sheet_cells(data).values() for c in cs if c.value == HYPERLINK]
        assert cells, "the name should appear, as text"
        assert all(c.data_type == "s" for c in cells)
        if level == "internal":  # the directorate column is in the internal counts
            assert sum(c.column_letter == "G" for c in cells) > 0


def test_csv_downloads_escape_formula_starts():
    frame = pd.DataFrame(
        {"name": [HYPERLINK, "+1", "-x", "@y", "plain", None], "n": [1, -3, 0, 2, 5, 6]}
    )
    text = to_csv_text(frame)
    lines = text.splitlines()
    assert lines[1].startswith("\"'=HYPERLINK(") and lines[1].endswith(",1")
    assert lines[2] == "'+1,-3"  # numbers stay numbers, even negative
    assert lines[3] == "'-x,0" and lines[4] == "'@y,2" and lines[5] == "plain,5"
    assert safe_frame(frame)["name"].iloc[0] == "'" + HYPERLINK


def test_csv_downloads_escape_a_leading_tab_or_carriage_return():
    # some importers drop a leading TAB or CR and then read the "=" behind it as a formula
    frame = pd.DataFrame({"name": ["\t=1+1", "\r=1+1", "a\t=b"]})
    cells = safe_frame(frame)["name"].tolist()
    assert cells == ["'\t=1+1", "'\r=1+1", "a\t=b"]
    assert to_csv_text(frame).startswith("name\n'\t=1+1\n")


def test_slide_text_shrinks_to_fit_its_box():
    from dashboard.pack.pptx import fitting_size

    lines = ["x" * 24, "y" * 24]
    inch, point = 914400, 12700  # EMU
    # 1 inch = 72 pt wide. At 12 pt: 72 / 6 = 12 characters a line, so 4 lines:
    # 4 x 1.2 x 12 + 2 x 0.5 x 12 = 69.6 pt, which fits a 70 pt box
    assert fitting_size(lines, inch, 70 * point, 14) == 12
    # a 110 pt box: 14 pt (10 a line, 6 lines) needs 114.8, 13.5 needs 110.7, 13 (11 a line,
    # still 6 lines) 106.6
    assert fitting_size(lines, inch, 110 * point, 14) == 13
    assert fitting_size(lines * 50, inch, 60 * point, 14) == 12  # never below 12 pt
