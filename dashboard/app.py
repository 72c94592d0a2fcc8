"""Streamlit entry point: `streamlit run dashboard/app.py` (or `make run`).

Pages live in dashboard/views/ (not `pages/`, a name Streamlit reserves for its older
multi-page mechanism)."""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # started as a script by `streamlit run`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st

from dashboard.state import current
from dashboard.views import (
    compare,
    evaluate,
    lived_experience,
    methods,
    plan,
    privacy,
    review,
    run_data,
    your_data,
)
from dashboard.views.common import data_notice

st.set_page_config(page_title="InclusiveHR workforce equality", layout="wide")
pages = {
    "The #InclusiveHR challenge": [
        st.Page(run_data.render, title="1. Run the data", url_path="run", default=True),
        st.Page(review.render, title="2. Review and analyse", url_path="review"),
        st.Page(lived_experience.render, title="3. Understand lived experience", url_path="listen"),
        st.Page(plan.render, title="4. Identify themes and plan", url_path="plan"),
        st.Page(evaluate.render, title="5. Evaluate and share", url_path="evaluate"),
    ],
    "Your data": [
        st.Page(your_data.render, title="Use your own data", url_path="data"),
    ],
    "Networks": [
        st.Page(compare.render, title="Compare trusts", url_path="compare"),
    ],
    "About": [
        st.Page(methods.render, title="Methods", url_path="methods"),
        st.Page(privacy.render, title="Privacy", url_path="privacy"),
    ],
}
page = st.navigation(pages)
notice = st.sidebar.container()  # filled after the page, which may have just loaded new data
page.run()
with notice:
    data_notice(current())
