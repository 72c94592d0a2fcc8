"""What each employer's case counts are set against: the union's members there by ethnic group
(a members file), or the employer's staff in post (WRES indicator 1 of a counts return).

A base is one row per employer, year (None: any year) and group (White, BME, Unknown) with the
number of people; employers are matched by name with case, spacing and punctuation folded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from metrics.casework.log import employer_key
from metrics.counts import classify
from metrics.inputs.column_values import Checker, number_column, recode, year_column
from metrics.inputs.columns import map_columns
from metrics.inputs.loaders import choose_sheet, read_fields, refuse_counts_as_rows
from metrics.inputs.readers import Upload
from metrics.problems import InputError, Problem

BASE_COLUMNS = ("employer", "key", "year", "group", "people")


@dataclass(frozen=True, eq=False)
class Base:
    """People per employer, year and group (BASE_COLUMNS), and what they are, in words."""

    people: pd.DataFrame
    what: str  # "members" or "staff in post (WRES indicator 1)"
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = field(default=())


def base_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """employer, year, group, people rows summed per employer, year and group, with the key."""
    frame = rows.assign(key=rows["employer"].map(employer_key))
    frame["year"] = frame["year"].astype("Int64")
    summed = frame.groupby(["key", "year", "group"], dropna=False, sort=False).agg(
        employer=("employer", "first"), people=("people", "sum")
    )
    out = summed.reset_index()
    out["people"] = out["people"].astype(np.int64)
    return out[list(BASE_COLUMNS)]


def read_members(path: Path | str | Upload, mapping: dict[str, str] | None = None) -> Base:
    """A members file: employer, group (BME / White / Unknown, or an ethnic category) and
    members, optionally by year. A row listed twice is refused (which one is right?)."""
    sheet = choose_sheet(path, "members")
    refuse_counts_as_rows(sheet, "members")
    colmap = map_columns(sheet, "members", mapping)
    frame = read_fields(sheet, colmap)
    where = dict(file=sheet.path.name, sheet=sheet.name)
    if frame.empty:
        raise InputError(Problem(severity="error", **where,
                                 message="the members file has a header but no rows",
                                 hint="Give one row per employer and group."))  # fmt: skip
    check = Checker(sheet, colmap)
    group = recode(frame["group"], classify.wres_group_label)
    check.rows("group", group.isna(), frame, severity="error",
               message="group not recognised", hint="Write BME, White or Unknown.")  # fmt: skip
    members = number_column(frame, "members", check, integer=True)
    check.rows("members", members.isna() & frame["members"].isna(), frame, severity="error",
               message="no number of members", hint="Give the number of members (0 if none).")  # fmt: skip
    check.rows("members", members < 0, frame, severity="error",
               message="a negative number of members", hint="Give the number of members.")  # fmt: skip
    check.rows("employer", frame["employer"].isna(), frame, severity="error",
               message="no employer", hint="Give the employer on every row.")  # fmt: skip
    years = year_column(frame, "year", check) if "year" in frame else None
    rows = pd.DataFrame(
        {
            "employer": frame["employer"]
            .astype(object)
            .map(lambda v: None if v is None else str(v)),
            "year": years
            if years is not None
            else pd.Series(pd.NA, index=frame.index, dtype="Int64"),
            "group": group,
            "people": members,
        },
        index=frame.index,
    )
    keys = pd.DataFrame({"key": rows["employer"].map(employer_key), "year": rows["year"],
                         "group": rows["group"]})  # fmt: skip
    twice = keys.duplicated(keep="first") & rows["group"].notna() & rows["employer"].notna()
    check.rows("employer", twice, frame, severity="error",
               message="this employer and group (and year) are listed twice",
               hint="Give each employer's members in each group once.")  # fmt: skip
    errors = [p for p in check.problems if p.severity == "error"]
    if errors:
        raise InputError(errors + [p for p in check.problems if p.severity != "error"])
    return Base(base_frame(rows), "members", tuple(sheet.problems + check.problems))


def staff_base(counts: pd.DataFrame) -> pd.DataFrame:
    """Each organisation's staff in post per year and group from canonical counts: WRES1's
    numerators (every band, clinical and non-clinical) of the whole organisation's rows, or of
    its directorates' or staff groups' rows summed where it gives no whole-organisation rows."""
    rows = counts[counts["indicator"].astype(str).eq("WRES1").to_numpy()]
    if "characteristic" in rows:
        rows = rows[rows["characteristic"].isna().to_numpy()]
    breakdown = np.zeros(len(rows), dtype=bool)
    for name in ("directorate", "staff_group"):
        if name in rows:
            breakdown |= rows[name].notna().to_numpy()
    rows = rows.assign(_part=breakdown)
    whole = rows.groupby("organisation", sort=False)["_part"].transform("min")
    rows = rows[(rows["_part"] == whole).to_numpy()]  # whole rows where an organisation has them
    out = pd.DataFrame(
        {
            "employer": rows["organisation"].astype(str),
            "year": rows["year"].astype("Int64"),
            "group": rows["group"].astype(str),
            "people": pd.to_numeric(rows["numerator"]).astype(np.int64),
        }
    )
    return base_frame(out)


def read_staff(paths: Sequence[Path | str | Upload], mapping: dict[str, str] | None = None) -> Base:
    """The employers' staff in post from WRES counts returns (a network's, or one trust's)."""
    from metrics.compare.inputs import load_network

    network = load_network(list(paths), mapping, indicators=["WRES1"])
    people = staff_base(network.counts)
    if people.empty:
        raise InputError(Problem(
            severity="error", file=", ".join(Path(getattr(p, "name", p)).name for p in paths),
            message="the counts file has no WRES1 rows (staff in post by band), so there is no "
                    "staff to set the cases against",
            hint="Give a counts return with WRES indicator 1, or a members file with --members."
        ))  # fmt: skip
    return Base(people, "staff in post (WRES indicator 1)", tuple(network.warnings))
