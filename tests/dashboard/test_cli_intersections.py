"""`inclusivehr wres --by` and `inclusivehr wdes --by`: the intersections block of the JSON, its
text section, and refusals with exit 2 and a sentence. Expected figures are worked out in the
comments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard.cli import main

WHITE, BME = "A White - British", "H Asian or Asian British - Indian"
PEOPLE = (  # ethnicity, sex, headcount, how many entered a formal disciplinary process
    (BME, "Female", 40, 10),
    (WHITE, "Female", 100, 10),
    (BME, "Male", 20, 2),
    (WHITE, "Male", 40, 8),
    (BME, "", 3, 1),
)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    staff = ["Employee Number,Ethnicity,Sex,Disability,Pay Band,Year"]
    cases = ["Employee Number,Date"]
    number = 0
    for ethnicity, sex, headcount, entering in PEOPLE:
        for i in range(headcount):
            number += 1
            disabled = "Yes" if i % 4 == 0 else "No"
            staff.append(f"{number},{ethnicity},{sex},{disabled},Band 5,2025")
            if i < entering:
                cases.append(f"{number},2024-06-01")
    out = {"staff": tmp_path / "staff.csv", "disciplinary": tmp_path / "disciplinary.csv"}
    out["staff"].write_text("\n".join(staff) + "\n", encoding="utf-8")
    out["disciplinary"].write_text("\n".join(cases) + "\n", encoding="utf-8")
    return out


def test_wres_by_sex_adds_the_intersections_block(files) -> None:
    result = run("wres", "--staff", files["staff"], "--disciplinary", files["disciplinary"],
                 "--by", "sex", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    block = json.loads(result.output)["intersections"]
    assert block["by"] == "sex"
    assert set(block["groups"]) == {"Female", "Male", "Unknown"}
    # Women: (10/40) / (10/100) = 2.5; men: (2/20) / (8/40) = 0.5, resting on 2 BME men
    women, men = block["groups"]["Female"]["WRES3"], block["groups"]["Male"]["WRES3"]
    assert women["value"] == pytest.approx(2.5) and women["status"] == "ok"
    assert women["groups"]["BME"] == {"numerator": 10, "denominator": 40, "rate": 0.25}
    assert men["value"] == pytest.approx(0.5) and men["status"] == "small_numbers"
    # Unknown sex: 3 people (blank sex), its size only
    assert block["groups"]["Unknown"] == {"headcount": 3}
    assert block["headcounts"] == {"Female": 140, "Male": 60, "Unknown": 3}
    assert block["not_split"] == {}  # nothing given that cannot be split
    # WRES1 among women: 40 BME of 140 = 28.57%
    assert block["groups"]["Female"]["WRES1"]["overall"]["BME"] == pytest.approx(28.57)


def test_wres_by_sex_text_says_it_in_plain_words(files) -> None:
    result = run("wres", "--staff", files["staff"], "--disciplinary", files["disciplinary"],
                 "--by", "sex")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "WRES by sex (whole organisation)" in result.output
    assert "BME women were 2.50 times as likely as White women" in result.output
    assert "White men were 2.00 times as likely as BME men" in result.output
    assert "Not split" not in result.output  # no survey file: the survey has no data at all


def test_wres_without_by_has_no_intersections(files) -> None:
    result = run("wres", "--staff", files["staff"], "--json")
    assert result.exit_code == 0
    assert "intersections" not in json.loads(result.output)


def test_wdes_by_ethnicity(files) -> None:
    result = run("wdes", "--staff", files["staff"], "--by", "ethnicity", "--json")
    assert result.exit_code == 0, result.output
    block = json.loads(result.output)["intersections"]
    assert set(block["groups"]) == {"White", "BME", "Unknown"}
    # White staff: 100 women and 40 men; every 4th person of each row of PEOPLE is Disabled:
    # 25 of 100 and 10 of 40, so 35 of 140 = 25%
    white = block["groups"]["White"]["WDES1"]["overall"]
    assert white["headcount"] == 140 and white["Disabled"] == pytest.approx(25.0)


def test_a_standard_split_by_its_own_characteristic_is_refused(files) -> None:
    result = run("wres", "--staff", files["staff"], "--by", "ethnicity")
    assert result.exit_code == 2
    assert "about ethnicity already" in result.output and "Traceback" not in result.output


def test_a_staff_file_without_the_column_is_refused(tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text(f"Employee Number,Ethnicity,Pay Band\n1,{WHITE},Band 5\n", encoding="utf-8")
    result = run("wres", "--staff", staff, "--by", "sex")
    assert result.exit_code == 2
    assert "sex" in result.output.lower() and "Traceback" not in result.output


def test_counts_with_split_rows_and_without(files, tmp_path: Path) -> None:
    emitted = tmp_path / "counts.csv"
    run("wres", "--staff", files["staff"], "--emit-counts", emitted)
    result = run("wres", "--counts", emitted, "--by", "sex")
    assert result.exit_code == 2  # the counts hold no split rows: a sentence, not a traceback
    assert "no rows split by sex" in result.output and "Traceback" not in result.output


def test_a_counts_return_with_split_rows_gives_the_same_block(files, tmp_path: Path) -> None:
    import pandas as pd

    from metrics.counts.table import Inputs, write
    from metrics.inputs.pipeline import Sources, load
    from metrics.standards.intersections import intersection_counts

    loaded = load(Sources(files=dict(files), by="sex"))
    split = intersection_counts(Inputs(**loaded.inputs, notes=[]), "WRES", "sex")
    path = write(pd.concat([loaded.counts, split], ignore_index=True), tmp_path / "counts.csv")
    from_counts = run("wres", "--counts", path, "--by", "sex", "--json")
    from_files = run("wres", "--staff", files["staff"], "--disciplinary", files["disciplinary"],
                     "--by", "sex", "--json")  # fmt: skip
    assert from_counts.exit_code == 0, from_counts.output
    assert (json.loads(from_counts.output)["intersections"]
            == json.loads(from_files.output)["intersections"])  # fmt: skip


def test_publishing_a_counts_return_leaves_its_split_rows_out(files, tmp_path: Path) -> None:
    import pandas as pd

    from metrics.counts.table import Inputs, write
    from metrics.inputs.pipeline import Sources, load
    from metrics.standards.intersections import intersection_counts

    loaded = load(Sources(files=dict(files), by="sex"))
    split = intersection_counts(Inputs(**loaded.inputs, notes=[]), "WRES", "sex")
    path = write(pd.concat([loaded.counts, split], ignore_index=True), tmp_path / "counts.csv")
    out = tmp_path / "published.csv"
    result = run("wres", "--counts", path, "--emit-counts", out, "--publish")
    assert result.exit_code == 0, result.output
    written = pd.read_csv(out)
    assert written["characteristic"].isna().all()
    # the whole organisation's WRES3 only: BME and White once each (every ethnicity is known)
    assert sorted(written.loc[written["indicator"] == "WRES3", "group"]) == ["BME", "White"]


def test_wres_by_sex_for_a_directorate(tmp_path: Path) -> None:
    staff = ["Employee Number,Ethnicity,Sex,Directorate,Pay Band,Year"]
    cases = ["Employee Number,Date"]
    number = 0
    # directorate, ethnicity, sex, headcount, entering a formal disciplinary process
    for directorate, ethnicity, sex, headcount, entering in (
        ("HR", BME, "Female", 10, 2),
        ("HR", WHITE, "Female", 20, 2),
        ("Surgery", BME, "Female", 30, 3),
        ("Surgery", WHITE, "Female", 30, 9),
        ("Surgery", WHITE, "Male", 8, 1),
    ):
        for i in range(headcount):
            number += 1
            staff.append(f"{number},{ethnicity},{sex},{directorate},Band 5,2025")
            if i < entering:
                cases.append(f"{number},2024-06-01")
    (tmp_path / "s.csv").write_text("\n".join(staff) + "\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("\n".join(cases) + "\n", encoding="utf-8")
    args = ("wres", "--staff", tmp_path / "s.csv", "--disciplinary", tmp_path / "c.csv",
            "--directorate", "HR", "--by", "sex")  # fmt: skip
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    block = json.loads(result.output)["intersections"]
    assert block["unit"] == "directorate: HR"
    # Women in HR: BME 2 of 10, White 2 of 20: 0.2 / 0.1 = 2.0; no men in HR
    assert block["groups"]["Female"]["WRES3"]["value"] == pytest.approx(2.0)
    assert block["headcounts"] == {"Female": 30, "Male": 0, "Unknown": 0}
    text = run(*args)
    assert text.exit_code == 0, text.output
    assert "WRES by sex (directorate: HR)" in text.output


def test_emitted_split_counts_read_back_to_the_same_figures(files, tmp_path: Path) -> None:
    import pandas as pd

    emitted = tmp_path / "counts.csv"
    inputs = ("--staff", files["staff"], "--disciplinary", files["disciplinary"])
    first = run("wres", *inputs, "--by", "sex", "--json", "--emit-counts", emitted)
    assert first.exit_code == 0, first.output
    written = pd.read_csv(emitted)
    assert set(written["characteristic"].dropna()) == {"sex"}
    # WRES3 among women, as counted in the fixture: BME 10 of 40, White 10 of 100
    women = written[
        (written["indicator"] == "WRES3") & (written["characteristic_group"] == "Female")
    ]
    assert sorted(zip(women["group"], women["numerator"], women["denominator"], strict=True)) == [
        ("BME", 10, 40), ("White", 10, 100)]  # fmt: skip
    again = run("wres", "--counts", emitted, "--by", "sex", "--json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.output)["intersections"] == json.loads(first.output)["intersections"]
    assert json.loads(again.output)["indicators"] == json.loads(first.output)["indicators"]


def test_without_by_the_emitted_counts_have_no_split_rows(files, tmp_path: Path) -> None:
    import pandas as pd

    emitted = tmp_path / "counts.csv"
    result = run("wres", "--staff", files["staff"], "--emit-counts", emitted)
    assert result.exit_code == 0, result.output
    assert pd.read_csv(emitted)["characteristic"].isna().all()


def test_published_split_counts_hide_a_small_indicator_in_every_group(files, tmp_path) -> None:
    import pandas as pd

    out = tmp_path / "published.csv"
    result = run("wres", "--staff", files["staff"], "--disciplinary", files["disciplinary"],
                 "--by", "sex", "--emit-counts", out, "--publish")  # fmt: skip
    assert result.exit_code == 0, result.output
    written = pd.read_csv(out)
    split = written[written["characteristic"].notna()]
    # WRES3 among men rests on 2 BME men: hidden for men, women and unknown sex alike
    wres3 = split[split["indicator"] == "WRES3"]
    assert set(wres3["characteristic_group"]) >= {"Female", "Male"}
    assert wres3["numerator"].isna().all() and wres3["denominator"].isna().all()
    # the all-staff WRES3: BME 13 of 63 -> 15 of 65, White 18 of 140 -> 20 of 140 (to the 5)
    whole = written[(written["indicator"] == "WRES3") & written["characteristic"].isna()]
    assert sorted(zip(whole["group"], whole["numerator"], whole["denominator"], strict=True)) == [
        ("BME", 15, 65), ("White", 20, 140)]  # fmt: skip
    audit = pd.read_csv(tmp_path / "published-audit.csv")
    assert ((audit["row"] == "every row") & audit["table"].str.contains("WRES3")).any()


def test_survey_rows_by_two_characteristics_are_split(tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("Employee Number,Ethnicity,Disability,Pay Band,Year\n"
                     f"1,{WHITE},Yes,Band 5,2025\n2,{BME},No,Band 5,2025\n",
                     encoding="utf-8")  # fmt: skip
    survey = tmp_path / "survey.csv"
    survey.write_text(
        "Survey Year,Question,Ethnic Group,Disability Group,Respondents,Yes\n"
        "2024,Q14a,BME,Disabled,20,8\n2024,Q14a,BME,Non-disabled,80,20\n"
        "2024,Q14a,White,Disabled,50,15\n2024,Q14a,White,Non-disabled,150,30\n"
        "2024,Q15,BME,,100,40\n2024,Q15,White,,200,60\n",  # Q15 by ethnicity only
        encoding="utf-8",
    )
    result = run("wdes", "--staff", staff, "--survey", survey, "--by", "ethnicity", "--json")
    assert result.exit_code == 0, result.output
    block = json.loads(result.output)["intersections"]
    # WDES4a-i among BME staff: Disabled 8/20 = 40%, non-disabled 20/80 = 25%: +15 points
    assert block["groups"]["BME"]["WDES4a-i"]["value"] == pytest.approx(15.0)
    # among White staff: 15/50 = 30% against 30/150 = 20%: +10 points
    assert block["groups"]["White"]["WDES4a-i"]["value"] == pytest.approx(10.0)
    result = run("wres", "--staff", staff, "--survey", survey, "--by", "disability")
    assert result.exit_code == 0, result.output
    # Q15 (WRES7 in the 2024 survey) came by ethnicity only: said plainly, the rest still split
    assert ("Not split: WRES7: the staff survey results give ethnicity only, with no disability "
            "on the same rows") in result.output  # fmt: skip
    assert "WRES5" in result.output.split("Not split")[0]
