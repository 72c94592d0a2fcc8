"""First page: the sample trust (or a chosen year) with its WRES indicator table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.render import SHORT_LABELS, format_ci, format_value
from dashboard.sample import SAMPLE_TRUST_WORKBOOK
from metrics.indicators import wres
from metrics.pipeline import Sources, load
from metrics.problems import InputError


@st.cache_data(show_spinner="Loading the sample trust…")
def _sample_counts(path: str) -> tuple[pd.DataFrame, list[str]]:
    """Only counts are cached: row-level records are dropped as soon as they are reduced."""
    result = load(Sources(workbook=Path(path)))
    if result.errors:
        raise InputError(result.errors)
    return result.counts, result.notes


def indicator_table(report) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Indicator": key,
                "What it measures": SHORT_LABELS[key],
                "Value": format_value(r),
                "95% confidence interval": format_ci(r),
                "Status": r.status.replace("_", " "),
                "What it says": r.reading,
            }
            for key, r in report.indicators.items()
        ]
    )


def band_table(report) -> pd.DataFrame:
    side = {True: "clinical", False: "non-clinical", None: "unknown"}
    return pd.DataFrame(
        [
            {
                "Band": p.breakdown["band"],
                "Side": side[p.breakdown["clinical"]],
                "Headcount": int(p.extra["headcount"]),
                "White %": round(100 * (p.groups["White"].rate or 0), 1),
                "BME %": round(100 * (p.groups["BME"].rate or 0), 1),
                "Unknown %": round(100 * (p.groups["Unknown"].rate or 0), 1),
                "Gap (points)": round(p.extra["gap_percentage_points"], 1),
                "More BME staff to match": int(p.extra["bme_needed"]),
            }
            for p in report.indicators["WRES1"].parts
        ]
    )


def render() -> None:
    st.title("Workforce Race Equality Standard")
    st.caption(
        "Fictional sample trust: Northbrook Valley NHS Foundation Trust. "
        "Uploading your own data arrives with the full dashboard."
    )
    try:
        counts, notes = _sample_counts(str(SAMPLE_TRUST_WORKBOOK))
    except InputError as exc:
        st.error("The sample data could not be loaded: " + exc.problems[0].sentence())
        return
    years = sorted(int(y) for y in counts["year"].dropna().unique())
    year = st.selectbox("WRES year", years, index=len(years) - 1) if years else None
    report = wres(counts, year=year)
    st.subheader(f"The nine indicators, {report.year}")
    st.dataframe(indicator_table(report), hide_index=True, width="stretch")
    st.caption(
        "1.00 means equal likelihood. The 0.80–1.25 range is a rule of thumb; the 95% "
        "confidence interval is the honest test."
    )
    st.subheader("Indicator 1: representation by band")
    st.dataframe(band_table(report), hide_index=True, width="stretch")
    with st.expander("Data quality"):
        for d in report.declaration:
            if d.declared_percent is not None:
                st.write(
                    f"{d.source}: ethnicity declared for {d.declared_percent:.1f}% of "
                    f"{d.records:,} records"
                )
        for note in notes:
            st.write(note)
