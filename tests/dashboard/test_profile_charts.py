"""Step 1's profile bars at a phone's width: every figure is on screen, whole."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import charts
from dashboard.profile_charts import HIDDEN_SECONDARY, profile_bars, profile_table
from tests.dashboard.test_chart_fit import as_streamlit, drawn_width, text_marks

UNIT = pd.DataFrame({"group": ["Disabled", "Non-disabled", "Unknown"], "headcount": [6, 86, 25]})
WHOLE = pd.DataFrame(
    {"group": ["Disabled", "Non-disabled", "Unknown"], "headcount": [527, 5833, 1523]}
)


@pytest.fixture
def chart() -> charts.Chart:
    table = profile_table({"HR & OD": UNIT, "Whole organisation": WHOLE}, "group",
                          exact=False, threshold=7)  # fmt: skip
    return profile_bars(table, "Disability")


def test_the_figures_are_worked_out_and_hidden_by_hand(chart):
    # 86 of 117 = 73.5%; 5,833 of 7,883 = 74.0%; 6 is 1..7, and 25 would give it back from 117
    shown = chart.table.set_index("Disability")
    assert shown.loc["Non-disabled", "HR & OD: share (staff)"] == "73.5% (86)"
    assert shown.loc["Non-disabled", "Whole organisation: share (staff)"] == "74.0% (5,833)"
    assert shown.loc["Disabled", "HR & OD: share (staff)"] == "fewer than 8"
    assert shown.loc["Unknown", "HR & OD: share (staff)"] == HIDDEN_SECONDARY


def test_each_figure_is_on_a_line_above_its_bar_cut_to_the_plots_width(chart):
    """At a long bar's end a figure such as "74.0% (5,833): Whole organisation" ran past a
    phone's screen and was cut off; from the plot's left edge, above the bar, it always fits."""
    spec = chart.chart.to_dict()
    (labels,) = text_marks(spec)
    assert labels["encoding"]["x"] == {"value": 0}
    assert labels["mark"]["limit"] == {"expr": "width"}
    assert labels["mark"]["baseline"] == "bottom" and labels["mark"]["dy"] < 0
    bar = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "bar")
    assert -labels["mark"]["dy"] > bar["mark"]["size"] / 2  # above the bar, not over it


@pytest.mark.parametrize("width", [358, 704, 1460])
def test_drawn_no_wider_than_its_container(chart, width):
    spec = as_streamlit(charts.for_streamlit(chart.chart.to_dict()), width, "dark")
    assert drawn_width(spec) <= width + 0.5


def test_a_side_with_no_staff_at_all_is_drawn_empty_not_refused():
    empty = pd.DataFrame({"group": pd.Series([], dtype=str), "headcount": pd.Series([], dtype=int)})
    table = profile_table({"HR & OD": empty, "Whole organisation": WHOLE}, "group",
                          exact=False, threshold=7)  # fmt: skip
    assert list(table["who"]) == ["Whole organisation"] * 3
    assert list(table["shown"]) == ["6.7% (527)", "74.0% (5,833)", "19.3% (1,523)"]
