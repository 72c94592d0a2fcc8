"""What one browser session holds, behind a typed wrapper around st.session_state.

Row-level staff records (for the demographic profile) live here, in this session's memory
only: never in the database, the logs, a chart or an export. Closing the tab drops them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from dashboard.sample import SAMPLE_TRUST_FILES
from metrics.pipeline import Sources, load
from metrics.problems import InputError, Problem

SAMPLE_ORGANISATION = "Northbrook Valley NHS Foundation Trust"
_KEY = "inclusivehr_dataset"


@dataclass
class DataSet:
    """The data the pages show: canonical counts, plus the staff rows for the profile."""

    label: str
    organisation: str | None
    counts: pd.DataFrame
    staff: pd.DataFrame | None = None  # row-level, in memory for this session only
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    is_sample: bool = False

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.counts["year"].dropna().unique())

    def units(self, column: str) -> list[str]:
        return sorted({str(v) for v in self.counts[column].dropna().unique()})


@st.cache_resource(show_spinner="Loading the fictional sample trust…")
def _sample() -> DataSet:
    """The bundled sample (fictional people): shared by every session, loaded once."""
    result = load(Sources(files=dict(SAMPLE_TRUST_FILES), organisation=SAMPLE_ORGANISATION),
                  profile=True)  # fmt: skip
    if result.errors:
        raise InputError(result.errors)
    return DataSet(
        label="Sample data: Northbrook Valley NHS Foundation Trust (fictional)",
        organisation=SAMPLE_ORGANISATION,
        counts=result.counts,
        staff=result.inputs["staff"].frame,
        notes=result.notes,
        warnings=[p for p in result.problems if p.severity == "warning"],
        is_sample=True,
    )


def current() -> DataSet:
    """This session's data set; the sample trust until the user loads their own."""
    if _KEY not in st.session_state:
        st.session_state[_KEY] = _sample()
    return st.session_state[_KEY]


def replace(dataset: DataSet) -> None:
    st.session_state[_KEY] = dataset


def use_sample() -> None:
    st.session_state[_KEY] = _sample()
