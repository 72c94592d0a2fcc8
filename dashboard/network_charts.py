"""Altair charts for comparing trusts: the funnel plot and the trends in small multiples.

Same habits as dashboard/charts.py: results in (never row-level data), a `Chart` out with alt
text written from the same numbers and the table behind it; colour is never the only signal
(position is also a marker shape and a word), and no red/green. Sizes shown follow the
publication rule (`metrics.network.publishable_size`): a trust whose size is hidden is left off
the chart, and headcounts are rounded to 5.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import BLUE, GREY, LOG_TICKS, ORANGE, REDDISH_PURPLE, SKY_BLUE, Chart
from dashboard.compare_render import format_value
from metrics.network import Comparison, publishable_size
from metrics.network_values import NETWORK_INDICATORS, NetworkValues

POSITION_STYLE = {  # word, colour, shape: beyond the limits is told by shape and word as well
    "within": ("within limits", GREY, "circle"),
    "above_95": ("above 95% limit", ORANGE, "triangle-up"),
    "above_99.8": ("above 99.8% limit", ORANGE, "triangle-up"),
    "below_95": ("below 95% limit", SKY_BLUE, "triangle-down"),
    "below_99.8": ("below 99.8% limit", SKY_BLUE, "triangle-down"),
}
X_TITLES = {
    "denominator": "Size: {size} (log scale, rounded to 5)",
    "precision": "Precision, 1/SE² (log scale): trusts with more events sit further right",
}
TRENDS_MAX = 48  # small multiples beyond this are unreadable; the table still has them all


def _fmt(unit: str, x: float | None) -> str:
    shown = format_value(x, unit)
    return f"{shown} points" if unit == "percentage points" and shown != "–" else shown


def _points(comparison: Comparison, highlight: str | None) -> pd.DataFrame:
    unit = comparison.indicator.unit
    rows = []
    for o in comparison.organisations:
        size = publishable_size(o.denominator)
        if o.funnel == "not_placed" or size is None or o.x is None or o.value is None:
            continue
        x = size if comparison.funnel.x_measure == "denominator" else o.x
        word = POSITION_STYLE[o.funnel][0]
        rows.append({
            "Trust": o.organisation, "x": x, "Value": o.value, "Shown": _fmt(unit, o.value),
            "95% CI": f"{_fmt(unit, o.ci_lower)} to {_fmt(unit, o.ci_upper)}",
            "Size": size, "Position": word, "Rank": f"{o.rank} ({o.rank_low}-{o.rank_high})",
            "Highlighted": o.organisation == highlight,
            "Label": o.organisation if (o.organisation == highlight or o.funnel.endswith("99.8"))
            else "",
        })  # fmt: skip
    return pd.DataFrame(rows)


def _y_scale(points: pd.DataFrame, curve: pd.DataFrame, pooled: float, log: bool) -> alt.Scale:
    """The trusts' values and the limits where they are narrowest, with some room: the limits'
    open end (the smallest trusts) would otherwise squeeze every point into a thin band."""
    narrow = curve.iloc[-1] if len(curve) else pd.Series(dtype=float)
    values = [*points["Value"], pooled, *narrow.drop("x", errors="ignore")]
    low, high = min(values), max(values)
    if log:
        low, high = low / 1.15, high * 1.15
        return alt.Scale(type="log", domain=[low, high], nice=False)
    pad = 0.08 * (high - low or 1.0)
    return alt.Scale(zero=False, domain=[low - pad, high + pad], nice=False)


def funnel_plot(comparison: Comparison, highlight: str | None = None) -> Chart:
    """Each trust's value against its size, with the pooled value and 95%/99.8% limits."""
    spec = comparison.indicator
    title = f"{spec.id} {comparison.year}: {spec.label}"
    points = _points(comparison, highlight)
    table_columns = ["Trust", "Shown", "95% CI", "Size", "Position", "Rank"]
    if points.empty or comparison.pooled is None:
        alt_text = f"Funnel plot of {spec.id} {comparison.year}: no trust has a value to plot."
        empty = pd.DataFrame(columns=table_columns)
        chart = (
            alt.Chart(pd.DataFrame({"x": [0]}))
            .mark_text(text="No values to plot")
            .properties(title=title, width="container", height=60, description=alt_text)
        )
        return Chart(chart, alt_text, empty, title)
    log_y = spec.unit == "relative likelihood"
    curve = comparison.funnel.curve(points=120, x_min=points["x"].min(), x_max=points["x"].max())
    x_title = X_TITLES[comparison.funnel.x_measure or "precision"].format(size=spec.size_label)
    x = alt.X("x:Q", title=x_title, scale=alt.Scale(type="log"))
    y_scale = _y_scale(points, curve, comparison.pooled, log_y)
    y_axis = alt.Axis(values=list(LOG_TICKS)) if log_y else alt.Axis()  # readable ratios
    y_title = f"{spec.id} ({spec.unit})"
    limits = curve.melt("x", var_name="limit", value_name="y")
    limits["Limit"] = limits["limit"].map(
        {
            "lower95": "95% limits",
            "upper95": "95% limits",
            "lower998": "99.8% limits",
            "upper998": "99.8% limits",
        }  # fmt: skip
    )
    limit_lines = (
        alt.Chart(limits)
        .mark_line(color=GREY, clip=True)
        .encode(
            x=x,
            y=alt.Y("y:Q", title=y_title, scale=y_scale, axis=y_axis),
            detail="limit:N",
            strokeDash=alt.StrokeDash(
                "Limit:N",
                scale=alt.Scale(domain=["95% limits", "99.8% limits"], range=[[6, 3], [2, 2]]),
            ),  # fmt: skip
        )
    )
    pooled = (
        alt.Chart(pd.DataFrame({"y": [comparison.pooled]})).mark_rule(color=BLUE).encode(y="y:Q")
    )
    styles = list(POSITION_STYLE.values())
    domain = list(dict.fromkeys(w for w, _, _ in styles))
    colours = [next(c for w2, c, _ in styles if w2 == w) for w in domain]
    shapes = [next(s for w2, _, s in styles if w2 == w) for w in domain]
    marks = (
        alt.Chart(points)
        .mark_point(filled=True, opacity=0.85)
        .encode(
            x=x,
            y=alt.Y("Value:Q", scale=y_scale),
            color=alt.Color("Position:N", scale=alt.Scale(domain=domain, range=colours)),
            shape=alt.Shape("Position:N", scale=alt.Scale(domain=domain, range=shapes)),
            size=alt.condition("datum.Highlighted", alt.value(220), alt.value(60)),
            stroke=alt.condition("datum.Highlighted", alt.value(REDDISH_PURPLE), alt.value(None)),
            tooltip=["Trust", "Shown", "95% CI", "Size", "Position", "Rank"],
        )
    )
    labels = (
        alt.Chart(points[points["Label"] != ""])
        .mark_text(align="left", dx=8, dy=-6, fontSize=11)
        .encode(x=x, y=alt.Y("Value:Q", scale=y_scale), text="Label:N")
    )
    layers = [limit_lines, pooled, marks, labels]
    if spec.equality is not None:
        layers.insert(1, alt.Chart(pd.DataFrame({"y": [spec.equality]}))
                      .mark_rule(color=GREY, strokeWidth=1).encode(y="y:Q"))  # fmt: skip
    alt_text = _funnel_words(comparison, points, highlight)
    chart = alt.layer(*layers).properties(
        title=title, width="container", height=380, description=alt_text
    )
    return Chart(chart, alt_text, points[table_columns].reset_index(drop=True), title)


def _funnel_words(comparison: Comparison, points: pd.DataFrame, highlight: str | None) -> str:
    spec = comparison.indicator
    counts = points["Position"].value_counts()
    above = int(counts.get("above 95% limit", 0) + counts.get("above 99.8% limit", 0))
    below = int(counts.get("below 95% limit", 0) + counts.get("below 99.8% limit", 0))
    words = (
        f"Funnel plot of {spec.id} in {comparison.year} for {len(points)} trusts: network value "
        f"{_fmt(spec.unit, comparison.pooled)} from the pooled counts. {above} above the 95% "
        f"limit ({int(counts.get('above 99.8% limit', 0))} of them above 99.8%), {below} below "
        f"({int(counts.get('below 99.8% limit', 0))} below 99.8%), "
        f"{int(counts.get('within limits', 0))} within."
    )
    mine = points[points["Highlighted"]]
    if highlight and not mine.empty:
        row = mine.iloc[0]
        words += f" Highlighted: {highlight} at {row['Shown']} ({row['Position']})."
    return words


def trends(values: NetworkValues, indicator: str, organisations: tuple[str, ...],
           highlight: str | None = None) -> Chart:  # fmt: skip
    """The indicator over the years, one small panel per trust, with its interval."""
    spec = NETWORK_INDICATORS[indicator]
    frame = values.frame
    rows = frame[(frame["indicator"] == indicator) & frame["organisation"].isin(organisations)]
    rows = rows[rows["value"].notna()].copy()
    shown = rows["denominator"].map(lambda n: publishable_size(int(n)) is not None)
    rows = rows[shown]
    present = set(rows["organisation"])
    order = [o for o in organisations if o in present][:TRENDS_MAX]
    rows = rows[rows["organisation"].isin(order)]
    title = f"{spec.id} over the years, trust by trust"
    table = pd.DataFrame({
        "Trust": rows["organisation"], "Year": rows["year"].astype(int),
        "Value": [_fmt(spec.unit, v) for v in rows["value"]],
        "95% CI": [f"{_fmt(spec.unit, lo)} to {_fmt(spec.unit, hi)}"
                   for lo, hi in zip(rows["ci_lower"], rows["ci_upper"], strict=True)],
    }).reset_index(drop=True)  # fmt: skip
    if rows.empty:
        alt_text = f"No trust has {spec.id} values to draw over the years."
        chart = (
            alt.Chart(pd.DataFrame({"x": [0]}))
            .mark_text(text="No values to plot")
            .properties(title=title, width="container", height=60, description=alt_text)
        )
        return Chart(chart, alt_text, table, title)
    data = rows[["organisation", "year", "value", "ci_lower", "ci_upper"]].rename(
        columns={"organisation": "Trust"}
    )
    data["Highlighted"] = data["Trust"] == highlight
    y_scale = alt.Scale(type="log") if spec.unit == "relative likelihood" else alt.Scale(zero=False)
    base = alt.Chart(data).encode(x=alt.X("year:O", title=None))
    band = base.mark_rule(color=GREY).encode(y=alt.Y("ci_lower:Q", scale=y_scale,
                                                     title=spec.unit), y2="ci_upper:Q")  # fmt: skip
    line = base.mark_line(point=True).encode(
        y=alt.Y("value:Q", scale=y_scale),
        color=alt.condition("datum.Highlighted", alt.value(REDDISH_PURPLE), alt.value(BLUE)),
        tooltip=["Trust", "year:O", alt.Tooltip("value:Q", format=".2f")],
    )
    layers = [band, line]
    if spec.equality is not None:
        layers.insert(0, base.mark_rule(color=GREY, strokeDash=[4, 3]).encode(
            y=alt.datum(spec.equality)))  # fmt: skip
    chart = (
        alt.layer(*layers, data=data)
        .properties(width=150, height=90)
        .facet(
            facet=alt.Facet(
                "Trust:N",
                sort=order,
                title=None,
                header=alt.Header(labelLimit=150, labelFontSize=10),
            ),
            columns=4,
        )  # fmt: skip
        .resolve_scale(y="shared")
    )
    years = sorted(int(y) for y in data["year"].unique())
    first, last = data[data["year"] == years[0]], data[data["year"] == years[-1]]
    rising = (last.set_index("Trust")["value"] - first.set_index("Trust")["value"]).dropna()
    alt_text = (
        f"{spec.id} from {years[0]} to {years[-1]} for {len(order)} trusts, one panel each"
        + (f" (the first {TRENDS_MAX} of {len(organisations)})" if len(organisations) > TRENDS_MAX
           else "")
        + f": {int((rising > 0).sum())} rose and {int((rising < 0).sum())} fell over the period."
    )  # fmt: skip
    return Chart(chart.properties(title=title, description=alt_text), alt_text, table, title)
