"""The request tracker: which trusts have returned which years and indicators, which are
missing, and the standard request's text (the fields the counts contract needs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics.compare.censored import suppressed_by_trust
from metrics.compare.inputs import load_network
from metrics.compare.tracker import MISSING, RETURNED, SUPPRESSED, request_text, tracker
from metrics.standards.definitions import standards

RETURNS = """Organisation,Year,Indicator,Group,Numerator,Denominator
Trust A,2024,WRES2,White,30,100
Trust A,2024,WRES2,BME,<5,40
Trust A,2025,WRES2,White,25,90
Trust A,2025,WRES2,BME,10,60
Trust A,2025,WRES3,White,5,900
Trust A,2025,WRES3,BME,<5,300
Trust A,2025,WRES3,Unknown,*,20
Trust B,2025,WRES3,White,8,700
Trust B,2025,WRES3,BME,6,200
"""


@pytest.fixture
def network(tmp_path):
    path = tmp_path / "returns.csv"
    path.write_text(RETURNS, encoding="utf-8")
    return load_network([path])


def test_every_trust_year_and_indicator_is_returned_suppressed_or_missing(network):
    found = tracker(network.counts, network.censored).table
    assert list(found.columns) == [
        "organisation", "year", "standard", "indicator", "state", "suppressed"
    ]  # fmt: skip
    # two trusts x two years x the WRES's nine indicators
    assert len(found) == 2 * 2 * 9
    state = {(r.organisation, r.year, r.indicator): (r.state, r.suppressed)
             for r in found.itertuples(index=False)}  # fmt: skip
    assert state[("Trust A", 2024, "WRES2")] == (SUPPRESSED, 1)
    assert state[("Trust A", 2025, "WRES2")] == (RETURNED, 0)
    assert state[("Trust A", 2025, "WRES3")] == (SUPPRESSED, 2)
    assert state[("Trust A", 2024, "WRES3")] == (MISSING, 0)
    assert state[("Trust B", 2025, "WRES3")] == (RETURNED, 0)
    assert state[("Trust B", 2024, "WRES2")] == (MISSING, 0)
    assert state[("Trust B", 2025, "WRES9")] == (MISSING, 0)
    returned = {k for k, (s, _n) in state.items() if s != MISSING}
    assert returned == {("Trust A", 2024, "WRES2"), ("Trust A", 2025, "WRES2"),
                        ("Trust A", 2025, "WRES3"), ("Trust B", 2025, "WRES3")}  # fmt: skip


def test_per_trust_summary_and_a_member_that_sent_nothing(network):
    found = tracker(network.counts, network.censored, organisations=["Trust A", "Trust B",
                                                                      "Trust C"])  # fmt: skip
    per = found.by_trust().set_index(["organisation", "year"])
    assert per.loc[("Trust A", 2025), "returned"] == 2
    assert per.loc[("Trust A", 2025), "asked"] == 9
    assert per.loc[("Trust A", 2025), "suppressed cells"] == 2
    assert per.loc[("Trust C", 2024), "returned"] == 0
    assert per.loc[("Trust C", 2024), "missing"] == ", ".join(f"WRES{i}" for i in range(1, 10))
    assert (
        per.loc[("Trust B", 2025), "missing"] == "WRES1, WRES2, WRES4, WRES5, WRES6, WRES7, "
        "WRES8, WRES9"
    )
    assert len(found.missing()) == 9 * 2 * 3 - 4


def test_a_year_asked_for_that_nobody_returned_is_all_missing(network):
    found = tracker(network.counts, network.censored, years=[2023, 2024, 2025])
    assert set(found.table.loc[found.table["year"] == 2023, "state"]) == {MISSING}


def test_the_suppressed_cells_are_listed_per_trust(network):
    cells = suppressed_by_trust(network.censored)
    assert list(zip(cells["organisation"], cells["year"], cells["indicator"], cells["group"],
                    cells["written"], strict=True)) == [
        ("Trust A", 2024, "WRES2", "BME", "<5"),
        ("Trust A", 2025, "WRES3", "BME", "<5"),
        ("Trust A", 2025, "WRES3", "Unknown", "*"),
    ]  # fmt: skip


def test_the_request_asks_for_every_field_of_the_counts_contract():
    text = request_text("WRES", [2024, 2025], organisation="Trust C", network="A forum")
    for field in ("Organisation", "Year", "Indicator", "Band", "Clinical", "Membership",
                  "Group", "Numerator", "Denominator"):  # fmt: skip
        assert f"- {field}: " in text
    for spec in standards()["WRES"].indicators:
        assert f"- {spec.id}: {spec.wording}." in text
    assert "White, BME, Unknown" in text
    assert "2024, 2025" in text and "To: Trust C" in text and "From: A forum" in text
    assert '"<5"' in text and '"not held"' in text and "rather than leaving the cell blank" in text
    assert "how many applicants of the group were appointed from shortlisting" in text


def test_a_follow_up_request_names_only_what_is_missing():
    text = request_text("WDES", [2025], indicators=["WDES3"])
    assert "- WDES3: " in text and "- WDES2: " not in text
    assert "Disabled, Non-disabled, Unknown" in text


def test_the_sample_foi_returns_show_a_trust_with_no_reply_for_2024():
    sample = Path(__file__).parents[3] / "sample_data" / "network" / "foi_returns.csv"
    network = load_network([sample])
    found = tracker(network.counts, network.censored).table
    pendle = found[(found["organisation"] == "Pendlebrook Mental Health NHS Trust")
                   & (found["year"] == 2024)]  # fmt: skip
    assert set(pendle["state"]) == {MISSING}
    saltmarsh = found[(found["organisation"] == "Saltmarsh Coast Ambulance Service NHS Trust")
                      & (found["year"] == 2024) & (found["indicator"] == "WRES2")]  # fmt: skip
    assert list(saltmarsh["state"]) == [SUPPRESSED]  # "not held": returned, not given
