"""One trust on every indicator, beside the network median and its peers.

Peers are the trusts sharing its trust type by default (``peers_by``), since a mental health
trust and an acute trust recruit from different pools; region can be added or used instead.
Medians are of trusts' values (each trust counts once), whereas the funnel target is pooled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from metrics.compare.network import (
    FunnelPosition,
    Significance,
    Verdict,
    choose_year,
    compare,
    fold,
)
from metrics.compare.regions import comparators
from metrics.compare.values import INDICATORS, NetworkValues
from metrics.problems import InputError, Problem
from metrics.stats import funnel as fn


@dataclass(frozen=True)
class ProfileRow:
    """The trust on one indicator beside the network and its peers (medians of trusts' values;
    ``peers`` counts the peers with a value, the trust included). ``funnel`` is its position
    against the whole network's limits, ``peer_funnel`` against its peers' own."""

    indicator: str
    label: str
    unit: str
    value: float | None
    ci_lower: float | None
    ci_upper: float | None
    denominator: int  # exact: pass it through publishable_size before showing it
    status: str
    reason: str | None
    change: float | None
    significance: Significance | None
    network_median: float | None
    network_pooled: float | None
    peer_median: float | None
    peers: int
    funnel: FunnelPosition
    peer_funnel: FunnelPosition
    rank: int | None
    rank_low: int | None
    rank_high: int | None
    trusts: int
    against_equality: Verdict | None = None  # for the focus group: worse, better or cannot tell
    region_value: float | None = None  # its region's counts added up (metrics.compare.regions)
    against_region: Verdict | None = None  # against the rest of its region, for the focus group


@dataclass(frozen=True)
class TrustProfile:
    """One trust on every indicator; ``outside`` lists (indicator, position) for every indicator
    where it lies beyond the network's 95% limits, either way."""

    organisation: str
    region: str | None
    trust_type: str | None
    year: int
    peer_definition: str
    rows: tuple[ProfileRow, ...]
    outside: tuple[tuple[str, FunnelPosition], ...] = field(default=())


def _find(values: NetworkValues, organisation: str, year: int) -> pd.Series:
    rows = values.frame[values.frame["year"].to_numpy() == year]
    match = rows[rows["organisation"].map(fold).to_numpy() == fold(organisation)]
    if match.empty:
        names = values.organisations()
        raise InputError(
            Problem(
                severity="error",
                message=f'no organisation called "{organisation}" in {year}',
                hint="Organisations found: "
                + ", ".join(names[:40])
                + (f" and {len(names) - 40} more" if len(names) > 40 else ""),
            )
        )
    return match.iloc[0]


def trust_profile(
    values: NetworkValues,
    organisation: str,
    *,
    year: int | None = None,
    peers_by: tuple[str, ...] = ("trust_type",),
    overdispersion: fn.Method = "none",
    standard: str | None = None,
) -> TrustProfile:
    """One trust against the network median and its peers (same ``peers_by`` attributes: trust
    type by default, ``("region", "trust_type")`` for both) on every indicator of ``standard``
    (WRES, WDES), or of every standard in the values."""
    year = choose_year(values, year)
    me = _find(values, organisation, year)
    peer_filter = {k: me[k] for k in peers_by if k in ("region", "trust_type") and me[k]}
    described = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in peer_filter.items())
    rows = []
    for ind in values.indicators():
        spec = INDICATORS[ind]
        if standard is not None and spec.standard != standard:
            continue
        whole = compare(values, ind, year=year, overdispersion=overdispersion)
        peers = compare(values, ind, year=year, overdispersion=overdispersion, **peer_filter)
        mine, mine_peer = whole.get(me["organisation"]), peers.get(me["organisation"])
        assert mine is not None and mine_peer is not None  # the trust is in both sets
        found = comparators(values, ind, year)  # relative likelihoods and gaps only
        near = None if found is None else found.get(me["organisation"])
        rows.append(
            ProfileRow(
                indicator=ind,
                label=spec.label,
                unit=spec.unit,
                value=mine.value,
                ci_lower=mine.ci_lower,
                ci_upper=mine.ci_upper,
                denominator=mine.denominator,
                status=mine.status,
                reason=mine.reason,
                change=mine.change,
                significance=mine.significance,
                network_median=whole.summary.median,
                network_pooled=whole.pooled,
                peer_median=peers.summary.median,
                peers=peers.summary.trusts,
                funnel=mine.funnel,
                peer_funnel=mine_peer.funnel,
                rank=mine.rank,
                rank_low=mine.rank_low,
                rank_high=mine.rank_high,
                trusts=whole.summary.trusts,
                against_equality=mine.against_equality,
                region_value=None if near is None else near.value,
                against_region=None if near is None else near.against_region,
            )
        )
    return TrustProfile(
        organisation=str(me["organisation"]),
        region=me["region"],
        trust_type=me["trust_type"],
        year=year,
        peer_definition=described or "the whole network (no peer attributes given)",
        rows=tuple(rows),
        outside=tuple(
            (r.indicator, r.funnel) for r in rows if r.funnel not in ("within", "not_placed")
        ),
    )
