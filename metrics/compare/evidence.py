"""What a network adds beside one year's comparison: values pooled over years with the years
each trust was above the limits (``pooled``), shrunken estimates (``shrink``), NHS England's
non-adverse range year by year (``in_range``) and a national comparator. One call for the CLI
and the page, so both say the same."""

from __future__ import annotations

from dataclasses import dataclass

from metrics.compare.in_range import RangeYear, range_trend
from metrics.compare.network import Comparison, compare
from metrics.compare.pooled import POOL_YEARS, PooledEvidence, poolable, pooled_evidence
from metrics.compare.shrink import Shrunk, shrink
from metrics.compare.values import NetworkValues
from metrics.disclosure.control import DisclosureSettings
from metrics.problems import InputError, Problem

TYPED = "typed in (a published national figure)"
LOADED = "every trust loaded, counts added together"


@dataclass(frozen=True)
class National:
    """The national comparator: a figure typed in, or the pooled value of every trust loaded
    (whatever peers the comparison is restricted to), in shown units."""

    value: float | None
    source: str


@dataclass(frozen=True)
class Evidence:
    pooled: PooledEvidence | None
    shrunk: tuple[Shrunk, ...] | None
    national: National
    trend: tuple[RangeYear, ...]
    notes: tuple[str, ...] = ()


def national_value(
    values: NetworkValues, comparison: Comparison, typed: float | None = None
) -> National:
    """``typed`` when given, else the pooled value of every trust loaded for the year."""
    if typed is not None:
        return National(float(typed), TYPED)
    if comparison.region is None and comparison.trust_type is None:
        return National(comparison.pooled, LOADED)
    whole = compare(values, comparison.indicator.id, year=comparison.year)
    return National(whole.pooled, LOADED)


def evidence(
    values: NetworkValues,
    comparison: Comparison,
    *,
    pool: int | None = None,
    shrunk: bool = False,
    national: float | None = None,
    publish: DisclosureSettings | None = None,
    trend: bool = True,
) -> Evidence:
    """The additions for ``comparison`` (made with the same ``publish``): ``pool`` years (3 or
    5; None for none), shrinkage, and the national figure (``national`` typed in, else pooled
    across every trust loaded). ``trend``: the non-adverse range year by year (a comparison
    per year, so the command line works it out only with a pool, the multi-year view)."""
    spec = comparison.indicator
    if pool is not None and pool not in POOL_YEARS:
        raise InputError(
            Problem(
                severity="error",
                message=f"a pool of {pool} years is not offered",
                hint="Pool over 3 or 5 years.",
            )
        )
    if national is not None and spec.unit == "relative likelihood" and not national > 0:
        raise InputError(
            Problem(
                severity="error",
                message=f"a national relative likelihood of {national:g} cannot be right",
                hint="Type the national figure as published, e.g. 1.59 (it must be above 0).",
            )
        )
    pooled = None
    if pool is not None and poolable(spec.id):
        pooled = pooled_evidence(
            values, spec.id, pool, year=comparison.year, region=comparison.region,
            trust_type=comparison.trust_type, overdispersion=comparison.overdispersion,
            publish=publish,
        )  # fmt: skip
    notes = ()
    if pool is not None and pooled is None:
        notes = (
            f"{spec.id} is not pooled over years: pooling is for relative likelihoods and "
            "survey gaps (a workforce share counts everyone already; a published score cannot "
            "be added up).",
        )
    return Evidence(
        notes=notes,
        pooled=pooled,
        shrunk=shrink(comparison) if shrunk else None,
        national=national_value(values, comparison, national),
        trend=range_trend(
            values,
            spec.id,
            region=comparison.region,
            trust_type=comparison.trust_type,
            publish=publish,
            overdispersion=comparison.overdispersion,
        )
        if trend
        else (),
    )
