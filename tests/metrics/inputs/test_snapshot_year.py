"""The snapshot date of a staff extract from its title rows or file name, and its WRES year."""

from __future__ import annotations

from datetime import date

import pytest

from metrics.inputs.loaders import choose_sheet, load_sheet, staff_year
from metrics.inputs.pipeline import Sources, load
from metrics.inputs.readers import Upload
from metrics.inputs.snapshot_year import from_name, from_title_rows, wres_year

HEADER = "Employee Number,Ethnic Origin,Pay Band,Date of Birth\n"
ROWS = "1,A,Band 5,14/06/1980\n2,H,Band 6,02/11/1975\n"


@pytest.mark.parametrize(
    "title,on",
    [
        ("Run date: 31/03/2025", date(2025, 3, 31)),
        ("Staff in Post at 31/03/2025", date(2025, 3, 31)),
        ("Staff in Post as at 31 March 2025", date(2025, 3, 31)),
        ("Snapshot 2025-03-31", date(2025, 3, 31)),
        ("Position at 31st Mar 2024", date(2024, 3, 31)),
        # the snapshot date wins over the day the report ran
        ("Staff in Post at 31/03/2025 - Report run 02/04/2025", date(2025, 3, 31)),
    ],
)
def test_title_rows_give_the_snapshot_date(title: str, on: date) -> None:
    found = from_title_rows([["Northbrook NHS Trust"], [title]])
    assert found is not None and found.on == on


@pytest.mark.parametrize(
    "on,year",
    [(date(2025, 3, 31), 2025), (date(2024, 4, 1), 2025), (date(2025, 4, 1), 2026),
     (date(2024, 3, 31), 2024)],
)  # fmt: skip
def test_the_wres_year_rule(on: date, year: int) -> None:
    assert wres_year(on) == year


@pytest.mark.parametrize(
    "name,on",
    [
        ("ESR_SIP_20250331.xlsx", date(2025, 3, 31)),
        ("staff in post March 2025.csv", date(2025, 3, 31)),
        ("SIP 31-03-2025.csv", date(2025, 3, 31)),
        ("staff_in_post_2024-09-30.csv", date(2024, 9, 30)),
    ],
)
def test_file_names_give_the_snapshot_date(name: str, on: date) -> None:
    found = from_name(name)
    assert found is not None and found.on == on


@pytest.mark.parametrize("name", ["staff.csv", "esr_extract_v2.xlsx", "staff 12345678.csv"])
def test_names_without_a_date_give_none(name: str) -> None:
    assert from_name(name) is None


def test_a_title_row_in_a_csv_sets_the_year_and_the_summary_says_how() -> None:
    upload = Upload("export.csv", ("Staff in Post at 31/03/2025\n\n" + HEADER + ROWS).encode())
    loaded = load_sheet(choose_sheet(upload, "staff"), "staff")
    assert loaded.frame["year"].tolist() == [2025, 2025]
    assert loaded.year_source.startswith("WRES year 2025: snapshot date 31 March 2025")
    assert "1 April 2024 to 31 March 2025" in loaded.year_source


def test_a_title_row_in_a_workbook_sets_the_year(make_xlsx) -> None:
    path = make_xlsx("sip.xlsx", {"Staff in Post": [
        ["Northbrook NHS Trust"], ["as at 31 March 2024"], [],
        ["Employee Number", "Ethnic Origin", "Pay Band"], [1, "A", "Band 5"], [2, "H", "Band 6"],
    ]})  # fmt: skip
    loaded = load_sheet(choose_sheet(path, "staff"), "staff")
    assert set(loaded.frame["year"]) == {2024}


def test_a_date_of_birth_in_the_table_is_never_taken() -> None:
    upload = Upload("export.csv", (HEADER + ROWS).encode())
    assert staff_year(choose_sheet(upload, "staff")) is None
    loaded = load_sheet(choose_sheet(upload, "staff"), "staff")
    assert "year" not in loaded.frame and loaded.year_source == ""


def test_the_file_name_gives_the_year_when_no_title_row_does() -> None:
    upload = Upload("ESR_SIP_20240331.csv", (HEADER + ROWS).encode())
    loaded = load_sheet(choose_sheet(upload, "staff"), "staff")
    assert set(loaded.frame["year"]) == {2024}
    assert 'file name "ESR_SIP_20240331.csv"' in loaded.year_source


def test_a_year_given_by_a_person_is_used_and_stated() -> None:
    upload = Upload("export.csv", (HEADER + ROWS).encode())
    result = load(Sources(files={"staff": upload}, years={"staff": 2023}))
    assert set(result.counts["year"].dropna()) == {2023}
    assert any("WRES year 2023, as given" in note for note in result.notes)


def test_a_year_column_is_kept_over_a_title_row() -> None:
    text = "Staff in Post at 31/03/2025\nYear,Employee Number,Ethnic Origin,Pay Band\n2022,1,A,Band 5\n"
    loaded = load_sheet(choose_sheet(Upload("x.csv", text.encode()), "staff"), "staff")
    assert loaded.frame["year"].tolist() == [2022]


@pytest.mark.parametrize(
    "title,on,year",
    [
        # a year-end extract run in the first fortnight of April is the 31 March snapshot
        ("Report run 02/04/2025", date(2025, 3, 31), 2025),
        ("Run date: 14/04/2025", date(2025, 3, 31), 2025),
        # later run dates are taken as they are
        ("Run date: 15/04/2025", date(2025, 4, 15), 2026),
        ("Report run 30/09/2024", date(2024, 9, 30), 2025),
    ],
)
def test_a_run_date_alone_just_after_year_end_is_the_year_end(title, on, year) -> None:
    found = from_title_rows([[title]])
    assert found is not None and (found.on, found.year) == (on, year)
    if on != date(2025, 3, 31):
        assert found.run_date is None
    else:
        assert found.run_date is not None and "31 March year-end" in found.sentence()
