"""What a load did, in words for the person who gave the files: which column fed which field,
which rows were left out and why, which year each file is for and how that was found, and what
is still missing for which indicators."""

from __future__ import annotations

from dataclasses import dataclass

from metrics import reference as ref
from metrics.inputs.column_values import MEDICAL_INDICATORS, WDES_INDICATORS, WRES_INDICATORS
from metrics.inputs.columns import reads_medical
from metrics.inputs.pipeline import Loaded_

_LEFT_OUT = {
    "bank_excluded": "{n:,} bank staff left out (people whose only assignments are bank; "
    "the WRES excludes bank staff)",
    "extra_assignments_merged": "{n:,} second and later assignments merged: each person is "
    "counted once, in their main assignment",
}


def _field_words(name: str) -> str:
    return {"fte": "FTE", "id": "ID"}.get(name, name.replace("_", " ").replace(" id", " ID"))


@dataclass(frozen=True)
class FileSummary:
    kind: str  # staff, recruitment ... counts
    source: str  # file name (and sheet)
    records: int
    columns: dict[str, str]  # field name in words -> the column header it came from
    year: str  # which year, and how it was found
    left_out: tuple[str, ...]  # rows left out or merged, and why
    unreadable: int  # problems (warnings) about values that could not be read

    @property
    def kind_label(self) -> str:
        return ref.kinds()[self.kind].label


def summarise(result: Loaded_) -> list[FileSummary]:
    out = []
    for kind, loaded in result.inputs.items():
        notes = loaded.notes
        left_out = tuple(
            text.format(n=int(notes[key]))
            for key, text in _LEFT_OUT.items()
            if int(notes.get(key, 0) or 0)
        )
        if "year" in loaded.frame and loaded.frame["year"].notna().any():
            years = sorted({int(y) for y in loaded.frame["year"].dropna().unique()})
            shown = ", ".join(map(str, years))
            year = (
                loaded.year_source
                if loaded.year_source.startswith("WRES year")
                else f"{shown} ({loaded.year_source})"
                if loaded.year_source
                else shown
            )
        elif kind == "counts":
            year = "as written in the return"
        else:
            year = loaded.year_source or "no year found: taken as the staff file's year"
        out.append(
            FileSummary(
                kind=kind,
                source=loaded.source,
                records=int(notes.get("records", len(loaded.frame)) or 0),
                columns={_field_words(f): h.strip() for f, h in loaded.columns.items()},
                year=year,
                left_out=left_out,
                unreadable=sum(1 for p in loaded.problems if p.severity == "warning"),
            )
        )
    return out


_ORDER = {i: n for n, i in enumerate((*WRES_INDICATORS, *WDES_INDICATORS))}


def _in_play(result: Loaded_, present: set[str]) -> set[str]:
    """The indicators the load is for: a standard's own by purpose; for the dashboard's load of
    everything, each standard the figures hold some of."""
    if result.purpose in ("wres", "medical"):
        return set(WRES_INDICATORS)
    if result.purpose == "wdes":
        return set(WDES_INDICATORS)
    out: set[str] = set()
    for ids in (WRES_INDICATORS, WDES_INDICATORS):
        if present & set(ids):
            out |= set(ids)
    return out


def _which(lost: list[str]) -> str:
    """'indicator 2', 'indicators 5 to 8' (WRES) or 'WDES metric 3', 'WDES metrics 4a-i to 9a'."""
    wdes = lost[0].startswith("WDES")
    numbers = [i.removeprefix("WDES" if wdes else "WRES") for i in lost]
    word = "WDES metric" if wdes else "indicator"
    return f"{word} {numbers[0]}" if len(numbers) == 1 else f"{word}s {numbers[0]} to {numbers[-1]}"


def missing(result: Loaded_) -> list[str]:
    """One sentence per indicator with no figures, naming the file that would give them; then
    the medical workforce view's tables, when the load is for it."""
    if result.counts is None:
        return []
    present = set(result.counts["indicator"].dropna().astype(str))
    wanted = _in_play(result, present)
    out: list[tuple[str, str]] = []
    for kind, spec in ref.kinds().items():
        for standard in ("WRES", "WDES"):
            lost = [i for i in spec.indicators
                    if i.startswith(standard) and i in wanted and i not in present]  # fmt: skip
            if lost:
                out.append((lost[0], _sentence(result, kind, _which(lost))))
    said = [sentence for _, sentence in sorted(out, key=lambda pair: _ORDER[pair[0]])]
    return said + _medical_missing(result, present)


_GRADES, _ROLES = MEDICAL_INDICATORS  # doctors by grade group; by leadership role


def _medical_missing(result: Loaded_, present: set[str]) -> list[str]:
    """What the medical workforce view lacks, and why: for a load for that view, or for the
    dashboard's load of everything once the figures hold some of it."""
    some = bool(present & set(MEDICAL_INDICATORS))
    if not (result.purpose == "medical" or (reads_medical(result.purpose) and some)):
        return []
    lost = [i for i in MEDICAL_INDICATORS if i not in present]
    if not lost:
        return []
    what = "the medical workforce view" if len(lost) == 2 else "doctors by leadership role"
    if "counts" in result.inputs:
        rows = " or ".join(lost)
        return [f"The counts return has no {rows} rows: {what} cannot be shown."]
    if "staff" not in result.inputs:
        return [f"No {ref.kinds()['staff'].label} file: {what} cannot be shown."]
    if lost == [_ROLES]:
        return [
            "The staff file has no role or position title column: doctors by leadership role "
            "cannot be shown."
        ]
    return [f"The medical workforce view cannot be shown: {_no_doctors(result)}."]


def _no_doctors(result: Loaded_) -> str:
    """Why the staff file gave no MED-GRADE rows, in the medical view's own words."""
    staff = result.inputs["staff"].frame
    if "group" not in staff:
        return "the staff file has no ethnicity column"
    from metrics.problems import InputError
    from metrics.standards.medical import medical_staff

    try:
        medical_staff(staff)
    except InputError as refused:
        return refused.problems[0].message
    return "the staff file gave no figures for it"


def _sentence(result: Loaded_, kind: str, which: str) -> str:
    spec = ref.kinds()[kind]
    if "counts" in result.inputs:
        return f"The counts return has no rows for {which}: it cannot be computed."
    if kind in result.inputs:
        return f"The {spec.label} file gave no figures for {which}."
    if kind == "board":
        return (
            f"No board file (and no board member columns in the staff file): {which} "
            "cannot be computed."
        )
    return f"No {spec.label} file: {which} cannot be computed."
