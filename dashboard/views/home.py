"""Start here: what the tool is, where this workspace stands on the five steps, what to do next."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.markup import md
from dashboard.state import DataSet, current_if_ready
from dashboard.views.frame import glossary_popover, page_for

INTRO = (
    "This dashboard turns your trust's workforce files into the Workforce Race Equality Standard "
    "(WRES) figures, and shows where BME and White staff's experience differs and whether the "
    "difference could be chance. It walks you through the five steps of the #InclusiveHR "
    "challenge, from running the data for a directorate such as HR & OD to sharing a board pack "
    "whose figures are safe to publish. Staff records stay in this browser tab; only counts, "
    "themes and actions are saved."
)


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    url_path: str
    done: bool
    status: str


def steps(data: DataSet) -> list[Step]:
    """Where this workspace stands on each step, from the data, the store and this session."""
    from dashboard.workspace import store, workspace_for  # the store, once there is data

    db = store()
    ws = workspace_for(data)  # None: the person holds no workspace for it (session only)
    themes, actions = (db.themes(ws.id), db.actions(ws.id)) if ws else ([], [])
    reached = db.progress(ws.id) if ws else frozenset()
    snapshots = db.snapshots(ws.id) if ws else []
    loaded = (
        "Using the fictional sample: load your own files to start for real."
        if data.is_sample
        else f"Loaded: {data.label}."
    )
    shared = "A board pack was downloaded." if "pack" in reached else "Not yet shared."
    if snapshots:
        shared += f" {len(snapshots)} snapshot{'s' if len(snapshots) > 1 else ''} saved."
    return [
        Step(1, "Run the data", "run", not data.is_sample, loaded),
        Step(2, "Review and analyse", "review", "reviewed" in reached,
             "Reviewed." if "reviewed" in reached else "Not reviewed yet."),
        Step(3, "Understand lived experience", "listen", bool(themes),
             f"{len(themes)} theme{'s' if len(themes) != 1 else ''} recorded."),
        Step(4, "Identify themes and plan", "plan", bool(actions),
             f"{len(actions)} action{'s' if len(actions) != 1 else ''} planned."),
        Step(5, "Evaluate and share", "evaluate", "pack" in reached, shared),
    ]  # fmt: skip


def next_step(all_steps: list[Step], data: DataSet) -> tuple[str, str]:
    """One obvious next step: (url_path, what to click)."""
    if data.is_sample and not any(s.done for s in all_steps[1:]):
        return "data", "Load your own data (or explore the sample first in step 1)"
    todo = next((s for s in all_steps[1:] if not s.done), None)
    if todo is None:
        return "evaluate", "Go back to step 5 to compare with last year and share the results"
    return todo.url_path, f"Next: step {todo.number}, {todo.title.lower()}"


def render() -> None:
    st.title("Start here")
    st.write(INTRO)
    glossary_popover()
    data = current_if_ready()
    st.subheader("The data in use")
    if data is None:  # a new server: this much is drawn at once, the rest when the sample is in
        st.caption(":material/hourglass_top: Loading the fictional sample trust, and your five "
                   "steps…")  # fmt: skip
        return  # the app redraws the page when the sample is in
    from dashboard.views.common import current_unit, page_caption  # with the data (pandas)

    st.markdown(md(data.label))
    page_caption(data, current_unit(data))
    st.subheader("Your five steps")
    all_steps = steps(data)
    for s in all_steps:
        mark = "✓ Done" if s.done else "To do"
        with st.container(border=True):
            st.markdown(f"**{s.number}. {s.title}** · {mark}")
            st.caption(md(s.status))
    url_path, label = next_step(all_steps, data)
    st.subheader("What to do next")
    page = page_for(url_path)
    if page is None:  # the page on its own (tests): no navigation to link into
        st.markdown(f"**{label}** (in the menu on the left).")
    else:
        st.page_link(page, label=label, icon=":material/arrow_forward:")
