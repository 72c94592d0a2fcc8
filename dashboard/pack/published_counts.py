"""Every count a published board pack shows, through one disclosure-control step.

Why one step: WRES1 and WDES1 count the same staff band by band, WRES2 and WDES2 the same
shortlisted applicants, WRES9 and WDES10 the same board, and the medical grades and roles the same
doctors. ``metrics.disclosure.control.publish_counts`` hides a total two tables share in both or
in neither, but only among the tables it is given together. So the WRES's ladder (BME against
everyone else, senior bands merged as ``dashboard.pack.bands`` says), the WRES's other tables, the
WDES's and the medical view's go through one call, and the Counts sheet, the slides and the audit
all read from its result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.pack.bands import (
    MERGED,
    NOT_BME,
    SIDES,
    Merge,
    senior_hidden,
    side_key,
    side_shapes,
    with_shape,
)
from metrics.counts.table import collapse
from metrics.disclosure.control import (
    AUDIT_COLUMNS,
    WITHHELD,
    DisclosureSettings,
    publish_counts,
    second_axis_rows,
    table_shapes,
)
from metrics.standards.evaluation import EXACT_BOARD, board_exactly

PUBLISHED_STANDARDS = ("WRES", "WDES", "MED-")
"""The counts rows the pack publishes, by the start of their indicator id."""


@dataclass(frozen=True, eq=False)
class PackCounts:
    """One organisation's year as the pack publishes it: the long counts (a suppressed count
    flagged, never shown), the audit of every change, and the WRES1 rows shown together."""

    counts: pd.DataFrame
    audit: pd.DataFrame
    merges: tuple[Merge, ...]

    def rows(self, *prefixes: str) -> pd.DataFrame:
        """The published rows whose indicator starts with any of ``prefixes``."""
        keep = self.counts["indicator"].astype(str).str.startswith(prefixes).to_numpy()
        return self.counts[keep]

    def audit_of(self, *prefixes: str) -> pd.DataFrame:
        """The audit lines of the tables whose name starts with any of ``prefixes``."""
        keep = self.audit["table"].astype(str).str.startswith(prefixes).to_numpy()
        return self.audit[keep].reset_index(drop=True)


def year_rows(counts: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """The whole organisation's rows of one year (``counts`` already of one organisation),
    of the standards the pack publishes, summed over directorates and staff groups; the grade by
    place of qualification rows (MED-GRADE split by ``qualification``) are kept, to be protected
    with the grade table."""
    rows = counts[(ordinary_rows(counts) | second_axis_rows(counts))]
    if year is not None:
        rows = rows[(rows["year"] == year).fillna(False).to_numpy()]
    keep = rows["indicator"].astype(str).str.startswith(PUBLISHED_STANDARDS).to_numpy()
    return collapse(rows[keep])


def ordinary_rows(counts: pd.DataFrame):
    """Which rows are not split by a second characteristic (``metrics.counts.table.ordinary``)."""
    if "characteristic" not in counts:
        return np.ones(len(counts), dtype=bool)
    return counts["characteristic"].isna().to_numpy()


_RECENT: dict[tuple[int, DisclosureSettings], PackCounts] = {}
"""The last few results: a pack's WRES and WDES sections ask for the same year's (read only)."""


def publish_pack_counts(rows: pd.DataFrame, settings: DisclosureSettings) -> PackCounts:
    """``rows`` (from ``year_rows``) after disclosure control, all tables together (the same
    rows and settings give the same result, kept for the next caller)."""
    key = (int(pd.util.hash_pandas_object(rows.astype(str), index=False).sum()), settings)
    if key not in _RECENT:
        while len(_RECENT) >= 8:
            _RECENT.pop(next(iter(_RECENT)))
        _RECENT[key] = _publish(rows, settings)
    return _RECENT[key]


def _publish(rows: pd.DataFrame, settings: DisclosureSettings) -> PackCounts:
    """``rows`` after disclosure control, all tables together.

    Each clinical side's ladder (WRES1 and WDES1 alike) takes the first of its shapes
    (``bands.side_shapes``) in which no senior row is hidden; since tables are protected
    together, a side's choice is made with every other table beside it, and a side moves on to
    its next shape until none needs to."""
    w1 = rows[(rows["indicator"] == "WRES1").to_numpy()]
    # the ladder shows each band's BME share, so bands are published as BME against everyone
    # else: a small Unknown count then hides itself, not the band's BME figure beside it
    w1 = collapse(w1.assign(group=w1["group"].where(w1["group"] == "BME", NOT_BME)))
    # WDES1 counts the same staff by band: it takes the ladder's shape, so both tables are one
    # partition of the staff and their band totals the same numbers (a merged WRES1 row beside
    # WDES1's separate bands would give a hidden band total away by difference)
    ladder = pd.concat([w1, rows[(rows["indicator"] == "WDES1").to_numpy()]], ignore_index=True)
    others = rows[~rows["indicator"].isin(["WRES1", "WDES1"]).to_numpy()]
    sides = ladder["clinical"].astype(object).map(side_key)
    ladders = {c: ladder[sides.map(lambda v, c=c: v is c).to_numpy(dtype=bool)]
               for c in dict.fromkeys(sides)}  # fmt: skip
    shapes = {c: side_shapes(side) for c, side in ladders.items()}
    chosen = dict.fromkeys(ladders, 0)
    while True:
        frame = pd.concat(
            [*(with_shape(ladders[c], shapes[c][chosen[c]]) for c in ladders), others],
            ignore_index=True,
        )
        published = publish_counts(frame, settings)
        moved = False
        for c in ladders:
            if chosen[c] + 1 < len(shapes[c]) and senior_hidden(_side_rows(published.counts, c)):
                chosen[c] += 1
                moved = True
        if not moved:
            break
    counts, audit = published.counts, published.audit
    if settings.publish_board_composition:
        counts, audit = board_exactly(frame, counts, audit)
        counts, audit = _withhold_board_tables(counts, audit)
    merges, lines = [], []
    for c in ladders:
        shape = shapes[c][chosen[c]]
        expand = {shape[0]: shape[1]} if shape is not None else {}
        found = [Merge(c, m.label, tuple(b for r in m.rows for b in expand.get(r, (r,))))
                 for m in published.merges
                 if m.key("indicator") == "WRES1" and side_key(m.key("clinical")) is c]  # fmt: skip
        merges += found
        if shape is None:
            continue
        merge = Merge(c, shape[0], shape[1])
        if not any(shape[0] in m.label.split(" + ") for m in found):
            merges.append(merge)
        table = _ladder_table(audit, c)
        lines.append([table, merge.label, ", ".join(merge.bands), MERGED, merge.sentence])
    head = pd.DataFrame(lines, columns=list(AUDIT_COLUMNS), dtype=object)
    audit = pd.concat([head, audit], ignore_index=True) if lines else audit
    return PackCounts(counts.reset_index(drop=True), audit, tuple(merges))


def _withhold_board_tables(counts: pd.DataFrame, audit: pd.DataFrame):
    """Board tables by another characteristic (WDES10) left out whole where they hide a count.

    Why: with ``publish_board_composition`` the WRES's board counts, and so the board's
    totals, are published exactly; the WDES10 table was protected as if its totals could be
    hidden, so a hidden count beside a total the WRES gives away could be worked back (an
    executive team of 7 all non-disabled: "Non-disabled: hidden" and 7 executives)."""
    boards = [i for i, s in table_shapes().items()
              if s.population == "board" and i != EXACT_BOARD]  # fmt: skip
    hidden = (counts["numerator_suppressed"] | counts["denominator_suppressed"]).to_numpy()
    drop = [i for i in boards if (hidden & (counts["indicator"] == i).to_numpy()).any()]
    if not drop or not (counts["indicator"] == EXACT_BOARD).any():
        return counts, audit
    names = audit["table"].astype(str)
    mine = names.str.split().str[0].isin(drop).to_numpy()
    tables = list(dict.fromkeys(names[mine]))
    lines = pd.DataFrame([[t, "every row", "every column", WITHHELD, BOARD_WITHHELD]
                          for t in tables], columns=list(AUDIT_COLUMNS), dtype=object)  # fmt: skip
    keep = ~counts["indicator"].isin(drop).to_numpy()
    return counts[keep], pd.concat([audit[~mine], lines], ignore_index=True)


BOARD_WITHHELD = (
    "The whole table is left out: the board's make-up by ethnicity is published exactly, so its "
    "totals are known, and with them a hidden count of this table could be worked out."
)


def _side_rows(counts: pd.DataFrame, clinical: bool | None) -> pd.DataFrame:
    w1 = counts[(counts["indicator"] == "WRES1").to_numpy()]
    sides = w1["clinical"].astype(object).map(side_key)
    return w1[sides.map(lambda v: v is clinical).to_numpy(dtype=bool)]


def _ladder_table(audit: pd.DataFrame, clinical: bool | None) -> str:
    """The audit's name for one side's WRES1 table ("WRES1 2025 Trust non-clinical")."""
    for name in audit["table"].astype(str):
        words = name.split()
        if not words or words[0] != "WRES1":
            continue
        side = next((w for w in ("clinical", "non-clinical") if w in words), None)
        if side == (None if clinical is None else SIDES[clinical]):
            return name
    return f"WRES1 {SIDES[clinical]}"
