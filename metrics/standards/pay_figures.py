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
    reference, focus = compared
    shown = tuple(g for g in order if g in compared)
    code = {g: i for i, g in enumerate(order)}
    tally = np.bincount(groups[groups >= 0], minlength=len(order))
    employees = {g: int(tally[code[g]]) for g in order}
    ranked = full_pay & ~np.isnan(hourly)
    member = {g: groups == code[g] for g in shown}
    pay = {g: hourly[ranked & member[g]] for g in shown}
    in_quartiles = ranked & (member[shown[0]] | member[shown[-1]])
    # people per rate, by group: the quartiles, and each group's medians and intervals
    on, per_rate = by_rate(
        hourly[in_quartiles], (~member[shown[0]][in_quartiles]).view(np.int8), len(shown)
    )
    rates = {g: Tally(on[per_rate[:, i] > 0], per_rate[per_rate[:, i] > 0, i])
             for i, g in enumerate(shown)}  # fmt: skip
    mean_hourly = {g: rates[g].mean() for g in shown}
    median_hourly = {g: rates[g].median() for g in shown}
    bonus_paid: dict[str, int] = {}
    bonus_percent: dict[str, float | None] = {g: None for g in shown}
    paid: dict[str, np.ndarray] = {g: np.empty(0) for g in shown}
    if bonus is not None:
        has_bonus = bonus > 0  # NaN (no bonus) is not
        for g in shown:
            paid[g] = bonus[member[g] & has_bonus]
            bonus_paid[g] = len(paid[g])
            bonus_percent[g] = 100.0 * len(paid[g]) / employees[g] if employees[g] else None
    shares = shares_per_rate(per_rate)
    quartiles = tuple(
        {"quartile": q + 1, **{g: None if shares is None else float(shares[q, i])
                               for i, g in enumerate(shown)}}
        for q in range(QUARTERS)
    )  # fmt: skip
    awards = {g: Tally.of(paid[g]) for g in shown}
    counts = {g: len(pay[g]) for g in shown}
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
