"""Rows blank in every field are left out of the staff counts grouped by their labels. The
fields not grouped by (employee and assignment numbers, FTE) are judged blank only when some
row may have every label blank: when one label column has no blank label at all, the rows are
grouped once, by their labels alone; otherwise grouped again with the rest judged."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from query_tables import duckdb_with, in_order
from test_query_equality import file_counts

from metrics.query import staff as staff_mod
from metrics.query.counts import counts_from
from metrics.query.staff import prepare_staff


def _groupings(monkeypatch, engine) -> list[int]:
    """How many tables group_labels holds for the staff table (one per GROUP BY of its rows)."""
    held: list[int] = []
    real = staff_mod.group_labels

    def spy(engine_, raw):
        before = len(kept)
        out = real(engine_, raw)
        held.append(len(kept) - before)
        return out

    kept: list[object] = []
    keep = engine.keep

    def counting_keep(expr):
        kept.append(expr)
        return keep(expr)

    monkeypatch.setattr(engine, "keep", counting_keep)
    monkeypatch.setattr(staff_mod, "group_labels", spy)
    return held


@pytest.mark.parametrize(
    ("bands", "groupings"),
    [
        # every row gives a pay band: no row has every label blank, one GROUP BY
        (["Band 5", "Band 6", "Band 5", "Band 5", "Band 7", "Band 5"], 1),
        # rows 3 and 4 have every label blank: judged (row 3 has an employee number: a person)
        (["Band 5", "Band 6", "", " ", "Band 7", "Band 5"], 2),
    ],
)
def test_rest_judged_only_when_a_row_may_be_all_blank_labels(
    tmp_path: Path, monkeypatch, bands: list[str], groupings: int
) -> None:
    staff = pd.DataFrame({
        "Employee Number": ["1", "2", "3", "  ", "", ""],
        "Ethnicity": ["A", "", "", " ", "", "H"],
        "Pay Band": bands,
        "FTE": ["1", "", "", "", "0.8", ""],
        "Year": ["2025", "", "", "", "", "2025"],
    })  # fmt: skip
    path = tmp_path / "staff.csv"
    staff.to_csv(path, index=False)
    from_files = file_counts({"staff": path})
    engine = duckdb_with({"staff": staff})
    held = _groupings(monkeypatch, engine)
    assert prepare_staff(engine, "staff").grouped is not None  # counted from grouped labels
    assert held == [groupings]
    got = counts_from(duckdb_with({"staff": staff}), {"staff": "staff"})
    pd.testing.assert_frame_equal(in_order(got.counts), in_order(from_files))
    wres1 = got.counts[got.counts["indicator"] == "WRES1"]
    # all six rows are people when every row has a band; with rows 3 and 4 blank in every
    # label, row 3 (employee number 3) still is, row 4 (a padded blank number) is not
    assert int(wres1["numerator"].sum()) == (6 if groupings == 1 else 5)
