"""Case types and outcomes read from the many ways a case log writes them, as data
(metrics/reference/casework_labels.csv): the first word a label contains decides it."""

from __future__ import annotations

from functools import cache

from metrics import reference as ref

CASE_TYPES = (
    "disciplinary", "grievance", "capability", "dismissal", "bullying and harassment",
    "discrimination", "whistleblowing", "other",
)  # fmt: skip
"""Every case type, in the order figures are listed."""
OTHER = "other"
ALL_TYPES = "all"
"""The case type of the figures for every case of an employer, whatever its type."""

DISMISSAL, SANCTION, NO_SANCTION, ONGOING = "dismissal", "formal sanction", "no sanction", "ongoing"
OUTCOMES = (DISMISSAL, SANCTION, NO_SANCTION, OTHER, ONGOING)
"""Outcome classes. A case is decided when its outcome is given and not ongoing; dismissal and
formal sanction (a warning, demotion, redeployment ...) are the sanctions compared."""
NOT_GIVEN = "not given"


@cache
def _words(field: str) -> tuple[tuple[str, str], ...]:
    rows = ref._rows("casework_labels.csv")
    return tuple((ref.compact(r["word"]), r["value"]) for r in rows if r["field"] == field)


def _first(field: str, value: object) -> str | None:
    if value is None:
        return None
    text = ref.compact(value)
    if not text:
        return None
    return next((name for word, name in _words(field) if word in text), None)


def case_type(value: object) -> str | None:
    """'Gross misconduct' -> 'disciplinary'; 'Race discrimination' -> 'discrimination'; None
    for a blank or a label that names no case type."""
    return _first("case_type", value)


def outcome(value: object) -> str | None:
    """'Final written warning' -> 'formal sanction'; 'No case to answer' -> 'no sanction'; None
    for a blank or a label naming no outcome class."""
    return _first("outcome", value)
