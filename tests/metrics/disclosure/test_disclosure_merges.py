"""Rows of one group too small to publish are merged into their neighbour (issue 10: "a band
whose other groups are hidden or absent publishes only one group's row")."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.counts.table import normalise
from metrics.disclosure.control import (
    DisclosureSettings,
    merge_one_group_rows,
    publish_counts,
)


def ladder(*bands: tuple[str, dict[str, int]], clinical: bool = True) -> pd.DataFrame:
    rows = []
    for band, groups in bands:
        total = sum(groups.values())
        rows += [dict(organisation="T", year=2025, indicator="WRES1", band=band,
                      clinical=clinical, group=g, numerator=n, denominator=total)
                 for g, n in groups.items()]  # fmt: skip
    return normalise(pd.DataFrame(rows))


def shown(published) -> dict[tuple[str, str], tuple[object, object]]:
    out = {}
    for r in published.counts.to_dict("records"):
        num = None if r["numerator_suppressed"] else int(r["numerator"])
        den = None if r["denominator_suppressed"] else int(r["denominator"])
        out[(r["band"], r["group"])] = (num, den)
    return out


def test_a_vsm_band_of_one_bme_person_is_merged_with_the_band_below():
    # VSM: 1 BME, nobody else. Published alone it reads "VSM: BME hidden, no other group":
    # everyone in it is BME. VSM is the top of the ladder, so it joins Band 9 below it.
    counts = ladder(("Band 5", {"White": 300, "BME": 120, "Unknown": 30}),
                    ("Band 9", {"White": 12, "BME": 3}),
                    ("VSM", {"BME": 1}))  # fmt: skip
    published = publish_counts(counts)
    table = shown(published)
    assert ("VSM", "BME") not in table and ("Band 9", "White") not in table
    # White 12 (shown as 10), BME 3 + 1 = 4 (hidden, and so its partner); band total 16
    assert table[("Band 9 + VSM", "BME")][0] is None
    rows = published.counts[published.counts["band"] == "Band 9 + VSM"]
    # White 12, BME 3 + 1 = 4: one row per group, the band's total 16 behind both
    assert sorted(rows["group"]) == ["BME", "White"]
    assert [m.label for m in published.merges] == ["Band 9 + VSM"]
    assert published.merges[0].rows == ("Band 9", "VSM")
    merged = published.audit[published.audit["action"] == "merged"]
    assert merged[["row", "column"]].values.tolist() == [["Band 9 + VSM", "Band 9, VSM"]]
    assert "too small to publish" in merged["reason"].iloc[0]


def test_a_grade_where_all_three_doctors_are_bme_is_merged_upwards():
    # issue 10: the board pack showed "Non-consultant career grade" as BME only when all 3 were
    counts = ladder(("Consultant", {"White": 40, "BME": 35}),
                    ("Non-consultant career grade", {"BME": 3}),
                    ("Trainee grade", {"White": 30, "BME": 30}))  # fmt: skip
    published = publish_counts(counts)
    labels = set(published.counts["band"])
    # upwards = the next medical grade on the ladder: Trainee grade
    assert labels == {"Consultant", "Non-consultant career grade + Trainee grade"}
    merged = published.counts[published.counts["band"] != "Consultant"]
    assert merged.set_index("group")["numerator"].to_dict() == {"BME": 35, "White": 30}
    assert set(merged["denominator"]) == {65}  # 63 rounded to the nearest 5


def test_a_small_row_of_one_group_among_hidden_ones_is_merged_too():
    # White 12 alone (BME and Unknown absent) in a band of 12: everyone is White
    counts = ladder(("Band 3", {"White": 200, "BME": 60}), ("Band 4", {"White": 12}))
    published = publish_counts(counts)
    assert set(published.counts["band"]) == {"Band 3 + Band 4"}


def test_rows_of_twenty_or_more_and_mixed_rows_are_left_alone():
    counts = ladder(("Band 3", {"White": 200, "BME": 60}), ("Band 4", {"White": 20}),
                    ("Band 5", {"White": 8, "BME": 8}))  # fmt: skip
    published = publish_counts(counts)
    assert set(published.counts["band"]) == {"Band 3", "Band 4", "Band 5"}
    assert published.merges == ()


def test_the_smallest_row_to_publish_is_a_setting(monkeypatch):
    counts = ladder(("Band 3", {"White": 200, "BME": 60}), ("Band 4", {"White": 20}))
    assert publish_counts(counts, DisclosureSettings(min_published_row=21)).merges
    monkeypatch.setenv("INCLUSIVEHR_MIN_PUBLISHED_ROW", "30")
    assert DisclosureSettings().min_published_row == 30
    assert publish_counts(counts, DisclosureSettings()).merges
    monkeypatch.setenv("INCLUSIVEHR_MIN_PUBLISHED_ROW", "lots")
    assert DisclosureSettings().min_published_row == 20
    with pytest.raises(ValueError, match="min_published_row"):
        DisclosureSettings(min_published_row=1.5)


def test_a_whole_table_of_one_group_too_small_even_merged_is_hidden():
    # a directorate of 9 White staff in two bands: merged, still all White and under 20
    counts = ladder(("Band 3", {"White": 5}), ("Band 4", {"White": 4}))
    # even hidden, its rows would say it has White staff and no others: it is left out
    published = publish_counts(counts)
    assert published.counts.empty and published.merges == ()
    assert published.audit[["row", "column", "action"]].values.tolist() == [
        ["every row", "every column", "withheld"]]  # fmt: skip
    assert "White" not in " ".join(published.audit.astype(str).to_numpy().ravel())


def test_other_indicators_and_the_counts_are_untouched_without_a_merge():
    counts = ladder(("Band 3", {"White": 200, "BME": 60}))
    out, merges, withheld = merge_one_group_rows(counts)
    assert out is counts and merges == () and withheld == frozenset()
