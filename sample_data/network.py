"""Canonical WRES counts for a fictional network of 36 trusts over four years (2022-2025).

Each trust gets persistent effects (its BME share, how steeply representation falls with band,
its appointment gap, disciplinary gap, training gap and survey climate) and each year is drawn
around them, so the network shows realistic spread, slow trends and a few genuine outliers:
two trusts whose White shortlisted applicants are about 2.5 times as likely to be appointed, one
where BME applicants do slightly better than White, and one with a high disciplinary ratio.

Long format, one row per (organisation, year, indicator, band, clinical, membership, group):
numerator and denominator are counts and numerator <= denominator always. Within a trust-year
the WRES3 and WRES4 denominators equal the trust's WRES1 headcount for that group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data.rand import rng_for
from sample_data.reference import AFC_BANDS

COLUMNS = [
    "organisation",
    "region",
    "trust_type",
    "year",
    "indicator",
    "band",
    "clinical",
    "membership",
    "group",
    "numerator",
    "denominator",
]
YEARS = (2022, 2023, 2024, 2025)
GROUPS = ("White", "BME", "Unknown")

NEY, NW, MID, EOE = "North East and Yorkshire", "North West", "Midlands", "East of England"
LON, SE, SW = "London", "South East", "South West"
ACUTE, MH, COMMUNITY, AMBULANCE, SPECIALIST = (
    "Acute",
    "Mental health",
    "Community",
    "Ambulance",
    "Specialist",
)

# (name, region, type, 2022 headcount). All invented.
TRUSTS = (
    ("Alderwick Hospitals NHS Trust", NEY, ACUTE, 6200),
    ("Yarrowdale Teaching Hospitals NHS Foundation Trust", NEY, ACUTE, 15800),
    ("Eskhollow and Fell Mental Health NHS Foundation Trust", NEY, MH, 5400),
    ("Moorcross Ambulance Service NHS Trust", NEY, AMBULANCE, 5900),
    ("Harrowfield Community Healthcare NHS Trust", NEY, COMMUNITY, 2100),
    ("Bramblecote University Hospitals NHS Foundation Trust", NW, ACUTE, 12900),
    ("Larkmoor Hospitals NHS Trust", NW, ACUTE, 7100),
    ("Foxholme Hospitals NHS Trust", NW, ACUTE, 4300),
    ("Ravensmere Care Partnership NHS Foundation Trust", NW, MH, 4100),
    ("Kestrelford Children's Hospital NHS Foundation Trust", NW, SPECIALIST, 4200),
    ("Corrowden University Hospitals NHS Trust", MID, ACUTE, 17900),
    ("Drayfield General Hospitals NHS Trust", MID, ACUTE, 9300),
    ("Greywater Hospitals NHS Foundation Trust", MID, ACUTE, 5600),
    ("Mistlebury Healthcare NHS Foundation Trust", MID, MH, 6300),
    ("Wrenfold Community Health NHS Trust", MID, COMMUNITY, 3400),
    ("Vale and Wold Ambulance Service NHS Trust", MID, AMBULANCE, 6800),
    ("Fallowmere Hospitals NHS Foundation Trust", EOE, ACUTE, 8400),
    ("Amberleigh University Hospital NHS Trust", EOE, ACUTE, 11200),
    ("Marshcombe Mental Health NHS Foundation Trust", EOE, MH, 3900),
    ("Linwater Heart and Lung Hospital NHS Foundation Trust", EOE, SPECIALIST, 2600),
    ("Pennymoor Community Services NHS Trust", EOE, COMMUNITY, 1500),
    ("Hollowmere Hospitals NHS Trust", LON, ACUTE, 10400),
    ("Quillhaven University Hospitals NHS Foundation Trust", LON, ACUTE, 14600),
    ("Rookwood and Thistledown Hospitals NHS Trust", LON, ACUTE, 7700),
    ("Bellhaven Mental Health NHS Trust", LON, MH, 4600),
    ("Thornmere Orthopaedic Hospital NHS Trust", LON, SPECIALIST, 1700),
    ("Juniper Vale Community Health NHS Trust", LON, COMMUNITY, 4800),
    ("Oakhaven Hospitals NHS Foundation Trust", SE, ACUTE, 9800),
    ("Saltcombe and Downs Hospitals NHS Trust", SE, ACUTE, 5100),
    ("Willowmere Partnership NHS Trust", SE, MH, 3600),
    ("Coastway Ambulance Service NHS Trust", SE, AMBULANCE, 4400),
    ("Brightwater Cancer Centre NHS Foundation Trust", SE, SPECIALIST, 3100),
    ("Underfell Hospitals NHS Trust", SW, ACUTE, 6900),
    ("Vellacombe University Hospitals NHS Foundation Trust", SW, ACUTE, 9100),
    ("Ashgrove Mental Health NHS Trust", SW, MH, 4000),
    ("Tidewell Partnership NHS Foundation Trust", SW, MH, 2700),
)
# Fixed outliers: WRES2 relative likelihood (White vs BME) and WRES3 ratio (BME vs White).
WRES2_OUTLIERS = {
    "Drayfield General Hospitals NHS Trust": 2.8,
    "Yarrowdale Teaching Hospitals NHS Foundation Trust": 2.5,
    "Quillhaven University Hospitals NHS Foundation Trust": 0.85,
}
WRES3_OUTLIERS = {"Larkmoor Hospitals NHS Trust": 2.4}

BME_SHARE_BY_REGION = {LON: 0.50, MID: 0.30, EOE: 0.24, SE: 0.22, NW: 0.18, NEY: 0.14, SW: 0.11}
# type: (share of non-medical staff in clinical roles, medical share of all staff)
TYPE_MIX = {
    ACUTE: (0.76, 0.14),
    MH: (0.70, 0.05),
    COMMUNITY: (0.72, 0.02),
    AMBULANCE: (0.74, 0.0),
    SPECIALIST: (0.78, 0.12),
}

MEDICAL = ("Consultant", "Non-consultant career grade", "Trainee grade")
CLINICAL_MIX = (8, 16, 8, 24, 22, 14, 5, 1.8, 0.7, 0.3, 0.1, 0.1)
NON_CLINICAL_MIX = (22, 18, 16, 10, 9, 9, 7, 4, 2, 1.2, 0.6, 0.4)
MEDICAL_MIX = (45, 15, 40)
# BME odds relative to the trust's base, by band: representation falls with seniority.
CLINICAL_ODDS = (1.0, 0.95, 0.8, 1.8, 1.1, 0.75, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3)
NON_CLINICAL_ODDS = (1.0, 0.95, 0.8, 0.9, 0.8, 0.65, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3)
MEDICAL_ODDS = (1.6, 3.0, 2.2)

# Survey indicator: (White yes-rate, BME yes-rate).
SURVEY = {
    "WRES5": (0.25, 0.28),
    "WRES6": (0.22, 0.27),
    "WRES7": (0.58, 0.45),
    "WRES8": (0.06, 0.15),
}


def _cells() -> list[tuple[str, bool]]:
    return (
        [(b, False) for b in AFC_BANDS]
        + [(b, True) for b in AFC_BANDS]
        + [(b, True) for b in MEDICAL]
    )


def _cell_mix(rng, trust_type: str) -> np.ndarray:
    clinical_share, medical_share = TYPE_MIX[trust_type]
    non_medical = 1 - medical_share
    parts = [
        np.asarray(NON_CLINICAL_MIX) / sum(NON_CLINICAL_MIX) * non_medical * (1 - clinical_share),
        np.asarray(CLINICAL_MIX) / sum(CLINICAL_MIX) * non_medical * clinical_share,
        np.asarray(MEDICAL_MIX) / sum(MEDICAL_MIX) * medical_share,
    ]
    mix = np.concatenate(parts)
    noisy = np.where(mix > 0, rng.gamma(np.maximum(mix * 400, 1e-9)), 0.0)
    return noisy / noisy.sum()


def _trust_effects(rng, name: str, region: str, trust_type: str) -> dict:
    base = np.clip(BME_SHARE_BY_REGION[region] * rng.lognormal(0, 0.25), 0.04, 0.75)
    return {
        "bme_odds": base / (1 - base),
        "steepness": rng.normal(1.0, 0.15),
        "unknown": rng.uniform(0.01, 0.09),
        "mix": _cell_mix(rng, trust_type),
        "growth": rng.uniform(0.0, 0.04),
        "appoint_bme": rng.uniform(0.12, 0.25),
        "wres2": WRES2_OUTLIERS.get(name, rng.lognormal(np.log(1.5), 0.12)),
        "disc_white": rng.uniform(0.004, 0.012) * (1.6 if trust_type == AMBULANCE else 1.0),
        "wres3": WRES3_OUTLIERS.get(name, rng.lognormal(np.log(1.15), 0.18)),
        "train_white": rng.uniform(0.2, 0.6),
        "wres4": rng.lognormal(np.log(1.1), 0.08),
        "survey_shift": rng.normal(0, 0.15, len(SURVEY)),
        "board": None,
    }


def _headcounts(rng, fx: dict, size: int, year: int) -> np.ndarray:
    """Array (cells x 3) of White, BME, Unknown headcounts."""
    odds = np.concatenate([NON_CLINICAL_ODDS, CLINICAL_ODDS, MEDICAL_ODDS])
    trend = np.exp(0.04 * (year - 2022))  # BME share creeps up
    bme_odds = fx["bme_odds"] * trend * odds ** fx["steepness"]
    p_bme = bme_odds / (1 + bme_odds)
    total = rng.multinomial(size, fx["mix"])
    unknown = rng.binomial(total, fx["unknown"])
    bme = rng.binomial(total - unknown, p_bme)
    return np.stack([total - unknown - bme, bme, unknown], axis=1)


def _board(rng, fx: dict) -> list[tuple[bool, bool, str]]:
    """Board members as (voting, executive, group); about a fifth replaced each year."""
    p_bme = 0.6 * fx["bme_odds"] / (1 + fx["bme_odds"])

    def member(voting: bool, executive: bool) -> tuple[bool, bool, str]:
        roll = rng.random()
        group = "Unknown" if roll < 0.03 else "BME" if roll < 0.03 + p_bme else "White"
        return voting, executive, group

    if fx["board"] is None:
        n_voting_exec, n_other_exec = int(rng.integers(5, 7)), int(rng.integers(1, 4))
        n_non_exec = int(rng.integers(5, 8))
        roles = (
            [(True, True)] * n_voting_exec
            + [(False, True)] * n_other_exec
            + [(True, False)] * n_non_exec
        )
        fx["board"] = [member(v, e) for v, e in roles]
    else:
        fx["board"] = [member(v, e) if rng.random() < 0.2 else (v, e, g) for v, e, g in fx["board"]]
    return fx["board"]


def _rate_rows(rng, heads: dict[str, int], rates: dict[str, float]):
    for g in GROUPS:
        if g in rates:
            yield g, int(rng.binomial(heads[g], min(rates[g], 0.95))), heads[g]


def _trust_year(rng, fx: dict, size: int, year: int):
    """Yield (indicator, band, clinical, membership, group, numerator, denominator)."""
    counts = _headcounts(rng, fx, size, year)
    for (band, clinical), row in zip(_cells(), counts, strict=True):
        if row.sum() > 0:
            for g, n in zip(GROUPS, row, strict=True):
                yield "WRES1", band, "true" if clinical else "false", "", g, int(n), int(row.sum())
    heads = dict(zip(GROUPS, counts.sum(axis=0).tolist(), strict=True))

    # Shortlisted applicants are a little more diverse than the workforce.
    bme_odds = 1.4 * fx["bme_odds"]
    share_bme, share_unknown = bme_odds / (1 + bme_odds), fx["unknown"] + 0.02
    p = [(1 - share_unknown) * (1 - share_bme), (1 - share_unknown) * share_bme, share_unknown]
    shortlisted = rng.multinomial(int(size * rng.uniform(0.25, 0.45)), p)
    noise = np.exp(rng.normal(0, 0.05))
    p_b = fx["appoint_bme"]
    rates = {"White": p_b * fx["wres2"] * noise, "BME": p_b, "Unknown": p_b * (1 + fx["wres2"]) / 2}
    for g, num, den in _rate_rows(rng, dict(zip(GROUPS, shortlisted.tolist(), strict=True)), rates):
        yield "WRES2", "", "", "", g, num, den

    p_w = fx["disc_white"]
    rates = {"White": p_w, "BME": p_w * fx["wres3"], "Unknown": p_w}
    for g, num, den in _rate_rows(rng, heads, rates):
        yield "WRES3", "", "", "", g, num, den
    p_w = fx["train_white"]
    rates = {"White": p_w, "BME": p_w / fx["wres4"], "Unknown": p_w * 0.9}
    for g, num, den in _rate_rows(rng, heads, rates):
        yield "WRES4", "", "", "", g, num, den

    respondents = {g: int(rng.binomial(heads[g], rng.uniform(0.3, 0.6))) for g in GROUPS[:2]}
    for shift, (indicator, (white, bme)) in zip(fx["survey_shift"], SURVEY.items(), strict=True):
        rates = {"White": white * np.exp(shift), "BME": bme * np.exp(shift)}
        for g, num, den in _rate_rows(rng, respondents, rates):
            yield indicator, "", "", "", g, num, den

    board = _board(rng, fx)
    for membership, idx in (("voting", 0), ("executive", 1)):
        members = [m for m in board if m[idx]]
        for g in GROUPS:
            yield "WRES9", "", "", membership, g, sum(m[2] == g for m in members), len(members)


def network_counts(seed: int) -> pd.DataFrame:
    rows = []
    for name, region, trust_type, size in TRUSTS:
        rng = rng_for(seed, f"network-{name}")
        fx = _trust_effects(rng, name, region, trust_type)
        for year in YEARS:
            headcount = int(round(size * (1 + fx["growth"]) ** (year - YEARS[0])))
            for row in _trust_year(rng, fx, headcount, year):
                rows.append((name, region, trust_type, year, *row))
    return pd.DataFrame(rows, columns=COLUMNS)
