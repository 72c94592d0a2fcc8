"""A figure resting on a withheld count is a range, never a point: the smallest and largest
value any admissible counts give, checked here by enumerating every admissible count; such a
trust has no value, is left off the funnel and out of the network's pooled value."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest

from metrics.compare.censored import ranges_for, ratio_range, share_range, with_ranges
from metrics.compare.inputs import load_network
from metrics.compare.network import compare
from metrics.compare.values import network_values

HEADER = "Organisation,Year,Indicator,Band,Group,Numerator,Denominator\n"


def _values(tmp_path: Path, text: str):
    path = tmp_path / "returns.csv"
    path.write_text(HEADER + text, encoding="utf-8")
    network = load_network([path])
    values = network_values(network.counts, keys=network.keys)
    return with_ranges(values, network.censored, network.counts)


def _row(values, org: str, indicator: str, year: int = 2024):
    frame = values.frame
    chosen = frame[
        (frame["organisation"] == org) & (frame["indicator"] == indicator) & (frame["year"] == year)
    ]
    assert len(chosen) == 1
    return chosen.iloc[0]


def _enumerate(formula, *choices):
    """Every admissible combination's value (formula returns None where it is not admissible
    or not finite): min and max."""
    found = [v for combo in itertools.product(*choices) if (v := formula(*combo)) is not None]
    return min(found), max(found)


def test_a_less_than_five_on_the_bottom_of_a_ratio_gives_the_exact_range(tmp_path):
    # WRES2: White on top. White 30 appointed of 100 shortlisted; BME "<5" of 40.
    values = _values(
        tmp_path,
        "Trust A,2024,WRES2,,White,30,100\nTrust A,2024,WRES2,,BME,<5,40\n"
        "Trust B,2024,WRES2,,White,20,80\nTrust B,2024,WRES2,,BME,10,50\n",
    )
    low, high = _enumerate(
        lambda a: None if a == 0 else (30 / 100) / (a / 40),  # a = 0: no BME appointed, infinite
        range(0, 5),
    )
    assert (low, high) == pytest.approx((3.0, 12.0))  # by hand: 0.3 / (4/40) and 0.3 / (1/40)
    row = _row(values, "Trust A", "WRES2")
    assert math.isnan(row["value"]) and math.isnan(row["ci_lower"])
    assert row["status"] == "not_computable" and bool(row["censored"])
    assert (row["value_low"], row["value_high"]) == pytest.approx((low, high))
    assert '"<5"' in row["reason"] and "3.00" in row["reason"] and "12.00" in row["reason"]
    other = _row(values, "Trust B", "WRES2")
    assert other["value"] == pytest.approx((20 / 80) / (10 / 50))
    assert not bool(other["censored"]) and math.isnan(other["value_low"])


def test_a_less_than_five_on_top_of_a_ratio_reaches_down_to_zero(tmp_path):
    # WRES3: BME on top. BME "<5" entering of 150; White 12 of 400.
    values = _values(tmp_path, "Trust A,2024,WRES3,,White,12,400\nTrust A,2024,WRES3,,BME,<5,150\n")
    low, high = _enumerate(lambda a: (a / 150) / (12 / 400), range(0, 5))
    row = _row(values, "Trust A", "WRES3")
    assert (row["value_low"], row["value_high"]) == pytest.approx((low, high))
    assert low == 0.0 and high == pytest.approx((4 / 150) / 0.03)


def test_two_withheld_counts_and_a_withheld_total(tmp_path):
    values = _values(
        tmp_path,
        "Trust A,2024,WRES3,,White,*,90\nTrust A,2024,WRES3,,BME,<5,60\n"
        "Trust B,2024,WRES3,,White,fewer than 10,300\nTrust B,2024,WRES3,,BME,3,< 5\n",
    )

    def rl(a, n1, c, n2):
        if a > n1 or c > n2 or n1 == 0 or n2 == 0 or c == 0:
            return None
        return (a / n1) / (c / n2)

    a_range = _enumerate(lambda a, c: rl(a, 60, c, 90), range(5), range(5))
    b_range = _enumerate(lambda n1, c: rl(3, n1, c, 300), range(5), range(10))
    assert (_row(values, "Trust A", "WRES3")[["value_low", "value_high"]].tolist()) == (
        pytest.approx(list(a_range))
    )
    assert (_row(values, "Trust B", "WRES3")[["value_low", "value_high"]].tolist()) == (
        pytest.approx(list(b_range))
    )


def test_a_survey_gap_resting_on_a_withheld_count(tmp_path):
    # WRES5: BME % minus White %, in points. BME "<5" yes of 20; White 30 of 100.
    values = _values(tmp_path, "Trust A,2024,WRES5,,White,30,100\nTrust A,2024,WRES5,,BME,<5,20\n")
    low, high = _enumerate(lambda a: 100 * (a / 20 - 30 / 100), range(5))
    row = _row(values, "Trust A", "WRES5")
    assert (row["value_low"], row["value_high"]) == pytest.approx((low, high))  # -30 to -10


def test_a_workforce_share_with_a_withheld_band_cell(tmp_path):
    # WRES1: the BME share of all staff; the total is the groups' own counts.
    values = _values(
        tmp_path,
        "Trust A,2024,WRES1,Band 5,White,80,\nTrust A,2024,WRES1,Band 5,BME,20,\n"
        "Trust A,2024,WRES1,Band 5,Unknown,<5,\nTrust A,2024,WRES1,Band 8c,White,9,\n"
        "Trust A,2024,WRES1,Band 8c,BME,<5,\nTrust A,2024,WRES1,Band 8c,Unknown,0,\n",
    )
    share = _enumerate(lambda u, b: 100 * (20 + b) / (80 + 20 + u + 9 + b), range(5), range(5))
    senior = _enumerate(lambda b: 100 * b / (9 + b), range(5))
    row = _row(values, "Trust A", "WRES1")
    assert (row["value_low"], row["value_high"]) == pytest.approx(share)
    top = _row(values, "Trust A", "WRES1-senior")
    assert (top["value_low"], top["value_high"]) == pytest.approx(senior)


def test_a_withheld_unknown_count_leaves_a_ratio_exact(tmp_path):
    values = _values(
        tmp_path,
        "Trust A,2024,WRES3,,White,12,400\nTrust A,2024,WRES3,,BME,6,150\n"
        "Trust A,2024,WRES3,,Unknown,<5,20\n",
    )
    row = _row(values, "Trust A", "WRES3")
    assert row["value"] == pytest.approx((6 / 150) / (12 / 400))
    assert not bool(row["censored"])


def test_a_count_not_held_gives_no_value_and_no_range(tmp_path):
    values = _values(
        tmp_path, "Trust A,2024,WRES3,,White,12,400\nTrust A,2024,WRES3,,BME,not held,150\n"
    )
    row = _row(values, "Trust A", "WRES3")
    assert math.isnan(row["value"]) and math.isnan(row["value_low"])
    assert bool(row["censored"]) and "not given" in row["reason"]
    assert ranges_for(values, "WRES3", 2024) == {"Trust A": (None, None)}


def test_the_trust_is_left_off_the_funnel_and_out_of_the_pooled_value(tmp_path):
    values = _values(
        tmp_path,
        "Trust A,2024,WRES3,,White,12,400\nTrust A,2024,WRES3,,BME,<5,150\n"
        "Trust B,2024,WRES3,,White,20,500\nTrust B,2024,WRES3,,BME,9,200\n"
        "Trust C,2024,WRES3,,White,15,600\nTrust C,2024,WRES3,,BME,12,300\n",
    )
    result = compare(values, "WRES3", year=2024)
    by_name = {o.organisation: o for o in result.organisations}
    censored = by_name["Trust A"]
    assert censored.value is None and censored.funnel == "not_placed" and censored.rank is None
    assert censored.x is None
    # the pool of the trusts with exact counts only: (9 + 12)/(200 + 300) over (20 + 15)/(500 + 600)
    assert result.funnel.target == pytest.approx((21 / 500) / (35 / 1100))
    assert {o.rank for o in result.organisations if o.organisation != "Trust A"} == {1, 2}


def test_no_change_is_shown_from_or_to_a_year_that_is_a_range(tmp_path):
    values = _values(
        tmp_path,
        "Trust A,2023,WRES3,,White,12,400\nTrust A,2023,WRES3,,BME,<5,150\n"
        "Trust A,2024,WRES3,,White,10,400\nTrust A,2024,WRES3,,BME,6,150\n",
    )
    after = _row(values, "Trust A", "WRES3", 2024)
    assert after["value"] == pytest.approx((6 / 150) / (10 / 400))
    assert math.isnan(after["change"])


@pytest.mark.parametrize(
    ("a", "n", "c", "m"),
    [((0, 4), (10, 10), (5, 5), (50, 50)), ((2, 9), (3, 4), (1, 4), (5, 9)), ((0, 4), (0, 4),
     (0, 4), (0, 4))],
)  # fmt: skip
def test_the_range_formula_against_enumeration(a, n, c, m):
    def rl(x, n1, y, n2):
        if x > n1 or y > n2 or n1 == 0 or n2 == 0 or y == 0:
            return None
        return (x / n1) / (y / n2)

    spans = [range(lo, hi + 1) for lo, hi in (a, n, c, m)]
    expected = _enumerate(rl, *spans)
    assert ratio_range(a, n, c, m) == pytest.approx(expected)
    shares = [x / y for x, y in itertools.product(spans[0], spans[1]) if 0 < y and x <= y]
    assert share_range(*a, *n) == pytest.approx((min(shares), max(shares)))
    assert not np.isnan(expected[0])


def test_a_board_figure_on_a_withheld_voting_count(tmp_path):
    path = tmp_path / "board.csv"
    path.write_text(
        "Organisation,Year,Indicator,Band,Membership,Group,Numerator,Denominator\n"
        "Trust A,2024,WRES1,Band 5,,White,80,\nTrust A,2024,WRES1,Band 5,,BME,20,\n"
        "Trust A,2024,WRES9,,voting,White,10,12\nTrust A,2024,WRES9,,voting,BME,<5,12\n"
        "Trust B,2024,WRES1,Band 5,,White,70,\nTrust B,2024,WRES1,Band 5,,BME,30,\n"
        "Trust B,2024,WRES9,,voting,White,8,10\nTrust B,2024,WRES9,,voting,BME,2,10\n"
        "Trust B,2024,WRES9,,executive,BME,<5,6\n",
        encoding="utf-8",
    )
    network = load_network([path])
    values = with_ranges(network_values(network.counts), network.censored, network.counts)
    # BME share of the voting board, b of 10 + b, minus the workforce's 20%
    low, high = _enumerate(lambda b: 100 * b / (10 + b) - 20, range(5))
    row = _row(values, "Trust A", "WRES9")
    assert (row["value_low"], row["value_high"]) == pytest.approx((low, high))
    # a withheld executive count does not touch the (voting) board figure
    other = _row(values, "Trust B", "WRES9")
    assert other["value"] == pytest.approx(100 * 2 / 10 - 30) and not bool(other["censored"])
