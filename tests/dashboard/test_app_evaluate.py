"""Step 5 never dead-ends: with one year it shows the summary, each target judged on its own
unit's figure and the board pack; the comparison appears with a second year or a saved
snapshot, which can be chosen as the baseline (AppTest on the sample trust)."""

from __future__ import annotations

import pytest
from app_pages import (  # noqa: F401
    SAMPLE,
    assert_plain_tables,
    cells,
    choose_year,
    database,
    needs_sample,
    page,
)
from streamlit.testing.v1 import AppTest

from dashboard.store import Store
from dashboard.workspace import BASELINE_SNAPSHOT

pytestmark = [needs_sample, pytest.mark.usefixtures("database")]

# The sample trust's 2025 counts only, as from an extract whose year was read from a title row.
ONE_YEAR = """
from dashboard.state import DataSet, _sample, replace
_s = _sample()
replace(DataSet(label="Your data: staff.xlsx", organisation=_s.organisation,
                counts=_s.counts[(_s.counts["year"] == 2025).to_numpy()].reset_index(drop=True),
                notes=["Year 2025 read from the title row 'Staff in Post at 31/03/2025'."]))
"""


def plan(db: Store) -> None:
    ws = db.create_workspace(SAMPLE, organisation=SAMPLE)
    db.add_action(ws.id, "Leadership programme", indicator="WRES1", theme_id=None, owner="HRD",
                  due=None, target_value=90.0, target_year=2027, unit="directorate:HR & OD",
                  band="Band 8a", baseline_value=10.0)  # fmt: skip
    db.add_action(ws.id, "Estates outreach", indicator="WRES1", theme_id=None, owner="",
                  due=None, target_value=1.0, target_year=2027, unit="directorate:Nowhere")  # fmt: skip
    db.add_action(ws.id, "Listening circles", indicator="WRES7", theme_id=None, owner="",
                  due=None, target_value=None, target_year=None)  # fmt: skip


def targets(at):
    return next(t.value for t in at.dataframe if "Target reached?" in t.value.columns)


def test_with_one_year_the_page_still_shares_judges_and_offers_the_pack():
    plan(Store())
    at = page("evaluate", ONE_YEAR)
    assert not at.exception
    assert any("comparison with a baseline appears once" in i.value for i in at.info)
    assert "#InclusiveHR" in at.text_area[0].value
    assert at.toggle(key="pack_on") is not None
    table = targets(at)
    # nobody's Band 8a in HR & OD is 90% BME: judged on that band, not yet; a directorate the
    # data does not hold has no figure; an action without a target says so in words
    assert list(table["Target reached?"]) == ["not yet", "no data", "no target set"]
    assert list(table["Unit"]) == ["HR & OD, Band 8a", "Nowhere", "Whole organisation"]
    # what the target is about and the verdict come first, so a screen shows them without
    # scrolling the table sideways; the indicator's long name and the baseline come after
    assert list(table.columns)[:5] == ["Action", "Unit", "Target", "Latest figure",
                                       "Target reached?"]  # fmt: skip
    assert "Baseline 2025" not in " ".join(
        [m.value for m in at.markdown] + [c.value for c in at.caption]
    )
    assert not any("Baseline (" in c for c in cells(at))


def test_the_board_pack_is_built_for_the_journeys_year(monkeypatch):
    from dashboard.views import evaluate

    asked: list[int | None] = []
    real = evaluate.pack_for
    monkeypatch.setattr(
        evaluate, "pack_for", lambda *a, **k: asked.append(k["year"]) or real(*a, **k)
    )
    evaluate._pack.clear()
    at = page("evaluate")
    choose_year(at, 2024)  # the journey's year, not the latest
    at.toggle(key="pack_on").set_value(True).run()
    assert not at.exception
    assert asked == [2024]
    assert any("Preview of the headline slide" in c.value for c in at.caption)


def test_with_two_years_the_comparison_and_the_judged_targets_show_in_words():
    plan(Store())
    at = page("evaluate")
    assert not at.exception
    comparison = at.dataframe[0].value
    assert list(comparison.columns) == ["Indicator", "What it measures", "Baseline (2024)",
                                        "Latest (2025)", "Change", "Latest 95% interval",
                                        "Worse for BME staff when"]  # fmt: skip
    assert list(comparison["Indicator"]) == [f"WRES{i}" for i in range(1, 10)]
    # each row says which way is worse: WRES3 (disciplinary) is worse above 1.00
    wres3 = comparison.set_index("Indicator").loc["WRES3"]
    assert wres3["Worse for BME staff when"].startswith("Above 1.00")
    assert "disciplinary" in wres3["What it measures"].lower()
    assert_plain_tables(at)
    assert not any(c in ("None", "nan") for c in cells(at))


def test_a_saved_snapshot_can_be_the_baseline_even_of_the_same_year():
    from dashboard.state import _sample

    db = Store()
    ws = db.create_workspace(SAMPLE, organisation=SAMPLE)
    counts = _sample().counts
    snap = db.save_snapshot(ws.id, "March board", counts[(counts["year"] == 2025).to_numpy()], {})
    at = page("evaluate", ONE_YEAR)
    at.session_state[BASELINE_SNAPSHOT] = snap.id  # chosen on Your workspace
    at.run()
    assert not at.exception
    assert at.selectbox(key="evaluate_baseline").value == f"snapshot:{snap.id}"
    columns = list(at.dataframe[0].value.columns)
    assert columns[2:4] == ["Baseline (snapshot “March board”, 2025)", "Latest (2025)"]
    change = at.dataframe[0].value["Change"]
    assert set(change) <= {"+0.00", "-0.00", "not computable"}  # the same figures: no change


def test_the_wdes_page_shares_the_wdes_summary_and_judges_a_wdes_target():
    db = Store()
    ws = db.create_workspace(SAMPLE, organisation=SAMPLE)
    db.add_action(ws.id, "Reasonable adjustments", indicator="WDES1", theme_id=None, owner="",
                  due=None, target_value=100.0, target_year=2027, unit="whole",
                  band=None)  # fmt: skip
    at = AppTest.from_string(
        f"{ONE_YEAR}\nfrom dashboard.views import evaluate\nevaluate.render()\n",
        default_timeout=120,
    )
    at.query_params["standard"] = "WDES"
    at.run()
    assert not at.exception
    text = at.text_area[0].value
    assert text.startswith("Workforce Disability Equality Standard 2025")
    assert "of our staff are recorded as Disabled" in text and "#InclusiveHR" in text
    # nobody's workforce is all Disabled: judged on the whole organisation's WDES1, not yet
    assert list(targets(at)["Target reached?"]) == ["not yet"]


def test_a_cluster_target_and_a_pay_gap_target_are_judged_on_their_own_figures():
    db = Store()
    ws = db.create_workspace(SAMPLE, organisation=SAMPLE)
    db.add_action(ws.id, "Adjustments passport", indicator="WDES1", theme_id=None, owner="",
                  due=None, target_value=100.0, target_year=2027, unit="whole",
                  band="Cluster 2")  # fmt: skip
    db.add_action(ws.id, "Open pay ranges", indicator="PAYGAP-SEX-MEDIAN", theme_id=None,
                  owner="", due=None, target_value=5.0, target_year=2027, unit="whole")  # fmt: skip
    at = page("evaluate")  # the sample trust, its staff rows in the session
    assert not at.exception
    table = targets(at)
    cluster, pay = table.to_dict("records")
    # no cluster is all Disabled: the Disabled share of Cluster 2 is below 100%
    assert (cluster["Unit"], cluster["Target reached?"]) == (
        "Whole organisation, Cluster 2", "not yet")  # fmt: skip
    # the sample trust's median hourly gap by sex is exactly 0.0% in 2025 (sample_data/README:
    # pay sits on exact pay points and the middle woman and man share one): at most 5%, met
    assert (pay["Latest figure"], pay["Target reached?"]) == ("0", "met")
    assert pay["Indicator"] == "PAYGAP-SEX-MEDIAN: median hourly pay gap by sex, %"
    assert_plain_tables(at)
