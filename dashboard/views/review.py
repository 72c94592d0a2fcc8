"""Step 2, review and analyse: every indicator with its uncertainty, biggest gaps first."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, glossary
from dashboard.access import EDIT, perform, refusal
from dashboard.markup import md
from dashboard.render import (
    SHORT_LABELS,
    WORSE_WHEN,
    format_ci,
    format_value,
    report_json,
    status_words,
)
from dashboard.state import current, small_unit_size
from dashboard.store import StoreError
from dashboard.views import medical_tables, split
from dashboard.views.common import (
    DISCLOSURE_THRESHOLD,
    FEWER_THAN,
    exact_counts_toggle,
    glossary_popover,
    hide_small_bands,
    needs_more_data,
    page_caption,
    report_for,
    show_chart,
    small_unit_notice,
    standard_picker,
    unit_picker,
)
from dashboard.workspace import mark_done, store, workspace_for
from metrics.standards.results import StandardReport
from metrics.standards.summary import overview, report_characteristic

TERMS = ("BME", "White", "Relative likelihood", "Confidence interval", "Percentage points",
         "Small numbers")  # fmt: skip
HIDDEN = "hidden: too few staff"
# On a phone the table scrolls sideways: the indicator stays in view and the long descriptions
# are kept narrow enough for the figures beside them to show.
TABLE_COLUMNS = {
    "Indicator": st.column_config.TextColumn(pinned=True),
    "What it measures": st.column_config.TextColumn(width="medium"),
    "Worse for BME staff when": st.column_config.TextColumn(width="medium"),
}


BOARD = ("WRES9", "WDES10")  # board membership is public: shown even for a small unit


def _worse_column(report: StandardReport) -> str:
    item = report_characteristic(report)
    return f"Worse for {item.who(item.focus)} when"


def indicator_table(report: StandardReport, whole: StandardReport | None = None, *,
                    hide: bool = False) -> pd.DataFrame:  # fmt: skip
    """One row per indicator in words; `hide` blanks the unit's figures (a unit too small)."""
    rows = []
    worse = _worse_column(report)
    for key, r in report.indicators.items():
        hidden = hide and key not in BOARD
        row = {
            "Indicator": key,
            "What it measures": SHORT_LABELS.get(key, r.label),
            "Value": HIDDEN if hidden else format_value(r),
            "95% confidence interval": HIDDEN if hidden else format_ci(r, missing="–"),
            worse: WORSE_WHEN.get(key, ""),
            "Can the numbers tell?": "no: too few staff" if hidden else status_words(r),
        }
        if whole is not None:
            row["Whole organisation"] = format_value(whole.indicators[key])
        rows.append(row)
    return pd.DataFrame(rows)


def _any_value(report: StandardReport, ids: list[str]) -> bool:
    """Whether a chart of these indicators would draw anything (another standard's chart with
    nothing to draw is left out; the WRES's keeps its place and says why it is empty)."""
    return any(i in report.indicators and report.indicators[i].value is not None for i in ids)


def render() -> None:
    data = current()
    standard = standard_picker(data)
    unit = unit_picker(data)
    mark_done(data, "reviewed")
    st.title("2. Review and analyse")
    page_caption(data, unit, standard.id)
    if needs_more_data(standard):
        return
    if standard.id == "PAYGAP":
        from dashboard.views.pay_gaps import show_pay_gaps

        show_pay_gaps(data, unit)
        return
    glossary_popover(*TERMS, standard=standard.id)
    rolling = st.toggle("Indicator 3 as a two-year rolling average", key="rolling",
                        help="The current and previous year pooled (the dashboard's method).")  # fmt: skip
    report = report_for(data, unit, rolling=rolling, standard=standard.id)
    if report is None:
        return
    whole = None if unit.is_whole else report_for(data, unit, whole=True, rolling=rolling,
                                                  standard=standard.id)  # fmt: skip
    summary = overview(report, min_unit=small_unit_size())
    small = summary.finding == "too_small" and not unit.is_whole
    if small:
        small_unit_notice(unit, summary.headcount or 0, "every figure for the unit except its "
                          "headcount (the whole organisation's figures are shown beside them)")  # fmt: skip
        st.dataframe(
            indicator_table(report, whole, hide=True), hide_index=True, column_config=TABLE_COLUMNS
        )
        return
    exact = exact_counts_toggle()
    shown, dropped = hide_small_bands(report, exact)
    st.subheader("Biggest gaps first")
    summary = overview(shown, min_unit=small_unit_size())
    st.markdown(md(summary.sentence))
    for gap in summary.gaps[:5]:
        st.markdown(f"- **{gap.indicator}**: {md(gap.reading)}")
    st.subheader("All nine indicators" if len(shown.indicators) == 9 else "Every indicator")
    columns = {**TABLE_COLUMNS, _worse_column(shown): TABLE_COLUMNS["Worse for BME staff when"]}
    st.dataframe(indicator_table(shown, whole), hide_index=True, column_config=columns)
    with st.expander("What each figure says"):
        for key, r in shown.indicators.items():
            st.markdown(f"**{key}** {md(r.reading)}")
    st.caption("1.00 means equal likelihood. NHS England's 0.80–1.25 range is a rule of thumb; the "
               "95% confidence interval is the honest test: if it includes 1.00 (or 0 for a gap "
               "in points) the difference could be chance.",
               help=glossary.tooltip("Relative likelihood", "Confidence interval"))  # fmt: skip
    if _any_value(shown, charts.ratio_ids(shown)) or standard.id == "WRES":
        show_chart(charts.likelihood_forest, shown)
    if "WRES1" in shown.indicators or _any_value(shown, ["WDES1"]):
        show_chart(charts.representation_ladder, shown)
    if dropped:
        kind = "cluster" if "WDES1" in shown.indicators else "band"  # the WDES groups bands
        st.caption(f"{dropped} {kind}{'s are' if dropped > 1 else ' is'} not drawn: {FEWER_THAN} "
                   "staff, few enough to point at individuals. Turn on *Show exact counts* to "
                   "see them (not for sharing).")  # fmt: skip
    if _any_value(shown, charts.survey_ids(shown)) and "WRES5" not in shown.indicators:
        show_chart(charts.survey_gaps, shown)
    split.show(data, unit, standard.id, exact)
    if standard.id == "MEDICAL":
        medical_tables.show(data.counts, data.organisation, unit.year, exact, DISCLOSURE_THRESHOLD)
    _snapshot(data, unit, report)
    previous_year = (unit.year - 1) if unit.year else None
    if previous_year in data.years:  # every standard with figures for the year before
        previous = report_for(data, unit, year=previous_year, rolling=rolling,
                              standard=standard.id)  # fmt: skip
        if previous is not None:
            st.subheader(f"Change since {previous_year}")
            show_chart(charts.change_since_last_year, shown, hide_small_bands(previous, exact)[0])


def _snapshot(data, unit, report: StandardReport) -> None:
    ws = workspace_for(data)
    off = refusal(ws, EDIT)
    if st.button(
        "Save these figures as a snapshot",
        disabled=bool(off),
        help=off or "Keeps the counts and results (never row-level records) in the database.",
    ):
        label = f"{report.year or ''} {unit.label}".strip()
        try:
            perform(ws, EDIT, "snapshot saved", lambda: store().save_snapshot(
                ws.id, label, data.counts, report_json(report)), label)  # fmt: skip
        except StoreError as exc:
            st.error(f"Not saved: {md(exc)}")
            return
        st.success(f"Snapshot saved: {md(label)}.")
