"""The casework figures as they may be shared: through the same disclosure control as every
published table (metrics.disclosure.control.protect_table: counts 1-7 hidden, secondary
suppression so none can be worked back from its totals, other counts rounded to 5).

Tables protected, per employer and for the network: cases by case type and group (its total row
is the "all" case type); for each case type, cases by year and group (its total row is that case
type's pooled counts, hidden wherever the case-type table hides them and the other way round);
members by group; decided cases by group and whether sanctioned. A relative likelihood resting
on a hidden count is hidden with it; shown ones are worked out from the exact counts. Counts by
each outcome class are not published (too fine to show safely).

Only the BME and White counts are published (their Unknown entries are None): unknown
ethnicity is in no ratio, and a handful of unrecorded cases would otherwise hide the BME total
beside it (secondary suppression), and with it most employers' figures."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from metrics.casework import labels
from metrics.casework.figures import (
    GROUPS,
    CaseFigures,
    CaseworkFigures,
    Likelihood,
    Outcomes,
    YearFigures,
)
from metrics.disclosure.control import (
    DEFAULT_SETTINGS,
    TOTAL,
    AuditEntry,
    DisclosureSettings,
    ProtectedTable,
    protect_table,
)

COMPARED = ("BME", "White")


def _compared_only(counts: dict[str, int] | None) -> dict[str, int] | None:
    """The counts for protection: Unknown as 0, so it forces nothing to be hidden."""
    return None if counts is None else {**counts, "Unknown": 0}


def _compared_rows(rows: list[CaseFigures]) -> list[CaseFigures]:
    out = []
    for row in rows:
        outcomes = row.outcomes
        if outcomes is not None:
            outcomes = replace(outcomes, decided=_compared_only(outcomes.decided),
                               sanctioned=_compared_only(outcomes.sanctioned))  # fmt: skip
        years = tuple(replace(y, cases=_compared_only(y.cases)) for y in row.by_year)
        out.append(replace(row, cases=_compared_only(row.cases),
                           members=_compared_only(row.members), outcomes=outcomes,
                           by_year=years))  # fmt: skip
    return out


def _hidden_likelihood(threshold: int) -> Likelihood:
    return Likelihood(None, None, None, "small_numbers",
                      f"hidden for publication: it rests on a count of 1 to {threshold} "
                      "(or one hidden so that it cannot be worked out)")  # fmt: skip


def _shown(table: ProtectedTable, row: str) -> dict[str, int | None]:
    """A protected line's BME and White counts (None: hidden); Unknown is not published."""
    line = table.shown.loc[row]
    return {g: None if g not in COMPARED or pd.isna(line[g]) else int(line[g]) for g in GROUPS}


def _hides(table: ProtectedTable, row: str) -> set[str]:
    return {g for g in GROUPS if bool(table.suppressed.loc[row, g])}


def _cells(rows: dict[str, dict[str, int]]) -> pd.DataFrame:
    return pd.DataFrame({g: [r[g] for r in rows.values()] for g in GROUPS},
                        index=pd.Index(list(rows), dtype=object))  # fmt: skip


def _protect_types(name: str, rows: list[CaseFigures], settings: DisclosureSettings,
                   audit: list[AuditEntry]) -> dict[str, tuple[dict, dict[int, dict], set]]:  # fmt: skip
    """case type -> (shown counts, year -> shown counts, groups hidden); "all" is the total."""
    types = {r.case_type: r for r in rows if r.case_type != labels.ALL_TYPES}
    forced: set[tuple[str, str]] = set()
    while True:
        by_type = protect_table(_cells({t: r.cases for t, r in types.items()}),
                                f"{name}: cases by type", settings, hide=forced)  # fmt: skip
        years: dict[str, ProtectedTable] = {}
        grew = False
        for case_type, row in [*types.items(), (labels.ALL_TYPES, _all(rows))]:
            if not row.by_year:
                continue
            line = TOTAL if case_type == labels.ALL_TYPES else case_type
            hide = {(TOTAL, g) for g in _hides(by_type, line)}
            table = protect_table(_cells({str(y.year): y.cases for y in row.by_year}),
                                  f"{name}: {case_type} cases by year", settings, hide=hide)  # fmt: skip
            years[case_type] = table
            more = {(line, g) for g in _hides(table, TOTAL) - _hides(by_type, line)} - forced
            if more:  # a pooled count the year table hides: hidden in the type table too
                forced |= more
                grew = True
        if not grew:
            break
    audit += by_type.audit
    for table in years.values():
        audit += table.audit
    out = {}
    for case_type in [*types, labels.ALL_TYPES]:
        line = TOTAL if case_type == labels.ALL_TYPES else case_type
        table = years.get(case_type)
        by_year = {} if table is None else {
            int(y): _shown(table, y) for y in table.shown.index if y != TOTAL
        }  # fmt: skip
        out[case_type] = (_shown(by_type, line), by_year,
                          _hides(by_type, line) | (_hides(table, TOTAL) if table else set()))  # fmt: skip
    return out


def _all(rows: list[CaseFigures]) -> CaseFigures:
    return next(r for r in rows if r.case_type == labels.ALL_TYPES)


def _members(name: str, members: dict[str, int] | None, settings: DisclosureSettings,
             audit: list[AuditEntry]) -> dict[str, int | None] | None:  # fmt: skip
    if members is None:
        return None
    table = protect_table(_cells({"members": members}), f"{name}: members", settings)
    audit += table.audit
    return _shown(table, "members")


def _outcomes(name: str, found: Outcomes | None, settings: DisclosureSettings,
              audit: list[AuditEntry]) -> Outcomes | None:  # fmt: skip
    if found is None:
        return None
    cells = pd.DataFrame(
        {"sanctioned": [found.sanctioned[g] for g in GROUPS],
         "not sanctioned": [found.decided[g] - found.sanctioned[g] for g in GROUPS]},
        index=pd.Index(GROUPS, dtype=object),
    )  # fmt: skip
    table = protect_table(cells, f"{name}: decided cases by outcome", settings)
    audit += table.audit

    def shown(row: str, col: str) -> int | None:
        value = table.shown.loc[row, col]
        return None if row not in COMPARED or pd.isna(value) else int(value)

    hidden = any(bool(table.suppressed.loc[g, c]) for g in COMPARED
                 for c in ("sanctioned", TOTAL))  # fmt: skip
    likelihood = _hidden_likelihood(settings.threshold) if hidden else (
        found.likelihood)  # fmt: skip
    return Outcomes(
        decided={g: shown(g, TOTAL) for g in GROUPS},
        sanctioned={g: shown(g, "sanctioned") for g in GROUPS},
        by_outcome={},
        likelihood=likelihood,
    )


def _group(name: str, rows: list[CaseFigures], settings: DisclosureSettings,
           audit: list[AuditEntry]) -> list[CaseFigures]:  # fmt: skip
    """One employer's (or the network's) rows, published."""
    rows = _compared_rows(rows)
    protected = _protect_types(name, rows, settings, audit)
    members = _members(name, rows[0].members, settings, audit)
    out = []
    for row in rows:
        cases, by_year, hidden = protected[row.case_type]
        likelihood = row.likelihood
        if hidden & set(COMPARED):
            likelihood = _hidden_likelihood(settings.threshold)
        years = tuple(
            YearFigures(y.year, by_year[y.year], None,
                        _hidden_likelihood(settings.threshold)
                        if any(by_year[y.year][g] is None for g in COMPARED) else y.likelihood)
            for y in row.by_year
        )  # fmt: skip
        label = f"{name}: {row.case_type}"
        out.append(replace(row, cases=cases, members=members, likelihood=likelihood,
                           outcomes=_outcomes(label, row.outcomes, settings, audit),
                           by_year=years))  # fmt: skip
    return out


_LEADING_COUNT = re.compile(r"^(\d[\d,]*) ")


def _published_note(note: str, settings: DisclosureSettings) -> str:
    """A note that opens with a count ("155 cases with no recorded ethnicity ...") with that
    count as it may be published: 1 to the threshold said as such, others rounded."""
    found = _LEADING_COUNT.match(note)
    if found is None:
        return note
    n = int(found.group(1).replace(",", ""))
    shown = (f"1 to {settings.threshold}" if 1 <= n <= settings.threshold
             else f"About {settings.round(n):,}" if n else "0")  # fmt: skip
    rest = note[found.end(1) :]
    if n == 1:  # the note's singular, said of a count shown as a range or rounded
        rest = re.sub(r"^ (case|row) ", r" \1s ", rest).replace(" is listed ", " are listed ")
    return shown + rest


def published(
    figures: CaseworkFigures, settings: DisclosureSettings = DEFAULT_SETTINGS
) -> tuple[CaseworkFigures, tuple[AuditEntry, ...]]:
    """The figures with every count through disclosure control, and the audit of what changed.
    Counts by each outcome class and the members of each year are left out."""
    audit: list[AuditEntry] = []
    rows: list[CaseFigures] = []
    employers: dict[str, list[CaseFigures]] = {}
    for row in figures.rows:
        employers.setdefault(str(row.employer), []).append(row)
    for employer, mine in employers.items():
        rows += _group(employer, mine, settings, audit)
    network = _group("network", list(figures.network), settings, audit) if figures.network else []
    notes = (*(_published_note(n, settings) for n in figures.notes),
             f"Prepared for publication: counts of 1 to {settings.threshold} are hidden, with "
             "others where they would give a hidden one away, and the rest rounded to the "
             f"nearest {settings.rounding_base}; figures resting on a hidden count are hidden "
             "too. Counts by each outcome, each year's members and counts of unknown "
             "ethnicity are not published.")  # fmt: skip
    return replace(figures, rows=tuple(rows), network=tuple(network), notes=notes), tuple(audit)
