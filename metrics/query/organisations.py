"""The region and trust type of each organisation in a national or ICB table, when the table
has columns for them (named as a network counts file names them: Region, NHS Region, Trust
Type ...): what `compare --region` and `--trust-type` choose peers by. One row per distinct
organisation and label comes back from the engine, never a row per person."""

from __future__ import annotations

import pandas as pd

from metrics import reference as ref
from metrics.problems import InputError, Problem
from metrics.query.sources import Engine
from metrics.query.table_columns import ORGANISATION, organisation_column

ATTRIBUTES = ("region", "trust_type")


def _column(columns: list[str], name: str) -> str | None:
    spec = ref.kinds()["counts"].fields[name]
    aliases = {ref.compact(a) for a in (spec.name, *spec.aliases)}
    return next((c for c in columns if ref.compact(c) in aliases), None)


def _label(value: object) -> str | None:
    if value is None or value != value:
        return None
    text = str(value).strip()
    return text or None


def organisation_attributes(engine: Engine, name: str, mapping: dict[str, str] | None = None,
                            kind: str = "staff") -> pd.DataFrame | None:  # fmt: skip
    """organisation, region, trust_type: one row per organisation the table names, or None when
    it names no organisation or has neither column. Raises InputError when an organisation is
    given two regions (or two trust types): which one holds is for the user to say."""
    src = engine.table(name, kind)
    columns = [c for c in src.columns if not c.startswith("__")]
    org = organisation_column(columns, mapping)
    found = {a: _column(columns, a) for a in ATTRIBUTES}
    found = {a: c for a, c in found.items() if c is not None}
    if org is None or not found:
        return None
    picked = {ORGANISATION: src[org].cast("string")}
    picked.update({a: src[c].cast("string") for a, c in found.items()})
    rows = engine.fetch(src.select(**picked).distinct())
    for col in rows.columns:
        rows[col] = [_label(v) for v in rows[col]]
    rows = rows[rows[ORGANISATION].notna().to_numpy()].drop_duplicates()
    for attribute, column in found.items():
        given = rows.dropna(subset=[attribute]).drop_duplicates([ORGANISATION, attribute])
        twice = given[given.duplicated(ORGANISATION, keep=False)]
        if not twice.empty:
            who = str(twice[ORGANISATION].iloc[0])
            values = ", ".join(f'"{v}"' for v in twice.loc[twice[ORGANISATION] == who, attribute])
            raise InputError(
                Problem(
                    severity="error",
                    message=f'"{who}" has more than one {attribute.replace("_", " ")} in the '
                    f'{kind} table\'s "{column}" column: {values}',
                    hint="Correct the rows so that each organisation has one, or leave out "
                    "--region / --trust-type.",
                )
            )
    out = rows.groupby(ORGANISATION, sort=False).first().reset_index()
    for attribute in ATTRIBUTES:
        if attribute not in out:
            out[attribute] = None
    return out[[ORGANISATION, *ATTRIBUTES]]
