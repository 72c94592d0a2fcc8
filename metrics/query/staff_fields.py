"""The staff fields only pay gaps and the medical view read (hourly pay, bonus, full pay
relevant, the national ethnic code; role, place of qualification and a doctor's own grade label),
as typed columns joined from label tables like every other field: each distinct label read
once by the file path's own rules (metrics.inputs.loaders._staff), the same problems reported.
prepare_staff adds them when the purpose reads them; the WRES and WDES never do."""

from __future__ import annotations

from metrics.counts import classify
from metrics.inputs.column_values import flag_code, is_medical_staff_group
from metrics.inputs.columns import MEDICAL_FIELDS
from metrics.problems import Problem
from metrics.query.checks import label_problems
from metrics.query.classify import attach
from metrics.query.labels import number, text
from metrics.query.sources import Engine
from metrics.query.table_columns import RawTable

PAY_FIELDS = ("hourly_pay", "bonus")


def more_columns(
    engine: Engine,
    raw: RawTable,
    t,
    problems: list[Problem],
    check: bool,
    kept: list[str],
    labels_map: dict[str, str] | None,
    reads: tuple[str, ...],
):
    """`t` with the pay and medical columns the purpose reads (names added to `kept`);
    problems in their labels added to `problems` when `check`."""

    def report(*args, **kwargs) -> list[Problem]:
        return label_problems(engine, raw, *args, **kwargs) if check else []

    for name in PAY_FIELDS:
        if raw.has(name):
            t, read = attach(engine, raw, t, name, lambda v, n=name: {n: number(v)},
                             {name: "float64"})  # fmt: skip
            problems += report(
                read, read.where(lambda r, n=name: r[n] is None), severity="error",
                message="text where a number belongs",
                hint="Enter a number (no words or symbols) or leave it blank.",
            )  # fmt: skip
            problems += report(
                read, read.where(lambda r, n=name: r[n] is not None and r[n] < 0),
                severity="error", message="negative number",
                hint="Counts cannot be negative; correct the value.",
            )  # fmt: skip
            kept.append(name)
    if raw.has("full_pay_relevant"):  # a blank is not a "no" here: everyone is relevant
        t, given = attach(
            engine, raw, t, "full_pay_relevant",
            lambda v: {"full_pay_relevant": flag_code(v) != 0, "__bad": flag_code(v) == -2},
            {"full_pay_relevant": "boolean", "__bad": "boolean"},
        )  # fmt: skip
        t = t.drop("__bad")
        problems += report(
            given, given.where(lambda r: r["__bad"]), severity="error",
            message="full pay relevant should be yes or no",
            hint="Use Yes/No; leave it blank for yes.",
        )  # fmt: skip
        kept.append("full_pay_relevant")
    if raw.has("ethnicity") and "hourly_pay" in reads:  # a White British reference reads it
        names = classify.label_map(labels_map)
        t, _ = attach(
            engine, raw, t, "ethnicity",
            lambda v: {"ethnic_code": classify.ethnicity_in(v, names).code},
            {"ethnic_code": "string"},
        )  # fmt: skip
        kept.append("ethnic_code")
    if not any(f in reads for f in MEDICAL_FIELDS):
        return t
    for name in MEDICAL_FIELDS:
        if raw.has(name):
            t = text(engine, raw, name, t)
            kept.append(name)
    if raw.has("staff_group"):  # a doctor's own grade label (FY1, trust grade ...), as a file
        t, _ = attach(engine, raw, t, "staff_group",
                      lambda v: {"__medical": is_medical_staff_group(v)},
                      {"__medical": "boolean"})  # fmt: skip
        t, _ = attach(engine, raw, t, "pay_band", lambda v: {"__grade": classify.visible(v)},
                      {"__grade": "string"})  # fmt: skip
        import ibis

        own = t["__grade"].nullif("")
        t = t.mutate(grade=t["__medical"].ifelse(own, ibis.null("string")))
        t = t.drop("__medical", "__grade")
        kept.append("grade")
    return t
