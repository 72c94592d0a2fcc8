"""Turns metrics results into the CLI's JSON contract and its readable text table."""

from __future__ import annotations

from typing import Any

from metrics.problems import Problem
from metrics.results import IndicatorResult, WresReport

SHORT_LABELS = {
    "WRES1": "BME share of the workforce",
    "WRES2": "Appointed from shortlisting, White vs BME",
    "WRES3": "Entering formal disciplinary, BME vs White",
    "WRES4": "Non-mandatory training and CPD, White vs BME",
    "WRES5": "Harassment from patients/public, BME − White",
    "WRES6": "Harassment from staff, BME − White",
    "WRES7": "Equal opportunities for progression, BME − White",
    "WRES8": "Discrimination from manager/colleagues, BME − White",
    "WRES9": "Board voting membership vs workforce, BME",
}


WORSE_WHEN = {
    "WRES1": "Lower than the workforce's BME share: BME staff are under-represented",
    "WRES2": "Above 1.00: BME applicants are less likely to be appointed",
    "WRES3": "Above 1.00: BME staff are more likely to enter a disciplinary process",
    "WRES4": "Above 1.00: BME staff are less likely to get non-mandatory training",
    "WRES5": "Above 0: more BME staff report harassment from patients or the public",
    "WRES6": "Above 0: more BME staff report harassment from colleagues",
    "WRES7": "Below 0: fewer BME staff believe there are equal opportunities",
    "WRES8": "Above 0: more BME staff report discrimination",
    "WRES9": "Below 0: BME people are under-represented on the board",
}
"""Which way each figure is worse for BME staff, in words for the pages."""

STATUS_WORDS = {
    "ok": "enough people to tell",
    "small_numbers": "small numbers: read with care",
    "not_computable": "cannot be calculated",
    "no_data": "no data",
    "no_variation": "no difference to measure",
}


def status_words(result: IndicatorResult) -> str:
    """The status in plain words, with the reason when there is one."""
    words = STATUS_WORDS.get(result.status, result.status.replace("_", " "))
    reason = (result.reason or "").removeprefix("not computable: ").removeprefix("no variation: ")
    return f"{words} ({reason})" if reason and result.status != "ok" else words


def _round(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else round(x, digits)


def _groups(result: IndicatorResult) -> dict[str, Any]:
    return {
        g: {"numerator": f.numerator, "denominator": f.denominator, "rate": _round(f.rate, 6)}
        for g, f in result.groups.items()
    }


def _shares(result: IndicatorResult) -> dict[str, Any]:
    return {
        "headcount": int(result.extra.get("headcount") or 0),
        **{g: _round(100 * (result.groups[g].rate or 0.0), 2) for g in ("White", "BME", "Unknown")},
    }


def _common(result: IndicatorResult) -> dict[str, Any]:
    return {
        "label": result.label,
        "status": result.status,
        "reason": result.reason,
        "reading": result.reading,
        "method": result.method,
        "flags": list(result.flags),
    }


def indicator_json(result: IndicatorResult) -> dict[str, Any]:
    if result.id == "WRES1":
        bands = [
            {
                "band": p.breakdown["band"],
                "clinical": p.breakdown["clinical"],
                **_shares(p),
                "gap_percentage_points": _round(p.extra.get("gap_percentage_points"), 2),
                "bme_needed": p.extra.get("bme_needed"),
            }
            for p in result.parts
        ]
        overall = _shares(result) if result.status != "no_data" else None
        return {"overall": overall, "bands": bands, **_common(result)}
    out: dict[str, Any] = {
        "value": _round(result.value),
        "ci_lower": _round(result.ci_lower),
        "ci_upper": _round(result.ci_upper),
        **_common(result),
        "groups": _groups(result),
    }
    if result.id == "WRES9":
        out["executive"] = _round(result.extra.get("executive"))
        out["parts"] = {
            str(p.breakdown["membership"]): {"value": _round(p.value), **_groups_only(p)}
            for p in result.parts
        }
    return out


def _groups_only(result: IndicatorResult) -> dict[str, Any]:
    return {"groups": _groups(result), "members": result.extra.get("members")}


def report_json(
    report: WresReport,
    *,
    organisation_report: WresReport | None = None,
    problems: list[Problem] = (),
    notes: list[str] = (),
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "organisation": report.organisation,
        "unit": report.unit,
        "year": report.year,
        "indicators": {k: indicator_json(v) for k, v in report.indicators.items()},
        "data_quality": {
            "declaration": {
                d.source: {
                    "records": d.records,
                    "unknown": d.unknown,
                    "declared_percent": _round(d.declared_percent, 2),
                }
                for d in report.declaration
            },
            "notes": list(notes) + list(report.notes),
            "warnings": [p.sentence() for p in problems if p.severity == "warning"],
        },
    }
    if organisation_report is not None:
        out["whole_organisation"] = {
            "unit": organisation_report.unit,
            "indicators": {k: indicator_json(v) for k, v in organisation_report.indicators.items()},
        }
    return out


def format_value(result: IndicatorResult) -> str:
    if result.value is None:
        return {"no_data": "no data", "not_computable": "not computable",
                "no_variation": "no difference to measure"}.get(result.status, "–")  # fmt: skip
    if result.unit == "relative likelihood":
        return f"{result.value:.2f}"
    if result.unit == "percent":
        return f"{result.value:.1f}%"
    return f"{result.value:+.1f} pts"


def format_ci(result: IndicatorResult, missing: str = "") -> str:
    if result.ci_lower is None or result.ci_upper is None:
        return missing
    if result.unit == "relative likelihood":
        return f"{result.ci_lower:.2f} to {result.ci_upper:.2f}"
    return f"{result.ci_lower:+.1f} to {result.ci_upper:+.1f}"


def _table(rows: list[list[str]], header: list[str]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return out


def report_text(
    report: WresReport,
    *,
    organisation_report: WresReport | None = None,
    problems: list[Problem] = (),
    notes: list[str] = (),
) -> str:
    year = f" {report.year}" if report.year else ""
    title = f"WRES{year}: {report.organisation or 'the organisation'} ({report.unit})"
    lines = [title, "=" * len(title), ""]
    header = ["Indicator", "What", "Value", "95% CI", "Status"]
    if organisation_report is not None:
        header.append("Whole organisation")
    rows = []
    for key, result in report.indicators.items():
        row = [key, SHORT_LABELS[key], format_value(result), format_ci(result), result.status]
        if organisation_report is not None:
            row.append(format_value(organisation_report.indicators[key]))
        rows.append(row)
    lines += _table(rows, header)
    lines += ["", "What the figures say:"]
    for key, result in report.indicators.items():
        lines.append(f"  {key}: {result.reading}")
    wres1 = report.indicators["WRES1"]
    if wres1.parts:
        lines += ["", "WRES1 representation by band (BME share of each band):"]
        band_rows = [
            [
                str(p.breakdown["band"]),
                {True: "clinical", False: "non-clinical", None: "unknown"}[p.breakdown["clinical"]],
                f"{int(p.extra['headcount']):,}",
                f"{100 * (p.groups['White'].rate or 0):.1f}%",
                f"{100 * (p.groups['BME'].rate or 0):.1f}%",
                f"{100 * (p.groups['Unknown'].rate or 0):.1f}%",
                f"{p.extra['gap_percentage_points']:+.1f}",
                f"{int(p.extra['bme_needed']):,}",
            ]
            for p in wres1.parts
        ]
        lines += [
            "  " + line
            for line in _table(
                band_rows,
                ["Band", "Side", "Headcount", "White", "BME", "Unknown", "Gap (pts)", "BME needed"],
            )
        ]
    if report.declaration:
        lines += ["", "Ethnicity declared:"]
        for d in report.declaration:
            pct = d.declared_percent
            lines.append(
                f"  {d.source}: {pct:.1f}% of {d.records:,}"
                if pct is not None
                else f"  {d.source}: –"
            )
    extra = (
        list(notes)
        + list(report.notes)
        + [p.sentence() for p in problems if p.severity == "warning"]
    )
    if extra:
        lines += ["", "Data quality notes:"] + [f"  - {n}" for n in extra]
    return "\n".join(lines) + "\n"
