"""Reading files as a person sees them: encodings, delimiters, title rows, numbers shown as text."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from metrics.inputs import readers
from metrics.inputs.columns import find_header, map_columns
from metrics.inputs.readers import open_sheets
from metrics.problems import InputError

HEADER = ["Employee Number", "Ethnicity", "Pay Band", "Directorate"]
ROWS = [["00123", "A", "Band 5", "HR & OD"], ["00456", "H", "Band 6", "Estates – Café £"]]


def write_csv(path: Path, rows: list[list[str]], *, sep: str = ",", encoding: str = "utf-8"):
    path.write_bytes("".join(sep.join(r) + "\r\n" for r in rows).encode(encoding))
    return path


def only_sheet(path: Path) -> readers.Sheet:
    sheets = open_sheets(path)
    assert len(sheets) == 1
    return sheets[0]


def read_all(sheet: readers.Sheet, header_index: int, width: int) -> list[list[str | None]]:
    frame = sheet.read(header_index, list(range(width)))
    return [[None if v != v else v for v in row] for row in frame.astype(object).values.tolist()]


# --- encodings and delimiters -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "sep"),
    [
        ("utf-8", ","),
        ("utf-8-sig", ","),  # Excel's "CSV UTF-8" starts with a byte-order mark
        ("utf-8-sig", ";"),  # Excel in a European locale
        ("cp1252", ","),  # Excel's plain "CSV (Comma delimited)" on Windows
        ("cp1252", ";"),
        ("utf-16", "\t"),  # Excel's "Unicode Text": UTF-16 with a BOM, tab-separated
        ("utf-8", "|"),
    ],
)
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, sep: str) -> None:
    path = write_csv(tmp_path / "staff.csv", [HEADER, *ROWS], sep=sep, encoding=encoding)
    sheet = only_sheet(path)
    assert sheet.name is None
    assert sheet.preview[0] == HEADER  # no BOM glued to "Employee Number"
    assert read_all(sheet, 0, 4) == ROWS  # leading zeros, "–", "é" and "£" as written


def test_semicolon_file_with_commas_inside_fields_and_title_rows(tmp_path: Path) -> None:
    rows = [
        ["Staff in Post, 31/03/2025"],
        [],
        HEADER,
        ["1", "A", "Band 5", "Surgery, Theatres"],
        ["2", "H", "Band 6", "Medicine, Acute"],
    ]
    sheet = only_sheet(write_csv(tmp_path / "staff.csv", rows, sep=";"))
    assert find_header(sheet, "staff") == 2
    assert read_all(sheet, 2, 4) == rows[3:]


def test_genuine_cp1252_bytes(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(
        b"Employee Number,Ethnicity,Pay Band,Directorate\r\n1,A,Band 5,Caf\xe9 \xa3\r\n"
    )
    assert read_all(only_sheet(path), 0, 4) == [["1", "A", "Band 5", "Café £"]]


def test_csv_numbers_stay_as_written(tmp_path: Path) -> None:
    """A reader returns text: 00123 keeps its zeros and 1.50 its trailing zero."""
    path = write_csv(tmp_path / "staff.csv", [["Employee Number", "FTE"], ["00123", "1.50"]])
    assert read_all(only_sheet(path), 0, 2) == [["00123", "1.50"]]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"\r\n\r\n   \r\n,,\r\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Employee Number,Ethnicity\n1,A\n".encode("utf-16-le"), "utf-16"),
        (b"Employee Number,Ethnicity\n1,\x81\x8d\x8f\x90\x9d\n", "encoding"),
    ],
    ids=["empty", "blank-lines", "png", "utf16-no-bom", "undefined-in-cp1252"],
)
def test_unreadable_csv(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        open_sheets(path)
    (problem,) = caught.value.problems
    assert problem.file == "staff.csv"
    assert words in problem.message.lower()
    assert problem.hint


def test_not_found_folder_and_not_a_spreadsheet(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    for path, words in (
        (tmp_path / "nowhere.csv", "not found"),
        (tmp_path, "folder"),
        (pdf, "not a spreadsheet"),
    ):
        with pytest.raises(InputError) as caught:
            open_sheets(path)
        assert words in caught.value.problems[0].message


# --- title rows, stray spaces and row numbers -------------------------------------------------


def test_title_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers(tmp_path: Path) -> None:
    rows = [
        ["Example NHS Foundation Trust"],
        ["Staff in Post at 31/03/2025 - Report run 02/04/2025"],
        [],
        ["  Employee Number ", "  Ethnic Origin ", "AFC_BAND", "Org L3"],  # row 4
        ["1", " A ", " Band 5", "HR & OD"],  # row 5
        ["", "", "", ""],  # row 6: blank
        ["2", "LH", "Band 8A ", "Surgery"],  # row 7
    ]
    sheet = only_sheet(write_csv(tmp_path / "staff.csv", rows))
    colmap = map_columns(sheet, "staff")
    assert colmap.header_index == 3
    assert colmap.header_row == 4
    assert colmap.headers["ethnicity"] == "Ethnic Origin"
    assert colmap.headers["pay_band"] == "AFC_BAND"
    assert colmap.headers["directorate"] == "Org L3"
    frame = sheet.read(3, [0, 1, 2, 3])
    assert list(frame.index) == [5, 6, 7]
    assert frame.loc[5].tolist() == ["1", "A", "Band 5", "HR & OD"]  # stray spaces trimmed
    assert frame.loc[6].isna().all()
    assert frame.loc[7].tolist() == ["2", "LH", "Band 8A", "Surgery"]


def test_xlsx_title_rows_and_sheets(make_xlsx) -> None:
    path = make_xlsx(
        "esr.xlsx",
        {
            "Notes": [["Run on 2 April 2025"]],
            "Staff in Post": [
                ["Example NHS Foundation Trust"],
                [],
                ["Employee Number", "Ethnic Origin ", "Payscale"],  # row 3
                [10001, "A", "Band 5"],
            ],
        },
    )
    sheets = open_sheets(path)
    assert [s.name for s in sheets] == ["Notes", "Staff in Post"]
    staff = sheets[1]
    assert staff.label == "esr.xlsx (sheet Staff in Post)"
    assert find_header(staff, "staff") == 2
    frame = staff.read(2, [0, 1, 2])
    assert frame.index.tolist() == [4]
    assert frame.loc[4].tolist() == ["10001", "A", "Band 5"]


# --- spreadsheet cells as a person sees them --------------------------------------------------


def test_xlsx_numbers_dates_and_flags_read_as_shown(make_xlsx) -> None:
    path = make_xlsx(
        "staff.xlsx",
        {
            "Staff": [
                ["Employee Number", "Employee Number 2", "FTE", "Start", "Board"],
                [12345, 12345.0, 0.6, date(2025, 3, 31), True],
                [67890, 67890.0, 1, datetime(2025, 4, 1, 9, 30), False],
            ]
        },
    )
    sheet = only_sheet(path)
    assert read_all(sheet, 0, 5) == [
        ["12345", "12345", "0.6", "2025-03-31", "TRUE"],
        ["67890", "67890", "1", "2025-04-01T09:30:00", "FALSE"],
    ]


# --- workbooks that must not be opened --------------------------------------------------------


def test_text_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "staff.xlsx"
    path.write_text("Employee Number,Ethnicity\n1,A\n")
    with pytest.raises(InputError) as caught:
        open_sheets(path)
    assert "not a valid excel workbook" in caught.value.problems[0].message.lower()


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "staff.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(InputError) as caught:
        open_sheets(path)
    assert "is a zip archive, not a workbook" in caught.value.problems[0].message


def test_uncompressed_size_cap(make_xlsx, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_xlsx("staff.xlsx", {"Staff": [["Employee Number"], [1]]})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.bin", bytes(3 * 1024 * 1024))
    assert [s.name for s in open_sheets(path)] == ["Staff"]  # 3 MB is fine by default
    monkeypatch.setenv("INCLUSIVEHR_MAX_XLSX_MB", "2")
    with pytest.raises(InputError) as caught:
        open_sheets(path)
    problem = caught.value.problems[0]
    assert "expands to 3 MB" in problem.message
    assert "(2 MB)" in problem.message
    assert "INCLUSIVEHR_MAX_XLSX_MB" in problem.hint


def test_size_cap_setting_that_is_not_a_number_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCLUSIVEHR_MAX_XLSX_MB", "lots")
    from metrics.inputs import workbook_limits as prefetch

    assert prefetch.max_uncompressed_bytes() == prefetch.DEFAULT_MAX_XLSX_MB * 1024 * 1024
    monkeypatch.setenv("INCLUSIVEHR_MAX_XLSX_MB", "5")
    assert prefetch.max_uncompressed_bytes() == 5 * 1024 * 1024


def test_over_long_rows_are_left_out_and_the_other_rows_keep_their_numbers(tmp_path: Path):
    """Row 3 has two more fields than the header (an unquoted comma slipped its values): it is
    left out, not read cut short, and rows 4-6 keep the numbers a person sees in the file."""
    path = tmp_path / "staff.csv"
    path.write_text(
        "Year,Ethnicity,Pay Band\n"  # row 1
        "2025,A,Band 5\n"  # row 2
        "2025,H,Band 6,extra,more\n"  # row 3: over-long
        "2025,A\n"  # row 4: short, padded
        "2025,B,Band 7\n"  # row 5
        "2025,C,Band 8,x\n"  # row 6: over-long by one
    )
    sheet = open_sheets(path)[0]
    frame = sheet.read(0, [1, 2])
    assert list(frame.index) == [2, 4, 5]
    assert list(frame[1].astype(str)) == ["A", "A", "B"]
    assert [None if v != v else v for v in frame[2].astype(object)] == ["Band 5", None, "Band 7"]
    assert any("more columns than the header" in p.message for p in sheet.problems)
