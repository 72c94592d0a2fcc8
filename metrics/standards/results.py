"""The one result shape every indicator returns, whatever it measures."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["ok", "not_computable", "small_numbers", "no_data", "no_variation"]
"""no_variation: a relative likelihood whose groups all had the event, or none did: no difference
to measure, so no value and no interval (a zero-width one would be a false certainty)."""
Unit = Literal["relative likelihood", "percent", "percentage points", "score points"]
"""score points: a difference of scores on the survey's 0-10 scale (WDES9a)."""


class GroupFigures(BaseModel):
    model_config = ConfigDict(frozen=True)

    numerator: int
    denominator: int
    rate: float | None = None  # numerator / denominator on 0-1; None when the denominator is 0


class IndicatorResult(BaseModel):
    """id, label, value with its interval, the figures per group, status, a reading, the method.

    `parts` holds the same shape for sub-results (WRES1 bands, WRES9 voting and executive)."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    value: float | None = None
    ci_lower: float | None = None
    ci_upper: float | None = None
    unit: Unit
    confidence: float = 0.95
    groups: dict[str, GroupFigures] = Field(default_factory=dict)
    status: Status = "ok"
    reason: str | None = None
    reading: str = ""
    method: str = ""
    flags: tuple[str, ...] = ()
    breakdown: dict[str, str | bool | int | None] = Field(default_factory=dict)
    extra: dict[str, float | int | None] = Field(default_factory=dict)
    parts: tuple[IndicatorResult, ...] = ()


class Declaration(BaseModel):
    model_config = ConfigDict(frozen=True)

    source: str
    records: int
    unknown: int

    @property
    def declared_percent(self) -> float | None:
        return None if self.records == 0 else 100 * (self.records - self.unknown) / self.records


class StandardReport(BaseModel):
    """Every indicator of one standard (WRES, WDES, the medical view) for one organisation (or
    unit of it) in one year. The name is the WRES's, from before there were other standards."""

    model_config = ConfigDict(frozen=True)

    standard: str = "WRES"
    organisation: str | None
    unit: str  # "whole organisation" or e.g. "directorate: HR & OD"
    year: int | None
    indicators: dict[str, IndicatorResult]
    declaration: tuple[Declaration, ...] = ()
    notes: tuple[str, ...] = ()
