"""Design constants for the sample trust's disability, pay, medical and capability columns.

Kept apart from :mod:`sample_data.reference` (the WRES design) because every column here is drawn
from its own random stream: adding or tuning them never moves a WRES figure. The national figures
followed are listed in ``sample_data/README.md``; where a figure is approximate it says so.
"""

from __future__ import annotations

# --- Disability in ESR ---------------------------------------------------------------------------
# NHS England's WDES 2023 report: 4.9% of the workforce declared a disability in ESR (up 0.7
# points on 2022); senior posts (8c and above, consultants, board) 2.2%. The sample trust declares
# a little more than the national average (about 6% then 7%) and about a fifth are unknown.
# Probability of being Disabled by band or grade, before the year's uplift.
P_DISABLED = {
    "Band 2": 0.072,
    "Band 3": 0.078,
    "Band 4": 0.074,
    "Band 5": 0.060,
    "Band 6": 0.066,
    "Band 7": 0.060,
    "Band 8a": 0.052,
    "Band 8b": 0.046,
    "Band 8c": 0.036,
    "Band 8d": 0.032,
    "Band 9": 0.028,
    "VSM": 0.03,
    "Consultant": 0.024,
    "Specialty Doctor": 0.034,
    "Associate Specialist": 0.034,
    "Specialty Registrar": 0.040,
    "Foundation Year 1": 0.045,
    "Foundation Year 2": 0.045,
    "Core Training": 0.045,
    "Clinical Fellow": 0.030,
}
DISABLED_UPLIFT = {2024: 1.0, 2025: 1.12}  # declaration rises year on year
# Unknown disability status and how ESR shows it (the rest answer "No").
P_UNKNOWN_DISABILITY = {2024: 0.21, 2025: 0.19}
UNKNOWN_DISABILITY_LABELS = {"Not Declared": 0.50, "Prefer Not To Answer": 0.15, "": 0.35}

# --- Recruitment and board -------------------------------------------------------------------------
# Applicants declare a disability more often than staff in post; WDES2 nationally was 0.99 in 2023
# (no gap), so disability is drawn independently of the outcome.
APPLICANT_DISABILITY = {"Yes": 0.085, "No": 0.855, "Not Declared": 0.04, "": 0.02}
# Board roles in reference.BOARD order: (2024, 2025) disability answer.
BOARD_DISABILITY = (
    ("No", "No"),
    ("No", "No"),
    ("No", "No"),
    ("Yes", "Yes"),
    ("No", "No"),
    ("No", "No"),
    ("Not Declared", "No"),
    ("No", "No"),
    ("No", "No"),
    ("No", "No"),
    ("Prefer Not To Answer", "Yes"),
    ("No", "No"),
)

# --- Capability (WDES3) ------------------------------------------------------------------------------
# NHS England WDES 2023: Disabled staff were 2.17 times as likely to enter the formal capability
# process (performance) as non-disabled staff. Rates are per person per year.
P_CAPABILITY_NON_DISABLED = 0.0045
CAPABILITY_RATIO_DISABLED = 2.2
P_CAPABILITY_UNKNOWN = 0.004
P_ILL_HEALTH_CASE = 0.25  # extra cases on ill-health grounds, as a share of performance cases

# --- Pay -------------------------------------------------------------------------------------------
HOURS_AFC = 37.5 * 52.143  # paid hours a year, full time
HOURS_MEDICAL = 40.0 * 52.143
# Agenda for Change 2023/24 annual pay points (GBP, from 1 April 2023) and the years in the band
# at which each point is reached. The 2024/25 award added 5.5% (WRES year 2025).
AFC_POINTS_2024 = {
    "Band 2": ((22383, 0),),
    "Band 3": ((22816, 0), (24336, 2)),
    "Band 4": ((25147, 0), (27596, 3)),
    "Band 5": ((28407, 0), (30639, 2), (34581, 4)),
    "Band 6": ((35392, 0), (37350, 2), (42618, 5)),
    "Band 7": ((43742, 0), (45996, 2), (50056, 5)),
    "Band 8a": ((50952, 0), (57349, 5)),
    "Band 8b": ((58972, 0), (68525, 5)),
    "Band 8c": ((70417, 0), (81138, 5)),
    "Band 8d": ((83571, 0), (96376, 5)),
    "Band 9": ((99891, 0), (114949, 5)),
    "VSM": ((125000, 0), (145000, 3), (165000, 6)),  # local VSM pay: approximate
}
AFC_UPLIFT_2025 = 1.055
# Medical pay (GBP a year, 40 hours a week) by grade for the WRES years 2024 (2023/24 scales) and
# 2025 (2024/25). The consultant minimum and maximum and the resident doctors' nodal points follow
# the national scales; the consultant points between, SAS and locally employed doctors are
# approximate.
MEDICAL_POINTS = {
    "Consultant": {
        2024: ((99532, 0), (105096, 2), (111211, 4), (117406, 9), (124218, 14), (131964, 19)),
        2025: ((105504, 0), (111402, 2), (117884, 4), (124450, 9), (131671, 14), (139882, 19)),
    },
    "Specialist": {2024: ((83945, 0), (95275, 3)), 2025: ((88985, 0), (100991, 3))},
    "Associate Specialist": {2024: ((65440, 0), (103302, 15)), 2025: ((69366, 0), (109500, 15))},
    "Specialty Doctor": {
        2024: ((52530, 0), (59175, 1), (65245, 3), (72285, 6), (82400, 12)),
        2025: ((55681, 0), (62726, 1), (69160, 3), (76622, 6), (87345, 12)),
    },
    "Specialty Registrar": {2024: ((55329, 0), (63152, 3)), 2025: ((63152, 0), (73992, 3))},
    "Core Training": {2024: ((43923, 0),), 2025: ((49909, 0),)},
    "Foundation Year 2": {2024: ((37303, 0),), 2025: ((42008, 0),)},
    "Foundation Year 1": {2024: ((32398, 0),), 2025: ((36616, 0),)},
    "Clinical Fellow": {2024: ((43923, 0), (55329, 2)), 2025: ((49909, 0), (63152, 2))},
}
# Men sit further up the points (longer unbroken service): years added to a man's time in band.
MALE_EXTRA_YEARS = {"afc": 1.5, "medical": 5.0}

# Clinical excellence awards (bonus pay): local award levels 1-9 (GBP a year) and a few national
# awards. Men hold most of them (longer service as consultants), as the NHS gender pay gap reports.
LOCAL_CEA = (3016, 6032, 9048, 12064, 15080, 18096, 24128, 30160, 36192)
LOCAL_CEA_WEIGHTS = (30, 22, 16, 12, 8, 5, 4, 2, 1)
NATIONAL_CIA = (20000, 30000, 40000)
P_CEA = {"Female": 0.26, "Male": 0.44}
P_NATIONAL_CIA = 0.1  # of award holders, a national award instead of a local one
# Small recognition awards for a few other staff (long-service vouchers and the like).
P_RECOGNITION = 0.012
RECOGNITION_AWARDS = (50, 100, 150, 250)
P_BONUS_BLANK = 0.15  # of those with no bonus, the cell is left blank rather than 0

# Full pay relevant: "No" for people on reduced or nil pay in the snapshot period (maternity,
# long sickness), more often women.
P_NOT_FULL_PAY = {"Female": 0.045, "Male": 0.015}

# --- Medical grades, roles and qualification ---------------------------------------------------------
# Finer grade names in the Pay Band column: some internal grades are shown under another name
# that maps to the same WRES band (reference bands.csv and band_variants.csv).
GRADE_NAMES = {
    "Core Training": (("Core Trainee", 1.0),),
    "Associate Specialist": (("Associate Specialist", 0.45), ("Specialist", 0.55)),
    "Clinical Fellow": (("Clinical Fellow", 0.55), ("Locally Employed Doctor", 0.45)),
}
# Leadership posts held by consultants: (title, how many). The Medical Director is the board's.
LEADERSHIP_ROLES = (
    ("Medical Director", 1),
    ("Deputy Medical Director", 2),
    ("Divisional Director", 4),
    ("Clinical Director", 14),
    ("Clinical Lead", 26),
)
# Odds multiplier for a White consultant being picked for a leadership post (the Medical WRES:
# 26.4% of clinical directors were BME in 2020, against about 45% of consultants).
LEADERSHIP_WHITE_ODDS = 2.4
JOB_TITLES = {
    "Medical and Dental": {
        "Consultant": "Consultant",
        "Specialist": "Specialist",
        "Associate Specialist": "Associate Specialist",
        "Specialty Doctor": "Specialty Doctor",
        "Specialty Registrar": "Specialty Registrar",
        "Core Trainee": "Core Trainee",
        "Foundation Year 1": "Foundation Doctor FY1",
        "Foundation Year 2": "Foundation Doctor FY2",
        "Clinical Fellow": "Clinical Fellow",
        "Locally Employed Doctor": "Trust Grade Doctor",
    },
    "Nursing and Midwifery Registered": {
        "Band 5": "Staff Nurse",
        "Band 6": "Senior Staff Nurse",
        "Band 7": "Ward Manager",
        "Band 8a": "Matron",
    },
    "Additional Clinical Services": {
        "Band 2": "Healthcare Assistant",
        "Band 3": "Senior Healthcare Assistant",
        "Band 4": "Assistant Practitioner",
    },
    "Administrative and Clerical": {
        "Band 2": "Administrative Assistant",
        "Band 3": "Ward Clerk",
        "Band 4": "Medical Secretary",
        "Band 5": "Team Administrator",
        "Band 6": "Business Support Manager",
        "Band 7": "Service Manager",
    },
    "Allied Health Professionals": {
        "Band 5": "Physiotherapist",
        "Band 6": "Occupational Therapist",
        "Band 7": "Advanced Practitioner",
    },
    "Estates and Ancillary": {"Band 2": "Domestic Assistant", "Band 3": "Porter"},
    "Healthcare Scientists": {"Band 5": "Healthcare Scientist", "Band 7": "Clinical Scientist"},
    "Add Prof Scientific and Technic": {"Band 5": "Pharmacy Technician", "Band 7": "Pharmacist"},
}
SENIOR_TITLE = "Senior Manager"  # bands 8b and above outside medicine
OTHER_TITLE = "Practitioner"  # any band without a title above

# Country of primary medical qualification, by region, weighted within the region.
PMQ_COUNTRIES = {
    "UK": {"United Kingdom": 1.0},
    "EEA": {"Ireland": 3, "Greece": 2, "Italy": 2, "Romania": 2, "Poland": 1, "Spain": 1},
    "International": {
        "India": 10,
        "Pakistan": 6,
        "Nigeria": 5,
        "Egypt": 4,
        "Sudan": 2,
        "Sri Lanka": 2,
        "South Africa": 1,
        "Iraq": 1,
    },
}
# (UK, EEA, International) probabilities by ethnic group and kind of grade.
PMQ_MIX = {
    ("White", "trainee"): (0.95, 0.04, 0.01),
    ("White", "other"): (0.78, 0.17, 0.05),
    ("BME", "trainee"): (0.62, 0.02, 0.36),
    ("BME", "other"): (0.34, 0.03, 0.63),
    ("Unknown", "trainee"): (0.70, 0.05, 0.25),
    ("Unknown", "other"): (0.45, 0.10, 0.45),
}
LOCALLY_EMPLOYED_IMG = 0.75  # clinical fellows and trust grade doctors qualified abroad

# --- Staff Survey WDES questions ---------------------------------------------------------------------
# indicator -> (Disabled, Non-disabled) share answering yes. Approximate national figures from the
# NHS Staff Survey as reported by NHS England's WDES 2023 data analysis report; WDES8 is asked of
# Disabled staff only (73.4% in 2023).
WDES_SURVEY_RATES = {
    "WDES4a-i": (0.325, 0.255),
    "WDES4a-ii": (0.165, 0.095),
    "WDES4a-iii": (0.255, 0.170),
    "WDES4b": (0.485, 0.475),
    "WDES5": (0.515, 0.575),
    "WDES6": (0.285, 0.195),
    "WDES7": (0.330, 0.445),
    "WDES8": (0.734, None),
}
# Staff engagement score (0-10): Disabled, Non-disabled; the organisation's is the weighted mean.
WDES_ENGAGEMENT = (6.55, 7.05)
P_SURVEY_DISABLED = 0.24  # respondents saying they have a long-lasting condition or illness
P_SURVEY_NO_ANSWER = 0.02

# --- The medical view's WRES2-8 (staff group on recruitment and survey rows) ---------------------
# Each vacancy's staff group is drawn from its directorate's staff-group mix (reference.DIRECTORATES),
# independently of who applied and who was appointed, so the doctors' WRES2 follows the trust's.
# Staff Survey rows for Medical and Dental staff beside the whole organisation's: doctors answer
# the survey less often than staff overall; yes shares per WRES indicator (BME, White). WRES8
# follows the Medical WRES as the issue quotes it (12.3% of BME medical and dental staff
# experiencing discrimination against 6.1% of White); WRES5-7 are approximate, in the direction
# the Medical WRES 2020 report gives (BME doctors worse off on each).
MEDICAL_SURVEY_RESPONSE_RATE = 0.38
MEDICAL_SURVEY_RATES = {
    "Q14a": (0.27, 0.24),
    "Q14b/c": (0.25, 0.19),
    "Q15": (0.64, 0.79),
    "Q16b": (0.123, 0.061),
}
