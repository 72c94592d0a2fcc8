"""Streamlit entry point: `streamlit run dashboard/app.py` (or `make run`).

Pages live in dashboard/views/ (not `pages/`, a name Streamlit reserves for its older
multi-page mechanism)."""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # started as a script by `streamlit run`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st

from dashboard.views import indicators

st.set_page_config(page_title="InclusiveHR workforce equality", layout="wide")
page = st.navigation(
    [st.Page(indicators.render, title="WRES indicators", url_path="indicators", default=True)]
)
page.run()
