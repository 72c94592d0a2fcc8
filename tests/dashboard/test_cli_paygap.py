"""`inclusivehr paygap`: the JSON contract, plain words, and a sentence (exit 2) on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dashboard.cli import main

# No ethnicity column: a pay gap by sex never needs one. An Unknown ("Not stated") on 1000 an
# hour and a bank man on 500 change nothing; a blank bonus is no bonus.
STAFF = """Employee Number,Sex,Pay Band,Hourly Pay,Bonus Pay,Assignment Category
1,Male,Band 5,10,100,Permanent
2,Male,Band 5,20,,Permanent
3,Male,Consultant,30,300,Permanent
4,Female,Band 5,8,50,Permanent
5,Female,Band 5,12,60,Permanent
6,Female,Consultant,16,190,Permanent
7,Female,Band 5,24,,Permanent
8,Not stated,Band 5,1000,9000,Permanent
9,Male,Band 5,500,9000,Bank
"""


INTERVAL_KEYS = {
    "mean_hourly_gap_ci", "median_hourly_gap_ci", "median_hourly_pay", "median_hourly_pay_ci",
    "mean_bonus_gap_ci", "median_bonus_gap_ci",
}  # fmt: skip


def run(*args: object) -> Result:
    result = CliRunner().invoke(main, ["paygap", *(str(a) for a in args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def staff_csv(tmp_path: Path) -> Path:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF, encoding="utf-8")
    return path


def test_json_contract(staff_csv):
    result = run("--staff", staff_csv, "--by", "sex", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    issue_keys = [
        "by", "reference", "focus", "year", "employees", "mean_hourly_gap_percent",
        "median_hourly_gap_percent", "mean_bonus_gap_percent", "median_bonus_gap_percent",
        "bonus_percent", "quartiles", "by_band", "by_pay_scheme", "status", "notes",
    ]  # fmt: skip
    # the issue's keys in its order; the intervals are only added beside them
    assert [k for k in found if k in issue_keys] == issue_keys
    assert set(found) - set(issue_keys) == {*INTERVAL_KEYS, "intervals"}
    assert (found["by"], found["reference"], found["focus"]) == ("sex", "Male", "Female")
    assert found["employees"] == {"Female": 4, "Male": 3, "Unknown": 1}
    # men 10, 20, 30 (mean 20, median 20); women 8, 12, 16, 24 (mean 15, median 14)
    assert found["mean_hourly_gap_percent"] == pytest.approx(25.0)  # (20-15)/20
    assert found["median_hourly_gap_percent"] == pytest.approx(30.0)  # (20-14)/20
    # bonuses: men 100, 300; women 50, 60, 190 -> mean (200-100)/200, median (200-60)/200
    assert found["mean_bonus_gap_percent"] == pytest.approx(50.0)
    assert found["median_bonus_gap_percent"] == pytest.approx(70.0)
    assert found["bonus_percent"] == pytest.approx({"Female": 75.0, "Male": 200 / 3})
    # quartile 1 the lowest paid: 8F 10M 12F 16F 20M 24F 30M in quarters of 1.75 places
    assert [q["quartile"] for q in found["quartiles"]] == [1, 2, 3, 4]
    assert [q["Female"] for q in found["quartiles"]] == pytest.approx(
        [100 / 1.75, 150 / 1.75, 75 / 1.75, 75 / 1.75]
    )
    # Agenda for Change (Band 5): men 10, 20 (mean 15, median 15); women 8, 12, 24 (mean 44/3,
    # median 12). Medical (consultants): man 30, woman 16.
    afc = found["by_pay_scheme"]["Agenda for Change"]
    assert afc["mean_hourly_gap_percent"] == pytest.approx((15 - 44 / 3) / 15 * 100)
    assert afc["median_hourly_gap_percent"] == pytest.approx(20.0)
    medical = found["by_pay_scheme"]["Medical and dental"]
    assert medical["median_hourly_gap_percent"] == pytest.approx((30 - 16) / 30 * 100)
    assert [b["band"] for b in found["by_band"]] == ["Band 5", "Consultant"]
    assert found["by_band"][0]["median_hourly_gap_percent"] == pytest.approx(20.0)
    assert found["status"] == "small_numbers"  # 3 men, 4 women: every figure still given
    assert any("1 bank staff member is left out" in note for note in found["notes"])


def test_plain_words(staff_csv):
    result = run("--staff", staff_csv, "--by", "sex")
    assert result.exit_code == 0, result.output
    assert "Pay gap by sex" in result.stdout
    assert "Median gap: 30.00% (women paid less)" in result.stdout
    assert "Lower (lowest paid)" in result.stdout
    assert "median hourly pay of women is 30.0% lower than that of men" in result.stdout


@pytest.mark.parametrize(
    ("text", "args", "words"),
    [
        ("Employee Number,Sex,Pay Band\n1,Male,Band 5\n", ["--by", "sex"], "hourly"),
        ("Employee Number,Pay Band,Hourly Pay\n1,Band 5,10\n", ["--by", "sex"], "sex"),
        (STAFF, ["--by", "sex", "--reference", "Purple"], "'Purple' is not a group"),
        ("Year,Sex,Pay Band,Hourly Pay\n2024,Male,Band 5,10\n", ["--by", "sex", "--year", "2019"],
         "2019"),
        (STAFF, ["--by", "age"], "age"),
    ],
)  # fmt: skip
def test_bad_input_is_a_sentence_and_exit_2(tmp_path, text, args, words):
    path = tmp_path / "staff.csv"
    path.write_text(text, encoding="utf-8")
    result = run("--staff", path, *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert words in result.stderr


def test_ethnicity_against_white_british(tmp_path):
    # White British (A) 20, 30; other White (B) 100, left out; BME (L, N) 15, 20; Z unknown.
    # Means: White British 25, BME 17.5 -> (25 - 17.5) / 25 = 30%.
    path = tmp_path / "staff.csv"
    path.write_text(
        "Ethnicity,Pay Band,Hourly Pay\nA,Band 5,20\nA White - British,Band 5,30\n"
        "B,Band 5,100\nL,Band 5,15\nN,Band 5,20\nZ,Band 5,50\n",
        encoding="utf-8",
    )
    result = run("--staff", path, "--by", "ethnicity", "--reference", "White British", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert (found["reference"], found["focus"]) == ("White British", "BME")
    assert found["employees"] == {"White British": 2, "Other White": 1, "BME": 2, "Unknown": 1}
    assert found["mean_hourly_gap_percent"] == pytest.approx(30.0)


def test_disability_needs_no_ethnicity_column(tmp_path):
    # Non-disabled 20, 22 (median 21); Disabled 18 -> (21 - 18) / 21 = 14.29%
    path = tmp_path / "staff.csv"
    path.write_text(
        "Disability,Pay Band,Hourly Pay\nNo,Band 5,20\nNo,Band 5,22\nYes,Band 5,18\n"
        "Prefer not to answer,Band 5,40\n",
        encoding="utf-8",
    )
    result = run("--staff", path, "--by", "disability", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert (found["reference"], found["focus"]) == ("Non-disabled", "Disabled")
    assert found["median_hourly_gap_percent"] == pytest.approx(3 / 21 * 100)
    assert found["employees"] == {"Disabled": 1, "Non-disabled": 2, "Unknown": 1}


def test_a_workbook_staff_sheet(make_xlsx):
    # men 20, 30; women 15, 25 -> mean (25 - 20) / 25 = 20%, median the same
    path = make_xlsx(
        "extract.xlsx",
        {"Staff": [["Sex", "Pay Band", "Hourly Pay"], ["Male", "Band 6", 20], ["Male", "Band 7", 30],
                   ["Female", "Band 6", 15], ["Female", "Band 7", 25]]},
    )  # fmt: skip
    result = run("--workbook", path, "--by", "sex", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["mean_hourly_gap_percent"] == pytest.approx(20.0)


def _in(interval, value) -> bool:
    low, high = interval
    return low <= value <= high


# Band 5: 12 women on 10, 11, ... 21 and 10 men on 12, 13.5, ... 25.5; consultants: 7 women on
# 60, 62, ... 72 and 7 men on 64, 66, ... 76. Bonuses to the first 8 women and men of Band 5.
INTERVAL_STAFF = "\n".join(
    ["Sex,Pay Band,Hourly Pay,Bonus Pay"]
    + [f"Female,Band 5,{10 + i},{100 + 10 * i if i < 8 else ''}" for i in range(12)]
    + [f"Male,Band 5,{12 + 1.5 * i},{120 + 10 * i if i < 8 else ''}" for i in range(10)]
    + [f"Female,Consultant,{60 + 2 * i}," for i in range(7)]
    + [f"Male,Consultant,{64 + 2 * i}," for i in range(7)]
)


def test_json_intervals(tmp_path):
    from scipy.stats import quantile_test

    path = tmp_path / "staff.csv"
    path.write_text(INTERVAL_STAFF + "\n", encoding="utf-8")
    result = run("--staff", path, "--by", "sex", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    parts = {"the organisation": found, **found["by_pay_scheme"]}
    assert list(found["by_pay_scheme"]) == ["Agenda for Change", "Medical and dental"]
    for name, part in parts.items():
        assert INTERVAL_KEYS <= set(part), name
        for figure in ("mean_hourly_gap", "median_hourly_gap", "mean_bonus_gap", "median_bonus_gap"):  # fmt: skip
            point = part[f"{figure}_percent"]
            if point is None:  # no bonuses among the consultants
                assert part[f"{figure}_ci"] is None
                continue
            assert _in(part[f"{figure}_ci"], point), (name, figure)
        for group in ("Female", "Male"):
            assert _in(part["median_hourly_pay_ci"][group], part["median_hourly_pay"][group])
    # the medians by hand: women 10..21 and 60..72 (19 people) -> the 10th, 19;
    # men 12..25.5 and 64..76 (17 people) -> the 9th, 24
    assert found["median_hourly_pay"] == {"Female": 19.0, "Male": 24.0}
    assert found["by_pay_scheme"]["Medical and dental"]["median_hourly_pay"] == {
        "Female": 66.0,
        "Male": 70.0,
    }
    # the exact interval for the women's median against scipy's binomial quantile test
    women = [10.0 + i for i in range(12)] + [60.0 + 2 * i for i in range(7)]
    oracle = quantile_test(women, q=19.0, p=0.5).confidence_interval(0.95)
    assert found["median_hourly_pay_ci"]["Female"] == pytest.approx([oracle.low, oracle.high])
    assert found["intervals"]["confidence"] == 0.95
    assert any("bootstrap" in m for m in found["intervals"]["methods"])
    assert any("order statistics" in m for m in found["intervals"]["methods"])
    # bands: medians have their exact intervals; the gaps have none, and the notes say why
    band5 = found["by_band"][0]
    assert band5["band"] == "Band 5"
    assert band5["mean_hourly_gap_ci"] is None and band5["median_hourly_gap_ci"] is None
    assert _in(band5["median_hourly_pay_ci"]["Female"], band5["median_hourly_pay"]["Female"])
    assert any("not for each band" in note for note in found["notes"])


def test_json_intervals_null_with_reasons(staff_csv):
    # 4 women and 3 men: too few for an exact 95% interval for a median (6 or more needed)
    found = json.loads(run("--staff", staff_csv, "--by", "sex", "--json").stdout)
    assert found["median_hourly_pay_ci"] == {"Female": None, "Male": None}
    assert found["median_hourly_pay"] == {"Female": 14.0, "Male": 20.0}
    assert found["by_pay_scheme"]["Medical and dental"]["median_hourly_pay_ci"] == {
        "Female": None,
        "Male": None,
    }
    note = next(n for n in found["notes"] if n.startswith("median_hourly_pay_ci is null"))
    assert "Female in the organisation (4 with an hourly pay)" in note
    assert "Male in Consultant (1 with an hourly pay)" in note
    # the gap intervals exist at the organisation level even with few staff
    assert _in(found["median_hourly_gap_ci"], found["median_hourly_gap_percent"])
