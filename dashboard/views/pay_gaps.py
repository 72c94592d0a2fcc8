"""Pay gaps on a page: the six statutory figures for the chosen unit and characteristic, in plain
words (which way is worse), who is in each quarter of the pay range, and the figures by pay scheme
and band, with the statistics one click away.

Worked out from the staff rows held in this session only (metrics.standards.paygap); what is
kept between reruns is the result, never the rows. Groups of 1 to 7 people read "fewer than 8"
unless "Show exact counts" is on."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.markup import md
from dashboard.pay_charts import pay_quartiles, quartile_table
from dashboard.state import DataSet
from dashboard.views.common import (
    DISCLOSURE_THRESHOLD,
    FEWER_THAN,
    Unit,
    exact_counts_toggle,
    show_chart,
    small_unit_notice,
    too_small,
)
from metrics.counts.characteristics import characteristic
from metrics.problems import InputError
from metrics.standards.paygap import PayFigures, PayGap, pay_gap
from metrics.standards.profile import unit_rows
from metrics.standards.readiness import pay_characteristics

_MEMO = "inclusivehr_pay_gaps"  # results only, never staff rows
BY_WORDS = {"sex": "Sex (the gender pay gap)", "ethnicity": "Ethnicity", "disability": "Disability"}


def _result(data: DataSet, unit: Unit, by: str) -> tuple[PayGap | None, int]:
    """The pay gap for the unit and the unit's headcount, kept for the session per choice."""
    staff, memo = st.session_state.get(_MEMO, (None, {}))
    if staff is not data.staff:
        memo = {}
        st.session_state[_MEMO] = (data.staff, memo)
    key = (unit.key, unit.year, by)
    if key not in memo:
        rows = unit_rows(data.staff, year=unit.year, directorate=unit.directorate,
                         staff_group=unit.staff_group, band_group=unit.band_group)  # fmt: skip
        try:
            result = pay_gap(rows, by, year=unit.year) if len(rows) else None
        except InputError as exc:
            st.warning(md(exc.problems[0].sentence()))
            result = None
        if len(memo) >= 16:
            memo.clear()
        memo[key] = (result, len(rows))
    return memo[key]


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def _gap_words(value: float | None, focus: str) -> str | None:
    if value is None:
        return None
    if value > 0:
        return f"{focus} paid less"
    return f"{focus} paid more" if value < 0 else "no gap"


def _count(n: int, exact: bool) -> str:
    return f"{n:,}" if exact or n == 0 or n > DISCLOSURE_THRESHOLD else FEWER_THAN


def _figure_rows(name: str, figures: PayFigures, result: PayGap, exact: bool) -> dict:
    row = {name: ""}
    for g in (result.reference, result.focus):
        row[f"{g} staff"] = _count(figures.hourly_employees.get(g, 0), exact)
    row |= {
        "Median hourly gap": _percent(figures.median_hourly_gap_percent),
        "Mean hourly gap": _percent(figures.mean_hourly_gap_percent),
        "Can the numbers tell?": {"ok": "yes", "small_numbers": "small numbers: read with care",
                                  "no_data": "no staff", "not_computable": "no"}.get(
            figures.status, figures.status.replace("_", " ")),
    }  # fmt: skip
    return row


def _table(name: str, parts: list[tuple[str, PayFigures]], result: PayGap, exact: bool):
    """Parts too small to show without exact counts keep their row with the gap hidden."""
    rows = []
    for label, figures in parts:
        row = _figure_rows(name, figures, result, exact)
        row[name] = label
        small = min(figures.hourly_employees.get(g, 0) for g in (result.reference, result.focus))
        if not exact and 0 < small <= DISCLOSURE_THRESHOLD:
            row["Median hourly gap"] = row["Mean hourly gap"] = f"hidden: {FEWER_THAN} staff"
        rows.append(row)
    return pd.DataFrame(rows)


def show_pay_gaps(data: DataSet, unit: Unit) -> None:
    """The pay-gap part of a page; the standard picker has already said the data can feed it."""
    available = pay_characteristics(data.staff)
    by = st.radio("Pay gap by", available, key="paygap_by", format_func=BY_WORDS.get,
                  horizontal=True)  # fmt: skip
    by = by if by in available else available[0]
    trait = characteristic(by)
    result, headcount = _result(data, unit, by)
    if not unit.is_whole and too_small(headcount):
        small_unit_notice(unit, headcount, "every pay-gap figure")
        return
    if result is None:
        st.info("There is nobody in this unit and year to compare pay for.")
        return
    figures = result.overall
    focus, reference = trait.who(result.focus), trait.who(result.reference)
    exact = exact_counts_toggle()
    st.subheader("The six figures")
    st.markdown(md(result.notes[0]))
    if figures.status == "small_numbers":
        st.warning(f"One of the groups compared has {DISCLOSURE_THRESHOLD} people or fewer: the "
                   "figures rest on very few people and could point at individuals.")  # fmt: skip
    worse = f"Above 0: {focus} are paid less than {reference} (worse for them)."
    hourly = (("Median hourly pay gap", figures.median_hourly_gap_percent),
              ("Mean hourly pay gap", figures.mean_hourly_gap_percent))  # fmt: skip
    bonus = (("Median bonus gap", figures.median_bonus_gap_percent),
             ("Mean bonus gap", figures.mean_bonus_gap_percent))  # fmt: skip
    rows = [(hourly, result.focus)]
    if figures.bonus_paid:
        rows.append((bonus, result.reference))
    for gaps, group in rows:
        cols = st.columns(3)
        for col, (label, value) in zip(cols, gaps, strict=False):
            col.metric(label, _percent(value), help=worse)
            words = _gap_words(value, focus)
            if words:
                col.caption(md(words))
        if figures.bonus_paid:
            cols[2].metric(f"{trait.who(group).capitalize()} paid a bonus",
                           _percent(figures.bonus_percent.get(group)),
                           help=f"The share of all {trait.who(group)} in the figures who were "
                           "paid a bonus.")  # fmt: skip
    if not figures.bonus_paid:
        st.caption("The staff file has no bonus column, so the four bonus figures (the bonus "
                   "gaps and each group's share paid a bonus) are not worked out.")  # fmt: skip
    st.subheader("Who is in each quarter of the pay range")
    show_chart(pay_quartiles, quartile_table(figures.quartiles, (result.reference, result.focus)),
               f"{trait.label.capitalize()} by quarter of hourly pay")  # fmt: skip
    if result.by_pay_scheme:
        st.subheader("By pay scheme")
        st.dataframe(_table("Pay scheme", list(result.by_pay_scheme.items()), result, exact),
                     hide_index=True)  # fmt: skip
    with st.expander("By pay band"):
        st.dataframe(_table("Band", list(result.by_band), result, exact), hide_index=True)
    with st.expander("How these are worked out"):
        intervals = figures.hourly_gap_intervals
        for name, found in (("median", intervals.median), ("mean", intervals.mean)):
            if found is not None:
                st.markdown(f"95% interval for the {name} hourly gap: {found.lower:.1f}% to "
                            f"{found.upper:.1f}% ({md(found.method)}).")  # fmt: skip
        st.markdown("Gaps are (reference − focus) ÷ reference × 100, per person (never weighted "
                    "by hours), over full-pay relevant staff; bonus gaps over those paid a bonus; "
                    "quarters of equal headcount by hourly pay, ties shared out evenly.")  # fmt: skip
        for note in result.notes[1:]:
            st.markdown(f"- {md(note)}")
