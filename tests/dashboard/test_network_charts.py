"""The funnel plot and the trends for Compare trusts: valid offline specs, words that match the
points, no red/green, and sizes through the publication rule."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard import charts
from dashboard import network_charts as nc
from dashboard.sample import SAMPLE_NETWORK_COUNTS
from metrics.compare.inputs import load_network
from metrics.compare.network import compare
from metrics.compare.values import network_values
from metrics.counts.table import normalise


@pytest.fixture(scope="module")
def values():
    return network_values(load_network([SAMPLE_NETWORK_COUNTS]).counts)


def small_network():
    """Three trusts' WRES2; Tiny has 3 + 3 shortlisted (a size of 6, hidden when published)."""
    rows = []
    for org, (aw, sw, ab, sb) in {
        "Big": (120, 400, 60, 300), "Mid": (50, 200, 20, 100), "Tiny": (2, 3, 1, 3),
    }.items():  # fmt: skip
        for group, n, d in (("White", aw, sw), ("BME", ab, sb)):
            rows.append({"organisation": org, "region": "North", "trust_type": "Acute",
                         "year": 2025, "indicator": "WRES2", "group": group,
                         "numerator": n, "denominator": d})  # fmt: skip
    return network_values(normalise(pd.DataFrame(rows)))


@pytest.mark.parametrize("indicator", ["WRES1", "WRES1-senior", "WRES2", "WRES5", "WRES9"])
def test_funnel_spec_validates_stays_offline_and_carries_its_words(values, indicator):
    comparison = compare(values, indicator)
    chart = nc.funnel_plot(comparison, comparison.organisations[0].organisation)
    spec = chart.chart.to_dict()  # validates against the Vega-Lite schema
    text = json.dumps(spec)
    assert "http" not in text.replace("https://vega.github.io/schema", "")  # nothing fetched
    assert spec["description"] == chart.alt_text
    assert chart.alt_text.startswith(f"Funnel plot of {indicator} in 2025")


def test_funnel_words_count_the_positions_the_comparison_gives(values):
    comparison = compare(values, "WRES2")
    placed = [o for o in comparison.organisations if o.funnel != "not_placed"]
    above = sum(o.funnel.startswith("above") for o in placed)
    below = sum(o.funnel.startswith("below") for o in placed)
    chart = nc.funnel_plot(comparison)
    assert f"for {len(placed)} trusts" in chart.alt_text
    assert f"{above} above the 95% limit" in chart.alt_text
    assert f"{below} below" in chart.alt_text
    assert len(chart.table) == len(placed)


def test_beyond_the_limits_is_told_by_shape_and_word_not_colour_alone():
    colours = {c for _, c, _ in nc.POSITION_STYLE.values()}
    assert colours <= set(charts.PALETTE)  # the colour-blind-safe palette: no red/green pair
    shapes = {w: s for w, _, s in nc.POSITION_STYLE.values()}
    assert shapes["within limits"] == "circle"
    assert (
        shapes["above 95% limit"] == "triangle-up" and shapes["below 95% limit"] == "triangle-down"
    )


def test_a_trust_whose_size_is_hidden_is_left_off_the_funnel():
    comparison = compare(small_network(), "WRES2")
    chart = nc.funnel_plot(comparison)
    assert list(chart.table["Trust"]) == ["Big", "Mid"]  # Tiny's 6 shortlisted are not shown
    assert "for 2 trusts" in chart.alt_text


def test_headcount_funnel_sizes_are_rounded_to_five(values):
    chart = nc.funnel_plot(compare(values, "WRES1"))
    assert (chart.table["Staff in post (rounded to 5)"] % 5 == 0).all()


def test_the_highlighted_trust_is_named_and_labelled(values):
    comparison = compare(values, "WRES4")
    trust = comparison.organisations[10].organisation
    chart = nc.funnel_plot(comparison, trust)
    assert f"Highlighted: {trust}" in chart.alt_text
    datasets = chart.chart.to_dict()["datasets"].values()
    labelled = {row["Label"] for rows in datasets for row in rows if row.get("Label")}
    beyond = {o.organisation for o in comparison.organisations if o.funnel.endswith("99.8")}
    assert labelled == beyond | {trust}  # the highlighted trust and the outliers beyond 99.8%


def test_no_values_gives_a_chart_that_says_so():
    empty = network_values(normalise(pd.DataFrame([
        {"organisation": "A", "year": 2025, "indicator": "WRES2", "group": "White",
         "numerator": 0, "denominator": 0}])))  # fmt: skip
    chart = nc.funnel_plot(compare(empty, "WRES2"))
    assert "no trust has a value" in chart.alt_text
    chart.chart.to_dict()


def test_trends_draw_one_panel_per_trust_with_every_year(values):
    comparison = compare(values, "WRES2")
    names = tuple(o.organisation for o in comparison.organisations)
    chart = nc.trends(values, "WRES2", names, names[0])
    spec = chart.chart.to_dict()
    assert spec["facet"]["field"] == "Trust" and spec["columns"] == 2
    assert set(chart.table["Trust"]) == set(names)
    assert sorted(chart.table["Year"].unique()) == [2022, 2023, 2024, 2025]
    assert f"for {len(names)} trusts, one panel each" in chart.alt_text


def test_trends_are_capped_for_readability(values):
    frame = values.frame
    many = pd.concat([frame.assign(organisation=frame["organisation"] + f" {k}")
                      for k in range(2)], ignore_index=True)  # fmt: skip
    big = type(values)(many)
    names = tuple(sorted(many["organisation"].unique()))
    chart = nc.trends(big, "WRES2", names)
    assert len(names) > nc.TRENDS_MAX
    assert f"(the first {nc.TRENDS_MAX} of {len(names)})" in chart.alt_text
    assert chart.chart.to_dict()["facet"]["sort"] == list(names[: nc.TRENDS_MAX])


def _survey_network():
    """WRES5 for one trust: 9 of 41 BME (21.95%) and 30 of 120 White (25%) respondents."""
    rows = [{"organisation": "Small", "region": "North", "trust_type": "Acute", "year": 2025,
             "indicator": "WRES5", "group": g, "numerator": n, "denominator": d}
            for g, n, d in (("BME", 9, 41), ("White", 30, 120))]  # fmt: skip
    return network_values(normalise(pd.DataFrame(rows)))


def test_funnel_and_trends_give_shares_only_to_the_step_their_rounded_size_allows():
    """'21.95% beside about 40' is 9 of 41 exactly: the chart's table, tooltips and drawn data
    carry whole per cent or coarser, so the count cannot be worked back. Its size, 161, is
    published as 160 (the precision funnel still places the point at its exact precision, so that
    it sits against its own limits); a step of s points spans s x 160 / 100 people, at least 5 only from s = 5
    (steps 1, 2, 5, ...), so the gap of -3.05 points is published as -5."""
    values = _survey_network()
    comparison = compare(values, "WRES5")
    drawn = [o for o in comparison.organisations if o.value is not None]
    assert drawn and abs(drawn[0].value - (9 / 41 - 30 / 120) * 100) < 0.01
    funnel = nc.funnel_plot(comparison)
    trends = nc.trends(values, "WRES5", ("Small",))
    for chart in (funnel, trends):
        data = json.dumps(chart.chart.to_dict())
        assert "3.05" not in data and "3.04" not in data
    assert list(funnel.table["Value"]) == ["-5 points"]
    assert list(trends.table["Value"]) == ["-5 points"]


# --- the WDES and published pay gaps ----------------------------------------------------------


@pytest.mark.parametrize("indicator", ["WDES2", "WDES3", "WDES4a-i", "WDES8", "WDES10"])
def test_wdes_funnels_and_trends_draw_with_their_own_words(indicator):
    from tests.metrics.compare.test_network_wdes import wdes_network

    values = network_values(wdes_network())
    comparison = compare(values, indicator)
    chart = nc.funnel_plot(comparison, "A")
    spec = chart.chart.to_dict()  # validates against the Vega-Lite schema
    assert spec["description"] == chart.alt_text
    assert chart.alt_text.startswith(f"Funnel plot of {indicator} in 2025")
    assert "BME" not in json.dumps(spec) and "White" not in json.dumps(spec)
    if indicator == "WDES4a-i":  # a gap's x-axis note names the two groups
        assert "Disabled and Non-disabled respondents" in chart.note
    trend = nc.trends(values, indicator, ("A", "B"), "A")
    trend.chart.to_dict()


def test_the_pay_gap_chart_says_which_way_each_bar_goes():
    from metrics.compare.gpg import read_gpg
    from tests.metrics.compare.test_gpg import line, upload

    table = read_gpg(upload(line("A Trust", "5", "4"), line("B Trust", "1", "-2"),
                            line("C Trust", "3", "")))  # fmt: skip
    chart = nc.pay_gaps(table)
    spec = chart.chart.to_dict()
    assert spec["description"] == chart.alt_text
    # 2 ranked (C has no median): A 4.0 pays women less, B -2.0 pays men less
    assert chart.alt_text == (
        "Median hourly gender pay gap of 2 employers as published on the GOV.UK service, "
        "largest first: 1 pays women less and 1 pays men less. Largest gap: A Trust at 4.0% "
        "(women paid less); smallest: B Trust at -2.0% (men paid less). The median employer's "
        "gap is 1.0%. Dashed line: no gap."
    )
    assert list(chart.table["Employer"]) == ["A Trust", "B Trust", "C Trust"]
    assert list(chart.table["Median hourly gap"]) == [
        "4.0% (women paid less)", "-2.0% (men paid less)", "–"
    ]  # fmt: skip
    colours = json.dumps(spec).lower()
    assert "#d55e00" not in colours and "green" not in colours  # no red/green
    empty = nc.pay_gaps(read_gpg(upload(line("C Trust", "3", ""))))
    assert empty.alt_text == "No employer in the file has a median hourly pay gap to draw."


def bars_of(spec: dict) -> pd.DataFrame:
    """The trusts drawn: the one dataset with a Trust column (the other is the zero line)."""
    found = [rows for rows in spec["datasets"].values() if rows and "Trust" in rows[0]]
    assert len(found) == 1
    return pd.DataFrame(found[0])


def test_score_gaps_are_bars_from_zero_with_words_from_the_data():
    from tests.metrics.compare.test_network_scores import network as score_network

    comparison = compare(network_values(score_network()), "WDES9a")
    chart = nc.score_gaps(comparison, highlight="C")
    spec = chart.chart.to_dict()  # validates against the Vega-Lite schema
    text = json.dumps(spec)
    assert "http" not in text.replace("https://vega.github.io/schema", "")
    assert spec["description"] == chart.alt_text
    # B +0.20 first, A -0.50 last; D has no gap and F (3 + 3 respondents) is too small to
    # draw; 3 gaps below 0 (E, C, A), 1 above (B)
    assert chart.alt_text == (
        "WDES9a in 2025: the gap between Disabled staff's and non-disabled staff's staff "
        "engagement scores for 4 trusts, most favourable to Disabled staff first: Disabled "
        "staff scored lower in 3 and higher in 1. Highest gap: B at +0.20 points; lowest: A at "
        "-0.50 points. Dashed line: no gap."
    )
    drawn = bars_of(spec)
    assert list(drawn["Trust"]) == ["B", "E", "C", "A"]
    readings = ["better for Disabled staff"] + ["worse for Disabled staff"] * 3
    assert list(drawn["Reading"]) == readings
    assert "#009E73" not in text and "#D55E00" not in text  # no green, no red
    assert list(chart.table["Gap"])[:2] == ["+0.20 points", "-0.10 points"]


def test_a_hidden_trust_is_left_off_the_score_chart():
    from metrics.disclosure.control import DisclosureSettings
    from tests.metrics.compare.test_network_scores import network as score_network

    comparison = compare(network_values(score_network()), "WDES9a", publish=DisclosureSettings())
    chart = nc.score_gaps(comparison)
    drawn = bars_of(chart.chart.to_dict())
    assert "F" not in set(drawn["Trust"])  # 3 + 3 respondents: hidden
    row = chart.table.set_index("Trust").loc["F"]
    assert (row["Gap"], row["Disabled staff score"]) == ("hidden (size 1-7)", "–")
