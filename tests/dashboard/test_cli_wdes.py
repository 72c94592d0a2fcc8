"""`inclusivehr wdes`: the JSON contract automation relies on, the text, and refusals of bad input
with exit 2 and a sentence (never a traceback). Expected figures are worked out in the comments."""

import json

import pandas as pd
import pytest
from click.testing import CliRunner
from statsmodels.stats.proportion import proportion_confint

from dashboard.cli import main
from dashboard.render import report_json
from metrics.counts.table import normalise, write
from metrics.standards.indicators import report


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _rows():
    rows = []

    def add(indicator, group, n, d, **extra):
        rows.append(dict(organisation="Northfield NHS Trust", year=2024, indicator=indicator,
                         group=group, numerator=n, denominator=d, **extra))  # fmt: skip

    for band, clinical, (dis, non, unk) in (
        ("Band 3", False, (12, 100, 8)),  # cluster 1 non-clinical: 120 staff, 10% Disabled
        ("Band 6", True, (6, 70, 4)),  # cluster 2 clinical: 80 staff, 7.5% Disabled
    ):
        for group, n in (("Disabled", dis), ("Non-disabled", non), ("Unknown", unk)):
            add("WDES1", group, n, dis + non + unk, band=band, clinical=clinical)
    add("WDES2", "Non-disabled", 60, 300)  # 0.2
    add("WDES2", "Disabled", 10, 100)  # 0.1: RL 2.0
    add("WDES3", "Disabled", 3, 18)  # 1/6
    add("WDES3", "Non-disabled", 5, 170)  # 1/34: RL 34/6 = 5.667
    add("WDES4a-i", "Disabled", 30, 100)  # 30%
    add("WDES4a-i", "Non-disabled", 50, 250)  # 20%: gap +10 points
    add("WDES8", "Disabled", 70, 100)  # 70%
    add("WDES9a", "Disabled", 0, 100, score=6.5)
    add("WDES9a", "Non-disabled", 0, 250, score=7.0)
    add("WDES9a", "All", 0, 380, score=6.9)
    add("WDES10", "Disabled", 1, 10, membership="voting")  # 10% of voting members
    add("WDES10", "Non-disabled", 9, 10, membership="voting")
    add("WDES10", "Non-disabled", 5, 5, membership="executive")  # 0% of executives
    return normalise(pd.DataFrame(rows))


# overall: Disabled 12+6 = 18, Non-disabled 170, Unknown 12; headcount 200: 9% Disabled
COUNTS = _rows()


def test_json_shape_of_every_wdes_metric():
    data = report_json(report(COUNTS, standard="WDES"))
    assert set(data) >= {"organisation", "unit", "year", "indicators", "data_quality"}
    ind = data["indicators"]
    assert list(ind) == ["WDES1", "WDES2", "WDES3", "WDES4a-i", "WDES4a-ii", "WDES4a-iii",
                         "WDES4b", "WDES5", "WDES6", "WDES7", "WDES8", "WDES9a", "WDES10"]  # fmt: skip
    assert ind["WDES1"]["overall"] == {
        "headcount": 200, "Non-disabled": 85.0, "Disabled": 9.0, "Unknown": 6.0
    }  # fmt: skip
    first = ind["WDES1"]["clusters"][0]
    assert {k: first[k] for k in ("cluster", "clinical", "headcount", "Disabled")} == {
        "cluster": "Cluster 1", "clinical": False, "headcount": 120, "Disabled": 10.0
    }  # fmt: skip
    assert set(first) >= {"Non-disabled", "Unknown"}
    wdes2 = ind["WDES2"]
    assert set(wdes2) >= {"value", "ci_lower", "ci_upper", "status", "reason", "reading", "groups"}
    assert wdes2["value"] == 2.0
    assert list(wdes2["groups"]) == ["Non-disabled", "Disabled"]
    assert wdes2["groups"]["Disabled"] == {"numerator": 10, "denominator": 100, "rate": 0.1}
    assert ind["WDES3"]["value"] == round(34 / 6, 4)  # 5.6667
    assert ind["WDES4a-i"]["value"] == 10.0  # 30% - 20%, the shape of WRES5
    low, high = proportion_confint(70, 100, method="wilson")  # the oracle for Wilson's interval
    assert ind["WDES8"]["value"] == 70.0
    assert (ind["WDES8"]["ci_lower"], ind["WDES8"]["ci_upper"]) == (
        round(100 * low, 4),
        round(100 * high, 4),
    )
    assert ind["WDES9a"]["value"] == -0.5  # 6.5 - 7.0
    assert ind["WDES9a"]["scores"] == {"Disabled": 6.5, "Non-disabled": 7.0, "All": 6.9}
    assert ind["WDES9a"]["against_organisation"] == {"Disabled": -0.4, "Non-disabled": 0.1}
    assert ind["WDES10"]["value"] == 1.0  # 10% of voting members - 9% of staff
    assert ind["WDES10"]["executive"] == -9.0  # 0% - 9%
    declaration = data["data_quality"]["declaration"]
    assert declaration["staff"] == {"records": 200, "unknown": 12, "declared_percent": 94.0}


def test_the_command_prints_the_same_json_from_a_counts_file(tmp_path):
    path = write(COUNTS, tmp_path / "wdes_counts.csv")
    result = run("wdes", "--counts", path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["organisation"] == "Northfield NHS Trust" and data["year"] == 2024
    expected = report_json(report(COUNTS, standard="WDES"))
    assert data["indicators"] == expected["indicators"]


def test_the_text_names_the_standard_and_disability(tmp_path):
    path = write(COUNTS, tmp_path / "wdes_counts.csv")
    result = run("wdes", "--counts", path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("WDES 2024: Northfield NHS Trust (whole organisation)")
    assert "WDES1 representation by cluster (Disabled share of each cluster):" in result.stdout
    assert "Disability declared:" in result.stdout


def test_a_staff_file_without_disability_is_refused_with_exit_2(tmp_path):
    staff = tmp_path / "staff.csv"
    staff.write_text("Employee Number,Ethnicity,Pay Band\n1,A White - British,Band 5\n")
    result = run("wdes", "--staff", staff)
    assert result.exit_code == 2
    assert "no column for disability" in result.stderr
    assert "Traceback" not in result.output


def test_a_staff_file_without_ethnicity_is_enough(tmp_path):
    staff = tmp_path / "staff.csv"
    staff.write_text("Employee Number,Disability,Pay Band\n1,Yes,Band 5\n2,No,Band 5\n")
    result = run("wdes", "--staff", staff, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["indicators"]["WDES2"]["status"] == "no_data"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--year", "1999"], "no data for year 1999"),
        (["--directorate", "Nowhere"], 'no directorate called "Nowhere"'),
        (["--organisation", "Elsewhere"], 'no organisation called "Elsewhere"'),
    ],
)
def test_bad_choices_exit_2_with_a_sentence(tmp_path, args, said):
    path = write(COUNTS, tmp_path / "wdes_counts.csv")
    result = run("wdes", "--counts", path, *args)
    assert result.exit_code == 2
    assert said in result.stderr
    assert "Traceback" not in result.output


def test_rolling_capability_pools_two_years(tmp_path):
    earlier = COUNTS[COUNTS["indicator"] == "WDES3"].assign(year=2023)
    earlier["numerator"] = [1, 5]  # Disabled 1 of 18, Non-disabled 5 of 170
    path = write(pd.concat([COUNTS, earlier], ignore_index=True), tmp_path / "two_years.csv")
    result = run("wdes", "--counts", path, "--year", "2024", "--rolling-capability", "--json")
    assert result.exit_code == 0, result.output
    wdes3 = json.loads(result.stdout)["indicators"]["WDES3"]
    # (3 + 1) / (18 + 18) over (5 + 5) / (170 + 170) = (4/36) / (10/340) = 3.7778
    assert wdes3["value"] == round((4 / 36) / (10 / 340), 4)
    assert "Two-year rolling average: 2023 and 2024 pooled" in wdes3["method"]


def test_emitted_counts_give_the_same_figures_again(tmp_path):
    path = write(COUNTS, tmp_path / "wdes_counts.csv")
    out = tmp_path / "emitted.csv"
    first = run("wdes", "--counts", path, "--json", "--emit-counts", out)
    assert first.exit_code == 0, first.output
    again = run("wdes", "--counts", out, "--json")
    assert json.loads(again.stdout)["indicators"] == json.loads(first.stdout)["indicators"]
    emitted = pd.read_csv(out)
    scores = emitted[emitted["indicator"] == "WDES9a"].set_index("group")["score"].to_dict()
    assert scores == {"Disabled": 6.5, "Non-disabled": 7.0, "All": 6.9}  # as given, exact
    assert not (tmp_path / "emitted-audit.csv").exists()  # not published: no audit


def test_emitted_counts_from_files_are_the_wdes_counts(tmp_path):
    staff = tmp_path / "staff.csv"
    # Band 5: 2 Disabled, 1 Non-disabled, 1 not declared -> WDES1 numerators 2, 1, 1 of 4
    staff.write_text(
        "Employee Number,Disability,Pay Band\n1,Yes,Band 5\n2,Yes,Band 5\n3,No,Band 5\n4,,Band 5\n"
    )
    out = tmp_path / "emitted.csv"
    result = run("wdes", "--staff", staff, "--emit-counts", out)
    assert result.exit_code == 0, result.output
    assert f"Counts written to {out}" in result.stdout
    emitted = pd.read_csv(out)
    wdes1 = emitted[emitted["indicator"] == "WDES1"].set_index("group")
    assert wdes1["numerator"].to_dict() == {"Disabled": 2, "Non-disabled": 1, "Unknown": 1}
    assert set(wdes1["denominator"]) == {4}


def test_wdes_publish_needs_emit_counts(tmp_path):
    path = write(COUNTS, tmp_path / "wdes_counts.csv")
    result = run("wdes", "--counts", path, "--publish")
    assert result.exit_code == 2
    assert "--emit-counts" in result.output


def test_published_counts_hide_small_counts_and_keep_scores(tmp_path):
    path = write(COUNTS, tmp_path / "wdes_counts.csv")
    out = tmp_path / "published.csv"
    result = run("wdes", "--counts", path, "--emit-counts", out, "--publish")
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out)
    shown = pd.concat([table["numerator"], table["denominator"]]).dropna()
    assert not shown.between(1, 7).any()
    assert (shown % 5 == 0).all()
    wdes3 = table[table["indicator"] == "WDES3"].set_index("group")
    assert wdes3["numerator"].isna().all()  # 3 and 5 entered the process: both hidden
    assert wdes3.loc["Disabled", "denominator"] == 20  # 18 rounded to 5
    scores = table[table["indicator"] == "WDES9a"].set_index("group")["score"].to_dict()
    assert scores == {"Disabled": 6.5, "Non-disabled": 7.0, "All": 6.9}
    audit = pd.read_csv(tmp_path / "published-audit.csv")
    assert "suppressed" in set(audit["action"])


def test_published_scores_of_directorates_are_weighted_by_respondents(tmp_path):
    rows = [
        ("Surgery", "Disabled", 30, 6.0),
        ("Medicine", "Disabled", 20, 7.0),
        ("Surgery", "Non-disabled", 100, 7.0),
        ("Medicine", "Non-disabled", 100, 7.6),
    ]
    counts = normalise(
        pd.DataFrame(
            [
                dict(organisation="T", year=2024, indicator="WDES9a", directorate=d, group=g,
                     numerator=0, denominator=n, score=s)
                for d, g, n, s in rows
            ]
        )
    )  # fmt: skip
    out = tmp_path / "published.csv"
    result = run("wdes", "--counts", write(counts, tmp_path / "c.csv"), "--emit-counts", out,
                 "--publish")  # fmt: skip
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out).set_index("group")
    # Disabled: (6.0*30 + 7.0*20) / 50 = 320 / 50 = 6.4; Non-disabled: (700 + 760) / 200 = 7.3
    assert table["score"].to_dict() == {"Disabled": 6.4, "Non-disabled": 7.3}
    assert table["denominator"].to_dict() == {"Disabled": 50, "Non-disabled": 200}
