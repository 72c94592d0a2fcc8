"""The medical workforce's grade and leadership-role tables on the pages: each row's BME share
beside all doctors', in plain words.

Why: the Medical WRES asks how BME doctors are spread across grades and how many lead; the
tables come from the session's counts (`metrics.standards.medical.view`, MED-GRADE / MED-ROLE
rows), never from staff rows. Counts of 1 to 7 read "fewer than 8" unless exact counts are asked
for, with enough other cells hidden that none can be worked back (as step 1's other tables)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.markup import md
from metrics.disclosure.control import TOTAL, DisclosureSettings, protect_table
from metrics.problems import InputError
from metrics.standards.medical import GRADE_INDICATOR, ShareRow, overall, view

FOCUS, REST = "BME", "Not BME"  # the share shown, and everyone else in the row (Unknown included)
HIDDEN = "hidden (would reveal a smaller group)"


def _hidden(rows: tuple[ShareRow, ...], threshold: int) -> pd.DataFrame:
    """Which of each row's BME count, its other doctors and its headcount to hide: 1..threshold,
    plus enough others that none can be worked back from the totals (no rounding: an internal
    view keeps exact figures)."""
    cells = pd.DataFrame(
        {FOCUS: [r.counts.get(FOCUS, 0) for r in rows],
         REST: [r.headcount - r.counts.get(FOCUS, 0) for r in rows]},
        index=pd.Index([r.label for r in rows], name="row"),
    )  # fmt: skip
    cells.columns.name = "column"
    settings = DisclosureSettings(threshold=threshold, rounding_base=1)
    return protect_table(cells, "medical", settings).suppressed


def _count(n: int, hidden: bool, threshold: int) -> str:
    if not hidden:
        return f"{n:,}"
    return f"fewer than {threshold + 1}" if 1 <= n <= threshold else HIDDEN


def share_table(rows: tuple[ShareRow, ...], what: str, *, exact: bool,
                threshold: int) -> pd.DataFrame:  # fmt: skip
    """One line per grade (or role) and one for all doctors: doctors, BME doctors, the BME share
    (Unknown ethnicity in the denominator, as in WRES1) and its difference from all doctors'
    share in points, in words. Unless `exact`, a small count and every figure resting on it is
    hidden."""
    everyone = overall(rows)
    base = everyone.share(FOCUS)
    mask = None if exact else _hidden(rows, threshold)
    out = []
    for row in (*rows, everyone):
        key = TOTAL if row is everyone else row.label
        hide_bme = mask is not None and bool(mask.loc[key, FOCUS])
        hide_all = mask is not None and bool(mask.loc[key, TOTAL])
        share = None if hide_bme or hide_all else row.share(FOCUS)
        if share is None or base is None or row is everyone:
            against = "" if row is everyone or share is not None else "not shown"
        else:
            points = share - base
            words = "higher than" if points > 0.05 else "lower than" if points < -0.05 else "as"
            against = f"{points:+.1f} points ({words} all doctors)"
        # the share and its comparison first: a phone shows them without scrolling sideways
        out.append({what: row.label, "BME share": "" if share is None else f"{share:.1f}%",
                    "Against all doctors": against,
                    "Doctors": _count(row.headcount, hide_all, threshold),
                    "BME doctors": _count(row.counts.get(FOCUS, 0), hide_bme, threshold)})  # fmt: skip
    return pd.DataFrame(out)


def show(counts: pd.DataFrame, organisation: str | None, year: int | None, exact: bool,
         threshold: int) -> None:  # fmt: skip
    """The grade table and, when the staff file had role titles, the leadership-role table, for
    the whole organisation; a sentence when the counts hold no medical rows."""
    if counts is None or not (counts["indicator"] == GRADE_INDICATOR).any():
        st.info("Doctors by grade and by leadership role need the staff file with its Grade and "
                "Staff Group columns (and a Position Title column for the roles): load it on "
                "*Use your own data*.")  # fmt: skip
        return
    try:
        tables = view(counts, organisation=organisation, year=year)
    except InputError as exc:
        st.warning(md(exc.problems[0].sentence()))
        return
    st.caption("The whole organisation's doctors (bank staff left out). A BME share below all "
               "doctors' means BME doctors are under-represented in that grade or role; "
               "unknown ethnicity counts in every share.")  # fmt: skip
    for rows, what, title in ((tables.grades, "Grade", "Doctors by grade"),
                              (tables.roles, "Role", "Doctors in leadership roles")):  # fmt: skip
        if not rows:
            continue
        st.subheader(title)
        st.dataframe(share_table(rows, what, exact=exact, threshold=threshold), hide_index=True)
    if not tables.roles:
        st.caption("No leadership roles: the staff file has no position title column.")
