"""Split rows counted in the engine (metrics.query.split): a standard's indicators for each
group of a second characteristic, equal cell for cell to the rows
metrics.standards.intersections.intersection_counts makes from the same rows read as files,
with nothing but counts fetched back."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from query_tables import (
    SAMPLE_TRUST,
    TABLE_KINDS,
    assert_no_row_per_person,
    capture_results,
    duckdb_with,
    in_order,
    text_frame,
)

from metrics.counts.table import Inputs
from metrics.inputs.pipeline import Sources, load
from metrics.problems import InputError
from metrics.query.counts import counts_from
from metrics.standards.intersections import intersection_counts

KINDS = (*TABLE_KINDS, "capability")


@pytest.fixture(scope="module")
def sample() -> dict[str, pd.DataFrame]:
    return {kind: text_frame(SAMPLE_TRUST / f"{kind}.csv") for kind in KINDS}


def by_files(tables: dict[str, pd.DataFrame], folder: Path, *, standard: str, by: str,
             purpose: str) -> tuple[pd.DataFrame, list[str], pd.DataFrame]:  # fmt: skip
    """The file path's split rows, its notes on them and its ordinary counts: the tables written as CSV files, loaded for --by
    and split as the commands split them (dashboard.cli_intersections.split_counts)."""
    files = {}
    for kind, frame in tables.items():
        files[kind] = folder / f"{kind}.csv"
        frame.to_csv(files[kind], index=False)
    result = load(Sources(files=files, purpose=purpose, by=by))
    assert not result.errors, [p.sentence() for p in result.errors[:3]]
    notes: list[str] = []
    inputs = Inputs(notes=notes, **result.inputs)
    return intersection_counts(inputs, standard, by), notes, result.counts


def split_rows(counts: pd.DataFrame, by: str) -> pd.DataFrame:
    return counts[(counts["characteristic"] == by).to_numpy()]


@pytest.mark.parametrize(
    ("standard", "purpose", "by", "kinds"),
    [
        ("WRES", "wres", "sex", TABLE_KINDS),
        ("WRES", "wres", "disability", TABLE_KINDS),
        ("WDES", "wdes", "sex", KINDS),
        ("WDES", "wdes", "ethnicity", KINDS),
    ],
)
def test_split_rows_equal_the_file_paths(sample, tmp_path, monkeypatch, standard, purpose, by,
                                         kinds) -> None:  # fmt: skip
    from ibis.backends.duckdb import Backend

    tables = {kind: sample[kind] for kind in kinds}
    engine = duckdb_with(tables)
    fetched = capture_results(monkeypatch, Backend)
    result = counts_from(engine, {k: k for k in kinds}, purpose=purpose, by=by)
    assert_no_row_per_person(fetched, sample, at_least=10)
    monkeypatch.undo()

    expected, notes, whole = by_files(tables, tmp_path, standard=standard, by=by,
                                      purpose=purpose)  # fmt: skip
    got = split_rows(result.counts, by)
    assert len(got) > 50
    pd.testing.assert_frame_equal(in_order(got), in_order(expected))
    groups = {"sex": {"Female", "Male"}, "disability": {"Disabled", "Non-disabled", "Unknown"},
              "ethnicity": {"White", "BME", "Unknown"}}  # fmt: skip
    assert set(got["characteristic_group"]) >= groups[by]  # the sample gives every sex
    for note in notes:  # what cannot be split, and records placed in the unknown group
        assert note in result.notes
    # the ordinary rows are the file path's too: the split only adds rows
    ordinary = result.counts[result.counts["characteristic"].isna().to_numpy()]
    pd.testing.assert_frame_equal(in_order(ordinary), in_order(whole))


def test_an_event_placed_by_the_staff_table_else_counted_unknown(sample, tmp_path) -> None:
    """A disciplinary case for someone the staff table does not hold counts under the unknown
    group of the split, with a note, as from files."""
    staff = sample["staff"]
    cases = sample["disciplinary"]
    strangers = cases.head(3).assign(**{"Employee Number": ["90000001", "90000002", "90000003"]})
    tables = {"staff": staff, "disciplinary": pd.concat([cases, strangers], ignore_index=True)}
    result = counts_from(duckdb_with(tables), {k: k for k in tables}, by="sex")
    expected, notes, _ = by_files(tables, tmp_path, standard="WRES", by="sex", purpose="wres")
    pd.testing.assert_frame_equal(in_order(split_rows(result.counts, "sex")), in_order(expected))
    said = [n for n in result.notes if "could not be matched to a sex" in n]
    assert said == [n for n in notes if "could not be matched" in n]
    assert said and said[0].startswith("3 disciplinary record(s)")


def test_splitting_needs_the_staff_tables_column(sample) -> None:
    staff = sample["staff"].drop(columns="Sex")
    with pytest.raises(InputError) as refused:
        counts_from(duckdb_with({"staff": staff}), {"staff": "staff"}, by="sex")
    assert "sex" in refused.value.problems[0].sentence().lower()


def test_split_rows_in_postgresql_equal_the_file_paths(sample, tmp_path, monkeypatch) -> None:
    """The same split inside PostgreSQL (the throwaway server the store's tests use), with only
    counts fetched back."""
    import importlib.util
    import sys
    import uuid

    from query_tables import ROOT

    from metrics.query.sources import connect

    if "pg_server" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "pg_server", ROOT / "tests" / "dashboard" / "pg_server.py"
        )
        sys.modules["pg_server"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules["pg_server"])
    pg_server = sys.modules["pg_server"]
    if pg_server.binaries() is None:
        pytest.skip("PostgreSQL tests skipped: install Debian's postgresql package to run them")
    psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed")
    from ibis.backends.postgres import Backend

    tables = {kind: sample[kind] for kind in TABLE_KINDS}
    with pg_server.server() as base:
        name = f"split_{uuid.uuid4().hex[:10]}"
        plain = base.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(f"{plain}/postgres", autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name}")
        loader = connect(f"{base}/{name}").con
        for kind, frame in tables.items():
            loader.create_table(kind, frame)
        loader.disconnect()
        fetched = capture_results(monkeypatch, Backend)
        engine = connect(f"{base}/{name}")
        result = counts_from(engine, {k: k for k in TABLE_KINDS}, by="disability")
        engine.con.disconnect()
    assert_no_row_per_person(fetched, sample, at_least=10)
    monkeypatch.undo()
    expected, _, _ = by_files(tables, tmp_path, standard="WRES", by="disability", purpose="wres")
    got = split_rows(result.counts, "disability")
    pd.testing.assert_frame_equal(in_order(got), in_order(expected))
