"""Compare trusts: one indicator across a network (funnel, league with rank ranges, summary).
One trust on every indicator is ``metrics.compare.trust_profile``.

Built on ``metrics.compare.values`` (every value, computed once) and ``metrics.stats.funnel``. Method
choices that are the dashboard's own rather than NHS England's are said where they are made:
* The funnel target is the network's value from pooled counts (the sum of every trust's counts,
  including trusts whose own ratio is not computable because a group had no events), which is
  how a national figure is worked out, not a mean of trusts' values.
* Relative likelihoods: funnel on the log scale, each trust's Katz standard error, x-axis the
  precision 1/se². Survey gaps: the standard error of a difference of two proportions at the
  network's pooled proportions (what the trust would show if it were like the network), x-axis
  the precision. Shares (WRES1): the binomial standard error at the pooled share, x-axis the
  headcount. WRES9: the binomial standard error of the board share at the network's pooled
  board share, x-axis the voting members (the workforce share is a count of everyone).
* Peers (region, trust type) restrict the pool as well as the list: limits are the peers'.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal, TypeVar

import numpy as np
import pandas as pd

from metrics.compare.values import INDICATORS, NetworkIndicator, NetworkValues
from metrics.counts.characteristics import characteristic
from metrics.disclosure.control import DEFAULT_SETTINGS, DisclosureSettings
from metrics.problems import InputError, Problem
from metrics.standards.shared import ALL
from metrics.stats import funnel as fn
from metrics.stats.ranks import rank_intervals

FunnelPosition = Literal["within", "above_95", "above_99.8", "below_95", "below_99.8", "not_placed"]
Significance = Literal["above", "below", "neither"]
Verdict = Literal["worse", "better", "cannot_tell"]
"""For the indicator's focus group (BME or Disabled staff), against equality or the network:
worse, better, or cannot tell (within chance)."""
T = TypeVar("T")


def _none(x: object) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


@dataclass(frozen=True)
class OrganisationResult:
    """One organisation on one indicator in one year, in shown units.

    ``denominator`` is exact: pass it through ``publishable_size`` before it leaves the
    organisation. ``significance``: whether the interval lies wholly above or below equality
    (None when the indicator has no point of equality or there is no value);
    ``against_equality`` says the same for the focus group (BME or Disabled staff; None also
    when the indicator has no worse side). ``funnel``: "not_placed" when there is no value or
    no limits. ``x`` and the four limits are at this organisation's own size, on the funnel's x
    measure. rank 1 is the highest value (``NetworkIndicator.rank_one`` says what that means)."""

    organisation: str
    region: str | None
    trust_type: str | None
    value: float | None
    ci_lower: float | None
    ci_upper: float | None
    denominator: int
    status: str
    reason: str | None
    change: float | None
    significance: Significance | None
    funnel: FunnelPosition
    x: float | None
    lower95: float | None
    upper95: float | None
    lower998: float | None
    upper998: float | None
    rank: int | None
    rank_low: int | None
    rank_high: int | None
    against_equality: Verdict | None = None
    scores: dict[str, float | None] | None = None
    """A score gap (WDES9a) only: each group's published score and the organisation's
    ("All"), by group name; None for every other kind and for a hidden trust."""


@dataclass(frozen=True)
class Funnel:
    """The limits as a function of size. ``target`` is in shown units; ``curve()`` draws them."""

    target: float | None
    scale: fn.FunnelScale | None
    overdispersion: fn.Overdispersion
    x_min: float | None
    x_max: float | None
    centre: float | None = None  # the target on the funnel scale (log for ratios)

    @property
    def x_measure(self) -> str | None:
        return None if self.scale is None else self.scale.x_measure

    def curve(
        self, points: int = 200, x_min: float | None = None, x_max: float | None = None
    ) -> pd.DataFrame:
        """x, lower95, upper95, lower998, upper998 from the smallest to the largest trust (or the
        range given), in shown units: what a chart layer needs and nothing more."""
        lo, hi = x_min or self.x_min, x_max or self.x_max
        if self.scale is None or self.centre is None or lo is None or hi is None:
            return fn.curve(0.0, fn.FunnelScale("denominator", 1.0), 0.0, 0.0)
        return fn.curve(self.centre, self.scale, lo, hi, od=self.overdispersion, points=points)


@dataclass(frozen=True)
class IndicatorSummary:
    """How many organisations have a value, and how many lie beyond equality or the limits.

    ``significantly_above``/``below``: intervals wholly above/below equality (1.00 for ratios,
    0 for gaps, the trust's own workforce share for WRES1-senior; None for WRES1, which has no
    point of equality). ``funnel_above``/``below``: beyond the 95% limits (99.8% included).

    The same counts for the focus group, None where the indicator has no worse side: ``worse``,
    ``better`` and ``cannot_tell`` against equality, ``funnel_worse``/``funnel_better`` beyond
    the network's 95% limits. ``within_non_adverse_range``: for a relative likelihood, the trusts
    whose value, to the two decimals it is published with, lies in ``non_adverse`` (ends
    included); None for other indicators."""

    indicator: str
    year: int
    organisations: int
    trusts: int
    significantly_above: int | None
    significantly_below: int | None
    funnel_above: int
    funnel_below: int
    pooled: float | None
    median: float | None
    worse: int | None = None
    better: int | None = None
    cannot_tell: int | None = None
    funnel_worse: int | None = None
    funnel_better: int | None = None
    within_non_adverse_range: int | None = None
    non_adverse: tuple[float, float] | None = None
    below_equality: int | None = None
    above_equality: int | None = None
    outside_range_beyond_chance: int | None = None
    """A relative likelihood: trusts outside ``non_adverse`` whose interval also leaves out 1
    (outside the range and different from equality beyond chance); None for other indicators."""

    @property
    def in_range_percent(self) -> float | None:
        """The share of trusts with a value that sit inside the non-adverse range, in percent."""
        if self.within_non_adverse_range is None or not self.trusts:
            return None
        return 100 * self.within_non_adverse_range / self.trusts


NO_INTERVAL = (
    "No funnel, interval or rank range: the staff survey publishes each group's engagement "
    "score alone, without the spread of the answers it is built from, so no interval can be "
    "worked out and whether a trust's gap is beyond chance cannot be said. Trusts are listed "
    "by the gap itself."
)
"""Why a score gap (WDES9a) is compared without a funnel, in words for every page and output."""


@dataclass(frozen=True)
class Comparison:
    """One indicator across the chosen organisations in one year, highest value first."""

    indicator: NetworkIndicator
    year: int
    confidence: float
    region: str | None
    trust_type: str | None
    pooled: float | None
    funnel: Funnel
    organisations: tuple[OrganisationResult, ...]
    summary: IndicatorSummary
    overdispersion: fn.Method = "none"

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([o.__dict__ for o in self.organisations])

    def get(self, organisation: str) -> OrganisationResult | None:
        return self._by_name.get(fold(organisation))

    @cached_property
    def _by_name(self) -> dict[str, OrganisationResult]:
        return by_folded_name(self.organisations)


def fold(text: object) -> str:
    return " ".join(str(text).split()).lower()


def by_folded_name(items: Iterable[T]) -> dict[str, T]:
    """Each item by its organisation's folded name, the first of any that fold alike: what
    ``get`` looks up, once per result rather than a scan of every trust per trust looked up."""
    out: dict[str, T] = {}
    for item in items:
        out.setdefault(fold(item.organisation), item)  # type: ignore[attr-defined]
    return out


def verdict(spec: NetworkIndicator, side: str | None) -> Verdict | None:
    """A side of equality (or of the network's limits) in the focus group's terms: "above"/"below"
    become worse or better by the indicator's worse side, anything else "cannot_tell"; None
    when there is no side or the indicator has no worse side."""
    if side is None or spec.worse is None:
        return None
    if side not in ("above", "below"):
        return "cannot_tell"
    return "worse" if side == spec.worse else "better"


def within_range(value: float | None, bounds: tuple[float, float] | None) -> bool | None:
    """Whether a value, to the two decimals it is published with, lies in a range (ends
    included): 1.254 reads 1.25 and is inside 0.80-1.25. None without a value or a range."""
    if value is None or bounds is None or math.isnan(value):
        return None
    return bounds[0] <= round(value, 2) <= bounds[1]


def publishable_size(n: int, settings: DisclosureSettings = DEFAULT_SETTINGS) -> int | None:
    """A count as it may be published (DESIGN.md, disclosure control): 1..threshold hidden (None),
    others rounded to the nearest rounding base; 0 stays 0. Values resting on a hidden count
    should be hidden with it."""
    n = int(n)
    if 1 <= n <= settings.threshold:
        return None
    return settings.round(n) if n else 0


def choose_year(values: NetworkValues, year: int | None) -> int:
    years = values.years()
    if year is None:
        return values.latest_year()
    if year not in years:
        raise InputError(
            Problem(
                severity="error",
                message=f"no data for year {year}",
                hint="Years found: " + ", ".join(map(str, years)) + ". Choose one with --year.",
            )
        )
    return year


def select(
    values: NetworkValues,
    *,
    year: int | None = None,
    region: str | None = None,
    trust_type: str | None = None,
) -> pd.DataFrame:
    """The rows of one year for the peers asked for (matching ignores case and spacing)."""
    year = choose_year(values, year)
    frame = values.frame[values.frame["year"].to_numpy() == year]
    for column, wanted, option in (
        ("region", region, "--region"),
        ("trust_type", trust_type, "--trust-type"),
    ):
        if not wanted:
            continue
        folded = frame[column].map(lambda v: None if v is None else fold(v))
        chosen = frame[(folded == fold(wanted)).to_numpy()]
        if chosen.empty:
            known = sorted({str(v) for v in values.frame[column].dropna().unique()})
            what = column.replace("_", " ")
            raise InputError(
                Problem(
                    severity="error",
                    message=f'no organisation with {what} "{wanted}" in {year}'
                    + ("" if known else f": the counts have no {what} column"),
                    hint=(f"{what.capitalize()}s found: " + ", ".join(known) + f". Check {option}.")
                    if known
                    else f"Add a {what.title()} column to the counts, or leave out {option}.",
                )
            )
        frame = chosen
    return frame


HIDDEN = "hidden"
"""The status of a trust whose size is too small to publish (``hide_small_trusts``)."""


def hide_small_trusts(
    rows: pd.DataFrame, values: NetworkValues, settings: DisclosureSettings
) -> pd.DataFrame:
    """One year's rows with every figure that rests on a hidden size taken out before anything
    is built on it: the value and interval of a trust of 1..threshold people, so it has no
    funnel position, significance or rank and is not counted in the summary, and the others
    rank among themselves (a gap in the ranks would place it); and a change from a year whose
    size was hidden (it would give that year's value away). The trust's counts stay in the
    network's pooled value, which adds up many trusts."""
    small = rows["denominator"].map(lambda n: publishable_size(int(n), settings) is None)
    frame = values.frame
    before = frame.assign(year=frame["year"] + 1).set_index(["organisation", "indicator", "year"])
    keys = pd.MultiIndex.from_frame(rows[["organisation", "indicator", "year"]])
    size_before = before["denominator"].reindex(keys).to_numpy()
    small_before = np.array(
        [not np.isnan(n) and publishable_size(int(n), settings) is None for n in size_before],
        dtype=bool,
    )
    out = rows.copy()
    hidden = small.to_numpy(dtype=bool)
    for column in ("value", "ci_lower", "ci_upper", "change"):
        out.loc[hidden, column] = np.nan
    out.loc[small_before, "change"] = np.nan
    out.loc[hidden, "status"] = HIDDEN
    out.loc[hidden, "reason"] = (
        f"fewer than {settings.threshold + 1} people: hidden, with every figure resting on them"
    )
    return out


def _funnel_inputs(rows: pd.DataFrame, spec: NetworkIndicator):
    """(centre, y, se, scale) on the funnel scale; centre None when the pool gives no target."""
    e1, n1, e2, n2 = (rows[c].to_numpy(dtype=float) for c in ("e1", "n1", "e2", "n2"))
    value = rows["value"].to_numpy(dtype=float)
    placed = ~np.isnan(value)
    nothing = (None, value, np.full(value.shape, np.nan), None)
    if spec.kind == "score_gap":  # a published score has no standard error: no funnel
        return nothing
    if spec.kind == "ratio":
        both = (n1 > 0) & (n2 > 0)
        a, m1, c, m2 = e1[both].sum(), n1[both].sum(), e2[both].sum(), n2[both].sum()
        if min(a, c, m1, m2) <= 0:
            return nothing
        centre = math.log((a / m1) / (c / m2))
        se = fn.katz_se(e1, n1, e2, n2)
        with np.errstate(divide="ignore", invalid="ignore"):
            y = np.log(value)
        return centre, y, se, fn.FunnelScale("precision", 1.0, log=True)
    if spec.kind == "gap":
        both = (n1 > 0) & (n2 > 0)
        if not both.any():
            return nothing
        pb, pw = e1[both].sum() / n1[both].sum(), e2[both].sum() / n2[both].sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            se = 100 * np.sqrt(pb * (1 - pb) / n1 + pw * (1 - pw) / n2)
        se = np.where(both & (se > 0), se, np.nan)
        return 100 * (pb - pw), value, se, fn.FunnelScale("precision", 1.0, bounds=(-100, 100))
    if spec.kind in ("share", "survey_share"):
        if not (n1 > 0).any():
            return nothing
        p = e1[n1 > 0].sum() / n1[n1 > 0].sum()
        variance = 100**2 * p * (1 - p)
        with np.errstate(divide="ignore", invalid="ignore"):
            se = np.where((n1 > 0) & (variance > 0), np.sqrt(variance / n1), np.nan)
        return 100 * p, value, se, fn.FunnelScale("denominator", variance, bounds=(0, 100))
    # board: e1 of n1 voting members are of the focus group; e2 of n2 staff are
    if not placed.any():
        return nothing
    p = e1[placed].sum() / n1[placed].sum()
    centre = 100 * (p - e2[placed].sum() / n2[placed].sum())
    variance = 100**2 * p * (1 - p)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.where(placed & (variance > 0), np.sqrt(variance / n1), np.nan)
    return centre, value, se, fn.FunnelScale("denominator", variance, bounds=(-100, 100))


def _significance(rows: pd.DataFrame) -> list[Significance | None]:
    ref = rows["reference"].to_numpy(dtype=float)
    lo, hi = rows["ci_lower"].to_numpy(dtype=float), rows["ci_upper"].to_numpy(dtype=float)
    out: list[Significance | None] = []
    for r, low, high in zip(ref, lo, hi, strict=True):
        if math.isnan(r) or math.isnan(low) or math.isnan(high):
            out.append(None)
        else:
            out.append("above" if low > r else "below" if high < r else "neither")
    return out


def _scores(rows: pd.DataFrame, spec: NetworkIndicator) -> list[dict[str, float | None]]:
    """Each row's published scores (a score gap's e1 and e2, and the organisation's own); none
    for a trust hidden as too small to publish."""
    columns = (rows[c] for c in ("e1", "e2", "score_all", "status"))
    return [
        None
        if status == HIDDEN
        else {spec.first: _none(e1), spec.second: _none(e2), ALL: _none(whole)}
        for e1, e2, whole, status in zip(*columns, strict=True)
    ]


def compare(
    values: NetworkValues,
    indicator: str = "WRES2",
    *,
    year: int | None = None,
    region: str | None = None,
    trust_type: str | None = None,
    overdispersion: fn.Method = "none",
    publish: DisclosureSettings | None = None,
) -> Comparison:
    """One indicator across the network (or the peers chosen) in one year (default: latest).

    ``publish``: the comparison as it may be shared (``hide_small_trusts``); None for an
    internal view with every trust's figures."""
    spec = _indicator(indicator)
    year = choose_year(values, year)
    if spec.id not in values.indicators():
        found = values.indicators()
        raise InputError(
            Problem(
                severity="error",
                message=f"the counts hold no {spec.standard} figures, so {spec.id} cannot be "
                "compared",
                hint=f"Give {spec.standard} returns (indicators {spec.standard}1 ...), or choose "
                f"one of the indicators found: {', '.join(found)}.",
            )
        )
    rows = select(values, year=year, region=region, trust_type=trust_type)
    rows = rows[rows["indicator"].to_numpy() == spec.id].reset_index(drop=True)
    if publish is not None:
        rows = hide_small_trusts(rows, values, publish)
    if region:  # as the counts spell it
        region = str(rows["region"].iloc[0]) if len(rows) else region
    if trust_type:
        trust_type = str(rows["trust_type"].iloc[0]) if len(rows) else trust_type
    centre, y, se, scale = _funnel_inputs(rows, spec)
    placed = np.isfinite(y) & np.isfinite(se) & (centre is not None)
    od = (
        fn.estimate_overdispersion(y[placed], se[placed], centre, overdispersion)
        if centre is not None
        else fn.Overdispersion(overdispersion, math.nan, 0.0, 0, False)
    )
    n_rows = len(rows)
    bounds = {k: np.full(n_rows, np.nan) for k in ("lower95", "upper95", "lower998", "upper998")}
    x = np.full(n_rows, np.nan)
    positions: list[FunnelPosition] = ["not_placed"] * n_rows
    if centre is not None and placed.any():
        lo95, hi95 = fn.limits(centre, se, fn.INNER, od)
        lo998, hi998 = fn.limits(centre, se, fn.OUTER, od)
        for i in np.flatnonzero(placed):
            positions[i] = fn.position(y[i], lo95[i], hi95[i], lo998[i], hi998[i])
        for key, raw in (
            ("lower95", lo95),
            ("upper95", hi95),
            ("lower998", lo998),
            ("upper998", hi998),
        ):
            bounds[key] = np.where(placed, scale.shown(raw), np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            x = np.where(
                placed, 1 / se**2 if scale.x_measure == "precision" else rows["n1"], np.nan
            )
    value = rows["value"].to_numpy(dtype=float)
    has = ~np.isnan(value)
    rank = np.full((3, n_rows), -1)
    if has.any():
        ranked = rank_intervals(
            value[has], rows["ci_lower"].to_numpy(float)[has], rows["ci_upper"].to_numpy(float)[has]
        )
        for k in range(3):
            rank[k, has] = ranked[k]
    significance = _significance(rows)
    no_interval = spec.kind == "score_gap"
    scores = _scores(rows, spec) if no_interval else [None] * n_rows
    orgs = []
    for i, row in enumerate(rows.itertuples(index=False)):
        orgs.append(
            OrganisationResult(
                organisation=row.organisation,
                region=row.region,
                trust_type=row.trust_type,
                value=_none(row.value),
                ci_lower=_none(row.ci_lower),
                ci_upper=_none(row.ci_upper),
                denominator=int(row.denominator),
                status=row.status,
                reason=row.reason,
                change=_none(row.change),
                significance=significance[i],
                funnel=positions[i],
                x=_none(x[i]),
                **{k: _none(v[i]) for k, v in bounds.items()},
                rank=int(rank[0, i]) if has[i] else None,
                rank_low=int(rank[1, i]) if has[i] and not no_interval else None,
                rank_high=int(rank[2, i]) if has[i] and not no_interval else None,
                against_equality=verdict(spec, significance[i]),
                scores=scores[i],
            )
        )
    orgs.sort(key=lambda o: (o.rank is None, o.rank or 0, -(o.value or 0), o.organisation))
    pooled = None
    if centre is not None:
        pooled = float(math.exp(centre)) if scale.log else float(centre)
    xs = x[np.isfinite(x)]
    funnel = Funnel(
        target=pooled,
        scale=scale,
        overdispersion=od,
        x_min=float(xs.min()) if xs.size else None,
        x_max=float(xs.max()) if xs.size else None,
        centre=centre,
    )
    sig = [s for s in significance if s is not None]
    has_equality = spec.has_equality
    verdicts = [o.against_equality for o in orgs]
    sides = [verdict(spec, p.split("_")[0]) for p in positions if p not in ("within", "not_placed")]
    judged = spec.worse is not None and has_equality and not no_interval
    sided = spec.worse is not None and not no_interval
    tested = has_equality and not no_interval
    shown = value[has]
    summary = IndicatorSummary(
        indicator=spec.id,
        year=year,
        organisations=n_rows,
        trusts=int(has.sum()),
        significantly_above=sum(s == "above" for s in sig) if tested else None,
        significantly_below=sum(s == "below" for s in sig) if tested else None,
        funnel_above=sum(p.startswith("above") for p in positions),
        funnel_below=sum(p.startswith("below") for p in positions),
        pooled=pooled,
        median=float(np.median(value[has])) if has.any() else None,
        worse=verdicts.count("worse") if judged else None,
        better=verdicts.count("better") if judged else None,
        cannot_tell=verdicts.count("cannot_tell") if judged else None,
        funnel_worse=sides.count("worse") if sided else None,
        funnel_better=sides.count("better") if sided else None,
        within_non_adverse_range=None
        if spec.non_adverse is None
        else sum(bool(within_range(o.value, spec.non_adverse)) for o in orgs),
        non_adverse=spec.non_adverse,
        outside_range_beyond_chance=None
        if spec.non_adverse is None
        else sum(
            within_range(o.value, spec.non_adverse) is False
            and o.significance in ("above", "below")
            for o in orgs
        ),
        below_equality=int((shown < spec.equality).sum()) if no_interval else None,
        above_equality=int((shown > spec.equality).sum()) if no_interval else None,
    )
    return Comparison(
        indicator=spec,
        year=year,
        confidence=values.confidence,
        region=region,
        trust_type=trust_type,
        pooled=pooled,
        funnel=funnel,
        organisations=tuple(orgs),
        summary=summary,
        overdispersion=overdispersion,
    )


def default_indicator(values: NetworkValues) -> str:
    """The indicator to show first: WRES2 (or WDES2) when the counts have it, else the first
    indicator some trust has data for."""
    present = values.indicators()
    for ind in ("WRES2", "WDES2"):
        if ind in present and ind in values.with_data():
            return ind
    return (values.with_data() or present or ["WRES2"])[0]


def _indicator(indicator: str) -> NetworkIndicator:
    for key, spec in INDICATORS.items():
        if fold(key) == fold(indicator):
            return spec
    raise InputError(
        Problem(
            severity="error",
            message=f'no indicator called "{indicator}" in the network view',
            hint="Choose one of " + ", ".join(INDICATORS) + ".",
        )
    )


def network_summary(
    values: NetworkValues,
    *,
    year: int | None = None,
    region: str | None = None,
    trust_type: str | None = None,
    overdispersion: fn.Method = "none",
    publish: DisclosureSettings | None = None,
    standard: str | None = None,
) -> tuple[IndicatorSummary, ...]:
    """Every indicator's summary for one year, in the order of ``INDICATORS``: those of
    ``standard`` (WRES, WDES), or of every standard in the values."""
    return tuple(
        compare(
            values,
            ind,
            year=year,
            region=region,
            trust_type=trust_type,
            overdispersion=overdispersion,
            publish=publish,
        ).summary
        for ind in values.indicators()
        if standard is None or INDICATORS[ind].standard == standard
    )


def _trusts(n: int) -> str:
    return f"{n} trust" if n == 1 else f"{n} trusts"


def headline(summary: IndicatorSummary) -> str:
    """One indicator across the network in a sentence or two, in the focus group's terms (BME or
    Disabled staff): how many trusts differ from equality beyond chance, and, for a relative
    likelihood, how many sit in NHS England's non-adverse range (named as a range, not a test).
    An indicator with no point of equality but a worse side (one group's survey percentage) is
    said against the network."""
    spec = INDICATORS[summary.indicator]
    who = spec.focus_people
    if not summary.trusts:
        return f"No trust has a value for {spec.id} in {summary.year}."
    words = f"Of {_trusts(summary.trusts)} with a value in {summary.year}"
    if summary.organisations != summary.trusts:
        words += f" ({summary.organisations} in all)"
    if summary.below_equality is not None and summary.above_equality is not None:
        low, high = (summary.below_equality, summary.above_equality)
        lower, higher = (spec.first, spec.second)
        people = characteristic(spec.characteristic).who
        return (
            f"{words}, {people(lower)} scored lower than {people(higher)} in {_trusts(low)} "
            f"and higher in {_trusts(high)}"
            + (
                f" ({_trusts(summary.trusts - low - high)} level)"
                if low + high < summary.trusts
                else ""
            )
            + f". {'A lower' if spec.worse == 'below' else 'A higher'} score for {who} is worse; "
            "no interval can be worked out from a published score, so whether a gap is beyond "
            "chance cannot be said."
        )
    if summary.worse is None and summary.funnel_worse is not None:
        return (
            f"{words}, {summary.funnel_worse} {'is' if summary.funnel_worse == 1 else 'are'} "
            f"worse for {who} than the network beyond chance and {summary.funnel_better} better "
            "(beyond the 95% limits); the rest are in line with the network."
        )
    if summary.worse is None:
        return (
            f"{words}, {summary.funnel_above} {'is' if summary.funnel_above == 1 else 'are'} "
            f"higher than the network beyond chance and {summary.funnel_below} lower; this "
            f"figure is neither better nor worse for {who} in itself."
        )
    words += (
        f": {summary.worse} worse for {who} than equality and {summary.better} better for "
        f"{who} than equality (both beyond chance); {summary.cannot_tell} cannot tell "
        "(within chance)."
    )
    if summary.within_non_adverse_range is not None and summary.non_adverse is not None:
        low, high = summary.non_adverse
        inside = summary.within_non_adverse_range
        words += (
            f" {_trusts(inside)} {'sits' if inside == 1 else 'sit'} inside "
            f"{spec.non_adverse_source} of {low:.2f} to {high:.2f} (a range, not a test)."
        )
    return words
