"""The redraw of a page drawn while a new server was still reading the sample trust: the page
and the menu are drawn first, the figures follow (issue 12's first paint)."""

from __future__ import annotations

import streamlit as st

from dashboard import state

# How often a page drawn without the sample looks for it: the redraw comes this soon after, and
# each look is a short run of the app that competes with the reading itself.
POLL_SECONDS = 0.5


@st.fragment(run_every=POLL_SECONDS)
def redraw_when_sample_is_in() -> None:
    """Nothing on screen; reruns the whole app once the sample is in (or failed to load, which
    the rerun then reports). One per run of the app, so the looks do not add up."""
    if state.sample_finished():
        st.rerun()
