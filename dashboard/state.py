"""What one browser session holds, behind a typed wrapper around st.session_state.

Row-level staff records (for the demographic profile) live here, in this session's memory
only: never in the database, the logs, a chart or an export. Closing the tab drops them.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import streamlit as st

from dashboard.background import Background

if TYPE_CHECKING:  # pandas, the loaders and the comparison of trusts come with the data, so a new
    # server draws its first page before importing them (test_first_page_imports.py)
    import pandas as pd

    from metrics.compare.inputs import NetworkCounts
    from metrics.compare.values import NetworkValues
    from metrics.inputs.loaders import Loaded
    from metrics.problems import Problem

SAMPLE_ORGANISATION = "Northbrook Valley NHS Foundation Trust"
_KEY = "inclusivehr_dataset"


@dataclass
class DataSet:
    """The data the pages show: canonical counts, plus the staff rows for the profile."""

    label: str
    organisation: str | None
    counts: pd.DataFrame
    staff: pd.DataFrame | None = None  # row-level, in memory for this session only
    # every row-level input read (staff, recruitment ...), in memory for this session only: the
    # split by a second characteristic is counted from them (step 2's "Split by")
    inputs: dict[str, Loaded] | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    is_sample: bool = False
    restored_at: datetime | None = None  # counts brought back from the workspace after a reload
    source: str = "files"  # where the counts came from: "files", or "warehouse" (counted there)

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.counts["year"].dropna().unique())

    def units(self, column: str) -> list[str]:
        return sorted({str(v) for v in self.counts[column].dropna().unique()})


def _load_sample() -> DataSet:
    """The bundled sample (fictional people), read from its files."""
    from dashboard.sample import SAMPLE_TRUST_FILES
    from metrics.inputs.pipeline import Sources, load
    from metrics.problems import InputError

    # every standard the sample can feed, the medical view's grade and role rows included
    result = load(Sources(files=dict(SAMPLE_TRUST_FILES), organisation=SAMPLE_ORGANISATION,
                          purpose="all"), profile=True)  # fmt: skip
    if result.errors:
        raise InputError(result.errors)
    return DataSet(
        label="Sample data: Northbrook Valley NHS Foundation Trust (fictional)",
        organisation=SAMPLE_ORGANISATION,
        counts=result.counts,
        staff=result.inputs["staff"].frame,
        inputs=dict(result.inputs),
        notes=result.notes,
        warnings=[p for p in result.problems if p.severity == "warning"],
        is_sample=True,
    )


# Imported beside the sample in the background: what the landing page draws with the data (the
# store of themes and actions, the pages' shared pieces), so its redraw does not wait for them.
_WITH_THE_SAMPLE = ("dashboard.workspace", "dashboard.views.common")


def _sample_and_modules() -> DataSet:
    data = _load_sample()
    for module in _WITH_THE_SAMPLE:
        importlib.import_module(module)
    return data


# The bundled sample, shared by every session of this server process and loaded once.
_SAMPLE = Background(_sample_and_modules, name="inclusivehr-sample")


def _sample() -> DataSet:
    """The bundled sample: waits for the background load under way, or loads it now."""
    if _SAMPLE.finished() or not st.runtime.exists():
        return _SAMPLE.get()
    with st.spinner("Loading the fictional sample trust…"):
        return _SAMPLE.get()


def start_loading_sample() -> None:
    """Read the sample in the background (once per server) while the page is drawn."""
    _SAMPLE.start()


def sample_finished() -> bool:
    """Whether the sample is in memory (or failed to load), so asking for it will not wait."""
    return _SAMPLE.finished()


def current() -> DataSet:
    """This session's data set; the sample trust until the user loads their own."""
    if _KEY not in st.session_state:
        st.session_state[_KEY] = _sample()
    return st.session_state[_KEY]


def current_if_ready() -> DataSet | None:
    """This session's data set, or None while a new server is still reading the sample trust
    (its reading is then started): the page draws what needs no data, and
    dashboard.views.loading redraws it once the sample is in."""
    if has_data() or sample_finished():
        return current()
    start_loading_sample()
    st.session_state[_WAITED_KEY] = True
    return None


_WAITED_KEY = "inclusivehr_waited_for_sample"  # this run drew a page without the sample


def waited_for_sample() -> bool:
    """Whether this run drew something without the sample (current_if_ready gave None): the app
    then redraws the page when the sample is in. Asking clears it for the next run."""
    return bool(st.session_state.pop(_WAITED_KEY, False))


def has_data() -> bool:
    """Whether this session holds a data set yet (a new session, after a reload, does not)."""
    return _KEY in st.session_state


def replace(dataset: DataSet) -> None:
    st.session_state[_KEY] = dataset


# The address parameter naming the workspace whose last load a reload brings back.
WORKSPACE_PARAM = "org"


def use_sample() -> None:
    st.session_state[_KEY] = _sample()
    if WORKSPACE_PARAM in st.query_params:
        del st.query_params[WORKSPACE_PARAM]


_NETWORK_KEY = "inclusivehr_network"


@dataclass
class NetworkData:
    """Many organisations' counts for the Compare trusts page, and their values computed once."""

    label: str
    counts: pd.DataFrame
    values: NetworkValues
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()
    is_sample: bool = False
    censored: pd.DataFrame | None = None  # suppressed cells of the returns ("<5", "not held")


def network_from(loaded: NetworkCounts, label: str, *, is_sample: bool = False) -> NetworkData:
    from metrics.compare.censored import with_ranges
    from metrics.compare.values import network_values

    values = with_ranges(network_values(loaded.counts), loaded.censored, loaded.counts)
    return NetworkData(label=label, counts=loaded.counts, values=values,
                       files=loaded.files, notes=loaded.notes, warnings=loaded.warnings,
                       is_sample=is_sample, censored=loaded.censored)  # fmt: skip


@st.cache_resource(show_spinner="Loading the fictional network of trusts…")
def _sample_network() -> NetworkData:
    """The sample network's WRES and WDES returns together. Each file is read on its own: one
    trust's WRES and WDES returns for a year are two files, which one load refuses as a
    duplicate; their indicators do not overlap, so their counts simply add up."""
    import pandas as pd

    from dashboard.sample import SAMPLE_NETWORK_COUNTS, SAMPLE_NETWORK_WDES_COUNTS
    from metrics.compare.inputs import NetworkCounts, load_network

    parts = [load_network([path]) for path in (SAMPLE_NETWORK_COUNTS, SAMPLE_NETWORK_WDES_COUNTS)]
    files: dict[str, tuple[str, ...]] = {}
    for part in parts:
        for name, found in part.files.items():
            files[name] = (*files.get(name, ()), *found)
    loaded = NetworkCounts(
        counts=pd.concat([p.counts for p in parts], ignore_index=True),
        warnings=tuple(w for p in parts for w in p.warnings),
        notes=tuple(n for p in parts for n in p.notes),
        files=files,
    )  # fmt: skip
    return network_from(loaded, f"Sample data: {len(loaded.files)} fictional trusts",
                        is_sample=True)  # fmt: skip


def network() -> NetworkData:
    """This session's network; the sample network until the user loads their own returns."""
    if _NETWORK_KEY not in st.session_state:
        st.session_state[_NETWORK_KEY] = _sample_network()
    return st.session_state[_NETWORK_KEY]


def replace_network(data: NetworkData | None) -> None:
    """Use these returns from now on in this session; None goes back to the sample network."""
    if data is None:
        st.session_state.pop(_NETWORK_KEY, None)
    else:
        st.session_state[_NETWORK_KEY] = data


def small_unit_size() -> int:
    """Units with fewer staff than this are too small to read patterns from: the pages say so and
    hide their shares and gaps. INCLUSIVEHR_SMALL_UNIT sets it (a whole number of staff, at
    least 1); anything else falls back to the default of 20."""
    from metrics.standards.summary import MIN_UNIT_SIZE

    text = os.environ.get("INCLUSIVEHR_SMALL_UNIT", "").strip()
    return int(text) if text.isdigit() and int(text) >= 1 else MIN_UNIT_SIZE


_UNIT_KEY = "inclusivehr_unit"  # (unit key, year): not a widget key, so it survives page switches


def chosen_unit() -> tuple[str, int | None] | None:
    """The unit key and year last chosen in this session, or None before any choice."""
    return st.session_state.get(_UNIT_KEY)


def choose_unit(key: str, year: int | None) -> None:
    st.session_state[_UNIT_KEY] = (key, year)


_STANDARD_KEY = "inclusivehr_standard"  # workspace name -> the standard last chosen for it


def chosen_standard(workspace: str) -> str | None:
    """The standard (WRES, WDES ...) last chosen in this session for this workspace's data, or
    None before any choice: each organisation's data keeps its own."""
    return st.session_state.get(_STANDARD_KEY, {}).get(workspace)


def choose_standard(workspace: str, standard: str) -> None:
    st.session_state.setdefault(_STANDARD_KEY, {})[workspace] = standard
