"""Helpers for the query-layer tests (imported by name: tests/metrics/query/query_tables.py).

Tables in an in-memory DuckDB made from the same rows the file path reads, and the counts
both paths give, in one order, for comparing cell by cell."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[3]
SAMPLE_TRUST = ROOT / "sample_data" / "trust"
TABLE_KINDS = ("staff", "recruitment", "disciplinary", "training", "board")


def text_frame(path: Path, skiprows: int = 0, encoding: str = "utf-8") -> pd.DataFrame:
    """A CSV's rows as text, blank cells as empty text: what a warehouse table loaded from the
    same extract holds (no type guessing, no cleaning)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, skiprows=skiprows, encoding=encoding)


def duckdb_with(tables: dict[str, pd.DataFrame]):
    """An Engine on a fresh in-memory DuckDB holding these tables."""
    import ibis

    from metrics.query.sources import in_memory

    con = ibis.duckdb.connect()
    for name, frame in tables.items():
        con.create_table(name, frame)
    return in_memory(con)


def in_order(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts as plain objects (missing as None), rows sorted: equal frames mean equal counts."""
    out = counts.copy()
    for col in out.columns:
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out.sort_values(list(out.columns), key=lambda s: s.map(repr)).reset_index(drop=True)


def sample_tables() -> dict[str, pd.DataFrame]:
    """The sample trust's row files, as text tables."""
    return {kind: text_frame(SAMPLE_TRUST / f"{kind}.csv") for kind in TABLE_KINDS}
