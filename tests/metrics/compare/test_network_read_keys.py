"""Comparing one indicator finds each file's distinct keys on the codes of the values read from
its labels (``distinct.distinct_read``): labels read alike are one key, each indicator counts as
its standard, and the keys are those found from every row of the whole file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metrics.compare.distinct import distinct_read, first_rows
from metrics.compare.inputs import load_network
from metrics.problems import InputError


def test_distinct_read_gives_each_combination_of_values_once_with_its_first_row():
    # four year labels read as 2024, 2025, 2024 (labels 0 and 2 read alike) and, for a
    # missing cell (code -1, the last slot), None
    years = ([2024, 2025, 2024, None], np.array([0, 1, 2, 0, -1, 1, 2, 3]))
    orgs = (["A", "B", None], np.array([0, 0, 0, 1, 1, 1, 0, 0]))
    found, first = distinct_read({"organisation": orgs, "year": years})
    # rows: (A,2024) (A,2025) (A,2024) (B,2024) (B,None) (B,2025) (A,2024) (A,None)
    assert found["organisation"].tolist() == ["A", "A", "B", "B", "B", "A"]
    assert found["year"].tolist() == [2024, 2025, 2024, None, 2025, None]
    assert first.tolist() == [0, 1, 3, 4, 5, 7]
    assert found["year"].dtype == object


def test_distinct_read_of_no_rows_and_of_no_columns():
    found, first = distinct_read({"year": ([2024, None], np.array([], dtype=np.int64))})
    assert found["year"].tolist() == [] and first.tolist() == []
    found, first = distinct_read({})
    assert found == {} and first.tolist() == []


HEADER = "Organisation,Region,Trust type,Year,Indicator,Group,Numerator,Denominator\n"


def _line(org, region, kind, year, indicator, group="White"):
    return f"{org},{region},{kind},{year},{indicator},{group},5,50\n"


def test_keys_read_for_one_indicator_are_those_of_every_row(tmp_path):
    lines = [
        _line("Alder NHS Trust", "North", "Acute", "2025", "WRES2"),
        _line("Alder NHS Trust", "North", "Acute", "2025", "WRES2", "BME"),
        # the same trust and year written "2024/25": read as 2025, so not a new key
        _line("Alder NHS Trust", "North", "Acute", "2024/25", "WRES3"),
        _line("Alder NHS Trust", "North", "Acute", "2024/25", "WRES3", "BME"),
        _line("Birch NHS Trust", "", "Mental health", "2025", "WRES3"),  # no region
        _line("Birch NHS Trust", "", "Mental health", "2025", "WRES3", "BME"),
        _line("Birch NHS Trust", "South", "Mental health", "2024", "WRES2"),
        _line("Birch NHS Trust", "South", "Mental health", "2024", "WRES2", "BME"),
        # another standard: a second key for the same trust and year
        _line("Birch NHS Trust", "South", "Mental health", "2024", "WDES4a-i", "Disabled"),
        _line("Birch NHS Trust", "South", "Mental health", "2024", "WDES4a-i", "Non-disabled"),
    ]
    path = tmp_path / "network.csv"
    path.write_text(HEADER + "".join(lines))
    chosen = load_network([path], indicators=["WRES2"])
    every = load_network([path])
    pd.testing.assert_frame_equal(chosen.keys, every.keys)
    assert chosen.keys[["organisation", "year", "standard", "region"]].values.tolist() == [
        ["Alder NHS Trust", 2025, "WRES", "North"],
        ["Birch NHS Trust", 2025, "WRES", None],
        ["Birch NHS Trust", 2024, "WRES", "South"],
        ["Birch NHS Trust", 2024, "WDES", "South"],
    ]
    assert set(chosen.counts["indicator"]) == {"WRES2"}


def test_a_second_spelling_on_a_row_not_read_is_named_by_its_line(tmp_path):
    lines = [
        _line("Alder NHS Trust", "North", "Acute", "2025", "WRES2"),
        _line("Alder NHS Trust", "North", "Acute", "2025", "WRES2", "BME"),
        _line("Alder NHS Trust", "North", "Acute", "2025", "WRES3"),
        _line("ALDER NHS TRUST", "North", "Acute", "2024/25", "WRES3"),  # line 5, not WRES2's
        _line("ALDER NHS TRUST", "North", "Acute", "2025", "WRES2", "BME"),
    ]
    path = tmp_path / "network.csv"
    path.write_text(HEADER + "".join(lines))
    refusals = []
    for indicators in (None, ["WRES2"]):
        with pytest.raises(InputError) as caught:
            load_network([path], indicators=indicators)
        refusals.append(caught.value.problems)
    assert refusals[0] == refusals[1]
    assert refusals[1][0].message == (
        'one organisation is written 2 ways: "Alder NHS Trust" (network.csv, row 2); '
        '"ALDER NHS TRUST" (network.csv, row 5)'
    )


@pytest.mark.parametrize("spread", [1, 10**9])  # a small range (a table), a large one (hashed)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_first_rows_are_each_values_first_position_as_numpy_finds_it(spread, seed):
    rng = np.random.default_rng(seed)
    key = rng.integers(0, 300, 5_000) * spread
    _, first = np.unique(key, return_index=True)  # the oracle: sorted values, first positions
    assert first_rows(key, int(key.max()) + 1).tolist() == sorted(first.tolist())


def test_first_rows_of_nothing():
    assert first_rows(np.zeros(0, dtype=np.int64), 0).tolist() == []


def test_distinct_read_of_rows_in_runs_and_a_combination_met_again_later():
    # rows: A A A B B A A C C (one column): A's first row 0, B's 3, C's 7
    orgs = (["A", "B", "C", None], np.array([0, 0, 0, 1, 1, 0, 0, 2, 2]))
    years = ([2025], np.zeros(9, dtype=np.int64))
    found, first = distinct_read({"organisation": orgs, "year": years})
    assert found["organisation"].tolist() == ["A", "B", "C"]
    assert first.tolist() == [0, 3, 7]
    # a second column changing inside a run of the first splits it: (A, 2024) first at row 2
    years = ([2025, 2024], np.array([0, 0, 1, 1, 0, 0, 1, 1, 1]))
    found, first = distinct_read({"organisation": orgs, "year": years})
    assert list(zip(found["organisation"], found["year"], strict=True)) == [
        ("A", 2025),
        ("A", 2024),
        ("B", 2024),
        ("B", 2025),
        ("C", 2024),
    ]
    assert first.tolist() == [0, 2, 3, 4, 7]
