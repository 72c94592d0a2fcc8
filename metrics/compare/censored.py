"""Suppressed cells of a freedom-of-information return, read as what they say.

A trust answering a request often hides small counts: "<5", "< 5", "fewer than 10", "*". Each
is an interval-censored count: "<5" is some whole number from 0 to 4, "fewer than 10" 0 to 9, a
range written "1-4" is 1 to 4, and "*" means ``STAR`` (0 to 4: a count below 5, zero included)
unless the network says its requests use another convention (``star``). "n/a", "not held",
"not known" and a lone dash say the trust did not give the count at all: not zero, and no
figure can rest on it (a dash is zero in some returns and "not held" in others, so it is not
guessed).

The loader reads counts, not words, so each censored cell is given a stand-in number on the way
in (a numerator its lowest admissible value, a denominator its highest, so a row stays a count
of at most its total) and kept here with its text, bounds, file and line. Every figure that
rests on one then gets no value but the range [low, high] of the values that admissible counts
give (``with_ranges``), is left off the funnel, and the counts are written back with the cell as
it came (``as_written``). A relative likelihood or survey gap also keeps its counts' bounds
(``BOUND_COLUMNS``), so a value pooled over years carries the range through: the same extremes,
each count added up over the years (``summed_share_range``, ``summed_ratio_range``,
``summed_gap_range``; one year is the one-part case).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from dataclasses import replace as replaced

import numpy as np
import pandas as pd

from metrics import reference as ref
from metrics.compare.values import INDICATORS, SENIOR, SENIOR_CLUSTER, NetworkValues
from metrics.counts.characteristics import characteristic
from metrics.inputs.column_values import number_text, per_category

STAR = (0, 4)
"""What "*" stands for unless a network says otherwise: a count below 5, zero included."""

NOT_GIVEN = frozenset(
    {"n/a", "na", "n.a.", "not held", "not known", "not available", "unknown", "-", "–", "—"}
)
"""Words for a count the trust did not give (not zero)."""

_BELOW = re.compile(r"^(?:<|less than|fewer than|under|below)\s*(\d+)$")
_AT_MOST = re.compile(r"^(?:<=|≤|up to|at most)\s*(\d+)$")
_RANGE = re.compile(r"^(\d+)\s*(?:-|–|to)\s*(\d+)$")
_STAR = re.compile(r"^\*+$")

COUNT_COLUMNS = ("numerator", "denominator")
CELL_COLUMNS = ["position", "line", "column", "text", "low", "high"]
"""A return's censored cells: the counts row (``position``), the file line, which count, the
text as written, and its bounds (NaN, NaN: not given)."""


@dataclass(frozen=True)
class Censored:
    """A count written as a range or as not given. ``low`` and ``high`` are None when the
    return did not give the count."""

    text: str
    low: int | None
    high: int | None

    @property
    def given(self) -> bool:
        return self.low is not None


def read_cell(value: object, star: tuple[int, int] = STAR) -> Censored | None:
    """A counts cell as a censored count, or None when it is a number (or blank, or text the
    loader should refuse as before)."""
    if value is None or isinstance(value, (int, float)) or str(value).isdigit():
        return None  # a number (the usual case, decided without a pattern)
    text = " ".join(str(value).split())
    said = text.lower().rstrip(".") if text not in ("n.a.",) else text
    if not said:
        return None
    if said in NOT_GIVEN or said == "n.a":
        return Censored(text, None, None)
    if _STAR.match(said):
        return Censored(text, star[0], star[1])
    found = _BELOW.match(said)
    if found and int(found.group(1)) > 0:
        return Censored(text, 0, int(found.group(1)) - 1)
    found = _AT_MOST.match(said)
    if found:
        return Censored(text, 0, int(found.group(1)))
    found = _RANGE.match(said)
    if found and int(found.group(1)) <= int(found.group(2)):
        return Censored(text, int(found.group(1)), int(found.group(2)))
    return None


def parse_star(text: str) -> tuple[int, int]:
    """The bounds a range such as "0-4" or "1-4" gives (what "*" stands for); ValueError else."""
    found = _RANGE.match(" ".join(str(text).split()))
    if not found or int(found.group(1)) > int(found.group(2)):
        raise ValueError(f'"{text}" is not a range of counts such as 0-4 or 1-4')
    return int(found.group(1)), int(found.group(2))


class CensoredCells:
    """The loader's row choice (``Sources.rows``, a ``loaders.RowChoice``): the chooser's rows
    (every row without one), each censored cell of them taken out of the raw counts columns
    before they are read as numbers, a stand-in put in its place and the cell kept
    (``found``: the raw row label, column, text and bounds)."""

    def __init__(self, chooser=None, star: tuple[int, int] = STAR):
        self.chooser = chooser
        self.star = star
        self.found = pd.DataFrame(columns=["label", "column", "text", "low", "high"])

    @property
    def fields(self) -> tuple[str, ...]:
        return () if self.chooser is None else self.chooser.fields

    @property
    def keys(self):  # the chooser's distinct keys, as ``metrics.compare.inputs`` reads them
        return None if self.chooser is None else self.chooser.keys

    def choose(self, raw: pd.DataFrame) -> np.ndarray:
        if self.chooser is None:
            return np.ones(len(raw), dtype=bool)
        return self.chooser(raw)

    def prepare(self, raw: pd.DataFrame) -> None:
        parts = []
        for column in COUNT_COLUMNS:
            if column not in raw:
                continue
            read, codes = per_category(raw[column], lambda v: read_cell(v, self.star))
            hit = np.asarray([r is not None for r in read], dtype=bool)[codes]
            if not hit.any():
                continue
            cells = [read[c] for c in codes[hit]]
            low = np.array([np.nan if c.low is None else c.low for c in cells], dtype=float)
            high = np.array([np.nan if c.high is None else c.high for c in cells], dtype=float)
            if column == "numerator":
                stand_in = np.where(np.isnan(low), 0.0, low)
            else:  # the highest admissible total; not given: the row's numerator (or 0)
                numerator = _numbers(raw["numerator"]) if "numerator" in raw else None
                beside = np.zeros(hit.sum()) if numerator is None else numerator[hit]
                stand_in = np.where(np.isnan(high), np.nan_to_num(beside), high)
            values = raw[column].astype(object).to_numpy(copy=True)
            values[hit] = [str(int(v)) for v in stand_in]
            raw[column] = pd.Series(values, index=raw.index, dtype=object)
            parts.append(
                pd.DataFrame(
                    {
                        "label": raw.index.to_numpy()[hit],
                        "column": column,
                        "text": [c.text for c in cells],
                        "low": low,
                        "high": high,
                    }
                )
            )
        if parts:
            self.found = pd.concat(parts, ignore_index=True)


def _numbers(column: pd.Series) -> np.ndarray:
    text = column.astype(object).map(lambda v: None if v is None else number_text(v))
    return pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)


def cells_of(found: pd.DataFrame, labels: np.ndarray) -> pd.DataFrame:
    """The cells found by ``CensoredCells`` placed on the loaded counts' rows (``labels``: each
    counts row's raw row label, which is its line in the file): ``CELL_COLUMNS``. A cell on a
    row the loader did not keep (another indicator's) is left out."""
    if found.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    position = pd.Index(labels).get_indexer(found["label"].to_numpy())
    kept = found[position >= 0].assign(position=position[position >= 0])
    out = kept.rename(columns={"label": "line"})[CELL_COLUMNS]
    order = out["column"].map({c: i for i, c in enumerate(COUNT_COLUMNS)})
    return out.assign(order=order).sort_values(["position", "order"], ignore_index=True)[
        CELL_COLUMNS
    ]


PLACE = ["organisation", "year", "indicator", "band", "membership", "group"]
TABLE_COLUMNS = ["file", "line", *PLACE, "column", "text", "low", "high"]


def placed(cells: pd.DataFrame, counts: pd.DataFrame, file: str = "") -> pd.DataFrame:
    """The cells with what their counts row is about (``TABLE_COLUMNS`` and ``position``)."""
    if cells.empty:
        return pd.DataFrame(columns=[*TABLE_COLUMNS, "position"])
    rows = counts.iloc[cells["position"].to_numpy()][PLACE].reset_index(drop=True)
    out = pd.concat([cells.reset_index(drop=True), rows.astype(object)], axis=1)
    return out.assign(file=file)[[*TABLE_COLUMNS, "position"]]


def as_written(counts: pd.DataFrame, censored: pd.DataFrame | None) -> pd.DataFrame:
    """The counts with each censored cell as it came ("<5", "*", "not held"), for writing back:
    numerator and denominator become text columns (whole numbers elsewhere)."""
    out = counts.copy()
    if censored is None or censored.empty:
        return out
    for column in COUNT_COLUMNS:
        shown = out[column].astype(object).map(_count_text)
        mine = censored[censored["column"] == column]
        values = shown.to_numpy(copy=True)
        values[mine["position"].to_numpy(dtype=np.int64)] = mine["text"].to_numpy()
        out[column] = pd.Series(values, index=out.index, dtype=object)
    return out


def _count_text(value: object) -> str | None:
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return str(int(number)) if number.is_integer() else str(value)


def suppressed_by_trust(censored: pd.DataFrame | None) -> pd.DataFrame:
    """Each trust's suppressed cells, for the data page: organisation, year, indicator, band,
    group, which count and what the return said, with what it is read as."""
    columns = ["organisation", "year", "indicator", "band", "group", "count", "written",
               "read as"]  # fmt: skip
    if censored is None or censored.empty:
        return pd.DataFrame(columns=columns)
    out = censored.sort_values(["organisation", "year", "indicator", "line"], kind="stable")

    def meaning(low: float, high: float) -> str:
        if np.isnan(low):
            return "not given (not zero): no figure rests on it"
        return f"between {int(low)} and {int(high)}"

    return pd.DataFrame(
        {
            "organisation": out["organisation"].to_numpy(),
            "year": out["year"].to_numpy(),
            "indicator": out["indicator"].to_numpy(),
            "band": out["band"].to_numpy(),
            "group": out["group"].to_numpy(),
            "count": out["column"].to_numpy(),
            "written": out["text"].to_numpy(),
            "read as": [meaning(lo, hi) for lo, hi in zip(out["low"], out["high"], strict=True)],
        }
    )


# ---- the range of a figure that rests on censored counts ----------------------------------


def summed_share_range(
    parts: list[tuple[float, float, float, float]], at_least: float = 0.0
) -> tuple[float, float] | None:
    """Smallest and largest A/N where A and N are added up over ``parts`` (years), each part a
    count a in [a_low, a_high] of n in [n_low, n_high] (whole, a <= n, n >= 1); ``at_least``:
    the least A allowed (1 for the bottom of a ratio, which would be infinite at 0). None when
    no such counts exist.

    Smallest: every a at its lowest and every n at its highest. Largest: for any target r,
    sum(a - r n) is largest with each part's a = min(a_high, n) and n as near a_high as its
    bounds allow (rising while a can follow, falling after), whatever r is, so each part's
    best (a, n) does not depend on the others. One part is one year's range."""
    a_low = n_high = a_top = n_top = 0.0
    for lo, hi, n_lo, n_hi in parts:
        n_lo = max(n_lo, 1.0, lo)
        if n_lo > n_hi:
            return None
        n = min(max(hi, n_lo), n_hi)
        a_low, n_high = a_low + lo, n_high + n_hi
        a_top, n_top = a_top + min(hi, n), n_top + n
    if not parts or a_top < at_least:
        return None
    return max(a_low, at_least) / n_high, a_top / n_top


def share_range(
    a_low: float, a_high: float, n_low: float, n_high: float
) -> tuple[float, float] | None:
    """Smallest and largest a/n over whole a in [a_low, a_high], n in [n_low, n_high], a <= n,
    n >= 1; None when no such pair exists."""
    return summed_share_range([(a_low, a_high, n_low, n_high)])


def summed_ratio_range(top: list, bottom: list) -> tuple[float, float] | None:
    """(A1/N1) / (A2/N2) with each count added up over years (``summed_share_range`` parts of
    the group on top and of the other), over every admissible count that gives a finite ratio
    (A2 >= 1): the two groups are separate, so the extremes are the top share's extremes over
    the bottom's."""
    up = summed_share_range(top)
    down = summed_share_range(bottom, at_least=1.0)
    if up is None or down is None:
        return None
    return up[0] / down[1], up[1] / down[0]


def ratio_range(
    a: tuple[float, float], n1: tuple[float, float], c: tuple[float, float],
    n2: tuple[float, float],
) -> tuple[float, float] | None:  # fmt: skip
    """(a/n1) / (c/n2) over every admissible count (each in its bounds, a <= n1, c <= n2) that
    gives a finite ratio (c >= 1): one year of ``summed_ratio_range``."""
    return summed_ratio_range([(*a, *n1)], [(*c, *n2)])


def summed_gap_range(first: list, second: list) -> tuple[float, float] | None:
    """A survey gap in percentage points, 100 (P1 - P2), each share's counts added up over
    years (``summed_share_range`` parts): the groups are separate, so the extremes are one
    share's extremes less the other's."""
    p1, p2 = summed_share_range(first), summed_share_range(second)
    if p1 is None or p2 is None:
        return None
    return 100 * (p1[0] - p2[1]), 100 * (p1[1] - p2[0])


def outwards(low: float, high: float, step: float) -> tuple[float, float]:
    """A range's ends rounded outwards to ``step`` (0.01, 0.1, a published percentage's step),
    so the range shown holds every value it stands for."""
    return (
        round(math.floor(low / step + 1e-9) * step, 10),
        round(math.ceil(high / step - 1e-9) * step, 10),
    )


def _split_share_range(k: tuple[float, float], rest: tuple[float, float]):
    """k / (k + rest): a workforce share, where the total is the groups' own counts."""
    if k[1] + rest[1] <= 0:
        return None
    low = k[0] / (k[0] + rest[1]) if k[0] + rest[1] > 0 else 0.0
    high = k[1] / (k[1] + rest[0]) if k[1] + rest[0] > 0 else 1.0
    return low, high


def _bounds(counts: pd.DataFrame, censored: pd.DataFrame) -> pd.DataFrame:
    """Every ordinary counts row of the organisation-years with a censored cell, with how far
    each count may be from its stand-in (``num_w``, ``den_w``) and whether it was not given."""
    touched = censored[["organisation", "year"]].drop_duplicates()
    keys = pd.MultiIndex.from_frame(touched.astype(object))
    here = pd.MultiIndex.from_frame(counts[["organisation", "year"]].astype(object))
    mine = here.isin(keys)
    if "characteristic" in counts:
        mine = mine & counts["characteristic"].isna().to_numpy()
    rows = counts[mine]
    width = {c: np.zeros(len(counts)) for c in COUNT_COLUMNS}
    missing = np.zeros(len(counts), dtype=bool)
    for column in COUNT_COLUMNS:
        cells = censored[censored["column"] == column]
        pos = cells["position"].to_numpy(dtype=np.int64)
        span = (cells["high"] - cells["low"]).to_numpy(dtype=float)
        width[column][pos] = np.nan_to_num(span)
        missing[pos[np.isnan(span)]] = True
    return pd.DataFrame(
        {
            "organisation": rows["organisation"].astype(object).to_numpy(),
            "year": rows["year"].astype(int).to_numpy(),
            "indicator": rows["indicator"].astype(object).to_numpy(),
            "group": rows["group"].astype(object).to_numpy(),
            "voting": rows["membership"].astype(object).fillna("voting").eq("voting").to_numpy(),
            "senior": rows["band"].astype(object).isin(_senior_bands()).to_numpy(),
            "num": rows["numerator"].fillna(0).to_numpy(dtype=float),
            "den": rows["denominator"].fillna(0).to_numpy(dtype=float),
            "num_w": width["numerator"][mine],
            "den_w": width["denominator"][mine],
            "missing": missing[mine],
        }
    )


def _senior_bands() -> set[str]:
    return {b.band for b in ref.bands().values() if b.cluster == SENIOR_CLUSTER}


def _sides(frame: pd.DataFrame, group: str) -> dict[str, tuple[float, float]]:
    rows = frame[frame["group"] == group]
    num_low = rows["num"].sum()  # a numerator's stand-in is its lowest value
    den_high = rows["den"].sum()  # a denominator's its highest
    return {
        "num": (num_low, num_low + rows["num_w"].sum()),
        "den": (den_high - rows["den_w"].sum(), den_high),
    }


def figure_range(spec, rows: pd.DataFrame, workforce: pd.DataFrame | None):
    """The range [low, high] of one indicator for one organisation and year, in shown units,
    from its counts' bounds (``_bounds`` rows of its base indicator); None when a count it
    rests on was not given or no admissible counts give a value."""
    if rows["missing"].any() or (workforce is not None and workforce["missing"].any()):
        return None
    if spec.kind == "ratio":
        one, two = _sides(rows, spec.first), _sides(rows, spec.second)
        return ratio_range(one["num"], one["den"], two["num"], two["den"])
    if spec.kind == "gap":
        one, two = _sides(rows, spec.first), _sides(rows, spec.second)
        return summed_gap_range([(*one["num"], *one["den"])], [(*two["num"], *two["den"])])
    if spec.kind == "survey_share":
        one = _sides(rows, spec.first)
        found = share_range(*one["num"], *one["den"])
        return None if found is None else (100 * found[0], 100 * found[1])
    if spec.kind in ("share", "board"):
        groups = characteristic(spec.characteristic).groups
        if spec.kind == "board":
            rows = rows[rows["voting"].to_numpy()]
        k = _sides(rows, spec.first)["num"]
        rest = [_sides(rows, g)["num"] for g in groups if g != spec.first]
        others = (sum(r[0] for r in rest), sum(r[1] for r in rest))
        found = _split_share_range(k, others)
        if found is None:
            return None
        if spec.kind == "share":
            return 100 * found[0], 100 * found[1]
        if workforce is None or workforce.empty:
            return None
        staff = workforce
        wk = _sides(staff, spec.first)["num"]
        w_rest = [_sides(staff, g)["num"] for g in groups if g != spec.first]
        w = _split_share_range(wk, (sum(r[0] for r in w_rest), sum(r[1] for r in w_rest)))
        if w is None:
            return None
        return 100 * (found[0] - w[1]), 100 * (found[1] - w[0])
    return None  # a published score is not a count


def _reason(spec, cells: pd.DataFrame, found) -> str:
    said = ", ".join(
        f'{g} {c} "{t}"'
        for g, c, t in cells[["group", "column", "text"]].drop_duplicates().itertuples(index=False)
    )
    if found is None:
        return f"not computable: a count was suppressed or not given in the return ({said})"
    unit = "" if spec.unit == "relative likelihood" else (
        "%" if spec.unit == "percent" else " points"
    )  # fmt: skip
    return (
        f"rests on a suppressed count ({said}): somewhere between {found[0]:.2f}{unit} and "
        f"{found[1]:.2f}{unit}, so it is shown as a range and left off the funnel"
    )


RANGE_COLUMNS = ("value_low", "value_high", "censored")
"""What ``with_ranges`` adds to the values: the range of a figure resting on a censored count
(NaN, NaN where none, or where it cannot be bounded), and whether it rests on one."""

BOUND_COLUMNS = ("e1_low", "e1_high", "n1_low", "n1_high", "e2_low", "e2_high", "n2_low",
                 "n2_high")  # fmt: skip
"""And, for a relative likelihood or survey gap resting on a withheld count that has bounds,
the bounds of the counts behind it (``e1``, ``n1``, ``e2``, ``n2`` as in the values frame), so a
value pooled over years can carry the range through (``pooled``); NaN elsewhere."""


def count_bounds(spec, rows: pd.DataFrame) -> tuple[float, ...] | None:
    """The bounds of e1, n1, e2, n2 (``BOUND_COLUMNS`` order) of a relative likelihood or survey
    gap from its counts' bounds (``_bounds`` rows), as ``figure_range`` reads them; None for
    another kind or when a count it rests on was not given."""
    if spec.kind not in ("ratio", "gap") or rows["missing"].any():
        return None
    one, two = _sides(rows, spec.first), _sides(rows, spec.second)
    return (*one["num"], *one["den"], *two["num"], *two["den"])


def _groups(spec) -> tuple[str, ...]:
    """The groups whose counts a figure rests on: both sides of a ratio or gap, one group's
    survey answers, every group of a share's total (Unknown included)."""
    if spec.kind in ("ratio", "gap"):
        return (spec.first, spec.second)
    if spec.kind == "survey_share":
        return (spec.first,)
    return tuple(characteristic(spec.characteristic).groups)


def _bearing(cells: pd.DataFrame | None, spec, bands: set[str] | None = None):
    """The cells (of one organisation, year and counts indicator) that a figure rests on: those
    of its groups (and, for a senior cluster, its bands); None when none."""
    if cells is None:
        return None
    keep = cells["group"].isin(_groups(spec)).to_numpy(copy=True)
    if bands is not None:
        keep &= cells["band"].isin(bands).to_numpy()
    if spec.kind == "board":  # the network's board figure is the voting membership's
        keep &= cells["membership"].astype(object).fillna("voting").eq("voting").to_numpy()
    return cells[keep] if keep.any() else None


def with_ranges(values: NetworkValues, censored: pd.DataFrame | None,
                counts: pd.DataFrame) -> NetworkValues:  # fmt: skip
    """The values with every figure that rests on a censored count taken out (no value, no
    interval, no change, and no counts for the funnel or the network's pooled value) and its
    range put beside it, status "not_computable" with the reason and the range in words."""
    frame = values.frame.assign(value_low=np.nan, value_high=np.nan, censored=False,
                                **dict.fromkeys(BOUND_COLUMNS, np.nan))  # fmt: skip
    if censored is None or censored.empty or frame.empty:
        return replaced(values, frame=frame)
    bounds = _bounds(counts, censored)
    by_key = dict(tuple(bounds.groupby(["organisation", "year", "indicator"])))
    cells = censored.assign(year=censored["year"].astype(int))
    cells_by = dict(tuple(cells.groupby(["organisation", "year", "indicator"])))
    senior = _senior_bands()
    none = bounds.iloc[0:0]
    frame = frame.copy()
    at = {c: frame.columns.get_loc(c) for c in frame.columns}
    for i, row in enumerate(frame[["organisation", "year", "indicator"]].itertuples(index=False)):
        spec = INDICATORS[row.indicator]
        base = (row.organisation, int(row.year), spec.base)
        staff = (row.organisation, int(row.year), spec.workforce)
        leans = spec.kind == "board"
        own = _bearing(cells_by.get(base), spec, senior if spec.id.endswith(SENIOR) else None)
        theirs = _bearing(cells_by.get(staff), spec) if leans else None
        if own is None and theirs is None:
            continue
        rows = by_key.get(base, none)
        if spec.id.endswith(SENIOR):
            rows = rows[rows["senior"].to_numpy()]
        found = figure_range(spec, rows, by_key.get(staff, none) if leans else None)
        said = pd.concat([c for c in (own, theirs) if c is not None])
        for column in ("value", "ci_lower", "ci_upper", "change", "e1", "n1", "e2", "n2"):
            frame.iat[i, at[column]] = np.nan
        frame.iat[i, at["censored"]] = True
        frame.iat[i, at["status"]] = "not_computable"
        frame.iat[i, at["reason"]] = _reason(spec, said, found)
        if found is not None:
            frame.iat[i, at["value_low"]] = found[0]
            frame.iat[i, at["value_high"]] = found[1]
        kept = None if theirs is not None else count_bounds(spec, rows)
        for column, bound in zip(BOUND_COLUMNS, kept or (), strict=False):
            frame.iat[i, at[column]] = bound
    # a change from a year whose figure is a range is no change to show
    hidden = frame.loc[
        frame["censored"].to_numpy(dtype=bool), ["organisation", "indicator", "year"]
    ]
    after = pd.MultiIndex.from_frame(hidden.assign(year=hidden["year"] + 1).astype(object))
    here = pd.MultiIndex.from_frame(frame[["organisation", "indicator", "year"]].astype(object))
    frame.loc[here.isin(after), "change"] = np.nan
    return replaced(values, frame=frame)


def ranges_for(values: NetworkValues, indicator: str, year: int) -> dict[str, tuple]:
    """Each organisation's range on one indicator and year, for those resting on a censored
    count: (low, high), or (None, None) when it cannot be bounded."""
    frame = values.frame
    if "censored" not in frame:
        return {}
    chosen = frame[
        frame["censored"].to_numpy(dtype=bool)
        & (frame["indicator"] == indicator).to_numpy()
        & (frame["year"] == year).to_numpy()
    ]
    return {
        str(org): (None if np.isnan(lo) else float(lo), None if np.isnan(hi) else float(hi))
        for org, lo, hi in zip(
            chosen["organisation"], chosen["value_low"], chosen["value_high"], strict=True
        )
    }
