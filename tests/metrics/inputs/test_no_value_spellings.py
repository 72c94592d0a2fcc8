"""Only an empty cell is missing when a CSV is parsed (as in a workbook), so an FOI reply's "n/a"
reaches the counts reader as written; number columns and employee numbers read the usual
spellings of "no value" ("N/A", "n/a", "NULL", "#N/A") as a blank cell."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from metrics.inputs.pipeline import Sources, load

HEADER = "Employee Number,Ethnic Origin,Pay Band,Staff Group,Gender,Basic Hourly Rate,Year\n"
NURSE = "Nursing and Midwifery Registered"


@pytest.fixture
def staff(tmp_path: Path) -> Path:
    path = tmp_path / "staff.csv"
    path.write_text(
        HEADER
        + f"1,A White - British,Band 5,{NURSE},Female,N/A,2025\n"
        + f"2,H Asian or Asian British - Indian,Band 5,{NURSE},Male,n/a,2025\n"
        + f"3,A White - British,Band 6,{NURSE},Female,20.50,2025\n"
        + f"N/A,A White - British,Band 6,{NURSE},Female,#N/A,2025\n"
        + f" n/a ,A White - British,Band 6,{NURSE},Male,NULL,2025\n",
        encoding="utf-8",
    )
    return path


def test_no_value_spellings_in_a_number_column_are_blanks(staff: Path) -> None:
    result = load(Sources(files={"staff": staff}, purpose="paygap"))
    assert not result.errors, [p.message for p in result.errors]
    pay = result.inputs["staff"].frame["hourly_pay"].tolist()
    assert pay[2] == 20.5
    assert [math.isnan(x) for i, x in enumerate(pay) if i != 2] == [True] * 4


def test_employee_numbers_spelled_as_no_value_are_not_one_person(staff: Path) -> None:
    """Two rows whose employee number reads "N/A" are two people with no number given (as two
    blank numbers are), not one person listed twice."""
    result = load(Sources(files={"staff": staff}, purpose="wres"))
    assert not result.errors, [p.message for p in result.errors]
    wres1 = result.counts[result.counts["indicator"] == "WRES1"]
    assert int(wres1["numerator"].sum()) == 5
