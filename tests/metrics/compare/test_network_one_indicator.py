"""Comparing one indicator works out only that indicator's values (and the workforce share a
board or a senior cluster rests on), and gives exactly what the full computation gives; the
distinct rows that keep reading a network linear come out in order of first appearance."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.sample import SAMPLE_NETWORK_COUNTS, SAMPLE_NETWORK_WDES_COUNTS
from metrics.compare.distinct import distinct_rows
from metrics.compare.inputs import load_network
from metrics.compare.network import compare
from metrics.compare.values import needed, network_values
from metrics.disclosure.control import DisclosureSettings
from metrics.problems import InputError


@pytest.fixture(scope="module")
def counts():
    return load_network([SAMPLE_NETWORK_COUNTS, SAMPLE_NETWORK_WDES_COUNTS]).counts


@pytest.fixture(scope="module")
def everything(counts):
    return network_values(counts)


def test_what_each_indicator_rests_on():
    assert needed("WRES2") == ["WRES2"]
    assert needed(" wres9 ") == ["WRES1", "WRES9"]  # the board against the workforce share
    assert needed("WDES1-senior") == ["WDES1", "WDES1-senior"]
    assert needed("WDES1") == ["WDES1"] and needed("WDES9a") == ["WDES9a"]
    assert needed("WRES99") == []


@pytest.mark.parametrize(
    "indicator", ["WRES2", "WRES5", "WRES9", "WRES1-senior", "WDES8", "WDES9a", "WDES10"]
)
def test_one_indicator_gives_what_the_full_computation_gives(counts, everything, indicator):
    alone = network_values(counts, indicators=[indicator])
    assert alone.indicators() == needed(indicator)
    for publish in (None, DisclosureSettings()):
        assert compare(alone, indicator, publish=publish) == compare(
            everything, indicator, publish=publish
        )
    mine = alone.frame[alone.frame["indicator"] == indicator].reset_index(drop=True)
    full = everything.frame[everything.frame["indicator"] == indicator].reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, full)


def test_an_indicator_the_counts_do_not_hold_is_refused_as_before():
    wres_only = load_network([SAMPLE_NETWORK_COUNTS]).counts
    for indicator, words in (
        ("WDES9a", "the counts hold no WDES figures, so WDES9a cannot be compared"),
        ("nonsense", 'no indicator called "nonsense" in the network view'),
    ):
        with pytest.raises(InputError) as caught:
            compare(network_values(wres_only, indicators=[indicator]), indicator)
        assert caught.value.problems[0].message == words


def test_distinct_rows_keep_the_order_of_first_appearance():
    frame = pd.DataFrame(
        {
            "organisation": ["B", "A", "B", "A", None, "C", "A"],
            "region": ["North", None, "North", "South", "East", None, None],
        }
    )
    # (B, North) row 0; (A, blank) row 1; (A, South) row 3; (blank, East) row 4; (C, blank) 5
    both = distinct_rows(frame, ["organisation", "region"], blanks=True)
    assert both.to_dict("list") == {
        "organisation": ["B", "A", "A", None, "C"],
        "region": ["North", None, "South", "East", None],
    }
    filled = distinct_rows(frame, ["organisation", "region"])
    assert filled.to_dict("list") == {"organisation": ["B", "A"], "region": ["North", "South"]}


def test_a_trust_given_two_regions_or_types_is_warned_about_once_per_column():
    from metrics.compare.inputs import Return, combine

    def rows(org, region, trust_type, year):
        return [{"organisation": org, "region": region, "trust_type": trust_type, "year": year,
                 "indicator": "WRES2", "group": g, "numerator": 5, "denominator": 50}
                for g in ("White", "BME")]  # fmt: skip

    frame = pd.DataFrame(
        rows("A", "North", "Acute", 2025)
        + rows("B", "North", None, 2025)
        + rows("B", "South", "Acute", 2024)
        + rows("A", " north", "Acute", 2024)  # the same region, spaced and in lower case
        + rows("C", None, "Acute", 2025)
        + rows("C", None, "Mental health", 2024)
        + rows("B", "East", "acute", 2023)  # "acute" is B's "Acute"
    )
    warnings = combine([Return("net.csv", frame, ())]).warnings
    assert [p.message for p in warnings] == [
        '"B" is given more than one region: "North", "South", "East"',
        '"C" is given more than one trust type: "Acute", "Mental health"',
    ]
    assert all(p.severity == "warning" for p in warnings)
