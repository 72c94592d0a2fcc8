"""Canonical WDES counts for the fictional network's trusts, 2022-2025.

Built on the network's WRES counts: each trust-year's WDES1 band headcounts are its WRES1 band
headcounts, split into Disabled / Non-disabled / Unknown, so the two returns describe the same
workforce. Every trust has its own stream (``network-wdes-<name>``): the WRES counts are untouched.

Trust effects follow NHS England's WDES 2023 report: about 4.9% of staff declared in 2023
(rising about 0.7 points a year), fewer in senior bands; Disabled applicants appointed at about
the same rate as others (WDES2 0.99), Disabled staff about twice as likely to enter the formal
capability process (2.17), worse survey experience, 73% saying adjustments were made (WDES8).
One trust is a capability outlier and one has a markedly low declaration rate. WDES9a rows carry
the engagement score in ``score`` with respondents as denominator and no numerator, as the
pipeline writes them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data import reference_equality as eq
from sample_data.network import COLUMNS as WRES_COLUMNS
from sample_data.network import TRUSTS
from sample_data.rand import rng_for

COLUMNS = [*WRES_COLUMNS, "score"]
GROUPS = ("Disabled", "Non-disabled", "Unknown")
# Declared-disabled odds by band relative to the trust's base (senior bands declare less).
SENIOR_BANDS = {"Band 8c": 0.7, "Band 8d": 0.65, "Band 9": 0.6, "VSM": 0.5}
MEDICAL_ODDS = {"Consultant": 0.45, "Non-consultant career grade": 0.6, "Trainee grade": 0.8}
WDES3_OUTLIERS = {"Greywater Hospitals NHS Foundation Trust": 4.5}
LOW_DECLARATION = {"Vale and Wold Ambulance Service NHS Trust": 0.45}


def _effects(rng, name: str) -> dict:
    return {
        "declared": rng.uniform(0.05, 0.075) * LOW_DECLARATION.get(name, 1.0),
        "unknown": rng.uniform(0.08, 0.32),
        "wdes2": rng.lognormal(np.log(0.99), 0.12),
        "appoint": rng.uniform(0.12, 0.25),
        "capability": rng.uniform(0.001, 0.004),
        "wdes3": WDES3_OUTLIERS.get(name, rng.lognormal(np.log(2.17), 0.3)),
        "survey_shift": rng.normal(0, 0.12, len(eq.WDES_SURVEY_RATES)),
        "engagement": rng.normal(0, 0.2),
        "board": None,
    }


def _odds(band: str) -> float:
    return MEDICAL_ODDS.get(band, SENIOR_BANDS.get(band, 1.0))


def _wdes1(rng, fx: dict, cells: pd.DataFrame, year: int):
    """Split each WRES1 cell's headcount into the three disability groups."""
    declared = fx["declared"] + 0.007 * (year - 2023)
    unknown = max(0.03, fx["unknown"] - 0.015 * (year - 2022))
    heads = dict.fromkeys(GROUPS, 0)
    for (band, clinical), total in cells.items():
        n_unknown = int(rng.binomial(total, unknown))
        odds = declared / (1 - declared) * _odds(band)
        n_disabled = int(rng.binomial(total - n_unknown, odds / (1 + odds)))
        for g, n in zip(
            GROUPS, (n_disabled, total - n_unknown - n_disabled, n_unknown), strict=True
        ):
            heads[g] += n
            yield ("WDES1", band, clinical, "", g, n, int(total), np.nan)
    fx["heads"] = heads


def _rates(rng, fx: dict):
    heads = fx["heads"]
    # Applicants declare a disability more often than staff in post (about 1.7 times).
    everyone = sum(heads.values())
    share = min(0.2, 1.7 * heads["Disabled"] / max(1, everyone))
    p = [share, 0.95 - share, 0.05]
    total = rng.multinomial(int(everyone * rng.uniform(0.25, 0.45)), p)
    shortlisted = dict(zip(GROUPS, total.tolist(), strict=True))
    p = fx["appoint"]
    rates = {"Non-disabled": p * fx["wdes2"], "Disabled": p, "Unknown": p}
    for g in GROUPS:
        n = shortlisted[g]
        yield ("WDES2", "", "", "", g, int(rng.binomial(n, rates[g])), n, np.nan)
    p = fx["capability"]
    rates = {"Non-disabled": p, "Disabled": min(0.5, p * fx["wdes3"]), "Unknown": p}
    for g in GROUPS:
        n = heads[g]
        yield ("WDES3", "", "", "", g, int(rng.binomial(n, rates[g])), n, np.nan)


def _survey(rng, fx: dict):
    everyone = sum(fx["heads"].values())
    answered = int(rng.binomial(everyone, rng.uniform(0.3, 0.6)))
    base = {"Disabled": int(rng.binomial(answered, eq.P_SURVEY_DISABLED))}
    base["Non-disabled"] = answered - base["Disabled"]
    items = zip(fx["survey_shift"], eq.WDES_SURVEY_RATES.items(), strict=True)
    for shift, (indicator, rates) in items:
        for g, rate in zip(("Disabled", "Non-disabled"), rates, strict=True):
            if rate is None:
                continue
            n = int(rng.binomial(base[g], 0.42 if indicator == "WDES4b" else 0.97))
            yes = int(rng.binomial(n, min(0.95, rate * np.exp(shift))))
            yield (indicator, "", "", "", g, yes, n, np.nan)
    scores = {}
    for g, score in zip(("Disabled", "Non-disabled"), eq.WDES_ENGAGEMENT, strict=True):
        scores[g] = round(float(score + fx["engagement"] + rng.normal(0, 0.08)), 2)
        yield ("WDES9a", "", "", "", g, None, base[g], scores[g])
    overall = sum(scores[g] * base[g] for g in scores) / answered
    yield ("WDES9a", "", "", "", "All", None, answered, round(overall, 2))


def _board(rng, fx: dict, board: pd.DataFrame):
    """WDES10 from the WRES9 board sizes: about 5% of members Disabled, some unknown; about a
    fifth replaced each year."""
    sizes = board.groupby("membership")["denominator"].first()

    def member() -> str:
        roll = rng.random()
        return "Unknown" if roll < 0.08 else "Disabled" if roll < 0.13 else "Non-disabled"

    previous = fx["board"] or {}
    fx["board"] = {}
    for membership in ("voting", "executive"):
        old = previous.get(membership, [])
        n = int(sizes.get(membership, 0))
        kept = [g if rng.random() >= 0.2 else member() for g in old[:n]]
        fx["board"][membership] = kept + [member() for _ in range(n - len(kept))]
        for g in GROUPS:
            yield ("WDES10", "", "", membership, g, fx["board"][membership].count(g), n, np.nan)


def network_wdes_counts(wres: pd.DataFrame, seed: int) -> pd.DataFrame:
    """WDES counts for every trust-year in ``wres`` (the network's WRES counts)."""
    rows = []
    info = {name: (region, kind) for name, region, kind, _ in TRUSTS}
    for name in info:
        rng = rng_for(seed, f"network-wdes-{name}")
        fx = _effects(rng, name)
        mine = wres.loc[wres["organisation"].eq(name)]
        for year, that_year in mine.groupby("year", sort=True):
            w1 = that_year.loc[that_year["indicator"].eq("WRES1")]
            cells = w1.groupby(["band", "clinical"], sort=False)["denominator"].first()
            body = [
                *_wdes1(rng, fx, cells, int(year)),
                *_rates(rng, fx),
                *_survey(rng, fx),
                *_board(rng, fx, that_year.loc[that_year["indicator"].eq("WRES9")]),
            ]
            rows += [(name, *info[name], int(year), *row) for row in body]
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["numerator"] = out["numerator"].astype("Int64")  # blank for WDES9a: a score, not a count
    return out
