"""A workbook's cells as the parse worker hands them back: text as a person would type it,
coded per column, counted from cell A1. Expected texts are written out by hand."""

from __future__ import annotations

import sys
from datetime import date, datetime, time

import pyarrow as pa
import pytest

from metrics.inputs import parse_worker
from metrics.inputs.readers import open_sheets
from metrics.inputs.source_files import Upload


def parsed(make_xlsx, sheets: dict[str, list[list[object]]]) -> list[parse_worker.CodedSheet]:
    """The parse child's own work, in this process (the child adds only limits and a pipe)."""
    outcome = parse_worker.parse(make_xlsx("book.xlsx", sheets).read_bytes())
    assert not isinstance(outcome, parse_worker.Failure)
    return outcome


def column_texts(sheet: parse_worker.CodedSheet, j: int) -> list[str | None]:
    return [sheet.labels[j][c] if c >= 0 else None for c in sheet.codes[j]]


def test_cells_read_as_a_person_would_type_them(make_xlsx):
    (sheet,) = parsed(
        make_xlsx,
        {
            "S": [
                ["Shown"],
                [12345],
                [12345.0],
                [0.6],
                [-0.0],
                [3.14159265358979],  # more decimals than a staff file needs: nine kept
                [2500000000000000.0],
                [date(2025, 3, 31)],
                [datetime(2025, 4, 1, 9, 30)],
                [datetime(2025, 4, 1, 9, 30, 15, 500000)],
                [time(9, 30)],
                [True],
                [False],
                ["  Band 5 "],
                ["\xa0HR & OD\xa0"],
                ["   "],
                [""],
                ["00123"],
                ["café"],
            ]
        },
    )
    assert column_texts(sheet, 0) == [
        "Shown",
        "12345",
        "12345",
        "0.6",
        "0",
        "3.141592654",
        "2500000000000000",
        "2025-03-31",
        "2025-04-01T09:30:00",
        "2025-04-01T09:30:15.500000",
        "09:30:00",
        "TRUE",
        "FALSE",
        "Band 5",
        "HR & OD",
        None,
        None,
        "00123",
        "café",
    ]


def test_cells_that_read_the_same_share_a_code_in_order_of_first_appearance(make_xlsx):
    (sheet,) = parsed(
        make_xlsx,
        {"S": [[" A"], [12345], ["A"], [None], ["12345"], ["B "], [12345.0], ["  "], ["A"]]},
    )
    assert sheet.labels[0] == ["A", "12345", "B"]
    assert sheet.codes[0].tolist() == [0, 1, 0, -1, 1, 2, 1, -1, 0]
    assert sheet.codes[0].itemsize == 4  # int32: a few buffers to pickle, not a list of objects


def test_cells_are_counted_from_a1_whatever_the_first_used_cell(tmp_path):
    """Row and column numbers in messages are the spreadsheet's own, so a sheet whose first
    used cell is C3 still has rows 1-2 and columns A-B, empty."""
    path = tmp_path / "offset.xlsx"
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Staff"
    sheet["C3"], sheet["D3"] = "Employee Number", "Ethnic Origin"
    sheet["C4"], sheet["D4"] = 10001, "A"
    book.save(path)
    (coded,) = parse_worker.parse(path.read_bytes())
    assert (coded.height, coded.width) == (4, 4)
    assert coded.rows(5) == [
        [None, None, None, None],
        [None, None, None, None],
        [None, None, "Employee Number", "Ethnic Origin"],
        [None, None, "10001", "A"],
    ]
    frame = open_sheets(path)[0].read(2, [2, 3], identifiers=[2])
    assert frame.index.tolist() == [4]
    assert frame.loc[4].tolist() == ["10001", "A"]


def test_every_sheet_is_read_and_an_empty_one_has_no_columns(make_xlsx):
    sheets = parsed(make_xlsx, {"Notes": [], "Staff": [["Employee Number"], [1]]})
    assert [(s.name, s.height, s.width) for s in sheets] == [("Notes", 0, 0), ("Staff", 2, 1)]


def test_short_rows_are_padded_with_empty_cells(make_xlsx):
    (sheet,) = parsed(make_xlsx, {"S": [["Employee Number", "Band"], [1.0, " Band 5"], ["00002"]]})
    assert (sheet.height, sheet.width) == (3, 2)
    assert sheet.rows(5) == [["Employee Number", "Band"], ["1", "Band 5"], ["00002", None]]


def test_code_column_on_arrow_text():
    codes, labels = parse_worker.code_column(
        pa.array(["x ", None, "", "y", "x", "true", "2024-03-31 00:00:00", "y"])
    )
    assert labels == ["x", "y", "TRUE", "2024-03-31"]
    assert codes.tolist() == [0, -1, -1, 1, 0, 2, 3, 1]
    codes, labels = parse_worker.code_column(pa.array([None, None], type=pa.null()))
    assert (codes.tolist(), labels) == ([-1, -1], [])


def test_a_sheet_that_cannot_be_converted_is_named_and_the_others_still_read(monkeypatch):
    """One sheet failing inside the reader becomes that sheet's error; open_sheets reports it
    only when that sheet is used."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Bad"
    book.active["A1"] = "x"
    book.create_sheet("Good")["A1"] = "Employee Number"
    buffer = io.BytesIO()
    book.save(buffer)
    real = parse_worker.code_sheet

    def failing(name, batch, first_columns):
        if name == "Bad":
            raise ValueError("broken sheet")
        return real(name, batch, first_columns)

    monkeypatch.setattr(parse_worker, "code_sheet", failing)
    bad, good = parse_worker.parse(buffer.getvalue())
    assert bad.error == "ValueError: broken sheet"
    assert good.rows(1) == [["Employee Number"]]


def test_a_file_the_reader_cannot_open_is_a_failure_with_a_fix():
    outcome = parse_worker.parse(b"PK\x03\x04 not really a zip")
    assert isinstance(outcome, parse_worker.Failure)
    assert outcome.message.startswith("could not be opened as a spreadsheet")
    assert "save it again" in outcome.hint


@pytest.mark.skipif(sys.platform == "win32", reason="the worker's limits are POSIX")
def test_the_worker_is_started_so_a_folder_named_metrics_cannot_replace_it(
    tmp_path, monkeypatch, make_xlsx
):
    """python -m puts the working folder first on the import path; -P keeps it off, so running
    the tool in a folder that holds a metrics/ package never runs that code in the worker."""
    fake = tmp_path / "metrics" / "inputs"
    fake.mkdir(parents=True)
    (tmp_path / "metrics" / "__init__.py").write_text("")
    (fake / "__init__.py").write_text("")
    (fake / "parse_worker.py").write_text("raise SystemExit('the wrong worker ran')\n")
    monkeypatch.chdir(tmp_path)
    data = make_xlsx("staff.xlsx", {"Staff": [["Employee Number"], [7]]}).read_bytes()
    (sheet,) = open_sheets(Upload("staff.xlsx", data))
    assert sheet.preview[:2] == [["Employee Number"], ["7"]]
