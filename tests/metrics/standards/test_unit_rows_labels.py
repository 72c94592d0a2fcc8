"""unit_rows matches a unit by its label trimmed and in lower case, as a per-row comparison would,
while normalising each distinct label once."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.standards.profile import unit_rows


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 2_000
    labels = np.array(["HR & OD", " hr & od ", "HR & OD  ", "Medicine", "MEDICINE", "Surgery"],
                      dtype=object)  # fmt: skip
    directorate = labels[rng.integers(0, len(labels), n)]
    directorate[rng.random(n) < 0.05] = None  # missing directorates match nothing
    return pd.DataFrame({
        "directorate": pd.array(directorate, dtype="string"),
        "staff_group": pd.array(np.where(rng.random(n) < 0.5, "Nursing ", "admin"), dtype="string"),
        "year": rng.choice([2024, 2025], n),
        "bank": rng.random(n) < 0.03,
    })  # fmt: skip


def _by_hand(frame: pd.DataFrame, year: int, directorate: str, group: str) -> pd.DataFrame:
    """The same selection one row at a time, in plain Python."""
    keep = [
        (not bank) and y == year and isinstance(d, str) and d.strip().lower() == directorate
        and g.strip().lower() == group
        for bank, y, d, g in zip(frame["bank"], frame["year"],
                                 frame["directorate"].astype(object).where(frame["directorate"].notna(), None),
                                 frame["staff_group"], strict=True)
    ]  # fmt: skip
    return frame[keep]


def test_labels_match_whatever_their_case_and_spaces():
    frame = _frame()
    rows = unit_rows(frame, year=2025, directorate="HR & OD ", staff_group="NURSING")
    expected = _by_hand(frame, 2025, "hr & od", "nursing")
    assert len(expected) > 100  # the check has rows to compare
    assert list(rows.index) == list(expected.index)


def test_missing_labels_match_nothing_and_no_filter_keeps_every_row_in_post():
    frame = _frame()
    assert unit_rows(frame, directorate="None").empty
    in_post = unit_rows(frame)
    assert len(in_post) == int((~frame["bank"]).sum())
