"""`inclusivehr compare` on freedom-of-information replies: a trust whose figure rests on a
withheld count gets value null and value_range [low, high] (worked out by hand), is left off
the funnel with a note; --star says what "*" stands for; --request-tracker lists what came."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dashboard.cli import main

ROOT = Path(__file__).resolve().parents[2]
NETWORK = ROOT / "sample_data" / "network" / "wres_counts.csv"
FOI = ROOT / "sample_data" / "network" / "foi_returns.csv"
RETURNS = """Organisation,Year,Indicator,Group,Numerator,Denominator
Trust A,2024,WRES2,White,30,100
Trust A,2024,WRES2,BME,<5,40
Trust B,2024,WRES2,White,20,80
Trust B,2024,WRES2,BME,10,50
Trust C,2024,WRES2,White,24,90
Trust C,2024,WRES2,BME,*,60
Trust D,2024,WRES2,White,40,120
Trust D,2024,WRES2,BME,not held,30
"""


def run(*args: object) -> Result:
    result = CliRunner().invoke(main, ["compare", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def returns(tmp_path) -> Path:
    path = tmp_path / "returns.csv"
    path.write_text(RETURNS, encoding="utf-8")
    return path


def _rows(result: Result) -> dict[str, dict]:
    assert result.exit_code == 0, result.output
    return {o["organisation"]: o for o in json.loads(result.stdout)["organisations"]}


def test_a_figure_on_a_withheld_count_is_null_with_its_range(returns):
    rows = _rows(run("--counts", returns, "--json", "--internal"))
    # Trust A: (30/100) / (a/40), a = 1..4 (a = 0 would be infinite): 3.00 to 12.00
    assert rows["Trust A"]["value"] is None
    assert rows["Trust A"]["value_range"] == [3.0, 12.0]
    assert rows["Trust A"]["funnel"] == "not_placed" and rows["Trust A"]["rank"] is None
    # Trust C: "*" is 0-4 by default: (24/90) / (c/60), c = 1..4: 4.00 to 16.00
    assert rows["Trust C"]["value_range"] == [4.0, 16.0]
    # Trust D: a count not held: no value and no range to give
    assert rows["Trust D"]["value"] is None and rows["Trust D"]["value_range"] == [None, None]
    # Trust B is exact: (20/80) / (10/50) = 1.25
    assert rows["Trust B"]["value"] == 1.25 and rows["Trust B"]["value_range"] is None
    assert rows["Trust B"]["funnel"] != "not_placed"


def test_the_json_notes_the_trusts_left_off_the_funnel(returns):
    payload = json.loads(run("--counts", returns, "--json").stdout)
    note = next(n for n in payload["notes"] if "left off the funnel" in n)
    assert "Trust A" in note and "Trust C" in note and "Trust D" in note and "Trust B" not in note


def test_star_as_one_to_four(returns):
    rows = _rows(run("--counts", returns, "--json", "--internal", "--star", "1-4"))
    assert rows["Trust C"]["value_range"] == [4.0, 16.0]  # c = 0 gives no ratio either way
    rows = _rows(run("--counts", returns, "--json", "--internal", "--star", "2-4"))
    assert rows["Trust C"]["value_range"] == [4.0, 8.0]  # (24/90) / (c/60), c = 2..4


def test_a_bad_star_is_a_usage_error(returns):
    result = run("--counts", returns, "--star", "some")
    assert result.exit_code == 2 and "LOW-HIGH" in result.output


def test_the_sample_foi_replies_load_beside_the_network(returns):
    rows = _rows(run("--counts", NETWORK, FOI, "--indicator", "WRES3", "--json"))
    assert len(rows) == 36 + 4
    thornbury = rows["Thornbury Vale Community Health NHS Trust"]
    assert thornbury["value"] is None and thornbury["value_range"][0] == 0.0
    # Saltmarsh withheld only its Unknown count, which WRES3 does not use: an exact figure
    saltmarsh = rows["Saltmarsh Coast Ambulance Service NHS Trust"]
    assert saltmarsh["value"] is not None and saltmarsh["value_range"] is None


def test_the_request_tracker_as_json(returns):
    result = run("--counts", FOI, "--request-tracker", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    pendle = [r for r in payload["by_trust"]
              if r["organisation"] == "Pendlebrook Mental Health NHS Trust"]  # fmt: skip
    assert [(r["year"], r["returned"]) for r in pendle] == [(2024, 0), (2025, 2)]
    assert payload["missing"] == sum(r["asked"] - r["returned"] for r in payload["by_trust"])
    assert set(payload["requests"]) == {"WRES"}
    assert "- Numerator: " in payload["requests"]["WRES"]
    written = {c["written"] for c in payload["suppressed_cells"]}
    assert {"<5", "*", "fewer than 10", "not held", "< 5"} <= written


def test_the_request_tracker_as_text(returns):
    result = run("--counts", returns, "--request-tracker")
    assert result.exit_code == 0, result.output
    assert "Trust A 2024: 1 of 9; missing WRES1, WRES3" in result.stdout
    assert "1 suppressed cell(s)" in result.stdout
    assert "--- The standard request (WRES) ---" in result.stdout


def test_the_text_output_gives_each_range(returns):
    result = run("--counts", returns)
    assert result.exit_code == 0, result.output
    assert "Trust A: between 3.00 and 12.00" in result.stdout
    assert "Trust C: between 4.00 and 16.00" in result.stdout
    assert "Trust D: no range, a count it rests on was not given" in result.stdout
