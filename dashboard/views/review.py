"""Step 2, review and analyse: every indicator with its uncertainty, biggest gaps first."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.render import SHORT_LABELS, format_ci, format_value, report_json
from dashboard.state import current
from dashboard.views.common import report_for, show_chart, unit_picker
from dashboard.workspace import store, workspace_for
from metrics.summary import biggest_gaps


def indicator_table(report, whole=None) -> pd.DataFrame:
    rows = []
    for key, r in report.indicators.items():
        row = {
            "Indicator": key,
            "What it measures": SHORT_LABELS[key],
            "Value": format_value(r),
            "95% confidence interval": format_ci(r),
            "Status": r.status.replace("_", " "),
        }
        if whole is not None:
            row["Whole organisation"] = format_value(whole.indicators[key])
        rows.append(row)
    return pd.DataFrame(rows)


def render() -> None:
    data = current()
    unit = unit_picker(data)
    st.title("2. Review and analyse")
    st.caption(f"{data.organisation or 'Your organisation'}, {unit.year or ''}: {unit.label}")
    rolling = st.toggle("Indicator 3 as a two-year rolling average", key="rolling",
                        help="The current and previous year pooled (the dashboard's method).")  # fmt: skip
    report = report_for(data, unit, rolling=rolling)
    if report is None:
        return
    whole = None if unit.is_whole else report_for(data, unit, whole=True, rolling=rolling)
    st.subheader("Biggest gaps first")
    gaps = biggest_gaps(report)
    if gaps:
        for gap in gaps[:5]:
            st.markdown(f"- **{gap.indicator}**: {gap.reading}")
    else:
        st.write("No indicator shows BME staff faring worse beyond what chance could explain.")
    st.subheader("All nine indicators")
    st.dataframe(indicator_table(report, whole), hide_index=True)
    with st.expander("What each figure says"):
        for key, r in report.indicators.items():
            st.markdown(f"**{key}** {r.reading}")
    st.caption("1.00 means equal likelihood; the 0.80–1.25 range is a rule of thumb, the 95% "
               "confidence interval is the honest test.")  # fmt: skip
    show_chart(charts.likelihood_forest, report)
    show_chart(charts.representation_ladder, report)
    if st.button(
        "Save these figures as a snapshot",
        help="Keeps the counts and results (never row-level records) in the database.",
    ):
        label = f"{report.year or ''} {unit.label}".strip()
        store().save_snapshot(workspace_for(data).id, label, data.counts, report_json(report))
        st.success(f"Snapshot saved: {label}.")
    previous_year = (unit.year - 1) if unit.year else None
    if previous_year in data.years:
        previous = report_for(data, unit, year=previous_year, rolling=rolling)
        if previous is not None:
            st.subheader(f"Change since {previous_year}")
            show_chart(charts.change_since_last_year, report, previous)
