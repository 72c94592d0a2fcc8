"""The staff file's columns for the WDES, pay gaps and the medical view.

Every draw here is a per-person uniform from :func:`sample_data.rand.person_uniform`, keyed by the
column's own name: nothing touches the WRES streams in :mod:`sample_data.trust`, so the WRES
columns stay exactly as they were, and a person keeps their disability, award or grade name from
one year to the next.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data import reference as ref
from sample_data import reference_equality as eq
from sample_data.rand import person_uniform

CAREER_START_AGE = {  # age at which a doctor typically starts in the grade
    "Consultant": 35,
    "Specialty Doctor": 31,
    "Associate Specialist": 40,
}


def _pick(u: np.ndarray, weights: dict[str, float]) -> np.ndarray:
    """The key of ``weights`` whose cumulative share first exceeds each uniform ``u``."""
    keys = list(weights)
    cum = np.cumsum([weights[k] for k in keys], dtype=float)
    idx = np.searchsorted(cum / cum[-1], u, side="right")
    return np.asarray(keys, dtype=object)[np.minimum(idx, len(keys) - 1)]


def disability(people: pd.DataFrame, year: int, seed: int) -> np.ndarray:
    """ESR disability answers: Yes more often in lower bands, about a fifth unknown."""
    emp = people["emp"].to_numpy()
    u = person_uniform(seed, "disability", emp)
    p_yes = people["band"].map(eq.P_DISABLED).to_numpy(dtype=float) * eq.DISABLED_UPLIFT[year]
    unknown = (u >= p_yes) & (u < p_yes + eq.P_UNKNOWN_DISABILITY[year])
    labels = _pick(person_uniform(seed, "disability-unknown", emp), eq.UNKNOWN_DISABILITY_LABELS)
    return np.where(u < p_yes, "Yes", np.where(unknown, labels, "No")).astype(object)


def grade_label(people: pd.DataFrame, seed: int) -> np.ndarray:
    """Pay Band as published: finer names for some medical grades, same WRES band."""
    bands = people["band"].to_numpy(dtype=object).copy()
    u = person_uniform(seed, "grade-name", people["emp"].to_numpy())
    for grade, names in eq.GRADE_NAMES.items():
        mine = bands == grade
        bands[mine] = _pick(u[mine], dict(names))
    return bands


def _years_in_grade(people: pd.DataFrame) -> np.ndarray:
    years = people["position"].to_numpy() * 5.0
    age = people["age"].to_numpy()
    for grade, start in CAREER_START_AGE.items():
        mine = people["band"].eq(grade).to_numpy()
        years[mine] = np.maximum(0.0, age[mine] - start)
    medical = people["staff_group"].eq(ref.MEDICAL).to_numpy()
    extra = np.where(medical, eq.MALE_EXTRA_YEARS["medical"], eq.MALE_EXTRA_YEARS["afc"])
    return years + np.where(people["sex"].eq("Male").to_numpy(), extra, 0.0)


def _point(points: tuple[tuple[int, float], ...], years: float) -> float:
    return [annual for annual, at in points if at <= years][-1]


def hourly_pay(people: pd.DataFrame, labels: np.ndarray, year: int) -> np.ndarray:
    """Basic hourly pay at the person's pay point (no noise: ESR pays points exactly)."""
    years = _years_in_grade(people)
    pay = np.empty(len(people))
    for i, (band, label, y) in enumerate(zip(people["band"], labels, years, strict=True)):
        if band in eq.AFC_POINTS_2024:
            uplift = eq.AFC_UPLIFT_2025 if year == 2025 else 1.0
            pay[i] = _point(eq.AFC_POINTS_2024[band], y) * uplift / eq.HOURS_AFC
        else:
            scale = eq.MEDICAL_POINTS.get(label, eq.MEDICAL_POINTS[band])
            pay[i] = _point(scale[year], y) / eq.HOURS_MEDICAL
    return np.round(pay, 2)


def bonus(people: pd.DataFrame, year: int, seed: int) -> np.ndarray:
    """Clinical excellence awards for some consultants (mostly men); small awards for a few
    others; 0 or blank for everyone else."""
    emp = people["emp"].to_numpy()
    consultant = people["band"].eq("Consultant").to_numpy()
    p_cea = people["sex"].map(eq.P_CEA).to_numpy(dtype=float)
    has_cea = consultant & (person_uniform(seed, "cea", emp) < p_cea)
    level = _pick(
        person_uniform(seed, "cea-level", emp),
        dict(zip(eq.LOCAL_CEA, eq.LOCAL_CEA_WEIGHTS, strict=True)),
    ).astype(float)
    national = person_uniform(seed, "cea-national", emp) < eq.P_NATIONAL_CIA
    national_value = _pick(
        person_uniform(seed, "cia-level", emp), dict.fromkeys(eq.NATIONAL_CIA, 1)
    )
    value = np.where(has_cea & national, national_value.astype(float), level)
    recognition = ~consultant & (
        person_uniform(seed, f"recognition-{year}", emp) < eq.P_RECOGNITION
    )
    small = _pick(
        person_uniform(seed, f"recognition-value-{year}", emp),
        dict.fromkeys(eq.RECOGNITION_AWARDS, 1),
    ).astype(float)
    out = np.where(has_cea, value, np.where(recognition, small, 0.0))
    blank = (out == 0) & (person_uniform(seed, f"bonus-blank-{year}", emp) < eq.P_BONUS_BLANK)
    return np.where(blank, np.nan, out)


def full_pay_relevant(people: pd.DataFrame, year: int, seed: int) -> np.ndarray:
    p_not = people["sex"].map(eq.P_NOT_FULL_PAY).to_numpy(dtype=float)
    u = person_uniform(seed, f"full-pay-{year}", people["emp"].to_numpy())
    return np.where(u < p_not, "No", "Yes").astype(object)


def _leaders(people: pd.DataFrame, seed: int) -> dict[int, str]:
    """Leadership posts for consultants: weighted towards White consultants (the Medical WRES
    pattern); the Medical Director is the board's (ethnicity code H)."""
    consultants = people.loc[people["band"].eq("Consultant")]
    emp = consultants["emp"].to_numpy()
    white = consultants["code"].map(ref.GROUP_OF_CODE).eq("White").to_numpy()
    weight = np.where(white, eq.LEADERSHIP_WHITE_ODDS, 1.0)
    key = person_uniform(seed, "leadership", emp) ** (1.0 / weight)  # weighted, no replacement
    order = list(emp[np.argsort(-key, kind="stable")])
    asian_indian = emp[consultants["code"].eq("H").to_numpy()]
    roles: dict[int, str] = {}
    if len(asian_indian):
        md = asian_indian[np.argmax(key[consultants["code"].eq("H").to_numpy()])]
        roles[int(md)] = "Medical Director"
        order.remove(md)
    titles = [t for t, n in eq.LEADERSHIP_ROLES for _ in range(n)][len(roles) :]
    roles.update({int(e): t for e, t in zip(order, titles, strict=False)})
    return roles


def position_title(people: pd.DataFrame, labels: np.ndarray, seed: int) -> np.ndarray:
    leaders = _leaders(people, seed)
    titles = []
    for emp, group, band, label in zip(
        people["emp"], people["staff_group"], people["band"], labels, strict=True
    ):
        if int(emp) in leaders:
            titles.append(leaders[int(emp)])
        elif band == "VSM":
            titles.append("Director")
        else:
            by_band = eq.JOB_TITLES.get(group, {})
            senior = band in ref.AFC_BANDS[7:] and group != ref.MEDICAL
            titles.append(by_band.get(label, eq.SENIOR_TITLE if senior else eq.OTHER_TITLE))
    return np.asarray(titles, dtype=object)


def primary_qualification(people: pd.DataFrame, seed: int) -> np.ndarray:
    """Country of primary medical qualification for doctors; blank for everyone else."""
    emp = people["emp"].to_numpy()
    medical = people["staff_group"].eq(ref.MEDICAL).to_numpy()
    group = people["code"].map(ref.GROUP_OF_CODE).to_numpy()
    kind = np.where(people["band"].isin(ref.TRAINEE_GRADES).to_numpy(), "trainee", "other")
    mix = np.array([eq.PMQ_MIX[(g, k)] for g, k in zip(group, kind, strict=True)])
    local = people["band"].eq("Clinical Fellow").to_numpy()
    img = eq.LOCALLY_EMPLOYED_IMG
    mix[local] = (1 - img - 0.05, 0.05, img)
    u = person_uniform(seed, "pmq-region", emp)
    region_idx = (u[:, None] >= np.cumsum(mix, axis=1)).sum(axis=1).clip(max=2)
    region = np.asarray(list(eq.PMQ_COUNTRIES), dtype=object)[region_idx]
    u_country = person_uniform(seed, "pmq-country", emp)
    out = np.full(len(people), "", dtype=object)
    for name, countries in eq.PMQ_COUNTRIES.items():
        mine = medical & (region == name)
        out[mine] = _pick(u_country[mine], countries)
    return out


def columns(people: pd.DataFrame, year: int, seed: int) -> dict[str, np.ndarray]:
    """The published values of the equality columns, keyed by header."""
    labels = grade_label(people, seed)
    return {
        "Pay Band": labels,
        "Disability": disability(people, year, seed),
        "Hourly Pay": hourly_pay(people, labels, year),
        "Bonus Pay": bonus(people, year, seed),
        "Full Pay Relevant": full_pay_relevant(people, year, seed),
        "Position Title": position_title(people, labels, seed),
        "Country of Primary Medical Qualification": primary_qualification(people, seed),
    }
