"""Step 4: actions with targets about a unit and band, forms that keep what was typed, stale
edits refused visibly, deletion with a confirmation (AppTest on the sample trust)."""

from __future__ import annotations

import pandas as pd
import pytest
from app_pages import SAMPLE, assert_plain_tables, database, needs_sample, page  # noqa: F401

from dashboard.state import _sample
from dashboard.store import Store

pytestmark = [needs_sample, pytest.mark.usefixtures("database")]


def hr_band_8a_share() -> float:
    """The BME share of HR & OD's Band 8a in 2025, straight from the counts (Unknown counted)."""
    counts = _sample().counts
    rows = counts[(counts["indicator"] == "WRES1") & (counts["year"] == 2025)
                  & (counts["directorate"] == "HR & OD") & (counts["band"] == "Band 8a")]  # fmt: skip
    by_group = rows.groupby("group")["numerator"].sum()
    return 100 * by_group.get("BME", 0) / by_group.sum()


def fill(at, **values):
    for key, value in values.items():
        at.session_state[f"add_{key}"] = value


def test_an_action_with_a_band_target_is_added_with_its_baseline_from_the_data():
    at = page("plan")
    assert not at.exception
    at.text_input(key="add_title").input("Senior leadership programme for BME staff")
    at.selectbox(key="add_indicator").select("WRES1").run()
    at.selectbox(key="add_unit").select("directorate:HR & OD").run()
    at.selectbox(key="add_band").select("Band 8a").run()
    assert not at.exception
    expected = round(hr_band_8a_share(), 2)
    assert at.number_input(key="add_baseline_value").value == pytest.approx(expected)
    at.number_input(key="add_target_value").set_value(25.0)
    at.number_input(key="add_target_year").set_value(2027)
    at.text_input(key="add_owner").input("Director of People")
    at.button(key="add_action").click().run()
    assert not at.exception
    assert any("Action added" in s.value for s in at.success)
    assert at.text_input(key="add_title").value == ""  # cleared only on success
    db = Store()
    [action] = db.actions(db.workspace(SAMPLE).id)
    assert (action.indicator, action.unit, action.band) == ("WRES1", "directorate:HR & OD",
                                                            "Band 8a")  # fmt: skip
    assert (action.baseline_value, action.target_value, action.target_year) == (
        pytest.approx(expected), 25.0, 2027,
    )  # fmt: skip
    table = at.dataframe[0].value
    assert list(table["Unit"]) == ["HR & OD"] and list(table["Band"]) == ["Band 8a"]
    assert table["Indicator"][0].startswith("WRES1: ")
    assert_plain_tables(at)


def test_a_refused_form_keeps_everything_typed():
    at = page("plan")
    at.text_input(key="add_title").input("Reverse mentoring")
    at.text_input(key="add_owner").input("Chief People Officer")
    at.number_input(key="add_target_value").set_value(1.1)  # a target with no indicator or year
    at.button(key="add_action").click().run()
    assert not at.exception
    assert at.error and "Not added" in at.error[0].value
    assert at.text_input(key="add_title").value == "Reverse mentoring"
    assert at.text_input(key="add_owner").value == "Chief People Officer"
    assert at.number_input(key="add_target_value").value == 1.1
    assert Store().actions(Store().workspace(SAMPLE).id) == []


def add_one(title="Fair shortlisting panels"):
    db = Store()
    ws = db.create_workspace(SAMPLE, organisation=SAMPLE)
    return db, db.add_action(ws.id, title, indicator="WRES2", theme_id=None, owner="HRD",
                             due=None, target_value=1.25, target_year=2027)  # fmt: skip


def test_a_stale_edit_is_refused_visibly_and_keeps_the_typed_text():
    db, action = add_one()
    at = page("plan")
    at.selectbox(key="edit_pick").select(action.id).run()
    assert at.text_input(key="edit_title").value == "Fair shortlisting panels"
    db.update_action(action.id, 1, title="Edited in another tab")  # another tab saves first
    at.text_input(key="edit_title").input("Edited in this tab")
    at.button(key="edit_save").click().run()
    assert not at.exception
    assert any("Someone else changed this action" in e.value for e in at.error)
    assert at.text_input(key="edit_title").value == "Edited in this tab"  # not reverted
    assert db.actions(action.workspace_id)[0].title == "Edited in another tab"
    at.button(key="edit_reload").click().run()
    assert not at.exception
    assert at.text_input(key="edit_title").value == "Edited in another tab"
    assert not any("Someone else" in e.value for e in at.error)
    at.text_input(key="edit_title").input("Edited again, now on the latest version")
    at.button(key="edit_save").click().run()
    assert db.actions(action.workspace_id)[0].title == "Edited again, now on the latest version"


def test_an_action_is_deleted_only_after_a_confirmation_and_kept_marked():
    import sqlalchemy as sa

    db, action = add_one()
    at = page("plan")
    at.selectbox(key="edit_pick").select(action.id).run()
    at.button(key="edit_delete").click().run()
    assert any("Delete “Fair shortlisting panels”" in w.value for w in at.warning)
    assert db.actions(action.workspace_id) == [action]  # not yet
    at.button(key="edit_delete_no").click().run()
    assert not at.warning and db.actions(action.workspace_id) == [action]
    at.button(key="edit_delete").click().run()
    at.button(key="edit_delete_yes").click().run()
    assert not at.exception
    assert db.actions(action.workspace_id) == []
    assert any("No actions yet" in c.value for c in at.caption)
    with sa.create_engine(db.where).connect() as conn:
        kept = conn.execute(sa.text("SELECT title, deleted_at FROM actions")).all()
    assert [(t, d is not None) for t, d in kept] == [("Fair shortlisting panels", True)]


def test_the_plan_table_speaks_plain_words():
    db, _ = add_one()
    ws = db.workspace(SAMPLE)
    theme = db.add_theme(ws.id, "Panels are all White", [], "Listening event",
                         pd.Timestamp("2025-01-10").date())  # fmt: skip
    db.add_action(ws.id, "Listening circles", indicator=None, theme_id=theme.id, owner="",
                  due=None, target_value=None, target_year=None)  # fmt: skip
    at = page("plan")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Target"]) == ["1.25", "no target set"]
    assert list(table["Indicator"]) == ["WRES2: Appointed from shortlisting, White vs BME", "none"]
    assert list(table["Unit"]) == ["Whole organisation", "Whole organisation"]
    assert list(table["Theme"]) == ["", "Panels are all White"]
    assert_plain_tables(at)


def test_on_the_wdes_pages_an_action_can_target_a_wdes_indicator():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(
        "from dashboard.views import plan\nplan.render()\n", default_timeout=120
    )
    at.query_params["standard"] = "WDES"
    at.run()
    assert not at.exception
    options = at.selectbox(key="add_indicator").options
    assert options[1].startswith("WDES1: ")  # the chosen standard's indicators first
    assert any(o.startswith("WRES3: ") for o in options)  # the others still offered
    at.text_input(key="add_title").input("Fair recruitment panels")
    at.selectbox(key="add_indicator").select("WDES2").run()
    # the baseline is the data's own WDES2 (the whole organisation, 2025): counted here from
    # the rows, (appointed / shortlisted) of Non-disabled over that of Disabled applicants
    counts = _sample().counts
    rows = counts[(counts["indicator"] == "WDES2") & (counts["year"] == 2025)]
    by = rows.groupby("group")[["numerator", "denominator"]].sum()
    rate = by["numerator"] / by["denominator"]
    expected = rate["Non-disabled"] / rate["Disabled"]
    assert at.number_input(key="add_baseline_value").value == pytest.approx(expected, abs=0.01)
    at.number_input(key="add_target_value").set_value(1.0)
    at.number_input(key="add_target_year").set_value(2027)
    at.button(key="add_action").click().run()
    assert not at.exception
    db = Store()
    [action] = db.actions(db.workspace(SAMPLE).id)
    assert action.indicator == "WDES2"


def wdes_cluster_2_share() -> float:
    """The Disabled share of WDES Cluster 2 (bands 5 to 7, both sides) in 2025, straight from
    the counts (Unknown counted)."""
    counts = _sample().counts
    rows = counts[(counts["indicator"] == "WDES1") & (counts["year"] == 2025)
                  & counts["band"].isin(["Band 5", "Band 6", "Band 7"])
                  & counts["characteristic"].isna()]  # fmt: skip
    by_group = rows.groupby("group")["numerator"].sum()
    return 100 * by_group.get("Disabled", 0) / by_group.sum()


def test_a_wdes1_cluster_target_is_added_with_its_baseline_and_shown_in_the_plan():
    at = page("plan")
    at.text_input(key="add_title").input("Reasonable adjustments passport")
    at.selectbox(key="add_indicator").select("WDES1").run()
    assert "Cluster 2" in at.selectbox(key="add_band").options
    assert "Band 8a" not in at.selectbox(key="add_band").options  # WDES1 is by cluster
    at.selectbox(key="add_band").select("Cluster 2").run()
    assert not at.exception
    expected = round(wdes_cluster_2_share(), 2)
    assert at.number_input(key="add_baseline_value").value == pytest.approx(expected)
    at.number_input(key="add_target_value").set_value(20.0)
    at.number_input(key="add_target_year").set_value(2027)
    at.button(key="add_action").click().run()
    assert not at.exception
    assert any("Action added" in s.value for s in at.success)
    db = Store()
    [action] = db.actions(db.workspace(SAMPLE).id)
    assert (action.indicator, action.band) == ("WDES1", "Cluster 2")
    table = at.dataframe[0].value
    assert list(table["Band"]) == ["Cluster 2"]


def test_a_pay_gap_target_is_added_for_the_whole_organisation():
    at = page("plan")
    at.text_input(key="add_title").input("Open pay ranges")
    at.selectbox(key="add_indicator").select("PAYGAP-SEX-MEDIAN").run()
    assert not at.exception
    # the sample's median hourly gap by sex is exactly 0.0% in 2025 (sample_data/README)
    assert at.number_input(key="add_baseline_value").value == 0.0
    at.number_input(key="add_target_value").set_value(5.0)
    at.number_input(key="add_target_year").set_value(2027)
    at.button(key="add_action").click().run()
    assert not at.exception
    db = Store()
    [action] = db.actions(db.workspace(SAMPLE).id)
    assert (action.indicator, action.unit, action.band) == ("PAYGAP-SEX-MEDIAN", None, None)
    table = at.dataframe[0].value
    assert table["Indicator"][0] == "PAYGAP-SEX-MEDIAN: median hourly pay gap by sex, %"
