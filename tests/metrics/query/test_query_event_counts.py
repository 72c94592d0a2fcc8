"""Disciplinary and training records counted per person in one query (events.people_counts):
the records joined to staff and the people counted per group, with the unmatched and bank
records counted alongside, nothing held. The counts and notes are those of the record-by-record
path (the join held, each person's first record a year), and the people are those counted by
hand; a record no staff row matches sends the table down the record-by-record path."""

from __future__ import annotations

import pandas as pd
from query_tables import duckdb_with, in_order
from test_query_event_people import matched_tables

from metrics.query import counts as counts_mod
from metrics.query import events as events_mod
from metrics.query.counts import counts_from


def counted(tables: dict[str, pd.DataFrame], monkeypatch, *, one_query: bool):
    """The counts and notes, and the event tables the one query counted (in each call)."""
    used: list[list[str]] = []
    real = counts_mod.people_counts

    def spy(*args, **kwargs):
        got = real(*args, **kwargs) if one_query else {}
        used.append(sorted(got))
        return got

    monkeypatch.setattr(counts_mod, "people_counts", spy)
    got = counts_from(duckdb_with(tables), {k: k for k in tables})
    monkeypatch.undo()
    return in_order(got.counts), got.notes, used


def both_ways(tables: dict[str, pd.DataFrame], monkeypatch):
    fast, fast_notes, used = counted(tables, monkeypatch, one_query=True)
    slow, slow_notes, _ = counted(tables, monkeypatch, one_query=False)
    pd.testing.assert_frame_equal(fast, slow)
    assert fast_notes == slow_notes
    return fast, fast_notes, used


def two_trusts() -> dict[str, pd.DataFrame]:
    """Two trusts in one table for 2024 and 2025; employee number 1 is a different person in
    each trust; 4 is bank staff in trust A."""
    staff = pd.DataFrame({
        "Organisation": ["A", "A", "A", "A", "B", "B", "A", "B"],
        "Year": ["2024", "2024", "2024", "2024", "2024", "2024", "2025", "2025"],
        "Employee Number": ["1", "2", "3", "4", "1", "5", "1", "1"],
        "Ethnic Origin": ["A White - British", "H Asian - Indian", "A White - British",
                          "N Black - African", "M Black - Caribbean", "A White - British",
                          "A White - British", "M Black - Caribbean"],
        "Pay Band": ["Band 5"] * 8,
        "Staff Group": ["Nursing and Midwifery Registered"] * 8,
        "Assignment Category": ["Permanent", "Permanent", "Fixed Term Temp", "Bank",
                                "Permanent", "Permanent", "Permanent", "Permanent"],
    })  # fmt: skip
    training = pd.DataFrame({
        # A/2024: 1 three times, 2 once, 4 (bank) twice; B/2024: 1 once, 5 twice;
        # A/2025: 1 once; B/2025: none
        "Organisation": ["A", "A", "A", "A", "A", "A", "B", "B", "B", "A"],
        "Year": ["2024"] * 9 + ["2025"],
        "Employee Number": ["1", "1", "2", "1", "4", "4", "1", "5", "5", "1"],
    })  # fmt: skip
    return {"staff": staff, "training": training}


def test_people_counted_in_one_query_are_those_counted_by_hand(monkeypatch) -> None:
    fast, notes, used = both_ways(two_trusts(), monkeypatch)
    assert used == [["training"]]
    wres4 = fast[fast["indicator"] == "WRES4"]
    got = {
        (o, int(y), g): int(n)
        for o, y, g, n in wres4[["organisation", "year", "group", "numerator"]].itertuples(
            index=False
        )
    }
    # A/2024: person 1 (White) once for three records, person 2 (BME); person 4 is bank
    # B/2024: person 1 there is another person (BME), person 5 (White) once for two records
    assert got[("A", 2024, "White")] == 1
    assert got[("A", 2024, "BME")] == 1
    assert got[("B", 2024, "BME")] == 1
    assert got[("B", 2024, "White")] == 1
    assert got[("A", 2025, "White")] == 1
    assert got.get(("B", 2025, "BME"), 0) == 0
    assert any(n.startswith("2 training record(s) belong to bank staff") for n in notes)


def test_matched_sample_records_count_as_record_by_record(monkeypatch) -> None:
    _, _, used = both_ways(matched_tables(), monkeypatch)
    assert used == [["disciplinary", "training"]]  # both in one query


def test_records_naming_a_trust_the_staff_table_does_not_count_as_record_by_record(
    monkeypatch,
) -> None:
    """Staff of one trust without an organisation column, records naming it: the headcount has
    no organisation, so a person's records are grouped first, then counted."""
    tables = two_trusts()
    staff, training = tables["staff"], tables["training"]
    tables["staff"] = staff[staff["Organisation"] == "A"].drop(columns=["Organisation"])
    tables["training"] = training[training["Organisation"] == "A"]
    fast, _, used = both_ways(tables, monkeypatch)
    assert used == [["training"]]
    wres4 = fast[fast["indicator"] == "WRES4"]
    by_year = {int(y): int(n) for y, n in wres4.groupby("year")["numerator"].sum().items()}
    assert by_year == {2024: 2, 2025: 1}  # persons 1 and 2 in 2024 (4 is bank), 1 in 2025


def test_an_unmatched_record_takes_the_record_by_record_path(monkeypatch) -> None:
    tables = two_trusts()
    stranger = pd.DataFrame({"Organisation": ["B"], "Year": ["2025"], "Employee Number": ["9"]})
    tables["training"] = pd.concat([tables["training"], stranger], ignore_index=True)
    _, notes, used = both_ways(tables, monkeypatch)
    assert used == [[]]
    assert any("1 training record(s) had an employee number not in the staff" in n for n in notes)


def _queries(monkeypatch) -> list[int]:
    """One item per query people_counts runs."""
    queries: list[int] = []
    real = events_mod._people_of

    def spy(*args, **kwargs):
        queries.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(events_mod, "_people_of", spy)
    return queries


def test_tables_alike_are_counted_in_one_query_each_judged_on_its_own(monkeypatch) -> None:
    """Disciplinary and training records with the same columns are joined to staff together
    (one query); a training record no staff row matches sends only training down the
    record-by-record path."""
    tables = two_trusts()
    tables["disciplinary"] = tables["training"].iloc[[0, 2, 6]].reset_index(drop=True)
    stranger = pd.DataFrame({"Organisation": ["B"], "Year": ["2025"], "Employee Number": ["9"]})
    tables["training"] = pd.concat([tables["training"], stranger], ignore_index=True)
    queries = _queries(monkeypatch)
    fast, fast_notes, used = counted(tables, monkeypatch, one_query=True)
    assert used == [["disciplinary"]]
    assert len(queries) == 1
    slow, slow_notes, _ = counted(tables, monkeypatch, one_query=False)
    pd.testing.assert_frame_equal(fast, slow)
    assert fast_notes == slow_notes
    wres3 = fast[fast["indicator"] == "WRES3"]
    assert int(wres3["numerator"].sum()) == 3  # persons 1 and 2 of trust A, 1 of trust B


def test_tables_with_other_columns_are_counted_apart(monkeypatch) -> None:
    """Disciplinary records giving their own ethnicity (for records no staff row matches) are
    not of training's shape: each table is counted in a query of its own."""
    tables = two_trusts()
    disciplinary = tables["training"].iloc[[0, 6]].copy()
    disciplinary["Ethnicity"] = ["A", "M"]
    tables["disciplinary"] = disciplinary.reset_index(drop=True)
    queries = _queries(monkeypatch)
    fast, _, used = both_ways(tables, monkeypatch)
    assert used == [["disciplinary", "training"]]
    assert len(queries) == 2  # in the first run (the spy is undone after it)
    wres3 = fast[fast["indicator"] == "WRES3"]
    assert int(wres3["numerator"].sum()) == 2  # person 1 of trust A and person 1 of trust B
