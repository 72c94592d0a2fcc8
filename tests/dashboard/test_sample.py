"""The sample the app opens on."""

import pandas as pd


def test_sample_csvs_and_workbook_give_the_same_counts():
    """The app loads the sample trust from its CSVs (faster); they must say what the workbook says."""
    from dashboard.sample import SAMPLE_TRUST_FILES, SAMPLE_TRUST_WORKBOOK
    from metrics.inputs.pipeline import Sources, load

    from_csvs = load(Sources(files=dict(SAMPLE_TRUST_FILES))).counts
    from_book = load(Sources(workbook=SAMPLE_TRUST_WORKBOOK)).counts
    order = list(from_book.columns)
    assert len(from_book) > 1000
    pd.testing.assert_frame_equal(
        from_csvs.sort_values(order).reset_index(drop=True),
        from_book.sort_values(order).reset_index(drop=True),
    )
