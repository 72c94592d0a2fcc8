"""Compare trusts in BME staff's terms: each indicator's worse side and its words (data), worse /
better / cannot tell against equality and the network, NHS England's non-adverse range, and the
headline. Expected values are worked by hand in the comments."""

from __future__ import annotations

from metrics.compare.inputs import load_network
from metrics.compare.network import compare, headline, network_summary, verdict, within_range
from metrics.compare.trust_profile import trust_profile
from metrics.compare.values import NETWORK_INDICATORS, network_values
from metrics.standards.indicators import RATIOS, SURVEY
from tests.metrics.compare.test_network import NETWORK, counts, rows


def ratio_network():
    """WRES2, White on top: (appointed_W/shortlisted_W) / (appointed_B/shortlisted_B)."""
    return counts(
        # A: 0.30 / 0.15 = 2.00; Katz se = sqrt(1/30 - 1/100 + 1/15 - 1/100) = sqrt(0.08) = 0.2828
        # 95%: 2 * exp(±1.96 * 0.2828) = 1.149 to 3.482, wholly above 1: worse; outside 0.80-1.25
        rows("A", "WRES2", White=(30, 100), BME=(15, 100)),
        # B: 0.20 / 0.20 = 1.00, interval around 1: cannot tell; inside the range
        rows("B", "WRES2", White=(20, 100), BME=(20, 100)),
        # C: 0.10 / 0.20 = 0.50; se = sqrt(1/20 - 1/200 + 1/40 - 1/200) = sqrt(0.065) = 0.2550
        # 95%: 0.5 * exp(±0.4997) = 0.303 to 0.824, wholly below 1: better; outside the range
        rows("C", "WRES2", White=(20, 200), BME=(40, 200)),
        # D: 0.25 / 0.20 = 1.25 exactly; se = sqrt(1/25 - 1/100 + 1/20 - 1/100) = sqrt(0.07)
        # 95%: 1.25 * exp(±0.5186) = 0.744 to 2.100: cannot tell; inside (the end is included)
        rows("D", "WRES2", White=(25, 100), BME=(20, 100)),
        # E: 0.1254 / 0.1000 = 1.254, published as 1.25: inside the range;
        # se = sqrt(1/1254 - 1/10000 + 1/1000 - 1/10000) = 0.03997; 95%: 1.160 to 1.356: worse
        rows("E", "WRES2", White=(1254, 10000), BME=(1000, 10000)),
        # F: no White appointments: not computable, so in no count but "organisations"
        rows("F", "WRES2", White=(0, 50), BME=(5, 50)),
    )


def test_every_indicator_reads_in_words_from_the_reference_file():
    for ind, spec in NETWORK_INDICATORS.items():
        assert spec.direction.endswith("."), ind
        assert "_" not in spec.direction
    # a relative likelihood above 1 disadvantages BME staff, whichever group is on top
    for ind in RATIOS:
        assert NETWORK_INDICATORS[ind].worse == "above"
        assert NETWORK_INDICATORS[ind].direction.startswith("Above 1 means BME")
        assert NETWORK_INDICATORS[ind].non_adverse == (0.80, 1.25)
    # the survey gaps (BME % minus White %) agree with the single-trust report's direction
    for ind, (_label, _statement, higher_is_worse) in SURVEY.items():
        assert NETWORK_INDICATORS[ind].worse == ("above" if higher_is_worse else "below"), ind
    assert NETWORK_INDICATORS["WRES7"].worse == "below"  # fewer BME staff believe: worse
    assert NETWORK_INDICATORS["WRES9"].worse == "below"  # a board less diverse than its staff
    assert NETWORK_INDICATORS["WRES1"].worse is None  # a workforce share is no judgement
    assert NETWORK_INDICATORS["WRES1"].higher_is_better is None
    assert "A fair experience for all" in NETWORK_INDICATORS["WRES3"].non_adverse_source
    assert NETWORK_INDICATORS["WRES5"].non_adverse is None


def test_rank_one_says_whether_it_is_good_or_bad():
    assert NETWORK_INDICATORS["WRES2"].rank_one.startswith("Rank 1 = the least favourable")
    assert NETWORK_INDICATORS["WRES7"].rank_one.startswith("Rank 1 = the most favourable")
    assert "neither good nor bad" in NETWORK_INDICATORS["WRES1"].rank_one


def test_verdict_turns_sides_into_bme_terms():
    wres2, wres7, wres1 = (NETWORK_INDICATORS[i] for i in ("WRES2", "WRES7", "WRES1"))
    assert verdict(wres2, "above") == "worse" and verdict(wres2, "below") == "better"
    assert verdict(wres7, "above") == "better" and verdict(wres7, "below") == "worse"
    assert verdict(wres2, "neither") == "cannot_tell"
    assert verdict(wres1, "above") is None and verdict(wres2, None) is None


def test_within_range_uses_the_published_two_decimals():
    bounds = (0.80, 1.25)
    assert within_range(0.80, bounds) and within_range(1.25, bounds)  # ends included
    assert within_range(1.254, bounds)  # shown as 1.25
    assert not within_range(1.256, bounds)  # shown as 1.26
    assert not within_range(0.794, bounds)  # shown as 0.79
    assert within_range(None, bounds) is None and within_range(1.0, None) is None


def test_ratio_summary_counts_worse_better_and_the_non_adverse_range():
    result = compare(network_values(ratio_network()), "WRES2")
    by = {o.organisation: o.against_equality for o in result.organisations}
    assert by == {"A": "worse", "B": "cannot_tell", "C": "better", "D": "cannot_tell",
                  "E": "worse", "F": None}  # fmt: skip
    s = result.summary
    assert (s.trusts, s.organisations) == (5, 6)
    assert (s.worse, s.better, s.cannot_tell) == (2, 1, 2)  # A, E | C | B, D
    assert s.within_non_adverse_range == 3  # B 1.00, D 1.25, E 1.254 (shown 1.25)
    assert s.non_adverse == (0.80, 1.25)
    # the old counts are unchanged: for WRES2 above equality is worse
    assert (s.significantly_above, s.significantly_below) == (2, 1)
    words = headline(s)
    assert words.startswith("Of 5 trusts with a value in 2025 (6 in all): 2 worse for BME staff")
    assert "1 better for BME staff than equality" in words
    assert "2 cannot tell (within chance)" in words
    assert "3 trusts sit inside NHS England's non-adverse range of 0.80 to 1.25" in words
    assert "a range, not a test" in words


def test_wres3_puts_bme_staff_on_top_and_names_its_range():
    table = counts(
        # BME 10 of 100 entered, White 5 of 200: (10/100) / (5/200) = 4.00;
        # se = sqrt(1/10 - 1/100 + 1/5 - 1/200) = 0.5339; 95%: 4 * exp(±1.0465) = 1.41 to 11.39
        rows("A", "WRES3", BME=(10, 100), White=(5, 200)),
        # 4/100 against 4/100 = 1.00: cannot tell, inside the range
        rows("B", "WRES3", BME=(4, 100), White=(4, 100)),
    )
    s = compare(network_values(table), "WRES3").summary
    assert (s.worse, s.better, s.cannot_tell, s.within_non_adverse_range) == (1, 0, 1, 1)
    words = headline(s)
    assert "1 trust sits inside the non-adverse range set in A fair experience for all" in words


def test_a_gap_is_worse_on_the_side_the_indicator_says():
    # BME 30 of 100 against White 60 of 100: -30 points, Newcombe interval about -42 to -16,
    # wholly below 0. For WRES7 (believing in equal opportunities) that is worse for BME staff;
    # for WRES5 (harassment from the public) the same numbers are better.
    table = counts(
        rows("A", "WRES7", BME=(30, 100), White=(60, 100)),
        rows("A", "WRES5", BME=(30, 100), White=(60, 100)),
    )
    values = network_values(table)
    assert compare(values, "WRES7").get("A").against_equality == "worse"
    assert compare(values, "WRES5").get("A").against_equality == "better"
    wres7 = compare(values, "WRES7").summary
    assert (wres7.worse, wres7.better, wres7.cannot_tell) == (1, 0, 0)
    assert wres7.within_non_adverse_range is None  # a range for relative likelihoods only
    assert "non-adverse" not in headline(wres7)


def test_funnel_counts_in_bme_terms():
    # tiny network of test_network: A (2.00) is above the 95% limit on WRES2, so worse
    table = counts(
        rows("A", "WRES2", White=(40, 100), BME=(20, 100)),
        rows("B", "WRES2", White=(30, 100), BME=(30, 100)),
        rows("C", "WRES2", White=(50, 200), BME=(25, 100)),
    )
    s = compare(network_values(table), "WRES2").summary
    assert (s.funnel_above, s.funnel_below) == (1, 0)
    assert (s.funnel_worse, s.funnel_better) == (1, 0)


def test_wres1_has_no_worse_side():
    table = counts(
        rows("A", "WRES1", band="Band 5", White=(70, 100), BME=(20, 100)),
        rows("B", "WRES1", band="Band 5", White=(50, 100), BME=(50, 100)),
    )
    s = compare(network_values(table), "WRES1").summary
    assert s.worse is None and s.funnel_worse is None and s.within_non_adverse_range is None
    words = headline(s)
    assert "neither better nor worse for BME staff" in words and "equality" not in words


def test_a_network_with_no_values_says_so():
    table = counts(rows("F", "WRES2", White=(0, 50), BME=(5, 50)))
    assert headline(compare(network_values(table), "WRES2").summary) == (
        "No trust has a value for WRES2 in 2025."
    )


def test_summary_and_profile_carry_the_verdicts():
    values = network_values(ratio_network())
    wres2 = next(s for s in network_summary(values) if s.indicator == "WRES2")
    assert wres2.within_non_adverse_range == 3
    row = next(r for r in trust_profile(values, "C").rows if r.indicator == "WRES2")
    assert row.against_equality == "better"


def test_every_count_adds_up_on_the_sample():
    values = network_values(load_network([NETWORK]).counts)
    for s in network_summary(values):
        if s.worse is not None:
            assert s.worse + s.better + s.cannot_tell == s.trusts, s.indicator
            assert s.funnel_worse + s.funnel_better == s.funnel_above + s.funnel_below


# --- each fact once: the standard files hold the indicators, the readings file the sentences -----


def test_every_network_indicator_comes_from_a_standard_file_and_agrees_with_it():
    from metrics.compare.values import INDICATORS
    from metrics.standards.definitions import standard

    for ind, spec in INDICATORS.items():
        std = standard(spec.standard)
        if ind.endswith("-senior"):  # the view's own: a workforce share's top bands
            assert std.indicator(spec.base).kind == "representation" and spec.worse == "below"
            continue
        source = std.indicator(ind)
        assert spec.characteristic == std.characteristic_name, ind
        if source.kind == "representation":
            assert spec.worse is None, ind
        else:
            assert spec.worse == ("above" if source.higher_is_worse else "below"), ind
        if source.kind == "ratio":
            assert spec.first == source.top and spec.done == source.done, ind
        # the sentence says the same side as the standard's higher_is_worse
        if spec.worse is not None and spec.equality is not None:
            assert spec.direction.startswith(spec.worse.capitalize()), ind


def test_the_readings_file_holds_only_words_no_standard_holds():
    import tomllib
    from importlib import resources

    text = resources.files("metrics.reference").joinpath("network_readings.toml").read_text()
    readings = tomllib.loads(text)
    allowed = {"direction", "non_adverse", "non_adverse_source", "label"}
    for ind, words in readings.items():
        assert set(words) <= allowed, (ind, set(words) - allowed)
    # a title of its own only where the standard's wording is not what the figure is
    assert [ind for ind, words in readings.items() if "label" in words] == ["WDES8"]


def test_a_readings_file_out_of_step_with_the_standards_is_refused(monkeypatch):
    import pytest

    from metrics.compare import values
    from metrics.problems import InputError

    readings = values._readings()
    del readings["WDES9a"]
    readings["WRES99"] = {"direction": "Above 0 means nothing."}
    monkeypatch.setattr(values, "_readings", lambda: readings)
    with pytest.raises(InputError) as caught:
        values._specs()
    problem = caught.value.problems[0]
    assert problem.file == "metrics/reference/network_readings.toml"
    assert problem.message == (
        "the readings do not match the standards' indicators: no indicator WRES99; "
        "no reading for WDES9a"
    )
