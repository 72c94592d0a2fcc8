"""The store for this app process, the workspace the current data belongs to, and the words
pages use for what an action's target is about."""

from __future__ import annotations

import math
import re

import streamlit as st

from dashboard.render import SHORT_LABELS
from dashboard.state import DataSet
from dashboard.store import Store, StoreError, Workspace
from metrics import reference_data as ref
from metrics.units import UnitChoice

# The saved snapshot chosen as the baseline on step 5 (set on Your workspace), as its id.
BASELINE_SNAPSHOT = "inclusivehr_baseline_snapshot"


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """One connection pool per server process; the location comes from the settings."""
    return Store()


def workspace_for(data: DataSet) -> Workspace:
    """Each organisation's themes and actions live in a workspace named after it."""
    name = data.organisation or "My organisation"
    db = store()
    try:
        return db.workspace(name)
    except StoreError:
        return db.create_workspace(name, organisation=data.organisation)


def unit_key(unit: object) -> str:
    """The UnitChoice key of the journey's unit (from `dashboard.views.common.Unit`)."""
    if key := getattr(unit, "key", None):
        return str(key)
    for kind, name in unit.as_dict().items():  # type: ignore[attr-defined]
        if name:
            return UnitChoice(kind, name).key  # type: ignore[arg-type]
    return "whole"


def unit_options(data: DataSet) -> list[str]:
    """Every unit the data can give figures for, as keys: the whole organisation first."""
    return [
        "whole",
        *(UnitChoice("directorate", n).key for n in data.units("directorate")),
        *(UnitChoice("staff_group", n).key for n in data.units("staff_group")),
    ]


def unit_words(key: str | None) -> str:
    """A unit key in plain words for a table: "Whole organisation", "HR & OD"."""
    try:
        label = UnitChoice.parse(key).label
    except ValueError:
        return str(key)
    return label[:1].upper() + label[1:]


def indicator_words(indicator: str | None) -> str:
    if not indicator:
        return "none"
    return f"{indicator}: {SHORT_LABELS.get(indicator, indicator)}"


def bands_in(data: DataSet) -> list[str]:
    """The canonical bands the staff counts hold, in the reporting order."""
    order = ref.bands()
    present = {str(b) for b in data.counts["band"].dropna().unique()} & set(order)
    return sorted(present, key=lambda b: order[b].order)


def number_words(value: float | None, missing: str = "not set") -> str:
    """A figure for a table cell: never a raw None or nan."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    return f"{value:.2f}".rstrip("0").rstrip(".")


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def escaped(text: object) -> str:
    """Text from data or a person, safe inside Markdown: every markup character escaped."""
    return _MARKDOWN.sub(r"\\\1", str(text))
