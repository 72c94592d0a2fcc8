"""The sample trust feeds the medical view's WRES2-8: each vacancy has its staff group and the
survey file has Medical and Dental rows beside the whole organisation's. The trust's
whole-organisation WRES and WDES must be what they are without those additions: both are
computed by the command line, from the committed files and from copies with the staff group
column and the Medical and Dental survey rows taken out, and compared whole.

Expected medical figures are read from the files with pandas, not from the tool.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from dashboard.cli import main

TRUST = Path(__file__).resolve().parents[2] / "sample_data" / "trust"
MEDICAL = "Medical and Dental"
FILES = ("staff", "recruitment", "disciplinary", "training", "board", "survey")


def ethnic_group(label: str) -> str:
    """By the national code's letter (the sample writes labels such as "A White - British")."""
    code = label[:1]
    return "White" if code in "ABC" else "Unknown" if code in ("Z", "") else "BME"


def read(name: str, folder: Path = TRUST) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def run(*args) -> dict:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def options(folder: Path, *, capability: bool = False) -> list:
    out = []
    for name in FILES:
        out += [f"--{name}", folder / f"{name}.csv"]
    if capability:
        out += ["--capability", folder / "capability.csv"]
    return out


@pytest.fixture(scope="module")
def without_staff_groups(tmp_path_factory) -> Path:
    """The trust's files as they were before the medical view's staff groups: no Staff Group
    column on recruitment or survey, and no Medical and Dental survey rows."""
    folder = tmp_path_factory.mktemp("whole")
    for name in (*FILES, "capability"):
        table = read(name)
        if name == "survey":
            table = table.loc[table["Staff Group"].eq("")]
        if name in ("recruitment", "survey"):
            table = table.drop(columns="Staff Group")
        table.to_csv(folder / f"{name}.csv", index=False)
    return folder


@pytest.mark.parametrize("standard", ["wres", "wdes"])
def test_whole_organisation_figures_do_not_depend_on_the_staff_groups(
    standard, without_staff_groups
):
    wdes = standard == "wdes"
    now = run(standard, *options(TRUST, capability=wdes), "--json")
    before = run(standard, *options(without_staff_groups, capability=wdes), "--json")
    assert now["indicators"] == before["indicators"]
    assert now["data_quality"] == before["data_quality"]


def test_every_vacancy_has_one_staff_group_of_its_directorate():
    recruitment, staff = read("recruitment"), read("staff")
    assert recruitment["Staff Group"].ne("").all()
    per_vacancy = recruitment.groupby(["Year", "Vacancy Reference"])["Staff Group"].nunique()
    assert per_vacancy.eq(1).all()
    in_directorate = set(zip(staff["Directorate"], staff["Staff Group"], strict=True))
    pairs = set(zip(recruitment["Directorate"], recruitment["Staff Group"], strict=True))
    assert pairs <= in_directorate
    assert recruitment["Staff Group"].eq(MEDICAL).mean() > 0.05  # enough doctors' vacancies


def test_medical_survey_rows_are_part_of_the_whole_organisations():
    survey = read("survey")
    wres = survey.loc[survey["Question"].ne("")]
    whole = wres.loc[wres["Staff Group"].eq("")].set_index(["Survey Year", "Question",
                                                            "Ethnic Group"])  # fmt: skip
    doctors = wres.loc[wres["Staff Group"].eq(MEDICAL)].set_index(whole.index.names)
    assert sorted(doctors.index) == sorted(whole.index)  # every WRES question, both groups
    for column in ("Respondents", "Yes"):
        assert (doctors[column].astype(int) < whole.loc[doctors.index, column].astype(int)).all()


def _medical_rates(year: int) -> dict[str, float]:
    survey = read("survey")
    rows = survey.loc[
        survey["Staff Group"].eq(MEDICAL)
        & survey["Indicator"].eq("WRES8")
        & survey["Survey Year"].eq(str(year - 1))
    ].set_index("Ethnic Group")
    return {g: int(rows.at[g, "Yes"]) / int(rows.at[g, "Respondents"]) for g in ("BME", "White")}


def test_discrimination_gap_follows_the_medical_wres():
    # the issue quotes the Medical WRES: 12.3% of BME doctors against 6.1% of White
    for year in (2024, 2025):
        rates = _medical_rates(year)
        assert rates["BME"] == pytest.approx(0.123, abs=0.01)
        assert rates["White"] == pytest.approx(0.061, abs=0.01)


def test_the_medical_view_gives_wres2_to_8_for_doctors():
    data = run("medical", *options(TRUST), "--json")
    indicators = data["indicators"]
    assert set(indicators) == {f"WRES{i}" for i in range(2, 9)}
    for key, result in indicators.items():
        assert result["status"] != "no_data", (key, result["reason"])
    # WRES8 from the survey's Medical and Dental rows of the latest year
    rates = _medical_rates(data["year"])
    wres8 = indicators["WRES8"]
    assert wres8["groups"]["BME"]["rate"] == pytest.approx(rates["BME"], abs=1e-6)
    assert wres8["value"] == pytest.approx(100 * (rates["BME"] - rates["White"]), abs=1e-3)
    # WRES2 from the doctors' vacancies: appointed / shortlisted, White over BME
    rec = read("recruitment")
    rec = rec.loc[rec["Year"].eq(str(data["year"])) & rec["Staff Group"].eq(MEDICAL)]
    rec = rec.loc[rec["Shortlisted"].eq("Yes")]
    group = rec["Ethnicity"].map(ethnic_group)
    rate = rec["Appointed"].eq("Yes").groupby(group).mean()
    assert indicators["WRES2"]["value"] == pytest.approx(rate["White"] / rate["BME"], abs=1e-4)


@pytest.mark.parametrize("standard", ["wres", "medical"])
def test_the_staff_group_rows_survive_a_round_trip_through_a_counts_file(standard, tmp_path):
    direct = run(standard, *options(TRUST), "--json")
    counts = tmp_path / "counts.csv"
    result = CliRunner().invoke(
        main, [standard, *map(str, options(TRUST)), "--emit-counts", str(counts)]
    )
    assert result.exit_code == 0, result.output
    again = run(standard, "--counts", counts, "--json")
    assert again["indicators"] == direct["indicators"]
