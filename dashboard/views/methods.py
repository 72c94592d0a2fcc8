"""How every figure is computed, and which methods are the dashboard's own."""

import streamlit as st

from dashboard import glossary
from dashboard.state import small_unit_size
from dashboard.views.common import DISCLOSURE_THRESHOLD
from metrics.standards.indicators import KATZ
from metrics.standards.summary import __doc__ as SUMMARY_METHOD

TEXT = """
**Ethnicity.** The NHS Data Dictionary ethnic category: the first character of the code decides.
A, B and C are White; D to S are Black and minority ethnic (BME); Z (not stated), 99 (not
known), blank or unrecognised are Unknown. Local sub-codes (CP, LH ...) count by their first
character. Unknown is never on either side of a comparison; it is shown as the share of staff
whose ethnicity is not declared.

**Indicator 1.** Staff in post on the snapshot date, bank staff left out, each person once (their
main job: not bank, most hours). The shares of White, BME and Unknown staff in each pay band,
non-clinical and clinical, with the medical and dental grades, against the whole workforce. The
gap in people is how many more BME staff a band would need to match the workforce's share.

**Indicators 2, 3 and 4** are relative likelihoods, turned so that above 1.00 BME staff are at a
disadvantage (NHS England's direction). {katz} When a group has nobody in it, or nobody it
happened to, the figure "cannot be calculated"; nothing is capped. Fewer than 10 events in a
group is flagged as small numbers.

**Indicators 5 to 8** come from the NHS Staff Survey of the autumn before: the percentage
answering yes in each group, with Wilson 95% intervals; the figure is the BME percentage minus
the White percentage, in percentage points, with Newcombe's interval. Groups under 11 people
who answered are flagged.

**Indicator 9** is the BME share of the board's voting (and executive) members minus the BME
share of the workforce, in percentage points.

**Other standards** follow the same pattern with other groups, chosen with *Standard* in the
sidebar. The WDES (disability): Disabled, non-disabled and Unknown, NHS England's ten metrics,
metric 1 by pay band cluster, metric 3 counting formal capability cases on performance grounds
only, metric 8 asked of Disabled staff only (one percentage with its Wilson interval), metric 9a
the engagement score (no sampling interval). The medical workforce view: indicators 2 to 8 for
medical and dental staff only. Pay gaps (by sex, ethnicity or disability): mean and median hourly
pay gap as (reference − focus) ÷ reference × 100, per person and never weighted by hours, over
full-pay relevant staff; bonus gaps over those paid a bonus; each group's share paid a bonus; the
share of each group in four quarters of equal headcount by hourly pay, ties shared out evenly. A
positive gap means the focus group (women, BME or Disabled staff) is paid less. Unknown is left
out of every pay figure, and its size stated.

**A unit of the organisation** is a directorate, a staff group or a band group (bands grouped as
in NHS reports: Bands 1-4, 5-7, 8a-8b, 8c to VSM and the medical grades). Figures given only for
the whole organisation (the staff survey, the board) are not given for a unit. A unit with
fewer than {small_unit} staff is too small to read patterns from: only its headcount is shown.

**Small numbers on screen.** Groups of 1 to {threshold} people are shown as "fewer than
{fewer_than}", with enough other figures hidden that they cannot be worked back from a total,
unless "Show exact counts" is turned on (it is off by default, so screenshots are safe).

**The dashboard's own methods** (not NHS England's): the Katz interval and the "chance"
wording; the two-year rolling average for indicator 3 (the current and previous year pooled);
the "biggest gaps first" ordering ({summary}).

**Publication.** Figures leaving the organisation go through disclosure control: counts 1 to 7
hidden, others rounded to the nearest 5, further counts hidden so none can be worked back from
totals, and every change listed.
"""


def render() -> None:
    st.title("Methods")
    summary = " ".join(SUMMARY_METHOD.split("\n\n")[1].split()) if SUMMARY_METHOD else ""
    st.markdown(TEXT.format(katz=KATZ, summary=summary, small_unit=small_unit_size(),
                            threshold=DISCLOSURE_THRESHOLD, fewer_than=DISCLOSURE_THRESHOLD + 1))  # fmt: skip
    st.subheader("Words used on these pages")
    for term in glossary.TERMS:
        st.markdown(glossary.tooltip(term))
