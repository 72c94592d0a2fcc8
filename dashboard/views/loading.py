"""What a page shows while a new server is still reading the sample trust, and the redraw once
it is in: the page and the menu are drawn first, the figures follow (issue 12's first paint)."""

from __future__ import annotations

import streamlit as st

from dashboard import state

POLL_SECONDS = 0.25  # how often the waiting note looks for the sample: a redraw this soon after


@st.fragment(run_every=POLL_SECONDS)
def wait_for_sample(note: str) -> None:
    """A note in place of the figures, which redraws the whole page when the sample is in."""
    if state.sample_finished():
        st.rerun()  # the whole page, now with the figures (or the loading error)
    st.caption(f":material/hourglass_top: {note}")
