"""A staff CSV read through its distinct rows (metrics.inputs.csv_stream) gives exactly what
reading every row gives: the same counts, problems and notes, and byte for byte the same
`inclusivehr wres` output; files it cannot read exactly fall back to the ordinary read."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.cli import main
from metrics import reference as ref
from metrics.counts import classify
from metrics.inputs import csv_stream
from metrics.inputs.columns import map_columns, staff_fields_for
from metrics.inputs.csv_stream import Grouped, Unstreamed, grouped_staff
from metrics.inputs.loaders import choose_sheet
from metrics.inputs.pipeline import Sources, load

SAMPLE_TRUST = Path(__file__).resolve().parents[3] / "sample_data" / "trust"
HEADER = ["Employee Number", "Assignment Number", "Ethnic Origin", "Pay Band", "Staff Group",
          "Org L3", "Assignment Category", "Contracted WTE"]  # fmt: skip
TITLE = ["Staff in Post at 31/03/2025"]
ETHNICITIES = ["A White - British", "C White - Any other White background", "H Asian or Asian "
               "British - Indian", "N Black or Black British - African", "Z Not Stated",
               "R Chinese", "99"]  # fmt: skip
BANDS = ["Band 2", "Band 5", "Band 6", "Band 8a", "Consultant", "VSM"]
GROUPS = ["Nursing and Midwifery Registered", "Administrative and Clerical",
          "Medical and Dental", "Estates and Ancillary"]  # fmt: skip
DIRECTORATES = ["Surgery", "Medicine", "Corporate"]
CATEGORIES = ["Permanent", "Fixed Term Temp", "Bank"]


def write(path: Path, rows: list[list[str]], *, header=HEADER, title=TITLE, encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for line in title:
        writer.writerow([line])
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def clean_rows(n: int, seed: int = 7) -> list[list[str]]:
    pick = random.Random(seed).choice
    return [
        [str(10_000_001 + i), f"{10_000_001 + i}-1", pick(ETHNICITIES), pick(BANDS), pick(GROUPS),
         pick(DIRECTORATES), pick(CATEGORIES), pick(["1", "0.5", "0.8"])]
        for i in range(n)
    ]  # fmt: skip


def streamed(path: Path, purpose: str = "wres") -> Grouped | Unstreamed:
    sheet = choose_sheet(path, "staff")
    return grouped_staff(sheet, map_columns(sheet, "staff", {}, ()), staff_fields_for(purpose))


def both(path: Path, purpose: str = "wres"):
    fast = load(Sources(files={"staff": path}, purpose=purpose, stream=True))
    slow = load(Sources(files={"staff": path}, purpose=purpose))
    return fast, slow


def assert_same(fast, slow) -> None:
    assert [p.sentence() for p in fast.problems] == [p.sentence() for p in slow.problems]
    assert fast.notes == slow.notes
    assert fast.unrecognised_labels == slow.unrecognised_labels
    assert (fast.counts is None) == (slow.counts is None)
    if slow.counts is not None:
        pd.testing.assert_frame_equal(fast.counts, slow.counts)
    assert fast.inputs["staff"].notes == slow.inputs["staff"].notes


def took_fast_path(result) -> bool:
    """The ordinary read keeps each person's employee number; the grouped one has none."""
    return "employee_number" not in result.inputs["staff"].frame


def run_wres(path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["wres", "--staff", str(path), *args])
    return result.exit_code, result.output


def ordinary_only(monkeypatch) -> None:
    monkeypatch.setattr(csv_stream, "grouped_staff", lambda *a: Unstreamed("switched off"))


def assert_cli_same(monkeypatch, path, *runs: tuple[str, ...]) -> None:
    """The command's output for each run's options (JSON and text unless given) is the same as
    with the streamed read switched off; it stays off for the rest of the test."""
    runs = runs or (("--json",), ())
    outputs = [run_wres(path, *r) for r in runs]
    ordinary_only(monkeypatch)
    assert outputs == [run_wres(path, *r) for r in runs]


# --- a worked example ------------------------------------------------------------------------


def test_distinct_rows_are_counted_once_each(tmp_path):
    nurse, admin = "Nursing and Midwifery Registered", "Administrative and Clerical"
    path = write(tmp_path / "staff.csv", [
        ["101", "101-1", "A White - British", "Band 5", nurse, "Surgery", "Permanent", "1"],
        ["102", "102-1", "A White - British", "Band 5", nurse, "Surgery", "Permanent", "0.5"],
        ["103", "103-1", "H Asian or Asian British - Indian", "Band 5", nurse, "Surgery",
         "Permanent", "1"],
        ["104", "104-1", "A White - British", "Band 5", nurse, "Surgery", "Bank", "1"],
        ["105", "105-1", "", "Band 6", admin, "Corporate", "Permanent", "1"],
    ])  # fmt: skip
    grouped = streamed(path)
    assert isinstance(grouped, Grouped)
    frame = grouped.frame.astype(object).where(grouped.frame.notna(), None)
    got = {
        tuple(row): int(n)
        for row, n in zip(frame.itertuples(index=False), grouped.rows, strict=True)
    }
    assert got == {
        ("A White - British", "Band 5", nurse, "Surgery", "Permanent"): 2,
        ("H Asian or Asian British - Indian", "Band 5", nurse, "Surgery", "Permanent"): 1,
        ("A White - British", "Band 5", nurse, "Surgery", "Bank"): 1,
        (None, "Band 6", admin, "Corporate", "Permanent"): 1,
    }
    assert set(grouped.numbers["fte"]["fte"]) == {"1", "0.5"}
    fast = load(Sources(files={"staff": path}, stream=True))
    assert took_fast_path(fast)
    wres1 = fast.counts[fast.counts["indicator"] == "WRES1"]
    cells = {(r.band, bool(r.clinical), r.group): (r.numerator, r.denominator)
             for r in wres1.itertuples()}  # fmt: skip
    # bank row 104 left out: Band 5 clinical is 2 White and 1 BME of 3; Band 6 one Unknown
    assert cells == {("Band 5", True, "White"): (2, 3), ("Band 5", True, "BME"): (1, 3),
                     ("Band 6", False, "Unknown"): (1, 1)}  # fmt: skip
    assert fast.inputs["staff"].notes == {"records": 5, "bank_excluded": 1}


# --- the same output as the ordinary read ----------------------------------------------------


def test_clean_extract_takes_the_fast_path_with_byte_identical_output(tmp_path, monkeypatch):
    path = write(tmp_path / "esr.csv", clean_rows(3_000))
    assert isinstance(streamed(path), Grouped)
    fast, slow = both(path)
    assert took_fast_path(fast) and not took_fast_path(slow)
    assert_same(fast, slow)
    seen: list = []
    real = csv_stream.grouped_staff
    monkeypatch.setattr(csv_stream, "grouped_staff", lambda *a: seen.append(real(*a)) or seen[-1])
    outputs = [run_wres(path, "--json"), run_wres(path), run_wres(path, "--directorate", "Surgery")]
    assert seen and all(isinstance(g, Grouped) for g in seen)  # the command took the fast path
    ordinary_only(monkeypatch)
    ordinary = [
        run_wres(path, "--json"),
        run_wres(path),
        run_wres(path, "--directorate", "Surgery"),
    ]
    assert outputs == ordinary
    assert outputs[0][0] == 0


def test_wdes_on_a_clean_extract_is_the_same(tmp_path, monkeypatch):
    rows = [[*row[:3], random.Random(i).choice(["Yes", "No", "", "Prefer not to say"]), *row[3:]]
            for i, row in enumerate(clean_rows(500))]  # fmt: skip
    path = write(tmp_path / "esr.csv", rows, header=[*HEADER[:3], "Disability", *HEADER[3:]],
                 title=["Northbrook Valley NHS Trust", *TITLE])  # fmt: skip
    fast, slow = both(path, purpose="wdes")
    assert took_fast_path(fast)
    assert_same(fast, slow)
    assert fast.inputs["staff"].organisation == "Northbrook Valley NHS Trust"

    def wdes() -> list[str]:
        runner = CliRunner()
        return [runner.invoke(main, ["wdes", "--staff", str(path), *extra]).output
                for extra in (["--json"], [])]  # fmt: skip

    outputs = wdes()
    ordinary_only(monkeypatch)
    assert outputs == wdes()
    assert "Northbrook Valley NHS Trust" in outputs[0]


@pytest.mark.parametrize("name", ["staff.csv", "esr_extract_messy.csv"])
def test_sample_trust_files_give_the_same_output(name, monkeypatch):
    path = SAMPLE_TRUST / name
    if not path.exists():
        pytest.skip(f"sample_data/trust/{name} has not been generated")
    # staff.csv has a Year column, the messy extract repeated employee numbers: both fall back
    assert isinstance(streamed(path), Unstreamed)
    fast, slow = both(path)
    assert_same(fast, slow)
    assert_cli_same(monkeypatch, path)


def test_many_small_blocks_give_the_same_as_one(tmp_path, monkeypatch):
    """Labels first seen in later blocks, and repeats found in the block that repeats them."""
    monkeypatch.setattr(csv_stream, "STREAM_BLOCK_BYTES", 4096)
    monkeypatch.setattr(csv_stream, "_BLOCKS_AT_A_TIME", 2)
    rows = clean_rows(3_000)
    rows[2_500][5] = "Late Directorate"
    rows[2_900][2] = "M Black or Black British - Caribbean"
    path = write(tmp_path / "staff.csv", rows)
    assert isinstance(streamed(path), Grouped)
    fast, slow = both(path)
    assert took_fast_path(fast)
    assert_same(fast, slow)
    assert_cli_same(monkeypatch, path)


def test_a_number_repeated_blocks_later_is_found_there(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_stream, "STREAM_BLOCK_BYTES", 4096)
    monkeypatch.setattr(csv_stream, "_BLOCKS_AT_A_TIME", 1)
    rows = clean_rows(3_000)
    rows[300][0] = rows[10][0]
    path = write(tmp_path / "staff.csv", rows)
    blocks = []
    real = csv_stream._global_codes
    monkeypatch.setattr(csv_stream, "_global_codes", lambda *a: blocks.append(1) or real(*a))
    assert streamed(path).reason == "an employee number on more than one row"
    assert 0 < len(blocks) < 5 * 20  # stopped near row 300 of 3,000 (about 60 rows a block)
    assert_same(*both(path))


@pytest.mark.parametrize("repeat", [False, True])
def test_long_employee_numbers_are_checked_too(repeat, tmp_path, monkeypatch):
    monkeypatch.setattr(csv_stream, "STREAM_BLOCK_BYTES", 4096)
    monkeypatch.setattr(csv_stream, "_BLOCKS_AT_A_TIME", 1)
    rows = clean_rows(1_000)
    for i in range(500, 1_000):  # past the bits' range from the middle of the file on
        rows[i][0] = str(9_000_000_000_000 + i)
    if repeat:
        rows[900][0] = rows[20][0]  # a number from before the long ones
    path = write(tmp_path / "staff.csv", rows)
    result = streamed(path)
    assert isinstance(result, Unstreamed if repeat else Grouped)
    fast, slow = both(path)
    assert took_fast_path(fast) != repeat
    assert_same(fast, slow)


# --- each reason to fall back ----------------------------------------------------------------


def _edit(rows: list[list[str]], row: int, column: int, value: str) -> list[list[str]]:
    rows[row][column] = value
    return rows


FALLBACKS = {
    "repeated number": (lambda r: _edit(r, 5, 0, r[4][0]), "more than one row"),
    "second assignment": (lambda r: r + [[r[3][0], r[3][0] + "-2", *r[3][2:]]], "more than one"),
    "blank number": (lambda r: _edit(r, 7, 0, ""), "blank employee number"),
    "leading zero": (lambda r: _edit(r, 2, 0, "0" + r[2][0]), "leading zero"),
    "not a number": (lambda r: _edit(r, 2, 0, "E" + r[2][0]), "not a plain number"),
    "padded number": (lambda r: _edit(r, 2, 0, " " + r[2][0]), "not a plain number"),
    "no-value number": (lambda r: _edit(r, 2, 0, "N/A"), "not a plain number"),
    "blank line": (lambda r: r[:5] + [[]] + r[5:], "blank employee number"),
    "ragged row": (lambda r: _edit(r, 3, 7, "1,extra"), "wrong number of fields"),
    "short row": (lambda r: r[:3] + [r[3][:4]] + r[4:], "wrong number of fields"),
}
"""name -> (how the clean rows are spoiled, words of the reason the stream gives)."""


@pytest.mark.parametrize("name", list(FALLBACKS))
def test_files_the_stream_cannot_read_exactly_fall_back(name, tmp_path, monkeypatch):
    spoil, reason = FALLBACKS[name]
    rows = spoil(clean_rows(40))
    lines = [TITLE, HEADER, *rows]  # unquoted, so "1,extra" makes a row too long
    path = tmp_path / "staff.csv"
    path.write_text("".join(",".join(line) + "\n" for line in lines))
    result = streamed(path)
    assert isinstance(result, Unstreamed) and reason in result.reason
    fast, slow = both(path)
    assert not took_fast_path(fast)
    assert_same(fast, slow)
    assert_cli_same(monkeypatch, path)


PROBLEMS = {
    "band not recognised": (3, "Band Seventeen"),
    "staff group not recognised": (4, "Wizards"),
    "ethnicity not recognised": (2, "Martian"),
    "FTE not a number": (7, "full"),
    "negative FTE": (7, "-1"),
}
"""Values the checks report with their row numbers: column -> the value put in one row."""


@pytest.mark.parametrize("name", list(PROBLEMS))
def test_a_problem_naming_rows_falls_back(name, tmp_path, monkeypatch):
    column, value = PROBLEMS[name]
    path = write(tmp_path / "staff.csv", _edit(clean_rows(60), 17, column, value))
    assert isinstance(streamed(path), Grouped)  # the file streams; its check finds the problem
    fast, slow = both(path)
    assert slow.problems and not took_fast_path(fast)
    assert_same(fast, slow)
    assert_cli_same(monkeypatch, path)


def test_windows_text_after_the_sample_falls_back_to_the_second_encoding(tmp_path):
    rows = clean_rows(5_000)  # past the 256 KB sample that decides the encoding
    rows[-1][5] = "Café Services"
    path = write(tmp_path / "staff.csv", rows, encoding="cp1252")
    result = streamed(path)
    assert isinstance(result, Unstreamed) and "not read as utf-8" in result.reason
    fast, slow = both(path)
    assert not took_fast_path(fast)
    assert_same(fast, slow)
    assert "Café Services" in set(fast.counts["directorate"].dropna())


def test_windows_text_in_the_sample_streams(tmp_path):
    rows = clean_rows(200)
    rows[3][5] = "Café Services"
    path = write(tmp_path / "staff.csv", rows, encoding="cp1252")
    assert isinstance(streamed(path), Grouped)
    fast, slow = both(path)
    assert took_fast_path(fast)
    assert_same(fast, slow)


def test_a_ragged_row_in_windows_text_falls_back_without_a_traceback(tmp_path, capfd):
    rows = clean_rows(5_000)
    rows[-1] = [*rows[-1][:5], "Café", "Permanent", "1", "extra"]
    path = write(tmp_path / "staff.csv", rows, encoding="cp1252")
    result = streamed(path)
    assert isinstance(result, Unstreamed)
    fast, slow = both(path)
    assert_same(fast, slow)
    assert "Traceback" not in capfd.readouterr().err


def test_quoted_labels_and_semicolons_stream(tmp_path, monkeypatch):
    rows = clean_rows(300)
    for i in range(0, 300, 7):
        rows[i][5] = 'Surgery; Trauma, and "Orthopaedics"'
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows([TITLE, HEADER, *rows])
    path = tmp_path / "staff.csv"
    path.write_text(out.getvalue(), newline="")
    assert isinstance(streamed(path), Grouped)
    fast, slow = both(path)
    assert took_fast_path(fast)
    assert_same(fast, slow)
    assert 'Surgery; Trauma, and "Orthopaedics"' in set(fast.counts["directorate"].dropna())
    assert_cli_same(monkeypatch, path, ("--json",), ("--directorate", "Surgery"))


def test_a_header_with_no_rows_is_refused_as_before(tmp_path, monkeypatch):
    path = write(tmp_path / "staff.csv", [])
    assert streamed(path).reason == "no rows"
    streaming = run_wres(path)
    ordinary_only(monkeypatch)
    assert streaming == run_wres(path)
    assert streaming[0] != 0 and "header but no data rows" in streaming[1]


def test_year_column_and_pay_columns_are_read_the_ordinary_way(tmp_path):
    rows = [["2025", *row] for row in clean_rows(30)]
    with_year = write(tmp_path / "year.csv", rows, header=["Year", *HEADER], title=[])
    assert streamed(with_year).reason == "reads year: not labels"
    assert_same(*both(with_year))
    paid = write(tmp_path / "paid.csv", [[*row, "12.50"] for row in clean_rows(30)],
                 header=[*HEADER, "Basic Hourly Rate"])  # fmt: skip
    assert isinstance(streamed(paid), Grouped)  # the WRES does not read pay: it streams
    assert streamed(paid, purpose="paygap").reason == "reads hourly_pay: not labels"
    no_numbers = write(tmp_path / "nonumbers.csv", [r[2:] for r in clean_rows(30)],
                       header=HEADER[2:])  # fmt: skip
    assert streamed(no_numbers).reason == "no employee number column"
    assert_same(*both(no_numbers))


# --- random small files ----------------------------------------------------------------------

_LABELS = {
    2: [*ETHNICITIES, *list(ref.ethnicity_labels())[:20]],
    3: [*BANDS, *(b for b in ref.bands() if classify.band(b))],  # not "Other": a warning
    4: [*GROUPS, *(g.label for g in ref.staff_groups().values())],
    5: DIRECTORATES,
    6: CATEGORIES,
    7: ["1", "0.5", "1.0", "0.25"],
}
_JUNK = ["", " ", "junk", " Band 5 ", "n/a", "-2", "=1+1", "Ünïcode"]


@st.composite
def staff_files(draw):
    n = draw(st.integers(1, 30))
    messy = draw(st.booleans())
    unique = draw(st.booleans())
    numbers = (list(range(10_000_001, 10_000_001 + n)) if unique
               else draw(st.lists(st.integers(1, 12), min_size=n, max_size=n)))  # fmt: skip
    rows = []
    for i in range(n):
        row = [str(numbers[i]), f"{numbers[i]}-{i}"]
        for column in range(2, 8):
            choices = _LABELS[column] + (_JUNK if messy else [""])
            row.append(draw(st.sampled_from(choices)))
        rows.append(row)
    return rows, unique and not messy  # the rows, and whether they must take the fast path


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(drawn=staff_files())
def test_random_small_files_load_the_same_either_way(drawn, tmp_path):
    rows, clean = drawn
    path = write(tmp_path / "random.csv", rows)
    try:
        slow = load(Sources(files={"staff": path}))
    except Exception as refused:  # noqa: BLE001 - the fast path must refuse it the same way
        with pytest.raises(type(refused)):
            load(Sources(files={"staff": path}, stream=True))
        return
    fast = load(Sources(files={"staff": path}, stream=True))
    assert_same(fast, slow)
    assert took_fast_path(fast) or not clean
