"""The standard picker beside the unit: WRES by default, carried in the address, remembered for
the workspace's data, and a standard the data cannot feed says what it needs (AppTest)."""

from __future__ import annotations

import re

import pytest
from app_pages import cells, needs_sample
from streamlit.testing.v1 import AppTest

pytestmark = needs_sample
DATASET = "inclusivehr_dataset"  # dashboard.state's session key


def page(name: str, *, query: dict | None = None, dataset=None) -> AppTest:
    at = AppTest.from_string(
        f"from dashboard.views import {name}\n{name}.render()\n", default_timeout=120
    )
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if dataset is not None:
        at.session_state[DATASET] = dataset
    return at.run()


def counts_only():
    """The sample trust as counts only (as after a reload): no staff rows in the session."""
    from dashboard.state import DataSet, _sample

    s = _sample()
    return DataSet(label="Your data: counts.csv", organisation=s.organisation, counts=s.counts)


def test_the_wres_is_the_default_and_stays_out_of_the_address():
    at = page("run_data")
    assert not at.exception
    assert at.selectbox(key="standard").value == "WRES"
    assert "standard" not in at.query_params  # every older link reads as before
    assert any("WRES 2025" in c.value for c in at.caption)


def test_the_address_chooses_the_standard_and_a_choice_is_written_back():
    at = page("run_data", query={"standard": "paygap"})  # any case
    assert not at.exception
    assert at.selectbox(key="standard").value == "PAYGAP"
    assert at.query_params["standard"] == "PAYGAP"
    at.selectbox(key="standard").set_value("MEDICAL").run()
    assert not at.exception
    assert at.query_params["standard"] == "MEDICAL"
    at.selectbox(key="standard").set_value("WRES").run()
    assert "standard" not in at.query_params


def test_the_choice_is_kept_across_pages_and_for_its_workspace_only():
    from dashboard.state import DataSet

    at = AppTest.from_string(
        "import streamlit as st\nfrom dashboard.views import review, run_data\n"
        "(review if st.session_state.get('page') == 'review' else run_data).render()\n",
        default_timeout=120,
    ).run()
    at.selectbox(key="standard").set_value("MEDICAL").run()
    at.query_params.clear()  # Streamlit clears the address on a page change
    at.session_state["page"] = "review"
    at.run()
    assert not at.exception
    assert at.title[0].value == "2. Review and analyse"
    assert at.selectbox(key="standard").value == "MEDICAL"
    assert at.query_params["standard"] == "MEDICAL"
    other = counts_only()
    at.query_params.clear()
    at.session_state[DATASET] = DataSet(label="Your data", organisation="Another Trust",
                                        counts=other.counts)  # fmt: skip
    at.run()
    assert at.selectbox(key="standard").value == "WRES"  # another workspace: its own choice


def test_an_unknown_standard_in_a_link_falls_back_to_the_wres_with_a_notice():
    at = page("run_data", query={"standard": "<b>XYZ</b>"})
    assert not at.exception
    assert at.selectbox(key="standard").value == "WRES"
    assert any("does not know" in i.value for i in at.info)
    assert "<b>" not in " ".join(i.value for i in at.info)  # data text is escaped


def test_a_standard_the_data_cannot_feed_says_what_it_needs():
    at = page("run_data", query={"standard": "PAYGAP"}, dataset=counts_only())
    assert not at.exception
    words = " ".join(i.value for i in at.info)
    assert "Pay gaps need the staff file itself, with an hourly pay column" in words
    picker = at.selectbox(key="standard")
    assert "Pay gaps (needs more data)" in picker.options
    assert "WRES (race)" in picker.options  # the counts feed the WRES
    assert not at.dataframe  # no empty figures under the message


def test_after_a_reload_pay_gaps_ask_for_the_staff_file_again():
    from dataclasses import replace
    from datetime import UTC, datetime

    restored = replace(counts_only(), restored_at=datetime(2025, 4, 2, tzinfo=UTC))
    at = page("run_data", query={"standard": "PAYGAP"}, dataset=restored)
    assert not at.exception
    words = " ".join(i.value for i in at.info)
    assert "Pay gaps need the staff file itself" in words
    assert "Load it again: a reload brings back the counts, never the rows of a file" in words


@pytest.mark.parametrize("standard,first", [("WRES", "Ethnic group"), ("WDES", "Disability"),
                                            ("PAYGAP", "Sex")])  # fmt: skip
def test_step_1_profiles_each_characteristic_by_its_groups(standard, first):
    from dashboard.state import _sample

    at = page("run_data", dataset=wdes_counts())  # the sample's staff rows and a WDES return
    at.selectbox(key="standard").set_value(standard).run()
    assert not at.exception
    titles = [s.value for s in at.subheader]
    assert titles[0] == first
    assert {"Ethnic group", "Sex", "Disability"} <= set(titles)
    tables = {t.value.columns[0]: t.value for t in at.dataframe}
    disability = tables["Disability"].set_index("Disability")
    assert list(disability.index) == ["Disabled", "Non-disabled", "Unknown"]
    assert list(tables["Sex"]["Sex"]) == ["Female", "Male", "Unknown"]
    # the whole organisation's Disabled share, counted independently from the staff rows
    staff = _sample().staff
    rows = staff[(~staff["bank"]) & (staff["year"] == 2025)]
    disabled = int((rows["disability_group"] == "Disabled").sum())
    shown = disability.loc["Disabled", "Whole organisation: share (staff)"]
    assert shown == f"{100 * disabled / len(rows):.1f}% ({disabled:,})"


def test_pay_gaps_on_step_2_give_the_six_figures_in_plain_words():
    from dashboard.state import _sample

    at = page("review", query={"standard": "PAYGAP"})
    assert not at.exception
    assert [s.value for s in at.subheader][:2] == ["The six figures",
                                                   "Who is in each quarter of the pay range"]  # fmt: skip
    metrics = {m.label: m.value for m in at.metric}
    # independently: the median of men's and of women's hourly pay, staff in post in 2025
    staff = _sample().staff
    rows = staff[(~staff["bank"]) & (staff["year"] == 2025) & staff["hourly_pay"].notna()]
    men = rows.loc[rows["sex_group"] == "Male", "hourly_pay"].median()
    women = rows.loc[rows["sex_group"] == "Female", "hourly_pay"].median()
    assert metrics["Median hourly pay gap"] == f"{(men - women) / men * 100:.1f}%"
    words = " ".join(m.value for m in at.markdown)
    assert "A positive gap means women are paid less, the worse way for them" in words
    if "bonus" not in staff:  # no bonus column: said in words, no figure (not a zero)
        assert "Median bonus gap" not in metrics
        assert any("no bonus column" in c.value for c in at.caption)
    assert any("Pay scheme" in t.value.columns for t in at.dataframe)
    at.radio(key="paygap_by").set_value("disability").run()
    assert not at.exception
    assert "Disabled staff" in " ".join(m.value for m in at.markdown)


def wdes_counts():
    """The sample trust's WRES counts and staff rows, with a hand-made WDES return for 2025 in
    place of its own (numbers by hand below)."""
    import pandas as pd

    from dashboard.state import DataSet, _sample
    from metrics.counts.table import normalise

    s = _sample()
    rows = []

    def add(indicator, group, num, den, **keys):
        rows.append({"organisation": s.organisation, "year": 2025, "indicator": indicator,
                     "group": group, "numerator": num, "denominator": den, **keys})  # fmt: skip

    # WDES1: Band 5 clinical 40 Disabled / 340 Non-disabled / 20 Unknown (400);
    #        Band 8a non-clinical 2 / 45 / 3 (50). Overall Disabled 42 of 450 = 9.3%
    for band, clinical, counts in (("Band 5", True, (40, 340, 20)),
                                   ("Band 8a", False, (2, 45, 3))):  # fmt: skip
        for group, n in zip(("Disabled", "Non-disabled", "Unknown"), counts, strict=True):
            add("WDES1", group, n, sum(counts), band=band, clinical=clinical)
    # WDES2: Non-disabled 60 of 300 appointed (0.20), Disabled 10 of 100 (0.10): RL 2.00,
    # Katz interval exp(ln 2 +- 1.96 sqrt(1/60 - 1/300 + 1/10 - 1/100)) = 1.07 to 3.76
    add("WDES2", "Non-disabled", 60, 300)
    add("WDES2", "Disabled", 10, 100)
    # WDES4a-i: Disabled 30 of 100 yes (30%), Non-disabled 200 of 1000 (20%): +10 points
    add("WDES4a-i", "Disabled", 30, 100)
    add("WDES4a-i", "Non-disabled", 200, 1000)
    wdes = normalise(pd.DataFrame(rows))
    wres = s.counts[s.counts["indicator"].astype(str).str.startswith("WRES").to_numpy()]
    counts = pd.concat([wres, wdes], ignore_index=True)
    return DataSet(label="Your data: counts.csv", organisation=s.organisation, counts=counts,
                   staff=s.staff)  # fmt: skip


def test_a_wdes_page_with_wdes_data_shows_the_wdes_indicators():
    at = page("review", query={"standard": "WDES"}, dataset=wdes_counts())
    assert not at.exception
    assert at.selectbox(key="standard").value == "WDES"
    assert any("WDES 2025" in c.value for c in at.caption)
    table = at.dataframe[0].value
    assert list(table["Indicator"])[:3] == ["WDES1", "WDES2", "WDES3"]
    assert "Worse for Disabled staff when" in table.columns
    row = table.set_index("Indicator").loc["WDES2"]
    assert row["Value"].startswith("2.00")
    assert row["95% confidence interval"] == "1.07 to 3.76"  # worked out in wdes_counts
    gaps = [m.value for m in at.markdown if m.value.startswith("- **WDES")]
    # WDES2: 100 x (2.00 - 1) = 100 "per cent more likely", before WDES4a-i's 10 points
    assert gaps[0].startswith("- **WDES2**") and gaps[1].startswith("- **WDES4a-i**")
    summary = " ".join(m.value for m in at.markdown)
    assert "Disabled staff faring worse" in summary
    assert not [c for c in cells(at) if "BME" in c or "White" in c]  # the tables are the WDES's


def test_step_1_headline_for_the_wdes_is_the_disabled_share():
    at = page("run_data", query={"standard": "WDES"}, dataset=wdes_counts())
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    # 42 Disabled of 450 staff (see wdes_counts) = 9.33%; Unknown 23 of 450 = 5.1%, so 94.9%
    assert metrics == {"Headcount": "450", "Disabled share": "9.3%",
                       "Disability declared": "94.9%"}  # fmt: skip


def test_step_1_headline_for_pay_gaps_is_the_female_share():
    """Pay gaps are by sex first, so step 1 leads with the Female share (no counts row holds it:
    it comes from the staff rows), worked out here from the sample's staff file."""
    from pathlib import Path

    import pandas as pd

    sample = Path(__file__).resolve().parents[2] / "sample_data" / "trust" / "staff.csv"
    staff = pd.read_csv(sample, dtype=str)
    staff = staff[(staff["Year"] == "2025") & (staff["Assignment Category"] != "Bank")]
    assert staff["Employee Number"].is_unique  # one row per person in the sample
    female = (staff["Sex"] == "Female").mean() * 100
    declared = staff["Sex"].isin(["Female", "Male"]).mean() * 100
    at = page("run_data", query={"standard": "PAYGAP"})
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Headcount": f"{len(staff):,}", "Female share": f"{female:.1f}%",
                       "Sex declared": f"{declared:.1f}%"}  # fmt: skip
    assert "BME share" not in metrics


def test_step_5_for_the_wdes_compares_and_offers_a_wdes_section_in_the_pack(tmp_path, monkeypatch):
    from dashboard.workspace import store

    monkeypatch.setenv("INCLUSIVEHR_DB_URL", f"sqlite:///{tmp_path / 'test.db'}")
    store.clear()
    try:
        at = page("evaluate", query={"standard": "WDES"}, dataset=wdes_counts())
        assert not at.exception
        assert at.title[0].value == "5. Evaluate and share"
        # the summary to share is the WDES's own
        assert at.text_area[0].value.startswith("Workforce Disability Equality Standard")
        assert not any("summary to share covers the WRES" in c.value for c in at.caption)
        at.toggle(key="pack_on").set_value(True).run()
        assert not at.exception
        sections = at.multiselect(key="pack_standards")
        assert sections.value == ["WDES"]  # the chosen standard, ready, is in by default
        # the sample's staff rows feed the pay gaps and the medical view too
        assert set(sections.options) == {"WDES (disability)", "Pay gaps", "Medical workforce"}
    finally:
        store.clear()


def test_step_5_for_pay_gaps_shows_the_figures_and_the_pack(tmp_path, monkeypatch):
    from dashboard.workspace import store

    monkeypatch.setenv("INCLUSIVEHR_DB_URL", f"sqlite:///{tmp_path / 'test.db'}")
    store.clear()
    try:
        at = page("evaluate", query={"standard": "PAYGAP"})
        assert not at.exception
        assert "The six figures" in [s.value for s in at.subheader]
        at.toggle(key="pack_on").set_value(True).run()
        assert not at.exception
        assert at.multiselect(key="pack_standards").value == ["PAYGAP"]
    finally:
        store.clear()


def test_a_wdes_cluster_of_1_to_7_staff_is_left_out_unless_exact_counts_are_asked_for():
    import pandas as pd

    from dashboard.views.common import hide_small_bands
    from metrics.counts.table import normalise
    from metrics.standards.indicators import report

    rows = []
    # Band 5 (cluster 2, clinical): 10 Disabled of 200; Band 8c (cluster 4, non-clinical):
    # 0 Disabled of 5, a cluster small enough to point at people (and the largest shortfall)
    for band, clinical, found in (("Band 5", True, (10, 190)), ("Band 8c", False, (0, 5))):
        for group, n in zip(("Disabled", "Non-disabled"), found, strict=True):
            rows.append({"organisation": "T", "year": 2025, "indicator": "WDES1", "group": group,
                         "numerator": n, "denominator": sum(found), "band": band,
                         "clinical": clinical})  # fmt: skip
    found = report(normalise(pd.DataFrame(rows)), standard="WDES")
    assert "Cluster 4" in found.indicators["WDES1"].reading
    shown, dropped = hide_small_bands(found, exact=False)
    assert dropped == 1
    assert [p.breakdown["cluster"] for p in shown.indicators["WDES1"].parts] == ["Cluster 2"]
    assert "Cluster 4" not in shown.indicators["WDES1"].reading
    assert hide_small_bands(found, exact=True) == (found, 0)


def test_step_1_for_the_medical_view_counts_medical_and_dental_staff_only():
    from dashboard.state import _sample

    at = page("run_data", query={"standard": "MEDICAL"})
    assert not at.exception
    assert any("medical workforce" in c.value.lower() for c in at.caption)
    staff = _sample().staff
    rows = staff[(~staff["bank"]) & (staff["year"] == 2025)]
    medical = rows[rows["staff_group"].str.lower() == "medical and dental"]
    assert 0 < len(medical) < len(rows)
    assert at.metric[0].value == f"{len(medical):,}"  # counted independently from the rows
    ethnic = at.dataframe[0].value.set_index("Ethnic group")
    white = int((medical["group"] == "White").sum())
    assert ethnic.loc["White"].iloc[0].endswith(f"({white:,})")


@pytest.mark.parametrize("standard,kind", [("WDES", "clusters"), ("WRES", "bands")])
def test_step_2_names_the_small_groups_it_does_not_draw_as_the_standard_does(standard, kind):
    # the sample's HR & OD has several bands (and so clusters) of 1 to 7 staff
    at = page("review", query={"standard": standard, "unit": "directorate:HR & OD",
                               "year": "2025"})  # fmt: skip
    assert not at.exception
    notes = [c.value for c in at.caption if "not drawn" in c.value]
    assert len(notes) == 1 and re.match(rf"\d+ {kind} are not drawn: fewer than 8", notes[0])


@pytest.mark.parametrize("standard,drawn", [("WRES", 1), ("MEDICAL", 0)])
def test_an_empty_likelihood_chart_keeps_its_place_for_the_wres_only(standard, drawn):
    """Without recruitment, disciplinary or training data the WRES's chart says why it is empty;
    the medical view (the same indicators for doctors) leaves the empty chart out."""
    from dashboard.state import DataSet, _sample

    s = _sample()
    counts = s.counts[~s.counts["indicator"].isin(["WRES2", "WRES3", "WRES4"])]
    data = DataSet(label="Your data", organisation=s.organisation, counts=counts, staff=s.staff)
    at = page("review", query={"standard": standard}, dataset=data)
    assert not at.exception
    specs = [str(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert sum("Relative likelihoods" in spec for spec in specs) == drawn
