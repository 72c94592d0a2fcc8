"""The Compare trusts page with a pool, shrunken estimates and a typed national figure
(AppTest): the settings render, the table gains its columns in plain words, and the share of
trusts in the non-adverse range is drawn by year."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

SCRIPT = "from dashboard.views import compare\ncompare.render()\n"


@pytest.fixture(scope="module")
def app() -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=120).run()
    assert not at.exception
    at.selectbox(key="net_pool").set_value(3).run()
    at.checkbox(key="net_shrink").check().run()
    at.text_input(key="net_national").input("1.61").run()
    assert not at.exception
    return at


def league(at: AppTest):
    return next(t.value for t in at.dataframe if t.value.columns[0] == "Rank")


def test_the_league_gains_pooled_years_and_shrunken_columns(app):
    table = league(app)
    years = "Years worse for BME staff than the network (beyond the 95% limit)"
    assert {"Pooled 2023-2025 (95% CI)", years, "Shrunken estimate"} <= set(table.columns)
    assert table[years].str.fullmatch(r"\d of 3 \(beyond 99\.8%: \d\)").all()
    assert table["Pooled 2023-2025 (95% CI)"].str.contains(" to ").all()


def test_pooled_headline_national_line_and_range_trend(app):
    infos = [i.value for i in app.info]
    assert any("with a value pooled over 2023-2025" in text for text in infos)
    captions = " ".join(c.value for c in app.caption)
    assert "national figure, 1\\.61" in captions
    assert "non\\-adverse range for WRES2, 2022 to 2025" in captions
    assert any("% of trusts inside the 0.80-1.25" in m.value for m in app.markdown)
    limits = next(e for e in app.expander if e.label == "How the limits are worked out")
    assert any("Shrunken" in m.value for m in limits.markdown)  # the method one click away


def test_a_national_figure_that_is_not_a_number_is_said_and_left_out():
    at = AppTest.from_string(SCRIPT, default_timeout=120).run()
    at.text_input(key="net_national").input("about two").run()
    assert not at.exception
    assert any("should be a number" in w.value for w in at.warning)
