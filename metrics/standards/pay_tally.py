"""Distinct rates of pay and how many people are on each: the form every pay figure that depends
only on the order of pay (medians, the exact median intervals, the bootstrap, the quartiles) is
worked out from.

National pay scales put most staff on a few dozen rates, so counting people per rate is far
cheaper than sorting a national extract person by person, and gives the very same figures: the
rates are the people's own values (never rounded or binned), in ascending order.

Hourly pay is nearly always whole pennies: then each rate is its number of pennies and a count
over them ranks everyone in linear time. A rate is on a penny when pennies / 100 gives back the
very same float, so distinct rates stay distinct and keep their order; otherwise (or over a span
too wide to count) the rates are sorted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PENNY_SPAN = 1 << 22  # pennies between the lowest and highest rate counted without sorting
_SPAN_PER_PERSON = 64  # ... and at most this many pennies a person (a few people: sort them)


def by_rate(pay: np.ndarray, group: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """(rates, tally): each distinct rate, the lowest first, and (rates, n_groups) people of each
    group on it. pay: one value per person (no NaN); group: 0..n_groups-1 per person."""
    pay = np.asarray(pay, dtype=float)
    if len(pay) == 0:
        return np.empty(0), np.zeros((0, n_groups), dtype=np.int64)
    pennies = np.rint(pay * 100.0)
    lowest = pennies.min()
    span = pennies.max() - lowest
    countable = span < min(PENNY_SPAN, _SPAN_PER_PERSON * len(pay) + 4096)
    if countable and np.array_equal(pennies / 100.0, pay):
        offset = (pennies - lowest).astype(np.int64)
        size = int(span) + 1
        if n_groups == 1:
            tally = np.bincount(offset, minlength=size)[:, None]
        else:
            tally = np.bincount(offset * n_groups + group, minlength=size * n_groups)
            tally = tally.reshape(size, n_groups)
        on = np.flatnonzero(tally.sum(axis=1) if n_groups > 1 else tally[:, 0])
        # the same float as each person's own: their pennies / 100, and pennies = offset + lowest
        return (on + lowest) / 100.0, tally[on]
    rates = np.unique(pay)  # a sort: cheaper than return_inverse's argsort
    block = np.searchsorted(rates, pay)
    if n_groups == 1:
        return rates, np.bincount(block, minlength=len(rates))[:, None]
    tally = np.bincount(block * n_groups + group, minlength=len(rates) * n_groups)
    return rates, tally.reshape(len(rates), n_groups)


@dataclass(frozen=True)
class Tally:
    """One set of people's pay as distinct values (ascending) and the people on each."""

    values: np.ndarray
    counts: np.ndarray  # int64, each > 0

    @classmethod
    def of(cls, pay) -> Tally:
        pay = np.asarray(pay, dtype=float)
        values, tally = by_rate(pay, np.zeros(len(pay), dtype=np.int64), 1)
        return cls(values, tally[:, 0])

    @property
    def n(self) -> int:
        return int(self.counts.sum())

    def at(self, ranks) -> np.ndarray:
        """The values at these 0-based ranks of everyone sorted by pay."""
        return self.values[np.searchsorted(np.cumsum(self.counts), ranks, side="right")]

    def mean(self) -> float | None:
        """The people's mean, from each value times its count: the same float whatever order
        the people came in (a table's counts give what its file gives)."""
        n = self.n
        return None if n == 0 else float(self.values @ self.counts / n)

    def median(self) -> float | None:
        """As numpy.median of the people's values: the middle one, or the mean of the middle
        two (their sum halved, as numpy does)."""
        n = self.n
        if n == 0:
            return None
        low, high = self.at([(n - 1) // 2, n // 2])
        return float(low) if n % 2 else float((low + high) / 2)

    def rounded(self, decimals: int) -> Tally:
        """The same people with their values rounded (as numpy.round), equal values merged."""
        values = np.round(self.values, decimals)
        if len(values) < 2:
            return Tally(values, self.counts)
        starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
        return Tally(values[starts], np.add.reduceat(self.counts, starts))
