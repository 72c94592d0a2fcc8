"""Biggest gaps first: hand-built counts with known disadvantages."""

import pandas as pd

from metrics.counts.table import normalise
from metrics.standards.indicators import wres
from metrics.standards.summary import biggest_gaps, overview


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


def _counts(*items):
    return normalise(pd.DataFrame(list(items), columns=["indicator", "group", "numerator",
                                                        "denominator", "band"]))  # fmt: skip


STAFF = [("WRES1", "White", 700, 1000, "Band 5"), ("WRES1", "BME", 300, 1000, "Band 5")]


def test_a_unit_below_the_size_setting_is_too_small_to_tell():
    # 12 staff: fewer than 20, even though WRES2 alone would show a gap (RL 3.0)
    counts = _counts(("WRES1", "White", 8, 12, "Band 5"), ("WRES1", "BME", 4, 12, "Band 5"),
                     ("WRES2", "White", 300, 1000, None), ("WRES2", "BME", 100, 1000, None))  # fmt: skip
    result = overview(wres(counts))
    assert result.finding == "too_small"
    assert result.headcount == 12
    assert result.gaps == ()
    assert "too small to read patterns from" in result.sentence
    assert "no gap" not in result.sentence.lower()
    # the setting decides: with a limit of 10 the same unit is read
    assert overview(wres(counts), min_unit=10).finding == "gaps"


def test_no_gap_found_only_where_the_numbers_can_tell():
    # WRES3: BME 20 of 1000, White 20 of 1000 -> RL 1.00, 20 events each: ok, no gap
    # WRES4: White 1 of 50, BME 1 of 50 -> RL 1.00 on 1 event: small numbers, cannot tell
    counts = _counts(*STAFF, ("WRES3", "BME", 20, 1000, None), ("WRES3", "White", 20, 1000, None),
                     ("WRES4", "White", 1, 50, None), ("WRES4", "BME", 1, 50, None))  # fmt: skip
    result = overview(wres(counts))
    assert result.finding == "no_gap_found"
    assert result.tested == ("WRES3",)
    assert result.cannot_tell == ("WRES4",)
    assert result.no_data == ("WRES2", "WRES5", "WRES6", "WRES7", "WRES8")
    assert result.sentence.startswith("No gap found: indicator 3 shows no disadvantage")
    assert result.sentence.endswith("Indicator 4 has too few people to tell.")


def test_only_small_numbers_is_too_few_to_tell_never_no_gap():
    counts = _counts(*STAFF, ("WRES4", "White", 1, 50, None), ("WRES4", "BME", 1, 50, None),
                     ("WRES3", "BME", 0, 40, None), ("WRES3", "White", 0, 60, None))  # fmt: skip
    result = overview(wres(counts))
    assert result.finding == "too_few_to_tell"
    assert result.cannot_tell == ("WRES3", "WRES4")  # WRES3 no variation: nobody entered
    assert result.sentence.startswith("Too few people to tell")
    assert "no gap" not in result.sentence.lower()


def test_gaps_are_counted_and_the_unsure_ones_named():
    counts = _counts(*STAFF, ("WRES2", "White", 300, 1000, None), ("WRES2", "BME", 100, 1000, None),
                     ("WRES4", "White", 1, 50, None), ("WRES4", "BME", 1, 50, None))  # fmt: skip
    result = overview(wres(counts))
    assert result.finding == "gaps"
    assert [g.indicator for g in result.gaps] == ["WRES2"]
    assert result.sentence == (
        "1 figure shows BME staff faring worse. Indicator 4 has too few people to tell."
    )


def test_no_outcome_data_says_so():
    assert overview(wres(_counts(*STAFF))).finding == "no_data"


def test_wdes_gaps_follow_each_metric_s_direction_from_the_standard_file():
    from metrics.standards.indicators import report

    rows = [
        # WDES2: Non-disabled 300/1000 = 0.30, Disabled 100/1000 = 0.10 -> RL 3.0: "200% more"
        ("WDES2", "Non-disabled", 300, 1000, None), ("WDES2", "Disabled", 100, 1000, None),
        # WDES4a-i (harassment, higher is worse): Disabled 30% vs 15% -> +15 points, worse
        ("WDES4a-i", "Disabled", 300, 1000, None), ("WDES4a-i", "Non-disabled", 150, 1000, None),
        # WDES5 (equal opportunities, higher is better): Disabled 40% vs 50% -> -10: worse
        ("WDES5", "Disabled", 400, 1000, None), ("WDES5", "Non-disabled", 500, 1000, None),
        # WDES7 (feel valued, higher is better): Disabled 60% vs 40% -> +20, better: no gap
        ("WDES7", "Disabled", 600, 1000, None), ("WDES7", "Non-disabled", 400, 1000, None),
        # WDES1: overall 10 of 200 Disabled (5%); Band 8a 0 of 100 -> 5 more needed, 5 points
        ("WDES1", "Disabled", 0, 100, "Band 8a"), ("WDES1", "Non-disabled", 100, 100, "Band 8a"),
        ("WDES1", "Disabled", 10, 100, "Band 5"), ("WDES1", "Non-disabled", 90, 100, "Band 5"),
    ]  # fmt: skip
    counts = normalise(pd.DataFrame(rows, columns=["indicator", "group", "numerator",
                                                   "denominator", "band"]))  # fmt: skip
    found = overview(report(counts, standard="WDES"))
    assert [(g.indicator, round(g.size, 6)) for g in found.gaps] == [
        ("WDES2", 200.0), ("WDES4a-i", 15.0), ("WDES5", 10.0), ("WDES1", 5.0)
    ]  # fmt: skip
    assert found.sentence.startswith("4 figures show Disabled staff faring worse.")
    assert "WDES7" in found.tested  # tested, and no disadvantage
