"""Row-level files reduced to counts and indicators, checked against counts worked out by hand."""

import pandas as pd
import pytest

from metrics.counts import table as counts_mod
from metrics.inputs.pipeline import Sources, load
from metrics.problems import InputError
from metrics.standards.indicators import wres

STAFF = """Employee Number,Ethnicity,Pay Band,Staff Group,Directorate,Assignment Category
1,A White - British,Band 5,Nursing and Midwifery Registered,Medicine,Permanent
2,N Black or Black British - African,Band 5,Nursing and Midwifery Registered,Medicine,Permanent
3,H Asian or Asian British - Indian,Band 5,Nursing and Midwifery Registered,Medicine,Permanent
4,B White - Irish,Band 8A,Administrative and Clerical,HR & OD,Permanent
5,Z Not Stated,Band 3,Administrative and Clerical,HR & OD,Fixed Term Temp
6,A White - British,Band 3,Administrative and Clerical,HR & OD,Bank
7,LH,Consultant,Medical and Dental,Medicine,Permanent
"""
DISCIPLINARY = """Case Reference,Employee Number,Date
C1,2,2024-06-01
C2,2,2024-09-01
C3,4,2025-01-15
C4,99,2024-12-01
"""
TRAINING = """Employee Number,Course
1,Leadership
1,Coaching
2,Leadership
3,Mentoring
7,Research methods
"""
RECRUITMENT = """Ethnicity,Shortlisted,Appointed
White British,Yes,Yes
White British,Yes,Yes
White Irish,Yes,No
Indian,Yes,Yes
Black African,Yes,No
Black African,No,No
Not stated,Yes,No
"""
BOARD = """Role,Ethnicity,Voting,Executive
Chair,White British,Yes,No
Chief Executive,White British,Yes,Yes
Director of Nursing,Indian,Yes,Yes
Associate Director,Not stated,No,No
"""
SURVEY = """Survey Year,Question,Ethnic Group,Respondents,Yes
2024,Q14a,White,100,30
2024,Q14a,BME,50,20
"""


@pytest.fixture
def files(tmp_path):
    out = {}
    for kind, text in (
        ("staff", STAFF),
        ("disciplinary", DISCIPLINARY),
        ("training", TRAINING),
        ("recruitment", RECRUITMENT),
        ("board", BOARD),
        ("survey", SURVEY),
    ):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        out[kind] = path
    return out


def _cell(counts, indicator, group, column="numerator", **where):
    rows = counts[(counts["indicator"] == indicator) & (counts["group"] == group)]
    for key, value in where.items():
        rows = rows[rows[key] == value]
    return int(rows[column].sum())


def test_counts_worked_by_hand(files):
    result = load(Sources(files=files))
    assert not result.errors, result.errors
    c = result.counts
    # bank staff (employee 6) excluded: White 1 and 4, BME 2, 3 and 7, Unknown 5
    assert _cell(c, "WRES1", "White") == 2
    assert _cell(c, "WRES1", "BME") == 3
    assert _cell(c, "WRES1", "Unknown") == 1
    assert _cell(c, "WRES1", "BME", band="Consultant") == 1
    assert any("1 bank" in n for n in result.notes)
    # no staff year: the latest year in the other files (disciplinary dates, survey 2024 -> 2025)
    assert set(c["year"].dropna()) == {2025}
    # disciplinary: employee 2 twice counts once; employee 99 is not in staff -> Unknown
    assert _cell(c, "WRES3", "BME") == 1
    assert _cell(c, "WRES3", "White") == 1
    assert _cell(c, "WRES3", "Unknown") == 1
    assert _cell(c, "WRES3", "BME", "denominator") == 3
    # training counted once per person: White 1 (employee 1), BME 3 (2, 3, 7)
    assert _cell(c, "WRES4", "White") == 1
    assert _cell(c, "WRES4", "BME") == 3
    # recruitment: shortlisted White 3 (appointed 2), BME 2 (appointed 1), Unknown 1 (0)
    assert (_cell(c, "WRES2", "White"), _cell(c, "WRES2", "White", "denominator")) == (2, 3)
    assert (_cell(c, "WRES2", "BME"), _cell(c, "WRES2", "BME", "denominator")) == (1, 2)
    # board voting White 2, BME 1; executive White 1, BME 1
    assert _cell(c, "WRES9", "White", membership="voting") == 2
    assert _cell(c, "WRES9", "BME", membership="executive") == 1


def test_indicators_from_files(files):
    report = wres(load(Sources(files=files)).counts)
    ind = report.indicators
    assert ind["WRES1"].value == pytest.approx(50.0)  # 3 of 6
    assert ind["WRES2"].value == pytest.approx((2 / 3) / (1 / 2))
    assert ind["WRES3"].value == pytest.approx((1 / 3) / (1 / 2))
    assert ind["WRES4"].value == pytest.approx((1 / 2) / (3 / 3))
    assert ind["WRES5"].value == pytest.approx(40.0 - 30.0)
    assert ind["WRES6"].status == "no_data"
    assert ind["WRES9"].value == pytest.approx(100 / 3 - 50.0)
    assert ind["WRES9"].extra["executive"] == pytest.approx(0.0)
    hr = wres(load(Sources(files=files)).counts, unit={"directorate": "HR & OD"})
    # HR & OD: employee 4 (White, 8a) and 5 (Unknown, band 3); employee 6 is bank
    assert hr.indicators["WRES1"].extra["headcount"] == 2
    assert hr.indicators["WRES1"].value == pytest.approx(0.0)


def test_emitted_counts_give_the_same_indicators(files, tmp_path):
    first = load(Sources(files=files))
    for suffix in (".csv", ".xlsx"):
        path = counts_mod.write(first.counts, tmp_path / f"return{suffix}")
        again = load(Sources(counts=path))
        assert not again.errors, again.errors
        a, b = wres(first.counts), wres(again.counts)
        for key in a.indicators:
            assert a.indicators[key].value == b.indicators[key].value, key
        assert a.indicators["WRES1"].parts == b.indicators["WRES1"].parts
        unit_a = wres(first.counts, unit={"directorate": "HR & OD"})
        unit_b = wres(again.counts, unit={"directorate": "HR & OD"})
        assert unit_a.indicators["WRES1"].value == unit_b.indicators["WRES1"].value


def test_counts_columns_are_canonical(files):
    c = load(Sources(files=files)).counts
    assert list(c.columns) == list(counts_mod.COLUMNS)
    assert (c["numerator"] <= c["denominator"]).all()
    assert isinstance(c, pd.DataFrame)


def test_header_without_rows_is_refused(tmp_path):
    from metrics.problems import InputError

    path = tmp_path / "staff.csv"
    path.write_text("Employee Number,Ethnicity,Pay Band\n")
    with pytest.raises(InputError, match="no data rows"):
        load(Sources(files={"staff": path}))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1,234", "1234"),
        ("12,345,678", "12345678"),
        ("0,6", "0.6"),
        ("45%", "45"),
        ("£12.50", "12.50"),
        ("1,5", "1.5"),
        ("abc", "abc"),
    ],
)
def test_number_text_reads_thousands_and_decimal_commas(text, expected):
    from metrics.inputs.column_values import number_text

    assert number_text(text) == expected


def test_uploads_in_memory_read_like_files(files, tmp_path):
    """Browser uploads are read from memory: same counts as the files on disk."""
    import openpyxl

    from metrics.inputs.readers import Upload

    on_disk = load(Sources(files=files)).counts
    uploads = {k: Upload(p.name, p.read_bytes()) for k, p in files.items()}
    in_memory = load(Sources(files=uploads)).counts
    assert on_disk.equals(in_memory)
    # the staff file as an xlsx upload
    book = openpyxl.Workbook()
    sheet = book.active
    for line in STAFF.strip().splitlines():
        sheet.append(line.split(","))
    path = tmp_path / "staff.xlsx"
    book.save(path)
    xlsx = load(Sources(files={"staff": Upload("staff.xlsx", path.read_bytes())})).counts
    wres1 = lambda c: c[c["indicator"] == "WRES1"].groupby("group")["numerator"].sum().to_dict()  # noqa: E731
    assert wres1(xlsx) == {"BME": 3, "Unknown": 1, "White": 2}


def test_empty_upload_is_refused():
    from metrics.inputs.readers import Upload
    from metrics.problems import InputError

    with pytest.raises(InputError, match="empty"):
        load(Sources(files={"staff": Upload("staff.csv", b"")}))


# --- what the staff file must hold depends on what is computed ------------------------------

NO_ETHNICITY = """Employee Number,Pay Band,Disability,Sex,Hourly Pay,Assignment Category
1,Band 5,Yes,Female,15.00,Permanent
2,Band 5,No,Male,16.00,Permanent
3,Band 6,Not Declared,Female,18.50,Permanent
4,Band 6,No,Female,18.50,Bank
"""


@pytest.fixture
def no_ethnicity(tmp_path):
    path = tmp_path / "no_ethnicity.csv"
    path.write_text(NO_ETHNICITY, encoding="utf-8")
    return path


@pytest.mark.parametrize("purpose", ["wdes", "paygap", "all"])
def test_a_file_without_ethnicity_loads_for_disability_and_pay(no_ethnicity, purpose):
    result = load(Sources(files={"staff": no_ethnicity}, purpose=purpose, by="sex"))
    assert result.errors == []
    frame = result.inputs["staff"].frame
    assert "group" not in frame  # no ethnicity was read, so no WRES figures
    assert not result.counts["indicator"].astype(str).str.startswith("WRES").any()


def test_a_file_without_ethnicity_is_refused_for_the_wres(no_ethnicity):
    with pytest.raises(InputError) as caught:
        load(Sources(files={"staff": no_ethnicity}, purpose="wres"))
    [problem] = caught.value.problems
    assert problem.message.startswith("no column for ethnicity in this staff in post file")
    assert problem.field == "ethnicity"  # the command line offers --map "YOUR COLUMN=ethnicity"
    assert '"ethnic origin"' in problem.hint


def test_the_wdes_needs_a_disability_column(files):
    with pytest.raises(InputError) as caught:
        load(Sources(files={"staff": files["staff"]}, purpose="wdes"))
    [problem] = caught.value.problems
    assert problem.message.startswith("no column for disability in this staff in post file")
    assert problem.field == "disability"


def test_a_pay_gap_needs_hourly_pay_and_the_characteristic_it_is_by(tmp_path, no_ethnicity):
    with pytest.raises(InputError) as caught:
        load(Sources(files={"staff": no_ethnicity}, purpose="paygap", by="ethnicity"))
    assert [p.field for p in caught.value.problems] == ["ethnicity"]
    no_pay = tmp_path / "no_pay.csv"
    no_pay.write_text(NO_ETHNICITY.replace("Hourly Pay", "Notes"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(Sources(files={"staff": no_pay}, purpose="paygap", by="sex"))
    assert [p.field for p in caught.value.problems] == ["hourly_pay"]


def test_each_purpose_reads_only_what_it_needs(files, no_ethnicity):
    def read(path, purpose):
        return set(load(Sources(files={"staff": path}, purpose=purpose)).inputs["staff"].frame)

    # the WRES file has no disability, sex or pay columns: wres reads what it read before
    assert "group" in read(files["staff"], "wres")
    wdes = read(no_ethnicity, "wdes")
    assert "disability_group" in wdes and "hourly_pay" not in wdes and "sex_group" not in wdes
    paygap = read(no_ethnicity, "paygap")
    assert {"hourly_pay", "sex_group", "disability_group"} <= paygap
    assert {"hourly_pay", "sex_group", "disability_group"} <= read(no_ethnicity, "all")


def test_the_app_refuses_a_file_with_no_characteristic_at_all(tmp_path):
    path = tmp_path / "bare.csv"
    path.write_text("Employee Number,Pay Band\n1,Band 5\n2,Band 6\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(Sources(files={"staff": path}, purpose="all"))
    [problem] = caught.value.problems
    assert problem.message.startswith("no column for ethnicity or disability or sex")


def test_an_unknown_purpose_is_a_clear_refusal(files):
    with pytest.raises(InputError, match="not something the tool computes"):
        load(Sources(files={"staff": files["staff"]}, purpose="gpg"))
