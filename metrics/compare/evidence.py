"""What a network adds beside one year's comparison: values pooled over years with the years
each trust was above the limits (``pooled``), shrunken estimates (``shrink``), NHS England's
non-adverse range year by year (``in_range``) and a national comparator. One call for the CLI
and the page, so both say the same."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from metrics.compare.in_range import RangeYear, range_trend
from metrics.compare.network import HIDDEN, Comparison, by_folded_name, compare, fold
from metrics.compare.pooled import (
    POOL_YEARS,
    PooledEvidence,
    poolable,
    pooled_evidence,
    pooled_values,
)
from metrics.compare.regions import Comparators, comparators
from metrics.compare.shrink import Shrunk, shrink
from metrics.compare.values import NetworkValues
from metrics.disclosure.control import DisclosureSettings
from metrics.problems import InputError, Problem

TYPED = "typed in (a published national figure)"
LOADED = "every trust loaded, counts added together"
Basis = Literal["year", "pooled"]
BASES: tuple[Basis, ...] = ("year", "pooled")
"""What the funnel, league table, summary and shrinkage run on: the year chosen, or each
trust's counts pooled over the years of the pool."""


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
    basis: Basis = "year"
    regions: Comparators | None = None
    """Each region's value and each trust against its region, on what the comparison runs on
    (None when the indicator has no regional figure or the counts carry no region)."""

    def ran_on(self, comparison: Comparison) -> Comparison:
        """The comparison to show (funnel, league, summary, headline): ``comparison`` (the
        year's), or the one on pooled values when the basis is pooled."""
        if self.basis == "pooled" and self.pooled is not None:
            return self.pooled.comparison
        return comparison

    def shrunk_for(self, organisation: str) -> Shrunk | None:
        """A trust's shrunken estimate (None without one), found in a dict made once rather
        than by a scan of every trust for each trust shown."""
        return self._shrunk_by_name.get(fold(organisation))

    @cached_property
    def _shrunk_by_name(self) -> dict[str, Shrunk]:
        return by_folded_name(self.shrunk or ())

    @property
    def basis_years(self) -> tuple[int, ...] | None:
        """The years the shown figures rest on when pooled; None for one year's."""
        return self.pooled.years if self.basis == "pooled" and self.pooled else None


def national_value(
    values: NetworkValues,
    comparison: Comparison,
    typed: float | None = None,
    pool: int | None = None,
) -> National:
    """``typed`` when given, else the pooled value of every trust loaded for the year (over the
    ``pool`` years to it, when ``comparison`` runs on pooled values)."""
    if typed is not None:
        return National(float(typed), TYPED)
    if comparison.region is None and comparison.trust_type is None:
        return National(comparison.pooled, LOADED)
    ind = comparison.indicator.id
    if pool is not None:
        values = pooled_values(values, pool, year=comparison.year, indicators=[ind])
    return National(compare(values, ind, year=comparison.year).pooled, LOADED)


def pooled_range_notes(pooled: PooledEvidence) -> tuple[str, ...]:
    """A note naming the trusts whose pooled figure rests on a withheld count and is a range,
    so left off the funnel, ranks and counts of trusts on pooled values (none when there are
    none; a trust hidden as too small to publish is not named)."""
    names = [
        t.organisation for t in pooled.trusts if t.value_range is not None and t.status != HIDDEN
    ]
    if not names:
        return ()
    years = f"{pooled.years[0]}-{pooled.years[-1]}"
    return (
        f"{len(names)} trust(s) left off the funnel on values pooled over {years} because a "
        "year of their pool rests on a suppressed count (such as <5), given as a range "
        "instead: " + ", ".join(names),
    )


def evidence(
    values: NetworkValues,
    comparison: Comparison,
    *,
    pool: int | None = None,
    shrunk: bool = False,
    national: float | None = None,
    publish: DisclosureSettings | None = None,
    trend: bool = True,
    on: Basis = "year",
) -> Evidence:
    """The additions for ``comparison`` (made with the same ``publish``): ``pool`` years (3 or
    5; None for none), shrinkage, and the national figure (``national`` typed in, else pooled
    across every trust loaded). ``trend``: the non-adverse range year by year (a comparison
    per year, so the command line works it out only with a pool, the multi-year view). ``on``:
    "pooled" runs the shown comparison (``Evidence.ran_on``), the shrinkage and the national
    figure on the values pooled over ``pool`` years."""
    spec = comparison.indicator
    if on not in BASES:
        raise InputError(
            Problem(
                severity="error",
                message=f'"{on}" is not a basis for the comparison',
                hint='Run the comparison on "year" or "pooled".',
            )  # fmt: skip
        )
    if on == "pooled" and pool is None:
        raise InputError(
            Problem(
                severity="error",
                message="the comparison can run on pooled values only when they are pooled",
                hint="Give a pool of 3 or 5 years (--pool 3 --on pooled), or leave out --on.",
            )
        )
    if on == "pooled" and not poolable(spec.id):
        raise InputError(
            Problem(
                severity="error",
                message=f"{spec.id} cannot be pooled over years, so the comparison cannot run "
                "on pooled values",
                hint="Pooling is for relative likelihoods and survey gaps (WRES2-8, WDES2-7); "
                "run it on the year (leave out --on pooled).",
            )
        )
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
    if pooled is not None:
        notes = (*notes, *pooled_range_notes(pooled))
    made = Evidence(pooled=pooled, shrunk=None, national=National(None, LOADED), trend=(),
                    basis=on)  # fmt: skip
    shown = made.ran_on(comparison)
    on_values = values
    if on == "pooled" and pool is not None:
        on_values = pooled_values(values, pool, year=comparison.year, indicators=[spec.id])
    hidden = {fold(o.organisation) for o in shown.organisations if o.status == HIDDEN}
    return Evidence(
        notes=notes,
        basis=on,
        regions=comparators(
            on_values, spec.id, comparison.year, national=national, hidden=hidden
        ),  # fmt: skip
        pooled=pooled,
        shrunk=shrink(shown) if shrunk else None,
        national=national_value(values, shown, national, pool if on == "pooled" else None),
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
