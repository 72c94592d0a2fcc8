"""Each person once a year among disciplinary and training records: when every record matched
its person's one staff row and took all it is counted by from it, the distinct rows are the
people (no window over the records), and the counts are those of the first-record rule."""

from __future__ import annotations

import pandas as pd
import pytest
from query_tables import duckdb_with, in_order, sample_tables

from metrics.query import counts as counts_mod
from metrics.query.counts import counts_from


@pytest.fixture(scope="module")
def matched() -> dict[str, pd.DataFrame]:
    return matched_tables()


def matched_tables() -> dict[str, pd.DataFrame]:
    """The sample's staff, and its training and disciplinary records of people in the staff
    table that year (some people with several records a year)."""
    sample = sample_tables()
    staff = sample["staff"]
    people = set(zip(staff["Year"].astype(str), staff["Employee Number"].astype(str), strict=True))
    tables = {"staff": staff}
    for kind in ("training", "disciplinary"):
        rows = sample[kind]
        keys = zip(rows["Year"].astype(str), rows["Employee Number"].astype(str), strict=True)
        tables[kind] = rows[[k in people for k in keys]].reset_index(drop=True)
    return tables


def counted(tables, monkeypatch, *, shortcut: bool):
    """The counts and notes, and the by_person flags distinct_people was given (record by
    record: the one-query count of people_counts turned off)."""
    seen: list[bool] = []
    real = counts_mod.distinct_people

    def spy(engine, events, notes, label, *, by_person=False):
        seen.append(by_person)
        return real(engine, events, notes, label, by_person=by_person and shortcut)

    monkeypatch.setattr(counts_mod, "distinct_people", spy)
    monkeypatch.setattr(counts_mod, "people_counts", lambda *args, **kwargs: None)
    got = counts_from(duckdb_with(tables), {k: k for k in tables})
    monkeypatch.undo()
    return in_order(got.counts), got.notes, seen


def test_matched_records_counted_as_distinct_rows_equal_the_first_record_rule(
    matched, monkeypatch
) -> None:
    training = matched["training"]
    repeats = training.groupby(["Year", "Employee Number"]).size()
    assert (repeats > 1).any(), "some people have several records a year"
    fast, fast_notes, seen = counted(matched, monkeypatch, shortcut=True)
    assert seen == [True, True], "every record matched: both tables take the distinct rows"
    slow, slow_notes, _ = counted(matched, monkeypatch, shortcut=False)
    pd.testing.assert_frame_equal(fast, slow)
    assert fast_notes == slow_notes
    wres4 = fast[fast["indicator"] == "WRES4"]
    staff = matched["staff"]
    in_post = ~staff["Assignment Category"].str.contains("bank", case=False, na=False)
    not_bank = set(zip(staff.loc[in_post, "Year"].astype(str),
                       staff.loc[in_post, "Employee Number"].astype(str), strict=True))  # fmt: skip
    keys = zip(training["Year"].astype(str), training["Employee Number"].astype(str), strict=True)
    counted_ = training[[k in not_bank for k in keys]]
    people = counted_.groupby("Year")["Employee Number"].nunique()
    by_year = wres4.groupby("year")["numerator"].sum()
    # each person once a year, bank staff's records left out
    assert {int(y): n for y, n in by_year.items()} == {int(y): n for y, n in people.items()}


def test_records_without_a_year_take_the_first_record_rule(matched, monkeypatch) -> None:
    """Without a year, a record matches its person's row of every year: not one row each."""
    tables = dict(matched, training=matched["training"].drop(columns=["Year", "Date"]))
    tables.pop("disciplinary")
    _, _, seen = counted(tables, monkeypatch, shortcut=True)
    assert seen == [False]


def test_unmatched_records_take_the_first_record_rule(matched, monkeypatch) -> None:
    stranger = matched["training"].iloc[:2].assign(**{"Employee Number": ["X1", "X1"]})
    tables = dict(matched, training=pd.concat([matched["training"], stranger]))
    _, notes, seen = counted(tables, monkeypatch, shortcut=True)
    assert seen == [True, False]  # disciplinary all matched; training not
    assert any("not in the staff file" in n for n in notes)
