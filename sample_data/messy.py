"""The 2025 staff in post re-exported the way an ESR report often arrives: messy on purpose.

Same people as the clean 2025 staff table, but one row per assignment (a few hundred people hold
a second, smaller assignment, often on the bank), title rows above the header, header names with
stray spaces and odd case, ethnicity written in a dozen ways (full ESR labels, bare codes, local
two-character sub-codes, plain words, several spellings of "not stated"), and pay bands in
several spellings ("Band 8A", "AfC Band 6", "Band 8 - Range B"). Every value stays recognisable.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data import reference as ref
from sample_data.rand import choose, rng_for

TITLE_ROWS = (
    (ref.TRUST_NAME,),
    ("Staff in Post at 31/03/2025 - Report run 02/04/2025 - Basic Hourly Rate in £ (GBP)",),
    (),
)
HEADER = (
    " Employee Number ",
    "Assignment Number",
    "Ethnic Origin ",
    "Payscale",
    "STAFF GROUP",
    "Org L3",
    "org l4",
    "gender",
    "Disabled Flag ",
    "Assignment Category",
    "Age Band",
    "Religious Belief",
    "Sexual Orientation",
    "Contracted WTE",
    "Basic Hourly Rate",
)
SECOND_ASSIGNMENTS = 320

# Plain-word spellings and ESR local sub-codes (read by their first character).
PLAIN = {
    "A": "White British",
    "B": "White - Irish",
    "C": "White - Other",
    "D": "White and Black Caribbean",
    "E": "White and Black African",
    "F": "White and Asian",
    "G": "Mixed - Other",
    "H": "Indian",
    "J": "Pakistani",
    "K": "Bangladeshi",
    "L": "Other Asian",
    "M": "Black Caribbean",
    "N": "Black African",
    "P": "Black - Other",
    "R": "Chinese",
    "S": "Other ethnic group",
}
SUB_CODES = {"C": ("CA", "CP", "CY"), "L": ("LH", "LK", "LB"), "P": ("PD", "PC")}
UNKNOWN_FORMS = {"Z Not Stated": 40, "99": 15, "": 15, "Unspecified": 15, "Prefer not to say": 15}
STYLE = {"label": 70, "code": 10, "plain": 10, "sub": 6, "shout": 4}


def messy_ethnicity(rng, codes: np.ndarray) -> np.ndarray:
    """One messy spelling per person, chosen at random among recognisable forms."""
    n = len(codes)
    style = choose(rng, STYLE, n)
    unknown_form = choose(rng, UNKNOWN_FORMS, n)
    out = np.empty(n, dtype=object)
    for i, (code, how) in enumerate(zip(codes, style, strict=True)):
        if code == "Z":
            out[i] = unknown_form[i]
        elif how == "code":
            out[i] = code
        elif how == "plain":
            out[i] = PLAIN[code]
        elif how == "sub" and code in SUB_CODES:
            options = SUB_CODES[code]
            out[i] = options[int(rng.integers(len(options)))]
        elif how == "shout":
            out[i] = ref.ETHNICITY_LABELS[code].upper() + " "
        else:
            out[i] = ref.ETHNICITY_LABELS[code]
    return out


def messy_band(rng, bands: pd.Series) -> np.ndarray:
    """Pay bands in ESR-ish spellings; medical grades and VSM as they are."""
    out = bands.to_numpy(dtype=object).copy()
    roll = rng.random(len(out))
    for i, band in enumerate(out):
        if not band.startswith("Band "):
            continue
        number = band[5:]
        if len(number) == 2:  # 8a..8d
            letter = number[1]
            forms = (
                band,
                f"Band 8{letter.upper()}",
                f"Band 8 - Range {letter.upper()}",
                f"AfC Band 8{letter}",
            )
        else:
            forms = (band, band, band, f"AfC Band {number}")
        out[i] = forms[min(3, int(roll[i] * 4))]
    return out


def _second_assignments(rng, staff: pd.DataFrame) -> pd.DataFrame:
    """A second, smaller assignment (often bank) for some people with a substantive post."""
    eligible = staff.loc[
        staff["Assignment Category"].ne("Bank") & staff["FTE"].ge(0.5) & staff["Pay Band"].ne("VSM")
    ]
    picked = eligible.iloc[np.sort(rng.choice(len(eligible), SECOND_ASSIGNMENTS, replace=False))]
    second = picked.copy()
    second["Assignment Number"] = second["Employee Number"] + "-2"
    bank = rng.random(len(second)) < 0.55
    second["Assignment Category"] = np.where(bank, "Bank", "Permanent")
    small = np.asarray([0.13, 0.2, 0.27, 0.4])[rng.integers(0, 4, len(second))]
    second["FTE"] = np.where(bank, 0.0, np.minimum(small, second["FTE"].to_numpy() - 0.1))
    second["FTE"] = second["FTE"].round(2)
    return second


def esr_extract(clean_staff_2025: pd.DataFrame, seed: int) -> tuple[list[str], list[list]]:
    """Header and rows (title rows not included) of the messy 2025 extract."""
    rng = rng_for(seed, "messy-esr")
    staff = clean_staff_2025.reset_index(drop=True)
    codes = staff["Ethnicity"].str[0].to_numpy()
    staff["Ethnicity"] = messy_ethnicity(rng, codes)
    pick = rng.integers(0, 1_000, len(staff))
    staff["Org L4"] = [
        ref.SUB_DEPARTMENTS[d][k % len(ref.SUB_DEPARTMENTS[d])]
        for d, k in zip(staff["Directorate"], pick, strict=True)
    ]
    rows = pd.concat([staff, _second_assignments(rng, staff)], ignore_index=True)
    rows["Pay Band"] = messy_band(rng, rows["Pay Band"])
    rows = rows.sort_values(["Directorate", "Org L4", "Employee Number", "Assignment Number"])
    columns = [
        "Employee Number",
        "Assignment Number",
        "Ethnicity",
        "Pay Band",
        "Staff Group",
        "Directorate",
        "Org L4",
        "Sex",
        "Disability",
        "Assignment Category",
        "Age Band",
        "Religion",
        "Sexual Orientation",
        "FTE",
        "Hourly Pay",
    ]
    body = [list(r) for r in zip(*(rows[c].tolist() for c in columns), strict=True)]
    for r in body:
        r[0] = int(r[0])  # ESR exports the employee number as a number
        r[2] = r[2] or None  # a blank ethnicity is an empty cell
    return list(HEADER), body
