"""Reading the withheld cells of freedom-of-information replies: "<5", "*", "fewer than 10",
"n/a", "not held" read as censored counts (never as 0), listed with file and line, refused when
no admissible count fits, and written back as they came."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from metrics.compare.censored import as_written, parse_star, read_cell, suppressed_by_trust
from metrics.compare.inputs import load_network
from metrics.counts import table as counts_table
from metrics.problems import InputError


@pytest.mark.parametrize(
    ("cell", "low", "high"),
    [
        ("<5", 0, 4),
        ("< 5", 0, 4),
        (" <  5 ", 0, 4),
        ("less than 5", 0, 4),
        ("Fewer than 10", 0, 9),
        ("fewer than 10.", 0, 9),
        ("<=3", 0, 3),
        ("1-4", 1, 4),
        ("1 to 4", 1, 4),
        ("*", 0, 4),
        ("**", 0, 4),
    ],
)
def test_a_withheld_count_is_read_as_the_range_it_stands_for(cell, low, high):
    read = read_cell(cell)
    assert read is not None and (read.low, read.high) == (low, high)
    assert read.text == " ".join(cell.split())  # kept as written (spacing folded)


@pytest.mark.parametrize("cell", ["n/a", "N/A", "Not held", "not known", "-", "–", "NA"])
def test_a_count_not_given_is_not_zero(cell):
    read = read_cell(cell)
    assert read is not None and not read.given and read.low is None and read.high is None


@pytest.mark.parametrize("cell", ["12", "0", "1,234", None, "", "twelve", "<0", "5-1"])
def test_numbers_blanks_and_other_text_are_left_to_the_loader(cell):
    assert read_cell(cell) is None


def test_what_a_star_stands_for_is_a_setting():
    assert (read_cell("*", star=(1, 4)).low, read_cell("*", star=(1, 4)).high) == (1, 4)
    assert parse_star(" 1-4 ") == (1, 4)
    with pytest.raises(ValueError, match="not a range"):
        parse_star("four")
    with pytest.raises(ValueError):
        parse_star("4-1")


FOI = """Organisation,Year,Indicator,Group,Numerator,Denominator
Trust A,2024,WRES3,White,12,400
Trust A,2024,WRES3,BME,<5,150
Trust B,2024,WRES3,White,*,90
Trust B,2024,WRES3,BME,not held,-
Trust C,2024,WRES3,White,fewer than 10,300
Trust C,2024,WRES3,BME,3,< 5
"""


@pytest.fixture
def foi(tmp_path) -> Path:
    path = tmp_path / "foi.csv"
    path.write_text(FOI, encoding="utf-8")
    return path


def test_each_withheld_cell_is_listed_with_its_file_line_trust_and_bounds(foi):
    network = load_network([foi])
    cells = network.censored
    got = [
        (r.file, int(r.line), r.organisation, int(r.year), r.indicator, r.group, r.column, r.text)
        for r in cells.itertuples(index=False)
    ]
    assert got == [
        ("foi.csv", 3, "Trust A", 2024, "WRES3", "BME", "numerator", "<5"),
        ("foi.csv", 4, "Trust B", 2024, "WRES3", "White", "numerator", "*"),
        ("foi.csv", 5, "Trust B", 2024, "WRES3", "BME", "numerator", "not held"),
        ("foi.csv", 5, "Trust B", 2024, "WRES3", "BME", "denominator", "-"),
        ("foi.csv", 6, "Trust C", 2024, "WRES3", "White", "numerator", "fewer than 10"),
        ("foi.csv", 7, "Trust C", 2024, "WRES3", "BME", "denominator", "< 5"),
    ]
    bounds = list(zip(cells["low"], cells["high"], strict=True))
    assert bounds[0] == (0, 4) and bounds[1] == (0, 4) and bounds[4] == (0, 9)
    assert bounds[5] == (0, 4)
    assert all(np.isnan(lo) and np.isnan(hi) for lo, hi in bounds[2:4])  # not given: no bounds
    assert any("suppressed or not given" in note for note in network.notes)


def test_the_data_page_table_says_what_each_cell_is_read_as(foi):
    table = suppressed_by_trust(load_network([foi]).censored)
    assert list(table["written"]) == ["<5", "*", "not held", "-", "fewer than 10", "< 5"]
    assert table["read as"].iloc[0] == "between 0 and 4"
    assert table["read as"].iloc[2].startswith("not given (not zero)")
    assert list(table["organisation"]) == ["Trust A"] + ["Trust B"] * 3 + ["Trust C"] * 2


def test_a_star_read_as_one_to_four_when_the_network_says_so(foi):
    cells = load_network([foi], star=(1, 4)).censored
    star = cells[cells["text"] == "*"]
    assert (float(star["low"].iloc[0]), float(star["high"].iloc[0])) == (1, 4)


def test_no_count_fits_when_the_numerator_exceeds_a_withheld_total(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "Organisation,Year,Indicator,Group,Numerator,Denominator\n"
        "Trust A,2024,WRES3,White,12,400\nTrust A,2024,WRES3,BME,9,<5\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_network([path])
    problem = caught.value.problems[0]
    assert problem.row == 3 and "greater than denominator" in problem.message


def test_other_text_in_a_count_is_still_refused_with_row_and_column(tmp_path):
    path = tmp_path / "words.csv"
    path.write_text(
        "Organisation,Year,Indicator,Group,Numerator,Denominator\n"
        "Trust A,2024,WRES3,White,about ten,400\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_network([path])
    problem = caught.value.problems[0]
    assert problem.row == 2 and problem.column == "Numerator"


def test_a_withheld_cell_is_written_back_as_it_came(foi, tmp_path):
    network = load_network([foi])
    out = counts_table.write(as_written(network.counts, network.censored), tmp_path / "back.csv")
    back = pd.read_csv(out, dtype=str, keep_default_na=False)
    original = pd.read_csv(foi, dtype=str, keep_default_na=False)
    assert list(back["numerator"]) == list(original["Numerator"])
    # a lone dash is written as text ("'-"): the guard against spreadsheet formulas comes first
    expected = ["'-" if v == "-" else v for v in original["Denominator"]]
    assert list(back["denominator"]) == expected
    assert "<5" in set(back["numerator"]) and "< 5" in set(back["denominator"])


def test_cells_follow_their_rows_across_files_and_file_named_trusts(tmp_path):
    one = tmp_path / "Trust D.csv"  # no Organisation column: named by the file
    one.write_text(
        "Year,Indicator,Group,Numerator,Denominator\n2024,WRES3,White,10,200\n"
        "2024,WRES3,BME,<5,80\n",
        encoding="utf-8",
    )
    two = tmp_path / "others.csv"
    two.write_text(FOI, encoding="utf-8")
    network = load_network([two, one])
    cells = network.censored
    mine = cells[cells["organisation"] == "Trust D"]
    assert list(mine["file"]) == ["Trust D.csv"] and list(mine["line"]) == [3]
    rows = network.counts.iloc[cells["position"].to_numpy()]
    assert list(rows["organisation"]) == list(cells["organisation"])
    assert list(rows["group"]) == list(cells["group"])


def test_n_a_in_a_workbook_is_a_count_not_given(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Counts"
    for row in (
        ("Organisation", "Year", "Indicator", "Group", "Numerator", "Denominator"),
        ("Trust A", 2024, "WRES3", "White", 12, 400),
        ("Trust A", 2024, "WRES3", "BME", "n/a", "N/A"),
    ):
        sheet.append(row)
    path = tmp_path / "foi.xlsx"
    book.save(path)
    cells = load_network([path]).censored
    assert list(cells["text"]) == ["n/a", "N/A"]
    assert cells["low"].isna().all()


def test_n_a_in_a_csv_is_a_count_not_given_as_in_a_workbook(tmp_path):
    """Arrow's CSV reader keeps "n/a" and "N/A" as written (only an empty cell is missing), as
    the workbook reader and the slower CSV reader do: they are counts not given, not blanks."""
    path = tmp_path / "foi.csv"
    path.write_text(
        "Organisation,Year,Indicator,Group,Numerator,Denominator\n"
        "Trust A,2024,WRES3,White,12,400\n"
        "Trust A,2024,WRES3,BME,n/a,N/A\n",
        encoding="utf-8",
    )
    cells = load_network([path]).censored
    assert list(cells["text"]) == ["n/a", "N/A"]
    assert cells["low"].isna().all()
