"""Helpers for the query-layer tests (imported by name: tests/metrics/query/query_tables.py).

Tables in an in-memory DuckDB made from the same rows the file path reads, and the counts
both paths give, in one order, for comparing cell by cell."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[3]
SAMPLE_TRUST = ROOT / "sample_data" / "trust"
TABLE_KINDS = ("staff", "recruitment", "disciplinary", "training", "board")


TITLE_NAME = "Northbrook Valley NHS Foundation Trust"  # the messy extract's first row names it


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


def capture_results(monkeypatch, backend: type,
                    seen: list[pd.DataFrame] | None = None) -> list[pd.DataFrame]:  # fmt: skip
    """Every result an Ibis backend class hands back, whichever method asked for it, as frames
    (a scalar as a one-cell frame): what left the engine. Added to ``seen`` when given."""
    seen = [] if seen is None else seen

    def capture(name: str):
        original = getattr(backend, name)

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

        monkeypatch.setattr(backend, name, wrapper)

    for name in ("execute", "to_pyarrow", "to_pyarrow_batches", "to_pandas"):
        if hasattr(backend, name):
            capture(name)
    return seen


def assert_no_row_per_person(fetched: list[pd.DataFrame], sample: dict[str, pd.DataFrame],
                             at_least: int = 3):  # fmt: skip
    """No result holds as many rows as a quarter of the people, an employee number or an
    employee column; and the capture saw at least ``at_least`` of the query layer's reads."""
    staff = sample["staff"]
    people = staff[["Year", "Employee Number"]].drop_duplicates()
    numbers = set(staff["Employee Number"]) | set(sample["disciplinary"]["Employee Number"])
    assert len(fetched) >= at_least  # the capture saw the query layer's reads
    for frame in fetched:
        assert len(frame) < len(people) / 4, list(frame.columns)
        cells = {str(v).strip() for col in frame.columns for v in frame[col].dropna()}
        assert not cells & numbers, list(frame.columns)  # no employee number came back
        assert not {c for c in frame.columns if "employee" in c.lower()}
