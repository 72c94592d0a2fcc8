"""Board members in the engine: WRES9 / WDES10 (members of each group over board members, for
voting and executive membership), from a board table or the staff table's board flags.
Mirrors metrics.inputs.loaders._board and metrics.counts.table._board_rows."""

from __future__ import annotations

import pandas as pd

from metrics.problems import Problem
from metrics.query.checks import refuse
from metrics.query.labels import characteristics, flag, organisation, year
from metrics.query.sources import Engine
from metrics.query.staff import PLACE, Prepared
from metrics.query.table_columns import ROW, raw_table, without_blank_rows


def prepare_board(
    engine: Engine,
    name: str,
    mapping: dict[str, str] | None = None,
    *,
    labels_map: dict[str, str] | None = None,
) -> Prepared:
    raw = raw_table(engine, name, "board", mapping)
    problems: list[Problem] = list(raw.warnings)
    t = raw.table
    kept = [ROW] if ROW in t.columns else []
    t = organisation(engine, raw, t, kept)
    t = characteristics(engine, raw, t, problems, labels_map, kept)
    t = flag(engine, raw, "voting", t, problems)
    t = flag(engine, raw, "executive", t, problems)
    kept += ["voting", "executive"]
    if raw.has("year"):
        t = year(engine, raw, t, problems)
        kept.append("year")
    refuse(problems)
    t = without_blank_rows(raw, t)
    t = engine.keep(t.select(*kept))
    return Prepared(kind="board", table=t, columns=tuple(c for c in kept if c != ROW))


def board_rows(engine: Engine, board, group_column: str, indicator: str) -> list[pd.DataFrame]:
    parts = []
    for membership in ("voting", "executive"):
        if membership not in board.columns:
            continue
        members = board.filter(board[membership])
        keys = [k for k in PLACE if k in board.columns]
        rows = engine.fetch(members.group_by([*keys, group_column]).agg(numerator=members.count()))
        rows = rows.rename(columns={group_column: "group"})
        for col in [*keys, "group"]:
            rows[col] = rows[col].astype(object).where(rows[col].notna(), None)
        rows["denominator"] = (
            rows.groupby(keys, dropna=False)["numerator"].transform("sum")
            if keys
            else rows["numerator"].sum()
        )
        rows["membership"] = membership
        rows["indicator"] = indicator
        parts.append(rows)
    return parts
