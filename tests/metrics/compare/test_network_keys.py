"""Reading a network finds each file's distinct organisation, year, standard, region and trust
type once, checks the files on them and hands them to the comparison: the same keys, checks and
values as finding them afresh from every row."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.sample import SAMPLE_NETWORK_COUNTS, SAMPLE_NETWORK_WDES_COUNTS
from metrics.compare.distinct import FIRST, distinct_rows
from metrics.compare.inputs import Return, combine, load_network
from metrics.compare.values import network_values, row_keys
from metrics.problems import InputError


def test_distinct_rows_give_the_position_of_each_first_row():
    frame = pd.DataFrame(
        {
            "organisation": ["B", "A", "B", "A", None, "C", "A", "C"],
            "year": [2024, 2024, 2024, 2025, 2025, 2024, 2025, 2024],
        },
        index=[10, 11, 12, 13, 14, 15, 16, 17],  # positions, not the frame's labels
    )
    # (B, 2024) at 0, (A, 2024) at 1, (A, 2025) at 3, (blank, 2025) at 4, (C, 2024) at 5
    found = distinct_rows(frame, ["organisation", "year"], blanks=True, first=True)
    assert found.to_dict("list") == {
        "organisation": ["B", "A", "A", None, "C"],
        "year": [2024, 2024, 2025, 2025, 2024],
        FIRST: [0, 1, 3, 4, 5],
    }
    filled = distinct_rows(frame, ["organisation", "year"], first=True)
    assert filled[FIRST].tolist() == [0, 1, 3, 5]
    assert distinct_rows(frame.iloc[0:0], ["organisation", "year"]).empty


def test_the_keys_read_with_the_files_are_those_of_the_counts():
    network = load_network([SAMPLE_NETWORK_COUNTS, SAMPLE_NETWORK_WDES_COUNTS])
    afresh = row_keys(network.counts)
    pd.testing.assert_frame_equal(network.keys, afresh)
    # both standards for every trust and year, each once
    assert set(network.keys["standard"]) == {"WRES", "WDES"}
    assert not network.keys.duplicated().any()


@pytest.mark.parametrize("indicator", [None, "WRES2", "WRES9", "WDES1-senior", "WDES9a"])
def test_values_from_the_keys_read_with_the_files_equal_values_found_afresh(indicator):
    network = load_network([SAMPLE_NETWORK_COUNTS, SAMPLE_NETWORK_WDES_COUNTS])
    wanted = [indicator] if indicator else None
    given = network_values(network.counts, indicators=wanted, keys=network.keys)
    afresh = network_values(network.counts, indicators=wanted)
    pd.testing.assert_frame_equal(given.frame, afresh.frame)


def _rows(org, year, region, **extra):
    return [{"organisation": org, "year": year, "region": region, "indicator": "WRES2",
             "group": g, "numerator": 5, "denominator": 50, **extra}
            for g in ("White", "BME")]  # fmt: skip


def test_split_rows_are_left_out_of_the_keys_as_of_the_counts():
    # a row split by sex gives trust B a region its whole-organisation rows never give
    frame = pd.DataFrame(
        _rows("A", 2025, "North")
        + _rows("B", 2025, "South")
        + _rows("B", 2025, "East", characteristic="sex", characteristic_group="Female")
    )
    network = combine([Return("net.csv", frame, ())])
    assert network.keys[["organisation", "region"]].to_dict("list") == {
        "organisation": ["A", "B"],
        "region": ["North", "South"],
    }
    assert network.warnings == ()  # East is on a split row: no second region for B


def test_a_blank_organisation_is_still_found_row_by_row():
    frame = pd.DataFrame(_rows("A", 2025, "North") + _rows(" ", 2025, "North"))
    with pytest.raises(InputError) as caught:
        combine([Return("net.csv", frame, ())])
    # rows 2-3 are A's; the two blank ones are the file's lines 4 and 5
    assert caught.value.problems[0].message == (
        "2 row(s) name no organisation while other rows do (rows 4, 5)"
    )
    assert caught.value.problems[0].row == 4
