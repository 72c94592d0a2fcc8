"""The reporting year given to a table without years is the latest year over the other tables,
found in one query (one row per table), not a round trip per table."""

from __future__ import annotations

import pandas as pd
from query_tables import capture_results, duckdb_with

from metrics.query.counts import counts_from


def _staff() -> pd.DataFrame:  # no year column: every row takes the reporting year
    return pd.DataFrame(
        {
            "Employee Number": ["1", "2", "3"],
            "Ethnicity": ["A", "H", "A"],
            "Pay Band": ["Band 5", "Band 5", "Band 6"],
            "Staff Group": ["Nursing and Midwifery Registered"] * 3,
        }
    )


def _board(years: list[str]) -> pd.DataFrame:
    n = len(years)
    return pd.DataFrame({"Year": years, "Role": ["Chair"] * n, "Ethnicity": ["A"] * n,
                         "Voting": ["Yes"] * n, "Executive": ["No"] * n})  # fmt: skip


def _recruitment(years: list[str]) -> pd.DataFrame:
    n = len(years)
    return pd.DataFrame({"Year": years, "Applicant ID": [str(i) for i in range(n)],
                         "Ethnicity": ["A"] * n, "Shortlisted": ["Yes"] * n,
                         "Appointed": ["No"] * n})  # fmt: skip


def test_a_table_without_years_takes_the_latest_year_of_the_others(monkeypatch) -> None:
    engine = duckdb_with({
        "staff": _staff(),
        "recruitment": _recruitment(["2023", "2024", ""]),  # a blank year is no year
        "board": _board(["2022", "2025"]),
    })  # fmt: skip
    seen = capture_results(monkeypatch, type(engine.con))
    result = counts_from(engine, {t: t for t in ("staff", "recruitment", "board")})
    # latest over recruitment (2024) and board (2025), by hand: 2025
    assert "the staff data has no year; taken as 2025" in result.notes
    wres1 = result.counts[result.counts["indicator"] == "WRES1"]
    assert set(wres1["year"]) == {2025}
    assert int(wres1["numerator"].sum()) == 3
    latest = [f for f in seen if list(f.columns) == ["__latest"]]
    assert len(latest) == 1 and sorted(latest[0]["__latest"]) == [2024, 2025]
