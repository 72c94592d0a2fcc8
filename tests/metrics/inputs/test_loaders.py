"""Loading messy staff files: every expected figure below is worked out by hand from the NHS rules.

Ethnicity (NHS Data Dictionary): A, B, C White; D-S BME; Z, 99, blank and unreadable Unknown.
Local two-character sub-codes (CP, LH) roll up by their first character. Bank staff are excluded
and a person with several assignments is counted once, in their main (largest FTE) assignment.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics import reference as ref
from metrics.inputs.loaders import Loaded, choose_sheet, load_sheet
from metrics.inputs.pipeline import Sources, load
from metrics.standards.indicators import wres

SAMPLE_TRUST = Path(__file__).resolve().parents[3] / "sample_data" / "trust"


def write_csv(
    path: Path, rows: list[list[object]], *, sep: str = ",", encoding: str = "utf-8"
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def load_staff(path: Path) -> Loaded:
    return load_sheet(choose_sheet(path, "staff"), "staff")


def by_person(loaded: Loaded, column: str) -> dict[str, object]:
    frame = loaded.frame
    return dict(
        zip(frame["employee_number"].astype(str), frame[column].astype(object), strict=True)
    )


def wres1(counts: pd.DataFrame, *keys: str) -> dict[tuple, int]:
    """WRES1 headcounts summed over every other breakdown, keyed by the given columns."""
    rows = counts[(counts["indicator"] == "WRES1").to_numpy()]
    sums = rows.groupby(list(keys), dropna=False)["numerator"].sum()
    return {k if isinstance(k, tuple) else (k,): int(v) for k, v in sums.items() if v}


# --- header recognition -----------------------------------------------------------------------


def test_odd_headers_and_title_rows(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "esr.csv",
        [
            ["Example NHS Foundation Trust"],
            ["Staff in Post at 31/03/2025"],
            [],
            ["EMPLOYEE_NUMBER", "  Ethnic Origin ", "AFC_BAND", "Org L3", "staff group"],
            [1, "A", "Band 5", "HR & OD", "Administrative and Clerical"],
        ],
    )
    loaded = load_staff(path)
    assert by_person(loaded, "group") == {"1": "White"}
    assert by_person(loaded, "band") == {"1": "Band 5"}
    assert by_person(loaded, "directorate") == {"1": "HR & OD"}
    assert by_person(loaded, "clinical") == {"1": False}  # admin and clerical: non-clinical
    assert not [p for p in loaded.problems if p.severity == "error"]


# --- ethnicity --------------------------------------------------------------------------------

ETHNICITY = [
    # (value as written, WRES group by the NHS code rules)
    ("A White - British", "White"),
    ("A", "White"),
    ("White - Irish", "White"),  # B
    ("White British", "White"),  # A
    ("CP", "White"),  # local sub-code of C
    ("C White - Any other White background", "White"),
    ("LH", "BME"),  # local sub-code of L (any other Asian)
    ("D", "BME"),  # Mixed
    ("H Asian or Asian British - Indian", "BME"),
    ("M Black or Black British - Caribbean", "BME"),
    ("Black African", "BME"),  # N
    ("R", "BME"),  # Chinese
    ("S Any other ethnic group", "BME"),
    ("Z Not Stated", "Unknown"),
    ("99", "Unknown"),
    (None, "Unknown"),  # blank
    ("Unspecified", "Unknown"),
    ("Prefer not to say", "Unknown"),
]


def test_ethnicity_variants(tmp_path: Path) -> None:
    rows = [[i, value, "Band 5"] for i, (value, _) in enumerate(ETHNICITY, start=1)]
    path = write_csv(tmp_path / "staff.csv", [["Employee Number", "Ethnicity", "Pay Band"], *rows])
    loaded = load_staff(path)
    expected = {str(i): group for i, (_, group) in enumerate(ETHNICITY, start=1)}
    assert by_person(loaded, "group") == expected
    codes = by_person(loaded, "ethnic_code")
    assert (codes["5"], codes["7"], codes["15"]) == ("C", "L", "99")  # CP, LH, 99
    assert not [p for p in loaded.problems if "ethnicity" in p.message]  # all recognised


def test_unreadable_ethnicity_is_unknown_and_reported(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "staff.csv",
        [
            ["Employee Number", "Ethnicity", "Pay Band"],
            [1, "A", "Band 5"],
            [2, "Martian", "Band 5"],
        ],
    )
    loaded = load_staff(path)
    assert by_person(loaded, "group") == {"1": "White", "2": "Unknown"}
    (warning,) = [p for p in loaded.problems if "ethnicity not recognised" in p.message]
    assert warning.severity == "warning"
    assert (warning.column, warning.value) == ("Ethnicity", "Martian")
    assert "first on row 3" in warning.message


# --- bands ------------------------------------------------------------------------------------

BANDS = [
    ("Band 8A", "Band 8a"),
    ("Band 8a", "Band 8a"),
    ("AfC Band 6", "Band 6"),
    ("VSM", "VSM"),
    ("Band 8 - Range B", "Band 8b"),
    ("Consultant", "Consultant"),
    ("Specialty Registrar", "Trainee grade"),
    ("Trust Grade Doctor", "Other medical"),  # "grade" is dropped before matching: "trustdoctor"
    ("Trust Grade", "Other medical"),
    ("Staff Grade", "Non-consultant career grade"),  # the old SAS grade
]


def test_band_variants(tmp_path: Path) -> None:
    rows = [[i, "A", value] for i, (value, _) in enumerate(BANDS, start=1)]
    path = write_csv(tmp_path / "staff.csv", [["Employee Number", "Ethnicity", "AfC Band"], *rows])
    loaded = load_staff(path)
    expected = {str(i): band for i, (_, band) in enumerate(BANDS, start=1)}
    assert by_person(loaded, "band") == expected
    assert set(expected.values()) <= set(ref.bands())  # canonical names in bands.csv
    assert not [p for p in loaded.problems if "band" in p.message]


def test_unreadable_band_is_other_and_reported(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "staff.csv",
        [["Employee Number", "Ethnicity", "Pay Band"], [1, "A", "Grade Q"]],
    )
    loaded = load_staff(path)
    assert by_person(loaded, "band") == {"1": "Other"}
    assert [p.value for p in loaded.problems if "band" in p.message] == ["Grade Q"]


# --- bank staff and assignments ---------------------------------------------------------------


def test_bank_staff_excluded_and_each_person_counted_once(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "staff.csv",
        [
            [
                "Employee Number",
                "Assignment Number",
                "Ethnicity",
                "Pay Band",
                "Assignment Category",
                "FTE",
            ],
            [1, "1-1", "A", "Band 5", "Permanent", 1.0],
            [2, "2-1", "H", "Band 5", "Bank", 0],  # bank only: not counted
            [3, "3-1", "N", "Band 6", "Permanent", 1.0],
            [3, "3-2", "N", "Band 2", "Bank", 0],  # bank second assignment: 3 counted in Band 6
            [4, "4-2", "A", "Band 2", "Fixed Term Temp", 0.4],  # smaller assignment first ...
            [4, "4-1", "A", "Band 4", "Permanent", 0.6],  # ... the main one is this (larger FTE)
        ],
    )
    counts = load(Sources(files={"staff": path})).counts
    assert wres1(counts, "band", "group") == {
        ("Band 4", "White"): 1,
        ("Band 5", "White"): 1,
        ("Band 6", "BME"): 1,
    }


def test_same_person_without_assignment_numbers_is_a_duplicate(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "staff.csv",
        [["Employee Number", "Ethnicity", "Pay Band"], [7, "A", "Band 5"], [7, "A", "Band 6"]],
    )
    result = load(Sources(files={"staff": path}))
    assert result.counts is None
    assert [(p.row, p.value) for p in result.errors] == [(2, "7"), (3, "7")]


# --- the same data in every format ------------------------------------------------------------

TITLE = [
    ["Example NHS Foundation Trust"],
    ["Staff in Post at 31/03/2025 - Report run 02/04/2025"],
    [],
]
HEADER = [
    "Employee Number",
    "Assignment Number",
    "  Ethnic Origin ",
    "AFC_BAND",
    "Org L3",
    "Assignment Category",
    "Contracted WTE",
    "Staff Group",
]
ADMIN, NURSE, MEDIC = (
    "Administrative and Clerical",
    "Nursing and Midwifery Registered",
    "Medical and Dental",
)
ROWS: list[list[object]] = [
    [10001, "10001-1", "A White - British", "Band 5", "HR & OD", "Permanent", 1, ADMIN],
    [10002, "10002-1", "LH", "Band 8A", "HR & OD", "Permanent", 1, ADMIN],
    [10003, "10003-2", "White - Irish", "AfC Band 2", "HR & OD", "Permanent", 0.4, ADMIN],
    [10003, "10003-1", "White - Irish", "AfC Band 6", "HR & OD", "Fixed Term Temp", 0.6, ADMIN],
    [10004, "10004-1", "N", "Band 6", "Surgery", "Permanent", 1, NURSE],
    [10005, "10005-1", "Z Not Stated", "Band 6", "Surgery", "Permanent", 1, NURSE],
    [10006, "10006-1", "Prefer not to say", "Band 8 - Range B", "HR & OD", "Permanent", 1, ADMIN],
    [10007, "10007-1", "H", "Band 5", "Surgery", "Bank", 0, NURSE],
    [10008, "10008-1", "CP", "Consultant", "Surgery", "Permanent", 1, MEDIC],
    [10009, "10009-1", "White British", "VSM", "HR & OD", "Permanent", 1, ADMIN],
    [10010, "10010-1", "99", "Specialty Registrar", "Surgery", "Fixed Term Temp", 1, MEDIC],
    [10011, "10011-1", None, "Band 5", "Surgery", "Permanent", 1, NURSE],
    [
        10012,
        "10012-1",
        "M Black or Black British - Caribbean",
        "Band 5",
        "HR & OD",
        "Permanent",
        1,
        ADMIN,
    ],
    [10004, "10004-2", "N", "Band 5", "Surgery", "Bank", 0.2, NURSE],
    [
        10013,
        "10013-1",
        "Unspecified",
        "Band 3",
        "Estates – Café",
        "Permanent",
        1,
        "Estates and Ancillary",
    ],
]
# By hand: 10007 is bank only (out); 10003 counts once in Band 6 (0.6 FTE beats 0.4); 10004's
# second assignment is bank (out). Twelve people remain.
EXPECTED_BY_BAND = {
    ("Band 3", "Unknown"): 1,  # 10013 Unspecified
    ("Band 5", "White"): 1,  # 10001 A
    ("Band 5", "BME"): 1,  # 10012 M
    ("Band 5", "Unknown"): 1,  # 10011 blank
    ("Band 6", "White"): 1,  # 10003 B
    ("Band 6", "BME"): 1,  # 10004 N
    ("Band 6", "Unknown"): 1,  # 10005 Z
    ("Band 8a", "BME"): 1,  # 10002 LH
    ("Band 8b", "Unknown"): 1,  # 10006 prefer not to say
    ("Consultant", "White"): 1,  # 10008 CP
    ("Trainee grade", "Unknown"): 1,  # 10010 99
    ("VSM", "White"): 1,  # 10009 White British
}
EXPECTED_BY_DIRECTORATE = {
    ("HR & OD", "White"): 3,  # 10001, 10003, 10009
    ("HR & OD", "BME"): 2,  # 10002, 10012
    ("HR & OD", "Unknown"): 1,  # 10006
    ("Surgery", "White"): 1,  # 10008
    ("Surgery", "BME"): 1,  # 10004
    ("Surgery", "Unknown"): 3,  # 10005, 10010, 10011
    ("Estates – Café", "Unknown"): 1,  # 10013
}


def _xlsx(make_xlsx) -> Path:
    # Employee numbers as numbers, some written as floats: the reader must show 10001.
    rows = [[float(r[0]) if i % 2 else r[0], *r[1:]] for i, r in enumerate(ROWS)]
    return make_xlsx("esr.xlsx", {"Staff in Post": [*TITLE, HEADER, *rows]})


FORMATS: dict[str, Callable[[Path, object], Path]] = {
    "csv-utf8-bom": lambda d, _: write_csv(
        d / "a.csv", [*TITLE, HEADER, *ROWS], encoding="utf-8-sig"
    ),
    "csv-semicolon": lambda d, _: write_csv(d / "b.csv", [*TITLE, HEADER, *ROWS], sep=";"),
    "csv-cp1252": lambda d, _: write_csv(d / "c.csv", [*TITLE, HEADER, *ROWS], encoding="cp1252"),
    "xlsx": lambda _, make_xlsx: _xlsx(make_xlsx),
}


def _counts(path: Path) -> pd.DataFrame:
    result = load(Sources(files={"staff": path}))
    assert not result.errors, [p.sentence() for p in result.errors]
    counts = result.counts
    return counts.sort_values(list(counts.columns)).reset_index(drop=True)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_gives_the_hand_counted_figures(tmp_path: Path, make_xlsx, fmt: str) -> None:
    path = FORMATS[fmt](tmp_path, make_xlsx)
    counts = _counts(path)
    assert wres1(counts, "band", "group") == EXPECTED_BY_BAND
    assert wres1(counts, "directorate", "group") == EXPECTED_BY_DIRECTORATE
    assert wres1(counts, "clinical") == {(False,): 7, (True,): 5}
    staff = load_staff(path)
    assert set(staff.frame["employee_number"].astype(str)) == {str(n) for n in range(10001, 10014)}


def test_all_formats_give_identical_counts(tmp_path: Path, make_xlsx) -> None:
    frames = {fmt: _counts(make(tmp_path, make_xlsx)) for fmt, make in FORMATS.items()}
    first = frames.pop("xlsx")
    for fmt, frame in frames.items():
        pd.testing.assert_frame_equal(frame, first, obj=fmt)


def test_directorate_slice(tmp_path: Path) -> None:
    counts = _counts(FORMATS["csv-cp1252"](tmp_path, None))
    report = wres(counts, unit={"directorate": "HR & OD"})
    assert report.unit == "directorate: HR & OD"
    result = report.indicators["WRES1"]
    assert {g: (f.numerator, f.denominator) for g, f in result.groups.items()} == {
        "White": (3, 6),
        "BME": (2, 6),
        "Unknown": (1, 6),
    }
    assert result.value == pytest.approx(100 * 2 / 6)
    assert {
        (p.breakdown["band"], p.breakdown["clinical"]): p.extra["headcount"] for p in result.parts
    } == {
        ("Band 5", False): 2,  # 10001 W, 10012 B
        ("Band 6", False): 1,  # 10003
        ("Band 8a", False): 1,  # 10002
        ("Band 8b", False): 1,  # 10006
        ("VSM", False): 1,  # 10009
    }
    other = wres(counts, unit={"directorate": "estates – café"})  # case does not matter
    assert other.indicators["WRES1"].groups["Unknown"].numerator == 1


def test_csv_staff_joins_xlsx_disciplinary_by_employee_number(tmp_path: Path, make_xlsx) -> None:
    """CSV text 10001 and an XLSX number 10001 are the same employee."""
    staff = write_csv(
        tmp_path / "staff.csv",
        [
            ["Employee Number", "Ethnicity", "Pay Band", "Year"],
            ["10001", "A", "Band 5", 2025],
            ["10002", "H", "Band 6", 2025],
            ["10003", "A", "Band 6", 2025],
            ["10004", "N", "Band 6", 2025],
        ],
    )
    cases = make_xlsx(
        "cases.xlsx",
        {"Disciplinary": [["Employee Number", "Year"], [10002, 2025], [10001.0, 2025]]},
    )
    result = load(Sources(files={"staff": staff, "disciplinary": cases}))
    rows = result.counts[(result.counts["indicator"] == "WRES3").to_numpy()]
    figures = {
        g: (int(n), int(d)) for g, n, d in rows[["group", "numerator", "denominator"]].values
    }
    # White: 10001 of {10001, 10003}; BME: 10002 of {10002, 10004}.
    assert figures == {"White": (1, 2), "BME": (1, 2)}
    assert not any("not in the staff file" in note for note in result.notes)


# --- the generated messy ESR extract (when present) -------------------------------------------


def _sample(name: str) -> Path:
    path = SAMPLE_TRUST / name
    if not path.exists():
        pytest.skip(f"sample_data/trust/{name} has not been generated")
    return path


def test_messy_extract_xlsx_and_csv_agree() -> None:
    xlsx, csv_file = _sample("esr_extract_messy.xlsx"), _sample("esr_extract_messy.csv")
    results = {p.suffix: load(Sources(files={"staff": p})) for p in (xlsx, csv_file)}
    for result in results.values():
        assert not result.errors, [p.sentence() for p in result.errors[:3]]
        unread = [p for p in result.problems if "not recognised" in p.message]
        assert not unread, [p.sentence() for p in unread[:3]]  # every spelling is recognisable
    frames = [
        r.counts.sort_values(list(r.counts.columns)).reset_index(drop=True)
        for r in results.values()
    ]
    pd.testing.assert_frame_equal(frames[0], frames[1])


def test_messy_extract_counts_match_the_clean_staff_table() -> None:
    """The messy extract is the clean 2025 staff re-exported: same people, same WRES1 figures."""
    messy = load(Sources(files={"staff": _sample("esr_extract_messy.xlsx")})).counts
    clean = load(Sources(files={"staff": _sample("staff.csv")})).counts
    clean = clean[(clean["year"] == 2025).fillna(False).to_numpy()]
    keys = ("band", "clinical", "directorate", "group")
    assert wres1(messy, *keys) == wres1(clean, *keys)


def test_identifier_keys_are_distinct_per_value_and_missing_is_minus_one():
    import numpy as np
    import pandas as pd

    from metrics.inputs.column_values import codes, combine, duplicated

    numeric = pd.Series(["10", "20", "10", None], dtype="str")
    keys = codes(numeric)
    assert keys[0] == keys[2] and keys[0] != keys[1] and keys[3] == -1
    # a leading zero keeps "007" and "7" apart (they are different employee numbers)
    zeros = codes(pd.Series(["007", "7"], dtype="str"))
    assert zeros[0] != zeros[1]
    text = codes(pd.Series(["A1", "A1", "B2"], dtype="str"))
    assert text[0] == text[1] != text[2]
    # large numeric keys combine without overflow: person 10**15 with assignment 10**12
    big = combine(np.array([10**15, 10**15, 10**15 + 1]), np.array([10**12, 10**12 + 1, 10**12]))
    assert len(set(big.tolist())) == 3
    assert duplicated(np.array([5, 6, 5, -1, -1])).tolist() == [True, False, True, False, False]


def test_every_canonical_band_label_reads_as_itself() -> None:
    """Counts returns are written with the canonical labels (bands.csv), so each must read back
    unchanged; "Other" is what an unreadable label becomes, not a label to read."""
    import csv

    from metrics.counts import classify

    path = Path(__file__).resolve().parents[3] / "metrics" / "reference" / "bands.csv"
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    bands = [row["band"] for row in csv.DictReader(lines) if row["band"] != "Other"]
    assert "Non-consultant career grade" in bands
    assert {b: classify.band(b) for b in bands} == {b: b for b in bands}


@settings(max_examples=150, deadline=None)
@given(
    keys=st.lists(st.integers(min_value=-1, max_value=40), max_size=60),
    offset=st.sampled_from([0, 10**6, 10**12]),
    keep=st.sampled_from([False, "first"]),
)
def test_duplicated_marks_the_rows_pandas_marks(keys, offset, keep):
    """Counted (close keys) or hashed (spread keys), the rows marked are pandas' own, and a
    missing key (-1) is never a duplicate."""
    import numpy as np
    import pandas as pd

    from metrics.inputs.column_values import duplicated

    # keys near an offset are counted; one far key forces the hashing path
    key = np.array([k if k < 0 else k + offset for k in keys], dtype=np.int64)
    spread = np.append(key, 10**15)
    for arr in (key, spread):
        expected = pd.Series(arr).duplicated(keep=keep).to_numpy() & (arr >= 0)
        assert duplicated(arr, keep=keep).tolist() == expected.tolist()
