"""`inclusivehr compare --pool/--shrink/--national`: the JSON keys on the sample network, the
figures as published, and bad values refused in one paragraph with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dashboard.cli import main

ROOT = Path(__file__).resolve().parents[2]
NETWORK = ROOT / "sample_data" / "network" / "wres_counts.csv"


def run(*args: object) -> Result:
    result = CliRunner().invoke(main, ["compare", "--counts", NETWORK, *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    return result


def as_json(*args: object) -> dict:
    result = run("--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def pooled() -> dict:
    return as_json("--pool", "3", "--shrink", "--national", "1.61")


def test_per_trust_keys(pooled):
    for org in pooled["organisations"]:
        assert {"pooled_value", "pooled_ci", "years_above_95", "years_above_99.8",
                "shrunk_value"} <= set(org)  # fmt: skip
        assert isinstance(org["pooled_value"], float)
        low, high = org["pooled_ci"]
        assert low <= org["pooled_value"] <= high
        pooled_years = len(org["pooled_years"])
        assert 0 <= org["years_above_99.8"] <= org["years_above_95"] <= pooled_years <= 3
        assert set(org["pooled_years"]) <= set(pooled["summary"]["pool_years"])
        # the shrunken value lies between the trust's own and the network's (two decimals)
        ends = sorted((org["value"], pooled["pooled"]))
        assert ends[0] - 0.01 <= org["shrunk_value"] <= ends[1] + 0.01


def test_summary_keys(pooled):
    summary = pooled["summary"]
    rows = pooled["organisations"]
    inside = sum(0.80 <= o["value"] <= 1.25 for o in rows)  # values are published to 2 dp
    assert summary["in_range"] == inside
    assert summary["in_range_percent"] == pytest.approx(round(100 * inside / len(rows), 1))
    assert summary["outside_range_beyond_chance"] == sum(
        not 0.80 <= o["value"] <= 1.25 and (o["ci_lower"] > 1 or o["ci_upper"] < 1) for o in rows
    )
    assert (summary["national"], summary["national_source"]) == (1.61, "typed in (a published "
                                                                 "national figure)")  # fmt: skip
    assert summary["pool_years"] == [2023, 2024, 2025]
    assert [r["year"] for r in summary["in_range_trend"]] == [2022, 2023, 2024, 2025]
    assert summary["in_range_trend"][-1]["in_range"] == inside


def test_years_above_agree_with_each_years_comparison(pooled):
    above = {o["organisation"]: 0 for o in pooled["organisations"]}
    for year in (2023, 2024, 2025):
        for org in as_json("--year", year)["organisations"]:
            above[org["organisation"]] += org["funnel"].startswith("above")
    assert {o["organisation"]: o["years_above_95"] for o in pooled["organisations"]} == above


def test_without_the_options_the_national_figure_is_every_trust_pooled():
    out = as_json()
    assert out["summary"]["national"] == out["pooled"]
    assert out["summary"]["national_source"].startswith("every trust loaded")
    assert out["summary"]["in_range_trend"] is None  # the years' trend comes with --pool
    assert out["summary"]["in_range"] == out["summary"]["within_non_adverse_range"]
    assert all(o["pooled_value"] is None and o["shrunk_value"] is None
               for o in out["organisations"])  # fmt: skip
    regional = as_json("--region", "London")
    assert regional["summary"]["national"] == out["pooled"]  # the nation, not the region


def test_a_workforce_share_is_not_pooled_and_says_so():
    out = as_json("--indicator", "WRES1", "--pool", "5")
    assert all(o["pooled_value"] is None for o in out["organisations"])
    assert any("not pooled" in note for note in out["notes"])


def test_the_text_shows_the_pool():
    result = run("--pool", "5", "--shrink")
    assert result.exit_code == 0, result.output
    assert "Pool: 2022-2025" in result.stdout and "Shrunken" in result.stdout
    assert "Trusts inside the non-adverse range 0.80-1.25, by year:" in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--pool", "4"), ("--pool", "3", "5")),
        (("--national", "-1"), ("national", "above 0")),
        (("--national", "abc"), ("--national",)),
    ],
)
def test_bad_values_are_refused(args, words):
    result = run(*args)
    assert result.exit_code == 2, result.output
    message = " ".join(result.stderr.split()).lower()
    assert result.stdout == ""
    for word in words:
        assert word.lower() in message, (word, message)


def test_pay_gaps_take_none_of_the_options():
    result = CliRunner().invoke(main, ["compare", "--gpg", str(NETWORK), "--pool", "3"])
    assert result.exit_code == 2 and "--pool" in result.stderr
