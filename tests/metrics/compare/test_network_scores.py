"""Compare trusts on WDES9a: the Disabled minus non-disabled staff engagement score (0-10), as
published. No interval can be worked out from a published score, so trusts are ranked by the gap
with no funnel, rank range or verdict beyond chance. Expected values are worked by hand in the
comments."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.compare.network import NO_INTERVAL, compare, headline, network_summary
from metrics.compare.values import INDICATORS, network_values
from metrics.counts.table import normalise
from metrics.disclosure.control import DisclosureSettings


def scores(org, year=2025, **groups):
    """groups: Disabled=(score, respondents), Non=(...) for Non-disabled, All=(...); a list of
    pairs gives one row each (units of one trust)."""
    out = []
    for group, given in groups.items():
        name = "Non-disabled" if group == "Non" else group
        for score, respondents in given if isinstance(given, list) else [given]:
            out.append({"organisation": org, "region": "North", "trust_type": "Acute",
                        "year": year, "indicator": "WDES9a", "group": name, "numerator": None,
                        "denominator": respondents, "score": score})  # fmt: skip
    return out


def network():
    return normalise(
        pd.DataFrame(
            [
                # A: 6.50 - 7.00 = -0.50; the organisation 6.90. In 2024: 6.40 - 7.00 = -0.60,
                # so the change is -0.50 - (-0.60) = +0.10
                *scores("A", Disabled=(6.50, 200), Non=(7.00, 800), All=(6.90, 1000)),
                *scores("A", 2024, Disabled=(6.40, 180), Non=(7.00, 820), All=(6.88, 1000)),
                # B: 7.20 - 7.00 = +0.20 (Disabled staff scored higher)
                *scores("B", Disabled=(7.20, 50), Non=(7.00, 150), All=(7.05, 200)),
                # C: two units' Disabled scores pooled by respondents:
                # (6.0 x 100 + 7.0 x 300) / 400 = 2,700 / 400 = 6.75; 6.75 - 7.00 = -0.25
                *scores("C", Disabled=[(6.0, 100), (7.0, 300)], Non=(7.00, 500)),
                # D: no non-disabled score: not computable
                *scores("D", Disabled=(6.80, 90)),
                # E: 6.90 - 7.00 = -0.10 on 5 Disabled respondents: small numbers (under 11)
                *scores("E", Disabled=(6.90, 5), Non=(7.00, 100)),
                # F: 6.00 - 7.00 = -1.00 on 3 + 3 = 6 respondents: hidden when published
                *scores("F", Disabled=(6.00, 3), Non=(7.00, 3)),
            ]
        )
    )


@pytest.fixture(scope="module")
def values():
    return network_values(network())


def test_wdes9a_is_a_score_gap_read_from_the_standard_file():
    spec = INDICATORS["WDES9a"]
    assert (spec.kind, spec.unit, spec.equality) == ("score_gap", "score points", 0.0)
    assert (spec.first, spec.second, spec.worse) == ("Disabled", "Non-disabled", "below")
    assert spec.label == "Staff engagement score, Disabled − non-disabled"
    assert spec.direction.startswith("Below 0 means Disabled staff scored lower")


def test_each_trust_has_its_gap_and_scores_and_no_interval(values):
    result = compare(values, "WDES9a")
    by = {o.organisation: o for o in result.organisations}
    assert by["A"].value == pytest.approx(-0.50)
    assert by["A"].scores == {"Disabled": 6.50, "Non-disabled": 7.00, "All": 6.90}
    assert by["A"].change == pytest.approx(0.10)
    assert by["B"].value == pytest.approx(0.20)
    assert by["C"].value == pytest.approx(-0.25)
    assert by["C"].scores == {"Disabled": 6.75, "Non-disabled": 7.00, "All": None}
    assert by["D"].value is None and by["D"].status == "not_computable"
    assert by["D"].reason == "not computable: no score for non-disabled staff"
    assert by["E"].value == pytest.approx(-0.10) and by["E"].status == "small_numbers"
    assert by["A"].denominator == 1000  # 200 + 800 respondents
    for o in result.organisations:
        assert (o.ci_lower, o.ci_upper, o.significance, o.against_equality) == (None,) * 4
        assert o.funnel == "not_placed" and o.x is None
        assert o.rank_low is None and o.rank_high is None  # no interval: no rank range


def test_trusts_are_ranked_by_the_gap_most_favourable_first(values):
    result = compare(values, "WDES9a")
    # highest gap first: B +0.20, E -0.10, C -0.25, A -0.50, F -1.00; D has none
    assert [(o.organisation, o.rank) for o in result.organisations] == [
        ("B", 1), ("E", 2), ("C", 3), ("A", 4), ("F", 5), ("D", None),
    ]  # fmt: skip
    assert INDICATORS["WDES9a"].rank_one.startswith("Rank 1 = the most favourable to Disabled")


def test_the_summary_counts_sides_of_zero_and_claims_nothing_beyond_chance(values):
    summary = compare(values, "WDES9a").summary
    assert (summary.trusts, summary.organisations) == (5, 6)
    assert (summary.below_equality, summary.above_equality) == (4, 1)  # E, C, A, F; B
    assert summary.pooled is None and summary.median == pytest.approx(-0.25)
    for claim in ("worse", "better", "cannot_tell", "significantly_above", "funnel_worse"):
        assert getattr(summary, claim) is None, claim
    assert headline(summary) == (
        "Of 5 trusts with a value in 2025 (6 in all), Disabled staff scored lower than "
        "non-disabled staff in 4 trusts and higher in 1 trust. A lower score for Disabled staff "
        "is worse; no interval can be worked out from a published score, so whether a gap is "
        "beyond chance cannot be said."
    )
    assert "no interval can be worked out" in NO_INTERVAL


def test_a_trust_too_small_to_publish_has_its_gap_and_scores_hidden(values):
    result = compare(values, "WDES9a", publish=DisclosureSettings())
    small = result.get("F")
    assert small.status == "hidden" and small.value is None and small.scores is None
    assert small.rank is None
    # the others rank among themselves; 4 trusts keep a value
    assert [o.rank for o in result.organisations if o.rank] == [1, 2, 3, 4]
    assert result.summary.trusts == 4 and result.summary.below_equality == 3


def test_the_summary_of_every_wdes_indicator_includes_the_score_gap(values):
    summaries = network_summary(values, standard="WDES")
    assert "WDES9a" in [s.indicator for s in summaries]
    # the other WDES indicators have no rows here: nobody has a value
    assert all(s.trusts == 0 for s in summaries if s.indicator != "WDES9a")
