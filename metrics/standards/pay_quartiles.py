"""Pay quartiles: the share of each group in four quarters of equal headcount ranked by hourly pay.

Followed: regulation 13 of the Equality Act 2010 (Gender Pay Gap Information) Regulations 2017
(SI 2017/172, legislation.gov.uk; the public-sector regulations NHS trusts report under, SI
2017/353, set the same steps), which GOV.UK's "Gender pay gap reporting: make your calculations"
applies:
  Step 1: rank the full-pay relevant employees from lowest to highest hourly pay.
  Step 2: divide them into four sections, each (so far as possible) an equal number of employees.
  13(2): where employees on the same hourly rate fall in more than one quartile pay band, the
  relative proportion of men and women on that rate must (so far as possible) be the same in each.

Left open by the regulations and the guidance, settled here by a rule that never depends on row
order: each quarter holds exactly n/4 places (n not divisible by 4 included), and a block of people
on the same rate that straddles a boundary (a single person is a block of one) contributes to each
quarter in proportion to the places it has there, every group in the block alike. So with 5 people
a quarter is 1.25 places: the second-lowest paid person counts 0.25 in the lower quarter and 0.75 in
the lower middle one. Shares are of the quarter's n/4 places, so each quarter's shares add to 100.
"""

from __future__ import annotations

import numpy as np

from metrics.standards.pay_tally import by_rate

QUARTERS = 4


def quartile_weights(pay: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """(4, n_groups) places each group holds in each quarter, quarter 0 the lowest paid.

    pay: hourly pay per person (no NaN); group: 0..n_groups-1 per person."""
    return weights_per_rate(by_rate(pay, group, n_groups)[1])


def weights_per_rate(per_rate: np.ndarray) -> np.ndarray:
    """quartile_weights from (rates, n_groups) people of each group on each rate, the lowest
    rate first (metrics.standards.pay_tally.by_rate), for a caller that has them already."""
    size = per_rate.sum(axis=1)
    n = int(size.sum())
    out = np.zeros((QUARTERS, per_rate.shape[1]))
    if n == 0:
        return out
    end = np.cumsum(size).astype(float)
    start = end - size
    for q in range(QUARTERS):
        low, high = q * n / QUARTERS, (q + 1) * n / QUARTERS
        places = np.clip(np.minimum(end, high) - np.maximum(start, low), 0.0, None)
        out[q] = (per_rate * (places / size)[:, None]).sum(axis=0)
    return out


def quartile_shares(pay: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray | None:
    """(4, n_groups) percentage of each quarter in each group; None when nobody is ranked."""
    return shares_per_rate(by_rate(pay, group, n_groups)[1])


def shares_per_rate(per_rate: np.ndarray) -> np.ndarray | None:
    """quartile_shares from people per rate, as weights_per_rate takes them."""
    n = int(per_rate.sum())
    if n == 0:
        return None
    return weights_per_rate(per_rate) / (n / QUARTERS) * 100.0
