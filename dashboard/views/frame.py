"""The pieces of a page that need no data: the links between pages and the glossary popover.

Light to import (no pandas, no metrics), so a new server draws its first page and the menu before
the sample trust and the indicator code are loaded (tests/dashboard/test_first_page_imports.py).
dashboard.views.common offers them beside the pieces that do need data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import streamlit as st

from dashboard import glossary

ETHNICITY_TERMS = ("BME", "White")


def glossary_popover(*terms: str, standard: str | None = None) -> None:
    """A "What do these words mean?" button that opens the short definitions of these terms
    (the ethnic groups' for a standard about ethnicity, Disabled and Non-disabled for the WDES,
    the pay gap for pay gaps). No standard: the default one (the WRES)."""
    if standard in ("WDES", "PAYGAP"):  # the standard's own groups in place of the ethnic ones
        own = ("Disabled", "Non-disabled") if standard == "WDES" else ("Pay gap",)
        kept = tuple(t for t in terms if t not in ETHNICITY_TERMS)
        terms = (*own, *kept) if len(kept) < len(terms) or standard == "PAYGAP" else kept
    with st.popover("What do these words mean?"):
        for term in terms or tuple(glossary.TERMS):
            st.markdown(glossary.tooltip(term))
        st.caption("The Methods page (under About) has the full detail.")


_PAGES_KEY = "inclusivehr_pages"


def register_pages(pages: Iterable[Any]) -> None:
    """The app's pages (st.Page objects), so any page can link to another by its url_path."""
    st.session_state[_PAGES_KEY] = {p.url_path: p for p in pages}


def page_for(url_path: str) -> Any | None:
    """The page to hand st.page_link, or None when a page runs on its own (as in tests)."""
    return st.session_state.get(_PAGES_KEY, {}).get(url_path)
