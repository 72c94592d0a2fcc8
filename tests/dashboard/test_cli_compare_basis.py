"""`inclusivehr compare --pool 3 --on pooled`: the funnel, league and summary on the pooled
counts of a 3-trust, 3-year network worked by hand; `--on pooled` without a pool is a usage
error (exit 2); a withheld year of the pool is named in the JSON."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dashboard.cli import main

Z95 = 1.959963984540054


def lines(org, year, white, bme, region):
    return [f"{org},{region},{year},WRES2,White,{white[0]},{white[1]}",
            f"{org},{region},{year},WRES2,BME,{bme[0]},{bme[1]}"]  # fmt: skip


# P: White 30/90, 36/100, 42/110 (108 of 300); BME 18/90, 20/100, 22/110 (60 of 300);
# Q: 25/100 both groups each year; R: 20/100 both groups each year.
ROWS = [
    *lines("P", 2023, (30, 90), (18, 90), "North"),
    *lines("P", 2024, (36, 100), (20, 100), "North"),
    *lines("P", 2025, (42, 110), (22, 110), "North"),
    *[r for y in (2023, 2024, 2025) for r in lines("Q", y, (25, 100), (25, 100), "North")],
    *[r for y in (2023, 2024, 2025) for r in lines("R", y, (20, 100), (20, 100), "South")],
]
HEADER = "Organisation,Region,Year,Indicator,Group,Numerator,Denominator"


@pytest.fixture(scope="module")
def counts(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("basis") / "counts.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def run(*args: object) -> Result:
    result = CliRunner().invoke(main, ["compare", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    return result


def test_the_comparison_runs_on_pooled_counts(counts):
    result = run("--counts", counts, "--pool", "3", "--on", "pooled", "--json", "--internal")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["basis"] == "pooled" and payload["basis_years"] == [2023, 2024, 2025]
    assert payload["year"] == 2025
    # network: White 243 of 900, BME 195 of 900
    assert payload["pooled"] == pytest.approx(243 / 195, abs=1e-4)
    rows = {o["organisation"]: o for o in payload["organisations"]}
    # P: 1.8, Katz SE sqrt(1/108 - 1/300 + 1/60 - 1/300) = 0.138778; above the upper 95% limit
    # exp(ln(243/195) + 1.96 x 0.138778) = 1.6357, below the 99.8% limit 1.9134
    assert rows["P"]["value"] == pytest.approx(1.8)
    se = math.sqrt(1 / 108 - 1 / 300 + 1 / 60 - 1 / 300)
    assert rows["P"]["ci_lower"] == pytest.approx(math.exp(math.log(1.8) - Z95 * se), abs=1e-4)
    assert rows["P"]["funnel"] == "above_95" and rows["P"]["rank"] == 1
    assert rows["P"]["denominator"] == 600  # 300 White + 300 BME shortlisted over 3 years
    assert rows["Q"]["funnel"] == "within" and rows["R"]["funnel"] == "within"
    assert rows["P"]["pooled_years"] == [2023, 2024, 2025]
    assert rows["P"]["value_range"] is None
    summary = payload["summary"]
    assert summary["funnel_above"] == 1 and summary["worse_than_equality"] == 1
    assert summary["cannot_tell"] == 2


def test_the_year_basis_is_the_default(counts):
    payload = json.loads(run("--counts", counts, "--pool", "3", "--json", "--internal").stdout)
    assert payload["basis"] == "year" and payload["basis_years"] == [2025]
    p = next(o for o in payload["organisations"] if o["organisation"] == "P")
    assert p["value"] == pytest.approx(42 / 22, abs=1e-4) and p["funnel"] == "within"


def test_text_output_says_the_basis(counts):
    result = run("--counts", counts, "--pool", "3", "--on", "pooled")
    assert result.exit_code == 0, result.output
    assert "Compare trusts: WRES2 pooled 2023-2025, the whole network" in result.stdout
    assert "added up over the years of the pool" in result.stdout


def test_pooled_without_a_pool_is_a_usage_error(counts):
    result = run("--counts", counts, "--on", "pooled")
    assert result.exit_code == 2
    assert "--on pooled needs a pool" in result.output


def test_a_withheld_year_makes_the_pooled_figure_a_range_in_the_json(tmp_path):
    path = tmp_path / "foi.csv"
    rows = [*ROWS, *lines("S", 2023, (30, 100), (10, 100), "South"),
            *lines("S", 2025, (25, 80), (8, 60), "South"),
            "S,South,2024,WRES2,White,20,80", "S,South,2024,WRES2,BME,<5,40"]  # fmt: skip
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    result = run("--counts", path, "--pool", "3", "--on", "pooled", "--json", "--internal")
    payload = json.loads(result.stdout)
    s = next(o for o in payload["organisations"] if o["organisation"] == "S")
    # White 30+20+25 = 75 of 260; BME 10+x+8 of 200, x in 0..4 ("<5"):
    # x = 4: 0.288462/0.11 = 2.622378; x = 0: 0.288462/0.09 = 3.205128
    assert s["value"] is None and s["pooled_value"] is None and s["pooled_ci"] is None
    assert s["pooled_range"] == pytest.approx([2.622378, 3.205128], abs=1e-4)
    assert s["funnel"] == "not_placed" and s["rank"] is None
    assert s["pooled_years"] == [2023, 2024, 2025] and s["pooled_left_out"] == []
    (note,) = [n for n in payload["notes"] if "left off the funnel on values pooled" in n]
    assert note.endswith(": S")
    assert all(o["pooled_range"] is None for o in payload["organisations"] if o is not s)


def test_each_trust_against_its_region_in_the_json(counts):
    payload = json.loads(run("--counts", counts, "--pool", "3", "--on", "pooled", "--json").stdout)
    rows = {o["organisation"]: o for o in payload["organisations"]}
    # North pooled: White 183 of 600, BME 135 of 600: 1.36 as published (two decimals)
    assert rows["P"]["region_value"] == 1.36
    low, high = rows["P"]["region_ci"]
    assert low < 1.36 < high
    # P (1.8) against Q (1.0), the rest of North: z = 2.97 beyond 1.96, worse for BME staff
    assert rows["P"]["against_region"] == "worse" and rows["Q"]["against_region"] == "better"
    assert rows["R"]["against_region"] is None  # alone in South
    regions = {r["region"]: r for r in payload["summary"]["regions"]}
    assert regions["North"]["trusts"] == 2 and regions["South"]["value"] == 1.0
    assert "rest of its region" in payload["summary"]["regions_method"]


def test_the_text_output_has_the_regions_table(counts):
    out = run("--counts", counts).stdout
    assert "Each region against the nation:" in out
    assert "the trust against the rest of its region" in out


def test_a_region_of_trusts_too_small_to_publish_is_hidden(tmp_path):
    # T alone in West with 3 + 3 shortlisted (6 people, 1-7): its region's value would be its own
    path = tmp_path / "tiny.csv"
    rows = [*ROWS, *lines("T", 2025, (2, 3), (1, 3), "West")]
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    payload = json.loads(run("--counts", path, "--json").stdout)
    t = next(o for o in payload["organisations"] if o["organisation"] == "T")
    assert t["value"] is None and t["region_value"] is None and t["against_region"] is None
    west = next(r for r in payload["summary"]["regions"] if r["region"] == "West")
    assert west["value"] is None and west["ci"] is None and west["against_nation"] is None
    inside = json.loads(run("--counts", path, "--json", "--internal").stdout)
    west = next(r for r in inside["summary"]["regions"] if r["region"] == "West")
    assert west["value"] == pytest.approx((2 / 3) / (1 / 3))  # exact inside the network: 2.0


def test_on_pooled_is_refused_with_published_pay_gaps():
    gpg = Path(__file__).resolve().parents[2] / "sample_data" / "network" / "gender_pay_gap.csv"
    result = run("--gpg", gpg, "--on", "pooled")
    assert result.exit_code == 2 and "--on" in result.output
