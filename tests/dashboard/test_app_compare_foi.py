"""The Compare trusts page with freedom-of-information replies uploaded: the returns received
(with a trust that has not replied for a year), each trust's suppressed cells as written and as
read, the standard request to download, and a trust resting on "<5" off the league's ranks."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

SCRIPT = "from dashboard.views import compare\ncompare.render()\n"
FOI = Path(__file__).resolve().parents[2] / "sample_data" / "network" / "foi_returns.csv"


def table(at: AppTest, first_column: str):
    return next(t.value for t in at.dataframe if t.value.columns[0] == first_column)


@pytest.fixture(scope="module")
def app() -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=90).run()
    assert not at.exception
    at.file_uploader(key="net_upload").set_value(
        [("foi_returns.csv", FOI.read_bytes(), "text/csv")]
    ).run()
    assert not at.exception
    next(b for b in at.button if b.key == "net_confirm").click().run()
    assert not at.exception
    return at


def test_the_returns_received_name_a_trust_that_has_not_replied(app):
    received = table(app, "Trust returning")
    pendle = received[received["Trust returning"] == "Pendlebrook Mental Health NHS Trust"]
    assert list(zip(pendle["Year"], pendle["Indicators returned"], strict=True)) == [
        (2024, 0),
        (2025, 2),
    ]
    assert set(received["Indicators asked for"]) == {9}


def test_each_trusts_suppressed_cells_are_listed_as_written_and_read(app):
    cells = table(app, "Trust withholding")
    thornbury = cells[cells["Trust withholding"] == "Thornbury Vale Community Health NHS Trust"]
    assert set(thornbury["Written as"]) == {"<5"}
    assert set(thornbury["Read as"]) == {"between 0 and 4"}
    held = cells[cells["Written as"] == "not held"]
    assert len(held) == 6 and all(r.startswith("not given") for r in held["Read as"])
    assert "None" not in set(cells.astype(str).to_numpy().ravel())


def test_the_request_and_the_tracker_can_be_downloaded(app):
    keys = {b.proto.id for b in app.get("download_button")}
    assert any("net_request_download" in k for k in keys)
    assert any("net_tracker_download" in k for k in keys)
    assert any("- Numerator: " in c.value for c in app.code)


def test_a_trust_resting_on_a_withheld_count_has_no_rank_and_says_its_range(app):
    app.selectbox(key="net_indicator").set_value("WRES3").run()
    assert not app.exception
    league = table(app, "Rank")
    row = league[league["Trust"] == "Thornbury Vale Community Health NHS Trust"].iloc[0]
    assert row["Rank"] == "–"
    assert "Rests on a suppressed count" in row["Note"] and "between 0.00 and" in row["Note"]


def test_what_a_star_stands_for_is_chosen_before_loading():
    at = AppTest.from_string(SCRIPT, default_timeout=90).run()
    at.selectbox(key="net_star").set_value("a count from 1 to 7").run()
    at.file_uploader(key="net_upload").set_value(
        [("foi_returns.csv", FOI.read_bytes(), "text/csv")]
    ).run()
    next(b for b in at.button if b.key == "net_confirm").click().run()
    assert not at.exception
    cells = table(at, "Trust withholding")
    star = cells[cells["Written as"] == "*"]
    assert len(star) and set(star["Read as"]) == {"between 1 and 7"}
