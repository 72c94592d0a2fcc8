"""The Compare trusts page with a pool over FOI returns (AppTest): a trust whose pool rests on
a withheld count ("<5") shows its pooled figure as a range in words, "between X and Y", in the
league's pooled column; on pooled values it has no rank and its note carries the range."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

SCRIPT = "from dashboard.views import compare\ncompare.render()\n"
FOI = Path(__file__).resolve().parents[2] / "sample_data" / "network" / "foi_returns.csv"
THORNBURY = "Thornbury Vale Community Health NHS Trust"
POOLED = "Pooled 2024-2025 (95% CI)"
# Thornbury, WRES3 (BME on top): 2024 BME "<5" of 189, White 25 of 1678; 2025 BME "<5" of 202,
# White 17 of 1673. Pooled BME 0..8 of 391, White 42 of 3351: smallest 0; largest
# (8/391) / (42/3351) = 0.0204604 / 0.0125336 = 1.63245, shown to two decimals rounded
# outwards (so the range shown holds every value): 1.64.


def league(at: AppTest):
    return next(t.value for t in at.dataframe if t.value.columns[0] == "Rank").set_index("Trust")


@pytest.fixture(scope="module")
def app() -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=120).run()
    at.file_uploader(key="net_upload").set_value(
        [("foi_returns.csv", FOI.read_bytes(), "text/csv")]
    ).run()
    next(b for b in at.button if b.key == "net_confirm").click().run()
    at.selectbox(key="net_indicator").set_value("WRES3").run()
    at.selectbox(key="net_pool").set_value(3).run()
    assert not at.exception
    return at


def test_the_pooled_column_says_the_range_in_words(app):
    table = league(app)
    assert table.loc[THORNBURY, POOLED] == "between 0.00 and 1.64"
    # a trust with exact counts keeps its pooled value and interval
    exact = table.loc["Saltmarsh Coast Ambulance Service NHS Trust", POOLED]
    assert " to " in exact and "between" not in exact


def test_on_pooled_values_the_range_trust_has_no_rank_and_its_note_gives_the_range(app):
    app.radio(key="net_on").set_value("pooled").run()
    assert not app.exception
    table = league(app)
    row = table.loc[THORNBURY]
    assert row["Rank"] == "–" and row["Value"] == "–"
    assert row[POOLED] == "between 0.00 and 1.64"
    assert "between 0.00 and 1.64" in row["Note"] and '"<5"' in row["Note"]
    assert "left off the pooled funnel" in row["Note"]
