"""The words the pages use, in short plain definitions: one place, so every tooltip and popover
says the same thing. The Methods page keeps the full detail."""

from __future__ import annotations

TERMS: dict[str, str] = {
    "BME": (
        "Black and minority ethnic: everyone whose recorded ethnic category is Mixed, Asian or "
        "Asian British, Black or Black British, Chinese or any other ethnic group (NHS codes D "
        "to S). The WRES compares them with White staff."
    ),
    "White": "Staff recorded as White British, White Irish or any other White background "
    "(NHS codes A, B and C, including Gypsy or Irish Traveller).",
    "Disabled": (
        "Staff who have told their employer (in ESR) that they have a disability or long-term "
        "condition. The WDES compares them with non-disabled staff."
    ),
    "Non-disabled": "Staff recorded in ESR as having no disability.",
    "Unknown": (
        "Staff whose ethnicity (or disability, for the WDES) is not stated, not known, blank or "
        "not recognised. They are left out of both sides of every comparison and shown as the "
        "share not declared."
    ),
    "Relative likelihood": (
        "How many times as likely one group is as the other to have something happen, such as "
        "being appointed. 1.00 means equally likely. The dashboard turns each one so that "
        "above 1.00 is worse for the group the standard is about: BME staff in the WRES, "
        "Disabled staff in the WDES."
    ),
    "Confidence interval": (
        "The range the true figure probably lies in (95% of the time), given how many people "
        "it rests on. If it includes 1.00 (or 0 for a gap in points), the difference could be "
        "chance."
    ),
    "Pay gap": (
        "How much less one group earns per hour than the other, as a share of the other "
        "group's pay: a median gap of 10% means the middle earner of the group is paid 10% "
        "less per hour. Above 0 is worse for the group the figure is about."
    ),
    "Percentage points": (
        "The difference between two percentages: 30% against 20% is 10 percentage points (not 50%)."
    ),
    "Small numbers": (
        "Too few people to read a pattern from, or few enough to identify someone. Units under "
        "the unit-size setting (20 staff by default) are not read, and groups of 1 to 7 "
        "people are shown as 'fewer than 8'."
    ),
}


def define(term: str) -> str:
    """The definition of a term, looked up ignoring case ("bme" finds BME)."""
    lookup = {k.lower(): v for k, v in TERMS.items()}
    return lookup[term.lower()]


def tooltip(*terms: str) -> str:
    """Help text for a widget or metric: each term in bold with its definition."""
    names = {k.lower(): k for k in TERMS}
    return "\n\n".join(f"**{names[t.lower()]}**: {define(t)}" for t in terms)
