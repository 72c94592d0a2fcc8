"""The one-person-once check on a staff table (whether anybody has two rows) counts distinct
hashes of (organisation, year, employee number) on DuckDB. Equal people hash equal, so a
collision can only make people look repeated, and the check then counts again exactly: the
counts, and the way they are taken, are those of the exact count."""

from __future__ import annotations

import pandas as pd
import pytest
from query_tables import duckdb_with, in_order, sample_tables

from metrics.query import staff as staff_mod
from metrics.query.counts import counts_from
from metrics.query.staff import prepare_staff


@pytest.fixture(scope="module")
def two_trusts() -> pd.DataFrame:
    """The sample's staff in two trusts: every employee number in both (two people each)."""
    staff = sample_tables()["staff"]
    return pd.concat([staff.assign(Trust="A"), staff.assign(Trust="B")], ignore_index=True)


REAL_HASH = staff_mod._hash3


def number_only_hash(org, year, number):
    """A hash that collides for the same number in any two trusts or years."""
    import ibis

    return REAL_HASH(ibis.literal(""), ibis.literal(""), number)


def test_a_hash_collision_is_counted_again_exactly(two_trusts, monkeypatch) -> None:
    exact_path = []
    real_people = staff_mod._people

    def people(rows, emp, **kwargs):
        exact_path.append(not kwargs.get("hashed"))
        return real_people(rows, emp, **kwargs)

    monkeypatch.setattr(staff_mod, "_people", people)
    monkeypatch.setattr(staff_mod, "_hash3", number_only_hash)
    engine = duckdb_with({"staff": two_trusts})
    prepared = prepare_staff(engine, "staff")
    # hashed first; the collisions (each number in both trusts) sent it round exactly once
    assert exact_path == [False, True]
    assert prepared.grouped is not None, "nobody repeats: counted from the grouped labels"
    assert prepared.notes["extra_assignments_merged"] == 0
    collided = counts_from(engine, {"staff": "staff"})
    monkeypatch.setattr(staff_mod, "_hashes", lambda engine: False)
    exact = counts_from(duckdb_with({"staff": two_trusts}), {"staff": "staff"})
    pd.testing.assert_frame_equal(in_order(collided.counts), in_order(exact.counts))
    assert collided.notes == exact.notes


@pytest.mark.parametrize("hashed", [True, False])
def test_a_person_on_two_rows_is_found_either_way(two_trusts, monkeypatch, hashed) -> None:
    monkeypatch.setattr(staff_mod, "_hashes", lambda engine: hashed)
    staff = two_trusts
    first = staff[staff["Trust"] == "A"].iloc[[0]].copy()
    first["Assignment Number"] = first["Assignment Number"].astype(str) + "-2"
    first["Contracted WTE"] = "0.1"
    repeated = pd.concat([staff, first], ignore_index=True)
    prepared = prepare_staff(duckdb_with({"staff": repeated}), "staff")
    assert prepared.grouped is None, "a person repeats: counted from one row per person"
    assert prepared.notes["extra_assignments_merged"] == 1


@pytest.mark.parametrize("hashed", [True, False])
def test_a_blank_organisation_and_an_empty_one_are_the_same_place(monkeypatch, hashed) -> None:
    """As in the exact count, a missing organisation and an empty one are one place, and rows
    without an employee number are nobody."""
    monkeypatch.setattr(staff_mod, "_hashes", lambda engine: hashed)
    staff = pd.DataFrame({
        "Organisation": [None, "", "A", "A", "A"],
        "Year": ["2025"] * 5,
        "Employee Number": ["1", "1", "1", None, None],
        "Ethnic Origin": ["A White - British"] * 5,
        "Pay Band": ["Band 5"] * 5,
    })  # fmt: skip
    engine = duckdb_with({"staff": staff})
    raw = staff_mod.raw_table(engine, "staff", "staff")
    facts = staff_mod._facts(engine, raw, None)
    assert facts["several"] == 1  # three numbered rows, two people: ("", 1) and (A, 1)
