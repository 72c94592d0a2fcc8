"""The pay figures of a pay scheme and of the organisation are worked out from their bands'
sums merged (metrics.standards.pay_figures.merged): checked against numpy computed directly on
each set of people, for random staff with ties, bonuses, bank staff, blank bands and blank pay."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.standards.pay_quartiles import quartile_shares
from metrics.standards.paygap import pay_gap

BANDS = ["Band 3", "Band 6", "VSM", "Consultant", "Trainee grade", "Other", None]
MEDICAL = {"Consultant", "Trainee grade"}
AFC = {"Band 3", "Band 6", "VSM"}


def _gap(reference, focus):
    return (reference - focus) / reference * 100


def _expected(people: pd.DataFrame) -> dict:
    """The figures of these people by sex, with numpy alone (bank staff already left out)."""
    ranked = people[people["hourly_pay"].notna() & people["full_pay_relevant"]]
    men, women = (
        ranked[ranked["sex_group"] == g]["hourly_pay"].to_numpy() for g in ("Male", "Female")
    )
    paid = people[people["bonus"] > 0]
    bonus_men, bonus_women = (
        paid[paid["sex_group"] == g]["bonus"].to_numpy() for g in ("Male", "Female")
    )
    compared = ranked[ranked["sex_group"].isin(["Male", "Female"])]
    shares = quartile_shares(
        compared["hourly_pay"].to_numpy(),
        (compared["sex_group"] == "Male").to_numpy().astype(int),
        2,
    )
    return {
        "mean": _gap(men.mean(), women.mean()) if len(men) and len(women) and men.mean() else None,
        "median": _gap(np.median(men), np.median(women)) if len(men) and len(women) and np.median(men) else None,
        "bonus_mean": _gap(bonus_men.mean(), bonus_women.mean()) if len(bonus_men) and len(bonus_women) else None,
        "bonus_median": _gap(np.median(bonus_men), np.median(bonus_women)) if len(bonus_men) and len(bonus_women) else None,
        "women_paid_bonus": len(bonus_women),
        "female_quartiles": None if shares is None else [float(q) for q in shares[:, 0]],
    }  # fmt: skip


def _found(figures) -> dict:
    quartiles = [q["Female"] for q in figures.quartiles]
    return {
        "mean": figures.mean_hourly_gap_percent,
        "median": figures.median_hourly_gap_percent,
        "bonus_mean": figures.mean_bonus_gap_percent,
        "bonus_median": figures.median_bonus_gap_percent,
        "women_paid_bonus": figures.bonus_paid.get("Female", 0),
        "female_quartiles": None if quartiles[0] is None else quartiles,
    }


def _same(found: dict, expected: dict) -> None:
    for key, value in expected.items():
        if value is None:
            assert found[key] is None, key
        else:
            assert found[key] == pytest.approx(value, rel=1e-9, abs=1e-9), key


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(min_value=0, max_value=120),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    rates=st.integers(min_value=1, max_value=12),
)
def test_schemes_and_the_whole_match_numpy_on_their_own_people(n, seed, rates):
    rng = np.random.default_rng(seed)
    pay = np.round(rng.choice(np.linspace(11.5, 80.25, rates), n), 2)
    frame = pd.DataFrame(
        {
            "sex_group": rng.choice(["Male", "Female", "Unknown"], n, p=[0.4, 0.5, 0.1]),
            "hourly_pay": np.where(rng.random(n) < 0.05, np.nan, pay),
            "bonus": np.where(rng.random(n) < 0.3, rng.choice([500.0, 1000.0, 2500.5], n), np.nan),
            "band": pd.Series(rng.choice(np.array(BANDS, dtype=object), n), dtype=object),
            "bank": rng.random(n) < 0.08,
            "full_pay_relevant": rng.random(n) < 0.9,
        }
    )
    result = pay_gap(frame, "sex", intervals=False)
    people = frame[~frame["bank"]]
    _same(_found(result.overall), _expected(people))
    for label, members in (("Agenda for Change", AFC), ("Medical and dental", MEDICAL)):
        _same(_found(result.by_pay_scheme[label]), _expected(people[people["band"].isin(members)]))
    for band, figures in result.by_band:
        _same(_found(figures), _expected(people[people["band"] == band]))
