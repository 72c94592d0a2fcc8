"""One case type across employers as a funnel plot: each employer's log relative likelihood
(BME against White members) against its precision, with the 95% and 99.8% limits around the
network's pooled value, and how many years each employer was beyond those limits.

The same engine as the comparison of trusts (metrics.stats.funnel, as metrics.compare.network
uses it for a relative likelihood): the funnel scale is ln RL, each employer's standard error is
Katz's ``sqrt(1/a - 1/n1 + 1/c - 1/n2)`` (a, c the BME and White cases; n1, n2 the members),
x is the precision 1/SE², and the target is the network's value from the pooled counts of the
employers with a base: ``ln((Σa/Σn1) / (Σc/Σn2))``. An employer with no case in a group, or no
base, is listed but not placed (its standard error is not defined).

Persistence: each year's own funnel (from the by-year figures of a pooled run), so a year is
judged against the network of that year, as metrics.compare.pooled.persistence does for trusts.
An employer whose compared counts (BME or White cases) include one of 1 to the disclosure
threshold is marked ``small`` (listed, read with care).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from metrics.casework.figures import CaseworkFigures
from metrics.disclosure.control import DEFAULT_SETTINGS
from metrics.stats import funnel as fn

Position = Literal["within", "above_95", "above_99.8", "below_95", "below_99.8", "not_placed"]
PERSISTENCE_KEYS = ("above_95", "above_99.8", "below_95", "below_99.8", "placed")


@dataclass(frozen=True)
class EmployerPoint:
    """One employer on the funnel. ``x`` (precision, 1/SE²) and the four limits (in ratio units,
    at this employer's own precision) are None when it is not placed. ``years``: in how many
    years of the log it was above or below each limit, and placed at all (None without years)."""

    employer: str
    cases: dict[str, int]
    members: dict[str, int] | None
    value: float | None
    ci_lower: float | None
    ci_upper: float | None
    small: bool
    position: Position
    x: float | None = None
    lower95: float | None = None
    upper95: float | None = None
    lower998: float | None = None
    upper998: float | None = None
    years: dict[str, int] | None = None


@dataclass(frozen=True)
class CaseworkFunnel:
    """One case type (or "all") in one year (None: every year pooled) across employers."""

    case_type: str
    year: int | None
    target: float | None  # the network's pooled relative likelihood; None: no target
    centre: float | None  # its natural log, the funnel's centre
    points: tuple[EmployerPoint, ...]
    overdispersion: fn.Overdispersion
    years: tuple[int, ...] = ()  # the years persistence was counted over

    @property
    def placed(self) -> tuple[EmployerPoint, ...]:
        return tuple(p for p in self.points if p.position != "not_placed")

    def counts(self) -> dict[str, int]:
        """How many employers sit in each position (every position named, 0 when none)."""
        out = dict.fromkeys(("above_99.8", "above_95", "within", "below_95", "below_99.8",
                             "not_placed"), 0)  # fmt: skip
        for p in self.points:
            out[p.position] += 1
        return out

    def curve(self, points: int = 200) -> pd.DataFrame:
        """x, lower95, upper95, lower998, upper998 (ratio units) from the least to the most
        precise employer placed: what a chart needs."""
        xs = [p.x for p in self.placed if p.x is not None]
        if self.centre is None or not xs:
            return fn.curve(0.0, fn.FunnelScale("precision", 1.0), 0.0, 0.0)
        return fn.curve(self.centre, SCALE, min(xs), max(xs), od=self.overdispersion,
                        points=points)  # fmt: skip


SCALE = fn.FunnelScale("precision", 1.0, log=True)


def _placements(cells: list[tuple[int, int, int, int]], method: fn.Method):
    """(centre, y, se, limits, od) for employers' (a, n1, c, n2): the shared arithmetic of one
    funnel. centre None when the pooled counts give no target."""
    arr = np.array(cells, dtype=float).reshape(-1, 4)
    a, n1, c, n2 = arr.T
    both = (n1 > 0) & (n2 > 0)
    sa, sn1, sc, sn2 = a[both].sum(), n1[both].sum(), c[both].sum(), n2[both].sum()
    se = fn.katz_se(a, n1, c, n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.log((a / n1) / (c / n2))
    ok = np.isfinite(y) & np.isfinite(se) & (a <= n1) & (c <= n2)
    if min(sa, sn1, sc, sn2) <= 0:
        return None, y, se, ok, None, fn.Overdispersion(method, math.nan, 0.0, 0, False)
    centre = math.log((sa / sn1) / (sc / sn2))
    od = fn.estimate_overdispersion(y[ok], se[ok], centre, method)
    lo95, hi95 = fn.limits(centre, se, fn.INNER, od)
    lo998, hi998 = fn.limits(centre, se, fn.OUTER, od)
    return centre, y, se, ok, (lo95, hi95, lo998, hi998), od


def _cell(cases: dict[str, Any], members: dict[str, Any] | None) -> tuple[int, int, int, int]:
    if members is None:
        return (0, 0, 0, 0)
    return (int(cases["BME"]), int(members["BME"]), int(cases["White"]), int(members["White"]))


def persistence(
    figures: CaseworkFigures, case_type: str, method: fn.Method = "none"
) -> tuple[tuple[int, ...], dict[str, dict[str, int]]]:
    """The years of a pooled run and, per employer, in how many of them its own year's value was
    above or below the 95% and 99.8% limits of that year's funnel, and placed at all. Empty
    when the figures are for one year (they carry no by-year figures)."""
    rows = [r for r in figures.rows if r.case_type == case_type]
    years = sorted({y.year for r in rows for y in r.by_year})
    out = {r.employer: dict.fromkeys(PERSISTENCE_KEYS, 0) for r in rows if r.employer}
    for year in years:
        names, cells = [], []
        for r in rows:
            one = next((y for y in r.by_year if y.year == year), None)
            if one is not None and r.employer:
                names.append(r.employer)
                cells.append(_cell(one.cases, one.members))
        if not cells:
            continue
        centre, y, _, ok, bounds, _ = _placements(cells, method)
        if centre is None:
            continue
        for i, name in enumerate(names):
            if not ok[i]:
                continue
            where = fn.position(y[i], *(b[i] for b in bounds))
            tally = out[name]
            tally["placed"] += 1
            if where != "within":
                side = where.split("_")[0]
                tally[f"{side}_95"] += 1
                if where.endswith("99.8"):
                    tally[f"{side}_99.8"] += 1
    return tuple(years), out


def _none(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def funnel(
    figures: CaseworkFigures,
    case_type: str,
    *,
    history: CaseworkFigures | None = None,
    method: fn.Method = "none",
    threshold: int = DEFAULT_SETTINGS.threshold,
) -> CaseworkFunnel:
    """The funnel of ``case_type`` across the employers in ``figures`` (exact counts: a
    published run's rounded counts would give the wrong precision). ``history``: a pooled run
    whose by-year figures give each employer's years beyond the limits (default: ``figures``
    itself when it is pooled)."""
    rows = [r for r in figures.rows if r.case_type == case_type and r.employer is not None]
    cells = [_cell(r.cases, r.members) for r in rows]
    points: list[EmployerPoint] = []
    if cells:
        centre, y, se, ok, bounds, od = _placements(cells, method)
    else:
        centre, ok, od = None, np.zeros(0, bool), fn.Overdispersion(method, math.nan, 0.0, 0, False)
    source = history if history is not None else (figures if figures.year is None else None)
    years, counted = persistence(source, case_type, method) if source else ((), {})
    for i, r in enumerate(rows):
        found = r.likelihood
        small = any(1 <= int(r.cases[g]) <= threshold for g in ("BME", "White"))
        common = dict(employer=str(r.employer), cases=dict(r.cases),
                      members=None if r.members is None else dict(r.members),
                      value=found.value, ci_lower=found.ci_lower, ci_upper=found.ci_upper,
                      small=small, years=counted.get(r.employer) if years else None)  # fmt: skip
        if centre is None or not ok[i]:
            points.append(EmployerPoint(position="not_placed", **common))
            continue
        lo95, hi95, lo998, hi998 = (b[i] for b in bounds)
        points.append(EmployerPoint(
            position=fn.position(y[i], lo95, hi95, lo998, hi998), x=_none(1 / se[i] ** 2),
            lower95=_none(math.exp(lo95)), upper95=_none(math.exp(hi95)),
            lower998=_none(math.exp(lo998)), upper998=_none(math.exp(hi998)), **common,
        ))  # fmt: skip
    return CaseworkFunnel(
        case_type=case_type,
        year=figures.year,
        target=None if centre is None else math.exp(centre),
        centre=centre,
        points=tuple(points),
        overdispersion=od,
        years=tuple(years),
    )


def hide(found: CaseworkFunnel, employers: Iterable[str]) -> CaseworkFunnel:
    """The funnel as it may be shared: the employers named (those whose published likelihood is
    hidden, as it rests on a hidden count) are taken off it, every figure with them. The target
    and limits stay those of the whole network."""
    hidden = set(employers)
    kept = tuple(p for p in found.points if p.employer not in hidden)
    return CaseworkFunnel(found.case_type, found.year, found.target, found.centre, kept,
                          found.overdispersion, found.years)  # fmt: skip


def hidden_employers(published: CaseworkFigures, case_type: str) -> set[str]:
    """Employers with no published figure for ``case_type`` (hidden as resting on a hidden
    count, or none to publish): none of their figures goes on a funnel that is shared."""
    return {
        str(r.employer)
        for r in published.rows
        if r.case_type == case_type and r.employer is not None and r.likelihood.value is None
    }


def as_json(found: CaseworkFunnel) -> dict[str, Any]:
    """The funnel as plain data (``inclusivehr casework --json``, key ``funnel``)."""
    return {
        "target": found.target,
        "years": list(found.years),
        "employers": [
            {
                "employer": p.employer,
                "value": p.value,
                "position": p.position,
                "small_numbers": p.small,
                "precision": p.x,
                "lower95": p.lower95,
                "upper95": p.upper95,
                "lower998": p.lower998,
                "upper998": p.upper998,
                "years_above_95": None if p.years is None else p.years["above_95"],
                "years_above_99.8": None if p.years is None else p.years["above_99.8"],
                "years_below_95": None if p.years is None else p.years["below_95"],
                "years_below_99.8": None if p.years is None else p.years["below_99.8"],
                "years_placed": None if p.years is None else p.years["placed"],
            }
            for p in found.points
        ],
    }
