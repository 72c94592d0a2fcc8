"""The compare command's part for returns as they arrive: what "*" stands for (``--star``), the
range of a figure resting on a suppressed count in the JSON (``value: null`` and
``value_range``), and the request tracker (``--request-tracker``)."""

from __future__ import annotations

import json
from typing import Any

import click

STAR_HELP = (
    'What "*" stands for in the returns, as a range of counts (default 0-4: a count below 5, '
    'zero included; 1-4 where zero is not suppressed). "<5" is always 0-4, "fewer than 10" '
    '0-9; "n/a", "not held" and "-" are counts not given (not zero).'
)
TRACKER_HELP = (
    "Instead of comparing: which trusts have returned which years and indicators, which are "
    "missing, and the text of the standard request for the figures (with --json, one object)."
)


def star_value(_ctx, _param, value: str) -> tuple[int, int]:
    """The --star option read, or a usage error that says how to write it."""
    from metrics.compare.censored import parse_star  # the library when it is asked for

    try:
        return parse_star(value)
    except ValueError as exc:
        raise click.BadParameter(f"{exc}: give the range as LOW-HIGH") from None


def _shown(x: float | None, unit: str) -> float | None:
    if x is None:
        return None
    return round(x, 2) if unit in ("relative likelihood", "score points") else round(x, 1)


def with_value_ranges(
    payload: dict[str, Any], values, *, year: int, indicator: str, unit: str
) -> dict[str, Any]:
    """The comparison JSON with ``value_range`` on every organisation: [low, high] for one whose
    figure rests on a suppressed count (its value null; [null, null] when a count was not given
    at all), null otherwise; and a note naming those left off the funnel."""
    from metrics.compare.censored import ranges_for

    ranges = ranges_for(values, indicator, year)
    left_off = []
    for row in payload["organisations"]:
        found = ranges.get(row["organisation"])
        if found is None or row.get("status") == "hidden":
            row["value_range"] = None
            continue
        row["value"] = None
        row["value_range"] = [_shown(found[0], unit), _shown(found[1], unit)]
        left_off.append(row["organisation"])
    if left_off:
        payload["notes"] = [*payload.get("notes", []), left_off_note(left_off)]
    return payload


def ranges_text(comparison, values) -> str:
    """For the text output: each trust left off the funnel because its figure rests on a
    suppressed count, with its range (none for a trust hidden as too small to publish)."""
    from metrics.compare.censored import ranges_for

    spec = comparison.indicator
    ranges = ranges_for(values, spec.id, comparison.year)
    lines = []
    for o in comparison.organisations:
        found = ranges.get(o.organisation)
        if found is None or o.status == "hidden":
            continue
        if found[0] is None:
            lines.append(f"  {o.organisation}: no range, a count it rests on was not given")
        else:
            digits = 2 if spec.unit in ("relative likelihood", "score points") else 1
            low, high = (f"{x:.{digits}f}" for x in found)
            lines.append(f"  {o.organisation}: between {low} and {high}")
    if not lines:
        return ""
    head = "Left off the funnel, resting on a suppressed count (such as <5), given as a range:"
    return "\n".join(["", head, *lines]) + "\n"


def left_off_note(names: list[str]) -> str:
    return (
        f"{len(names)} trust(s) left off the funnel because their figure rests on a suppressed "
        "count (such as <5), given as a range instead: " + ", ".join(names)
    )


def tracker_output(network, as_json: bool) -> str:
    """The request tracker of the loaded returns: a table per trust and year, and the request
    text for each standard they hold."""
    from metrics.compare import censored, tracker

    found = tracker.tracker(network.counts, network.censored)
    per_trust = found.by_trust()
    years = sorted({int(y) for y in found.table["year"].unique()})
    stds = list(dict.fromkeys(found.table["standard"]))
    requests = {std: tracker.request_text(std, years) for std in stds}
    if as_json:
        payload = {
            "tracker": [
                {**row, "suppressed": int(row["suppressed"]), "year": int(row["year"])}
                for row in found.table.to_dict(orient="records")
            ],
            "by_trust": per_trust.to_dict(orient="records"),
            "missing": len(found.missing()),
            "suppressed_cells": censored.suppressed_by_trust(network.censored)
            .astype(object)
            .to_dict(orient="records"),
            "requests": requests,
        }
        return json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n"
    lines = ["Returns received (indicators returned of those asked, per trust and year):", ""]
    for row in per_trust.to_dict(orient="records"):
        missing = f"; missing {row['missing']}" if row["missing"] else ""
        cut = row["suppressed cells"]
        suppressed = f"; {cut} suppressed cell(s)" if cut else ""
        lines.append(
            f"  {row['organisation']} {row['year']}: {row['returned']} of {row['asked']}"
            f"{missing}{suppressed}"
        )
    for std, text in requests.items():
        lines += ["", f"--- The standard request ({std}) ---", "", text.rstrip("\n")]
    return "\n".join(lines) + "\n"
