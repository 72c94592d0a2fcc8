"""Step 5, evaluate and share: baseline against latest, targets judged with their uncertainty,
and a short summary whose figures pass disclosure control."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.pack import FORMATS, Pack, build_file, pack_for
from dashboard.state import current
from dashboard.views.common import Unit, report_for, show_chart
from dashboard.workspace import store, workspace_for
from metrics.evaluation import baseline_and_latest, check_target, shareable_summary

PACK_LEVELS = {
    "publication": "A public board paper (disclosure control on)",
    "internal": "Internal use (exact counts, marked Not for publication)",
}
PACK_NAMES = {"pptx": "PowerPoint", "pdf": "PDF", "xlsx": "Excel workbook"}


def render() -> None:
    data = current()
    st.title("5. Evaluate and share")
    years = data.years
    if not years:
        st.info("The data has no years, so there is nothing to compare yet.")
        return
    whole = Unit(year=years[-1])
    latest = report_for(data, whole)
    baseline = report_for(data, whole, year=years[0])
    if latest is None or baseline is None:
        return
    st.subheader(f"Baseline {years[0]} against latest {years[-1]}")
    st.dataframe(baseline_and_latest(baseline, latest).round(2), hide_index=True)
    if len(years) > 1:
        show_chart(charts.change_since_last_year, latest, baseline)
    st.subheader("Actions and their targets")
    actions = store().actions(workspace_for(data).id)
    rows = []
    for action in actions:
        check = None
        if action.indicator and action.target_value is not None:
            check = check_target(latest.indicators[action.indicator], action.target_value)
        rows.append({"Action": action.title, "Indicator": action.indicator, "Target": action.target_value,
                     "By": action.target_year, "Status": action.status,
                     "Target reached?": check.verdict if check else "no target set",
                     "Why": check.explanation if check else ""})  # fmt: skip
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    else:
        st.caption("No actions yet: add them in step 4.")
    st.subheader("Share the work (#InclusiveHR)")
    st.caption("Counts 1-7 are withheld and others rounded to the nearest 5 before anything is "
               "published; figures resting on a withheld count are left out.")  # fmt: skip
    summary = shareable_summary(data.counts, latest)
    text = "\n\n".join(summary.lines)
    st.text_area("Summary to share", text, height=260)
    st.download_button("Download the summary", text, file_name="inclusivehr-summary.txt")
    with st.expander("What disclosure control changed"):
        st.dataframe(summary.audit, hide_index=True)
    _board_pack(data, actions, years[-1])


@st.cache_data(show_spinner="Preparing the board pack…", max_entries=16)
def _pack(counts, organisation, year, actions, level, notes) -> Pack:
    return pack_for(counts, organisation=organisation, year=year, actions=actions, level=level,
                    notes=notes)  # fmt: skip


def _board_pack(data, actions, year: int) -> None:
    """The board pack: a preview of its headline slide, and files built only when clicked."""
    st.subheader("Board pack")
    st.caption("The WRES results and the action plan for a board meeting: title, the three largest "
               "gaps, every indicator with its chart, change since last year, the plan, methods, "
               "and an appendix of every hidden or rounded figure.")  # fmt: skip
    if not st.toggle("Prepare the board pack", key="pack_on",
                     help="Takes about a second; the files themselves are built when you click "
                          "a download."):  # fmt: skip
        return
    level = st.radio(
        "Who is it for?", list(PACK_LEVELS), format_func=PACK_LEVELS.get, key="pack_level",
        horizontal=True,
    )  # fmt: skip
    pack = _pack(data.counts, data.organisation, year, tuple(actions), level, tuple(data.notes))
    if pack.marking:
        st.warning(f"{pack.marking}: exact counts, small numbers included.")
    with st.container(border=True):
        st.caption("Preview of the headline slide")
        st.markdown(f"**{pack.headline.title}**")
        for line in pack.headline.lines:
            st.markdown(f"- {line}")
    columns = st.columns(len(FORMATS))
    for column, (fmt, mime) in zip(columns, FORMATS.items(), strict=True):
        column.download_button(
            f"Download as {PACK_NAMES[fmt]}", data=partial(build_file, pack, fmt),
            file_name=f"{pack.file_stem}.{fmt}", mime=mime, key=f"pack_{fmt}", on_click="ignore",
        )  # fmt: skip
