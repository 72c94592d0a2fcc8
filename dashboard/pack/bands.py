"""Indicator 1 for publication: senior bands too small to publish are merged upwards, not dropped.

Why: in most trusts every band from 8b to VSM holds a handful of BME staff, so suppressing band
by band leaves the top of the ladder (the part a board most needs to see) empty. The ladder is
published as BME against everyone else, one table per clinical side, and tried in three shapes:

1. every band on its own;
2. Bands 8c, 8d, 9 and VSM as one row ("Bands 8c-VSM");
3. Bands 8a to VSM as one row ("Bands 8a-VSM").

The first shape in which no senior row is hidden is published; if even the third hides it, that
row is left out (and said so). Any row of fewer than ``min_published_row`` staff all on one side
(say three doctors in a grade, all BME) is merged into its neighbour by disclosure control itself
(``metrics.disclosure.control.merge_one_group_rows``), and shown merged here. Each shape is one
partition of the side's staff: a merged row replaces its bands everywhere (slides, counts sheet,
audit), so no band can be recovered by subtracting shown rows from a merged one, and the whole shape, with its margins, goes through
the same suppression, secondary suppression and rounding as any other table, together with every
other table the pack publishes (``dashboard.pack.published_counts``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from metrics.counts.table import collapse

SENIOR = ("Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM")
MERGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Bands 8c-VSM", ("Band 8c", "Band 8d", "Band 9", "VSM")),
    ("Bands 8a-VSM", SENIOR),
)
MERGED = "merged"
NOT_BME = "White or unknown"  # the ladder's other group: White and unknown ethnicity together
SIDES = {True: "clinical", False: "non-clinical", None: "clinical status unknown"}


@dataclass(frozen=True)
class Merge:
    """Bands published together as one row on one clinical side."""

    clinical: bool | None
    label: str  # "Bands 8c-VSM"
    bands: tuple[str, ...]  # the bands in the data that it holds, in ladder order

    @property
    def sentence(self) -> str:
        return merge_sentences((self,))[0]


def merge_sentences(merges: tuple[Merge, ...]) -> list[str]:
    """The merges in words, one sentence for a merge made alike on both clinical sides."""
    alike: dict[tuple[str, tuple[str, ...]], list[bool | None]] = {}
    for m in merges:
        alike.setdefault((m.label, m.bands), []).append(m.clinical)
    out = []
    for (label, bands), sides in alike.items():
        names = ", ".join(bands[:-1]) + f" and {bands[-1]}"
        where = " and ".join(SIDES[s] for s in sides)
        out.append(f"{names} ({where}) are shown together as {label}: on their own they are too "
                   "small to publish.")  # fmt: skip
    return out


def side_key(value: object) -> bool | None:
    """A clinical flag as the key of its side (NA and None alike)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return bool(value)


def senior_hidden(published: pd.DataFrame) -> bool:
    """Does any senior row of a published side hide its BME count or its headcount?"""
    senior = set(SENIOR) | {label for label, _ in MERGES}
    rows = published[published["band"].isin(senior).to_numpy()]
    rows = rows[(rows["group"] == "BME").to_numpy()]
    return bool((rows["numerator_suppressed"] | rows["denominator_suppressed"]).any())


Shape = tuple[str, tuple[str, ...]] | None
"""None (every band on its own) or a merged row's label and the bands of the side it holds."""


def side_shapes(side: pd.DataFrame) -> list[Shape]:
    """One side's shapes to try, in order: every band, then each merge holding two or more of
    the side's bands."""
    present = list(dict.fromkeys(side["band"].astype(str)))
    shapes: list[Shape] = [None]
    for label, bands in MERGES:
        held = tuple(b for b in bands if b in present)
        if len(held) > 1:
            shapes.append((label, held))
    return shapes


def with_shape(side: pd.DataFrame, shape: Shape) -> pd.DataFrame:
    """The side's WRES1 rows with the shape's bands relabelled as its one row."""
    if shape is None:
        return side
    label, bands = shape
    return collapse(side.assign(band=side["band"].where(~side["band"].isin(bands), label)))
