"""Pay gaps from a staff table counted in the engine (metrics.query.paygap) equal the file
path's pay gaps exactly: every figure, interval and note, on the sample trust, the messy ESR
extract and a table where people have several assignments. The file path is the oracle. Only
people per rate of pay leave the engine: one row per distinct (year, band, groups, bank, full
pay relevant, rate, bonus) combination."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from query_tables import (
    SAMPLE_TRUST,
    assert_no_row_per_person,
    capture_results,
    duckdb_with,
    sample_tables,
    text_frame,
)

from metrics.inputs.pipeline import Sources, load
from metrics.problems import InputError
from metrics.query.paygap import WEIGHT, pay_counts, pay_rows
from metrics.standards.paygap import pay_gap, pay_gaps

MESSY = SAMPLE_TRUST / "esr_extract_messy.csv"


def file_staff(path: Path, by: str | None = "sex", purpose: str = "paygap") -> pd.DataFrame:
    result = load(Sources(files={"staff": path}, purpose=purpose, by=by))
    assert not result.errors, [p.sentence() for p in result.errors[:3]]
    return result.inputs["staff"].frame


@pytest.mark.parametrize(
    ("by", "reference"),
    [("sex", None), ("ethnicity", None), ("disability", None), ("ethnicity", "White British"),
     ("sex", "Female")],
)  # fmt: skip
def test_sample_trust_pay_gaps_are_identical(by: str, reference: str | None) -> None:
    engine = duckdb_with({"staff": sample_tables()["staff"]})
    counted = pay_counts(engine, "staff", by=(by,), ethnic_codes=reference == "White British")
    mine = pay_gap(pay_rows(counted.counts), by, reference=reference, band_intervals=True)
    theirs = pay_gap(
        file_staff(SAMPLE_TRUST / "staff.csv", by), by, reference=reference, band_intervals=True
    )
    assert mine == theirs  # frozen dataclasses: every figure, interval and note
    assert mine.overall.mean_hourly_gap_percent is not None and len(mine.by_band) > 5


def test_all_three_together_as_for_the_board_pack() -> None:
    """purpose "all" (the pack's load) and every characteristic at once."""
    engine = duckdb_with({"staff": sample_tables()["staff"]})
    counted = pay_counts(engine, "staff", purpose="all")
    mine = pay_gaps(pay_rows(counted.counts), year=2024)
    theirs = pay_gaps(file_staff(SAMPLE_TRUST / "staff.csv", None, "all"), year=2024)
    assert mine == theirs
    assert {r.year for r in mine.values()} == {2024}


def test_messy_extract_pay_gaps_are_identical() -> None:
    """Its year (2025) is in a title row above the header, which a table does not hold: given."""
    frame = text_frame(MESSY, skiprows=3, encoding="cp1252")
    engine = duckdb_with({"esr": frame})
    counted = pay_counts(engine, "esr", by=("sex",))
    mine = pay_gap(pay_rows(counted.counts), "sex", year=2025)
    assert mine == pay_gap(file_staff(MESSY), "sex")
    assert mine.overall.hourly_employees["Female"] > 0


def test_main_assignments_only_when_people_have_several(tmp_path: Path) -> None:
    """A second, bank assignment on a higher rate: each person counted once, in their main
    assignment, as from a file."""
    frame = sample_tables()["staff"]
    extra = frame.head(40).copy()
    extra["Assignment Number"] = extra["Assignment Number"] + "x"
    extra["Assignment Category"] = "Bank"
    extra["Hourly Pay"] = "99.99"
    both = pd.concat([frame, extra], ignore_index=True)
    path = tmp_path / "staff.csv"
    both.to_csv(path, index=False)
    engine = duckdb_with({"staff": both})
    counted = pay_counts(engine, "staff", by=("sex",))
    assert 99.99 not in set(counted.counts["hourly_pay"])  # the bank rows were not kept
    assert pay_gap(pay_rows(counted.counts), "sex") == pay_gap(file_staff(path), "sex")


def test_a_small_table_counted_by_hand() -> None:
    """Four women and three men; two women on the same rate. Worked out by hand: men 10, 20,
    30 (mean 20), women 8, 12, 12, 16 (mean 12) -> mean gap (20 - 12) / 20 = 40%."""
    frame = pd.DataFrame(
        {
            "Employee Number": [str(i) for i in range(7)],
            "Pay Band": ["Band 5"] * 7,
            "Sex": ["Male", "Male", "Male", "Female", "Female", "Female", "Female"],
            "Hourly Pay": ["10", "20", "30", "8", "12", "12.00", "16"],
        }
    )
    engine = duckdb_with({"staff": frame})
    counted = pay_counts(engine, "staff", by=("sex",)).counts
    # the two 12s are one rate ("12" and "12.00" read as the same number): six rows, not seven
    assert len(counted) == 6 and counted[WEIGHT].sum() == 7
    assert counted.loc[counted["hourly_pay"] == 12.0, WEIGHT].tolist() == [2]
    assert "employee_number" not in counted.columns
    figures = pay_gap(pay_rows(counted), "sex").overall
    assert figures.mean_hourly_gap_percent == pytest.approx(40.0)
    assert figures.median_hourly == {"Male": 20.0, "Female": 12.0}


def test_a_missing_hourly_pay_column_is_refused_as_for_a_file() -> None:
    frame = sample_tables()["staff"].drop(columns=["Hourly Pay"])
    engine = duckdb_with({"staff": frame})
    with pytest.raises(InputError) as refused:
        pay_counts(engine, "staff", by=("sex",))
    problem = refused.value.problems[0]
    assert "no column for hourly pay" in problem.message and problem.field == "hourly_pay"


def test_only_counts_leave_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The result has one row per distinct (year, band, groups, bank, full pay relevant, rate,
    bonus) combination: fewer than a quarter of the people, no employee number."""
    sample = sample_tables()
    staff = sample["staff"]
    engine = duckdb_with({"staff": staff})
    fetched = capture_results(monkeypatch, type(engine.con))
    counted = pay_counts(engine, "staff", by=("sex",)).counts
    assert_no_row_per_person(fetched, sample, at_least=3)
    assert counted["hourly_pay"].nunique() == pd.to_numeric(staff["Hourly Pay"]).nunique() == 91
    # as many rows as distinct combinations, counted here with pandas from the table itself
    keys = ["Year", "Pay Band", "Sex", "Assignment Category", "Full Pay Relevant", "Hourly Pay",
            "Bonus Pay"]  # fmt: skip
    assert len(counted) <= len(staff[keys].drop_duplicates())
    assert counted[WEIGHT].sum() == len(staff)


def test_pay_gaps_and_doctors_from_spark() -> None:
    """On Spark (local mode; skipped with the reason where pyspark or Java is missing): the
    pay gaps, the medical rows and the grade by place of qualification table as from the file."""
    import importlib.util
    import shutil

    if importlib.util.find_spec("pyspark") is None:
        pytest.skip("pyspark is not installed (pip install -e '.[spark]')")
    if not shutil.which("java"):
        pytest.skip("no Java runtime for Spark (install Java 17 or later)")
    from query_tables import in_order

    from metrics.query.counts import counts_from
    from metrics.query.medical import doctor_rows
    from metrics.query.sources import connect
    from metrics.query.spark import from_session
    from metrics.standards.medical import qualification_table

    session = connect("spark://local[1]").session
    try:
        session.createDataFrame(sample_tables()["staff"]).createOrReplaceTempView("staff")
        engine = from_session(session, url="spark://local[1]")
        counted = pay_counts(engine, "staff", by=("sex",))
        staff = file_staff(SAMPLE_TRUST / "staff.csv", "sex")
        assert pay_gap(pay_rows(counted.counts), "sex") == pay_gap(staff, "sex")
        found = counts_from(engine, {"staff": "staff"}, purpose="medical")
        from_file = load(Sources(files={"staff": SAMPLE_TRUST / "staff.csv"}, purpose="medical"))
        pd.testing.assert_frame_equal(in_order(found.counts), in_order(from_file.counts))
        doctors = from_file.inputs["staff"].frame
        assert qualification_table(doctor_rows(found.doctors)) == qualification_table(doctors)
    finally:
        session.stop()
