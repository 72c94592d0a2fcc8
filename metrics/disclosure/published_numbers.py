"""Percentages as anything published shows them (the board pack, the shareable summary): from
exact counts, but never precise enough to undo the rounding of the counts shown beside them.

A count rounded to the nearest 5 could be any of five values. "16.8% of about 85" pins it: only
14 of 83..87 gives 16.8%. So a published percentage is whole, and where its denominator is small
it is coarser still, in steps at least as wide (in people) as the rounding: a step of s per cent
of n people spans s·n/100 people, which must be at least ``rounding_base``
(``metrics.disclosure.control.percent_step``); a coarser step reads "about". Internal packs keep one
decimal.

Relative likelihoods (two decimals) are left alone: every one-decimal number in the pack's words
is a percentage or a difference in percentage points, which is what ``published_text`` relies on.
"""

from __future__ import annotations

import re

from metrics.disclosure.control import DisclosureSettings, percent_step, whole

__all__ = ["published_points", "published_share", "published_text"]

_MINUS = "−"
_SHARE_OF = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)% of (about )?(\d[\d,]*)")
_ONE_DECIMAL = re.compile(r"(?<![\d.])([+−-]?)(\d+)\.(\d)(?!\d)")
_EXACT_COUNTS = re.compile(r" ?\(\d[\d,]* of \d[\d,]*\)")
"""Exact counts in brackets, "(61 of 83)", as a one-group reading gives them (WDES8)."""


def published_share(percent: float, denominator: int | None, settings: DisclosureSettings) -> str:
    """'17%' or, for a small denominator, 'about 15%'."""
    step = percent_step(denominator, settings)
    value = whole(percent / step) * step
    return f"{value}%" if step == 1 else f"about {value}%"


def published_points(points: float, denominator: int | None, settings: DisclosureSettings) -> str:
    """A difference in percentage points to the same step as the share it comes from."""
    step = percent_step(denominator, settings)
    value = whole(points / step) * step
    signed = f"+{value}" if value > 0 else f"{_MINUS}{-value}" if value < 0 else "0"
    return signed if step == 1 else f"about {signed}"


def as_sentence(text: str) -> str:
    """A published reading as a sentence: its first letter a capital ("about 25% of ..." ->
    "About 25% of ..."), as a rounded figure may now open it."""
    return text[:1].upper() + text[1:]


def published_text(text: str, settings: DisclosureSettings, denominator: int | None = None) -> str:
    """Words written for an internal reader, as published: exact counts in brackets ("(61 of
    83)", as WDES8's reading gives its Disabled respondents) left out, since the published
    tables give those counts after disclosure control; "X% of N" to the step its N allows, then
    every other one-decimal number (a percentage or percentage points) to the step that
    ``denominator`` (the smallest rounded count the percentages rest on) allows: whole, or
    "about" a coarser step."""
    step = percent_step(denominator, settings)

    def share_of(match: re.Match[str]) -> str:
        count = int(match.group(3).replace(",", ""))
        shown = published_share(float(match.group(1)), count, settings)
        return f"{shown} of {match.group(2) or ''}{match.group(3)}"

    def stepped(match: re.Match[str]) -> str:
        sign, units, tenth = match.groups()
        value = whole(float(f"{units}.{tenth}") / step) * step
        shown = f"{sign}{value}" if value else "0"
        return shown if step == 1 else f"about {shown}"

    text = _EXACT_COUNTS.sub("", text)
    return _ONE_DECIMAL.sub(stepped, _SHARE_OF.sub(share_of, text))
