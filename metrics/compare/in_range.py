"""NHS England's non-adverse range as a network trend: for one relative likelihood, how many
and what share of trusts sit inside 0.80-1.25 each year, and how many are outside it and differ
from 1 beyond chance. The range is a range, not a test (the interval is the test); the counts
are ``network.compare``'s summary, year by year, for the peers chosen."""

from __future__ import annotations

from dataclasses import dataclass

from metrics.compare.network import compare
from metrics.compare.values import INDICATORS, NetworkValues
from metrics.disclosure.control import DisclosureSettings
from metrics.problems import InputError
from metrics.stats import funnel as fn


@dataclass(frozen=True)
class RangeYear:
    """One year: ``trusts`` with a value, ``in_range`` of them inside the range (to the two
    decimals a value is published with, ends included), ``percent`` = in_range / trusts, and
    ``outside_beyond_chance`` outside it with an interval that leaves out 1."""

    year: int
    trusts: int
    in_range: int
    percent: float | None
    outside_beyond_chance: int


def range_trend(
    values: NetworkValues,
    indicator: str,
    *,
    region: str | None = None,
    trust_type: str | None = None,
    publish: DisclosureSettings | None = None,
    overdispersion: fn.Method = "none",
) -> tuple[RangeYear, ...]:
    """Every year of the values, oldest first; () for an indicator with no non-adverse range.
    A year in which none of the peers has a row is left out."""
    spec = INDICATORS.get(indicator)
    if spec is None or spec.non_adverse is None:
        return ()
    out = []
    for year in values.years():
        try:
            s = compare(values, spec.id, year=year, region=region, trust_type=trust_type,
                        publish=publish, overdispersion=overdispersion).summary  # fmt: skip
        except InputError:
            continue
        out.append(
            RangeYear(
                year,
                s.trusts,
                int(s.within_non_adverse_range or 0),
                s.in_range_percent,
                int(s.outside_range_beyond_chance or 0),
            )
        )
    return tuple(out)
