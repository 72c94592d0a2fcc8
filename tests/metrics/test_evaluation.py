"""Targets judged with their intervals; the shareable summary withholds what rests on small counts."""

import pandas as pd
import pytest

from metrics.counts import normalise
from metrics.evaluation import check_target, shareable_summary
from metrics.indicators import wres
from metrics.results import IndicatorResult


def result(ind, value, lo=None, hi=None):
    return IndicatorResult(id=ind, label=ind, value=value, ci_lower=lo, ci_upper=hi,
                           unit="relative likelihood")  # fmt: skip


@pytest.mark.parametrize(
    "ind,value,lo,hi,target,verdict",
    [
        ("WRES2", 1.10, 1.02, 1.19, 1.25, "met"),  # whole interval below the target
        ("WRES2", 1.50, 1.30, 1.80, 1.25, "not yet"),  # whole interval above
        ("WRES2", 1.20, 0.90, 1.60, 1.25, "cannot tell yet"),  # interval straddles it
        ("WRES7", -3.0, -6.0, -0.5, -5.0, "cannot tell yet"),  # aim up: -6 is below -5
        ("WRES7", -1.0, -2.5, 0.5, -5.0, "met"),
        ("WRES1", 30.0, None, None, 25.0, "met"),  # no interval: judged on the value
        ("WRES9", -12.0, None, None, -5.0, "not yet"),
    ],
)
def test_targets(ind, value, lo, hi, target, verdict):
    assert check_target(result(ind, value, lo, hi), target).verdict == verdict


def test_no_figure_cannot_be_judged():
    assert check_target(result("WRES3", None), 1.25).verdict == "cannot tell yet"


def test_summary_withholds_figures_resting_on_small_counts():
    rows = [
        ("WRES1", "White", 700, None, "Band 5"), ("WRES1", "BME", 300, None, "Band 5"),
        # WRES2 rests on 3 BME appointments: hidden, so the ratio is withheld
        ("WRES2", "White", 100, 400, None), ("WRES2", "BME", 3, 50, None),
        # WRES4 rests on large counts: shown
        ("WRES4", "White", 400, 700, None), ("WRES4", "BME", 150, 300, None),
    ]  # fmt: skip
    counts = normalise(pd.DataFrame(rows, columns=["indicator", "group", "numerator",
                                                   "denominator", "band"]))  # fmt: skip
    summary = shareable_summary(counts, wres(counts))
    text = "\n".join(summary.lines)
    assert "30.0% of our staff" in text and "about 1,000 staff" in text
    assert "WRES2: withheld" in text
    assert "White staff were 1.14 times as likely" in text  # (400/700)/(150/300) = 1.143
    assert set(summary.audit["action"]) <= {"suppressed", "rounded"}


def test_summary_board_line_gives_shares_not_exact_counts():
    # a board of 23 voting members, 9 BME and 14 White, beside a workforce 30% BME:
    # 9/23 = 39.1%, a difference of +9.1 points. 9 and 23 are publishable only rounded (10, 25),
    # so the line must not quote "9 of 23".
    rows = [
        ("WRES1", "White", 700, None, "Band 5", None), ("WRES1", "BME", 300, None, "Band 5", None),
        ("WRES9", "White", 14, 23, None, "voting"), ("WRES9", "BME", 9, 23, None, "voting"),
    ]  # fmt: skip
    counts = normalise(pd.DataFrame(rows, columns=["indicator", "group", "numerator",
                                                   "denominator", "band", "membership"]))  # fmt: skip
    text = "\n".join(shareable_summary(counts, wres(counts)).lines)
    assert "39.1% of the board's voting members" in text
    assert "+9.1 percentage points" in text
    assert "9 of 23" not in text and "(9" not in text
