"""`inclusivehr paygap`: pay gaps by sex, ethnicity or disability from a staff file.

Registered on the main group in dashboard/cli.py. The staff file loads as for every command
(dashboard/cli_support.py) with the pay-gap purpose: hourly pay is needed, ethnicity is not unless
the gap is by ethnicity. With --source the staff table is counted in its database
(metrics.query.paygap): people per rate, never a row per person, give the same figures. --json prints the shape in metrics.standards.pay_reading.as_json with the
intervals added beside the figures they belong to (`with_intervals`)."""

from __future__ import annotations

import json

import click

from dashboard.cli_source import check_source, pay_rows_from, source_options
from dashboard.cli_support import FILE, guarded, json_option, load_inputs

QUARTER_NAMES = ("Lower (lowest paid)", "Lower middle", "Upper middle", "Upper (highest paid)")


def _percent(value: float | None) -> str:
    return "not available" if value is None else f"{value:.1f}%"


def _gap(value: float | None, focus: str) -> str:
    if value is None:
        return "not available"
    if value > 0:
        return f"{value:.2f}% ({focus} paid less)"
    if value < 0:
        return f"{value:.2f}% ({focus} paid more)"
    return "0.00% (no gap)"


def _interval(found) -> str:
    return "" if found is None else f"  (95% interval {found.lower:.1f}% to {found.upper:.1f}%)"


def _money(value: float | None) -> str:
    return "not available" if value is None else f"£{value:,.2f}"


def _median_interval(found) -> str:
    return "" if found is None else f" (95% interval £{found.lower:,.2f} to £{found.upper:,.2f})"


# (key of a figure in the JSON shape, key of its interval, how to find the interval)
_GAP_INTERVALS = (
    ("mean_hourly_gap_percent", "mean_hourly_gap_ci", lambda f: f.hourly_gap_intervals.mean),
    ("median_hourly_gap_percent", "median_hourly_gap_ci", lambda f: f.hourly_gap_intervals.median),
    ("mean_bonus_gap_percent", "mean_bonus_gap_ci", lambda f: f.bonus_gap_intervals.mean),
    ("median_bonus_gap_percent", "median_bonus_gap_ci", lambda f: f.bonus_gap_intervals.median),
)


def _pair(found) -> list[float] | None:
    return None if found is None else [found.lower, found.upper]


def _figures_with_intervals(shape: dict, figures, where: str, missing: dict) -> dict:
    """``shape`` with each interval beside its figure, and each group's median hourly pay with its
    exact interval after the hourly gaps; what is null and why goes into ``missing``."""
    out = {}
    for key, value in shape.items():
        out[key] = value
        for figure, name, find in _GAP_INTERVALS:
            if key == figure:
                out[name] = _pair(find(figures))
                if out[name] is None and value is not None:
                    missing.setdefault(name, []).append(where)
        if key == "median_hourly_gap_percent":
            out["median_hourly_pay"] = dict(figures.median_hourly)
            out["median_hourly_pay_ci"] = {
                g: _pair(found) for g, found in figures.median_intervals.items()
            }
            for g, found in figures.median_intervals.items():
                if found is None:
                    n = figures.hourly_employees.get(g, 0)
                    missing.setdefault("median_hourly_pay_ci", []).append(
                        f"{g} in {where} ({n} with an hourly pay)"
                    )
    return out


def with_intervals(shape: dict, result) -> dict:
    """The `paygap --json` object with its intervals: `*_gap_ci` (percentile bootstrap, for the
    organisation and each pay scheme) and `median_hourly_pay_ci` (exact, order statistics) as
    [low, high], null where not worked out, the reasons added to `notes`. Keys are only added."""
    missing: dict[str, list[str]] = {}
    out = _figures_with_intervals(shape, result.overall, "the organisation", missing)
    out["by_pay_scheme"] = {
        name: _figures_with_intervals(shape["by_pay_scheme"][name], figures, name, missing)
        for name, figures in result.by_pay_scheme.items()
    }
    band_missing: dict[str, list[str]] = {}
    out["by_band"] = [
        _figures_with_intervals(entry, figures, band, band_missing)
        for entry, (band, figures) in zip(shape["by_band"], result.by_band, strict=True)
    ]
    if band_missing.get("median_hourly_pay_ci"):
        missing.setdefault("median_hourly_pay_ci", []).extend(band_missing["median_hourly_pay_ci"])
    notes = list(shape["notes"])
    if any(name in band_missing for _, name, _ in _GAP_INTERVALS):
        notes.append(
            "Gap intervals (*_gap_ci) are worked out for the organisation and each pay scheme, "
            "not for each band: they are null in by_band."
        )
    gaps = [name for _, name, _ in _GAP_INTERVALS if missing.get(name)]
    for name in gaps:
        notes.append(
            f"{name} is null for {', '.join(missing[name])}: a resampled average of the "
            "reference group was 0, so some resampled gaps cannot be worked out."
        )
    if missing.get("median_hourly_pay_ci"):
        notes.append(
            "median_hourly_pay_ci is null where a group has too few staff with an hourly pay for "
            f"an exact {result.confidence:.0%} interval for its median (or none): "
            + "; ".join(missing["median_hourly_pay_ci"])
            + "."
        )
    methods = sorted({found.method for found in _all_intervals(result)})
    out["intervals"] = {"confidence": result.confidence, "methods": methods}
    out["notes"] = notes
    return out


def _all_intervals(result):
    parts = [result.overall, *result.by_pay_scheme.values(), *(f for _, f in result.by_band)]
    for figures in parts:
        for _, _, find in _GAP_INTERVALS:
            if find(figures) is not None:
                yield find(figures)
        yield from (found for found in figures.median_intervals.values() if found is not None)


def text(result) -> str:
    """The figures in plain words, the statistics beside them."""
    from metrics.counts.characteristics import characteristic
    from metrics.standards.pay_reading import who

    trait = characteristic(result.by)
    focus, reference = who(trait, result.focus), who(trait, result.reference)
    figures = result.overall
    year = f", {result.year}" if result.year is not None else ""
    lines = [f"Pay gap by {trait.label}{year}: {focus} compared with {reference}"]
    compared = [f"{n:,} {who(trait, g)}" for g, n in figures.employees.items()
                if g in figures.hourly_employees]  # fmt: skip
    left_out = [f"{n:,} {who(trait, g)}" for g, n in figures.employees.items()
                if g not in figures.hourly_employees and n]  # fmt: skip
    lines.append(
        "Staff compared: " + " and ".join(compared)
        + (f"; left out: {', '.join(left_out)}" if left_out else "")
    )  # fmt: skip
    if figures.status != "ok":
        lines.append(f"Status: {figures.status.replace('_', ' ')} ({figures.reason}).")
    lines += [
        "",
        "Hourly pay (full-pay relevant staff)",
        f"  Median gap: {_gap(figures.median_hourly_gap_percent, focus)}"
        + _interval(figures.hourly_gap_intervals.median),
        f"  Mean gap:   {_gap(figures.mean_hourly_gap_percent, focus)}"
        + _interval(figures.hourly_gap_intervals.mean),
        "  Median hourly pay: "
        + "; ".join(
            f"{who(trait, g)} {_money(v)}{_median_interval(figures.median_intervals[g])}"
            for g, v in figures.median_hourly.items()
        ),
        "Bonus pay",
        "  Paid a bonus: "
        + ", ".join(f"{who(trait, g)} {_percent(v)}" for g, v in figures.bonus_percent.items()),
        f"  Median bonus gap: {_gap(figures.median_bonus_gap_percent, focus)}",
        f"  Mean bonus gap:   {_gap(figures.mean_bonus_gap_percent, focus)}",
        "Pay quarters, equal numbers of staff ranked by hourly pay (share of "
        + " / ".join(who(trait, g) for g in figures.hourly_employees)
        + ")",
    ]
    for name, quarter in zip(QUARTER_NAMES, figures.quartiles, strict=True):
        shares = " / ".join(_percent(quarter[g]) for g in figures.hourly_employees)
        lines.append(f"  {name}: {shares}")
    parts = [*result.by_pay_scheme.items(), *result.by_band]
    if parts:
        lines.append("By pay scheme and band (median / mean hourly gap)")
    for name, part in parts:
        flag = "" if part.status == "ok" else f"  [{part.status.replace('_', ' ')}]"
        lines.append(
            f"  {name}: {_gap(part.median_hourly_gap_percent, focus)} / "
            f"{_gap(part.mean_hourly_gap_percent, focus)}{flag}"
        )
    lines += ["", *(f"Note: {note}" for note in result.notes)]
    return "\n".join(lines)


@click.command()
@click.option("--staff", type=FILE, help="Staff in post (ESR-style extract), CSV or XLSX.")
@click.option("--workbook", type=FILE, help="One workbook with a Staff sheet.")
@click.option(
    "--by",
    type=click.Choice(["sex", "ethnicity", "disability"]),
    required=True,
    help="The characteristic to compare pay by.",
)
@click.option(
    "--reference",
    help="The group compared with (default: Male, White or Non-disabled; for ethnicity "
    "'White British' compares with White British staff alone).",
)
@click.option("--year", type=int, help="Year (default: the latest in the data).")
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
              help="Say which column holds a field, e.g. --map 'Hourly Rate=hourly_pay'.")  # fmt: skip
@source_options
@json_option
@guarded
def paygap(staff, workbook, by, reference, year, maps, source, tables, as_json):
    """Pay gaps by sex, ethnicity or disability: mean and median hourly and bonus gaps, the share
    paid a bonus and pay quarters, for the organisation, each band and each pay scheme.

    A positive gap means the focus group (women, BME or Disabled staff) is paid less. Exact
    figures for internal use: publish only after disclosure control."""
    if check_source(source, tables, staff=staff, workbook=workbook):
        # only how many people of each group are on each rate comes back from the database
        rows = pay_rows_from(source, tables, maps=maps, by=(by,),
                             ethnic_codes=by == "ethnicity" and reference is not None)  # fmt: skip
    else:
        result = load_inputs(staff=staff, recruitment=None, disciplinary=None, training=None,
                             board=None, survey=None, workbook=workbook, counts=None, maps=maps,
                             organisation=None, year=year, purpose="paygap", by=by)  # fmt: skip
        if "staff" not in result.inputs:
            raise click.UsageError("the workbook has no staff sheet; pay gaps need one")
        rows = result.inputs["staff"].frame
    from metrics.standards.pay_reading import as_json as json_of
    from metrics.standards.paygap import pay_gap

    found = pay_gap(rows, by, reference=reference, year=year)
    if as_json:
        click.echo(json.dumps(with_intervals(json_of(found), found), indent=2, ensure_ascii=False))
    else:
        click.echo(text(found))
