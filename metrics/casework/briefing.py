"""A casework briefing for a negotiating meeting with one employer: its casework figures beside
its published WRES3 (entering the formal disciplinary process) and WRES8 (discrimination from a
manager or colleague), its place in the network, and the figures behind it.

A briefing is always for sharing: every count comes through ``publish.published`` (counts of 1
to 7 hidden, with others that would give one away, the rest rounded), and a figure resting on a
hidden count is hidden and says so. Relative likelihoods and their intervals are worked out from
the exact counts, as everywhere else, and shown only where none of the counts they rest on is
hidden; the trend shows each year's value without its interval or counts. Members are shown
rounded, once. The rank and the network comparison use exact values but show no count.

The WRES figures are read with the network comparison's own code (``metrics.compare``): the
same formulas, intervals and statuses as ``inclusivehr compare``.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from metrics.casework import labels
from metrics.casework.figures import CaseFigures, CaseworkFigures, Likelihood
from metrics.casework.log import employer_key
from metrics.casework.publish import published
from metrics.compare.values import INDICATORS, NetworkValues
from metrics.disclosure.control import DEFAULT_SETTINGS, AuditEntry, DisclosureSettings
from metrics.inputs.readers import Upload
from metrics.problems import InputError, Problem

WRES_SHOWN = ("WRES3", "WRES8")
WRES_NAMES = {"WRES3": "WRES3, entering the formal disciplinary process",
              "WRES8": "WRES8, discrimination from a manager or colleague"}  # fmt: skip
COMPARED = ("BME", "White")
TREND_YEARS = 5
"""How many of the latest years the trend of the all-cases ratio shows."""
WHO = {"members": "members", "staff in post (WRES indicator 1)": "staff"}


@dataclass(frozen=True)
class TypeLine:
    """One case type (or every case: ``labels.ALL_TYPES``) at the employer, as it may be
    shared: counts rounded or None (hidden), the likelihood hidden where it rests on a hidden
    count, and the same in words."""

    case_type: str
    label: str
    cases: dict[str, int | None]
    likelihood: Likelihood
    verdict: str  # "beyond chance", "could be chance", "too few cases", or why there is none
    reading: str  # the whole sentence
    sanction: Likelihood | None = None  # dismissal or formal sanction among decided cases
    sanction_reading: str | None = None


@dataclass(frozen=True)
class WresFigure:
    """One published WRES figure of the employer; ``value`` None: not given (``reading`` says
    why). WRES8: ``value`` is BME % minus White %, with both percentages."""

    indicator: str
    label: str
    year: int | None
    value: float | None
    ci_lower: float | None = None
    ci_upper: float | None = None
    bme_percent: float | None = None
    white_percent: float | None = None
    reading: str = ""


@dataclass(frozen=True)
class NetworkPlace:
    """The employer's all-cases ratio against the network's pooled one; ``rank`` of
    ``ranked`` employers with a ratio, 1 the worst for BME members (None: not ranked);
    ``position``: "above", "below" or "within" (its interval against the network value), or
    with a funnel its position there ("within", "above_95", "above_99.8", "below_95",
    "below_99.8"); None when it cannot be placed or its figure is hidden."""

    network_value: float | None
    network_lower: float | None
    network_upper: float | None
    rank: int | None
    ranked: int
    position: str | None
    method: str
    reading: str


@dataclass(frozen=True)
class TrendPoint:
    year: int
    value: float | None  # None: hidden or not computable (``note`` says which)
    note: str | None = None


@dataclass(frozen=True)
class Briefing:
    """Everything the one-page briefing shows, already through disclosure control."""

    employer: str
    years: tuple[int, ...]  # the casework years covered
    base: str  # what the cases are set against, in words
    who: str  # "members" or "staff"
    members: dict[str, int | None] | None  # rounded; None where hidden
    members_label: str  # what ``members`` counts: "Members", "Member-years over 2022 to 2025"
    headline: str
    types: tuple[TypeLine, ...]  # every case type the employer has, then "all"
    wres: tuple[WresFigure, ...]  # WRES3, WRES8
    place: NetworkPlace
    trend: tuple[TrendPoint, ...]
    trend_reading: str
    notes: tuple[str, ...]
    footer: str
    audit: tuple[AuditEntry, ...] = field(default=())

    @property
    def all_cases(self) -> TypeLine:
        return next(t for t in self.types if t.case_type == labels.ALL_TYPES)

    @property
    def covered(self) -> str:
        """The years covered, in words: "2022 to 2025", "2024"."""
        if not self.years:
            return "no year given"
        first, last = self.years[0], self.years[-1]
        return str(first) if first == last else f"{first} to {last}"


def _label(case_type: str) -> str:
    return "All case types" if case_type == labels.ALL_TYPES else case_type.capitalize()


def _event(case_type: str) -> str:
    if case_type == labels.ALL_TYPES:
        return "to be in a case (of any type)"
    article = "an" if case_type[0] in "aeiou" else "a"
    return f"to be in {article} {case_type} case"


def _times(value: float) -> str:
    return f"{value:.2f} times as likely"


def _verdict(found: Likelihood, hidden: bool) -> str:
    if hidden:
        return "too few cases"
    if found.value is None or found.ci_lower is None or found.ci_upper is None:
        return "no comparison"
    if found.ci_lower > 1 or found.ci_upper < 1:
        return "beyond chance"
    return "could be chance"


def _is_hidden(found: Likelihood) -> bool:
    """Hidden for sharing (``publish.published`` marks it so; an exact figure of small
    numbers always has its value)."""
    return found.value is None and found.status == "small_numbers"


def _reading(found: Likelihood, who: str, event: str) -> tuple[str, str]:
    """(verdict, sentence) in plain words, saying which way is worse."""
    hidden = _is_hidden(found)
    verdict = _verdict(found, hidden)
    if hidden:
        return verdict, (f"Too few cases to show how likely BME {who} are {event}: the figure "
                         "rests on a count of 1 to 7 (or one hidden so that it cannot be worked "
                         "out), so it is hidden.")  # fmt: skip
    if found.value is None:
        return verdict, f"No comparison: {found.reason or 'not computable'}."
    words = {"beyond chance": "beyond chance", "could be chance": "the difference could be chance"}
    return verdict, (f"BME {who} are {_times(found.value)} as White {who} {event} (95% "
                     f"interval {found.ci_lower:.2f} to {found.ci_upper:.2f}); above 1 is worse "
                     f"for BME {who}; {words[verdict]}.")  # fmt: skip


def _sanction_reading(found: Likelihood, who: str) -> str:
    if _is_hidden(found):
        return ("Outcomes: too few decided cases to compare how often they end in dismissal or "
                "a formal sanction (hidden: a count of 1 to 7).")  # fmt: skip
    if found.value is None:
        return f"Outcomes: no comparison of sanctions ({found.reason or 'not computable'})."
    verdict = _verdict(found, False)
    said = "beyond chance" if verdict == "beyond chance" else "the difference could be chance"
    return (f"Outcomes: decided cases of BME {who} are {_times(found.value)} as those of White "
            f"{who} to end in dismissal or a formal sanction (95% interval {found.ci_lower:.2f} "
            f"to {found.ci_upper:.2f}); above 1 is worse for BME {who}; {said}.")  # fmt: skip


def near_names(name: str, names: Sequence[str], n: int = 5) -> list[str]:
    """Employer names like ``name``: close spellings first, then names sharing a word."""
    folded = {employer_key(x): x for x in names}
    close = difflib.get_close_matches(employer_key(name), list(folded), n=n, cutoff=0.5)
    found = [folded[k] for k in close]
    words = {w for w in employer_key(name).split() if len(w) > 3}
    for x in sorted(names, key=str.casefold):
        if len(found) >= n:
            break
        if x not in found and words & set(employer_key(x).split()):
            found.append(x)
    return found


def _find_rows(figures: CaseworkFigures, employer: str) -> list[CaseFigures]:
    key = employer_key(employer)
    mine = [r for r in figures.rows if employer_key(r.employer) == key]
    if mine:
        return mine
    names = sorted({str(r.employer) for r in figures.rows}, key=str.casefold)
    near = near_names(employer, names)
    hint = ("Did you mean: " + "; ".join(near) + "?") if near else (
        "Employers in the log: " + "; ".join(names[:20])
        + (f" and {len(names) - 20} more" if len(names) > 20 else "") + ".")  # fmt: skip
    raise InputError(Problem(severity="error", message=f'no employer called "{employer}" in '
                             "the casework log", hint=hint))  # fmt: skip


def _place(figures: CaseworkFigures, mine: CaseFigures, shown: Likelihood, who: str,
           funnel: Mapping[str, str] | None) -> NetworkPlace:  # fmt: skip
    """Where the employer's all-cases ratio sits among the network's employers."""
    network = next((r for r in figures.network if r.case_type == labels.ALL_TYPES), None)
    ranked = [r for r in figures.rows
              if r.case_type == labels.ALL_TYPES and r.likelihood.value is not None]  # fmt: skip
    hidden = _is_hidden(shown)
    rank = None
    if shown.value is not None and mine.likelihood.value is not None:
        rank = 1 + sum(r.likelihood.value > mine.likelihood.value for r in ranked)  # type: ignore[operator]
    nv = network.likelihood if network is not None else None
    net_value = nv.value if nv is not None else None
    position, method = None, "its 95% interval against the network's figure"
    placed = {employer_key(k): v for k, v in (funnel or {}).items()}
    if funnel is not None:
        method = "the network's funnel limits (95% and 99.8%)"
        found = placed.get(employer_key(mine.employer))
        position = None if hidden or found in (None, "not_placed") else found
    elif not hidden and net_value is not None and shown.ci_lower is not None:
        assert shown.ci_upper is not None
        position = ("above" if shown.ci_lower > net_value else
                    "below" if shown.ci_upper < net_value else "within")  # fmt: skip
    parts = []
    if net_value is not None:
        parts.append(f"Across the network (employers with a base, pooled), BME {who} are "
                     f"{_times(net_value)} as White {who} to be in a case.")  # fmt: skip
    else:
        parts.append("The network has no pooled figure (no employer has a base).")
    if hidden:
        parts.append("This employer is not ranked: its figure is hidden (too few cases).")
    elif rank is None:
        parts.append("This employer is not ranked: its figure cannot be worked out.")
    else:
        parts.append(f"This employer ranks {rank} of the {len(ranked)} employers with a figure "
                     f"(1 = the largest disparity against BME {who}).")  # fmt: skip
    if position is not None:
        worse = f"worse for BME {who} than across the network"
        better = f"better for BME {who} than across the network"
        said = {
            "above": f"above the network's figure: {worse}, beyond chance",
            "below": f"below the network's figure: {better}, beyond chance",
            "within": "not distinguishable from the network's figure",
            "above_95": f"above the 95% limit (inside the 99.8% one): {worse}, beyond chance",
            "above_99.8": f"above the 99.8% limit: {worse}, well beyond chance",
            "below_95": f"below the 95% limit (inside the 99.8% one): {better}, beyond chance",
            "below_99.8": f"below the 99.8% limit: {better}, well beyond chance",
        }.get(position, position)  # fmt: skip
        parts.append(f"Judged by {method}, it is {said}.")
    elif funnel is not None and not hidden:
        parts.append("It is not placed on the network's funnel.")
    return NetworkPlace(net_value, nv.ci_lower if nv else None, nv.ci_upper if nv else None,
                        rank, len(ranked), position, method, " ".join(parts))  # fmt: skip


def _trend(row: CaseFigures, who: str) -> tuple[tuple[TrendPoint, ...], str]:
    points = []
    for y in row.by_year[-TREND_YEARS:]:
        found = y.likelihood
        if found.value is not None:
            points.append(TrendPoint(y.year, found.value))
        else:
            points.append(TrendPoint(y.year, None, "hidden (too few cases)" if _is_hidden(found)
                                     else "no comparison"))  # fmt: skip
    if not points:
        return (), "No trend: the figures are for one year only."
    shown = [p for p in points if p.value is not None]
    said = "; ".join(f"{p.year}: " + (f"{p.value:.2f}" if p.value is not None else str(p.note))
                     for p in points)  # fmt: skip
    words = f"All cases, year by year (above 1 is worse for BME {who}): {said}."
    if len(shown) >= 2:
        first, last = shown[0], shown[-1]
        assert first.value is not None and last.value is not None
        way = "higher" if last.value > first.value else "lower" if last.value < first.value else (
            "the same")  # fmt: skip
        words += (f" {last.year}'s figure is {way} than {first.year}'s; single years rest on "
                  "few cases, so a change between two years may be chance.")  # fmt: skip
    return tuple(points), words


def _wres_figure(values: NetworkValues | None, employer: str, indicator: str,
                 year: int | None) -> WresFigure:  # fmt: skip
    spec = INDICATORS[indicator]
    label = f"{indicator}: {spec.label}"
    if values is None:
        return WresFigure(indicator, label, None, None,
                          reading=f"{WRES_NAMES[indicator]}: not given (no WRES counts file was given).")  # fmt: skip
    frame = values.frame
    rows = frame[(frame["indicator"].to_numpy() == indicator)
                 & (frame["organisation"].map(employer_key).to_numpy() == employer_key(employer))]  # fmt: skip
    if rows.empty:
        return WresFigure(indicator, label, None, None, reading=(
            f"{WRES_NAMES[indicator]}: not given (the WRES counts have none for this "
            "employer)."))  # fmt: skip
    given = rows[rows["status"].to_numpy() != "no_data"]
    if year is not None and (given["year"] == year).any():
        row = given[given["year"].to_numpy() == year].iloc[0]
    elif not given.empty:
        row = given.sort_values("year").iloc[-1]
    else:
        return WresFigure(indicator, label, None, None, reading=(
            f"{WRES_NAMES[indicator]}: not given (the WRES counts have no figures for this "
            "employer)."))  # fmt: skip
    wres_year = int(row["year"])
    value = None if pd.isna(row["value"]) else float(row["value"])
    lower = None if pd.isna(row["ci_lower"]) else float(row["ci_lower"])
    upper = None if pd.isna(row["ci_upper"]) else float(row["ci_upper"])
    if value is None:
        return WresFigure(indicator, label, wres_year, None, reading=(
            f"{WRES_NAMES[indicator]}: not given for {wres_year} "
            f"({row['reason'] or 'not computable'})."))  # fmt: skip
    if indicator == "WRES3":
        interval = (f" (95% interval {lower:.2f} to {upper:.2f})"
                    if lower is not None and upper is not None else "")  # fmt: skip
        worse = "above 1 is worse for BME staff"
        reading = (f"WRES {wres_year}: BME staff were {_times(value)} as White staff to enter "
                   f"the formal disciplinary process{interval}; {worse}.")  # fmt: skip
        return WresFigure(indicator, label, wres_year, value, lower, upper, reading=reading)
    bme = 100 * float(row["e1"]) / float(row["n1"]) if row["n1"] else None
    white = 100 * float(row["e2"]) / float(row["n2"]) if row["n2"] else None
    interval = (f" (95% interval {lower:+.1f} to {upper:+.1f})"
                if lower is not None and upper is not None else "")  # fmt: skip
    shares = (f"{bme:.1f}% of BME staff and {white:.1f}% of White staff"
              if bme is not None and white is not None else "BME and White staff")  # fmt: skip
    reading = (f"WRES {wres_year} (staff survey): {shares} said they had experienced "
               f"discrimination from a manager, team leader or colleague, a gap of {value:+.1f} "
               f"points{interval}; above 0 is worse for BME staff.")  # fmt: skip
    return WresFigure(indicator, label, wres_year, value, lower, upper, bme, white, reading)


def wres_values(files: Sequence[Path | str | Upload],
                mapping: dict[str, str] | None = None) -> NetworkValues:  # fmt: skip
    """WRES3 and WRES8 for every organisation in WRES counts files, read as ``inclusivehr
    compare`` reads them (suppressed FOI cells carried as ranges: such a value is not given)."""
    from metrics.compare.censored import with_ranges
    from metrics.compare.inputs import load_network
    from metrics.compare.values import network_values

    paths = [f if isinstance(f, Upload) else Path(f) for f in files]
    network = load_network(paths, mapping, indicators=list(WRES_SHOWN))
    values = network_values(network.counts, indicators=list(WRES_SHOWN), keys=network.keys)
    return with_ranges(values, network.censored, network.counts)


def _compared(counts: dict[str, int | None]) -> dict[str, int | None]:
    return {g: counts[g] for g in COMPARED}


def _for_sharing(figures: CaseworkFigures, mine: list[CaseFigures]) -> CaseworkFigures:
    """The employer's rows as the briefing shows them, ready for ``published``: the years of the
    all-cases trend only (the other types' years are not shown, so they do not hide their
    types' totals)."""
    rows = [row if row.case_type == labels.ALL_TYPES else replace(row, by_year=())
            for row in mine]  # fmt: skip
    return replace(figures, rows=tuple(rows), network=())


def _one_year(years: tuple[int, ...]) -> str:
    return str(years[0]) if years else "the years given"


def _members_label(who: str, years: tuple[int, ...]) -> str:
    if len(years) > 1:
        unit = "Member-years" if who == "members" else "Staff-years"
        return f"{unit} over {years[0]} to {years[-1]}"
    return who.capitalize()


def _footer(settings: DisclosureSettings) -> str:
    return (f"Figures for sharing: counts of 1-{settings.threshold} hidden, others rounded to "
            f"the nearest {settings.rounding_base}")  # fmt: skip


def briefing(
    figures: CaseworkFigures,
    employer: str,
    *,
    wres: NetworkValues | None = None,
    settings: DisclosureSettings = DEFAULT_SETTINGS,
    funnel: Mapping[str, str] | None = None,
) -> Briefing:
    """One employer's briefing from the exact casework figures (``figures.compute``); ``wres``:
    the WRES3 and WRES8 values (``wres_values``), None when no counts file was given;
    ``funnel``: employer name -> its position on the funnel of all cases across employers
    (``metrics.compare.network.FunnelPosition`` words: within, above_95, above_99.8, below_95,
    below_99.8, not_placed), when there is one; without it the employer's interval is set
    against the network's value.
    Raises InputError naming near names when the employer is not in the log."""
    mine = _find_rows(figures, employer)
    name = str(mine[0].employer)
    shared, audit = published(_for_sharing(figures, mine), settings)
    rows = {r.case_type: r for r in shared.rows}
    who = WHO.get(figures.base, "members")
    lines = []
    for case_type in [*(t for t in labels.CASE_TYPES if t in rows), labels.ALL_TYPES]:
        row = rows[case_type]
        verdict, reading = _reading(row.likelihood, who, _event(case_type))
        sanction = row.outcomes.likelihood if row.outcomes is not None else None
        lines.append(TypeLine(
            case_type, _label(case_type), _compared(row.cases), row.likelihood, verdict, reading,
            sanction, _sanction_reading(sanction, who) if sanction is not None else None,
        ))  # fmt: skip
    everything = next(t for t in lines if t.case_type == labels.ALL_TYPES)
    exact_all = next(r for r in mine if r.case_type == labels.ALL_TYPES)
    place = _place(figures, exact_all, everything.likelihood, who, funnel)
    trend, trend_reading = _trend(rows[labels.ALL_TYPES], who)
    years = (figures.year,) if figures.year is not None else tuple(
        sorted({y.year for y in exact_all.by_year}))  # fmt: skip
    wres_year = figures.year
    wres_figures = tuple(_wres_figure(wres, name, ind, wres_year) for ind in WRES_SHOWN)
    notes = [
        f"Cases are set against the {figures.base} at the employer, "
        + (f"each year's {who} counted once for each year covered ({_members_label(who, years).lower()}"
           ")." if len(years) > 1 else f"in {_one_year(years)}."),
        "Cases with no recorded ethnicity are left out of every ratio and of the table.",
    ]  # fmt: skip
    if exact_all.members is None:
        notes.append(f"No {who} figures were given for this employer, so its cases are not set "
                     "against anyone.")  # fmt: skip
    if any(t.verdict == "too few cases" for t in lines):
        notes.append(f"'hidden': a count of 1 to {settings.threshold}, or one hidden so that it "
                     "cannot be worked out; a figure resting on it is hidden too.")  # fmt: skip
    if wres is not None and any(w.value is None for w in wres_figures):
        notes.append("A WRES figure not given: the counts file has no such figure for this "
                     "employer (or it rests on a suppressed cell).")  # fmt: skip
    return Briefing(
        employer=name,
        years=years,
        base=figures.base,
        who=who,
        members=_compared(shared.rows[0].members) if shared.rows[0].members else None,
        members_label=_members_label(who, years),
        headline=everything.reading,
        types=tuple(lines),
        wres=wres_figures,
        place=place,
        trend=trend,
        trend_reading=trend_reading,
        notes=tuple(notes),
        footer=_footer(settings),
        audit=audit,
    )
