"""From files on disk to the canonical counts: the one path every front end uses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from metrics import reference as ref
from metrics.counts import table as counts_mod
from metrics.inputs.columns import purpose as purpose_of
from metrics.inputs.columns import reads_medical
from metrics.inputs.detect_kind import kind_of
from metrics.inputs.loaders import Loaded, RowChoice, choose_sheet, load_sheet, workbook_sheets
from metrics.inputs.readers import Source, open_sheets
from metrics.problems import InputError, Problem, errors

ROW_KINDS = ("staff", "recruitment", "disciplinary", "training", "board", "survey")
"""The row-level kinds the WRES reads (the bundled sample trust has a file for each)."""
ALL_ROW_KINDS = (*ROW_KINDS, "capability")
"""Every row-level kind, in the order they are read: the WDES adds formal capability cases."""


@dataclass
class Sources:
    """Where each input comes from: one file per kind, one workbook, or a counts return."""

    files: dict[str, Source] = field(default_factory=dict)  # kind -> file
    workbook: Source | None = None
    counts: Source | None = None
    mapping: dict[str, str] = field(default_factory=dict)  # column header -> field name
    organisation: str | None = None
    sheets: dict[str, str] = field(default_factory=dict)  # kind -> its sheet, chosen by a person
    years: dict[str, int] = field(default_factory=dict)  # kind -> WRES year, when the file has none
    mappings: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> its own matches
    labels: dict[str, str] = field(default_factory=dict)  # own ethnicity label -> White|BME|Unknown
    # What is computed (columns.PURPOSES): which staff columns are read and which must be there;
    # `by` is the characteristic a pay gap is taken by.
    purpose: str = "wres"
    by: str | None = None
    # A counts return's rows to read, chosen from a few raw columns (loaders.RowChoice; None:
    # every row); the rest are skipped unchecked. ``metrics.compare.inputs`` reads one
    # indicator's rows this way.
    rows: RowChoice | None = None
    # A staff CSV on disk may be read through its distinct rows (inputs.csv_stream) when that
    # gives exactly what reading every row gives; the staff frame then has no employee or
    # assignment numbers and no FTE, and holds each distinct row once with how many rows it
    # stands for (inputs.row_weights), so callers that read it row by row leave this off.
    stream: bool = False

    def mapping_for(self, kind: str) -> dict[str, str]:
        return {**self.mapping, **self.mappings.get(kind, {})}

    def describe(self) -> str:
        if self.counts:
            return self.counts.name
        if self.workbook:
            return self.workbook.name
        return ", ".join(p.name for p in self.files.values())


@dataclass
class Loaded_:
    """The outcome of loading: counts (when usable), every problem, and notes for data quality."""

    counts: pd.DataFrame | None
    problems: list[Problem]
    notes: list[str]
    inputs: dict[str, Loaded]
    purpose: str = "wres"  # what the load was for (columns.PURPOSES)

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)

    @property
    def unrecognised_labels(self) -> list[str]:
        """Distinct ethnicity labels read as Unknown, in every file (for a person to assign)."""
        return list(
            dict.fromkeys(v for loaded in self.inputs.values() for v in loaded.unrecognised)
        )


def load(
    sources: Sources,
    *,
    year: int | None = None,
    profile: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Loaded_:
    """Read every source; reduce to counts unless an error makes the figures untrustworthy.

    Raises InputError when a file cannot be read at all (missing, empty, not a spreadsheet ...).
    sources.purpose decides which staff columns are read and which must be there;
    profile=True reads every staff column the tool knows too (age band, religion ...).
    progress, if given, is told what is being read as it happens (for long national extracts).
    """
    say = progress or (lambda _message: None)
    wanted = purpose_of(sources.purpose, sources.by)
    staff_fields = _all_fields("staff") if profile else wanted.reads
    if sources.counts is not None:
        say(f"Reading counts from {sources.counts.name}")
        sheet = choose_sheet(sources.counts, "counts", sources.sheets.get("counts"))
        loaded = load_sheet(sheet, "counts", sources.mapping_for("counts"), rows=sources.rows)
        found = {"counts": loaded}
    else:
        if sources.workbook is not None:
            sheets = workbook_sheets(sources.workbook)
            if "counts" in sheets and "staff" not in sheets:
                loaded = load_sheet(
                    sheets["counts"], "counts", sources.mapping_for("counts"), rows=sources.rows
                )
                return _finish({"counts": loaded}, sources, year)
        else:
            if "staff" not in sources.files and not sources.files:
                raise InputError(
                    Problem(
                        severity="error",
                        message="no input files given",
                        hint="Give --staff FILE, --workbook FILE or --counts FILE.",
                    )
                )
            sheets = {
                kind: choose_sheet(path, kind, sources.sheets.get(kind))
                for kind, path in sources.files.items()
            }
        found = {}
        for kind in ALL_ROW_KINDS:
            if kind in sheets:
                say(f"Reading {kind} from {sheets[kind].label}")
                found[kind] = load_sheet(
                    sheets[kind],
                    kind,
                    sources.mapping_for(kind),
                    fields=staff_fields if kind == "staff" else None,
                    year=sources.years.get(kind),
                    labels=sources.labels,
                    requires=wanted.requires_for(kind),
                    stream=sources.stream and kind == "staff" and len(sheets) == 1,
                )
    say("Counting")
    return _finish(found, sources, year)


def _finish(found: dict[str, Loaded], sources: Sources, year: int | None) -> Loaded_:
    problems = [p for loaded in found.values() for p in loaded.problems]
    notes: list[str] = []
    for loaded in found.values():
        if loaded.year_source.startswith(
            "WRES year"
        ):  # found in a title row or file name, or given
            notes.append(f"{loaded.source}: {loaded.year_source}")
        if loaded.notes.get("bank_excluded"):
            notes.append(
                f"{loaded.notes['bank_excluded']:,} bank staff excluded from the staff figures (people whose only assignments are bank)"
            )
        if loaded.notes.get("extra_assignments_merged"):
            notes.append(
                f"{loaded.notes['extra_assignments_merged']:,} second and later assignments "
                "merged: each person counted once, in their main assignment"
            )
    if errors(problems):
        return Loaded_(
            counts=None, problems=problems, notes=notes, inputs=found, purpose=sources.purpose
        )
    if "counts" in found:
        table = counts_mod.from_loaded_counts(found["counts"])
        if sources.organisation:
            table["organisation"] = table["organisation"].where(
                table["organisation"].notna(), sources.organisation
            )
    else:
        organisation = sources.organisation or _named_in_titles(found, notes)
        inputs = counts_mod.Inputs(
            organisation=organisation, notes=notes, **{k: v for k, v in found.items()}
        )
        table = counts_mod.from_inputs(inputs, year=year)
        if reads_medical(sources.purpose):
            table = _with_medical_rows(table, inputs, year, notes)
    return Loaded_(
        counts=table, problems=problems, notes=notes, inputs=found, purpose=sources.purpose
    )


def _named_in_titles(found: dict[str, Loaded], notes: list[str]) -> str | None:
    """The organisation a file's title rows name (the staff file's first), when none was given."""
    for loaded in sorted(found.values(), key=lambda f: f.kind != "staff"):
        if loaded.organisation:
            notes.append(f"{loaded.source}: organisation {loaded.organisation!r}, as its title "
                         "row names it")  # fmt: skip
            return loaded.organisation
    return None


def _with_medical_rows(
    table: pd.DataFrame, inputs: counts_mod.Inputs, year: int | None, notes: list[str]
) -> pd.DataFrame:
    """The counts with the medical view's MED-GRADE and MED-ROLE rows (metrics.standards.medical)
    from the staff file, its blank years filled as from_inputs fills them; none, with a note
    saying why, when the file cannot say who the doctors are or has none. Here rather than in
    from_inputs because the medical view builds on the counts module."""
    if inputs.staff is None or "group" not in inputs.staff.frame:
        return table
    from metrics.standards.medical import medical_counts

    staff = inputs.staff.frame
    filled = year or counts_mod.latest_year(inputs)
    if filled is not None and ("year" not in staff or staff["year"].isna().any()):
        staff = staff.assign(year=staff["year"].fillna(filled) if "year" in staff else filled)
    try:
        rows, found = medical_counts(staff, organisation=inputs.organisation)
    except InputError as refused:
        notes.append(f"medical workforce view not given: {refused.problems[0].message}")
        return table
    notes += found
    if table.empty or rows.empty:
        return rows if table.empty else table
    return pd.concat([table, rows], ignore_index=True)  # both normalised: the types are kept


def _all_fields(kind: str) -> tuple[str, ...]:
    return tuple(ref.kinds()[kind].fields)


def validate_file(
    path: Path,
    kind: str | None = None,
    mapping: dict[str, str] | None = None,
    purpose: str = "all",
) -> list[Problem]:
    """Every problem in one file: each sheet whose kind is known (or the given kind). A staff
    file is checked for what `purpose` needs (by default: any one standard's characteristic)."""
    wanted = purpose_of(purpose)

    def check(sheet, kind: str) -> list[Problem]:
        needs = wanted.requires_for(kind)
        return load_sheet(sheet, kind, mapping, fields=_all_fields(kind), requires=needs).problems

    if kind is not None:
        return check(choose_sheet(path, kind), kind)
    problems: list[Problem] = []
    sheets = open_sheets(path)
    seen = 0
    for sheet in sheets:
        detected = kind_of(sheet)
        if detected is None:
            if len(sheets) == 1:
                raise InputError(
                    Problem(
                        severity="error",
                        file=path.name,
                        message="could not tell what this file holds from its columns",
                        hint="Say which kind it is with --kind (staff, recruitment, "
                        "disciplinary, training, capability, board, survey or counts).",
                    )
                )
            problems.append(
                Problem(
                    severity="warning",
                    file=path.name,
                    sheet=sheet.name,
                    message="sheet not recognised; skipped",
                    hint="Name the sheet by what it holds (Staff, Recruitment ...).",
                )
            )
            continue
        seen += 1
        problems += check(sheet, detected)
    if not seen:
        raise InputError(
            Problem(
                severity="error",
                file=path.name,
                message="no sheet in this workbook was recognised. Sheets found: "
                + ", ".join(f'"{s.name}"' for s in sheets),
                hint="Name each sheet by what it holds (Staff, Recruitment, Disciplinary, "
                "Training, Capability, Board, Survey, Counts), or give --kind.",
            )
        )
    return problems
