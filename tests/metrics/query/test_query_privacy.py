"""Only distinct labels and counts leave the engine: every result set fetched from DuckDB is
captured, and none has a row per person or any person's employee number."""

from __future__ import annotations

import pandas as pd
import pytest
from query_tables import (
    TABLE_KINDS,
    assert_no_row_per_person,
    capture_results,
    duckdb_with,
    sample_tables,
)

from metrics.query.counts import counts_from


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[pd.DataFrame]:
    """Every result the DuckDB backend hands back, whichever method asked for it."""
    from ibis.backends.duckdb import Backend

    return capture_results(monkeypatch, Backend)


def test_no_result_set_holds_a_row_per_person(fetched) -> None:
    sample = sample_tables()
    engine = duckdb_with(sample)
    result = counts_from(engine, {kind: kind for kind in TABLE_KINDS})
    assert len(result.counts) > 1000
    assert_no_row_per_person(fetched, sample, at_least=10)


def test_the_capture_would_see_rows_if_any_came_back(fetched) -> None:
    """The check above can fail: fetching the staff table itself is caught by it."""
    sample = sample_tables()
    engine = duckdb_with({"staff": sample["staff"]})
    engine.fetch(engine.table("staff", "staff"))
    assert len(fetched[-1]) == len(sample["staff"])
    assert set(fetched[-1]["Employee Number"]) & set(sample["staff"]["Employee Number"])
