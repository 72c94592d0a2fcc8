"""Step 2's "Split by": each indicator for each group of a second characteristic beside all
staff, from the session's row-level files; small numbers hidden in every group."""

from __future__ import annotations

from app_pages import needs_sample
from streamlit.testing.v1 import AppTest

from dashboard.views.split import choices

pytestmark = needs_sample


def test_a_standard_is_never_split_by_its_own_characteristic():
    assert choices("WRES") == ["sex", "disability"]
    assert choices("WDES") == ["sex", "ethnicity"]
    assert choices("MEDICAL") == ["sex", "disability"]
    assert choices("PAYGAP") == []  # its own page splits by sex, ethnicity and disability


def review(standard: str | None = None) -> AppTest:
    at = AppTest.from_string(
        "from dashboard.views import review\nreview.render()\n", default_timeout=180
    )
    if standard:
        at.query_params["standard"] = standard
    return at.run()


def split_of(at: AppTest):
    return next(d.value for d in at.dataframe if "All staff" in d.value.columns)


def test_the_wres_split_by_sex_gives_each_indicator_for_women_and_men():
    from dashboard.state import _sample

    at = review()
    assert not at.exception
    assert at.selectbox(key="split_by").options == ["(no split)", "Sex", "Disability"]
    at.selectbox(key="split_by").select("sex").run()
    assert not at.exception
    table = split_of(at).set_index("Indicator")
    assert list(table.columns) == ["All staff", "Women", "Men"]
    # WRES1 among women, counted here from the staff rows: BME women / all women in post
    # (bank left out, Unknown ethnicity in the denominator), 2025
    staff = _sample().staff
    rows = staff[(~staff["bank"]) & (staff["year"] == 2025) & (staff["sex_group"] == "Female")]
    share = 100 * (rows["group"] == "BME").sum() / len(rows)
    assert table.loc["WRES1: BME share of the workforce", "Women"] == f"{share:.1f}%"
    # the headcount as it may be shown: rounded to 5 (6,098 women -> 6,100) unless exact
    assert table.loc["Staff (headcount)", "Women"] == f"{5 * round(len(rows) / 5):,}"
    # WRES3 rests on a handful of men's disciplinary cases: hidden for both groups, so it
    # cannot be worked back from all staff; shown with exact counts on
    wres3 = "WRES3: Entering formal disciplinary, BME vs White"
    assert set(table.loc[wres3, ["Women", "Men"]]) == {"hidden (small numbers)"}
    at.toggle(key="exact_counts").set_value(True).run()
    exact = split_of(at).set_index("Indicator")
    assert "hidden" not in exact.loc[wres3, "Women"]
    assert exact.loc["Staff (headcount)", "Women"] == f"{len(rows):,}"
    # the survey and the board cannot be split: said, not left out silently
    assert any("WRES5" in m.value for m in at.markdown)


def test_the_wdes_split_by_ethnicity_names_bme_and_white_staff():
    at = review("WDES")
    at.selectbox(key="split_by").select("ethnicity").run()
    assert not at.exception
    table = split_of(at)
    assert list(table.columns) == ["Indicator", "All staff", "White staff", "BME staff"]
    assert table["Indicator"].iloc[1].startswith("WDES1: ")


def test_counts_without_the_row_level_files_say_what_splitting_needs():
    from dashboard.state import DataSet, _sample

    s = _sample()
    at = AppTest.from_string(
        "from dashboard.views import review\nreview.render()\n", default_timeout=180
    )
    at.session_state["inclusivehr_dataset"] = DataSet(
        label="Your data: counts.csv", organisation=s.organisation, counts=s.counts
    )
    at.run()
    at.selectbox(key="split_by").select("sex").run()
    assert not at.exception
    assert any("needs the row-level files" in i.value for i in at.info)


def test_the_split_follows_the_unit_the_page_shows():
    from dashboard.state import _sample

    at = AppTest.from_string(
        "from dashboard.views import review\nreview.render()\n", default_timeout=180
    )
    at.query_params["unit"] = "directorate:Surgery"
    at.run()
    at.selectbox(key="split_by").select("sex").run()
    assert not at.exception
    table = split_of(at).set_index("Indicator")
    # women in Surgery, counted here from the staff rows (bank left out), 2025: rounded to 5
    staff = _sample().staff
    rows = staff[(~staff["bank"]) & (staff["year"] == 2025) & (staff["sex_group"] == "Female")
                 & (staff["directorate"] == "Surgery")]  # fmt: skip
    assert table.loc["Staff (headcount)", "Women"] == f"{5 * round(len(rows) / 5):,}"
    share = 100 * (rows["group"] == "BME").sum() / len(rows)
    assert table.loc["WRES1: BME share of the workforce", "Women"] == f"{share:.1f}%"


def test_the_split_chosen_on_step_2_goes_into_the_board_pack():
    from dashboard.views.split import CHOSEN

    at = AppTest.from_string(
        "import streamlit as st\n"
        "from dashboard.state import _sample\n"
        "from dashboard.views import split\n"
        "counts, chosen = split.for_pack(_sample(), 2025)\n"
        "by = chosen[1] if chosen else None\n"
        'st.text(f\'{by} {int((counts["characteristic"] == "sex").sum())}\')\n',
        default_timeout=180,
    )
    at.session_state[CHOSEN] = ("WRES", "sex")
    at.run()
    assert not at.exception
    by, rows = at.text[0].value.split()
    assert by == "sex" and int(rows) > 0
    at.session_state[CHOSEN] = ("WRES", "(no split)")
    at.run()
    assert at.text[0].value == "None 0"
