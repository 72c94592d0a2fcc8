"""The board pack's action plan: each target judged on its own unit's and band's figure."""

from __future__ import annotations

import pandas as pd

from dashboard.pack import PackAction, pack_for
from metrics.counts.table import normalise

ORG = "Northtown NHS Trust"


def counts() -> pd.DataFrame:
    """HR & OD's Band 8a is 2 BME of 20 (10%); the organisation is 240 BME of 580 (41.4%) and its
    Band 8a 32 of 70 (45.7%): a 15% target is met by the organisation, not by HR & OD's band."""
    rows = [
        ("HR & OD", "Band 8a", "BME", 2), ("HR & OD", "Band 8a", "White", 18),
        ("Nursing", "Band 8a", "BME", 30), ("Nursing", "Band 8a", "White", 20),
        ("Nursing", "Band 5", "BME", 208), ("Nursing", "Band 5", "White", 302),
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["directorate", "band", "group", "numerator"])
    return normalise(frame.assign(organisation=ORG, year=2025, indicator="WRES1", clinical=True))


def action(title, unit=None, band=None, target=15.0):
    return PackAction(title, "WRES1", "HRD", None, target, 2027, "in progress", unit=unit,
                      band=band)  # fmt: skip


PLAN = (
    action("Leadership programme", unit="directorate:HR & OD", band="Band 8a"),
    action("Trust-wide recruitment"),
    action("Estates outreach", unit="directorate:Estates"),
)


def judged(level):
    table = pack_for(counts(), organisation=ORG, actions=PLAN, level=level).section("actions").table
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def test_a_band_target_is_judged_on_its_band_in_the_public_pack():
    band, whole, missing = judged("publication")
    assert (band["About"], band["Judged now"]) == (
        "HR & OD, Band 8a", "not yet (judged on HR & OD, Band 8a, 2025)",
    )  # fmt: skip
    assert (whole["About"], whole["Judged now"]) == (
        "Whole organisation", "met (judged on whole organisation, 2025)",
    )  # fmt: skip
    assert missing["Judged now"].startswith("no data: ")  # never the organisation's figure
    assert "10.0" not in band["Judged now"]  # a unit's figure is not quoted in public


def test_the_internal_pack_says_why():
    band, _, _ = judged("internal")
    assert band["Judged now"] == "not yet: its value is still below 15"


def test_wdes_and_pay_gap_targets_are_judged_in_the_pack():
    # WDES1: 30 Disabled of 300 in Band 5 (10%); a target of 8% for the whole organisation is met.
    wdes = normalise(pd.DataFrame(
        [("Band 5", "Disabled", 30), ("Band 5", "Non-disabled", 240), ("Band 5", "Unknown", 30)],
        columns=["band", "group", "numerator"],
    ).assign(organisation=ORG, year=2025, indicator="WDES1", clinical=True))  # fmt: skip
    # pay: 40 women on £10 and 40 men on £12.50: median gap (12.5 - 10) / 12.5 = 20%; a target
    # of at most 15% is not met
    staff = pd.DataFrame({
        "sex_group": ["Female"] * 40 + ["Male"] * 40,
        "hourly_pay": [10.0] * 40 + [12.5] * 40,
        "band": ["Band 5"] * 80, "bank": [False] * 80, "year": [2025] * 80,
    })  # fmt: skip
    plan = (
        PackAction("Disability confident", "WDES1", "HRD", None, 8.0, 2027, "in progress"),
        PackAction("Pay review", "PAYGAP-SEX-MEDIAN", "HRD", None, 15.0, 2027, "in progress"),
    )
    both = pd.concat([counts(), wdes], ignore_index=True)
    for level in ("publication", "internal"):
        table = pack_for(both, organisation=ORG, actions=plan, level=level, staff=staff,
                         standards=("WRES", "WDES", "PAYGAP")).section("actions").table  # fmt: skip
        verdicts = [dict(zip(table.columns, row, strict=True))["Judged now"] for row in table.rows]
        assert verdicts[0].startswith("met"), verdicts
        assert verdicts[1].startswith("not yet"), verdicts
