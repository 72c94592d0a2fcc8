"""Which standards the loaded data can feed, and, for the others, what is missing in plain words.

The pages offer every standard beside the unit; one the data cannot feed says which file or
column it needs instead of showing empty figures. Decided from the counts and (when the session
still holds them) the staff rows' columns, never from anything a person typed."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from metrics import reference as ref

WRES, WDES, PAYGAP, MEDICAL = "WRES", "WDES", "PAYGAP", "MEDICAL"
STANDARDS: dict[str, str] = {
    WRES: "WRES (race)",
    WDES: "WDES (disability)",
    PAYGAP: "Pay gaps",
    MEDICAL: "Medical workforce",
}
"""The standards a page can show, in the order offered, with the name a picker shows."""
DEFAULT = WRES
PAY_CHARACTERISTICS = {"sex": "sex_group", "ethnicity": "group", "disability": "disability_group"}


@dataclass(frozen=True)
class Readiness:
    standard: str
    ready: bool
    needs: str = ""  # what file or column would make it ready, in plain words ("" when ready)


def _indicators(counts: pd.DataFrame, prefix: str) -> bool:
    if "indicator" not in counts or counts.empty:
        return False
    return bool(counts["indicator"].astype(str).str.startswith(prefix).any())


def _medical_bands(counts: pd.DataFrame) -> bool:
    """Whether indicator 1's counts hold any doctor (a band of kind "medical" in bands.csv)."""
    if "band" not in counts or counts.empty:
        return False
    medical = {b.lower() for b, spec in ref.bands().items() if spec.kind == "medical"}
    bands = counts.loc[counts["indicator"].astype(str) == "WRES1", "band"].dropna()
    return any(str(b).strip().lower() in medical for b in bands.unique())


def pay_characteristics(staff: pd.DataFrame | None) -> list[str]:
    """The characteristics a pay gap can be worked out for: their group column is in the staff
    rows and the rows carry hourly pay."""
    if staff is None or "hourly_pay" not in staff or not staff["hourly_pay"].notna().any():
        return []
    return [name for name, column in PAY_CHARACTERISTICS.items() if column in staff]


def readiness(counts: pd.DataFrame, staff: pd.DataFrame | None) -> dict[str, Readiness]:
    """Each standard of STANDARDS: ready, or what the data lacks for it."""
    out = {
        WRES: Readiness(WRES, True)
        if _indicators(counts, "WRES")
        else Readiness(WRES, False, "a staff file with an ethnicity column, or a WRES return"),
        WDES: Readiness(WDES, True)
        if _indicators(counts, "WDES")
        else Readiness(
            WDES,
            False,
            "a staff file with a disability column (Yes, No or Not declared), or a WDES return",
        ),
        MEDICAL: Readiness(MEDICAL, True)
        if _medical_bands(counts)
        else Readiness(
            MEDICAL,
            False,
            "a staff file whose pay band or grade column names medical grades "
            "(consultant, specialty doctor, doctor in training)",
        ),
    }
    if pay_characteristics(staff):
        out[PAYGAP] = Readiness(PAYGAP, True)
    elif staff is None:
        out[PAYGAP] = Readiness(
            PAYGAP,
            False,
            "the staff file itself, with an hourly pay column: pay gaps are worked out from its "
            "rows, which are kept only while this browser tab is open (counts alone are not enough)",
        )
    else:
        out[PAYGAP] = Readiness(
            PAYGAP, False, "an hourly pay column in the staff file, and a sex column"
        )
    return {key: out[key] for key in STANDARDS}
