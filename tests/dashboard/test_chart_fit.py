"""Every chart fits its container at phone and desktop widths and reads in light and dark themes.

Streamlit's front end (1.67) does three things to a spec drawn with `width="stretch"` that
matter here, mimicked by `as_streamlit`: it merges its theme config under ours (autosize "fit"
to the container with padding; axis, legend, title and header colours; no colour for text marks
or subtitles), sets the spec's width to the container's, and sets every plain panel of a
vconcat to the container's width too. It also replaces its named colours ("gray", ...) in an
encoding's colour value by the theme's. The theme colours below are Streamlit's defaults.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dashboard import charts
from dashboard import network_charts as nc
from dashboard.sample import (
    SAMPLE_NETWORK_COUNTS,
    SAMPLE_NETWORK_WDES_COUNTS,
    SAMPLE_TRUST_WORKBOOK,
)
from metrics.compare.gpg import read_gpg
from metrics.compare.in_range import range_trend
from metrics.compare.inputs import load_network
from metrics.compare.network import compare
from metrics.compare.values import NETWORK_INDICATORS, network_values
from metrics.counts.table import normalise
from metrics.inputs.pipeline import Sources, load
from metrics.standards.indicators import wres
from tests.metrics.compare.test_gpg import line
from tests.metrics.compare.test_gpg import upload as gpg_upload

vl_convert = pytest.importorskip("vl_convert")

# background, axis text, Streamlit's "gray": the light and dark themes as Streamlit draws them
# and the heading colour (the theme's text colour, .streamlit/config.toml)
THEMES = {
    "light": {"background": "#FFFFFF", "axis": "#808495", "gray": "#6B7280", "heading": "#0E1117"},
    "dark": {"background": "#171614", "axis": "#e6eaf1", "gray": "#A9A5A0", "heading": "#EDEBE8"},
}
# the chart's container at each window width: a phone's column, the centred layout's column
CONTAINERS = {390: 358, 1280: 704, 1920: 704}
COMPOSITE = ("hconcat", "vconcat", "concat", "facet", "repeat")


# ---------------------------------------------------------------------------------------------
# helpers


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #RRGGBB colour."""
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_contrast_ratio_matches_worked_examples():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    # #777777: each channel (0.4667 + 0.055)/1.055 ** 2.4 = 0.1845; (1.05)/(0.2345) = 4.48
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def merge(base: dict, top: dict) -> dict:
    out = dict(base)
    for k, v in top.items():
        out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def as_streamlit(spec: dict, width: int, theme: str) -> dict:
    """The spec as Streamlit's front end hands it to Vega (see the module docstring)."""
    colours = THEMES[theme]
    out = copy.deepcopy(spec)
    streamlit = {
        "background": colours["background"],
        "autosize": {"type": "fit", "contains": "padding"},
        "title": {"color": colours["heading"], "anchor": "start"},
        "axis": {"labelColor": colours["axis"], "titleColor": colours["axis"],
                 "labelLimit": 100, "labelFlush": True, "ticks": False, "domain": False},
        "legend": {"labelColor": colours["axis"], "titleColor": colours["axis"]},
        "header": {"labelColor": colours["axis"], "titleColor": colours["axis"]},
    }  # fmt: skip
    out["config"] = merge(streamlit, out.get("config", {}))
    out["width"] = width
    for panel in out.get("vconcat", []):
        if not any(k in panel for k in COMPOSITE):
            panel["width"] = width
    if "title" in out:
        title = out["title"] if isinstance(out["title"], dict) else {"text": out["title"]}
        title.setdefault("limit", max(width - 40, 0))
        out["title"] = title
    for node in nodes(out):
        colour = (node.get("encoding") or {}).get("color")
        if isinstance(colour, dict) and colour.get("value") in ("gray", "grey"):
            colour["value"] = colours["gray"]
    out.setdefault("padding", {}).setdefault("bottom", 20)
    return out


def nodes(spec: Any) -> Iterator[dict]:
    if isinstance(spec, dict):
        yield spec
        for v in spec.values():
            yield from nodes(v)
    elif isinstance(spec, list):
        for v in spec:
            yield from nodes(v)


def text_marks(spec: dict) -> list[dict]:
    out = []
    for node in nodes(spec):
        mark = node.get("mark")
        if (mark.get("type") if isinstance(mark, dict) else mark) == "text":
            out.append(node)
    return out


def drawn_width(spec: dict) -> float:
    svg = vl_convert.vegalite_to_svg(spec)
    return float(re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg).group(1))


# ---------------------------------------------------------------------------------------------
# every builder, on the sample trust and the sample network


@pytest.fixture(scope="module")
def built() -> dict[str, charts.Chart]:
    if not SAMPLE_TRUST_WORKBOOK.exists() or not SAMPLE_NETWORK_COUNTS.exists():
        pytest.skip("sample data not generated")
    counts = load(Sources(workbook=SAMPLE_TRUST_WORKBOOK)).counts
    report, previous = wres(counts), wres(counts, year=2024)
    values = network_values(load_network([SAMPLE_NETWORK_COUNTS]).counts)
    out: dict[str, charts.Chart] = {
        "ladder": charts.representation_ladder(report),
        "ladder, clinical": charts.representation_ladder(report, clinical=True),
        "forest": charts.likelihood_forest(report),
        "survey": charts.survey_gaps(report),
        "board": charts.board_vs_workforce(report),
        "change": charts.change_since_last_year(report, previous),
    }
    for indicator in NETWORK_INDICATORS:
        comparison = compare(values, indicator)
        names = tuple(o.organisation for o in comparison.organisations)
        out[f"funnel {indicator}"] = nc.funnel_plot(comparison, names[len(names) // 2])
        out[f"trends {indicator}"] = nc.trends(values, indicator, names, names[0])
    employers = [line(f"A long employer name, NHS Trust {i}", "5", str(i - 3)) for i in range(8)]
    out["gpg"] = nc.pay_gaps(read_gpg(gpg_upload(*employers)))
    wdes = network_values(load_network([SAMPLE_NETWORK_WDES_COUNTS]).counts)
    scores = compare(wdes, "WDES9a")
    out["scores"] = nc.score_gaps(scores, scores.organisations[-1].organisation)
    out["in range"] = nc.in_range_trend("WRES2", range_trend(values, "WRES2"))
    return out


NAMES = [
    "ladder",
    "ladder, clinical",
    "forest",
    "survey",
    "board",
    "change",
    "gpg",
    "scores",
    "in range",
] + [f"{kind} {i}" for i in NETWORK_INDICATORS for kind in ("funnel", "trends")]


@pytest.mark.parametrize("name", NAMES)
def test_width_is_the_containers_or_small_enough_for_a_phone(built, name):
    spec = built[name].chart.to_dict()
    if "facet" in spec:  # a facet cannot take its container's width: its panels must fit 390 px
        assert spec["columns"] * spec["spec"]["width"] <= 300
    elif "vconcat" in spec:
        assert all(panel["width"] == "container" for panel in spec["vconcat"])
    else:
        assert spec["width"] == "container"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("window", sorted(CONTAINERS))
def test_drawn_no_wider_than_its_container(built, name, window):
    width = CONTAINERS[window]
    spec = as_streamlit(charts.for_streamlit(built[name].chart.to_dict()), width, "dark")
    assert drawn_width(spec) <= width + 0.5


@pytest.mark.parametrize("name", ["forest", "survey", "board", "change"])
def test_long_names_sit_inside_the_plot_not_in_a_label_column(built, name):
    """A column of long names beside the plot leaves a phone's plot nothing (and overflows a
    stack of panels): these charts write each name on a line above its row, cut to the plot's
    width, with no y-axis labels at all."""
    spec = built[name].chart.to_dict()
    ys = [n["encoding"]["y"] for n in nodes(spec)
          if isinstance(n.get("encoding"), dict) and isinstance(n["encoding"].get("y"), dict)
          and n["encoding"]["y"].get("type") == "nominal"]  # fmt: skip
    assert ys and all(y.get("axis", {}) is None for y in ys)
    names = [m for m in text_marks(spec) if m["encoding"]["x"] == {"value": 0}]
    assert names and all("limit" in m["mark"] for m in names)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("theme", sorted(THEMES))
def test_text_reads_on_the_theme_background(built, name, theme):
    """Every text drawn (marks, axes, legends, headers, titles), as Vega draws it under
    Streamlit's theme config (whose axis grey is 3.7:1 on white), has a contrast of at least
    4.5:1 with the theme's background; none of our text colours is a fixed colour."""
    spec = charts.for_streamlit(built[name].chart.to_dict())
    for mark in text_marks(spec):  # trends have none: their words are axes and headers
        assert mark["encoding"]["color"] == {"value": charts.THEME_TEXT}
        style = mark["mark"] if isinstance(mark["mark"], dict) else {}
        assert not {"color", "fill", "stroke"} & set(style)
    svg = vl_convert.vegalite_to_svg(as_streamlit(spec, 358, theme))
    fills = re.findall(r"<text[^>]*?\sfill=\"([^\"]+)\"", svg)
    assert fills and len(fills) == svg.count("<text")  # every text has a colour of its own
    background = THEMES[theme]["background"]
    assert {f for f in fills if contrast(f, background) < 4.5} == set()
    assert not any(f.lower() == THEMES[theme]["axis"].lower() for f in fills)
    title = spec.get("title")
    assert not (isinstance(title, dict) and "subtitle" in title)


@pytest.mark.parametrize("name", NAMES)
def test_only_the_width_is_fitted_to_the_box(built, name):
    """Streamlit fits a chart to its box in both directions; fitted to the width only, a plot
    keeps its own height on a phone, where its title and legend take more lines."""
    spec = charts.for_streamlit(built[name].chart.to_dict())
    if any(k in spec for k in COMPOSITE):  # Vega-Lite draws these at their panels' sizes
        assert "autosize" not in spec
        return
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    height = spec.get("height")
    if isinstance(height, int):
        svg = vl_convert.vegalite_to_svg(as_streamlit(spec, 358, "light"))
        drawn = float(re.search(r'<svg[^>]*\sheight="([\d.]+)"', svg).group(1))
        assert drawn >= height


def test_a_long_title_is_wrapped_to_a_phones_width(built):
    """The funnel's title names the indicator in full (113 characters): in lines of at most
    TITLE_CHARS, with every word kept."""
    title = built["funnel WRES2"].chart.to_dict()["title"]
    text = title if isinstance(title, str) else title["text"]
    assert len(text) > charts.TITLE_CHARS
    wrapped = charts.for_streamlit(built["funnel WRES2"].chart.to_dict())["title"]["text"]
    assert len(wrapped) >= 3 and all(len(line) <= charts.TITLE_CHARS for line in wrapped)
    assert " ".join(wrapped) == text
    short = charts.for_streamlit(built["ladder"].chart.to_dict())["title"]
    assert short["text"] == "BME share of staff by band"


@pytest.mark.parametrize("name", NAMES)
def test_the_board_pack_draws_text_in_vegas_black_on_white(built, name):
    """Outside Streamlit the specs carry no text colour: Vega's black on the pack's white."""
    for mark in text_marks(built[name].chart.to_dict()):
        assert "color" not in (mark.get("encoding") or {})
        assert contrast("#000000", "#FFFFFF") >= 4.5


@pytest.mark.parametrize("name", NAMES)
def test_labels_have_limits(built, name):
    """Axis, legend and header labels are cut to a limit, and so is every text mark that can
    hold a name (long text); the full words are in a tooltip or the table."""
    spec = built[name].chart.to_dict()
    config = spec["config"]
    assert config["axis"]["labelLimit"] <= 160
    assert config["legend"]["labelLimit"] <= 160
    assert config["header"]["labelLimit"] <= 160
    rows = [row for rows in spec.get("datasets", {}).values() for row in rows]
    for mark in text_marks(spec):
        field = (mark.get("encoding") or {}).get("text", {}).get("field")
        longest = max((len(str(r.get(field, ""))) for r in rows), default=0)
        style = mark["mark"] if isinstance(mark["mark"], dict) else {}
        assert longest <= 40 or "limit" in style, (field, longest)


@pytest.mark.parametrize("name", NAMES)
def test_tables_are_plain(built, name):
    table = built[name].table
    for column in table.columns:
        assert "_" not in str(column), column
    shown = table.astype(object).where(table.notna(), "")
    cells = {str(v) for v in shown.to_numpy().ravel()}
    assert not {"None", "nan", "NaN", "<NA>"} & cells


# ---------------------------------------------------------------------------------------------
# the funnel's x-axis: the trust's size in the indicator's own terms


@pytest.mark.parametrize(
    ("indicator", "words"),
    [
        ("WRES1", "staff in post"),
        ("WRES1-senior", "staff in post in bands 8c-VSM"),
        ("WRES2", "applicants appointed"),
        ("WRES3", "staff entering a formal disciplinary investigation"),
        ("WRES4", "staff accessing training"),
        ("WRES5", "survey respondents"),
        ("WRES8", "survey respondents"),
        ("WRES9", "voting board members"),
    ],
)
def test_the_funnels_x_axis_names_the_size_in_words(built, indicator, words):
    spec = built[f"funnel {indicator}"].chart.to_dict()
    titles = [
        node["x"]["title"]
        for node in nodes(spec)
        if isinstance(node.get("x"), dict) and "title" in node["x"]
    ]
    assert titles
    first = titles[0] if isinstance(titles[0], str) else titles[0][0]
    assert first.lower().startswith(words.lower())
    assert "precision" not in first.lower() and "se²" not in first.lower()


def two_trusts():
    """WRES2 for two trusts, White then BME: appointed of shortlisted."""
    rows = []
    for org, (aw, sw, ab, sb) in {"Big": (120, 400, 60, 300), "Mid": (50, 200, 20, 100)}.items():
        for group, n, d in (("White", aw, sw), ("BME", ab, sb)):
            rows.append({"organisation": org, "region": "North", "trust_type": "Acute",
                         "year": 2025, "indicator": "WRES2", "group": group,
                         "numerator": n, "denominator": d})  # fmt: skip
    return network_values(normalise(pd.DataFrame(rows)))


def test_a_likelihood_is_placed_at_its_equivalent_number_of_events():
    """Big: Katz SE² = 1/120 − 1/400 + 1/60 − 1/300 = 0.019167, so 4/SE² = 208.7 appointed
    applicants; Mid: 1/50 − 1/200 + 1/20 − 1/100 = 0.055, 4/SE² = 72.7."""
    comparison = compare(two_trusts(), "WRES2")
    spec = nc.funnel_plot(comparison).chart.to_dict()
    placed = {r["Trust"]: r["x"] for r in (row for rows in spec["datasets"].values()
                                           for row in rows) if "Trust" in r}  # fmt: skip
    assert placed["Big"] == pytest.approx(4 / 0.0191667, rel=1e-4)
    assert placed["Mid"] == pytest.approx(4 / 0.055, rel=1e-4)


@pytest.mark.parametrize("indicator", ["WRES2", "WRES4", "WRES5", "WRES7"])
def test_the_limits_and_every_trusts_place_are_unchanged(built, indicator):
    """Only the axis is rescaled: each trust sits at a constant multiple of its precision, and
    the limits drawn at that point are the trust's own computed limits."""
    values = network_values(load_network([SAMPLE_NETWORK_COUNTS]).counts)
    comparison = compare(values, indicator)
    spec = nc.funnel_plot(comparison).chart.to_dict()
    rows = [row for rows in spec["datasets"].values() for row in rows]
    points = {r["Trust"]: r for r in rows if "Trust" in r}
    curve = pd.DataFrame([r for r in rows if "limit" in r])
    by = {o.organisation: o for o in comparison.organisations}
    factors = {name: p["x"] / by[name].x for name, p in points.items()}
    factor = next(iter(factors.values()))
    assert all(f == pytest.approx(factor) for f in factors.values())
    for limit in ("upper95", "lower998"):
        line = curve[curve["limit"] == limit].sort_values("x")
        for name, p in list(points.items())[:10]:
            drawn = _log_interp(p["x"], line["x"], line["y"])
            assert drawn == pytest.approx(getattr(by[name], limit), rel=2e-3)


def _log_interp(x: float, xs: pd.Series, ys: pd.Series) -> float:
    """The curve's value at x, interpolated on the log scale it is drawn on."""
    return float(np.interp(math.log(x), [math.log(v) for v in xs], ys.to_numpy()))


def test_the_funnel_says_how_its_axis_is_drawn(built):
    note = built["funnel WRES2"].note
    assert "equivalent number of applicants appointed" in note and "4/SE²" in note
    assert "survey respondents" in built["funnel WRES5"].note
    assert built["funnel WRES1"].note == ""  # a headcount needs no explaining


# ---------------------------------------------------------------------------------------------
# trends: years and the equality line


@pytest.mark.parametrize("indicator", list(NETWORK_INDICATORS))
def test_trend_panels_have_a_year_axis_and_the_equality_line(built, indicator):
    spec = built[f"trends {indicator}"].chart.to_dict()
    layers = spec["spec"]["layer"]
    xs = [layer["encoding"]["x"] for layer in layers if "x" in layer.get("encoding", {})]
    assert xs and all(x["field"] == "year" for x in xs)
    assert all(x.get("axis") is not None and x["axis"].get("labels", True) for x in xs)
    assert spec.get("resolve", {}).get("axis", {}).get("x") == "independent"
    equality = NETWORK_INDICATORS[indicator].equality
    rules = [
        layer
        for layer in layers
        if layer["mark"] == "rule"
        or (isinstance(layer["mark"], dict) and layer["mark"]["type"] == "rule")  # fmt: skip
    ]
    level = [r for r in rules if "datum" in r["encoding"].get("y", {})]
    if equality is None:
        assert not level
    else:
        assert [r["encoding"]["y"]["datum"] for r in level] == [equality]
        assert "x" not in level[0]["encoding"]  # it crosses the whole panel


def test_every_builder_is_covered():
    """A new builder must be added to the fit checks above."""
    chart_builders: list[Callable] = [
        charts.representation_ladder,
        charts.likelihood_forest,
        charts.survey_gaps,
        charts.board_vs_workforce,
        charts.change_since_last_year,
        nc.funnel_plot,
        nc.trends,
        nc.pay_gaps,
        nc.score_gaps,
        nc.in_range_trend,
    ]
    public = [
        f
        for module in (charts, nc)
        for name, f in vars(module).items()
        if callable(f)
        and not name.startswith("_")
        and getattr(f, "__module__", "") == module.__name__
        and getattr(f, "__annotations__", {}).get("return") in ("Chart", charts.Chart)
    ]
    assert set(public) <= set(chart_builders)


def _axes(vega: dict) -> list[dict]:
    """Every axis of a compiled Vega spec, nested groups (facets, panels) included."""
    found = list(vega.get("axes", []))
    for mark in vega.get("marks", []):
        if mark.get("type") == "group":
            found += _axes(mark)
    return found


@pytest.mark.parametrize("name", NAMES)
def test_a_wide_container_does_not_crowd_the_axis_with_ticks(built, name):
    """Vega-Lite's default, a tick every 40 px (`ceil(width/40)`), gave some 30 labels on a
    0-100% axis in a 1920 px window; every axis of ours asks for a fixed, small number."""
    vega = vl_convert.vegalite_to_vega(charts.for_streamlit(built[name].chart.to_dict()))
    counts = [a.get("tickCount") for a in _axes(vega)]
    assert counts
    assert not [c for c in counts if isinstance(c, dict) and "width" in str(c.get("signal"))]
    assert all(c is None or isinstance(c, dict) or c <= 8 for c in counts), counts


@pytest.mark.parametrize("width", [358, 704, 1460])  # 1460: the main area of a 1920 px window
def test_the_wdes_change_chart_is_drawn_no_wider_than_its_container(width):
    # the WDES's survey gaps reach past +/-15 points: a tick label at the scale's end must not
    # stand past the box (it did at 1460 px before the labels were kept flush)
    from dashboard.state import _sample  # the app's sample: every standard's counts
    from metrics.standards.indicators import report

    if not SAMPLE_TRUST_WORKBOOK.exists():
        pytest.skip("sample data not generated")
    sample = _sample()
    now, then = (report(sample.counts, standard="WDES", organisation=sample.organisation, year=y)
                 for y in (2025, 2024))  # fmt: skip
    chart = charts.change_since_last_year(now, then)
    spec = as_streamlit(charts.for_streamlit(chart.chart.to_dict()), width, "dark")
    assert drawn_width(spec) <= width + 0.5
