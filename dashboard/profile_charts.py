"""Step 1's charts: who works in the unit, beside the whole organisation.

Tables of counts go in (never staff rows); `profile_table` hides groups small enough to point at
someone before anything is drawn, and `profile_bars` follows dashboard.charts' `Chart`
convention: alt text written from the numbers, the table behind the chart, a container-wide
chart, and no text colours of its own, so the light or dark theme's colours apply.
"""

from __future__ import annotations

import pandas as pd

from dashboard import charts
from dashboard import vega as vl
from dashboard.charts import Chart
from metrics.disclosure.control import TOTAL, DisclosureSettings, protect_table

WHOLE = "Whole organisation"
HIDDEN_SECONDARY = "hidden (would reveal a smaller group)"
BAR_PX = 10  # a bar's thickness
ROW_PX = 34  # a bar and the line of figures above it, for one side of one group


def _hidden(counts: pd.Series, threshold: int) -> pd.Series:
    """Which counts to hide: 1..threshold, plus enough others that none can be worked back from
    the total (metrics.disclosure.control, without rounding: internal views keep exact figures)."""
    cells = pd.DataFrame({"headcount": counts.astype(int).to_numpy()},
                         index=pd.Index(range(len(counts)), name="row"))  # fmt: skip
    cells.columns.name = "column"
    settings = DisclosureSettings(threshold=threshold, rounding_base=1)
    mask = protect_table(cells, "profile", settings).suppressed
    return pd.Series(mask.drop(index=TOTAL)["headcount"].to_numpy(), index=counts.index)


def profile_table(
    sides: dict[str, pd.DataFrame], key: str, *, exact: bool, threshold: int
) -> pd.DataFrame:
    """One long table for the chart: a row per group and side (the unit, the whole organisation).

    `sides` maps a side's name to a table of `key` and `headcount`; the first side's group order
    is kept. Unless `exact`, counts of 1..threshold read "fewer than threshold+1" and their
    percentages are left out, as is any count that would let them be worked back."""
    rows = []
    for who, frame in sides.items():
        counts = frame.set_index(key)["headcount"].astype(int)
        total = int(counts.sum())
        nothing = exact or counts.empty  # an empty side (no staff at all) has nothing to hide
        hidden = pd.Series(False, index=counts.index) if nothing else _hidden(counts, threshold)
        for position, (group, n) in enumerate(counts.items()):
            pct = 100 * n / total if total else 0.0
            if not hidden[group]:
                shown = f"{pct:.1f}% ({n:,})"
            elif 1 <= n <= threshold:
                shown = f"fewer than {threshold + 1}"
            else:
                shown = HIDDEN_SECONDARY
            rows.append({"group": str(group), "who": who, "order": position,
                         "headcount": None if hidden[group] else n,
                         "percent": None if hidden[group] else pct, "shown": shown})  # fmt: skip
    table = pd.DataFrame(rows, columns=["group", "who", "order", "headcount", "percent", "shown"])
    table["headcount"] = table["headcount"].astype("Int64")
    table["percent"] = table["percent"].astype(float)
    return table


def profile_bars(table: pd.DataFrame, title: str) -> Chart:
    """Horizontal bars of each group's share of staff, the unit's bar above the organisation's."""
    order = list(dict.fromkeys(table.sort_values("order", kind="stable")["group"]))
    sides = list(dict.fromkeys(table["who"]))
    data = table.assign(
        bar=table["percent"].fillna(0.0),
        label=[f"{s}: {w}" if len(sides) > 1 else s
               for s, w in zip(table["shown"], table["who"], strict=True)],
    )  # fmt: skip
    x = vl.X("bar:Q", title="Share of staff (%)",
              scale=vl.Scale(domain=[0, min(100.0, float(data["bar"].max()) * 1.3 + 5)]))  # fmt: skip
    y = vl.Y("group:N", sort=order, title=None)
    encode = {"x": x, "y": y}
    if len(sides) > 1:
        encode["yOffset"] = vl.YOffset("who:N", sort=sides)
        encode["color"] = vl.Color("who:N", sort=sides, title=None)
    tooltip = [vl.Tooltip("group:N", title="Group"), vl.Tooltip("who:N", title="Who"),
               vl.Tooltip("shown:N", title="Share (staff)")]  # fmt: skip
    base = vl.Chart(data)
    bars = base.mark_bar(size=BAR_PX).encode(**encode, tooltip=tooltip)
    # each figure on a line of its own above its bar, from the plot's left edge and cut to the
    # plot's width: at a bar's end, a long bar's figure ran past a phone's screen and was cut off
    place = {k: v for k, v in encode.items() if k not in ("color", "x")}
    labels = base.mark_text(
        align="left", baseline="bottom", dy=-(BAR_PX // 2 + 1), limit=charts.WIDTH
    ).encode(x=vl.value(0), **place, text="label:N")
    alt_text = _alt_text(table, title, sides)
    chart = vl.layer(bars, labels).properties(
        width="container", height=max(120, ROW_PX * len(order) * len(sides)), title=title,
        description=alt_text,
    )  # fmt: skip
    shown = table.pivot(index="group", columns="who", values="shown").reindex(order)[sides]
    shown = shown.reset_index().rename(columns={"group": title})
    shown.columns = [title, *[f"{who}: share (staff)" for who in sides]]
    return Chart(chart=chart, alt_text=alt_text, table=shown, title=title)


def _alt_text(table: pd.DataFrame, title: str, sides: list[str]) -> str:
    words = [f"Bar chart of {title.lower()}: each group's share of staff, for "
             + " and for ".join(sides) + "."]  # fmt: skip
    for who in sides:
        side = table[(table["who"] == who).to_numpy()]
        known = side.dropna(subset=["percent"])
        if known.empty:
            words.append(f"{who}: every group is hidden.")
            continue
        top = known.loc[known["percent"].idxmax()]
        words.append(f"{who}: largest group {top['group']} at {top['percent']:.1f}%.")
    hidden = table[table["percent"].isna().to_numpy()]
    if not hidden.empty:
        words.append(
            f"{len(hidden)} figure{'s are' if len(hidden) > 1 else ' is'} hidden because the "
            "group is small enough to point at individuals."
        )
    return " ".join(words)
