"""The first page renders the sample trust's indicator table without any exception."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.sample import SAMPLE_TRUST_WORKBOOK

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.mark.skipif(not SAMPLE_TRUST_WORKBOOK.exists(), reason="sample data not generated")
def test_first_page_shows_the_sample_trust_indicators():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Workforce Race Equality Standard"
    table = at.dataframe[0].value
    assert list(table["Indicator"]) == [f"WRES{i}" for i in range(1, 10)]
    # the sample covers two years; the latest is shown first and every indicator has data
    assert at.selectbox[0].value == 2025
    assert "no data" not in set(table["Value"])
    at.selectbox[0].set_value(2024).run()
    assert not at.exception
    assert "2024" in at.subheader[0].value
