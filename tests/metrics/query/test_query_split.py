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
