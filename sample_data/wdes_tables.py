"""The sample trust's WDES inputs: capability cases, disability in recruitment and on the board,
and the Staff Survey's WDES rows.

Each table or column draws from its own stream, so the WRES tables built in
:mod:`sample_data.trust` keep exactly the values they had before these were added.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data import reference as ref
from sample_data import reference_equality as eq
from sample_data.rand import person_uniform, random_dates, rng_for

DISABILITY_GROUP = {"Yes": "Disabled", "No": "Non-disabled"}  # anything else is Unknown
SURVEY_COLUMNS = [
    "Survey Year",
    "Question",
    "Ethnic Group",
    "Respondents",
    "Yes",
    "Indicator",
    "Disability Group",
    "Score",
]


def disability_group(answers: pd.Series) -> np.ndarray:
    return answers.map(DISABILITY_GROUP).fillna("Unknown").to_numpy()


def capability_table(staff: pd.DataFrame, year: int, seed: int) -> pd.DataFrame:
    """Formal capability cases for one year's published staff: performance grounds mostly, with
    Disabled staff about 2.2 times as likely to enter as non-disabled staff; some ill-health
    cases (which WDES3 leaves out) and a few people with two cases."""
    rng = rng_for(seed, f"capability-{year}")
    staff = staff.loc[staff["Assignment Category"].ne("Bank")].reset_index(drop=True)
    group = disability_group(staff["Disability"])
    p = eq.P_CAPABILITY_NON_DISABLED
    rates = {
        "Non-disabled": p,
        "Disabled": p * eq.CAPABILITY_RATIO_DISABLED,
        "Unknown": eq.P_CAPABILITY_UNKNOWN,
    }
    performance = np.zeros(len(staff), dtype=bool)
    for g, rate in rates.items():
        members = np.flatnonzero(group == g)
        k = int(round(rate * len(members)))
        performance[rng.choice(members, size=k, replace=False)] = True
    n_ill = int(round(performance.sum() * eq.P_ILL_HEALTH_CASE))
    ill = rng.choice(np.flatnonzero(~performance), size=n_ill, replace=False)
    emp = staff["Employee Number"].to_numpy()
    cases = pd.DataFrame(
        {
            "Employee Number": np.concatenate([emp[performance], emp[ill]]),
            "Grounds": ["Performance"] * int(performance.sum()) + ["Ill Health"] * n_ill,
        }
    )
    repeat = cases.loc[rng.random(len(cases)) < 0.08]  # a second case in the same year
    cases = pd.concat([cases, repeat], ignore_index=True)
    cases["Case Start Date"] = random_dates(rng, year, len(cases))
    cases = cases.sort_values(["Case Start Date", "Employee Number"], kind="stable")
    table = pd.DataFrame(
        {
            "Year": year,
            "Case Reference": [f"CP{year}-{i + 1:03d}" for i in range(len(cases))],
            "Employee Number": cases["Employee Number"].to_numpy(),
            "Case Start Date": cases["Case Start Date"].to_numpy(),
            "Grounds": cases["Grounds"].to_numpy(),
        }
    )
    return table


def add_recruitment_disability(recruitment: pd.DataFrame, seed: int) -> pd.DataFrame:
    """A Disability column after Ethnicity, one answer per applicant (an applicant who applied
    for two posts gives the same answer), independent of the outcome (WDES2 was 0.99 in 2023)."""
    key = recruitment["Applicant ID"].str[1:].astype(np.int64).to_numpy()
    years = recruitment["Year"].to_numpy()
    answers = np.empty(len(recruitment), dtype=object)
    for year in np.unique(years):
        mine = years == year
        u = person_uniform(seed, f"applicant-disability-{year}", key[mine])
        keys = list(eq.APPLICANT_DISABILITY)
        cum = np.cumsum(list(eq.APPLICANT_DISABILITY.values()))
        answers[mine] = np.asarray(keys, dtype=object)[
            np.minimum(np.searchsorted(cum / cum[-1], u, side="right"), len(keys) - 1)
        ]
    out = recruitment.copy()
    out.insert(out.columns.get_loc("Ethnicity") + 1, "Disability", answers)
    return out


def add_board_disability(board: pd.DataFrame) -> pd.DataFrame:
    """A Disability column after Ethnicity from the fixed board design."""
    answers = [
        eq.BOARD_DISABILITY[i % len(ref.BOARD)][ref.YEARS.index(year)]
        for i, year in enumerate(board["Year"])
    ]
    out = board.copy()
    out.insert(out.columns.get_loc("Ethnicity") + 1, "Disability", answers)
    return out


def survey_rows(staff: pd.DataFrame, year: int, seed: int) -> list[tuple]:
    """WDES rows of the Staff Survey of ``year - 1`` for one WRES year's published staff."""
    rng = rng_for(seed, f"survey-wdes-{year}")
    substantive = int(staff["Assignment Category"].ne("Bank").sum())
    answered = rng.binomial(substantive, ref.SURVEY_RESPONSE_RATE)
    answered -= rng.binomial(answered, eq.P_SURVEY_NO_ANSWER)
    base = {"Disabled": int(rng.binomial(answered, eq.P_SURVEY_DISABLED))}
    base["Non-disabled"] = int(answered - base["Disabled"])
    rows = []
    for indicator, rates in eq.WDES_SURVEY_RATES.items():
        for group, rate in zip(("Disabled", "Non-disabled"), rates, strict=True):
            if rate is None:
                continue
            # WDES4b asks only those who experienced harassment: a smaller base.
            share = 0.42 if indicator == "WDES4b" else 1.0
            respondents = int(rng.binomial(base[group], share * 0.97))
            yes = int(rng.binomial(respondents, rate))
            rows.append((year - 1, "", "", respondents, yes, indicator, group, np.nan))
    scores = {}
    for group, score in zip(("Disabled", "Non-disabled"), eq.WDES_ENGAGEMENT, strict=True):
        scores[group] = round(float(score + rng.normal(0, 0.08)), 2)
        rows.append((year - 1, "", "", base[group], np.nan, "WDES9a", group, scores[group]))
    everyone = sum(base.values())
    overall = sum(scores[g] * base[g] for g in base) / everyone
    rows.append((year - 1, "", "", everyone, np.nan, "WDES9a", "All", round(overall, 2)))
    return rows


def add_survey_wdes(survey: pd.DataFrame, staff: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The survey file with its WRES rows as before (their indicator id beside the question) and
    the WDES rows after them."""
    wres = survey.assign(
        Indicator=survey["Question"].map(ref.SURVEY_INDICATOR),
        **{"Disability Group": ""},
        Score=np.nan,
    )
    rows = [r for y in ref.YEARS for r in survey_rows(staff.loc[staff["Year"].eq(y)], y, seed)]
    wdes = pd.DataFrame(rows, columns=SURVEY_COLUMNS)
    wdes["Yes"] = wdes["Yes"].astype("Int64")
    wres["Yes"] = wres["Yes"].astype("Int64")
    return pd.concat([wres[SURVEY_COLUMNS], wdes], ignore_index=True)
