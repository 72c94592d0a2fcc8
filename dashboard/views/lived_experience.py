"""Step 3, understand lived experience: the staff-survey gaps, and what colleagues say."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.state import current
from dashboard.store import StoreError
from dashboard.views.common import report_for, show_chart, unit_picker
from dashboard.workspace import store, workspace_for

SOURCES = ["Listening event", "Staff network", "Survey comments", "Exit interview",
           "Freedom to Speak Up", "Other"]  # fmt: skip


def render() -> None:
    data = current()
    unit = unit_picker(data)
    st.title("3. Understand lived experience")
    report = report_for(data, unit)
    if report is not None:
        show_chart(charts.survey_gaps, report)
    st.subheader("Themes from listening")
    st.warning("Do not enter names or anything that could identify a person. Record themes, "
               "not individuals.")  # fmt: skip
    db, ws = store(), workspace_for(data)
    with st.form("theme", clear_on_submit=True):
        text = st.text_area("What did colleagues describe?")
        tags = st.text_input("Tags (comma separated)", placeholder="progression, bullying")
        source = st.selectbox("Where it came from", SOURCES)
        heard = st.date_input("When", value=date.today())
        if st.form_submit_button("Add theme"):
            try:
                db.add_theme(ws.id, text, [t.strip() for t in tags.split(",") if t.strip()],
                             source, heard)  # fmt: skip
                st.success("Theme added.")
            except StoreError as exc:
                st.error(str(exc))
    themes = db.themes(ws.id)
    if themes:
        st.dataframe(pd.DataFrame([{"Theme": t.text, "Tags": ", ".join(t.tags), "Source": t.source,
                                    "Date": t.on} for t in themes]), hide_index=True)  # fmt: skip
    else:
        st.caption("No themes recorded yet.")
