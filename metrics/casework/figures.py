"""Per employer and case type: how much more (or less) likely BME members are than White members
to be in a case, `(cases_BME / members_BME) / (cases_White / members_White)` with the Katz
interval; how often a decided case ends in dismissal or a formal sanction, BME against White;
the same year by year; and the network's figures over every employer with a base.

Unknown ethnicity is out of both sides of every ratio (its cases are still listed). Figures over
several years set the cases against the members summed over the years the employer's cases fall
in (member-years), the years being those the log covers (every employer alike); a base given
per year is used year by year, a year with no base of its own takes the nearest year's (said in
the notes), and a base with no year serves every year. The network's figures are over the
employers that have cases in the log and a base.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from metrics.casework import labels
from metrics.casework.bases import Base
from metrics.casework.log import CaseLog, employer_key
from metrics.disclosure.control import DEFAULT_SETTINGS
from metrics.stats.intervals import NotComputable, NoVariation, relative_likelihood

GROUPS = ("BME", "White", "Unknown")
SANCTIONS = (labels.DISMISSAL, labels.SANCTION)
UNDECIDED = (labels.ONGOING, labels.NOT_GIVEN)


@dataclass(frozen=True)
class Likelihood:
    """A relative likelihood, BME against White: above 1 means BME members fare worse."""

    value: float | None
    ci_lower: float | None
    ci_upper: float | None
    status: str  # ok | small_numbers | not_computable | no_variation | no_data
    reason: str | None = None


@dataclass(frozen=True)
class Outcomes:
    """Decided cases (an outcome given, not ongoing) and those ending in dismissal or a formal
    sanction, per group; ``by_outcome`` counts every outcome class per group."""

    decided: dict[str, int]
    sanctioned: dict[str, int]
    by_outcome: dict[str, dict[str, int]]
    likelihood: Likelihood


@dataclass(frozen=True)
class YearFigures:
    year: int
    cases: dict[str, int]
    members: dict[str, int] | None
    likelihood: Likelihood


@dataclass(frozen=True)
class CaseFigures:
    """One employer (or the network: employer None) and case type (or ``labels.ALL_TYPES``)."""

    employer: str | None
    case_type: str
    cases: dict[str, int]
    members: dict[str, int] | None  # None: no base for this employer
    likelihood: Likelihood
    outcomes: Outcomes | None  # None: the log has no outcome column
    by_year: tuple[YearFigures, ...] = ()
    employers: int | None = None  # network rows: employers with cases of this type
    worse_beyond_chance: int | None = None  # network rows: employers whose interval is above 1
    better_beyond_chance: int | None = None  # ... and below 1


@dataclass(frozen=True)
class CaseworkFigures:
    rows: tuple[CaseFigures, ...]
    network: tuple[CaseFigures, ...]
    year: int | None  # None: every year pooled
    base: str  # what the cases are set against, in words
    outcomes_given: bool
    notes: tuple[str, ...] = field(default=())


def _small(threshold: int, *counts: int) -> bool:
    return any(1 <= n <= threshold for n in counts)


def likelihood(a: int, n1: int, c: int, n2: int, threshold: int = DEFAULT_SETTINGS.threshold,
               what: str = "members") -> Likelihood:  # fmt: skip
    """(a / n1) / (c / n2) with its 95% Katz interval, or why there is none; small_numbers when
    a or c is 1..threshold (the value is shown, with a warning)."""
    if a > n1 or c > n2:
        return Likelihood(None, None, None, "not_computable",
                          f"a group has more cases than {what}: check the {what} figures")  # fmt: skip
    try:
        found = relative_likelihood(a, n1, c, n2)
    except NoVariation as exc:
        return Likelihood(None, None, None, "no_variation", str(exc))
    except NotComputable as exc:
        return Likelihood(None, None, None, "not_computable", str(exc))
    small = _small(threshold, a, c)
    return Likelihood(
        found.value, found.lower, found.upper, "small_numbers" if small else "ok",
        f"fewer than {threshold + 1} cases in a group: read with care" if small else None,
    )  # fmt: skip


class _Tally:
    """Cases counted once per (case type, year, group, outcome): every figure is a sum over it,
    so nothing goes back to the rows."""

    def __init__(self, cells: dict[tuple, int]):
        self.cells = cells

    @classmethod
    def of(cls, cases: pd.DataFrame) -> dict[object, _Tally]:
        """One tally per employer key, and the network's under None."""
        keys = ["key", "case_type", "year", "group", "outcome"]
        sizes = cases.groupby(keys, dropna=False, sort=False).size()
        by_key: dict[object, dict[tuple, int]] = {}
        for (key, case_type, year, group, outcome), n in sizes.items():
            year = None if pd.isna(year) else int(year)
            by_key.setdefault(key, {})[(case_type, year, group, outcome)] = int(n)
        return {key: cls(cells) for key, cells in by_key.items()}

    def types(self) -> list[str]:
        present = {c[0] for c in self.cells}
        return [t for t in labels.CASE_TYPES if t in present] + [labels.ALL_TYPES]

    def years(self) -> list[int]:
        return sorted({c[1] for c in self.cells if c[1] is not None})

    def groups(self, case_type: str = labels.ALL_TYPES, year: int | None = None,
               outcomes: Iterable[str] | None = None) -> dict[str, int]:  # fmt: skip
        wanted = None if outcomes is None else set(outcomes)
        out = dict.fromkeys(GROUPS, 0)
        for (kind, y, group, outcome), n in self.cells.items():
            if case_type != labels.ALL_TYPES and kind != case_type:
                continue
            if (year is not None and y != year) or (wanted is not None and outcome not in wanted):
                continue
            out[group] += n
        return out

    def merged(self, other: _Tally) -> _Tally:
        cells = dict(self.cells)
        for cell, n in other.cells.items():
            cells[cell] = cells.get(cell, 0) + n
        return _Tally(cells)


def _outcomes(tally: _Tally, case_type: str, threshold: int) -> Outcomes:
    decided_classes = [o for o in (*labels.OUTCOMES, labels.NOT_GIVEN) if o not in UNDECIDED]
    decided = tally.groups(case_type, outcomes=decided_classes)
    sanctioned = tally.groups(case_type, outcomes=SANCTIONS)
    by_outcome = {name: tally.groups(case_type, outcomes=[name])
                  for name in (*labels.OUTCOMES, labels.NOT_GIVEN)}  # fmt: skip
    found = likelihood(sanctioned["BME"], decided["BME"], sanctioned["White"], decided["White"],
                       threshold, what="decided cases")  # fmt: skip
    return Outcomes(decided, sanctioned, by_outcome, found)


class _Exposure:
    """An employer's base (year or None -> group -> people) and how a year with none of its own
    is served."""

    def __init__(self, rows: pd.DataFrame):
        self.by_year: dict[int | None, dict[str, int]] = {}
        for year, group, people in zip(rows["year"], rows["group"], rows["people"], strict=True):
            y = None if pd.isna(year) else int(year)
            mine = self.by_year.setdefault(y, dict.fromkeys(GROUPS, 0))
            if group in mine:
                mine[group] += int(people)

    def members(self, years: Iterable[int | None]) -> tuple[dict[str, int], list[tuple[int, int]]]:
        """Members summed over the years (member-years); (year, year used) where borrowed."""
        total = dict.fromkeys(GROUPS, 0)
        borrowed: list[tuple[int, int]] = []
        wanted = sorted({int(y) for y in years if y is not None and not pd.isna(y)})
        available = sorted(y for y in self.by_year if y is not None)
        if None in self.by_year or not available:  # a base with no year: the same every year
            times = max(1, len(wanted))
            return {g: times * self.by_year.get(None, {}).get(g, 0) for g in GROUPS}, borrowed
        for year in wanted or [available[-1]]:
            used = min(available, key=lambda y: (abs(y - year), y))
            if used != year:
                borrowed.append((year, used))
            for g in GROUPS:
                total[g] += self.by_year[used][g]
        return total, borrowed


def _ratio(cases: dict[str, int], members: dict[str, int] | None, threshold: int,
           what: str) -> Likelihood:  # fmt: skip
    if members is None:
        return Likelihood(None, None, None, "no_data", f"no {what} figures for this employer")
    return likelihood(cases["BME"], members["BME"], cases["White"], members["White"], threshold,
                      what)  # fmt: skip


def compute(log: CaseLog, base: Base, year: int | None = None,
            threshold: int = DEFAULT_SETTINGS.threshold) -> CaseworkFigures:  # fmt: skip
    """Every employer's figures for each case type it has cases of, and the network's."""
    cases = log.cases.assign(key=log.cases["employer"].map(employer_key))
    if year is not None:
        cases = cases[cases["year"].eq(year).fillna(False).to_numpy()]
    what = "members" if base.what == "members" else "staff"
    people = base.people
    notes: list[str] = list(log.notes)
    rows: list[CaseFigures] = []
    no_base: list[str] = []
    borrowed_notes: list[str] = []
    exposures: dict[str, _Exposure] = {}
    tallies = _Tally.of(cases)
    years = [year] if year is not None else sorted(
        {int(y) for y in cases["year"].dropna().unique()})  # fmt: skip
    names = cases.drop_duplicates("key").set_index("key")["employer"]
    for key, name in sorted(names.items(), key=lambda pair: str(pair[1]).casefold()):
        employer, tally = str(name), tallies[key]
        mine = people[people["key"].eq(key).to_numpy()]
        exposure = _Exposure(mine) if not mine.empty else None
        if exposure is None:
            no_base.append(employer)
        else:
            exposures[key] = exposure
        members, borrowed = exposure.members(years) if exposure else (None, [])
        borrowed_notes += [f"{employer}: {y} set against {u}'s {what}" for y, u in borrowed]
        for case_type in tally.types():
            counted = tally.groups(case_type)
            rows.append(CaseFigures(
                employer=employer, case_type=case_type, cases=counted, members=members,
                likelihood=_ratio(counted, members, threshold, what),
                outcomes=_outcomes(tally, case_type, threshold) if log.outcomes_given else None,
                by_year=() if year is not None else tuple(
                    _year_figures(tally, case_type, {key: exposure} if exposure else {},
                                  threshold, what)),
            ))  # fmt: skip
    network = _network(tallies, rows, exposures, years, year, threshold, what,
                       log.outcomes_given)  # fmt: skip
    if no_base:
        notes.append(f"No {what} figures for {len(no_base)} employer"
                     f"{'s' if len(no_base) != 1 else ''} (their cases are listed but not set "
                     f"against anyone, and left out of the network figures): "
                     + "; ".join(sorted(no_base)) + ".")  # fmt: skip
    if borrowed_notes:
        notes.append(f"A year with no {what} figures of its own uses the nearest year's: "
                     + "; ".join(borrowed_notes) + ".")  # fmt: skip
    unknown = int(cases["group"].eq("Unknown").sum())
    if unknown:
        notes.append(f"{unknown:,} case{'s' if unknown != 1 else ''} with no recorded (or an "
                     f"unrecognised) ethnicity {'are' if unknown != 1 else 'is'} listed as "
                     "Unknown and left out of every ratio.")  # fmt: skip
    return CaseworkFigures(tuple(rows), tuple(network), year, base.what, log.outcomes_given,
                           tuple(notes))  # fmt: skip


def _members_over(exposures: dict[str, _Exposure], years: list[int]) -> dict[str, int] | None:
    if not exposures:
        return None
    total = dict.fromkeys(GROUPS, 0)
    for exposure in exposures.values():
        got, _ = exposure.members(years)
        for g in GROUPS:
            total[g] += got[g]
    return total


def _year_figures(tally: _Tally, case_type: str, exposures: dict[str, _Exposure],
                  threshold: int, what: str) -> Iterable[YearFigures]:  # fmt: skip
    for y in tally.years():
        counted = tally.groups(case_type, year=y)
        members = _members_over(exposures, [y])
        yield YearFigures(y, counted, members, _ratio(counted, members, threshold, what))


def _network(tallies: dict[object, _Tally], rows: list[CaseFigures],
             exposures: dict[str, _Exposure], years: list[int], year: int | None,
             threshold: int, what: str, outcomes_given: bool) -> list[CaseFigures]:  # fmt: skip
    """Per case type over the employers with a base: their cases against their members summed;
    how many employers' intervals lie wholly above or below 1. The outcome figures need no base,
    so they are over every employer's cases."""
    everyone, based = _Tally({}), _Tally({})
    for key, tally in tallies.items():
        everyone = everyone.merged(tally)
        if key in exposures:
            based = based.merged(tally)
    if not based.cells:
        return []
    members = _members_over(exposures, years)
    out = []
    for case_type in based.types():
        mine = [r for r in rows if r.case_type == case_type]
        counted = based.groups(case_type)
        out.append(CaseFigures(
            employer=None, case_type=case_type, cases=counted, members=members,
            likelihood=_ratio(counted, members, threshold, what),
            outcomes=_outcomes(everyone, case_type, threshold) if outcomes_given else None,
            by_year=() if year is not None else tuple(
                _year_figures(based, case_type, exposures, threshold, what)),
            employers=len(mine),
            worse_beyond_chance=sum(r.likelihood.ci_lower is not None and r.likelihood.ci_lower > 1
                                    for r in mine),
            better_beyond_chance=sum(r.likelihood.ci_upper is not None and r.likelihood.ci_upper < 1
                                     for r in mine),
        ))  # fmt: skip
    return out
