"""Connecting by URL and naming tables and columns: each mistake is refused with what is wrong,
where, and how to fix it; --map works as for files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from query_tables import duckdb_with, in_order, sample_tables

from metrics.problems import InputError
from metrics.query.counts import counts_from
from metrics.query.sources import connect


def _refusal(call) -> str:
    with pytest.raises(InputError) as refused:
        call()
    return " ".join(p.sentence() for p in refused.value.problems)


def test_a_url_the_tool_cannot_read_is_refused_saying_what_it_accepts() -> None:
    said = _refusal(lambda: connect("mysql://someone@host/db"))
    assert "not a database URL the tool can read" in said and "duckdb:///" in said
    assert "postgresql://user:password@host/dbname" in said
    assert "duckdb:///" in _refusal(lambda: connect("staff.db"))


def test_a_missing_database_file_is_refused(tmp_path: Path) -> None:
    said = _refusal(lambda: connect(f"duckdb:///{tmp_path}/none.db"))
    assert "no DuckDB database at" in said and "none.db" in said


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database\n" * 100)
    said = _refusal(lambda: connect(f"duckdb:///{path}"))
    assert "could not open" in said and "DuckDB database" in said


def test_a_database_file_is_read_in_place(tmp_path: Path) -> None:
    sample = sample_tables()
    import duckdb

    path = tmp_path / "hr.db"
    with duckdb.connect(str(path)) as con:
        frame = sample["staff"]  # noqa: F841  (read by name by DuckDB)
        con.execute("CREATE TABLE esr_staff AS SELECT * FROM frame")
    from_file = counts_from(connect(f"duckdb:///{path}"), {"staff": "esr_staff"}).counts
    in_memory = counts_from(duckdb_with({"s": sample["staff"]}), {"staff": "s"}).counts
    pd.testing.assert_frame_equal(in_order(from_file), in_order(in_memory))
    assert {n for n in duckdb.connect(str(path), read_only=True).execute(
        "SELECT table_name FROM information_schema.tables").fetchall()} == {("esr_staff",)}  # fmt: skip


def test_a_missing_table_names_the_tables_there_are() -> None:
    sample = sample_tables()
    engine = duckdb_with({"staff_2025": sample["staff"]})
    said = _refusal(lambda: counts_from(engine, {"staff": "staff"}))
    assert 'no table "staff"' in said and '"staff_2025"' in said and "--table staff=" in said


def test_a_missing_column_is_named_with_the_names_accepted() -> None:
    sample = sample_tables()
    engine = duckdb_with({"staff": sample["staff"].drop(columns=["Pay Band"])})
    said = _refusal(lambda: counts_from(engine, {"staff": "staff"}))
    assert "table staff: no column for pay band in this staff in post table." in said
    assert '"payscale"' in said and "say which column it is" in said


def test_map_says_which_column_holds_a_field() -> None:
    sample = sample_tables()
    renamed = sample["staff"].rename(columns={"Ethnicity": "Ethnic Grp X"})
    engine = duckdb_with({"staff": renamed, "plain": sample["staff"]})
    said = _refusal(lambda: counts_from(engine, {"staff": "staff"}))
    assert "no column for ethnicity" in said
    mapped = counts_from(engine, {"staff": "staff"}, mapping={"Ethnic Grp X": "ethnicity"})
    plain = counts_from(engine, {"staff": "plain"})
    pd.testing.assert_frame_equal(in_order(mapped.counts), in_order(plain.counts))


def test_unreadable_values_are_refused_with_the_value_and_how_many_rows() -> None:
    staff = pd.DataFrame(
        {
            "Employee Number": ["1", "2", "3", "4"],
            "Ethnicity": ["A", "H", "A", "N"],
            "Pay Band": ["Band 5"] * 4,
            "Clinical": ["Yes", "perhaps", "perhaps", "No"],
            "Year": ["2025"] * 4,
        }
    )
    engine = duckdb_with({"staff": staff})
    with pytest.raises(InputError) as refused:
        counts_from(engine, {"staff": "staff"})
    (problem,) = refused.value.problems
    assert problem.value == "perhaps" and problem.column == "Clinical"
    assert "clinical should be yes or no (2 rows)" in problem.message


def test_a_person_twice_without_assignment_numbers_is_refused() -> None:
    staff = pd.DataFrame(
        {"Employee Number": ["7", "7", "8"], "Ethnicity": ["A", "A", "H"],
         "Pay Band": ["Band 5", "Band 6", "Band 5"], "Year": ["2025"] * 3}
    )  # fmt: skip
    said = _refusal(lambda: counts_from(duckdb_with({"staff": staff}), {"staff": "staff"}))
    assert "duplicate employee number (1 people" in said and "Assignment Number" in said


def test_small_staff_table_counted_by_hand() -> None:
    """Five rows: person 1 twice (a bank and a substantive assignment: the substantive one
    counts), person 4 bank only (left out), one row blank everywhere (left out)."""
    staff = pd.DataFrame(
        {
            "Employee Number": ["1", "1", "2", "3", "4", ""],
            "Assignment Number": ["1-1", "1-2", "2-1", "3-1", "4-1", ""],
            "Ethnicity": ["A White - British", "A White - British", "H", "Z", "N", ""],
            "Pay Band": ["Band 5", "Band 7", "Band 5", "Band 5", "Band 5", ""],
            "Assignment Category": ["Bank", "Permanent", "Permanent", "Permanent", "Bank", ""],
            "Year": ["2025", "2025", "2025", "2025", "2025", ""],
        }
    )
    counted = counts_from(duckdb_with({"staff": staff}), {"staff": "staff"}).counts
    cells = {(r.band, r.group): (r.numerator, r.denominator) for r in counted.itertuples()}
    assert cells == {("Band 7", "White"): (1, 1), ("Band 5", "BME"): (1, 2),
                     ("Band 5", "Unknown"): (1, 2)}  # fmt: skip
