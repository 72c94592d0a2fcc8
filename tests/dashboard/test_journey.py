"""The journey's frame: Start here, one unit and year across pages and in the address, the
glossary, HR & OD under other names, band groups and small numbers (Streamlit's AppTest)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.sample import SAMPLE_TRUST_WORKBOOK

pytestmark = pytest.mark.skipif(not SAMPLE_TRUST_WORKBOOK.exists(), reason="sample data missing")
APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
DATASET = "inclusivehr_dataset"  # dashboard.state's session key


@pytest.fixture
def database(tmp_path, monkeypatch):
    from dashboard.workspace import store

    monkeypatch.setenv("INCLUSIVEHR_DB_URL", f"sqlite:///{tmp_path / 'test.db'}")
    store.clear()
    yield
    store.clear()


def page(name: str, *, query: dict | None = None, dataset=None) -> AppTest:
    at = AppTest.from_string(
        f"from dashboard.views import {name}\n{name}.render()\n", default_timeout=90
    )
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if dataset is not None:
        at.session_state[DATASET] = dataset
    return at.run()


def sample():
    from dashboard.state import _sample

    return _sample()


def caption(at: AppTest) -> str:
    """The page's first caption, unescaped (data text is escaped before it reaches Markdown)."""
    return at.caption[0].value.replace("\\", "")


# --- Start here -------------------------------------------------------------------------------


def test_start_here_is_the_default_page_and_links_the_next_step(database):
    at = AppTest.from_file(str(APP), default_timeout=90).run()
    assert not at.exception
    assert at.title[0].value == "Start here"
    steps = [m.value for m in at.markdown if m.value.startswith("**") and "·" in m.value]
    assert steps == [
        "**1. Run the data** · To do", "**2. Review and analyse** · To do",
        "**3. Understand lived experience** · To do", "**4. Identify themes and plan** · To do",
        "**5. Evaluate and share** · To do",
    ]  # fmt: skip
    (link,) = at.get("page_link")
    assert link.proto.label.startswith("Load your own data")
    assert link.proto.page.endswith("data")


def test_start_here_counts_themes_and_actions_from_the_store(database):
    from dashboard.workspace import store

    db = store()
    workspace = db.create_workspace("Northbrook Valley NHS Foundation Trust")
    db.add_theme(workspace.id, "Passed over for acting-up roles", ["progression"], "listening event",
                 date(2025, 5, 1))  # fmt: skip
    at = AppTest.from_file(str(APP), default_timeout=90).run()
    statuses = [c.value.replace("\\", "") for c in at.caption]
    assert "1 theme recorded." in statuses
    assert "0 actions planned." in statuses
    steps = [m.value for m in at.markdown if "·" in m.value]
    assert "**3. Understand lived experience** · ✓ Done" in steps
    # with work under way, the next step is the first one not done: step 2
    (link,) = at.get("page_link")
    assert link.proto.label == "Next: step 2, review and analyse"
    db.add_action(workspace.id, "Diverse shortlisting panels", indicator="WRES2", theme_id=None,
                  owner="Director of People", due=None, target_value=None, target_year=None)  # fmt: skip
    at.run()
    assert "**4. Identify themes and plan** · ✓ Done" in [m.value for m in at.markdown]


def test_reviewed_and_pack_shared_are_kept_for_the_workspace_across_sessions(database):
    from dashboard.workspace import store

    db = store()
    workspace = db.create_workspace("Northbrook Valley NHS Foundation Trust")
    db.mark_progress(workspace.id, "reviewed")  # step 2 looked at, in an earlier session
    db.mark_progress(workspace.id, "reviewed")  # twice is once
    db.mark_progress(workspace.id, "pack")  # a board pack downloaded
    assert db.progress(workspace.id) == {"reviewed", "pack"}
    at = AppTest.from_file(str(APP), default_timeout=90).run()  # a new session
    steps = [m.value for m in at.markdown if "·" in m.value]
    assert "**2. Review and analyse** · ✓ Done" in steps
    assert "**5. Evaluate and share** · ✓ Done" in steps
    assert "A board pack was downloaded." in [c.value.replace("\\", "") for c in at.caption]


def test_viewing_step_2_marks_the_workspace_reviewed(database):
    from dashboard.workspace import store

    at = AppTest.from_string("from dashboard.views import review\nreview.render()\n",
                             default_timeout=90).run()  # fmt: skip
    assert not at.exception
    db = store()
    workspace = db.workspace("Northbrook Valley NHS Foundation Trust")
    assert db.progress(workspace.id) == {"reviewed"}


# --- one unit and year across pages ------------------------------------------------------------


@pytest.fixture
def journey_app(tmp_path):
    """The app's navigation with file pages, so AppTest.switch_page can move between them."""
    for name in ("home", "run_data", "review"):
        (tmp_path / f"{name}.py").write_text(
            f"from dashboard.views import {name}\n{name}.render()\n"
        )
    (tmp_path / "app.py").write_text(
        "import streamlit as st\n"
        "from dashboard.state import current\n"
        "from dashboard.views.common import current_unit, register_pages\n"
        "pages = [st.Page('home.py', url_path='start', default=True),\n"
        "         st.Page('run_data.py', url_path='run'), st.Page('review.py', url_path='review')]\n"
        "register_pages(pages)\n"
        "st.navigation(pages).run()\n"
        "current_unit(current())\n"
    )
    return tmp_path / "app.py"


def test_unit_and_year_chosen_on_step_1_stay_chosen_on_step_2(database, journey_app):
    at = AppTest.from_file(str(journey_app), default_timeout=90).run()
    at.switch_page("run_data.py").run()
    at.selectbox(key="unit_year").set_value(2024).run()
    at.radio(key="unit_kind").set_value("A directorate").run()
    assert at.selectbox(key="unit_dir").value == "HR & OD"
    assert at.query_params == {"unit": "directorate:HR & OD", "year": "2024"}
    at.switch_page("review.py").run()
    assert not at.exception
    assert at.title[0].value == "2. Review and analyse"
    assert at.selectbox(key="unit_year").value == 2024
    assert at.radio(key="unit_kind").value == "A directorate"
    assert at.selectbox(key="unit_dir").value == "HR & OD"
    assert caption(at) == "Northbrook Valley NHS Foundation Trust, WRES 2024: HR & OD (directorate)"
    assert "Whole organisation" in at.dataframe[0].value.columns
    at.switch_page("home.py").run()  # a page without the picker
    at.switch_page("run_data.py").run()
    assert at.selectbox(key="unit_dir").value == "HR & OD"
    assert at.selectbox(key="unit_year").value == 2024


def test_the_address_opens_the_same_view():
    at = page("review", query={"unit": "directorate:HR & OD", "year": "2024"})
    assert not at.exception
    assert at.selectbox(key="unit_dir").value == "HR & OD"
    assert at.selectbox(key="unit_year").value == 2024
    assert caption(at).endswith("WRES 2024: HR & OD (directorate)")


def test_a_choice_is_written_to_the_address():
    at = page("run_data")
    assert at.query_params == {"unit": "whole", "year": "2025"}
    at.radio(key="unit_kind").set_value("A staff group").run()
    at.selectbox(key="unit_group").set_value("Medical and Dental").run()
    assert at.query_params == {"unit": "staff_group:Medical and Dental", "year": "2025"}


@pytest.mark.parametrize(
    "query",
    [{"unit": "directorate:No Such Place", "year": "2024"}, {"unit": "nonsense", "year": "1999"},
     {"unit": "whole", "year": "twenty"}],
)  # fmt: skip
def test_a_bad_address_falls_back_with_a_notice_not_an_error(query):
    at = page("run_data", query=query)
    assert not at.exception
    assert at.radio(key="unit_kind").value == "Whole organisation"
    (notice,) = [i.value for i in at.info if "link asked for" in i.value]
    assert "whole organisation and the latest year are shown instead" in notice
    assert at.selectbox(key="unit_year").value in (2024, 2025)


# --- HR & OD under another name, band groups ---------------------------------------------------


def _renamed(old: str, new: str):
    """The sample as counts only, with one directorate renamed."""
    from dashboard.state import DataSet

    counts = sample().counts.copy()
    counts["directorate"] = counts["directorate"].replace(old, new)
    return DataSet(label="Your data: counts.csv", organisation="Northbrook Valley NHS Foundation "
                   "Trust", counts=counts)  # fmt: skip


@pytest.mark.parametrize("name", ["People & OD", "Workforce & OD", "HR and OD", "Human Resources"])
def test_hr_and_od_under_another_name_is_offered_and_preselected(name):
    at = page("run_data", dataset=_renamed("HR & OD", name))
    at.radio(key="unit_kind").set_value("A directorate").run()
    assert not at.exception
    picker = at.selectbox(key="unit_dir")
    assert picker.value == name
    assert f"{name} (HR & OD)" in picker.options
    assert "Finance" in picker.options  # the others keep their own names


def test_counts_only_data_says_profiles_need_the_files():
    at = page("run_data", dataset=_renamed("HR & OD", "People & OD"))
    assert not at.exception
    assert any("need the staff files again" in i.value for i in at.info)
    assert list(at.dataframe[0].value["Ethnicity"]) == ["White", "BME", "Unknown"]


def test_a_band_group_is_a_unit():
    at = page("run_data")
    at.radio(key="unit_kind").set_value("A band group").run()
    at.selectbox(key="unit_band").set_value("Bands 8a-8b").run()
    assert not at.exception
    counts = sample().counts
    wanted = (counts["indicator"] == "WRES1") & (counts["year"] == 2025)
    wanted &= counts["band"].isin(["Band 8a", "Band 8b"])
    expected = int(counts.loc[wanted.fillna(False), "numerator"].sum())
    assert int(at.metric[0].value.replace(",", "")) == expected
    assert caption(at).endswith("Bands 8a-8b (band group)")
    review = page("review", query={"unit": "band_group:Bands 8a-8b", "year": "2025"})
    table = review.dataframe[0].value.set_index("Indicator")
    assert table.loc["WRES2", "Value"] == "no data"
    assert "no pay band" in table.loc["WRES2", "Can the numbers tell?"]


# --- small numbers ------------------------------------------------------------------------------


def test_a_unit_under_the_size_setting_is_too_small_to_read(monkeypatch):
    monkeypatch.setenv("INCLUSIVEHR_SMALL_UNIT", "1000")  # the sample's HR & OD has about 120
    at = page("review", query={"unit": "directorate:HR & OD", "year": "2025"})
    assert not at.exception
    (warning,) = [w.value for w in at.warning if "too small to read patterns from" in w.value]
    assert "fewer than 1000" in warning and "Hidden here" in warning
    table = at.dataframe[0].value
    assert set(table.loc[table["Indicator"] != "WRES9", "Value"]) == {"hidden: too few staff"}
    words = " ".join(m.value for m in at.markdown).lower()
    assert "no gap" not in words and "faring worse" not in words
    step1 = page("run_data", query={"unit": "directorate:HR & OD", "year": "2025"})
    assert [m.label for m in step1.metric] == ["Headcount"]  # no shares of a small unit
    assert not step1.dataframe


def test_small_groups_read_fewer_than_8_until_exact_counts_are_asked_for():
    at = page("run_data", query={"unit": "directorate:HR & OD", "year": "2025"})
    assert not at.exception
    assert at.toggle(key="exact_counts").value is False
    ethnicity = at.dataframe[0].value.set_index("Ethnic group")["HR & OD: share (staff)"]
    assert "fewer than 8" in set(ethnicity)
    assert not any(v.startswith("0.0% of 1") for v in ethnicity)
    at.toggle(key="exact_counts").set_value(True).run()
    exact = at.dataframe[0].value.set_index("Ethnic group")["HR & OD: share (staff)"]
    assert "fewer than 8" not in set(exact)
    small = [v for v in exact if v.endswith(")") and 1 <= int(v.split("(")[1][:-1]) <= 7]
    assert small, "the sample's HR & OD has at least one group of 1 to 7 people"


def test_review_hides_bands_of_fewer_than_8_staff():
    from dashboard.views.common import hide_small_bands
    from metrics.standards.indicators import wres

    counts = sample().counts
    report = wres(counts, organisation="Northbrook Valley NHS Foundation Trust", year=2025,
                  unit={"directorate": "HR & OD"})  # fmt: skip
    sizes = [int(p.extra["headcount"]) for p in report.indicators["WRES1"].parts]
    shown, dropped = hide_small_bands(report, exact=False)
    assert dropped == sum(1 for n in sizes if n <= 7)
    assert all(int(p.extra["headcount"]) >= 8 for p in shown.indicators["WRES1"].parts)
    assert hide_small_bands(report, exact=True) == (report, 0)


# --- glossary, sidebar -------------------------------------------------------------------------


def test_glossary_popover_defines_the_terms_on_the_page():
    at = page("review")
    text = " ".join(m.value for m in at.markdown)
    for term in ("BME", "White", "Relative likelihood", "Confidence interval", "Percentage points"):
        assert f"**{term}**:" in text


def test_glossary_has_every_term_the_issue_names():
    from dashboard.glossary import TERMS, define, tooltip

    assert set(TERMS) == {"BME", "White", "Disabled", "Non-disabled", "Unknown",
                          "Relative likelihood", "Confidence interval", "Pay gap",
                          "Percentage points", "Small numbers"}  # fmt: skip
    assert define("bme") == TERMS["BME"]
    assert tooltip("BME", "Unknown").startswith("**BME**: Black and minority ethnic")
    # shown on every standard's pages: the likelihood's direction names each standard's group
    assert "BME staff in the WRES" in define("relative likelihood")
    assert "Disabled staff in the WDES" in define("relative likelihood")


def test_a_wdes_page_defines_its_own_groups_not_the_ethnic_ones():
    at = page("review", query={"standard": "WDES"})
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "**Disabled**:" in text and "**Non-disabled**:" in text
    assert "**BME**:" not in text and "**White**:" not in text


def _network_notice():
    import pandas as pd

    from dashboard.state import NetworkData
    from dashboard.views.common import network_notice

    network_notice(NetworkData(label="Your returns: 12 trusts", counts=pd.DataFrame(),
                               values=None))  # fmt: skip


def test_compare_sidebar_names_the_returns_not_the_sample_trust():
    at = AppTest.from_function(_network_notice).run()
    assert not at.exception
    assert at.caption[0].value.replace("\\", "") == "Your returns: 12 trusts"
    assert "Northbrook" not in " ".join(c.value for c in at.caption)


def test_data_text_is_escaped_before_markdown():
    from dashboard.markup import md

    assert md("**bold** [link](http://x) :red[alert]") == (
        "\\*\\*bold\\*\\* \\[link\\]\\(http\\:\u2060//x\\) \\:\u2060red\\[alert\\]"
    )


def test_small_unit_setting_default_and_bad_values(monkeypatch):
    from dashboard.state import small_unit_size

    monkeypatch.delenv("INCLUSIVEHR_SMALL_UNIT", raising=False)
    assert small_unit_size() == 20
    for value, expected in (("35", 35), ("0", 20), ("abc", 20), ("-3", 20)):
        monkeypatch.setenv("INCLUSIVEHR_SMALL_UNIT", value)
        assert small_unit_size() == expected
