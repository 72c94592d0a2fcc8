"""Counts computed inside DuckDB equal the file path's counts cell for cell: on the sample trust,
on the messy ESR extract, and on random tables (hypothesis). The file path is the oracle: it is
the long-tested implementation of the published rules."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from query_tables import (
    SAMPLE_TRUST,
    TABLE_KINDS,
    TITLE_NAME,
    duckdb_with,
    in_order,
    text_frame,
)

from metrics.inputs.pipeline import Sources, load
from metrics.problems import InputError
from metrics.query.counts import counts_from

SURVEY = ("WRES5", "WRES6", "WRES7", "WRES8")


def file_counts(files: dict[str, Path], **kwargs) -> pd.DataFrame:
    result = load(Sources(files=files), **kwargs)
    assert not result.errors, [p.sentence() for p in result.errors[:3]]
    return result.counts


def test_sample_trust_counts_are_identical() -> None:
    tables = {kind: text_frame(SAMPLE_TRUST / f"{kind}.csv") for kind in TABLE_KINDS}
    engine = duckdb_with(tables)
    from_engine = counts_from(engine, {kind: kind for kind in TABLE_KINDS})
    from_files = file_counts({kind: SAMPLE_TRUST / f"{kind}.csv" for kind in TABLE_KINDS})
    # a WRES load reads no disability from staff; the recruitment and board tables give it
    assert set(from_engine.counts["indicator"]) == {"WRES1", "WRES2", "WRES3", "WRES4",
                                                   "WRES9", "WDES2", "WDES10"}  # fmt: skip
    pd.testing.assert_frame_equal(in_order(from_engine.counts), in_order(from_files))
    assert len(from_engine.counts) > 1000  # every band x unit x year, not a token few rows


def test_sample_trust_notes_say_what_the_file_path_says() -> None:
    tables = {kind: text_frame(SAMPLE_TRUST / f"{kind}.csv") for kind in TABLE_KINDS}
    from_engine = counts_from(duckdb_with(tables), {kind: kind for kind in TABLE_KINDS})
    from_files = load(Sources(files={k: SAMPLE_TRUST / f"{k}.csv" for k in TABLE_KINDS}))
    assert sorted(from_engine.notes) == sorted(from_files.notes)


def test_messy_esr_extract_counts_are_identical() -> None:
    """Title rows above the header, padded column names, two directorate levels, ESR labels with
    stray spaces: the table holds what is below the header; its year (2025, from the title
    row in the file) is given as the reporting year, and the trust its first row names as the
    organisation."""
    path = SAMPLE_TRUST / "esr_extract_messy.csv"
    frame = text_frame(path, skiprows=3, encoding="cp1252")
    assert " Employee Number " in frame.columns  # the header as written, padding and all
    engine = duckdb_with({"esr": frame})
    from_engine = counts_from(engine, {"staff": "esr"}, year=2025, organisation=TITLE_NAME)
    from_files = file_counts({"staff": path})
    assert set(from_files["year"].dropna()) == {2025}
    pd.testing.assert_frame_equal(in_order(from_engine.counts), in_order(from_files))


# --- random tables ---------------------------------------------------------------------------

ETHNICITY = ["A White - British", "A", " C White - Any other White background", "White", "BME",
             "H Asian or Asian British - Indian", "CA", "LH", "Z", "99", "Not stated", "",
             "N Black or Black British - African", "R Chinese", "nonsense", "  BAME  "]  # fmt: skip
BANDS = ["Band 5", "AfC Band 8A", "Band 8 - Range B", "VSM", "Consultant", "", "Band 99", "band 2"]
GROUPS = ["Nursing and Midwifery Registered", "Medical and Dental", "Admin & Clerical",
          "Estates and Ancillary", "", "Something else"]  # fmt: skip
UNITS = ["Surgery", "Medicine", " Surgery", ""]
CATEGORY = ["Permanent", "Fixed Term Temp", "Bank", ""]
DISABILITY = ["Yes", "No", "Not Declared", "", "maybe"]
FTE = ["1", "0.5", "0.8", "", "1.0"]
YEARS = ["2024", "2025", ""]
FLAGS = ["Yes", "No", "Y", "N", ""]


@st.composite
def staff_rows(draw) -> pd.DataFrame:
    n = draw(st.integers(min_value=1, max_value=60))
    rows = []
    for i in range(n):
        person = draw(st.integers(min_value=1000, max_value=1000 + max(n // 2, 1)))
        rows.append({
            "Year": draw(st.sampled_from(YEARS)),
            "Employee Number": draw(st.sampled_from([str(person), f" {person}", ""])),
            "Assignment Number": f"{person}-{i}",  # never repeated: no duplicate-row refusal
            "Ethnicity": draw(st.sampled_from(ETHNICITY)),
            "Pay Band": draw(st.sampled_from(BANDS)),
            "Staff Group": draw(st.sampled_from(GROUPS)),
            "Directorate": draw(st.sampled_from(UNITS)),
            "Assignment Category": draw(st.sampled_from(CATEGORY)),
            "Disability": draw(st.sampled_from(DISABILITY)),
            "FTE": draw(st.sampled_from(FTE)),
        })  # fmt: skip
    return pd.DataFrame(rows)


@st.composite
def recruitment_rows(draw) -> pd.DataFrame:
    n = draw(st.integers(min_value=1, max_value=40))
    rows = []
    for _ in range(n):
        shortlisted = draw(st.sampled_from(["Yes", "No"]))
        rows.append({
            "Year": draw(st.sampled_from(YEARS)),
            "Ethnicity": draw(st.sampled_from(ETHNICITY)),
            "Disability": draw(st.sampled_from(DISABILITY)),
            "Directorate": draw(st.sampled_from(UNITS)),
            "Shortlisted": shortlisted,
            "Appointed": draw(st.sampled_from(["Yes", "No", ""])) if shortlisted == "Yes"
            else "No",
        })  # fmt: skip
    return pd.DataFrame(rows)


@st.composite
def event_rows(draw) -> pd.DataFrame:
    n = draw(st.integers(min_value=1, max_value=30))
    return pd.DataFrame(
        {
            "Year": [draw(st.sampled_from(["2024", "2025"])) for _ in range(n)],
            "Employee Number": [
                str(draw(st.integers(min_value=1000, max_value=1040))) for _ in range(n)
            ],
        }
    )


def _outcome(compute):
    """The counts, or the messages of the refusal (both paths must refuse the same tables)."""
    try:
        return "counts", compute()
    except InputError as refused:
        return "refused", refused


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(staff=staff_rows(), recruitment=recruitment_rows(), disciplinary=event_rows())
def test_random_tables_give_identical_counts(
    tmp_path: Path, staff: pd.DataFrame, recruitment: pd.DataFrame, disciplinary: pd.DataFrame
) -> None:
    frames = {"staff": staff, "recruitment": recruitment, "disciplinary": disciplinary}
    files = {}
    for kind, frame in frames.items():
        files[kind] = tmp_path / f"{kind}.csv"
        frame.to_csv(files[kind], index=False)

    def from_files():
        result = load(Sources(files=files))
        if result.errors:
            raise InputError(result.errors)
        return result.counts

    engine = duckdb_with(frames)
    kind_a, a = _outcome(lambda: counts_from(engine, {k: k for k in frames}).counts)
    kind_b, b = _outcome(from_files)
    assert kind_a == kind_b, (a, b)
    if kind_a == "counts":
        pd.testing.assert_frame_equal(in_order(a), in_order(b))


def test_a_disability_load_needs_no_ethnicity_column() -> None:
    """WDES1 from a staff table without ethnicity: headcount per year is every row that is not
    bank (the sample has one row per person), counted here straight from the frame."""
    frame = text_frame(SAMPLE_TRUST / "staff.csv").drop(columns=["Ethnicity"])
    engine = duckdb_with({"staff": frame})
    counted = counts_from(engine, {"staff": "staff"}, purpose="wdes").counts
    assert set(counted["indicator"]) == {"WDES1"}
    assert not frame.duplicated(["Year", "Employee Number"]).any()
    in_post = frame[~frame["Assignment Category"].str.lower().str.contains("bank")]
    expected = {int(y): n for y, n in in_post.groupby("Year").size().items()}
    assert counted.groupby("year")["numerator"].sum().to_dict() == expected


def test_wdes_counts_with_capability_cases_are_identical() -> None:
    """A WDES load (disability from staff) with the capability cases: WDES1, WDES2, WDES3 and
    WDES10 cell for cell, and the notes about grounds the file path gives."""
    kinds = ("staff", "recruitment", "board", "capability")
    tables = {kind: text_frame(SAMPLE_TRUST / f"{kind}.csv") for kind in kinds}
    from_engine = counts_from(duckdb_with(tables), {k: k for k in kinds}, purpose="wdes")
    files = {k: SAMPLE_TRUST / f"{k}.csv" for k in kinds}
    result = load(Sources(files=files, purpose="wdes"))
    assert not result.errors
    assert "WDES3" in set(from_engine.counts["indicator"])
    pd.testing.assert_frame_equal(in_order(from_engine.counts), in_order(result.counts))
    assert sorted(from_engine.notes) == sorted(result.notes)


def test_capability_grounds_are_read_as_from_a_file() -> None:
    """Ill-health cases left out, a blank counted, an unreadable ground warned about and left
    out: three cases by hand, one person each, all Disabled."""
    staff = pd.DataFrame({
        "Employee Number": ["1", "2", "3", "4"], "Pay Band": ["Band 5"] * 4,
        "Disability": ["Yes", "Yes", "Yes", "No"], "Year": ["2025"] * 4,
    })  # fmt: skip
    cases = pd.DataFrame({
        "Employee Number": ["1", "2", "3"], "Year": ["2025"] * 3,
        "Grounds": ["Poor performance", "Ill health", ""],
    })  # fmt: skip
    got = counts_from(
        duckdb_with({"s": staff, "c": cases}), {"staff": "s", "capability": "c"}, purpose="wdes"
    )
    wdes3 = got.counts[got.counts["indicator"] == "WDES3"].set_index("group")
    # performance (person 1) and blank (person 3) counted; ill health (person 2) left out
    assert int(wdes3.loc["Disabled", "numerator"]) == 2
    assert int(wdes3.loc["Disabled", "denominator"]) == 3
    assert int(wdes3.loc["Non-disabled", "numerator"]) == 0
    assert any("1 capability case(s) on ill-health grounds left out" in n for n in got.notes)
    assert any("1 capability case(s) with no grounds given counted" in n for n in got.notes)


def test_blank_rows_are_left_out_when_nobody_repeats(tmp_path: Path) -> None:
    """Nobody has two rows, so the counts come from the labels grouped first: rows blank in
    every field (empty or spaces) are left out as from a file; a row with only an employee
    number, only an FTE, or only a space-padded label is still a person."""
    staff = pd.DataFrame({
        "Employee Number": ["1", "2", "", "  ", "5", "", "", "8"],
        "Ethnicity": ["A", "H", "", " ", "", "", "", "  "],
        "Pay Band": ["Band 5", "Band 6", "", "", "", "", "Band 5", ""],
        "FTE": ["1", "0.5", "", " ", "", "0.8", "", ""],
        "Year": ["2025", "2025", "", "", "", "", "", ""],
    })  # fmt: skip
    path = tmp_path / "staff.csv"
    staff.to_csv(path, index=False)
    from_files = file_counts({"staff": path})
    from metrics.query.staff import prepare_staff

    engine = duckdb_with({"staff": staff})
    assert prepare_staff(engine, "staff").grouped is not None  # counted from grouped labels
    got = counts_from(engine, {"staff": "staff"})
    pd.testing.assert_frame_equal(in_order(got.counts), in_order(from_files))
    wres1 = got.counts[got.counts["indicator"] == "WRES1"]
    # people: 1, 2, 5 (number only), the FTE-only row, the band-only row, 8 (number and a
    # padded blank label): six; rows 3 and 4 are blank throughout
    assert int(wres1["numerator"].sum()) == 6
