"""The sample the app opens on."""

import pandas as pd


def test_sample_csvs_and_workbook_give_the_same_counts():
    """The app loads the sample trust from its CSVs (faster); they must say what the workbook says."""
    from dashboard.sample import SAMPLE_TRUST_FILES, SAMPLE_TRUST_WORKBOOK
    from metrics.inputs.pipeline import Sources, load

    six = {kind: path for kind, path in SAMPLE_TRUST_FILES.items() if kind != "capability"}
    from_csvs = load(Sources(files=six)).counts
    from_book = load(Sources(workbook=SAMPLE_TRUST_WORKBOOK)).counts
    order = list(from_book.columns)
    assert len(from_book) > 1000
    pd.testing.assert_frame_equal(
        from_csvs.sort_values(order).reset_index(drop=True),
        from_book.sort_values(order).reset_index(drop=True),
    )


def test_the_app_sample_carries_the_capability_cases_the_wdes_reads():
    """WDES3 on the sample is a figure, not 'no data': the app loads capability.csv too."""
    from dashboard.sample import SAMPLE_TRUST_FILES
    from metrics.inputs.pipeline import Sources, load

    counts = load(Sources(files=dict(SAMPLE_TRUST_FILES), purpose="all")).counts
    wdes3 = counts[(counts["indicator"] == "WDES3") & (counts["year"] == 2025)]
    # worked from the files directly: 2025's performance cases, each person once, of staff in post
    # that year who are not bank-only
    cases = pd.read_csv(SAMPLE_TRUST_FILES["capability"])
    staff = pd.read_csv(SAMPLE_TRUST_FILES["staff"])
    in_post = staff[(staff["Year"] == 2025) & (staff["Assignment Category"] != "Bank")]
    people = cases[(cases["Year"] == 2025) & (cases["Grounds"] == "Performance")]
    expected = people["Employee Number"][people["Employee Number"].isin(in_post["Employee Number"])]
    assert set(wdes3["group"]) >= {"Disabled", "Non-disabled"}
    assert wdes3["numerator"].sum() == expected.nunique() > 0
