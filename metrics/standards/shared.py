"""What the network comparison shares with one organisation's report: the options figures are
worked out with, the name of the organisation's own group in score rows, and the reason a ratio
with nothing to compare gives.

Kept apart from `metrics.standards.indicators` so that `compare`, which needs only these, does
not import the report's models (pydantic) on every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class WresOptions:
    confidence: float = 0.95
    rolling_disciplinary: bool = False  # WRES3 / WDES3 on the current and previous year pooled
    small_number: int = 10  # a ratio resting on fewer events than this is flagged as small numbers
    survey_minimum: int = 11  # the NHS Staff Survey does not report groups under 11 respondents


ALL = "All"
"""The group name of the organisation's own figure in score rows (WDES9a)."""


class _Done(Protocol):
    done: str  # the event in the past tense, for "everyone ... was appointed"


def no_variation_reason(spec: _Done, everyone: bool) -> str:
    who = "everyone in both groups" if everyone else "nobody in either group"
    return f"no variation: {who} {spec.done}"
