"""`inclusivehr casework --json` carries the funnel across employers per case type: positions
worked by hand on three employers, and under --publish a small employer is left off it."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from scipy.stats import norm

from dashboard.cli import main

# E1: (20/200) / (20/400) = 2; E2: (10/200) / (40/400) = 0.5; E3: 1. Pooled: exactly 1.
THREE = {"E1": (20, 200, 20, 400), "E2": (10, 200, 40, 400), "E3": (30, 300, 60, 600)}


def files(tmp_path: Path, employers) -> tuple[Path, Path]:
    lines = ["Employer,Year,Case Type,Ethnicity"]
    members = ["Employer,Group,Members"]
    for name, (a, n1, c, n2) in employers.items():
        lines += [f"{name},2024,Disciplinary,N Black or Black British - African"] * a
        lines += [f"{name},2024,Disciplinary,A White - British"] * c
        members += [f"{name},BME,{n1}", f"{name},White,{n2}"]
    cases, people = tmp_path / "cases.csv", tmp_path / "members.csv"
    cases.write_text("\n".join(lines) + "\n", encoding="utf-8")
    people.write_text("\n".join(members) + "\n", encoding="utf-8")
    return cases, people


def run_json(*args) -> dict:
    result = CliRunner().invoke(main, ["casework", *map(str, args), "--json"],
                                catch_exceptions=False)  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_has_a_funnel_per_case_type_worked_by_hand(tmp_path):
    cases, members = files(tmp_path, THREE)
    out = run_json("--cases", cases, "--members", members)
    assert set(out["funnel"]) == {"disciplinary", "all"}
    found = out["funnel"]["disciplinary"]
    assert found["target"] == pytest.approx(1.0)
    by_name = {e["employer"]: e for e in found["employers"]}
    # E1: SE² = 1/20 - 1/200 + 1/20 - 1/400 = 0.0925; upper 95% limit exp(1.96 × 0.304) = 1.815
    assert by_name["E1"]["upper95"] == pytest.approx(math.exp(norm.ppf(0.975) * math.sqrt(0.0925)))
    assert by_name["E1"]["precision"] == pytest.approx(1 / 0.0925)
    assert [by_name[n]["position"] for n in ("E1", "E2", "E3")] == ["above_95", "below_95",
                                                                     "within"]  # fmt: skip
    assert by_name["E1"]["years_above_95"] == 1 and by_name["E1"]["years_placed"] == 1
    assert by_name["E1"]["small_numbers"] is False


def test_publish_leaves_an_employer_with_a_hidden_figure_off_the_funnel(tmp_path):
    cases, members = files(tmp_path, {**THREE, "Tiny": (2, 30, 3, 60)})
    exact = run_json("--cases", cases, "--members", members)
    tiny = next(e for e in exact["funnel"]["disciplinary"]["employers"] if e["employer"] == "Tiny")
    assert tiny["small_numbers"] is True
    shared = run_json("--cases", cases, "--members", members, "--publish")
    names = {e["employer"] for e in shared["funnel"]["disciplinary"]["employers"]}
    assert names == {"E1", "E2", "E3"}
