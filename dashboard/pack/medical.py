"""The board pack's sections for the medical workforce view: doctors by grade, by leadership role
and by grade and place of primary medical qualification, and WRES indicators 2 to 8 for medical
and dental staff.

The same disclosure rules as every other section. At the "publication" level the grade, role and
qualification tables are read from the pack's one protection of every table it publishes
(``dashboard.pack.published_counts``: the grade and role tables share their group totals with
each other, and each grade's places of qualification add up to its row), never from the loaded
counts; a share resting on a hidden count is withheld, and percentages are shown to the step
their rounded headcount allows (whole or coarser). WRES2-8 for doctors rest on the Medical and
Dental rows of the counts, tables of their own (their unit is the staff group, so they share no
total with a whole-organisation table): they are protected the same way, a figure resting on a
hidden count is withheld, and their changes are added to the pack's audit. At the "internal"
level exact figures are shown and the pack is marked "Not for publication" as a whole.
"""

from __future__ import annotations

import re

import pandas as pd

from dashboard import charts
from dashboard.pack.content import (
    WITHHELD,
    Figure,
    Level,
    Section,
    Table,
    _figure,
    _for_organisation,
    _section,
    _withhold,
    counts_rows,
)
from dashboard.pack.published_counts import publish_pack_counts, year_rows
from dashboard.pack.standards import AuditRow, Extra, _published_groups, _wdes_words
from metrics.counts.table import collapse, normalise, ordinary
from metrics.disclosure.control import (
    DisclosureSettings,
    publish_counts,
    published_percent,
    second_axis_rows,
)
from metrics.disclosure.published_numbers import published_points, published_share
from metrics.problems import InputError
from metrics.standards.definitions import standard
from metrics.standards.indicators import report
from metrics.standards.medical import (
    GRADE_INDICATOR,
    MEDICAL,
    ROLE_INDICATOR,
    MedicalView,
    ShareRow,
    medical_groups,
    overall,
    qualification_table,
    view,
)
from metrics.standards.medical_publish import qualification_counts
from metrics.standards.results import IndicatorResult, StandardReport

MEDICAL_NAME = "the medical workforce"
MEDICAL_SHORT = "medical workforce"
DOCTORS = "Medical and Dental"  # the staff group doctors' WRES2-8 are published under
HIDDEN = "hidden"
FOCUS = "BME"
COLUMNS = ("Doctors", "BME", "White", "Unknown", "BME against all doctors")


def _points(share: float | None, base: float | None) -> str:
    if share is None or base is None:
        return ""
    points = share - base
    way = "higher than" if points > 0.05 else "lower than" if points < -0.05 else "the same as"
    return f"{points:+.1f} points ({way} all doctors)"


# ---------------------------------------------------------------------------------------------
# the grade, role and qualification tables


def _exact_table(rows: tuple[ShareRow, ...], what: str, everyone: ShareRow) -> Table:
    """Exact counts and shares (the internal pack): one line per row, then all doctors."""
    base = everyone.share(FOCUS)
    body = []
    for r in (*rows, everyone):
        label = r.label if r.region is None else f"{r.label}, {r.region}"
        shares = [("" if r.share(g) is None else f"{r.share(g):.1f}%")
                  for g in ("BME", "White", "Unknown")]  # fmt: skip
        against = "" if r is everyone else _points(r.share(FOCUS), base)
        body.append((label, f"{r.headcount:,}", *shares, against))
    return Table((what, *COLUMNS), tuple(body))


def _members(band: str, place: str | None, exact: dict[tuple, ShareRow]) -> list[ShareRow]:
    """The exact rows a published row stands for: rows merged in publication are named 'A + B'
    (grades in the grade table, and so in its split; places within a grade)."""
    places = [None] if place is None else place.split(" + ")
    return [exact[(b, p)] for b in band.split(" + ") for p in places if (b, p) in exact]


def _published_table(rows: pd.DataFrame, exact: dict[tuple, ShareRow], what: str, split: bool,
                     everyone: ShareRow, base_shown: int | None,
                     settings: DisclosureSettings) -> tuple[Table, list[str]]:  # fmt: skip
    """One table as published: rounded headcounts, shares from the exact counts shown to the step
    the rounded headcount allows, and nothing resting on a hidden count; with the labels of the
    rows whose BME share is withheld."""
    base = everyone.share(FOCUS)
    body, withheld = [], []
    for label, part in rows.groupby("label", sort=False):
        place = part["characteristic_group"].iloc[0] if split else None
        members = _members(str(part["band"].iloc[0]), place, exact)
        den_hidden = bool(part["denominator_suppressed"].any())
        headcount = None if den_hidden else int(part["denominator"].iloc[0])
        total = sum(m.headcount for m in members)
        cells = []
        for group in ("BME", "White", "Unknown"):
            cell = part[(part["group"] == group).to_numpy()]
            hidden = den_hidden or bool(cell["numerator_suppressed"].any())
            n = sum(m.counts.get(group, 0) for m in members)
            if hidden or not total:
                cells.append(HIDDEN if hidden else "")
                continue
            cells.append(published_share(100 * n / total, headcount, settings))
        if cells[0] == HIDDEN:
            withheld.append(str(label))
        against = ""
        if cells[0] not in (HIDDEN, "") and base is not None:
            share = 100 * sum(m.counts.get(FOCUS, 0) for m in members) / total
            against = f"{published_points(share - base, headcount, settings)} points"
        shown = HIDDEN if headcount is None else f"about {headcount:,}"
        body.append((str(label), shown, *cells, against))
    if base_shown is not None and base is not None:
        shares = [published_share(everyone.share(g) or 0, base_shown, settings)
                  for g in ("BME", "White", "Unknown")]  # fmt: skip
        body.append((everyone.label, f"about {base_shown:,}", *shares, ""))
    return Table((what, *COLUMNS), tuple(body)), withheld


def _published_rows(pack_rows: pd.DataFrame, indicator: str, split: bool) -> pd.DataFrame:
    rows = pack_rows[(pack_rows["indicator"] == indicator).to_numpy()]
    second = rows["characteristic"].notna().to_numpy() if "characteristic" in rows else None
    if second is None:
        second = pd.Series(False, index=rows.index).to_numpy()
    rows = rows[second] if split else rows[~second]
    label = rows["band"].astype(str)
    if split:
        label = label + ", " + rows["characteristic_group"].astype(str)
    return rows.assign(label=label)


def _tables(found: MedicalView, counts: pd.DataFrame, level: Level,
            settings: DisclosureSettings) -> list[Section]:  # fmt: skip
    everyone = overall(found.grades)
    base = everyone.share(FOCUS)
    intro = (
        "Medical and Dental staff (bank staff left out), by ethnicity. Each row gives the share "
        "of that grade or role who are BME, White or of unknown ethnicity (unknown ethnicity "
        "counts in every share). A BME share lower than all doctors' means BME doctors are "
        "under-represented there, the worse way for them in senior grades and leadership roles."
    )
    wanted = [(GRADE_INDICATOR, found.grades, "Grade", "medical-grades",
               "Medical workforce: doctors by grade", False),
              (ROLE_INDICATOR, found.roles, "Role", "medical-roles",
               "Medical workforce: doctors in leadership roles", False)]  # fmt: skip
    if found.qualification:
        wanted.append((GRADE_INDICATOR, found.qualification, "Grade, qualified in",
                       "medical-qualification",
                       "Medical workforce: grade by place of primary medical qualification",
                       True))  # fmt: skip
    sections = []
    if level == "publication":
        pack = publish_pack_counts(year_rows(counts, found.year), settings).rows("MED-")
        shown_total = settings.round(everyone.headcount)
        base_shown = shown_total if everyone.headcount > settings.threshold else None
    for ident, rows, what, key, title, split in wanted:
        if not rows:
            continue
        lines = [intro] if key == "medical-grades" else []
        if level == "internal":
            if key == "medical-grades":
                lines.append(f"{everyone.headcount:,} doctors; {base or 0:.1f}% are BME.")
            table = _exact_table(rows, what, everyone)
        else:
            exact = {(r.label, r.region): r for r in rows}
            table, withheld = _published_table(_published_rows(pack, ident, split), exact, what,
                                               split, everyone, base_shown, settings)  # fmt: skip
            if key == "medical-grades" and base_shown is not None:
                share = published_share(base or 0, base_shown, settings)
                lines.append(f"About {base_shown:,} doctors; {share} are BME.")
            if withheld:
                lines.append("Not shown, because it rests on numbers small enough to identify "
                             f"people: the BME share of {'; '.join(withheld)}.")  # fmt: skip
            lines.append(f"Counts are rounded to the nearest {settings.rounding_base}; a row "
                         "whose members are all of one group and too few to show is shown with "
                         "its neighbour ('A + B').")  # fmt: skip
        if key == "medical-roles":
            lines.insert(0, "Who holds the leadership roles, read from each doctor's position "
                         "title; 'Other' is every doctor whose title names no leadership role.")  # fmt: skip
        if key == "medical-qualification":
            lines.insert(0, "Each grade split by where its doctors gained their primary medical "
                         "qualification (UK, EEA, International): a gap by ethnicity may also be "
                         "a gap by place of qualification.")  # fmt: skip
        sections.append(_section(key, title, lines, table=table))
    if not found.roles:
        sections[0] = _section(
            sections[0].key, sections[0].title,
            [*sections[0].lines, "No leadership roles: the staff file has no position title "
             "column."], table=sections[0].table,
        )  # fmt: skip
    return sections


def _results(sections: list[Section]) -> list[tuple]:
    """The BME share of each grade and role for the pack's results table, as its section shows
    it (a withheld share has no value)."""
    out = []
    for section in sections:
        if section.key not in ("medical-grades", "medical-roles") or section.table is None:
            continue
        ident = GRADE_INDICATOR if section.key == "medical-grades" else ROLE_INDICATOR
        for row in section.table.rows:
            if ident == ROLE_INDICATOR and row is section.table.rows[-1]:
                continue  # all doctors: given once, with the grades
            cell = str(row[2])
            found = re.search(r"-?\d+(?:\.\d+)?", cell)
            value = float(found.group()) if found and cell.endswith("%") else None
            status = "withheld" if cell == HIDDEN else "ok"
            out.append((ident, str(row[0]), "BME share of the doctors in it", value, None, None,
                        "percent", status, WITHHELD if cell == HIDDEN else "", "",
                        "Lower than all doctors: BME doctors are under-represented."))  # fmt: skip
    return out


# ---------------------------------------------------------------------------------------------
# WRES2-8 for doctors


def doctors_wres_rows(counts: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """The Medical and Dental rows of WRES2-8 for one year, summed over directorates and the
    staff group's spellings, under one staff group: tables of their own when protected."""
    rows = ordinary(counts)
    wanted = [spec.id for spec in standard(MEDICAL).indicators]
    keep = rows["indicator"].isin(wanted) & rows["staff_group"].isin(medical_groups(rows))
    if year is not None:
        keep &= (rows["year"] == year).fillna(False)
    rows = rows[keep.to_numpy()]
    if rows.empty:
        return rows
    return collapse(rows).assign(staff_group=DOCTORS)


def _safe_doctors(found: StandardReport, counts: pd.DataFrame,
                  settings: DisclosureSettings) -> tuple[StandardReport, list[str], list[AuditRow],
                                                         tuple]:  # fmt: skip
    """WRES2-8 for doctors as they may be published, their lines, audit and Counts sheet rows."""
    rows = doctors_wres_rows(counts, found.year)
    published = publish_counts(rows, settings) if len(rows) else None
    specs = {spec.id: spec for spec in standard(MEDICAL).indicators}
    results: dict[str, IndicatorResult] = {}
    lines = []
    for key, result in found.indicators.items():
        spec = specs[key]
        head = f"{key} ({spec.label}, doctors)"
        if result.value is None or published is None:
            reason = (result.reason or "no data").split(";")[0]
            results[key] = result.model_copy(update={"groups": {}, "parts": (),
                                                     "reason": reason})  # fmt: skip
            lines.append(f"{head}: no figure ({reason}).")
            continue
        mine = published.counts[(published.counts["indicator"] == key).to_numpy()]
        groups = _published_groups(mine, result) if len(mine) else None
        if groups is None:
            results[key] = _withhold(result)
            lines.append(f"{head}: {WITHHELD}.")
            continue
        safe = result.model_copy(update={"groups": groups, "parts": ()})
        words = f"{_wdes_words(safe, spec.kind, settings)} {spec.worse_when}."
        results[key] = safe.model_copy(update={"reading": words, "reason": None})
        lines.append(f"{head}: {words}")
    audit: list[AuditRow] = []
    sheet: tuple = ()
    if published is not None:
        audit = [(str(a.table), str(a.row), str(a.column), str(a.action), str(a.reason))
                 for a in published.audit.itertuples(index=False)]  # fmt: skip
        sheet = counts_rows(published.counts)
    shown = found.model_copy(update={"indicators": results, "declaration": (), "notes": ()})
    return shown, lines, audit, sheet


def _doctors_section(counts: pd.DataFrame, organisation: str | None, year: int | None,
                     level: Level, settings: DisclosureSettings):  # fmt: skip
    """WRES2-8 for doctors: the section, its results rows, audit and Counts sheet rows."""
    title = "Medical workforce: WRES 2 to 8 for doctors"
    if not medical_groups(counts):
        return _section("medical-wres", title, [
            "WRES indicators 2 to 8 for doctors need the staff group of each record (a Staff "
            "Group column in the staff file and the files joined to it); none names Medical and "
            "Dental, so they are not given."]), [], [], ()  # fmt: skip
    try:
        found = report(counts, standard=MEDICAL, organisation=organisation, year=year)
    except InputError as exc:
        return _section("medical-wres", title, [exc.problems[0].sentence()]), [], [], ()
    if level == "publication":
        shown, lines, audit, sheet = _safe_doctors(found, counts, settings)
    else:
        specs = {spec.id: spec for spec in standard(MEDICAL).indicators}
        shown, audit, sheet = found, [], ()
        lines = [f"{k} ({specs[k].label}, doctors): {r.reading}"
                 for k, r in found.indicators.items()]  # fmt: skip
    intro = ("The WRES indicators for Medical and Dental staff only, as NHS England's Medical "
             "WRES reports them: BME doctors against White doctors. Unknown ethnicity is left out "
             "of both sides of every ratio and gap.")  # fmt: skip
    figures: list[Figure] = []  # a chart only where it has something to draw

    def drawn(ids: list[str]) -> bool:
        return any(shown.indicators[i].value is not None for i in ids)

    if drawn(charts.ratio_ids(shown)):
        figures += _figure(charts.likelihood_forest(shown), level, settings)
    if drawn(charts.survey_ids(shown)):
        figures += _figure(charts.survey_gaps(shown), level, settings)
    results = []
    for key, r in shown.indicators.items():
        kind = next(s.kind for s in standard(MEDICAL).indicators if s.id == key)
        ratio = kind == "ratio"

        def num(x: float | None, ratio: bool = ratio, r: IndicatorResult = r) -> float | None:
            if x is None:
                return None
            if ratio or level == "internal":
                return round(float(x), 2 if ratio else 1)
            smallest = min((g.denominator for g in r.groups.values()), default=None)
            return published_percent(x, smallest, settings)

        results.append((key, "Medical and Dental staff", r.label, num(r.value), num(r.ci_lower),
                        num(r.ci_upper), r.unit, r.status.replace("_", " "), r.reason or "", "",
                        r.reading))  # fmt: skip
    return _section("medical-wres", title, [intro, *lines], figures), results, audit, sheet


# ---------------------------------------------------------------------------------------------
# the sections


def medical_sections(
    counts: pd.DataFrame,
    *,
    organisation: str | None,
    year: int | None,
    level: Level,
    settings: DisclosureSettings,
) -> Extra:
    """The medical workforce view's sections from the counts (MED-GRADE and MED-ROLE rows, the
    grade by place of qualification rows when given, and the Medical and Dental rows of
    WRES2-8)."""
    mine = _for_organisation(counts, organisation)
    try:
        found = view(mine, organisation=organisation, year=year)
    except InputError as exc:
        return Extra((_section("medical-grades", "Medical workforce",
                               [exc.problems[0].sentence()]),), name=MEDICAL_NAME,
                     short=MEDICAL_SHORT)  # fmt: skip
    sections = _tables(found, mine, level, settings)
    results = _results(sections)
    doctors, more, audit, sheet = _doctors_section(mine, organisation, found.year, level, settings)
    return Extra((*sections, doctors), tuple(audit), MEDICAL_NAME, (*results, *more), sheet,
                 short=MEDICAL_SHORT)  # fmt: skip


def with_qualification(counts: pd.DataFrame, staff: pd.DataFrame | None, *,
                       organisation: str | None, year: int | None) -> pd.DataFrame:  # fmt: skip
    """The counts with the grade by place of qualification table as MED-GRADE rows split by
    "qualification", worked out from the session's staff rows when the counts do not already
    hold it (a counts file may), so the pack protects it with the grade table in its one
    disclosure step and its Counts sheet carries it. The rows are counts; no staff row is kept."""
    if staff is None or "primary_qualification" not in staff or second_axis_rows(counts).any():
        return counts
    if not (counts["indicator"] == GRADE_INDICATOR).any():
        return counts
    try:
        rows, _ = qualification_table(staff, year=year)
    except InputError:
        return counts  # no doctors in the rows: the grade table says why
    if not rows:
        return counts
    table = qualification_counts(rows, organisation=organisation, year=year)
    return pd.concat([counts, normalise(table)], ignore_index=True)
