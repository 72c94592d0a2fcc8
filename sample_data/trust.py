"""The fictional trust's staff in post for two WRES years, and the tables derived from them.

The 2024 workforce is drawn directorate by directorate: staff group from the directorate's mix,
band or medical grade from the staff group's mix, then ethnicity with a BME probability that
depends on band (so representation falls with seniority), then the other characteristics. The
2025 workforce is the 2024 one a year on: about one in ten leave (many more among doctors in
training), some are promoted, trainees rotate up, everyone ages a year and gets a pay award, and
starters (a little more diverse than the leavers) refill each directorate.

The internal frame keeps lower-case working columns (``code``, ``group``, ``age``...); the
``*_table`` functions turn it into the published tables with their exact headers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data import medical_tables, staff_equality, wdes_tables
from sample_data import reference as ref
from sample_data.rand import choose, choose_from, random_dates, rng_for

STAFF_COLUMNS = [
    "Year",
    "Employee Number",
    "Assignment Number",
    "Ethnicity",
    "Pay Band",
    "Staff Group",
    "Directorate",
    "Sex",
    "Disability",
    "Assignment Category",
    "Age Band",
    "Religion",
    "Sexual Orientation",
    "FTE",
    "Hourly Pay",
    "Bonus Pay",
    "Full Pay Relevant",
    "Position Title",
    "Country of Primary Medical Qualification",
]


# --- People -------------------------------------------------------------------------------------
def _ethnicity_codes(rng, bands, directorates, bme_odds: float = 1.0) -> np.ndarray:
    """Ethnicity code per person: Unknown first, then BME with a band-dependent probability."""
    p = np.array([ref.P_BME_KNOWN[b] for b in bands])
    hr = directorates == ref.HR_OD
    p[hr] = [ref.P_BME_KNOWN_HR_OD.get(b, ref.P_BME_KNOWN_HR_OD_OTHER) for b in bands[hr]]
    odds = p / (1 - p) * bme_odds
    p = odds / (1 + odds)
    n = len(bands)
    unknown = rng.random(n) < ref.P_UNKNOWN_STAFF
    bme = rng.random(n) < p
    codes = np.where(bme, choose(rng, ref.BME_CODES, n), choose(rng, ref.WHITE_CODES, n))
    return np.where(unknown, "Z", codes).astype(object)


def _ages(rng, bands) -> np.ndarray:
    """Age in years, centred on a band's seniority (foundation doctors are young)."""
    seniority = np.array([ref.SENIORITY[b] for b in bands])
    foundation = np.isin(bands, ["Foundation Year 1", "Foundation Year 2"])
    centre = np.where(foundation, 25.0, 27.0 + 24.0 * seniority)
    spread = np.where(foundation, 1.5, 8.5)
    return np.clip(np.rint(rng.normal(centre, spread)), 18, 69).astype(int)


def _religions(rng, codes) -> np.ndarray:
    bme = np.array([ref.GROUP_OF_CODE[c] == "BME" for c in codes])
    return np.where(
        bme, choose(rng, ref.RELIGION_BME, len(codes)), choose(rng, ref.RELIGION_WHITE, len(codes))
    )


def _contracts(rng, groups, bands) -> tuple[np.ndarray, np.ndarray]:
    """Assignment category and FTE. Doctors in training are fixed term; bank staff have 0 FTE."""
    n = len(groups)
    trainee = np.isin(bands, ref.TRAINEE_GRADES + ("Clinical Fellow",))
    category = np.where(trainee | (rng.random(n) < 0.04), "Fixed Term Temp", "Permanent")
    bank_eligible = np.isin(groups, ref.BANK_GROUPS) & np.isin(bands, ref.AFC_BANDS[:5])
    bank = bank_eligible & (rng.random(n) < ref.P_BANK_IF_ELIGIBLE)
    category = np.where(bank, "Bank", category).astype(object)
    full_time = rng.random(n) < np.where(groups == ref.MEDICAL, 0.9, 0.7)
    fte = np.where(full_time, 1.0, choose_from(rng, ref.PART_TIME_FTE, n).astype(float))
    return category, np.where(bank, 0.0, fte)


def draw_cells(rng, counts: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Directorate, staff group and band for ``counts`` people per directorate."""
    directorates = np.concatenate([np.full(n, d, dtype=object) for d, n in counts.items()])
    groups = np.empty(len(directorates), dtype=object)
    bands = np.empty(len(directorates), dtype=object)
    for d, n in counts.items():
        in_d = directorates == d
        groups[in_d] = choose(rng, ref.DIRECTORATES[d][1], n)
        for g in np.unique(groups[in_d]):
            sel = in_d & (groups == g)
            mix = ref.HR_OD_ADMIN_MIX if (d == ref.HR_OD and g == ref.ADMIN) else ref.BAND_MIX[g]
            bands[sel] = choose(rng, mix, int(sel.sum()))
    return directorates, groups, bands


def _characteristics(rng, ids, directorates, groups, bands, codes=None, bme_odds=1.0):
    n = len(ids)
    if codes is None:
        codes = _ethnicity_codes(rng, bands, directorates, bme_odds)
    p_female = np.array([ref.P_FEMALE[g] for g in groups])
    p_female[bands == "VSM"] = 0.5
    category, fte = _contracts(rng, groups, bands)
    return pd.DataFrame(
        {
            "emp": ids,
            "directorate": directorates,
            "staff_group": groups,
            "band": bands,
            "code": codes,
            "sex": np.where(rng.random(n) < p_female, "Female", "Male"),
            # Drawn to keep the WRES stream as it was; the published Disability column comes
            # from its own stream (sample_data.staff_equality).
            "disability": choose(rng, ref.DISABILITY, n),
            "age": _ages(rng, bands),
            "religion": _religions(rng, codes),
            "orientation": choose(rng, ref.SEXUAL_ORIENTATION, n),
            "category": category,
            "fte": fte,
            "position": rng.random(n),
        }
    )


def _vsm_people(rng, ids) -> pd.DataFrame:
    d, g, c = (np.asarray(col, dtype=object) for col in zip(*ref.VSM_POSTS, strict=True))
    people = _characteristics(rng, ids, d, g, np.full(len(ids), "VSM", dtype=object), codes=c)
    people["category"], people["fte"] = "Permanent", 1.0
    return people


def workforce_2024(seed: int) -> pd.DataFrame:
    rng = rng_for(seed, "workforce-2024")
    counts = {d: size for d, (size, _) in ref.DIRECTORATES.items()}
    n = sum(counts.values()) + len(ref.VSM_POSTS)
    ids = 20_000_000 + rng.choice(9_000_000, size=n, replace=False)
    cells = draw_cells(rng, counts)
    return pd.concat(
        [
            _characteristics(rng, ids[len(ref.VSM_POSTS) :], *cells),
            _vsm_people(rng, ids[: len(ref.VSM_POSTS)]),
        ],
        ignore_index=True,
    )


# --- A year on ----------------------------------------------------------------------------------
_TRAINEE_NEXT = {  # grade -> (next grade, probability of moving up)
    "Foundation Year 1": ("Foundation Year 2", 1.0),
    "Foundation Year 2": ("Core Training", 0.3),
    "Core Training": ("Specialty Registrar", 0.3),
    "Specialty Registrar": ("Consultant", 0.1),
}
_AFC_NEXT = dict(zip(ref.AFC_BANDS[:10], ref.AFC_BANDS[1:11], strict=True))


def _leavers(rng, people: pd.DataFrame) -> np.ndarray:
    p = np.full(len(people), ref.P_LEAVE)
    p[people["band"].isin(ref.TRAINEE_GRADES + ("Clinical Fellow",)).to_numpy()] = (
        ref.P_LEAVE_TRAINEE
    )
    p[people["band"].eq("Foundation Year 2").to_numpy()] = 0.7
    p[people["category"].eq("Bank").to_numpy()] = ref.P_LEAVE_BANK
    p[people["age"].ge(60).to_numpy()] += 0.12  # retirements
    p[people["band"].eq("VSM").to_numpy()] = 0.0
    return rng.random(len(people)) < p


def _progress(rng, stayers: pd.DataFrame) -> pd.DataFrame:
    """Age a year, move up the pay points, promote some, rotate doctors in training."""
    out = stayers.copy()
    out["age"] += 1
    out["position"] = np.minimum(1.0, out["position"] + 0.2)
    before = out["band"].to_numpy()
    after = before.copy()
    roll = rng.random(len(out))
    promote = np.isin(before, list(_AFC_NEXT)) & (roll < ref.P_PROMOTE)
    after[promote] = [_AFC_NEXT[b] for b in before[promote]]
    for grade, (nxt, p) in _TRAINEE_NEXT.items():
        after[(before == grade) & (roll < p)] = nxt
    moved = after != before
    out["band"] = after
    out.loc[moved, "position"] = 0.0
    out.loc[np.isin(after, ref.TRAINEE_GRADES), "category"] = "Fixed Term Temp"
    out.loc[moved & (after == "Consultant"), "category"] = "Permanent"
    return out


def _vacancies(people_2024: pd.DataFrame, stayers: pd.DataFrame) -> pd.DataFrame:
    """Posts to fill in 2025: each (directorate, staff group, band) cell grows a little, and
    starters fill whatever the stayers do not (so promotions open posts lower down)."""
    cell = ["directorate", "staff_group", "band"]
    before = people_2024.loc[people_2024["band"].ne("VSM")].groupby(cell).size()
    after = stayers.groupby(cell).size().reindex(before.index, fill_value=0)
    need = (np.rint(before * ref.GROWTH_2025) - after).clip(lower=0).astype(int)
    return need[need > 0].rename("n").reset_index()


def workforce_2025(seed: int, people_2024: pd.DataFrame) -> pd.DataFrame:
    rng = rng_for(seed, "workforce-2025")
    stayers = _progress(rng, people_2024.loc[~_leavers(rng, people_2024)])
    need = _vacancies(people_2024, stayers)
    cells = [
        np.repeat(need[c].to_numpy(), need["n"].to_numpy())
        for c in ("directorate", "staff_group", "band")
    ]
    ids = 29_000_000 + np.sort(rng.choice(1_000_000, size=len(cells[0]), replace=False))
    starters = _characteristics(rng, ids, *cells, bme_odds=ref.STARTER_BME_ODDS)
    starters["age"] = np.maximum(18, starters["age"] - 3)  # starters are a little younger
    return pd.concat([stayers, starters], ignore_index=True)


# --- Published tables ---------------------------------------------------------------------------
def age_band(age: pd.Series) -> pd.Series:
    edges = [0, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 200]
    return pd.cut(age, bins=edges, labels=list(ref.AGE_BANDS)).astype(str)


def staff_table(people: pd.DataFrame, year: int, seed: int) -> pd.DataFrame:
    """The published staff file: the WRES columns, then the equality columns, each of which
    comes from its own stream (:mod:`sample_data.staff_equality`)."""
    extra = staff_equality.columns(people, year, seed)
    emp = people["emp"].astype(str)
    table = pd.DataFrame(
        {
            "Year": year,
            "Employee Number": emp,
            "Assignment Number": emp + "-1",
            "Ethnicity": people["code"].map(ref.ETHNICITY_LABELS),
            "Pay Band": extra["Pay Band"],
            "Staff Group": people["staff_group"],
            "Directorate": people["directorate"],
            "Sex": people["sex"],
            "Disability": extra["Disability"],
            "Assignment Category": people["category"],
            "Age Band": age_band(people["age"]),
            "Religion": people["religion"],
            "Sexual Orientation": people["orientation"],
            "FTE": people["fte"].round(2),
            "Hourly Pay": extra["Hourly Pay"],
            "Bonus Pay": extra["Bonus Pay"],
            "Full Pay Relevant": extra["Full Pay Relevant"],
            "Position Title": extra["Position Title"],
            "Country of Primary Medical Qualification": extra[
                "Country of Primary Medical Qualification"
            ],
        }
    )
    return table.sort_values("Employee Number", kind="stable").reset_index(drop=True)


def recruitment_table(year: int, seed: int) -> pd.DataFrame:
    """Applicants by vacancy: White shortlisted applicants about 1.5 times as likely to be
    appointed as BME shortlisted applicants."""
    rng = rng_for(seed, f"recruitment-{year}")
    n_vac = 370
    per_vac = 1 + rng.poisson(ref.APPLICANTS_PER_YEAR / n_vac - 1, n_vac)
    sizes = {d: s for d, (s, _) in ref.DIRECTORATES.items()}
    vac_dir = choose(rng, sizes, n_vac)
    vac = np.repeat(np.arange(n_vac), per_vac)
    n = len(vac)
    # About one in ten applications is from someone who also applied for another vacancy.
    n_people = int(n * 0.9)
    person = np.concatenate([np.arange(n_people), rng.integers(0, n_people, n - n_people)])
    person = rng.permutation(person)
    unknown = rng.random(n_people) < ref.P_UNKNOWN_APPLICANT
    bme = rng.random(n_people) < ref.P_BME_APPLICANT_KNOWN
    codes = np.where(
        bme, choose(rng, ref.BME_CODES, n_people), choose(rng, ref.WHITE_CODES, n_people)
    )
    codes = np.where(unknown, "Z", codes)[person]
    group = np.array([ref.GROUP_OF_CODE[c] for c in codes])
    shortlisted = rng.random(n) < np.array([ref.P_SHORTLIST[g] for g in group])
    # Appoint one (sometimes two) per vacancy by weighted sampling among the shortlisted
    # (Gumbel top-k: the highest log-weight plus Gumbel noise wins).
    key = np.log([ref.APPOINT_WEIGHT[g] for g in group]) + rng.gumbel(size=n)
    key = np.where(shortlisted, key, -np.inf)
    posts = np.where(rng.random(n_vac) < 0.15, 2, 1)
    rank = pd.Series(-key).groupby(vac).rank(method="first").to_numpy()
    appointed = shortlisted & (rank <= posts[vac])
    ids = 10_000 + rng.choice(90_000, size=n_people, replace=False)
    table = pd.DataFrame(
        {
            "Year": year,
            "Vacancy Reference": [f"NVV-{year}-{v + 1:04d}" for v in vac],
            "Applicant ID": [f"A{year % 100:02d}{i:05d}" for i in ids[person]],
            "Ethnicity": [ref.ETHNICITY_LABELS[c] for c in codes],
            "Directorate": vac_dir[vac],
            "Shortlisted": np.where(shortlisted, "Yes", "No"),
            "Appointed": np.where(appointed, "Yes", "No"),
        }
    )
    table = table.drop_duplicates(["Vacancy Reference", "Applicant ID"])
    return table.sort_values(["Vacancy Reference", "Applicant ID"]).reset_index(drop=True)


def _group(people: pd.DataFrame) -> np.ndarray:
    return people["code"].map(ref.GROUP_OF_CODE).to_numpy()


def _select(rng, group: np.ndarray, rates: dict[str, float]) -> np.ndarray:
    """Mask picking exactly round(rate x headcount) people at random from each group, so the
    realised rates match the design rather than wandering with sampling noise."""
    chosen = np.zeros(len(group), dtype=bool)
    for g, rate in rates.items():
        members = np.flatnonzero(group == g)
        k = int(round(rate * len(members)))
        chosen[rng.choice(members, size=k, replace=False)] = True
    return chosen


def disciplinary_table(people: pd.DataFrame, year: int, seed: int) -> pd.DataFrame:
    """Formal disciplinary investigations: BME staff about 1.3 times as likely to enter one."""
    rng = rng_for(seed, f"disciplinary-{year}")
    p = ref.P_DISCIPLINARY_WHITE
    rates = {"White": p, "BME": p * ref.DISCIPLINARY_RATIO_BME, "Unknown": p}
    cases = people.loc[_select(rng, _group(people), rates)]
    repeat = cases.loc[rng.random(len(cases)) < 0.06]  # a few people have two investigations
    cases = pd.concat([cases, repeat])
    table = pd.DataFrame(
        {
            "Year": year,
            "Employee Number": cases["emp"].astype(str).to_numpy(),
            "Date": random_dates(rng, year, len(cases)),
            "Directorate": cases["directorate"].to_numpy(),
        }
    ).sort_values(["Date", "Employee Number"], kind="stable")
    table.insert(1, "Case Reference", [f"DC{year}-{i + 1:03d}" for i in range(len(table))])
    return table.reset_index(drop=True)


def training_table(people: pd.DataFrame, year: int, seed: int) -> pd.DataFrame:
    """Non-mandatory training and CPD: White staff about 1.15 times as likely to access it."""
    rng = rng_for(seed, f"training-{year}")
    p = ref.P_TRAINING_WHITE
    rates = {"White": p, "BME": p / ref.TRAINING_RATIO_WHITE, "Unknown": p * 0.95}
    learners = people.loc[_select(rng, _group(people), rates), "emp"].astype(str).to_numpy()
    records = rng.choice([1, 2, 3], size=len(learners), p=[0.72, 0.21, 0.07])
    emp = np.repeat(learners, records)
    table = pd.DataFrame(
        {
            "Year": year,
            "Employee Number": emp,
            "Course": choose_from(rng, ref.COURSES, len(emp)),
            "Date": random_dates(rng, year, len(emp)),
        }
    ).drop_duplicates(["Employee Number", "Course"])
    return table.sort_values(["Employee Number", "Date", "Course"]).reset_index(drop=True)


def board_table() -> pd.DataFrame:
    rows = []
    for year_index, year in enumerate(ref.YEARS):
        for role, voting, executive, *codes in ref.BOARD:
            label = ref.ETHNICITY_LABELS[codes[year_index]]
            rows.append((year, role, label, voting, executive))
    return pd.DataFrame(rows, columns=["Year", "Role", "Ethnicity", "Voting", "Executive"])


def survey_table(people_by_year: dict[int, pd.DataFrame], seed: int) -> pd.DataFrame:
    """Staff Survey WRES questions by ethnic group. The WRES year Y uses the survey of Y-1."""
    rows = []
    for year, people in people_by_year.items():
        rng = rng_for(seed, f"survey-{year}")
        substantive = people.loc[people["category"].ne("Bank")]
        group = _group(substantive)
        for eg_index, eg in enumerate(("BME", "White")):
            base = rng.binomial(int((group == eg).sum()), ref.SURVEY_RESPONSE_RATE)
            for question, rates in ref.SURVEY_RATES.items():
                respondents = base - rng.binomial(base, 0.03)  # some skip the question
                yes = rng.binomial(respondents, rates[eg_index])
                rows.append((year - 1, question, eg, respondents, yes))
    table = pd.DataFrame(
        rows, columns=["Survey Year", "Question", "Ethnic Group", "Respondents", "Yes"]
    )
    return table.sort_values(["Survey Year", "Question", "Ethnic Group"]).reset_index(drop=True)


def build(seed: int) -> dict[str, object]:
    """All clean tables, both WRES years stacked, keyed by file stem. The WDES additions
    (capability, disability in recruitment, board and survey) and the medical view's (each
    vacancy's staff group, the survey's Medical and Dental rows) come from their own streams."""
    people = {2024: workforce_2024(seed)}
    people[2025] = workforce_2025(seed, people[2024])
    stack = lambda fn: pd.concat([fn(y) for y in ref.YEARS], ignore_index=True)  # noqa: E731
    staff = stack(lambda y: staff_table(people[y], y, seed))
    return {
        "staff": staff,
        "recruitment": medical_tables.add_recruitment_staff_group(
            wdes_tables.add_recruitment_disability(
                stack(lambda y: recruitment_table(y, seed)), seed
            ),
            seed,
        ),
        "disciplinary": stack(lambda y: disciplinary_table(people[y], y, seed)),
        "training": stack(lambda y: training_table(people[y], y, seed)),
        "board": wdes_tables.add_board_disability(board_table()),
        "survey": medical_tables.add_survey_medical(
            wdes_tables.add_survey_wdes(survey_table(people, seed), staff, seed), staff, seed
        ),
        "capability": stack(
            lambda y: wdes_tables.capability_table(staff.loc[staff["Year"].eq(y)], y, seed)
        ),
    }
