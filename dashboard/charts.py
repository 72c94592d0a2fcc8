"""Chart builders for the pages: aggregated results in, a chart with its words out.

Every builder takes metrics result objects (never row-level data) and returns a `Chart`: the
chart's Vega-Lite spec (written directly as a dict by dashboard.vega, not assembled from Altair
objects), an alt text written from the same numbers, the table of numbers behind it, and a
title. Colour is never the only signal: every mark also carries a text label, a shape or an axis
label. Data is always inline, so a chart never fetches anything from another host.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from dashboard import vega as vl
from dashboard.render import SHORT_LABELS
from metrics.standards.definitions import standard
from metrics.standards.results import IndicatorResult, StandardReport
from metrics.standards.summary import report_characteristic
from metrics.stats.intervals import wilson

# Okabe & Ito (2008), a palette told apart with every common colour-vision deficiency. Its
# vermillion and bluish green are left out so that no chart can fall into a red/green reading.
BLUE = "#0072B2"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
REDDISH_PURPLE = "#CC79A7"
YELLOW = "#F0E442"
GREY = "#8C8C8C"  # reference rules and bands: mid grey reads on light and dark backgrounds
PALETTE: tuple[str, ...] = (BLUE, ORANGE, SKY_BLUE, REDDISH_PURPLE, YELLOW, GREY)
GROUP_COLOURS = {"White": BLUE, "BME": ORANGE}
GROUP_SHAPES = {"White": "circle", "BME": "diamond"}
RATIO_IDS = ("WRES2", "WRES3", "WRES4")
RATIO_SHAPES = {"WRES2": "circle", "WRES3": "square", "WRES4": "diamond"}
SURVEY_IDS = ("WRES5", "WRES6", "WRES7", "WRES8")
SURVEY_QUESTIONS = {
    "WRES5": "Harassment, bullying or abuse from patients/public",
    "WRES6": "Harassment, bullying or abuse from staff",
    "WRES7": "Equal opportunities for progression",
    "WRES8": "Discrimination from manager/colleagues",
}
HIGHER_IS_BETTER = {"WRES7": "; higher is better"}  # on 5, 6 and 8 a higher share is worse
SURVEY_LABELS = {
    k: f"{k}: {q}" + (" (higher is better)" if k in HIGHER_IS_BETTER else "")
    for k, q in SURVEY_QUESTIONS.items()
}
PLOTTABLE = ("ok", "small_numbers")
SHAPES = ("circle", "square", "diamond", "triangle-up", "cross", "triangle-down")
LOG_TICKS = (0.25, 0.33, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)
THEME = "inclusivehr"


# Text colours. Streamlit's chart theme colours axes, legends and facet headers in a grey that
# is too faint on white (#808495: 3.7:1) and leaves text marks black, even on its dark
# background. It resolves its named colours ("gray", ...) only in an encoding's colour value, not
# in config, so `for_streamlit` gives every text mark, axis, legend, header and subtitle one Vega
# expression instead: it reads the chart's background (Streamlit sets it to the page's, light or
# dark) and picks a grey that reads on it. The spec need not know the theme, and a theme switch in
# the settings menu recolours it without a rerun. Builders leave text uncoloured, so outside
# Streamlit (the board pack, on white) it is Vega's black.
TEXT_ON_LIGHT = "#5C5F6A"  # 6.3:1 on white, 5.6:1 on Streamlit's light grey (#F0F2F6)
TEXT_ON_DARK = "#B8B3A8"  # 8.4:1 on Streamlit's dark background (#171614)
THEME_TEXT = {"expr": f"luminance(background) > 0.4 ? '{TEXT_ON_LIGHT}' : '{TEXT_ON_DARK}'"}
# Streamlit fits a chart to its box in both directions (autosize "fit" in its theme config): a
# chart's height then includes its titles, axes and legend, and on a phone, where the legend and
# titles take more lines, the plot is squeezed to a strip. Only the width is fitted: the height is
# the plot's, and the box grows with what is around it.
AUTOSIZE = {"type": "fit-x", "contains": "padding"}
COMPOSITE = {"facet", "repeat", "concat", "hconcat", "vconcat"}
TITLE_CHARS = 40  # a chart title is wrapped to lines this long: a phone holds about 42 in bold
VALUE_ROOM = 110  # pixels kept at the right of a bar chart for the figures at the bars' ends
LABEL_LIMIT = 140  # pixels of a name on an axis or a legend; the tooltip has the whole name


CONFIG = {
    "range": {"category": list(PALETTE)},
    "mark": {"color": BLUE},
    "axis": {"labelLimit": LABEL_LIMIT, "titlePadding": 8},
    "legend": {"orient": "bottom", "direction": "vertical", "labelLimit": LABEL_LIMIT},
    "header": {"labelLimit": LABEL_LIMIT},
    "view": {"stroke": None},
}
"""Palette, spacing and label limits only: text colours and fonts are left to Streamlit's
light/dark theme (see `for_streamlit`), and no font is loaded from anywhere. The builders here
write their specs directly (dashboard.vega); the Altair theme carries the same config for the
charts still assembled with Altair (dashboard.network_charts)."""
vl.THEME_CONFIG.update(CONFIG)


@alt.theme.register(THEME, enable=True)
def theme() -> alt.theme.ThemeConfig:
    return {"config": CONFIG}


def for_streamlit(spec: dict) -> dict:
    """The spec as `st.vega_lite_chart` should get it: a single or layered view fitted to its
    container's width only (AUTOSIZE); every text mark, axis, legend, header and subtitle
    coloured with THEME_TEXT (titles keep Streamlit's heading colour); a long title wrapped to
    lines of TITLE_CHARS (a title wider than a phone's column makes the fitted chart shrink its
    plot to a sliver). Returns a new dict; the builders' specs stay as they are."""

    def visit(node: object) -> object:
        if isinstance(node, list):
            return [visit(v) for v in node]
        if not isinstance(node, dict):
            return node
        out = {k: visit(v) for k, v in node.items()}
        mark = out.get("mark")
        kind = mark.get("type") if isinstance(mark, dict) else mark
        if kind == "text":
            encoding = dict(out.get("encoding") or {})
            encoding.setdefault("color", {"value": THEME_TEXT})
            out["encoding"] = encoding
        return out

    out = visit(spec)
    if not COMPOSITE & out.keys():  # Vega-Lite fits single and layered views only
        out["autosize"] = AUTOSIZE
    config = dict(out.get("config") or {})
    themed = {"axis": ("labelColor", "titleColor"), "legend": ("labelColor", "titleColor"),
              "header": ("labelColor", "titleColor"), "title": ("subtitleColor",)}  # fmt: skip
    for part, keys in themed.items():  # a title itself keeps Streamlit's heading colour
        config[part] = {**config.get(part, {}), **dict.fromkeys(keys, THEME_TEXT)}
    # Vega-Lite's default is a tick every 40 px, which a wide container turns into dozens
    config["axisQuantitative"] = {"tickCount": 6, **config.get("axisQuantitative", {})}
    out["config"] = config
    if "title" in out:
        title = out["title"] if isinstance(out["title"], dict) else {"text": out["title"]}
        if isinstance(title.get("text"), str) and len(title["text"]) > TITLE_CHARS:
            title = {**title, "text": textwrap.wrap(title["text"], TITLE_CHARS)}
        out["title"] = title
    return out  # type: ignore[return-value]


@dataclass(frozen=True, eq=False)
class Chart:
    chart: vl.Spec  # its `to_dict()` is the Vega-Lite spec
    alt_text: str  # written from the data: what is plotted, the key numbers, the extremes
    table: pd.DataFrame  # the numbers behind the chart, with readable column names
    title: str
    note: str = ""  # how the chart is drawn, for readers who want the method; may be empty


# ---------------------------------------------------------------------------------------------
# wording


def _pct(x: float) -> str:
    return f"{x:.1f}%"


def _rl(x: float) -> str:
    return f"{x:.2f}"


def _signed(x: float) -> str:
    return f"{x:+.1f}".replace("-", "−")


def _relative(points: float, what: str = "") -> str:
    """'3.2 percentage points below the workforce', in words a screen reader says clearly."""
    if round(points, 1) == 0:
        return f"level with {what}".strip()
    side = "above" if points > 0 else "below"
    return f"{abs(points):.1f} percentage points {side} {what}".strip()


def _names(items: Sequence[str], limit: int = 3) -> str:
    items = list(items)
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _extremes(items: Sequence[tuple[str, float]], fmt: Callable[[float], str]) -> tuple[str, str]:
    """'A at 65.1%' for the highest and the lowest value, naming ties together."""
    out = []
    for pick in (max, min):
        best = pick(v for _, v in items)
        tied = [n for n, v in items if fmt(v) == fmt(best)]
        out.append(f"{_names(tied)} at {fmt(best)}")
    return out[0], out[1]


def _status(result: IndicatorResult) -> str:
    return result.status.replace("_", " ")


def _short(r: IndicatorResult) -> str:
    return SHORT_LABELS.get(r.id, r.label)


def _kind_ids(report: StandardReport, kind: str) -> list[str]:
    """The report's indicators of one kind (ratio, survey_gap), as its standard file says."""
    specs = {spec.id: spec.kind for spec in standard(report.standard).indicators}
    return [k for k in report.indicators if specs.get(k) == kind]


def _higher_is_better(report: StandardReport, id: str) -> str:
    found = HIGHER_IS_BETTER.get(id)
    if found is None and id in report.indicators:
        spec = standard(report.standard).indicator(id)
        found = "; higher is better" if spec.higher_is_worse is False else ""
    return found or ""


def ratio_ids(report: StandardReport) -> list[str]:
    return _kind_ids(report, "ratio")


def survey_ids(report: StandardReport) -> list[str]:
    return _kind_ids(report, "survey_gap")


def _not_plotted(results: Sequence[IndicatorResult], plotted: Sequence[IndicatorResult]) -> str:
    """The alt-text sentence naming indicators left off a chart, with the reason."""
    left_out = [r for r in results if r not in plotted]
    if not left_out:
        return ""
    return (
        " Not plotted: " + "; ".join(f"{r.id} ({r.reason or _status(r)})" for r in left_out) + "."
    )


def _nothing(title: str, message: str, alt_text: str, table: pd.DataFrame) -> Chart:
    chart = (
        vl.Chart(pd.DataFrame({"message": [message]}), title=title)
        .mark_text(size=14)
        .encode(text="message:N")
        .properties(width="container", height=60, description=alt_text)
    )
    return Chart(chart=chart, alt_text=alt_text, table=table, title=title)


def _along(x: float, domain: Sequence[float], *, log: bool = False) -> float:
    """Where x sits along an axis with this domain, from 0 (left edge) to 1 (right edge)."""
    lo, hi = (math.log(v) for v in domain) if log else domain
    at = math.log(x) if log else x
    return 0.5 if hi == lo else min(1.0, max(0.0, (at - lo) / (hi - lo)))


def _anchor(along: float) -> dict:
    """Text that starts, centres or ends at its point so that it stays inside the plot; at an
    edge it is nudged inwards, never out (a label standing past the plot widens the chart past
    its box, and in a stack of panels shifts every panel)."""
    if along < 1 / 3:
        return {"align": "left", "dx": 2 if along < 0.05 else 0}
    if along > 2 / 3:
        return {"align": "right", "dx": -2 if along > 0.95 else 0}
    return {"align": "center"}


def _rule_label(text: str, x: float, along: float, *, above: int = 4, **mark) -> vl.Spec:
    """A label for a reference line, pinned `above` pixels over the top edge of the plot at x,
    turned to stay inside the plot (`along`: where x sits, 0 left to 1 right)."""
    return (
        vl.Chart(pd.DataFrame({"x": [x], "text": [text]}))
        .mark_text(baseline="bottom", limit=WIDTH, **(_anchor(along) | mark))
        .encode(x="x:Q", y=vl.value(-above), text="text:N")
    )


EDGE_ROOM = 4
"""Pixels kept inside each end of the change chart's scales: a tick and grid line on the scale's
very end (100%, when a share is high) are drawn half outside the plot, and the browser then
widens the chart past its box."""
WIDTH = vl.ExprRef(expr="width")  # the plot's width in pixels, whatever the container gives it


def _names_above(data: vl.Spec, y: vl.Channel, text: str = "name", *, limit: dict = WIDTH,
                 offset: int = 10) -> vl.Spec:  # fmt: skip
    """Each row's name on its own line above its marks, from the plot's left edge and cut to
    `limit` pixels (the whole name in the tooltip): a long name never squeezes the plot."""
    return data.mark_text(align="left", baseline="bottom", dy=-offset, limit=limit).encode(
        x=vl.value(0), y=y, text=f"{text}:N", tooltip=vl.Tooltip(f"{text}:N", title="Name")
    )


def _values_right(data: vl.Spec, y: vl.Channel, text: str = "text", *, offset: int = 10) -> vl.Spec:
    """Each row's figures on the line of its name, ending at the plot's right edge."""
    return data.mark_text(align="right", baseline="bottom", dy=-offset).encode(
        x=vl.value("width"), y=y, text=f"{text}:N"
    )


# ---------------------------------------------------------------------------------------------
# 1. representation by band


def representation_ladder(report: StandardReport, *, clinical: bool | None = None) -> Chart:
    """WRES1: the BME share of each band against the whole workforce's BME share (WDES1: the
    Disabled share of each cluster), the focus group and its word from the report."""
    key = next(k for k in ("WRES1", "WDES1") if k in report.indicators)
    result = report.indicators[key]
    focus = report_characteristic(report).focus
    needed_key = f"{focus.lower().replace('-', '_').replace(' ', '_')}_needed"
    by = "cluster" if any("cluster" in p.breakdown for p in result.parts) else "band"
    side = {None: "", True: " (clinical)", False: " (non-clinical)"}[clinical]
    title = f"{focus} share of staff by {by}{side}"
    parts = [p for p in result.parts if clinical is None or p.breakdown.get("clinical") is clinical]
    columns = [
        by.capitalize(),
        "Clinical or non-clinical",
        "Headcount",
        f"{focus} staff",
        f"{focus} %",
        f"Whole workforce {focus} %",
        "Gap (percentage points)",
        f"More {focus} staff to match",
    ]
    if result.value is None or not parts:
        if result.value is None:
            why = result.reason or "no staff data"
        else:
            why = f"no {'clinical' if clinical else 'non-clinical'} {by}s in the data"
        alt_text = f"No {by}s to plot: {why}."
        return _nothing(title, "No data", alt_text, pd.DataFrame(columns=columns))

    share = result.value
    total = int(result.extra.get("headcount") or 0)
    sides = {True: "clinical", False: "non-clinical", None: "clinical status unknown"}
    rows = []
    for p in parts:
        pct = p.value or 0.0
        rows.append(
            {
                "label": str(p.breakdown[by]) if clinical is not None else p.label,
                "band": str(p.breakdown[by]),
                "side": sides[p.breakdown.get("clinical")],
                "headcount": int(p.extra["headcount"] or 0),
                "bme": p.groups[focus].numerator,
                "pct": pct,
                "gap": p.extra.get("gap_percentage_points") or 0.0,
                "needed": int(p.extra.get(needed_key) or 0),
                "text": f"{pct:.1f}% of {int(p.extra['headcount'] or 0):,}",
            }
        )
    data = pd.DataFrame(rows)
    order = list(data["label"])
    x_max = min(100.0, max(data["pct"].max(), share) * 1.1 + 2)
    # the right-hand VALUE_ROOM pixels are kept free for the labels at the ends of the bars
    scale = vl.Scale(domain=[0, x_max], range=[0, vl.ExprRef(expr=f"width - {VALUE_ROOM}")])
    x = vl.X("pct:Q", title=f"{focus} staff (% of the {by})", scale=scale)
    y = vl.Y("label:N", sort=order, title=None)
    tooltip = [
        vl.Tooltip("label:N", title=by.capitalize()),
        vl.Tooltip("headcount:Q", title="Headcount", format=","),
        vl.Tooltip("bme:Q", title=f"{focus} staff", format=","),
        vl.Tooltip("pct:Q", title=f"{focus} %", format=".1f"),
        vl.Tooltip("gap:Q", title="Gap (points)", format="+.1f"),
        vl.Tooltip("needed:Q", title=f"More {focus} staff to match", format=","),
    ]
    base = vl.Chart(data)
    bars = base.mark_bar(color=ORANGE, height={"band": 0.7}).encode(x=x, y=y, tooltip=tooltip)
    labels = base.mark_text(align="left", dx=4).encode(x=x, y=y, text="text:N")
    rule = (
        vl.Chart(pd.DataFrame({"x": [share]}))
        .mark_rule(color=GREY, strokeDash=[6, 4], size=2)
        .encode(x="x:Q")
    )
    rule_label = _rule_label(
        f"Whole workforce: {_pct(share)} {focus}", share, _along(share, [0, x_max]) * 0.8
    )

    below = [r for r in rows if r["gap"] < 0]
    high, low = _extremes([(r["label"], r["pct"]) for r in rows], _pct)
    scope = {None: by, True: f"clinical {by}", False: f"non-clinical {by}"}[clinical]
    alt_text = (
        f"Bar chart of the {focus} share of staff in each of {len(rows)} {scope}s, against {_pct(share)} {focus} in the whole workforce of "
        f"{total:,} staff (dashed line). Highest: {high}; lowest: {low}. "
        f"{len(below)} of {len(rows)} are below the workforce share."
    )
    short = [r for r in rows if r["needed"] > 0]
    if short:
        worst = max(short, key=lambda r: r["needed"])
        alt_text += (
            f" The largest shortfall in people is {worst['label']}: {_pct(worst['pct'])} {focus} "
            f"of {worst['headcount']:,} staff, {worst['needed']:,} more {focus} staff would match "
            "the workforce share."
        )
    table = pd.DataFrame(
        {
            by.capitalize(): data["band"],
            "Clinical or non-clinical": data["side"],
            "Headcount": data["headcount"],
            f"{focus} staff": data["bme"],
            f"{focus} %": data["pct"].round(1),
            f"Whole workforce {focus} %": round(share, 1),
            "Gap (percentage points)": data["gap"].round(1),
            f"More {focus} staff to match": data["needed"],
        }
    )
    chart = vl.layer(bars, rule, labels, rule_label).properties(
        title=title, width="container", height=vl.Step(22), description=alt_text
    )
    return Chart(chart=chart, alt_text=alt_text, table=table, title=title)


# ---------------------------------------------------------------------------------------------
# 2. relative likelihoods


def likelihood_forest(report: StandardReport) -> Chart:
    """WRES2-4 with their 95% intervals on a log scale around 1.00 (equal likelihood)."""
    title = "Relative likelihoods with 95% confidence intervals"
    focus = report_characteristic(report)
    focus = focus.who(focus.focus)
    results = [report.indicators[i] for i in ratio_ids(report)]
    plotted = [
        r
        for r in results
        if r.status in PLOTTABLE and None not in (r.value, r.ci_lower, r.ci_upper)
    ]
    table = pd.DataFrame(
        [
            {
                "Indicator": r.id,
                "What it measures": _short(r),
                "Relative likelihood": None if r.value is None else round(r.value, 2),
                "95% CI lower": None if r.ci_lower is None else round(r.ci_lower, 2),
                "95% CI upper": None if r.ci_upper is None else round(r.ci_upper, 2),
                "Status": _status(r),
                "Reason": r.reason or "",
                "On the chart": "yes" if r in plotted else "no",
            }
            for r in results
        ],
        columns=[
            "Indicator",
            "What it measures",
            "Relative likelihood",
            "95% CI lower",
            "95% CI upper",
            "Status",
            "Reason",
            "On the chart",
        ],
    )
    rows = [
        {
            "id": r.id,
            "name": f"{r.id}: {_short(r)}",
            "value": r.value,
            "lower": r.ci_lower,
            "upper": r.ci_upper,
            "text": f"{_rl(r.value)} ({_rl(r.ci_lower)} to {_rl(r.ci_upper)})"
            + (" small numbers" if r.status == "small_numbers" else ""),
        }
        for r in plotted
    ]
    lows = [0.80] + [r["lower"] for r in rows]
    highs = [1.25] + [r["upper"] for r in rows]
    domain = [min(lows) / 1.15, max(highs) * 1.15]
    # a row's height, not the chart's: Streamlit fits a fixed height to the chart's whole box,
    # titles and axis included, which squeezes the rows until names and marks overlap
    height: dict | int = vl.Step(56) if rows else 80
    scale = vl.Scale(type="log", domain=domain, nice=False)
    ticks = [t for t in LOG_TICKS if domain[0] <= t <= domain[1]]
    x_title = ["Relative likelihood (log scale)", f"above 1.00 means {focus} fare worse"]
    band = (
        vl.Chart(pd.DataFrame({"lo": [0.80], "hi": [1.25]}))
        .mark_rect(color=GREY, opacity=0.15)
        .encode(
            x=vl.X("lo:Q", scale=scale, title=x_title, axis=vl.Axis(values=ticks, format=".2f")),
            x2="hi:Q",
        )
    )
    band_label = _rule_label(
        "0.80–1.25: a rule of thumb, not a test",
        0.80,
        _along(0.80, domain, log=True),
        above=20,
        fontStyle="italic",
    )
    one = vl.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(color=GREY, size=2).encode(x="x:Q")
    one_label = _rule_label("1.00 = equal likelihood", 1.0, _along(1.0, domain, log=True))
    layers: list[vl.Spec] = [band, band_label, one, one_label]

    ids = [r["id"] for r in rows]
    if rows:
        data = vl.Chart(pd.DataFrame(rows))
        y = vl.Y("name:N", sort=[r["name"] for r in rows], title=None, axis=None)
        tooltip = [
            vl.Tooltip("name:N", title="Indicator"),
            vl.Tooltip("value:Q", title="Relative likelihood", format=".2f"),
            vl.Tooltip("lower:Q", title="95% CI lower", format=".2f"),
            vl.Tooltip("upper:Q", title="95% CI upper", format=".2f"),
        ]
        colour = vl.Color(
            "id:N", scale=vl.Scale(domain=ids, range=list(PALETTE[: len(ids)])), legend=None
        )
        shape = vl.Shape(
            "id:N",
            scale=vl.Scale(
                domain=ids, range=[RATIO_SHAPES.get(i, SHAPES[n % 6]) for n, i in enumerate(ids)]
            ),
            legend=None,
        )
        layers += [
            data.mark_errorbar(ticks=True, thickness=2).encode(
                x=vl.X("lower:Q", scale=scale, title=x_title), x2="upper:Q", y=y, color=colour
            ),
            data.mark_point(filled=True, size=140, opacity=1).encode(
                x=vl.X("value:Q", scale=scale), y=y, color=colour, shape=shape, tooltip=tooltip
            ),
            _names_above(data, y, limit=vl.ExprRef(expr="width - 190"), offset=12),
            _values_right(data, y, offset=12),
        ]
        sentences = [
            f"{r.id} ({_short(r)}) {_rl(r.value)}, 95% CI {_rl(r.ci_lower)} to {_rl(r.ci_upper)}"
            for r in plotted
        ]
        high = max(plotted, key=lambda r: r.value)
        low = min(plotted, key=lambda r: r.value)
        excluding = [r.id for r in plotted if r.ci_lower > 1 or r.ci_upper < 1]
        alt_text = (
            f"Forest plot of {len(plotted)} relative likelihood{'s' if len(plotted) > 1 else ''} "
            "on a log scale with 95% confidence intervals; 1.00 means equal likelihood and above "
            f"1.00 means {focus} fare worse. " + "; ".join(sentences) + "."
        )
        if len(plotted) > 1:
            alt_text += (
                f" Highest: {high.id} at {_rl(high.value)}; lowest: {low.id} at {_rl(low.value)}."
            )
        alt_text += (
            f" Intervals that exclude 1.00: {_names(excluding)}."
            if excluding
            else " Every interval includes 1.00."
        )
    else:
        alt_text = "No relative likelihood could be plotted."
        layers.append(
            vl.Chart(pd.DataFrame({"x": [1.0], "text": ["Nothing to plot"]}))
            .mark_text(size=14, dy=10)
            .encode(x=vl.X("x:Q", scale=scale), text="text:N")
        )
    alt_text += _not_plotted(results, plotted)
    chart = vl.layer(*layers).properties(
        title=title, width="container", height=height, description=alt_text
    )
    return Chart(chart=chart, alt_text=alt_text, table=table, title=title)


# ---------------------------------------------------------------------------------------------
# 3. staff survey


def survey_gaps(report: StandardReport) -> Chart:
    """WRES5-8: the percentage of White and of BME staff answering yes, with Wilson intervals."""
    item = report_characteristic(report)
    ref, foc = item.reference, item.focus
    title = f"Staff survey: {ref} and {foc} staff answering yes, with 95% confidence intervals"
    results = [report.indicators[i] for i in survey_ids(report)]
    questions = {r.id: SURVEY_QUESTIONS.get(r.id, _short(r)) for r in results}
    labels = {
        r.id: SURVEY_LABELS.get(r.id)
        or f"{r.id}: {questions[r.id]}"
        + (" (higher is better)" if _higher_is_better(report, r.id) else "")
        for r in results
    }

    def has_both(r: IndicatorResult) -> bool:
        return r.status in PLOTTABLE and all(
            g in r.groups and r.groups[g].denominator > 0 for g in (ref, foc)
        )

    plotted = [r for r in results if has_both(r)]
    points, table_rows = [], []
    for r in results:
        row: dict[str, object] = {"Indicator": r.id, "Question": questions[r.id]}
        for g in (ref, foc):
            f = r.groups.get(g)
            n, k = (f.denominator, f.numerator) if f else (0, 0)
            pct = lo = hi = None
            if n > 0:
                lo, hi = (100 * v for v in wilson(k, n, r.confidence))
                # the share from the exact counts (rate), which a published pack keeps while
                # its counts are rounded
                pct = 100 * (f.rate if f.rate is not None else k / n)
                if r in plotted:
                    points.append(
                        {
                            "id": r.id,
                            "name": labels[r.id],
                            "group": g,
                            "pct": pct,
                            "lower": lo,
                            "upper": hi,
                            "respondents": n,
                            "text": f"{g} {pct:.1f}%",
                        }
                    )
            row |= {
                f"{g} respondents": n,
                f"{g} %": None if pct is None else round(pct, 1),
                f"{g} 95% CI lower": None if lo is None else round(lo, 1),
                f"{g} 95% CI upper": None if hi is None else round(hi, 1),
            }
        row |= {
            f"Gap, {foc} − {ref} (percentage points)": None
            if r.value is None
            else round(r.value, 1),
            "Status": _status(r),
            "Reason": r.reason or "",
            "On the chart": "yes" if r in plotted else "no",
        }
        table_rows.append(row)
    table = pd.DataFrame(table_rows)
    if not plotted:
        reasons = "; ".join(f"{r.id} ({r.reason or _status(r)})" for r in results)
        return _nothing(title, "No survey results", f"No survey results to plot: {reasons}.", table)

    data = vl.Chart(pd.DataFrame(points))
    names = vl.Chart(pd.DataFrame({"name": [labels[r.id] for r in plotted], "group": ""}))
    groups = [ref, foc]
    y = vl.Y("name:N", sort=[labels[r.id] for r in plotted], title=None, axis=None)
    # three lines per question: its words, then White, then BME
    y_offset = vl.YOffset("group:N", scale=vl.Scale(domain=["", *groups], padding=0.1))
    x_max = min(100.0, max(p["upper"] for p in points) * 1.1 + 2)
    # the left-hand VALUE_ROOM pixels are kept free for "White 23.4%" at the start of each line
    x_scale = vl.Scale(domain=[0, x_max], range=[VALUE_ROOM, vl.ExprRef(expr="width")])
    x = vl.X("pct:Q", title="Staff answering yes (%)", scale=x_scale)
    colour_scale = vl.Scale(domain=groups, range=[BLUE, ORANGE])
    colour = vl.Color("group:N", title="Staff", scale=colour_scale)
    shape = vl.Shape(
        "group:N",
        title="Staff",
        scale=vl.Scale(domain=groups, range=["circle", "diamond"]),
    )
    tooltip = [
        vl.Tooltip("name:N", title="Question"),
        vl.Tooltip("group:N", title="Staff"),
        vl.Tooltip("pct:Q", title="%", format=".1f"),
        vl.Tooltip("lower:Q", title="95% CI lower", format=".1f"),
        vl.Tooltip("upper:Q", title="95% CI upper", format=".1f"),
        vl.Tooltip("respondents:Q", title="Respondents", format=","),
    ]
    layers = [
        data.mark_errorbar(ticks=True, thickness=2).encode(
            x=vl.X("lower:Q", title="Staff answering yes (%)", scale=x_scale),
            x2="upper:Q",
            y=y,
            yOffset=y_offset,
            color=vl.Color("group:N", scale=colour_scale, legend=None),
        ),
        data.mark_point(filled=True, size=110, opacity=1).encode(
            x=x, y=y, yOffset=y_offset, color=colour, shape=shape, tooltip=tooltip
        ),
        data.mark_text(align="left", limit=VALUE_ROOM - 6).encode(
            x=vl.value(0), y=y, yOffset=y_offset, text="text:N"
        ),
        names.mark_text(align="left", fontWeight="bold", limit=WIDTH).encode(
            x=vl.value(0), y=y, yOffset=y_offset, text="name:N", tooltip="name:N"
        ),
    ]
    sentences = []
    for r in plotted:
        w, b = (100 * (r.groups[g].rate or 0) for g in (ref, foc))
        sentences.append(
            f"{r.id} ({questions[r.id]}{_higher_is_better(report, r.id)}): {ref} {_pct(w)}, {foc} {_pct(b)}, "
            f"a gap of {_signed(b - w)} points"
        )
    widest = max(plotted, key=lambda r: abs(r.value or 0))
    narrowest = min(plotted, key=lambda r: abs(r.value or 0))
    alt_text = (
        f"Percentage of {ref} and of {foc} staff answering yes to {len(plotted)} staff survey "
        f"question{'s' if len(plotted) > 1 else ''}, with 95% Wilson intervals. "
        + "; ".join(sentences)
        + "."
    )
    if len(plotted) > 1:
        alt_text += (
            f" Widest gap: {widest.id} ({_signed(widest.value or 0)} points); narrowest: "
            f"{narrowest.id} ({_signed(narrowest.value or 0)} points)."
        )
    alt_text += _not_plotted(results, plotted)
    chart = vl.layer(*layers).properties(
        title=title, width="container", height=84 * len(plotted), description=alt_text
    )
    return Chart(chart=chart, alt_text=alt_text, table=table, title=title)


# ---------------------------------------------------------------------------------------------
# 4. board


def board_vs_workforce(report: StandardReport) -> Chart:
    """WRES9: the BME share of the board's voting and executive members against the workforce."""
    title = "BME share of the board and of the workforce"
    result = report.indicators["WRES9"]
    columns = [
        "Group",
        "People",
        "BME people",
        "BME %",
        "Difference from the workforce (percentage points)",
    ]
    if not result.parts:
        alt_text = f"No board figures to plot: {result.reason or 'no data'}."
        return _nothing(title, "No data", alt_text, pd.DataFrame(columns=columns))

    workforce_pct = float(result.parts[0].extra["workforce_bme_percent"] or 0.0)
    wres1 = report.indicators.get("WRES1")
    staff = int(wres1.extra.get("headcount") or 0) if wres1 else 0
    staff_bme = wres1.groups["BME"].numerator if wres1 and "BME" in wres1.groups else None
    names = {"voting": "Board voting members", "executive": "Executive board members"}
    rows = []
    for p in result.parts:
        members = int(p.extra.get("members") or 0)
        bme = p.groups["BME"].numerator
        pct = float(p.extra["board_bme_percent"] or 0.0)
        rows.append(
            {
                "name": names.get(str(p.breakdown.get("membership")), p.label),
                "kind": "Board",
                "people": members,
                "bme": bme,
                "pct": pct,
                "diff": p.value,
                "text": f"{pct:.1f}% ({bme} of {members})",
            }
        )
    rows.append(
        {
            "name": "Whole workforce",
            "kind": "Workforce",
            "people": staff or None,
            "bme": staff_bme,
            "pct": workforce_pct,
            "diff": 0.0,
            "text": f"{workforce_pct:.1f}%" + (f" ({staff_bme:,} of {staff:,})" if staff else ""),
        }
    )
    data = pd.DataFrame(rows)
    data["line"] = data["name"] + ": " + data["text"]
    x_max = min(100.0, data["pct"].max() * 1.1 + 2)
    x = vl.X("pct:Q", title="BME (%)", scale=vl.Scale(domain=[0, x_max]))
    y = vl.Y("name:N", sort=list(data["name"]), title=None, axis=None)
    base = vl.Chart(data)
    bars = base.mark_bar(height=16, yOffset=6).encode(
        x=x,
        y=y,
        color=vl.Color(
            "kind:N",
            scale=vl.Scale(domain=["Board", "Workforce"], range=[ORANGE, BLUE]),
            legend=None,
        ),
        tooltip=[
            vl.Tooltip("name:N", title="Group"),
            vl.Tooltip("people:Q", title="People", format=","),
            vl.Tooltip("bme:Q", title="BME people", format=","),
            vl.Tooltip("pct:Q", title="BME %", format=".1f"),
        ],
    )
    labels = [_names_above(base, y, "line", offset=6)]
    rule = (
        vl.Chart(pd.DataFrame({"x": [workforce_pct]}))
        .mark_rule(color=GREY, strokeDash=[6, 4], size=2)
        .encode(x="x:Q")
    )
    rule_label = _rule_label(
        f"Workforce: {_pct(workforce_pct)}", workforce_pct, _along(workforce_pct, [0, x_max])
    )
    sentences = [
        f"{r['name']}: {_pct(r['pct'])} BME ({r['bme']} of {r['people']}), "
        f"{_relative(r['diff'], 'the workforce')}"
        for r in rows[:-1]
    ]
    staff_words = f" of {staff:,} staff" if staff else ""
    alt_text = (
        f"Bar chart of the BME share of the board against the whole workforce "
        f"({_pct(workforce_pct)} BME{staff_words}, dashed line). " + "; ".join(sentences) + "."
    )
    table = pd.DataFrame(
        {
            "Group": data["name"],
            "People": data["people"],
            "BME people": data["bme"],
            "BME %": data["pct"].round(1),
            "Difference from the workforce (percentage points)": data["diff"].round(1),
        }
    )
    chart = vl.layer(bars, rule, *labels, rule_label).properties(
        title=title, width="container", height=vl.Step(48), description=alt_text
    )
    return Chart(chart=chart, alt_text=alt_text, table=table, title=title)


# ---------------------------------------------------------------------------------------------
# 5. change since last year


@dataclass(frozen=True)
class _Figure:
    key: str
    name: str
    panel: str  # "percent", "relative likelihood" or "percentage points"
    value: float | None
    why: str  # why there is no value


def _figures(report: StandardReport) -> list[_Figure]:
    out = []
    for key, r in report.indicators.items():
        panel = r.unit
        why = r.reason or _status(r)
        value = r.value if r.status in PLOTTABLE else None
        out.append(_Figure(key, f"{key}: {SHORT_LABELS.get(key, r.label)}", panel, value, why))
        if key == "WRES9":
            executive = r.extra.get("executive") if r.status in PLOTTABLE else None
            out.append(
                _Figure(
                    "WRES9 executive",
                    "WRES9: Board executive membership vs workforce, BME",
                    panel,
                    executive,
                    "no executive members in the data" if executive is None else why,
                )
            )
    return out


PANELS = {  # unit: (panel title, axis title, reference value, its label)
    "percent": ("BME share of the workforce", "BME staff (%)", None, ""),
    "relative likelihood": (
        "Relative likelihoods",
        "Relative likelihood (log scale)",
        1.0,
        "1.00 = equal likelihood",
    ),
    "percentage points": (
        "Differences in percentage points",
        ["BME minus White (survey)", "board minus workforce (board)"],
        0.0,
        "0 = no difference",
    ),
}


def _panels(report: StandardReport) -> dict[str, tuple]:
    """The change chart's panels in the report's own terms: the WRES's as PANELS; for another
    standard its groups (Disabled minus non-disabled), a percent panel that may hold more than
    the workforce share (WDES8), and the engagement score's own panel (WDES9a)."""
    if report.standard == "WRES":
        return PANELS
    item = report_characteristic(report)
    focus, reference = item.focus, item.reference.lower()
    return {
        "percent": ("Shares (%)", f"{focus} staff (%)", None, ""),
        "relative likelihood": PANELS["relative likelihood"],
        "percentage points": (
            "Differences in percentage points",
            [f"{focus} minus {reference} (survey)", "board minus workforce (board)"],
            0.0,
            "0 = no difference",
        ),
        "score points": (
            "Engagement score",
            f"{focus} minus {reference} (score, 0 to 10)",
            0.0,
            "0 = no difference",
        ),
    }


def _fmt(panel: str) -> Callable[[float], str]:
    return {"percent": _pct, "relative likelihood": _rl}.get(panel, _signed)


def _distance(panel: str, v: float) -> float:
    """How far from parity: 1.00 for a relative likelihood, 0 for a difference."""
    return abs(math.log(v)) if panel == "relative likelihood" else abs(v)


def change_since_last_year(current: StandardReport, previous: StandardReport) -> Chart:
    """Previous -> current for every figure with a value in both years, one panel per unit."""
    then = str(previous.year) if previous.year is not None else "previous year"
    now = str(current.year) if current.year is not None else "this year"
    if then == now:
        then, now = "previous year", "this year"
    title = f"Change from {then} to {now}"
    before = {f.key: f for f in _figures(previous)}
    rows, table_rows = [], []
    for f in _figures(current):
        old = before.get(f.key)
        old_value = old.value if old else None
        ok = f.value is not None and old_value is not None
        if ok and f.panel == "relative likelihood" and min(f.value, old_value) <= 0:
            ok = False
        fmt = _fmt(f.panel)
        moved = ""
        if ok:
            change = f.value - old_value
            if f.panel != "percent":
                d0, d1 = _distance(f.panel, old_value), _distance(f.panel, f.value)
                moved = (
                    "no change"
                    if fmt(f.value) == fmt(old_value)
                    else "closer to parity"
                    if d1 < d0
                    else "further from parity"
                )
            rows.append(
                {
                    "key": f.key,
                    "name": f.name,
                    "panel": f.panel,
                    "before": old_value,
                    "after": f.value,
                    "direction": "up" if change > 0 else "down" if change < 0 else "same",
                    "moved": moved,
                    "text": f"{then}: {fmt(old_value)} → {now}: {fmt(f.value)}",
                }
            )
        reason = ""
        if not ok:
            missing = then if old_value is None else now
            why = (old.why if old else "not in the data") if old_value is None else f.why
            reason = f"no value in {missing} ({why})"
        table_rows.append(
            {
                "Indicator": f.key,
                "What it measures": f.name.split(": ", 1)[1],
                "Unit": f.panel,
                then: None if old_value is None else round(old_value, 2),
                now: None if f.value is None else round(f.value, 2),
                "Change": round(f.value - old_value, 2) if ok else None,
                "Towards parity": moved,
                "On the chart": "yes" if ok else "no",
                "Reason": reason,
            }
        )
    table = pd.DataFrame(table_rows)
    if not rows:
        return _nothing(
            title, "Nothing to compare", f"No figure has a value in both {then} and {now}.", table
        )

    panels = []
    summary = []
    for panel, (panel_title, axis_title, reference, reference_text) in _panels(current).items():
        mine = [r for r in rows if r["panel"] == panel]
        if not mine:
            continue
        fmt = _fmt(panel)
        values = [v for r in mine for v in (r["before"], r["after"])]
        if reference is not None:
            values.append(reference)
        if panel == "percent":
            values.append(0.0)  # a share starts at zero, so a small change is not blown up
        # the first and last tick labels kept inside the plot: a label centred on the scale's
        # end (100%, or a likelihood tick near it) would stand past the chart's box
        axis = vl.Axis(labelFlush=20)
        if panel == "relative likelihood":
            domain = [min(values) / 1.2, max(values) * 1.2]
            scale = vl.Scale(type="log", domain=domain, nice=False, padding=EDGE_ROOM)
            axis = vl.Axis(
                values=[t for t in LOG_TICKS if domain[0] <= t <= domain[1]], labelFlush=20
            )
        elif panel == "percent":
            domain = [0, min(100.0, max(values) * 1.3 + 2)]
            scale = vl.Scale(domain=domain, nice=False, padding=EDGE_ROOM)
        else:
            pad = max(2.0, 0.15 * (max(values) - min(values)))
            domain = [min(values) - pad, max(values) + pad]
            scale = vl.Scale(domain=domain, nice=False, padding=EDGE_ROOM)
        data = vl.Chart(pd.DataFrame(mine))
        y = vl.Y("name:N", sort=[r["name"] for r in mine], title=None, axis=None)
        x_after = vl.X("after:Q", scale=scale, title=axis_title, axis=axis)
        height = 56 * len(mine)
        log = panel == "relative likelihood"
        layers: list[vl.Spec] = []
        if reference is not None:
            layers += [
                vl.Chart(pd.DataFrame({"x": [reference]}))
                .mark_rule(color=GREY, strokeDash=[6, 4])
                .encode(x=vl.X("x:Q", scale=scale, title=axis_title, axis=axis)),
                _rule_label(reference_text, reference, _along(reference, domain, log=log)),
            ]
        arrow = vl.Shape(
            "direction:N",
            scale=vl.Scale(
                domain=["up", "down", "same"], range=["triangle-right", "triangle-left", "circle"]
            ),
            legend=None,
        )
        layers += [
            data.mark_rule(color=GREY, size=2).encode(
                x=vl.X("before:Q", scale=scale, title=axis_title, axis=axis), x2="after:Q", y=y
            ),
            data.mark_point(filled=False, size=90, color=BLUE, opacity=1, shape="circle").encode(
                x=vl.X("before:Q", scale=scale), y=y
            ),
            data.mark_point(filled=True, size=130, color=ORANGE, opacity=1).encode(
                x=x_after,
                y=y,
                shape=arrow,
                tooltip=[
                    vl.Tooltip("name:N", title="Indicator"),
                    vl.Tooltip("before:Q", title=then, format=".2f"),
                    vl.Tooltip("after:Q", title=now, format=".2f"),
                ],
            ),
            _names_above(data, y, limit=vl.ExprRef(expr="width - 190"), offset=10),
            _values_right(data, y, offset=10),
        ]
        # "container": Streamlit gives each panel of a stack its full width, so nothing may
        # stand to the left of the plot (the names are inside it); the board pack fixes a width
        panels.append(
            vl.layer(*layers).properties(title=panel_title, width="container", height=height)
        )
        items = "; ".join(
            f"{r['key']} {fmt(r['before'])} to {fmt(r['after'])}"
            + (f" ({r['moved']})" if r["moved"] else "")
            for r in mine
        )
        summary.append(f"{panel_title}: {items}.")
    compared = [r for r in rows if r["moved"]]
    closer = sum(r["moved"] == "closer to parity" for r in compared)
    further = sum(r["moved"] == "further from parity" for r in compared)
    alt_text = (
        f"Arrows from {then} (hollow circle) to {now} (arrowhead) for {len(rows)} figure"
        f"{'s' if len(rows) > 1 else ''} with a value in both years"
        + (
            f"; {closer} moved closer to parity (1.00 or no difference) and {further} further away"
            if compared
            else ""
        )
        + ". "
        + " ".join(summary)
    )
    left_out = [t for t in table_rows if t["On the chart"] == "no"]
    if left_out:
        alt_text += (
            " Not compared: "
            + "; ".join(f"{t['Indicator']} ({t['Reason']})" for t in left_out)
            + "."
        )
    chart = vl.vconcat(*panels).properties(
        # two lines of title rather than a subtitle, which Streamlit's theme leaves uncoloured
        title=vl.Title([title, f"Hollow circle: {then}. Arrowhead: {now}."]),
        description=alt_text,
        padding={"left": 0, "right": 0, "top": 5, "bottom": 5},
    )
    return Chart(chart=chart, alt_text=alt_text, table=table, title=title)
