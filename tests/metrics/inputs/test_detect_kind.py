"""Kind detection from content: every sample file, and each kind of bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics.inputs.detect_kind import detect_file
from metrics.inputs.loaders import choose_sheet, load_sheet
from metrics.inputs.readers import Upload
from metrics.problems import InputError

SAMPLE = Path(__file__).resolve().parents[3] / "sample_data"


@pytest.mark.parametrize(
    "path,kind",
    [
        ("trust/staff.csv", "staff"),
        ("trust/recruitment.csv", "recruitment"),
        ("trust/disciplinary.csv", "disciplinary"),
        ("trust/training.csv", "training"),
        ("trust/board.csv", "board"),
        ("trust/survey.csv", "survey"),
        ("trust/wres_counts.csv", "counts"),
        ("network/wres_counts.csv", "counts"),
        ("trust/esr_extract_messy.csv", "staff"),
        ("trust/esr_extract_messy.xlsx", "staff"),
    ],
)
def test_each_sample_file_is_detected_with_a_reason(path: str, kind: str) -> None:
    [found] = detect_file(SAMPLE / path)
    assert (found.kind, found.complete) == (kind, True), found.reason
    assert found.reason.startswith(("has ", "sheet named"))


def test_each_sheet_of_the_sample_workbook_is_detected() -> None:
    found = {d.sheet: d.kind for d in detect_file(SAMPLE / "trust" / "workbook.xlsx")}
    assert found == {"Staff": "staff", "Recruitment": "recruitment", "Disciplinary":
                     "disciplinary", "Training": "training", "Board": "board", "Survey": "survey"}  # fmt: skip


def test_the_reason_names_the_columns_as_written() -> None:
    [found] = detect_file(SAMPLE / "trust" / "esr_extract_messy.csv")
    assert '"Ethnic Origin"' in found.reason and '"Payscale"' in found.reason


def test_a_counts_return_in_a_sheet_named_staff_is_still_counts() -> None:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Staff"
    for row in [["indicator", "group", "numerator", "denominator"], ["WRES2", "White", 3, 10]]:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    [found] = detect_file(Upload("return.xlsx", data.getvalue()))
    assert found.kind == "counts"
    assert "WRES1 to WRES9" in found.reason


@pytest.mark.parametrize(
    "name,content,words",
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b",,,\n,,,\n", "empty"),
        ("headerless.csv", b"1001,A White - British,Band 5\n1002,H Indian,Band 6\n", "no header"),
        ("prices.csv", b"Product,Price,Quantity\nTea,1.20,3\n", '"Product"'),
        ("notes.txt", b"Dear colleague,\nplease find attached\n", "columns found"),
        ("fake.xlsx", b"not a workbook", "xlsx"),
    ],
)
def test_a_bad_file_is_not_recognised_with_a_reason(name: str, content: bytes, words: str):
    [found] = detect_file(Upload(name, content))
    assert found.kind is None
    assert words in found.reason, found.reason


def test_a_staff_list_without_ethnicity_is_a_staff_guess_not_disciplinary() -> None:
    content = b"Employee Number,Heritage,Pay Band,Staff Group,Directorate\n1,A,Band 5,x,y\n"
    [found] = detect_file(Upload("staff.csv", content))
    assert (found.kind, found.complete) == ("staff", False)
    assert "ethnicity" in found.reason


def test_a_counts_return_cannot_be_read_as_staff_even_with_column_matches() -> None:
    """The old failure: 'group' matched to ethnicity and 'indicator' to pay band gave phantom staff."""
    path = SAMPLE / "trust" / "wres_counts.csv"
    with pytest.raises(InputError) as caught:
        load_sheet(
            choose_sheet(path, "staff"), "staff", {"group": "ethnicity", "indicator": "pay_band"}
        )
    message = caught.value.problems[0].message
    assert "aggregated counts return" in message and "not a staff in post file" in message


# --- formal capability cases ------------------------------------------------------------------


def _detect(text: str, name: str = "cases.csv"):
    [found] = detect_file(Upload(name, text.encode()))
    return found


def test_a_capability_file_is_told_by_its_grounds() -> None:
    found = _detect(
        "Employee Number,Case Start Date,Grounds\n1,2024-06-01,Performance\n2,2024-07-01,Ill Health\n"
    )
    assert (found.kind, found.complete) == ("capability", True), found.reason
    assert '"Grounds"' in found.reason


def test_a_disciplinary_file_with_a_reason_column_stays_disciplinary() -> None:
    # "Reason" is also a name for capability grounds: its values say which kind the file is
    found = _detect(
        "Case Reference,Employee Number,Date,Reason\nC1,1,2024-06-01,Gross misconduct\n"
        "C2,2,2024-07-01,Bullying allegation\n"
    )
    assert found.kind == "disciplinary", found.reason


def test_a_capability_sheet_is_found_by_its_name(make_xlsx) -> None:
    path = make_xlsx(
        "trust.xlsx",
        {
            "Staff": [["Employee Number", "Disability", "Pay Band"], ["1", "No", "Band 5"]],
            "Capability Cases": [["Employee Number", "Date"], ["1", "2024-06-01"]],
        },
    )
    found = {d.sheet: (d.kind, d.complete) for d in detect_file(path)}
    assert found["Capability Cases"] == ("capability", True)


def test_one_odd_grounds_value_does_not_change_the_kind() -> None:
    found = _detect(
        "Employee Number,Date,Grounds\n1,2024-06-01,Performance\n2,2024-07-01,Attendance\n"
        "3,2024-08-01,Conduct\n"
    )
    assert found.kind == "capability", found.reason


def test_a_wdes_return_is_counts_and_says_so() -> None:
    found = _detect("Indicator,Group,Numerator,Denominator\nWDES4a-i,Disabled,12,40\n")
    assert found.kind == "counts"
    assert found.reason.endswith("and its indicators are WDES metrics")
