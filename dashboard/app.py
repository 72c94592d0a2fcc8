"""Streamlit entry point: `streamlit run dashboard/app.py` (or `make run`).

Pages live in dashboard/views/ (not `pages/`, a name Streamlit reserves for its older
multi-page mechanism)."""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # started as a script by `streamlit run`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import importlib
from collections.abc import Callable

import streamlit as st

from dashboard.auth import current_user, sign_in_on, sign_in_page, who_box
from dashboard.state import WORKSPACE_PARAM, current_if_ready, network, waited_for_sample
from dashboard.views.frame import register_pages
from dashboard.views.loading import redraw_when_sample_is_in


def _view(module: str) -> Callable[[], None]:
    """A page whose module is imported when it is first shown, not when the server starts: the
    first page a visitor opens then waits for its own imports only (charts, the comparison of
    trusts and the audit trail bring Altair and more with them)."""

    def render() -> None:
        importlib.import_module(f"dashboard.views.{module}").render()

    render.__name__ = render.__qualname__ = module
    return render


def _restore() -> None:
    """After a reload, the counts the address's workspace last loaded. The store (and SQLAlchemy)
    is imported only when the address names a workspace: a new visitor's first page needs
    neither (tests/dashboard/test_first_page_imports.py)."""
    if st.query_params.get(WORKSPACE_PARAM):
        from dashboard.workspace import restore_loaded

        restore_loaded()


def _data_sidebar() -> None:
    """What the pages show and for which unit, year and standard; while a new server is still
    reading the sample, a note, and the page is drawn again when it is in. The pages' shared
    pieces (pandas, the indicators) are imported once there is data to show."""
    data = current_if_ready()
    if waited_for_sample():  # by the page or just now: one look for the sample per run
        redraw_when_sample_is_in()
    if data is None:
        st.caption(":material/hourglass_top: Loading the fictional sample trust…")
        return
    from dashboard.views.common import current_standard, current_unit, data_notice
    from dashboard.workspace import keep_in_address

    data_notice(data)
    current_unit(data)  # the address keeps the journey's unit and year on every page
    current_standard(data)  # and its standard
    keep_in_address(data)  # and the workspace whose data is shown


st.set_page_config(page_title="InclusiveHR workforce equality", layout="wide")
if sign_in_on() and current_user() is None:
    sign_in_page()  # nothing else: no data pages, no workspace names
    st.stop()
pages = {
    "Start here": [
        st.Page(_view("home"), title="Start here", url_path="start", default=True),
    ],
    "The #InclusiveHR challenge": [
        st.Page(_view("run_data"), title="1. Run the data", url_path="run"),
        st.Page(_view("review"), title="2. Review and analyse", url_path="review"),
        st.Page(
            _view("lived_experience"), title="3. Understand lived experience", url_path="listen"
        ),
        st.Page(_view("plan"), title="4. Identify themes and plan", url_path="plan"),
        st.Page(_view("evaluate"), title="5. Evaluate and share", url_path="evaluate"),
    ],
    "Your data": [
        st.Page(_view("your_data"), title="Use your own data", url_path="data"),
        st.Page(_view("workspace_page"), title="Your workspace", url_path="workspace"),
        st.Page(_view("audit"), title="Audit trail", url_path="audit"),
    ],
    "Networks": [
        st.Page(_view("compare"), title="Compare trusts", url_path="compare"),
        st.Page(_view("casework"), title="Union casework", url_path="casework"),
    ],
    "About": [
        st.Page(_view("methods"), title="Methods", url_path="methods"),
        st.Page(_view("privacy"), title="Privacy", url_path="privacy"),
    ],
}
register_pages(p for section in pages.values() for p in section)
_restore()
page = st.navigation(pages, expanded=True)  # every page listed: no "View 3 more"
notice = st.sidebar.container()  # filled after the page, which may have just loaded new data
page.run()
with notice:
    if page.url_path == "compare":
        from dashboard.views.common import network_notice

        network_notice(network())  # the returns compared, not the single trust's data
    elif page.url_path != "casework":  # the casework page names its own log
        _data_sidebar()
who_box()  # who is signed in, or that everyone shares every workspace
