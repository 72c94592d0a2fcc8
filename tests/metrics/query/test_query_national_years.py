"""Blank years in a national table: each trust's blank years are filled with that trust's own
latest year, as each trust's own file is filled, not with the latest year of the whole table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from query_tables import TABLE_KINDS, duckdb_with, in_order, sample_tables
from test_query_national import file_counts, national

from metrics.query.counts import counts_from

LATEST = {"Northbrook Valley": "2025", "Southmoor": "2024"}  # the trusts' own latest years


def trust_with_blank_years(sample: dict[str, pd.DataFrame], latest: str):
    """The sample trust thinned, its years moved so that its latest year is `latest`, and the
    year left blank on some of that year's rows in every table (so filling gives them back)."""
    shift = int(latest) - 2025
    out = {}
    for kind, frame in sample.items():
        rows = frame.iloc[::3].reset_index(drop=True) if kind != "board" else frame.copy()
        rows["Year"] = (rows["Year"].astype(int) + shift).astype(str)
        last = rows.index[rows["Year"] == latest]
        rows.loc[last[::4], "Year"] = ""
        out[kind] = rows
    return out


def test_blank_years_are_filled_with_each_trusts_own_latest_year(tmp_path: Path) -> None:
    sample = sample_tables()
    per_trust = {name: trust_with_blank_years(sample, y) for name, y in LATEST.items()}
    assert all((t[k]["Year"] == "").any() for t in per_trust.values() for k in TABLE_KINDS)
    together = counts_from(duckdb_with(national(per_trust)), {k: k for k in TABLE_KINDS}).counts
    by_files = pd.concat(
        [file_counts(per_trust[name], tmp_path / str(i), name) for i, name in enumerate(LATEST)]
    )
    # each trust's counts fall in its own two years only: Southmoor has nothing in 2025
    years = {(o, int(y)) for o, y in zip(together["organisation"], together["year"], strict=True)}
    assert years == {("Northbrook Valley", 2024), ("Northbrook Valley", 2025),
                     ("Southmoor", 2023), ("Southmoor", 2024)}  # fmt: skip
    pd.testing.assert_frame_equal(in_order(together), in_order(by_files))
