"""Biggest gaps first: hand-built counts with known disadvantages."""

import pandas as pd

from metrics.counts import normalise
from metrics.indicators import wres
from metrics.summary import biggest_gaps


def test_gaps_beyond_chance_are_listed_largest_first():
    rows = [
        # WRES2: White 300/1000 = 0.30, BME 100/1000 = 0.10 -> RL 3.0, "200% more likely"
        ("WRES2", "White", 300, 1000, None), ("WRES2", "BME", 100, 1000, None),
        # WRES3: BME 20/1000 vs White 20/1000 -> RL 1.0: not a gap
        ("WRES3", "BME", 20, 1000, None), ("WRES3", "White", 20, 1000, None),
        # WRES8: BME 300/1000 = 30%, White 100/1000 = 10% -> +20 points, worse
        ("WRES8", "BME", 300, 1000, None), ("WRES8", "White", 100, 1000, None),
        # WRES7: BME 60% vs White 40% -> +20 points but better for BME: not a gap
        ("WRES7", "BME", 600, 1000, None), ("WRES7", "White", 400, 1000, None),
        # WRES1: overall 50% BME; band 8a 10 of 100 BME -> 40 points short
        ("WRES1", "White", 90, 100, "Band 8a"), ("WRES1", "BME", 10, 100, "Band 8a"),
        ("WRES1", "White", 410, 900, "Band 5"), ("WRES1", "BME", 490, 900, "Band 5"),
    ]  # fmt: skip
    counts = normalise(pd.DataFrame(rows, columns=["indicator", "group", "numerator",
                                                   "denominator", "band"]))  # fmt: skip
    gaps = biggest_gaps(wres(counts))
    assert [g.indicator for g in gaps] == ["WRES2", "WRES1", "WRES8"]
    assert round(gaps[0].size, 6) == 200.0
    assert round(gaps[1].size, 6) == 40.0
    assert round(gaps[2].size, 6) == 20.0
