"""The sample trust's WDES, pay-gap and medical columns, its capability file and the network's
WDES returns and GOV.UK pay gap file: plausible shares, the right layouts, and the WRES columns
exactly as they were before these were added.

Shares are recomputed with pandas from the published labels, not from the generator's constants.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from metrics.counts import classify
from sample_data.rand import person_uniform

DISABILITY_ANSWERS = {"Yes", "No", "Not Declared", "Prefer Not To Answer", ""}
UNKNOWN_ANSWERS = {"Not Declared", "Prefer Not To Answer", ""}
# Digests of the WRES columns of the sample files committed before the disability, pay and
# medical columns were added (sha256 of pandas' CSV of those columns read as text; the survey's
# WRES rows only). The finer grade names are mapped back to the old ones, which name the same
# WRES band (checked separately below).
WRES_COLUMNS = {
    "staff": (
        [
            "Year",
            "Employee Number",
            "Assignment Number",
            "Ethnicity",
            "Pay Band",
            "Staff Group",
            "Directorate",
            "Sex",
            "Assignment Category",
            "Age Band",
            "Religion",
            "Sexual Orientation",
            "FTE",
        ],
        "fd7ca7aff83c30f4c34d674f9127823f6ecc009a07bf24bb6f471c0e9e2361af",
    ),
    "recruitment": (
        [
            "Year",
            "Vacancy Reference",
            "Applicant ID",
            "Ethnicity",
            "Directorate",
            "Shortlisted",
            "Appointed",
        ],
        "ec37ca3dd39c25e7897b105c3981fb1f2856e1c542debfb12ced072ffac790d8",
    ),
    "disciplinary": (
        ["Year", "Case Reference", "Employee Number", "Date", "Directorate"],
        "bff4392a6a4ca7e9d449f90f79577955a4b3615b332b6bf912aed4cc5e59bd9f",
    ),
    "training": (
        ["Year", "Employee Number", "Course", "Date"],
        "b3a6b4a1807c20f291983c41dcb153abb410cf66ae4c031068ebd2c977323ae2",
    ),
    "board": (
        ["Year", "Role", "Ethnicity", "Voting", "Executive"],
        "24a5a346d5063d30fcb38c5accfbc5fc734df14b83e871d9c467423998cd7033",
    ),
    "survey": (
        ["Survey Year", "Question", "Ethnic Group", "Respondents", "Yes"],
        "a49de4fb5a10d5c924f9b0620c33f4764f7ddbc37fb14bf6975941b0379e8dba",
    ),
}
OLD_GRADE = {
    "Core Trainee": "Core Training",
    "Specialist": "Associate Specialist",
    "Locally Employed Doctor": "Clinical Fellow",
}
GPG_COLUMNS = (
    "EmployerName EmployerId Address CompanyNumber SicCodes DiffMeanHourlyPercent "
    "DiffMedianHourlyPercent DiffMeanBonusPercent DiffMedianBonusPercent MaleBonusPercent "
    "FemaleBonusPercent MaleLowerQuartile FemaleLowerQuartile MaleLowerMiddleQuartile "
    "FemaleLowerMiddleQuartile MaleUpperMiddleQuartile FemaleUpperMiddleQuartile MaleTopQuartile "
    "FemaleTopQuartile CompanyLinkToGPGInfo ResponsiblePerson EmployerSize CurrentName "
    "SubmittedAfterTheDeadline DueDate DateSubmitted"
).split()


@pytest.fixture(scope="module")
def staff(raw_tables) -> pd.DataFrame:
    out = raw_tables["staff"].copy()
    out["Year"] = out["Year"].astype(int)
    out["Hourly Pay"] = out["Hourly Pay"].astype(float)
    out["bonus"] = pd.to_numeric(out["Bonus Pay"].replace("", "0"))
    out["substantive"] = out["Assignment Category"].ne("Bank")
    out["medical"] = out["Staff Group"].eq("Medical and Dental")
    return out


def _disabled_rate(frame: pd.DataFrame) -> float:
    return frame["Disability"].eq("Yes").mean()


# --- The WRES stays as it was ----------------------------------------------------------------
@pytest.mark.parametrize("name", list(WRES_COLUMNS))
def test_wres_columns_are_unchanged(raw_tables, name):
    columns, digest = WRES_COLUMNS[name]
    table = raw_tables[name]
    if name == "survey":
        # the whole organisation's WRES rows (the Medical and Dental rows came later)
        table = table.loc[table["Question"].ne("") & table["Staff Group"].eq("")]
    if name == "staff":
        table = table.assign(**{"Pay Band": table["Pay Band"].replace(OLD_GRADE)})
    text = table[columns].to_csv(index=False)
    assert hashlib.sha256(text.encode()).hexdigest() == digest, f"{name}: WRES columns changed"


def test_finer_grade_names_keep_the_wres_band(staff):
    medical = staff.loc[staff["medical"], "Pay Band"]
    assert {"Core Trainee", "Specialist", "Locally Employed Doctor", "Clinical Fellow"} <= set(
        medical
    )
    for new, old in OLD_GRADE.items():
        assert classify.band(new) == classify.band(old) is not None, new


# The WRES counts returns as committed before (sha256 of their rows sorted, as text, on these
# columns; a column added to the counts layout later does not matter). The trust's recruitment
# and survey rows gained a staff group later (for the medical view): summed over staff groups
# they must be the rows committed before.
WRES_COUNTS = {
    "trust/wres_counts.csv": (
        "organisation year indicator band clinical membership directorate staff_group region "
        "trust_type group numerator denominator",
        "836a41f4dd0093d2eac6814ed9445686d0f4e01fc24e130bbceee421c7e851fa",
    ),
    "network/wres_counts.csv": (
        "organisation region trust_type year indicator band clinical membership group numerator "
        "denominator",
        "d7e0bede88c15d182522199ef45e6fe47d513865cc8cbed0c39187b21441ab8d",
    ),
}


STAFF_GROUP_LATER = ("WRES2", "WRES5", "WRES6", "WRES7", "WRES8")


def _over_staff_groups(table: pd.DataFrame, indicators: tuple[str, ...]) -> pd.DataFrame:
    """The rows of these indicators summed over staff groups (blank), as text again."""
    later = table["indicator"].isin(indicators)
    if "staff_group" not in table or not later.any():
        return table
    keys = [c for c in table.columns if c not in ("staff_group", "numerator", "denominator")]
    rows = table.loc[later].assign(
        staff_group="",
        numerator=table.loc[later, "numerator"].astype(int),
        denominator=table.loc[later, "denominator"].astype(int),
    )
    summed = rows.groupby([*keys, "staff_group"], sort=False)[["numerator", "denominator"]].sum()
    summed = summed.astype(str).reset_index()[table.columns]
    return pd.concat([table.loc[~later], summed], ignore_index=True)


@pytest.mark.parametrize("name", list(WRES_COUNTS))
def test_wres_counts_returns_are_unchanged(fresh, name):
    columns, digest = WRES_COUNTS[name]
    table = pd.read_csv(fresh / name, dtype=str, keep_default_na=False)[columns.split()]
    table = _over_staff_groups(table, STAFF_GROUP_LATER)
    text = table.sort_values(columns.split(), kind="stable").to_csv(index=False)
    assert hashlib.sha256(text.encode()).hexdigest() == digest, f"{name}: WRES counts changed"


# --- Disability --------------------------------------------------------------------------------
def test_disability_answers_and_shares(staff):
    assert set(staff["Disability"]) == DISABILITY_ANSWERS
    for year, g in staff.groupby("Year"):
        assert 0.03 <= _disabled_rate(g) <= 0.12, year
        assert 0.15 <= g["Disability"].isin(UNKNOWN_ANSWERS).mean() <= 0.25, year
    rate = staff.groupby("Year").apply(_disabled_rate)
    assert rate[2025] > rate[2024]  # declaration rises, as nationally


def test_fewer_disabled_staff_in_senior_posts(staff):
    junior = staff["Pay Band"].isin(["Band 2", "Band 3", "Band 4"])
    senior = staff["Pay Band"].isin(["Band 8c", "Band 8d", "Band 9", "VSM", "Consultant"])
    assert _disabled_rate(staff.loc[senior]) < _disabled_rate(staff.loc[junior]) - 0.02


def test_a_person_keeps_their_disability_answer(staff):
    wide = staff.pivot(index="Employee Number", columns="Year", values="Disability").dropna()
    assert (wide[2024] == wide[2025]).mean() > 0.9


# --- Pay ----------------------------------------------------------------------------------------
def test_agenda_for_change_pay_points(staff):
    # Band 2 has one point: 22,383 a year in 2023/24 over 37.5 x 52.143 = 1,955.36 hours
    # = 11.447 -> 11.45 an hour; 2024/25 is 23,615 (5.5% more) / 1,955.36 = 12.077 -> 12.08.
    band2 = staff.loc[staff["Pay Band"].eq("Band 2")].groupby("Year")["Hourly Pay"]
    assert {y: set(v) for y, v in band2} == {2024: {11.45}, 2025: {12.08}}
    # Band 5 has three points; the bottom in 2023/24 is 28,407 / 1,955.36 = 14.53.
    band5 = staff.loc[staff["Pay Band"].eq("Band 5") & staff["Year"].eq(2024), "Hourly Pay"]
    assert band5.nunique() == 3 and band5.min() == 14.53
    # A foundation year 1 doctor in 2024/25: 36,616 / (40 x 52.143 = 2,085.72 hours) = 17.56.
    fy1 = staff.loc[staff["Pay Band"].eq("Foundation Year 1") & staff["Year"].eq(2025)]
    assert set(fy1["Hourly Pay"]) == {17.56}


def test_gender_pay_gap_is_driven_by_doctors(staff):
    for year, g in staff.loc[staff["substantive"]].groupby("Year"):
        mean = g.groupby("Sex")["Hourly Pay"].mean()
        gap = (mean["Male"] - mean["Female"]) / mean["Male"]
        assert 0.12 <= gap <= 0.25, (year, gap)
        afc = g.loc[~g["medical"]].groupby("Sex")["Hourly Pay"].mean()
        assert abs(afc["Male"] - afc["Female"]) / afc["Male"] < gap / 3, year
        assert g.loc[g["medical"], "Sex"].eq("Male").mean() > g["Sex"].eq("Male").mean()


def test_bonus_pay_is_mostly_clinical_excellence_awards(staff):
    assert set(staff["Bonus Pay"].str.len().eq(0).groupby(staff["Year"]).any()) == {True}
    paid = staff["bonus"] > 0
    consultants = staff["Pay Band"].eq("Consultant")
    assert 0.2 <= paid[consultants].mean() <= 0.6
    assert paid[~consultants].mean() < 0.03
    assert staff.loc[paid & consultants, "bonus"].min() >= 3000
    share = paid.groupby(staff["Sex"]).mean()
    assert share["Male"] > 2 * share["Female"]
    assert (~paid).mean() > 0.9  # most staff 0 or blank


def test_full_pay_relevant(staff):
    assert set(staff["Full Pay Relevant"]) == {"Yes", "No"}
    assert 0.93 <= staff["Full Pay Relevant"].eq("Yes").mean() <= 0.99


# --- The medical view --------------------------------------------------------------------------
def test_leadership_roles(staff):
    for year, g in staff.groupby("Year"):
        roles = g["Position Title"].value_counts()
        assert roles["Medical Director"] == 1 and roles["Clinical Director"] == 14, year
        assert {"Deputy Medical Director", "Divisional Director", "Clinical Lead"} <= set(
            roles.index
        )
        leaders = g["Position Title"].isin(
            ["Clinical Director", "Divisional Director", "Deputy Medical Director"]
        )
        assert set(g.loc[leaders, "Pay Band"]) == {"Consultant"}
        bme = ~g["Ethnicity"].str[0].isin(["A", "B", "C", "Z"])
        consultants = g["Pay Band"].eq("Consultant")
        assert bme[leaders].mean() < bme[consultants].mean() - 0.1, year
        md = g.loc[g["Position Title"].eq("Medical Director"), "Ethnicity"].iloc[0]
        assert md.startswith("H ")  # the board's Medical Director (board.csv)


def test_place_of_primary_medical_qualification(staff):
    pmq = staff["Country of Primary Medical Qualification"]
    assert pmq[~staff["medical"]].eq("").all()
    assert pmq[staff["medical"]].ne("").all()
    doctors = staff.loc[staff["medical"]]
    uk = doctors["Country of Primary Medical Qualification"].eq("United Kingdom")
    assert 0.4 <= uk.mean() <= 0.8
    assert {"India", "Nigeria", "Ireland"} <= set(
        doctors["Country of Primary Medical Qualification"]
    )
    local = doctors["Pay Band"].isin(["Clinical Fellow", "Locally Employed Doctor"])
    assert uk[local].mean() < uk[~local].mean()


# --- Capability, recruitment, board, survey ------------------------------------------------------
def test_capability_cases(raw_tables, staff):
    cases = raw_tables["capability"]
    assert list(cases.columns) == [
        "Year",
        "Case Reference",
        "Employee Number",
        "Case Start Date",
        "Grounds",
    ]
    assert set(cases["Grounds"]) == {"Performance", "Ill Health"}
    assert cases["Grounds"].eq("Performance").mean() > 0.6
    cases = cases.assign(Year=cases["Year"].astype(int))
    joined = cases.merge(staff, on=["Year", "Employee Number"], how="left", validate="m:1")
    assert joined["Disability"].notna().all()  # every case is a member of staff that year
    dates = pd.to_datetime(cases["Case Start Date"])
    assert (dates >= pd.to_datetime((cases["Year"] - 1).astype(str) + "-04-01")).all()
    assert (dates <= pd.to_datetime(cases["Year"].astype(str) + "-03-31")).all()
    # WDES3 by hand: people once a year, performance only, over substantive headcount.
    perf = joined.loc[joined["Grounds"].eq("Performance")].drop_duplicates(
        ["Year", "Employee Number"]
    )
    people = staff.loc[staff["substantive"]]
    rate = {
        answer: perf["Disability"].eq(answer).sum() / people["Disability"].eq(answer).sum()
        for answer in ("Yes", "No")
    }
    assert 1.4 <= rate["Yes"] / rate["No"] <= 3.5


def test_recruitment_disability(raw_tables):
    rec = raw_tables["recruitment"]
    assert set(rec["Disability"]) <= DISABILITY_ANSWERS
    assert 0.05 <= rec["Disability"].eq("Yes").mean() <= 0.12
    per_person = rec.groupby(["Year", "Applicant ID"])["Disability"].nunique()
    assert (per_person == 1).all()


def test_board_disability(raw_tables):
    board = raw_tables["board"]
    yes = board.loc[board["Disability"].eq("Yes")].groupby("Year").size().to_dict()
    assert yes == {"2024": 1, "2025": 2}


def test_survey_wdes_rows(raw_tables):
    survey = raw_tables["survey"]
    wdes = survey.loc[survey["Indicator"].str.startswith("WDES")]
    assert set(wdes["Indicator"]) == {
        "WDES4a-i",
        "WDES4a-ii",
        "WDES4a-iii",
        "WDES4b",
        "WDES5",
        "WDES6",
        "WDES7",
        "WDES8",
        "WDES9a",
    }
    assert wdes["Question"].eq("").all() and wdes["Ethnic Group"].eq("").all()
    assert set(wdes.loc[wdes["Indicator"].eq("WDES8"), "Disability Group"]) == {"Disabled"}
    counts = wdes.loc[wdes["Indicator"].ne("WDES9a")]
    yes, n = counts["Yes"].astype(int), counts["Respondents"].astype(int)
    assert (yes <= n).all() and counts["Score"].eq("").all()
    pct = (yes / n).groupby([counts["Indicator"], counts["Disability Group"]]).mean().unstack()
    worse_when_higher = ["WDES4a-i", "WDES4a-ii", "WDES4a-iii", "WDES6"]
    assert (
        pct.loc[worse_when_higher, "Disabled"] > pct.loc[worse_when_higher, "Non-disabled"]
    ).all()
    assert (
        pct.loc[["WDES5", "WDES7"], "Disabled"] < pct.loc[["WDES5", "WDES7"], "Non-disabled"]
    ).all()
    for _, g in wdes.loc[wdes["Indicator"].eq("WDES9a")].groupby("Survey Year"):
        score = g.set_index("Disability Group")["Score"].astype(float)
        n = g.set_index("Disability Group")["Respondents"].astype(int)
        assert set(score.index) == {"Disabled", "Non-disabled", "All"}
        assert score["Disabled"] < score["All"] < score["Non-disabled"]
        assert n["All"] == n["Disabled"] + n["Non-disabled"]
        assert g["Yes"].eq("").all() and score.between(0, 10).all()


# --- The network -------------------------------------------------------------------------------
def test_network_wdes_returns(fresh):
    read = lambda name: pd.read_csv(fresh / "network" / name, keep_default_na=False)  # noqa: E731
    wres, wdes = read("wres_counts.csv"), read("wdes_counts.csv")
    assert list(wdes.columns) == [*wres.columns, "score"]
    assert set(wdes["group"]) == {"Disabled", "Non-disabled", "Unknown", "All"}
    assert set(wdes.loc[wdes["group"].eq("All"), "indicator"]) == {"WDES9a"}
    assert set(wdes["indicator"]) == {
        "WDES1",
        "WDES2",
        "WDES3",
        "WDES4a-i",
        "WDES4a-ii",
        "WDES4a-iii",
        "WDES4b",
        "WDES5",
        "WDES6",
        "WDES7",
        "WDES8",
        "WDES9a",
        "WDES10",
    }
    scored = wdes["indicator"].eq("WDES9a")
    assert wdes.loc[scored, "numerator"].eq("").all()
    numerator = wdes.loc[~scored, "numerator"].astype(int)
    assert (numerator >= 0).all() and (numerator <= wdes.loc[~scored, "denominator"]).all()
    wdes = wdes.assign(numerator=pd.to_numeric(wdes["numerator"]))
    # WDES1 describes the same workforce as WRES1: band totals agree cell by cell.
    key = ["organisation", "year", "band", "clinical"]
    totals = lambda f: f.loc[f["indicator"].str.endswith("1")].groupby(key)["numerator"].sum()  # noqa: E731
    wres1 = totals(wres.loc[wres["indicator"].eq("WRES1")])
    pd.testing.assert_series_equal(wres1, totals(wdes), check_dtype=False)
    w1 = wdes.loc[wdes["indicator"].eq("WDES1")]
    heads = w1.groupby(["organisation", "year", "group"])["numerator"].sum()
    declared = heads.xs("Disabled", level="group") / heads.groupby(level=[0, 1]).sum()
    assert 0.04 <= declared.xs(2023, level="year").mean() <= 0.06  # national 4.9% in 2023
    w3 = wdes.loc[wdes["indicator"].eq("WDES3")].set_index(["organisation", "year", "group"])
    assert (w3["denominator"] == heads.reindex(w3.index)).all()
    scores = wdes.loc[wdes["indicator"].eq("WDES9a"), "score"].astype(float)
    assert scores.between(5, 9).all()
    assert wdes.loc[wdes["indicator"].ne("WDES9a"), "score"].eq("").all()


def test_network_gender_pay_gap_file(fresh):
    gpg = pd.read_csv(fresh / "network" / "gender_pay_gap.csv", keep_default_na=False)
    wres = pd.read_csv(fresh / "network" / "wres_counts.csv")
    assert list(gpg.columns) == GPG_COLUMNS
    assert set(gpg["EmployerName"]) == set(wres["organisation"])
    for quartile in ("Lower", "LowerMiddle", "UpperMiddle", "Top"):
        total = gpg[f"Male{quartile}Quartile"] + gpg[f"Female{quartile}Quartile"]
        assert np.allclose(total, 100.0), quartile
    assert (gpg["FemaleTopQuartile"] < gpg["FemaleLowerQuartile"]).all()
    acute = gpg["EmployerName"].str.contains("Hospital")
    assert 12 <= gpg.loc[acute, "DiffMeanHourlyPercent"].mean() <= 25
    assert (gpg["DiffMedianHourlyPercent"] < gpg["DiffMeanHourlyPercent"]).all()
    assert (gpg["MaleBonusPercent"] > gpg["FemaleBonusPercent"]).all()
    heads = wres.loc[wres["indicator"].eq("WRES1") & wres["year"].eq(2024)]
    size = heads.groupby("organisation")["numerator"].sum()
    for name, band in zip(gpg["EmployerName"], gpg["EmployerSize"], strict=True):
        low, high = {"1000 to 4999": (1000, 4999), "5000 to 19,999": (5000, 19_999)}[band]
        assert low <= size[name] <= high, name
    assert set(gpg["SubmittedAfterTheDeadline"].astype(str)) == {"True", "False"}


def test_person_draws_do_not_depend_on_who_else_is_drawn():
    alone = person_uniform(2025, "disability", [20_004_239])
    crowd = person_uniform(2025, "disability", [20_000_304, 20_004_239, 29_000_001])
    assert alone[0] == crowd[1]
    assert person_uniform(2025, "other", [20_004_239])[0] != alone[0]
