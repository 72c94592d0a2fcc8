"""The casework charts: valid offline Vega-Lite specs whose words and tables say what is drawn."""

from __future__ import annotations

import json

import pytest

from dashboard.casework_charts import funnel_chart, trend_chart
from dashboard.views.casework import SAMPLE_CASES, SAMPLE_MEMBERS
from metrics.casework.bases import read_members
from metrics.casework.figures import compute
from metrics.casework.funnel import funnel
from metrics.casework.log import read_cases


@pytest.fixture(scope="module")
def figures():
    return compute(read_cases(SAMPLE_CASES), read_members(SAMPLE_MEMBERS))


def offline(spec: dict) -> None:
    text = json.dumps(spec)
    assert "http" not in text.replace("https://vega.github.io/schema", "")


def test_funnel_spec_validates_and_its_words_match_the_positions(figures):
    found = funnel(figures, "disciplinary")
    chart = funnel_chart(found, "disciplinary", "Alderwick Hospitals NHS Trust")
    spec = chart.chart.to_dict()  # validates against the Vega-Lite schema
    offline(spec)
    counts = found.counts()
    placed = len(found.points) - counts["not_placed"]
    assert len(chart.table) == placed
    above = counts["above_95"] + counts["above_99.8"]
    assert f"for {placed} employers" in chart.alt_text
    assert f"{above} above the 95% limit ({counts['above_99.8']} of them above 99.8%)" in (
        chart.alt_text
    )
    assert f"{found.target:.2f}" in chart.alt_text
    assert spec["description"] == chart.alt_text
    positions = set(chart.table["Against the funnel's limits"])
    assert positions <= {"within limits", "above 95% limit", "above 99.8% limit",
                         "below 95% limit", "below 99.8% limit"}  # fmt: skip


def test_a_funnel_with_no_employer_placed_says_so(figures):
    found = funnel(figures, "disciplinary")
    empty = type(found)(found.case_type, found.year, None, None, (), found.overdispersion)
    chart = funnel_chart(empty, "disciplinary")
    chart.chart.to_dict()
    assert "no employer has a value to plot" in chart.alt_text
    assert chart.table.empty


def test_trend_spec_validates_and_lists_each_year(figures):
    row = next(r for r in figures.rows if r.case_type == "all" and r.employer)
    chart = trend_chart(row.employer, "all kinds of", row.by_year)
    offline(chart.chart.to_dict())
    assert list(chart.table["Year"]) == [str(y.year) for y in row.by_year]
    for y in row.by_year:
        if y.likelihood.value is not None:
            assert f"{y.year}: {y.likelihood.value:.2f}" in chart.alt_text
