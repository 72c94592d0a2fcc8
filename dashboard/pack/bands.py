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
the same suppression, secondary suppression and rounding as any other table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics.counts.table import collapse
from metrics.disclosure.control import AUDIT_COLUMNS, DisclosureSettings, publish_counts

SENIOR = ("Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM")
MERGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Bands 8c-VSM", ("Band 8c", "Band 8d", "Band 9", "VSM")),
    ("Bands 8a-VSM", SENIOR),
)
MERGED = "merged"
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


@dataclass(frozen=True, eq=False)
class PublishedBands:
    counts: pd.DataFrame  # the long WRES1 counts as published (merged bands relabelled)
    audit: pd.DataFrame  # disclosure audit, with one "merged" line per merged row
    merges: tuple[Merge, ...]


def _side_key(value: object) -> bool | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return bool(value)


def _hidden_senior(published: pd.DataFrame, senior: set[str]) -> bool:
    """Does any senior row hide its BME count or its headcount?"""
    rows = published[published["band"].isin(senior).to_numpy()]
    rows = rows[(rows["group"] == "BME").to_numpy()]
    return bool((rows["numerator_suppressed"] | rows["denominator_suppressed"]).any())


def _relabel(side: pd.DataFrame, merge: tuple[str, tuple[str, ...]] | None) -> pd.DataFrame:
    if merge is None:
        return side
    label, bands = merge
    return collapse(side.assign(band=side["band"].where(~side["band"].isin(bands), label)))


def publish_bands(w1: pd.DataFrame, settings: DisclosureSettings) -> PublishedBands:
    """One year's WRES1 counts (groups BME and everyone else) published side by side."""
    counts, audits, merges = [], [], []
    sides = w1["clinical"].astype(object).map(_side_key)
    for clinical in dict.fromkeys(sides):
        side = w1[sides.map(lambda v, c=clinical: v is c).to_numpy(dtype=bool)]
        present = list(dict.fromkeys(side["band"].astype(str)))
        shapes: list[tuple[str, tuple[str, ...]] | None] = [None]
        for label, bands in MERGES:
            held = tuple(b for b in bands if b in present)
            if len(held) > 1:
                shapes.append((label, held))
        for shape in shapes:
            frame = _relabel(side, shape)
            published = publish_counts(frame, settings)
            senior = set(SENIOR) | {label for label, _ in MERGES}
            if not _hidden_senior(published.counts, senior):
                break
        counts.append(published.counts)
        audit = published.audit
        # rows of one group too small to publish, merged by disclosure control itself
        # (metrics.disclosure.control.merge_one_group_rows), possibly taking in the shape's own row
        expand = {shape[0]: shape[1]} if shape is not None else {}
        found = [Merge(clinical, m.label, tuple(b for r in m.rows for b in expand.get(r, (r,))))
                 for m in published.merges]  # fmt: skip
        merges.extend(found)
        if shape is not None:
            merge = Merge(clinical, shape[0], shape[1])
            if not any(shape[0] in m.label.split(" + ") for m in found):
                merges.append(merge)
            table = audit["table"].iloc[0] if len(audit) else f"WRES1 {SIDES[clinical]}"
            line = pd.DataFrame([[table, merge.label, ", ".join(merge.bands), MERGED,
                                  merge.sentence]], columns=list(AUDIT_COLUMNS), dtype=object)  # fmt: skip
            audit = pd.concat([line, audit], ignore_index=True)
        audits.append(audit)
    if not counts:
        empty = w1.assign(numerator_suppressed=np.zeros(0, bool), denominator_suppressed=False)
        return PublishedBands(empty, pd.DataFrame(columns=list(AUDIT_COLUMNS)), ())
    return PublishedBands(
        pd.concat(counts, ignore_index=True), pd.concat(audits, ignore_index=True), tuple(merges)
    )
