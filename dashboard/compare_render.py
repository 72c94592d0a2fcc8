"""`inclusivehr compare` output: the JSON contract and the readable table.

Compare output is made to be shared across a network, so it follows the publication rules of
DESIGN.md for the one count it shows, each trust's size: 1-7 hidden, others rounded to the nearest
5 (``metrics.compare.network.publishable_size``); every figure resting on a hidden size is hidden with it
(value, interval, funnel position, significance, rank, change: ``metrics.compare.network.compare`` with
``publish``). No other count is shown. Values and intervals are computed from the exact counts,
percentages shown whole (coarser for small sizes) so they cannot undo the rounding of the size.
``internal`` output has exact sizes and every figure and says it is not for publication.
"""

from __future__ import annotations

import math
from typing import Any

from metrics.compare import gpg
from metrics.compare.censored import outwards
from metrics.compare.evidence import TYPED, Evidence
from metrics.compare.gpg import Employer, PayGapTable
from metrics.compare.network import (
    NO_INTERVAL,
    Comparison,
    IndicatorSummary,
    OrganisationResult,
    headline,
    publishable_size,
    verdict,
)
from metrics.compare.values import NetworkIndicator
from metrics.counts.characteristics import characteristic
from metrics.disclosure.control import (
    DEFAULT_SETTINGS,
    DisclosureSettings,
    percent_step,
    published_percent,
)
from metrics.problems import Problem
from metrics.standards.shared import ALL


def equality_words(spec: NetworkIndicator) -> dict[str, str]:
    """``metrics.compare.network.Verdict`` against equality, as every table and sentence says it, for the
    indicator's focus group: "Worse for BME staff than equality"."""
    who = spec.focus_people
    return {
        "worse": f"Worse for {who} than equality",
        "better": f"Better for {who} than equality",
        "cannot_tell": "Cannot tell (within chance)",
    }


RANK_RANGE = "Rank range: the range of ranks a trust could hold once chance is allowed for."
X_WORDS = {
    "denominator": "the number of people (headcount, board members or survey respondents)",
    "precision": "precision, 1/SE² on the funnel scale (trusts with more events sit further right)",
}


def against_network(spec: NetworkIndicator, position: str, *, short: bool = False) -> str:
    """A funnel position in the focus group's terms: "Worse for BME staff than the network
    (beyond the 95% limit)"; "Higher ..." where the indicator has no worse side. ``short`` for the CLI's
    table: "worse (beyond 95%)"."""
    if position == "not_placed":
        return "not placed" if short else "Not placed (no value)"
    if position == "within":
        return "within" if short else "In line with the network (within chance)"
    side, limit = position.split("_")
    word = verdict(spec, side) or ("higher" if side == "above" else "lower")
    if short:
        return f"{word} (beyond {limit}%)"
    whom = f" for {spec.focus_people}" if word in ("worse", "better") else ""
    return f"{word.capitalize()}{whom} than the network (beyond the {limit}% limit)"


TWO_DECIMALS = ("relative likelihood", "score points")
"""Units shown to two decimals, not as published percentages: a relative likelihood, and a
score gap on the 0-10 scale (its scores are published to two decimals)."""


def _round(x: float | None, digits: int = 4) -> float | None:
    """JSON has no NaN: anything not finite is null."""
    return None if x is None or not math.isfinite(x) else round(x, digits)


def publishable_row(
    o: OrganisationResult, unit: str, settings: DisclosureSettings = DEFAULT_SETTINGS
) -> dict[str, Any]:
    """One organisation as it may be shared, from a comparison made with ``publish`` (the
    figures resting on a hidden size are already out of it): its size through the publication
    rule, ratios to two decimals, and percentages to the step that cannot undo the rounding of
    the size beside them (``metrics.disclosure.control.percent_step``)."""
    size = publishable_size(o.denominator, settings)
    hidden = size is None

    def shown(x: float | None) -> float | int | None:
        if hidden or x is None:
            return None
        if unit in TWO_DECIMALS:
            return _round(x, 2)
        return published_percent(x, size, settings)

    return {
        "organisation": o.organisation,
        "region": o.region,
        "trust_type": o.trust_type,
        "value": shown(o.value),
        "ci_lower": shown(o.ci_lower),
        "ci_upper": shown(o.ci_upper),
        "denominator": size,
        "denominator_suppressed": hidden,
        "status": o.status,
        "reason": o.reason,
        "significance": None if hidden else o.significance,
        "funnel": "not_placed" if hidden else o.funnel,
        "rank": None if hidden else o.rank,
        "rank_low": None if hidden else o.rank_low,
        "rank_high": None if hidden else o.rank_high,
        "change": shown(o.change),
        "against_equality": None if hidden else o.against_equality,
        **_scores(o, unit, 2),
    }


def _scores(o: OrganisationResult, unit: str, digits: int) -> dict[str, Any]:
    """A score gap's published scores by group and the organisation's ("All"): {"scores":
    {"Disabled": 6.69, "Non-disabled": 7.15, "All": 7.04}}, null for a hidden trust; nothing
    for any other kind of indicator."""
    if unit != "score points":
        return {}
    return {"scores": None if o.scores is None else {
        group: _round(score, digits) for group, score in o.scores.items()}}  # fmt: skip


def _summary_figure(x: float | None, unit: str, internal: bool) -> float | int | None:
    """A network-wide figure: exact inside, else as published (ratios to two decimals,
    percentages whole)."""
    if internal or x is None:
        return _round(x)
    return _round(x, 2) if unit in TWO_DECIMALS else published_percent(x, None)


def internal_row(o: OrganisationResult, unit: str = "") -> dict[str, Any]:
    """One organisation with its exact size and figures, for use inside the network only."""
    return {
        "organisation": o.organisation,
        "region": o.region,
        "trust_type": o.trust_type,
        "value": _round(o.value),
        "ci_lower": _round(o.ci_lower),
        "ci_upper": _round(o.ci_upper),
        "denominator": o.denominator,
        "denominator_suppressed": False,
        "status": o.status,
        "reason": o.reason,
        "significance": o.significance,
        "funnel": o.funnel,
        "rank": o.rank,
        "rank_low": o.rank_low,
        "rank_high": o.rank_high,
        "change": _round(o.change),
        "against_equality": o.against_equality,
        **_scores(o, unit, 4),
    }


def comparison_json(
    comparison: Comparison,
    *,
    settings: DisclosureSettings = DEFAULT_SETTINGS,
    notes: list[str] | tuple[str, ...] = (),
    problems: list[Problem] | tuple[Problem, ...] = (),
    internal: bool = False,
    evidence: Evidence | None = None,
) -> dict[str, Any]:
    """The comparison as JSON: as it may be published (made with ``compare(publish=...)``), or
    ``internal`` with exact sizes and every trust's figures, marked not for publication.
    ``evidence`` (made with the same ``publish``): each trust's pooled and shrunken values and
    years above the limits, the non-adverse range over the years, and the national figure."""
    spec, summary, od = comparison.indicator, comparison.summary, comparison.funnel.overdispersion
    if internal:
        rows = [internal_row(o, spec.unit) for o in comparison.organisations]
        disclosure = "none: internal, exact sizes and figures; not for publication"
    else:
        rows = [publishable_row(o, spec.unit, settings) for o in comparison.organisations]
        disclosure = (
            f"sizes 1-{settings.threshold} hidden (with every figure resting on them: value, "
            "interval, funnel position, significance, rank and change), others rounded to the "
            f"nearest {settings.rounding_base}; percentages whole (coarser for small sizes) so "
            "that they cannot undo the rounding"
        )
    if evidence is not None:
        rows = [
            row | evidence_row(o, evidence, spec.unit, settings, internal)
            for row, o in zip(rows, comparison.organisations, strict=True)
        ]
    return {
        "indicator": spec.id,
        "standard": spec.standard,
        "focus": spec.focus,
        "label": spec.label,
        "unit": spec.unit,
        "year": comparison.year,
        "basis": "year" if evidence is None else evidence.basis,
        "basis_years": [comparison.year]
        if evidence is None or evidence.basis_years is None
        else list(evidence.basis_years),
        "region": comparison.region,
        "trust_type": comparison.trust_type,
        "pooled": _summary_figure(comparison.pooled, spec.unit, internal),
        "equality": spec.equality,
        "funnel_x": comparison.funnel.x_measure,
        "overdispersion": {
            "method": od.method,
            "phi": _round(od.phi),
            "tau2": _round(od.tau2, 6),
            "applied": od.applied,
        },
        "internal": internal,
        "organisations": rows,
        "summary": {
            "significantly_above_1": summary.significantly_above,
            "significantly_below_1": summary.significantly_below,
            "trusts": summary.trusts,
            "organisations": summary.organisations,
            "funnel_above": summary.funnel_above,
            "funnel_below": summary.funnel_below,
            "median": _summary_figure(summary.median, spec.unit, internal),
            "worse_than_equality": summary.worse,
            "better_than_equality": summary.better,
            "cannot_tell": summary.cannot_tell,
            "within_non_adverse_range": summary.within_non_adverse_range,
            "non_adverse_range": None if summary.non_adverse is None else list(summary.non_adverse),
            "in_range": summary.within_non_adverse_range,
            "in_range_percent": _round(summary.in_range_percent, 1),
            "outside_range_beyond_chance": summary.outside_range_beyond_chance,
            **({} if evidence is None else evidence_summary(evidence, spec.unit, internal)),
            **(
                {}
                if summary.below_equality is None
                else {
                    "below_equality": summary.below_equality,
                    "above_equality": summary.above_equality,
                    "no_interval": NO_INTERVAL,
                }
            ),
        },
        "direction": spec.direction,
        "rank_one": spec.rank_one,
        "disclosure": disclosure,
        "notes": list(notes),
        "warnings": [p.sentence() for p in problems if p.severity == "warning"],
    }


def format_value(x: float | None, unit: str) -> str:
    """A value as the network view shows it: 2 decimals for ratios, 1 for shares and gaps (none
    for a published percentage, which is a whole number)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if unit == "relative likelihood":
        return f"{x:.2f}"
    if unit == "score points":
        return f"{x:+.2f}"
    if isinstance(x, int):  # a published percentage: whole, and shown so
        return f"{x}%" if unit == "percent" else f"{x:+d}"
    if unit == "percent":
        return f"{x:.1f}%"
    return f"{x:+.1f}"


def with_unit(x: float | None, unit: str) -> str:
    """``format_value`` with "points" after a gap, for tables that mix units: "+4.9 points"."""
    shown = format_value(x, unit)
    points = unit in ("percentage points", "score points")
    return f"{shown} points" if points and shown != "–" else shown


def format_change(x: float | None, unit: str) -> str:
    """A change since last year: 2 decimals for ratios, else percentage points ("+1.2 points");
    empty when there is none."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if unit == "relative likelihood":
        return f"{x:+.2f}"
    if unit == "score points":
        return f"{x:+.2f} points"
    return f"{x:+d} points" if isinstance(x, int) else f"{x:+.1f} points"


def _table(rows: list[list[str]], header: list[str], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *map(line, rows)]


def comparison_text(
    comparison: Comparison,
    *,
    settings: DisclosureSettings = DEFAULT_SETTINGS,
    notes: list[str] | tuple[str, ...] = (),
    problems: list[Problem] | tuple[Problem, ...] = (),
    internal: bool = False,
    evidence: Evidence | None = None,
) -> str:
    spec, summary, od = comparison.indicator, comparison.summary, comparison.funnel.overdispersion
    peers = (
        ", ".join(
            f"{k} {v}"
            for k, v in (("region", comparison.region), ("trust type", comparison.trust_type))
            if v
        )
        or "the whole network"
    )
    when = str(comparison.year)
    if evidence is not None and evidence.basis_years:
        years = evidence.basis_years
        when = f"pooled {years[0]}-{years[-1]}"
    title = f"Compare trusts: {spec.id} {when}, {peers}"
    lines = [title, "=" * len(title), spec.label + f" ({spec.unit}).", spec.direction, ""]
    if evidence is not None and evidence.basis_years:
        lines += [BASIS_WORDS, ""]
    if comparison.pooled is not None:
        lines.append(
            f"Network value from the pooled counts: {format_value(comparison.pooled, spec.unit)}. "
            f"Funnel limits (95% and 99.8%) around it; x-axis: "
            f"{X_WORDS.get(comparison.funnel.x_measure or '', '')}."
        )
    elif summary.below_equality is not None:
        lines.append(NO_INTERVAL)
    else:
        lines.append("No network value: the pooled counts give none, so no funnel limits.")
    if od.organisations:
        estimate = f"φ = {od.phi:.2f}, τ² = {od.tau2:.4g}"
        lines.append(
            f"Overdispersion: {od.method} ({estimate}"
            + (
                ", limits widened)."
                if od.applied
                else (
                    ", not needed)."
                    if od.method != "none"
                    else "; --overdispersion multiplicative|additive widens the limits for it)."
                )
            )
        )
    lines.append("")
    if summary.below_equality is not None:
        lines += _score_lines(comparison, settings, internal)
    else:
        lines += _funnel_lines(comparison, settings, internal)
    if evidence is not None:
        lines += evidence_lines(comparison, evidence, internal)
    extra = list(notes) + [p.sentence() for p in problems if p.severity == "warning"]
    if extra:
        lines += ["", "Notes:"] + [f"  - {n}" for n in extra]
    return "\n".join(lines) + "\n"


def _size_line(spec: NetworkIndicator, settings: DisclosureSettings, internal: bool) -> str:
    if internal:
        return f"Size: {spec.size_label}, exact. INTERNAL: not for publication."
    return (
        f"Size: {spec.size_label}, rounded to the nearest {settings.rounding_base}; 1-"
        f"{settings.threshold} hidden with the figures resting on them"
    )


def _score_lines(comparison: Comparison, settings: DisclosureSettings, internal: bool) -> list[str]:
    """A score gap (WDES9a): each trust's gap and published scores, ranked by the gap; no
    interval, funnel or rank range (``metrics.compare.network.NO_INTERVAL``)."""
    spec, summary = comparison.indicator, comparison.summary
    rows = []
    for o in comparison.organisations:
        shown = internal_row(o, spec.unit) if internal else publishable_row(o, spec.unit, settings)
        hidden = shown["denominator_suppressed"]
        scores = shown["scores"] or {}
        value = "hidden" if hidden else format_value(shown["value"], spec.unit)
        if o.value is None and not hidden:
            value = o.status.replace("_", " ")
        rows.append(
            [
                "" if shown["rank"] is None else str(shown["rank"]),
                o.organisation,
                value,
                *(score_text(scores.get(g)) for g in (spec.first, spec.second, ALL)),
                "<8" if hidden else f"{shown['denominator']:,}",
                "" if shown["change"] is None else format_change(shown["change"], spec.unit),
            ]
        )
    who = characteristic(spec.characteristic).who
    header = ["Rank", "Organisation", "Gap", f"{who(spec.first)} score".capitalize(),
              f"{who(spec.second)} score".capitalize(), "Organisation score", "Size",
              "Change"]  # fmt: skip
    return [
        *_table(rows, header, right={0, 2, 3, 4, 5, 6, 7}),
        "",
        headline(summary),
        "",
        f"{spec.rank_one}; equal gaps share a rank. Scores are out of 10, as published.",
        _size_line(spec, settings, internal) + ".",
        "Change: in the gap since the previous year.",
    ]


def score_text(x: float | None) -> str:
    """A published score out of 10: two decimals."""
    return "–" if x is None else f"{x:.2f}"


def _funnel_lines(
    comparison: Comparison, settings: DisclosureSettings, internal: bool
) -> list[str]:
    spec, summary = comparison.indicator, comparison.summary
    lines: list[str] = []
    rows = []
    for o in comparison.organisations:
        shown = internal_row(o, spec.unit) if internal else publishable_row(o, spec.unit, settings)
        hidden = shown["denominator_suppressed"]
        ranks = "" if shown["rank"] is None else (
            f"{shown['rank']} ({shown['rank_low']}-{shown['rank_high']})")  # fmt: skip
        ci = ""
        if shown["ci_lower"] is not None and shown["ci_upper"] is not None:
            ci = (f"{format_value(shown['ci_lower'], spec.unit)} to "
                  f"{format_value(shown['ci_upper'], spec.unit)}")  # fmt: skip
        value = "hidden" if hidden else format_value(shown["value"], spec.unit)
        if o.value is None and not hidden:
            value = o.status.replace("_", " ")
        rows.append(
            [
                ranks,
                o.organisation,
                value,
                ci,
                "<8" if hidden else f"{shown['denominator']:,}",
                "" if shown["against_equality"] is None
                else shown["against_equality"].replace("_", " "),
                against_network(spec, shown["funnel"], short=True),
                "" if shown["change"] is None else format_change(shown["change"], spec.unit),
            ]
        )  # fmt: skip
    header = ["Rank (range)", "Organisation", "Value", "95% CI", "Size", "Against equality",
              "Against the network", "Change"]  # fmt: skip
    # "worse"/"better" in both against-columns are for the focus group (said under the table)
    lines += _table(rows, header, right={2, 4, 7})
    lines += ["", headline(summary), "Against equality and against the network, worse and "
              f"better are for {spec.focus_people}; cannot tell means within chance."]  # fmt: skip
    if summary.funnel_worse is not None:
        lines.append(
            f"Beyond the network's 95% limits: {summary.funnel_worse} worse for "
            f"{spec.focus_people}, {summary.funnel_better} better."
        )
    lines += [
        "",
        f"{spec.rank_one}. {RANK_RANGE} It runs from 1 + the trusts "
        "whose interval lies wholly above to n - those wholly below.",
        _size_line(spec, settings, internal) + ("" if internal else "; percentages whole."),
        "Change: since the previous year.",
    ]
    return lines


# --- published gender pay gap figures (GOV.UK layout) ----------------------------------------

GPG_DISCLOSURE = (
    "none: the figures are published already on the GOV.UK gender pay gap service and rest on "
    "no counts, so they are shown as published"
)


def _gpg_employer(e: Employer) -> dict[str, Any]:
    return {
        "rank": e.rank,
        "employer": e.name,
        "employer_size": e.size,
        "median_hourly_gap_percent": e.median_hourly_gap,
        "mean_hourly_gap_percent": e.mean_hourly_gap,
        "median_bonus_gap_percent": e.median_bonus_gap,
        "mean_bonus_gap_percent": e.mean_bonus_gap,
        "bonus_percent": {"Female": e.female_bonus_percent, "Male": e.male_bonus_percent},
        "quartiles": [
            {"quartile": q.quartile, "name": q.name, "Female": q.female, "Male": q.male}
            for q in e.quartiles
        ],
        "row": e.row,
    }


def gpg_json(table: PayGapTable) -> dict[str, Any]:
    """Published pay gaps ranked on the median hourly gap (rank 1 the largest), as published."""
    ranked = table.ranked
    return {
        "source": "GOV.UK gender pay gap service",
        "file": table.file,
        "measure": "median_hourly_gap_percent",
        "direction": gpg.DIRECTION,
        "employers": [_gpg_employer(e) for e in table.employers],
        "summary": {
            "employers": len(table.employers),
            "ranked": len(ranked),
            "women_paid_less": table.women_paid_less(),
            "men_paid_less": table.men_paid_less(),
            "no_gap": len(ranked) - table.women_paid_less() - table.men_paid_less(),
            "median_gap_percent": table.median_gap(),
        },
        "method": gpg.METHOD,
        "disclosure": GPG_DISCLOSURE,
        "warnings": [p.sentence() for p in table.warnings],
    }


def gap_words(x: float | None) -> str:
    """A published gap with its meaning: "11.2% (women paid less)"."""
    if x is None:
        return "–"
    if x == 0:
        return "0.0% (no gap)"
    return f"{x:.1f}% ({'women' if x > 0 else 'men'} paid less)"


def share_words(x: float | None) -> str:
    return "–" if x is None else f"{x:.1f}%"


def pays(n: int) -> str:
    return f"{n} pays" if n == 1 else f"{n} pay"


def gpg_text(table: PayGapTable) -> str:
    title = f"Published gender pay gaps: {table.file}"
    lines = [title, "=" * len(title), gpg.DIRECTION, ""]
    rows = [
        [
            "" if e.rank is None else str(e.rank),
            e.name,
            gap_words(e.median_hourly_gap),
            gap_words(e.mean_hourly_gap),
            " / ".join(share_words(q.female) for q in e.quartiles),
            e.size or "–",
        ]
        for e in table.employers
    ]
    header = ["Rank", "Employer", "Median hourly gap", "Mean hourly gap",
              "Women in each pay quartile (lowest to top)", "Employer size"]  # fmt: skip
    lines += _table(rows, header, right={0})
    ranked = len(table.ranked)
    median = table.median_gap()
    lines += [
        "",
        f"Of {ranked} employer{'s' if ranked != 1 else ''} with a median hourly gap, "
        f"{pays(table.women_paid_less())} women less and {pays(table.men_paid_less())} men less"
        + ("" if median is None else f"; the median employer's gap is {median:.1f}%")
        + ".",
        "",
        gpg.METHOD,
    ]
    if table.warnings:
        lines += ["", "Notes:"] + [f"  - {p.sentence()}" for p in table.warnings]
    return "\n".join(lines) + "\n"


# --- pooled years, shrinkage, the non-adverse range over the years, the national figure ------

POOL_WORDS = (
    "Pooled: each trust's counts added up over the years of the pool in which both groups have "
    "somebody, then the same estimate and 95% interval as for one year. Years above: in how "
    "many of those years the trust was above the upper 95% (99.8%) limit of that year's funnel. "
    "A year resting on a suppressed count (such as <5) makes the pooled figure a range: the "
    "smallest and largest pooled value any count the cell could hide gives; a year whose count "
    "was not given (not held) is left out of the pool and said."
)
BASIS_WORDS = (
    "The funnel, ranks and counts of trusts below run on each trust's counts added up over "
    "the years of the pool, not on one year's."
)
SHRINK_WORDS = (
    "Shrunken: each trust's value pulled towards the network's by how little its own counts "
    "say (empirical Bayes with the between-trust variance τ² of the funnel), so small trusts' "
    "noise does not lead the table."
)


def evidence_row(
    o: OrganisationResult,
    evidence: Evidence,
    unit: str,
    settings: DisclosureSettings = DEFAULT_SETTINGS,
    internal: bool = False,
) -> dict[str, Any]:
    """One trust's pooled value and interval, years above the limits and shrunken value; null
    where not asked for, not computable, or (as published) hidden: a trust hidden this year,
    or with a hidden year in the pool, shows none of them. Published as its value is: ratios
    to two decimals, percentages to the step its size allows."""
    size = None if internal else publishable_size(o.denominator, settings)
    hidden = not internal and size is None

    def shown(x: float | None) -> float | int | None:
        if hidden or x is None:
            return None
        if internal:
            return _round(x)
        return _round(x, 2) if unit in TWO_DECIMALS else published_percent(x, size, settings)

    pooled = None if evidence.pooled is None else evidence.pooled.get(o.organisation)
    shrunk = evidence.shrunk_for(o.organisation)
    ci = value_range = None
    if pooled is not None and pooled.value_range is not None and not hidden:
        value_range = _range_shown(pooled.value_range, unit, size, settings, internal)
    if pooled is not None and pooled.ci_lower is not None and pooled.ci_upper is not None:
        ci = [shown(pooled.ci_lower), shown(pooled.ci_upper)]
        ci = None if None in ci else ci
    years = pooled is not None and not hidden
    mine = None if evidence.regions is None else evidence.regions.get(o.organisation)
    region = {"region_value": None, "region_ci": None, "against_region": None}
    cut = mine is not None and not internal and evidence.regions.hidden(mine.region)
    if mine is not None and mine.value is not None and not cut:
        region["region_value"] = _summary_figure(mine.value, unit, internal)
        if mine.ci_lower is not None and mine.ci_upper is not None:
            region["region_ci"] = [_summary_figure(mine.ci_lower, unit, internal),
                                   _summary_figure(mine.ci_upper, unit, internal)]  # fmt: skip
        region["against_region"] = None if hidden else mine.against_region
    return {
        **region,
        "pooled_value": None if pooled is None else shown(pooled.value),
        "pooled_ci": ci,
        "pooled_range": value_range,
        "pooled_years": list(pooled.years) if years else None,
        "pooled_left_out": list(pooled.left_out) if years else None,
        "years_above_95": pooled.years_above_95 if years else None,
        "years_above_99.8": pooled.years_above_998 if years else None,
        "years_below_95": pooled.years_below_95 if years else None,
        "years_below_99.8": pooled.years_below_998 if years else None,
        "years_on_funnel": pooled.years_placed if years else None,
        "shrunk_value": None if shrunk is None else shown(shrunk.value),
        "shrunk_rank": None if shrunk is None or hidden else shrunk.rank,
        "shrunk_rank_low": None if shrunk is None or hidden else shrunk.rank_low,
        "shrunk_rank_high": None if shrunk is None or hidden else shrunk.rank_high,
    }


def _range_shown(
    found: tuple[float, float], unit: str, size: int | None, settings: DisclosureSettings,
    internal: bool,
) -> list[float | int]:  # fmt: skip
    """A range as published: its ends rounded outwards (ratios to two decimals, percentages
    to the step their size allows), so the range shown holds every value it stands for."""
    if internal:
        return [_round(found[0]), _round(found[1])]
    if unit in TWO_DECIMALS:
        return list(outwards(*found, 0.01))
    return [int(x) for x in outwards(*found, percent_step(size, settings))]


def evidence_summary(evidence: Evidence, unit: str, internal: bool) -> dict[str, Any]:
    """The summary's additions: the national figure used, the pool, and the non-adverse range
    year by year (counts of trusts, which are no one's personal data)."""
    pooled = evidence.pooled
    regions = None if evidence.regions is None else [
        {
            "region": r.region,
            "value": None if r.hidden else _summary_figure(r.value, unit, internal),
            "ci": None if r.hidden or r.ci_lower is None or r.ci_upper is None
            else [_summary_figure(r.ci_lower, unit, internal),
                  _summary_figure(r.ci_upper, unit, internal)],
            "trusts": r.trusts,
            "against_nation": None if r.hidden else r.against_nation,
        }
        for r in evidence.regions.regions
    ]  # fmt: skip
    return {
        "regions": regions,
        "regions_method": None if evidence.regions is None else evidence.regions.method,
        "national": evidence.national.value
        if evidence.national.source == TYPED
        else _summary_figure(evidence.national.value, unit, internal),
        "national_source": evidence.national.source,
        "pool_years": None if pooled is None else list(pooled.years),
        "pooled_network_value": None
        if pooled is None
        else _summary_figure(pooled.comparison.pooled, unit, internal),
        "pooled_summary": None if pooled is None else _pooled_summary(pooled.comparison.summary),
        "in_range_trend": None
        if not evidence.trend
        else [
            {
                "year": r.year,
                "trusts": r.trusts,
                "in_range": r.in_range,
                "in_range_percent": _round(r.percent, 1),
                "outside_range_beyond_chance": r.outside_beyond_chance,
            }
            for r in evidence.trend
        ],
    }


def _pooled_summary(s: IndicatorSummary) -> dict[str, Any]:
    """The summary's counts of trusts for the values pooled over years."""
    return {
        "trusts": s.trusts,
        "worse_than_equality": s.worse,
        "better_than_equality": s.better,
        "cannot_tell": s.cannot_tell,
        "funnel_above": s.funnel_above,
        "funnel_below": s.funnel_below,
        "in_range": s.within_non_adverse_range,
        "in_range_percent": _round(s.in_range_percent, 1),
        "outside_range_beyond_chance": s.outside_range_beyond_chance,
    }


NATION_WORDS = {
    "worse": "worse for {who} than the nation",
    "better": "better for {who} than the nation",
    "cannot_tell": "cannot tell (within chance)",
}
REGION_WORDS = {
    "worse": "worse for {who} than its region",
    "better": "better for {who} than its region",
    "cannot_tell": "cannot tell (within chance)",
}


def region_lines(comparison: Comparison, evidence: Evidence, internal: bool) -> list[str]:
    """Each region against the nation, and the trusts that differ from their region beyond
    chance, for the text output."""
    found, spec = evidence.regions, comparison.indicator
    if found is None:
        return []
    who = spec.focus_people
    unit = spec.unit
    rows = []
    for r in found.regions:
        value = "hidden" if r.hidden and not internal else format_value(
            _summary_figure(r.value, unit, internal), unit)  # fmt: skip
        ci = ""
        if r.ci_lower is not None and r.ci_upper is not None and not (r.hidden and not internal):
            ci = (f"{format_value(_summary_figure(r.ci_lower, unit, internal), unit)} to "
                  f"{format_value(_summary_figure(r.ci_upper, unit, internal), unit)}")  # fmt: skip
        words = "" if r.against_nation is None or (r.hidden and not internal) else (
            NATION_WORDS[r.against_nation].format(who=who))  # fmt: skip
        rows.append([r.region, value, ci, str(r.trusts), words])
    header = ["Region", "Value", "95% CI", "Trusts", "Against the nation"]
    lines = ["", "Each region against the nation:", *_table(rows, header, right={1, 3})]
    differ = []
    for o in comparison.organisations:
        extra = evidence_row(o, evidence, unit, internal=internal)
        if extra["against_region"] in ("worse", "better"):
            words = REGION_WORDS[extra["against_region"]].format(who=who)
            differ.append(f"  {o.organisation} ({o.region}): {words}")
    if differ:
        lines += ["", "Trusts that differ from their region beyond chance:", *differ]
    lines.append(found.method)
    return lines


def evidence_lines(comparison: Comparison, evidence: Evidence, internal: bool) -> list[str]:
    """The text output's additions: national figure, range trend, pooled and shrunken table."""
    spec = comparison.indicator
    unit = spec.unit
    lines = [
        f"National figure ({evidence.national.source}): "
        f"{format_value(evidence.national.value, unit)}."
    ]
    if evidence.trend:
        low, high = spec.non_adverse or (0.8, 1.25)
        lines.append(f"Trusts inside the non-adverse range {low:.2f}-{high:.2f}, by year:")
        for r in evidence.trend:
            percent = "–" if r.percent is None else f"{r.percent:.0f}%"
            lines.append(
                f"  {r.year}: {r.in_range} of {r.trusts} ({percent}); outside it and "
                f"different from 1 beyond chance: {r.outside_beyond_chance}"
            )
    lines += region_lines(comparison, evidence, internal)
    if evidence.pooled is None and evidence.shrunk is None:
        return ["", *lines]
    side = spec.worse or "above"  # the side of the limits that is worse for the focus group
    rows = []
    for o in comparison.organisations:
        extra = evidence_row(o, evidence, unit, internal=internal)
        pooled = "–" if extra["pooled_value"] is None else format_value(extra["pooled_value"], unit)
        if extra["pooled_range"]:
            low, high = (format_value(x, unit) for x in extra["pooled_range"])
            pooled = f"between {low} and {high}"
        if extra["pooled_ci"]:
            low_ci, high_ci = (format_value(x, unit) for x in extra["pooled_ci"])
            pooled += f" ({low_ci} to {high_ci})"
        above = "" if extra[f"years_{side}_95"] is None else (
            f"{extra[f'years_{side}_95']} / {extra[f'years_{side}_99.8']} of "
            f"{extra['years_on_funnel']}")  # fmt: skip
        shrunk = "–" if extra["shrunk_value"] is None else format_value(extra["shrunk_value"], unit)
        rows.append([o.organisation, pooled, above, shrunk])
    beyond = "Years above" if spec.worse is None else "Years worse (beyond)"
    header = ["Organisation", "Pooled (95% CI)", f"{beyond} 95% / 99.8%", "Shrunken"]
    lines += ["", *_table(rows, header, right={1, 2, 3})]
    if evidence.pooled is not None:
        years = evidence.pooled.years
        lines += ["", f"Pool: {years[0]}-{years[-1]}. " + POOL_WORDS]
        for o in comparison.organisations:
            extra = evidence_row(o, evidence, unit, internal=internal)
            lines += [f"  {o.organisation}: {n}." for n in extra["pooled_left_out"] or ()]
            if extra["pooled_range"]:
                low, high = (format_value(x, unit) for x in extra["pooled_range"])
                lines.append(
                    f"  {o.organisation}: a year of its pool rests on a suppressed count "
                    f"(such as <5): pooled, between {low} and {high}; left off the pooled funnel."
                )
        if spec.worse is not None:
            lines.append(
                f"Years worse: beyond the limit on the side worse for {spec.focus_people} "
                f"({spec.worse} the network); the JSON has years above and below."
            )
    if evidence.shrunk is not None:
        lines += ["", SHRINK_WORDS]
    return ["", *lines]
