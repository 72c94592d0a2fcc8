"""Altair charts for Union casework: one case type's funnel across employers and one employer's
relative likelihood year by year.

The habits of dashboard/network_charts.py (whose position styles, colours and log ticks these
reuse): aggregated figures in, a `Chart` out with alt text written from the same numbers and the
table behind it; position is told by marker shape and word as well as colour; no red/green.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import BLUE, GREY, LOG_TICKS, REDDISH_PURPLE, Chart
from dashboard.network_charts import POSITION_STYLE, name_labels
from metrics.casework.figures import YearFigures
from metrics.casework.funnel import CaseworkFunnel
from metrics.disclosure.control import DEFAULT_SETTINGS

SMALL = f"yes: {DEFAULT_SETTINGS.threshold} or fewer cases in a group"
EQUIVALENT = 4.0  # Katz: SE² ≈ 4/E when both groups have about E/2 cases (as for trusts)
FUNNEL_NOTE = (
    "Each point is an employer: up, how many times as likely its BME members are as its White "
    "members to be in this kind of case (log scale; 1 is equal, above 1 worse for BME members); "
    "across, how precise that figure is, as an equivalent number of cases. A figure is only as "
    "precise as its numbers of cases in the two groups (Katz's standard error, SE); 4/SE² is the "
    "number of cases, split about equally, that gives the same precision. The solid blue line is "
    "the network's value from every employer's cases and members added up; the dashed lines are "
    "the 95% and 99.8% limits around it, which narrow as the precision grows. An employer beyond "
    "the 99.8% limit differs from the network by more than chance would give about once in 500."
)
TREND_NOTE = (
    "Each year's figure (how many times as likely BME members are as White members to be in "
    "this kind of case) with its 95% interval as a vertical line. A year with no comparison "
    "(no case in a group, or a figure hidden for sharing) is left out."
)


def _ratio(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _nothing(title: str, alt_text: str, table: pd.DataFrame) -> Chart:
    chart = (
        alt.Chart(pd.DataFrame({"x": [0]}))
        .mark_text(text="No values to plot")
        .properties(title=title, width="container", height=60, description=alt_text)
    )
    return Chart(chart, alt_text, table, title)


def _points(found: CaseworkFunnel, highlight: str | None) -> pd.DataFrame:
    rows = []
    for p in found.placed:
        word = POSITION_STYLE[p.position][0]
        rows.append({
            "Employer": p.employer, "x": EQUIVALENT * float(p.x or 0), "Value": p.value,
            "Shown": _ratio(p.value),
            "95% CI": f"{_ratio(p.ci_lower)} to {_ratio(p.ci_upper)}",
            "Position": word, "Small": SMALL if p.small else "no",
            "Highlighted": p.employer == highlight,
            "Label": p.employer if (p.employer == highlight or p.position.endswith("99.8")) else "",
        })  # fmt: skip
    return pd.DataFrame(rows)


def _table(points: pd.DataFrame) -> pd.DataFrame:
    columns = {"Employer": "Employer", "Shown": "Times as likely (BME vs White)",
               "95% CI": "95% confidence interval", "Equivalent": "Equivalent number of cases",
               "Position": "Against the funnel's limits", "Small": "Small numbers"}  # fmt: skip
    if points.empty:
        return pd.DataFrame(columns=list(columns.values()))
    shown = points.assign(Equivalent=points["x"].round().astype(int).astype(str))
    return shown[list(columns)].rename(columns=columns).reset_index(drop=True)


def funnel_chart(found: CaseworkFunnel, case_words: str, highlight: str | None = None) -> Chart:
    """Each employer's relative likelihood against its precision, with the network's value and
    its 95% and 99.8% limits."""
    when = "all years pooled" if found.year is None else str(found.year)
    title = f"{case_words[:1].upper() + case_words[1:]}, {when}: employers against the network"
    points = _points(found, highlight)
    if points.empty or found.target is None:
        alt_text = f"Funnel plot of {case_words} cases, {when}: no employer has a value to plot."
        return _nothing(title, alt_text, _table(points))
    curve = found.curve(points=120)
    curve["x"] = curve["x"] * EQUIVALENT
    limits = curve.melt("x", var_name="limit", value_name="y")
    limits["Limit"] = limits["limit"].map({"lower95": "95% limits", "upper95": "95% limits",
                                           "lower998": "99.8% limits",
                                           "upper998": "99.8% limits"})  # fmt: skip
    x = alt.X("x:Q", title=["Equivalent number of cases", "(log scale; see how this chart is drawn)"],
              scale=alt.Scale(type="log", domain=[points["x"].min() / 1.3, points["x"].max() * 1.3],
                              nice=False))  # fmt: skip
    narrow = curve.iloc[-1].drop("x")
    values = [*points["Value"], found.target, *narrow, 1.0]
    y_scale = alt.Scale(type="log", domain=[min(values) / 1.15, max(values) * 1.15], nice=False)
    y = alt.Y("Value:Q", title="Times as likely (BME vs White)", scale=y_scale,
              axis=alt.Axis(values=list(LOG_TICKS)))  # fmt: skip
    lines = (
        alt.Chart(limits)
        .mark_line(color=GREY, clip=True)
        .encode(
            x=x,
            y=alt.Y("y:Q", scale=y_scale),
            detail="limit:N",
            strokeDash=alt.StrokeDash("Limit:N", scale=alt.Scale(
                domain=["95% limits", "99.8% limits"], range=[[6, 3], [2, 2]])),
        )
    )  # fmt: skip
    target = alt.Chart(pd.DataFrame({"y": [found.target]})).mark_rule(color=BLUE).encode(
        y=alt.Y("y:Q", scale=y_scale))  # fmt: skip
    equal = alt.Chart(pd.DataFrame({"y": [1.0]})).mark_rule(color=GREY, strokeWidth=1).encode(
        y=alt.Y("y:Q", scale=y_scale))  # fmt: skip
    styles = list(POSITION_STYLE.values())
    domain = list(dict.fromkeys(w for w, _, _ in styles))
    colours = [next(c for w2, c, _ in styles if w2 == w) for w in domain]
    shapes = [next(s for w2, _, s in styles if w2 == w) for w in domain]
    marks = (
        alt.Chart(points)
        .mark_point(filled=True, opacity=0.85)
        .encode(
            x=x, y=y,
            color=alt.Color("Position:N", scale=alt.Scale(domain=domain, range=colours)),
            shape=alt.Shape("Position:N", scale=alt.Scale(domain=domain, range=shapes)),
            size=alt.condition("datum.Highlighted", alt.value(220), alt.value(60)),
            stroke=alt.condition("datum.Highlighted", alt.value(REDDISH_PURPLE), alt.value(None)),
            tooltip=["Employer", alt.Tooltip("Shown:N", title="Times as likely"), "95% CI",
                     "Position", alt.Tooltip("Small:N", title="Small numbers")],
        )
    )  # fmt: skip
    layers = [lines, equal, target, marks, *name_labels(points, x, y, "Employer")]
    chart = alt.layer(*layers).properties(
        title=title, width="container", height=380, description=_words(found, points, case_words)
    )
    return Chart(chart, _words(found, points, case_words), _table(points), title, FUNNEL_NOTE)


def _words(found: CaseworkFunnel, points: pd.DataFrame, case_words: str) -> str:
    counts = points["Position"].value_counts()
    above = int(counts.get("above 95% limit", 0) + counts.get("above 99.8% limit", 0))
    below = int(counts.get("below 95% limit", 0) + counts.get("below 99.8% limit", 0))
    when = "all years pooled" if found.year is None else str(found.year)
    return (
        f"Funnel plot of {case_words} cases, {when}, for {len(points)} employers: the network's "
        f"value is {_ratio(found.target)} (BME members against White). {above} above the 95% "
        f"limit ({int(counts.get('above 99.8% limit', 0))} of them above 99.8%), {below} below "
        f"({int(counts.get('below 99.8% limit', 0))} below 99.8%), "
        f"{int(counts.get('within limits', 0))} within."
    )


def trend_chart(employer: str, case_words: str, years: tuple[YearFigures, ...]) -> Chart:
    """One employer's relative likelihood year by year with its 95% interval."""
    title = f"{employer}: {case_words} cases year by year"
    rows = [{"Year": y.year, "Value": y.likelihood.value, "Low": y.likelihood.ci_lower,
             "High": y.likelihood.ci_upper, "Shown": _ratio(y.likelihood.value),
             "95% CI": f"{_ratio(y.likelihood.ci_lower)} to {_ratio(y.likelihood.ci_upper)}"
             if y.likelihood.value is not None else "–",
             "Note": y.likelihood.reason or ""}
            for y in years]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["Year", "Value", "Low", "High", "Shown", "95% CI", "Note"])
    table = frame[["Year", "Shown", "95% CI", "Note"]].rename(
        columns={"Shown": "Times as likely (BME vs White)", "95% CI": "95% confidence interval",
                 "Note": "Note"})  # fmt: skip
    table["Year"] = table["Year"].astype(str)
    plotted = frame[frame["Value"].notna()]
    if plotted.empty:
        return _nothing(title, f"{title}: no year has a value to plot.", table)
    values = [*plotted["Low"], *plotted["High"], 1.0]
    y_scale = alt.Scale(type="log", domain=[min(values) / 1.15, max(values) * 1.15], nice=False)
    x = alt.X("Year:O", title="Year")
    base = alt.Chart(plotted).encode(x=x)
    band = base.mark_rule(color=GREY, clip=True).encode(
        y=alt.Y("Low:Q", scale=y_scale, title="Times as likely (BME vs White)",
                axis=alt.Axis(values=list(LOG_TICKS))), y2="High:Q")  # fmt: skip
    line = base.mark_line(point=alt.OverlayMarkDef(size=60, filled=True), color=BLUE).encode(
        y=alt.Y("Value:Q", scale=y_scale),
        tooltip=["Year:O", alt.Tooltip("Shown:N", title="Times as likely"), "95% CI:N"])  # fmt: skip
    equal = alt.Chart(pd.DataFrame({"y": [1.0]})).mark_rule(
        color=GREY, strokeDash=[4, 3]).encode(y=alt.Y("y:Q", scale=y_scale))  # fmt: skip
    alt_text = (
        f"{title}: " + "; ".join(f"{r.Year}: {r.Shown} ({r._6})" for r in plotted.itertuples())
        + ". Above 1 is worse for BME members."
    )  # fmt: skip
    chart = alt.layer(equal, band, line).properties(
        title=title, width="container", height=260, description=alt_text
    )
    return Chart(chart, alt_text, table.reset_index(drop=True), title, TREND_NOTE)
