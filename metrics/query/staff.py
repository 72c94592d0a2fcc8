"""Staff in post, in the engine: each column's labels classified once (metrics.counts rules),
each person once a year in their main assignment, bank staff marked; then WRES1 / WDES1 counts
and the headcount per group taken by GROUP BY. Mirrors metrics.inputs.loaders._staff and
metrics.counts.table rule for rule; the equality tests hold the two together."""

from __future__ import annotations

from dataclasses import dataclass, field

from metrics.counts import classify
from metrics.inputs.column_values import clinical_code, flag_code
from metrics.inputs.columns import purpose as purpose_of
from metrics.problems import Problem
from metrics.query.checks import label_problems, refuse
from metrics.query.classify import attach
from metrics.query.labels import (
    GROUP_COLUMNS,
    characteristic,
    ethnicity,
    flag,
    number,
    text,
    year,
)
from metrics.query.sources import Engine
from metrics.query.table_columns import ROW, RawTable, raw_table, without_blank_rows


@dataclass
class Prepared:
    """A row table classified in the engine: one row per counted record, typed columns."""

    kind: str
    table: object  # Ibis table: year (int, when known), group columns, breakdowns ...
    columns: tuple[str, ...]  # the typed columns it has
    problems: list[Problem] = field(default_factory=list)  # warnings (errors are raised)
    notes: dict[str, int] = field(default_factory=dict)

    def has(self, column: str) -> bool:
        return column in self.columns


def prepare_staff(
    engine: Engine,
    name: str,
    mapping: dict[str, str] | None = None,
    *,
    purpose: str = "wres",
    labels_map: dict[str, str] | None = None,
) -> Prepared:
    """The staff table classified and reduced to one row per person a year (bank rows kept,
    marked, so that events can be joined to them), in the engine."""
    import ibis

    wanted = purpose_of(purpose)
    raw = raw_table(engine, name, "staff", mapping, wanted.reads, wanted.requires_for("staff"))
    problems: list[Problem] = list(raw.warnings)
    t = raw.table
    kept = [ROW] if ROW in t.columns else []
    if raw.has("ethnicity"):
        t, _ = ethnicity(engine, raw, classify.label_map(labels_map), t, problems)
        kept.append("group")
    t, bands = attach(
        engine, raw, t, "pay_band",
        lambda v: {"band": classify.band(v) or "Other", "__ok": v is None
                   or classify.band(v) is not None},
        {"band": "string", "__ok": "boolean"},
    )  # fmt: skip
    t = t.drop("__ok")
    problems += label_problems(
        engine, raw, bands, bands.where(lambda r: not r["__ok"]), severity="warning",
        message="pay band or grade not recognised; counted under 'Other'",
        hint="Use Agenda for Change bands (Band 2 ... Band 9, VSM) or medical grade names.",
    )  # fmt: skip
    kept.append("band")
    code = ibis.literal(-1, "int8")
    if raw.has("staff_group"):
        t, groups = attach(
            engine, raw, t, "staff_group",
            lambda v: {"staff_group": v, "__code": clinical_code(v),
                       "__ok": v is None or classify.staff_group(v) is not None},
            {"staff_group": "string", "__code": "int8", "__ok": "boolean"},
        )  # fmt: skip
        problems += label_problems(
            engine, raw, groups, groups.where(lambda r: not r["__ok"]), severity="warning",
            message="staff group not recognised; clinical status unknown",
            hint="Use ESR staff group names, or add a Clinical (yes/no) column.",
        )  # fmt: skip
        code = t["__code"]
        kept.append("staff_group")
    if raw.has("clinical"):
        t, given = attach(
            engine,
            raw,
            t,
            "clinical",
            lambda v: {"__given": flag_code(v)},
            {"__given": "int8"},
        )
        problems += label_problems(
            engine, raw, given, given.where(lambda r: r["__given"] == -2), severity="error",
            message="clinical should be yes or no", hint="Use Yes/No or Clinical/Non-clinical.",
        )  # fmt: skip
        code = (t["__given"] >= 0).ifelse(t["__given"], code)
    t = t.mutate(clinical=(code < 0).ifelse(ibis.null("boolean"), code == 1))
    kept.append("clinical")
    if raw.has("directorate"):
        t = text(engine, raw, "directorate", t)
        kept.append("directorate")
    if raw.has("employee_number"):
        t = t.mutate(employee_number=t["raw_employee_number"])
        kept.append("employee_number")
    for flag_name in ("board_voting", "board_executive"):
        if raw.has(flag_name):
            t = flag(engine, raw, flag_name, t, problems)
            kept.append(flag_name)
    for name_ in ("disability", "sex"):
        if raw.has(name_):
            t = characteristic(engine, raw, name_, t, problems)
            kept.append(GROUP_COLUMNS[name_])
    if raw.has("fte"):
        t, ftes = attach(engine, raw, t, "fte", lambda v: {"fte": number(v)}, {"fte": "float64"})
        problems += label_problems(
            engine, raw, ftes, ftes.where(lambda r: r["fte"] is None), severity="error",
            message="text where a number belongs",
            hint="Enter a number (no words or symbols) or leave it blank.",
        )  # fmt: skip
        problems += label_problems(
            engine, raw, ftes,
            ftes.where(lambda r: r["fte"] is not None and r["fte"] < 0), severity="error",
            message="negative number", hint="Counts cannot be negative; correct the value.",
        )  # fmt: skip
        kept.append("fte")
    if raw.has("year"):
        t = year(engine, raw, t, problems)
        kept.append("year")
    if raw.has("assignment_category"):
        t, _ = attach(
            engine, raw, t, "assignment_category",
            lambda v: {"bank": classify.is_bank(v)}, {"bank": "boolean"},
        )  # fmt: skip
        kept.append("bank")
    if raw.has("assignment_number"):
        t = t.mutate(assignment_number=t["raw_assignment_number"])
        kept.append("assignment_number")
    refuse(problems)
    t = without_blank_rows(raw, t)
    t = engine.keep(t.select(*kept))
    notes: dict[str, int] = {}
    t = _one_row_per_person(engine, raw, t, notes)
    if "bank" in t.columns:
        notes["bank_excluded"] = int(engine.fetch(t.filter(t["bank"]).count().name("n")))
    columns = tuple(c for c in t.columns if c != ROW)
    return Prepared(kind="staff", table=t, columns=columns, problems=problems, notes=notes)


def _one_row_per_person(engine: Engine, raw: RawTable, t, notes: dict[str, int]):
    """Headcount counts people: each person's main assignment a year (not bank, then the
    largest FTE, then the first row); duplicate rows are refused as in the file path."""
    import ibis

    if "employee_number" not in t.columns:
        return t
    person = ["employee_number", *(["year"] if "year" in t.columns else [])]
    named = t.filter(t["employee_number"].notnull())
    where = f"table {raw.name}"
    if "assignment_number" not in t.columns:
        repeated = named.group_by(person).agg(__n=named.count()).filter(lambda g: g["__n"] > 1)
        n = int(engine.fetch(repeated.count().name("n")))
        if n:
            refuse([Problem(
                severity="error", file=where, column=raw.headers.get("employee_number"),
                message=f"duplicate employee number ({n:,} people appear on more than one row)",
                hint="Each person should appear once. If the table has one row per assignment, "
                "include the Assignment Number column so the tool can count people.",
            )])  # fmt: skip
        return t
    keys = [*person, "assignment_number"]
    repeated = named.group_by(keys).agg(__n=named.count()).filter(lambda g: g["__n"] > 1)
    n = int(engine.fetch(repeated.count().name("n")))
    if n:
        refuse([Problem(
            severity="error", file=where, column=raw.headers.get("employee_number"),
            message="the same employee and assignment number appear on more than one row "
            f"({n:,} assignments)",
            hint="Remove the duplicate rows; each assignment should appear once.",
        )])  # fmt: skip
    several = named.group_by(person).agg(__n=named.count()).filter(lambda g: g["__n"] > 1)
    if not int(engine.fetch(several.count())):  # one row per person: nothing to merge
        notes["extra_assignments_merged"] = 0
        return t
    order = []
    if "bank" in t.columns:
        order.append(t["bank"].cast("int8"))
    if "fte" in t.columns:
        order.append(t["fte"].fill_null(0.0).desc())
    if ROW in t.columns:
        order.append(t[ROW])
    rank = ibis.row_number().over(group_by=[t[k] for k in person], order_by=order)
    ranked = t.mutate(__rank=rank)
    keep = ranked["employee_number"].isnull() | (ranked["__rank"] == 0)
    people = engine.keep(ranked.filter(keep).drop("__rank"))
    rows, kept = (int(engine.fetch(x.count())) for x in (t, people))
    notes["extra_assignments_merged"] = rows - kept
    return people


def staff_counts(engine: Engine, staff, group_column: str, indicator: str):
    """WRES1 (or WDES1) rows and the headcount per group, from the in-post staff: a GROUP BY in
    the engine; only the counts come back."""
    import pandas as pd

    keys = [c for c in ("year", "directorate", "staff_group") if c in staff.columns]
    by = [*keys, "band", "clinical", group_column]
    counted = engine.fetch(staff.group_by(by).agg(numerator=staff.count()))
    counted = counted.rename(columns={group_column: "group"})
    for col in [*keys, "band", "group"]:
        counted[col] = counted[col].astype(object).where(counted[col].notna(), None)
    counted["clinical"] = counted["clinical"].astype("boolean")
    counted["numerator"] = counted["numerator"].astype("int64")
    band_keys = [*keys, "band", "clinical"]
    totals = counted.groupby(band_keys, dropna=False, observed=True)["numerator"]
    shares = counted.assign(denominator=totals.transform("sum"), indicator=indicator)
    heads = counted.groupby([*keys, "group"], dropna=False, observed=True)["numerator"].sum()
    headcount = heads.reset_index().rename(columns={"numerator": "denominator"})
    for col in [*keys, "group"]:
        headcount[col] = headcount[col].astype(object).where(headcount[col].notna(), None)
    return shares, pd.DataFrame(headcount)
