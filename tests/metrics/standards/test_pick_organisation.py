"""Choosing one organisation's counts: its name matches whatever its case and spaces, and rows
that name no organisation stay in (each distinct name is compared once, not each row)."""

from __future__ import annotations

import pandas as pd

from metrics.standards.indicators import _pick


def test_one_organisation_is_chosen_by_its_name_in_any_case():
    counts = pd.DataFrame({
        "organisation": pd.array([" Trust A", "TRUST A", "Trust B", None, "trust a "],
                                 dtype="string"),
        "year": [2025] * 5,
        "n": [1, 2, 3, 4, 5],
    })  # fmt: skip
    chosen, name, year = _pick(counts, "trust A", None)
    assert list(chosen["n"]) == [1, 2, 4, 5]  # Trust B left out; the row with no name kept
    assert name.strip().lower() == "trust a" and year == 2025
