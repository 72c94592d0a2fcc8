"""The national figure on the funnel and the share of trusts in the non-adverse range by year:
valid offline specs whose words and tables come from the same figures."""

from __future__ import annotations

import json

import pytest

from dashboard import network_charts as nc
from dashboard.sample import SAMPLE_NETWORK_COUNTS
from metrics.compare.in_range import RangeYear, range_trend
from metrics.compare.inputs import load_network
from metrics.compare.network import compare
from metrics.compare.values import network_values


@pytest.fixture(scope="module")
def values():
    return network_values(load_network([SAMPLE_NETWORK_COUNTS]).counts, indicators=["WRES2"])


def offline(spec: dict) -> None:
    assert "http" not in json.dumps(spec).replace("https://vega.github.io/schema", "")


def test_the_national_figure_is_a_labelled_line(values):
    chart = nc.funnel_plot(compare(values, "WRES2"), None, 1.61)
    spec = chart.chart.to_dict()  # validates against the Vega-Lite schema
    offline(spec)
    assert "national figure, 1.61" in chart.alt_text
    assert "national 1.61" in json.dumps(spec)  # a word beside the line, not colour alone
    plain = nc.funnel_plot(compare(values, "WRES2"))
    assert "national" not in plain.alt_text


def test_the_in_range_trend_by_hand():
    trend = (RangeYear(2024, 4, 3, 75.0, 1), RangeYear(2025, 5, 2, 40.0, 2))
    chart = nc.in_range_trend("WRES2", trend)
    spec = chart.chart.to_dict()
    offline(spec)
    assert "75% in 2024, 40% in 2025" in chart.alt_text
    assert chart.table["% inside"].tolist() == ["75%", "40%"]
    assert chart.table["Inside the range"].tolist() == [3, 2]


def test_the_in_range_trend_on_the_sample(values):
    trend = range_trend(values, "WRES2")
    chart = nc.in_range_trend("WRES2", trend)
    chart.chart.to_dict()
    assert len(chart.table) == len(values.years())


def test_no_values_says_so():
    chart = nc.in_range_trend("WRES2", (RangeYear(2025, 0, 0, None, 0),))
    chart.chart.to_dict()
    assert chart.alt_text.startswith("No trust has")
