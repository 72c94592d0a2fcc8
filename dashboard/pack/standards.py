"""The board pack's sections for standards beside the WRES: the WDES and pay gaps.

The same disclosure rules as the WRES sections (dashboard.pack.content): at the "publication"
level every count is protected by ``metrics.disclosure.control.protect_table`` (1..threshold hidden,
enough others hidden that none can be worked back, the rest rounded), a figure resting on a
hidden count is withheld, percentages are shown to the step their rounded counts allow, and
every change is listed for the pack's audit table. At the "internal" level exact figures are
shown and the pack is marked "Not for publication" as a whole.

Pay gaps come from the staff rows held in the session; only the figures go into the pack.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard import charts
from dashboard.pack.content import (
    WITHHELD,
    WITHHELD_READING,
    Figure,
    Level,
    Section,
    _figure,
    _for_organisation,
    _section,
    _withhold,
    counts_rows,
)
from dashboard.pack.published_counts import PackCounts, publish_pack_counts, year_rows
from dashboard.pay_charts import pay_quartiles, quartile_table
from metrics.counts.characteristics import characteristic
from metrics.counts.table import ordinary
from metrics.disclosure.control import (
    TOTAL,
    DisclosureSettings,
    ProtectedTable,
    protect_table,
    published_percent,
)
from metrics.disclosure.published_numbers import published_points, published_share
from metrics.problems import InputError
from metrics.standards.definitions import standard
from metrics.standards.evaluation import overall_totals
from metrics.standards.indicators import report
from metrics.standards.paygap import PayFigures, PayGap, pay_gap
from metrics.standards.readiness import pay_characteristics
from metrics.standards.results import GroupFigures, IndicatorResult, StandardReport

AuditRow = tuple[str, str, str, str, str]  # table, row, column, what was done, why
PACK_STANDARDS = {"WRES": "WRES (race)", "WDES": "WDES (disability)", "PAYGAP": "Pay gaps",
                  "MEDICAL": "Medical workforce"}  # fmt: skip
"""The standards a board pack can hold a section for, with the name a picker shows."""


WDES_NAME = "the Workforce Disability Equality Standard"
PAY_NAME = "pay gaps"


@dataclass(frozen=True)
class Extra:
    """Sections for one standard, and what disclosure control changed in them."""

    sections: tuple[Section, ...]
    audit: tuple[AuditRow, ...] = ()
    name: str = ""  # the standard, as the title slide names it
    results: tuple[tuple, ...] = ()  # rows of the pack's results table (its columns)
    counts: tuple[tuple, ...] = ()  # rows of the pack's Counts sheet (content.COUNTS_COLUMNS)
    short: str = ""  # the standard in a page footer ("WDES", "pay gaps"); "" for no standard


def _audit(table) -> list[AuditRow]:
    return [(e.table, e.row, e.column, e.action, e.reason) for e in table.audit]


def _protected(cells: dict[str, dict[str, int]], name: str, settings: DisclosureSettings):
    """rows x columns counts, protected; None when there are no counts."""
    if not cells:
        return None
    frame = pd.DataFrame(cells).T.fillna(0).astype(int)
    frame.index.name, frame.columns.name = "row", "column"
    return protect_table(frame, name, settings)


# ---------------------------------------------------------------------------------------------
# WDES


def _published_groups(rows: pd.DataFrame, result: IndicatorResult):
    """The groups' rounded counts as the pack publishes them (``rows``: the indicator's rows of
    ``publish_pack_counts``), or None when a count they rest on is hidden."""
    hidden = (rows["numerator_suppressed"] | rows["denominator_suppressed"]).to_numpy()
    if hidden.any():
        return None
    shown = {str(r["group"]): r for r in rows.to_dict("records")}
    out = {}
    for g, f in result.groups.items():
        if g not in shown:
            continue
        num, den = shown[g]["numerator"], int(shown[g]["denominator"])
        # an engagement score's row (WDES9a) has no count for a numerator: its respondents
        out[g] = GroupFigures(numerator=den if pd.isna(num) else int(num), denominator=den,
                              rate=f.rate)  # fmt: skip
    return out


def _wdes_words(result: IndicatorResult, kind: str, settings: DisclosureSettings) -> str:
    """The figure in published words: percentages to the step their counts allow."""
    if result.value is None:
        return result.reading
    smallest = min((g.denominator for g in result.groups.values()), default=None)
    if kind == "ratio":
        interval = ("" if result.ci_lower is None else
                    f" (95% interval {result.ci_lower:.2f} to {result.ci_upper:.2f})")  # fmt: skip
        return f"{result.value:.2f} times as likely{interval}."
    if kind == "survey_gap":
        return f"{published_points(result.value, smallest, settings)} percentage points."
    if kind == "survey_share":
        return f"{published_share(result.value, smallest, settings)}."
    if kind == "score_gap":
        return f"{result.value:+.1f} points on the 0 to 10 engagement score."
    if kind in ("representation", "board"):
        return ""  # said by the caller, from the protected totals
    return result.reading


def _safe_wdes(found: StandardReport, pack: PackCounts, overall: ProtectedTable | None,
               settings: DisclosureSettings):  # fmt: skip
    """The WDES report as it may be published, its lines, and the audit rows of the tables
    protected here (the counts tables' are in ``pack``, the one protection of every table the
    pack publishes; ``overall`` is WDES1's group totals, protected with WRES1's)."""
    std = standard("WDES")
    item = std.characteristic
    results: dict[str, IndicatorResult] = {}
    lines: list[str] = []
    audit: list[AuditRow] = []
    sizes: dict[str, int | None] = {}  # the rounded count each published percentage stands by
    for spec in std.indicators:
        result = found.indicators.get(spec.id)
        if result is None:
            continue
        head = f"{spec.id} ({spec.label})"
        if result.status in ("no_data",) or result.value is None:
            results[spec.id] = result.model_copy(update={"groups": {}, "parts": ()})
            lines.append(f"{head}: no figure ({(result.reason or 'no data').split(';')[0]}).")
            continue
        rows = pack.rows(spec.id)
        rows = rows[(rows["indicator"] == spec.id).to_numpy()]
        if spec.kind == "representation":
            totals = {g: f.numerator for g, f in result.groups.items()}
            table = overall or _protected({"Staff": totals}, f"{spec.id} overall", settings)
            audit += _audit(table)
            if table.suppressed.to_numpy().any():
                results[spec.id] = _withhold(result)
                lines.append(f"{head}: {WITHHELD}.")
                continue
            total = int(table.shown.at["Staff", TOTAL])
            sizes[spec.id] = total
            share = published_share(result.value, total, settings)
            results[spec.id] = result.model_copy(update={"groups": {}, "parts": ()})
            lines.append(f"{head}: {share} of about {total:,} staff are {item.focus}; Unknown "
                         "counts in the denominator.")  # fmt: skip
            continue
        if spec.kind == "board":
            # a board member's disability is not public as the board's ethnic make-up is, so
            # the board's counts are protected like any other (publish_board_composition is
            # about the WRES's indicator 9)
            hidden = (rows["numerator_suppressed"] | rows["denominator_suppressed"]).to_numpy()
            if not len(rows) or hidden.any():
                results[spec.id] = _withhold(result)
                lines.append(f"{head}: {WITHHELD}.")
                continue
            voting = rows[rows["membership"].fillna("voting").astype(str).eq("voting").to_numpy()]
            members = int((voting if len(voting) else rows)["denominator"].iloc[0])
            sizes[spec.id] = members
            results[spec.id] = result.model_copy(update={"groups": {}, "parts": ()})
            lines.append(f"{head}: {published_points(result.value, members, settings)} "
                         "percentage points between the board's voting members and the "
                         f"workforce (about {members:,} members).")  # fmt: skip
            continue
        groups = _published_groups(rows, result)
        if groups is None:
            results[spec.id] = _withhold(result)
            lines.append(f"{head}: {WITHHELD}.")
            continue
        safe = result.model_copy(update={"groups": groups, "parts": ()})
        results[spec.id] = safe
        sizes[spec.id] = min((g.denominator for g in groups.values()), default=None)
        worse = f" {spec.worse_when}." if spec.worse_when else ""
        lines.append(f"{head}: {_wdes_words(safe, spec.kind, settings)}{worse}")
    # nothing of the engine's own words (which quote exact counts) goes out: each figure reads
    # as its published line, and a reason stops before any counts it quotes
    words = {line.split(" (", 1)[0]: line for line in lines}
    for key, r in results.items():
        reason = (r.reason or "").split(";")[0] or None
        reading = words.get(key, "").split(": ", 1)[-1]
        results[key] = r.model_copy(update={"reading": reading, "reason": reason})
    shown = found.model_copy(update={"indicators": results, "declaration": (), "notes": ()})
    return shown, lines, audit, sizes


def _result_rows(shown: StandardReport, level: Level, settings: DisclosureSettings,
                 sizes: dict[str, int | None]) -> tuple[tuple, ...]:  # fmt: skip
    """One row per WDES metric for the pack's results table: at publication percentages to the
    step the rounded count beside them allows (``sizes``), relative likelihoods to two places."""
    kinds = {spec.id: spec.kind for spec in standard("WDES").indicators}
    labels = {spec.id: spec.label for spec in standard("WDES").indicators}
    rows = []
    for key, r in shown.indicators.items():

        def num(x: float | None, r: IndicatorResult = r, key: str = key) -> float | int | None:
            if x is None:
                return None
            if kinds.get(key) == "ratio":
                return round(float(x), 2)
            if level == "internal" or kinds.get(key) == "score_gap":
                return round(float(x), 1)
            return published_percent(x, sizes.get(key), settings)

        rows.append((key, "", labels.get(key, r.label), num(r.value), num(r.ci_lower),
                     num(r.ci_upper), r.unit, r.status.replace("_", " "), r.reason or "", "",
                     r.reading))  # fmt: skip
    return tuple(rows)


def wdes_sections(
    counts: pd.DataFrame,
    *,
    organisation: str | None,
    year: int | None,
    level: Level,
    settings: DisclosureSettings,
) -> Extra:
    """The WDES metrics: their words, the likelihood and survey charts, from the counts."""
    title = "WDES: the Workforce Disability Equality Standard"
    try:
        found = report(counts, standard="WDES", organisation=organisation, year=year)
    except InputError as exc:
        return Extra((_section("wdes", title, [exc.problems[0].sentence()]),), name=WDES_NAME,
                     short="WDES")  # fmt: skip
    if level == "publication":
        rows = year_rows(_for_organisation(counts, organisation), found.year)
        pack = publish_pack_counts(rows, settings)
        overall = overall_totals(rows, settings).get("WDES1")
        shown, lines, audit, sizes = _safe_wdes(found, pack, overall, settings)
    else:
        shown, audit, sizes = found, [], {}
        labels = {spec.id: spec.label for spec in standard("WDES").indicators}
        lines = [f"{k} ({labels.get(k, r.label)}): {r.reading}"
                 for k, r in found.indicators.items()]  # fmt: skip
    figures: list[Figure] = []
    if charts.ratio_ids(shown):
        figures += _figure(charts.likelihood_forest(shown), level, settings)
    if charts.survey_ids(shown):
        figures += _figure(charts.survey_gaps(shown), level, settings)
    intro = ("Disabled staff against non-disabled staff, NHS England's ten WDES metrics. "
             "Unknown is left out of both sides of every ratio and gap.")  # fmt: skip
    section = _section("wdes", title, [intro, *lines], figures)
    results = _result_rows(shown, level, settings, sizes)
    if level == "publication":
        rows, counts_audit = _wdes_published(pack)
    else:
        rows, counts_audit = _wdes_counts(counts, organisation, found.year), []
    return Extra((section,), (*audit, *counts_audit), WDES_NAME, results, rows, short="WDES")


def _wdes_counts(counts: pd.DataFrame, organisation: str | None, year: int | None) -> tuple:
    """The WDES's counts for the internal Counts sheet, as loaded."""
    rows = ordinary(_for_organisation(counts, organisation))
    if year is not None:
        rows = rows[(rows["year"] == year).fillna(False).to_numpy()]
    wdes = rows["indicator"].astype(str).str.startswith("WDES").to_numpy()
    return counts_rows(rows[wdes]) if wdes.any() else ()


def _wdes_published(pack: PackCounts) -> tuple[tuple, list[AuditRow]]:
    """The WDES's counts for the published Counts sheet and their audit lines, from the one
    protection of every table the pack publishes (so a total the WDES shares with the WRES, the
    staff in a band or the shortlisted applicants, is hidden in both or neither)."""
    rows = pack.rows("WDES")
    changes = [(str(a.table), str(a.row), str(a.column), str(a.action), str(a.reason))
               for a in pack.audit_of("WDES").itertuples(index=False)]  # fmt: skip
    return (counts_rows(rows) if len(rows) else ()), changes


# ---------------------------------------------------------------------------------------------
# pay gaps


def _gap_words(value: float | None, focus: str, reference: str, what: str) -> str:
    if value is None:
        return f"{what}: cannot be worked out."
    if value == 0:
        return f"{what}: none; {focus} and {reference} are paid the same."
    way = "less" if value > 0 else "more"
    # the sign as computed (the pack says a positive gap means the focus group is paid less)
    return f"{what}: {value:+.1f}%; {focus} are paid {way} than {reference}."


def _pay_lines(result: PayGap, figures: PayFigures, level: Level,
               settings: DisclosureSettings) -> tuple[list[str], list[AuditRow], bool]:  # fmt: skip
    """The six figures in words, the audit rows, and whether they were withheld."""
    trait = characteristic(result.by)
    focus, reference = trait.who(result.focus), trait.who(result.reference)
    compared = (result.reference, result.focus)
    name = f"Pay gap by {trait.label}"
    cells = {g: {"hourly pay": figures.hourly_employees.get(g, 0)} for g in compared}
    if figures.bonus_paid:
        for g in compared:
            cells[g]["paid a bonus"] = figures.bonus_paid.get(g, 0)
    audit: list[AuditRow] = []
    counted = {g: figures.hourly_employees.get(g, 0) for g in compared}
    if level == "publication":
        table = _protected(cells, name, settings)
        audit = _audit(table)
        hidden = table.suppressed.drop(index=TOTAL)
        if hidden["hourly pay"].any():
            return [f"{name}: {WITHHELD}."], audit, True
        counted = {g: int(table.shown.at[g, "hourly pay"]) for g in compared}
        bonus_hidden = "paid a bonus" in hidden and bool(hidden["paid a bonus"].any())
    else:
        bonus_hidden = False
    about = "about " if level == "publication" else ""
    lines = [
        f"Compared: {about}{counted[result.reference]:,} {reference} and "
        f"{about}{counted[result.focus]:,} {focus}. A positive gap means {focus} are paid less, "
        "the worse way for them.",
        _gap_words(figures.median_hourly_gap_percent, focus, reference, "Median hourly pay gap"),
        _gap_words(figures.mean_hourly_gap_percent, focus, reference, "Mean hourly pay gap"),
    ]
    if not figures.bonus_paid:
        lines.append("Bonus pay: the staff file has no bonus column, so no bonus figures.")
    elif bonus_hidden:
        lines.append(f"Bonus figures: {WITHHELD}.")
    else:
        lines.append(_gap_words(figures.median_bonus_gap_percent, focus, reference,
                                "Median bonus gap"))  # fmt: skip
        lines.append(_gap_words(figures.mean_bonus_gap_percent, focus, reference,
                                "Mean bonus gap"))  # fmt: skip
        for g in compared:
            pct = figures.bonus_percent.get(g)
            if pct is not None:
                shown = (published_share(pct, counted[g], settings) if level == "publication"
                         else f"{pct:.1f}%")  # fmt: skip
                lines.append(f"{trait.who(g).capitalize()} paid a bonus: {shown}.")
    return lines, audit, False


def _safe_quartiles(result: PayGap, figures: PayFigures, level: Level,
                    settings: DisclosureSettings) -> tuple[tuple[dict, ...], list[AuditRow]]:  # fmt: skip
    """Each quarter's shares; at publication a quarter whose share would stand for 1..threshold
    people is left out (its shares None), and the others are whole percentages."""
    if level != "publication":
        return figures.quartiles, []
    compared = (result.reference, result.focus)
    size = sum(figures.hourly_employees.get(g, 0) for g in compared) / 4
    out, audit = [], []
    for q in figures.quartiles:
        people = {g: (q.get(g) or 0) * size / 100 for g in compared}
        small = any(0 < n < settings.threshold + 0.5 for n in people.values())
        if small:
            audit.append((f"Pay quartiles by {result.by}", f"quartile {q['quartile']}", "shares",
                          "suppressed primary", f"A share standing for 1 to {settings.threshold} "
                          "people: hidden so that individuals cannot be identified."))  # fmt: skip
            out.append({"quartile": q["quartile"], **{g: None for g in compared}})
        else:
            out.append({"quartile": q["quartile"],
                        **{g: float(round(q.get(g) or 0)) for g in compared}})  # fmt: skip
    return tuple(out), audit


def _pay_rows(result: PayGap, figures: PayFigures, lines: list[str], withheld: bool,
              scope: str = "") -> list[tuple]:  # fmt: skip
    """The pay-gap figures as rows of the pack's results table (gaps in per cent of pay to one
    place; a withheld set of figures has no values)."""
    trait = characteristic(result.by)
    bonus_out = not figures.bonus_paid or any(x.startswith("Bonus figures:") for x in lines)
    wanted = [("Median hourly pay gap", figures.median_hourly_gap_percent),
              ("Mean hourly pay gap", figures.mean_hourly_gap_percent)]  # fmt: skip
    if not bonus_out:
        wanted += [("Median bonus gap", figures.median_bonus_gap_percent),
                   ("Mean bonus gap", figures.mean_bonus_gap_percent)]  # fmt: skip
    status = "withheld" if withheld else figures.status.replace("_", " ")
    rows = []
    for label, value in wanted:
        shown = None if withheld or value is None else round(float(value), 1)
        rows.append((f"Pay gap by {trait.label}", scope, label, shown, None, None, "percent",
                     status, WITHHELD if withheld else (figures.reason or ""), "",
                     f"Above 0: {trait.who(result.focus)} are paid less."))  # fmt: skip
    return rows


def pay_gap_sections(
    staff: pd.DataFrame | None,
    *,
    year: int | None,
    level: Level,
    settings: DisclosureSettings,
    by: Sequence[str] = ("sex", "ethnicity", "disability"),
) -> Extra:
    """One section per characteristic the staff rows can compare pay by (sex first)."""
    available = pay_characteristics(staff)
    wanted = [b for b in by if b in available]
    if staff is None or not wanted:
        return Extra((_section("paygap", "Pay gaps", [
            "Pay gaps need the staff file with an hourly pay column, loaded in this session: "
            "they are worked out from its rows, which are never kept."]),), name=PAY_NAME,
            short="pay gaps")  # fmt: skip
    sections, audit, results = [], [], []
    for name in wanted:
        trait = characteristic(name)
        title = f"Pay gap by {trait.label}"
        try:
            result = pay_gap(staff, name, year=year, settings=settings, intervals=False)
        except InputError as exc:
            sections.append(_section(f"paygap-{name}", title, [exc.problems[0].sentence()]))
            continue
        figures = result.overall
        lines, rows, withheld = _pay_lines(result, figures, level, settings)
        audit += rows
        results += _pay_rows(result, figures, lines, withheld)
        figs: list[Figure] = []
        if not withheld:
            quartiles, rows = _safe_quartiles(result, figures, level, settings)
            audit += rows
            table = quartile_table(quartiles, (result.reference, result.focus))
            figs = _figure(pay_quartiles(table, f"{trait.label.capitalize()} by quarter of "
                                         "hourly pay"), level, settings)  # fmt: skip
            schemes = []
            for scheme, part in result.by_pay_scheme.items():
                if not any(part.hourly_employees.get(g) for g in (result.reference, result.focus)):
                    continue  # nobody on this pay scheme
                words, rows, hidden = _pay_lines(result, part, level, settings)
                audit += [(f"{scheme}: {r[0]}", *r[1:]) for r in rows]
                median = (WITHHELD_READING if hidden else
                          words[1].split(": ", 1)[1])  # fmt: skip
                schemes.append(f"{scheme}: median hourly pay gap {median}")
            lines += schemes
        sections.append(_section(f"paygap-{name}", title, lines, figs))
    return Extra(tuple(sections), tuple(audit), PAY_NAME, tuple(results), short="pay gaps")
