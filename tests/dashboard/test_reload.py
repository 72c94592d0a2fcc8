"""A browser reload starts a new session: the counts the workspace last loaded come back (never
the rows), named by the address's `org` parameter, and the sidebar says so."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from metrics.counts.table import normalise
from tests.dashboard.app_pages import database  # noqa: F401  (fixture)

ORG = "Alderwick Hospitals NHS Trust"
SCRIPT = (
    "from dashboard.workspace import keep_in_address, restore_loaded\n"
    "from dashboard.state import current\n"
    "from dashboard.views.common import data_notice\n"
    "restore_loaded()\n"
    "data = current()\n"
    "keep_in_address(data)\n"
    "data_notice(data)\n"
)


def _counts() -> pd.DataFrame:
    # 30 staff in Band 5: 20 White, 10 BME (hand-made, so the restored BME share is 10/30)
    return normalise(pd.DataFrame({
        "organisation": [ORG] * 2, "year": [2025] * 2, "indicator": ["WRES1"] * 2,
        "band": ["Band 5"] * 2, "group": ["White", "BME"], "numerator": [20, 10],
        "denominator": [30, 30],
    }))  # fmt: skip


def _saved() -> None:
    from dashboard.workspace import store

    db = store()
    ws = db.create_workspace(ORG, organisation=ORG)
    db.save_loaded(ws.id, _counts(), "Your data: staff.csv", ["a note"])


def test_a_reload_brings_back_the_workspace_counts(database):  # noqa: F811
    _saved()
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    at.query_params["org"] = ORG
    at.run()
    assert not at.exception
    words = " ".join(c.value for c in at.caption)
    assert "Brought back after a reload" in words
    assert "need the files again" in words
    data = at.session_state["inclusivehr_dataset"]
    assert data.organisation == ORG and data.staff is None and not data.is_sample
    w1 = data.counts[data.counts["indicator"] == "WRES1"]
    assert dict(zip(w1["group"], w1["numerator"], strict=True)) == {"White": 20, "BME": 10}
    assert at.query_params["org"] == ORG  # kept in the address for the next reload


def test_without_a_workspace_in_the_address_the_sample_is_shown(database):  # noqa: F811
    _saved()
    at = AppTest.from_string(SCRIPT, default_timeout=60).run()
    assert not at.exception
    assert at.session_state["inclusivehr_dataset"].is_sample
    assert "org" not in at.query_params


def test_an_unknown_workspace_in_the_address_is_ignored(database):  # noqa: F811
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    at.query_params["org"] = "No Such Trust"
    at.run()
    assert not at.exception
    assert at.session_state["inclusivehr_dataset"].is_sample
