"""Which gaps to read first: the indicators where BME staff fare worse, beyond chance, largest first.

The ordering is this dashboard's own, documented on the Methods page: a relative likelihood
counts as (RL - 1) x 100 "per cent more likely" in the disadvantaging direction, a staff-survey
gap and the board gap as percentage points, so that all sit on one rough 0-100 scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from metrics.results import IndicatorResult, WresReport

# For the survey, a higher percentage is worse except on indicator 7 (equal opportunities).
_HIGHER_IS_WORSE = {"WRES5": True, "WRES6": True, "WRES7": False, "WRES8": True}
BOARD_GAP_POINTS = 5.0  # a board this many points below the workforce share is listed


@dataclass(frozen=True)
class Gap:
    indicator: str
    size: float  # on the rough 0-100 scale described above
    reading: str


def _ratio_gap(result: IndicatorResult) -> float | None:
    """WRES2-4 are oriented so that above 1.00 disadvantages BME staff."""
    if result.value is None or result.ci_lower is None or result.ci_lower <= 1:
        return None
    return 100 * (result.value - 1)


def _survey_gap(result: IndicatorResult) -> float | None:
    if result.value is None or result.ci_lower is None or result.ci_upper is None:
        return None
    worse_up = _HIGHER_IS_WORSE[result.id]
    if worse_up and result.ci_lower > 0:
        return result.value
    if not worse_up and result.ci_upper < 0:
        return -result.value
    return None


def biggest_gaps(report: WresReport) -> list[Gap]:
    """Disadvantages that the confidence interval says are unlikely to be chance, largest first,
    plus a board well below the workforce share and the band furthest short in people."""
    gaps: list[Gap] = []
    for key, result in report.indicators.items():
        if result.status not in ("ok", "small_numbers"):
            continue
        size = None
        if key in ("WRES2", "WRES3", "WRES4"):
            size = _ratio_gap(result)
        elif key in _HIGHER_IS_WORSE:
            size = _survey_gap(result)
        elif key == "WRES9" and result.value is not None and result.value <= -BOARD_GAP_POINTS:
            size = -result.value
        if size is not None:
            gaps.append(Gap(key, size, result.reading))
    short = [p for p in report.indicators["WRES1"].parts if (p.extra.get("bme_needed") or 0) > 0]
    if short:
        worst = max(short, key=lambda p: p.extra.get("bme_needed") or 0)  # most people short
        gaps.append(Gap("WRES1", -(worst.extra.get("gap_percentage_points") or 0), worst.reading))
    return sorted(gaps, key=lambda g: g.size, reverse=True)
