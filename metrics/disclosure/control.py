"""Statistical disclosure control for anything the dashboard publishes.

Why: trust board papers are public, so a count small enough to point at a few people must be
hidden, and a hidden count must not be recoverable by subtracting what is shown from a total.

Rules, applied to a 2-D table *together with its margins* (row totals, column totals and the
grand total), i.e. an augmented (r+1) x (c+1) table in which every entry is a count:

1. Primary suppression: entries 1..threshold are hidden. A 0 is shown as 0.
2. Secondary suppression: a hidden entry can be worked back exactly from the line equations
   (each row and column of the augmented table sums to its total) iff, in the bipartite graph
   whose nodes are the lines and whose edges are the hidden entries, that entry is a bridge
   (it lies on no cycle). So we repeatedly
   (a) take the first line holding exactly one hidden entry and hide the smallest non-zero
       shown entry of that line (interior cells before margins on ties), else
   (b) take the first bridge and hide the smallest non-zero shown entry joining the two sides
       left when the bridge is removed (if none is non-zero, the smallest non-zero entry leaving
       either side: that grows the side and the loop carries on from there),
   until no line has exactly one hidden entry and there is no bridge. Each step hides one more
   entry of a finite table, so the loop always ends; at worst everything is hidden, and a fully
   hidden table (at least 2 x 2 once augmented) has no bridge.
3. Every shown non-zero entry is rounded to the nearest ``rounding_base`` (half up).

The long counts table (``publish_counts``) is cut into such tables as each indicator's standard
file says (``table_shapes``): WRES, WDES and the medical view alike. Tables that count the same
people by another characteristic (WRES1 and WDES1 of one unit, WRES9 and WDES10, WRES2 and
WDES2, a survey question asked of both) share totals that are the same numbers; such a total is
hidden in every table holding it or in none (``_protect_linked``), and a small band of one group
in either is merged in both. Totals that are sums of other tables' entries (a trust's band total
and its directorates') are left to the rounding, as before.

Limits (see also ``DisclosureSettings``):
* A zero is hidden only when nothing non-zero can do the job. Without ``totals`` that never
  happens: every line, and every cut of the augmented table, sums to zero with signs, so a hidden
  non-zero entry always has a shown non-zero partner. With ``totals`` larger than the cell sums
  it can (e.g. a row whose cells are all 0 but whose given total is 1..threshold). A hidden zero
  on a cycle only moves one way, so two of them on one cycle can pin the entries between them.
* The guarantee is about the linear equations with non-negative unknowns. A reader who also uses
  "hidden means 1..threshold" (primary) or "hidden means above threshold" (secondary) bounds can
  sometimes narrow a hidden count further; rounding is what protects against that.
"""

from __future__ import annotations

import math
import os
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from numbers import Integral, Real

import numpy as np
import pandas as pd

TOTAL = "Total"
SUPPRESSED_PRIMARY = "suppressed_primary"
SUPPRESSED_SECONDARY = "suppressed_secondary"
ROUNDED = "rounded"
AUDIT_COLUMNS = ("table", "row", "column", "action", "reason")

MEDICAL_TABLES = ("MED-GRADE", "MED-ROLE")
"""The medical view's grade and role tables (as metrics.standards.medical names them): rows of the
column ``band`` by ethnic group, published as indicator 1's bands are. Every doctor has a grade
and a role (``Other``, ``Not recorded``), so the role table's group totals and its total are the
grade table's: they are linked."""
QUALIFICATION = "qualification"
SECOND_AXES = {"MED-GRADE": QUALIFICATION}
"""Split rows that are a second axis of their table rather than a second characteristic: the
grade table by place of primary medical qualification (``characteristic`` "qualification",
``characteristic_group`` UK / EEA / International / Unknown). Each grade's rows by that axis
form one table (rows the places, columns the ethnic groups) whose margins are the grade's own
row of the grade table, so the two are protected together: a total hidden in one is hidden in
the other, and merged grades are merged in both."""
SURVEY_MINIMUM = 11
"""The NHS Staff Survey publishes no figure for a group of fewer than 11 respondents; an
engagement score (WDES9a) of fewer is hidden, and so is its count of respondents."""


@dataclass(frozen=True)
class TableShape:
    """How an indicator's counts rows form a table to protect, read from its standard's file.

    ``table``: "distribution" (rows from ``rows``, columns are groups, row totals are the
    denominators), "outcome" (rows are groups, columns yes and no) or "score" (a mean per group:
    only its respondents are counts). ``population``: tables of the same population and keys
    count the same people by another characteristic (WRES1 and WDES1, WRES9 and WDES10), so
    their shared totals are the same numbers and are hidden in both or neither."""

    indicator: str
    table: str
    rows: str | None
    population: str
    characteristic: str
    margins: str | None = None
    """The population whose table holds the same group totals and total as this one (the
    medical roles': the grades'), when it is not ``population``."""


_HEADCOUNT_INPUTS = ("staff", "disciplinary", "training", "capability")
"""Inputs whose tables divide by the staff in post: their group totals are headcounts."""


@cache
def table_shapes() -> dict[str, TableShape]:
    """Every indicator of every standard file, and the medical view's tables, by id."""
    from metrics.standards.definitions import standards

    out: dict[str, TableShape] = {}
    for std in standards().values():
        char = std.characteristic_name
        for spec in std.indicators:
            if spec.kind == "representation":
                shape = TableShape(spec.id, "distribution", "band", "staff", char)
            elif spec.kind == "board":
                shape = TableShape(spec.id, "distribution", "membership", "board", char)
            elif spec.kind == "score_gap":
                shape = TableShape(spec.id, "score", None, spec.id, char)
            elif spec.input == "survey":
                shape = TableShape(spec.id, "outcome", None, "survey", char)
            else:
                shape = TableShape(spec.id, "outcome", None, spec.input, char)
            out.setdefault(spec.id, shape)
    for ident in MEDICAL_TABLES:
        out[ident] = TableShape(ident, "distribution", "band", ident, "ethnicity",
                                margins=MEDICAL_TABLES[0])  # fmt: skip
    return out


def __getattr__(name: str) -> object:
    """DISTRIBUTION_ROWS and OUTCOME_INDICATORS, from the standard files when first asked for."""
    shapes = table_shapes()
    if name == "DISTRIBUTION_ROWS":  # indicator -> the column giving its table rows
        return {i: s.rows for i, s in shapes.items() if s.table == "distribution"}
    if name == "OUTCOME_INDICATORS":  # indicators whose tables are group x yes/no
        return tuple(i for i, s in shapes.items() if s.table == "outcome")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Split rows (an indicator among one group of a second characteristic: "characteristic" sex,
# "characteristic_group" Female) are tables of their own, as every other key makes them.
_OUTCOME_KEYS = (
    "organisation",
    "year",
    "indicator",
    "band",
    "clinical",
    "membership",
    "directorate",
    "staff_group",
    "region",
    "trust_type",
    "characteristic",
    "characteristic_group",
)
# a distribution table's rows are its bands (or board memberships), so they are not part of its key
_DISTRIBUTION_KEYS = tuple(k for k in _OUTCOME_KEYS if k not in ("band", "membership"))
_NAME_ORDER = ("indicator", "year", "organisation", *_OUTCOME_KEYS[3:])
_NOT_STATED = "Not stated"
_YES, _NO = "yes", "no"


def round_half_up(count: int, base: int) -> int:
    """Nearest multiple of ``base``, halves going up; exact integer arithmetic, no float ties."""
    return (2 * count + base) // (2 * base) * base


def _setting(name: str, default: int) -> int:
    """A whole-number setting from the environment; anything else falls back to the default."""
    text = os.environ.get(name, "").strip()
    return int(text) if text.isdigit() else default


@dataclass(frozen=True)
class DisclosureSettings:
    """How cautious to be; the defaults (hide 1..7, round to 5) suit public board papers."""

    threshold: int = 7  # counts 1..threshold are suppressed
    rounding_base: int = 5  # 1 = no rounding
    min_published_row: int = field(
        default_factory=lambda: _setting("INCLUSIVEHR_MIN_PUBLISHED_ROW", 20)
    )
    """A row of a distribution table (a band of indicator 1 of any standard, a medical grade or
    role) with fewer staff than this, all in one group, would tell every reader the ethnicity or
    disability of everyone in it (a VSM band of one BME person, "Non-consultant career grade:
    BME" when all 3 are, "VSM: 3 Unknown" when none declared a disability), so it is merged into
    its neighbour (``merge_one_group_rows``). INCLUSIVEHR_MIN_PUBLISHED_ROW sets it."""
    publish_board_composition: bool = True
    """Show indicator 9 (the board's make-up by ethnicity) with its exact counts in a report
    prepared for publication. Board membership is public: every trust names its board members
    in its annual report and on its website, and NHS England publishes each trust's board
    composition in the WRES data report, so hiding a board of fourteen's "2 BME members"
    protects no one and leaves the board slide empty. Set it to False to put the board through
    the same suppression and rounding as every other table. ``publish_counts`` protects every
    table it is given; a view of a whole report (the board pack) applies this setting."""

    def __post_init__(self) -> None:
        if not isinstance(self.publish_board_composition, bool):
            raise ValueError(
                "publish_board_composition must be True or False, got "
                f"{self.publish_board_composition!r}"
            )
        for name in ("threshold", "rounding_base", "min_published_row"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, Integral):
                raise ValueError(f"{name} must be a whole number, got {value!r}")
            object.__setattr__(self, name, int(value))
        if self.threshold < 0:
            raise ValueError(
                f"threshold must be 0 or more (counts 1..threshold are hidden), "
                f"got {self.threshold}"
            )
        if self.rounding_base < 1:
            raise ValueError(
                f"rounding_base must be 1 or more (1 means no rounding), got {self.rounding_base}"
            )
        # Rounding must not carry a shown count back into the hidden range (or to a false 0):
        # rounding is monotone, so checking the smallest shown count is enough.
        smallest = self.threshold + 1
        if round_half_up(smallest, self.rounding_base) <= self.threshold:
            raise ValueError(
                f"rounding_base={self.rounding_base} is too coarse for threshold={self.threshold}: "
                f"a shown count of {smallest} would round to "
                f"{round_half_up(smallest, self.rounding_base)}, inside the hidden range 0.."
                f"{self.threshold}; use a smaller rounding_base or a different threshold"
            )

    def round(self, count: int) -> int:
        """The published value of a shown count."""
        return round_half_up(count, self.rounding_base)


DEFAULT_SETTINGS = DisclosureSettings()


# ---------------------------------------------------------------------------------------------
# percentages beside rounded counts

PERCENT_STEPS = (1, 2, 5, 10, 25)


def whole(x: float) -> int:
    """Nearest whole number, halves away from zero (as people round by hand)."""
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def percent_step(denominator: int | None, settings: DisclosureSettings = DEFAULT_SETTINGS) -> int:
    """The percentage step that cannot narrow a count rounded to ``rounding_base``.

    "16.8% of about 85" pins the count: only 14 of 83..87 gives 16.8%. So a published
    percentage is whole, and where its denominator is small coarser still, in steps at least as
    wide (in people) as the rounding: a step of s per cent of n people spans s·n/100 people,
    which must be at least ``rounding_base``. ``None``: a share whose counts are published
    exactly (nothing to protect): whole per cent."""
    if denominator is None:
        return 1
    if denominator <= 0:
        return PERCENT_STEPS[-1]
    for step in PERCENT_STEPS:
        if step * denominator >= 100 * settings.rounding_base:
            return step
    return PERCENT_STEPS[-1]


def published_percent(
    x: float | None, denominator: int | None, settings: DisclosureSettings = DEFAULT_SETTINGS
) -> int | None:
    """A percentage (or percentage points) as it may be published: to ``percent_step``."""
    if x is None or not math.isfinite(x):
        return None
    step = percent_step(denominator, settings)
    return whole(x / step) * step


@dataclass(frozen=True)
class AuditEntry:
    """One change to a published table; it never holds the original value (it is published)."""

    table: str
    row: str
    column: str
    action: str
    reason: str


@dataclass(frozen=True, eq=False)  # eq=False: DataFrames have no single truth value
class ProtectedTable:
    """A table with its margins, ready to publish, plus which entries are hidden and why."""

    name: str
    shown: pd.DataFrame  # augmented table, "Int64", pd.NA where suppressed, rounded elsewhere
    suppressed: pd.DataFrame  # bool mask, same shape and labels as `shown`
    audit: tuple[AuditEntry, ...]


@dataclass(frozen=True)
class RowMerge:
    """Rows of a distribution table published as one (``merge_one_group_rows``)."""

    table: str  # the table's name, as in the audit
    keys: tuple[tuple[str, object], ...]  # what the table is of: (column, value) pairs
    label: str  # "Band 9 + VSM"
    rows: tuple[str, ...]  # the rows it holds, in ladder order

    def key(self, column: str) -> object:
        return dict(self.keys).get(column)


@dataclass(frozen=True, eq=False)
class PublishedCounts:
    """The canonical long counts table after disclosure control, and the audit appendix."""

    counts: pd.DataFrame
    audit: pd.DataFrame
    merges: tuple[RowMerge, ...] = ()


# ---------------------------------------------------------------------------------------------
# one table


def protect_table(
    cells: pd.DataFrame,
    name: str,
    settings: DisclosureSettings = DEFAULT_SETTINGS,
    totals: pd.Series | None = None,
    hide: Iterable[tuple[str, str]] = (),
) -> ProtectedTable:
    """Suppress, secondary-suppress and round a rows x columns table of counts and its margins.

    ``totals`` may give row totals larger than the row's cells (a denominator including people in
    no column). The difference is treated as known to the reader, which can only hide more.
    ``hide`` names (row, column) entries, margins included (``TOTAL``), to hide whatever their
    value: a total hidden in a linked table, which this one must not give away. They are then
    protected like any hidden entry and audited as secondary suppressions.
    """
    values = _augmented_values(cells, totals)
    primary = (values >= 1) & (values <= settings.threshold)
    forced = np.zeros_like(primary)
    row_at = {label: i for i, label in enumerate([*cells.index, TOTAL])}
    col_at = {label: j for j, label in enumerate([*cells.columns, TOTAL])}
    for row, col in hide:
        if row not in row_at or col not in col_at:
            raise ValueError(f"{name}: no entry {row!r}, {col!r} to hide")
        forced[row_at[row], col_at[col]] = True
    suppressed = secondary_suppression(values, primary | forced)

    rounded = np.vectorize(settings.round, otypes=[np.int64])(values)
    index = pd.Index([*cells.index, TOTAL], name=cells.index.name)
    columns = pd.Index([*cells.columns, TOTAL], name=cells.columns.name)
    shown = pd.DataFrame(
        {
            col: pd.arrays.IntegerArray(rounded[:, j].copy(), suppressed[:, j].copy())
            for j, col in enumerate(columns)
        },
        index=index,
    )
    shown.columns = columns
    mask = pd.DataFrame(suppressed, index=index, columns=columns)

    audit: list[AuditEntry] = []
    for i, row in enumerate(index):
        for j, col in enumerate(columns):
            action = _action(values[i, j], primary[i, j], suppressed[i, j], settings)
            if action is not None:
                audit.append(
                    AuditEntry(name, str(row), str(col), action, _reason(action, settings))
                )
    return ProtectedTable(name=name, shown=shown, suppressed=mask, audit=tuple(audit))


def _action(
    value: int, primary: bool, suppressed: bool, settings: DisclosureSettings
) -> str | None:
    if primary:
        return SUPPRESSED_PRIMARY
    if suppressed:
        return SUPPRESSED_SECONDARY
    # Every shown non-zero count is listed, changed or not: listing only the changed ones would
    # tell readers which shown counts are exact, and exact counts let them subtract.
    if value != 0 and settings.rounding_base > 1:
        return ROUNDED
    return None


def _reason(action: str, settings: DisclosureSettings) -> str:
    # The same words for every entry with the same action: the reason must not hint at the value
    # (not even that a secondary suppression happened to be a zero).
    if action == SUPPRESSED_PRIMARY:
        return (
            f"Count between 1 and {settings.threshold}: hidden so that individuals cannot be "
            "identified (primary suppression)."
        )
    if action == SUPPRESSED_SECONDARY:
        return (
            "Hidden so that other hidden counts cannot be worked out by subtracting the shown "
            "counts from the totals (secondary suppression)."
        )
    return (
        f"Rounded to the nearest {settings.rounding_base}; all published counts are rounded to "
        "protect against working out hidden counts by difference."
    )


def _augmented_values(cells: pd.DataFrame, totals: pd.Series | None) -> np.ndarray:
    """Validated counts with a Total column (given totals or row sums) and a Total row."""
    if not isinstance(cells, pd.DataFrame):
        raise ValueError(f"cells must be a pandas DataFrame, got {type(cells).__name__}")
    n_rows, n_cols = cells.shape
    if n_rows == 0 or n_cols == 0:
        raise ValueError("cells must have at least one row and one column")
    _check_labels(cells.index, "row")
    _check_labels(cells.columns, "column")
    inner = _as_counts(cells.to_numpy(dtype=object).ravel(), "cells").reshape(n_rows, n_cols)
    row_sums = inner.sum(axis=1)
    if totals is None:
        row_totals = row_sums
    else:
        if not isinstance(totals, pd.Series):
            raise ValueError(f"totals must be a pandas Series, got {type(totals).__name__}")
        if not totals.index.is_unique or set(totals.index) != set(cells.index):
            raise ValueError("totals must have exactly one value for each row of cells")
        row_totals = _as_counts(totals.reindex(cells.index).tolist(), "totals")
        pairs = zip(cells.index, row_totals, row_sums, strict=True)
        short = [str(label) for label, total, row_sum in pairs if total < row_sum]
        if short:
            raise ValueError(f"totals are smaller than the sum of their cells in rows: {short}")
    values = np.zeros((n_rows + 1, n_cols + 1), dtype=np.int64)
    values[:n_rows, :n_cols] = inner
    values[:n_rows, n_cols] = row_totals
    values[n_rows, :n_cols] = inner.sum(axis=0)
    values[n_rows, n_cols] = row_totals.sum()
    return values


def _check_labels(labels: pd.Index, what: str) -> None:
    if not labels.is_unique:
        raise ValueError(f"{what} labels must be unique")
    if TOTAL in list(labels):
        raise ValueError(f'"{TOTAL}" is reserved for the margins; rename that {what}')


def _as_counts(values: Iterable[object], what: str) -> np.ndarray:
    """Whole, non-negative numbers as int64; anything else is a ValueError."""
    out: list[int] = []
    for value in values:
        if (
            isinstance(value, bool | np.bool_)
            or value is None
            or (not isinstance(value, Real) and pd.isna(value))
        ):
            raise ValueError(f"{what} must be whole numbers, got {value!r}")
        if isinstance(value, Integral):
            count = int(value)
        elif isinstance(value, Real) and not np.isnan(value) and float(value).is_integer():
            count = int(value)
        else:
            raise ValueError(f"{what} must be whole numbers, got {value!r}")
        if count < 0:
            raise ValueError(f"{what} must not be negative, got {count}")
        out.append(count)
    return np.array(out, dtype=np.int64)


# ---------------------------------------------------------------------------------------------
# secondary suppression on the bipartite graph of lines


Entry = tuple[int, int]


def secondary_suppression(values: np.ndarray, primary: np.ndarray) -> np.ndarray:
    """The hidden-entry mask after secondary suppression of an augmented table (see module doc).

    ``values`` holds the augmented table (last row and column are the margins); ``primary`` is
    the mask of entries hidden on their own account.
    """
    mask = np.array(primary, dtype=bool, copy=True)
    for _ in range(mask.size + 1):  # each pass hides one more entry, so this bound is never hit
        choice = _line_rule(values, mask)
        if choice is None:
            choice = _bridge_rule(values, mask)
        if choice is None:
            return mask
        mask[choice] = True
    raise AssertionError("secondary suppression did not settle")  # pragma: no cover


def _preference(values: np.ndarray, entry: Entry) -> tuple[bool, int, bool, int, int]:
    """Sort key: non-zero first, then smallest, then interior before margins, then position."""
    i, j = entry
    last_row, last_col = values.shape[0] - 1, values.shape[1] - 1
    value = int(values[i, j])
    return (value == 0, value, i == last_row or j == last_col, i, j)


def _best(values: np.ndarray, candidates: Iterable[Entry], allow_zero: bool) -> Entry | None:
    pool = [e for e in candidates if allow_zero or values[e] != 0]
    return min(pool, key=lambda e: _preference(values, e)) if pool else None


def _lines(shape: tuple[int, int]) -> list[list[Entry]]:
    n_rows, n_cols = shape
    rows = [[(i, j) for j in range(n_cols)] for i in range(n_rows)]
    cols = [[(i, j) for i in range(n_rows)] for j in range(n_cols)]
    return rows + cols


def _line_rule(values: np.ndarray, mask: np.ndarray) -> Entry | None:
    """(a) A line with one hidden entry gives it away: hide a second entry of that line."""
    for line in _lines(mask.shape):
        if sum(bool(mask[e]) for e in line) == 1:
            shown = [e for e in line if not mask[e]]
            return _best(values, shown, allow_zero=False) or _best(values, shown, allow_zero=True)
    return None


def _bridge_rule(values: np.ndarray, mask: np.ndarray) -> Entry | None:
    """(b) A hidden entry on no cycle can be worked out: hide an entry that closes a cycle."""
    n_rows = mask.shape[0]
    edges = [(int(i), int(j)) for i, j in zip(*np.nonzero(mask), strict=True)]
    for bridge in edges:
        row_node, col_node = bridge[0], n_rows + bridge[1]
        side_a = _reachable(row_node, edges, n_rows, skip=bridge)
        if col_node in side_a:
            continue  # on a cycle
        side_b = _reachable(col_node, edges, n_rows, skip=bridge)
        shown = [(int(i), int(j)) for i, j in zip(*np.nonzero(~mask), strict=True)]

        def joins(entry: Entry, one: set[int], other: set[int] | None) -> bool:
            ends = {entry[0], n_rows + entry[1]}
            inside = len(ends & one)
            if other is None:
                return inside == 1
            return inside == 1 and len(ends & other) == 1

        across = [e for e in shown if joins(e, side_a, side_b)]
        leaving = [e for e in shown if joins(e, side_a, None) or joins(e, side_b, None)]
        tiers = ((across, False), (leaving, False), (across, True), (leaving, True))
        for pool, allow_zero in tiers:
            choice = _best(values, pool, allow_zero)
            if choice is not None:
                return choice
        raise AssertionError("a bridge with no entry leaving its side")  # pragma: no cover
    return None


def _reachable(start: int, edges: Sequence[Entry], n_rows: int, skip: Entry) -> set[int]:
    """Line nodes connected to ``start`` by hidden entries other than ``skip``.

    Row i is node i, column j is node n_rows + j.
    """
    neighbours: dict[int, list[int]] = {}
    for i, j in edges:
        if (i, j) != skip:
            neighbours.setdefault(i, []).append(n_rows + j)
            neighbours.setdefault(n_rows + j, []).append(i)
    seen, queue = {start}, deque([start])
    while queue:
        for nxt in neighbours.get(queue.popleft(), []):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


# ---------------------------------------------------------------------------------------------
# the canonical long counts table


Cell = tuple[str, str]
"""An entry of a table to protect by its labels: (row, column), margins named ``TOTAL``."""


@dataclass(frozen=True)
class _Plan:
    """One table to protect: which input rows read which of its entries, what each entry
    counts (``links``: the same key in every table that holds the same number) and which
    entries are hidden whatever their value (``small``: respondents below the survey minimum)."""

    name: str
    shape: TableShape
    cells: pd.DataFrame
    totals: pd.Series | None
    reads: dict[int, tuple[Cell | None, Cell]]  # input position -> (numerator, denominator)
    links: dict[Cell, tuple[object, ...]] = field(default_factory=dict)
    small: frozenset[Cell] = frozenset()


def publish_counts(
    counts: pd.DataFrame, settings: DisclosureSettings = DEFAULT_SETTINGS
) -> PublishedCounts:
    """Apply disclosure control to the canonical long counts table, table by table.

    Each indicator's rows form tables as its standard's file says (``table_shapes``):
    representation and board indicators (WRES1, WDES1, WRES9, WDES10) and the medical view's
    grade and role tables become row x group tables whose row totals are the denominators;
    ratios and survey percentages become group x yes/no tables; WDES9a's engagement scores are
    published only for groups of at least ``SURVEY_MINIMUM`` respondents. Only entries that end
    up in the output (numerators, denominators, scores) are listed in the audit; the other
    margins and the "no" cells are protected as if published, which can only hide more. Tables
    that count the same people by another characteristic (WRES1 and WDES1 ...) hide their
    shared totals together (``_protect_linked``).
    """
    for column in ("indicator", "group", "numerator", "denominator"):
        if column not in counts.columns:
            raise ValueError(f'counts needs a "{column}" column')
    second = second_axis_rows(counts)
    if second.any():
        main, merges, withheld = merge_one_group_rows(
            counts[~second].reset_index(drop=True), settings
        )
        split, more = _second_axis_merges(
            counts[second].reset_index(drop=True), main, merges, withheld, settings
        )
        counts = pd.concat([main, split], ignore_index=True)
        merges = (*merges, *more)
    else:
        counts, merges, withheld = merge_one_group_rows(counts, settings)
    n = len(counts)
    numerator = np.zeros(n, dtype=np.int64)
    denominator = np.zeros(n, dtype=np.int64)
    numerator_hidden = np.zeros(n, dtype=bool)
    denominator_hidden = np.zeros(n, dtype=bool)
    no_count = np.zeros(n, dtype=bool)  # score rows: their numerator is not a count
    scores = counts["score"].astype("Float64").copy() if "score" in counts.columns else None
    audit: list[AuditEntry] = []

    plans = _plans(counts, settings)
    for plan, table in zip(plans, _protect_linked(plans, settings), strict=True):
        shown, hidden = table.shown, table.suppressed
        published: set[Cell] = set()
        for pos, (num_cell, den_cell) in plan.reads.items():
            if num_cell is None:
                no_count[pos] = True
            else:
                numerator_hidden[pos] = hidden.at[num_cell]
                numerator[pos] = 0 if numerator_hidden[pos] else int(shown.at[num_cell])
                published.add(num_cell)
            denominator_hidden[pos] = hidden.at[den_cell]
            denominator[pos] = 0 if denominator_hidden[pos] else int(shown.at[den_cell])
            published.add(den_cell)
        entries = [e for e in table.audit if (e.row, e.column) in published]
        if plan.shape.table == "score":
            entries = _score_audit(plan, entries, settings)
            audit.extend(_publish_scores(plan, counts, scores, settings))
        audit.extend(entries)

    out = counts.copy()
    out["numerator"] = pd.arrays.IntegerArray(numerator, numerator_hidden | no_count)
    out["denominator"] = pd.arrays.IntegerArray(denominator, denominator_hidden.copy())
    if scores is not None:
        out["score"] = scores
    out["numerator_suppressed"] = numerator_hidden
    out["denominator_suppressed"] = denominator_hidden
    audit_frame = pd.DataFrame(
        [[e.table, e.row, e.column, e.action, e.reason] for e in (*_merge_audit(merges), *audit)],
        columns=list(AUDIT_COLUMNS),
        dtype=object,
    )
    if withheld:
        # a whole table of one group, too small to publish even merged: left out altogether,
        # since even its hidden rows would say which groups it has
        names = {name for name, _ in _plans_names(counts.iloc[sorted(withheld)], settings)}
        keep = np.ones(len(out), dtype=bool)
        keep[sorted(withheld)] = False
        out = out[keep]
        merges = tuple(m for m in merges if m.table not in names)
        audit_frame = pd.concat(
            [audit_frame[~audit_frame["table"].isin(names).to_numpy()],
             pd.DataFrame([[name, "every row", "every column", WITHHELD, WITHHELD_REASON]
                           for name in sorted(names)], columns=list(AUDIT_COLUMNS), dtype=object)],
            ignore_index=True,
        )  # fmt: skip
    return PublishedCounts(counts=out, audit=audit_frame, merges=merges)


def _protect_linked(plans: Sequence[_Plan], settings: DisclosureSettings) -> list[ProtectedTable]:
    """Every table protected, with the entries two tables share hidden in both or in neither.

    Why: WRES1 and WDES1 count the same staff, by ethnicity and by disability, so a band's total
    is the same number in both (as are WRES9's and WDES10's board totals, WRES2's and WDES2's
    shortlisted and appointed totals, a survey question's respondents, and the headcounts WRES3,
    WRES4 and WDES3 divide by). A total hidden in one table and shown in the other would undo
    the first table's protection. So a shared entry hidden anywhere is hidden everywhere, each
    table is protected again with it hidden, and so on until nothing more is hidden; the set of
    hidden shared entries only grows, so this ends."""
    held: dict[tuple[object, ...], int] = {}
    for plan in plans:
        for key in set(plan.links.values()):
            held[key] = held.get(key, 0) + 1
    shared = {key for key, n in held.items() if n > 1}
    hidden: set[tuple[object, ...]] = set()
    done: dict[int, tuple[frozenset[Cell], ProtectedTable]] = {}
    while True:
        for i, plan in enumerate(plans):
            hide = plan.small | {cell for cell, key in plan.links.items() if key in hidden}
            if i not in done or done[i][0] != hide:
                table = protect_table(plan.cells, plan.name, settings, plan.totals, sorted(hide))
                done[i] = (frozenset(hide), table)
        found: set[tuple[object, ...]] = set()
        for i, plan in enumerate(plans):
            if shared.isdisjoint(plan.links.values()):
                continue
            hidden_here = _hidden_cells(done[i][1])
            found |= {k for cell, k in plan.links.items() if k in shared and cell in hidden_here}
        if found <= hidden:
            return [done[i][1] for i in range(len(plans))]
        hidden |= found


def _hidden_cells(table: ProtectedTable) -> set[Cell]:
    mask = table.suppressed
    rows, cols = np.nonzero(mask.to_numpy())
    return {(mask.index[i], mask.columns[j]) for i, j in zip(rows, cols, strict=True)}


WITHHELD = "withheld"
WITHHELD_REASON = (
    "The whole table is left out: it is too small to publish without identifying people."
)


MERGED = "merged"


def merge_sentence(rows: Sequence[str], label: str, characteristic: str = "ethnicity") -> str:
    """Why rows were merged, in words for the audit (the same words whatever their counts)."""
    names = ", ".join(rows[:-1]) + f" and {rows[-1]}"
    return (
        f"{names} are shown together as {label}: on their own they are too small to publish "
        "(fewer staff than the smallest row published, all in one group, would tell readers "
        f"the {characteristic} of everyone in them)."
    )


def _merge_audit(merges: Sequence[RowMerge]) -> list[AuditEntry]:
    shapes = table_shapes()
    out = []
    for m in merges:
        shape = shapes.get(str(m.key("indicator")))
        what = shape.characteristic if shape is not None else "group"
        sentence = merge_sentence(m.rows, m.label, what)
        out.append(AuditEntry(m.table, m.label, ", ".join(m.rows), MERGED, sentence))
    return out


def _plans_names(
    rows: pd.DataFrame, settings: DisclosureSettings = DEFAULT_SETTINGS
) -> list[tuple[str, Cell | None]]:
    out = []
    for plan in _plans(rows, settings):
        out.extend((plan.name, num) for num, _ in plan.reads.values())
    return out


# ---------------------------------------------------------------------------------------------
# engagement scores (WDES9a)

SCORE = "score"
RESPONDENTS = "respondents"
SCORE_DECIMALS = 1
"""Scores are published to one decimal place, as the NHS Staff Survey publishes them."""


def _score_reason(settings: DisclosureSettings) -> str:
    # one sentence for every hidden entry of a score table, whatever its value (1..threshold or
    # threshold+1..minimum-1): telling them apart would narrow the hidden count
    least = max(SURVEY_MINIMUM, settings.threshold + 1)
    return (
        f"Fewer than {least} respondents, or hidden so that such a count cannot be worked out: "
        "the NHS Staff Survey publishes no score for so few people, and the count is not "
        "published either."
    )


def _score_audit(
    plan: _Plan, entries: list[AuditEntry], settings: DisclosureSettings
) -> list[AuditEntry]:
    """A score table's audit: the organisation's row named All, hidden entries in one sentence."""
    out = []
    for e in entries:
        row = ALL if e.row == TOTAL else e.row
        if e.action in (SUPPRESSED_PRIMARY, SUPPRESSED_SECONDARY):
            action = SUPPRESSED_PRIMARY if (e.row, e.column) in plan.small else e.action
            out.append(AuditEntry(e.table, row, e.column, action, _score_reason(settings)))
        else:
            out.append(AuditEntry(e.table, row, e.column, e.action, e.reason))
    return out


def _publish_scores(
    plan: _Plan, counts: pd.DataFrame, scores: pd.Series | None, settings: DisclosureSettings
) -> list[AuditEntry]:
    """Each score of the table shown to one decimal where its respondents are at least the
    survey minimum (and above the threshold), else hidden; ``scores`` is changed in place."""
    if scores is None:
        return []
    least = max(SURVEY_MINIMUM, settings.threshold + 1)
    audit = []
    for pos in plan.reads:
        value = scores.iloc[pos]
        if pd.isna(value):
            continue
        group = str(counts["group"].iloc[pos])
        respondents = counts["denominator"].iloc[pos]
        if pd.isna(respondents) or int(respondents) < least:
            scores.iloc[pos] = pd.NA
            audit.append(AuditEntry(plan.name, group, SCORE, SUPPRESSED_PRIMARY,
                                    _score_reason(settings)))  # fmt: skip
        else:
            scores.iloc[pos] = round(float(value), SCORE_DECIMALS)
            audit.append(AuditEntry(plan.name, group, SCORE, ROUNDED,
                                    "Scores are published to one decimal place, as the NHS "
                                    "Staff Survey publishes them."))  # fmt: skip
    return audit


ALL = "All"
"""The organisation's own row in score tables (WDES9a), as the counts name it."""


# ---------------------------------------------------------------------------------------------
# one-group rows of distribution tables


def _ladder(label: str) -> tuple[int, str | None]:
    """(order, kind) of a band label on the reference ladder; a merged or cluster label takes
    the place of the highest band it names ("Bands 8c-VSM" sits where VSM does)."""
    from metrics.reference import bands  # reference data, read once and cached

    ladder = bands()
    if label in ladder:
        return ladder[label].order, ladder[label].kind
    named = [b for b in ladder.values() if label.endswith(b.band) or f"{b.band} +" in label]
    if named:
        top = max(named, key=lambda b: b.order)
        return top.order, top.kind
    return len(ladder), None


def _one_group(groups: dict[str, int], total: int, settings: DisclosureSettings) -> bool:
    """Does this row tell readers every member's group? Fewer than ``min_published_row``
    people (but some), all of them in one group."""
    nonzero = [n for n in groups.values() if n > 0]
    return 0 < total < settings.min_published_row and len(nonzero) == 1 and nonzero[0] == total


def _neighbour(order: list[str], i: int) -> int:
    """The row to merge row i into: the next one up the ladder of the same kind (AfC bands with
    AfC bands, medical grades with medical grades), else the next one down, else any."""
    kind = _ladder(order[i])[1]
    same = [j for j in range(len(order)) if j != i and _ladder(order[j])[1] == kind]
    above = [j for j in same if j > i]
    if above:
        return above[0]
    if same:
        return same[-1]
    return i + 1 if i + 1 < len(order) else i - 1


def _band_rows(
    columns: dict[str, list[object]], positions: list[int], indicator: str, name: str
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """A band table's counts by row and group, and its row totals (denominators, or the sums)."""
    rows: dict[str, dict[str, int]] = {}
    totals: dict[str, int] = {}
    for pos in positions:
        row = _label(columns, "band", pos)
        group = _group(columns, pos, indicator, name)
        num = _count(columns["numerator"][pos], "numerator", indicator, name, pos)
        rows.setdefault(row, {})[group] = rows.get(row, {}).get(group, 0) + num
        den = columns["denominator"][pos]
        if not _is_missing(den):
            den = _count(den, "denominator", indicator, name, pos)
            totals[row] = max(totals.get(row, 0), den)
    for row, groups in rows.items():
        totals[row] = max(totals.get(row, 0), sum(groups.values()))
    return rows, totals


def merge_one_group_rows(
    counts: pd.DataFrame, settings: DisclosureSettings = DEFAULT_SETTINGS
) -> tuple[pd.DataFrame, tuple[RowMerge, ...], frozenset[int]]:
    """Rows of band tables (indicator 1 of each standard, the medical grades and roles) with
    fewer than ``min_published_row`` staff, all of one group, merged into their neighbour up the
    ladder until no such row is left.

    Why: "VSM: 1 BME, 0 White" (or a hidden BME count beside White 0 and Unknown 0) tells every
    reader the ethnicity of everyone in the band, whatever is suppressed; "VSM: 3 Unknown" tells
    them nobody there declared a disability. Tables counting the same staff by another
    characteristic (WRES1 and WDES1 of one unit) are merged alike, a row merged in one merged in
    all, so their band totals stay the same numbers (a merged total beside its parts' totals
    would give a hidden part away). Returns the counts with merged bands relabelled ("Band 9 +
    VSM") and summed, the merges, and the positions (in the returned counts) of tables still one
    group and too small when merged whole, which the caller hides entirely."""
    shapes = table_shapes()
    indicator = counts["indicator"].astype(object)
    band_tables = [i for i, s in shapes.items() if s.table == "distribution" and s.rows == "band"]
    w1 = indicator.isin(band_tables).to_numpy()
    if not w1.any() or "band" not in counts.columns:
        return counts, (), frozenset()
    columns = {c: counts[c].tolist() for c in counts.columns}
    keys = [k for k in _DISTRIBUTION_KEYS if k in columns]
    # (population, keys but the indicator) -> indicator -> (its table's keys, positions)
    linked: dict[tuple[object, ...], dict[str, tuple[tuple[tuple[str, object], ...], list[int]]]]
    linked = {}
    for pos in np.flatnonzero(w1):
        key = tuple((k, None if _is_missing(columns[k][pos]) else columns[k][pos]) for k in keys)
        ident = str(columns["indicator"][pos])
        link = (shapes[ident].population, *(kv for kv in key if kv[0] != "indicator"))
        linked.setdefault(link, {}).setdefault(ident, (key, []))[1].append(int(pos))
    relabel: dict[int, str] = {}
    band_total: dict[int, int] = {}
    merges: list[RowMerge] = []
    whole_tables: list[list[int]] = []
    for tables in linked.values():
        rows: dict[str, dict[str, dict[str, int]]] = {}  # indicator -> row -> group -> count
        totals: dict[str, dict[str, int]] = {}  # indicator -> row -> total
        names: dict[str, str] = {}
        for ident, (key, positions) in tables.items():
            values = dict(key)
            names[ident] = " ".join(
                _readable(k, values[k]) for k in _NAME_ORDER if values.get(k) is not None
            )
            rows[ident], totals[ident] = _band_rows(columns, positions, ident, names[ident])
        seen = dict.fromkeys(r for table in rows.values() for r in table)  # first seen first
        order = sorted(seen, key=lambda r: _ladder(r)[0])
        held = {r: (r,) for r in order}

        while len(order) > 1:
            found = [
                n
                for n, r in enumerate(order)
                if any(_one_group(rows[t].get(r, {}), totals[t].get(r, 0), settings) for t in rows)
            ]
            if not found:
                break
            i = found[0]
            j = _neighbour(order, i)
            lo, hi = sorted((i, j))
            parts = tuple(sorted((*held[order[lo]], *held[order[hi]]), key=lambda r: _ladder(r)[0]))
            label = " + ".join(parts)
            for ident in rows:
                low, high = rows[ident].get(order[lo], {}), rows[ident].get(order[hi], {})
                rows[ident][label] = {g: low.get(g, 0) + high.get(g, 0) for g in {*low, *high}}
                totals[ident][label] = totals[ident].get(order[lo], 0) + totals[ident].get(
                    order[hi], 0
                )
            held[label] = parts
            order[lo : hi + 1] = [label, *order[lo + 1 : hi]]
        finals = {r: held[r] for r in order}
        where = {part: label for label, parts in finals.items() for part in parts}
        for ident, (key, positions) in tables.items():
            present = {_label(columns, "band", pos) for pos in positions}
            for label, parts in finals.items():
                if len(parts) > 1 and present & set(parts):
                    merges.append(RowMerge(names[ident], key, label, parts))
            labels = {where[r] for r in present}
            if len(labels) == 1 and len(order) == 1:
                (only,) = labels
                if _one_group(rows[ident][only], totals[ident][only], settings):
                    whole_tables.append(positions)
            for pos in positions:
                label = where[_label(columns, "band", pos)]
                relabel[pos] = label
                band_total[pos] = totals[ident][label]
    if not merges and not whole_tables:
        return counts, (), frozenset()
    out = counts.copy()
    band = out["band"].astype(object).to_numpy().copy()
    for pos, label in relabel.items():
        band[pos] = label
    out["band"] = band
    touched = np.zeros(len(out), dtype=bool)
    for m in merges:
        for tables in linked.values():
            for key, positions in tables.values():
                if key != m.keys:
                    continue
                for pos in positions:
                    if relabel[pos] == m.label:
                        touched[pos] = True
                        out.iat[pos, out.columns.get_loc("denominator")] = band_total[pos]
    # the rows of one group in one merged band become one row: numerators added up
    group_keys = [c for c in out.columns if c not in ("numerator", "denominator", "score")]
    numerators = out["numerator"].to_numpy(dtype=object).copy()
    keep = np.ones(len(out), dtype=bool)
    first_of: dict[tuple[object, ...], int] = {}
    for pos in np.flatnonzero(touched):
        ident = tuple(None if _is_missing(v) else v for v in out.iloc[pos][group_keys])
        if ident in first_of:
            numerators[first_of[ident]] += numerators[pos]
            keep[pos] = False
        else:
            first_of[ident] = int(pos)
    out["numerator"] = numerators
    new_position = np.cumsum(keep) - 1
    whole = {int(new_position[pos]) for positions in whole_tables for pos in positions
             if keep[pos]}  # fmt: skip
    return out[keep].reset_index(drop=True), tuple(merges), frozenset(whole)


def _parent_key(columns: dict[str, list[object]], pos: int) -> tuple[tuple[str, object], ...]:
    """The key of the table a second-axis row splits (as ``merge_one_group_rows`` keys it)."""
    return tuple(
        (k, None if k.startswith("characteristic") or _is_missing(columns[k][pos])
         else columns[k][pos])
        for k in _DISTRIBUTION_KEYS if k in columns
    )  # fmt: skip


def _second_axis_merges(
    split: pd.DataFrame,
    main: pd.DataFrame,
    merges: Sequence[RowMerge],
    withheld: frozenset[int],
    settings: DisclosureSettings,
) -> tuple[pd.DataFrame, tuple[RowMerge, ...]]:
    """Second-axis rows (``SECOND_AXES``) shaped as their table was: a grade merged in the grade
    table is merged here too (its places summed), a table left out altogether leaves its split
    rows out too; then, within each grade, a place of fewer than ``min_published_row`` doctors
    all of one group is merged into the next place ("EEA + International"), as a band is."""
    columns = {c: split[c].tolist() for c in split.columns}
    main_columns = {c: main[c].tolist() for c in main.columns}
    gone = {_parent_key(main_columns, pos) for pos in withheld}
    into: dict[tuple[object, ...], str] = {}
    for m in merges:
        for row in m.rows:
            into[(m.keys, row)] = m.label
    # (table key, place) -> group -> count, and the place's headcount, after the grade merges
    tables: dict[tuple[tuple[str, object], ...], dict[str, dict[str, int]]] = {}
    heads: dict[tuple[tuple[str, object], ...], dict[str, dict[str, int]]] = {}
    template: dict[tuple[tuple[str, object], ...], dict[str, object]] = {}
    for pos in range(len(split)):
        parent = _parent_key(columns, pos)
        if parent in gone:
            continue
        band = _label(columns, "band", pos)
        band = into.get((parent, band), band)
        key = (*parent, ("band", band), ("characteristic", columns["characteristic"][pos]))
        place = _label(columns, "characteristic_group", pos)
        ident = str(columns["indicator"][pos])
        group = _group(columns, pos, ident, place)
        num = _count(columns["numerator"][pos], "numerator", ident, place, pos)
        cells = tables.setdefault(key, {}).setdefault(place, {})
        cells[group] = cells.get(group, 0) + num
        den = columns["denominator"][pos]
        own = _label(columns, "band", pos)
        if not _is_missing(den):  # one headcount per original grade and place
            heads.setdefault(key, {}).setdefault(place, {})[own] = _count(
                den, "denominator", ident, place, pos
            )
        template.setdefault(key, {c: columns[c][pos] for c in split.columns})
    out_rows, found = [], []
    for key, places in tables.items():
        totals = {p: max(sum(heads.get(key, {}).get(p, {}).values()), sum(places[p].values()))
                  for p in places}  # fmt: skip
        order = list(places)
        held = {p: (p,) for p in order}
        while len(order) > 1:
            small = [i for i, p in enumerate(order)
                     if _one_group(places[p], totals[p], settings)]  # fmt: skip
            if not small:
                break
            i = small[0]
            j = i + 1 if i + 1 < len(order) else i - 1
            lo, hi = sorted((i, j))
            label = " + ".join((*held[order[lo]], *held[order[hi]]))
            low, high = places.pop(order[lo]), places.pop(order[hi])
            places[label] = {g: low.get(g, 0) + high.get(g, 0) for g in {*low, *high}}
            totals[label] = totals.pop(order[lo]) + totals.pop(order[hi])
            held[label] = (*held[order[lo]], *held[order[hi]])
            order[lo : hi + 1] = [label]
        values = dict(key)
        name = " ".join(_readable(k, values[k]) for k in _NAME_ORDER if values.get(k) is not None)
        for place in order:
            if len(held[place]) > 1:
                found.append(RowMerge(name, key, place, held[place]))
            for group, n in places[place].items():
                out_rows.append({**template[key], "band": values["band"],
                                 "characteristic_group": place, "group": group, "numerator": n,
                                 "denominator": totals[place]})  # fmt: skip
    out = pd.DataFrame(out_rows, columns=list(split.columns))
    return out.astype({c: split[c].dtype for c in ("numerator", "denominator")}), tuple(found)


def _is_missing(value: object) -> bool:
    return value is None or (not isinstance(value, str | Sequence) and bool(pd.isna(value)))


def _readable(column: str, value: object) -> str:
    """How a key value reads in a table name or label."""
    if column == "clinical" and isinstance(value, bool | np.bool_):
        return "clinical" if value else "non-clinical"
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _plans(counts: pd.DataFrame, settings: DisclosureSettings = DEFAULT_SETTINGS) -> list[_Plan]:
    """Split the long table into the tables to protect, in order of first appearance."""
    shapes = table_shapes()
    columns = {c: counts[c].tolist() for c in counts.columns}
    groups: dict[tuple[object, ...], list[int]] = {}
    for pos in range(len(counts)):
        indicator = columns["indicator"][pos]
        shape = shapes.get(indicator) if isinstance(indicator, str) else None
        if shape is None:
            raise ValueError(
                f"unknown indicator {indicator!r} (expected an indicator of a standard: "
                "WRES1 .. WRES9, WDES1 .. WDES10, or the medical view's MED-GRADE, MED-ROLE)"
            )
        keys = _DISTRIBUTION_KEYS if shape.table == "distribution" else _OUTCOME_KEYS
        if _second_axis(indicator, columns, pos):  # one table per grade, rows its places
            keys = _SECOND_AXIS_KEYS
        key = tuple(
            (k, None if _is_missing(columns[k][pos]) else columns[k][pos])
            for k in keys
            if k in columns
        )
        groups.setdefault(key, []).append(pos)

    plans = []
    for key, positions in groups.items():
        values = dict(key)
        name = " ".join(_readable(k, values[k]) for k in _NAME_ORDER if values.get(k) is not None)
        shape = shapes[values["indicator"]]
        axis = SECOND_AXES.get(values["indicator"])
        if axis is not None and values.get("characteristic") == axis:
            shape = replace(shape, rows="characteristic_group")
        if shape.table == "distribution":
            plan = _distribution_plan(columns, positions, name, shape)
        elif shape.table == "outcome":
            plan = _outcome_plan(columns, positions, name, shape)
        else:
            plan = _score_plan(columns, positions, name, shape, settings)
        plans.append(replace(plan, links=_links(plan, values)))
    return plans


def _links(plan: _Plan, values: dict[str, object]) -> dict[Cell, tuple[object, ...]]:
    """What each entry of the augmented table counts, as a key equal across tables exactly when
    they hold the same number: (population, unit, band, membership, characteristic, group,
    part). A group total keeps its characteristic (Unknown ethnicity is not Unknown disability);
    a margin over every group has none, so WRES1's band total meets WDES1's."""
    shape = plan.shape
    unit = tuple(_key_value(values.get(k)) for k in _CONTEXT)
    band, membership = _key_value(values.get("band")), _key_value(values.get("membership"))
    char = shape.characteristic
    rows = [*plan.cells.index, TOTAL]
    cols = [*plan.cells.columns, TOTAL]
    out: dict[Cell, tuple[object, ...]] = {}
    if shape.rows == "characteristic_group":
        # a grade's table by place of qualification: its Total row is the grade's row of the
        # grade table (the unit without the split), each place a part of it
        axis = _key_value(values.get("characteristic"))
        unit = tuple(None if k.startswith("characteristic") else v
                     for k, v in zip(_CONTEXT, unit, strict=True))  # fmt: skip
        for row in rows:
            where = (band, None) if row == TOTAL else (band, (axis, row))
            for col in cols:
                group = (None, None) if col == TOTAL else (char, col)
                out[(row, col)] = (shape.population, unit, *where, *group, "count")
        return out
    if shape.table == "distribution":
        for row in rows:
            at = None if row == TOTAL else row
            where = (at, None) if shape.rows == "band" else (None, at)
            who = shape.margins if row == TOTAL and shape.margins else shape.population
            for col in cols:
                group = (None, None) if col == TOTAL else (char, col)
                out[(row, col)] = (who, unit, *where, *group, "count")
        return out
    if shape.table == "score":
        population: tuple[object, ...] = (shape.indicator,)
    elif shape.population == "survey":
        population = _survey_population(shape.indicator, _key_value(values.get("year")))
    else:
        population = (shape.population,)
    for row in rows:
        group = (None, None) if row == TOTAL else (char, row)
        for col in cols:
            if col == TOTAL and shape.population in _HEADCOUNT_INPUTS:
                who: tuple[object, ...] = ("staff",)  # the headcount, as indicator 1 counts it
                part = "count"
            elif shape.population in _HEADCOUNT_INPUTS:
                who, part = (shape.indicator,), col  # the events are the indicator's own
            else:
                who, part = population, "count" if col == TOTAL else col
            out[(row, col)] = (*who, unit, band, membership, *group, part)
    return out


_SECOND_AXIS_KEYS = tuple(
    k for k in _OUTCOME_KEYS if k not in ("membership", "characteristic_group")
)
"""A second-axis table's key: one per grade (band) and axis; its rows are the axis's values."""


def second_axis_rows(counts: pd.DataFrame) -> np.ndarray:
    """Which rows are second-axis splits of their table (``SECOND_AXES``): published with it,
    where other split rows are not."""
    if "characteristic" not in counts.columns:
        return np.zeros(len(counts), dtype=bool)
    axes = counts["indicator"].astype(object).map(SECOND_AXES)
    return (axes.notna() & (counts["characteristic"].astype(object) == axes)).to_numpy(dtype=bool)


def _second_axis(indicator: object, columns: dict[str, list[object]], pos: int) -> bool:
    """Is this row a second-axis split of its table (``SECOND_AXES``)?"""
    axis = SECOND_AXES.get(indicator) if isinstance(indicator, str) else None
    return (
        axis is not None and "characteristic" in columns and columns["characteristic"][pos] == axis
    )


_CONTEXT = ("organisation", "year", "clinical", "directorate", "staff_group", "region",
            "trust_type", "characteristic", "characteristic_group")  # fmt: skip
"""The keys that say whose counts a table holds (the unit), apart from band and membership."""


def _key_value(value: object) -> object:
    """A key value comparable across tables (numpy and pandas scalars as Python ones)."""
    if value is None or _is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, Integral | np.integer):
        return int(value)
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return int(value)
    return value


@cache
def _survey_population(indicator: str, year: object) -> tuple[object, ...]:
    """A survey table's respondents: the question it counts in that year (WRES7 and WDES5 are
    both Q15 from 2021, so they count the same respondents), else the indicator's own."""
    from metrics.standards.definitions import standards

    for std in standards().values():
        for spec in std.indicators:
            if spec.id != indicator:
                continue
            for entry in spec.questions:
                if year in entry.years:
                    return ("survey", tuple(sorted(entry.numbers)))
    return ("survey", indicator)


def _count(value: object, what: str, indicator: str, name: str, pos: int) -> int:
    try:
        return int(_as_counts([value], what)[0])
    except ValueError as error:
        raise ValueError(f"{indicator} ({name}), input row {pos}: {error}") from None


def _label(columns: dict[str, list[object]], column: str, pos: int) -> str:
    if column not in columns or _is_missing(columns[column][pos]):
        return _NOT_STATED
    return _readable(column, columns[column][pos])


def _group(columns: dict[str, list[object]], pos: int, indicator: str, name: str) -> str:
    value = columns["group"][pos]
    if _is_missing(value):
        raise ValueError(f"{indicator} ({name}), input row {pos}: group is blank")
    return str(value)


def _distribution_plan(
    columns: dict[str, list[object]], positions: list[int], name: str, shape: TableShape
) -> _Plan:
    """Rows = band or membership, columns = groups, row totals = denominators."""
    indicator, row_column = shape.indicator, str(shape.rows)
    cells: dict[tuple[str, str], int] = {}
    given: dict[str, set[int]] = {}
    reads: dict[int, tuple[Cell | None, Cell]] = {}
    for pos in positions:
        row = _label(columns, row_column, pos)
        col = _group(columns, pos, indicator, name)
        if (row, col) in cells:
            raise ValueError(f"{indicator} ({name}): more than one count for {row}, {col}")
        cells[(row, col)] = _count(columns["numerator"][pos], "numerator", indicator, name, pos)
        given.setdefault(row, set())
        if not _is_missing(columns["denominator"][pos]):
            den = _count(columns["denominator"][pos], "denominator", indicator, name, pos)
            given[row].add(den)
        reads[pos] = ((row, col), (row, TOTAL))
    rows = list(dict.fromkeys(r for r, _ in cells))
    cols = list(dict.fromkeys(c for _, c in cells))
    frame = pd.DataFrame(0, index=rows, columns=cols, dtype=np.int64)
    for (row, col), value in cells.items():
        frame.at[row, col] = value
    totals = []
    for row in rows:
        row_sum = int(frame.loc[row].sum())
        if len(given[row]) > 1:
            raise ValueError(f"{indicator} ({name}): different denominators for {row}")
        total = given[row].pop() if given[row] else row_sum
        if total < row_sum:
            raise ValueError(
                f"{indicator} ({name}): the denominator for {row} is smaller than the sum of its "
                "group numerators"
            )
        totals.append(total)
    return _Plan(name, shape, frame, pd.Series(totals, index=rows, dtype=np.int64), reads)


def _outcome_plan(
    columns: dict[str, list[object]], positions: list[int], name: str, shape: TableShape
) -> _Plan:
    """Rows = groups, columns = yes (numerator) / no (denominator - numerator)."""
    indicator = shape.indicator
    rows: dict[str, tuple[int, int]] = {}
    reads: dict[int, tuple[Cell | None, Cell]] = {}
    for pos in positions:
        group = _group(columns, pos, indicator, name)
        if group in rows:
            raise ValueError(f"{indicator} ({name}): more than one count for {group}")
        num = _count(columns["numerator"][pos], "numerator", indicator, name, pos)
        raw_den = columns["denominator"][pos]
        if _is_missing(raw_den):
            raise ValueError(f"{indicator} ({name}), input row {pos}: denominator is blank")
        den = _count(raw_den, "denominator", indicator, name, pos)
        if num > den:
            raise ValueError(
                f"{indicator} ({name}), group {group}: numerator is larger than denominator"
            )
        rows[group] = (num, den - num)
        reads[pos] = ((group, _YES), (group, TOTAL))
    frame = pd.DataFrame(list(rows.values()), index=list(rows), columns=[_YES, _NO], dtype=np.int64)
    return _Plan(name, shape, frame, None, reads)


def _score_plan(
    columns: dict[str, list[object]],
    positions: list[int],
    name: str,
    shape: TableShape,
    settings: DisclosureSettings,
) -> _Plan:
    """WDES9a: a one-column table of each group's respondents, the organisation's (group All)
    as its total. Respondents the groups leave out (All minus the groups) are a row of their
    own, never published but protected. Groups of fewer than ``SURVEY_MINIMUM`` respondents
    are hidden whatever the threshold: their scores are not published, nor their counts."""
    indicator = shape.indicator
    respondents: dict[str, int] = {}
    everyone: int | None = None
    reads: dict[int, tuple[Cell | None, Cell]] = {}
    for pos in positions:
        group = _group(columns, pos, indicator, name)
        raw = columns["denominator"][pos]
        if _is_missing(raw):
            raise ValueError(
                f"{indicator} ({name}), input row {pos}: the number of respondents (denominator) "
                "is blank; a score is published only with the respondents it rests on"
            )
        count = _count(raw, "denominator", indicator, name, pos)
        if group == ALL:
            if everyone is not None:
                raise ValueError(f"{indicator} ({name}): more than one count for {ALL}")
            everyone = count
            reads[pos] = (None, (TOTAL, RESPONDENTS))
            continue
        if group in respondents:
            raise ValueError(f"{indicator} ({name}): more than one count for {group}")
        respondents[group] = count
        reads[pos] = (None, (group, RESPONDENTS))
    if everyone is not None:
        rest = everyone - sum(respondents.values())
        if rest < 0:
            raise ValueError(
                f"{indicator} ({name}): the organisation's respondents ({ALL}) are fewer than its "
                "groups' respondents together"
            )
        if rest or not respondents:
            respondents[_NOT_STATED] = rest
    frame = pd.DataFrame({RESPONDENTS: list(respondents.values())}, index=list(respondents),
                         dtype=np.int64)  # fmt: skip
    least = max(SURVEY_MINIMUM, settings.threshold + 1)
    small = frozenset(
        (row, col)
        for row, n in respondents.items()
        if 0 < n < least
        for col in (RESPONDENTS, TOTAL)
    )
    if everyone is not None and 0 < everyone < least:
        small |= {(TOTAL, RESPONDENTS), (TOTAL, TOTAL)}
    return _Plan(name, shape, frame, None, reads, small=small)


SUPPRESSED = "suppressed"


def audit_for_publication(audit: pd.DataFrame, settings: DisclosureSettings = DEFAULT_SETTINGS):
    """The audit as it may be published: primary and secondary suppressions look the same.

    Telling them apart would tell a reader which hidden counts lie in 1..threshold and which
    are larger, which narrows what they can work out. The full audit stays internal."""
    out = audit.copy()
    hidden = out["action"].isin([SUPPRESSED_PRIMARY, SUPPRESSED_SECONDARY])
    out.loc[hidden, "action"] = SUPPRESSED
    out.loc[hidden, "reason"] = (
        f"Hidden to protect individuals: counts between 1 and {settings.threshold} are not "
        "published, nor any count that would let them be worked out from the totals."
    )
    return out


SHOWN_EXACTLY = "shown exactly"


def board_audit(counts: pd.DataFrame) -> pd.DataFrame:
    """The audit lines for indicator 9 published exactly (``publish_board_composition``):
    one per published count, saying why it was not rounded."""
    rows = []
    for r in counts.to_dict("records"):
        table = " ".join(
            _readable(k, r[k]) for k in ("indicator", "year") if k in r and not _is_missing(r[k])
        )
        row = "voting" if _is_missing(r.get("membership")) else str(r["membership"])
        for column in (str(r["group"]), TOTAL):
            rows.append([table, row, column, SHOWN_EXACTLY,
                         "Board membership is public, so the board's counts are published as "
                         "they are (setting publish_board_composition)."])  # fmt: skip
    audit = pd.DataFrame(rows, columns=list(AUDIT_COLUMNS), dtype=object)
    return audit.drop_duplicates(ignore_index=True)


# ---------------------------------------------------------------------------------------------
# split rows (intersections)

SPLIT_REASON = (
    "Hidden in every group of the split: a count in this indicator is hidden (in a group or in "
    "the all-staff figures), and the other groups' counts would let it be worked out by "
    "subtracting them from the all-staff figures."
)


def publish_with_splits(
    counts: pd.DataFrame, settings: DisclosureSettings = DEFAULT_SETTINGS
) -> PublishedCounts:
    """``publish_counts`` for counts holding split rows too (an indicator among each group of a
    second characteristic), with complementary suppression across the split: the groups of a
    split add up to the all-staff figures, so where any count of an indicator is hidden, in a
    group or in the all-staff rows, that indicator's split rows are hidden in every group."""
    published = publish_counts(counts, settings)
    out = published.counts
    if "characteristic" not in out or out["characteristic"].isna().all():
        return published
    # an indicator's split is hidden whole (both clinical sides, every band): a part of it left
    # shown could be taken from a group's total that another table gives
    family = [k for k in _DISTRIBUTION_KEYS
              if k not in ("clinical", "characteristic", "characteristic_group")]  # fmt: skip
    keys = out[family].astype(object).map(_key_value).apply(tuple, axis=1)
    hidden = (out["numerator_suppressed"] | out["denominator_suppressed"]).to_numpy(dtype=bool)
    # a second axis of a table (doctors by grade and place of qualification) is protected with
    # its table by publish_counts; only the splits by a second characteristic are handled here
    split = out["characteristic"].notna().to_numpy() & ~second_axis_rows(out)
    by = out["characteristic"].astype(object).where(split, None)
    touched = {(k, b) for k, b, h, s in zip(keys, by, hidden, split, strict=True) if h and s}
    whole_hidden = {k for k, h, s in zip(keys, hidden, split, strict=True) if h and not s}
    hide = np.array([s and ((k, b) in touched or k in whole_hidden)
                     for k, b, s in zip(keys, by, split, strict=True)], dtype=bool)  # fmt: skip
    if not hide.any():
        return published
    out = out.copy()
    for col in ("numerator", "denominator"):
        out[col] = out[col].astype("Int64").mask(hide)
    if "score" in out:
        out["score"] = out["score"].astype("Float64").mask(hide)
    out["numerator_suppressed"] = out["numerator_suppressed"].to_numpy(dtype=bool) | hide
    out["denominator_suppressed"] = out["denominator_suppressed"].to_numpy(dtype=bool) | hide
    names = sorted({name for name, _ in _plans_names(_counts_like(out[hide]), settings)})
    audit = published.audit[~published.audit["table"].isin(names).to_numpy()]
    added = pd.DataFrame([[n, "every row", "every column", SUPPRESSED_SECONDARY, SPLIT_REASON]
                          for n in names], columns=list(AUDIT_COLUMNS), dtype=object)  # fmt: skip
    return replace(published, counts=out,
                   audit=pd.concat([audit, added], ignore_index=True))  # fmt: skip


def _counts_like(published: pd.DataFrame) -> pd.DataFrame:
    """Published rows in the shape of counts (hidden counts as 0), to name their tables."""
    return published.assign(numerator=published["numerator"].fillna(0),
                            denominator=published["denominator"].fillna(0))  # fmt: skip
