"""The medical workforce view worked by hand on a small staff file of 21 doctors.

The file (STAFF below): 10 consultants (6 White, 3 BME, 1 unknown), 6 doctors in training
(2 White, 3 BME, 1 unknown: ethnic code Z), 2 SAS doctors (both BME), 2 locally employed doctors
(1 White, 1 BME), 1 doctor whose grade is not a grade (White); plus a bank consultant and a nurse,
who are not in the view. 21 doctors: 10 White, 9 BME, 2 unknown."""

from pathlib import Path

import pandas as pd
import pytest

from metrics import reference as ref
from metrics.counts.table import normalise
from metrics.inputs.loaders import load_sheet
from metrics.inputs.readers import open_sheets
from metrics.problems import InputError
from metrics.standards.medical import (
    GRADE_INDICATOR,
    ROLE_INDICATOR,
    medical_counts,
    medical_indicators,
    overall,
    qualification_table,
    view,
)

HEADER = (
    "Year,Employee Number,Ethnicity,Pay Band,Staff Group,Assignment Category,Position Title,PMQ"
)
STAFF = """\
2024,1,A,Consultant,Medical and Dental,Permanent,Medical Director,United Kingdom
2024,2,A,Consultant,Medical and Dental,Permanent,Clinical Director,UK
2024,3,H,Consultant,Medical and Dental,Permanent,Clinical Director - Surgery,India
2024,4,H,Consultant,Medical and Dental,Permanent,Clinical Lead,India
2024,5,H,Consultant,Medical and Dental,Permanent,Consultant Physician,Germany
2024,6,A,Consultant,Medical and Dental,Permanent,Consultant Physician,UK
2024,7,A,Consultant,Medical and Dental,Permanent,Consultant Surgeon,UK
2024,8,A,Consultant,Medical and Dental,Permanent,Consultant Surgeon,Ireland
2024,9,A,Consultant,Medical and Dental,Permanent,Consultant Anaesthetist,UK
2024,10,,Consultant,Medical and Dental,Permanent,Consultant Anaesthetist,Pakistan
2024,11,H,FY1,Medical & Dental,Fixed Term Temp,,UK
2024,12,N,FY1,Medical & Dental,Fixed Term Temp,,Nigeria
2024,13,A,Specialty Registrar (StR) ST3,Medical and Dental,Fixed Term Temp,,UK
2024,14,K,ST3,Medical and Dental,Fixed Term Temp,,India
2024,15,Z,ST3,Medical and Dental,Fixed Term Temp,,
2024,16,A,CT1,Medical and Dental,Fixed Term Temp,,UK
2024,17,H,Specialty Doctor,Medical and Dental,Permanent,,India
2024,18,M,Speciality Doctor,Medical and Dental,Permanent,,Nigeria
2024,19,A,Trust Grade,Medical and Dental,Fixed Term Temp,,Atlantis
2024,20,H,Clinical Fellow,Medical and Dental,Fixed Term Temp,,Egypt
2024,21,A,Hospital Wizard,Medical and Dental,Permanent,,UK
2024,22,H,Consultant,Medical and Dental,Bank,Consultant,India
2024,23,H,Band 5,Nursing and Midwifery Registered,Permanent,Staff Nurse,
"""


def load(tmp_path: Path, text: str = STAFF, header: str = HEADER) -> pd.DataFrame:
    path = tmp_path / "staff.csv"
    path.write_text(header + "\n" + text, encoding="utf-8")
    fields = tuple(ref.kinds()["staff"].fields)
    return load_sheet(open_sheets(path)[0], "staff", fields=fields).frame


def table(rows) -> dict:
    return {
        (r.label, r.region) if r.region else r.label: (r.headcount, r.counts, r.status)
        for r in rows
    }


def counts_of(white: int, bme: int, unknown: int) -> dict[str, int]:
    return {"White": white, "BME": bme, "Unknown": unknown}


@pytest.fixture
def staff(tmp_path):
    return load(tmp_path)


def test_grades_by_hand(staff):
    rows, notes = medical_counts(staff)
    grades = view(rows).grades
    # every row has a count of 1..7 somewhere, so every row is small numbers
    assert table(grades) == {
        "Consultant": (10, counts_of(6, 3, 1), "small_numbers"),
        "Specialty and associate specialist": (2, counts_of(0, 2, 0), "small_numbers"),
        "Doctors in training": (6, counts_of(2, 3, 1), "small_numbers"),
        "Locally employed doctors": (2, counts_of(1, 1, 0), "small_numbers"),
        "Other or not recorded": (1, counts_of(1, 0, 0), "small_numbers"),
    }
    assert [r.label for r in grades][0] == "Consultant"  # the reporting order, not alphabetical
    consultant = grades[0]
    # unknown ethnicity stays in the denominator: 3 BME of 10 consultants is 30%, not 3 of 9
    assert consultant.share("BME") == pytest.approx(30.0)
    assert consultant.share("Unknown") == pytest.approx(10.0)
    everyone = overall(grades)
    assert (everyone.headcount, everyone.counts) == (21, counts_of(10, 9, 2))
    assert any("1 doctor(s) have a blank or unrecognised grade" in n for n in notes)


def test_bank_doctors_and_other_staff_are_left_out(staff):
    rows, notes = medical_counts(staff)
    assert overall(view(rows).grades).headcount == 21  # not 23: the bank consultant, the nurse
    assert "1 bank-only doctors left out, as for the WRES" in notes


def test_roles_by_hand(staff):
    rows, _ = medical_counts(staff)
    assert table(view(rows).roles) == {
        "Medical director": (1, counts_of(1, 0, 0), "small_numbers"),
        "Clinical director": (2, counts_of(1, 1, 0), "small_numbers"),
        "Clinical lead": (1, counts_of(0, 1, 0), "small_numbers"),
        # consultants 5-10: 5 is BME, 6-9 White, 10 unknown
        "Other": (6, counts_of(4, 1, 1), "small_numbers"),
        # the 11 doctors 11-21 with a blank title: BME 11 12 14 17 18 20; White 13 16 19 21; 15
        "Not recorded": (11, counts_of(4, 6, 1), "small_numbers"),
    }


def test_counts_rows_follow_the_wres1_contract(staff):
    rows, _ = medical_counts(staff, organisation="Trust A")
    assert set(rows["indicator"]) == {GRADE_INDICATOR, ROLE_INDICATOR}
    consultant = rows[(rows["indicator"] == GRADE_INDICATOR) & (rows["band"] == "Consultant")]
    got = {
        g: (int(n), int(d)) for g, n, d in consultant[["group", "numerator", "denominator"]].values
    }
    assert got == {"White": (6, 10), "BME": (3, 10), "Unknown": (1, 10)}
    assert set(rows["organisation"]) == {"Trust A"}
    assert set(rows["year"]) == {2024}
    assert list(rows.columns) == list(normalise(rows).columns)  # the canonical columns


def test_qualification_by_grade_and_region(staff):
    rows, notes = qualification_table(staff)
    got = table(rows)
    # consultants: UK 1 2 6 7 9 (all White); EEA 5 (BME, Germany) 8 (White, Ireland);
    # international 3 4 (BME, India) and 10 (unknown ethnicity, Pakistan)
    assert got[("Consultant", "UK")][:2] == (5, counts_of(5, 0, 0))
    assert got[("Consultant", "EEA")][:2] == (2, counts_of(1, 1, 0))
    assert got[("Consultant", "International")][:2] == (3, counts_of(0, 2, 1))
    # training: UK 11 (BME) 13 16 (White); international 12 14 (BME); 15 blank: unknown
    assert got[("Doctors in training", "UK")][:2] == (3, counts_of(2, 1, 0))
    assert got[("Doctors in training", "International")][:2] == (2, counts_of(0, 2, 0))
    assert got[("Doctors in training", "Unknown")][:2] == (1, counts_of(0, 0, 1))
    # "Atlantis" is not guessed: unknown, and reported
    assert got[("Locally employed doctors", "Unknown")][:2] == (1, counts_of(1, 0, 0))
    assert sum(h for h, _, _ in got.values()) == 21
    assert notes == [
        "1 doctor(s) have a place of qualification the tool does not recognise: counted as "
        "Unknown (add the country to metrics/reference/qualification_regions.csv)"
    ]
    first = [r.region for r in rows if r.label == "Consultant"]
    assert first == ["UK", "EEA", "International"]


def test_no_qualification_column_is_refused(tmp_path):
    staff = load(tmp_path, "2024,1,A,Consultant,Medical and Dental,Permanent\n",
                 "Year,Employee Number,Ethnicity,Pay Band,Staff Group,Assignment Category")  # fmt: skip
    with pytest.raises(InputError, match="no place of primary medical qualification"):
        qualification_table(staff)


def test_no_medical_staff_is_refused(tmp_path):
    staff = load(tmp_path, "2024,1,A,Band 5,Nursing and Midwifery Registered,Permanent,Nurse,\n")
    with pytest.raises(InputError, match="no Medical and Dental staff in post") as caught:
        medical_counts(staff)
    assert "Staff Group" in caught.value.problems[0].hint


def test_without_a_staff_group_doctors_are_found_by_grade(tmp_path):
    staff = load(
        tmp_path,
        "2024,1,A,Consultant\n2024,2,H,FY2\n2024,3,H,Band 6\n",
        "Year,Employee Number,Ethnicity,Pay Band",
    )
    rows, notes = medical_counts(staff)
    assert table(view(rows).grades) == {
        "Consultant": (1, counts_of(1, 0, 0), "small_numbers"),
        "Doctors in training": (1, counts_of(0, 1, 0), "small_numbers"),
    }
    assert any("no staff group column" in n for n in notes)


def aggregated(rows: list[tuple]) -> pd.DataFrame:
    columns = ["organisation", "year", "indicator", "band", "group", "numerator", "denominator"]
    return normalise(pd.DataFrame(rows, columns=columns))


def test_the_view_reads_an_aggregated_return():
    counts = aggregated(
        [
            ("Trust A", 2023, GRADE_INDICATOR, "Consultant", "White", 1, 1),
            ("Trust A", 2024, GRADE_INDICATOR, "Consultant", "White", 8, 18),
            ("Trust A", 2024, GRADE_INDICATOR, "Consultant", "BME", 10, 18),
            ("Trust A", 2024, GRADE_INDICATOR, "Consultant", "Unknown", 0, 18),
            ("Trust A", 2024, GRADE_INDICATOR, "Doctors in training", "BME", 3, 4),
            ("Trust A", 2024, GRADE_INDICATOR, "Doctors in training", "White", 1, 4),
        ]
    )
    latest = view(counts)
    assert (latest.organisation, latest.year) == ("Trust A", 2024)
    got = table(latest.grades)
    # 8, 10 and 0 are all outside 1..7: nothing small. 3 and 1 are.
    assert got["Consultant"] == (18, counts_of(8, 10, 0), "ok")
    assert got["Doctors in training"] == (4, counts_of(1, 3, 0), "small_numbers")
    assert view(counts, year=2023).grades[0].headcount == 1
    with pytest.raises(InputError, match="no year 2022"):
        view(counts, year=2022)


def test_several_organisations_need_one_chosen():
    counts = aggregated(
        [
            ("Trust A", 2024, GRADE_INDICATOR, "Consultant", "White", 5, 5),
            ("Trust B", 2024, GRADE_INDICATOR, "Consultant", "BME", 4, 4),
        ]
    )
    with pytest.raises(InputError, match="2 organisations"):
        view(counts)
    assert view(counts, organisation="trust b").grades[0].counts["BME"] == 4


def test_no_medical_rows_is_refused():
    counts = aggregated([("Trust A", 2024, "WRES1", "Band 5", "White", 5, 5)])
    with pytest.raises(InputError, match="no medical grade figures"):
        view(counts)


def wres3(rows: list[tuple]) -> pd.DataFrame:
    columns = ["organisation", "year", "indicator", "staff_group", "group", "numerator",
               "denominator"]  # fmt: skip
    return normalise(pd.DataFrame(rows, columns=columns))


def test_wres_indicators_for_doctors_only():
    counts = wres3(
        [
            # doctors, under two spellings of the staff group: BME 3+1 of 30+10, White 2 of 60
            ("T", 2024, "WRES3", "Medical and Dental", "BME", 3, 30),
            ("T", 2024, "WRES3", "Medical & Dental", "BME", 1, 10),
            ("T", 2024, "WRES3", "Medical and Dental", "White", 2, 60),
            # nurses: not in the medical figures
            ("T", 2024, "WRES3", "Nursing and Midwifery Registered", "BME", 9, 10),
            ("T", 2024, "WRES3", "Nursing and Midwifery Registered", "White", 1, 10),
        ]
    )
    results, notes = medical_indicators(counts)
    assert list(results) == [f"WRES{i}" for i in range(2, 9)]
    assert notes == []
    w3 = results["WRES3"]
    # (4/40) / (2/60) = 0.1 / 0.03333 = 3.0
    assert w3.value == pytest.approx(3.0)
    assert (w3.groups["BME"].numerator, w3.groups["BME"].denominator) == (4, 40)
    # Katz: se = sqrt(1/4 - 1/40 + 1/2 - 1/60) = sqrt(0.708333) = 0.841625;
    # 3 * exp(+-1.959964 * 0.841625) = 3 * exp(+-1.649555) -> 0.5765 to 15.612
    sm = pytest.importorskip("statsmodels.stats.contingency_tables")
    low, high = sm.Table2x2([[4, 36], [2, 58]]).riskratio_confint()
    assert (w3.ci_lower, w3.ci_upper) == (pytest.approx(low), pytest.approx(high))
    assert w3.ci_lower == pytest.approx(0.5765, abs=1e-3)
    assert results["WRES2"].status == "no_data"


def test_wres_indicators_need_a_staff_group():
    counts = aggregated([("T", 2024, "WRES3", None, "BME", 1, 10)])
    results, notes = medical_indicators(counts)
    assert results == {}
    assert "need the staff group" in notes[0]


def test_the_staff_loader_keeps_a_doctors_own_grade_label(staff):
    by_person = staff.set_index("employee_number")
    # the band table reads "Trust Grade" as "Other medical" and "Hospital Wizard" as "Other";
    # the doctor's own label is kept beside it, and only for doctors
    assert by_person.loc["19", "grade"] == "Trust Grade"
    assert by_person.loc["13", "grade"] == "Specialty Registrar (StR) ST3"
    assert by_person.loc["21", "band"] == "Other"
    assert pd.isna(by_person.loc["23", "grade"])  # the nurse


def test_without_a_role_column_there_are_no_role_rows(tmp_path):
    staff = load(tmp_path, "2024,1,A,Consultant,Medical and Dental,Permanent\n",
                 "Year,Employee Number,Ethnicity,Pay Band,Staff Group,Assignment Category")  # fmt: skip
    rows, _ = medical_counts(staff)
    assert set(rows["indicator"]) == {GRADE_INDICATOR}
    assert view(rows).roles == ()


def test_a_frame_with_no_grade_or_band_is_refused():
    staff = pd.DataFrame({"group": ["White"], "staff_group": ["Medical and Dental"]})
    with pytest.raises(InputError, match="no grade column") as caught:
        medical_counts(staff)
    assert caught.value.problems[0].field == "pay_band"  # the CLI adds the --map advice


@pytest.mark.parametrize("spelling", ["Medical & Dental", "Medical", "MEDICAL AND DENTAL"])
def test_the_medical_standard_reads_every_spelling_of_the_staff_group(spelling):
    from metrics.standards.indicators import report

    counts = wres3(
        [
            ("T", 2024, "WRES3", spelling, "BME", 2, 20),  # 0.1
            ("T", 2024, "WRES3", spelling, "White", 1, 40),  # 0.025
            ("T", 2024, "WRES3", "Nursing and Midwifery Registered", "BME", 9, 10),
            ("T", 2024, "WRES3", "Nursing and Midwifery Registered", "White", 1, 10),
        ]
    )
    w3 = report(counts, standard="MEDICAL").indicators["WRES3"]
    assert w3.value == pytest.approx(4.0)  # (2/20) / (1/40) = 0.1 / 0.025, the nurses left out
    assert (w3.groups["White"].numerator, w3.groups["White"].denominator) == (1, 40)
