"""The hostile values of the trust-and-safety issue, one by one, with the outcome each should have:
a year of inf is "not a year"; a 200 KB cell is read; invisible marks and full-width letters are
read as the codes they show; letters from another alphabet are named; a load in which nobody's
ethnicity is known is an error that says what was seen."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.counts import classify
from metrics.inputs.column_values import parse_year
from metrics.inputs.pipeline import Loaded_, Sources, load
from metrics.inputs.readers import Upload
from metrics.problems import InputError, Problem

HEADER = "Year,Employee Number,Ethnicity,Pay Band,Staff Group,Directorate\n"
# 10 people: 4 White (A, C), 4 BME (N, H), 2 not stated (Z): worked out by hand from the list.
CODES = ["A White - British", "N Black or Black British - African", "Z Not Stated",
         "H Asian or Asian British - Indian", "C White - Any other White background"]  # fmt: skip
BANDS = ["Band 5", "Band 6", "Band 7"]


def staff(codes=CODES, bands=BANDS, year="2025", group="Nursing and Midwifery Registered") -> str:
    return HEADER + "".join(
        f"{year},{1000 + i},{codes[i % len(codes)]},{bands[i % len(bands)]},{group},Surgery\n"
        for i in range(10)
    )


def load_text(text: str | bytes, kind: str = "staff") -> Loaded_:
    data = text.encode() if isinstance(text, str) else text
    upload = Upload(f"{kind}.csv", data)
    sources = Sources(counts=upload) if kind == "counts" else Sources(files={kind: upload})
    return load(sources)


def groups(result: Loaded_) -> dict[str, int]:
    """WRES1 headcount by group (whole organisation)."""
    assert not result.errors, [p.sentence() for p in result.errors]
    wres1 = result.counts[result.counts["indicator"] == "WRES1"]
    return {g: int(n) for g, n in wres1.groupby("group")["numerator"].sum().items() if n}


def bands(result: Loaded_) -> set[str]:
    wres1 = result.counts[result.counts["indicator"] == "WRES1"]
    return set(wres1["band"].dropna())


PLAIN = {"White": 4, "BME": 4, "Unknown": 2}


def test_the_plain_file_gives_the_hand_count():
    assert groups(load_text(staff())) == PLAIN


# --- years ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["inf", "-inf", "nan", "Infinity", "1e400", "1e30", "9999999999", "-1", "0x7E9", ""]
)
def test_a_year_that_is_no_year_is_none(text):
    assert parse_year(text) is None


@pytest.mark.parametrize("text,year", [("2025", 2025), ("2025.0", 2025), ("2024/25", 2025)])
def test_real_years_still_read(text, year):
    assert parse_year(text) == year


@pytest.mark.parametrize("year", ["inf", "1e400", "Infinity", "9999999999"])  # "nan" is blank
def test_a_staff_year_of_inf_is_not_a_year(year):
    result = load_text(staff(year=year))
    first = result.errors[0]
    assert (first.message, first.row, first.column, first.value) == ("not a year", 2, "Year", year)


def test_a_counts_year_of_inf_is_not_a_year():
    text = (
        "organisation,year,indicator,group,numerator,denominator\n"
        "Trust,inf,WRES2,White,5,10\nTrust,2025,WRES2,BME,3,10\n"
    )
    result = load_text(text, "counts")
    assert [(p.message, p.row, p.value) for p in result.errors] == [("not a year", 2, "inf")]


# --- long fields ---------------------------------------------------------------------------------


def test_a_200_kb_cell_is_read_whole():
    long = "S" * 200_000
    result = load_text(staff().replace("Surgery", long, 1), "staff")
    assert groups(result) == PLAIN
    frame = result.inputs["staff"].frame
    assert frame["directorate"].astype(str).str.len().max() == 200_000


def test_a_200_kb_header_cell_is_a_column_like_any_other():
    text = staff().replace("Directorate", "x" * 200_000, 1)
    assert groups(load_text(text)) == PLAIN


def test_a_long_value_is_quoted_by_its_start():
    problem = Problem(severity="warning", message="odd", value="y" * 200_000)
    assert len(problem.sentence()) < 150
    assert "'" + "y" * 77 + "...'" in problem.sentence()


# --- invisible marks and look-alikes -------------------------------------------------------------

MARKS = ["\u200f", "\u200e", "\u200b", "\u200d", "\ufeff", "\u061c", "\u2066", "\u2060", "\u00ad"]


@pytest.mark.parametrize("mark", MARKS)
def test_an_invisible_mark_before_every_code_changes_nothing(mark):
    result = load_text(staff(codes=[mark + c for c in CODES]))
    assert groups(result) == PLAIN
    assert result.unrecognised_labels == []


@pytest.mark.parametrize("mark", ["\u200f", "\ufeff", "\u200b"])
def test_an_invisible_mark_in_bands_groups_and_headers_changes_nothing(mark):
    text = staff(bands=[mark + b for b in BANDS], group=mark + "Nursing and Midwifery Registered")
    text = text.replace(",Pay Band,", f",{mark}Pay Band{mark},", 1)
    result = load_text(text)
    assert groups(result) == PLAIN
    assert bands(result) == set(BANDS)
    assert not [p for p in result.problems if "not recognised" in p.message]


def test_an_invisible_mark_in_yes_and_no_is_read():
    text = "Year,Name,Ethnicity,Voting,Executive\n" + "".join(
        f"2025,P{i},{c},\u200fYes,\u200eNo\n" for i, c in enumerate(["A", "H", "A"])
    )
    result = load_text(text, "board")
    assert not result.errors, [p.sentence() for p in result.errors]
    assert result.inputs["board"].frame["voting"].tolist() == [True] * 3


FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


def test_full_width_letters_are_read_as_the_letters_they_show():
    result = load_text(staff(codes=[c.translate(FULLWIDTH) for c in CODES],
                             bands=[b.translate(FULLWIDTH) for b in BANDS]))  # fmt: skip
    assert groups(result) == PLAIN
    assert bands(result) == set(BANDS)


@pytest.mark.parametrize(
    "text,code", [("\uff21", "A"), ("\u00a0H\u00a0", "H"), ("\u200fＮ", "N"), ("ｃ", "C")]
)
def test_visible_folds_compatibility_forms(text, code):
    assert classify.ethnicity(text).code == code


def test_a_cyrillic_letter_is_named_not_read():
    cyrillic_a = "\u0410"
    assert classify.ethnicity(cyrillic_a).recognised is False
    assert "CYRILLIC CAPITAL LETTER A" in classify.lookalikes(cyrillic_a)
    assert classify.lookalikes("A White - British") == ""
    assert classify.lookalikes("Café") == ""  # a Latin letter with an accent is Latin


def test_some_cyrillic_codes_are_unknown_with_a_warning_naming_the_letter():
    codes = ["\u0410", "N", "H", "C", "Z"]  # the A is Cyrillic: 2 rows of 10 unread
    result = load_text(staff(codes=codes))
    assert groups(result) == {"White": 2, "BME": 4, "Unknown": 4}
    named = [p for p in result.problems if "CYRILLIC CAPITAL LETTER A" in p.message]
    assert named and named[0].severity == "warning" and named[0].value == "\u0410"


# --- nobody's ethnicity known --------------------------------------------------------------------


def test_no_recognised_code_at_all_is_an_error_saying_what_was_seen():
    result = load_text(staff(codes=["QA", "QB", "QC", "QD", "QE", "QF"]))
    assert result.counts is None
    [error] = result.errors
    assert error.message.startswith(
        "none of the 10 ethnicity values is a recognised code; the first few are "
        "'QA', 'QB', 'QC', 'QD'"
    ), error.message
    assert error.column == "Ethnicity"


def test_codes_all_in_another_alphabet_are_an_error_naming_the_letter():
    result = load_text(staff(codes=["\u0410", "\u041d"]))  # Cyrillic A and N
    [error] = result.errors
    assert "none of the 10 ethnicity values is a recognised code" in error.message
    assert "CYRILLIC CAPITAL LETTER A" in error.message


def test_everyone_not_stated_is_an_error():
    [error] = load_text(staff(codes=["Z Not Stated", "99"])).errors
    assert "none of the 10 ethnicity values says White or BME" in error.message


def test_one_known_value_is_enough_to_load():
    result = load_text(staff(codes=["QA", "QB", "QC", "QD", "A"]))
    assert groups(result) == {"White": 2, "Unknown": 8}


def test_an_own_label_map_rescues_a_file_of_local_labels():
    upload = Upload("staff.csv", staff(codes=["WB", "XO"]).encode())
    result = load(Sources(files={"staff": upload}, labels={"WB": "White", "XO": "BME"}))
    assert groups(result) == {"White": 5, "BME": 5}


# --- encodings -----------------------------------------------------------------------------------


def test_a_ragged_row_that_is_not_utf8_is_read_as_windows_1252():
    """The over-long row (an extra field) is left out, as its warning says; the file is read as
    Windows-1252, so the row of the right width keeps its accented name."""
    text = staff().encode() + (
        "2025,1098,A,Band 5,Nursing,Surg\u00e9ry\n2025,1099,A,Band 5,Nursing,Surg\u00e9ry,extra\n"
    ).encode("cp1252")
    result = load_text(text)
    assert not result.errors
    frame = result.inputs["staff"].frame
    assert "Surg\u00e9ry" in set(frame["directorate"].astype(str))
    assert len(frame) == len(staff().splitlines())  # the header's row gone, the new good row in


def test_a_ragged_row_in_no_known_encoding_is_refused_with_the_fix():
    text = staff().encode() + b"2025,1099,A,Band 5,\x81\x8d\x90\n"
    with pytest.raises(InputError, match="unreadable text encoding"):
        load_text(text)


def test_counts_are_a_frame():  # guard: the helpers above read what they think they read
    assert isinstance(load_text(staff()).counts, pd.DataFrame)


# --- years in title rows and file names ----------------------------------------------------------


@pytest.mark.parametrize(
    "line", ["Staff in Post at 31/03/inf", "as at 31/03/9999999999", "Snapshot 1e400", "as at nan"]
)
def test_a_title_row_year_that_is_no_year_gives_no_snapshot(line):
    from metrics.inputs.snapshot_year import from_title_rows

    assert from_title_rows([[line]]) is None


@pytest.mark.parametrize(
    "name", ["ESR_SIP_inf.csv", "ESR_SIP_99999999999999.csv", "SIP March 99999.csv", "nan.csv"]
)
def test_a_file_name_year_that_is_no_year_gives_no_snapshot(name):
    from metrics.inputs.snapshot_year import from_name

    assert from_name(name) is None


def test_a_staff_file_whose_only_year_is_inf_asks_for_the_year():
    text = "Staff in Post at 31/03/inf\n\n" + staff().replace("Year,", "Yr,", 1)
    result = load_text(text)
    assert result.inputs["staff"].year_source == ""  # no year found: a person must give it


def test_a_short_first_row_does_not_hide_the_last_columns():
    """Found by the fuzzer: a first data row with fewer fields than the header made the slower
    parser take its width, and the last column was lost (a KeyError, "did not expect")."""
    rows = staff().splitlines(keepends=True)
    short = rows[1].rsplit(",", 2)[0] + "\n"  # no staff group, no directorate
    result = load_text(rows[0] + short + "".join(rows[2:]))
    assert groups(result) == PLAIN
    directorates = result.inputs["staff"].frame["directorate"].astype(object)
    assert directorates.isna().tolist() == [True] + [False] * 9
