"""Every indicator of an equality standard (WRES, WDES, the medical view), computed from the
canonical counts table by generic code: the groups, wording, directions and methods come from the
standard's file (metrics/reference/standards/) and its characteristic, never from literals here.

Pure functions of counts: no files, no screens. The unknown group never enters either side of a
ratio or gap; it is reported as a declaration rate instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics import reference as ref
from metrics.counts.characteristics import Characteristic
from metrics.counts.table import BREAKDOWNS, filter_unit, ordinary
from metrics.problems import InputError, Problem
from metrics.standards.definitions import IndicatorSpec, Standard
from metrics.standards.definitions import standard as standard_named
from metrics.standards.results import Declaration, GroupFigures, IndicatorResult, StandardReport
from metrics.standards.shared import ALL, WresOptions, no_variation_reason  # noqa: F401 (re-exported)
from metrics.stats.intervals import (
    NotComputable,
    NoVariation,
    newcombe_difference,
    relative_likelihood,
    wilson,
)

RULE_OF_THUMB = (0.80, 1.25)


@dataclass(frozen=True)
class _Ratio:
    id: str
    label: str
    first: str  # the group on top of the ratio
    second: str
    subject: str  # "applicants" / "staff"
    event: str
    method: str
    done: str = ""  # the event in the past tense, for "everyone ... was appointed"


def ratio_words(std: Standard, spec: IndicatorSpec) -> _Ratio:
    """A ratio indicator's groups and words, from its standard."""
    top = spec.top or std.characteristic.reference
    return _Ratio(spec.id, spec.wording, top, std.other(top), spec.subject, spec.event,
                  spec.method, spec.done)  # fmt: skip


def _survey_words(spec: IndicatorSpec) -> tuple[str, str, bool]:
    return spec.wording, spec.statement, bool(spec.higher_is_worse)


_WRES = standard_named("WRES")
RATIOS = {s.id: ratio_words(_WRES, s) for s in _WRES.indicators if s.kind == "ratio"}
SURVEY = {s.id: _survey_words(s) for s in _WRES.indicators if s.kind == "survey_gap"}
"""The WRES's ratios and survey gaps, by id (the network view reads them)."""


def katz_note(char: Characteristic) -> str:
    return (
        "95% confidence interval by the Katz log method: exp(ln RL ± 1.96·√(1/a − 1/n₁ + 1/c − "
        "1/n₂)). 1.00 means equal likelihood. The 0.80–1.25 range is the 'four-fifths' rule of "
        f"thumb, not a test; the confidence interval is. Unknown {char.label} is left out of both "
        "groups."
    )


KATZ = katz_note(_WRES.characteristic)


def _pick(counts: pd.DataFrame, organisation: str | None, year: int | None,
          standard_id: str = "WRES"):  # fmt: skip
    orgs = sorted({str(o) for o in counts["organisation"].dropna().unique()})
    if organisation is not None:
        # each distinct name normalised once, not once per row; rows without one (code -1) kept
        codes, names = pd.factorize(counts["organisation"], use_na_sentinel=True)
        wanted = organisation.strip().lower()
        hits = [str(n).strip().lower() == wanted for n in names]
        matched = counts[np.array([*hits, True], dtype=bool)[codes]]
        if orgs and matched["organisation"].notna().sum() == 0:
            raise InputError(
                Problem(
                    severity="error",
                    message=f'no organisation called "{organisation}" in the counts',
                    hint="Organisations found: " + ", ".join(orgs[:40]),
                )
            )
        counts = matched
        organisation = (
            next(o for o in orgs if o.strip().lower() == organisation.strip().lower())
            if orgs
            else organisation
        )
    elif len(orgs) > 1:
        raise InputError(
            Problem(
                severity="error",
                message=f"the counts hold {len(orgs)} organisations; the {standard_id} is "
                "computed for one at a time",
                hint="Name the one to report on. Organisations found: " + ", ".join(orgs[:40]),
                option="--organisation NAME",
            )
        )
    years = sorted(int(y) for y in counts["year"].dropna().unique())
    if year is None:
        year = years[-1] if years else None
    elif years and year not in years:
        raise InputError(
            Problem(
                severity="error",
                message=f"no data for year {year}",
                hint="Years found: " + ", ".join(map(str, years)),
            )
        )
    return counts, (organisation or (orgs[0] if len(orgs) == 1 else None)), year


def _in_year(counts: pd.DataFrame, year: int | None) -> pd.DataFrame:
    if year is None:
        return counts
    return counts[
        (counts["year"] == year).fillna(False).to_numpy() | counts["year"].isna().to_numpy()
    ]


def _by_group(rows: pd.DataFrame) -> dict[str, tuple[int, int]]:
    sums = rows.groupby("group")[["numerator", "denominator"]].sum()
    return {str(g): (int(r.numerator), int(r.denominator)) for g, r in sums.iterrows()}


def _figures(n: int, d: int) -> GroupFigures:
    return GroupFigures(numerator=n, denominator=d, rate=None if d == 0 else n / d)


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def no_variation_reading(spec: _Ratio, everyone: bool) -> str:
    """Plain words for a ratio with nothing to compare (one sentence for the whole network too)."""
    who = "Everyone" if everyone else "Nobody"
    both = "in both groups" if everyone else "in either group"
    return (
        f"{who} {both} ({spec.first} and {spec.second} {spec.subject}) {spec.done}: no "
        "difference to measure, so there is no ratio and no interval."
    )


def _groups(figures: dict[str, tuple[int, int]], char: Characteristic) -> dict[str, GroupFigures]:
    return {g: _figures(*figures[g]) for g in _order(char) if g in figures}


def _order(char: Characteristic) -> tuple[str, str, str]:
    """Reference, focus, unknown: the order results list groups in (White, BME, Unknown)."""
    return (char.reference, char.focus, char.unknown)


def _ratio(rows: pd.DataFrame, spec: _Ratio, opts: WresOptions, note: str = "",
           char: Characteristic | None = None) -> IndicatorResult:  # fmt: skip
    char = char or _WRES.characteristic
    base = dict(
        id=spec.id,
        label=spec.label,
        unit="relative likelihood",
        confidence=opts.confidence,
        method=spec.method + " " + katz_note(char) + note,
    )
    if rows.empty:
        return IndicatorResult(
            **base,
            status="no_data",
            reason="no data was given for this indicator",
            reading="No data.",
        )
    figures = _by_group(rows)
    groups = _groups(figures, char)
    a, n1 = figures.get(spec.first, (0, 0))
    c, n2 = figures.get(spec.second, (0, 0))
    first, second = f"{spec.first} {spec.subject}", f"{spec.second} {spec.subject}"
    try:
        r = relative_likelihood(a, n1, c, n2, opts.confidence)
    except NoVariation as exc:
        return IndicatorResult(**base, groups=groups, status="no_variation",
                               reason=no_variation_reason(spec, exc.everyone),
                               reading=no_variation_reading(spec, exc.everyone))  # fmt: skip
    except NotComputable as exc:
        who = first if (n1 == 0 or a == 0) else second
        reason = (
            f"not computable: no {who} in the data"
            if (n1 == 0 or n2 == 0)
            else f"not computable: no {who} did {spec.event.replace('be ', 'get ')}"
        )
        if n1 and n2:
            reason = f"not computable: {exc}; {a} of {n1:,} {first} and {c} of {n2:,} {second}"
        return IndicatorResult(
            **base,
            groups=groups,
            status="not_computable",
            reason=reason,
            reading=f"Cannot be calculated: {reason.removeprefix('not computable: ')}.",
        )
    flags = []
    significant = r.lower > 1 or r.upper < 1
    if not RULE_OF_THUMB[0] <= r.value <= RULE_OF_THUMB[1]:
        flags.append("outside the 0.80–1.25 rule-of-thumb range")
    flags.append(
        "confidence interval excludes 1.00" if significant else "confidence interval includes 1.00"
    )
    if r.value >= 1:
        reading = f"{first} were {_fmt(r.value)} times as likely as {second} to {spec.event}."
    else:
        reading = f"{second} were {_fmt(1 / r.value)} times as likely as {first} to {spec.event}."
    reading += (
        f" The {opts.confidence:.0%} confidence interval runs from {_fmt(r.lower)} to "
        f"{_fmt(r.upper)}; "
        + (
            "it does not include 1.00, so chance alone is an unlikely explanation."
            if significant
            else "it includes 1.00 (equal likelihood), so the difference could be chance."
        )
    )
    small = min(a, c) < opts.small_number
    if small:
        reading += f" Small numbers: fewer than {opts.small_number} events in a group."
    return IndicatorResult(
        **base,
        value=r.value,
        ci_lower=r.lower,
        ci_upper=r.upper,
        groups=groups,
        status="small_numbers" if small else "ok",
        reason=f"fewer than {opts.small_number} events in a group" if small else None,
        reading=reading,
        flags=tuple(flags),
    )


def _survey_method(char: Characteristic) -> str:
    return (
        "Percentage answering yes in each group (NHS Staff Survey of the previous autumn), "
        f"Wilson 95% intervals; the value is {char.focus} % minus {char.reference} % in "
        "percentage points with Newcombe's interval for a difference of proportions."
    )


def _survey(rows: pd.DataFrame, spec: IndicatorSpec, opts: WresOptions,
            char: Characteristic) -> IndicatorResult:  # fmt: skip
    focus, reference = char.focus, char.reference
    base = dict(
        id=spec.id,
        label=spec.wording,
        unit="percentage points",
        confidence=opts.confidence,
        method=spec.method or _survey_method(char),
    )
    if rows.empty:
        return IndicatorResult(
            **base,
            status="no_data",
            reason="no staff survey results were given",
            reading="No data.",
        )
    figures = _by_group(rows)
    groups = _groups(figures, char)
    (kb, nb), (kw, nw) = figures.get(focus, (0, 0)), figures.get(reference, (0, 0))
    if nb == 0 or nw == 0:
        missing = focus if nb == 0 else reference
        return IndicatorResult(
            **base,
            groups=groups,
            status="not_computable",
            reason=f"not computable: no {missing} respondents",
            reading=f"Cannot be calculated: no {missing} respondents.",
        )
    d, lo, hi = newcombe_difference(kb, nb, kw, nw, opts.confidence)
    gap, worse = 100 * d, (d > 0) == bool(spec.higher_is_worse)
    reading = (
        f"{100 * kb / nb:.1f}% of {char.who(focus)} and {100 * kw / nw:.1f}% of "
        f"{char.who(reference)} {spec.statement}: a gap of {gap:+.1f} percentage points"
    )
    if abs(gap) >= 0.05:
        reading += f" ({'worse' if worse else 'better'} for {char.who(focus)})"
    significant = lo > 0 or hi < 0
    reading += f"; {opts.confidence:.0%} confidence interval {100 * lo:+.1f} to {100 * hi:+.1f}" + (
        ", so chance alone is an unlikely explanation."
        if significant
        else ", which includes no gap."
    )
    small = min(nb, nw) < opts.survey_minimum
    return IndicatorResult(
        **base,
        value=gap,
        ci_lower=100 * lo,
        ci_upper=100 * hi,
        groups=groups,
        status="small_numbers" if small else "ok",
        reason=f"fewer than {opts.survey_minimum} respondents in a group" if small else None,
        reading=reading,
        flags=("confidence interval excludes 0",) if significant else (),
    )


def _survey_share(rows: pd.DataFrame, spec: IndicatorSpec, opts: WresOptions,
                  char: Characteristic) -> IndicatorResult:  # fmt: skip
    """One group's percentage with its Wilson interval (WDES8 is asked of Disabled staff only)."""
    group = spec.group or char.focus
    base = dict(
        id=spec.id,
        label=spec.wording,
        unit="percent",
        confidence=opts.confidence,
        method=spec.method
        or f"Percentage of {char.who(group)} answering yes (NHS Staff Survey of the previous "
        f"autumn) with its Wilson {opts.confidence:.0%} score interval. The question is asked of "
        f"{char.who(group)} only, so there is no other group to compare with.",
    )
    figures = _by_group(rows) if not rows.empty else {}
    k, n = figures.get(group, (0, 0))
    if rows.empty or n == 0:
        return IndicatorResult(
            **base,
            groups=_groups(figures, char),
            status="no_data",
            reason=f"no {group} respondents were given" if not rows.empty else
            "no staff survey results were given",
            reading="No data.",
        )  # fmt: skip
    lo, hi = wilson(k, n, opts.confidence)
    small = n < opts.survey_minimum
    reading = (
        f"{100 * k / n:.1f}% of {char.who(group)} ({k:,} of {n:,}) {spec.statement}; "
        f"{opts.confidence:.0%} confidence interval {100 * lo:.1f}% to {100 * hi:.1f}%. "
        f"{spec.worse_when}."
    )
    return IndicatorResult(
        **base,
        value=100 * k / n,
        ci_lower=100 * lo,
        ci_upper=100 * hi,
        groups={group: _figures(k, n)},
        status="small_numbers" if small else "ok",
        reason=f"fewer than {opts.survey_minimum} respondents" if small else None,
        reading=reading,
    )


def _score_gap(rows: pd.DataFrame, spec: IndicatorSpec, opts: WresOptions,
               char: Characteristic) -> IndicatorResult:  # fmt: skip
    """Engagement scores (0-10): focus minus reference, and each against the organisation's."""
    focus, reference = char.focus, char.reference
    base = dict(id=spec.id, label=spec.wording, unit="score points", method=spec.method)
    if rows.empty or "score" not in rows:
        return IndicatorResult(**base, status="no_data",
                               reason="no staff engagement scores were given", reading="No data.")  # fmt: skip
    scores: dict[str, float] = {}
    respondents: dict[str, int] = {}
    for group, sub in rows.groupby("group"):
        values = pd.to_numeric(sub["score"], errors="coerce").dropna()
        if values.empty:
            continue
        weights = pd.to_numeric(sub.loc[values.index, "denominator"], errors="coerce").fillna(0)
        total = int(weights.sum())
        # one row per group as published; several rows (units) are pooled by respondents
        scores[str(group)] = (
            float((values * weights).sum() / total) if total > 0 else float(values.mean())
        )
        respondents[str(group)] = total
    extra: dict[str, float | int | None] = {
        f"score_{g}": scores.get(g) for g in (focus, reference, ALL)
    }
    extra |= {f"respondents_{g}": respondents.get(g) for g in (focus, reference, ALL)}
    groups = {g: _figures(respondents[g], respondents[g]) for g in (reference, focus, char.unknown)
              if g in respondents}  # fmt: skip
    if focus not in scores or reference not in scores:
        missing = focus if focus not in scores else reference
        return IndicatorResult(**base, groups=groups, extra=extra, status="not_computable",
                               reason=f"not computable: no score for {char.who(missing)}",
                               reading=f"Cannot be calculated: no score for {char.who(missing)}.")  # fmt: skip
    gap = scores[focus] - scores[reference]
    extra[f"{_slug(focus)}_vs_organisation"] = (
        scores[focus] - scores[ALL] if ALL in scores else None
    )
    extra[f"{_slug(reference)}_vs_organisation"] = (
        scores[reference] - scores[ALL] if ALL in scores else None
    )
    worse = (gap > 0) == bool(spec.higher_is_worse)
    reading = (
        f"{_upper_first(char.who(focus))} scored {scores[focus]:.2f} out of 10 on staff engagement "
        f"and {char.who(reference)} {scores[reference]:.2f}: a gap of {gap:+.2f} points"
        + (
            f" ({'worse' if worse else 'better'} for {char.who(focus)})"
            if abs(gap) >= 0.005
            else ""
        )
        + "."
    )
    if ALL in scores:
        reading += f" The organisation as a whole scored {scores[ALL]:.2f}."
    reading += " No confidence interval: the published score comes without its spread."
    small = min(respondents.get(focus, 0), respondents.get(reference, 0)) < opts.survey_minimum
    return IndicatorResult(
        **base,
        value=gap,
        groups=groups,
        extra=extra,
        status="small_numbers" if small else "ok",
        reason=f"fewer than {opts.survey_minimum} respondents in a group" if small else None,
        reading=reading,
    )


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _slug(group: str) -> str:
    """A group as part of a field name: "BME" -> "bme", "Non-disabled" -> "non_disabled"."""
    return group.lower().replace("-", "_").replace(" ", "_")


def _band_sort_key(band: str, clinical: object) -> tuple[int, int, str]:
    order = ref.bands()
    clin = 2 if clinical is None or pd.isna(clinical) else int(bool(clinical))
    return (clin, order[band].order if band in order else len(order), band)


def _shares(counts: dict[str, int], char: Characteristic) -> tuple[int, dict[str, GroupFigures]]:
    total = sum(counts.values())
    return total, {g: _figures(counts.get(g, 0), total) for g in _order(char)}


WRES1_LABEL = _WRES.indicator("WRES1").wording


def _side(clinical: bool | None) -> str:
    return {True: "clinical", False: "non-clinical", None: "clinical status unknown"}[clinical]


def _representation(rows: pd.DataFrame, spec: IndicatorSpec, std: Standard) -> IndicatorResult:
    """Shares of each group by band (WRES1) or band cluster (WDES1) against the workforce."""
    char = std.characteristic
    focus, reference, unknown = char.focus, char.reference, char.unknown
    slug = _slug(focus)
    base = dict(id=spec.id, label=spec.wording, unit="percent", method=spec.method)
    if rows.empty:
        return IndicatorResult(
            **base, status="no_data", reason="no staff data was given", reading="No data."
        )
    overall = rows.groupby("group")["numerator"].sum()
    total, groups = _shares({str(g): int(n) for g, n in overall.items()}, char)
    if total == 0:
        return IndicatorResult(
            **base, status="no_data", reason="the headcount is zero", reading="No staff."
        )
    share = groups[focus].rate or 0.0
    keyed = rows.assign(clinical=rows["clinical"].astype(object))
    outside = 0
    if spec.by == "cluster":
        of_band = {b: c.name for c in std.clusters for b in c.bands}
        codes, distinct = pd.factorize(keyed["band"], use_na_sentinel=True)  # once per label
        clusters = np.array([*(of_band.get(str(b)) for b in distinct), None], dtype=object)
        named = pd.Series(clusters[codes], index=keyed.index)  # code -1 (no band): None
        outside = int(keyed.loc[named.isna().to_numpy(), "numerator"].sum())
        keyed = keyed.assign(band=named)[named.notna().to_numpy()]
        order = {c.name: i for i, c in enumerate(std.clusters)}
        sort = lambda k: (2 if k[1] is None else int(k[1]), order.get(k[0], len(order)), k[0])  # noqa: E731
    else:
        sort = lambda k: _band_sort_key(*k)  # noqa: E731
    per_band = keyed.groupby(["band", "clinical", "group"], dropna=False)["numerator"].sum()
    bands: dict[tuple[str, object], dict[str, int]] = {}
    for (band, clinical, group), n in per_band.items():
        clinical = None if clinical is None or pd.isna(clinical) else bool(clinical)
        bands.setdefault((str(band), clinical), {})[str(group)] = int(n)
    parts = []
    for (band, clinical), figures in sorted(bands.items(), key=lambda kv: sort(kv[0])):
        n, g = _shares(figures, char)
        if n == 0:
            continue
        have = figures.get(focus, 0)
        needed = max(0, math.ceil(share * n - 1e-9) - have)
        pp = 100 * ((g[focus].rate or 0.0) - share)
        side = _side(clinical)
        parts.append(
            IndicatorResult(
                id=spec.id,
                label=f"{band} ({side})",
                unit="percent",
                value=100 * (g[focus].rate or 0),
                groups=g,
                breakdown={spec.by: band, "clinical": clinical},
                extra={"headcount": n, "gap_percentage_points": pp, f"{slug}_needed": needed},
                reading=(
                    f"{band} ({side}): {100 * (g[focus].rate or 0):.1f}% {focus} of {n:,} staff "
                    f"against {100 * share:.1f}% in the whole workforce ({pp:+.1f} points"
                    + (f"; {needed:,} more {focus} staff would match it)." if needed else ").")
                ),
            )
        )
    unknown_pct = 100 * (groups[unknown].rate or 0)
    reading = (
        f"{100 * share:.1f}% of the {total:,} staff are {focus}, "
        f"{100 * (groups[reference].rate or 0):.1f}% {reference} and {unknown_pct:.1f}% "
        f"{char.who(unknown).removeprefix('staff ')}."
    )
    under = [p for p in parts if (p.extra.get(f"{slug}_needed") or 0) > 0]
    if under:
        worst = max(under, key=lambda p: p.extra[f"{slug}_needed"] or 0)
        reading += (
            f" The largest shortfall in people is {worst.label}: {worst.value:.1f}% {focus} "
            f"({worst.extra['gap_percentage_points']:+.1f} points; "
            f"{worst.extra[f'{slug}_needed']:,} more {focus} staff would match the workforce "
            "share)."
        )
    if outside:
        reading += (
            f" {outside:,} staff in bands outside the clusters (such as other medical grades or "
            "no band recorded) count in the whole workforce only."
        )
    return IndicatorResult(
        **base,
        value=100 * share,
        groups=groups,
        parts=tuple(parts),
        extra={
            "headcount": total,
            **({"outside_clusters": outside} if spec.by == "cluster" else {}),
        },
        reading=reading,
    )


def _board(rows: pd.DataFrame, spec: IndicatorSpec, char: Characteristic,
           workforce: IndicatorResult | None, whole: bool) -> IndicatorResult:  # fmt: skip
    """The focus group's share of the board minus its share of the workforce (WRES9, WDES10)."""
    focus, slug = char.focus, _slug(char.focus)
    base = dict(id=spec.id, label=spec.wording, unit="percentage points", method=spec.method)
    if not whole:
        return IndicatorResult(
            **base,
            status="no_data",
            reason="board membership is reported for the whole organisation only",
            reading="Not applicable to a part of the organisation.",
        )
    if rows.empty:
        return IndicatorResult(
            **base, status="no_data", reason="no board data was given", reading="No data."
        )
    if workforce is None or workforce.value is None:
        return IndicatorResult(
            **base,
            status="no_data",
            reason="no staff data to compare with",
            reading="No workforce figures to compare the board with.",
        )
    wf = workforce.value
    parts = []
    for membership in ("voting", "executive"):
        sub = rows[(rows["membership"].fillna("voting") == membership).to_numpy()]
        if sub.empty:
            continue
        total, groups = _shares(
            {str(g): int(n) for g, n in sub.groupby("group")["numerator"].sum().items()}, char
        )
        if total == 0:
            continue
        board = 100 * (groups[focus].rate or 0)
        parts.append(
            IndicatorResult(
                id=spec.id,
                label=f"Board {membership} membership",
                unit="percentage points",
                value=board - wf,
                groups=groups,
                breakdown={"membership": membership},
                extra={
                    f"board_{slug}_percent": board,
                    f"workforce_{slug}_percent": wf,
                    "members": total,
                },  # fmt: skip
                reading=(
                    f"{focus} people are {board:.1f}% of the board's {membership} members "
                    f"({groups[focus].numerator} of {total}) and {wf:.1f}% of the workforce: a "
                    f"difference of {board - wf:+.1f} percentage points."
                ),
            )
        )
    if not parts:
        return IndicatorResult(
            **base, status="no_data", reason="no board members in the data", reading="No data."
        )
    voting = next((p for p in parts if p.breakdown["membership"] == "voting"), None)
    executive = next((p for p in parts if p.breakdown["membership"] == "executive"), None)
    return IndicatorResult(
        **base,
        value=voting.value if voting else None,
        groups=voting.groups if voting else {},
        parts=tuple(parts),
        status="ok" if voting else "no_data",
        reason=None if voting else "no voting members in the data",
        extra={"executive": executive.value if executive else None},
        reading=" ".join(p.reading for p in parts),
    )


SOURCES = {"recruitment": ("recruitment (shortlisted)", "denominator")}
"""How each input kind is named in the declaration table and which count holds its records."""


def _by_indicator(rows: pd.DataFrame):
    """A function giving the rows of one indicator: the indicator column compared once per
    distinct value, not once per indicator over every row."""
    codes, names = pd.factorize(rows["indicator"].astype(object), use_na_sentinel=True)
    where = {name: i for i, name in enumerate(names)}

    def of(indicator: str) -> pd.DataFrame:
        return rows[codes == where.get(indicator, -2)]

    return of


def _declaration(rows: pd.DataFrame, std: Standard) -> tuple[Declaration, ...]:
    unknown = std.characteristic.unknown
    of_indicator = _by_indicator(rows)
    out = []
    for spec in std.indicators:
        if spec.kind not in ("representation", "ratio"):
            continue
        source, column = SOURCES.get(spec.input, (spec.input, "numerator"))
        sub = of_indicator(spec.id)
        if sub.empty:
            continue
        out.append(
            Declaration(
                source=source,
                records=int(sub[column].sum()),
                unknown=int(sub.loc[(sub["group"] == unknown).to_numpy(), column].sum()),
            )
        )
    for spec in std.indicators:
        if spec.kind != "board":
            continue
        board = rows[
            (
                (rows["indicator"] == spec.id) & (rows["membership"].fillna("voting") == "voting")
            ).to_numpy()
        ]
        if not board.empty:
            out.append(
                Declaration(
                    source="board (voting)",
                    records=int(board["numerator"].sum()),
                    unknown=int(
                        board.loc[(board["group"] == unknown).to_numpy(), "numerator"].sum()
                    ),
                )
            )
    return tuple(out)


def band_groups() -> dict[str, tuple[str, ...]]:
    """The band groups a unit can be ("Bands 8a-8b" ...), from the clusters in bands.csv."""
    out: dict[str, list[str]] = {}
    for band in ref.bands().values():
        out.setdefault(band.cluster, []).append(band.band)
    return {name: tuple(members) for name, members in out.items()}


UNIT_KINDS = ("ratio", "survey_gap", "survey_share", "score_gap")
"""Indicators that can lack a breakdown (a survey given for the whole organisation ...)."""


def _without_breakdown(counts: pd.DataFrame, year: int | None, column: str, unit: str,
                       std: Standard | None = None) -> dict:  # fmt: skip
    """Indicators whose rows this year have no value in `column` (a survey given for the whole
    organisation, recruitment with no pay band): they cannot be given for a unit, and say why."""
    std = std or _WRES
    this_year = _in_year(counts, year)
    what = {"band": "pay band"}.get(column, column.replace("_", " "))
    out = {}
    for spec in std.indicators:
        if spec.kind not in UNIT_KINDS:
            continue
        rows = this_year[(this_year["indicator"] == spec.id).to_numpy()]
        if not rows.empty and rows[column].isna().all():
            out[spec.id] = (
                f"the data for this indicator has no {what}: it was given for the whole "
                f"organisation only, so it cannot be given for {unit}"
            )
        elif column in BREAKDOWNS and not rows.empty and rows[column].isna().any():
            given = sorted({str(v) for v in rows[column].dropna().unique()})
            if filter_unit(rows, **{column: unit}).empty:  # a survey given for some groups only
                out[spec.id] = (
                    f"the data for this indicator was given for the whole organisation and for "
                    f"{', '.join(given)} only, so it cannot be given for {unit}"
                )
    return out


def _in_band_group(counts: pd.DataFrame, name: str) -> tuple[pd.DataFrame, str]:
    """Rows of the bands in one band group, and the group's name as bands.csv spells it."""
    groups = {k.strip().lower(): (k, v) for k, v in band_groups().items()}
    if name.strip().lower() not in groups:
        raise InputError(
            Problem(
                severity="error",
                message=f'no band group called "{name}"',
                hint="Band groups: " + ", ".join(band_groups()),
            )
        )
    label, members = groups[name.strip().lower()]
    wanted = {b.lower() for b in members}
    band = (
        counts["band"].astype(object).map(lambda v: None if v is None else str(v).strip().lower())
    )
    return counts[band.isin(wanted).to_numpy()], label


def as_no_data(result: IndicatorResult, reason: str) -> IndicatorResult:
    """The result with its figures cleared and status no_data, saying why (an indicator that
    cannot be given for a unit, or cannot be split)."""
    return result.model_copy(
        update=dict(value=None, ci_lower=None, ci_upper=None, groups={}, flags=(),
                    status="no_data", reason=reason, reading=f"No data: {reason}.")
    )  # fmt: skip


def _rolling(scoped: pd.DataFrame, rows: pd.DataFrame, ind: str, year: int):
    """The previous year's rows pooled in (WRES3, WDES3), with a note saying so."""
    previous = scoped[
        ((scoped["indicator"] == ind) & (scoped["year"] == year - 1)).fillna(False).to_numpy()
    ]
    if previous.empty:
        return rows, (
            f" Two-year rolling average requested, but there is no {year - 1} data: "
            f"{year} alone is shown."
        )
    return pd.concat([rows, previous]), (
        f" Two-year rolling average: {year - 1} and {year} pooled (the sum of "
        "entries over the sum of headcounts), an option whose exact NHS England "
        "definition is not confirmed here."
    )


def _restricted(current: pd.DataFrame, spec: IndicatorSpec) -> tuple[pd.DataFrame, str | None]:
    """Rows of a staff-group-restricted indicator (the medical view), or why there are none."""
    rows = current
    for col, wanted in spec.restrict.items():
        if not rows.empty and rows[col].isna().all():
            what = col.replace("_", " ")
            return rows.iloc[0:0], (
                f"the data for this indicator has no {what}: it was given for the whole "
                f"organisation only, so it cannot be given for {wanted}"
            )
        rows = filter_unit(rows, **{col: wanted})
    return rows, None


def report(
    counts: pd.DataFrame,
    *,
    standard: str = "WRES",
    organisation: str | None = None,
    year: int | None = None,
    unit: dict[str, str | None] | None = None,
    options: WresOptions | None = None,
    notes: tuple[str, ...] | list[str] = (),
) -> StandardReport:
    """Every indicator of one standard for one organisation, year and (optionally) unit of it."""
    std = standard_named(standard)
    char = std.characteristic
    opts = options or WresOptions()
    counts = ordinary(counts)  # split rows: metrics.standards.intersections.report_by reads them
    counts, organisation, year = _pick(counts, organisation, year, std.id)
    unit = {k: v for k, v in (unit or {}).items() if v}
    whole = not unit
    band_group = unit.pop("band_group", None)
    for col, wanted in unit.items():
        if filter_unit(counts[[col]], **{col: wanted}).empty:  # the unit's one test of a match
            names = sorted({str(v) for v in counts[col].dropna().unique()})
            raise InputError(
                Problem(
                    severity="error",
                    message=f'no {col.replace("_", " ")} called "{wanted}" in the data',
                    hint=(f"{col.replace('_', ' ').capitalize()}s found: " + ", ".join(names))
                    if names
                    else "The data has no such breakdown.",
                )
            )
    no_breakdown: dict[str, str] = {}
    for col, wanted in unit.items():
        no_breakdown |= _without_breakdown(counts, year, col, wanted, std)
    scoped = filter_unit(counts, **unit) if unit else counts
    if band_group is not None:
        scoped, label = _in_band_group(scoped, band_group)
        no_breakdown |= _without_breakdown(counts, year, "band", label, std)
        unit["band_group"] = band_group
    current = _in_year(scoped, year)
    results: dict[str, IndicatorResult] = {}
    workforce: IndicatorResult | None = None
    of_indicator = _by_indicator(current)
    for spec in std.indicators:
        rows = of_indicator(spec.id)
        restricted_out = None
        if spec.restrict:
            rows, restricted_out = _restricted(rows, spec)
        if spec.kind == "representation":
            results[spec.id] = _representation(rows, spec, std)
            if whole:
                workforce = results[spec.id]
            else:
                this_year = _in_year(counts, year)
                workforce = _representation(
                    this_year[(this_year["indicator"] == spec.id).to_numpy()], spec, std
                )
        elif spec.kind == "ratio":
            note = ""
            if spec.rolling and opts.rolling_disciplinary and year is not None:
                rows, note = _rolling(scoped, rows, spec.id, year)
            results[spec.id] = _ratio(rows, ratio_words(std, spec), opts, note, char)
            why = no_breakdown.get(spec.id) or restricted_out
            if why:
                results[spec.id] = as_no_data(results[spec.id], why)
            if note and "no " in note.split(":")[0]:
                results[spec.id] = results[spec.id].model_copy(
                    update={"flags": (*results[spec.id].flags, "rolling average unavailable")}
                )
            continue
        elif spec.kind == "survey_gap":
            results[spec.id] = _survey(rows, spec, opts, char)
        elif spec.kind == "survey_share":
            results[spec.id] = _survey_share(rows, spec, opts, char)
        elif spec.kind == "score_gap":
            results[spec.id] = _score_gap(rows, spec, opts, char)
        else:
            results[spec.id] = _board(rows, spec, char, workforce, whole)
        if spec.id in no_breakdown:
            results[spec.id] = as_no_data(results[spec.id], no_breakdown[spec.id])
        elif restricted_out:
            results[spec.id] = as_no_data(results[spec.id], restricted_out)
    label = (
        "whole organisation"
        if whole
        else "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in unit.items())
    )
    return StandardReport(
        standard=std.id,
        organisation=organisation,
        unit=label,
        year=year,
        indicators=results,
        declaration=_declaration(current, std),
        notes=tuple(notes),
    )


def wres(
    counts: pd.DataFrame,
    *,
    organisation: str | None = None,
    year: int | None = None,
    unit: dict[str, str | None] | None = None,
    options: WresOptions | None = None,
    notes: tuple[str, ...] | list[str] = (),
) -> StandardReport:
    """Every WRES indicator for one organisation, year and (optionally) unit of the organisation."""
    return report(counts, standard="WRES", organisation=organisation, year=year, unit=unit,
                  options=options, notes=notes)  # fmt: skip


def units(counts: pd.DataFrame) -> dict[str, list[str]]:
    """The parts of the organisation the counts can be sliced by (directorates, staff groups)."""
    return {col: sorted({str(v) for v in counts[col].dropna().unique()}) for col in BREAKDOWNS}
