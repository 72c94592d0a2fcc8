"""What the dashboard keeps, where, and what it never keeps."""

import streamlit as st

TEXT = """
- **Row-level records** (one row per person, applicant or case) are read into this browser
  session's memory, reduced to counts, and dropped when the session ends. They are never
  written to the database, the server's logs, a chart or an export, and uploads are read from
  memory without being saved to disk.
- **The database** keeps workspaces, remembered column mappings, the counts each workspace last
  loaded (so a reload brings its figures back), saved snapshots of counts and results,
  lived-experience themes and the action plan. Do not enter names or identifying details in
  themes or actions.
- **Charts and tables** are drawn from counts only. Groups of 1 to 7 people read "fewer than 8"
  unless you turn on "Show exact counts", so a screenshot cannot point at a person.
- **The page address** holds the unit and year you are looking at and the workspace whose data
  is shown (for example `?unit=directorate:HR & OD&year=2024&org=...`), so a link or a reload
  opens the same view. It holds no figures. With sign-in on, a link opens a workspace only for
  people who hold a role on it; with sign-in off, anyone who can reach the dashboard and has the
  link can open that workspace's counts.
- **Anything published** (the board pack, shared summaries, the Compare trusts download,
  workspace and snapshot downloads unless the internal export is chosen) passes disclosure
  control first.
- **Nothing is sent elsewhere**: no usage statistics, no fonts or scripts from outside hosts.
"""


def render() -> None:
    st.title("Privacy")
    st.markdown(TEXT)
