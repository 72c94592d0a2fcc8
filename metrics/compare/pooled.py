"""Evidence that pools: a trust's relative likelihood or survey gap over its last 3 or 5 years,
and how many of those years it was above the funnel's limits.

"It was nine people in total" is the answer a trust named as an outlier gives; a value pooled
over several years rests on several years' people, and a trust above the limits year after year
is a pattern, not a bad year. The GMC pools referral rates over 5 years.

Pooling: each trust's numerators and denominators are summed over the years of the window in
which both groups have somebody in them (a year with one group empty would pool one group's
counts with nothing), then the single year's estimator and interval are applied to the sums
(Katz for a relative likelihood, Newcombe for a survey gap: ``values.from_sums``). The pooled
values are a ``NetworkValues`` of one year, so the funnel, league table and summary of
``network.compare`` run on them unchanged. Only relative likelihoods and survey gaps pool: a
workforce share is a count of everyone, not a sample, and a published score cannot be summed.

A year of the window whose figure rests on a count withheld in the return ("<5", "*") has no
exact counts to add, but bounded ones (``censored.with_ranges`` keeps them): the trust's pooled
figure is then a range, the smallest and largest pooled value any admissible counts give (the
exact years' counts plus each withheld count anywhere in its bounds), worked out as one year's
range is (``censored.summed_ratio_range`` / ``summed_gap_range``); it has no value, so it is
left off the pooled funnel, ranks and counts of trusts, as a single year's range is. A year
whose count was not given at all ("not held") has no bounds: it is left out, and the trust's
``left_out`` says which year and why, so a pooled value never silently rests on fewer years.

Years above the limits: each year's own funnel (``network.compare`` for that year), so a year
is judged against the network of that year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from metrics.compare.censored import (
    BOUND_COLUMNS,
    RANGE_COLUMNS,
    outwards,
    summed_gap_range,
    summed_ratio_range,
)
from metrics.compare.network import (
    HIDDEN,
    Comparison,
    by_folded_name,
    compare,
    fold,
    publishable_size,
)
from metrics.compare.values import FRAME_COLUMNS, INDICATORS, NetworkValues, from_counts
from metrics.disclosure.control import DisclosureSettings
from metrics.problems import InputError, Problem
from metrics.standards.shared import WresOptions
from metrics.stats import funnel as fn

POOL_YEARS = (3, 5)
"""The windows offered: 3 years, or 5 as the GMC pools referral rates."""
POOLED_KINDS = ("ratio", "gap")


def poolable(indicator: str) -> bool:
    """Whether an indicator's value can be pooled over years (relative likelihoods and gaps)."""
    spec = INDICATORS.get(indicator)
    return spec is not None and spec.kind in POOLED_KINDS


def window(values: NetworkValues, years: int, year: int | None = None) -> list[int]:
    """The calendar years of the window ending at ``year`` (default: the latest) that the
    values hold: the last ``years`` years, fewer where the data start later."""
    if years < 1:
        raise InputError(
            Problem(
                severity="error",
                message=f"a pool of {years} years cannot be made",
                hint="Pool over 3 or 5 years (--pool 3 or --pool 5).",
            )
        )
    end = values.latest_year() if year is None else int(year)
    return [y for y in values.years() if end - years < y <= end]


def pooled_values(
    values: NetworkValues,
    years: int,
    *,
    year: int | None = None,
    indicators: list[str] | None = None,
    options: WresOptions | None = None,
) -> NetworkValues:
    """Every relative likelihood and survey gap pooled over the window ending at ``year``, as
    one year's values (labelled ``year``; ``change`` empty: a pooled value has no previous
    year here). A trust is in the result when it has a row in ``year``; the counts of the
    window's years in which both of its groups have somebody are summed."""
    opts = options or WresOptions(confidence=values.confidence)
    end = values.latest_year() if year is None else int(year)
    span = window(values, years, end)
    frame = values.frame
    wanted = [i for i in (indicators or values.indicators()) if poolable(i)]
    wanted = [i for i in wanted if i in set(frame["indicator"].unique())]
    parts = []
    for ind in wanted:
        spec = INDICATORS[ind]
        rows = frame[(frame["indicator"].to_numpy() == ind) & frame["year"].isin(span).to_numpy()]
        both = (rows["n1"] > 0) & (rows["n2"] > 0)
        summed = (
            rows[both.to_numpy()]
            .groupby("organisation", sort=False)[["e1", "n1", "e2", "n2"]]
            .sum()
            .assign(years_pooled=rows[both.to_numpy()].groupby("organisation").size())
        )
        base = rows[rows["year"].to_numpy() == end][
            ["organisation", "region", "trust_type", "year", "indicator"]
        ].set_index("organisation")
        summed = summed.reindex(base.index).fillna(0.0)
        made = from_counts(summed, spec, opts)
        empty = summed["years_pooled"].to_numpy() == 0
        made.loc[empty, "status"] = "no_data"
        made.loc[empty, "reason"] = f"no year of {span[0]}-{span[-1]} has both groups"
        part = base.join(made.drop(columns=["reference"])).assign(
            reference=spec.equality, change=np.nan, score_all=np.nan
        )
        part["years_pooled"] = summed["years_pooled"].astype(int)
        part = part.assign(value_low=np.nan, value_high=np.nan, censored=False)
        _put_ranges(part, rows, both.to_numpy(), spec, span)
        parts.append(part.reset_index())
    columns = [*FRAME_COLUMNS, "years_pooled", *RANGE_COLUMNS]
    if not parts:
        return NetworkValues(pd.DataFrame(columns=columns), values.confidence)
    out = pd.concat(parts, ignore_index=True)
    out["denominator"] = out["denominator"].astype(int)
    out["reason"] = out["reason"].astype(object).where(out["reason"].notna(), None)
    return NetworkValues(out[columns], values.confidence)


def _bounded(rows: pd.DataFrame) -> np.ndarray:
    """The rows whose figure rests on a withheld count with bounds (kept by ``with_ranges``)."""
    if BOUND_COLUMNS[0] not in rows:
        return np.zeros(len(rows), dtype=bool)
    return rows[BOUND_COLUMNS[0]].notna().to_numpy()


def _cells_said(reason: object) -> str:
    """The cells as written that a year's figure rests on, from ``with_ranges``' reason
    (BME numerator "<5"), or ""."""
    found = re.search(r"\((.*?)\)", reason if isinstance(reason, str) else "")
    return found.group(1) if found else ""


def _put_ranges(part: pd.DataFrame, rows: pd.DataFrame, both: np.ndarray, spec, span) -> None:
    """Each trust (index of ``part``) with a year of the window resting on a withheld count
    that has bounds: its pooled range over the exact years' counts and those bounds, in place
    of a value (no value, interval or counts, so it is off the funnel and out of the network's
    value; status not computable, the range in words in its reason)."""
    bounded = _bounded(rows)
    if not bounded.any():
        return
    exact = rows[both]
    unit = "" if spec.kind == "ratio" else " points"
    digits = 2 if spec.kind == "ratio" else 1
    for org, mine in rows[bounded].groupby("organisation", sort=False):
        if org not in part.index:
            continue
        sure = exact[exact["organisation"].to_numpy() == org]
        first = [(e, e, n, n) for e, n in zip(sure["e1"], sure["n1"], strict=True)]
        second = [(e, e, n, n) for e, n in zip(sure["e2"], sure["n2"], strict=True)]
        b = {c: mine[c].to_numpy(dtype=float) for c in BOUND_COLUMNS}
        first += list(zip(b["e1_low"], b["e1_high"], b["n1_low"], b["n1_high"], strict=True))
        second += list(zip(b["e2_low"], b["e2_high"], b["n2_low"], b["n2_high"], strict=True))
        ranged = summed_ratio_range if spec.kind == "ratio" else summed_gap_range
        found = ranged(first, second)
        years = sorted(int(y) for y in mine["year"])
        said = "; ".join(
            f"{int(y)}: {c}" if len(years) > 1 else c
            for y, c in zip(mine["year"], mine["reason"].map(_cells_said), strict=True)
        )
        withheld = f"a count withheld in {', '.join(map(str, years))} ({said})"
        part.loc[org, ["value", "ci_lower", "ci_upper", "e1", "n1", "e2", "n2"]] = np.nan
        part.loc[org, "status"] = "not_computable"
        part.loc[org, "censored"] = True
        part.loc[org, "years_pooled"] = int(part.loc[org, "years_pooled"]) + len(years)
        part.loc[org, "denominator"] = float(part.loc[org, "denominator"]) + float(
            np.maximum(b["n1_low"], 1).sum() + np.maximum(b["n2_low"], 1).sum()
        )  # the least the withheld years' totals can be
        if found is None:
            part.loc[org, "reason"] = (
                f"not computable: the pooled counts rest on {withheld} and no admissible "
                "counts give a value"
            )
            continue
        part.loc[org, ["value_low", "value_high"]] = found
        low, high = outwards(*found, 10.0**-digits)  # as shown: holding every value
        part.loc[org, "reason"] = (
            f"pooled over {span[0]}-{span[-1]}, rests on {withheld}: somewhere between "
            f"{low:.{digits}f}{unit} and {high:.{digits}f}{unit}, so it is shown as a "
            "range and left off the pooled funnel"
        )


@dataclass(frozen=True)
class PooledResult:
    """One trust's pooled value and interval (in shown units) and its years above the limits.

    ``years_above_95``: years of the window in which the trust was above the upper 95% limit of
    that year's funnel (the 99.8% limit included); ``years_above_998`` above the upper 99.8%
    limit; ``years_below_95``/``years_below_998`` the same below; ``years_placed`` the years it
    was on the funnel at all. "Above" is the higher side, whichever way is worse (the
    indicator's ``worse`` says). ``value`` None when not computable, or hidden with a year of
    the window whose size may not be published."""

    organisation: str
    value: float | None
    ci_lower: float | None
    ci_upper: float | None
    denominator: int
    years_pooled: int
    status: str
    reason: str | None
    years_above_95: int
    years_above_998: int
    years_below_95: int
    years_below_998: int
    years_placed: int
    years: tuple[int, ...] = ()
    left_out: tuple[str, ...] = ()
    value_range: tuple[float, float] | None = None
    """``years``: the years whose counts were added up (a year resting on a withheld count
    with bounds among them, as its bounds); ``left_out``: a sentence for each year of the
    window the trust returned but whose counts could not be added (a count not given, such as
    "not held"), so a pooled value never silently rests on fewer years; ``value_range``: when
    a year rests on a withheld count ("<5"), the smallest and largest pooled value admissible
    counts give (``value`` is then None); None otherwise, and when hidden."""


@dataclass(frozen=True)
class PooledEvidence:
    """A comparison on pooled values (funnel, league table, summary) and each trust's pooled
    figures and persistence, for one indicator and the window ending at ``year``."""

    indicator: str
    year: int
    years: tuple[int, ...]
    pool: int
    comparison: Comparison
    trusts: tuple[PooledResult, ...]

    def get(self, organisation: str) -> PooledResult | None:
        return self._by_name.get(fold(organisation))

    @cached_property
    def _by_name(self) -> dict[str, PooledResult]:
        return by_folded_name(self.trusts)


def _none(x: object) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _range(low: object, high: object) -> tuple[float, float] | None:
    low, high = _none(low), _none(high)
    return None if low is None or high is None else (low, high)


def persistence(
    values: NetworkValues,
    indicator: str,
    span: list[int],
    *,
    region: str | None = None,
    trust_type: str | None = None,
    overdispersion: fn.Method = "none",
    publish: DisclosureSettings | None = None,
) -> dict[str, dict[str, int]]:
    """For each trust (folded name): in how many of the ``span`` years it was above or below
    the 95% and 99.8% limits of that year's own funnel, and on the funnel at all."""
    out: dict[str, dict[str, int]] = {}
    keys = ("above_95", "above_99.8", "below_95", "below_99.8", "placed")
    for y in span:
        try:
            one = compare(values, indicator, year=y, region=region, trust_type=trust_type,
                          overdispersion=overdispersion, publish=publish)  # fmt: skip
        except InputError:  # no trust of these peers in that year
            continue
        for o in one.organisations:
            tally = out.setdefault(fold(o.organisation), dict.fromkeys(keys, 0))
            if o.funnel == "not_placed":
                continue
            tally["placed"] += 1
            side = o.funnel.split("_")[0]
            if side in ("above", "below"):
                tally[f"{side}_95"] += 1
                if o.funnel.endswith("99.8"):
                    tally[f"{side}_99.8"] += 1
    return out


def _withheld_words(reason: object) -> str:
    """Why a year's counts could not be added, from the reason ``censored.with_ranges`` gave
    (which names the cells as written: BME numerator "<5")."""
    text = reason if isinstance(reason, str) else ""
    cells = re.search(r"\((.*?)\)", text)
    said = f" ({cells.group(1)})" if cells else ""
    if text.startswith("rests on a suppressed count"):
        return f"a count was withheld{said}, so its exact counts are not known"
    return f"a count was withheld or not given{said}, so its counts are not known"


def pool_years(
    values: NetworkValues, indicator: str, span: list[int]
) -> dict[str, tuple[tuple[int, ...], tuple[str, ...]]]:
    """For each trust (folded name): the years of ``span`` whose counts are added up (both
    groups have somebody, or a count is withheld with bounds: added as its bounds), and a
    sentence for each year left out because a count it rests on was not given
    (``censored.with_ranges`` marks them); a year with a group empty is left out as before, as
    it has no figure to pool."""
    f = values.frame
    rows = f[(f["indicator"].to_numpy() == indicator) & f["year"].isin(span).to_numpy()]
    both = ((rows["n1"] > 0) & (rows["n2"] > 0)).to_numpy() | _bounded(rows)
    withheld = (
        rows["censored"].fillna(False).to_numpy(dtype=bool)
        if "censored" in rows
        else np.zeros(len(rows), dtype=bool)
    )
    out: dict[str, tuple[list[int], list[str]]] = {}
    for org, year, ok, cut, reason in zip(
        rows["organisation"], rows["year"], both, withheld, rows["reason"], strict=True
    ):
        years, notes = out.setdefault(fold(org), ([], []))
        if ok:
            years.append(int(year))
        elif cut:
            notes.append(f"{int(year)} left out of the pool: {_withheld_words(reason)}")
    return {k: (tuple(sorted(y)), tuple(sorted(n))) for k, (y, n) in out.items()}


def _hidden_in_window(
    values: NetworkValues, indicator: str, span: list[int], settings: DisclosureSettings
) -> set[str]:
    """Trusts with a year of the window whose size may not be published: their pooled value is
    hidden too, as it and the published years' values could be set against each other."""
    f = values.frame
    rows = f[(f["indicator"].to_numpy() == indicator) & f["year"].isin(span).to_numpy()]
    small = rows["denominator"].map(lambda n: publishable_size(int(n), settings) is None)
    return {fold(o) for o in rows.loc[small.to_numpy(), "organisation"]}


def pooled_comparison(
    values: NetworkValues,
    indicator: str,
    pool: int,
    *,
    year: int | None = None,
    region: str | None = None,
    trust_type: str | None = None,
    overdispersion: fn.Method = "none",
    publish: DisclosureSettings | None = None,
    options: WresOptions | None = None,
) -> tuple[Comparison, NetworkValues]:
    """The comparison (funnel, league, summary) on one indicator's values pooled over the last
    ``pool`` years to ``year``, and those pooled values. ``publish``: a trust with a year of
    the window whose size may not be published has its pooled value hidden."""
    spec = _poolable_spec(indicator)
    end = values.latest_year() if year is None else int(year)
    span = window(values, pool, end)
    pooled = pooled_values(values, pool, year=end, indicators=[spec.id], options=options)
    hidden = set() if publish is None else _hidden_in_window(values, spec.id, span, publish)
    if hidden:  # out of the funnel, ranks and summary too, as a hidden single year is
        frame = pooled.frame.copy()
        out = frame["organisation"].map(fold).isin(hidden).to_numpy()
        frame.loc[out, ["value", "ci_lower", "ci_upper", "value_low", "value_high"]] = np.nan
        frame.loc[out, "status"] = HIDDEN
        frame.loc[out, "reason"] = (
            f"a year of the pool has fewer than {publish.threshold + 1} people: hidden with it"
        )
        pooled = NetworkValues(frame, pooled.confidence)
    comparison = compare(pooled, spec.id, year=end, region=region, trust_type=trust_type,
                         overdispersion=overdispersion, publish=publish)  # fmt: skip
    return comparison, pooled


def _poolable_spec(indicator: str):
    spec = INDICATORS.get(indicator) or next(
        (s for k, s in INDICATORS.items() if fold(k) == fold(indicator)), None
    )
    if spec is None or spec.kind not in POOLED_KINDS:
        raise InputError(
            Problem(
                severity="error",
                message=f"{indicator} cannot be pooled over years",
                hint="Pooling is for relative likelihoods and survey gaps (WRES2-8, WDES2-7); "
                "leave out --pool for this indicator.",
            )
        )
    return spec


def pooled_evidence(
    values: NetworkValues,
    indicator: str,
    pool: int,
    *,
    year: int | None = None,
    region: str | None = None,
    trust_type: str | None = None,
    overdispersion: fn.Method = "none",
    publish: DisclosureSettings | None = None,
    options: WresOptions | None = None,
) -> PooledEvidence:
    """One indicator pooled over the last ``pool`` years to ``year`` (default: the latest), for
    the peers chosen: the comparison on pooled values, and each trust's pooled figures and its
    years above the limits. ``publish``: as shared, a trust with any hidden year in the window
    has its pooled value hidden (the size 1-7 rule of ``network.hide_small_trusts``)."""
    spec = _poolable_spec(indicator)
    end = values.latest_year() if year is None else int(year)
    span = window(values, pool, end)
    comparison, pooled = pooled_comparison(
        values, spec.id, pool, year=end, region=region, trust_type=trust_type,
        overdispersion=overdispersion, publish=publish, options=options,
    )  # fmt: skip
    tallies = persistence(values, spec.id, span, region=region, trust_type=trust_type,
                          overdispersion=overdispersion, publish=publish)  # fmt: skip
    counted = pooled.frame.set_index("organisation")["years_pooled"]
    lows = pooled.frame.set_index("organisation")["value_low"]
    highs = pooled.frame.set_index("organisation")["value_high"]
    which = pool_years(values, spec.id, span)
    trusts = []
    for o in comparison.organisations:
        tally = tallies.get(fold(o.organisation), {})
        years, left_out = which.get(fold(o.organisation), ((), ()))
        trusts.append(
            PooledResult(
                organisation=o.organisation,
                value=o.value,
                ci_lower=o.ci_lower,
                ci_upper=o.ci_upper,
                denominator=o.denominator,
                years_pooled=int(counted.get(o.organisation, 0)),
                status=o.status,
                reason=o.reason,
                years_above_95=tally.get("above_95", 0),
                years_above_998=tally.get("above_99.8", 0),
                years_below_95=tally.get("below_95", 0),
                years_below_998=tally.get("below_99.8", 0),
                years_placed=tally.get("placed", 0),
                years=years,
                left_out=left_out,
                value_range=_range(lows.get(o.organisation), highs.get(o.organisation)),
            )
        )
    return PooledEvidence(spec.id, end, tuple(span), pool, comparison, tuple(trusts))
