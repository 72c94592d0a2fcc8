"""Pages render the sample trust without any exception (Streamlit's AppTest)."""

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.sample import SAMPLE_TRUST_WORKBOOK

pytestmark = pytest.mark.skipif(not SAMPLE_TRUST_WORKBOOK.exists(), reason="sample data missing")


def page(name: str) -> AppTest:
    return AppTest.from_string(
        f"from dashboard.views import {name}\n{name}.render()\n", default_timeout=90
    ).run()


def test_run_the_data_for_the_trust_and_for_hr_and_od():
    at = page("run_data")
    assert not at.exception
    assert at.title[0].value == "1. Run the data"
    headcount = int(at.metric[0].value.replace(",", ""))
    assert headcount > 7000
    assert at.selectbox(key="unit_year").value == 2025
    at.radio(key="unit_kind").set_value("A directorate").run()
    assert not at.exception
    assert at.selectbox(key="unit_dir").value == "HR & OD"
    unit_headcount = int(at.metric[0].value.replace(",", ""))
    assert 50 < unit_headcount < 300  # the sample's HR & OD has about 120 staff
    assert [s.value for s in at.subheader][:2] == ["Ethnic group", "Sex"]  # charts lead
    ethnicity = at.dataframe[0].value  # the tables behind them
    assert list(ethnicity.columns) == [
        "Ethnic group", "HR & OD: share (staff)", "Whole organisation: share (staff)"
    ]  # fmt: skip
    assert set(ethnicity["Ethnic group"]) >= {"White", "Mixed", "Asian or Asian British"}
    white = ethnicity.set_index("Ethnic group").loc["White", "HR & OD: share (staff)"]
    share, people = white.removesuffix(")").split("% (")
    assert float(share) == pytest.approx(100 * int(people) / unit_headcount, abs=0.05)


def test_run_the_data_has_no_duplicate_columns_for_the_whole_organisation():
    at = page("run_data")
    ethnicity = at.dataframe[0].value
    assert list(ethnicity.columns) == ["Ethnic group", "Whole organisation: share (staff)"]


@pytest.mark.parametrize("name,title", [("methods", "Methods"), ("privacy", "Privacy")])
def test_text_pages(name, title):
    at = page(name)
    assert not at.exception
    assert at.title[0].value == title


def test_review_lists_biggest_gaps_and_every_indicator():
    at = page("review")
    assert not at.exception
    assert at.title[0].value == "2. Review and analyse"
    table = at.dataframe[0].value
    assert list(table["Indicator"]) == [f"WRES{i}" for i in range(1, 10)]
    gaps = [m.value for m in at.markdown if m.value.startswith("- **WRES")]
    assert gaps, "the sample trust has gaps beyond chance (e.g. WRES2)"
    assert gaps[0].startswith("- **WRES2**")  # White applicants 1.5x as likely: the largest
    at.radio(key="unit_kind").set_value("A directorate").run()
    assert not at.exception
    assert "Whole organisation" in at.dataframe[0].value.columns


@pytest.fixture
def database(tmp_path, monkeypatch):
    """Each test gets its own database file; the app's cached store is dropped around it."""
    from dashboard.workspace import store

    monkeypatch.setenv("INCLUSIVEHR_DB_URL", f"sqlite:///{tmp_path / 'test.db'}")
    store.clear()
    yield tmp_path / "test.db"
    store.clear()


def test_lived_experience_theme_is_kept_after_a_rerun(database):
    at = page("lived_experience")
    assert not at.exception
    assert any("Do not enter names" in w.value for w in at.warning)
    at.text_area[0].input("Staff describe being passed over for acting-up roles")
    at.text_input[0].input("progression, acting up")
    at.button[0].click().run()
    assert not at.exception
    fresh = page("lived_experience")  # a new session: the theme comes from the database
    table = next(t.value for t in fresh.dataframe if "Theme" in t.value.columns)
    assert list(table["Theme"]) == ["Staff describe being passed over for acting-up roles"]
    assert table["Tags"][0] == "progression, acting up"


def test_action_added_then_edited_and_a_stale_edit_refused(database):
    from dashboard.store import StaleEditError, Store

    at = page("plan")
    assert not at.exception
    at.text_input[0].input("Diverse shortlisting panels for band 8a and above")
    at.text_input[1].input("Director of People")
    at.selectbox[0].select("WRES2")
    at.button[0].click().run()
    assert not at.exception
    db = Store()
    (action,) = db.actions(db.workspace("Northbrook Valley NHS Foundation Trust").id)
    assert action.indicator == "WRES2" and action.version == 1
    db.update_action(action.id, 1, status="in progress")  # another tab saves first
    with pytest.raises(StaleEditError):
        db.update_action(action.id, 1, status="done")  # this tab's copy is out of date
    assert db.actions(action.workspace_id)[0].status == "in progress"


def test_evaluate_and_share(database):
    at = page("evaluate")
    assert not at.exception
    assert at.title[0].value == "5. Evaluate and share"
    comparison = at.dataframe[0].value
    assert list(comparison["Indicator"]) == [f"WRES{i}" for i in range(1, 10)]
    summary = at.text_area[0].value
    assert "#InclusiveHR" in summary
    # the sample's board has fewer than 8 BME members, but board membership is public
    # (publish_board_composition), so the summary gives the board's shares, as the pack does
    assert "WRES9: withheld" not in summary and "of the board's voting members" in summary


def test_snapshot_saved_from_review_keeps_counts_only(database):
    from dashboard.store import Store
    from metrics.counts.table import COLUMNS

    at = page("review")
    next(b for b in at.button if b.label.startswith("Save these figures")).click().run()
    assert not at.exception
    db = Store()
    ws = db.workspace("Northbrook Valley NHS Foundation Trust")
    (snapshot,) = db.snapshots(ws.id)
    counts, results = db.load_snapshot(snapshot.id)
    assert list(counts.columns) == list(COLUMNS)
    assert results["year"] == 2025 and "WRES2" in results["indicators"]


def test_the_whole_app_opens_on_start_here_and_says_the_sample_is_fictional(database):
    from pathlib import Path

    app = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
    at = AppTest.from_file(str(app), default_timeout=90).run()
    assert not at.exception
    assert at.title[0].value == "Start here"
    notes = [c.value.replace("\\", "") for c in at.sidebar.caption]
    assert notes[0].startswith("Sample data: Northbrook Valley")
    assert any("fictional" in n for n in notes)


def _own_data_notice():
    import pandas as pd

    from dashboard.state import DataSet
    from dashboard.views.common import data_notice

    rows = pd.DataFrame({"group": ["BME"]})  # staff rows held in the tab
    data_notice(DataSet(label="Your data: staff.csv", organisation=None, counts=pd.DataFrame(),
                        staff=rows))  # fmt: skip


def _counts_notice():
    import pandas as pd

    from dashboard.state import DataSet
    from dashboard.views.common import data_notice

    data_notice(DataSet(label="Your data: counts.csv", organisation=None, counts=pd.DataFrame()))


def test_own_data_says_it_lasts_only_as_long_as_the_tab():
    at = AppTest.from_function(_own_data_notice).run()
    assert not at.exception
    assert at.caption[0].value == "Your data\\: staff\\.csv"  # escaped: file names are not markup
    assert "stay in this browser tab only" in at.caption[1].value
    assert "a reload brings the figures back" in at.caption[1].value


def test_counts_alone_say_no_rows_are_held():
    """A counts return or a warehouse's counts: there are no files' rows in the tab to speak of."""
    at = AppTest.from_function(_counts_notice).run()
    assert not at.exception
    assert "Only counts are held here" in at.caption[1].value
    assert "browser tab" not in at.caption[1].value


def test_board_pack_preview_and_downloads_built_only_when_clicked(database):
    at = page("evaluate")
    assert not at.exception
    assert not at.get("download_button")[1:]  # only the summary's until the pack is prepared
    at.toggle(key="pack_on").set_value(True).run()
    assert not at.exception
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    for label in ("PowerPoint", "PDF", "Excel workbook"):
        assert f"Download as {label}" in buttons
        button = buttons[f"Download as {label}"]
        assert button.url == "" and button.deferred_file_id  # built on the click, not each run
    preview = [m.value for m in at.markdown]
    assert "**The three largest gaps**" in preview
    assert any(line.startswith("- Appointed from shortlisting") for line in preview)
    assert not any("Not for publication" in w.value for w in at.warning)
    at.radio(key="pack_level").set_value("internal").run()
    assert not at.exception
    assert any(w.value.startswith("Not for publication") for w in at.warning)
