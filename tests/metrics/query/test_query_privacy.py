"""Only distinct labels and counts leave the engine: every result set fetched from DuckDB is
captured, and none has a row per person or any person's employee number."""

from __future__ import annotations

import pandas as pd
import pytest
from query_tables import TABLE_KINDS, duckdb_with, sample_tables

from metrics.query.counts import counts_from


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[pd.DataFrame]:
    """Every result the DuckDB backend hands back, whichever method asked for it."""
    from ibis.backends.duckdb import Backend

    seen: list[pd.DataFrame] = []

    def capture(name: str):
        original = getattr(Backend, name)

        def wrapper(self, *args, **kwargs):
            result = original(self, *args, **kwargs)
            if hasattr(result, "to_pandas"):  # an Arrow table or batch reader
                seen.append(result.to_pandas() if hasattr(result, "num_rows") else pd.DataFrame())
            elif isinstance(result, pd.DataFrame):
                seen.append(result)
            elif isinstance(result, pd.Series):
                seen.append(result.to_frame())
            else:  # a scalar: a count or a year
                seen.append(pd.DataFrame({"value": [result]}))
            return result

        monkeypatch.setattr(Backend, name, wrapper)

    for name in ("execute", "to_pyarrow", "to_pyarrow_batches", "to_pandas"):
        if hasattr(Backend, name):
            capture(name)
    return seen


def test_no_result_set_holds_a_row_per_person(fetched) -> None:
    sample = sample_tables()
    staff = sample["staff"]
    people = staff[["Year", "Employee Number"]].drop_duplicates()
    numbers = set(staff["Employee Number"]) | set(sample["disciplinary"]["Employee Number"])
    engine = duckdb_with(sample)
    result = counts_from(engine, {kind: kind for kind in TABLE_KINDS})
    assert len(result.counts) > 1000
    assert len(fetched) >= 10  # the capture saw the query layer's reads
    for frame in fetched:
        assert len(frame) < len(people) / 4, list(frame.columns)
        cells = {str(v).strip() for col in frame.columns for v in frame[col].dropna()}
        assert not cells & numbers, list(frame.columns)  # no employee number came back
        assert not {c for c in frame.columns if "employee" in c.lower()}


def test_the_capture_would_see_rows_if_any_came_back(fetched) -> None:
    """The check above can fail: fetching the staff table itself is caught by it."""
    sample = sample_tables()
    engine = duckdb_with({"staff": sample["staff"]})
    engine.fetch(engine.table("staff", "staff"))
    assert len(fetched[-1]) == len(sample["staff"])
    assert set(fetched[-1]["Employee Number"]) & set(sample["staff"]["Employee Number"])
