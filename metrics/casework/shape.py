"""The casework figures as plain data (what `inclusivehr casework --json` prints): one object per
employer and case type, and the network's per case type. Counts are whole numbers, or null where
hidden for publication."""

from __future__ import annotations

from typing import Any

from metrics.casework.figures import CaseFigures, CaseworkFigures, Likelihood, Outcomes

METHOD = (
    "value = (BME cases / BME {what}) / (White cases / White {what}); above 1 means BME members "
    "are more likely to be in a case of this type than White members. 95% interval: Katz's log "
    "method. Unknown ethnicity is left out of both sides. Outcomes: dismissal or formal sanction "
    "as a share of decided cases (an outcome given, not ongoing), BME against White."
)


def _likelihood(found: Likelihood) -> dict[str, Any]:
    return {"value": found.value, "ci_lower": found.ci_lower, "ci_upper": found.ci_upper,
            "status": found.status, "reason": found.reason}  # fmt: skip


def _outcomes(found: Outcomes | None) -> dict[str, Any] | None:
    if found is None:
        return None
    out: dict[str, Any] = {"decided": dict(found.decided), "sanctioned": dict(found.sanctioned)}
    if found.by_outcome:
        out["by_outcome"] = {k: dict(v) for k, v in found.by_outcome.items()}
    return out | _likelihood(found.likelihood)


def _row(row: CaseFigures) -> dict[str, Any]:
    out: dict[str, Any] = {"employer": row.employer} if row.employer is not None else {}
    out |= {"case_type": row.case_type, "cases": dict(row.cases),
            "members": None if row.members is None else dict(row.members)}  # fmt: skip
    out |= _likelihood(row.likelihood)
    out["outcomes"] = _outcomes(row.outcomes)
    if row.by_year:
        out["by_year"] = [
            {"year": y.year, "cases": dict(y.cases),
             "members": None if y.members is None else dict(y.members)}
            | _likelihood(y.likelihood)
            for y in row.by_year
        ]  # fmt: skip
    if row.employer is None:
        out |= {"employers": row.employers, "worse_beyond_chance": row.worse_beyond_chance,
                "better_beyond_chance": row.better_beyond_chance}  # fmt: skip
    return out


def as_json(figures: CaseworkFigures, published: bool = False) -> dict[str, Any]:
    what = "members" if figures.base == "members" else "staff"
    return {
        "year": figures.year,
        "years": "all years pooled" if figures.year is None else str(figures.year),
        "base": figures.base,
        "published": published,
        "employers": [_row(r) for r in figures.rows],
        "network": [_row(r) for r in figures.network],
        "method": METHOD.format(what=what),
        "notes": list(figures.notes),
    }
