"""The board pack's medical workforce section, for the sample trust and a hand-made grade table.

Expected figures are worked out here from sample_data/trust/staff.csv with pandas (2025, Medical
and Dental staff group, bank assignments left out, ethnicity by the first character of the NHS
ethnic category: A-C White, D-S BME, anything else Unknown), never read from the pack's code:
  consultants (pay band "Consultant"): 347, of whom 122 BME = 35.2%; all doctors 883
  published: "about 345" consultants; a share beside about 345 people moves in steps of 2%
  (1 x 345 < 100 x 5 <= 2 x 345), so 35.2% reads "about 36%" (35.2 / 2 = 17.6 -> 18 steps);
  all doctors "about 885", whose step is 1%.
The sample trust has one medical director: a publication pack must not show that role alone.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from dashboard.cli import main
from dashboard.pack import build_file, pack_for
from metrics.counts.table import normalise
from tests.dashboard.test_pack_files import pdf_pages, slide_texts

TRUST = Path(__file__).resolve().parents[2] / "sample_data" / "trust"
FILES = ("staff", "recruitment", "disciplinary", "training", "board", "survey")
WHITE, BME = set("ABC"), set("DEFGHJKLMNPRS")
EEA = {"Ireland", "Romania", "Greece", "Italy", "Spain", "Poland"}  # the sample's EEA countries


def _doctors() -> pd.DataFrame:
    staff = pd.read_csv(TRUST / "staff.csv", dtype=str)
    staff = staff[(staff["Year"] == "2025") & (staff["Assignment Category"] != "Bank")]
    doctors = staff[staff["Staff Group"] == "Medical and Dental"].drop_duplicates("Employee Number")
    first = doctors["Ethnicity"].fillna("").str.strip().str[:1]
    group = first.map(lambda c: "White" if c in WHITE else "BME" if c in BME else "Unknown")
    return doctors.assign(group=group)


@pytest.fixture(scope="module")
def sample():
    from metrics.inputs.pipeline import Sources, load

    files = {k: str(TRUST / f"{k}.csv") for k in FILES}
    result = load(Sources(files=files, workbook=None, counts=None, mapping={}, organisation=None,
                          purpose="all", by=None), year=2025)  # fmt: skip
    assert not result.errors
    return result.counts, result.inputs["staff"].frame


def _pack(sample, level):
    counts, staff = sample
    return pack_for(counts, year=2025, level=level, standards=("WRES", "MEDICAL"), staff=staff)


@pytest.fixture(scope="module")
def published(sample):
    return _pack(sample, "publication")


@pytest.fixture(scope="module")
def internal(sample):
    return _pack(sample, "internal")


def _row(section, label):
    return next(r for r in section.table.rows if r[0] == label)


def test_the_sample_s_doctors_are_what_the_figures_below_rest_on():
    doctors = _doctors()
    consultants = doctors[doctors["Pay Band"] == "Consultant"]
    assert (len(doctors), len(consultants)) == (883, 347)
    assert (consultants["group"] == "BME").sum() == 122
    roles = doctors["Position Title"].value_counts()
    assert roles["Medical Director"] == 1


def test_the_internal_section_gives_the_exact_shares_by_grade(internal):
    doctors = _doctors()
    consultants = doctors[doctors["Pay Band"] == "Consultant"]
    share = 100 * (consultants["group"] == "BME").mean()
    everyone = 100 * (doctors["group"] == "BME").mean()
    grades = internal.section("medical-grades")
    row = _row(grades, "Consultant")
    assert row[1:3] == (f"{len(consultants):,}", f"{share:.1f}%")
    assert row[5] == f"{share - everyone:+.1f} points (lower than all doctors)"
    assert _row(grades, "All doctors")[1:3] == (f"{len(doctors):,}", f"{everyone:.1f}%")
    roles = internal.section("medical-roles")
    assert _row(roles, "Medical director")[1:3] == ("1", "100.0%")  # exact, internally


def test_the_published_section_rounds_and_steps_the_grade_table(published):
    grades = published.section("medical-grades")
    assert _row(grades, "Consultant")[1:3] == ("about 345", "about 36%")
    assert _row(grades, "All doctors")[1:3] == ("about 885", "48%")  # 47.6% -> 48%
    assert "About 885 doctors; 48% are BME." in grades.lines


def test_a_published_pack_hides_the_role_held_by_one_doctor(published, internal):
    roles = published.section("medical-roles")
    assert not [r for r in roles.table.rows if r[0] == "Medical director"]
    held = [r for r in roles.table.rows if "Medical director" in r[0]]
    assert held and all(cell == "hidden" for cell in held[0][1:5])
    assert any("Medical director" in line for line in roles.lines)  # says it is not shown
    audit = [r for r in published.audit.rows if r[0].startswith("MED-ROLE")]
    assert any("Medical director" in r[1] and r[3].startswith("suppressed") for r in audit)
    # and nothing of the role reaches the results table either
    role_results = [r for r in published.results.rows if r[0] == "MED-ROLE"]
    assert all(r[3] is None for r in role_results if "Medical director" in r[1])


def test_the_counts_sheet_carries_the_grade_by_qualification_rows(published):
    doctors = _doctors()
    place = doctors["Country of Primary Medical Qualification"].map(
        lambda c: "UK" if c == "United Kingdom" else "EEA" if c in EEA else "International"
    )
    wanted = doctors[(doctors["Pay Band"] == "Consultant") & (place == "International")]
    bme = int((wanted["group"] == "BME").sum())
    columns = list(published.counts.columns)
    rows = [dict(zip(columns, r, strict=True)) for r in published.counts.rows]
    found = [r for r in rows if r["Indicator"] == "MED-GRADE" and r["Band"] == "Consultant"
             and r["Qualified in"] == "International" and r["Group"] == "BME"]  # fmt: skip
    assert len(found) == 1
    assert found[0]["Numerator"] == 5 * round(bme / 5)
    assert found[0]["Denominator"] == 5 * round(len(wanted) / 5)
    medical = [r for r in rows if r["Indicator"].startswith("MED-") or r["Staff group"]]
    shown = [r["Numerator"] for r in medical if isinstance(r["Numerator"], int)]
    assert not [n for n in shown if 1 <= n <= 7]


def test_doctors_wres_figures_are_published_in_plain_words(published):
    lines = published.section("medical-wres").lines
    assert any(line.startswith("WRES7") and "Below 0: fewer BME staff" in line for line in lines)
    # the sample's doctors' disciplinary cases are few: the figure is withheld
    assert any(line.startswith("WRES3") and "withheld" in line for line in lines)


def test_qualification_rows_from_a_counts_file_are_protected_with_the_grade_table():
    """By hand: 50 consultants, 30 White and 20 BME; 40 qualified in the UK (28 White, 12 BME)
    and 10 abroad (2 White, 8 BME). The 2 is hidden, and so is a second count of its row and
    of its column, so it cannot be worked back from the grade row."""
    rows = []
    for group, n in (("White", 30), ("BME", 20)):
        rows.append({"indicator": "MED-GRADE", "band": "Consultant", "group": group,
                     "numerator": n, "denominator": 50})  # fmt: skip
    for place, found in (("UK", (28, 12)), ("International", (2, 8))):
        for group, n in zip(("White", "BME"), found, strict=True):
            rows.append({"indicator": "MED-GRADE", "band": "Consultant", "group": group,
                         "numerator": n, "denominator": sum(found),
                         "characteristic": "qualification", "characteristic_group": place})  # fmt: skip
    for group, n in (("White", 300), ("BME", 100)):
        rows.append({"indicator": "WRES1", "band": "Band 5", "clinical": True, "group": group,
                     "numerator": n, "denominator": 400})  # fmt: skip
    counts = normalise(pd.DataFrame(rows).assign(organisation="Hand Trust", year=2025))
    pack = pack_for(counts, organisation="Hand Trust", year=2025, standards=("WRES", "MEDICAL"))
    columns = list(pack.counts.columns)
    sheet = [dict(zip(columns, r, strict=True)) for r in pack.counts.rows]
    split = {(r["Qualified in"], r["Group"]): r["Numerator"] for r in sheet
             if r["Indicator"] == "MED-GRADE" and r["Qualified in"]}  # fmt: skip
    assert split[("International", "White")] == "suppressed"
    assert sum(v == "suppressed" for v in split.values()) >= 3  # row and column partners too
    assert split.get(("UK", "White")) in ("suppressed", 30)  # 28 -> 30 when shown
    audit = [r for r in pack.audit.rows if "qualification" in r[0]]
    assert any(r[1] == "International" and r[2] == "White" for r in audit)
    shown = _row(pack.section("medical-qualification"), "Consultant, International")
    assert shown[3] == "hidden"  # the White share rests on the hidden 2


def _texts(pack) -> str:
    pdf = " ".join(pdf_pages(build_file(pack, "pdf")))
    pptx = " ".join(slide_texts(build_file(pack, "pptx")))
    book = openpyxl.load_workbook(io.BytesIO(build_file(pack, "xlsx")), read_only=True)
    cells = " ".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                     for v in row if v is not None)  # fmt: skip
    return f"{pdf} {pptx} {cells}"


def test_no_employee_number_or_hourly_rate_in_the_pack_files(published):
    staff = pd.read_csv(TRUST / "staff.csv", dtype=str)
    text = _texts(published)
    assert "Medical workforce: doctors by grade" in text
    numbers = set(staff["Employee Number"]) | set(staff["Assignment Number"])
    found = {n for n in re.findall(r"\b\d{8}(?:-\d)?\b", text) if n in numbers}
    assert not found
    rates = {r for r in staff["Hourly Pay"].dropna() if float(r) >= 10}
    assert not set(re.findall(r"\b\d+\.\d{2}\b", text)) & rates


def test_the_cli_writes_a_pack_with_the_medical_section(tmp_path):
    out = tmp_path / "pack.xlsx"
    args = [a for k in FILES for a in (f"--{k}", str(TRUST / f"{k}.csv"))]
    result = CliRunner().invoke(main, ["report", *args, "--year", "2025", "--with", "medical",
                                       "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out, read_only=True)
    cells = {str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
             for v in row if v is not None}  # fmt: skip
    assert {"MED-GRADE", "MED-ROLE", "Qualified in", "International"} <= cells
    assert any(c.startswith("WRES7") for c in cells)  # doctors' WRES7 in the results sheet
