"""Reading a casework log and a members file: columns by their aliases, labels classified as
everywhere else, the case reference never kept, and bad input refused with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics.casework.bases import read_members, staff_base
from metrics.casework.labels import case_type, outcome
from metrics.casework.log import read_cases
from metrics.problems import InputError
from tests.conftest import write_xlsx


def write(tmp_path: Path, text: str, name: str = "cases.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("label", "expected"),
    [("Gross misconduct", "disciplinary"), ("MHPS exclusion", "disciplinary"),
     ("Race discrimination", "discrimination"), ("Bullying & harassment", "bullying and harassment"),
     ("Appeal against dismissal", "dismissal"), ("Sickness absence", "capability"),
     ("Protected disclosure", "whistleblowing"), ("GRIEVANCE", "grievance"), ("Other", "other"),
     ("Parking", None), ("", None)],
)  # fmt: skip
def test_case_types(label, expected):
    assert case_type(label) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [("Final written warning", "formal sanction"), ("Dismissed", "dismissal"),
     ("Summary dismissal", "dismissal"), ("Informal warning", "no sanction"),
     ("No case to answer", "no sanction"), ("Dismissal overturned on appeal", "no sanction"),
     ("Ongoing", "ongoing"), ("Not upheld", "other"), ("Resigned", "other"), (None, None)],
)  # fmt: skip
def test_outcomes(label, expected):
    assert outcome(label) == expected


def test_columns_by_alias_dates_as_wres_years_and_no_reference_kept(tmp_path):
    path = write(tmp_path, (
        "Case Number,Trust,Date Opened,Type of case,Member Ethnicity,Result,Stage Reached\n"
        "SECRET-REF-1,Trust A,2024-03-31,Disciplinary,H,Dismissed,Hearing\n"
        "SECRET-REF-2,Trust A,2024-04-01,Made-up type,White British,,Investigation\n"
        "SECRET-REF-3,Trust A,not a date,Grievance,Klingon,Upheld,Appeal\n"
    ))  # fmt: skip
    log = read_cases(path)
    frame = log.cases
    assert (
        frame["year"].tolist()[:2] == [2024, 2025] and frame["year"].isna().tolist()[2]
    )  # April-March
    assert list(frame["case_type"]) == ["disciplinary", "other", "grievance"]
    assert list(frame["group"]) == ["BME", "White", "Unknown"]
    assert list(frame["outcome"]) == ["dismissal", "not given", "other"]
    assert "SECRET-REF" not in frame.to_csv()
    said = " ".join(p.sentence() for p in log.problems)
    assert "SECRET-REF" not in said
    assert "case type not recognised" in said and "Made-up type" in said
    assert "not a date" in said and "ethnicity not recognised" in said


def test_a_case_listed_twice_counts_once_from_its_last_row(tmp_path):
    path = write(tmp_path, (
        "Case Ref,Employer,Year,Case Type,Ethnicity,Outcome\n"
        "X1,Trust A,2024,Disciplinary,H,Ongoing\n"
        "X2,Trust A,2024,Disciplinary,A,No case to answer\n"
        "X1,Trust A,2024,Disciplinary,H,Final written warning\n"
    ))  # fmt: skip
    log = read_cases(path)
    assert log.repeated == 1
    assert sorted(log.cases["outcome"]) == ["formal sanction", "no sanction"]


def test_missing_employer_column_is_refused_clearly(tmp_path):
    path = write(tmp_path, "Case Ref,Year,Case Type,Ethnicity\nX1,2024,Disciplinary,H\n")
    with pytest.raises(InputError) as caught:
        read_cases(path)
    text = caught.value.problems[0].sentence()
    assert "no column for employer" in text
    assert '"employer"' in text and "Rename the column" in text


def test_missing_year_and_date_is_refused(tmp_path):
    path = write(tmp_path, "Employer,Case Type,Ethnicity\nTrust A,Disciplinary,H\n")
    with pytest.raises(InputError) as caught:
        read_cases(path)
    assert "year or date" in caught.value.problems[0].sentence()


def test_casework_sheet_of_a_workbook(tmp_path):
    path = write_xlsx(tmp_path / "union.xlsx", {
        "Notes": [["Exported from the case system"]],
        "Casework": [["Employer", "Year", "Case Type", "Ethnicity"],
                     ["Trust A", 2024, "Grievance", "A White - British"]],
    })  # fmt: skip
    log = read_cases(path)
    assert log.cases[["employer", "case_type", "group"]].values.tolist() == [
        ["Trust A", "grievance", "White"]
    ]


def test_members_file_and_its_errors(tmp_path):
    base = read_members(write(tmp_path, (
        "Employer,Ethnic Group,Number of members\nTrust A,BAME,12\nTrust A,White,30\n"
        "Trust A,Not stated,3\n"
    ), "members.csv"))  # fmt: skip
    assert dict(zip(base.people["group"], base.people["people"], strict=True)) == {
        "BME": 12, "White": 30, "Unknown": 3}  # fmt: skip
    with pytest.raises(InputError) as caught:
        read_members(write(tmp_path, "Employer,Group,Members\nTrust A,Purple,4\n"
                                     "Trust A,White,-2\n", "bad.csv"))  # fmt: skip
    said = " ".join(p.sentence() for p in caught.value.problems)
    assert "group not recognised" in said and "negative" in said
    with pytest.raises(InputError) as caught:
        read_members(write(tmp_path, "Employer,Group,Members\nTrust A,BME,4\nTrust A,BME,5\n",
                           "twice.csv"))  # fmt: skip
    assert "listed twice" in caught.value.problems[0].sentence()


def test_staff_base_sums_wres1_numerators_of_the_whole_organisation():
    import pandas as pd

    counts = pd.DataFrame({
        "organisation": ["T"] * 6, "year": [2024] * 6, "indicator": ["WRES1"] * 5 + ["WRES3"],
        "band": ["Band 5", "Band 5", "Band 6", "Band 6", "Band 6", None],
        "directorate": [None] * 4 + ["Surgery", None],
        "group": ["BME", "White", "BME", "White", "BME", "BME"],
        "numerator": [10, 30, 5, 20, 4, 2], "denominator": [40, 40, 25, 25, 4, 15],
    })  # fmt: skip
    base = staff_base(counts)
    got = dict(zip(base["group"], base["people"], strict=True))
    assert got == {"BME": 15, "White": 50}  # the directorate row and WRES3 are not staff in post
