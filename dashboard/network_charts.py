"""Altair charts for comparing trusts: the funnel plot and the trends in small multiples.

Same habits as dashboard/charts.py: results in (never row-level data), a `Chart` out with alt
text written from the same numbers and the table behind it; colour is never the only signal
(position is also a marker shape and a word), and no red/green. Sizes shown follow the
publication rule (`metrics.compare.network.publishable_size`): a trust whose size is hidden is left off
the chart, and headcounts are rounded to 5.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from dashboard.charts import (
    BLUE,
    GREY,
    LABEL_LIMIT,
    LOG_TICKS,
    ORANGE,
    REDDISH_PURPLE,
    SKY_BLUE,
    Chart,
)
from dashboard.compare_render import (
    TWO_DECIMALS,
    gap_words,
    pays,
    publishable_row,
    score_text,
    share_words,
    with_unit,
)
from metrics.compare.gpg import PayGapTable
from metrics.compare.in_range import RangeYear
from metrics.compare.network import Comparison, publishable_size
from metrics.compare.values import INDICATORS, NetworkValues
from metrics.counts.characteristics import characteristic
from metrics.disclosure.control import published_percent
from metrics.standards.indicators import ALL

POSITION_STYLE = {  # word, colour, shape: beyond the limits is told by shape and word as well
    "within": ("within limits", GREY, "circle"),
    "above_95": ("above 95% limit", ORANGE, "triangle-up"),
    "above_99.8": ("above 99.8% limit", ORANGE, "triangle-up"),
    "below_95": ("below 95% limit", SKY_BLUE, "triangle-down"),
    "below_99.8": ("below 99.8% limit", SKY_BLUE, "triangle-down"),
}
# The funnel's x-axis: each trust's size in the indicator's own terms. The limits are drawn
# against precision (1/SE²); any constant multiple of it keeps them and every trust in place.
SIZE_WORDS = {
    "WRES2": "applicants appointed",
    "WRES3": "staff entering a formal disciplinary investigation",
    "WRES4": "staff accessing training",
    "WDES2": "applicants appointed",
    "WDES3": "staff entering the formal capability process",
}
SIZE_BY_KIND = {
    "ratio": "events",
    "gap": "survey respondents",
    "survey_share": "survey respondents",
    "board": "voting board members",
}
EQUIVALENT_NOTE = {
    "ratio": (
        "Across the bottom: the trust's size as an equivalent number of {size}. A trust's "
        "relative likelihood is only as precise as its numbers of events in the two groups "
        "(Katz's standard error, SE). When the events are split about equally, SE² is about 4 "
        "divided by the number of events, so 4/SE² is the number of events that gives the "
        "trust's precision; the funnel's limits narrow as it grows. It is a monotone rescaling "
        "of precision (1/SE²), so the limits and each trust's place are exactly as computed."
    ),
    "gap": (
        "Across the bottom: the trust's size as an equivalent number of survey respondents. A "
        "gap between two groups' percentages is only as precise as the numbers answering in "
        "each group, so precision (1/SE²) is scaled so that a trust whose {groups} "
        "respondents are in the network's typical proportions sits at its own number of "
        "respondents. A constant multiple of precision keeps the limits and each trust's place "
        "exactly as computed."
    ),
}
HALF_WIDTH = alt.ExprRef(expr=f"min({LABEL_LIMIT}, width / 2 - 10)")
TREND_PANEL = 130  # pixels wide: two panels, their axes and spacing fit a 390 px phone
TRENDS_MAX = 48  # small multiples beyond this are unreadable; the table still has them all


def _nothing_to_plot(title: str, alt_text: str, table: pd.DataFrame) -> Chart:
    """A chart with no values: its title and a line saying so, the table still given."""
    chart = (
        alt.Chart(pd.DataFrame({"x": [0]}))
        .mark_text(text="No values to plot")
        .properties(title=title, width="container", height=60, description=alt_text)
    )
    return Chart(chart, alt_text, table, title)


def _published(unit: str, x: float | None, size: int | None = None) -> float | None:
    """A value as the Compare page may publish it: a share or gap to the step its rounded size
    allows (a tenth of a per cent beside "about 40" would give the count away); a ratio as is.
    Drawn positions use it too, since a chart's data can be read from the page."""
    return x if unit in TWO_DECIMALS else published_percent(x, size)


def _fmt(unit: str, x: float | None, size: int | None = None) -> str:
    return with_unit(_published(unit, x, size), unit)


def size_words(comparison: Comparison) -> str:
    """What the funnel's x-axis counts, in the indicator's own terms ("applicants appointed")."""
    spec = comparison.indicator
    if spec.kind == "share":
        return "staff in post" + spec.size_label.removeprefix("staff")
    return SIZE_WORDS.get(spec.id, SIZE_BY_KIND.get(spec.kind, spec.size_label))


def _x_title(comparison: Comparison) -> list[str]:
    words = size_words(comparison)
    words = words[:1].upper() + words[1:]
    if comparison.funnel.x_measure == "precision":
        return [f"{words}: equivalent number", "(log scale; see how this chart is drawn)"]
    return [f"{words} (log scale, rounded to 5)"]


def _x_factor(comparison: Comparison) -> float:
    """The constant that turns precision (1/SE²) into an equivalent size (1 for a headcount)."""
    if comparison.funnel.x_measure != "precision":
        return 1.0
    if comparison.indicator.kind == "ratio":
        return 4.0  # Katz: SE² ≈ 4/E when both groups have about E/2 events
    ratios = [
        o.denominator / o.x
        for o in comparison.organisations
        if o.x and o.funnel != "not_placed" and math.isfinite(o.x) and o.x > 0
    ]
    return float(pd.Series(ratios).median()) if ratios else 1.0


def _rounded(x: float) -> int:
    return int(5 * round(x / 5))


def _points(comparison: Comparison, highlight: str | None) -> pd.DataFrame:
    unit = comparison.indicator.unit
    factor = _x_factor(comparison)
    rows = []
    for o in comparison.organisations:
        size = publishable_size(o.denominator)
        if o.funnel == "not_placed" or size is None or o.x is None or o.value is None:
            continue
        x = size if comparison.funnel.x_measure == "denominator" else factor * o.x
        word = POSITION_STYLE[o.funnel][0]
        rank = "–" if o.rank is None else f"{o.rank} ({o.rank_low}-{o.rank_high})"
        rows.append({
            "Trust": o.organisation, "x": x, "Equivalent": _rounded(x),
            "Value": _published(unit, o.value, size),
            "Shown": _fmt(unit, o.value, size),
            "95% CI": f"{_fmt(unit, o.ci_lower, size)} to {_fmt(unit, o.ci_upper, size)}",
            "Size": size, "Position": word, "Rank": rank,
            "Highlighted": o.organisation == highlight,
            "Label": o.organisation if (o.organisation == highlight or o.funnel.endswith("99.8"))
            else "",
        })  # fmt: skip
    return pd.DataFrame(rows)


def _table(comparison: Comparison, points: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind the funnel with plain column names."""
    spec = comparison.indicator
    size = (
        size_words(comparison) if comparison.funnel.x_measure == "denominator" else spec.size_label
    )
    size = size[:1].upper() + size[1:]
    columns = {"Trust": "Trust", "Shown": "Value", "95% CI": "95% confidence interval",
               "Size": f"{size} (rounded to 5)"}  # fmt: skip
    if comparison.funnel.x_measure == "precision":
        columns["Equivalent"] = f"Equivalent {size_words(comparison)} (rounded to 5)"
    columns |= {"Position": "Against the funnel's limits", "Rank": "Rank (range)"}
    if points.empty:
        return pd.DataFrame(columns=list(columns.values()))
    return points[list(columns)].rename(columns=columns).reset_index(drop=True)


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


def funnel_plot(
    comparison: Comparison,
    highlight: str | None = None,
    national: float | None = None,
    period: str | None = None,
) -> Chart:
    """Each trust's value against its size, with the pooled value and 95%/99.8% limits, and a
    national figure as a labelled dashed line when one is given. ``period``: what the values
    cover when not the comparison's year ("pooled 2023-2025")."""
    spec = comparison.indicator
    when = period or str(comparison.year)
    title = f"{spec.id} {when}: {spec.label}"
    points = _points(comparison, highlight)
    if points.empty or comparison.pooled is None:
        alt_text = f"Funnel plot of {spec.id} {when}: no trust has a value to plot."
        empty = _table(comparison, points.iloc[0:0])
        return _nothing_to_plot(title, alt_text, empty)
    log_y = spec.unit == "relative likelihood"
    factor = _x_factor(comparison)
    curve = comparison.funnel.curve(
        points=120, x_min=points["x"].min() / factor, x_max=points["x"].max() / factor
    )
    curve["x"] = curve["x"] * factor  # the limits as computed, against the rescaled axis
    x_domain = [points["x"].min() / 1.3, points["x"].max() * 1.3]
    x = alt.X("x:Q", title=_x_title(comparison),
              scale=alt.Scale(type="log", domain=x_domain, nice=False))  # fmt: skip
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
        alt.Chart(pd.DataFrame({"y": [_published(comparison.indicator.unit, comparison.pooled)]}))
        .mark_rule(color=BLUE)
        .encode(y="y:Q")
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
            tooltip=[
                "Trust",
                alt.Tooltip("Shown:N", title="Value"),
                "95% CI",
                alt.Tooltip("Size:Q", title=f"Size ({spec.size_label}, rounded to 5)"),
                "Position",
                "Rank",
            ],
        )
    )
    layers = [
        limit_lines,
        pooled,
        marks,
        *name_labels(points, x, alt.Y("Value:Q", scale=y_scale), "Trust"),
    ]
    if spec.equality is not None:
        layers.insert(1, alt.Chart(pd.DataFrame({"y": [spec.equality]}))
                      .mark_rule(color=GREY, strokeWidth=1).encode(y="y:Q"))  # fmt: skip
    alt_text = _funnel_words(comparison, points, highlight, when)
    if national is not None and math.isfinite(national) and (not log_y or national > 0):
        line = pd.DataFrame({"y": [national], "label": [f"national {_fmt(spec.unit, national)}"]})
        rule = alt.Chart(line).mark_rule(color=REDDISH_PURPLE, strokeDash=[8, 4])
        label = alt.Chart(line).mark_text(align="left", dx=4, dy=-6, color=REDDISH_PURPLE)
        layers += [
            rule.encode(y=alt.Y("y:Q", scale=y_scale)),
            label.encode(y=alt.Y("y:Q", scale=y_scale), x=alt.value(0), text="label:N"),
        ]
        alt_text += f" Dashed purple line: the national figure, {_fmt(spec.unit, national)}."
    chart = alt.layer(*layers).properties(
        title=title, width="container", height=380, description=alt_text
    )
    note = EQUIVALENT_NOTE.get(spec.kind, "") if comparison.funnel.x_measure == "precision" else ""
    note = note.format(size=size_words(comparison), groups=f"{spec.first} and {spec.second}")
    return Chart(chart, alt_text, _table(comparison, points), title, note)


def name_labels(points: pd.DataFrame, x: alt.X, y: alt.Y, name: str) -> list[alt.Chart]:
    """Names (column `name`, cut short as its "Label" column has them) beside the highlighted
    trust or employer and those beyond the 99.8% limits, pointing inwards so
    that they stay inside the plot: each has at least half the plot's width on its side, and is cut
    to that (the tooltip has the whole name). A label reaching out of the plot would make
    Streamlit's fitted chart shrink the plot to make room for it, down to nothing on a phone."""
    named = points[points["Label"] != ""]
    if named.empty:
        return []
    logs = points["x"].map(math.log)
    span = (logs.max() - logs.min()) or 1.0
    right = (named["x"].map(math.log) - logs.min()) / span > 0.5
    out = []
    for part, side in ((named[~right], "left"), (named[right], "right")):
        if not part.empty:
            out.append(
                alt.Chart(part)
                .mark_text(
                    align=side, dx=8 if side == "left" else -8, dy=-6, fontSize=11, limit=HALF_WIDTH
                )  # fmt: skip
                .encode(x=x, y=y, text="Label:N", tooltip=f"{name}:N")
            )
    return out


def _funnel_words(
    comparison: Comparison, points: pd.DataFrame, highlight: str | None, when: str = ""
) -> str:
    spec = comparison.indicator
    counts = points["Position"].value_counts()
    above = int(counts.get("above 95% limit", 0) + counts.get("above 99.8% limit", 0))
    below = int(counts.get("below 95% limit", 0) + counts.get("below 99.8% limit", 0))
    words = (
        f"Funnel plot of {spec.id} in {when or comparison.year} for {len(points)} trusts: "
        "network value "
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
    spec = INDICATORS[indicator]
    frame = values.frame
    rows = frame[(frame["indicator"] == indicator) & frame["organisation"].isin(organisations)]
    rows = rows[rows["value"].notna()].copy()
    shown = rows["denominator"].map(lambda n: publishable_size(int(n)) is not None)
    rows = rows[shown]
    present = set(rows["organisation"])
    order = [o for o in organisations if o in present][:TRENDS_MAX]
    rows = rows[rows["organisation"].isin(order)].copy()
    sizes = rows["denominator"].map(lambda n: publishable_size(int(n)))
    for column in ("value", "ci_lower", "ci_upper"):
        rows[column] = [
            _published(spec.unit, v, n) for v, n in zip(rows[column], sizes, strict=True)
        ]
    title = f"{spec.id} over the years, trust by trust"
    table = pd.DataFrame({
        "Trust": rows["organisation"], "Year": rows["year"].astype(int),
        "Value": [_fmt(spec.unit, v) for v in rows["value"]],
        "95% CI": [f"{_fmt(spec.unit, lo)} to {_fmt(spec.unit, hi)}"
                   if spec.kind != "score_gap" else "none (a published score)"
                   for lo, hi in zip(rows["ci_lower"], rows["ci_upper"], strict=True)],
    }).reset_index(drop=True)  # fmt: skip
    if rows.empty:
        alt_text = f"No trust has {spec.id} values to draw over the years."
        return _nothing_to_plot(title, alt_text, table)
    data = rows[["organisation", "year", "value", "ci_lower", "ci_upper"]].rename(
        columns={"organisation": "Trust"}
    )
    data["Highlighted"] = data["Trust"] == highlight
    y_scale = alt.Scale(type="log") if spec.unit == "relative likelihood" else alt.Scale(zero=False)
    year = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True))
    base = alt.Chart(data).encode(x=year)
    band = base.mark_rule(color=GREY).encode(y=alt.Y("ci_lower:Q", scale=y_scale,
                                                     title=spec.unit), y2="ci_upper:Q")  # fmt: skip
    line = base.mark_line(point=True).encode(
        y=alt.Y("value:Q", scale=y_scale),
        color=alt.condition("datum.Highlighted", alt.value(REDDISH_PURPLE), alt.value(BLUE)),
        tooltip=[
            "Trust",
            alt.Tooltip("year:O", title="Year"),
            alt.Tooltip(
                "value:Q",
                title="Value",
                format=".2f" if spec.unit == "relative likelihood" else "d",
            ),
        ],  # fmt: skip
    )
    layers = [band, line]
    if spec.equality is not None:  # no x: the rule crosses the whole panel
        layers.insert(0, alt.Chart().mark_rule(color=GREY, strokeDash=[4, 3]).encode(
            y=alt.Y(datum=spec.equality, scale=y_scale)))  # fmt: skip
    # two columns of narrow panels: a facet cannot take its container's width, and two fit a
    # phone (390 px) as well as a desktop
    chart = (
        alt.layer(*layers, data=data)
        .properties(width=TREND_PANEL, height=90)
        .facet(
            facet=alt.Facet(
                "Trust:N",
                sort=order,
                title=None,
                header=alt.Header(labelLimit=TREND_PANEL, labelFontSize=10),
            ),
            columns=2,
        )  # fmt: skip
        .resolve_scale(y="shared")
        .resolve_axis(x="independent")  # years under every panel
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
    if spec.equality is not None:
        alt_text += f" Dashed line: equality ({_fmt(spec.unit, spec.equality)})."
    return Chart(chart.properties(title=title, description=alt_text), alt_text, table, title)


# --- published gender pay gaps ----------------------------------------------------------------

GPG_MAX = 40  # bars beyond this are unreadable on a phone; the table has every employer
GPG_ROW = 34  # pixels per employer: its name on one line, its bar below


def gpg_table(table: PayGapTable) -> pd.DataFrame:
    """Every employer as published, in words: the gap with which way it goes, the shares."""
    rows = []
    for e in table.employers:
        row = {
            "Rank": "–" if e.rank is None else str(e.rank),
            "Employer": e.name,
            "Median hourly gap": gap_words(e.median_hourly_gap),
            "Mean hourly gap": gap_words(e.mean_hourly_gap),
            "Median bonus gap": gap_words(e.median_bonus_gap),
            "Women paid a bonus": share_words(e.female_bonus_percent),
            "Men paid a bonus": share_words(e.male_bonus_percent),
        }
        for q in e.quartiles:
            row[f"Women in the {q.name} pay quartile"] = share_words(q.female)
        row["Employer size"] = e.size or "–"
        rows.append(row)
    return pd.DataFrame(rows)


def pay_gaps(table: PayGapTable) -> Chart:
    """The median hourly gender pay gap of each employer as published, largest first, with a
    line at no gap: bars to the right are employers paying women less."""
    ranked = [e for e in table.ranked if e.median_hourly_gap is not None]
    shown = ranked[:GPG_MAX]
    title = "Median hourly gender pay gap, as published"
    data_table = gpg_table(table)
    if not shown:
        alt_text = "No employer in the file has a median hourly pay gap to draw."
        return _nothing_to_plot(title, alt_text, data_table)
    data = pd.DataFrame(
        {
            "Employer": [e.name for e in shown],
            "gap": [e.median_hourly_gap for e in shown],
            "Rank": [e.rank for e in shown],
            "Size": [e.size or "not given" for e in shown],
            "text": [f"{e.median_hourly_gap:+.1f}%" for e in shown],
            "Who is paid less": [
                "women" if (e.median_hourly_gap or 0) > 0 else
                "men" if (e.median_hourly_gap or 0) < 0 else "neither" for e in shown
            ],
        }
    )  # fmt: skip
    low = min(0.0, float(data["gap"].min()))
    high = max(0.0, float(data["gap"].max()))
    pad = max(2.0, (high - low) * 0.1)
    x_scale = alt.Scale(domain=[low - (pad if low < 0 else 0), high + pad])
    order = list(data["Employer"])
    y = alt.Y("Employer:N", sort=order, title=None, axis=None)
    base = alt.Chart(data)
    bars = base.mark_bar(height=10, yOffset=6).encode(
        x=alt.X("gap:Q", title="Median hourly pay gap (%): right of 0, women paid less",
                scale=x_scale),
        x2=alt.datum(0),
        y=y,
        color=alt.Color("Who is paid less:N", title="Paid less",
                        scale=alt.Scale(domain=["women", "men", "neither"],
                                        range=[ORANGE, SKY_BLUE, GREY])),
        tooltip=["Employer", alt.Tooltip("gap:Q", title="Median gap (%)", format=".1f"),
                 "Who is paid less", "Rank", alt.Tooltip("Size", title="Employer size")],
    )  # fmt: skip
    names = base.mark_text(align="left", baseline="bottom", dy=-2, limit=LABEL_LIMIT * 2).encode(
        x=alt.value(0), y=y, text="Employer:N", tooltip="Employer:N"
    )
    values = base.mark_text(align="right", baseline="bottom", dy=-2).encode(
        x=alt.value("width"), y=y, text="text:N"
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color=GREY, strokeDash=[4, 3])
    layers = [zero.encode(x="x:Q"), bars, names, values]
    chart = alt.layer(*layers).properties(
        title=title, width="container", height=GPG_ROW * len(shown) + 20
    )
    top, bottom = shown[0], ranked[-1]
    median = table.median_gap()
    alt_text = (
        f"Median hourly gender pay gap of {len(ranked)} employer"
        f"{'s' if len(ranked) != 1 else ''} as published on the GOV.UK service, largest first"
        + (f" (the first {GPG_MAX} drawn)" if len(ranked) > GPG_MAX else "")
        + f": {pays(table.women_paid_less())} women less and "
        f"{pays(table.men_paid_less())} men less. "
        f"Largest gap: {top.name} at {gap_words(top.median_hourly_gap)}; smallest: "
        f"{bottom.name} at {gap_words(bottom.median_hourly_gap)}."
        + ("" if median is None else f" The median employer's gap is {median:.1f}%.")
        + " Dashed line: no gap."
    )
    note = (
        "Each bar runs from no gap (the dashed line) to the employer's median hourly pay gap as "
        "published: (men's median hourly pay - women's) / men's x 100. Bars to the right mean "
        "women are paid less; the colour says the same in a word in the tooltip and the table."
    )
    return Chart(chart.properties(description=alt_text), alt_text, data_table, title, note)


SCORES_MAX = 40  # bars beyond this are unreadable on a phone; the table has every trust


def score_table(comparison: Comparison) -> pd.DataFrame:
    """Every trust on a score gap (WDES9a) as it may be shared: the gap, each group's published
    score and the organisation's, ranked by the gap; no interval (there is none to give)."""
    spec = comparison.indicator
    who = characteristic(spec.characteristic).who
    rows = []
    for o in comparison.organisations:
        shown = publishable_row(o, spec.unit)
        hidden = shown["denominator_suppressed"]
        scores = shown.get("scores") or {}
        rows.append({
            "Rank": "–" if shown["rank"] is None else str(shown["rank"]),
            "Trust": o.organisation,
            "Gap": "hidden (size 1-7)" if hidden else with_unit(shown["value"], spec.unit),
            f"{who(spec.first)} score".capitalize(): score_text(scores.get(spec.first)),
            f"{who(spec.second)} score".capitalize(): score_text(scores.get(spec.second)),
            "Organisation score": score_text(scores.get(ALL)),
            "Respondents": "hidden (1-7)" if hidden else f"{shown['denominator']:,}",
            "Change since last year": "" if shown["change"] is None
            else f"{shown['change']:+.2f} points",
            "Region": "–" if o.region is None else str(o.region),
            "Trust type": "–" if o.trust_type is None else str(o.trust_type),
            "Note": "" if hidden or not o.reason else o.reason[0].upper() + o.reason[1:],
        })  # fmt: skip
    return pd.DataFrame(rows)


def score_gaps(comparison: Comparison, highlight: str | None = None) -> Chart:
    """Each trust's score gap (WDES9a: the Disabled staff engagement score minus the
    non-disabled, 0-10 scale) as a bar from 0, most favourable first. No funnel: a published
    score has no interval. Which side of 0 a bar lies is also said in a word (tooltip, table)."""
    spec = comparison.indicator
    who = spec.focus_people
    people = characteristic(spec.characteristic).who
    title = f"{spec.id} {comparison.year}: {spec.label}"
    data_table = score_table(comparison)
    ranked = [
        o
        for o in comparison.organisations
        if o.value is not None and publishable_size(o.denominator) is not None
    ]
    shown = ranked[:SCORES_MAX]
    if highlight and highlight not in {o.organisation for o in shown}:
        shown += [o for o in ranked if o.organisation == highlight]
    if not shown:
        alt_text = f"No trust has a {spec.id} score gap to draw in {comparison.year}."
        return _nothing_to_plot(title, alt_text, data_table)
    worse = spec.worse

    def side(x: float) -> str:
        if x == 0:
            return "level"
        if worse is None:
            return "higher" if x > 0 else "lower"
        return f"worse for {who}" if (x > 0) == (worse == "above") else f"better for {who}"

    data = pd.DataFrame(
        {
            "Trust": [o.organisation for o in shown],
            "gap": [o.value for o in shown],
            "Rank": [o.rank for o in shown],
            "text": [f"{o.value:+.2f}" for o in shown],
            "Reading": [side(float(o.value or 0)) for o in shown],
            "Highlighted": [o.organisation == highlight for o in shown],
        }
    )
    low = min(0.0, float(data["gap"].min()))
    high = max(0.0, float(data["gap"].max()))
    pad = max(0.05, (high - low) * 0.1)
    x_scale = alt.Scale(domain=[low - (pad if low < 0 else 0), high + (pad if high > 0 else 0)])
    y = alt.Y("Trust:N", sort=list(data["Trust"]), title=None, axis=None)
    base = alt.Chart(data)
    if worse is None:
        readings, colours = ["higher", "lower", "level"], [BLUE, REDDISH_PURPLE, GREY]
    else:
        readings = [f"worse for {who}", f"better for {who}", "level"]
        colours = [ORANGE, SKY_BLUE, GREY]
    bars = base.mark_bar(height=10, yOffset=6).encode(
        x=alt.X("gap:Q", scale=x_scale, title=f"{spec.label} (points on the 0-10 scale)"),
        x2=alt.datum(0),
        y=y,
        color=alt.Color("Reading:N", title="Reading",
                        scale=alt.Scale(domain=readings, range=colours)),
        stroke=alt.condition("datum.Highlighted", alt.value("black"), alt.value(None)),
        tooltip=["Trust", alt.Tooltip("gap:Q", title="Gap (points)", format="+.2f"),
                 "Reading", "Rank"],
    )  # fmt: skip
    names = base.mark_text(align="left", baseline="bottom", dy=-2, limit=LABEL_LIMIT * 2).encode(
        x=alt.value(0), y=y, text="Trust:N", tooltip="Trust:N"
    )
    values = base.mark_text(align="right", baseline="bottom", dy=-2).encode(
        x=alt.value("width"), y=y, text="text:N"
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color=GREY, strokeDash=[4, 3])
    chart = alt.layer(zero.encode(x="x:Q"), bars, names, values).properties(
        title=title, width="container", height=GPG_ROW * len(shown) + 20
    )
    top, bottom = ranked[0], ranked[-1]
    lower = sum((o.value or 0) < 0 for o in ranked)
    higher = sum((o.value or 0) > 0 for o in ranked)
    alt_text = (
        f"{spec.id} in {comparison.year}: the gap between {people(spec.first)}'s and "
        f"{people(spec.second)}'s staff engagement scores for {len(ranked)} trust"
        f"{'s' if len(ranked) != 1 else ''}, most favourable to {who} first"
        + (f" (the first {SCORES_MAX} drawn)" if len(ranked) > SCORES_MAX else "")
        + f": {people(spec.first)} scored lower in {lower} and higher in {higher}. Highest gap: {top.organisation} at {top.value:+.2f} points; "
        f"lowest: {bottom.organisation} at {bottom.value:+.2f} points. Dashed line: no gap."
    )
    note = (
        f"Each bar runs from no gap (the dashed line) to the trust's {people(spec.first)}'s score "
        f"minus its {people(spec.second)}'s score, in points on the 0-10 scale, as published. "
        "There are no limits or intervals: a published score comes without the spread of the "
        "answers behind it. The colour's meaning is also said in a word in the tooltip."
    )
    return Chart(chart.properties(description=alt_text), alt_text, data_table, title, note)


# --- NHS England's non-adverse range over the years --------------------------------------


def in_range_trend(indicator: str, trend: tuple[RangeYear, ...]) -> Chart:
    """The share of trusts inside the non-adverse range each year (``metrics.compare.in_range``),
    a line with a point and its figure at each year."""
    spec = INDICATORS[indicator]
    low, high = spec.non_adverse or (0.80, 1.25)
    title = f"{spec.id}: % of trusts inside {low:.2f}-{high:.2f}, by year"
    rows = [r for r in trend if r.percent is not None]
    table = pd.DataFrame({
        "Year": [r.year for r in trend],
        "Trusts with a value": [r.trusts for r in trend],
        "Inside the range": [r.in_range for r in trend],
        "% inside": ["–" if r.percent is None else f"{r.percent:.0f}%" for r in trend],
        "Outside it and different from 1 beyond chance": [r.outside_beyond_chance for r in trend],
    })  # fmt: skip
    if not rows:
        alt_text = f"No trust has a {spec.id} value in any year."
        return _nothing_to_plot(title, alt_text, table)
    data = pd.DataFrame({"Year": [str(r.year) for r in rows],
                         "Percent": [r.percent for r in rows],
                         "Shown": [f"{r.percent:.0f}%" for r in rows]})  # fmt: skip
    base = alt.Chart(data).encode(
        x=alt.X("Year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("Percent:Q", title="% of trusts in range", scale=alt.Scale(domain=[0, 100])),
    )
    line = base.mark_line(point=True, color=BLUE).encode(
        tooltip=["Year", alt.Tooltip("Shown:N", title="% inside")]
    )
    labels = base.mark_text(dy=-10).encode(text="Shown:N")  # themed text, not the line colour
    first, last = rows[0], rows[-1]
    alt_text = (
        f"The share of trusts inside NHS England's non-adverse range for {spec.id}, "
        f"{first.year} to {last.year}: {first.percent:.0f}% in {first.year}, "
        f"{last.percent:.0f}% in {last.year}."
    )
    chart = alt.layer(line, labels).properties(
        title=title, width="container", height=200, description=alt_text
    )
    return Chart(chart, alt_text, table, title)
