"""The query layer's counts come back in one row order whatever order the engine returned them
in: by each key column in turn, missing last, then by the text of the value. Checked against a
plain Python sort with that key, row by row."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.query.counts import _in_order

TEXT = st.one_of(st.none(), st.sampled_from(["BME", "White", "Band 5", "band 5", "Ω", ""]))
YEAR = st.one_of(st.none(), st.integers(min_value=2019, max_value=2026))
FLAG = st.one_of(st.none(), st.booleans())


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(TEXT, YEAR, FLAG, TEXT), min_size=0, max_size=40))
def test_rows_are_ordered_by_each_key_missing_last_then_text(rows) -> None:
    counts = pd.DataFrame({
        "group": pd.Series([r[0] for r in rows], dtype=object),
        "year": pd.array([r[1] for r in rows], dtype="Int64"),
        "clinical": pd.array([r[2] for r in rows], dtype="boolean"),
        "band": pd.Series([r[3] for r in rows], dtype=object),
        "numerator": pd.array(range(len(rows)), dtype="Int64"),  # tells the rows apart
    })  # fmt: skip

    def key(i: int):
        row = counts.iloc[i]
        out = []
        for column in ("group", "year", "clinical", "band"):
            value = row[column]
            missing = value is None or value is pd.NA
            out += [missing, "" if missing else str(value)]
        return out

    expected = sorted(range(len(rows)), key=key)  # sorted() is stable, as the order is
    got = _in_order(counts)
    assert list(got["numerator"]) == [int(counts["numerator"].iloc[i]) for i in expected]
