"""Pieces every page shares: the unit picker, report building, chart display, messages."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.charts import Chart, for_streamlit
from dashboard.state import DataSet
from metrics.indicators import wres
from metrics.problems import InputError
from metrics.results import WresReport


@dataclass(frozen=True)
class Unit:
    year: int | None
    directorate: str | None = None
    staff_group: str | None = None

    @property
    def is_whole(self) -> bool:
        return not (self.directorate or self.staff_group)

    @property
    def label(self) -> str:
        parts = [p for p in (self.directorate, self.staff_group) if p]
        return " / ".join(parts) if parts else "whole organisation"

    def as_dict(self) -> dict[str, str | None]:
        return {"directorate": self.directorate, "staff_group": self.staff_group}


def data_notice(data: DataSet) -> None:
    """What every page is showing, and that uploaded files last only as long as the tab."""
    st.caption(data.label)
    if data.is_sample:
        st.caption("Everyone here is fictional. Load your own files on *Use your own data*.")
    else:
        st.caption("Your files are held in this browser tab only: reloading or closing it "
                   "returns to the sample. Themes, actions and snapshots are saved.")  # fmt: skip


def unit_picker(data: DataSet) -> Unit:
    """Year and unit in the sidebar; the choice follows the user from page to page."""
    with st.sidebar:
        years = data.years
        year = (
            st.selectbox("WRES year", years, index=len(years) - 1, key="unit_year")
            if years
            else None
        )
        kind = st.radio("Look at", ["Whole organisation", "A directorate", "A staff group"],
                        key="unit_kind")  # fmt: skip
        directorate = staff_group = None
        if kind == "A directorate":
            options = data.units("directorate")
            default = options.index("HR & OD") if "HR & OD" in options else 0
            directorate = (
                st.selectbox("Directorate", options, index=default, key="unit_dir")
                if options
                else None
            )
        elif kind == "A staff group":
            options = data.units("staff_group")
            staff_group = (
                st.selectbox("Staff group", options, key="unit_group") if options else None
            )
    return Unit(year=year, directorate=directorate, staff_group=staff_group)


@st.cache_data(show_spinner=False, max_entries=64)
def _report(
    counts, organisation: str | None, year: int | None, unit: tuple, rolling: bool
) -> WresReport:
    from metrics.indicators import WresOptions

    return wres(counts, organisation=organisation, year=year, unit=dict(unit),
                options=WresOptions(rolling_disciplinary=rolling))  # fmt: skip


def report_for(data: DataSet, unit: Unit, *, whole: bool = False, year: int | None = None,
               rolling: bool = False) -> WresReport | None:  # fmt: skip
    """The indicators for the unit (or the whole organisation); cached on the counts only."""
    chosen = () if whole else tuple((k, v) for k, v in unit.as_dict().items() if v)
    try:
        return _report(data.counts, data.organisation, year or unit.year, chosen, rolling)
    except InputError as exc:
        st.warning(exc.problems[0].sentence())
        return None


@st.cache_data(show_spinner=False, max_entries=128)
def _built(module: str, builder: str, *results: object) -> tuple[dict, str, pd.DataFrame, str, str]:
    """A chart and its Vega-Lite spec, built once per set of results: building the Altair chart
    is most of a rerun's time, and the results come from a cache anyway. The schema check is
    left to the tests (the chart tests validate every builder's spec). The spec is the same in
    light and dark themes: its text colours are named ones Streamlit resolves as it draws."""
    chart = getattr(importlib.import_module(module), builder)(*results)
    spec = for_streamlit(chart.chart.to_dict(validate=False))
    return spec, chart.alt_text, chart.table, chart.title, chart.note


def show_chart(builder: Callable[..., Chart], *results: object) -> None:
    """A chart with its alt text as a caption and the numbers behind it one click away."""
    spec, alt_text, table, title, note = _built(builder.__module__, builder.__name__, *results)
    st.vega_lite_chart(spec=spec, width="stretch")  # the spec's description is the alt text
    st.caption(alt_text)
    if note:
        with st.expander("How this chart is drawn"):
            st.markdown(note)
    with st.expander(f"Show the numbers: {title}"):
        st.dataframe(table, hide_index=True)
