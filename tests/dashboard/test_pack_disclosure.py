"""The board pack as published, against the leaks of issue 10: a grade shown as one group only,
percentages precise enough to undo the rounding, and a ratio with no variation."""

from __future__ import annotations

import pandas as pd

from dashboard.pack import build_file, pack_for
from metrics.counts.table import normalise


def ladder(*bands, extra=()) -> pd.DataFrame:
    rows = []
    for band, groups in bands:
        total = sum(groups.values())
        rows += [dict(organisation="T", year=2025, indicator="WRES1", band=band, clinical=True,
                      group=g, numerator=n, denominator=total) for g, n in groups.items()]  # fmt: skip
    rows += [dict(organisation="T", year=2025, indicator=i, group=g, numerator=n, denominator=d)
             for i, g, n, d in extra]  # fmt: skip
    return normalise(pd.DataFrame(rows))


BANDS = (("Band 5", {"White": 300, "BME": 120, "Unknown": 30}),
         ("Consultant", {"White": 40, "BME": 35}),
         ("Non-consultant career grade", {"BME": 3}))  # fmt: skip


def test_a_grade_of_three_bme_doctors_is_not_published_as_bme_only():
    # issue 10: the pack showed "Non-consultant career grade" as BME only when all 3 were
    pack = pack_for(ladder(*BANDS))
    counts = pack.counts.frame()
    assert "Non-consultant career grade" not in set(counts["Band"])
    merged = counts[counts["Band"] == "Consultant + Non-consultant career grade"]
    assert set(merged["Group"]) == {"BME", "White or unknown"}
    parts = [row[1] for row in pack.results.rows if row[0] == "WRES1" and row[1]]
    assert "Consultant + Non-consultant career grade (clinical)" in parts
    audit = pack.audit.frame()
    merge = audit[audit["What was done"] == "merged"]
    assert list(merge["Row"]) == ["Consultant + Non-consultant career grade"]


def test_workbook_percentages_are_whole_beside_rounded_counts():
    # issue 10: the workbook carried 21.9512% beside "about 40" (exactly 9 of 41)
    bands = (("Band 5", {"White": 300, "BME": 120, "Unknown": 30}),
             ("Band 6", {"White": 32, "BME": 9}))  # fmt: skip
    pack = pack_for(ladder(*bands))
    for row in pack.results.rows:
        if row[6] in ("percent", "percentage points"):
            for value in row[3:6]:
                assert value is None or isinstance(value, int), row
    band6 = next(r for r in pack.results.rows if r[1] == "Band 6 (clinical)")
    # 9 of 41 is 21.95%; a step must span 5 of about 40 people: 25%, read "about"
    assert band6[3] == 25 and "about 25% BME of about 40 staff" in band6[10]
    build_file(pack, "xlsx")  # and the workbook is made from these rows


def test_a_ratio_with_no_variation_reads_in_words_in_the_pack():
    extra = [("WRES2", "White", 10, 10), ("WRES2", "BME", 10, 10)]
    pack = pack_for(ladder(*BANDS[:1], extra=extra))
    row = next(r for r in pack.results.rows if r[0] == "WRES2")
    assert row[3] is None and row[4] is None and row[5] is None
    assert row[7] == "no variation"
    assert "no difference to measure" in row[10]
    for fmt in ("pptx", "pdf", "xlsx"):
        assert build_file(pack, fmt)


def test_the_counts_sheet_holds_the_medical_tables_under_the_same_protection():
    # doctors by grade beside the ladder: Consultant 40 White and 35 BME, SAS 30 White and
    # 3 BME (hidden, 1..7, with what would give it away); roles: every doctor "Other"
    grades = (("Consultant", {"White": 40, "BME": 35}),
              ("Specialty and associate specialist", {"White": 30, "BME": 3}))  # fmt: skip
    medical = [
        dict(
            organisation="T",
            year=2025,
            indicator=i,
            band=band,
            group=g,
            numerator=n,
            denominator=sum(groups.values()),
        )
        for i in ("MED-GRADE",)
        for band, groups in grades
        for g, n in groups.items()
    ]
    medical += [
        dict(
            organisation="T",
            year=2025,
            indicator="MED-ROLE",
            band="Other",
            group=g,
            numerator=n,
            denominator=108,
        )
        for g, n in (("White", 70), ("BME", 38))
    ]
    counts = pd.concat([ladder(*BANDS[:1]), normalise(pd.DataFrame(medical))], ignore_index=True)
    sheet = pack_for(counts).counts.frame()
    grade = sheet[sheet["Indicator"] == "MED-GRADE"].set_index(["Band", "Group"])["Numerator"]
    # SAS BME 3 hidden; its row's White 30; the BME column's smallest, Consultant 35; the White
    # column's, Consultant 40: a cycle, each grade's total and each group's total still shown
    assert set(grade) == {"suppressed"}
    shown = [n for n in sheet["Numerator"] if isinstance(n, int)]
    assert not [n for n in shown if 1 <= n <= 7] and all(n % 5 == 0 for n in shown)
    # the role table counts the same doctors: its group totals are the grade table's (70, 38)
    role = sheet[sheet["Indicator"] == "MED-ROLE"].set_index("Group")["Numerator"]
    assert (role["White"], role["BME"]) == (70, 40)
    audit = pack_for(counts).audit.frame()
    assert any(str(t).startswith("MED-GRADE") for t in audit["Table"])
    internal = pack_for(counts, level="internal").counts.frame()
    assert set(internal["Indicator"]) >= {"MED-GRADE", "MED-ROLE"}


def test_a_board_table_by_disability_is_left_out_when_the_exact_board_would_give_it_away():
    # WRES9 is published exactly (board membership is public): 7 executives. WDES10's only
    # executive row, Non-disabled 7, hidden (1..7) beside that total would still say all 7 are
    # non-disabled, so the whole WDES10 table is left out, and the audit says so
    rows = [dict(organisation="T", year=2025, indicator=i, group=g, numerator=n, denominator=d,
                 membership=m)
            for i, m, g, n, d in (("WRES9", "voting", "White", 10, 12),
                                  ("WRES9", "voting", "BME", 2, 12),
                                  ("WRES9", "executive", "White", 5, 7),
                                  ("WRES9", "executive", "BME", 2, 7),
                                  ("WDES10", "voting", "Disabled", 1, 12),
                                  ("WDES10", "voting", "Non-disabled", 11, 12),
                                  ("WDES10", "executive", "Non-disabled", 7, 7))]  # fmt: skip
    wdes1 = [dict(organisation="T", year=2025, indicator="WDES1", band="Band 5", clinical=True,
                  group=g, numerator=n, denominator=400)
             for g, n in (("Disabled", 40), ("Non-disabled", 360))]  # fmt: skip
    counts = pd.concat([ladder(*BANDS[:1]), normalise(pd.DataFrame(rows + wdes1))],
                       ignore_index=True)  # fmt: skip
    pack = pack_for(counts, standards=("WRES", "WDES"))
    sheet = pack.counts.frame()
    assert "WDES10" not in set(sheet["Indicator"])
    board = sheet[sheet["Indicator"] == "WRES9"]
    assert list(board["Denominator"]) == [12, 12, 7, 7]  # exact, as public
    audit = pack.audit.frame()
    left_out = audit[audit["Table"].astype(str).str.startswith("WDES10")]
    assert set(left_out["What was done"]) == {"withheld"}
    line = next(x for x in pack.section("wdes").lines if x.startswith("WDES10"))
    assert "withheld" in line


def test_a_reading_opened_by_a_rounded_share_starts_with_a_capital():
    # 41 staff round to about 40, so the whole workforce's share is "about" a step: 9 BME of
    # 41 is 21.95%, read "about 25%" (a step of 25% spans 10 of about 40 people)
    pack = pack_for(ladder(("Band 6", {"White": 32, "BME": 9})))
    reading = next(r for r in pack.results.rows if r[0] == "WRES1" and not r[1])[10]  # whole
    assert reading.startswith("About 25% of about 40 staff are BME"), reading
