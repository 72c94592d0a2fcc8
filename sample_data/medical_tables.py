"""The sample trust's inputs for the medical view's WRES2-8: a staff group on every recruitment
row (its vacancy's) and Staff Survey rows for Medical and Dental staff beside the whole
organisation's.

Each draws from its own stream, and the whole-organisation rows are left exactly as they were:
the loader keeps, of each whole-organisation survey row, the respondents the Medical and Dental
rows do not cover (metrics.inputs.survey_breakdown), so the trust's WRES is unchanged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data import reference as ref
from sample_data import reference_equality as eq
from sample_data.rand import person_uniform

GROUP_OF_LABEL = {label: ref.GROUP_OF_CODE[code] for code, label in ref.ETHNICITY_LABELS.items()}


def add_recruitment_staff_group(recruitment: pd.DataFrame, seed: int) -> pd.DataFrame:
    """A Staff Group column after Directorate: each vacancy's, drawn from its directorate's mix by
    a per-vacancy hash (every applicant to one vacancy shares it)."""
    vacancy = recruitment["Vacancy Reference"].str.rsplit("-", n=1).str[1].astype(np.int64)
    groups = np.empty(len(recruitment), dtype=object)
    for (year, directorate), rows in recruitment.groupby(["Year", "Directorate"]).groups.items():
        mix = ref.DIRECTORATES[directorate][1]
        names = list(mix)
        cum = np.cumsum([mix[n] for n in names], dtype=float)
        u = person_uniform(seed, f"vacancy-staff-group-{year}", vacancy[rows].to_numpy())
        at = np.minimum(np.searchsorted(cum / cum[-1], u, side="right"), len(names) - 1)
        groups[recruitment.index.get_indexer(rows)] = np.asarray(names, dtype=object)[at]
    out = recruitment.copy()
    out.insert(out.columns.get_loc("Directorate") + 1, "Staff Group", groups)
    return out


def survey_rows(staff: pd.DataFrame, year: int, seed: int) -> pd.DataFrame:
    """The WRES questions of the Staff Survey of ``year - 1`` for the Medical and Dental staff of
    one WRES year's published staff. Yes answers are the design share of the respondents,
    rounded, so the realised gaps are the design's."""
    doctors = staff.loc[
        staff["Staff Group"].eq(ref.MEDICAL) & staff["Assignment Category"].ne("Bank")
    ]
    group = doctors["Ethnicity"].map(GROUP_OF_LABEL)
    rows = []
    for eg_index, eg in enumerate(("BME", "White")):
        members = doctors.loc[group.eq(eg).to_numpy(), "Employee Number"].astype(np.int64)
        # who answers: a per-person draw, so a doctor answering one year is not tied to the next
        u = person_uniform(seed, f"medical-survey-{year}", members.to_numpy())
        base = int((u < eq.MEDICAL_SURVEY_RESPONSE_RATE).sum())
        for q_index, (question, rates) in enumerate(eq.MEDICAL_SURVEY_RATES.items()):
            skipped = int(round(base * 0.02 * (1 + q_index % 2)))  # some skip a question
            respondents = base - skipped
            yes = int(round(respondents * rates[eg_index]))
            rows.append((year - 1, question, eg, respondents, yes))
    return pd.DataFrame(
        rows, columns=["Survey Year", "Question", "Ethnic Group", "Respondents", "Yes"]
    )


def add_survey_medical(survey: pd.DataFrame, staff: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The survey file with a Staff Group column (blank on the whole-organisation rows) and the
    Medical and Dental rows after the WRES rows."""
    medical = pd.concat(
        [survey_rows(staff.loc[staff["Year"].eq(y)], y, seed) for y in ref.YEARS],
        ignore_index=True,
    ).sort_values(["Survey Year", "Question", "Ethnic Group"], kind="stable")
    medical = medical.assign(
        Indicator=medical["Question"].map(ref.SURVEY_INDICATOR),
        **{"Disability Group": "", "Staff Group": ref.MEDICAL},
        Score=np.nan,
    )
    medical["Yes"] = medical["Yes"].astype("Int64")
    out = survey.assign(**{"Staff Group": ""})
    wres = out["Question"].ne("").to_numpy() & out["Question"].notna().to_numpy()
    columns = list(out.columns)
    return pd.concat([out.loc[wres], medical[columns], out.loc[~wres]], ignore_index=True)
