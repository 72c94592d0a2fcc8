"""`inclusivehr compare`: the JSON contract on the sample network, the text table, and bad input.

Bad input follows the CLI convention (dashboard/cli.py): one paragraph on stderr, exit 2, never
a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from dashboard.cli import main

ROOT = Path(__file__).resolve().parents[2]
NETWORK = ROOT / "sample_data" / "network" / "wres_counts.csv"
HEADER = "Year,Indicator,Group,Numerator,Denominator\n"


def run(*args: object) -> Result:
    result = CliRunner().invoke(main, ["compare", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    return result


def as_json(*args: object) -> dict:
    result = run("--counts", NETWORK, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def unusable(result: Result, *words: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    message = " ".join(result.stderr.split()).lower()
    assert message and result.stdout == ""
    if result.stderr.startswith("inclusivehr:"):
        assert "\n\n" not in result.stderr.strip(), "one paragraph"
    for word in words:
        assert word.lower() in message, (word, message)
    return message


def test_json_shape_on_the_sample_network():
    out = as_json()
    assert (out["indicator"], out["year"]) == ("WRES2", 2025)  # the defaults: WRES2, latest year
    assert isinstance(out["pooled"], float) and out["pooled"] > 1
    assert len(out["organisations"]) == 36
    funnel_words = {"within", "above_95", "above_99.8", "below_95", "below_99.8", "not_placed"}
    for org in out["organisations"]:
        assert {
            "organisation",
            "value",
            "ci_lower",
            "ci_upper",
            "denominator",
            "funnel",
            "rank_low",
            "rank_high",
        } <= set(org)
        assert isinstance(org["organisation"], str)
        assert org["value"] is None or isinstance(org["value"], float)
        assert isinstance(org["denominator"], int) and org["denominator"] % 5 == 0  # rounded
        assert org["funnel"] in funnel_words
        assert isinstance(org["rank_low"], int) and isinstance(org["rank_high"], int)
        assert org["rank_low"] <= org["rank"] <= org["rank_high"]
        assert org["ci_lower"] <= org["value"] <= org["ci_upper"]
        assert "numerator" not in json.dumps(org)  # no raw counts beside the size
    values = [o["value"] for o in out["organisations"]]
    assert values == sorted(values, reverse=True)  # highest first, rank 1
    summary = out["summary"]
    assert {"significantly_above_1", "significantly_below_1", "trusts"} <= set(summary)
    assert summary["trusts"] == 36
    assert summary["significantly_above_1"] == sum(o["ci_lower"] > 1 for o in out["organisations"])
    assert summary["significantly_below_1"] == sum(o["ci_upper"] < 1 for o in out["organisations"])
    # for WRES2 above 1 is worse for BME staff, so the new words count the same trusts
    assert summary["worse_than_equality"] == summary["significantly_above_1"]
    assert summary["better_than_equality"] == summary["significantly_below_1"]
    assert summary["within_non_adverse_range"] == sum(
        0.80 <= round(o["value"], 2) <= 1.25 for o in out["organisations"]
    )
    assert summary["non_adverse_range"] == [0.8, 1.25]
    assert out["direction"].startswith("Above 1 means BME applicants are less likely")
    assert out["rank_one"].startswith("Rank 1 = the least favourable to BME staff")


@pytest.mark.parametrize(
    "indicator",
    ["WRES1", "wres1-senior", "WRES3", "WRES4", "WRES5", "WRES6", "WRES7", "WRES8", "WRES9"],
)
def test_every_indicator_runs(indicator):
    out = as_json("--indicator", indicator, "--year", 2023)
    assert out["indicator"].lower() == indicator.lower() and out["year"] == 2023
    assert out["summary"]["trusts"] > 30


def test_peers_and_overdispersion_options():
    london = as_json("--region", "london", "--trust-type", "ACUTE")
    assert london["region"] == "London" and london["trust_type"] == "Acute"
    assert {o["region"] for o in london["organisations"]} == {"London"}
    assert 0 < len(london["organisations"]) < 36
    plain = as_json("--indicator", "WRES4")
    wide = as_json("--indicator", "WRES4", "--overdispersion", "multiplicative")
    assert wide["overdispersion"]["method"] == "multiplicative"
    assert wide["overdispersion"]["phi"] == plain["overdispersion"]["phi"]
    if wide["overdispersion"]["applied"]:  # wider limits can only move trusts inwards
        outside = sum(o["funnel"] != "within" for o in plain["organisations"])
        assert sum(o["funnel"] != "within" for o in wide["organisations"]) <= outside


def test_text_table():
    result = run("--counts", NETWORK, "--indicator", "WRES7")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("Compare trusts: WRES7 2025, the whole network")
    assert "Rank (range)" in text and "Against the network" in text and "Network value" in text
    assert "Below 0 means a smaller share of BME staff than of White staff believe" in text
    assert "Rank 1 = the most favourable to BME staff" in text  # WRES7: higher is better
    assert "the range of ranks a trust could hold once chance is allowed for" in text
    assert "worse for BME staff than equality" in text and "cannot tell (within chance)" in text
    assert "Alderwick Hospitals NHS Trust" in text
    assert "rounded to the nearest 5" in text


def test_small_sizes_are_hidden_and_others_rounded(tmp_path):
    # Tiny board: 5 voting members is in 1-7, so the size and the value resting on it are hidden.
    frame = pd.DataFrame(
        [
            ["Big", 2025, "WRES2", "White", 40, 103],
            ["Big", 2025, "WRES2", "BME", 20, 101],
            ["Small", 2025, "WRES2", "White", 2, 3],
            ["Small", 2025, "WRES2", "BME", 1, 2],
        ],
        columns=["Organisation", "Year", "Indicator", "Group", "Numerator", "Denominator"],
    )
    path = tmp_path / "network.csv"
    frame.to_csv(path, index=False)
    result = run("--counts", path, "--json")
    assert result.exit_code == 0, result.output
    orgs = {o["organisation"]: o for o in json.loads(result.stdout)["organisations"]}
    assert orgs["Big"]["denominator"] == 205  # 204 rounded to the nearest 5
    small = orgs["Small"]
    assert small["denominator"] is None and small["denominator_suppressed"] is True
    assert small["value"] is None and small["ci_lower"] is None and small["change"] is None
    text = run("--counts", path).stdout
    assert "hidden" in text and "<8" in text


def _network(tmp_path, rows) -> Path:
    frame = pd.DataFrame(
        rows, columns=["Organisation", "Year", "Indicator", "Group", "Numerator", "Denominator"]
    )
    path = tmp_path / "network.csv"
    frame.to_csv(path, index=False)
    return path


SMALL_AMONG_BIG = [
    # Small: 7 shortlisted (White 4 of 4 appointed, BME 1 of 3): a ratio of 3.0 that rests on
    # a size in 1-7, so nothing about it may show
    ["Small", 2025, "WRES2", "White", 4, 4],
    ["Small", 2025, "WRES2", "BME", 1, 3],
    *[
        row
        for i in range(4)
        for row in (
            [f"Big {i}", 2025, "WRES2", "White", 40 + 5 * i, 100],
            [f"Big {i}", 2025, "WRES2", "BME", 30, 100],
        )
    ],
]


def test_figures_resting_on_a_hidden_size_are_hidden_too(tmp_path):
    # issue 10: compare --json hid a trust's value and interval when its size was 1-7 but still
    # printed its funnel position, significance and rank, which rest on the same counts
    path = _network(tmp_path, SMALL_AMONG_BIG)
    out = json.loads(run("--counts", path, "--json").stdout)
    orgs = {o["organisation"]: o for o in out["organisations"]}
    small = orgs["Small"]
    for key in ("value", "ci_lower", "ci_upper", "significance", "rank", "rank_low", "rank_high",
                "change", "against_equality", "denominator"):  # fmt: skip
        assert small[key] is None, key
    assert small["funnel"] == "not_placed" and small["denominator_suppressed"] is True
    # the others rank among themselves, with no gap for the hidden trust to sit in
    ranks = sorted(o["rank"] for o in out["organisations"] if o["rank"] is not None)
    assert ranks == [1, 2, 3, 4]
    assert max(o["rank_high"] for o in orgs.values() if o["rank_high"]) == 4
    # and the summary counts only the trusts it shows
    assert out["summary"]["trusts"] == 4
    shown_verdicts = [o["against_equality"] for o in orgs.values() if o["against_equality"]]
    summary = out["summary"]
    assert summary["worse_than_equality"] + summary["better_than_equality"] + summary[
        "cannot_tell"] == len(shown_verdicts) == 4  # fmt: skip
    text = run("--counts", path).stdout
    small_line = next(line for line in text.splitlines() if " Small " in f" {line} ")
    assert small_line.split()[0] == "Small"  # no rank in front of it
    assert "hidden" in small_line and "not placed" in small_line


def test_internal_output_has_every_figure_and_says_so(tmp_path):
    path = _network(tmp_path, SMALL_AMONG_BIG)
    out = json.loads(run("--counts", path, "--json", "--internal").stdout)
    small = next(o for o in out["organisations"] if o["organisation"] == "Small")
    assert out["internal"] is True and "not for publication" in out["disclosure"]
    assert small["denominator"] == 7 and small["rank"] is not None
    assert small["value"] == pytest.approx((4 / 4) / (1 / 3))
    assert "not for publication" in run("--counts", path, "--internal").stdout.lower()
    assert json.loads(run("--counts", path, "--json").stdout)["internal"] is False


def test_a_change_from_a_hidden_year_is_hidden(tmp_path):
    # the change is this year's value minus last year's: with last year's size hidden it
    # would give last year's value away
    rows = [row for row in SMALL_AMONG_BIG if row[0] != "Small"]
    rows += [["Grown", 2024, "WRES2", "White", 3, 3], ["Grown", 2024, "WRES2", "BME", 1, 3],
             ["Grown", 2025, "WRES2", "White", 30, 60], ["Grown", 2025, "WRES2", "BME", 20, 60],
             *[[r[0], 2024, *r[2:]] for r in rows]]  # fmt: skip
    out = json.loads(run("--counts", _network(tmp_path, rows), "--json").stdout)
    orgs = {o["organisation"]: o for o in out["organisations"]}
    assert orgs["Grown"]["value"] == pytest.approx(1.5)  # (30/60)/(20/60), shown this year
    assert orgs["Grown"]["change"] is None
    assert orgs["Big 1"]["change"] == 0  # both years shown: 0.45/0.30 both years


def test_published_percentages_are_whole_beside_a_rounded_size(tmp_path):
    # 9 BME of 41 staff is 21.9512%; "21.9512% of about 40" gives 9 of 41 away. Published:
    # 41 rounds to 40, and a step of s% of 40 people must span 5 people, so s = 25 (10% of 40
    # is only 4): 21.95% -> 25 (0 x 25 .. 1 x 25, nearest)
    rows = [["Mid", 2025, "WRES1", "BME", 9, 41], ["Mid", 2025, "WRES1", "White", 32, 41],
            ["Large", 2025, "WRES1", "BME", 300, 1000],
            ["Large", 2025, "WRES1", "White", 700, 1000]]  # fmt: skip
    path = _network(tmp_path, rows)
    out = json.loads(run("--counts", path, "--json", "--indicator", "WRES1").stdout)
    orgs = {o["organisation"]: o for o in out["organisations"]}
    assert orgs["Mid"]["denominator"] == 40 and orgs["Mid"]["value"] == 25
    assert orgs["Large"]["denominator"] == 1000 and orgs["Large"]["value"] == 30
    assert isinstance(orgs["Large"]["ci_lower"], int)


def test_many_single_trust_files(tmp_path):
    raw = pd.read_csv(NETWORK)
    paths = []
    for org, part in raw.groupby("organisation"):
        paths.append(tmp_path / f"{org}.csv")
        part.drop(columns="organisation").to_csv(paths[-1], index=False)
    one = as_json("--indicator", "WRES3")
    result = run("--counts", *paths, "--indicator", "WRES3", "--json")
    assert result.exit_code == 0, result.output
    many = json.loads(result.stdout)
    assert many["organisations"] == one["organisations"]
    assert any("from the file name" in n for n in many["notes"])


def test_conflicting_names_across_files(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("Organisation," + HEADER + "Alderwick Hospitals NHS Trust,2025,WRES2,White,4,9\n")
    b = tmp_path / "alderwick hospitals nhs trust .csv"  # the trust named by the file
    b.write_text(HEADER + "2024,WRES2,White,4,9\n")
    message = unusable(run("--counts", a, b), "written 2 ways", "a.csv, row 2", "spell it")
    assert "cannot use the input" in message


def test_the_same_trust_and_year_twice(tmp_path):
    a = tmp_path / "Alderwick.csv"
    a.write_text(HEADER + "2025,WRES2,White,4,9\n2025,WRES2,BME,4,9\n")
    b = tmp_path / "copy.csv"
    b.write_text("Organisation," + HEADER + "alderwick,2025,WRES2,White,4,9\n")
    unusable(run("--counts", a, b), "2025 is in 2 files", "remove the duplicate")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--indicator", "WRES10"], ["no indicator called", "choose one of"]),
        (["--year", "2019"], ["no data for year 2019", "2022, 2023"]),
        (["--region", "Mars"], ['region "mars"', "london"]),
        (["--trust-type", "Hospice"], ['trust type "hospice"', "acute"]),
        (["--overdispersion", "huge"], ["invalid value", "multiplicative"]),
    ],
)
def test_bad_options(args, words):
    unusable(run("--counts", NETWORK, *args), *words)


def test_bad_files(tmp_path):
    unusable(run("--counts", tmp_path / "missing.csv"), "file not found")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    unusable(run("--counts", empty))
    no_year = tmp_path / "Bramble.csv"
    no_year.write_text("Indicator,Group,Numerator,Denominator\nWRES2,White,4,9\n")
    unusable(run("--counts", no_year), "no year", "add a year column")
    unusable(run(), "--counts")
    unusable(run(NETWORK), "--counts")


def test_within_non_adverse_range_by_hand(tmp_path):
    # WRES3, BME on top: A (10/100) / (5/200) = 4.00, worse and outside 0.80-1.25;
    # B 4/100 against 4/100 = 1.00, inside; C (5/100) / (4/100) = 1.25, inside (end included).
    frame = pd.DataFrame(
        [
            ["A", 2025, "WRES3", "BME", 10, 100],
            ["A", 2025, "WRES3", "White", 5, 200],
            ["B", 2025, "WRES3", "BME", 4, 100],
            ["B", 2025, "WRES3", "White", 4, 100],
            ["C", 2025, "WRES3", "BME", 5, 100],
            ["C", 2025, "WRES3", "White", 4, 100],
        ],
        columns=["Organisation", "Year", "Indicator", "Group", "Numerator", "Denominator"],
    )
    path = tmp_path / "network.csv"
    frame.to_csv(path, index=False)
    result = run("--counts", path, "--indicator", "WRES3", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["summary"]
    assert summary["within_non_adverse_range"] == 2
    assert (summary["worse_than_equality"], summary["cannot_tell"]) == (1, 2)
    text = run("--counts", path, "--indicator", "WRES3").stdout
    assert "2 trusts sit inside the non-adverse range set in A fair experience for all" in text
    survey = run("--counts", NETWORK, "--indicator", "WRES5", "--json")
    assert json.loads(survey.stdout)["summary"]["within_non_adverse_range"] is None


# --- published gender pay gaps (GOV.UK layout) ------------------------------------------------


def gpg_file(tmp_path: Path, *lines: str) -> Path:
    from tests.metrics.compare.test_gpg import HEADER

    path = tmp_path / "gpg-2024.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_gpg_json_shape(tmp_path):
    from tests.metrics.compare.test_gpg import line

    path = gpg_file(
        tmp_path,
        line("Alderwick Hospitals NHS Trust", "24.3", "11.2"),
        line("Brookfield Community NHS Trust", "-2.5", "-1.0", size="250 to 499"),
        line("Carrow <b>Trust</b> *bold*", "15", "12.5%"),  # text from the file, kept as text
    )
    result = run("--gpg", path, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["source"], out["file"], out["measure"]) == (
        "GOV.UK gender pay gap service",
        "gpg-2024.csv",
        "median_hourly_gap_percent",
    )
    assert out["direction"].startswith("A positive gap means women are paid less than men")
    # ranked on the median hourly gap, largest first: 12.5, 11.2, -1.0
    assert [
        (e["rank"], e["employer"], e["median_hourly_gap_percent"]) for e in out["employers"]
    ] == [
        (1, "Carrow <b>Trust</b> *bold*", 12.5),
        (2, "Alderwick Hospitals NHS Trust", 11.2),
        (3, "Brookfield Community NHS Trust", -1.0),
    ]
    first = out["employers"][1]
    assert set(first) == {
        "rank", "employer", "employer_size", "median_hourly_gap_percent",
        "mean_hourly_gap_percent", "median_bonus_gap_percent", "mean_bonus_gap_percent",
        "bonus_percent", "quartiles", "row",
    }  # fmt: skip
    assert first["employer_size"] == "1000 to 4999" and first["row"] == 2
    assert first["bonus_percent"] == {"Female": 1.5, "Male": 2.0}
    assert first["quartiles"][0] == {"quartile": 1, "name": "lower", "Female": 80.0, "Male": 20.0}
    assert [q["quartile"] for q in first["quartiles"]] == [1, 2, 3, 4]
    # 2 employers pay women less, 1 pays men less; median of 12.5, 11.2, -1.0 is 11.2
    assert out["summary"] == {
        "employers": 3, "ranked": 3, "women_paid_less": 2, "men_paid_less": 1, "no_gap": 0,
        "median_gap_percent": 11.2,
    }  # fmt: skip
    assert out["disclosure"].startswith("none: the figures are published already")
    assert "no disclosure step" in out["method"] and out["warnings"] == []


def test_gpg_text_says_which_way_is_worse(tmp_path):
    from tests.metrics.compare.test_gpg import line

    path = gpg_file(tmp_path, line("A Trust", "5", "4"), line("B Trust", "-3", "-2"))
    result = run("--gpg", path)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "4.0% (women paid less)" in text and "-2.0% (men paid less)" in text
    assert "80.0% / 75.0% / 70.0% / 60.0%" in text  # women's share, lowest quartile first
    assert "Of 2 employers with a median hourly gap, 1 pays women less and 1 pays men less" in text


def test_gpg_bad_values_exit_2_naming_row_and_column(tmp_path):
    from tests.metrics.compare.test_gpg import line

    path = gpg_file(tmp_path, line("A Trust", "5", "4"), line("B Trust", "lots", "-2"))
    unusable(run("--gpg", path, "--json"), "row 3", "DiffMeanHourlyPercent", "lots")
    header_only = tmp_path / "other.csv"
    header_only.write_text("EmployerName,DiffMedianHourlyPercent\nA,1\n", encoding="utf-8")
    unusable(run("--gpg", header_only), "no DiffMeanHourlyPercent", "EmployerSize")
    unusable(run("--gpg", tmp_path / "absent.csv"), "not found")


def test_gpg_and_counts_together_is_a_usage_error(tmp_path):
    from tests.metrics.compare.test_gpg import line

    path = gpg_file(tmp_path, line("A Trust", "5", "4"))
    result = run("--gpg", path, "--counts", NETWORK)
    assert result.exit_code == 2 and "either --counts or --gpg" in result.output
    result = run("--gpg", path, "--region", "North", "--internal")
    assert result.exit_code == 2
    assert "--region, --internal compare counts returns" in " ".join(result.output.split())


# --- WDES returns ------------------------------------------------------------------------------

WDES_RETURN = (
    "Organisation,Year,Indicator,Group,Numerator,Denominator\n"
    # WDES2, non-disabled on top: A (30/100) / (15/100) = 2.00; B (20/100) / (20/100) = 1.00
    "A,2025,WDES2,Non-disabled,30,100\nA,2025,WDES2,Disabled,15,100\n"
    "B,2025,WDES2,Non-disabled,20,100\nB,2025,WDES2,Disabled,20,100\n"
    # WDES4a-i: A 30% Disabled - 20% non-disabled = +10 points; B 25% - 25% = 0
    "A,2025,WDES4a-i,Disabled,30,100\nA,2025,WDES4a-i,Non-disabled,100,500\n"
    "B,2025,WDES4a-i,Disabled,50,200\nB,2025,WDES4a-i,Non-disabled,100,400\n"
)


def test_wdes_returns_are_compared_with_the_same_json_shape(tmp_path):
    path = tmp_path / "wdes.csv"
    path.write_text(WDES_RETURN, encoding="utf-8")
    result = run("--counts", path, "--json")  # default: WDES2, as the returns hold no WRES
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    wres = as_json()
    assert set(out) == set(wres)  # the same shape as a WRES comparison
    assert (out["indicator"], out["standard"], out["focus"]) == ("WDES2", "WDES", "Disabled")
    assert wres["standard"] == "WRES" and wres["focus"] == "BME"
    # pooled: non-disabled 50/200 = 0.25, Disabled 35/200 = 0.175; 0.25 / 0.175 = 1.43
    assert out["pooled"] == 1.43 and out["equality"] == 1.0
    a = next(o for o in out["organisations"] if o["organisation"] == "A")
    # Katz: se = sqrt(1/30 - 1/100 + 1/15 - 1/100) = 0.28284; 2 exp(±1.96 se) = 1.15 to 3.48
    assert (a["value"], a["ci_lower"], a["ci_upper"]) == (2.0, 1.15, 3.48)
    assert a["against_equality"] == "worse" and a["denominator"] == 200
    assert out["direction"].startswith("Above 1 means Disabled applicants are less likely")
    assert out["rank_one"] == "Rank 1 = the least favourable to Disabled staff (the highest value)"
    gap = json.loads(run("--counts", path, "--json", "--indicator", "wdes4a-i").stdout)
    values = {o["organisation"]: o["value"] for o in gap["organisations"]}
    assert values == {"A": 10, "B": 0}  # percentage points, published whole
    assert gap["unit"] == "percentage points" and gap["equality"] == 0.0


def test_wdes_text_speaks_of_disabled_staff(tmp_path):
    path = tmp_path / "wdes.csv"
    path.write_text(WDES_RETURN, encoding="utf-8")
    result = run("--counts", path, "--indicator", "WDES2")
    assert result.exit_code == 0, result.output
    assert "1 worse for Disabled staff than equality" in result.stdout
    assert "BME" not in result.stdout and "White" not in result.stdout


def test_an_indicator_of_a_standard_not_in_the_returns_is_refused():
    message = unusable(run("--counts", NETWORK, "--indicator", "WDES2"))
    assert "no wdes figures, so wdes2 cannot be compared" in message
    assert "wres2" in message  # the indicators found are listed


def test_a_networks_wres_and_wdes_returns_load_together_engagement_scores_and_all():
    # The sample network's WDES returns carry WDES9a (engagement scores), which no funnel shows;
    # they are still the WDES's, so each trust's year is in one WRES and one WDES file, not two.
    wdes = NETWORK.with_name("wdes_counts.csv")
    assert "WDES9a" in set(pd.read_csv(wdes)["indicator"])
    result = run("--counts", NETWORK, wdes, "--indicator", "WDES2", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["standard"] == "WDES"


SCORES_RETURN = (
    "Organisation,Year,Indicator,Group,Numerator,Denominator,Score\n"
    # A: 6.52 - 7.10 = -0.58, the organisation 6.97; B: 7.25 - 7.05 = +0.20
    "A,2025,WDES9a,Disabled,,212,6.52\nA,2025,WDES9a,Non-disabled,,780,7.10\n"
    "A,2025,WDES9a,All,,992,6.97\n"
    "B,2025,WDES9a,Disabled,,64,7.25\nB,2025,WDES9a,Non-disabled,,301,7.05\n"
    # C: 6.00 - 7.00 on 3 + 3 respondents: a size of 6, hidden when published
    "C,2025,WDES9a,Disabled,,3,6.00\nC,2025,WDES9a,Non-disabled,,3,7.00\n"
)


def test_wdes9a_is_ranked_by_the_score_gap_with_each_trusts_scores(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(SCORES_RETURN, encoding="utf-8")
    result = run("--counts", path, "--indicator", "WDES9a", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["indicator"], out["unit"], out["equality"]) == ("WDES9a", "score points", 0.0)
    assert out["pooled"] is None and out["funnel_x"] is None  # no funnel
    a, b, c = (next(o for o in out["organisations"] if o["organisation"] == n) for n in "ABC")
    assert (b["rank"], b["value"], b["scores"]) == (
        1, 0.2, {"Disabled": 7.25, "Non-disabled": 7.05, "All": None},
    )  # fmt: skip
    assert (a["rank"], a["value"], a["scores"]) == (
        2, -0.58, {"Disabled": 6.52, "Non-disabled": 7.1, "All": 6.97},
    )  # fmt: skip
    assert a["denominator"] == 990  # 212 + 780 = 992 respondents, rounded to 5
    assert (a["ci_lower"], a["rank_low"], a["against_equality"]) == (None, None, None)
    assert c["denominator_suppressed"] and c["value"] is None and c["scores"] is None
    summary = out["summary"]
    assert (summary["below_equality"], summary["above_equality"]) == (1, 1)
    assert summary["worse_than_equality"] is None and summary["significantly_above_1"] is None
    assert "no interval can be worked out" in summary["no_interval"]
    text = run("--counts", path, "--indicator", "wdes9a")
    assert text.exit_code == 0, text.output
    assert "No funnel, interval or rank range" in text.stdout
    assert "Disabled staff score" in text.stdout and "95% CI" not in text.stdout
    line = next(row for row in text.stdout.splitlines() if row.split()[1:2] == ["A"])
    assert line.split() == ["2", "A", "-0.58", "6.52", "7.10", "6.97", "990"]


def test_wdes9a_internal_gives_exact_sizes_and_every_trust(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(SCORES_RETURN, encoding="utf-8")
    out = json.loads(run("--counts", path, "--indicator", "WDES9a", "--json", "--internal").stdout)
    c = next(o for o in out["organisations"] if o["organisation"] == "C")
    assert (c["value"], c["denominator"], c["rank"]) == (-1.0, 6, 3)
    assert c["scores"] == {"Disabled": 6.0, "Non-disabled": 7.0, "All": None}
