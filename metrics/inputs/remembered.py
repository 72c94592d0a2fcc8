"""Whether a remembered ethnicity column match may be used: a match saved in a workspace (by
anyone who could reach it) must not silently turn another column into ethnicity.

The sign of a wrong column is the declared share: the part of the staff whose ethnicity the
tool can read (White or BME, not Unknown). A real ethnicity column gives most staff a known
ethnicity; a column of religion, sex or anything else leaves nearly everyone Unknown, and since
Unknown is left out of both sides of every ratio, the figures then describe a handful of people
while looking normal (in the reported case the BME share fell from 28.3% to 2.7%).

Two rules, on shares between 0 and 1:
* When the file also has a column the tool finds by its own name, the remembered match is
  refused if it gives known ethnicity to less than half as many staff as that column
  (``RELATIVE_FLOOR``): swapping columns cannot honestly lose half the declared staff.
* When there is no such column, the remembered match is refused if it leaves more staff
  Unknown than known (declared share under ``DECLARED_FLOOR``, one half): figures resting on a
  minority of the workforce cannot be trusted either way, and an extract whose real ethnicity
  column is that sparse needs looking at before anything is published. A person who knows
  better can choose the column again on the page: only remembered matches are checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

RELATIVE_FLOOR = 0.5
DECLARED_FLOOR = 0.5


def declared_share(counts: pd.DataFrame | None) -> float | None:
    """The share of staff in post (indicator 1's counts) whose ethnicity is known; None when
    the counts hold no staff."""
    if counts is None or counts.empty:
        return None
    staff = counts[(counts["indicator"] == "WRES1").to_numpy()]
    total = int(staff["numerator"].fillna(0).sum())
    if total == 0:
        return None
    unknown = int(staff.loc[(staff["group"] == "Unknown").to_numpy(), "numerator"].fillna(0).sum())
    return (total - unknown) / total


@dataclass(frozen=True)
class MatchCheck:
    """The verdict on a remembered ethnicity match, with the shares it rests on."""

    refused: bool
    remembered: float | None  # declared share with the remembered match
    automatic: float | None  # with the column found by name; None when there is none
    reason: str  # in words, for the warning; "" when not refused


def _percent(share: float) -> str:
    """To one decimal place at most (2.7%, 95%), so 49.9% never reads as a round half."""
    return f"{100 * share:.1f}".rstrip("0").rstrip(".") + "%"


def may_be_refused(remembered: float | None) -> bool:
    """Whether check_ethnicity_match could refuse this declared share, whatever the other column
    gives (a share is at most 1): if not, there is no need to work the other one out."""
    return remembered is not None and remembered < max(RELATIVE_FLOOR, DECLARED_FLOOR)


def check_ethnicity_match(remembered: float | None, automatic: float | None) -> MatchCheck:
    """Refuse a remembered ethnicity match whose declared share collapses (see the module)."""
    if remembered is None:
        return MatchCheck(False, remembered, automatic, "")
    if automatic is not None:
        if remembered < RELATIVE_FLOOR * automatic:
            reason = (
                f"with it, {_percent(remembered)} of staff have a known ethnicity, against "
                f"{_percent(automatic)} with the column the tool finds by its name"
            )
            return MatchCheck(True, remembered, automatic, reason)
        return MatchCheck(False, remembered, automatic, "")
    if remembered < DECLARED_FLOOR:
        reason = (
            f"with it, only {_percent(remembered)} of staff have a known ethnicity (fewer than "
            "half), so it is very unlikely to be the ethnicity column"
        )
        return MatchCheck(True, remembered, automatic, reason)
    return MatchCheck(False, remembered, automatic, "")
