"""A value pooled over years that rests on a withheld count ("<5") is a range: the smallest and
largest pooled value any admissible counts give (the exact years' counts plus each withheld
count anywhere in its bounds). The ends are worked by hand in the comments and checked by
enumerating every admissible count; never taken from the code's output."""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

import pytest

from metrics.compare.censored import (
    outwards,
    summed_gap_range,
    summed_ratio_range,
    summed_share_range,
)
from metrics.compare.inputs import load_network
from metrics.compare.pooled import pooled_comparison, pooled_evidence, pooled_values
from metrics.compare.values import network_values

HEADER = "Organisation,Year,Indicator,Group,Numerator,Denominator\n"


def _values(tmp_path: Path, text: str):
    from metrics.compare.censored import with_ranges

    path = tmp_path / "returns.csv"
    path.write_text(HEADER + text, encoding="utf-8")
    network = load_network([path])
    values = network_values(network.counts, keys=network.keys)
    return with_ranges(values, network.censored, network.counts)


# WRES3 (BME on top: entering the formal disciplinary process).
# Trust T: 2023 BME 3 of 40, White 10 of 200; 2024 BME "<5" of 50, White 12 of 210;
# 2025 BME 2 of 45, White 9 of 220. Two exact trusts beside it for a funnel.
DISCIPLINARY = (
    "T,2023,WRES3,BME,3,40\nT,2023,WRES3,White,10,200\n"
    "T,2024,WRES3,BME,<5,50\nT,2024,WRES3,White,12,210\n"
    "T,2025,WRES3,BME,2,45\nT,2025,WRES3,White,9,220\n"
    "U,2023,WRES3,BME,6,100\nU,2023,WRES3,White,10,300\n"
    "U,2024,WRES3,BME,8,100\nU,2024,WRES3,White,12,300\n"
    "U,2025,WRES3,BME,7,100\nU,2025,WRES3,White,11,300\n"
    "V,2023,WRES3,BME,4,80\nV,2023,WRES3,White,20,400\n"
    "V,2024,WRES3,BME,5,80\nV,2024,WRES3,White,18,400\n"
    "V,2025,WRES3,BME,3,80\nV,2025,WRES3,White,16,400\n"
)


def test_a_withheld_count_in_the_pool_gives_the_range_worked_by_hand(tmp_path):
    values = _values(tmp_path, DISCIPLINARY)
    # Pooled: BME 3 + x + 2 = 5 + x of 40 + 50 + 45 = 135, x in 0..4; White 10+12+9 = 31 of
    # 200+210+220 = 630. RL = ((5+x)/135) / (31/630) = (5+x) * 630 / (135*31) = (5+x) * 630/4185
    # x = 0: 3150/4185 = 0.752688; x = 4: 5670/4185 = 1.354839
    low, high = 3150 / 4185, 5670 / 4185
    assert (low, high) == pytest.approx((0.752688, 1.354839), abs=1e-6)
    # the same by enumerating the withheld count
    found = [((5 + x) / 135) / (31 / 630) for x in range(0, 5)]
    assert (min(found), max(found)) == pytest.approx((low, high))

    pooled = pooled_values(values, 3, year=2025, indicators=["WRES3"])
    row = pooled.frame.set_index("organisation").loc["T"]
    assert math.isnan(row["value"]) and math.isnan(row["ci_lower"]) and math.isnan(row["e1"])
    assert bool(row["censored"]) and row["status"] == "not_computable"
    assert (row["value_low"], row["value_high"]) == pytest.approx((low, high))
    assert row["years_pooled"] == 3
    # in words, rounded outwards so the words hold every value: 0.752688 -> 0.75, 1.354839 -> 1.36
    assert '"<5"' in row["reason"] and "between 0.75 and 1.36" in row["reason"]
    other = pooled.frame.set_index("organisation").loc["U"]
    assert other["value"] == pytest.approx((21 / 300) / (33 / 900))  # 0.07 / 0.036667 = 1.909
    assert not bool(other["censored"]) and math.isnan(other["value_low"])

    result = pooled_evidence(values, "WRES3", 3, year=2025).get("T")
    assert result.value is None and result.ci_lower is None
    assert result.value_range == pytest.approx((low, high))
    assert result.years == (2023, 2024, 2025) and result.left_out == ()


def test_a_pooled_range_is_left_off_the_pooled_funnel_and_out_of_its_centre(tmp_path):
    values = _values(tmp_path, DISCIPLINARY)
    comparison, _ = pooled_comparison(values, "WRES3", 3, year=2025)
    t = next(o for o in comparison.organisations if o.organisation == "T")
    assert t.funnel == "not_placed" and t.rank is None and t.value is None
    # the network's pooled value: U and V only. BME 21+12 = 33 of 300+240 = 540;
    # White 33+54 = 87 of 900+1200 = 2100. (33/540) / (87/2100) = 0.061111 / 0.041429 = 1.475
    assert comparison.pooled == pytest.approx((33 / 540) / (87 / 2100))
    assert comparison.summary.trusts == 2


def test_a_withheld_count_on_the_bottom_of_a_pooled_ratio(tmp_path):
    # WRES2 (White on top). White 30 of 100 and 20 of 80 exact; BME 0 of 50 in 2024 and "<5"
    # of 40 in 2025. Pooled White 50 of 180; BME x of 90, x in 0..4 (x = 0 is infinite: the
    # range is over the finite values, as one year's is).
    values = _values(
        tmp_path,
        "W,2024,WRES2,White,30,100\nW,2024,WRES2,BME,0,50\n"
        "W,2025,WRES2,White,20,80\nW,2025,WRES2,BME,<5,40\n",
    )
    found = [(50 / 180) / (x / 90) for x in range(1, 5)]
    # by hand: x = 4: 0.277778 / 0.044444 = 6.25; x = 1: 0.277778 / 0.011111 = 25.0
    assert (min(found), max(found)) == pytest.approx((6.25, 25.0))
    result = pooled_evidence(values, "WRES2", 3, year=2025).get("W")
    assert result.value_range == pytest.approx((6.25, 25.0))


def test_a_survey_gap_pooled_over_a_withheld_count(tmp_path):
    # WRES5: BME % minus White %, points. 2024 BME 30 of 100, White 20 of 100; 2025 BME "<5" of
    # 20, White 40 of 150. Pooled BME (30+x) of 120, White 60 of 250 = 24%.
    # x = 0: 25% - 24% = 1.0 point; x = 4: 28.333% - 24% = 4.333 points.
    values = _values(
        tmp_path,
        "G,2024,WRES5,BME,30,100\nG,2024,WRES5,White,20,100\n"
        "G,2025,WRES5,BME,<5,20\nG,2025,WRES5,White,40,150\n",
    )
    found = [100 * ((30 + x) / 120 - 60 / 250) for x in range(0, 5)]
    assert (min(found), max(found)) == pytest.approx((1.0, 13 / 3))
    result = pooled_evidence(values, "WRES5", 3, year=2025).get("G")
    assert result.value is None
    assert result.value_range == pytest.approx((1.0, 13 / 3))


def test_a_count_not_held_keeps_its_year_out_of_the_pool_and_said(tmp_path):
    values = _values(
        tmp_path,
        "H,2024,WRES3,BME,6,100\nH,2024,WRES3,White,10,300\n"
        "H,2025,WRES3,BME,not held,100\nH,2025,WRES3,White,11,300\n",
    )
    result = pooled_evidence(values, "WRES3", 3, year=2025).get("H")
    assert result.value_range is None
    assert result.value == pytest.approx((6 / 100) / (10 / 300))  # 2024 alone: 1.8
    assert result.years == (2024,)
    (note,) = result.left_out
    assert note.startswith("2025 left out of the pool") and '"not held"' in note


# --- the ranges themselves, against every admissible count -------------------------------


def _shares(parts, at_least=0):
    """Every admissible (A, N) of parts added up: each part a in its bounds, n in its bounds,
    a <= n, n >= 1."""
    per_part = [
        [(a, n) for a in range(lo, hi + 1) for n in range(n_lo, n_hi + 1) if a <= n and n >= 1]
        for lo, hi, n_lo, n_hi in parts
    ]
    for combo in itertools.product(*per_part):
        a, n = sum(c[0] for c in combo), sum(c[1] for c in combo)
        if a >= at_least:
            yield a, n


def test_a_summed_share_range_is_each_year_bounded_not_only_the_totals():
    # "<5" (0-4) of exactly 3 people, beside an exact 1 of 10: a year holds at most 3 of its 3,
    # so the largest share is (3+1)/13 = 0.307692, not 5/13 from the totals alone.
    parts = [(0, 4, 3, 3), (1, 1, 10, 10)]
    assert summed_share_range(parts) == pytest.approx((1 / 13, 4 / 13))
    found = [a / n for a, n in _shares(parts)]
    assert (min(found), max(found)) == pytest.approx((1 / 13, 4 / 13))


def test_summed_ranges_match_enumeration_on_random_small_returns():
    rng = random.Random(13)

    def part():
        if rng.random() < 0.5:  # an exact year
            n = rng.randint(1, 6)
            a = rng.randint(0, n)
            return (a, a, n, n)
        lo = rng.randint(0, 2)
        n_lo = rng.randint(0, 5)
        return (lo, lo + rng.randint(0, 3), n_lo, n_lo + rng.randint(0, 2))

    checked = 0
    for _ in range(300):
        top = [part() for _ in range(rng.randint(1, 3))]
        bottom = [part() for _ in range(rng.randint(1, 2))]
        ups = [a / n for a, n in _shares(top)]
        downs = [a / n for a, n in _shares(bottom, at_least=1)]
        ratio = summed_ratio_range(top, bottom)
        if not ups or not downs:
            assert ratio is None
            continue
        ratios = {u / d for u in set(ups) for d in set(downs)}
        assert ratio == pytest.approx((min(ratios), max(ratios)))
        gaps = {100 * (u - d) for u in set(ups) for d in {a / n for a, n in _shares(bottom)}}
        assert summed_gap_range(top, bottom) == pytest.approx((min(gaps), max(gaps)))
        checked += 1
    assert checked > 100


def test_a_range_is_rounded_outwards_so_it_holds_every_value():
    assert outwards(2.777778, 3.888889, 0.01) == (2.77, 3.89)
    assert outwards(0.75, 1.5, 0.01) == (0.75, 1.5)  # an end already on the step stays
    assert outwards(1.0, 13 / 3, 5) == (0, 5)
    assert outwards(-2.5, 0.04, 0.1) == (-2.5, 0.1)
