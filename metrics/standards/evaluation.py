"""Step 5, evaluate and share: targets judged with their uncertainty, and a publishable summary.

A target is met only when the whole confidence interval is on the right side of it, not yet
when the whole interval is on the wrong side, and otherwise it cannot be told yet. Figures
without an interval (indicators 1 and 9 count whole populations) are judged on their value.
An action's target is judged on its own unit's (and band's) figure, never on another unit's:
where that figure does not exist the verdict is "no data".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

import pandas as pd

from metrics.counts.characteristics import characteristic
from metrics.counts.table import collapse, ordinary
from metrics.counts.units import UnitChoice
from metrics.disclosure.control import (
    TOTAL,
    DisclosureSettings,
    ProtectedTable,
    PublishedCounts,
    audit_for_publication,
    board_audit,
    protect_table,
    publish_counts,
)
from metrics.disclosure.published_numbers import (
    as_sentence,
    published_points,
    published_share,
    published_text,
)
from metrics.problems import InputError
from metrics.standards.definitions import standard
from metrics.standards.indicators import report as report_of
from metrics.standards.results import IndicatorResult, StandardReport

Verdict = Literal["met", "not yet", "cannot tell yet", "no data"]

STANDARDS = ("WRES", "WDES")  # whose indicators an action's target can name (from counts)
PAYGAP = "PAYGAP"
PAY_FIGURES = {"MEDIAN": ("median_hourly_gap_percent", "median hourly pay gap"),
               "MEAN": ("mean_hourly_gap_percent", "mean hourly pay gap")}  # fmt: skip
PAY_BY = ("sex", "ethnicity", "disability")
PAY_TARGETS = {f"{PAYGAP}-{by.upper()}-{figure}": (by, figure)
               for by in PAY_BY for figure in PAY_FIGURES}  # fmt: skip
"""Pay-gap figures a target can name ("PAYGAP-SEX-MEDIAN": the median hourly pay gap by sex, at
most the target, in per cent of the reference group's pay). They are worked out from the staff
rows of the session (never kept), for the whole organisation, and judged on the figure itself:
the gap of everyone paid, not a sample."""


@cache
def _aims() -> dict[str, tuple[str, str]]:
    """Each indicator a target can name -> (its standard, which way is better): "up" means the
    aim is a value at or above the target. From the standard files: a higher value is better
    unless the file says a higher value is worse for the focus group. A pay gap's aim is down:
    a gap of at most the target."""
    aims = {}
    for name in STANDARDS:
        for spec in standard(name).indicators:
            aims[spec.id] = (name, "down" if spec.higher_is_worse else "up")
    for ident in PAY_TARGETS:
        aims[ident] = (PAYGAP, "down")
    return aims


def target_indicators() -> tuple[str, ...]:
    """The indicators an action's target can name, WRES first, pay gaps last."""
    return tuple(_aims())


def target_label(indicator: str) -> str | None:
    """A pay-gap target's name in words ("median hourly pay gap by sex, %"); None for the
    standards' indicators (their labels are the standards')."""
    if indicator not in PAY_TARGETS:
        return None
    by, figure = PAY_TARGETS[indicator]
    return f"{PAY_FIGURES[figure][1]} by {by}, %"


def target_rows(indicator: str | None) -> tuple[str, ...]:
    """The rows a target on this indicator can be about: WRES1's bands, WDES1's clusters (a
    representation indicator's rows, as its standard file says); () for any other."""
    aim = _aims().get(indicator or "")
    if aim is None or aim[0] not in STANDARDS:
        return ()
    std = standard(aim[0])
    spec = std.indicator(str(indicator))
    if spec.kind != "representation":
        return ()
    if spec.by == "cluster":
        return tuple(c.name for c in std.clusters)
    from metrics.reference import bands

    return tuple(bands())


def row_kind(indicator: str | None) -> str | None:
    """What a target's row is on this indicator: "band" (WRES1), "cluster" (WDES1) or None."""
    if not target_rows(indicator):
        return None
    return standard(_aims()[str(indicator)][0]).indicator(str(indicator)).by


@dataclass(frozen=True)
class TargetCheck:
    verdict: Verdict
    explanation: str
    value: float | None = None  # the figure judged, with its interval where it has one
    low: float | None = None
    high: float | None = None
    on: str = ""  # which figure was judged: "HR & OD, Band 8a, 2025"


def check_target(result: IndicatorResult, target: float) -> TargetCheck:
    """Is the target reached, judged by the confidence interval where there is one?"""
    if result.value is None:
        return TargetCheck(
            "cannot tell yet", f"no figure for {result.id}: {result.reason or 'no data'}"
        )
    low = result.ci_lower if result.ci_lower is not None else result.value
    high = result.ci_upper if result.ci_upper is not None else result.value
    up = _aims()[result.id][1] == "up"
    interval = "its value" if result.ci_lower is None else "the whole 95% interval"
    figure = {"value": result.value, "low": result.ci_lower, "high": result.ci_upper}
    if (up and low >= target) or (not up and high <= target):
        words = f"{interval} is at or {'above' if up else 'below'} {target:g}"
        return TargetCheck("met", words, **figure)
    if (up and high < target) or (not up and low > target):
        words = f"{interval} is still {'below' if up else 'above'} {target:g}"
        return TargetCheck("not yet", words, **figure)
    words = f"the 95% interval ({low:.2f} to {high:.2f}) includes {target:g}"
    return TargetCheck("cannot tell yet", words, **figure)


def _pay_figure(staff: pd.DataFrame | None, year: int | None, indicator: str,
                unit: UnitChoice, band: str | None) -> tuple[IndicatorResult | None, str]:  # fmt: skip
    """A pay-gap target's figure: the whole organisation's gap, from the session's staff rows."""
    from metrics.standards.paygap import pay_gap

    by, figure = PAY_TARGETS[indicator]
    if not unit.is_whole or band:
        return None, "a pay-gap target is about the whole organisation"
    if staff is None:
        return None, ("pay gaps are worked out from the staff file's rows, which are not kept: "
                      "load the staff file with its hourly pay in this session")  # fmt: skip
    try:
        found = pay_gap(staff, by, year=year, intervals=False)
    except InputError as exc:
        return None, exc.problems[0].message
    value = getattr(found.overall, PAY_FIGURES[figure][0])
    where = f"{unit.label}, {year or 'latest year'}"
    if value is None:
        return None, f"no {PAY_FIGURES[figure][1]} by {by} for {where}"
    return IndicatorResult(id=indicator, label=str(target_label(indicator)), unit="percent",
                           value=float(value)), where  # fmt: skip


def _own_figure(counts: pd.DataFrame, organisation: str | None, year: int | None, indicator: str,
                unit_key: str | None, band: str | None,
                staff: pd.DataFrame | None = None) -> tuple[IndicatorResult | None, str]:  # fmt: skip
    """The figure a target is about (its unit's, its band's, its year's), or why there is none.

    Never another unit's figure: a unit or band the counts do not hold has no figure."""
    try:
        unit = UnitChoice.parse(unit_key)
    except ValueError:
        return None, f"'{unit_key}' is not a part of the organisation"
    if indicator not in _aims():
        return None, f"'{indicator}' is not a WRES or WDES indicator or a pay gap"
    if indicator in PAY_TARGETS:
        return _pay_figure(staff, year, indicator, unit, band)
    name = _aims()[indicator][0]
    spec = standard(name).indicator(indicator)
    if band and spec.kind != "representation":
        return None, f"a {spec.by} is given only for indicator 1"
    try:
        found = report_of(counts, standard=name, organisation=organisation, year=year,
                       unit=unit.as_filter())  # fmt: skip
    except InputError as exc:
        return None, exc.problems[0].message
    except KeyError:  # a kind of unit these counts cannot be split by
        return None, f"the data cannot be split by {unit.kind.replace('_', ' ')}"
    where = f"{unit.label}, {band}, {found.year}" if band else f"{unit.label}, {found.year}"
    result = found.indicators[indicator]
    if result.status == "no_data":
        return None, f"no {indicator} figure for {where}: {result.reason or 'no data'}"
    if band:
        wanted = band.strip().casefold()
        parts = [p for p in result.parts if str(p.breakdown.get(spec.by)).casefold() == wanted]
        staff = sum(int(p.extra.get("headcount") or 0) for p in parts)
        if not staff:
            return None, f"no staff in {band} for {unit.label} in {found.year}"
        focus = standard(name).characteristic.focus
        count = sum(p.groups[focus].numerator for p in parts if focus in p.groups)
        # the focus group's share of everyone in the band (Unknown in the denominator, as for
        # the band ladder); a count of the whole population, so no sampling interval
        result = IndicatorResult(id=indicator, label=band, unit="percent",
                                 value=100 * count / staff, extra={"headcount": staff})  # fmt: skip
    return result, where


def judge_target(counts: pd.DataFrame, *, organisation: str | None, year: int | None,
                 indicator: str, unit_key: str | None, band: str | None,
                 target: float, staff: pd.DataFrame | None = None) -> TargetCheck:  # fmt: skip
    """An action's target judged on its own unit's (and band's or cluster's) figure in the year
    (None: the latest), with its interval: met, not yet, cannot tell yet, or no data. A pay
    gap's from the session's ``staff`` rows."""
    result, where = _own_figure(counts, organisation, year, indicator, unit_key, band, staff)
    if result is None:
        return TargetCheck("no data", where)
    check = check_target(result, target)
    return TargetCheck(check.verdict, check.explanation, check.value, check.low, check.high,
                       on=where)  # fmt: skip


def figure_for(counts: pd.DataFrame, organisation: str | None, year: int | None, indicator: str,
               unit_key: str | None, band: str | None,
               staff: pd.DataFrame | None = None) -> float | None:  # fmt: skip
    """The unit's (and band's) figure, to fill in a target's baseline; None when there is none."""
    result, _ = _own_figure(counts, organisation, year, indicator, unit_key, band, staff)
    return None if result is None else result.value


def _value_words(result: IndicatorResult) -> str:
    if result.value is None:
        return {"no_data": "no data", "not_computable": "not computable",
                "no_variation": "no difference to measure"}.get(result.status, "no figure")  # fmt: skip
    return f"{result.value:.2f}"


def baseline_and_latest(baseline: StandardReport, latest: StandardReport, *,
                        baseline_label: str | None = None,
                        latest_label: str | None = None) -> pd.DataFrame:  # fmt: skip
    """Every indicator's value at the baseline and now, with the change, in words a table can
    show as it is (no gaps left as None). The labels name the two columns; by default their
    years."""
    first = f"Baseline ({baseline_label or baseline.year or 'no year'})"
    second = f"Latest ({latest_label or latest.year or 'no year'})"
    rows = []
    for key, now in latest.indicators.items():
        then = baseline.indicators[key]
        change = (
            "not computable"
            if now.value is None or then.value is None
            else f"{now.value - then.value:+.2f}"
        )
        interval = (
            f"{now.ci_lower:.2f} to {now.ci_upper:.2f}"
            if now.ci_lower is not None and now.ci_upper is not None
            else "none: counts everyone" if key in ("WRES1", "WRES9") else "not computable"
        )  # fmt: skip
        rows.append({"Indicator": key, first: _value_words(then), second: _value_words(now),
                     "Change": change, "Latest 95% interval": interval})  # fmt: skip
    return pd.DataFrame(rows)


# Distribution tables (staff by band or cluster, doctors by grade) go into the summary as their
# overall group totals only, never band by band. MED-ROLE counts the same doctors as MED-GRADE by
# another axis, so it adds nothing there and is left out (its own publication: the pack and
# `inclusivehr medical --publish`).
TOTALS_ONLY = {"WRES1": "WRES1 overall", "WDES1": "WDES1 overall", "MED-GRADE": "Doctors overall"}
LEFT_OUT = ("MED-ROLE",)
SAME_STAFF = ("WRES1", "WDES1")  # one headcount by two characteristics: their totals are linked
# Board make-up published exactly (``publish_board_composition``) only where it is public: a
# board's ethnicity is (WRES9); a board member's disability usually is not (WDES10), so WDES10
# goes through suppression and rounding like any other table.
EXACT_BOARD = "WRES9"
STAFF = "Staff"  # the one row of an overall table


@dataclass(frozen=True, eq=False)
class Publishable:
    """What disclosure control lets out of one year's whole-organisation counts."""

    overall: ProtectedTable  # WRES1 group totals (one row, "Staff"), with its margins
    published: PublishedCounts  # the other indicators' group tables, rounded and suppressed
    withheld: frozenset[str]  # indicators resting on a hidden count: their figures stay in
    totals: Mapping[str, ProtectedTable] = field(default_factory=dict)  # WDES1, MED-GRADE


def _overall(rows: pd.DataFrame, indicator: str, settings: DisclosureSettings,
             hide: tuple[tuple[str, str], ...] = ()) -> ProtectedTable:  # fmt: skip
    """A distribution table's group totals over its bands: one row, protected."""
    sums = rows[(rows["indicator"] == indicator).to_numpy()].groupby("group")["numerator"].sum()
    if sums.empty:  # no such rows (a staff file without ethnicity): nobody in any group
        name = "disability" if indicator.startswith("WDES") else "ethnicity"
        sums = pd.Series(0, index=list(characteristic(name).groups))
    table = pd.DataFrame([sums.astype(int)], index=[STAFF])
    return protect_table(table, TOTALS_ONLY[indicator], settings, hide=hide)


def overall_totals(rows: pd.DataFrame, settings: DisclosureSettings) -> dict[str, ProtectedTable]:
    """Every distribution table's overall totals (WRES1's always, as before); the staff
    headcount WRES1 and WDES1 share is hidden in both when either hides it."""
    found = set(rows["indicator"].astype(str))
    wanted = [k for k in TOTALS_ONLY if k == "WRES1" or k in found]
    tables = {k: _overall(rows, k, settings) for k in wanted}
    linked = [k for k in SAME_STAFF if k in found]
    if any(bool(tables[k].suppressed.loc[STAFF, TOTAL]) for k in linked):
        for k in linked:
            tables[k] = _overall(rows, k, settings, hide=((STAFF, TOTAL),))
    return tables


def publishable(counts: pd.DataFrame, report: StandardReport,
                settings: DisclosureSettings | None = None) -> Publishable:  # fmt: skip
    """Which whole-organisation figures may be published: a figure resting on a hidden count is
    withheld, and the counts that may be shown are the rounded ones. Counts of any standard: the
    distribution tables (WRES1, WDES1, the medical grades) as their overall totals only."""
    settings = settings or DisclosureSettings()
    rows = (
        counts
        if report.year is None
        else counts[(counts["year"] == report.year).fillna(False).to_numpy()]
    )
    rows = collapse(ordinary(rows))
    totals = overall_totals(rows, settings)
    tables = ~rows["indicator"].isin([*TOTALS_ONLY, *LEFT_OUT]).to_numpy()
    published = publish_counts(rows[tables], settings)
    if settings.publish_board_composition:
        published = PublishedCounts(*board_exactly(rows, published.counts, published.audit))
    table = published.counts
    hidden = table["numerator_suppressed"] | table["denominator_suppressed"]
    withheld = set(table.loc[hidden.to_numpy(), "indicator"])
    withheld |= {k for k, t in totals.items() if t.suppressed.to_numpy().any()}
    overall = totals.pop("WRES1")
    return Publishable(overall=overall, published=published, withheld=frozenset(withheld),
                       totals=totals)  # fmt: skip


def board_exactly(rows: pd.DataFrame, others: pd.DataFrame, audit: pd.DataFrame):
    """Indicator 9 with its exact counts (``publish_board_composition``): board membership is
    public. Its table is protected on its own, so taking it out changes no other table."""
    exact = collapse(rows)
    others = others.reset_index(drop=True).copy()
    board = (others["indicator"] == EXACT_BOARD).to_numpy()
    if not board.any():
        return others, audit
    w9 = exact[(exact["indicator"] == EXACT_BOARD).to_numpy()]  # other tables may merge rows
    seats = w9.groupby(w9["membership"].fillna("voting").astype(str))["numerator"].transform("sum")
    others["numerator"] = others["numerator"].astype("Int64")
    others["denominator"] = others["denominator"].astype("Int64")
    others.loc[board, "numerator"] = w9["numerator"].astype("Int64").to_numpy()
    others.loc[board, "denominator"] = w9["denominator"].fillna(seats).astype("Int64").to_numpy()
    others.loc[board, ["numerator_suppressed", "denominator_suppressed"]] = False
    keep = ~audit["table"].astype(str).str.startswith(EXACT_BOARD).to_numpy()
    audit = pd.concat([audit[keep], board_audit(others[board])], ignore_index=True)
    return others, audit


@dataclass(frozen=True)
class Summary:
    lines: tuple[str, ...]
    audit: pd.DataFrame  # what disclosure control changed, as it may be published


def _board_line(result: IndicatorResult, settings: DisclosureSettings, exact_board: bool) -> str:
    """The board indicator (WRES9, WDES10) in shares only: its reading quotes the exact board
    counts ("9 of 14"), which may be published only rounded. Whole percentages; coarser for a
    small board unless its make-up is published as it is (`exact_board`)."""
    focus = next(iter(result.parts[0].groups)) if result.parts else None
    words = []
    for part in result.parts:
        slug = next((k[len("board_"):-len("_percent")] for k in part.extra
                     if k.startswith("board_") and k.endswith("_percent")), None)  # fmt: skip
        board = part.extra.get(f"board_{slug}_percent")
        wf = part.extra.get(f"workforce_{slug}_percent")
        focus = next((g for g in part.groups if g.lower().replace("-", "_") == slug), focus)
        membership = part.breakdown.get("membership")
        seats = None if exact_board else sum(g.numerator for g in part.groups.values())
        if board is not None and wf is not None:
            words.append(f"{focus} people are {published_share(board, seats, settings)} of the "
                         f"board's {membership} members and {published_share(wf, None, settings)} "
                         f"of the workforce: a difference of "
                         f"{published_points(board - wf, seats, settings)} percentage points.")  # fmt: skip
    return " ".join(words) or as_sentence(published_text(result.reading, settings))


# the representation indicator's sentence, after "{share} of our staff are"
_STAFF_WORDS = {"WRES1": "from Black and minority ethnic backgrounds",
                "WDES1": "recorded as Disabled"}  # fmt: skip


def shareable_summary(counts: pd.DataFrame, report: StandardReport,
                      settings: DisclosureSettings | None = None) -> Summary:  # fmt: skip
    """A short #InclusiveHR summary of the report's standard (WRES or WDES) for the whole
    organisation whose figures pass disclosure control: a figure resting on a hidden count is
    withheld, counts are shown rounded, and percentages whole (coarser beside a small count) so
    they cannot undo the rounding. The counts may hold other standards' rows: each is protected
    with the tables it is linked to, and only the report's standard is put into words."""
    settings = settings or DisclosureSettings()
    view = publishable(counts, report, settings)
    overall, published, withheld = view.overall, view.published, view.withheld
    std = standard(report.standard)
    lines = [f"{std.name} {report.year or ''}, {report.organisation or 'our organisation'}."]
    first = std.indicators[0].id  # the representation indicator: WRES1, WDES1
    table = overall if first == "WRES1" else view.totals.get(first)
    result = report.indicators.get(first)
    if table is not None and first not in withheld and result and result.value is not None:
        staff = int(table.shown.loc[STAFF, TOTAL])
        share = published_share(result.value, staff, settings)
        lines.append(f"{as_sentence(share)} of our staff are "
                     f"{_STAFF_WORDS.get(first, std.characteristic.focus)} "
                     f"(about {staff:,} staff in all).")  # fmt: skip
    for key, result in report.indicators.items():
        if key == first or result.status in ("no_data", "not_computable"):
            continue
        if key in withheld:
            lines.append(
                f"{key}: withheld, because it rests on numbers small enough to identify people."
            )
            continue
        if std.indicator(key).kind == "board":
            exact = key == EXACT_BOARD and settings.publish_board_composition
            lines.append(_board_line(result, settings, exact))
            continue
        # percentages to the step the smallest published group count allows (the pack shows
        # these counts beside the same words)
        rows = published.counts[(published.counts["indicator"] == key).to_numpy()]
        smallest = (
            int(rows["denominator"].min()) if len(rows) and rows["denominator"].notna().any() else 0
        )
        lines.append(as_sentence(published_text(result.reading, settings, smallest)))
    lines.append("Figures are rounded and small numbers withheld before publication. #InclusiveHR")
    tables = [overall, *view.totals.values()]
    audit = pd.concat([pd.DataFrame([a.__dict__ for t in tables for a in t.audit]),
                       published.audit], ignore_index=True)  # fmt: skip
    return Summary(lines=tuple(lines), audit=audit_for_publication(audit, settings))
