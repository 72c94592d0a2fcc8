"""Pay gaps from a staff table, counted in the engine.

Every pay-gap figure depends only on how many people of each group are on each distinct rate
of pay (metrics.standards.pay_tally says why): medians, quartiles, the bootstrap and the exact
median intervals are worked out from rates and counts; means are sums of rate x count. So the
engine returns GROUP BY (year, band, each characteristic's group, bank, full pay relevant,
hourly rate, bonus) COUNT(*): **one row per distinct (year, band, groups, bank, full pay
relevant, rate, bonus) combination**, never a row per person (national pay scales put most staff
on a few dozen rates; the sample trust has 91). The labels are read in the engine as for the
WRES (metrics.query.staff: each distinct label classified once by the file path's rules).

The figures are then the very ones metrics.standards.paygap gives for a staff frame: the counts
are laid out as a frame of pay values, one row per person but with no identifier and nothing
else (`pay_rows`), and handed to the same `pay_gap` / `pay_gaps`. One code path for the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from metrics.inputs.column_values import GROUP_COLUMNS
from metrics.problems import Problem
from metrics.query.per_person import rows_per_person
from metrics.query.sources import Engine
from metrics.query.staff import prepare_staff

KEYS = ("year", "band", "bank", "full_pay_relevant", "hourly_pay", "bonus")
"""What pay is grouped by besides the characteristics' groups: what metrics.standards.paygap
reads of each person."""
WEIGHT = "__staff"


@dataclass
class PayCounts:
    """How many staff share each combination of year, band, groups, bank, full pay relevant,
    rate and bonus (`__staff`), and the warnings found in the table's labels."""

    counts: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


def pay_counts(
    engine: Engine,
    table: str,
    mapping: dict[str, str] | None = None,
    *,
    by: tuple[str, ...] = ("sex", "ethnicity", "disability"),
    purpose: str = "paygap",
    labels: dict[str, str] | None = None,
    ethnic_codes: bool = False,
) -> PayCounts:
    """The staff table's pay as counts, by each characteristic in `by` the table has a column
    for (one characteristic: its column is needed, as from a file). ethnic_codes: keep the
    national ethnic category code too (a White British reference reads it).

    Raises InputError as the file path does: a missing hourly pay column, text in a pay
    column ..."""
    one = by[0] if len(by) == 1 and purpose == "paygap" else None
    prepared = prepare_staff(engine, table, mapping, purpose=purpose, labels_map=labels, by=one)
    source = prepared.grouped if prepared.grouped is not None else prepared.table
    groups = [GROUP_COLUMNS[b] for b in by]
    wanted = [*groups, *(["ethnic_code"] if ethnic_codes else []), *KEYS]
    keys = [k for k in wanted if k in source.columns]
    weight = source["__n"].sum() if "__n" in source.columns else source.count()
    counted = engine.fetch(source.group_by(keys).agg(**{WEIGHT: weight}))
    counted[WEIGHT] = counted[WEIGHT].astype("int64")
    order = sorted(keys, key=lambda k: (k in ("hourly_pay", "bonus"), keys.index(k)))
    counted = counted.sort_values(order, key=lambda c: c.map(repr), kind="stable")
    return PayCounts(counts=counted.reset_index(drop=True), problems=prepared.problems)


def pay_rows(counts: pd.DataFrame) -> pd.DataFrame:
    """The counts laid out one row per person, as a staff frame holds pay (labels as
    categories, pay as floats, no identifier): what metrics.standards.paygap reads."""
    return rows_per_person(
        counts, WEIGHT, flags=("bank", "full_pay_relevant"), numbers=("hourly_pay", "bonus")
    )
