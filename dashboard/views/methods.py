"""How every figure is computed, and which methods are the dashboard's own."""

import streamlit as st

from metrics.indicators import KATZ
from metrics.summary import __doc__ as SUMMARY_METHOD

TEXT = """
**Ethnicity.** NHS Data Dictionary ethnic category: the first character of the code decides.
A, B, C are White; D to S are Black and minority ethnic (BME); Z (not stated), 99 (not known),
blank or unrecognised are Unknown. Local sub-codes (CP, LH ...) roll up by their first
character. Unknown is never on either side of a ratio; it is shown as the declaration rate.

**Indicator 1.** Headcount on the snapshot date, bank staff excluded, one row per person (the
main assignment: not bank, largest FTE). Shares of White, BME and Unknown in each band,
non-clinical and clinical, with medical and dental subgroups, against the whole workforce. The
gap in people is how many more BME staff a band would need to match the workforce share.

**Indicators 2, 3, 4** are relative likelihoods in NHS England's direction (above 1.00, BME
staff are disadvantaged). {katz} A group with nobody in it or no events is "not computable";
nothing is capped. Fewer than 10 events in a group is flagged as small numbers.

**Indicators 5 to 8** come from the NHS Staff Survey of the previous autumn: the percentage
answering yes in each group with Wilson 95% intervals; the value is BME minus White in points
with Newcombe's interval. Groups under 11 respondents are flagged.

**Indicator 9** is the BME share of the board's voting (and executive) members minus the BME
share of the workforce, in points.

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
    st.markdown(TEXT.format(katz=KATZ, summary=summary))
