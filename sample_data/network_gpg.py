"""The network's published gender pay gap figures, in the GOV.UK service's CSV layout.

One row per trust for the snapshot of 31 March 2024 (public sector; due 30 March 2025). The
figures are drawn around what NHS trusts publish: a mean hourly gap that grows with the share
of doctors (acute trusts around 20%, community and ambulance trusts in single figures), a
median gap well below the mean, most bonus pay being clinical excellence awards held mostly by
men, and women filling about four in five posts in every quartile but the top one. Each trust
has its own stream (``gpg-<name>``); nothing else in the network moves.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data.network import TRUSTS, TYPE_MIX
from sample_data.rand import rng_for

COLUMNS = [
    "EmployerName",
    "EmployerId",
    "Address",
    "CompanyNumber",
    "SicCodes",
    "DiffMeanHourlyPercent",
    "DiffMedianHourlyPercent",
    "DiffMeanBonusPercent",
    "DiffMedianBonusPercent",
    "MaleBonusPercent",
    "FemaleBonusPercent",
    "MaleLowerQuartile",
    "FemaleLowerQuartile",
    "MaleLowerMiddleQuartile",
    "FemaleLowerMiddleQuartile",
    "MaleUpperMiddleQuartile",
    "FemaleUpperMiddleQuartile",
    "MaleTopQuartile",
    "FemaleTopQuartile",
    "CompanyLinkToGPGInfo",
    "ResponsiblePerson",
    "EmployerSize",
    "CurrentName",
    "SubmittedAfterTheDeadline",
    "DueDate",
    "DateSubmitted",
]
SNAPSHOT_YEAR = 2024  # snapshot 31 March 2024
DUE_DATE = "2025/03/30 00:00:00"
FEMALE_SHARE = {  # by trust type
    "Acute": 0.77,
    "Mental health": 0.73,
    "Community": 0.85,
    "Ambulance": 0.47,
    "Specialist": 0.72,
}
SIC = {"Ambulance": "86900"}  # 86900 other human health activities; the rest 86101 hospitals
LATE = {"Foxholme Hospitals NHS Trust"}
SIZE_BANDS = ((250, "Less than 250"), (500, "250 to 499"), (1000, "500 to 999"))
SIZE_BANDS += ((5000, "1000 to 4999"), (20000, "5000 to 19,999"))


def size_band(headcount: int) -> str:
    return next((label for top, label in SIZE_BANDS if headcount < top), "20,000 or more")


def _slug(name: str) -> str:
    return name.split(" NHS")[0].lower().replace(" and ", "-").replace(" ", "-").replace("'", "")


def _row(rng, name: str, trust_type: str, headcount: int) -> dict:
    medical = TYPE_MIX[trust_type][1]
    mean_gap = 4.0 + 110.0 * medical + rng.normal(0, 2.5)
    median_gap = mean_gap * rng.uniform(0.25, 0.6)
    male_bonus = 0.6 + 50.0 * medical + abs(rng.normal(0, 0.5))
    female_bonus = 0.3 + 10.0 * medical + abs(rng.normal(0, 0.3))
    bonus_mean_gap = min(80.0, 20.0 + 250.0 * medical + rng.normal(0, 8))
    bonus_median_gap = rng.uniform(-10, 50) if medical else rng.normal(0, 15)
    f = FEMALE_SHARE[trust_type] + rng.normal(0, 0.02)
    shift = (0.04, 0.05, 0.03, -0.08 - 0.5 * medical)
    female = [float(np.clip(100 * (f + s + rng.normal(0, 0.01)), 5, 95)) for s in shift]
    submitted = pd.Timestamp("2024-12-02") + pd.Timedelta(minutes=int(rng.integers(0, 160_000)))
    if name in LATE:
        submitted = pd.Timestamp("2025-04-14 10:12:00")
    row = {
        "EmployerName": name,
        "EmployerId": int(rng.integers(10_000, 99_999)),
        "Address": f"{name.split(' ')[0]} House, Hospital Road, {name.split(' ')[0]}",
        "CompanyNumber": "",
        "SicCodes": SIC.get(trust_type, "86101"),
        "DiffMeanHourlyPercent": round(mean_gap, 1),
        "DiffMedianHourlyPercent": round(median_gap, 1),
        "DiffMeanBonusPercent": round(bonus_mean_gap, 1),
        "DiffMedianBonusPercent": round(bonus_median_gap, 1),
        "MaleBonusPercent": round(male_bonus, 1),
        "FemaleBonusPercent": round(female_bonus, 1),
    }
    for quartile, share in zip(("Lower", "LowerMiddle", "UpperMiddle", "Top"), female, strict=True):
        row[f"Male{quartile}Quartile"] = round(100 - round(share, 1), 1)
        row[f"Female{quartile}Quartile"] = round(share, 1)
    row |= {
        "CompanyLinkToGPGInfo": f"https://www.{_slug(name)}.nhs.example/gender-pay-gap",
        "ResponsiblePerson": "",
        "EmployerSize": size_band(headcount),
        "CurrentName": name,
        "SubmittedAfterTheDeadline": "True" if name in LATE else "False",
        "DueDate": DUE_DATE,
        "DateSubmitted": submitted.strftime("%Y/%m/%d %H:%M:%S"),
    }
    return row


def gender_pay_gap(wres: pd.DataFrame, seed: int) -> pd.DataFrame:
    """One GOV.UK row per trust; sizes from the trust's WRES1 headcount at the snapshot."""
    w1 = wres.loc[wres["indicator"].eq("WRES1") & wres["year"].eq(SNAPSHOT_YEAR)]
    heads = w1.groupby("organisation")["numerator"].sum()
    rows = [
        _row(rng_for(seed, f"gpg-{name}"), name, kind, int(heads.get(name, 0)))
        for name, _, kind, _ in TRUSTS
    ]
    return pd.DataFrame(rows, columns=COLUMNS).sort_values("EmployerName", ignore_index=True)
