"""The pay-gap figures for one set of staff (an organisation, a band, a pay scheme), from arrays
of one value per person; metrics.standards.paygap chooses the staff and the groups."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from metrics.disclosure.control import DEFAULT_SETTINGS, DisclosureSettings
from metrics.standards.pay_intervals import GapIntervals, Interval, gap_intervals, median_interval
from metrics.standards.pay_quartiles import QUARTERS, shares_per_rate
from metrics.standards.pay_tally import Tally, by_rate


@dataclass(frozen=True)
class PayFigures:
    """Every pay-gap figure for one set of staff (the organisation, a band, a pay scheme)."""

    employees: dict[str, int]  # relevant staff per group, Unknown and any left-out group included
    hourly_employees: dict[str, int]  # compared groups: full-pay relevant with an hourly pay
    bonus_paid: dict[str, int]  # compared groups: relevant staff paid a bonus
    mean_hourly: dict[str, float | None]
    median_hourly: dict[str, float | None]
    mean_hourly_gap_percent: float | None
    median_hourly_gap_percent: float | None
    mean_bonus_gap_percent: float | None
    median_bonus_gap_percent: float | None
    bonus_percent: dict[str, float | None]
    quartiles: tuple[dict[str, float | None], ...]  # 4 entries, the lowest paid first
    median_intervals: dict[str, Interval | None]  # each compared group's median hourly pay
    hourly_gap_intervals: GapIntervals
    bonus_gap_intervals: GapIntervals
    status: str  # ok | small_numbers | not_computable | no_data
    reason: str | None = None


def _gap(reference: float | None, focus: float | None) -> float | None:
    if reference is None or focus is None or reference == 0:
        return None
    return (reference - focus) / reference * 100.0


@dataclass(frozen=True)
class PaySums:
    """What one set of staff's figures are worked out from, in a form that adds up: the pay
    figures of a pay scheme or the organisation are those of its bands' PaySums merged, so a
    national extract is ranked band by band once, not again for every total.

    hourly and bonus are (values, per_value): each distinct value, ascending, and how many people
    of each compared group hold it (metrics.standards.pay_tally.by_rate's form)."""

    employees: np.ndarray  # relevant staff per group, in reporting order
    hourly: tuple[np.ndarray, np.ndarray]  # compared staff ranked by hourly pay
    bonus: tuple[np.ndarray, np.ndarray] | None  # compared staff paid a bonus; None: no column


def summed(
    groups: np.ndarray,
    side: np.ndarray,
    hourly: np.ndarray,
    full_pay: np.ndarray,
    bonus: np.ndarray | None,
    n_groups: int,
) -> PaySums:
    """PaySums of one set of staff. groups: each person's group as its position in the
    reporting order (-1: none); side: its position among the compared groups (-1: neither);
    the rest as figures takes them."""
    n_sides = 2
    employees = np.bincount(groups.astype(np.int64) + 1, minlength=n_groups + 1)[1:]
    ranked = full_pay & (side >= 0) & ~np.isnan(hourly)
    pay = by_rate(hourly[ranked], side[ranked], n_sides)
    paid = None
    if bonus is not None:
        has = (side >= 0) & (bonus > 0)  # NaN (no bonus) is not
        paid = by_rate(bonus[has], side[has], n_sides)
    return PaySums(employees, pay, paid)


def _merged(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    if len(parts) == 1:
        return parts[0]
    values = np.concatenate([v for v, _ in parts])
    held = np.concatenate([h for _, h in parts])
    distinct, where = np.unique(values, return_inverse=True)
    per_value = np.zeros((len(distinct), held.shape[1]), dtype=np.int64)
    for column in range(held.shape[1]):
        per_value[:, column] = np.bincount(where, weights=held[:, column], minlength=len(distinct))
    return distinct, per_value


def merged(parts: list[PaySums], n_groups: int, bonus_column: bool) -> PaySums:
    """The PaySums of several sets of staff together (the same people, the same figures)."""
    if not parts:
        empty = (np.empty(0), np.zeros((0, 2), dtype=np.int64))
        return PaySums(np.zeros(n_groups, dtype=np.int64), empty, empty if bonus_column else None)
    bonus = None if parts[0].bonus is None else _merged([p.bonus for p in parts])
    return PaySums(sum(p.employees for p in parts), _merged([p.hourly for p in parts]), bonus)


def _tally(values: np.ndarray, held: np.ndarray) -> Tally:
    on = held > 0
    return Tally(values[on], held[on])


def figures(
    groups: np.ndarray,
    hourly: np.ndarray,
    full_pay: np.ndarray,
    bonus: np.ndarray | None,
    order: tuple[str, ...],
    compared: tuple[str, str],
    *,
    settings: DisclosureSettings = DEFAULT_SETTINGS,
    confidence: float = 0.95,
    intervals: bool = True,
) -> PayFigures:
    """The figures for one set of staff. groups: each person's group as its position in ``order``
    (every group in reporting order; -1 for none); hourly: hourly pay (NaN when not given);
    full_pay: full-pay relevant; bonus: bonus pay (NaN = none) or None when there is no column;
    compared: (reference, focus)."""
    sums = summed(groups, sides(groups, order, compared), hourly, full_pay, bonus, len(order))
    return figures_of(
        sums, order, compared, settings=settings, confidence=confidence, intervals=intervals
    )


def sides(groups: np.ndarray, order: tuple[str, ...], compared: tuple[str, str]) -> np.ndarray:
    """Each person's position among the compared groups, in reporting order (-1: neither)."""
    shown = [i for i, g in enumerate(order) if g in compared]
    lookup = np.full(len(order) + 1, -1, dtype=np.int8)
    lookup[np.array(shown) + 1] = np.arange(len(shown))
    return lookup[groups.astype(np.int64) + 1]


def figures_of(
    sums: PaySums,
    order: tuple[str, ...],
    compared: tuple[str, str],
    *,
    settings: DisclosureSettings = DEFAULT_SETTINGS,
    confidence: float = 0.95,
    intervals: bool = True,
) -> PayFigures:
    """The figures from PaySums (as figures, for staff already summed)."""
    reference, focus = compared
    shown = tuple(g for g in order if g in compared)
    employees = {g: int(n) for g, n in zip(order, sums.employees, strict=True)}
    rates_on, per_rate = sums.hourly
    rates = {g: _tally(rates_on, per_rate[:, i]) for i, g in enumerate(shown)}
    mean_hourly = {g: rates[g].mean() for g in shown}
    median_hourly = {g: rates[g].median() for g in shown}
    bonus_paid: dict[str, int] = {}
    bonus_percent: dict[str, float | None] = {g: None for g in shown}
    awards = {g: Tally(np.empty(0), np.empty(0, dtype=np.int64)) for g in shown}
    if sums.bonus is not None:
        for i, g in enumerate(shown):
            awards[g] = _tally(sums.bonus[0], sums.bonus[1][:, i])
            bonus_paid[g] = awards[g].n
            bonus_percent[g] = 100.0 * awards[g].n / employees[g] if employees[g] else None
    shares = shares_per_rate(per_rate)
    quartiles = tuple(
        {"quartile": q + 1, **{g: None if shares is None else float(shares[q, i])
                               for i, g in enumerate(shown)}}
        for q in range(QUARTERS)
    )  # fmt: skip
    counts = {g: rates[g].n for g in shown}
    if not any(counts.values()) and not any(employees[g] for g in shown):
        status, reason = "no_data", "nobody in either group"
    elif min(counts.values()) == 0:
        empty = next(g for g in (focus, reference) if counts[g] == 0)
        status, reason = "not_computable", f"no {empty} staff with an hourly pay"
    elif min(counts.values()) <= settings.threshold:
        status = "small_numbers"
        reason = f"a group has {settings.threshold} or fewer staff with an hourly pay"
    else:
        status, reason = "ok", None
    return PayFigures(
        employees=employees,
        hourly_employees=counts,
        bonus_paid=bonus_paid,
        mean_hourly=mean_hourly,
        median_hourly=median_hourly,
        mean_hourly_gap_percent=_gap(mean_hourly[reference], mean_hourly[focus]),
        median_hourly_gap_percent=_gap(median_hourly[reference], median_hourly[focus]),
        mean_bonus_gap_percent=_gap(awards[reference].mean(), awards[focus].mean()),
        median_bonus_gap_percent=_gap(awards[reference].median(), awards[focus].median()),
        bonus_percent=bonus_percent,
        quartiles=quartiles,
        median_intervals={g: median_interval(rates[g], confidence) for g in shown},
        hourly_gap_intervals=gap_intervals(rates[reference], rates[focus], confidence)
        if intervals
        else GapIntervals(None, None),
        bonus_gap_intervals=gap_intervals(awards[reference], awards[focus], confidence)
        if intervals
        else GapIntervals(None, None),
        status=status,
        reason=reason,
    )
