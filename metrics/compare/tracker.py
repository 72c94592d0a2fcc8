"""Which trusts have returned which years and indicators, and the request a network sends.

A network gathering returns (by freedom-of-information request or by asking) needs to know
who has answered what: for every trust, year and indicator of each standard in the returns,
whether the figures came, came with suppressed cells, or are missing. The request text asks for
exactly the fields of the counts contract (``metrics.counts.table``), one row per figure, and
for suppressed figures to be written as such ("<5") rather than left blank or given as 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from metrics.standards.definitions import IndicatorSpec, Standard, standards

RETURNED = "returned"
SUPPRESSED = "returned, with suppressed cells"
MISSING = "missing"
STATES = (RETURNED, SUPPRESSED, MISSING)


@dataclass(frozen=True, eq=False)
class Tracker:
    """One row per organisation, year and indicator asked for (``table``: organisation, year,
    standard, indicator, state, suppressed = how many of its cells were suppressed or not
    given)."""

    table: pd.DataFrame

    def missing(self) -> pd.DataFrame:
        return self.table[(self.table["state"] == MISSING).to_numpy()].reset_index(drop=True)

    def by_trust(self) -> pd.DataFrame:
        """Per organisation and year: how many indicators returned, and which are missing."""
        rows = []
        for (org, year), part in self.table.groupby(["organisation", "year"], sort=True):
            missing = part.loc[part["state"] == MISSING, "indicator"].tolist()
            rows.append(
                {
                    "organisation": org,
                    "year": int(year),
                    "returned": int((part["state"] != MISSING).sum()),
                    "asked": len(part),
                    "suppressed cells": int(part["suppressed"].sum()),
                    "missing": ", ".join(missing),
                }
            )
        return pd.DataFrame(
            rows,
            columns=["organisation", "year", "returned", "asked", "suppressed cells", "missing"],
        )


def _network_standards(given: set[str]) -> list[Standard]:
    """The standards of whole organisations (not a restricted view such as the medical one)
    with a row in the returns: the WRES when none has."""
    chosen = [
        std
        for std in standards().values()
        if not any(spec.restrict for spec in std.indicators) and given & set(std.ids)
    ]
    return chosen or [standards()["WRES"]]


def tracker(
    counts: pd.DataFrame,
    censored: pd.DataFrame | None = None,
    *,
    years: Sequence[int] | None = None,
    organisations: Sequence[str] | None = None,
) -> Tracker:
    """Every organisation in the returns (or ``organisations``, the network's members, so that a
    trust that sent nothing is listed too) against every year in them (or ``years``) and every
    indicator of each standard they hold."""
    indicator = counts["indicator"].astype(object)
    given = set(indicator.dropna().unique())
    chosen = _network_standards(given)
    present = counts[["organisation", "year", "indicator"]].dropna().astype(object)
    present = present.assign(year=present["year"].astype(int)).drop_duplicates()
    orgs = list(organisations) if organisations is not None else sorted(
        str(o) for o in present["organisation"].unique()
    )  # fmt: skip
    wanted_years = sorted({int(y) for y in (years or present["year"].unique())})
    came = set(present.itertuples(index=False, name=None))
    cut: dict[tuple, int] = {}
    if censored is not None and len(censored):
        for key in censored[["organisation", "year", "indicator"]].itertuples(index=False):
            k = (key[0], int(key[1]), key[2])
            cut[k] = cut.get(k, 0) + 1
    rows = []
    for org in orgs:
        for year in wanted_years:
            for std in chosen:
                for ind in std.ids:
                    key = (org, year, ind)
                    state = (SUPPRESSED if key in cut else RETURNED) if key in came else MISSING
                    rows.append((org, year, std.id, ind, state, cut.get(key, 0)))
    table = pd.DataFrame(
        rows, columns=["organisation", "year", "standard", "indicator", "state", "suppressed"]
    )
    return Tracker(table)


FIELDS = (
    ("Organisation", "the trust's name"),
    ("Year", "the year the figures are for (the standard's reporting year)"),
    ("Indicator", "the indicator's code, such as {first}"),
    ("Band", "the Agenda for Change band, VSM or medical subgroup (representation rows only)"),
    ("Clinical", "true or false: clinical or non-clinical staff (representation rows only)"),
    ("Membership", "voting or executive (board rows only)"),
    ("Group", "{groups}"),
    ("Numerator", "the count described below"),
    ("Denominator", "the total it is out of, described below"),
)
"""The columns of the counts contract a request asks for (``metrics.counts.table``)."""


def _what(spec: IndicatorSpec, std: Standard) -> str:
    """Numerator and denominator of one indicator, in the request's words."""
    if spec.kind == "representation":
        return "headcount of the group in the band / headcount of the band (all groups)"
    if spec.kind == "ratio":
        whole = "shortlisted" if spec.input == "recruitment" else "in post (headcount)"
        done = spec.done.replace("was ", "were ", 1)
        return f"how many {spec.subject} of the group {done} / {spec.subject} of the group {whole}"
    if spec.kind in ("survey_gap", "survey_share"):
        return "staff survey respondents of the group answering yes / respondents of the group"
    if spec.kind == "score_gap":
        return "respondents of the group as the denominator, with the group's score (0-10)"
    if spec.kind == "board":
        return "board members of the group / all board members, for voting and executive"
    return "the count / its total"


def request_text(
    standard: str = "WRES",
    years: Sequence[int] = (),
    *,
    organisation: str | None = None,
    indicators: Sequence[str] | None = None,
    network: str = "[name of the network]",
) -> str:
    """The text of a standard request for one standard's figures, as a network can send it
    (under the Freedom of Information Act 2000 or simply as a request): every field the counts
    contract needs, each indicator's numerator and denominator, and how to write a suppressed
    figure. ``indicators``: only those (a follow-up for what is missing)."""
    std = standards()[standard]
    who = std.characteristic
    specs = [s for s in std.indicators if indicators is None or s.id in set(indicators)]
    groups = ", ".join(who.groups)
    when = ", ".join(str(y) for y in sorted(years)) if years else "[years]"
    lines = [
        f"Request for {std.name} ({std.id}) figures",
        "",
        f"To: {organisation or '[trust]'}, Freedom of Information officer",
        "",
        "Under the Freedom of Information Act 2000, please provide the following figures for "
        f"{when}, as a spreadsheet (CSV or Excel) with one row per figure and these columns:",
        "",
    ]
    for name, words in FIELDS:
        lines.append(f"- {name}: " + words.format(first=specs[0].id if specs else std.ids[0],
                                                  groups=f"the {who.name} group: {groups}"))  # fmt: skip
    lines += ["", "The figures (numerator / denominator), for each group:", ""]
    for spec in specs:
        lines.append(f"- {spec.id}: {spec.wording}. Numerator / denominator: {_what(spec, std)}.")
    lines += [
        "",
        "Please give each figure as a number. Where you withhold a small number, write it as "
        'the range it lies in ("<5", "1-4", "fewer than 10") rather than leaving the cell blank '
        'or writing 0, and if you use "*" say what range it stands for. Where you do not hold a '
        'figure, write "not held". Please do not round the other figures.',
        "",
        f"These are the counts behind the {std.id} figures trusts publish already; they are "
        "asked for as counts only, with no personal data.",
        "",
        f"From: {network}",
    ]
    return "\n".join(lines) + "\n"
