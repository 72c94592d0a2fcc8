"""The casework briefing's files: one PDF page and one slide, saying the employer and the
headline, never a case reference or a count of 1-7; eight case types and a long employer name
still fit; a name written as markup stays text; and `inclusivehr casework --briefing`."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pypdf import PdfReader

from dashboard.cli import main
from dashboard.pack.casework_briefing import to_pdf, to_pptx
from metrics.casework.bases import read_members
from metrics.casework.briefing import briefing
from metrics.casework.figures import compute
from metrics.casework.labels import CASE_TYPES
from metrics.casework.log import read_cases

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "network"
BME, WHITE = "N Black or Black British - African", "A White - British"
LONG = ("The Very Long Named Northern and Southern Counties Integrated University Teaching "
        "Hospitals and Community Mental Health Services NHS Foundation Trust")  # fmt: skip
HOSTILE = "<b>x</b> & <i>Trust</i>"
# per case type: BME and White cases at each employer (every case type, some of them small)
SIZES = {"disciplinary": (14, 20), "grievance": (3, 12), "capability": (9, 10),
         "dismissal": (2, 1), "bullying and harassment": (11, 9), "discrimination": (8, 4),
         "whistleblowing": (1, 6), "other": (10, 15)}  # fmt: skip
SMALL = {n for pair in SIZES.values() for n in pair if 1 <= n <= 7}


def write_log(folder: Path, employers: list[str]) -> tuple[Path, Path]:
    lines = ["Case Reference,Employer,Year,Case Type,Ethnicity,Outcome"]
    members = ["Employer,Group,Members"]
    for e, employer in enumerate(employers):
        quoted = '"' + employer.replace('"', '""') + '"'
        for t, (kind, (bme, white)) in enumerate(SIZES.items()):
            for g, (group, n) in enumerate(((BME, bme), (WHITE, white))):
                for i in range(n):
                    year = 2024 + i % 2
                    outcome = "Final written warning" if i % 3 == 0 else "No further action"
                    lines.append(
                        f"CASEREF-{e}{t}{g}{i:03d}X,{quoted},{year},{kind},{group},{outcome}"
                    )
        members += [f"{quoted},BME,{300 + 50 * e}", f"{quoted},White,{900 + 100 * e}"]
    cases, base = folder / "cases.csv", folder / "members.csv"
    cases.write_text("\n".join(lines) + "\n", encoding="utf-8")
    base.write_text("\n".join(members) + "\n", encoding="utf-8")
    return cases, base


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("briefing_files")
    cases, members = write_log(folder, [LONG, HOSTILE, "Trust C"])
    figures = compute(read_cases(cases), read_members(members))
    out = {}
    for name in (LONG, HOSTILE):
        b = briefing(figures, name)
        out[name] = (b, to_pdf(b), to_pptx(b))
    return out


def pdf_text(data: bytes) -> tuple[int, str]:
    pages = PdfReader(io.BytesIO(data)).pages
    return len(pages), " ".join(" ".join(p.extract_text().split()) for p in pages)


def slide_texts(data: bytes) -> tuple[int, str, str]:
    prs = Presentation(io.BytesIO(data))
    texts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in prs.slides)
    return len(prs.slides), " ".join(" ".join(texts).split()), notes


# What the page says that is a number but not a count: decimals, years, "1 to 7", "above 1",
# "ranks 2 of the 3", "95%", "1 =", "WRES indicator 1", dates. Every other whole number on the page is a count.
NOT_COUNTS = [r"\d+\.\d+", r"\b20\d\d\b", r"\b1 to 7\b", r"\b1-7\b", r"(?i)above [01]\b",
              r"ranks \d+ of the \d+", r"\d+(\.\d+)?%", r"\(1 =", r"nearest 5", r"prepared \d+",
              r"\+\d+(\.\d+)?", r"\d+ employers", r"[A-Z]+\d+", r"indicator 1\b"]  # fmt: skip


def shown_counts(text: str) -> list[int]:
    for pattern in NOT_COUNTS:
        text = re.sub(pattern, " ", text)
    return [int(n.replace(",", "")) for n in re.findall(r"\b\d[\d,]*\b", text)]


@pytest.mark.parametrize("name", [LONG, HOSTILE])
def test_pdf_is_one_page_with_the_name_the_headline_and_no_small_count(made, name):
    b, pdf, _ = made[name]
    pages, text = pdf_text(pdf)
    assert pages == 1
    assert name in text  # the hostile name as it was written: text, not markup
    assert "Casework briefing" in text and "times as likely" in text
    assert "above 1 is worse for BME members" in text
    assert "Figures for sharing: counts of 1-7 hidden, others rounded to the nearest 5" in text
    for label in ("Disciplinary", "Grievance", "Capability", "Dismissal", "Discrimination",
                  "Whistleblowing", "Other", "All case types"):  # fmt: skip
        assert label in text  # every case type on the page, none cut off
    assert "CASEREF" not in text
    counts = shown_counts(text)
    assert counts  # the page does show counts (the rounded ones)
    assert not [n for n in counts if 1 <= n <= 7]
    assert all(n % 5 == 0 for n in counts)
    assert not SMALL & set(counts)


@pytest.mark.parametrize("name", [LONG, HOSTILE])
def test_pptx_is_one_slide_inside_its_edges(made, name):
    _, _, pptx = made[name]
    slides, text, notes = slide_texts(pptx)
    assert slides == 1
    assert name in text and name in notes
    assert "times as likely" in text and "Figures for sharing" in text
    assert "CASEREF" not in text + notes
    assert not [n for n in shown_counts(text) if 1 <= n <= 7]
    prs = Presentation(io.BytesIO(pptx))
    for shape in prs.slides[0].shapes:
        assert shape.left + shape.width <= prs.slide_width
        assert shape.top + shape.height <= prs.slide_height


def test_hidden_figures_say_so(made):
    b, pdf, _ = made[LONG]
    assert [t.case_type for t in b.types] == [*CASE_TYPES, "all"]  # all eight on the one page
    by_type = {t.case_type: t for t in b.types}
    assert by_type["dismissal"].cases == {"BME": None, "White": None}  # 2 and 1 cases
    _, text = pdf_text(pdf)
    assert re.search(r"Dismissal hidden hidden hidden too few cases", text)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_cli_writes_both_files(tmp_path):
    cases, members = write_log(tmp_path, ["Trust A", "Trust B"])
    pdf, pptx = tmp_path / "a.pdf", tmp_path / "a.pptx"
    result = run("casework", "--cases", cases, "--members", members, "--briefing", "trust a",
                 "--pdf", pdf, "--pptx", pptx)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert str(pdf) in result.stdout and str(pptx) in result.stdout
    assert "Trust A" in result.stdout
    assert pdf_text(pdf.read_bytes())[0] == 1
    assert slide_texts(pptx.read_bytes())[0] == 1
    _, text = pdf_text(pdf.read_bytes())
    assert "WRES3, entering the formal disciplinary process: not given (no WRES counts file" in text


def test_cli_counts_file_gives_wres3_and_wres8(tmp_path):
    pdf = tmp_path / "b.pdf"
    result = run("casework", "--cases", SAMPLE / "casework.csv", "--counts",
                 SAMPLE / "wres_counts.csv", "--briefing", "Larkmoor Hospitals NHS Trust",
                 "--pdf", pdf)  # fmt: skip
    assert result.exit_code == 0, result.output
    _, text = pdf_text(pdf.read_bytes())
    assert "to enter the formal disciplinary process" in text  # WRES3
    assert "experienced discrimination from a manager" in text  # WRES8
    assert "not given" not in text
    assert not [n for n in shown_counts(text) if 1 <= n <= 7]


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--pdf", "x.pdf"], "--briefing EMPLOYER"),
        (["--pptx", "x.pptx"], "--briefing EMPLOYER"),
        (["--briefing", "Trust A"], "--pdf OUT.pdf"),
        (["--wres", "w.csv"], "--briefing EMPLOYER"),
        (["--briefing", "Trust A", "--pdf", "x.pdf", "--json"], "one at a time"),
    ],
)
def test_cli_usage_errors(tmp_path, extra, said):
    cases, members = write_log(tmp_path, ["Trust A"])
    result = run("casework", "--cases", cases, "--members", members, *extra)
    assert result.exit_code == 2
    assert said in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_cli_unknown_employer_is_a_clear_refusal(tmp_path):
    cases, members = write_log(tmp_path, ["Trust A"])
    result = run("casework", "--cases", cases, "--members", members, "--briefing", "Trust Z",
                 "--pdf", tmp_path / "z.pdf")  # fmt: skip
    assert result.exit_code == 2
    assert 'no employer called "Trust Z"' in result.output and "Trust A" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "z.pdf").exists()
