"""Use your own data: one upload box, each file's kind detected and changeable, then a summary.

Files are read in this session's memory only. What the organisation's workspace remembers is
column matches (per kind of file) and its own ethnicity labels, never a row of data.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, field
from dataclasses import replace as changed

import pandas as pd
import streamlit as st

from dashboard.markup import md
from dashboard.state import DataSet, current, replace, use_sample
from dashboard.store import RememberedMatch
from dashboard.views.column_matches import MAPPING as _MAPPING
from dashboard.views.column_matches import chosen_now as _chosen_now
from dashboard.views.column_matches import column_step, matches_for
from dashboard.views.column_matches import remember as _remember
from dashboard.views.column_matches import remembered as _remembered
from dashboard.workspace import remember_loaded, store, workspace_named
from metrics import reference as ref
from metrics.inputs.columns import doubtful_matches, header_columns
from metrics.inputs.detect_kind import Detection, detect
from metrics.inputs.load_summary import missing, summarise
from metrics.inputs.loaders import choose_sheet, staff_year
from metrics.inputs.pipeline import Loaded_, Sources, load
from metrics.inputs.readers import Upload, open_sheets
from metrics.inputs.remembered import check_ethnicity_match, declared_share, may_be_refused
from metrics.problems import InputError, Problem

LABELS_KIND = "labels:ethnicity"  # the workspace's own ethnicity labels, in the mapping store
LEAVE_OUT = "leave out"
_DETECTED = "inclusivehr_detected"  # file id -> its sheets' detections (read once per upload)
_REFUSED = "inclusivehr_refused"  # the problems that stopped the last load
_LOADED = "inclusivehr_load_summary"  # what the last successful load found, for the summary
_RELOAD = "inclusivehr_load_again"  # load on the next run (labels were just assigned)
_REFUSED_MATCH = "inclusivehr_refused_match"  # (kind, column, why): a remembered match not used
_UNREAD = "inclusivehr_unread_labels"  # labels of a load refused because none was recognised

KIND_WORDS = {
    "staff": "Staff in post",
    "recruitment": "Recruitment",
    "disciplinary": "Disciplinary cases",
    "training": "Non-mandatory training and CPD",
    "capability": "Formal capability cases",
    "board": "Board members",
    "survey": "Staff survey results",
    "counts": "Counts return (figures already counted)",
    "casework": "Union casework log (open it on the Union casework page, not here)",
    "members": "Union membership counts (open them on the Union casework page, not here)",
    LEAVE_OUT: "Leave this out",
}
COMMAND_LINE_ONLY = ("casework", "members")  # read on the Union casework page
KINDS = tuple(k for k in ref.kinds() if k not in COMMAND_LINE_ONLY)  # capability included
SEVERITY_WORDS = {"error": "Must be fixed", "warning": "Worth checking"}
_log = logging.getLogger(__name__)


def _unexpected(exc: Exception, name: str) -> Problem:
    """Anything but an InputError from reading a file: a refusal naming the file, never a
    traceback on the page. The server's log gets the error's type and where it happened, not its
    text, which could quote a row of the file."""
    where = "".join(traceback.format_tb(exc.__traceback__)[-4:])
    _log.error("reading %s failed: %s, at\n%s", name, type(exc).__name__, where)
    if isinstance(exc, MemoryError):
        return Problem(severity="error", file=name, message="is too large to read here",
                       hint="Split it into smaller files, or export only the columns needed.")  # fmt: skip
    return Problem(
        severity="error", file=name,
        message="something in it is not what the tool expects",
        hint="Open it in Excel and save it again (as .xlsx, or as 'CSV UTF-8'). If that does not "
        "help, tell whoever runs this service which file type it is; do not send the file.",
    )  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """One table the person gave (a CSV, or one sheet of a workbook) and what it was taken for."""

    upload: Upload
    detection: Detection
    year: str | None  # how a staff file's year is known; None: the person must give it
    unreadable: Problem | None = None  # why the file could not be opened at all
    headers: dict[str, frozenset[str]] = field(default_factory=dict)  # kind -> its header row

    def has_column(self, kind: str, column: str) -> bool:
        return ref.compact(column) in self.headers.get(kind, frozenset())

    @property
    def key(self) -> str:
        return f"{self.upload.name}|{self.detection.sheet or ''}"


# --- the workspace's memory: column matches and labels -----------------------------------------


def _remembered_details(organisation: str, kind: str) -> dict[str, RememberedMatch]:
    ws = workspace_named(organisation or None, create=False)
    return store().remembered_matches(ws.id, kind) if ws else {}


def remembered_sentence(match: RememberedMatch) -> str:
    """A remembered match in plain words: what was read from which column, when and by whom
    it was saved (Markdown-escaped by the caller: the column name comes from a file)."""
    what = match.target.replace("_", " ")
    said = f"{what[:1].upper()}{what[1:]} read from '{match.column}', remembered"
    if match.saved_at is None:
        return f"{said} earlier (the date was not recorded)."
    when = f"{match.saved_at.day} {match.saved_at:%b %Y}"
    return f"{said} on {when}" + (f" by {match.saved_by}." if match.saved_by else ".")


def _matches(organisation: str, kind: str, entry: Entry) -> dict[str, str]:
    """Remembered and session column matches for one kind of file (a match for a staff file
    never applies to a counts return), for the columns this file has."""
    return matches_for(organisation, kind, lambda column: entry.has_column(kind, column))


# --- the upload box and what each file holds ---------------------------------------------------


def _headers(sheet) -> dict[str, frozenset[str]]:
    """The header row each kind of file would be read from, its names compacted."""
    out = {}
    for kind in KINDS:
        try:
            out[kind] = frozenset(ref.compact(c) for c in header_columns(sheet, kind))
        except InputError:
            continue
    return out


def _detections(up) -> list[tuple[Detection, str | None, Problem | None, dict]]:
    """Each sheet's detected kind, staff year and header rows (or why the file cannot be opened
    at all), worked out once per uploaded file."""
    cache = st.session_state.setdefault(_DETECTED, {})
    file_id = getattr(up, "file_id", None) or f"{up.name}:{up.size}"
    if file_id not in cache:
        upload = Upload(up.name, up.getvalue())
        try:
            sheets = open_sheets(upload)
        except Exception as exc:  # noqa: BLE001 - every failure is a refusal, not a traceback
            problem = exc.problems[0] if isinstance(exc, InputError) else _unexpected(exc, up.name)
            cache[file_id] = [(Detection(up.name, None, None, problem.message), None, problem, {})]
            return cache[file_id]
        found = []
        for sheet in sheets:
            try:
                detection = detect(sheet)
                year = staff_year(sheet) if detection.kind in (None, "staff", "counts") else None
                headers = _headers(sheet)
            except Exception as exc:  # noqa: BLE001 - as above, for one sheet
                problem = (
                    exc.problems[0] if isinstance(exc, InputError) else _unexpected(exc, up.name)
                )
                detection, year, headers = (
                    Detection(up.name, sheet.name, None, problem.message), None, {}
                )  # fmt: skip
            found.append((detection, year, None, headers))
        cache[file_id] = found
    return cache[file_id]


def _entries(files) -> list[Entry]:
    out = []
    for up in files:
        upload = Upload(up.name, up.getvalue())
        out += [Entry(upload, *found) for found in _detections(up)]
    return out


def _choose_kinds(entries: list[Entry]) -> dict[str, str]:
    """Each table's kind as detected, shown with the reason, changeable: entry key -> kind."""
    chosen = {}
    options = [*KINDS, LEAVE_OUT]
    for i, entry in enumerate(entries):
        d = entry.detection
        if entry.unreadable is not None:  # nothing to choose: it is left out
            _unreadable(entry.unreadable, d.label)
            chosen[entry.key] = LEAVE_OUT
            continue
        with st.container(border=True):
            st.text(d.label)
            if d.kind is None:
                st.caption(f"Not recognised: {md(d.reason)}.")
            elif not d.complete:
                st.caption(f"Looks like {md(KIND_WORDS[d.kind].lower())}: {md(d.reason)}.")
            else:
                st.caption(f"{md(KIND_WORDS[d.kind])}: {md(d.reason)}.")
            default = d.kind if d.kind in KINDS else LEAVE_OUT  # a casework log: not here
            chosen[entry.key] = st.selectbox(
                "What this holds", options, index=options.index(default),
                format_func=KIND_WORDS.get, key=f"kind_{i}_{entry.key}",
            )  # fmt: skip
    return chosen


def _unreadable(problem: Problem, label: str) -> None:
    """A file that cannot be opened: one plain sentence, the reason and the fix one click away."""
    st.error(md(f"{label} cannot be opened, so it is left out."))
    with st.expander("Why, and how to fix it"):
        st.text(problem.sentence())


def _years(entries: list[Entry], kinds: dict[str, str]) -> dict[str, int | None]:
    """A staff file's year: from the file when it says, else asked for. entry key -> year."""
    out: dict[str, int | None] = {}
    for i, entry in enumerate(entries):
        if kinds[entry.key] != "staff":
            continue
        if entry.year is not None:
            st.caption(f"{md(entry.detection.label)}: {md(entry.year)}.")
            continue
        out[entry.key] = st.number_input(
            f"Which WRES year is {md(entry.detection.label)} for? It has no Year column and "
            "no date in its title rows or name (a snapshot taken from 1 April 2024 to "
            "31 March 2025 is WRES year 2025).",
            min_value=2000, max_value=2100, value=None, step=1, key=f"year_{i}_{entry.key}",
        )  # fmt: skip
    return out


def _sources(
    entries: list[Entry], kinds: dict[str, str], years: dict[str, int | None], organisation: str
) -> Sources | str:
    """What to load, or why the choice cannot be loaded (one sentence)."""
    by_kind: dict[str, list[Entry]] = {}
    for entry in entries:
        if kinds[entry.key] != LEAVE_OUT:
            by_kind.setdefault(kinds[entry.key], []).append(entry)
    for kind, given in by_kind.items():
        if len(given) > 1:
            names = " and ".join(e.detection.label for e in given)
            return (f"Two tables are marked as {KIND_WORDS[kind].lower()}: {names}. Keep one, or "
                    "mark the other as something else.")  # fmt: skip
    if "counts" in by_kind and len(by_kind) > 1:
        return ("A counts return already holds the figures: load it on its own, or leave it out "
                "and load the staff in post and the other files.")  # fmt: skip
    if not by_kind:
        return "Nothing to load: mark at least one file as what it holds."
    if "counts" not in by_kind and "staff" not in by_kind:
        return "Add the staff in post file (the other files need it for headcounts)."
    missing_year = [k for k, y in years.items() if y is None]
    if missing_year:
        return "Say which WRES year the staff in post file is for."
    pick = {kind: given[0] for kind, given in by_kind.items()}
    common = dict(
        purpose="all",  # every standard the files can feed; ethnicity alone is not required
        organisation=organisation or None,
        sheets={k: e.detection.sheet for k, e in pick.items() if e.detection.sheet is not None},
        mappings={k: _matches(organisation, k, e) for k, e in pick.items()},
        labels={
            **_remembered(organisation, LABELS_KIND),
            **st.session_state.get(_MAPPING, {}).get(LABELS_KIND, {}),
        },  # fmt: skip
    )
    if "counts" in pick:
        return Sources(counts=pick["counts"].upload, **common)
    staff_year = years.get(pick["staff"].key)
    return Sources(
        files={k: e.upload for k, e in pick.items()},
        years={"staff": int(staff_year)} if staff_year is not None else {},
        **common,
    )


# --- after a load: the summary, the refusal, the labels ----------------------------------------


def _problem_table(problems: list[Problem]) -> pd.DataFrame:
    rows = [
        {"How serious": SEVERITY_WORDS[p.severity], "File": p.file or "", "Sheet": p.sheet or "",
         "Row": "" if p.row is None else str(p.row), "Column": (p.column or "").strip(),
         "Value": "" if p.value is None else p.value, "What is wrong": p.message,
         "How to fix": p.hint}
        for p in problems
    ]  # fmt: skip
    table = pd.DataFrame(rows)
    return table.loc[:, [c for c in table.columns if (table[c] != "").any()]] if rows else table


def _show_problems(problems: list[Problem], title: str) -> None:
    with st.expander(title):
        st.dataframe(_problem_table(problems), hide_index=True)


def organisation_name(typed: str, counts: pd.DataFrame) -> str | None:
    """The name typed, else the one organisation the data names (a counts return says whose it
    is), so the pages, the workspace and the board pack carry it."""
    if typed.strip():
        return typed.strip()
    names = {str(n).strip() for n in counts["organisation"].dropna()} - {""}
    return names.pop() if len(names) == 1 else None


def _loaded(result: Loaded_, sources: Sources, organisation: str) -> None:
    """A successful load: the pages show it from now on."""
    staff = result.inputs.get("staff")
    data = DataSet(label=f"Your data: {sources.describe()}",
                   organisation=organisation_name(organisation, result.counts),
                   counts=result.counts, staff=staff.frame if staff else None,
                   inputs=dict(result.inputs) if staff else None, notes=result.notes,
                   warnings=[p for p in result.problems if p.severity == "warning"])  # fmt: skip
    replace(data)
    kept = remember_loaded(data)
    st.session_state[_LOADED] = {
        "kept": kept,
        "files": summarise(result),
        "missing": missing(result),
        "labels": result.unrecognised_labels,
        "warnings": [p for p in result.problems if p.severity == "warning"],
    }


def _summary() -> None:
    found = st.session_state.get(_LOADED)
    if not found:
        return
    st.success("Loaded. The pages now show your data.")
    if not found.get("kept", True):
        st.info("Kept for this session only: you hold no role that lets you keep data in this "
                "organisation's workspace, so a reload will not bring it back.")  # fmt: skip
    st.subheader("What was read")
    for f in found["files"]:
        with st.container(border=True):
            st.text(f"{f.source}: {KIND_WORDS[f.kind].lower()}, {f.records:,} rows")
            st.text(f"Year: {f.year}")
            for line in f.left_out:
                st.text(f"Left out: {line}")
            columns = pd.DataFrame(
                {"Field": list(f.columns), "Column in your file": list(f.columns.values())}
            )
            with st.expander("Which column fed which field"):
                st.dataframe(columns, hide_index=True)
    for sentence in found["missing"]:
        st.info(md(sentence))
    if found["warnings"]:
        _show_problems(found["warnings"], f"{len(found['warnings']):,} things worth checking "
                       "(rows or values that could not be read)")  # fmt: skip


def _label_step(organisation: str) -> bool:
    """Let the person say which group each unrecognised ethnicity label belongs to; True when
    they saved some (the data is then loaded again with them)."""
    found = st.session_state.get(_LOADED) or {}
    labels = found.get("labels") or st.session_state.get(_UNREAD) or []
    if not labels:
        return False
    st.subheader("Ethnicity labels this tool did not recognise")
    st.write("They are counted as Unknown for now. Say which group each belongs to; your choice "
             "is kept for this organisation and used on every load.")  # fmt: skip
    groups = ["(not sure)", "White", "BME", "Unknown"]
    chosen = {}
    for i, label in enumerate(labels[:40]):
        chosen[label] = st.selectbox(md(label), groups, key=f"label_{i}_{label}")
    chosen = {k: v for k, v in chosen.items() if v != groups[0]}
    if chosen and st.button("Use these groups and load again", key="save_labels"):
        _remember(organisation, LABELS_KIND, {**_remembered(organisation, LABELS_KIND), **chosen})
        return True
    return False


def _mapping_step(problem: Problem, entries: list[Entry], kinds: dict[str, str]) -> None:
    """Offer the columns found for a field the tool could not recognise."""
    entry = next((e for e in entries if e.upload.name == problem.file
                  and (problem.sheet is None or e.detection.sheet == problem.sheet)), None)  # fmt: skip
    if entry is None or kinds.get(entry.key) in (None, LEAVE_OUT):
        return
    kind = kinds[entry.key]
    try:
        columns = header_columns(choose_sheet(entry.upload, kind, entry.detection.sheet), kind)
    except Exception:  # noqa: BLE001 - the refusal above already says why the file cannot be read
        return
    field_name = problem.field or ""
    if column_step(kind, field_name, columns, key=f"map_{kind}_{field_name}"):
        st.session_state.pop(_REFUSED_MATCH, None)
        st.rerun()


def _doubtful(entries: list[Entry], kinds: dict[str, str], organisation: str) -> list[tuple]:
    """Remembered column matches that stop a file being read: (kind, column, sentence)."""
    out = []
    for entry in entries:
        kind = kinds.get(entry.key)
        if kind in (None, LEAVE_OUT):
            continue
        try:
            sheet = choose_sheet(entry.upload, kind, entry.detection.sheet)
            doubts = doubtful_matches(sheet, kind, _matches(organisation, kind, entry))
        except Exception:  # noqa: BLE001 - the refusal already says why the file cannot be read
            continue
        for column, target, why in doubts:
            match = f"'{column} → {target.replace('_', ' ')}'"
            sentence = (f"A column match remembered for this organisation, {match}, stops "
                        f"{entry.detection.label} being read: {why}.")  # fmt: skip
            out.append((kind, column, match, sentence))
    return out


def _forget(organisation: str, kind: str, column: str) -> None:
    kept = {c: f for c, f in _remembered(organisation, kind).items() if c != column}
    _remember(organisation, kind, kept)
    st.session_state.get(_MAPPING, {}).get(kind, {}).pop(column, None)
    st.session_state.pop(_REFUSED, None)


def _show_refusal(entries: list[Entry], kinds: dict[str, str], organisation: str) -> None:
    """Why the last load was refused, with a column step for unknown columns.

    Drawn on every run (not only the one where Load was clicked) so that choosing a column
    in the column step is seen and remembered."""
    problems = st.session_state.get(_REFUSED)
    if not problems:
        return
    refused = (st.session_state.get(_REFUSED_MATCH) or (None, None))[:2]
    doubts = [d for d in _doubtful(entries, kinds, organisation) if d[:2] != refused]  # said once
    if doubts:  # the cause, said first: the columns the file has are not the problem
        for kind, column, match, sentence in doubts:
            st.error(md(sentence))
            if st.button(f"Forget {md(match)}", key=f"forget_{kind}_{column}"):
                _forget(organisation, kind, column)
                st.rerun()
    else:
        first = problems[0]  # one sentence; every problem and its fix are in the expander
        who = first.file or "The files"
        st.error(md(f"{who} could not be used: {first.message.split('. ')[0].rstrip('.')}."))
    _show_problems(problems, "Every problem, and how to fix it")
    if doubts:
        return
    for problem in problems:
        if problem.field and problem.severity == "error":
            _mapping_step(problem, entries, kinds)


def _remembered_ethnicity(sources: Sources) -> str | None:
    """The staff file's ethnicity column when a remembered match (not one made in this
    session) gives it."""
    staff, now = sources.mappings.get("staff", {}), _chosen_now("staff")
    return next((c for c, f in staff.items() if f == "ethnicity" and now.get(c) != f), None)


def _checked(result: Loaded_, sources: Sources, organisation: str) -> Loaded_:
    """A remembered ethnicity match whose declared share collapses (or that leaves no value read
    as White or BME, so the load is refused) is not used: the data is loaded without it
    (ethnicity from the column found by name), or refused when no other column holds ethnicity.
    Either way the page says so, with a way to forget the match. The files are loaded a second
    time, without the match, only when its declared share could be refused."""
    column = _remembered_ethnicity(sources)
    if column is None or "staff" not in sources.files:
        return result
    if result.errors and not any(p.column == column for p in result.errors):
        return result  # refused for something else: the match is not what is wrong
    # refused because of the matched column (no value read as White or BME): nobody's
    # ethnicity is known with it
    remembered = 0.0 if result.errors else declared_share(result.counts)
    if not may_be_refused(remembered):
        return result
    staff = {c: f for c, f in sources.mappings["staff"].items() if c != column}
    try:
        other = load(changed(sources, mappings={**sources.mappings, "staff": staff}), profile=True)
        usable, problems = (None, other.errors) if other.errors else (other, [])
    except InputError as exc:
        usable, problems = None, exc.problems
    check = check_ethnicity_match(remembered, declared_share(usable.counts) if usable else None)
    if not check.refused:
        return result
    match = _remembered_details(organisation, "staff").get(column)
    said = (f"A remembered column match, '{column} → ethnicity', was not used: {check.reason}."
            if match is None else
            f"{remembered_sentence(match)} That match was not used: {check.reason}.")  # fmt: skip
    if usable is not None:
        instead = usable.inputs["staff"].columns.get("ethnicity", "")
        said += f" Ethnicity was read from '{instead}' instead."
    else:
        said += " No other column holds ethnicity: choose the ethnicity column below."
    said += " To stop this warning, forget the match (here, or on Your workspace)."
    st.session_state[_REFUSED_MATCH] = ("staff", column, said)
    if usable is None:
        raise InputError(problems)
    return usable


def _refused_match(organisation: str) -> None:
    """The remembered match the last load did not use, and why; it can be forgotten here."""
    if (refused := st.session_state.get(_REFUSED_MATCH)) is None:
        return
    kind, column, sentence = refused
    st.warning(md(sentence))
    if st.button(f"Forget {md(f'{column} → ethnicity')}", key=f"forget_refused_{column}"):
        _forget(organisation, kind, column)
        st.session_state.pop(_REFUSED_MATCH, None)
        st.rerun()


def _run_load(sources: Sources, organisation: str) -> None:
    with st.status("Reading your files…", expanded=True) as status:
        try:
            result = load(sources, profile=True, progress=lambda m: st.text(m))
            result = _checked(result, sources, organisation)
        except Exception as exc:  # noqa: BLE001 - every failure is a refusal, not a traceback
            status.update(label="Some files could not be used", state="error", expanded=True)
            st.session_state[_REFUSED] = (
                exc.problems if isinstance(exc, InputError)
                else [_unexpected(exc, sources.describe())]
            )  # fmt: skip
            st.rerun()  # the refusal, with its column step, is drawn outside the Load click
        if result.errors:
            status.update(label="Problems to fix before the figures can be trusted",
                          state="error", expanded=True)  # fmt: skip
            many = (f"{len(result.errors):,} problems must" if len(result.errors) > 1
                    else "One problem must")  # fmt: skip
            st.error(md(f"{many} be fixed before the figures can be trusted. The first: "
                        f"{result.errors[0].sentence()}"))  # fmt: skip
            st.session_state[_UNREAD] = result.unrecognised_labels  # a group for each, below
            _show_problems(result.problems, "Every problem, and how to fix it")
            return
        status.update(label="Loaded", state="complete", expanded=False)
    _loaded(result, sources, organisation)


def _matches_in_use(entries: list[Entry], kinds: dict[str, str], organisation: str) -> None:
    """Matches made in this session in a caption; each remembered one said plainly, with when
    and by whom it was saved, so a match someone else saved cannot pass unseen."""
    refused = st.session_state.get(_REFUSED_MATCH) or (None, None, None)
    for entry in entries:
        kind = kinds[entry.key]
        mapping = _matches(organisation, kind, entry) if kind != LEAVE_OUT else {}
        now = {c: f for c, f in mapping.items() if _chosen_now(kind).get(c) == f}
        if now:
            pairs = ", ".join(f"{c} → {f.replace('_', ' ')}" for c, f in now.items())
            st.caption(md(f"Column matches used for {KIND_WORDS[kind].lower()}: {pairs}"))
        details = _remembered_details(organisation, kind) if len(now) < len(mapping) else {}
        for column in mapping.keys() - now.keys():
            if (kind, column) != refused[:2] and column in details:
                st.info(md(remembered_sentence(details[column])))


def render() -> None:
    st.title("Use your own data")
    st.info("Your files are read in this browser session's memory and reduced to counts. The "
            "files and their rows are never saved to disk or to the database; only the counts "
            "are kept, for your organisation's workspace, so a reload brings the figures back.")  # fmt: skip
    showing = st.container()  # filled last: a load further down changes what is shown
    organisation = st.text_input("Organisation name", key="org_name")
    files = st.file_uploader(
        "Your files: a workbook, a file per kind (staff in post, recruitment, disciplinary, "
        "training, board, staff survey) or a counts return. CSV or Excel, as many as you like.",
        type=["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "ods"],
        accept_multiple_files=True, key="uploads",
    )  # fmt: skip
    if files:
        _files(files, organisation)
    from dashboard.views import warehouse_tables  # shown only when a warehouse is set

    warehouse_tables.render(organisation)
    with showing:
        _showing(current())


def _showing(data: DataSet) -> None:
    if data.is_sample:
        return
    st.success(f"Showing: {md(data.label)}")
    if st.button("Go back to the sample trust"):
        use_sample()
        st.session_state.pop(_LOADED, None)
        st.rerun()


def _files(files: list, organisation: str) -> None:
    """The uploaded files: their kinds and years, the Load button, what the load found."""
    entries = _entries(files)
    kinds = _choose_kinds(entries)
    if all(e.unreadable is not None for e in entries):
        return  # each has said why; there is nothing to load
    years = _years(entries, kinds)
    _matches_in_use(entries, kinds, organisation)
    sources = _sources(entries, kinds, years, organisation)
    refusal = st.container()  # above the Load button, filled once the click is known
    if isinstance(sources, str):
        st.warning(md(sources))
    clicked = st.button("Load", type="primary", disabled=isinstance(sources, str))
    clicked = st.session_state.pop(_RELOAD, False) or clicked
    if clicked:
        for key in (_REFUSED, _LOADED, _REFUSED_MATCH, _UNREAD):
            st.session_state.pop(key, None)
    with refusal:  # from the last Load: stays on screen until the next one
        _show_refusal(entries, kinds, organisation)
    if clicked and isinstance(sources, Sources):
        _run_load(sources, organisation)
    with refusal:
        _refused_match(organisation)
    _summary()
    if _label_step(organisation):
        st.session_state[_RELOAD] = True  # load again, with the labels just saved
        st.rerun()
