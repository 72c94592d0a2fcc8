"""Events joined to the staff rows as stored (their labels read after the join, on the small
joined result) give the same counts as events joined to the staff rows read label by label,
which the file-path equality tests hold to the file path: records matched or not, bank staff's
records, and an event table without an organisation column taking each record's organisation
from the staff row it matches."""

from __future__ import annotations

import pandas as pd
import pytest
from query_tables import duckdb_with, in_order, sample_tables

from metrics.query import staff as staff_mod
from metrics.query.counts import counts_from

KINDS = ("staff", "disciplinary", "training")


def two_trusts() -> dict[str, pd.DataFrame]:
    """Two trusts' staff in one table (numbers told apart by a prefix in the second), and
    their events in tables with no organisation column, some records matching no staff row."""
    sample = sample_tables()
    tables: dict[str, list[pd.DataFrame]] = {k: [] for k in KINDS}
    for prefix, trust in (("", "Northbrook Valley"), ("B", "Southmoor")):
        for kind in KINDS:
            rows = sample[kind].iloc[:: 2 if prefix else 1].copy()
            rows["Employee Number"] = prefix + rows["Employee Number"].astype(str)
            if kind != "disciplinary":  # disciplinary records take it from staff
                rows.insert(0, "Organisation", trust)
            tables[kind].append(rows)
    out = {k: pd.concat(v, ignore_index=True) for k, v in tables.items()}
    for kind in ("disciplinary", "training"):
        stranger = out[kind].iloc[:3].assign(**{"Employee Number": ["X1", "X2", "X3"]})
        out[kind] = pd.concat([out[kind], stranger], ignore_index=True)
    # the training records' own ethnicity: used only where no staff row matches
    out["training"]["Ethnicity"] = "H Asian or Asian British - Indian"
    return out


def counts_and_notes(tables, monkeypatch: pytest.MonkeyPatch | None = None):
    if monkeypatch is not None:  # the staff rows read label by label before the join
        monkeypatch.setattr(staff_mod, "raw_lookup", lambda *args, **kwargs: None)
    got = counts_from(duckdb_with(tables), {k: k for k in tables})
    return in_order(got.counts), got.notes


def test_events_joined_to_stored_staff_rows_count_as_when_labels_are_read_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tables = two_trusts()
    used = []
    real = staff_mod.raw_lookup
    monkeypatch.setattr(staff_mod, "raw_lookup", lambda *a, **k: used.append(1) or real(*a, **k))
    stored, stored_notes = counts_and_notes(tables)
    assert used, "the staff table's keys are read as stored: the stored-rows join is taken"
    monkeypatch.undo()
    read_first, read_first_notes = counts_and_notes(tables, monkeypatch)
    pd.testing.assert_frame_equal(stored, read_first)
    assert stored_notes == read_first_notes
    cases = stored[stored["indicator"] == "WRES3"]
    # each disciplinary record takes its trust from its staff row
    assert set(cases["organisation"]) == {"Northbrook Valley", "Southmoor"}
    assert any("not in the staff file" in n for n in stored_notes)
    training = tables["training"]
    strangers = training["Employee Number"].str.startswith("X")
    staff_groups = counts_and_notes({"staff": tables["staff"], "training": training[~strangers]})
    without = staff_groups[0]
    with_strangers = stored[stored["indicator"] == "WRES4"]
    bme = with_strangers["group"] == "BME"
    before = without[(without["indicator"] == "WRES4") & (without["group"] == "BME")]
    # the three strangers are counted by their own (BME) ethnicity, in the trust they name
    assert with_strangers.loc[bme, "numerator"].sum() - before["numerator"].sum() == 3
    assert any("bank staff" in n for n in stored_notes)


def test_a_padded_year_label_joins_the_label_tables_first(monkeypatch) -> None:
    """A year written as 2024/25 is read as 2025: not comparable as stored, so the staff rows
    are read label by label before the join (and the counts are those of the plain years)."""
    tables = two_trusts()
    plain, _ = counts_and_notes(tables)
    written = {k: v.copy() for k, v in tables.items()}
    written["staff"]["Year"] = written["staff"]["Year"].map({"2024": "2023/24", "2025": "2024/25"})
    used = []
    real = staff_mod.raw_lookup
    monkeypatch.setattr(
        staff_mod, "raw_lookup", lambda *a, **k: used.append(r := real(*a, **k)) or r
    )
    other, _ = counts_and_notes(written)
    assert used == [None]
    pd.testing.assert_frame_equal(plain, other)
