"""The Compare trusts page (AppTest): the funnel and league run on the pooled values when asked,
each region against the nation in a small table, each trust against its region in the league,
and "this trust, its region, the nation" in the highlighted trust's profile."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

SCRIPT = "from dashboard.views import compare\ncompare.render()\n"


@pytest.fixture(scope="module")
def year_app() -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=120).run()
    assert not at.exception
    return at


def table(at: AppTest, first: str):
    return next(t.value for t in at.dataframe if t.value.columns[0] == first)


def test_no_basis_choice_without_a_pool(year_app):
    assert not [r for r in year_app.radio if r.key == "net_on"]


def test_regions_against_the_nation_and_trusts_against_their_region(year_app):
    regions = table(year_app, "Region")
    assert list(regions.columns) == ["Region", "Against the nation", "Value (95% CI)", "Trusts"]
    assert len(regions) == 7  # the sample network's seven regions
    assert (
        regions["Against the nation"]
        .str.fullmatch(r"(Worse|Better) for BME staff|Cannot tell \(within chance\)")
        .all()
    )
    assert regions["Value (95% CI)"].str.contains(" to ").all()
    league = table(year_app, "Rank")
    assert "Against its region" in league.columns
    assert league["Against its region"].str.contains("than its region").any()
    assert any("Each region against the nation" in m.value for m in year_app.markdown)


def test_the_funnel_and_league_on_pooled_values():
    at = AppTest.from_string(SCRIPT, default_timeout=120).run()
    year_league = table(at, "Rank")
    at.selectbox(key="net_pool").set_value(3).run()
    at.radio(key="net_on").set_value("pooled").run()
    assert not at.exception
    infos = [i.value for i in at.info]
    assert "with a value pooled over 2023-2025" in infos[0]  # the pooled headline comes first
    assert any("added up over 2023-2025" in c.value for c in at.caption)
    league = table(at, "Rank")
    # the league's values are the pooled ones now
    assert (league["Value"] == league["Pooled 2023-2025 (95% CI)"].str.split(" ").str[0]).all()
    assert not league["Value"].equals(year_league["Value"])


def test_the_profile_says_trust_region_and_nation():
    at = AppTest.from_string(SCRIPT, default_timeout=120).run()
    trust = at.selectbox(key="net_highlight").options[1]
    at.selectbox(key="net_highlight").set_value(trust).run()
    assert not at.exception
    said = next(m.value for m in at.markdown if "this trust" in m.value)
    assert "its region" in said and "the nation" in said and "Against its region" in said
    assert "means BME" in said  # which way is worse


def test_a_year_left_out_of_the_pool_is_said_in_the_league():
    from pathlib import Path

    foi = Path(__file__).resolve().parents[2] / "sample_data" / "network" / "foi_returns.csv"
    at = AppTest.from_string(SCRIPT, default_timeout=120).run()
    at.file_uploader(key="net_upload").set_value([("foi.csv", foi.read_bytes(), "text/csv")]).run()
    next(b for b in at.button if b.key == "net_confirm").click().run()
    at.selectbox(key="net_pool").set_value(3).run()
    assert not at.exception
    league = table(at, "Rank").set_index("Trust")
    # Saltmarsh Coast did not hold its 2024 WRES2 counts: 2025 alone is pooled, and said
    said = league.loc["Saltmarsh Coast Ambulance Service NHS Trust", "Years left out of the pool"]
    assert said.startswith("2024 left out of the pool: a count was withheld or not given")
    assert "not held" in said
    assert league.loc["Thornbury Vale Community Health NHS Trust",
                      "Years left out of the pool"] == ""  # fmt: skip


def test_every_indicator_at_a_glance_follows_the_basis():
    at = AppTest.from_string(SCRIPT, default_timeout=120).run()
    at.selectbox(key="net_pool").set_value(3).run()
    at.radio(key="net_on").set_value("pooled").run()
    assert not at.exception
    glance = table(at, "Indicator").set_index("Indicator")
    # WRES1 (a workforce share) is the year's; relative likelihoods and survey gaps pooled
    assert glance.loc["WRES1", "On"] == "the year"
    assert glance.loc["WRES2", "On"] == "pooled" and glance.loc["WRES7", "On"] == "pooled"
    # WRES2's counts are the pooled league's: as many worse than equality as it lists
    league = table(at, "Rank")
    worse = "Worse for BME staff than equality"
    pooled_worse = int((league["Against equality"] == worse).sum())
    assert glance.loc["WRES2", worse] == str(pooled_worse)
    year = table(AppTest.from_string(SCRIPT, default_timeout=120).run(), "Rank")
    assert pooled_worse != int((year["Against equality"] == worse).sum())  # not the year's
