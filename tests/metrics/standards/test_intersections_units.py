"""Intersections for one unit of the organisation (a directorate, a staff group), worked by hand
on a table small enough to count on paper."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metrics.counts.table import Inputs
from metrics.inputs.pipeline import Sources, load
from metrics.problems import InputError
from metrics.standards.intersections import intersection_counts, report_by

WHITE, BME = "A White - British", "H Asian or Asian British - Indian"
PEOPLE = (  # directorate, ethnicity, sex, headcount, how many entered a disciplinary process
    ("HR", BME, "Female", 10, 2),
    ("HR", WHITE, "Female", 20, 2),
    ("HR", BME, "Male", 5, 1),
    ("HR", WHITE, "Male", 5, 0),
    ("Surgery", BME, "Female", 30, 3),
    ("Surgery", WHITE, "Female", 30, 9),
)


def files(tmp_path: Path) -> dict[str, Path]:
    staff = ["Employee Number,Ethnicity,Sex,Directorate,Pay Band,Year"]
    cases = ["Employee Number,Date"]
    number = 0
    for directorate, ethnicity, sex, headcount, entering in PEOPLE:
        for i in range(headcount):
            number += 1
            staff.append(f"{number},{ethnicity},{sex},{directorate},Band 5,2025")
            if i < entering:
                cases.append(f"{number},2024-06-01")
    out = {"staff": tmp_path / "staff.csv", "disciplinary": tmp_path / "cases.csv"}
    out["staff"].write_text("\n".join(staff) + "\n", encoding="utf-8")
    out["disciplinary"].write_text("\n".join(cases) + "\n", encoding="utf-8")
    return out


@pytest.fixture
def counts(tmp_path: Path) -> pd.DataFrame:
    loaded = load(Sources(files=files(tmp_path), purpose="wres", by="sex"))
    assert loaded.errors == []
    split = intersection_counts(Inputs(**loaded.inputs, notes=[]), "WRES", "sex")
    return pd.concat([loaded.counts, split], ignore_index=True)


def test_a_directorate_split_by_sex_worked_by_hand(counts) -> None:
    found = report_by(counts, standard="WRES", by="sex", unit={"directorate": "HR"})
    # All staff in HR: BME 3 of 15 entered, White 2 of 25: (3/15) / (2/25) = 0.2 / 0.08 = 2.5
    assert found.all_staff.indicators["WRES3"].value == pytest.approx(2.5)
    assert found.all_staff.unit == "directorate: HR"
    # Women in HR: BME 2 of 10, White 2 of 20: 0.2 / 0.1 = 2.0
    women = found.groups["Female"]
    assert women.indicators["WRES3"].value == pytest.approx(2.0)
    assert women.unit == "women (sex: Female), directorate: HR"
    # WRES1 among women in HR: 10 BME of 30
    assert women.indicators["WRES1"].value == pytest.approx(100 * 10 / 30)
    # Men in HR: BME 1 of 5, White 0 of 5: no White man entered, so no ratio
    assert found.groups["Male"].indicators["WRES3"].value is None
    assert found.headcounts == {"Female": 30, "Male": 10, "Unknown": 0}


def test_a_unit_with_none_of_a_group_gives_no_figures_for_it(counts) -> None:
    found = report_by(counts, standard="WRES", by="sex", unit={"directorate": "surgery"})
    # Surgery women: BME 3 of 30, White 9 of 30: 0.1 / 0.3 = 1/3
    assert found.groups["Female"].indicators["WRES3"].value == pytest.approx(1 / 3)
    men = found.groups["Male"]
    assert all(r.value is None for r in men.indicators.values())
    assert found.headcounts["Male"] == 0
    assert men.unit.endswith("directorate: surgery")


def test_the_whole_organisation_is_the_default(counts) -> None:
    found = report_by(counts, standard="WRES", by="sex")
    # Women everywhere: BME 5 of 40, White 11 of 50: (5/40) / (11/50) = 0.125 / 0.22
    assert found.groups["Female"].indicators["WRES3"].value == pytest.approx(0.125 / 0.22)
    assert found.headcounts == {"Female": 90, "Male": 10, "Unknown": 0}


def test_an_unknown_directorate_is_refused(counts) -> None:
    with pytest.raises(InputError, match='no directorate called "Estates"'):
        report_by(counts, standard="WRES", by="sex", unit={"directorate": "Estates"})
