"""Regional and national comparators: each region's value from its trusts' counts added up
(as the national figure is), with its interval, and each trust against its region.

A network file may carry each trust's region. For a relative likelihood or a survey gap:

* a region's value is its trusts' numerators and denominators summed (trusts whose groups both
  have somebody, as the funnel's centre is), then the single trust's estimator and interval
  (Katz for a relative likelihood, Newcombe for a gap: ``values.from_counts``);
* a trust differs from its region beyond chance when it differs from **the rest of its region**
  (the region's counts less its own), so a large trust is not tested against itself: a z-test
  of the difference of the log relative likelihoods (Katz standard errors) or of the two gaps
  (Wald standard errors of the proportions), two-sided at the comparison's confidence;
* a region against the nation: the same test of the region against the rest of the trusts
  loaded; against a national figure typed in (no counts behind it), whether the region's
  interval leaves the national figure out.

Only relative likelihoods and survey gaps have a regional figure here: a workforce share's region
is a different question (where staff work), and a published score cannot be added up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from metrics.compare.network import Verdict, by_folded_name, fold, verdict
from metrics.compare.values import INDICATORS, NetworkIndicator, NetworkValues, from_counts
from metrics.standards.shared import WresOptions
from metrics.stats.intervals import z_value

KINDS = ("ratio", "gap")
COUNTS = ["e1", "n1", "e2", "n2"]
TRUST_TEST = "the trust against the rest of its region (its region's counts less its own)"
REGION_TEST = "the region against the rest of the trusts loaded"
TYPED_TEST = "whether the region's 95% interval leaves the national figure out"


@dataclass(frozen=True)
class RegionValue:
    """One region's value and interval in shown units, from its trusts' counts added up;
    ``against_nation`` in the focus group's terms (worse, better, cannot tell), None when it
    cannot be tested; ``hidden``: every trust in it is too small to publish."""

    region: str
    value: float | None
    ci_lower: float | None
    ci_upper: float | None
    trusts: int
    against_nation: Verdict | None
    hidden: bool = False


@dataclass(frozen=True)
class TrustAgainstRegion:
    """A trust's region, that region's value and interval, and the trust against the rest of
    its region: ``against_region`` worse/better/cannot tell for the focus group, ``z`` the
    test statistic (None when there is no rest of the region, or no value)."""

    organisation: str
    region: str | None
    value: float | None
    ci_lower: float | None
    ci_upper: float | None
    against_region: Verdict | None
    z: float | None


@dataclass(frozen=True)
class Comparators:
    indicator: str
    year: int
    regions: tuple[RegionValue, ...]
    trusts: tuple[TrustAgainstRegion, ...]
    national: float | None
    method: str

    def hidden(self, region: str | None) -> bool:
        """Whether a region's figure is hidden as published (every trust in it too small)."""
        return any(r.hidden for r in self.regions if r.region == region)

    def get(self, organisation: str) -> TrustAgainstRegion | None:
        return self._by_name.get(fold(organisation))

    @cached_property
    def _by_name(self) -> dict[str, TrustAgainstRegion]:
        return by_folded_name(self.trusts)


def _none(x: object) -> float | None:
    return None if x is None or not math.isfinite(float(x)) else float(x)


def _rows(values: NetworkValues, indicator: str, year: int) -> pd.DataFrame:
    """The rows of the indicator and year whose counts can be added (both groups have
    somebody; a figure resting on a withheld count has none)."""
    f = values.frame
    rows = f[(f["indicator"].to_numpy() == indicator) & (f["year"].to_numpy() == year)]
    usable = (rows["n1"] > 0) & (rows["n2"] > 0)
    return rows[usable.to_numpy()]


def _estimate(sums: pd.DataFrame, spec: NetworkIndicator, confidence: float) -> pd.DataFrame:
    """Value and interval from summed counts (index kept), the single trust's estimator."""
    return from_counts(sums, spec, WresOptions(confidence=confidence))


def difference_z(one: np.ndarray, other: np.ndarray, kind: str) -> np.ndarray:
    """z for the difference of two independent figures from counts (rows: e1, n1, e2, n2):
    log relative likelihoods with Katz standard errors, or gaps with Wald standard errors.
    NaN where either cannot be worked out (no events in a group, nobody in a group)."""
    one, other = np.asarray(one, dtype=float), np.asarray(other, dtype=float)
    a1, m1, c1, k1 = (one[:, i] for i in range(4))
    a2, m2, c2, k2 = (other[:, i] for i in range(4))
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "ratio":
            d = np.log((a1 / m1) / (c1 / k1)) - np.log((a2 / m2) / (c2 / k2))
            var = (1 / a1 - 1 / m1 + 1 / c1 - 1 / k1) + (1 / a2 - 1 / m2 + 1 / c2 - 1 / k2)
        else:
            p1, q1, p2, q2 = a1 / m1, c1 / k1, a2 / m2, c2 / k2
            d = (p1 - q1) - (p2 - q2)
            var = p1 * (1 - p1) / m1 + q1 * (1 - q1) / k1 + p2 * (1 - p2) / m2 + q2 * (1 - q2) / k2
        z = d / np.sqrt(var)
    return np.where(np.isfinite(z) & (var > 0), z, np.nan)


def _side(z: float | None, critical: float) -> str | None:
    if z is None or not math.isfinite(z):
        return None
    return "above" if z > critical else "below" if z < -critical else "neither"


def comparators(
    values: NetworkValues,
    indicator: str,
    year: int,
    *,
    national: float | None = None,
    hidden: set[str] | None = None,
) -> Comparators | None:
    """Every region's value and each trust against its region for one indicator and year of
    ``values`` (one year's values, or values pooled over years). ``national``: a figure typed
    in (else the nation is every trust loaded, counts added up). ``hidden``: folded names of
    trusts too small to publish (a region of only those has its figure hidden; their own test
    against the region is not given). None when the indicator has no regional figure or the
    values carry no region."""
    spec = INDICATORS.get(indicator)
    if spec is None or spec.kind not in KINDS:
        return None
    rows = _rows(values, spec.id, year)
    regions = rows["region"].astype(object)
    if regions.isna().all():
        return None
    hidden = hidden or set()
    critical = z_value(values.confidence)
    everyone = rows[COUNTS].sum().to_numpy(dtype=float)
    with_region = rows[regions.notna().to_numpy()].assign(region=lambda r: r["region"].map(str))
    sums = with_region.groupby("region", sort=True)[COUNTS].sum()
    # every region and the nation (last row) in one call of the estimator
    made = _estimate(pd.concat([sums, pd.DataFrame([everyone], columns=COUNTS)]), spec,
                     values.confidence)  # fmt: skip
    nation_value = _none(made["value"].iloc[-1]) if national is None else float(national)
    trusts_in = with_region.groupby("region", sort=True)["organisation"].agg(list)
    if national is None:
        z_region = difference_z(sums.to_numpy(), everyone - sums.to_numpy(), spec.kind)
    else:
        z_region = None
    out_regions = []
    for i, region in enumerate(sums.index):
        value, low, high = (_none(made[c].iloc[i]) for c in ("value", "ci_lower", "ci_upper"))
        if z_region is not None:
            side = _side(float(z_region[i]), critical)
        elif low is None or high is None or nation_value is None:
            side = None
        else:
            side = "above" if low > nation_value else "below" if high < nation_value else "neither"
        members = trusts_in[region]
        out_regions.append(
            RegionValue(
                region=str(region),
                value=value,
                ci_lower=low,
                ci_upper=high,
                trusts=len(members),
                against_nation=verdict(spec, side),
                hidden=all(fold(o) in hidden for o in members),
            )
        )
    by_region = {r.region: r for r in out_regions}
    own = with_region[COUNTS].to_numpy(dtype=float)
    rest = sums.loc[with_region["region"], COUNTS].to_numpy(dtype=float) - own
    z_trust = difference_z(own, rest, spec.kind)
    single = rest[:, 1] + rest[:, 3] <= 0  # the only trust of its region: nothing to test against
    out_trusts = []
    for i, (org, region) in enumerate(
        zip(with_region["organisation"], with_region["region"], strict=True)
    ):
        r = by_region[region]
        z = None if single[i] or fold(org) in hidden else _none(z_trust[i])
        out_trusts.append(
            TrustAgainstRegion(
                organisation=str(org),
                region=region,
                value=r.value,
                ci_lower=r.ci_lower,
                ci_upper=r.ci_upper,
                against_region=verdict(spec, _side(z, critical)),
                z=z,
            )
        )
    return Comparators(
        indicator=spec.id,
        year=int(year),
        regions=tuple(out_regions),
        trusts=tuple(out_trusts),
        national=nation_value,
        method=f"Trust: {TRUST_TEST}. Region: {REGION_TEST if national is None else TYPED_TEST}.",
    )
