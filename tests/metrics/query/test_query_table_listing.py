"""Engine.table lists the database's tables once, not once per table opened, and still finds a
table made after that listing and refuses a missing one naming the tables there are."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from metrics.problems import InputError
from metrics.query.sources import in_memory


def test_tables_are_listed_once_and_a_new_table_is_still_found(monkeypatch) -> None:
    con = ibis.duckdb.connect()
    for name in ("staff", "training"):
        con.create_table(name, pd.DataFrame({"x": ["a"]}))
    engine = in_memory(con)
    listings = []
    original = type(con).list_tables
    monkeypatch.setattr(type(con), "list_tables",
                        lambda self, *a, **k: listings.append(1) or original(self, *a, **k))  # fmt: skip
    engine.table("staff", "staff")
    engine.table("training", "training")
    assert len(listings) == 1
    con.create_table("board", pd.DataFrame({"y": ["b"]}))  # made after the listing
    assert engine.table("board", "board").columns == ("__row", "y")
    assert len(listings) == 2
    with pytest.raises(InputError) as refused:
        engine.table("recruitment", "recruitment")
    message = refused.value.problems[0].message
    assert 'no table "recruitment"' in message
    assert all(f'"{n}"' in message for n in ("staff", "training", "board"))
