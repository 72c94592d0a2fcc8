"""The check on remembered ethnicity matches: declared shares worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from metrics.counts.table import normalise
from metrics.inputs.remembered import (
    DECLARED_FLOOR,
    RELATIVE_FLOOR,
    check_ethnicity_match,
    declared_share,
    may_be_refused,
)


def staff_counts(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return normalise(pd.DataFrame({
        "organisation": "N", "year": 2024, "indicator": [r[0] for r in rows],
        "band": "Band 5", "group": [r[1] for r in rows], "numerator": [r[2] for r in rows],
        "denominator": 100,
    }))  # fmt: skip


def test_declared_share_counts_staff_in_post_only() -> None:
    # Band 5: White 40, BME 10; Band 6: White 20, BME 20, Unknown 10 -> 90 known of 100.
    # Indicator 2's 500 Unknown applicants are not staff in post and must not count.
    counts = staff_counts([("WRES1", "White", 40), ("WRES1", "BME", 10), ("WRES1", "White", 20),
                           ("WRES1", "BME", 20), ("WRES1", "Unknown", 10),
                           ("WRES2", "Unknown", 500)])  # fmt: skip
    counts.loc[2:4, "band"] = "Band 6"
    assert declared_share(counts) == pytest.approx(0.9)


def test_declared_share_is_none_without_staff() -> None:
    assert declared_share(None) is None
    assert declared_share(staff_counts([("WRES2", "BME", 4)])) is None
    assert declared_share(staff_counts([("WRES1", "BME", 0)])) is None
    assert declared_share(staff_counts([("WRES1", "Unknown", 12)])) == 0


def test_religion_read_as_ethnicity_is_refused() -> None:
    """The reported case: 1,000 staff. The ethnicity column found by name gives 950 a known
    ethnicity (95%); 'Religious Belief' read as ethnicity gives 27 (2.7%): refused."""
    check = check_ethnicity_match(27 / 1000, 950 / 1000)
    assert check.refused
    assert (check.remembered, check.automatic) == (0.027, 0.95)
    assert check.reason == ("with it, 2.7% of staff have a known ethnicity, against 95% with the "
                            "column the tool finds by its name")  # fmt: skip


def test_a_remembered_column_at_least_half_as_good_is_used() -> None:
    assert RELATIVE_FLOOR == 0.5
    # 380 of 1,000 known against 760: exactly half, allowed; 379 is under half, refused
    assert not check_ethnicity_match(380 / 1000, 760 / 1000).refused
    assert check_ethnicity_match(379 / 1000, 760 / 1000).refused
    # better than the column found by name (an older, fuller column): used
    assert not check_ethnicity_match(0.97, 0.60).refused
    assert check_ethnicity_match(0.97, 0.60).reason == ""


def test_without_another_column_a_match_leaving_most_staff_unknown_is_refused() -> None:
    assert DECLARED_FLOOR == 0.5
    # 500 of 1,000 known: allowed; 499: more Unknown than known, refused
    assert not check_ethnicity_match(500 / 1000, None).refused
    refused = check_ethnicity_match(499 / 1000, None)
    assert refused.refused and refused.automatic is None
    assert refused.reason.startswith("with it, only 49.9% of staff have a known ethnicity (fewer")


def test_no_staff_counted_is_not_a_reason_to_refuse() -> None:
    assert not check_ethnicity_match(None, 0.95).refused
    assert not check_ethnicity_match(None, None).refused


@given(
    remembered=st.floats(0, 1),
    automatic=st.one_of(st.none(), st.floats(0, 1)),
)
def test_a_share_that_may_not_be_refused_never_is(remembered, automatic):
    """The page skips loading the files again without the match when may_be_refused says no:
    that must never skip a refusal, whatever the other column would give."""
    if not may_be_refused(remembered):
        assert not check_ethnicity_match(remembered, automatic).refused


def test_may_be_refused_by_hand():
    assert may_be_refused(0.49) and may_be_refused(0.0)
    assert not may_be_refused(0.5) and not may_be_refused(0.95) and not may_be_refused(None)
