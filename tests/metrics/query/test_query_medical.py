"""The medical view's rows from tables in the engine equal the file path's, cell for cell: the
MED-GRADE and MED-ROLE counts (metrics.standards.medical.medical_counts, which the file path
adds to every medical or full load) and the grade by place of qualification table
(qualification_table), on the sample trust and the messy ESR extract. The file path is the
oracle. Only counts leave the engine."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from query_tables import (
    SAMPLE_TRUST,
    TABLE_KINDS,
    TITLE_NAME,
    assert_no_row_per_person,
    capture_results,
    duckdb_with,
    in_order,
    sample_tables,
    text_frame,
)

from metrics.inputs.column_values import MEDICAL_INDICATORS
from metrics.inputs.pipeline import Sources, load
from metrics.query.counts import counts_from
from metrics.query.medical import WEIGHT, doctor_rows
from metrics.standards.medical import qualification_table

MESSY = SAMPLE_TRUST / "esr_extract_messy.csv"


def _medical(counts: pd.DataFrame) -> pd.DataFrame:
    return counts[counts["indicator"].isin(MEDICAL_INDICATORS).to_numpy()]


def _files(files, purpose: str, **kwargs):
    result = load(Sources(files=files, purpose=purpose), **kwargs)
    assert not result.errors, [p.sentence() for p in result.errors[:3]]
    return result


@pytest.mark.parametrize("purpose", ["medical", "all"])
def test_sample_trust_medical_rows_are_identical(purpose: str) -> None:
    engine = duckdb_with(sample_tables())
    from_engine = counts_from(engine, {k: k for k in TABLE_KINDS}, purpose=purpose)
    from_files = _files({k: SAMPLE_TRUST / f"{k}.csv" for k in TABLE_KINDS}, purpose)
    engine_rows, file_rows = _medical(from_engine.counts), _medical(from_files.counts)
    assert set(file_rows["indicator"]) == {"MED-GRADE", "MED-ROLE"}
    assert len(file_rows) > 20  # grades and roles by year and group, not a token few
    pd.testing.assert_frame_equal(in_order(engine_rows), in_order(file_rows))
    # and every other row as before: the whole counts table is the file path's
    pd.testing.assert_frame_equal(in_order(from_engine.counts), in_order(from_files.counts))
    assert sorted(from_engine.notes) == sorted(from_files.notes)


def test_a_wres_load_has_no_medical_rows_from_either_path() -> None:
    engine = duckdb_with(sample_tables())
    from_engine = counts_from(engine, {"staff": "staff"})
    assert _medical(from_engine.counts).empty and from_engine.doctors is None


def test_messy_extract_medical_rows_are_identical() -> None:
    """Title rows, padded headers, stray spaces in labels; the year from the title row is
    given as the reporting year, and the trust its first row names as the organisation."""
    frame = text_frame(MESSY, skiprows=3, encoding="cp1252")
    engine = duckdb_with({"esr": frame})
    from_engine = counts_from(
        engine, {"staff": "esr"}, year=2025, purpose="all", organisation=TITLE_NAME
    )
    from_files = _files({"staff": MESSY}, "all")
    file_rows = _medical(from_files.counts)
    assert not file_rows.empty
    pd.testing.assert_frame_equal(in_order(from_engine.counts), in_order(from_files.counts))


def _qualification(staff: pd.DataFrame, year: int | None = None):
    rows, notes = qualification_table(staff, year=year)
    return [(r.label, r.region, r.headcount, dict(r.counts), r.status) for r in rows], notes


@pytest.mark.parametrize("year", [None, 2024])
def test_the_grade_by_place_of_qualification_table_is_identical(year) -> None:
    engine = duckdb_with(sample_tables())
    from_engine = counts_from(engine, {"staff": "staff"}, purpose="medical")
    from_files = _files({"staff": SAMPLE_TRUST / "staff.csv"}, "medical")
    doctors = doctor_rows(from_engine.doctors)
    mine = _qualification(doctors, year)
    theirs = _qualification(from_files.inputs["staff"].frame, year)
    assert mine == theirs
    assert sum(row[2] for row in mine[0]) > 50  # the doctors of a year, not a handful


def test_doctors_found_by_grade_when_there_is_no_staff_group_column() -> None:
    """Without a staff group, doctors are those on a medical grade, and a note says so."""
    frame = sample_tables()["staff"].drop(columns=["Staff Group"])
    engine = duckdb_with({"staff": frame})
    from_engine = counts_from(engine, {"staff": "staff"}, purpose="medical")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "staff.csv"
        frame.to_csv(path, index=False)
        from_files = _files({"staff": path}, "medical")
    assert any("by their medical grade" in n for n in from_files.notes)
    pd.testing.assert_frame_equal(in_order(from_engine.counts), in_order(from_files.counts))
    assert sorted(from_engine.notes) == sorted(from_files.notes)


def test_a_table_without_doctors_gives_a_note_not_rows() -> None:
    frame = sample_tables()["staff"]
    frame = frame[~frame["Staff Group"].str.contains("Medical")]
    engine = duckdb_with({"staff": frame})
    from_engine = counts_from(engine, {"staff": "staff"}, purpose="medical")
    assert _medical(from_engine.counts).empty
    assert any("no Medical and Dental staff in post" in n for n in from_engine.notes)


def test_the_doctor_counts_are_counts_and_add_up_to_the_doctors() -> None:
    """One row per combination of labels, with how many doctors share it; worked out by hand
    from the table with pandas, not from the code under test."""
    staff = sample_tables()["staff"]
    engine = duckdb_with({"staff": staff})
    counted = counts_from(engine, {"staff": "staff"}, purpose="medical").doctors
    medical = staff["Staff Group"].str.strip() == "Medical and Dental"
    assert counted[WEIGHT].sum() == int(medical.sum())
    assert len(counted) < int(medical.sum())  # people share combinations
    assert "employee_number" not in counted and "hourly_pay" not in counted


def test_only_counts_leave_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    sample = sample_tables()
    engine = duckdb_with(sample)
    fetched = capture_results(monkeypatch, type(engine.con))
    counts_from(engine, {"staff": "staff"}, purpose="medical")
    assert_no_row_per_person(fetched, sample, at_least=3)
