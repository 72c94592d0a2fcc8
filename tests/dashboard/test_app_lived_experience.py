"""Step 3: the survey year named, the organisation's survey gaps for a unit without its own,
themes deleted after a confirmation (AppTest on the sample trust)."""

from __future__ import annotations

from datetime import date

import pytest
from app_pages import (  # noqa: F401
    SAMPLE,
    choose_directorate,
    database,
    needs_sample,
    page,
    shown,
)

from dashboard.store import Store

pytestmark = [needs_sample, pytest.mark.usefixtures("database")]


def test_the_survey_year_behind_indicators_5_to_8_is_named():
    at = page("lived_experience")
    assert not at.exception
    # the sample's latest WRES year is 2025, which uses the survey run in autumn 2024
    assert any("NHS Staff Survey run in autumn 2024" in c.value for c in at.caption)


def test_a_unit_without_its_own_survey_results_shows_the_organisations():
    at = choose_directorate(page("lived_experience"), "HR & OD")
    assert not at.exception
    [note] = [shown(i.value) for i in at.info]
    assert "given for the whole organisation only, not for HR & OD" in note
    figures = at.dataframe[0].value  # the numbers behind the chart: the organisation's
    assert list(figures["Indicator"]) == ["WRES5", "WRES6", "WRES7", "WRES8"]
    assert (figures["BME respondents"] > 100).all()  # HR & OD has about 120 staff in all


def test_a_theme_is_deleted_after_a_confirmation_and_a_linked_one_is_refused():
    db = Store()
    ws = db.create_workspace(SAMPLE, organisation=SAMPLE)
    free = db.add_theme(ws.id, "Acting-up roles go to the same people", [], "Other",
                        date(2025, 2, 1))  # fmt: skip
    linked = db.add_theme(ws.id, "Panels are all White", [], "Other", date(2025, 1, 1))
    db.add_action(ws.id, "Diverse panels", indicator=None, theme_id=linked.id, owner="",
                  due=None, target_value=None, target_year=None)  # fmt: skip
    at = page("lived_experience")
    at.selectbox(key="theme_pick").select(free.id).run()
    at.button(key="theme_delete").click().run()
    assert any("Delete “Acting" in w.value for w in at.warning)
    assert len(db.themes(ws.id)) == 2  # not yet
    at.button(key="theme_delete_yes").click().run()
    assert not at.exception
    assert [t.text for t in db.themes(ws.id)] == ["Panels are all White"]
    at.selectbox(key="theme_pick").select(linked.id).run()
    at.button(key="theme_delete").click().run()
    at.button(key="theme_delete_yes").click().run()
    assert any("1 action(s) in the plan link to this theme" in shown(e.value) for e in at.error)
    assert [t.text for t in db.themes(ws.id)] == ["Panels are all White"]


def test_a_refused_theme_keeps_its_tags_and_a_saved_one_clears_the_form():
    at = page("lived_experience")
    at.text_input(key="theme_tags").input("progression, acting up")
    at.button[0].click().run()  # no text: refused
    assert any("theme text is empty" in shown(e.value) for e in at.error)
    assert at.text_input(key="theme_tags").value == "progression, acting up"
    at.text_area(key="theme_text").input("Staff describe being passed over")
    at.button[0].click().run()
    assert any("Theme added" in s.value for s in at.success)
    assert (
        at.text_area(key="theme_text").value == "" and at.text_input(key="theme_tags").value == ""
    )
    assert [t.tags for t in Store().themes(Store().workspace(SAMPLE).id)] == [
        ("progression", "acting up")
    ]


def test_the_wdes_page_shows_the_wdes_survey_figures():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(
        "from dashboard.views import lived_experience\nlived_experience.render()\n",
        default_timeout=120,
    )
    at.query_params["standard"] = "WDES"
    at.run()
    assert not at.exception
    assert any("The WDES's survey indicators come from the NHS Staff Survey run in autumn 2024"
               in c.value for c in at.caption)  # fmt: skip
    figures = at.dataframe[0].value  # the numbers behind the yes/no chart: the WDES's questions
    assert list(figures["Indicator"])[:2] == ["WDES4a-i", "WDES4a-ii"]
    assert "WRES5" not in set(figures["Indicator"])
    # the sample's WDES5 (2025): 412 of 783 Disabled respondents = 52.6%
    assert any("52.6" in str(v) for v in figures.astype(str).to_numpy().ravel())
    # WDES8 and the engagement score, not drawn in the yes/no chart, are said in words
    words = " ".join(m.value for m in at.markdown).replace("\\", "")  # markdown escapes
    assert "**WDES8**" in words and "**WDES9a**" in words
    assert "6.57" in words and "6.94" in words  # Disabled staff's score, the organisation's


def test_the_pay_gap_page_says_its_survey_figures_are_the_wres_s():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(
        "from dashboard.views import lived_experience\nlived_experience.render()\n",
        default_timeout=120,
    )
    at.query_params["standard"] = "PAYGAP"
    at.run()
    assert not at.exception
    assert any("pay gap view has no staff survey figures of its own" in c.value for c in at.caption)
    assert list(at.dataframe[0].value["Indicator"]) == ["WRES5", "WRES6", "WRES7", "WRES8"]


def test_without_survey_results_one_sentence_says_so_instead_of_an_empty_chart():
    from streamlit.testing.v1 import AppTest

    from dashboard.state import DataSet, _sample

    sample = _sample()
    counts = sample.counts
    no_survey = counts[~counts["indicator"].str.match(r"^(WRES[5-8]|WDES[4-9])")]
    at = AppTest.from_string(
        "from dashboard.views import lived_experience\nlived_experience.render()\n",
        default_timeout=120,
    )
    at.query_params["standard"] = "WDES"
    at.session_state["inclusivehr_dataset"] = DataSet(
        label="Your data", organisation=sample.organisation, counts=no_survey
    )
    at.run()
    assert not at.exception
    assert any("No staff survey results were given" in i.value for i in at.info)
    assert not at.get("vega_lite_chart") and not at.dataframe  # no empty chart, no empty table
