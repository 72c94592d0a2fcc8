"""Which gaps to read first: the indicators where the focus group (BME staff for the WRES,
Disabled staff for the WDES) fares worse, beyond chance, largest first.

The ordering is this dashboard's own, documented on the Methods page: a relative likelihood
counts as (RL - 1) x 100 "per cent more likely" in the disadvantaging direction, a staff-survey
gap and the board gap as percentage points, so that all sit on one rough 0-100 scale.

Finding no gap is not the same as there being none: an indicator resting on small numbers, or one
that cannot be computed, cannot tell, and a unit below the unit-size setting (20 staff by
default) is too small to read patterns from at all. `overview` keeps these apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from metrics.counts.characteristics import Characteristic
from metrics.standards.definitions import IndicatorSpec, standard
from metrics.standards.results import IndicatorResult, StandardReport

BOARD_GAP_POINTS = 5.0  # a board this many points below the workforce share is listed


def report_characteristic(report: StandardReport) -> Characteristic:
    """The characteristic a report is about: its standard's (ethnicity for the WRES and the
    medical view, disability for the WDES)."""
    return standard(report.standard).characteristic


def _specs(report: StandardReport) -> dict[str, IndicatorSpec]:
    """The standard's definition of each indicator in the report, from its standard file."""
    std = standard(report.standard)
    return {spec.id: spec for spec in std.indicators if spec.id in report.indicators}


def _representation(report: StandardReport) -> IndicatorResult | None:
    """The share-by-band indicator (WRES1, WDES1), which gives the unit's headcount."""
    kinds = _specs(report)
    return next((report.indicators[k] for k, s in kinds.items() if s.kind == "representation"),
                None)  # fmt: skip


def _needed(part: IndicatorResult, focus: str) -> int:
    """How many more focus-group staff a band would need to match the workforce share."""
    return int(part.extra.get(f"{focus.lower().replace('-', '_').replace(' ', '_')}_needed") or 0)


@dataclass(frozen=True)
class Gap:
    indicator: str
    size: float  # on the rough 0-100 scale described above
    reading: str


def _ratio_gap(result: IndicatorResult) -> float | None:
    """Ratios are oriented so that above 1.00 disadvantages the focus group (WRES2-4, WDES2-3)."""
    if result.value is None or result.ci_lower is None or result.ci_lower <= 1:
        return None
    return 100 * (result.value - 1)


def _survey_gap(result: IndicatorResult, worse_up: bool) -> float | None:
    if result.value is None or result.ci_lower is None or result.ci_upper is None:
        return None
    if worse_up and result.ci_lower > 0:
        return result.value
    if not worse_up and result.ci_upper < 0:
        return -result.value
    return None


def biggest_gaps(report: StandardReport) -> list[Gap]:
    """Disadvantages that the confidence interval says are unlikely to be chance, largest first,
    plus a board well below the workforce share and the band furthest short in people."""
    gaps: list[Gap] = []
    specs = _specs(report)
    for key, result in report.indicators.items():
        spec = specs.get(key)
        if spec is None or result.status not in ("ok", "small_numbers"):
            continue
        size = None
        if spec.kind == "ratio":
            size = _ratio_gap(result)
        elif spec.kind == "survey_gap":
            size = _survey_gap(result, spec.higher_is_worse is not False)
        elif spec.kind == "board" and result.value is not None:
            size = -result.value if result.value <= -BOARD_GAP_POINTS else None
        if size is not None:
            gaps.append(Gap(key, size, result.reading))
    staff = _representation(report)
    focus = report_characteristic(report).focus
    short = [p for p in staff.parts if _needed(p, focus) > 0] if staff else []
    if staff is not None and short:
        worst = max(short, key=lambda p: _needed(p, focus))  # most people short
        gaps.append(Gap(staff.id, -(worst.extra.get("gap_percentage_points") or 0), worst.reading))
    return sorted(gaps, key=lambda g: g.size, reverse=True)


MIN_UNIT_SIZE = 20  # staff; below this a unit is too small to read patterns from
OUTCOME_KINDS = ("ratio", "survey_gap")  # the indicators that can show a gap beyond chance
Finding = Literal["gaps", "no_gap_found", "too_few_to_tell", "too_small", "no_data"]


@dataclass(frozen=True)
class Overview:
    """What the indicators can and cannot say about a unit, in one sentence and its parts."""

    finding: Finding
    sentence: str
    gaps: tuple[Gap, ...]
    headcount: int | None  # staff in the unit, None when no staff data was given
    tested: tuple[str, ...]  # outcome indicators with enough people that show no gap
    cannot_tell: tuple[str, ...]  # small numbers (no gap found) or not computable
    no_data: tuple[str, ...]


def _names(ids: tuple[str, ...] | list[str]) -> str:
    numbers = [i.removeprefix("WRES").removeprefix("WDES") for i in ids]
    if len(numbers) == 1:
        return f"indicator {numbers[0]}"
    return "indicators " + ", ".join(numbers[:-1]) + " and " + numbers[-1]


def overview(report: StandardReport, *, min_unit: int = MIN_UNIT_SIZE) -> Overview:
    """The gaps beyond chance, or else whether no gap was found or the numbers cannot tell."""
    item = report_characteristic(report)
    who = item.who(item.focus)
    staff = _representation(report)
    counted = staff is not None and staff.extra.get("headcount") is not None
    headcount = int(staff.extra["headcount"]) if counted else None
    if headcount is not None and headcount < min_unit:
        return Overview(
            "too_small",
            f"With {headcount:,} staff (fewer than {min_unit}), this unit is too small to read "
            f"patterns from: too few people to tell whether {who} fare worse.",
            (), headcount, (), (), (),
        )  # fmt: skip
    gaps = tuple(biggest_gaps(report))
    gap_ids = {g.indicator for g in gaps}
    tested, cannot_tell, no_data = [], [], []
    outcomes = [k for k, spec in _specs(report).items() if spec.kind in OUTCOME_KINDS]
    for key in outcomes:
        result = report.indicators[key]
        if key in gap_ids:
            continue
        if result.status == "ok":
            tested.append(key)
        elif result.status in ("small_numbers", "not_computable", "no_variation"):
            cannot_tell.append(key)
        else:
            no_data.append(key)
    unsure = (
        f" {_names(cannot_tell).capitalize()} {'has' if len(cannot_tell) == 1 else 'have'} too "
        "few people to tell."
        if cannot_tell
        else ""
    )
    if gaps:
        many = len(gaps) > 1
        finding: Finding = "gaps"
        sentence = (f"{len(gaps)} figure{'s' if many else ''} show{'' if many else 's'} {who} "
                    "faring worse." + unsure)  # fmt: skip
    elif tested:
        finding = "no_gap_found"
        sentence = (f"No gap found: {_names(tested)} {'shows' if len(tested) == 1 else 'show'} "
                    f"no disadvantage to {who} beyond what chance could explain." + unsure)  # fmt: skip
    elif cannot_tell:
        finding = "too_few_to_tell"
        sentence = ("Too few people to tell: no indicator has enough people to show whether "
                    f"{who} fare worse ({_names(cannot_tell)}).")  # fmt: skip
    else:
        finding = "no_data"
        last = _names(outcomes[-1:]).removeprefix("indicator ") if outcomes else "8"
        sentence = (f"There is no data for indicators 2 to {last}, so nothing can be said about "
                    "gaps yet.")  # fmt: skip
    return Overview(finding, sentence, gaps, headcount, tuple(tested), tuple(cannot_tell),
                    tuple(no_data))  # fmt: skip
