"""The nine WRES indicators, computed from the canonical counts table.

Pure functions of counts: no files, no screens. Unknown ethnicity never enters either side of a
ratio; it is reported as a declaration rate instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from metrics import reference_data as ref
from metrics.counts import BREAKDOWNS, filter_unit
from metrics.problems import InputError, Problem
from metrics.results import Declaration, GroupFigures, IndicatorResult, WresReport
from metrics.stats import NotComputable, NoVariation, newcombe_difference, relative_likelihood

RULE_OF_THUMB = (0.80, 1.25)


@dataclass(frozen=True)
class WresOptions:
    confidence: float = 0.95
    rolling_disciplinary: bool = False  # WRES3 on the current and previous year pooled
    small_number: int = 10  # a ratio resting on fewer events than this is flagged as small numbers
    survey_minimum: int = 11  # the NHS Staff Survey does not report groups under 11 respondents


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


RATIOS = {
    "WRES2": _Ratio(
        "WRES2",
        "Relative likelihood of White applicants being appointed from shortlisting compared to "
        "BME applicants",
        "White",
        "BME",
        "applicants",
        "be appointed from shortlisting",
        "appointed ÷ shortlisted for White applicants, divided by the same for BME applicants.",
        "was appointed from shortlisting",
    ),
    "WRES3": _Ratio(
        "WRES3",
        "Relative likelihood of BME staff entering the formal disciplinary process compared to "
        "White staff",
        "BME",
        "White",
        "staff",
        "enter the formal disciplinary process",
        "staff entering a formal disciplinary investigation ÷ headcount for BME staff, divided by "
        "the same for White staff.",
        "entered the formal disciplinary process",
    ),
    "WRES4": _Ratio(
        "WRES4",
        "Relative likelihood of White staff accessing non-mandatory training and CPD compared to "
        "BME staff",
        "White",
        "BME",
        "staff",
        "access non-mandatory training and CPD",
        "staff accessing non-mandatory training or CPD ÷ headcount for White staff, divided by the "
        "same for BME staff.",
        "accessed non-mandatory training and CPD",
    ),
}

SURVEY = {
    "WRES5": (
        "Percentage of staff experiencing harassment, bullying or abuse from patients, "
        "relatives or the public in the last 12 months",
        "experienced harassment, bullying or abuse from patients, relatives or the public",
        True,
    ),
    "WRES6": (
        "Percentage of staff experiencing harassment, bullying or abuse from staff in the "
        "last 12 months",
        "experienced harassment, bullying or abuse from staff",
        True,
    ),
    "WRES7": (
        "Percentage of staff believing that the organisation provides equal opportunities "
        "for career progression or promotion",
        "believe the organisation provides equal opportunities for career progression or promotion",
        False,
    ),
    "WRES8": (
        "Percentage of staff who personally experienced discrimination at work from a "
        "manager, team leader or other colleagues",
        "personally experienced discrimination from a manager, team leader or colleagues",
        True,
    ),
}

KATZ = (
    "95% confidence interval by the Katz log method: exp(ln RL ± 1.96·√(1/a − 1/n₁ + 1/c − 1/n₂)). "
    "1.00 means equal likelihood. The 0.80–1.25 range is the 'four-fifths' rule of thumb, not a "
    "test; the confidence interval is. Unknown ethnicity is left out of both groups."
)


def _pick(counts: pd.DataFrame, organisation: str | None, year: int | None):
    orgs = sorted({str(o) for o in counts["organisation"].dropna().unique()})
    if organisation is not None:
        chosen = (
            counts["organisation"]
            .astype(object)
            .map(lambda v: None if v is None else str(v).strip().lower())
        )
        matched = counts[(chosen == organisation.strip().lower()) | counts["organisation"].isna()]
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
                message=f"the counts hold {len(orgs)} organisations; the WRES is "
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


def no_variation_reason(spec: _Ratio, everyone: bool) -> str:
    who = "everyone in both groups" if everyone else "nobody in either group"
    return f"no variation: {who} {spec.done}"


def no_variation_reading(spec: _Ratio, everyone: bool) -> str:
    """Plain words for a ratio with nothing to compare (one sentence for the whole network too)."""
    who = "Everyone" if everyone else "Nobody"
    both = "in both groups" if everyone else "in either group"
    return (
        f"{who} {both} ({spec.first} and {spec.second} {spec.subject}) {spec.done}: no "
        "difference to measure, so there is no ratio and no interval."
    )


def _ratio(rows: pd.DataFrame, spec: _Ratio, opts: WresOptions, note: str = "") -> IndicatorResult:
    base = dict(
        id=spec.id,
        label=spec.label,
        unit="relative likelihood",
        confidence=opts.confidence,
        method=spec.method + " " + KATZ + note,
    )
    if rows.empty:
        return IndicatorResult(
            **base,
            status="no_data",
            reason="no data was given for this indicator",
            reading="No data.",
        )
    figures = _by_group(rows)
    groups = {g: _figures(*figures[g]) for g in ("White", "BME", "Unknown") if g in figures}
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


def _survey(rows: pd.DataFrame, ind: str, opts: WresOptions) -> IndicatorResult:
    label, statement, higher_is_worse = SURVEY[ind]
    base = dict(
        id=ind,
        label=label,
        unit="percentage points",
        confidence=opts.confidence,
        method="Percentage answering yes in each group (NHS Staff Survey of the previous "
        "autumn), Wilson 95% intervals; the value is BME % minus White % in percentage "
        "points with Newcombe's interval for a difference of proportions.",
    )
    if rows.empty:
        return IndicatorResult(
            **base,
            status="no_data",
            reason="no staff survey results were given",
            reading="No data.",
        )
    figures = _by_group(rows)
    groups = {g: _figures(*figures[g]) for g in ("White", "BME", "Unknown") if g in figures}
    (kb, nb), (kw, nw) = figures.get("BME", (0, 0)), figures.get("White", (0, 0))
    if nb == 0 or nw == 0:
        missing = "BME" if nb == 0 else "White"
        return IndicatorResult(
            **base,
            groups=groups,
            status="not_computable",
            reason=f"not computable: no {missing} respondents",
            reading=f"Cannot be calculated: no {missing} respondents.",
        )
    d, lo, hi = newcombe_difference(kb, nb, kw, nw, opts.confidence)
    gap, worse = 100 * d, (d > 0) == higher_is_worse
    reading = (
        f"{100 * kb / nb:.1f}% of BME staff and {100 * kw / nw:.1f}% of White staff "
        f"{statement}: a gap of {gap:+.1f} percentage points"
    )
    if abs(gap) >= 0.05:
        reading += f" ({'worse' if worse else 'better'} for BME staff)"
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


def _band_sort_key(band: str, clinical: object) -> tuple[int, int, str]:
    order = ref.bands()
    clin = 2 if clinical is None or pd.isna(clinical) else int(bool(clinical))
    return (clin, order[band].order if band in order else len(order), band)


def _shares(counts: dict[str, int]) -> tuple[int, dict[str, GroupFigures]]:
    total = sum(counts.values())
    return total, {g: _figures(counts.get(g, 0), total) for g in ("White", "BME", "Unknown")}


WRES1_LABEL = (
    "Percentage of staff in each Agenda for Change band, VSM and medical and dental "
    "subgroup, clinical and non-clinical, compared with the overall workforce"
)


def _wres1(rows: pd.DataFrame) -> IndicatorResult:
    base = dict(
        id="WRES1",
        label=WRES1_LABEL,
        unit="percent",
        method="Headcount on the snapshot date (bank staff excluded), one row per person. "
        "Shares of White, BME and Unknown in each band against the whole workforce; the "
        "gap in people is how many more BME staff the band would need to match the "
        "workforce's BME share (rounded up). Counts of the whole population: no sampling "
        "interval.",
    )
    if rows.empty:
        return IndicatorResult(
            **base, status="no_data", reason="no staff data was given", reading="No data."
        )
    overall = rows.groupby("group")["numerator"].sum()
    total, groups = _shares({str(g): int(n) for g, n in overall.items()})
    if total == 0:
        return IndicatorResult(
            **base, status="no_data", reason="the headcount is zero", reading="No staff."
        )
    share = groups["BME"].rate or 0.0
    parts = []
    keyed = rows.assign(clinical=rows["clinical"].astype(object))
    per_band = keyed.groupby(["band", "clinical", "group"], dropna=False)["numerator"].sum()
    bands: dict[tuple[str, object], dict[str, int]] = {}
    for (band, clinical, group), n in per_band.items():
        clinical = None if clinical is None or pd.isna(clinical) else bool(clinical)
        bands.setdefault((str(band), clinical), {})[str(group)] = int(n)
    for (band, clinical), figures in sorted(bands.items(), key=lambda kv: _band_sort_key(*kv[0])):
        n, g = _shares(figures)
        if n == 0:
            continue
        bme = figures.get("BME", 0)
        needed = max(0, math.ceil(share * n - 1e-9) - bme)
        pp = 100 * ((g["BME"].rate or 0.0) - share)
        side = {True: "clinical", False: "non-clinical", None: "clinical status unknown"}[clinical]
        parts.append(
            IndicatorResult(
                id="WRES1",
                label=f"{band} ({side})",
                unit="percent",
                value=100 * (g["BME"].rate or 0),
                groups=g,
                breakdown={"band": band, "clinical": clinical},
                extra={"headcount": n, "gap_percentage_points": pp, "bme_needed": needed},
                reading=(
                    f"{band} ({side}): {100 * (g['BME'].rate or 0):.1f}% BME of {n:,} staff "
                    f"against {100 * share:.1f}% in the whole workforce ({pp:+.1f} points"
                    + (f"; {needed:,} more BME staff would match it)." if needed else ").")
                ),
            )
        )
    unknown = 100 * (groups["Unknown"].rate or 0)
    reading = (
        f"{100 * share:.1f}% of the {total:,} staff are BME, {100 * (groups['White'].rate or 0):.1f}% "
        f"White and {unknown:.1f}% of unknown ethnicity."
    )
    under = [p for p in parts if (p.extra.get("bme_needed") or 0) > 0]
    if under:
        worst = max(under, key=lambda p: p.extra["bme_needed"] or 0)
        reading += (
            f" The largest shortfall in people is {worst.label}: {worst.value:.1f}% BME "
            f"({worst.extra['gap_percentage_points']:+.1f} points; {worst.extra['bme_needed']:,} "
            "more BME staff would match the workforce share)."
        )
    return IndicatorResult(
        **base,
        value=100 * share,
        groups=groups,
        parts=tuple(parts),
        extra={"headcount": total},
        reading=reading,
    )


def _wres9(rows: pd.DataFrame, workforce: IndicatorResult, whole: bool) -> IndicatorResult:
    base = dict(
        id="WRES9",
        label="Percentage difference between the board's voting membership "
        "(and executive membership) and the overall workforce",
        unit="percentage points",
        method="BME share of board members (Unknown in the denominator, as for indicator 1) "
        "minus the BME share of the overall workforce, in percentage points.",
    )
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
    if workforce.value is None:
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
            {str(g): int(n) for g, n in sub.groupby("group")["numerator"].sum().items()}
        )
        if total == 0:
            continue
        board = 100 * (groups["BME"].rate or 0)
        parts.append(
            IndicatorResult(
                id="WRES9",
                label=f"Board {membership} membership",
                unit="percentage points",
                value=board - wf,
                groups=groups,
                breakdown={"membership": membership},
                extra={"board_bme_percent": board, "workforce_bme_percent": wf, "members": total},
                reading=(
                    f"BME people are {board:.1f}% of the board's {membership} members "
                    f"({groups['BME'].numerator} of {total}) and {wf:.1f}% of the workforce: a "
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


def _declaration(rows: pd.DataFrame) -> tuple[Declaration, ...]:
    out = []
    for source, indicator, column in (
        ("staff", "WRES1", "numerator"),
        ("recruitment (shortlisted)", "WRES2", "denominator"),
        ("disciplinary", "WRES3", "numerator"),
        ("training", "WRES4", "numerator"),
    ):
        sub = rows[(rows["indicator"] == indicator).to_numpy()]
        if sub.empty:
            continue
        out.append(
            Declaration(
                source=source,
                records=int(sub[column].sum()),
                unknown=int(sub.loc[(sub["group"] == "Unknown").to_numpy(), column].sum()),
            )
        )
    board = rows[
        (
            (rows["indicator"] == "WRES9") & (rows["membership"].fillna("voting") == "voting")
        ).to_numpy()
    ]
    if not board.empty:
        out.append(
            Declaration(
                source="board (voting)",
                records=int(board["numerator"].sum()),
                unknown=int(board.loc[(board["group"] == "Unknown").to_numpy(), "numerator"].sum()),
            )
        )
    return tuple(out)


def band_groups() -> dict[str, tuple[str, ...]]:
    """The band groups a unit can be ("Bands 8a-8b" ...), from the clusters in bands.csv."""
    out: dict[str, list[str]] = {}
    for band in ref.bands().values():
        out.setdefault(band.cluster, []).append(band.band)
    return {name: tuple(members) for name, members in out.items()}


def _without_breakdown(counts: pd.DataFrame, year: int | None, column: str, unit: str) -> dict:
    """Indicators whose rows this year have no value in `column` (a survey given for the whole
    organisation, recruitment with no pay band): they cannot be given for a unit, and say why."""
    this_year = _in_year(counts, year)
    what = {"band": "pay band"}.get(column, column.replace("_", " "))
    out = {}
    for ind in (*RATIOS, *SURVEY):
        rows = this_year[(this_year["indicator"] == ind).to_numpy()]
        if not rows.empty and rows[column].isna().all():
            out[ind] = (
                f"the data for this indicator has no {what}: it was given for the whole "
                f"organisation only, so it cannot be given for {unit}"
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


def _no_breakdown(result: IndicatorResult, reason: str) -> IndicatorResult:
    return result.model_copy(
        update=dict(value=None, ci_lower=None, ci_upper=None, groups={}, flags=(),
                    status="no_data", reason=reason, reading=f"No data: {reason}.")
    )  # fmt: skip


def wres(
    counts: pd.DataFrame,
    *,
    organisation: str | None = None,
    year: int | None = None,
    unit: dict[str, str | None] | None = None,
    options: WresOptions | None = None,
    notes: tuple[str, ...] | list[str] = (),
) -> WresReport:
    """Every WRES indicator for one organisation, year and (optionally) unit of the organisation."""
    opts = options or WresOptions()
    counts, organisation, year = _pick(counts, organisation, year)
    unit = {k: v for k, v in (unit or {}).items() if v}
    whole = not unit
    band_group = unit.pop("band_group", None)
    for col, wanted in unit.items():
        known = {str(v).strip().lower() for v in counts[col].dropna().unique()}
        if wanted.strip().lower() not in known:
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
        no_breakdown |= _without_breakdown(counts, year, col, wanted)
    scoped = filter_unit(counts, **unit) if unit else counts
    if band_group is not None:
        scoped, label = _in_band_group(scoped, band_group)
        no_breakdown |= _without_breakdown(counts, year, "band", label)
        unit["band_group"] = band_group
    current = _in_year(scoped, year)
    by_ind = {
        ind: current[(current["indicator"] == ind).to_numpy()]
        for ind in ("WRES1", "WRES2", "WRES3", "WRES4", "WRES5", "WRES6", "WRES7", "WRES8", "WRES9")
    }
    results: dict[str, IndicatorResult] = {"WRES1": _wres1(by_ind["WRES1"])}
    for ind in ("WRES2", "WRES3", "WRES4"):
        rows, note = by_ind[ind], ""
        if ind == "WRES3" and opts.rolling_disciplinary and year is not None:
            previous = scoped[
                ((scoped["indicator"] == "WRES3") & (scoped["year"] == year - 1))
                .fillna(False)
                .to_numpy()
            ]
            if previous.empty:
                note = (
                    f" Two-year rolling average requested, but there is no {year - 1} data: "
                    f"{year} alone is shown."
                )
            else:
                rows = pd.concat([rows, previous])
                note = (
                    f" Two-year rolling average: {year - 1} and {year} pooled (the sum of "
                    "entries over the sum of headcounts), an option whose exact NHS England "
                    "definition is not confirmed here."
                )
        results[ind] = (
            _no_breakdown(_ratio(rows, RATIOS[ind], opts, note), no_breakdown[ind])
            if ind in no_breakdown
            else _ratio(rows, RATIOS[ind], opts, note)
        )
        if note and "no " in note.split(":")[0]:
            results[ind] = results[ind].model_copy(
                update={"flags": (*results[ind].flags, "rolling average unavailable")}
            )
    for ind in SURVEY:
        results[ind] = _survey(by_ind[ind], ind, opts)
        if ind in no_breakdown:
            results[ind] = _no_breakdown(results[ind], no_breakdown[ind])
    workforce = (
        results["WRES1"]
        if whole
        else _wres1(
            _in_year(counts, year)[(_in_year(counts, year)["indicator"] == "WRES1").to_numpy()]
        )
    )
    results["WRES9"] = _wres9(by_ind["WRES9"], workforce, whole)
    label = (
        "whole organisation"
        if whole
        else "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in unit.items())
    )
    return WresReport(
        organisation=organisation,
        unit=label,
        year=year,
        indicators=results,
        declaration=_declaration(current),
        notes=tuple(notes),
    )


def units(counts: pd.DataFrame) -> dict[str, list[str]]:
    """The parts of the organisation the counts can be sliced by (directorates, staff groups)."""
    return {col: sorted({str(v) for v in counts[col].dropna().unique()}) for col in BREAKDOWNS}
