"""Step 1, run the data: who works here, in the chosen unit beside the whole organisation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.state import current
from dashboard.views.common import report_for, unit_picker
from metrics.profile import breakdown, by_group5, ethnicity_profile, unit_rows

PROFILE_FIELDS = {"sex": "Sex", "disability": "Disability", "age_band": "Age band"}


def _side_by_side(unit_table: pd.DataFrame, whole_table: pd.DataFrame, key: str) -> pd.DataFrame:
    # the whole organisation has every value the unit has, in the order its table gives
    merged = whole_table.merge(unit_table, on=key, how="left", suffixes=(" (whole)", " (unit)"))
    order = [key] + [c for c in merged.columns if c.endswith("(unit)")]
    order += [c for c in merged.columns if c.endswith("(whole)")]
    return merged[order].fillna(0).round(1)


def render() -> None:
    data = current()
    unit = unit_picker(data)
    st.title("1. Run the data")
    st.caption(f"{data.organisation or 'Your organisation'}, {unit.year or ''}: {unit.label}")
    report = report_for(data, unit)
    whole = report_for(data, unit, whole=True)
    if report is None or whole is None:
        return
    w1, w1_whole = report.indicators["WRES1"], whole.indicators["WRES1"]
    cols = st.columns(3)
    cols[0].metric("Headcount", f"{int(w1.extra.get('headcount') or 0):,}",
                   help="Staff in post on the snapshot date; bank staff excluded; one per person.")  # fmt: skip
    if w1.value is not None:
        delta = w1.value - (w1_whole.value or 0)
        cols[1].metric("BME share", f"{w1.value:.1f}%",
                       delta=None if unit.is_whole else f"{delta:+.1f} points vs whole organisation",
                       delta_color="off")  # fmt: skip
        unknown = 100 * (w1.groups["Unknown"].rate or 0)
        cols[2].metric("Ethnicity declared", f"{100 - unknown:.1f}%")
    if data.staff is None:
        st.info(
            "This data came as counts, so the detailed profile (sex, disability, age) is not available."
        )
        return
    rows = unit_rows(
        data.staff, year=unit.year, directorate=unit.directorate, staff_group=unit.staff_group
    )
    all_rows = unit_rows(data.staff, year=unit.year)
    st.subheader("Ethnicity")
    five = _side_by_side(
        by_group5(ethnicity_profile(rows)), by_group5(ethnicity_profile(all_rows)), "group5"
    )
    st.dataframe(five.rename(columns={"group5": "Ethnic group"}), hide_index=True)
    for column, title in PROFILE_FIELDS.items():
        if column not in rows:
            continue
        st.subheader(title)
        st.dataframe(_side_by_side(breakdown(rows, column), breakdown(all_rows, column), column)
                     .rename(columns={column: title}), hide_index=True)  # fmt: skip
    with st.expander("Data quality"):
        for d in report.declaration:
            if d.declared_percent is not None:
                st.write(
                    f"{d.source}: ethnicity declared for {d.declared_percent:.1f}% of {d.records:,} records"
                )
        for note in data.notes:
            st.write(note)
        if data.warnings:
            st.dataframe(pd.DataFrame([p.model_dump() for p in data.warnings]), hide_index=True)
