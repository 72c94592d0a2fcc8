"""Step 5, evaluate and share: targets judged with their uncertainty, and a publishable summary.

A target is met only when the whole confidence interval is on the right side of it, not yet
when the whole interval is on the wrong side, and otherwise it cannot be told yet. Figures
without an interval (indicators 1 and 9 count whole populations) are judged on their value.
An action's target is judged on its own unit's (and band's) figure, never on another unit's:
where that figure does not exist the verdict is "no data".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from metrics.counts.table import collapse
from metrics.counts.units import UnitChoice
from metrics.disclosure.control import (
    DisclosureSettings,
    ProtectedTable,
    PublishedCounts,
    audit_for_publication,
    board_audit,
    protect_table,
    publish_counts,
)
from metrics.disclosure.published_numbers import published_points, published_share, published_text
from metrics.problems import InputError
from metrics.standards.indicators import wres
from metrics.standards.results import IndicatorResult, StandardReport

Verdict = Literal["met", "not yet", "cannot tell yet", "no data"]

# Which way is better: "up" means the aim is a value at or above the target.
_AIM = {"WRES1": "up", "WRES2": "down", "WRES3": "down", "WRES4": "down", "WRES5": "down",
        "WRES6": "down", "WRES7": "up", "WRES8": "down", "WRES9": "up"}  # fmt: skip


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
    up = _AIM[result.id] == "up"
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


def _own_figure(counts: pd.DataFrame, organisation: str | None, year: int | None, indicator: str,
                unit_key: str | None, band: str | None) -> tuple[IndicatorResult | None, str]:  # fmt: skip
    """The figure a target is about (its unit's, its band's, its year's), or why there is none.

    Never another unit's figure: a unit or band the counts do not hold has no figure."""
    try:
        unit = UnitChoice.parse(unit_key)
    except ValueError:
        return None, f"'{unit_key}' is not a part of the organisation"
    if indicator not in _AIM:
        return None, f"'{indicator}' is not a WRES indicator"
    if band and indicator != "WRES1":
        return None, "a band is given only for indicator 1"
    try:
        report = wres(counts, organisation=organisation, year=year, unit=unit.as_filter())
    except InputError as exc:
        return None, exc.problems[0].message
    except KeyError:  # a kind of unit these counts cannot be split by
        return None, f"the data cannot be split by {unit.kind.replace('_', ' ')}"
    where = f"{unit.label}, {band}, {report.year}" if band else f"{unit.label}, {report.year}"
    result = report.indicators[indicator]
    if result.status == "no_data":
        return None, f"no {indicator} figure for {where}: {result.reason or 'no data'}"
    if band:
        wanted = band.strip().casefold()
        parts = [p for p in result.parts if str(p.breakdown.get("band")).casefold() == wanted]
        staff = sum(int(p.extra.get("headcount") or 0) for p in parts)
        if not staff:
            return None, f"no staff in {band} for {unit.label} in {report.year}"
        bme = sum(p.groups["BME"].numerator for p in parts)
        # the BME share of everyone in the band (Unknown in the denominator, as for the band
        # ladder); a count of the whole population, so no sampling interval
        result = IndicatorResult(id="WRES1", label=band, unit="percent", value=100 * bme / staff,
                                 extra={"headcount": staff})  # fmt: skip
    return result, where


def judge_target(counts: pd.DataFrame, *, organisation: str | None, year: int | None,
                 indicator: str, unit_key: str | None, band: str | None,
                 target: float) -> TargetCheck:  # fmt: skip
    """An action's target judged on its own unit's (and band's) figure in the year (None: the
    latest), with its interval: met, not yet, cannot tell yet, or no data."""
    result, where = _own_figure(counts, organisation, year, indicator, unit_key, band)
    if result is None:
        return TargetCheck("no data", where)
    check = check_target(result, target)
    return TargetCheck(check.verdict, check.explanation, check.value, check.low, check.high,
                       on=where)  # fmt: skip


def figure_for(counts: pd.DataFrame, organisation: str | None, year: int | None, indicator: str,
               unit_key: str | None, band: str | None) -> float | None:  # fmt: skip
    """The unit's (and band's) figure, to fill in a target's baseline; None when there is none."""
    result, _ = _own_figure(counts, organisation, year, indicator, unit_key, band)
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


@dataclass(frozen=True, eq=False)
class Publishable:
    """What disclosure control lets out of one year's whole-organisation counts."""

    overall: ProtectedTable  # WRES1 group totals (one row, "Staff"), with its margins
    published: PublishedCounts  # WRES2-9 group tables, rounded and suppressed
    withheld: frozenset[str]  # indicators resting on a hidden count: their figures stay in


def publishable(counts: pd.DataFrame, report: StandardReport,
                settings: DisclosureSettings | None = None) -> Publishable:  # fmt: skip
    """Which whole-organisation figures may be published: a figure resting on a hidden count is
    withheld, and the counts that may be shown are the rounded ones."""
    settings = settings or DisclosureSettings()
    rows = (
        counts
        if report.year is None
        else counts[(counts["year"] == report.year).fillna(False).to_numpy()]
    )
    rows = collapse(rows)
    # Only whole-organisation figures are published: indicator 1 as its overall group totals
    # (the band table is not part of the summary), the others as their group tables.
    w1 = rows[(rows["indicator"] == "WRES1").to_numpy()].groupby("group")["numerator"].sum()
    overall = protect_table(
        pd.DataFrame([w1.astype(int)], index=["Staff"]), "WRES1 overall", settings
    )
    published = publish_counts(rows[(rows["indicator"] != "WRES1").to_numpy()], settings)
    if settings.publish_board_composition:
        published = PublishedCounts(*_board_exactly(rows, published.counts, published.audit))
    table = published.counts
    hidden = table["numerator_suppressed"] | table["denominator_suppressed"]
    withheld = set(table.loc[hidden.to_numpy(), "indicator"])
    if overall.suppressed.to_numpy().any():
        withheld.add("WRES1")
    return Publishable(overall=overall, published=published, withheld=frozenset(withheld))


def _board_exactly(rows: pd.DataFrame, others: pd.DataFrame, audit: pd.DataFrame):
    """Indicator 9 with its exact counts (``publish_board_composition``): board membership is
    public. Its table is protected on its own, so taking it out changes no other table."""
    exact = collapse(rows)
    exact = exact[(exact["indicator"] != "WRES1").to_numpy()].reset_index(drop=True)
    others = others.reset_index(drop=True).copy()
    board = (others["indicator"] == "WRES9").to_numpy()
    if not board.any():
        return others, audit
    w9 = exact[(exact["indicator"] == "WRES9").to_numpy()]  # other tables may merge rows
    seats = w9.groupby(w9["membership"].fillna("voting").astype(str))["numerator"].transform("sum")
    others["numerator"] = others["numerator"].astype("Int64")
    others["denominator"] = others["denominator"].astype("Int64")
    others.loc[board, "numerator"] = w9["numerator"].astype("Int64").to_numpy()
    others.loc[board, "denominator"] = w9["denominator"].fillna(seats).astype("Int64").to_numpy()
    others.loc[board, ["numerator_suppressed", "denominator_suppressed"]] = False
    keep = ~audit["table"].astype(str).str.startswith("WRES9").to_numpy()
    audit = pd.concat([audit[keep], board_audit(others[board])], ignore_index=True)
    return others, audit


@dataclass(frozen=True)
class Summary:
    lines: tuple[str, ...]
    audit: pd.DataFrame  # what disclosure control changed, as it may be published


def _board_line(result: IndicatorResult, settings: DisclosureSettings) -> str:
    """Indicator 9 in shares only: its reading quotes the exact board counts ("9 of 14"), which
    may be published only rounded. Whole percentages; coarser for a small board unless its
    make-up is published as it is (``publish_board_composition``)."""
    words = []
    for part in result.parts:
        board, wf = part.extra.get("board_bme_percent"), part.extra.get("workforce_bme_percent")
        membership = part.breakdown.get("membership")
        seats = None
        if not settings.publish_board_composition:
            seats = sum(g.numerator for g in part.groups.values())
        if board is not None and wf is not None:
            words.append(f"BME people are {published_share(board, seats, settings)} of the "
                         f"board's {membership} members and {published_share(wf, None, settings)} "
                         f"of the workforce: a difference of "
                         f"{published_points(board - wf, seats, settings)} percentage points.")  # fmt: skip
    return " ".join(words) or published_text(result.reading, settings)


def shareable_summary(counts: pd.DataFrame, report: StandardReport,
                      settings: DisclosureSettings | None = None) -> Summary:  # fmt: skip
    """A short #InclusiveHR summary for the whole organisation whose figures pass disclosure
    control: a figure resting on a hidden count is withheld, counts are shown rounded, and
    percentages whole (coarser beside a small count) so they cannot undo the rounding."""
    settings = settings or DisclosureSettings()
    view = publishable(counts, report, settings)
    overall, published, withheld = view.overall, view.published, view.withheld
    lines = [
        f"Workforce Race Equality Standard {report.year or ''}, {report.organisation or 'our organisation'}."
    ]
    if "WRES1" not in withheld and report.indicators["WRES1"].value is not None:
        staff = int(overall.shown.loc["Staff", "Total"])
        share = published_share(report.indicators["WRES1"].value, staff, settings)
        lines.append(f"{share} of our staff are from Black and minority ethnic backgrounds "
                     f"(about {staff:,} staff in all).")  # fmt: skip
    for key in ("WRES2", "WRES3", "WRES4", "WRES5", "WRES6", "WRES7", "WRES8", "WRES9"):
        result = report.indicators[key]
        if result.status in ("no_data", "not_computable"):
            continue
        if key in withheld:
            lines.append(
                f"{key}: withheld, because it rests on numbers small enough to identify people."
            )
            continue
        if key == "WRES9":
            lines.append(_board_line(result, settings))
            continue
        # percentages to the step the smallest published group count allows (the pack shows
        # these counts beside the same words)
        rows = published.counts[(published.counts["indicator"] == key).to_numpy()]
        smallest = int(rows["denominator"].min()) if len(rows) else 0
        lines.append(published_text(result.reading, settings, smallest))
    lines.append("Figures are rounded and small numbers withheld before publication. #InclusiveHR")
    audit = pd.concat([pd.DataFrame([a.__dict__ for a in overall.audit]), published.audit],
                      ignore_index=True)  # fmt: skip
    return Summary(lines=tuple(lines), audit=audit_for_publication(audit, settings))
