"""Disclosure control for every standard: WDES tables, WDES8's single group, WDES9a's engagement
scores, the medical view's grade tables, and WRES and WDES counted from the same people, with the
totals they share hidden in both or in neither. Every expected value is worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.counts.table import normalise
from metrics.disclosure.control import (
    DISTRIBUTION_ROWS,
    MEDICAL_TABLES,
    MERGED,
    OUTCOME_INDICATORS,
    ROUNDED,
    SUPPRESSED_PRIMARY,
    SUPPRESSED_SECONDARY,
    SURVEY_MINIMUM,
    DisclosureSettings,
    merge_sentence,
    publish_counts,
    table_shapes,
)
from metrics.standards.medical import GRADE_INDICATOR, ROLE_INDICATOR

P, S, R = SUPPRESSED_PRIMARY, SUPPRESSED_SECONDARY, ROUNDED


def long(indicator: str, bands: dict[str, dict[str, int]], clinical: bool | None = False):
    """Distribution rows: each band's group counts, the band total as the denominator."""
    rows = []
    for band, groups in bands.items():
        total = sum(groups.values())
        rows += [dict(organisation="T", year=2025, indicator=indicator, band=band,
                      clinical=clinical, group=g, numerator=n, denominator=total)
                 for g, n in groups.items()]  # fmt: skip
    return normalise(pd.DataFrame(rows))


def outcome(indicator: str, groups: dict[str, tuple[int, int]], **extra) -> pd.DataFrame:
    rows = [dict(organisation="T", year=2025, indicator=indicator, group=g, numerator=yes,
                 denominator=of, **extra) for g, (yes, of) in groups.items()]  # fmt: skip
    return normalise(pd.DataFrame(rows))


def shown(published, *, by: str = "band") -> dict[tuple, tuple[object, object]]:
    """(indicator, row, group) -> (numerator, denominator) as published, None where hidden."""
    out = {}
    for r in published.counts.to_dict("records"):
        num = None if pd.isna(r["numerator"]) else int(r["numerator"])
        den = None if pd.isna(r["denominator"]) else int(r["denominator"])
        out[(r["indicator"], r[by], r["group"])] = (num, den)
    return out


def audit_of(published) -> dict[tuple[str, str, str], str]:
    return {(a.table, a.row, a.column): a.action for a in published.audit.itertuples()}


# --- the tables each standard's indicators form ------------------------------------------------


def test_every_indicator_of_every_standard_has_a_table_shape():
    shapes = table_shapes()
    assert {"WRES1", "WDES1", "MED-GRADE", "MED-ROLE"} <= {
        i for i, rows in DISTRIBUTION_ROWS.items() if rows == "band"
    }
    assert DISTRIBUTION_ROWS["WRES9"] == DISTRIBUTION_ROWS["WDES10"] == "membership"
    wdes_outcomes = ["WDES2", "WDES3", "WDES4a-i", "WDES4a-ii", "WDES4a-iii", "WDES4b", "WDES5",
                     "WDES6", "WDES7", "WDES8"]  # fmt: skip
    assert set(wdes_outcomes) <= set(OUTCOME_INDICATORS)
    assert shapes["WDES9a"].table == "score"
    assert shapes["WDES1"].characteristic == "disability"
    assert shapes["WRES1"].population == shapes["WDES1"].population  # the same staff
    # the medical view names its tables as disclosure control reads them
    assert (GRADE_INDICATOR, ROLE_INDICATOR) == MEDICAL_TABLES


def test_an_unknown_indicator_is_refused_with_the_known_ones_named():
    bad = outcome("WDES11", {"Disabled": (10, 20)})
    with pytest.raises(ValueError, match="unknown indicator 'WDES11'.*WDES1 .. WDES10"):
        publish_counts(bad)


# --- WDES tables -------------------------------------------------------------------------------


def test_a_wdes1_table_hides_1_to_7_rounds_the_rest_and_suppresses_around_them():
    counts = long("WDES1", {"Band 5": {"Disabled": 3, "Non-disabled": 40, "Unknown": 12},
                            "Band 6": {"Disabled": 10, "Non-disabled": 30, "Unknown": 9}})  # fmt: skip
    # Augmented (by hand):   D   ND   U | Total
    #            Band 5      3   40  12 |  55
    #            Band 6     10   30   9 |  49
    #             Total     13   70  21 | 104
    # Primary: Band 5/D = 3. Row Band 5 has one hidden -> its smallest shown non-zero: U 12.
    # Column D has one hidden -> Band 6/D 10 (< 13). Row Band 6 now has one -> Band 6/U 9.
    # Band 5/D, Band 5/U, Band 6/D, Band 6/U: a 4-cycle, every line 0 or 2 hidden, no bridge.
    # Shown, rounded to 5: 40, 55, 30, 49 -> 50.
    published = publish_counts(counts)
    assert shown(published) == {
        ("WDES1", "Band 5", "Disabled"): (None, 55),
        ("WDES1", "Band 5", "Non-disabled"): (40, 55),
        ("WDES1", "Band 5", "Unknown"): (None, 55),
        ("WDES1", "Band 6", "Disabled"): (None, 50),
        ("WDES1", "Band 6", "Non-disabled"): (30, 50),
        ("WDES1", "Band 6", "Unknown"): (None, 50),
    }
    name = "WDES1 2025 T non-clinical"
    assert audit_of(published) == {
        (name, "Band 5", "Disabled"): P,
        (name, "Band 5", "Unknown"): S,
        (name, "Band 6", "Disabled"): S,
        (name, "Band 6", "Unknown"): S,
        (name, "Band 5", "Non-disabled"): R,
        (name, "Band 5", "Total"): R,
        (name, "Band 6", "Non-disabled"): R,
        (name, "Band 6", "Total"): R,
    }


def test_a_small_band_all_of_unknown_disability_is_merged_and_said_so_in_disability_words():
    # VSM: 3 staff, none declared a disability. Alone it would tell readers that nobody at VSM
    # declared one, so it joins Band 9 below it (VSM is the top of the ladder).
    counts = long("WDES1", {"Band 5": {"Disabled": 30, "Non-disabled": 200, "Unknown": 50},
                            "Band 9": {"Disabled": 2, "Non-disabled": 10, "Unknown": 4},
                            "VSM": {"Unknown": 3}})  # fmt: skip
    published = publish_counts(counts)
    (merge,) = published.merges
    assert merge.label == "Band 9 + VSM" and merge.rows == ("Band 9", "VSM")
    # Band 9 + VSM: D 2, ND 10, U 4 + 3 = 7; total 19
    got = shown(published)
    assert {band for _, band, _ in got} == {"Band 5", "Band 9 + VSM"}
    reason = published.audit[published.audit["action"] == MERGED]["reason"].item()
    assert reason == merge_sentence(("Band 9", "VSM"), "Band 9 + VSM", "disability")
    assert "the disability of everyone" in reason


def test_wdes2_and_wdes3_are_group_by_yes_no_tables():
    # WDES2: Disabled appointed 4 of 30, Non-disabled 60 of 200.
    # Augmented:        yes   no | Total
    #      Disabled       4   26 |  30
    #  Non-disabled      60  140 | 200
    #         Total      64  166 | 230
    # Primary: Disabled/yes 4. Row Disabled -> Disabled/no 26 (< 30). Column yes -> 60 (< 64).
    # Row Non-disabled -> Non-disabled/no 140 (< 200). 4-cycle, done.
    # Published: Disabled hidden of 30; Non-disabled hidden of 200.
    published = publish_counts(outcome("WDES2", {"Disabled": (4, 30), "Non-disabled": (60, 200)}))
    assert shown(published, by="indicator") == {
        ("WDES2", "WDES2", "Disabled"): (None, 30),
        ("WDES2", "WDES2", "Non-disabled"): (None, 200),
    }


def test_wdes8_one_group_only():
    # Disabled staff only: 30 of 42 said adjustments were made.
    # Augmented:       yes  no | Total
    #      Disabled     30  12 |  42
    #         Total     30  12 |  42
    # Nothing in 1..7: 30 stays 30, 42 rounds to 40.
    published = publish_counts(outcome("WDES8", {"Disabled": (30, 42)}))
    assert shown(published, by="indicator") == {("WDES8", "WDES8", "Disabled"): (30, 40)}
    # 5 of 40: yes 5 is primary and so is the Total row's yes (the same 5). Row Disabled has one
    # hidden -> no 35 (< 40); row Total likewise -> Total/no 35. Columns yes and no each hold two
    # hidden, a 4-cycle: the denominator 40 stays shown.
    published = publish_counts(outcome("WDES8", {"Disabled": (5, 40)}))
    assert shown(published, by="indicator") == {("WDES8", "WDES8", "Disabled"): (None, 40)}
    assert audit_of(published)[("WDES8 2025 T", "Disabled", "yes")] == P


# --- WDES9a engagement scores ------------------------------------------------------------------


def scores(*rows: tuple[str, int, float], **settings) -> pd.DataFrame:
    return normalise(pd.DataFrame([
        dict(organisation="T", year=2025, indicator="WDES9a", group=g, numerator=0,
             denominator=n, score=s) for g, n, s in rows
    ]))  # fmt: skip


def published_scores(published) -> dict[str, tuple[object, object]]:
    out = {}
    for r in published.counts.to_dict("records"):
        den = None if pd.isna(r["denominator"]) else int(r["denominator"])
        score = None if pd.isna(r["score"]) else float(r["score"])
        out[r["group"]] = (den, score)
    return out


def test_wdes9a_a_score_of_fewer_than_11_respondents_is_hidden_with_its_count():
    assert SURVEY_MINIMUM == 11  # the NHS Staff Survey's rule
    counts = scores(("Disabled", 9, 6.43), ("Non-disabled", 300, 7.08), ("All", 320, 7.01))
    # Respondents by group, the organisation's 320 as the total; 320 - 9 - 300 = 11 stated no
    # disability group (a row of their own, never published).
    #              respondents | Total
    #   Disabled         9     |   9      9 >= 8 (above the threshold) but < 11: hidden
    #   Non-disabled   300     | 300
    #   Not stated      11     |  11
    #   Total          320     | 320
    # Column respondents has one hidden -> its smallest shown non-zero: Not stated 11; column
    # Total likewise -> Not stated/Total 11. A 4-cycle: done. 300 and 320 are shown as they are
    # (multiples of 5); scores to one decimal: 7.08 -> 7.1, 7.01 -> 7.0.
    published = publish_counts(counts)
    assert published_scores(published) == {
        "Disabled": (None, None),
        "Non-disabled": (300, 7.1),
        "All": (320, 7.0),
    }
    audit = audit_of(published)
    assert audit[("WDES9a 2025 T", "Disabled", "respondents")] == P
    assert audit[("WDES9a 2025 T", "Disabled", "score")] == P
    assert audit[("WDES9a 2025 T", "Non-disabled", "score")] == R
    assert audit[("WDES9a 2025 T", "All", "respondents")] == R
    reasons = set(published.audit[published.audit["action"] == P]["reason"])
    assert len(reasons) == 1 and "Fewer than 11 respondents" in reasons.pop()
    assert not published.counts["numerator"].notna().any()  # a score row holds no count


def test_wdes9a_scores_of_11_or_more_are_shown_and_a_higher_threshold_wins():
    counts = scores(("Disabled", 12, 6.5), ("Non-disabled", 300, 7.1), ("All", 312, 7.05))
    # 12 >= 11 and above the threshold 7: shown, 12 rounds to 10; 312 - 12 - 300 = 0 left over.
    published = publish_counts(counts)
    assert published_scores(published) == {
        "Disabled": (10, 6.5), "Non-disabled": (300, 7.1), "All": (310, 7.0)  # 7.05 -> 7.0 (binary)
    }  # fmt: skip
    # with a threshold of 12 the same group is too small: 12 is primary, and the score goes too.
    # Column respondents: Disabled hidden -> smallest shown non-zero: 300 (the 0 row is skipped)
    strict = DisclosureSettings(threshold=12, rounding_base=5)
    published = publish_counts(counts, strict)
    got = published_scores(published)
    assert got["Disabled"] == (None, None)
    assert got["Non-disabled"] == (None, 7.1)  # its count hidden to protect the 12, its score shown
    assert got["All"] == (310, 7.0)


def test_wdes9a_needs_its_respondents():
    bad = scores(("Disabled", 12, 6.5)).assign(denominator=pd.array([pd.NA], dtype="Int64"))
    with pytest.raises(ValueError, match="WDES9a.*respondents"):
        publish_counts(bad)
    bad = scores(("Disabled", 12, 6.5), ("Non-disabled", 30, 7.0), ("All", 40, 6.9))
    with pytest.raises(ValueError, match="fewer than its groups' respondents"):
        publish_counts(bad)


# --- WRES and WDES from the same people --------------------------------------------------------


WRES1 = {"Band 5": {"White": 3, "BME": 4, "Unknown": 1},
         "Band 6": {"White": 12, "BME": 2, "Unknown": 6}}  # fmt: skip
WDES1 = {"Band 5": {"Disabled": 2, "Non-disabled": 2, "Unknown": 4},
         "Band 6": {"Disabled": 0, "Non-disabled": 20, "Unknown": 0}}  # fmt: skip


def test_wres1_alone_shows_its_band_totals():
    # Augmented:     W   B   U | Total
    #     Band 5     3   4   1 |   8
    #     Band 6    12   2   6 |  20
    #      Total    15   6   7 |  28
    # Primary: Band 5 W, B, U; Band 6 B 2 and U 6; Total/B 6; Total/U 7. Column W has one
    # hidden -> Band 6/W 12 (< 15). No line with one hidden entry is left and no bridge: the
    # band totals 8 -> 10 and 20 stay shown.
    got = shown(publish_counts(long("WRES1", WRES1)))
    assert got[("WRES1", "Band 5", "White")] == (None, 10)
    assert got[("WRES1", "Band 6", "White")] == (None, 20)
    assert got[("WRES1", "Band 6", "Unknown")] == (None, 20)


def test_wdes1_alone_hides_its_band_totals():
    # Augmented:     D  ND   U | Total
    #     Band 5     2   2   4 |   8
    #     Band 6     0  20   0 |  20
    #      Total     2  22   4 |  28
    # Primary: Band 5 D, ND, U; Total/D 2; Total/U 4. Column ND has one hidden -> Band 6/ND 20
    # (< 22). Row Band 6 now has one, and its other entries are 0 -> Band 6/Total 20. Column
    # Total has one -> Band 5/Total 8 (< 28). Two 4-cycles (Band 5-ND-Band 6-Total,
    # Band 5-D-Total row-U), no bridge: both band totals hidden.
    got = shown(publish_counts(long("WDES1", WDES1)))
    assert got[("WDES1", "Band 5", "Disabled")] == (None, None)
    assert got[("WDES1", "Band 6", "Disabled")] == (0, None)


def test_wres_and_wdes_together_hide_the_band_totals_they_share_in_both():
    # Published side by side, WRES1's 10 and 20 would give WDES1's hidden band totals away.
    # So WRES1 is protected again with both band totals hidden:
    #     primary as above, plus Band 5/Total and Band 6/Total. Rows: Band 5 has 4 hidden,
    #     Band 6 three (B, U, Total). Column W has one -> Band 6/W 12. No single, no bridge.
    # WDES1 protected with the same totals hidden ends as it did alone.
    both = pd.concat([long("WRES1", WRES1), long("WDES1", WDES1)], ignore_index=True)
    published = publish_counts(normalise(both))
    got = shown(published)
    assert got == {
        ("WRES1", "Band 5", "White"): (None, None),
        ("WRES1", "Band 5", "BME"): (None, None),
        ("WRES1", "Band 5", "Unknown"): (None, None),
        ("WRES1", "Band 6", "White"): (None, None),
        ("WRES1", "Band 6", "BME"): (None, None),
        ("WRES1", "Band 6", "Unknown"): (None, None),
        ("WDES1", "Band 5", "Disabled"): (None, None),
        ("WDES1", "Band 5", "Non-disabled"): (None, None),
        ("WDES1", "Band 5", "Unknown"): (None, None),
        ("WDES1", "Band 6", "Disabled"): (0, None),
        ("WDES1", "Band 6", "Non-disabled"): (None, None),
        ("WDES1", "Band 6", "Unknown"): (0, None),
    }
    audit = audit_of(published)
    assert audit[("WRES1 2025 T non-clinical", "Band 5", "Total")] == S
    assert audit[("WRES1 2025 T non-clinical", "Band 6", "Total")] == S


def test_shared_band_totals_agree_in_every_unit_and_side():
    # clinical and non-clinical tables are protected separately; each side's totals agree
    both = pd.concat(
        [long("WRES1", WRES1, clinical=True), long("WDES1", WDES1, clinical=True),
         long("WRES1", {"Band 5": {"White": 40, "BME": 20}}, clinical=False),
         long("WDES1", {"Band 5": {"Disabled": 6, "Non-disabled": 50, "Unknown": 4}},
              clinical=False)],
        ignore_index=True,
    )  # fmt: skip
    out = publish_counts(normalise(both)).counts
    for (band, clinical), rows in out.groupby(["band", "clinical"]):
        assert rows["denominator_suppressed"].nunique() == 1, (band, clinical)
    non_clinical = out[~out["clinical"].astype(bool)]
    # non-clinical Band 5: WRES1 shows 60; WDES1's row (6, 50, 4 of 60) hides 4 and 6 but not 60
    assert set(non_clinical["denominator"]) == {60}


def test_a_small_band_of_one_group_in_either_table_is_merged_in_both():
    # VSM is all White in the WRES table (3 people), mixed in the WDES one: it is merged into
    # Band 9 in both, so their rows (and totals) stay the same numbers
    wres = {"Band 9": {"White": 10, "BME": 10}, "VSM": {"White": 3}}
    wdes = {"Band 9": {"Disabled": 5, "Non-disabled": 15}, "VSM": {"Disabled": 1, "Unknown": 2}}
    both = normalise(pd.concat([long("WRES1", wres), long("WDES1", wdes)], ignore_index=True))
    published = publish_counts(both)
    assert {m.table: m.label for m in published.merges} == {
        "WRES1 2025 T non-clinical": "Band 9 + VSM",
        "WDES1 2025 T non-clinical": "Band 9 + VSM",
    }
    assert set(published.counts["band"]) == {"Band 9 + VSM"}


def test_wres2_and_wdes2_share_the_shortlisted_and_appointed_totals():
    # The same 230 applicants, by ethnicity and by disability. WRES2 alone (by hand):
    #             yes   no | Total
    #     White    40  110 | 150
    #       BME    24   56 |  80
    #     Total    64  166 | 230          nothing in 1..7: everything shown.
    # WDES2 alone: the table worked in test_wdes2_and_wdes3_are_group_by_yes_no_tables hides
    # Disabled yes/no and Non-disabled yes/no: the Total row (64, 166, 230) stays shown in both.
    wres2 = outcome("WRES2", {"White": (40, 150), "BME": (24, 80)})
    wdes2 = outcome("WDES2", {"Disabled": (4, 30), "Non-disabled": (60, 200)})
    published = publish_counts(normalise(pd.concat([wres2, wdes2], ignore_index=True)))
    got = shown(published, by="indicator")
    assert got[("WRES2", "WRES2", "White")] == (40, 150)
    assert got[("WRES2", "WRES2", "BME")] == (25, 80)
    # which entries the two tables share: the Total row (appointed, not appointed, shortlisted)
    # and nothing of a group's own row
    from metrics.disclosure.control import _plans

    first, second = _plans(normalise(pd.concat([wres2, wdes2], ignore_index=True)))
    shared = set(first.links.values()) & set(second.links.values())
    assert shared == {first.links[("Total", c)] for c in ("yes", "no", "Total")}


def test_the_same_survey_question_links_wres_and_wdes_tables_and_others_do_not():
    # WRES7 and WDES5 are both Q15 in the 2025 survey: the same respondents. WRES8 and WDES8 ask
    # different questions. Unknown ethnicity and Unknown disability are different people.
    from metrics.disclosure.control import _plans

    counts = normalise(pd.concat([
        outcome("WRES7", {"White": (50, 100), "BME": (20, 50), "Unknown": (3, 9)}),
        outcome("WDES5", {"Disabled": (10, 30), "Non-disabled": (60, 120), "Unknown": (3, 9)}),
        outcome("WRES8", {"White": (5, 100), "BME": (6, 50)}),
        outcome("WDES8", {"Disabled": (20, 30)}),
    ], ignore_index=True))  # fmt: skip
    wres7, wdes5, wres8, wdes8 = _plans(counts)
    assert wres7.links[("Total", "yes")] == wdes5.links[("Total", "yes")]
    assert wres7.links[("Unknown", "Total")] != wdes5.links[("Unknown", "Total")]
    assert not set(wres8.links.values()) & set(wdes8.links.values())


# --- the medical view's tables -----------------------------------------------------------------


def test_medical_grade_table_through_publish_counts():
    counts = long(GRADE_INDICATOR, {
        "Consultant": {"White": 40, "BME": 35, "Unknown": 5},
        "Specialty and associate specialist": {"White": 0, "BME": 3, "Unknown": 0},
        "Doctors in training": {"White": 30, "BME": 25, "Unknown": 0},
    }, clinical=None)  # fmt: skip
    # SAS is 3 doctors, all BME: merged into the next grade of its kind, Doctors in training:
    #                       W   B   U | Total
    #        Consultant    40  35   5 |  80
    #   SAS + training     30  28   0 |  58
    #             Total    70  63   5 | 138
    # Primary: Consultant/U 5 and Total/U 5. Row Consultant -> Consultant/B 35 (< 40);
    # row Total -> Total/B 63 (< 70). 4-cycle, done. 58 -> 60, 28 -> 30.
    published = publish_counts(counts)
    merged = "Specialty and associate specialist + Doctors in training"
    assert shown(published) == {
        (GRADE_INDICATOR, "Consultant", "White"): (40, 80),
        (GRADE_INDICATOR, "Consultant", "BME"): (None, 80),
        (GRADE_INDICATOR, "Consultant", "Unknown"): (None, 80),
        (GRADE_INDICATOR, merged, "White"): (30, 60),
        (GRADE_INDICATOR, merged, "BME"): (30, 60),
        (GRADE_INDICATOR, merged, "Unknown"): (0, 60),
    }
    assert [m.label for m in published.merges] == [merged]


def test_medical_tables_are_not_linked_to_wres1():
    # a MED-GRADE "Consultant" row and a WRES1 "Consultant" band are different tables of
    # different people (doctors by grade group against all staff by band): nothing is shared
    med = long(GRADE_INDICATOR, {"Consultant": {"White": 40, "BME": 20}}, clinical=None)
    wres = long("WRES1", {"Consultant": {"White": 3, "BME": 4}}, clinical=None)
    both = publish_counts(normalise(pd.concat([med, wres], ignore_index=True)))
    assert shown(both)[(GRADE_INDICATOR, "Consultant", "White")] == (40, 60)


# --- percentages and words as published --------------------------------------------------------


def test_published_words_for_wdes_readings():
    from metrics.disclosure.control import published_percent
    from metrics.disclosure.published_numbers import published_text

    settings = DisclosureSettings()
    # WDES8's reading gives its exact counts in brackets: left out; 73.5% of 83 respondents:
    # a step of 1% of 83 spans 0.83 people < 5, 2% 1.66, 5% 4.15, 10% 8.3 >= 5 -> step 10:
    # 73.5 / 10 = 7.35 -> 7 -> "about 70%"
    reading = ("73.5% of Disabled staff (61 of 83) said their employer has made adequate "
               "adjustments to enable them to carry out their work.")  # fmt: skip
    assert published_text(reading, settings, 83) == (
        "about 70% of Disabled staff said their employer has made adequate adjustments to "
        "enable them to carry out their work."
    )
    # a survey gap, Disabled against non-disabled, over 500 respondents: step 1 (1% of 500 = 5)
    gap = "a gap of -15.6 percentage points (worse for Disabled staff)"
    assert (
        published_text(gap, settings, 500)
        == "a gap of -16 percentage points (worse for Disabled staff)"
    )
    # a Disabled share of a band of 60: 5% of 60 = 3 people < 5, 10% = 6 >= 5 -> step 10
    assert published_percent(100 * 7 / 60, 60, settings) == 10  # 11.67 -> 10


def test_rows_split_by_a_second_characteristic_are_tables_of_their_own():
    # WRES1 among women and among men (an intersection): two tables, each protected on its own
    women = long("WRES1", {"Band 5": {"White": 30, "BME": 3}}).assign(
        characteristic="sex", characteristic_group="Female"
    )
    men = long("WRES1", {"Band 5": {"White": 20, "BME": 15}}).assign(
        characteristic="sex", characteristic_group="Male"
    )
    published = publish_counts(pd.concat([women, men], ignore_index=True))
    # Women:   White 30, BME 3 | 33: BME primary; row -> White 30 (< 33); column BME's Total 3
    # is primary too, column White -> its Total 30: a 4-cycle. Men: nothing hidden.
    out = published.counts
    female = out[out["characteristic_group"] == "Female"]
    male = out[out["characteristic_group"] == "Male"]
    assert female["numerator"].isna().all() and (female["denominator"] == 35).all()  # 33 -> 35
    assert male["numerator"].tolist() == [20, 15] and (male["denominator"] == 35).all()
    assert set(published.audit["table"]) == {
        "WRES1 2025 T non-clinical sex Female",
        "WRES1 2025 T non-clinical sex Male",
    }


def test_wres3_and_wres4_hide_the_headcounts_they_share_in_both():
    # Both divide by the same headcount of each group (8 White, 8 BME, 8 Unknown).
    # WRES4 alone:      yes  no | Total
    #          White      0   8 |   8     primary: Unknown 4 and 4. Column yes has one hidden
    #            BME      8   0 |   8     -> BME/yes 8 (< 12). Row BME has one, its no is 0
    #        Unknown      4   4 |   8     -> BME/Total 8. Column no has one -> White/no 8 (<12).
    #          Total     12  12 |  24     Row White has one, its yes is 0 -> White/Total 8.
    # A 6-cycle (Unknown-yes-BME-Total-White-no), no bridge: White's and BME's headcounts hidden.
    # WRES3 alone:      yes  no | Total
    #          White      1   7 |   8     primary: White 1 and 7, BME 6 and 2: a 4-cycle, so
    #            BME      6   2 |   8     its headcounts 8 would be shown (as 10), giving away
    #        Unknown      8   0 |   8     the two WRES4 hides. Together WRES3 hides them too.
    wres3 = outcome("WRES3", {"White": (1, 8), "BME": (6, 8), "Unknown": (8, 8)})
    wres4 = outcome("WRES4", {"White": (0, 8), "BME": (8, 8), "Unknown": (4, 8)})
    alone = shown(publish_counts(wres3), by="indicator")
    assert alone[("WRES3", "WRES3", "White")] == (None, 10)
    together = shown(publish_counts(pd.concat([wres3, wres4], ignore_index=True)), by="indicator")
    assert together == {
        ("WRES3", "WRES3", "White"): (None, None),
        ("WRES3", "WRES3", "BME"): (None, None),
        ("WRES3", "WRES3", "Unknown"): (10, 10),
        ("WRES4", "WRES4", "White"): (0, None),
        ("WRES4", "WRES4", "BME"): (None, None),
        ("WRES4", "WRES4", "Unknown"): (None, 10),
    }
