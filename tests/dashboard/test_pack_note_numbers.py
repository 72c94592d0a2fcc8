"""The pack's published notes: counts hidden or rounded, everything else in a note left alone."""

from __future__ import annotations

import pytest

from dashboard.pack.content import _round_numbers
from metrics.disclosure.control import DEFAULT_SETTINGS


@pytest.mark.parametrize(
    ("note", "published"),
    [
        # counts: 1-7 hidden, others rounded to the nearest 5, 0 kept
        ("3 capability case(s) on ill-health grounds left out",
         "fewer than 8 capability case(s) on ill-health grounds left out"),
        ("1,234 records had no band; 12 were bank staff; 0 duplicates",
         "about 1,235 records had no band; about 10 were bank staff; 0 duplicates"),
        # identifiers, dates, years, money, shares and ranges are not counts
        ("WRES year 2025: Staff in Post at 30/06/2025", "WRES year 2025: Staff in Post at 30/06/2025"),
        ("WDES3 counts performance grounds only", "WDES3 counts performance grounds only"),
        ("Indicators 5 to 8 come from the NHS Staff Survey 2024 (Q14a); Band 5 and bands 8a-8b",
         "Indicators 5 to 8 come from the NHS Staff Survey 2024 (Q14a); Band 5 and bands 8a-8b"),
        ("hourly pay £12.45 for 5% of staff in cluster 1", "hourly pay £12.45 for 5% of staff in cluster 1"),
    ],
)  # fmt: skip
def test_a_note_rounds_its_counts_and_nothing_else(note: str, published: str) -> None:
    assert _round_numbers(note, DEFAULT_SETTINGS) == published
