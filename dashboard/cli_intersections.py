"""`--by sex|disability|ethnicity` for `inclusivehr wres`, `wdes`, `medical` and `report`: the
standard's indicators split by a second characteristic, beside all staff
(metrics.standards.intersections), for the whole organisation or the --directorate /
--staff-group asked for.

The commands load with `by` so the staff file's column for it is read and required; this module
turns the loaded inputs into split counts (what --emit-counts writes), the split reports and
their JSON block or text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    import pandas as pd

    from metrics.inputs.pipeline import Loaded_
    from metrics.standards.intersections import Intersections

BY_CHOICES = ("sex", "disability", "ethnicity")


def by_option(command):
    """--by: split every indicator that can be split by a second characteristic."""
    return click.option(
        "--by",
        type=click.Choice(BY_CHOICES),
        help="Also give each indicator for each group of a second characteristic (women and "
        "men ...), beside all staff; survey indicators only when the survey file gives both "
        "characteristics on the same rows.",
    )(command)


def check_by(standard: str, by: str | None) -> None:
    """Refuse splitting a standard by its own characteristic before any file is read."""
    if by is None:
        return
    from metrics.standards.definitions import standard as standard_named

    if standard_named(standard).characteristic.name == by:
        raise click.BadParameter(
            f"the {standard} is about {by} already; split it by another characteristic",
            param_hint="--by",
        )


def split_counts(result: Loaded_, *, standard: str, by: str | None, organisation: str | None,
                 year: int | None) -> pd.DataFrame:  # fmt: skip
    """The counts behind the figures: the ordinary rows, and with `by` the rows split by it too
    (made from the row-level files, or a counts return's own). This is what --emit-counts
    writes, so reading it back gives the same split figures; notes join result.notes."""
    import pandas as pd

    from metrics.counts.table import Inputs, ordinary
    from metrics.standards.intersections import intersection_counts

    counts = result.counts
    if by is None or "characteristic" not in counts:
        return ordinary(counts)
    counts = counts[(counts["characteristic"].isna() | (counts["characteristic"] == by)).to_numpy()]
    if result.inputs and "counts" not in result.inputs:  # none: from --source, split there
        inputs = Inputs(organisation=organisation, notes=result.notes, **result.inputs)
        split = intersection_counts(inputs, standard, by, year)
        counts = pd.concat([counts, split], ignore_index=True)
    return counts


def split_report(counts: pd.DataFrame, *, standard: str, by: str | None,
                 organisation: str | None, year: int | None, options,
                 unit: dict[str, str | None] | None = None) -> Intersections | None:  # fmt: skip
    """The split reports from split_counts' counts when `by` is given, for the unit
    (--directorate, --staff-group) when one is named."""
    if by is None:
        return None
    from metrics.standards.intersections import report_by

    return report_by(counts, standard=standard, by=by, organisation=organisation, year=year,
                     unit=unit, options=options)  # fmt: skip


def with_intersections(output: dict[str, Any] | str,
                       found: Intersections | None) -> dict[str, Any] | str:  # fmt: skip
    """The JSON payload with its "intersections" block, or the text with its section."""
    if found is None:
        return output
    from dashboard.render_intersections import intersections_json, intersections_text

    if isinstance(output, dict):
        return {**output, "intersections": intersections_json(found)}
    return output + "\n" + intersections_text(found)
