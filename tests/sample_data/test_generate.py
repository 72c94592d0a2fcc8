"""The sample-data generator: deterministic, in step with the committed files, and realistic.

One full generation (about ten seconds, mostly writing the Excel files) is shared by the tests;
second runs are done only for the cheap parts. Group shares are recomputed here with pandas
straight from the ESR labels, independently of the generator's own constants.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from sample_data import messy, network, network_gpg, network_wdes, trust
from sample_data.writers import table_rows, write_csv, write_windows_csv, write_xlsx

TRUST_TABLES = ("staff", "recruitment", "disciplinary", "training", "board", "survey", "capability")
SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"
SEED = 2025
EXPECTED_FILES = {
    "trust/staff.csv",
    "trust/recruitment.csv",
    "trust/disciplinary.csv",
    "trust/training.csv",
    "trust/board.csv",
    "trust/survey.csv",
    "trust/capability.csv",
    "trust/workbook.xlsx",
    "trust/esr_extract_messy.xlsx",
    "trust/esr_extract_messy.csv",
    "trust/wres_counts.csv",
    "trust/wdes_counts.csv",
    "network/wres_counts.csv",
    "network/wdes_counts.csv",
    "network/gender_pay_gap.csv",
    "network/foi_returns.csv",
}
STAFF_HEADER = [
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
NETWORK_HEADER = [
    "organisation",
    "region",
    "trust_type",
    "year",
    "indicator",
    "band",
    "clinical",
    "membership",
    "group",
    "numerator",
    "denominator",
]


def wres_group(label: str) -> str:
    """White / BME / Unknown from an ESR ethnicity label, by its national code letter."""
    code = label.strip()[:1].upper()
    return "White" if code in "ABC" else "Unknown" if code == "Z" else "BME"


@pytest.fixture(scope="module")
def tables(fresh) -> dict[str, pd.DataFrame]:
    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(fresh / "trust" / f"{name}.csv", dtype={"Employee Number": str})

    out = {n: read(n) for n in TRUST_TABLES}
    out["staff"]["group"] = out["staff"]["Ethnicity"].map(wres_group)
    out["recruitment"]["group"] = out["recruitment"]["Ethnicity"].map(wres_group)
    return out


def _excel_text(value) -> str:
    """A cell value as text, the way Excel would show it in a CSV (1.0 -> "1")."""
    if isinstance(value, float) and value != value:
        return ""  # a missing value (NaN) is an empty cell
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")
    return "" if value is None else str(value)


def _zip_members(path: Path) -> list[tuple[str, tuple, bytes]]:
    with zipfile.ZipFile(path) as z:
        return [(i.filename, i.date_time, z.read(i.filename)) for i in z.infolist()]


# --- Determinism and drift -----------------------------------------------------------------
def test_generate_writes_every_file(fresh):
    written = {p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file()}
    assert written == EXPECTED_FILES


def test_committed_files_match_a_fresh_run(fresh):
    """The committed outputs are exactly what the generator makes (run at another time)."""
    for name in sorted(EXPECTED_FILES):
        committed, new = SAMPLE_DIR / name, fresh / name
        assert committed.exists(), f"{name} missing: run python -m sample_data.generate"
        if name.endswith(".xlsx"):
            # Same members, timestamps and content; compared uncompressed so a different zlib
            # build cannot make this fail.
            assert _zip_members(committed) == _zip_members(new), f"{name} differs"
        else:
            assert committed.read_bytes() == new.read_bytes(), (
                f"{name} drifted from the generator: run python -m sample_data.generate"
            )


def test_second_run_is_byte_identical(fresh, tmp_path):
    tables_again = trust.build(SEED)
    for stem in TRUST_TABLES:
        again = write_csv(tables_again[stem], tmp_path / f"{stem}.csv")
        assert again.read_bytes() == (fresh / "trust" / f"{stem}.csv").read_bytes()
    wres = network.network_counts(SEED)
    again = write_csv(wres, tmp_path / "wres_counts.csv")
    assert again.read_bytes() == (fresh / "network" / "wres_counts.csv").read_bytes()
    again = write_csv(network_wdes.network_wdes_counts(wres, SEED), tmp_path / "wdes_counts.csv")
    assert again.read_bytes() == (fresh / "network" / "wdes_counts.csv").read_bytes()
    gpg = network_gpg.gender_pay_gap(wres, SEED)
    again = write_csv(gpg, tmp_path / "gpg.csv", float_format=None)
    assert again.read_bytes() == (fresh / "network" / "gender_pay_gap.csv").read_bytes()
    staff = tables_again["staff"]
    header, rows = messy.esr_extract(staff.loc[staff["Year"].eq(2025)], SEED)
    again = write_windows_csv(tmp_path / "messy.csv", header, rows, preamble=messy.TITLE_ROWS)
    assert again.read_bytes() == (fresh / "trust" / "esr_extract_messy.csv").read_bytes()
    # Excel: a small workbook through the same writer, twice, is byte-identical.
    sheets = {
        "Board": table_rows(tables_again["board"]),
        "Survey": table_rows(tables_again["survey"]),
    }
    first = write_xlsx(tmp_path / "a.xlsx", sheets).read_bytes()
    assert write_xlsx(tmp_path / "b.xlsx", sheets).read_bytes() == first


def test_a_different_seed_gives_different_data():
    assert not trust.workforce_2024(SEED + 1).equals(trust.workforce_2024(SEED))


# --- The clean trust tables ------------------------------------------------------------------
def test_staff_shape_and_headers(tables):
    staff = tables["staff"]
    assert list(staff.columns[:-1]) == STAFF_HEADER
    assert set(staff["Year"]) == {2024, 2025}
    for _, year in staff.groupby("Year"):
        assert 7_500 <= len(year) <= 8_800
        assert year["Employee Number"].is_unique
        assert (year["Assignment Number"] == year["Employee Number"] + "-1").all()
        assert 0.02 <= year["Assignment Category"].eq("Bank").mean() <= 0.04
        assert 0.74 <= year["Sex"].eq("Female").mean() <= 0.80
    ids = {y: set(g["Employee Number"]) for y, g in staff.groupby("Year")}
    assert 0.85 <= len(ids[2024] & ids[2025]) / len(ids[2024]) <= 0.95  # about 10% turnover


def test_hr_and_od_directorate(tables):
    staff = tables["staff"]
    hr = staff.loc[staff["Directorate"].eq("HR & OD")]
    for _, year in hr.groupby("Year"):
        assert 100 <= len(year) <= 140
        assert year["Staff Group"].eq("Administrative and Clerical").mean() > 0.85
        bme = year["group"].eq("BME")
        assert 0.10 <= bme.mean() <= 0.25
        assert bme[year["Pay Band"].isin(["Band 2", "Band 3", "Band 4"])].sum() > bme.sum() / 2


def test_bme_share_falls_with_band(tables):
    staff = tables["staff"]
    for year, g in staff.groupby("Year"):
        share = lambda mask: g.loc[mask, "group"].eq("BME").mean()  # noqa: E731, B023
        overall = share(g.index == g.index)
        band5 = share(g["Pay Band"].eq("Band 5"))
        senior = share(g["Pay Band"].isin(["Band 8c", "Band 8d", "Band 9", "VSM"]))
        assert 0.24 <= overall <= 0.31, year
        assert band5 > senior + 0.15, (year, band5, senior)
        assert 0.30 <= share(g["Staff Group"].eq("Medical and Dental")) <= 0.60
    by_year = staff.groupby("Year")["group"].apply(lambda s: s.eq("BME").mean())
    assert by_year[2025] > by_year[2024]
    assert 0.02 <= staff["group"].eq("Unknown").mean() <= 0.07


def test_recruitment(tables):
    rec = tables["recruitment"]
    assert not (rec["Appointed"].eq("Yes") & rec["Shortlisted"].ne("Yes")).any()
    for year, g in rec.groupby("Year"):
        assert 3_500 <= len(g) <= 4_500
        assert 0.28 <= g["Shortlisted"].eq("Yes").mean() <= 0.40
        assert 0.05 <= g["group"].eq("Unknown").mean() <= 0.11
        short = g.loc[g["Shortlisted"].eq("Yes")]
        rate = short.groupby("group")["Appointed"].apply(lambda s: s.eq("Yes").mean())
        assert 1.3 <= rate["White"] / rate["BME"] <= 1.8, year
    assert not rec.duplicated(["Year", "Vacancy Reference", "Applicant ID"]).any()


def test_disciplinary_and_training_join_to_staff(tables):
    staff = tables["staff"]
    for name, low, high in (("disciplinary", 0.006, 0.015), ("training", 0.30, 0.50)):
        table = tables[name]
        for year, g in table.groupby("Year"):
            people = set(staff.loc[staff["Year"].eq(year), "Employee Number"])
            assert set(g["Employee Number"]) <= people, (name, year)
            assert low <= g["Employee Number"].nunique() / len(people) <= high, (name, year)
            dates = pd.to_datetime(g["Date"])
            assert dates.min() >= pd.Timestamp(f"{year - 1}-04-01")
            assert dates.max() <= pd.Timestamp(f"{year}-03-31")
    disc = tables["disciplinary"]
    assert disc["Case Reference"].is_unique


def test_board_and_survey(tables):
    board = tables["board"]
    assert list(board.columns) == ["Year", "Role", "Ethnicity", "Disability", "Voting", "Executive"]
    bme = board.assign(g=board["Ethnicity"].map(wres_group)).groupby("Year")["g"]
    assert bme.apply(lambda s: s.eq("BME").sum()).to_dict() == {2024: 2, 2025: 3}
    survey = tables["survey"]
    assert list(survey.columns) == [
        "Survey Year",
        "Question",
        "Ethnic Group",
        "Respondents",
        "Yes",
        "Indicator",
        "Disability Group",
        "Score",
        "Staff Group",
    ]
    assert set(survey["Survey Year"]) == {2023, 2024}
    assert set(survey["Staff Group"].dropna()) == {"Medical and Dental"}
    wres = survey.loc[survey["Question"].notna()]
    assert set(wres["Question"]) == {"Q14a", "Q14b/c", "Q15", "Q16b"}
    assert wres["Ethnic Group"].notna().all() and wres["Disability Group"].isna().all()
    # Survey years 2021 onwards: Q14a harassment from the public (WRES5), Q14b/c from staff
    # (WRES6), Q15 equal opportunities (WRES7), Q16b discrimination (WRES8).
    pairs = set(zip(wres["Question"], wres["Indicator"], strict=True))
    assert pairs == {("Q14a", "WRES5"), ("Q14b/c", "WRES6"), ("Q15", "WRES7"), ("Q16b", "WRES8")}
    counted = survey["Yes"].notna()  # WDES9a rows give a score instead
    assert (survey.loc[counted, "Yes"] <= survey.loc[counted, "Respondents"]).all()


def test_workbook_has_the_six_tables(fresh, tables):
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(fresh / "trust" / "workbook.xlsx"))
    assert book.sheet_names == [
        "Staff",
        "Recruitment",
        "Disciplinary",
        "Training",
        "Board",
        "Survey",
    ]
    for sheet, name in zip(book.sheet_names, TRUST_TABLES[:6], strict=True):
        table = tables[name].drop(columns="group", errors="ignore")
        sheet_data = book.get_sheet_by_name(sheet)
        header, first = sheet_data.to_python(nrows=2)
        assert header == list(table.columns), sheet
        assert sheet_data.height == len(table) + 1, sheet
        expected = [_excel_text(v) for v in table.iloc[0].tolist()]
        assert [_excel_text(v) for v in first] == expected, sheet


# --- The messy ESR extract -------------------------------------------------------------------
def test_messy_extract_csv_matches_xlsx(fresh, tables):
    from python_calamine import CalamineWorkbook

    raw = (fresh / "trust" / "esr_extract_messy.csv").read_bytes()
    text = raw.decode("cp1252")
    assert "£" in "".join(text.splitlines()[:3]) and "\r\n" in text
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    csv_rows = list(csv.reader(io.StringIO(text, newline="")))
    book = CalamineWorkbook.from_path(str(fresh / "trust" / "esr_extract_messy.xlsx"))
    xlsx_rows = [[_excel_text(v) for v in row] for row in book.get_sheet_by_index(0).to_python()]
    assert csv_rows == xlsx_rows
    header = csv_rows[3]
    assert header[0] == " Employee Number " and "Ethnic Origin " in header
    body = pd.DataFrame(csv_rows[4:], columns=header)
    staff_2025 = tables["staff"].loc[tables["staff"]["Year"].eq(2025)]
    assert set(body[" Employee Number "]) == set(staff_2025["Employee Number"])
    seconds = body.loc[body["Assignment Number"].str.endswith("-2")]
    assert 200 <= len(seconds) <= 400
    firsts = body.set_index("Assignment Number")["Contracted WTE"].astype(float)
    lower = [
        firsts[a[:-2] + "-1"] > float(w)
        for a, w in zip(seconds["Assignment Number"], seconds["Contracted WTE"], strict=True)
    ]
    assert all(lower)
    values = set(body["Ethnic Origin "])
    assert {
        "A",
        "N",
        "CP",
        "LH",
        "White British",
        "Black African",
        "99",
        "",
        "Unspecified",
        "Prefer not to say",
        "Z Not Stated",
    } <= values
    bands = set(body["Payscale"])
    assert {"Band 8A", "Band 8a", "AfC Band 6", "Band 8 - Range B", "VSM", "Consultant"} <= bands


# --- The network counts ----------------------------------------------------------------------
def test_network_counts(fresh):
    counts = pd.read_csv(fresh / "network" / "wres_counts.csv", keep_default_na=False)
    assert list(counts.columns) == NETWORK_HEADER
    assert (counts["numerator"] >= 0).all()
    assert (counts["numerator"] <= counts["denominator"]).all()
    years = counts.groupby("organisation")["year"].apply(lambda s: sorted(set(s)))
    assert len(years) >= 32 and all(y == [2022, 2023, 2024, 2025] for y in years)
    assert set(counts["indicator"]) == {f"WRES{i}" for i in range(1, 10)}
    heads = (
        counts.loc[counts["indicator"].eq("WRES1")]
        .groupby(["organisation", "year", "group"])["numerator"]
        .sum()
    )
    sizes = heads.groupby(level=[0, 1]).sum()
    assert sizes.min() >= 1_400 and sizes.max() <= 20_000
    for indicator in ("WRES3", "WRES4"):
        den = counts.loc[counts["indicator"].eq(indicator)].set_index(
            ["organisation", "year", "group"]
        )["denominator"]
        assert (den == heads.reindex(den.index)).all(), indicator
    w2 = counts.loc[counts["indicator"].eq("WRES2")].pivot_table(
        index="organisation", columns="group", values=["numerator", "denominator"], aggfunc="sum"
    )
    rl = (w2["numerator"]["White"] / w2["denominator"]["White"]) / (
        w2["numerator"]["BME"] / w2["denominator"]["BME"]
    )
    assert (rl > 2.2).sum() >= 2 and (rl < 1).sum() >= 1
