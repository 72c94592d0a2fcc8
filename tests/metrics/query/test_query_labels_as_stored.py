"""Organisation, directorate and year labels that are what reading them gives (trimmed text,
a year as its four digits) are taken as stored, with no label table joined to every row; the
counts equal those of the same table whose labels need reading (padded, '2024/25')."""

from __future__ import annotations

import pandas as pd
from query_tables import duckdb_with, in_order, sample_tables

from metrics.query import labels as labels_mod
from metrics.query.counts import counts_from

KINDS = ("staff", "disciplinary", "training")


def two_trusts(pad: bool) -> dict[str, pd.DataFrame]:
    sample = sample_tables()
    out = {}
    for kind in KINDS:
        parts = []
        for trust in ("Northbrook Valley", "Southmoor"):
            rows = sample[kind].copy()
            rows.insert(0, "Organisation", f"  {trust} " if pad else trust)
            if pad:  # read as 2024 and 2025
                rows["Year"] = rows["Year"].astype(str).map({"2024": "2023/24", "2025": " 2025"})
            parts.append(rows)
        out[kind] = pd.concat(parts, ignore_index=True)
    return out


def test_labels_taken_as_stored_count_as_labels_read(monkeypatch) -> None:
    joined: list[str] = []
    real = labels_mod.attach

    def spy(engine, raw, table, field, *args, **kwargs):
        joined.append(field)
        return real(engine, raw, table, field, *args, **kwargs)

    monkeypatch.setattr(labels_mod, "attach", spy)
    stored = counts_from(duckdb_with(two_trusts(pad=False)), {k: k for k in KINDS})
    assert not {"organisation", "year", "directorate"} & set(joined), "taken as stored"
    joined.clear()
    padded = counts_from(duckdb_with(two_trusts(pad=True)), {k: k for k in KINDS})
    assert {"organisation", "year"} <= set(joined), "padded labels are read"
    pd.testing.assert_frame_equal(in_order(stored.counts), in_order(padded.counts))
    assert set(stored.counts["organisation"]) == {"Northbrook Valley", "Southmoor"}
    assert set(stored.counts["year"]) == {2024, 2025}
