"""Pay-gap charts: who is in each quarter of the pay range.

A table of shares goes in (never pay or staff rows); the chart follows dashboard.charts' `Chart`
convention: alt text written from the numbers, the table behind it, a container-wide chart, and
no text colours of its own, so the light or dark theme's colours apply. Colour is not the only
signal: a bar wide enough carries its group's name and share as text, a narrower one its share,
and the groups keep one order (reference group first) in every quarter."""

from __future__ import annotations

import pandas as pd

from dashboard import vega as vl
from dashboard.charts import BLUE, ORANGE, Chart

QUARTERS = ("Lowest paid quarter", "Lower middle quarter", "Upper middle quarter",
            "Highest paid quarter")  # fmt: skip
# a bar's label fits inside it at phone width (a 390 px screen leaves about 230 px for the bars):
# "Female 67%" needs about a third of the width, "18%" about a tenth
NAME_AND_NUMBER, NUMBER_ONLY = 35.0, 10.0


def quartile_table(quartiles: tuple[dict, ...], groups: tuple[str, str]) -> pd.DataFrame:
    """The long table a quartile chart draws: one row per quarter and group, its share (%)."""
    rows = [{"quarter": QUARTERS[int(q["quartile"]) - 1], "order": int(q["quartile"]),
             "group": g, "percent": q.get(g)} for q in quartiles for g in groups]  # fmt: skip
    return pd.DataFrame(rows, columns=["quarter", "order", "group", "percent"])


def pay_quartiles(table: pd.DataFrame, title: str) -> Chart:
    """Stacked bars: each quarter of the pay range (lowest paid first) split by group."""
    groups = list(dict.fromkeys(table["group"]))
    data = table.assign(
        share=table["percent"].fillna(0.0),
        label=[_bar_label(g, p) for g, p in zip(table["group"], table["percent"], strict=True)],
    )  # fmt: skip
    y = vl.Y("quarter:N", sort=list(QUARTERS), title=None)
    x = vl.X("share:Q", title="Share of the quarter's staff (%)", stack="zero",
              scale=vl.Scale(domain=[0, 100]))  # fmt: skip
    colour = vl.Color("group:N", sort=groups, title="Staff",
                       scale=vl.Scale(domain=groups, range=[BLUE, ORANGE][: len(groups)]))  # fmt: skip
    order = vl.Order("group_order:Q")
    data = data.assign(group_order=[groups.index(g) for g in data["group"]])
    tooltip = [vl.Tooltip("quarter:N", title="Quarter"), vl.Tooltip("group:N", title="Staff"),
               vl.Tooltip("share:Q", title="%", format=".1f")]  # fmt: skip
    base = vl.Chart(data)
    bars = base.mark_bar().encode(x=x, y=y, color=colour, order=order, tooltip=tooltip)
    # each bar names its group and share (colour is not the only signal): white on the blue,
    # black on the orange, both over 4.5:1
    ink = vl.Color("group:N", sort=groups, legend=None,
                    scale=vl.Scale(domain=groups, range=["white", "black"][: len(groups)]))  # fmt: skip
    text = base.mark_text(align="right", dx=-4).encode(
        x=vl.X("share:Q", stack="zero", bandPosition=1), y=y, order=order, text="label:N",
        color=ink,
    )  # fmt: skip
    alt_text = _alt_text(table, title, groups)
    chart = (
        vl.layer(bars, text)
        .resolve_scale(color="independent")
        .properties(width="container", height=vl.Step(34), title=title, description=alt_text)
    )
    wide = table.pivot(index="quarter", columns="group", values="percent").reindex(list(QUARTERS))
    wide = wide[groups].round(1).reset_index().rename(columns={"quarter": "Quarter of pay"})
    wide.columns = ["Quarter of pay", *[f"{g} (%)" for g in groups]]
    return Chart(chart=chart, alt_text=alt_text, table=wide, title=title)


def _bar_label(group: str, percent: float | None) -> str:
    """A bar's own words: its group and share where a phone-width bar has room for both, the
    share alone on a narrower bar, nothing on a sliver (the legend and the table still say it)."""
    if percent is None or percent != percent or percent < NUMBER_ONLY:
        return ""
    return f"{group} {percent:.0f}%" if percent >= NAME_AND_NUMBER else f"{percent:.0f}%"


def _alt_text(table: pd.DataFrame, title: str, groups: list[str]) -> str:
    focus = groups[-1]
    shares = table[(table["group"] == focus).to_numpy()].sort_values("order")
    known = [(q, p) for q, p in zip(shares["quarter"], shares["percent"], strict=True)
             if p is not None and p == p]  # fmt: skip
    words = [f"Stacked bar chart of {title.lower()}: the share of {' and '.join(groups)} staff "
             "in each quarter of the pay range, lowest paid first."]  # fmt: skip
    if not known:
        return words[0] + " No quarter could be worked out."
    words.append(f"{focus} staff: " + "; ".join(f"{q.lower()} {p:.1f}%" for q, p in known) + ".")
    hidden = len(shares) - len(known)
    if hidden:
        words.append(f"{hidden} quarter{'s are' if hidden > 1 else ' is'} not shown: the "
                     "shares would point at individuals.")  # fmt: skip
    low, high = known[0][1], known[-1][1]
    if hidden and (known[0][0] != QUARTERS[0] or known[-1][0] != QUARTERS[-1]):
        return " ".join(words)  # the two ends are not both shown: no comparison of them
    if high < low:
        words.append(f"{focus} staff are fewer among the highest paid than among the lowest paid.")
    elif high > low:
        words.append(f"{focus} staff are more among the highest paid than among the lowest paid.")
    return " ".join(words)
