"""The pay quartile chart: shares in, a valid chart, alt text and table written from them."""

from __future__ import annotations

from dashboard.pay_charts import QUARTERS, pay_quartiles, quartile_table

# 4 quarters of 20 staff: women 16, 14, 10, 6 of 20 -> 80%, 70%, 50%, 30%; men the rest
QUARTILES = tuple(
    {"quartile": q, "Male": 100.0 - women, "Female": women}
    for q, women in ((1, 80.0), (2, 70.0), (3, 50.0), (4, 30.0))
)


def test_the_quartile_chart_says_who_is_in_each_quarter():
    table = quartile_table(QUARTILES, ("Male", "Female"))
    assert list(table["quarter"].unique()) == list(QUARTERS)
    chart = pay_quartiles(table, "Sex by quarter of hourly pay")
    spec = chart.chart.to_dict()  # validates against the Vega-Lite schema
    assert spec["description"] == chart.alt_text
    assert ("Female staff: lowest paid quarter 80.0%; lower middle quarter 70.0%; upper middle "
            "quarter 50.0%; highest paid quarter 30.0%.") in chart.alt_text  # fmt: skip
    assert "fewer among the highest paid than among the lowest paid" in chart.alt_text
    assert chart.table.to_dict("list") == {
        "Quarter of pay": list(QUARTERS),
        "Male (%)": [20.0, 30.0, 50.0, 70.0],
        "Female (%)": [80.0, 70.0, 50.0, 30.0],
    }


def test_a_hidden_quarter_is_left_blank_and_said():
    hidden = ({"quartile": 1, "Male": None, "Female": None}, *QUARTILES[1:])
    chart = pay_quartiles(quartile_table(hidden, ("Male", "Female")), "Sex by quarter")
    chart.chart.to_dict()
    assert "lowest paid quarter" not in chart.alt_text.split("Female staff:")[1]
    assert "1 quarter is not shown: the shares would point at individuals." in chart.alt_text
    assert "among the lowest paid" not in chart.alt_text  # the lowest quarter is not shown
    assert chart.table["Female (%)"].isna().tolist() == [True, False, False, False]


def test_a_narrow_bar_keeps_only_the_share_that_fits_inside_it():
    # men 20% (lowest quarter) gets "20%" only; 50% and 70% have room for the name as well;
    # a 5% sliver gets nothing (the legend and the table still say it)
    quarters = (*QUARTILES[:3], {"quartile": 4, "Male": 95.0, "Female": 5.0})
    chart = pay_quartiles(quartile_table(quarters, ("Male", "Female")), "Sex by quarter")
    labels = {
        (row["quarter"], row["group"]): row["label"]
        for row in chart.chart.to_dict()["datasets"].popitem()[1]
    }
    assert labels[("Lowest paid quarter", "Male")] == "20%"
    assert labels[("Lowest paid quarter", "Female")] == "Female 80%"
    assert labels[("Upper middle quarter", "Male")] == "Male 50%"
    assert labels[("Highest paid quarter", "Female")] == ""
