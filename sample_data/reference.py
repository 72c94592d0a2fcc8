"""Fixed design constants for the fictional Northbrook Valley NHS Foundation Trust.

Every name here is invented. The proportions are chosen to look like a mid-sized English acute
and community trust and to show the patterns the Workforce Race Equality Standard (WRES) is
designed to reveal: Black and minority ethnic (BME) representation that falls with pay band,
lower appointment rates for BME applicants after shortlisting, more disciplinary investigations
and less access to non-mandatory training for BME staff. Nothing here describes a real trust.
"""

from __future__ import annotations

import datetime as dt

TRUST_NAME = "Northbrook Valley NHS Foundation Trust"
YEARS = (2024, 2025)
DEFAULT_SEED = 2025
# Fixed timestamp stamped into workbook properties and zip entries so files are byte-identical.
FIXED_TIMESTAMP = dt.datetime(2025, 4, 2, 9, 0, 0)

# --- Ethnicity ---------------------------------------------------------------------------------
# ESR "Ethnic Origin" labels (NHS Data Dictionary national codes), grouped for the WRES.
ETHNICITY_LABELS = {
    "A": "A White - British",
    "B": "B White - Irish",
    "C": "C White - Any other White background",
    "D": "D Mixed - White & Black Caribbean",
    "E": "E Mixed - White & Black African",
    "F": "F Mixed - White & Asian",
    "G": "G Mixed - Any other mixed background",
    "H": "H Asian or Asian British - Indian",
    "J": "J Asian or Asian British - Pakistani",
    "K": "K Asian or Asian British - Bangladeshi",
    "L": "L Asian or Asian British - Any other Asian background",
    "M": "M Black or Black British - Caribbean",
    "N": "N Black or Black British - African",
    "P": "P Black or Black British - Any other Black background",
    "R": "R Chinese",
    "S": "S Any Other Ethnic Group",
    "Z": "Z Not Stated",
}
WHITE_CODES = {"A": 0.82, "B": 0.03, "C": 0.15}
BME_CODES = {
    "D": 0.04,
    "E": 0.03,
    "F": 0.05,
    "G": 0.05,
    "H": 0.25,
    "J": 0.08,
    "K": 0.03,
    "L": 0.12,
    "M": 0.06,
    "N": 0.18,
    "P": 0.03,
    "R": 0.03,
    "S": 0.05,
}
GROUP_OF_CODE = {c: "White" for c in WHITE_CODES} | {c: "BME" for c in BME_CODES} | {"Z": "Unknown"}
P_UNKNOWN_STAFF = 0.04

# --- Organisation ------------------------------------------------------------------------------
STAFF_GROUPS = (
    "Add Prof Scientific and Technic",
    "Additional Clinical Services",
    "Administrative and Clerical",
    "Allied Health Professionals",
    "Estates and Ancillary",
    "Healthcare Scientists",
    "Medical and Dental",
    "Nursing and Midwifery Registered",
)
APST, ACS, ADMIN, AHP, ESTATES, HCS, MEDICAL, NURSING = STAFF_GROUPS

# Directorate: (2024 headcount, staff-group mix). Mixes need not sum to 1; they are normalised.
DIRECTORATES: dict[str, tuple[int, dict[str, float]]] = {
    "Medicine": (2000, {NURSING: 40, ACS: 25, MEDICAL: 18, AHP: 5, ADMIN: 10, APST: 2}),
    "Surgery": (1550, {NURSING: 38, ACS: 22, MEDICAL: 20, AHP: 5, ADMIN: 12, APST: 3}),
    "Women and Children": (900, {NURSING: 50, ACS: 20, MEDICAL: 13, ADMIN: 12, AHP: 3, APST: 2}),
    "Community Services": (1100, {NURSING: 38, AHP: 25, ACS: 20, ADMIN: 12, APST: 3, MEDICAL: 2}),
    "Clinical Support Services": (
        900,
        {HCS: 25, AHP: 25, APST: 20, ACS: 12, ADMIN: 13, MEDICAL: 5},
    ),
    "Estates and Facilities": (650, {ESTATES: 82, ADMIN: 18}),
    "Corporate Nursing": (300, {NURSING: 50, ADMIN: 40, ACS: 10}),
    "Digital and Information": (250, {ADMIN: 90, APST: 10}),
    "Finance": (180, {ADMIN: 100}),
    "HR & OD": (120, {ADMIN: 94, NURSING: 3, AHP: 3}),
}
# Sub-departments shown as "Org L4" in the messy ESR extract.
SUB_DEPARTMENTS = {
    "Medicine": ["Acute Medicine", "Cardiology", "Elderly Care", "Respiratory", "Emergency Dept"],
    "Surgery": ["General Surgery", "Orthopaedics", "Theatres", "Critical Care", "Urology"],
    "Women and Children": ["Maternity", "Neonatal Unit", "Paediatrics", "Gynaecology"],
    "Community Services": ["District Nursing", "Community Therapy", "Intermediate Care"],
    "Clinical Support Services": ["Pathology", "Radiology", "Pharmacy", "Outpatients"],
    "Estates and Facilities": ["Catering", "Domestic Services", "Portering", "Estates Maintenance"],
    "Corporate Nursing": ["Nursing Education", "Patient Safety", "Safeguarding"],
    "Digital and Information": ["IT Service Desk", "Clinical Systems", "Information Team"],
    "Finance": ["Financial Accounts", "Procurement", "Payroll"],
    "HR & OD": ["Workforce Team", "Learning and Development", "Recruitment", "Occupational Health"],
}
HR_OD = "HR & OD"

# --- Bands and grades --------------------------------------------------------------------------
AFC_BANDS = (
    "Band 2",
    "Band 3",
    "Band 4",
    "Band 5",
    "Band 6",
    "Band 7",
    "Band 8a",
    "Band 8b",
    "Band 8c",
    "Band 8d",
    "Band 9",
    "VSM",
)
MEDICAL_GRADES = (
    "Consultant",
    "Specialty Doctor",
    "Associate Specialist",
    "Specialty Registrar",
    "Foundation Year 1",
    "Foundation Year 2",
    "Core Training",
    "Clinical Fellow",
)
TRAINEE_GRADES = ("Specialty Registrar", "Foundation Year 1", "Foundation Year 2", "Core Training")

# Band (or grade) mix within each staff group. VSM posts are placed separately (a handful).
BAND_MIX: dict[str, dict[str, float]] = {
    ADMIN: {
        "Band 2": 15,
        "Band 3": 25,
        "Band 4": 22,
        "Band 5": 12,
        "Band 6": 9,
        "Band 7": 8,
        "Band 8a": 5,
        "Band 8b": 2.5,
        "Band 8c": 1.2,
        "Band 8d": 0.8,
        "Band 9": 0.4,
    },
    NURSING: {
        "Band 5": 45,
        "Band 6": 32,
        "Band 7": 15,
        "Band 8a": 5,
        "Band 8b": 2,
        "Band 8c": 0.7,
        "Band 8d": 0.3,
    },
    ACS: {"Band 2": 35, "Band 3": 45, "Band 4": 20},
    AHP: {"Band 5": 25, "Band 6": 38, "Band 7": 27, "Band 8a": 8, "Band 8b": 2},
    ESTATES: {
        "Band 2": 55,
        "Band 3": 25,
        "Band 4": 10,
        "Band 5": 5,
        "Band 6": 3,
        "Band 7": 1.5,
        "Band 8a": 0.5,
    },
    HCS: {
        "Band 3": 10,
        "Band 4": 10,
        "Band 5": 15,
        "Band 6": 25,
        "Band 7": 25,
        "Band 8a": 10,
        "Band 8b": 5,
    },
    APST: {
        "Band 3": 10,
        "Band 4": 15,
        "Band 5": 15,
        "Band 6": 20,
        "Band 7": 20,
        "Band 8a": 12,
        "Band 8b": 5,
        "Band 8c": 2,
        "Band 8d": 1,
    },
    MEDICAL: {
        "Consultant": 38,
        "Specialty Doctor": 12,
        "Associate Specialist": 3,
        "Specialty Registrar": 22,
        "Foundation Year 1": 6,
        "Foundation Year 2": 6,
        "Core Training": 8,
        "Clinical Fellow": 5,
    },
}
# HR & OD administrative staff sit mostly in bands 2-4.
HR_OD_ADMIN_MIX = {
    "Band 2": 14,
    "Band 3": 30,
    "Band 4": 24,
    "Band 5": 10,
    "Band 6": 8,
    "Band 7": 7,
    "Band 8a": 4,
    "Band 8b": 2,
    "Band 8c": 1,
}

# Probability that a person of known ethnicity is BME, by band or grade.
P_BME_KNOWN = {
    "Band 2": 0.27,
    "Band 3": 0.25,
    "Band 4": 0.20,
    "Band 5": 0.44,
    "Band 6": 0.27,
    "Band 7": 0.19,
    "Band 8a": 0.16,
    "Band 8b": 0.14,
    "Band 8c": 0.12,
    "Band 8d": 0.11,
    "Band 9": 0.10,
    "VSM": 0.08,
    "Consultant": 0.36,
    "Specialty Doctor": 0.62,
    "Associate Specialist": 0.55,
    "Specialty Registrar": 0.52,
    "Foundation Year 1": 0.40,
    "Foundation Year 2": 0.42,
    "Core Training": 0.50,
    "Clinical Fellow": 0.68,
}
# HR & OD: BME staff concentrated in bands 2-4.
P_BME_KNOWN_HR_OD = {"Band 2": 0.25, "Band 3": 0.25, "Band 4": 0.22}
P_BME_KNOWN_HR_OD_OTHER = 0.06
# New starters in 2025 are a little more diverse (odds multiplier), so the BME share rises.
STARTER_BME_ODDS = 1.45

# The very senior managers (fixed, not random): (directorate, staff group, ethnicity code).
VSM_POSTS = (
    ("Corporate Nursing", NURSING, "A"),
    ("Finance", ADMIN, "A"),
    ("Finance", ADMIN, "C"),
    ("HR & OD", ADMIN, "A"),
    ("Digital and Information", ADMIN, "A"),
    ("Medicine", ADMIN, "B"),
    ("Surgery", ADMIN, "A"),
    ("Community Services", ADMIN, "H"),
    ("Estates and Facilities", ADMIN, "A"),
    ("Clinical Support Services", ADMIN, "A"),
    ("Women and Children", ADMIN, "A"),
)

# Pay, bonus and the other equality columns: see reference_equality.py.

# Seniority score (0 = entry, 1 = most senior) drives age.
SENIORITY = {
    "Band 2": 0.2,
    "Band 3": 0.3,
    "Band 4": 0.35,
    "Band 5": 0.25,
    "Band 6": 0.45,
    "Band 7": 0.55,
    "Band 8a": 0.65,
    "Band 8b": 0.7,
    "Band 8c": 0.75,
    "Band 8d": 0.8,
    "Band 9": 0.85,
    "VSM": 0.9,
    "Consultant": 0.7,
    "Specialty Doctor": 0.55,
    "Associate Specialist": 0.8,
    "Specialty Registrar": 0.3,
    "Foundation Year 1": 0.0,
    "Foundation Year 2": 0.0,
    "Core Training": 0.1,
    "Clinical Fellow": 0.2,
}

# --- Personal characteristics ------------------------------------------------------------------
P_FEMALE = {
    NURSING: 0.89,
    ACS: 0.83,
    AHP: 0.82,
    ADMIN: 0.80,
    ESTATES: 0.46,
    HCS: 0.62,
    APST: 0.70,
    MEDICAL: 0.48,
}
DISABILITY = {"Yes": 0.05, "No": 0.83, "Not Declared": 0.12}
AGE_BANDS = (
    "16-20",
    "21-25",
    "26-30",
    "31-35",
    "36-40",
    "41-45",
    "46-50",
    "51-55",
    "56-60",
    "61-65",
    "66+",
)
RELIGION_UNDISCLOSED = "I do not wish to disclose my religion/belief"
RELIGION_WHITE = {
    "Christianity": 45,
    "Atheism": 27,
    "Other": 3,
    "Buddhism": 0.5,
    "Judaism": 0.5,
    "Islam": 0.5,
    RELIGION_UNDISCLOSED: 23.5,
}
RELIGION_BME = {
    "Christianity": 36,
    "Islam": 22,
    "Hinduism": 14,
    "Sikhism": 3,
    "Atheism": 6,
    "Buddhism": 2,
    "Other": 2,
    RELIGION_UNDISCLOSED: 15,
}
SEXUAL_ORIENTATION = {
    "Heterosexual or Straight": 82.5,
    "Gay or Lesbian": 2.2,
    "Bisexual": 1.6,
    "Other sexual orientation not listed": 0.4,
    "Undecided": 0.3,
    "Not stated (person asked but declined to provide a response)": 13.0,
}
PART_TIME_FTE = (0.8, 0.64, 0.6, 0.53, 0.5, 0.4, 0.27)
# Bank-only staff come from nursing, support, admin and estates roles in bands 2-6 (about 60% of
# the workforce), so about 3% of all staff are bank.
BANK_GROUPS = (NURSING, ACS, ADMIN, ESTATES)
P_BANK_IF_ELIGIBLE = 0.048

# --- Year-to-year dynamics ---------------------------------------------------------------------
P_LEAVE = 0.085
P_LEAVE_TRAINEE = 0.35
P_LEAVE_BANK = 0.15
P_PROMOTE = 0.05
GROWTH_2025 = 1.012

# --- Other tables ------------------------------------------------------------------------------
APPLICANTS_PER_YEAR = 4000
P_UNKNOWN_APPLICANT = 0.08
P_BME_APPLICANT_KNOWN = 0.48
P_SHORTLIST = {"White": 0.37, "BME": 0.31, "Unknown": 0.33}
APPOINT_WEIGHT = {"White": 2.1, "BME": 1.0, "Unknown": 1.5}

P_DISCIPLINARY_WHITE = 0.0085
DISCIPLINARY_RATIO_BME = 1.3

P_TRAINING_WHITE = 0.42
TRAINING_RATIO_WHITE = 1.15
COURSES = (
    "Leadership Foundations",
    "Mary Seacole Programme",
    "Coaching Skills for Managers",
    "Quality Improvement Bronze",
    "Quality Improvement Silver",
    "Clinical Supervision",
    "Advanced Clinical Practice Module",
    "Research Skills",
    "Project Management Essentials",
    "Finance for Non-Finance Managers",
    "Reciprocal Mentoring",
    "Preceptorship Plus",
    "Band 5-6 Development Programme",
    "Digital Skills",
    "Difficult Conversations",
)

# Board: (role, voting, executive, 2024 ethnicity code, 2025 ethnicity code).
BOARD = (
    ("Chair", "Yes", "No", "A", "A"),
    ("Chief Executive", "Yes", "Yes", "A", "A"),
    ("Director of Finance", "Yes", "Yes", "A", "A"),
    ("Director of Nursing", "Yes", "Yes", "B", "B"),
    ("Medical Director", "Yes", "Yes", "H", "H"),
    ("Chief Operating Officer", "Yes", "Yes", "A", "A"),
    ("Director of People and OD", "No", "Yes", "A", "A"),
    ("Director of Strategy", "No", "Yes", "C", "C"),
    ("Non-executive Director", "Yes", "No", "A", "A"),
    ("Non-executive Director", "Yes", "No", "N", "N"),
    ("Non-executive Director", "Yes", "No", "A", "M"),
    ("Non-executive Director", "Yes", "No", "A", "A"),
)

# Survey: question -> (BME rate, White rate) of answering "yes".
SURVEY_RATES = {
    "Q14a": (0.28, 0.26),
    "Q14b/c": (0.28, 0.22),
    "Q15": (0.46, 0.58),
    "Q16b": (0.16, 0.06),
}
SURVEY_RESPONSE_RATE = 0.45
# The WRES indicator each question gives (survey years 2021 onwards), written beside the question
# so a survey file can carry WRES and WDES rows in one indicator column.
SURVEY_INDICATOR = {"Q14a": "WRES5", "Q14b/c": "WRES6", "Q15": "WRES7", "Q16b": "WRES8"}
