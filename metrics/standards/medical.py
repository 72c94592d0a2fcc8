"""The medical workforce view: who the doctors are by grade, by leadership role and by place of
primary medical qualification, by ethnicity.

Why: NHS England's Medical WRES reports these (how many clinical and medical directors are BME,
how BME doctors are spread across grades), and no WRES indicator does. The staff frame is reduced
to counts first (`medical_counts`, indicator ids MED-GRADE and MED-ROLE with the grade or role in
the `band` column, as WRES1 carries a band), and the tables are read from counts, so an
aggregated return gives the same tables as the staff file it came from. Unknown ethnicity stays
in every denominator, as in WRES1. Medical and Dental staff only, bank staff left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from metrics import reference as ref
from metrics.counts.characteristics import characteristic
from metrics.counts.table import _size, filter_unit, normalise
from metrics.disclosure.control import DEFAULT_SETTINGS, DisclosureSettings, second_axis_rows
from metrics.inputs.column_values import is_medical_staff_group, recode_array
from metrics.problems import InputError, Problem
from metrics.standards.indicators import WresOptions, report
from metrics.standards.medical_labels import (
    ALL_ROLES,
    GRADES,
    OTHER_GRADE,
    REGIONS,
    UNKNOWN_REGION,
    grade_group,
    leadership_role,
    qualification_region,
)
from metrics.standards.results import IndicatorResult

GRADE_INDICATOR = "MED-GRADE"
ROLE_INDICATOR = "MED-ROLE"

Status = Literal["ok", "small_numbers"]


@dataclass(frozen=True)
class ShareRow:
    """One row of a representation table: a grade, a role or a grade and region."""

    label: str
    headcount: int
    counts: dict[str, int]  # ethnic group (White, BME, Unknown) -> headcount
    status: Status = "ok"
    region: str | None = None  # the place of qualification, in the grade x region table

    def share(self, group: str) -> float | None:
        """The group's percentage of the row, Unknown in the denominator; None for an empty row."""
        if self.headcount == 0:
            return None
        return 100 * self.counts.get(group, 0) / self.headcount


@dataclass(frozen=True)
class MedicalView:
    organisation: str | None
    year: int | None
    grades: tuple[ShareRow, ...]
    roles: tuple[ShareRow, ...]  # empty when no role or position title column was given
    qualification: tuple[ShareRow, ...] | None  # None when no qualification column was given
    notes: tuple[str, ...] = field(default=())


def _groups() -> tuple[str, ...]:
    return characteristic("ethnicity").groups


# The columns the medical view reads from a doctor's row: only these are copied for the doctors.
_DOCTOR_COLUMNS = ("group", "band", "grade", "role", "primary_qualification", "year")


def medical_staff(staff: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The Medical and Dental staff in post (bank left out), with the columns the medical view
    reads, and notes on how they were found.

    Raises InputError when the file cannot say who is medical or has no doctors in it."""
    notes: list[str] = []
    if "band" not in staff and "grade" not in staff:
        raise InputError(
            Problem(
                severity="error",
                message="the staff file has no grade column, so doctors cannot be put in grades",
                hint="Add the Grade (or Pay Band) column that holds each doctor's grade "
                "(Consultant, Specialty Doctor, FY1 ...).",
                field="pay_band",
            )
        )
    if "staff_group" in staff:
        medical = recode_array(staff["staff_group"], is_medical_staff_group, bool)
    else:
        bands = ref.bands()
        medical = recode_array(
            staff["band"], lambda v: v in bands and bands[v].kind == "medical", bool
        )
        notes.append(
            "the staff file has no staff group column: doctors were found by their medical grade"
        )
    if "bank" in staff:
        bank = staff["bank"].to_numpy(dtype=bool)
        if (medical & bank).any():
            notes.append(
                f"{int((medical & bank).sum()):,} bank-only doctors left out, as for the WRES"
            )
        medical = medical & ~bank
    if not medical.any():
        raise InputError(
            Problem(
                severity="error",
                message="the staff file has no Medical and Dental staff in post, so there is no "
                "medical workforce to describe",
                hint="Check the Staff Group column: doctors are in the 'Medical and Dental' "
                "staff group in ESR.",
                field="staff_group",
            )
        )
    return staff.loc[medical, [c for c in _DOCTOR_COLUMNS if c in staff]], notes


def _codes(
    column: pd.Series, read: Callable[[object], str | None], labels: tuple[str, ...]
) -> np.ndarray:
    """Each row's position in `labels` after `read` (-1: read gives none of them), worked out
    once per distinct value, so a national extract costs a few hundred look-ups."""
    index = {label: i for i, label in enumerate(labels)}
    return recode_array(column, lambda v: index.get(read(v), -1), np.int64)


def _categorical(codes: np.ndarray, labels: tuple[str, ...]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=list(labels), validate=False)


def _grade_labels(doctors: pd.DataFrame) -> pd.Categorical:
    """Each doctor's grade group, from their own grade label where kept, else the band."""
    codes = _codes(doctors["band"], grade_group, GRADES)
    if "grade" in doctors:  # the doctor's own label first; a label only the band table read
        own = _codes(doctors["grade"], grade_group, GRADES)
        codes = np.where(own >= 0, own, codes)
    return _categorical(np.where(codes >= 0, codes, GRADES.index(OTHER_GRADE)), GRADES)


def _rows(frame: pd.DataFrame, keys: list[str], indicator: str) -> pd.DataFrame:
    rows = _size(frame, [*keys, "group"], "numerator")
    rows["denominator"] = rows.groupby(keys, dropna=False)["numerator"].transform("sum")
    rows["indicator"] = indicator
    return rows


def _doctor_frame(doctors: pd.DataFrame, notes: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """Ethnic group and grade group per doctor (and year), the keys every table counts by."""
    years = ["year"] if "year" in doctors and doctors["year"].notna().any() else []
    frame = pd.DataFrame(
        {"group": doctors["group"], "band": _grade_labels(doctors)}, index=doctors.index
    )
    for key in years:
        frame[key] = doctors[key]
    unread = int((frame["band"].cat.codes == GRADES.index(OTHER_GRADE)).sum())
    if unread:
        notes.append(
            f"{unread:,} doctor(s) have a blank or unrecognised grade: shown as '{OTHER_GRADE}'"
        )
    return frame, years


def medical_counts(
    staff: pd.DataFrame, *, organisation: str | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """MED-GRADE and MED-ROLE counts rows: the grade or role in `band`, numerator = the ethnic
    group's headcount in it, denominator = its headcount (Unknown included), as WRES1; by year
    when the file has years. Notes say what was assumed or left out."""
    doctors, notes = medical_staff(staff)
    frame, years = _doctor_frame(doctors, notes)
    parts = [_rows(frame, [*years, "band"], GRADE_INDICATOR)]
    if "role" in doctors:
        roles = frame.assign(
            band=_categorical(_codes(doctors["role"], leadership_role, ALL_ROLES), ALL_ROLES)
        )
        parts.append(_rows(roles, [*years, "band"], ROLE_INDICATOR))
    counts = normalise(pd.concat(parts, ignore_index=True))
    if organisation:
        counts["organisation"] = organisation
    return counts, notes


def qualification_table(
    staff: pd.DataFrame,
    *,
    year: int | None = None,
    settings: DisclosureSettings = DEFAULT_SETTINGS,
) -> tuple[tuple[ShareRow, ...], list[str]]:
    """Grade x place of primary medical qualification (UK, EEA, International, Unknown), each
    cell's headcount by ethnic group: the two axes kept apart, so a reader can see whether a gap
    by ethnicity is also a gap by where doctors qualified. From the staff rows (the counts table
    has no column for a second axis); the year given, else the latest."""
    doctors, _ = medical_staff(staff)  # medical_counts says how they were found
    notes: list[str] = []
    if "primary_qualification" not in doctors:
        raise InputError(
            Problem(
                severity="error",
                message="the staff file has no place of primary medical qualification column",
                hint="Add a column such as 'Country of primary medical qualification'.",
                field="primary_qualification",
            )
        )
    frame, years = _doctor_frame(doctors, [])
    region = _codes(doctors["primary_qualification"], qualification_region, REGIONS)
    unread = region < 0
    if unread.any():
        notes.append(
            f"{int(unread.sum()):,} doctor(s) have a place of qualification the tool does not "
            "recognise: counted as Unknown (add the country to "
            "metrics/reference/qualification_regions.csv)"
        )
    frame["region"] = _categorical(np.where(unread, REGIONS.index(UNKNOWN_REGION), region), REGIONS)
    if years:
        wanted = year if year is not None else int(frame["year"].max())
        frame = frame[(frame["year"] == wanted).fillna(False).to_numpy(dtype=bool)]
    rows = _rows(frame, ["band", "region"], "qualification")
    return _table(rows, GRADES, settings, regions=True), notes


def _small(counts: dict[str, int], headcount: int, settings: DisclosureSettings) -> Status:
    cells = [*counts.values(), headcount]
    return "small_numbers" if any(1 <= n <= settings.threshold for n in cells) else "ok"


def _table(
    rows: pd.DataFrame, order: tuple[str, ...], settings: DisclosureSettings, regions: bool = False
) -> tuple[ShareRow, ...]:
    keys = ["band", "region"] if regions else ["band"]
    found: dict[tuple, dict[str, int]] = {}
    heads: dict[tuple, int] = {}
    for row in rows.to_dict("records"):
        key = tuple(row[k] for k in keys)
        found.setdefault(key, {g: 0 for g in _groups()})[row["group"]] = int(row["numerator"])
        heads[key] = max(heads.get(key, 0), int(row["denominator"]))

    def rank(key: tuple) -> tuple:
        first = order.index(key[0]) if key[0] in order else len(order)
        second = REGIONS.index(key[1]) if regions and key[1] in REGIONS else 0
        return first, str(key[0]), second

    out = []
    for key in sorted(found, key=rank):
        headcount = max(heads[key], sum(found[key].values()))
        out.append(
            ShareRow(
                label=str(key[0]),
                headcount=headcount,
                counts=found[key],
                status=_small(found[key], headcount, settings),
                region=str(key[1]) if regions else None,
            )
        )
    return tuple(out)


def view(
    counts: pd.DataFrame,
    *,
    organisation: str | None = None,
    year: int | None = None,
    qualification: tuple[ShareRow, ...] | None = None,
    notes: tuple[str, ...] | list[str] = (),
    settings: DisclosureSettings = DEFAULT_SETTINGS,
) -> MedicalView:
    """The grade, role and qualification tables for one organisation and year (the latest when
    not given), with exact counts and a small-numbers status: for internal use (see `published`
    for what may leave the organisation)."""
    rows = counts[counts["indicator"].isin([GRADE_INDICATOR, ROLE_INDICATOR]).to_numpy()]
    split = second_axis_rows(rows)  # grade by place of qualification, from a counts file
    rows, by_place = rows[~split], rows[split]
    if rows.empty:
        raise InputError(
            Problem(
                severity="error",
                message="the data has no medical grade figures (MED-GRADE rows), so the medical "
                "workforce view cannot be given",
                hint="Give the staff file with its Grade and Staff Group columns.",
            )
        )
    if organisation:
        rows = filter_unit(rows, organisation=organisation)
    named = sorted({str(v) for v in rows["organisation"].dropna().unique()})
    if len(named) > 1:
        raise InputError(
            Problem(
                severity="error",
                message=f"the data holds {len(named)} organisations",
                hint="Choose one with --organisation: " + ", ".join(named) + ".",
                option="--organisation NAME",
            )
        )
    years = sorted(int(y) for y in rows["year"].dropna().unique())
    chosen = year if year is not None else (years[-1] if years else None)
    if chosen is not None and years:
        if chosen not in years:
            raise InputError(
                Problem(
                    severity="error",
                    message=f"the medical figures have no year {chosen}",
                    hint="Years found: " + ", ".join(map(str, years)) + ".",
                    option="--year YEAR",
                )
            )
        rows = rows[(rows["year"] == chosen).fillna(False).to_numpy()]

    def of(indicator: str) -> pd.DataFrame:
        return rows[(rows["indicator"] == indicator).to_numpy()]

    if qualification is None and len(by_place):
        by_place = filter_unit(by_place, organisation=organisation) if organisation else by_place
        if chosen is not None:
            by_place = by_place[(by_place["year"] == chosen).fillna(False).to_numpy()]
        if len(by_place):
            places = by_place.drop(columns=["region"], errors="ignore")
            places = places.rename(columns={"characteristic_group": "region"})
            qualification = _table(places, GRADES, settings, regions=True)

    return MedicalView(
        organisation=named[0] if named else organisation,
        year=chosen,
        grades=_table(of(GRADE_INDICATOR), GRADES, settings),
        roles=_table(of(ROLE_INDICATOR), ALL_ROLES, settings),
        qualification=qualification,
        notes=tuple(notes),
    )


MEDICAL = "MEDICAL"  # the standard file (metrics/reference/standards/MEDICAL.toml): WRES2-8


def overall(rows: tuple[ShareRow, ...], label: str = "All doctors") -> ShareRow:
    """A table's rows added up: the comparator each grade's or role's share is read against."""
    groups = _groups()
    counts = {g: sum(r.counts.get(g, 0) for r in rows) for g in groups}
    return ShareRow(label=label, headcount=sum(r.headcount for r in rows), counts=counts)


def medical_groups(counts: pd.DataFrame) -> list[str]:
    """The staff group labels in the counts that name Medical and Dental staff (any spelling)."""
    return sorted(
        {str(v) for v in counts["staff_group"].dropna().unique() if is_medical_staff_group(v)}
    )


def medical_indicators(
    counts: pd.DataFrame,
    *,
    organisation: str | None = None,
    year: int | None = None,
    options: WresOptions | None = None,
) -> tuple[dict[str, IndicatorResult], list[str]]:
    """WRES2-8 restricted to Medical and Dental staff, and notes. Every spelling of the staff
    group ("Medical & Dental", "Medical") counts as one unit: the restriction matches them all
    (metrics.counts.table.filter_unit). With no staff group in the data the indicators cannot be
    restricted: none are given, and a note says why."""
    if not medical_groups(counts):
        return {}, [
            "WRES indicators 2-8 for doctors need the staff group of each record (a Staff Group "
            "column in the staff file and the files joined to it); none names Medical and "
            "Dental, so they are not given"
        ]
    chosen = report(counts, standard=MEDICAL, organisation=organisation, year=year, options=options)
    return dict(chosen.indicators), []
