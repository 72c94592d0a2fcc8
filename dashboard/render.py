"""Turns metrics results into the CLI's JSON contract and its readable text table, for any
standard: the groups, labels and the shape of each indicator come from the standard's file."""

from __future__ import annotations

from typing import Any

from metrics.counts.characteristics import Characteristic
from metrics.problems import Problem
from metrics.standards.definitions import Standard, standard, standards
from metrics.standards.results import IndicatorResult, StandardReport


def _from_standards(field: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for std in standards().values():
        for spec in std.indicators:
            out.setdefault(spec.id, getattr(spec, field))
    return out


SHORT_LABELS = _from_standards("label")
"""Each indicator's short label, from the standard files (metrics/reference/standards/)."""

WORSE_WHEN = _from_standards("worse_when")
"""Which way each figure is worse for the focus group (BME, Disabled staff), in words for the
pages."""

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


def _shares(result: IndicatorResult, char: Characteristic) -> dict[str, Any]:
    return {
        "headcount": int(result.extra.get("headcount") or 0),
        **{
            g: _round(100 * (result.groups[g].rate or 0.0), 2)
            for g in (char.reference, char.focus, char.unknown)
        },
    }


def _slug(group: str) -> str:
    return group.lower().replace("-", "_").replace(" ", "_")


def _common(result: IndicatorResult) -> dict[str, Any]:
    return {
        "label": result.label,
        "status": result.status,
        "reason": result.reason,
        "reading": result.reading,
        "method": result.method,
        "flags": list(result.flags),
    }


def indicator_json(result: IndicatorResult, std: Standard | None = None) -> dict[str, Any]:
    """One indicator in the CLI's JSON shape, by the kind of indicator its standard says it is."""
    std = std or standard("WRES")
    char = std.characteristic
    spec = next((i for i in std.indicators if i.id == result.id), None)
    kind = spec.kind if spec else None
    if kind == "representation":
        by = spec.by
        needed = f"{_slug(char.focus)}_needed"
        parts = [
            {
                by: p.breakdown[by],
                "clinical": p.breakdown["clinical"],
                **_shares(p, char),
                "gap_percentage_points": _round(p.extra.get("gap_percentage_points"), 2),
                needed: p.extra.get(needed),
            }
            for p in result.parts
        ]
        overall = _shares(result, char) if result.status != "no_data" else None
        return {"overall": overall, f"{by}s": parts, **_common(result)}
    out: dict[str, Any] = {
        "value": _round(result.value),
        "ci_lower": _round(result.ci_lower),
        "ci_upper": _round(result.ci_upper),
        **_common(result),
        "groups": _groups(result),
    }
    if kind == "board":
        out["executive"] = _round(result.extra.get("executive"))
        out["parts"] = {
            str(p.breakdown["membership"]): {"value": _round(p.value), **_groups_only(p)}
            for p in result.parts
        }
    if kind == "score_gap":
        named = (char.focus, char.reference, "All")
        out["scores"] = {g: _round(result.extra.get(f"score_{g}")) for g in named}
        out["respondents"] = {g: result.extra.get(f"respondents_{g}") for g in named}
        out["against_organisation"] = {
            g: _round(result.extra.get(f"{_slug(g)}_vs_organisation"))
            for g in (char.focus, char.reference)
        }
    return out


def _groups_only(result: IndicatorResult) -> dict[str, Any]:
    return {"groups": _groups(result), "members": result.extra.get("members")}


def report_json(
    report: StandardReport,
    *,
    organisation_report: StandardReport | None = None,
    problems: list[Problem] = (),
    notes: list[str] = (),
) -> dict[str, Any]:
    std = standard(report.standard)
    out: dict[str, Any] = {
        "organisation": report.organisation,
        "unit": report.unit,
        "year": report.year,
        "indicators": {k: indicator_json(v, std) for k, v in report.indicators.items()},
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
            "indicators": {
                k: indicator_json(v, std) for k, v in organisation_report.indicators.items()
            },
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
    if result.unit == "score points":
        return f"{result.value:+.2f} points"
    return f"{result.value:+.1f} pts"


def format_ci(result: IndicatorResult, missing: str = "") -> str:
    if result.ci_lower is None or result.ci_upper is None:
        return missing
    if result.unit == "relative likelihood":
        return f"{result.ci_lower:.2f} to {result.ci_upper:.2f}"
    if result.unit == "percent":
        return f"{result.ci_lower:.1f}% to {result.ci_upper:.1f}%"
    return f"{result.ci_lower:+.1f} to {result.ci_upper:+.1f}"


def _table(rows: list[list[str]], header: list[str]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return out


def report_text(
    report: StandardReport,
    *,
    organisation_report: StandardReport | None = None,
    problems: list[Problem] = (),
    notes: list[str] = (),
) -> str:
    std = standard(report.standard)
    char = std.characteristic
    labels = {i.id: i.label for i in std.indicators}
    year = f" {report.year}" if report.year else ""
    title = f"{std.id}{year}: {report.organisation or 'the organisation'} ({report.unit})"
    lines = [title, "=" * len(title), ""]
    header = ["Indicator", "What", "Value", "95% CI", "Status"]
    if organisation_report is not None:
        header.append("Whole organisation")
    rows = []
    for key, result in report.indicators.items():
        row = [key, labels.get(key, key), format_value(result), format_ci(result), result.status]
        if organisation_report is not None:
            row.append(format_value(organisation_report.indicators[key]))
        rows.append(row)
    lines += _table(rows, header)
    lines += ["", "What the figures say:"]
    for key, result in report.indicators.items():
        lines.append(f"  {key}: {result.reading}")
    for spec in std.indicators:
        result = report.indicators.get(spec.id)
        if spec.kind == "representation" and result is not None and result.parts:
            lines += ["", *_representation_table(result, spec.by, char)]
    if report.declaration:
        lines += ["", f"{char.label.capitalize()} declared:"]
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


def _representation_table(result: IndicatorResult, by: str, char: Characteristic) -> list[str]:
    focus, needed = char.focus, f"{_slug(char.focus)}_needed"
    rows = [
        [
            str(p.breakdown[by]),
            {True: "clinical", False: "non-clinical", None: "unknown"}[p.breakdown["clinical"]],
            f"{int(p.extra['headcount']):,}",
            *(
                f"{100 * (p.groups[g].rate or 0):.1f}%"
                for g in (char.reference, focus, char.unknown)
            ),
            f"{p.extra['gap_percentage_points']:+.1f}",
            f"{int(p.extra[needed]):,}",
        ]
        for p in result.parts
    ]
    header = [by.capitalize(), "Side", "Headcount", char.reference, focus, char.unknown,
              "Gap (pts)", f"{focus} needed"]  # fmt: skip
    return [f"{result.id} representation by {by} ({focus} share of each {by}):"] + [
        "  " + line for line in _table(rows, header)
    ]
