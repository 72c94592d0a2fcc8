"""Intermediate results held in DuckDB (metrics.query.held): the same table, column types and
rows as Ibis's own create_table gives, and in-memory label tables joined in are registered."""

from __future__ import annotations

import ibis
import pandas as pd

from metrics.query.held import hold_in_duckdb
from metrics.query.sources import in_memory


def _rows(table) -> pd.DataFrame:
    frame = table.execute()
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def test_a_held_result_is_the_table_create_table_makes() -> None:
    con = ibis.duckdb.connect()
    con.create_table("staff", pd.DataFrame({"band": ["2", "3", "3", None], "n": [1, 2, 3, 4]}))
    staff = con.table("staff")
    labels = ibis.memtable({"key": ["2", "3"], "name": ["Band 2", "Band 3"], "ok": [True, False]})
    joined = staff.left_join(labels, staff["band"].identical_to(labels["key"])).drop("key")
    grouped = joined.group_by("name", "ok").agg(total=joined["n"].sum(), people=joined.count())
    expected = con.create_table("by_ibis", grouped, temp=True)
    held = hold_in_duckdb(con, "by_held", grouped)
    described = con.table("by_held", database=("temp", "main")).schema()  # DuckDB's own account
    assert held.schema() == described == expected.schema()
    pd.testing.assert_frame_equal(_rows(held), _rows(expected))
    by_hand = pd.DataFrame(  # Band 2: one row of 1; Band 3: 2 + 3; no band: 4
        {"name": ["Band 2", "Band 3", None], "ok": [True, False, None],
         "total": [1, 5, 4], "people": [1, 2, 1]}
    )  # fmt: skip
    got = _rows(held)
    assert got["name"].tolist() == by_hand["name"].tolist()
    assert got["total"].tolist() == by_hand["total"].tolist()
    assert got["people"].tolist() == by_hand["people"].tolist()


def test_engine_keep_holds_in_duckdb_without_fetching(monkeypatch) -> None:
    """Engine.keep on DuckDB goes through hold_in_duckdb, and brings nothing back."""
    import metrics.query.held as held_module

    engine = in_memory(ibis.duckdb.connect())
    engine.con.create_table("t", pd.DataFrame({"x": ["a", "b", "b"]}))
    calls, fetched = [], []
    original = held_module.hold_in_duckdb
    monkeypatch.setattr(held_module, "hold_in_duckdb",
                        lambda *a: calls.append(a[1]) or original(*a))  # fmt: skip
    monkeypatch.setattr(type(engine.con), "execute", lambda *a, **k: fetched.append(a))
    held = engine.keep(engine.table("t", "staff").group_by("x").agg(n=ibis._.count()))
    assert calls == [held.op().name] and held.op().name.startswith("inclusivehr_tmp_")
    assert not fetched
    monkeypatch.undo()
    assert sorted(engine.fetch(held)["n"].tolist()) == [1, 2]
