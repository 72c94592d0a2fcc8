"""The board pack as one pure description, which every format (PowerPoint, PDF, Excel) lays out.

Why one description: the slides, the pages and the workbook must say the same thing, and the
disclosure decisions must be taken once. At the "publication" level (the default) every count
shown is the disclosure-controlled one (1..threshold hidden, others rounded, secondary
suppression), a figure resting on a hidden count is withheld (``metrics.standards.evaluation.publishable``
decides, as for the shareable summary), and the appendix lists every change. The charts are built
by the same builders as the app, from a copy of the report holding only what may be published.
At the "internal" level exact counts are shown and every page is marked "Not for publication".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from dashboard import charts
from dashboard.pack import sizing
from dashboard.pack.bands import MERGED, SIDES, Merge, merge_sentences
from dashboard.pack.published_counts import publish_pack_counts, year_rows
from dashboard.render import SHORT_LABELS
from metrics.counts.units import UnitChoice
from metrics.disclosure.control import (
    AUDIT_COLUMNS,
    SHOWN_EXACTLY,
    SUPPRESSED_PRIMARY,
    SUPPRESSED_SECONDARY,
    DisclosureSettings,
    audit_for_publication,
    published_percent,
    second_axis_rows,
)
from metrics.disclosure.published_numbers import (
    as_sentence,
    published_points,
    published_share,
    published_text,
)
from metrics.problems import InputError
from metrics.standards.evaluation import (
    PAY_TARGETS,
    TOTALS_ONLY,
    judge_target,
    publishable,
    target_indicators,
)
from metrics.standards.indicators import report as report_of
from metrics.standards.indicators import wres
from metrics.standards.results import GroupFigures, IndicatorResult, StandardReport
from metrics.standards.summary import biggest_gaps

Level = Literal["publication", "internal"]
LEVELS: tuple[Level, ...] = ("publication", "internal")
NOT_FOR_PUBLICATION = "Not for publication"
WITHHELD = "withheld: rests on numbers small enough to identify people"
WITHHELD_READING = "Withheld, because it rests on numbers small enough to identify people."
SUPPRESSED_CELL = "suppressed"
WHOLE = "whole organisation"

Cell = str | int | float | None


@dataclass(frozen=True)
class Figure:
    """A chart picture: the Vega-Lite specification (as JSON) and the words for it."""

    title: str
    alt_text: str
    spec_json: str  # sized for a slide (dashboard.pack.sizing), data inline


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(list(self.rows), columns=list(self.columns), dtype=object)


@dataclass(frozen=True)
class Section:
    """One slide (or a run of slides for a long table) and one PDF page."""

    key: str
    title: str
    lines: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    table: Table | None = None
    notes: str = ""  # speaker notes: the figures in words
    source: str = ""  # a line every slide and page of the section repeats (the survey's year)


@dataclass(frozen=True)
class Pack:
    organisation: str
    year: int | None
    unit: str
    level: Level
    settings: DisclosureSettings
    sections: tuple[Section, ...]
    audit: Table  # every suppressed or rounded figure (publication) / what publication would do
    counts: Table  # the counts as this level shows them
    results: Table  # every indicator (and band) as this level shows it
    standards: tuple[str, ...] = ("WRES",)  # short names, as a page footer gives them

    @property
    def standards_named(self) -> str:
        """The standards in this pack, for a footer: 'WRES', 'WRES, WDES and pay gaps'."""
        names = list(self.standards)
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    @property
    def marking(self) -> str | None:
        """The mark every slide, page and sheet carries, if any."""
        return NOT_FOR_PUBLICATION if self.level == "internal" else None

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def headline(self) -> Section:
        """The headline slide, for a preview beside the download buttons."""
        return self.section("headline")

    @property
    def file_stem(self) -> str:
        name = re.sub(r"[^A-Za-z0-9]+", "-", self.organisation).strip("-")[:60] or "organisation"
        suffix = "-internal" if self.level == "internal" else ""
        return f"wres-board-pack-{name}-{self.year or 'latest'}{suffix}"


@dataclass(frozen=True)
class PackAction:
    """An action-plan entry as the pack needs it (the store's Action has the same fields)."""

    title: str
    indicator: str | None
    owner: str
    due: date | None
    target_value: float | None
    target_year: int | None
    status: str
    unit: str | None = None  # a metrics.counts.units.UnitChoice key; None is the whole organisation
    band: str | None = None  # for a target on indicator 1 about one band
    baseline_value: float | None = None


# ---------------------------------------------------------------------------------------------
# entry points


def previous_year(counts: pd.DataFrame, report: StandardReport) -> StandardReport | None:
    """The same organisation's report for the year before, when the counts hold that year."""
    if report.year is None:
        return None
    years = set(pd.to_numeric(counts["year"], errors="coerce").dropna().astype(int))
    if report.year - 1 not in years:
        return None
    return wres(counts, organisation=report.organisation, year=report.year - 1)


def pack_for(
    counts: pd.DataFrame,
    *,
    organisation: str | None = None,
    year: int | None = None,
    actions: Sequence[object] = (),
    level: Level = "publication",
    settings: DisclosureSettings | None = None,
    notes: Sequence[str] = (),
    standards: Sequence[str] = ("WRES",),
    staff: pd.DataFrame | None = None,
    split_by: str | None = None,
    split_standard: str = "WRES",
) -> Pack:
    """The pack for one organisation's year, with the previous year when the counts hold it.

    ``standards`` adds a section for each other standard chosen ("WDES", "PAYGAP", "MEDICAL";
    the WRES's sections are always there); pay gaps need the session's ``staff`` rows, and the
    medical view takes its grade by place of qualification table from them when the counts do
    not hold it. ``split_by`` adds ``split_standard``'s split by that characteristic
    (dashboard.pack.split), from the counts' split rows: the WRES's always, another standard's
    when the pack has a section for it."""
    from dashboard.pack.standards import pay_gap_sections, wdes_sections

    report = wres(counts, organisation=organisation, year=year)
    chosen = settings or DisclosureSettings()
    if "MEDICAL" in standards:
        from dashboard.pack.medical import with_qualification

        counts = with_qualification(counts, staff, organisation=report.organisation,
                                    year=report.year)  # fmt: skip
    extras = []
    if "WDES" in standards:
        extras.append(wdes_sections(counts, organisation=report.organisation, year=report.year,
                                    level=level, settings=chosen))  # fmt: skip
    if "PAYGAP" in standards:
        extras.append(pay_gap_sections(staff, year=report.year, level=level, settings=chosen))
    if "MEDICAL" in standards:
        from dashboard.pack.medical import medical_sections

        extras.append(medical_sections(counts, organisation=report.organisation,
                                       year=report.year, level=level, settings=chosen))  # fmt: skip
    if split_by and (split_standard == "WRES" or split_standard in standards):
        from dashboard.pack.split import split_sections

        extras.append(split_sections(counts, by=split_by, organisation=report.organisation,
                                     year=report.year, level=level, settings=chosen,
                                     standard=split_standard))  # fmt: skip
    if "characteristic" in counts:  # split rows: only above; a table's second axis is published
        counts = counts[counts["characteristic"].isna().to_numpy() | second_axis_rows(counts)]
    return build_pack(
        report,
        counts,
        previous=previous_year(counts, report),
        actions=actions,
        level=level,
        settings=settings,
        notes=notes,
        extras=extras,
        staff=staff,
    )


def build_pack(
    report: StandardReport,
    counts: pd.DataFrame,
    *,
    previous: StandardReport | None = None,
    actions: Sequence[object] = (),
    level: Level = "publication",
    settings: DisclosureSettings | None = None,
    notes: Sequence[str] = (),
    extras: Sequence[object] = (),
    staff: pd.DataFrame | None = None,
) -> Pack:
    """Everything the pack says, decided once; ``actions`` are store Actions or PackActions;
    ``extras`` are other standards' sections (dashboard.pack.standards.Extra), placed after the
    WRES's, their disclosure changes added to the audit."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    settings = settings or DisclosureSettings()
    if level == "publication" and report.unit != WHOLE:
        raise ValueError(
            "a pack for publication covers the whole organisation; use the internal level for "
            f"a part of it ({report.unit})"
        )
    everything = _for_organisation(counts, report.organisation)
    counts = wres_rows(everything)
    view = _Disclosed.of(report, everything, settings)
    if level == "publication":
        shown = view.report
        shown_previous = (
            _Disclosed.of(previous, everything, settings).report if previous is not None else None
        )
        shown_notes = tuple(_round_numbers(n, settings) for n in notes)
    else:
        shown, shown_previous, shown_notes = report, previous, tuple(notes)
    plan = tuple(_as_action(a) for a in actions)
    sections = (
        _title(report, level, settings, [getattr(e, "name", "") for e in extras]),
        _headline(report, shown, level, settings),
        _representation(shown, view, level, settings),
        _ratios(shown, level, settings),
        _survey(shown, level, settings),
        _board(shown, level, settings),
        _change(shown, shown_previous, level, settings),
        *(section for extra in extras for section in extra.sections),
        _actions(report, shown, everything, plan, level, staff),
        _methods(report, view, level, settings, shown_notes),
        _appendix(view, level, settings, extras),
    )
    return Pack(
        organisation=report.organisation or "Our organisation",
        year=report.year,
        unit=report.unit,
        standards=("WRES", *(e.short for e in extras if getattr(e, "short", ""))),
        level=level,
        settings=settings,
        sections=sections,
        audit=_with_extras(view.audit_table(level), extras),
        counts=_with_extra_counts(view.counts_table(level, everything), extras),
        results=_with_extra_results(_results_table(shown, level, settings), extras),
    )


def _with_extra_results(results: Table, extras: Sequence[object]) -> Table:
    """The WRES's results, then the other standards' (the same columns)."""
    rows = [row for e in extras for row in getattr(e, "results", ())]
    return Table(results.columns, (*results.rows, *rows))


def wres_rows(counts: pd.DataFrame) -> pd.DataFrame:
    """The WRES's own counts: a counts table may hold other standards' rows (WDES1 ...), which
    the WRES sections neither show nor protect (their own sections do)."""
    keep = counts["indicator"].astype(str).str.startswith("WRES").to_numpy()
    return counts if keep.all() else counts[keep]


def _with_extras(audit: Table, extras: Sequence[object]) -> Table:
    """The WRES's audit, then what disclosure control changed in the other standards' sections."""
    rows = [(t, r, c, a.replace("_", " "), why) for e in extras for t, r, c, a, why in e.audit]
    return Table(audit.columns, (*audit.rows, *rows))


# ---------------------------------------------------------------------------------------------
# disclosure control, decided once


def _for_organisation(counts: pd.DataFrame, organisation: str | None) -> pd.DataFrame:
    if organisation is None or counts["organisation"].isna().all():
        return counts
    key = organisation.strip().lower()
    names = (
        counts["organisation"]
        .astype(object)
        .map(lambda v: None if v is None or pd.isna(v) else str(v).strip().lower())
    )
    return counts[((names == key) | counts["organisation"].isna()).to_numpy()]


def _key(value: object) -> object:
    """A clinical flag or membership as a dictionary key (NA and None alike)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return bool(value) if isinstance(value, bool | np.bool_) else str(value)


@dataclass(frozen=True, eq=False)
class _Disclosed:
    """One year's counts after disclosure control, and the report as it may be published."""

    report: StandardReport  # only publishable figures; counts in it are the rounded ones
    withheld: frozenset[str]
    bands_withheld: tuple[str, ...]  # labels of WRES1 bands left off the ladder
    merges: tuple[Merge, ...]  # senior bands shown together rather than left off
    audit: pd.DataFrame  # the full audit (primary and secondary told apart)
    published: pd.DataFrame  # the long counts as published (WRES1 by band, WRES2-9)
    overall_hidden: dict[str, bool]
    settings: DisclosureSettings

    @classmethod
    def of(cls, report: StandardReport, counts: pd.DataFrame, settings: DisclosureSettings):
        """``counts``: the organisation's rows of every standard; the WRES's figures are read
        from the one protection of every table the pack publishes (``publish_pack_counts``)."""
        view = publishable(counts, report, settings)
        pack = publish_pack_counts(year_rows(counts, report.year), settings)
        w1 = pack.rows("WRES1")
        bands = w1 if len(w1) else None
        others = pack.rows("WRES")
        others = others[(others["indicator"] != "WRES1").to_numpy()]
        hidden = (others["numerator_suppressed"] | others["denominator_suppressed"]).to_numpy()
        withheld = frozenset({k for k in view.withheld if k in TOTALS_ONLY}
                             | set(others.loc[hidden, "indicator"].astype(str)))  # fmt: skip
        overall = view.overall
        audit = pd.concat(
            [
                pd.DataFrame(
                    [[a.table, a.row, a.column, a.action, a.reason] for a in overall.audit],
                    columns=list(AUDIT_COLUMNS),
                    dtype=object,
                ),
                pack.audit_of("WRES", "MED-"),
            ],
            ignore_index=True,
        )
        published = pack.rows("WRES", "MED-")
        hidden_overall = {str(c): bool(overall.suppressed.iloc[0][c]) for c in overall.shown}
        shown_overall = {
            str(c): None if hidden_overall[str(c)] else int(overall.shown.iloc[0][c])
            for c in overall.shown
        }
        merges = pack.merges
        safe, bands_withheld = _safe_report(
            report, withheld, shown_overall, bands, others, merges, settings,
        )  # fmt: skip
        return cls(
            report=safe,
            withheld=withheld,
            bands_withheld=bands_withheld,
            merges=merges,
            audit=audit,
            published=published,
            overall_hidden=hidden_overall,
            settings=settings,
        )

    def hidden(self, indicator: str, group: str, column: str, membership: str | None = None):
        """Is this published count hidden? False when the group has no row (nothing to hide)."""
        table = self.published
        match = (table["indicator"] == indicator) & (table["group"] == group)
        if membership is not None:
            match &= table["membership"].fillna("voting") == membership
        rows = table[match.to_numpy()]
        return bool(rows[f"{column}_suppressed"].any()) if len(rows) else False

    def audit_table(self, level: Level) -> Table:
        audit = self.audit
        if level == "publication":
            audit = audit_for_publication(audit, self.settings)
        columns = ("Table", "Row", "Column", "What was done", "Why")
        rows = tuple(
            (str(r.table), str(r.row), str(r.column), str(r.action).replace("_", " "), str(r.reason))
            for r in audit.itertuples(index=False)
        )  # fmt: skip
        return Table(columns, rows)

    def counts_table(self, level: Level, counts: pd.DataFrame) -> Table:
        """The WRES's and the medical view's counts (the WDES's follow, from its section):
        published, or at the internal level as loaded."""
        if level == "publication":
            return Table(COUNTS_COLUMNS, counts_rows(self.published))
        keep = counts["indicator"].astype(str).str.startswith(("WRES", "MED-")).to_numpy()
        return Table(COUNTS_COLUMNS, counts_rows(counts[keep]))


COUNTS_COLUMNS = ("Organisation", "Year", "Indicator", "Band", "Clinical", "Membership",
                  "Directorate", "Staff group", "Group", "Numerator", "Denominator",
                  "Qualified in")  # fmt: skip
_COUNTS_FIELDS = ("organisation", "year", "indicator", "band", "clinical", "membership",
                  "directorate", "staff_group", "group", "numerator", "denominator",
                  "qualified_in")  # fmt: skip
"""Qualified in: the place of primary medical qualification of a MED-GRADE row split by it."""


def counts_rows(frame: pd.DataFrame) -> tuple[tuple[Cell, ...], ...]:
    """Counts rows as the Counts sheet shows them (COUNTS_COLUMNS): a suppressed count reads as
    suppressed, never as its value."""
    out = []
    second = second_axis_rows(frame)
    for i, record in enumerate(frame.to_dict("records")):
        record["qualified_in"] = record.get("characteristic_group") if second[i] else None
        row: list[Cell] = []
        for f in _COUNTS_FIELDS:
            value = record.get(f)
            if f in ("numerator", "denominator") and record.get(f"{f}_suppressed", False):
                row.append(SUPPRESSED_CELL)
                continue
            row.append(_cell(value, f))
        out.append(tuple(row))
    return tuple(out)


def _with_extra_counts(table: Table, extras: Sequence[object]) -> Table:
    """The WRES's counts, then the other standards' (the same columns)."""
    rows = [row for e in extras for row in getattr(e, "counts", ())]
    return Table(table.columns, (*table.rows, *rows))


def _cell(value: object, field: str) -> Cell:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if field == "clinical":
        return "clinical" if bool(value) else "non-clinical"
    if field in ("year", "numerator", "denominator"):
        return int(value)
    return str(value)


def _lookup(table: pd.DataFrame | None, *keys: tuple[str, object]) -> dict[str, tuple]:
    """group -> (numerator, denominator, numerator hidden, denominator hidden) for matching rows."""
    if table is None:
        return {}
    match = pd.Series(True, index=table.index)
    for column, wanted in keys:
        values = table[column].astype(object).map(_key)
        match &= values == wanted if wanted is not None else values.isna()
    out = {}
    for r in table[match.to_numpy()].to_dict("records"):
        num = None if r["numerator_suppressed"] else int(r["numerator"])
        den = None if r["denominator_suppressed"] else int(r["denominator"])
        out[str(r["group"])] = (num, den, bool(r["numerator_suppressed"]),
                                bool(r["denominator_suppressed"]))  # fmt: skip
    return out


def _withhold(result: IndicatorResult) -> IndicatorResult:
    return IndicatorResult(
        id=result.id,
        label=result.label,
        unit=result.unit,
        confidence=result.confidence,
        status="not_computable",
        reason=WITHHELD,
        reading=WITHHELD_READING,
        method=result.method,
        breakdown=result.breakdown,
    )


def _rounded_groups(result: IndicatorResult, shown: dict[str, tuple]) -> dict[str, GroupFigures]:
    """Shown groups with their rounded counts; the rate stays the exact one."""
    out = {}
    for g, figures in result.groups.items():
        num, den, *_ = shown.get(g, (None, None))
        if num is None or den is None:
            continue
        out[g] = GroupFigures(numerator=num, denominator=den, rate=figures.rate)
    return out


def _safe_report(
    report: StandardReport,
    withheld: frozenset[str],
    overall: dict[str, int | None],
    bands: pd.DataFrame | None,
    others: pd.DataFrame,
    merges: tuple[Merge, ...],
    settings: DisclosureSettings,
) -> tuple[StandardReport, tuple[str, ...]]:
    """The report as it may be published: rounded counts, withheld figures, and words whose
    percentages are whole (or coarser, see ``metrics.disclosure.published_numbers``)."""
    results: dict[str, IndicatorResult] = {}
    bands_withheld: list[str] = []
    for key, result in report.indicators.items():
        if result.status in ("no_data",):
            results[key] = result
            continue
        if key in withheld:
            results[key] = _withhold(result)
            continue
        if result.status == "not_computable":
            # the reason may quote exact counts after a semicolon ("...; 0 of 120 White staff")
            reason = (result.reason or "not computable").split(";")[0]
            results[key] = result.model_copy(
                update={"reason": reason, "reading": f"Cannot be calculated: "
                        f"{reason.removeprefix('not computable: ')}.", "groups": {}}
            )  # fmt: skip
            continue
        if key == "WRES1":
            results[key], bands_withheld = _safe_wres1(result, overall, bands, merges, settings)
        elif key == "WRES9":
            results[key] = _safe_wres9(result, others, settings)
        else:
            shown = _lookup(others, ("indicator", key))
            groups = _rounded_groups(result, shown)
            smallest = min((g.denominator for g in groups.values()), default=0)
            results[key] = result.model_copy(
                update={"groups": groups,
                        "reading": as_sentence(published_text(result.reading, settings, smallest))}
            )  # fmt: skip
    safe = report.model_copy(update={"indicators": results, "declaration": (), "notes": ()})
    return safe, tuple(bands_withheld)


def _merged_part(result: IndicatorResult, merge: Merge) -> IndicatorResult:
    """One row for bands shown together, its share from the exact counts of its bands."""
    held = [p for p in result.parts if p.breakdown.get("band") in merge.bands
            and p.breakdown.get("clinical") is merge.clinical]  # fmt: skip
    sums = {g: sum(p.groups[g].numerator for p in held if g in p.groups)
            for g in ("White", "BME", "Unknown")}  # fmt: skip
    headcount = sum(sums.values())
    share = 100 * sums["BME"] / headcount if headcount else 0.0
    return held[0].model_copy(
        update={
            "label": f"{merge.label} ({SIDES[merge.clinical]})",
            "value": share,
            "groups": {
                g: GroupFigures(
                    numerator=n, denominator=headcount, rate=n / headcount if headcount else None
                )
                for g, n in sums.items()
            },  # fmt: skip
            "breakdown": {**held[0].breakdown, "band": merge.label},
            "extra": {
                **held[0].extra,
                "headcount": headcount,
                "gap_percentage_points": share - (result.value or 0),
            },  # fmt: skip
        }
    )


def _with_merges(result: IndicatorResult, merges: tuple[Merge, ...]) -> list[IndicatorResult]:
    """The band parts with each merge's bands replaced by one part, where the first stood."""
    out = []
    for p in result.parts:
        merge = next((m for m in merges if p.breakdown.get("clinical") is m.clinical
                      and p.breakdown.get("band") in m.bands), None)  # fmt: skip
        if merge is None:
            out.append(p)
        elif p.breakdown.get("band") == merge.bands[0]:
            out.append(_merged_part(result, merge))
    return out


def _safe_wres1(
    result: IndicatorResult,
    overall: dict[str, int | None],
    bands: pd.DataFrame | None,
    merges: tuple[Merge, ...],
    settings: DisclosureSettings,
) -> tuple[IndicatorResult, list[str]]:
    total = overall.get("Total")
    groups = {
        g: GroupFigures(numerator=overall[g], denominator=total, rate=f.rate)
        for g, f in result.groups.items()
        if overall.get(g) is not None and total is not None
    }
    share = result.value or 0
    whole_share = published_share(share, total, settings)
    parts, left_out = [], []
    for p in _with_merges(result, merges):
        shown = _lookup(
            bands,
            ("indicator", "WRES1"),
            ("band", p.breakdown.get("band")),
            ("clinical", _key(p.breakdown.get("clinical"))),
        )
        bme = shown.get("BME")
        if bme is None or bme[2] or bme[3]:
            left_out.append(p.label)
            continue
        headcount = bme[1]
        gap = p.extra.get("gap_percentage_points") or 0
        parts.append(
            p.model_copy(
                update={
                    "groups": _rounded_groups(p, shown),
                    "extra": {**p.extra, "headcount": headcount, "bme_needed": 0},
                    "reading": (
                        f"{p.label}: {published_share(p.value or 0, headcount, settings)} BME of "
                        f"about {headcount:,} staff against {whole_share} in the whole "
                        f"workforce ({published_points(gap, headcount, settings)} points)."
                    ),
                }
            )
        )
    reading = (
        f"{as_sentence(whole_share)} of about {total:,} staff are BME, "
        f"{published_share(100 * (result.groups['White'].rate or 0), total, settings)} White "
        f"and {published_share(100 * (result.groups['Unknown'].rate or 0), total, settings)} of "
        "unknown ethnicity."
    )
    safe = result.model_copy(
        update={
            "groups": groups,
            "parts": tuple(parts),
            "extra": {**result.extra, "headcount": total},
            "reading": reading,
        }
    )
    return safe, left_out


def _safe_wres9(
    result: IndicatorResult, others: pd.DataFrame, settings: DisclosureSettings
) -> IndicatorResult:
    exact = settings.publish_board_composition
    parts = []
    for p in result.parts:
        membership = str(p.breakdown.get("membership"))
        shown = _lookup(others, ("indicator", "WRES9"), ("membership", membership))
        if membership == "voting" and not shown:  # a blank membership reads as voting
            shown = _lookup(others, ("indicator", "WRES9"), ("membership", None))
        groups = _rounded_groups(p, shown)
        members = next((den for _, den, *_ in shown.values() if den is not None), None)
        bme = groups.get("BME")
        board, wf = p.extra.get("board_bme_percent") or 0, p.extra.get("workforce_bme_percent") or 0
        count = f"{bme.numerator if bme else 0} of {members}"
        seats = None if exact else members
        parts.append(
            p.model_copy(
                update={
                    "groups": groups,
                    "extra": {**p.extra, "members": members},
                    "reading": (
                        f"BME people are {published_share(board, seats, settings)} of the "
                        f"board's {membership} members ({'' if exact else 'about '}{count}) and "
                        f"{published_share(wf, None, settings)} of the workforce: a difference "
                        f"of {published_points(board - wf, seats, settings)} percentage points."
                    ),
                }
            )
        )
    return result.model_copy(
        update={
            "groups": next((p.groups for p in parts if p.breakdown.get("membership") == "voting"),
                           {}),
            "parts": tuple(parts),
            "reading": " ".join(p.reading for p in parts),
        }
    )  # fmt: skip


# What in a note is not a count: identifiers (WRES3, Q14a, Band 5, indicators 5 to 8, metric 3),
# dates and times (30/06/2025), money and decimals (£12.45), shares (5%), ranges (5-7) and
# years written without a thousands comma (2025; counts are written with one: 2,025).
_NOT_A_COUNT = (
    r"\b(?:indicators?|metrics?|bands?|clusters?|quarters?|grades?|questions?|years?)"
    r"\s+\d+[a-z]?(?:\s*(?:to|and|or|-|–)\s*\d+[a-z]?)?"
)
_COUNT = r"(?<![\w.,/:£$-])\d[\d,]*(?<!,)(?![\w.%/:–-])"
_NUMBER = re.compile(rf"(?P<keep>{_NOT_A_COUNT})|(?P<count>{_COUNT})", re.IGNORECASE)


def _round_numbers(text: str, settings: DisclosureSettings) -> str:
    """Counts quoted in a data-quality note, as published: small ones hidden, others rounded.
    Identifiers, dates, years, money and shares in the note are left as they are."""

    def swap(match: re.Match[str]) -> str:
        if match.group("keep"):
            return match.group("keep")
        digits = match.group("count")
        if "," not in digits and len(digits) == 4 and 1900 <= int(digits) <= 2100:
            return digits  # a year
        n = int(digits.replace(",", ""))
        if n == 0:
            return "0"
        if n <= settings.threshold:
            return f"fewer than {settings.threshold + 1}"
        return f"about {settings.round(n):,}"

    return _NUMBER.sub(swap, text)


# ---------------------------------------------------------------------------------------------
# sections

LADDER_ROWS = 12  # bands on one slide: more would need text smaller than 12 pt


def survey_source(year: int | None) -> str:
    """The staff survey behind indicators 5 to 8: the WRES for year Y uses the survey of Y-1."""
    if year is None:
        return "NHS Staff Survey of the autumn before the WRES year"
    return f"NHS Staff Survey {year - 1}"


def _survey_line(year: int | None) -> str:
    return (f"Indicators 5 to 8 come from the {survey_source(year)}"
            + (f" (run in autumn {year - 1}, reported in the WRES {year})." if year else "."))  # fmt: skip


def _say(text: str, level: Level, settings: DisclosureSettings) -> str:
    return published_text(text, settings) if level == "publication" else text


def _published_strings(node: object, settings: DisclosureSettings) -> object:
    """Every word a chart draws (its data labels, titles, description), as published."""
    if isinstance(node, str):
        return published_text(node, settings)
    if isinstance(node, dict):
        return {k: _published_strings(v, settings) for k, v in node.items()}
    if isinstance(node, list):
        return [_published_strings(v, settings) for v in node]
    return node


def _figure(chart: charts.Chart, level: Level, settings: DisclosureSettings) -> list[Figure]:
    """The app's chart as slide-sized pictures (usually one; a stack of panels may be several)."""
    spec = chart.chart.to_dict()
    alt_text = chart.alt_text
    if level == "publication":
        spec = {k: (_published_strings(v, settings) if k in ("datasets", "title", "description")
                    else v) for k, v in spec.items()}  # fmt: skip
        alt_text = published_text(alt_text, settings)
    pieces = sizing.for_slides(spec)
    return [
        Figure(chart.title + (f", part {i}" if len(pieces) > 1 else ""), alt_text, piece)
        for i, piece in enumerate(pieces, start=1)
    ]


def _notes(title: str, lines: Sequence[str], figures: Sequence[Figure] = ()) -> str:
    parts = [title + ".", *lines]
    parts += [f"Chart, {f.title}: {f.alt_text}" for f in figures]
    return "\n".join(parts)


def _section(key: str, title: str, lines: Sequence[str], figures: Sequence[Figure] = (),
             table: Table | None = None, extra_notes: Sequence[str] = (),
             source: str = "") -> Section:  # fmt: skip
    return Section(
        key=key,
        title=title,
        lines=tuple(lines),
        figures=tuple(figures),
        table=table,
        notes=_notes(title, [*([source] if source else []), *lines, *extra_notes], figures),
        source=source,
    )


def _title(report: StandardReport, level: Level, settings: DisclosureSettings,
           also: Sequence[str] = ()) -> Section:  # fmt: skip
    lines = [
        report.organisation or "Our organisation",
        f"Workforce Race Equality Standard {report.year or ''}".strip(),
        f"Figures for the {report.unit}",
    ]
    named = [a for a in also if a]
    if named:
        lines.append("Also in this pack: " + " and ".join(named) + ".")
    if level == "publication":
        lines.append(
            f"Prepared for publication: counts of 1 to {settings.threshold} are hidden and other "
            f"counts rounded to the nearest {settings.rounding_base}; percentages are whole."
        )
    else:
        lines.append(f"Internal: exact counts, including small numbers. {NOT_FOR_PUBLICATION}.")
    heading = ("Workforce equality standards: board report" if named
               else "Workforce Race Equality Standard: board report")  # fmt: skip
    return _section("title", heading, lines)


def _headline(report: StandardReport, shown: StandardReport, level: Level,
              settings: DisclosureSettings) -> Section:  # fmt: skip
    """The three largest gaps beyond chance, in words, from figures this level may show."""
    lines: list[str] = []
    survey = False
    for gap in biggest_gaps(report):
        result = shown.indicators[gap.indicator]
        if result.status not in charts.PLOTTABLE:
            continue
        if gap.indicator == "WRES1":
            part = next(p for p in report.indicators["WRES1"].parts if p.reading == gap.reading)
            safe = next((p for p in result.parts if p.label == part.label), None)
            if safe is None:
                continue
            points = abs(safe.extra.get("gap_percentage_points") or 0)
            lines.append(_say(
                f"Representation: {safe.label} has {safe.value or 0:.1f}% BME staff against "
                f"{result.value or 0:.1f}% across the whole workforce, {points:.1f} percentage "
                "points lower (a count of everyone, so no sampling interval).", level, settings))  # fmt: skip
        elif gap.indicator == "WRES9":
            lines.append(f"Board: {result.reading} (a count of everyone, so no sampling interval).")
        else:
            survey = survey or gap.indicator in charts.SURVEY_IDS
            lines.append(f"{SHORT_LABELS[gap.indicator]}: {result.reading}")
        if len(lines) == 3:
            break
    if not lines:
        lines.append(
            "No gap where BME staff fare worse is larger than chance could explain, among the "
            "figures that can be shown."
        )
    explain = (
        "The largest gaps where BME staff fare worse and the 95% confidence interval says "
        "chance alone is an unlikely explanation; relative likelihoods count as per cent more "
        "likely, survey and board gaps as percentage points."
    )
    source = _survey_line(report.year) if survey else ""
    return _section("headline", "The three largest gaps", lines, extra_notes=[explain],
                    source=source)  # fmt: skip


def _ladder_charts(shown: StandardReport, clinical: bool | None) -> list[charts.Chart]:
    """One ladder per side, in pieces of at most ``LADDER_ROWS`` bands."""
    result = shown.indicators["WRES1"]
    parts = [p for p in result.parts if p.breakdown.get("clinical") is clinical]
    pieces = [parts[i : i + LADDER_ROWS] for i in range(0, len(parts), LADDER_ROWS)]
    if len(pieces) > 1:  # even pieces: 17 bands as 9 and 8, not 12 and 5
        size = -(-len(parts) // len(pieces))
        pieces = [parts[i : i + size] for i in range(0, len(parts), size)]
    out = []
    for piece in pieces:
        part_report = shown.model_copy(update={"indicators": {
            **shown.indicators, "WRES1": result.model_copy(update={"parts": tuple(piece)})}})  # fmt: skip
        out.append(charts.representation_ladder(part_report, clinical=clinical))
    return out


def _representation(shown: StandardReport, view: _Disclosed, level: Level,
                    settings: DisclosureSettings) -> Section:  # fmt: skip
    result = shown.indicators["WRES1"]
    lines = [result.reading] if result.reading else []
    figures: list[Figure] = []
    sides = {p.breakdown.get("clinical") for p in result.parts}
    if result.value is not None and result.parts:
        for clinical in (False, True, None):
            if clinical in sides:
                for chart in _ladder_charts(shown, clinical):
                    figures += _figure(chart, level, settings)
    if level == "publication":
        lines += merge_sentences(view.merges)
        if view.bands_withheld:
            lines.append(
                "Not shown, because the numbers are small enough to identify people: "
                + ", ".join(view.bands_withheld)
                + "."
            )
    return _section("representation", "WRES 1: representation by band", lines, figures)


def _ratios(shown: StandardReport, level: Level, settings: DisclosureSettings) -> Section:
    lines = [f"WRES{n} ({SHORT_LABELS[f'WRES{n}']}): {shown.indicators[f'WRES{n}'].reading}"
             for n in (2, 3, 4)]  # fmt: skip
    figures = _figure(charts.likelihood_forest(shown), level, settings)
    return _section(
        "likelihoods", "WRES 2, 3 and 4: relative likelihoods", lines, figures,
        extra_notes=["1.00 means equal likelihood; above 1.00 means BME staff fare worse. "
                     "The 0.80 to 1.25 range is a rule of thumb, not a test."],
    )  # fmt: skip


def _survey(shown: StandardReport, level: Level, settings: DisclosureSettings) -> Section:
    lines = [f"WRES{n} ({charts.SURVEY_QUESTIONS[f'WRES{n}']}): {shown.indicators[f'WRES{n}'].reading}"
             for n in (5, 6, 7, 8)]  # fmt: skip
    figures = _figure(charts.survey_gaps(shown), level, settings)
    return _section("survey", f"WRES 5 to 8: {survey_source(shown.year)}", lines, figures,
                    source=_survey_line(shown.year))  # fmt: skip


def _board(shown: StandardReport, level: Level, settings: DisclosureSettings) -> Section:
    result = shown.indicators["WRES9"]
    lines = [result.reading]
    if level == "publication" and result.parts:
        lines.append(
            "Board membership is public, so the board's counts are shown exactly."
            if settings.publish_board_composition
            else f"The board's counts are rounded to the nearest {settings.rounding_base} like "
            "every other published count."
        )
    figures = _figure(charts.board_vs_workforce(shown), level, settings)
    return _section("board", "WRES 9: the board", lines, figures)


def _change(shown: StandardReport, previous: StandardReport | None, level: Level,
            settings: DisclosureSettings) -> Section:  # fmt: skip
    title = "Change since last year"
    if previous is None:
        return _section("change", title, ["There is no previous year in the data to compare."])
    chart = charts.change_since_last_year(shown, previous)
    lines = [
        f"From {previous.year} to {shown.year}, for every figure with a value in both years. "
        "Movement towards 1.00 (or no difference) is towards parity."
    ]
    source = ""
    if any(shown.indicators[k].value is not None for k in charts.SURVEY_IDS):
        source = (f"Survey figures: {survey_source(previous.year)} against "
                  f"{survey_source(shown.year)}.")  # fmt: skip
    return _section("change", title, lines, _figure(chart, level, settings), source=source)


def _as_action(action: object) -> PackAction:
    fields = PackAction.__dataclass_fields__
    return PackAction(**{name: getattr(action, name, None) for name in fields})


def _target_about(action: PackAction) -> str:
    """The part of the organisation (and band) an action's target is about, in words."""
    try:
        where = UnitChoice.parse(action.unit).label
    except ValueError:
        where = str(action.unit)
    return where[:1].upper() + where[1:] + (f", {action.band}" if action.band else "")


def _judged(report: StandardReport, shown: StandardReport, counts: pd.DataFrame, a: PackAction,
            level: Level, staff: pd.DataFrame | None = None) -> str:  # fmt: skip
    """The target judged on its own unit's (and band's or cluster's) figure, never another
    unit's; a WDES target on the WDES figure, a pay-gap target on the gap from the session's
    staff rows. In a publication pack a whole-organisation figure that is withheld stays
    withheld, and the words quote no figure of a unit (only the verdict and what it was judged
    on)."""
    if a.indicator is None or a.target_value is None or a.indicator not in target_indicators():
        return ""
    whole = _target_about(a) == "Whole organisation"
    if level == "publication" and whole and _withheld(report, shown, counts, a.indicator, staff):
        return WITHHELD
    check = judge_target(counts, organisation=report.organisation, year=report.year,
                         indicator=a.indicator, unit_key=a.unit, band=a.band,
                         target=a.target_value, staff=staff)  # fmt: skip
    if level == "internal" or check.verdict == "no data":
        return f"{check.verdict}: {check.explanation}"
    return f"{check.verdict} (judged on {check.on})"


def _withheld(report: StandardReport, shown: StandardReport, counts: pd.DataFrame, indicator: str,
              staff: pd.DataFrame | None) -> bool:  # fmt: skip
    """Would a publication pack withhold the whole organisation's figure a target is judged on?
    A WRES figure as the pack's WRES pages do; a WDES figure or a pay gap whenever it rests on
    small numbers (the stricter rule, as their own sections cannot be consulted here)."""
    if indicator in report.indicators:
        return (shown.indicators[indicator].value is None
                and report.indicators[indicator].value is not None)  # fmt: skip
    if indicator in PAY_TARGETS:
        from metrics.standards.paygap import pay_gap

        if staff is None:
            return False  # judged "no data" anyway
        try:
            found = pay_gap(staff, PAY_TARGETS[indicator][0], year=report.year, intervals=False)
        except InputError:
            return False  # judged "no data", with the reason
        return found.overall.status == "small_numbers"
    try:
        wdes = report_of(counts, standard="WDES", organisation=report.organisation,
                         year=report.year)  # fmt: skip
    except InputError:
        return False
    found = wdes.indicators.get(indicator)
    return found is not None and found.status == "small_numbers"


def _actions(report: StandardReport, shown: StandardReport, counts: pd.DataFrame,
             plan: tuple[PackAction, ...], level: Level,
             staff: pd.DataFrame | None = None) -> Section:  # fmt: skip
    title = "Action plan"
    if not plan:
        return _section("actions", title, ["No actions recorded in the workspace yet."])
    rows = []
    for a in plan:
        target = ""
        if a.target_value is not None:
            target = f"{a.target_value:g}" + (f" by {a.target_year}" if a.target_year else "")
        rows.append((a.title, a.indicator or "", a.owner or "",
                     a.due.isoformat() if a.due else "", target, a.status or "",
                     _target_about(a), _judged(report, shown, counts, a, level, staff)))  # fmt: skip
    table = Table(("Action", "Indicator", "Owner", "Due", "Target", "Status", "About",
                   "Judged now"), tuple(rows))  # fmt: skip
    done = sum(a.status == "done" for a in plan)
    lines = [f"{len(plan)} action{'s' * (len(plan) != 1)} in the plan; {done} done."]
    words = [f"{r[0]}: {r[5]}" + (f", {r[1]}" if r[1] else "") + f", {r[6]}"
             + (f", target {r[4]}" if r[4] else "") + (f" ({r[7]})" if r[7] else "")
             for r in rows]  # fmt: skip
    return _section("actions", title, lines, table=table, extra_notes=words)


def _methods(report: StandardReport, view: _Disclosed, level: Level, settings: DisclosureSettings,
             notes: Sequence[str]) -> Section:  # fmt: skip
    lines = [
        "Indicators follow NHS England's WRES definitions. Unknown ethnicity is left out of both "
        "sides of every ratio and reported as a declaration rate.",
        "Relative likelihoods (2, 3, 4) have 95% intervals by the Katz log method; survey "
        "percentages (5 to 8) Wilson intervals, and their gaps Newcombe's interval. Indicators 1 "
        f"and 9 count everyone, so they have no sampling interval. {_survey_line(report.year)}",
    ]
    if level == "publication":
        lines.append(
            f"Disclosure control: counts of 1 to {settings.threshold} are hidden; other counts "
            f"are rounded to the nearest {settings.rounding_base}; further counts are hidden where "
            "a hidden one could be worked out from the totals. Senior bands too small to show on "
            "their own are shown together. Percentages come from the exact counts but are shown "
            "whole (coarser where few people are counted), and not where a count they rest on is "
            "hidden. The appendix lists what was hidden or merged."
        )
    else:
        lines.append(f"Internal pack: exact counts, small numbers included. {NOT_FOR_PUBLICATION}.")
    where = {"staff": ("WRES1", "numerator", None), "recruitment (shortlisted)":
             ("WRES2", "denominator", None), "disciplinary": ("WRES3", "numerator", None),
             "training": ("WRES4", "numerator", None),
             "board (voting)": ("WRES9", "numerator", "voting")}  # fmt: skip
    for d in report.declaration:
        if d.declared_percent is None:
            continue
        if level == "internal":
            lines.append(f"Ethnicity declared, {d.source}: {d.declared_percent:.1f}% "
                         f"({d.unknown:,} of {d.records:,} unknown).")  # fmt: skip
            continue
        indicator, column, membership = where.get(d.source, (None, None, None))
        if d.source == "staff":
            hidden = view.overall_hidden.get("Unknown", False)
        elif indicator is None:
            hidden = True
        else:
            hidden = view.hidden(indicator, "Unknown", column, membership)
        if hidden:
            lines.append(f"Ethnicity declared, {d.source}: withheld (small numbers).")
        else:
            exact = d.source.startswith("board") and settings.publish_board_composition
            share = published_share(d.declared_percent, None if exact else d.records, settings)
            lines.append(f"Ethnicity declared, {d.source}: {share}.")
    lines += [f"Note: {n}" for n in notes]
    return _section("methods", "Methods and data quality", lines)


APPENDIX_ROWS = 12  # tables on the one appendix slide; the workbook lists every line


def _appendix(view: _Disclosed, level: Level, settings: DisclosureSettings,
              extras: Sequence[object] = ()) -> Section:  # fmt: skip
    """One slide: per table, what was merged, hidden and rounded; the workbook has every line."""
    audit = _with_extras(view.audit_table(level), extras)
    per_table: dict[str, dict[str, list[str]]] = {}
    for table, row, column, action, _ in audit.rows:
        kinds = per_table.setdefault(table, {})
        if action == MERGED:
            kinds.setdefault("merged", []).append(f"{row} ({column})")
        elif action in ("rounded", SHOWN_EXACTLY):
            kinds.setdefault(action, []).append(row)
        else:
            kinds.setdefault("hidden", []).append(f"{row}: {column}")
    rows = []
    for table, kinds in per_table.items():
        hidden = "; ".join(dict.fromkeys(kinds.get("hidden", []))) or "none"
        if len(hidden) > 90:
            hidden = hidden[:87].rsplit(";", 1)[0] + "; … (see the workbook)"
        other = (f"shown exactly ({len(kinds[SHOWN_EXACTLY])} counts)" if SHOWN_EXACTLY in kinds
                 else f"{len(kinds.get('rounded', []))} counts rounded")  # fmt: skip
        rows.append((table, "; ".join(kinds.get("merged", [])) or "none", hidden, other))
    shown_rows = rows[:APPENDIX_ROWS]
    if len(rows) > APPENDIX_ROWS:
        more = len(rows) - APPENDIX_ROWS
        shown_rows.append((f"and {more} more table{'s' * (more != 1)}", "", "",
                           "see the workbook"))  # fmt: skip
    workbook = ("The Excel workbook of this pack lists every hidden, merged and rounded count, "
                "with the reason (sheet \"Suppression audit\").")  # fmt: skip
    if level == "publication":
        lines = [f"Counts changed before publication, by table ({len(audit.rows):,} in all). "
                 + workbook]  # fmt: skip
    else:
        hidden_n = sum(a in (SUPPRESSED_PRIMARY.replace("_", " "), SUPPRESSED_SECONDARY.replace(
            "_", " ")) for *_, a, _r in audit.rows)  # fmt: skip
        lines = [f"What disclosure control would change before publication: {hidden_n:,} counts "
                 f"hidden; this internal pack shows them exactly. {NOT_FOR_PUBLICATION}. "
                 + workbook]  # fmt: skip
    reasons = list(dict.fromkeys(f"{r[3]}: {r[4]}" for r in audit.rows))
    return _section(
        "appendix", "Appendix: suppressed, merged and rounded figures", lines,
        table=Table(("Table", "Merged", "Hidden", "Other counts"), tuple(shown_rows)),
        extra_notes=reasons,
    )  # fmt: skip


PERCENT_UNITS = ("percent", "percentage points")


def _published_denominator(r: IndicatorResult, settings: DisclosureSettings) -> int | None:
    """The rounded count a published percentage stands beside, which sets its step
    (``metrics.disclosure.control.percent_step``): a band's or the workforce's headcount, the smaller
    group of survey respondents, the board (None when its make-up is published exactly)."""
    if r.id == "WRES1":
        return int(r.extra.get("headcount") or 0)
    if r.id == "WRES9":
        if settings.publish_board_composition:
            return None
        voting = [p.extra.get("members") for p in r.parts
                  if p.breakdown.get("membership") == "voting"]  # fmt: skip
        return r.extra.get("members") or next(iter(voting), 0) or 0
    sizes = [g.denominator for g in r.groups.values()]
    return min(sizes) if sizes else 0


def _results_table(shown: StandardReport, level: Level, settings: DisclosureSettings) -> Table:
    """Every figure; at publication percentages to the step the counts beside them allow (whole
    or coarser, see metrics.disclosure.published_numbers), internally to one decimal; relative likelihoods
    to two."""
    rows: list[tuple[Cell, ...]] = []

    def num(x: float | None, r: IndicatorResult) -> float | int | None:
        if x is None:
            return None
        if r.unit in PERCENT_UNITS:
            if level == "internal":
                return round(float(x), 1)
            return published_percent(x, _published_denominator(r, settings), settings)
        return round(float(x), 2)

    def add(r: IndicatorResult, part: str) -> None:
        source = survey_source(shown.year) if r.id in charts.SURVEY_IDS else ""
        rows.append((r.id, part, r.label, num(r.value, r), num(r.ci_lower, r),
                     num(r.ci_upper, r), r.unit, r.status.replace("_", " "), r.reason or "",
                     source, r.reading))  # fmt: skip

    for r in shown.indicators.values():
        add(r, "")
        for p in r.parts:
            add(p, p.label)
    columns = ("Indicator", "Part", "What it measures", "Value", "95% CI lower", "95% CI upper",
               "Unit", "Status", "Reason", "Source", "Reading")  # fmt: skip
    return Table(columns, tuple(rows))
