"""Chart builders: valid offline Vega-Lite, alt text written from the data, a table per chart."""

from __future__ import annotations

import colorsys
from collections.abc import Iterator
from typing import Any

import altair as alt
import pandas as pd
import pytest

from dashboard import charts
from dashboard.sample import SAMPLE_TRUST_WORKBOOK
from metrics.inputs.pipeline import Sources, load
from metrics.standards.indicators import wres
from metrics.standards.results import GroupFigures, IndicatorResult, StandardReport
from metrics.stats.intervals import wilson

needs_sample = pytest.mark.skipif(
    not SAMPLE_TRUST_WORKBOOK.exists(), reason="sample data not generated"
)


@pytest.fixture(scope="module")
def counts() -> pd.DataFrame:
    if not SAMPLE_TRUST_WORKBOOK.exists():
        pytest.skip("sample data not generated")
    return load(Sources(workbook=SAMPLE_TRUST_WORKBOOK)).counts


@pytest.fixture(scope="module")
def report(counts) -> StandardReport:
    return wres(counts)


@pytest.fixture(scope="module")
def previous(counts) -> StandardReport:
    return wres(counts, year=2024)


# ---------------------------------------------------------------------------------------------
# helpers


def walk(node: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Every (path, key, value) in a nested spec."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield path, k, v
            yield from walk(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, f"{path}/{i}")


def records(spec: dict, key: str) -> list[dict]:
    """The inline data rows (in any dataset) that carry `key`."""
    return [row for rows in spec.get("datasets", {}).values() for row in rows if key in row]


def texts(spec: dict) -> set[str]:
    return {str(v) for _, k, v in walk(spec) if k == "text"} | {
        str(row["text"]) for row in records(spec, "text")
    }


def assert_offline(spec: dict) -> None:
    """No data, font or image is fetched from anywhere: no url key, no address but the schema's."""
    for path, key, value in walk(spec):
        assert key != "url", f"url at {path}"
        assert key != "href", f"href at {path}"
        if isinstance(value, str) and "://" in value:
            assert (path, key) == ("", "$schema"), f"address {value!r} at {path}/{key}"


def ratio(id_: str, status: str, reason: str | None = None, **kw) -> IndicatorResult:
    return IndicatorResult(
        id=id_, label=id_, unit="relative likelihood", status=status, reason=reason, **kw
    )


def with_indicators(report: StandardReport, **indicators: IndicatorResult) -> StandardReport:
    return report.model_copy(update={"indicators": {**report.indicators, **indicators}})


def empty_report() -> StandardReport:
    return StandardReport(
        organisation="Nowhere",
        unit="whole organisation",
        year=2025,
        indicators={
            k: IndicatorResult(
                id=k,
                label=k,
                unit="percent" if k == "WRES1" else "percentage points",
                status="no_data",
                reason="no data was given for this indicator",
            )
            for k in (f"WRES{i}" for i in range(1, 10))
        },
    )


def all_charts(report: StandardReport, previous: StandardReport) -> dict[str, charts.Chart]:
    return {
        "ladder": charts.representation_ladder(report),
        "ladder clinical": charts.representation_ladder(report, clinical=True),
        "ladder non-clinical": charts.representation_ladder(report, clinical=False),
        "forest": charts.likelihood_forest(report),
        "survey": charts.survey_gaps(report),
        "board": charts.board_vs_workforce(report),
        "change": charts.change_since_last_year(report, previous),
    }


# ---------------------------------------------------------------------------------------------
# every builder


@needs_sample
def test_every_chart_validates_stays_offline_and_carries_its_words(report, previous):
    for name, chart in all_charts(report, previous).items():
        assert isinstance(chart, charts.Chart), name
        spec = chart.chart.to_dict()  # Altair validates against the Vega-Lite schema here
        assert_offline(spec)
        assert spec["description"] == chart.alt_text, name
        assert chart.title and chart.alt_text.strip(), name
        assert isinstance(chart.table, pd.DataFrame) and not chart.table.empty, name
        assert not [c for c in chart.table.columns if "_" in c or c[:1].islower()], name


def test_every_chart_survives_a_report_with_no_data():
    report = empty_report()
    for name, chart in all_charts(report, report).items():
        spec = chart.chart.to_dict()
        assert_offline(spec)
        assert chart.alt_text.strip(), name
        assert "nan" not in chart.alt_text.lower(), name


# ---------------------------------------------------------------------------------------------
# 1. representation ladder


@needs_sample
def test_ladder_plots_every_band_in_order_with_the_workforce_rule(report):
    result = report.indicators["WRES1"]
    chart = charts.representation_ladder(report)
    spec = chart.chart.to_dict()
    bars = records(spec, "pct")
    assert [b["label"] for b in bars] == [p.label for p in result.parts]
    assert len(chart.table) == len(result.parts)
    # the rule sits at the overall BME share and is labelled with it
    assert any(r["x"] == pytest.approx(result.value) for r in records(spec, "x"))
    assert f"Whole workforce: {result.value:.1f}% BME" in texts(spec)
    # every bar carries its value as text
    assert {f"{p.value:.1f}% of {int(p.extra['headcount']):,}" for p in result.parts} <= texts(spec)


@needs_sample
def test_ladder_table_has_the_gap_and_the_people_needed(report):
    result = report.indicators["WRES1"]
    table = charts.representation_ladder(report).table
    assert list(table["More BME staff to match"]) == [p.extra["bme_needed"] for p in result.parts]
    assert list(table["Gap (percentage points)"]) == [
        round(p.extra["gap_percentage_points"], 1) for p in result.parts
    ]
    assert list(table["BME %"]) == [round(p.value, 1) for p in result.parts]
    assert list(table["Headcount"]) == [p.extra["headcount"] for p in result.parts]


@needs_sample
def test_ladder_alt_text_names_the_share_the_extremes_and_the_largest_shortfall(report):
    result = report.indicators["WRES1"]
    text = charts.representation_ladder(report).alt_text
    assert f"{result.value:.1f}% BME" in text
    assert f"{int(result.extra['headcount']):,} staff" in text
    worst = max(result.parts, key=lambda p: p.extra["bme_needed"])
    assert f"largest shortfall in people is {worst.label}" in text
    assert f"{worst.extra['bme_needed']:,} more BME staff" in text
    highest = max(result.parts, key=lambda p: p.value)
    assert f"Highest: {highest.label} at {highest.value:.1f}%" in text
    below = sum(p.extra["gap_percentage_points"] < 0 for p in result.parts)
    assert f"{below} of {len(result.parts)} are below" in text


@needs_sample
@pytest.mark.parametrize("clinical", [True, False])
def test_ladder_can_show_one_side_only(report, clinical):
    result = report.indicators["WRES1"]
    side = [p for p in result.parts if p.breakdown["clinical"] is clinical]
    chart = charts.representation_ladder(report, clinical=clinical)
    assert len(chart.table) == len(side)
    assert set(chart.table["Clinical or non-clinical"]) == {
        "clinical" if clinical else "non-clinical"
    }
    assert [b["label"] for b in records(chart.chart.to_dict(), "pct")] == [
        p.breakdown["band"] for p in side
    ]
    # still compared with the whole workforce, as WRES1 asks
    assert f"{result.value:.1f}% BME in the whole workforce" in chart.alt_text
    worst = max(side, key=lambda p: p.extra["bme_needed"])
    assert f"largest shortfall in people is {worst.breakdown['band']}" in chart.alt_text


# ---------------------------------------------------------------------------------------------
# 2. forest plot of relative likelihoods


@needs_sample
def test_forest_plots_each_ratio_with_its_interval_on_a_log_scale(report):
    chart = charts.likelihood_forest(report)
    spec = chart.chart.to_dict()
    points = records(spec, "value")
    assert [p["id"] for p in points] == ["WRES2", "WRES3", "WRES4"]
    for p in points:
        r = report.indicators[p["id"]]
        assert (p["value"], p["lower"], p["upper"]) == (r.value, r.ci_lower, r.ci_upper)
    scales = [v for _, k, v in walk(spec) if k == "scale" and isinstance(v, dict)]
    assert any(s.get("type") == "log" for s in scales)
    labels = texts(spec)
    assert "1.00 = equal likelihood" in labels
    assert any("rule of thumb" in t for t in labels)
    band = records(spec, "hi")
    assert band == [{"lo": 0.80, "hi": 1.25}]
    assert len(chart.table) == 3 and set(chart.table["On the chart"]) == {"yes"}


@needs_sample
def test_forest_marks_each_indicator_by_shape_and_text_not_colour_alone(report):
    spec = charts.likelihood_forest(report).chart.to_dict()
    shapes = [v for _, k, v in walk(spec) if k == "shape" and isinstance(v, dict)]
    assert shapes and all(
        len(set(s["scale"]["range"])) == len(s["scale"]["domain"]) for s in shapes
    )
    labels = texts(spec)
    for key in ("WRES2", "WRES3", "WRES4"):
        r = report.indicators[key]
        assert f"{r.value:.2f} ({r.ci_lower:.2f} to {r.ci_upper:.2f})" in labels


@needs_sample
def test_forest_alt_text_gives_each_value_its_interval_and_the_extremes(report):
    text = charts.likelihood_forest(report).alt_text
    ratios = [report.indicators[k] for k in ("WRES2", "WRES3", "WRES4")]
    for r in ratios:
        assert f"{r.id} " in text
        assert f"{r.value:.2f}, 95% CI {r.ci_lower:.2f} to {r.ci_upper:.2f}" in text
    high = max(ratios, key=lambda r: r.value)
    low = min(ratios, key=lambda r: r.value)
    assert f"Highest: {high.id} at {high.value:.2f}" in text
    assert f"lowest: {low.id} at {low.value:.2f}" in text
    excluding = [r.id for r in ratios if r.ci_lower > 1 or r.ci_upper < 1]
    for key in excluding:
        assert key in text.split("exclude 1.00:")[1]


@needs_sample
def test_forest_leaves_out_what_cannot_be_computed_but_lists_it_with_its_reason(report):
    why3 = "not computable: no BME staff did enter the formal disciplinary process"
    why4 = "no data was given for this indicator"
    odd = with_indicators(
        report,
        WRES3=ratio("WRES3", "not_computable", why3),
        WRES4=ratio("WRES4", "no_data", why4),
    )
    chart = charts.likelihood_forest(odd)
    spec = chart.chart.to_dict()
    assert_offline(spec)
    assert [p["id"] for p in records(spec, "value")] == ["WRES2"]
    table = chart.table.set_index("Indicator")
    assert len(table) == 3
    assert table.loc["WRES3", "Reason"] == why3 and table.loc["WRES3", "On the chart"] == "no"
    assert table.loc["WRES4", "Reason"] == why4 and table.loc["WRES4", "Status"] == "no data"
    assert table.loc["WRES2", "On the chart"] == "yes"
    assert why3 in chart.alt_text and why4 in chart.alt_text
    assert "Highest" not in chart.alt_text  # one point has no highest and lowest


def test_forest_with_nothing_computable_still_draws_the_reference_lines():
    report = empty_report()
    chart = charts.likelihood_forest(report)
    spec = chart.chart.to_dict()
    assert records(spec, "value") == []
    assert "1.00 = equal likelihood" in texts(spec)
    assert len(chart.table) == 3 and set(chart.table["On the chart"]) == {"no"}


@needs_sample
def test_forest_flags_small_numbers_on_the_label(report):
    r = report.indicators["WRES3"]
    odd = with_indicators(
        report, WRES3=r.model_copy(update={"status": "small_numbers", "reason": "few events"})
    )
    labels = texts(charts.likelihood_forest(odd).chart.to_dict())
    assert any(t.endswith("small numbers") and t.startswith(f"{r.value:.2f}") for t in labels)


# ---------------------------------------------------------------------------------------------
# 3. staff survey


@needs_sample
def test_survey_points_have_wilson_intervals_from_the_groups(report):
    chart = charts.survey_gaps(report)
    spec = chart.chart.to_dict()
    points = [p for p in records(spec, "group") if p["group"]]  # not the question lines
    assert len(points) == 8 and len(chart.table) == 4
    for p in points:
        f = report.indicators[p["id"]].groups[p["group"]]
        lo, hi = wilson(f.numerator, f.denominator)
        assert p["pct"] == pytest.approx(100 * f.numerator / f.denominator)
        assert (p["lower"], p["upper"]) == (pytest.approx(100 * lo), pytest.approx(100 * hi))
        assert p["text"] == f"{p['group']} {100 * f.rate:.1f}%"  # the group named, not colour only
    row = chart.table.set_index("Indicator").loc["WRES8"]
    f = report.indicators["WRES8"].groups["BME"]
    assert row["BME 95% CI upper"] == round(100 * wilson(f.numerator, f.denominator)[1], 1)


@needs_sample
def test_survey_alt_text_gives_both_percentages_and_the_widest_gap(report):
    text = charts.survey_gaps(report).alt_text
    results = [report.indicators[k] for k in ("WRES5", "WRES6", "WRES7", "WRES8")]
    for r in results:
        w, b = (100 * r.groups[g].rate for g in ("White", "BME"))
        assert f"{r.id} (" in text
        assert f"White {w:.1f}%, BME {b:.1f}%" in text
    widest = max(results, key=lambda r: abs(r.value))
    assert f"Widest gap: {widest.id}" in text


@needs_sample
def test_survey_without_bme_respondents_is_listed_not_plotted(report):
    reason = "not computable: no BME respondents"
    r = report.indicators["WRES6"]
    odd = with_indicators(
        report,
        WRES6=r.model_copy(
            update={
                "value": None,
                "ci_lower": None,
                "ci_upper": None,
                "status": "not_computable",
                "reason": reason,
                "groups": {"White": r.groups["White"]},
            }
        ),
    )
    chart = charts.survey_gaps(odd)
    spec = chart.chart.to_dict()
    assert {p["id"] for p in records(spec, "group") if p["group"]} == {"WRES5", "WRES7", "WRES8"}
    row = chart.table.set_index("Indicator").loc["WRES6"]
    assert row["Reason"] == reason and row["On the chart"] == "no"
    assert row["BME respondents"] == 0
    assert reason in chart.alt_text


# ---------------------------------------------------------------------------------------------
# 4. board


@needs_sample
def test_board_chart_compares_each_membership_with_the_workforce(report):
    result = report.indicators["WRES9"]
    workforce = report.indicators["WRES1"]
    chart = charts.board_vs_workforce(report)
    bars = records(chart.chart.to_dict(), "pct")
    assert len(bars) == len(result.parts) + 1 == len(chart.table)
    assert bars[-1]["pct"] == pytest.approx(workforce.value)
    text = chart.alt_text
    assert f"{workforce.value:.1f}% BME of {int(workforce.extra['headcount']):,} staff" in text
    for p in result.parts:
        bme, members = p.groups["BME"].numerator, p.extra["members"]
        assert f"{p.extra['board_bme_percent']:.1f}% BME ({bme} of {members})" in text
        side = "above" if p.value > 0 else "below"
        assert f"{abs(p.value):.1f} percentage points {side} the workforce" in text
    assert list(chart.table["Difference from the workforce (percentage points)"][:-1]) == [
        round(p.value, 1) for p in result.parts
    ]


def test_board_without_data_says_why():
    chart = charts.board_vs_workforce(empty_report())
    chart.chart.to_dict()
    assert "no data was given" in chart.alt_text
    assert chart.table.empty and "BME %" in chart.table.columns


# ---------------------------------------------------------------------------------------------
# 5. change since last year


@needs_sample
def test_change_plots_every_figure_with_a_value_in_both_years(report, previous):
    chart = charts.change_since_last_year(report, previous)
    spec = chart.chart.to_dict()
    both = [
        k
        for k, r in report.indicators.items()
        if r.value is not None and previous.indicators[k].value is not None
    ]
    arrows = records(spec, "after")
    keys = [a["key"] for a in arrows]
    assert [k for k in keys if k in both] == both
    assert "WRES9 executive" in keys
    shown = chart.table[chart.table["On the chart"] == "yes"]
    assert list(shown["Indicator"]) == keys
    table = chart.table.set_index("Indicator")
    for k in both:
        assert table.loc[k, "2024"] == round(previous.indicators[k].value, 2)
        assert table.loc[k, "2025"] == round(report.indicators[k].value, 2)


@needs_sample
def test_change_labels_and_alt_text_carry_both_years_values(report, previous):
    chart = charts.change_since_last_year(report, previous)
    labels = texts(chart.chart.to_dict())
    for k in ("WRES2", "WRES3", "WRES4"):
        old, new = previous.indicators[k].value, report.indicators[k].value
        assert f"2024: {old:.2f} → 2025: {new:.2f}" in labels
        assert f"{k} {old:.2f} to {new:.2f}" in chart.alt_text
    old, new = previous.indicators["WRES1"].value, report.indicators["WRES1"].value
    assert f"WRES1 {old:.1f}% to {new:.1f}%" in chart.alt_text
    assert "2024" in chart.title and "2025" in chart.title


@needs_sample
def test_change_says_which_way_each_figure_moved(report, previous):
    table = charts.change_since_last_year(report, previous).table.set_index("Indicator")
    old, new = previous.indicators["WRES2"].value, report.indicators["WRES2"].value
    expected = "closer to parity" if abs(new - 1) < abs(old - 1) else "further from parity"
    assert table.loc["WRES2", "Towards parity"] == expected
    old, new = previous.indicators["WRES8"].value, report.indicators["WRES8"].value
    expected = "closer to parity" if abs(new) < abs(old) else "further from parity"
    assert table.loc["WRES8", "Towards parity"] == expected


@needs_sample
def test_change_lists_a_figure_missing_last_year_with_the_reason(report, previous):
    why = "not computable: no BME staff did enter the formal disciplinary process"
    before = with_indicators(previous, WRES3=ratio("WRES3", "not_computable", why))
    chart = charts.change_since_last_year(report, before)
    assert "WRES3" not in [a["key"] for a in records(chart.chart.to_dict(), "after")]
    row = chart.table.set_index("Indicator").loc["WRES3"]
    assert row["On the chart"] == "no" and why in row["Reason"] and "2024" in row["Reason"]
    assert "Not compared: WRES3" in chart.alt_text


def test_change_between_two_small_hand_built_years():
    def year(y: int, rl: float) -> StandardReport:
        r = empty_report().model_copy(update={"year": y})
        return with_indicators(
            r,
            WRES2=ratio("WRES2", "ok", value=rl, ci_lower=rl / 2, ci_upper=rl * 2),
            WRES5=IndicatorResult(
                id="WRES5",
                label="WRES5",
                unit="percentage points",
                value=-3.0 + y - 2024,
                groups={"White": GroupFigures(numerator=1, denominator=2, rate=0.5)},
            ),
        )

    chart = charts.change_since_last_year(year(2025, 0.9), year(2024, 1.2))
    assert [a["key"] for a in records(chart.chart.to_dict(), "after")] == ["WRES2", "WRES5"]
    assert "WRES2 1.20 to 0.90 (closer to parity)" in chart.alt_text
    assert "WRES5 −3.0 to −2.0 (closer to parity)" in chart.alt_text
    assert len(chart.table) == 10  # WRES1-9 and the executive board, plotted or not


@needs_sample
def test_change_for_the_wdes_speaks_of_disabled_staff_and_draws_the_engagement_score(counts):
    from metrics.standards.indicators import report as standard_report

    now = standard_report(counts, standard="WDES", year=2025)
    then = standard_report(counts, standard="WDES", year=2024)
    chart = charts.change_since_last_year(now, then)
    spec = chart.chart.to_dict()
    both = [k for k, r in now.indicators.items()
            if r.value is not None and then.indicators[k].value is not None]  # fmt: skip
    assert "WDES9a" in both  # the engagement score gap, in its own panel
    assert sorted(a["key"] for a in records(spec, "after")) == sorted(both)  # panel by panel
    titles = {str(v) for _, k, v in walk(spec) if k == "title"}
    assert any("Disabled minus non-disabled (score, 0 to 10)" in t for t in titles)
    assert not any("BME" in t for t in titles)
    old, new = then.indicators["WDES9a"].value, now.indicators["WDES9a"].value
    assert chart.table.set_index("Indicator").loc["WDES9a", "Change"] == round(new - old, 2)


# ---------------------------------------------------------------------------------------------
# palette and theme


def _hue_saturation(colour: str) -> tuple[float, float]:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, _, s = colorsys.rgb_to_hls(r, g, b)
    return 360 * h, s


def _luminance(colour: str) -> float:
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_palette_has_no_red_green_pair():
    palette = [*charts.PALETTE, *charts.GROUP_COLOURS.values(), charts.GREY]
    assert not {"#FF0000", "#00FF00", "#008000"} & {c.upper() for c in palette}
    reds = [
        c for c in palette if _hue_saturation(c)[1] > 0.3 and not 20 <= _hue_saturation(c)[0] <= 340
    ]
    greens = [
        c for c in palette if _hue_saturation(c)[1] > 0.3 and 80 <= _hue_saturation(c)[0] <= 160
    ]
    assert not (reds and greens), (reds, greens)


def test_white_and_bme_colours_differ_in_lightness_too():
    white, bme = (_luminance(charts.GROUP_COLOURS[g]) for g in ("White", "BME"))
    assert (max(white, bme) + 0.05) / (min(white, bme) + 0.05) > 1.5  # apart even in greyscale


def test_theme_is_registered_enabled_and_sets_no_text_colours_or_fonts():
    assert charts.THEME in alt.theme.names()
    assert alt.theme.active == charts.THEME
    config = charts.theme()["config"]
    assert config["range"]["category"] == list(charts.PALETTE)
    for _, key, _ in walk(config):
        assert key not in {"font", "labelColor", "titleColor", "background"}
    spec = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a:Q").to_dict()
    assert spec["config"]["range"]["category"] == list(charts.PALETTE)


@needs_sample
def test_ladder_for_a_side_with_no_bands_says_so(report):
    parts = tuple(p for p in report.indicators["WRES1"].parts if p.breakdown["clinical"] is False)
    only = with_indicators(
        report, WRES1=report.indicators["WRES1"].model_copy(update={"parts": parts})
    )
    chart = charts.representation_ladder(only, clinical=True)
    chart.chart.to_dict()
    assert chart.alt_text == "No bands to plot: no clinical bands in the data."
    assert chart.table.empty


def test_the_ladder_draws_wdes1_clusters_with_the_disabled_share():
    from metrics.counts.table import normalise
    from metrics.standards.indicators import report as standard_report

    rows = []
    # Band 5 (cluster 2, clinical): 6 Disabled of 60; Consultant (cluster 5, clinical): 1 of 20;
    # workforce 7 of 80 = 8.75%: cluster 5 needs ceil(0.0875 x 20) - 1 = 2 - 1 = 1 more
    for band, found in (("Band 5", (6, 54)), ("Consultant", (1, 19))):
        for group, n in zip(("Disabled", "Non-disabled"), found, strict=True):
            rows.append({"organisation": "T", "year": 2025, "indicator": "WDES1", "group": group,
                         "numerator": n, "denominator": sum(found), "band": band,
                         "clinical": True})  # fmt: skip
    found = standard_report(normalise(pd.DataFrame(rows)), standard="WDES")
    chart = charts.representation_ladder(found, clinical=True)
    chart.chart.to_dict()  # validates against the Vega-Lite schema
    assert chart.title == "Disabled share of staff by cluster (clinical)"
    table = chart.table.set_index("Cluster")
    assert list(table.index) == ["Cluster 2", "Cluster 5"]
    assert table.loc["Cluster 5", "Disabled %"] == 5.0  # 1 of 20
    assert table.loc["Cluster 5", "More Disabled staff to match"] == 1
    assert "against 8.8% Disabled in the whole workforce of 80 staff" in chart.alt_text
    assert "BME" not in chart.alt_text


@pytest.mark.parametrize("along", [0.0, 0.02, 0.2, 0.5, 0.8, 0.98, 1.0])
def test_a_reference_label_at_an_edge_is_nudged_inwards(along):
    # A label standing past the plot's edge makes the chart wider than its box (and, in a stack
    # of panels, shifts them all): left-aligned text may move right only, right-aligned left only.
    anchor = charts._anchor(along)
    if anchor["align"] == "left":
        assert along < 1 / 3 and anchor.get("dx", 0) >= 0
    elif anchor["align"] == "right":
        assert along > 2 / 3 and anchor.get("dx", 0) <= 0
    else:
        assert anchor == {"align": "center"}
    if along in (0.0, 1.0):
        assert anchor["dx"] == (2 if along == 0.0 else -2)
