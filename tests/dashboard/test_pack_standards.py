"""The board pack's WDES and pay-gap sections: what they say, and that a published pack carries
no count of 1 to 7 in them (the same disclosure rules as the WRES sections).

A hand-made trust (numbers by hand):
  WRES1  Band 5: White 300, BME 100 (400)
  WDES1  Band 5 clinical: Disabled 40, Non-disabled 340, Unknown 20 (400)
         Band 8a non-clinical: Disabled 2, Non-disabled 45, Unknown 3 (50)
         overall Disabled 42 of 450 = 9.33%; published beside about 450 staff, whose step is
         2% (2 x 450 >= 100 x 5, 1 x 450 is not): 9.33 / 2 = 4.67 -> 5 steps -> "about 10%"
  WDES2  Non-disabled 60 of 300, Disabled 10 of 100: RL 0.20 / 0.10 = 2.00
  WDES4a-ii  Disabled 3 of 40 yes, Non-disabled 100 of 400: the 3 is hidden, so withheld
  WDES10 board (voting): 1 Disabled of 12: a board member's disability is not public, so hidden
Staff (pay): 40 men paid 20.00 an hour, 40 women paid 15.00, 3 Disabled among the women:
  median and mean hourly gap (20 - 15) / 20 x 100 = 25.0% (women paid less);
  quarters of 20: women fill the lowest two, men the highest two (no share stands for 1..7);
  by disability, 3 Disabled staff: every figure withheld at publication.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.pack import build_file, pack_for
from metrics.counts.table import normalise
from tests.dashboard.test_pack_files import counts_in, pdf_pages, slide_texts

ORG = "Hand Trust"


def counts() -> pd.DataFrame:
    rows = []

    def add(indicator, group, num, den, **keys):
        rows.append({"organisation": ORG, "year": 2025, "indicator": indicator, "group": group,
                     "numerator": num, "denominator": den, **keys})  # fmt: skip

    for group, n in (("White", 300), ("BME", 100)):
        add("WRES1", group, n, 400, band="Band 5", clinical=True)
    for band, clinical, found in (("Band 5", True, (40, 340, 20)), ("Band 8a", False, (2, 45, 3))):
        for group, n in zip(("Disabled", "Non-disabled", "Unknown"), found, strict=True):
            add("WDES1", group, n, sum(found), band=band, clinical=clinical)
    add("WDES2", "Non-disabled", 60, 300)
    add("WDES2", "Disabled", 10, 100)
    add("WDES4a-ii", "Disabled", 3, 40)
    add("WDES4a-ii", "Non-disabled", 100, 400)
    add("WDES10", "Disabled", 1, 12, membership="voting")
    add("WDES10", "Non-disabled", 11, 12, membership="voting")
    return normalise(pd.DataFrame(rows))


def staff() -> pd.DataFrame:
    men = [("Male", 20.0, "Non-disabled")] * 40
    women = [("Female", 15.0, "Disabled")] * 3 + [("Female", 15.0, "Non-disabled")] * 37
    frame = pd.DataFrame(men + women, columns=["sex_group", "hourly_pay", "disability_group"])
    return frame.assign(bank=False, year=2025, band="Band 5")


def pack(level: str):
    return pack_for(counts(), organisation=ORG, year=2025, level=level,
                    standards=("WRES", "WDES", "PAYGAP"), staff=staff())  # fmt: skip


@pytest.fixture(scope="module")
def published():
    return pack("publication")


def test_the_pack_has_a_section_per_standard_chosen(published):
    keys = [s.key for s in published.sections]
    assert keys.index("change") < keys.index("wdes") < keys.index("paygap-sex")
    assert keys.index("paygap-disability") < keys.index("actions")
    assert "paygap-ethnicity" not in keys  # the staff rows carry no ethnicity
    wres_only = pack_for(counts(), organisation=ORG, year=2025)
    assert not [s for s in wres_only.sections if s.key.startswith(("wdes", "paygap"))]


def test_the_published_wdes_section_withholds_what_rests_on_a_small_count(published):
    lines = published.section("wdes").lines
    text = "\n".join(lines)
    assert "WDES1 (Disabled share of the workforce): about 10% of about 450 staff" in text
    assert "WDES2 (Appointed from shortlisting, non-disabled vs Disabled): 2.00 times" in text
    wdes4 = next(line for line in lines if line.startswith("WDES4a-ii"))
    assert wdes4.endswith("withheld: rests on numbers small enough to identify people.")
    audit = published.audit.frame()
    hidden = audit[audit["Table"].str.startswith("WDES4a-ii").to_numpy()]
    assert "suppressed primary" in set(hidden["What was done"])
    board = next(line for line in lines if line.startswith("WDES10"))
    assert board.endswith("withheld: rests on numbers small enough to identify people.")


def test_the_published_pay_gap_gives_the_figures_in_plain_words(published):
    sex = published.section("paygap-sex")
    text = "\n".join(sex.lines)
    assert "about 40 men and about 40 women" in text
    assert "Median hourly pay gap: +25.0%; women are paid less than men." in text
    assert "Mean hourly pay gap: +25.0%; women are paid less than men." in text
    assert sex.figures and "quarter" in sex.figures[0].alt_text
    disability = "\n".join(published.section("paygap-disability").lines)
    assert "withheld: rests on numbers small enough to identify people" in disability
    assert "25.0%" not in disability  # 3 Disabled staff: no figure about them at all
    assert "Medical and dental" not in text  # a pay scheme nobody is on is left out


def test_the_internal_pack_shows_the_small_groups_exactly():
    internal = pack("internal")
    disability = "\n".join(internal.section("paygap-disability").lines)
    assert "77 non-disabled staff and 3 Disabled staff" in disability  # 40 men + 37 women
    wdes = "\n".join(internal.section("wdes").lines)
    assert "WDES4a-ii" in wdes and "withheld" not in wdes


# "3 Disabled staff", "5 men": a count before a group's name, beyond the WRES pack's patterns
GROUP_COUNT = re.compile(
    r"(?<![\d.,])(\d[\d,]*) (?:[A-Za-z-]+ )?(?:staff|people|men|women|members|respondents)\b"
)


def small_counts(text: str) -> list[int]:
    found = counts_in(text) + [int(g.replace(",", "")) for g in GROUP_COUNT.findall(text)]
    return [n for n in found if 1 <= n <= 7]


def test_the_check_finds_the_small_counts_an_internal_pack_shows():
    internal = pack("internal")
    assert small_counts("\n".join(internal.section("paygap-disability").lines)) == [3]


@pytest.mark.parametrize("fmt", ["pptx", "pdf"])
def test_no_count_of_1_to_7_in_a_published_pack_s_new_sections(published, fmt):
    data = build_file(published, fmt)
    pages = slide_texts(data) if fmt == "pptx" else pdf_pages(data)
    ours = [p for p in pages if "WDES" in p or "Pay gap" in p or "pay gap" in p]
    assert ours
    for page in ours:
        assert not small_counts(page), page


def test_no_count_of_1_to_7_in_the_sections_words_or_charts(published):
    for section in published.sections:
        if not section.key.startswith(("wdes", "paygap")):
            continue
        words = [*section.lines, section.notes, *(f.alt_text for f in section.figures)]
        for text in words:
            assert not small_counts(text), text
        for figure in section.figures:  # the chart's data: counts are rounded (5s) or hidden
            for name, value in re.findall(r'"(respondents|[A-Za-z]+ respondents)": (\d+)',
                                          figure.spec_json):  # fmt: skip
                assert int(value) == 0 or int(value) > 7, (name, value)
    build_file(published, "xlsx")


def test_the_title_slide_names_the_other_standards_in_the_pack(published):
    title = published.section("title").lines
    assert "Also in this pack: the Workforce Disability Equality Standard and pay gaps." in title


def test_the_workbook_results_hold_the_wdes_and_pay_gap_figures(published):
    rows = {(r[0], r[2]): r for r in published.results.rows}
    wdes2 = next(r for r in published.results.rows if r[0] == "WDES2")
    assert wdes2[3] == 2.0  # 0.20 / 0.10
    wdes1 = next(r for r in published.results.rows if r[0] == "WDES1")
    assert wdes1[3] == 10  # 9.33% beside about 450 staff: step 2, so 10 (see the top)
    assert next(r for r in published.results.rows if r[0] == "WDES4a-ii")[3] is None  # withheld
    assert rows[("Pay gap by sex", "Median hourly pay gap")][3] == 25.0
    withheld = rows[("Pay gap by disability", "Median hourly pay gap")]
    assert withheld[3] is None and withheld[7] == "withheld"


def test_the_counts_sheet_holds_the_wdes_counts_under_disclosure_control(published):
    columns = list(published.counts.columns)
    rows = [dict(zip(columns, r, strict=True)) for r in published.counts.rows]
    wdes = [r for r in rows if str(r["Indicator"]).startswith("WDES")]
    assert {r["Indicator"] for r in wdes} == {"WDES1", "WDES2", "WDES4a-ii", "WDES10"}
    assert any(r["Indicator"] == "WRES1" for r in rows)  # the WRES's counts stay first
    assert rows.index(wdes[0]) > max(i for i, r in enumerate(rows) if r["Indicator"] == "WRES1")

    def cell(indicator, group, column, band=None):
        [r] = [r for r in wdes if r["Indicator"] == indicator and r["Group"] == group
               and (band is None or r["Band"] == band)]  # fmt: skip
        return r[column]

    # Band 8a's 2 Disabled, WDES4a-ii's 3 and the board's 1 Disabled member: hidden
    assert cell("WDES1", "Disabled", "Numerator", "Band 8a") == "suppressed"
    assert cell("WDES4a-ii", "Disabled", "Numerator") == "suppressed"
    assert cell("WDES10", "Disabled", "Numerator") == "suppressed"
    # 60 of 300 and 10 of 100 appointed: multiples of 5 over 7, shown as they are
    assert (cell("WDES2", "Non-disabled", "Numerator"), cell("WDES2", "Disabled", "Numerator")) == (
        60, 10,
    )  # fmt: skip
    shown = [r[c] for r in wdes for c in ("Numerator", "Denominator") if isinstance(r[c], int)]
    assert not [n for n in shown if 1 <= n <= 7]
    assert all(n % 5 == 0 for n in shown)  # rounded to 5
    audit = {(t, r) for t, r, *_ in published.audit.rows}
    assert any(t.startswith("WDES1") for t, _ in audit)  # what was hidden is listed


def test_the_internal_counts_sheet_holds_the_wdes_counts_exactly():
    internal = pack("internal")
    columns = list(internal.counts.columns)
    rows = [dict(zip(columns, r, strict=True)) for r in internal.counts.rows]
    band_8a = {r["Group"]: r["Numerator"] for r in rows
               if r["Indicator"] == "WDES1" and r["Band"] == "Band 8a"}  # fmt: skip
    assert band_8a == {"Disabled": 2, "Non-disabled": 45, "Unknown": 3}


def test_an_engagement_score_is_published_beside_its_rounded_respondents():
    # WDES9a: 120 Disabled respondents score 6.4, 480 non-disabled 6.9, all 600 score 6.8:
    # Disabled - non-disabled = -0.5 points; respondents rounded to 5 (120, 480, 600)
    extra = pd.DataFrame([
        {"organisation": ORG, "year": 2025, "indicator": "WDES9a", "group": g, "numerator": 0,
         "denominator": n, "score": score}
        for g, n, score in (("Disabled", 120, 6.4), ("Non-disabled", 480, 6.9), ("All", 600, 6.8))
    ])  # fmt: skip
    both = pd.concat([counts(), normalise(extra)], ignore_index=True)
    pack = pack_for(both, organisation=ORG, year=2025, standards=("WRES", "WDES"))
    line = next(x for x in pack.section("wdes").lines if x.startswith("WDES9a"))
    assert "-0.5 points on the 0 to 10 engagement score" in line
    columns = list(pack.counts.columns)
    rows = [dict(zip(columns, r, strict=True)) for r in pack.counts.rows]
    respondents = {r["Group"]: r["Denominator"] for r in rows if r["Indicator"] == "WDES9a"}
    assert respondents == {"Disabled": 120, "Non-disabled": 480, "All": 600}


def test_a_negative_pay_gap_keeps_its_sign():
    from dashboard.pack.standards import _gap_words

    # women's median £12 against men's £10: (10 - 12) / 10 x 100 = -20%, women paid more
    assert (_gap_words(-20.0, "women", "men", "Median hourly pay gap")
            == "Median hourly pay gap: -20.0%; women are paid more than men.")  # fmt: skip


def test_a_pack_of_several_standards_names_them_all_on_every_page(published):
    from dashboard.pack.layout import footer

    assert published.section("title").title == "Workforce equality standards: board report"
    assert footer(published, 9) == f"{ORG} · WRES, WDES and pay gaps 2025 · whole organisation · 9"
    wres_only = pack_for(counts(), organisation=ORG, year=2025)
    assert footer(wres_only, 2) == f"{ORG} · WRES 2025 · whole organisation · 2"
    assert wres_only.section("title").title == "Workforce Race Equality Standard: board report"


@pytest.mark.parametrize("level", ["publication", "internal"])
def test_a_pack_from_counts_without_wres_rows_still_gives_its_wdes_section(level):
    """A staff file with a disability column and no ethnicity gives WDES counts only: the pack
    is built (the WRES's pages say there is no data) and the WDES section has its figure:
    Disabled 42 of 450 (40 + 2 of 400 + 50) = 9.3%, published as about 10% of about 450 staff
    (the step a count of about 450 allows, as with the WRES rows beside it)."""
    only_wdes = counts()
    only_wdes = only_wdes[only_wdes["indicator"].str.startswith("WDES").to_numpy()]
    built = pack_for(only_wdes, organisation=ORG, year=2025, level=level, standards=("WDES",))
    text = "\n".join(built.section("wdes").lines)
    if level == "publication":
        assert "about 10% of about 450 staff" in text
    else:
        assert "9.3%" in text
