"""Disclosure control for split rows (intersections): a split's groups add up to the all-staff
figures, so an indicator with any hidden count, in a group or in the whole, is hidden in every
group. Tables small enough to check by hand."""

from __future__ import annotations

import pandas as pd

from metrics.counts.table import normalise
from metrics.disclosure.control import publish_counts, publish_with_splits


def _rows(*rows: tuple) -> pd.DataFrame:
    """(indicator, group, numerator, denominator, characteristic, characteristic_group)"""
    return normalise(pd.DataFrame(
        [dict(year=2025, indicator=i, group=g, numerator=n, denominator=d, characteristic=c,
              characteristic_group=cg) for i, g, n, d, c, cg in rows]
    ))  # fmt: skip


def _shown(out: pd.DataFrame, indicator: str, split: str | None) -> list:
    rows = out[(out["indicator"] == indicator).to_numpy()]
    rows = rows[(rows["characteristic_group"].isna() if split is None
                 else rows["characteristic_group"] == split).to_numpy()]  # fmt: skip
    return [(g, None if pd.isna(n) else int(n), None if pd.isna(d) else int(d))
            for g, n, d in rows[["group", "numerator", "denominator"]].itertuples(index=False)]  # fmt: skip


WRES3 = (
    ("WRES3", "BME", 12, 60, None, None),
    ("WRES3", "White", 20, 140, None, None),
    ("WRES3", "BME", 10, 40, "sex", "Female"),
    ("WRES3", "White", 10, 100, "sex", "Female"),
    ("WRES3", "BME", 2, 20, "sex", "Male"),  # 2 BME men: a count of 1-7
    ("WRES3", "White", 10, 40, "sex", "Male"),
)
WRES4 = (
    ("WRES4", "BME", 30, 60, None, None),
    ("WRES4", "White", 50, 140, None, None),
    ("WRES4", "BME", 20, 40, "sex", "Female"),
    ("WRES4", "White", 35, 100, "sex", "Female"),
    ("WRES4", "BME", 10, 20, "sex", "Male"),
    ("WRES4", "White", 15, 40, "sex", "Male"),
)


def test_a_small_cell_in_one_group_hides_the_indicator_in_every_group() -> None:
    out = publish_with_splits(_rows(*WRES3, *WRES4)).counts
    # WRES3 among men rests on 2: hidden for men, and for women too, or women's counts taken
    # from the all-staff ones (12 - 10 = 2) would give the men's back
    assert _shown(out, "WRES3", "Male") == [("BME", None, None), ("White", None, None)]
    assert _shown(out, "WRES3", "Female") == [("BME", None, None), ("White", None, None)]
    # the all-staff WRES3 has no small count: published, rounded to 5 (12 -> 10)
    assert _shown(out, "WRES3", None) == [("BME", 10, 60), ("White", 20, 140)]
    # WRES4 has no count of 1-7 anywhere: every group shown, rounded (the counts are multiples
    # of 5 already)
    assert _shown(out, "WRES4", "Male") == [("BME", 10, 20), ("White", 15, 40)]
    assert _shown(out, "WRES4", "Female") == [("BME", 20, 40), ("White", 35, 100)]


def test_the_audit_lists_each_hidden_split_table() -> None:
    published = publish_with_splits(_rows(*WRES3, *WRES4))
    audit = published.audit
    every = audit[(audit["row"] == "every row").to_numpy()]
    assert len(every) == 2  # WRES3 among women and among men
    assert all("sex" in t and "WRES3" in t for t in every["table"])
    assert (every["action"] == "suppressed_secondary").all()
    # no other line of the audit speaks of those tables (their rounding would be a lie)
    assert (audit[audit["table"].isin(every["table"]).to_numpy()]["row"] == "every row").all()


def test_a_hidden_whole_hides_its_split() -> None:
    rows = _rows(
        ("WRES3", "BME", 5, 40, None, None),  # 5 BME staff entered: hidden in the whole
        ("WRES3", "White", 20, 100, None, None),
        ("WRES3", "BME", 0, 20, "sex", "Female"),
        ("WRES3", "White", 10, 50, "sex", "Female"),
        ("WRES3", "BME", 0, 20, "sex", "Male"),
        ("WRES3", "White", 10, 50, "sex", "Male"),
    )
    out = publish_with_splits(rows).counts
    assert _shown(out, "WRES3", None)[0] == ("BME", None, 40)
    assert {n for _, n, _ in _shown(out, "WRES3", "Female")} == {None}
    assert {n for _, n, _ in _shown(out, "WRES3", "Male")} == {None}


def test_counts_without_split_rows_publish_as_before() -> None:
    rows = _rows(*(r for r in WRES3 if r[4] is None))
    before = publish_counts(rows)
    after = publish_with_splits(rows)
    pd.testing.assert_frame_equal(before.counts, after.counts)
    pd.testing.assert_frame_equal(before.audit, after.audit)
