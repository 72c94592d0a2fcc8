"""Ranks with their uncertainty: the range of places each organisation's interval allows.

Rank 1 is the highest value, whatever the indicator (the dashboard does not build "better" into a
rank: for WRES2-4 the highest is the most unequal, for WRES7 the most favourable to BME staff);
``NetworkIndicator.rank_one`` says which it is in words wherever a rank is shown.

The range is the dashboard's own, simple and conservative-looking method (not an NHS England one):
an organisation can be no higher than 1 + the number whose interval lies entirely above its own,
and no lower than n − the number whose interval lies entirely below its own. "Entirely" is
strict: touching intervals overlap. No allowance is made for multiple comparisons, so the range
is a guide to how little a league position means, not a simultaneous interval.
"""

from __future__ import annotations

import numpy as np


def rank_intervals(
    value: np.ndarray, lower: np.ndarray, upper: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rank, rank_low, rank_high) for organisations with a value; rank_low <= rank <= rank_high.

    rank is 1 + the number with a strictly higher value (ties share the better place). Sorted
    searches, so 250 organisations cost the same as 10."""
    value, lower, upper = (np.asarray(v, dtype=float) for v in (value, lower, upper))
    lower = np.where(np.isnan(lower), value, lower)  # no interval: the value stands for it
    upper = np.where(np.isnan(upper), value, upper)
    n = value.size
    rank = 1 + (n - np.searchsorted(np.sort(value), value, side="right"))
    above = n - np.searchsorted(np.sort(lower), upper, side="right")  # lower_j > upper_i
    below = np.searchsorted(np.sort(upper), lower, side="left")  # upper_j < lower_i
    return rank.astype(int), (1 + above).astype(int), (n - below).astype(int)
