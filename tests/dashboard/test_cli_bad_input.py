"""Every kind of bad input gets a clear message and an exit code, never a traceback or a hang.

The contract (dashboard/cli.py): `inclusivehr wres` on unusable input writes one paragraph to
stderr saying what is wrong, where, and how to fix it, and exits 2. `inclusivehr validate FILE`
lists every problem and exits 1 on errors, 2 when the file cannot be read at all, 0 when clean.
Most cases run in-process through click's CliRunner; one test runs the installed console script.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dashboard.cli import main

STAFF_OK = (
    "Employee Number,Ethnicity,Pay Band,Directorate\n1,A,Band 5,HR & OD\n2,H,Band 6,Surgery\n"
)
COUNTS_HEADER = "Organisation,Year,Indicator,Group,Numerator,Denominator\n"
# Bytes that are neither UTF-8 nor Windows-1252: 0x81 0x8D 0x8F 0x90 0x9D are undefined in cp1252.
UNDEFINED_IN_CP1252 = b"\x81\x8d\x8f\x90\x9d"


def run(*args: object, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    # Any exception other than the deliberate sys.exit would be a traceback for a real user.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    return result


def unusable(result: Result, *words: str) -> str:
    """Exit 2 with a message naming the problem and the fix; returns the message, lower case."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    message = " ".join(result.stderr.split()).lower()  # unwrap the paragraph
    assert message, "the message goes to stderr"
    if result.stderr.startswith("inclusivehr:"):  # ours, not a click usage error
        assert "\n\n" not in result.stderr.strip(), "one paragraph"
    for word in words:
        assert word.lower() in message, (word, message)
    return message


def wres_json(result: Result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def headcounts(report: dict) -> dict[str, int]:
    """WRES1 headcount per band, read from the --json report."""
    return {b["band"]: b["headcount"] for b in report["indicators"]["WRES1"]["bands"]}


@pytest.fixture
def staff_ok(tmp_path: Path) -> Path:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF_OK, encoding="utf-8")
    return path


def padded_xlsx(make_xlsx, name: str, pad_mb: int) -> Path:
    """A valid staff workbook plus a member of pad_mb MB of zeros (compresses ~1000x).

    Written in 4 MB chunks so building a several-hundred-MB 'bomb' stays cheap in memory."""
    plain = make_xlsx(
        "plain_" + name,
        {"Staff": [["Employee Number", "Ethnicity", "Pay Band"], [1, "A", "Band 5"]]},
    )
    path = plain.with_name(name)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info, src.read(info.filename))
        with zf.open("xl/media/padding.bin", "w", force_zip64=True) as fh:
            chunk = bytes(4 * 1024 * 1024)
            for _ in range(pad_mb // 4):
                fh.write(chunk)
    return path


# --- empty ------------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(b"")
    unusable(run("wres", "--staff", path), "staff.csv", "empty", "export the data again")
    assert run("validate", path).exit_code == 2


def test_csv_with_only_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("\n\n   \n,,,\n\n", encoding="utf-8")
    unusable(run("wres", "--staff", path), "staff.csv", "empty", "export the data again")


# --- not a spreadsheet ------------------------------------------------------------------------


def test_png_renamed_csv(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    unusable(run("wres", "--staff", path), "staff.csv", "not a text csv", "binary", "csv utf-8")
    validated = run("validate", path)
    assert validated.exit_code == 2
    assert "binary" in validated.stdout


def test_pdf(tmp_path: Path) -> None:
    path = tmp_path / "staff.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    unusable(run("wres", "--staff", path), "staff.pdf", "not a spreadsheet", ".pdf", ".xlsx")


def test_text_file_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "staff.xlsx"
    path.write_text(STAFF_OK, encoding="utf-8")
    unusable(
        run("wres", "--staff", path), "staff.xlsx", "not a valid excel workbook", "save it again"
    )


def test_csv_with_an_unclosed_quote(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF_OK + '3,"A,Band 5,HR & OD\n4,A,Band 5,HR & OD\n')
    unusable(run("wres", "--staff", path), "staff.csv", "could not be read as csv", "quotes")


# --- wrong or missing sheet -------------------------------------------------------------------


def test_workbook_without_staff_or_counts_sheet(make_xlsx) -> None:
    path = make_xlsx("trust.xlsx", {"Foo": [["a", "b"], [1, 2]], "Bar": [["x", "y"], [3, 4]]})
    unusable(
        run("wres", "--workbook", path),
        "trust.xlsx",
        "no staff",
        '"foo"',
        '"bar"',
        "name the sheets",
        '"staff"',
    )


def test_staff_workbook_with_no_staff_like_sheet(make_xlsx) -> None:
    path = make_xlsx(
        "esr.xlsx",
        {"Notes": [["Read me"], ["Run on 2 April"]], "Lookup": [["Code", "Label"], ["A", "x"]]},
    )
    unusable(
        run("wres", "--staff", path),
        "esr.xlsx",
        "no sheet holds the staff",
        '"notes"',
        '"lookup"',
        "name the sheet",
        "csv",
    )


def test_staff_workbook_picks_the_staff_sheet_among_others(make_xlsx) -> None:
    path = make_xlsx(
        "esr.xlsx",
        {
            "Notes": [["Read me"]],
            "ESR Extract": [["Employee Number", "Ethnicity", "Pay Band"], [1, "A", "Band 5"]],
        },
    )
    assert headcounts(wres_json(run("wres", "--staff", path, "--json"))) == {"Band 5": 1}


def test_validate_workbook_with_no_recognisable_sheet(make_xlsx) -> None:
    path = make_xlsx("trust.xlsx", {"Foo": [["a", "b"], [1, 2]], "Bar": [["x", "y"], [3, 4]]})
    result = run("validate", path)
    assert result.exit_code == 2  # nothing in it could be read as any kind: not "clean"
    listed = " ".join(result.stdout.split()).lower()
    assert '"foo"' in listed and '"bar"' in listed and "--kind" in listed


# --- missing required column and --map --------------------------------------------------------


@pytest.fixture
def staff_no_ethnicity(tmp_path: Path) -> Path:
    path = tmp_path / "staff.csv"
    path.write_text(
        "Employee Number,Ethnic Grp,Pay Band\n1,A,Band 5\n2,H,Band 6\n", encoding="utf-8"
    )
    return path


def test_missing_ethnicity_column(staff_no_ethnicity: Path) -> None:
    message = unusable(
        run("wres", "--staff", staff_no_ethnicity),
        "staff.csv",
        "no column for ethnicity",
        # the columns found ...
        '"employee number"',
        '"ethnic grp"',
        '"pay band"',
        # ... the accepted names ...
        '"ethnic origin"',
        '"ethnic group"',
        # ... and the way out
        "--map",
    )
    assert "=ethnicity" in message


def test_map_fixes_the_missing_column(staff_no_ethnicity: Path) -> None:
    report = wres_json(
        run("wres", "--staff", staff_no_ethnicity, "--map", "Ethnic Grp=ethnicity", "--json")
    )
    overall = report["indicators"]["WRES1"]["overall"]
    # Two people: A (White) and H (Indian, BME).
    assert overall["headcount"] == 2
    assert overall["White"] == pytest.approx(50.0)
    assert overall["BME"] == pytest.approx(50.0)


def test_validate_with_kind_lists_the_missing_column(staff_no_ethnicity: Path) -> None:
    result = run("validate", staff_no_ethnicity, "--kind", "staff")
    assert result.exit_code == 2
    assert "no column for ethnicity" in result.stdout
    fixed = run("validate", staff_no_ethnicity, "--kind", "staff", "--map", "Ethnic Grp=ethnicity")
    assert fixed.exit_code == 0


def test_validate_cannot_tell_the_kind(staff_no_ethnicity: Path) -> None:
    result = run("validate", staff_no_ethnicity)
    assert result.exit_code == 2
    assert "--kind" in result.stdout


def test_map_names_an_unknown_column(staff_no_ethnicity: Path) -> None:
    unusable(
        run("wres", "--staff", staff_no_ethnicity, "--map", "Ethnic Group Code=ethnicity"),
        '"ethnic group code"',
        "not in the file",
        "columns found",
        '"ethnic grp"',
    )


def test_map_names_an_unknown_field(staff_no_ethnicity: Path) -> None:
    unusable(
        run("wres", "--staff", staff_no_ethnicity, "--map", "Ethnic Grp=colour"),
        '"colour"',
        "does not have",
        "fields:",
        "ethnicity",
    )


def test_map_without_equals_sign(staff_no_ethnicity: Path) -> None:
    unusable(
        run("wres", "--staff", staff_no_ethnicity, "--map", "Ethnic Grp"),
        "column=field",
        '--map "ethnic grp=ethnicity"',
    )


# --- encodings --------------------------------------------------------------------------------


def test_bytes_neither_utf8_nor_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(STAFF_OK.encode() + b"3," + UNDEFINED_IN_CP1252 + b",Band 5,HR\n")
    unusable(run("wres", "--staff", path), "staff.csv", "encoding", "csv utf-8")


def test_bad_bytes_beyond_the_sample_the_reader_sniffs(tmp_path: Path) -> None:
    """The reader decides the encoding from the first 256 KB; bad bytes later must not crash."""
    path = tmp_path / "staff.csv"
    rows = b"".join(f"{i},A,Band 5,HR & OD\n".encode() for i in range(10, 30_000))
    assert len(rows) > 256 * 1024
    path.write_bytes(STAFF_OK.encode() + rows + b"99999," + UNDEFINED_IN_CP1252 + b",Band 5,HR\n")
    unusable(run("wres", "--staff", path), "staff.csv", "encoding", "csv utf-8")


def test_utf16_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(STAFF_OK.encode("utf-16-le"))
    unusable(run("wres", "--staff", path), "staff.csv", "utf-16", "csv utf-8")


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(STAFF_OK.encode("utf-16"))  # Python writes the byte-order mark
    assert headcounts(wres_json(run("wres", "--staff", path, "--json"))) == {
        "Band 5": 1,
        "Band 6": 1,
    }


def test_genuine_cp1252_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    text = STAFF_OK + "3,B,Band 7,Estates – Café £\n"  # en dash, é and £ are cp1252 bytes
    path.write_bytes(text.encode("cp1252"))
    assert "£".encode("cp1252") == b"\xa3"
    result = run("wres", "--staff", path, "--directorate", "Estates – Café £", "--json")
    report = wres_json(result)
    assert report["unit"] == "directorate: Estates – Café £"
    assert report["indicators"]["WRES1"]["overall"]["headcount"] == 1


# --- text where a number belongs, negative counts, appointed > shortlisted ----------------------


def test_counts_numerator_is_text(tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_text(COUNTS_HEADER + "T,2025,WRES2,White,abc,10\nT,2025,WRES2,BME,3,10\n")
    unusable(
        run("wres", "--counts", path),
        "counts.csv",
        "row 2",
        '"numerator"',
        "'abc'",
        "text where a whole number belongs",
        "enter a whole number",
    )


def test_survey_respondents_is_text(tmp_path: Path, staff_ok: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text(
        "Indicator,Group,Respondents,Percent,Year\n"
        "WRES5,White,lots,20,2025\nWRES5,BME,100,30,2025\n"
    )
    unusable(
        run("wres", "--staff", staff_ok, "--survey", path),
        "survey.csv",
        "row 2",
        '"respondents"',
        "'lots'",
        "whole number",
    )


def test_negative_count(tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_text(COUNTS_HEADER + "T,2025,WRES2,White,-3,10\nT,2025,WRES2,BME,3,10\n")
    unusable(
        run("wres", "--counts", path),
        "row 2",
        '"numerator"',
        "'-3'",
        "negative",
        "cannot be negative",
    )


def test_recruitment_appointed_but_not_shortlisted(tmp_path: Path, staff_ok: Path) -> None:
    path = tmp_path / "recruitment.csv"
    path.write_text("Applicant ID,Ethnicity,Shortlisted,Appointed\n1,A,Yes,Yes\n2,H,No,Yes\n")
    unusable(
        run("wres", "--staff", staff_ok, "--recruitment", path),
        "recruitment.csv",
        "row 3",
        '"appointed"',
        "appointed but not shortlisted",
        "mark the applicant as shortlisted",
    )


def test_counts_numerator_above_denominator(tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_text(COUNTS_HEADER + "T,2025,WRES2,White,2,10\nT,2025,WRES2,BME,5,3\n")
    unusable(
        run("wres", "--counts", path),
        "row 3",
        "numerator is greater than denominator",
        "appointed greater than shortlisted",
        "check the two counts",
    )


def test_validate_lists_every_problem_with_sheet_row_column_value_and_hint(make_xlsx) -> None:
    header = ["Organisation", "Year", "Indicator", "Group", "Numerator", "Denominator"]
    path = make_xlsx(
        "return.xlsx",
        {
            "Counts": [
                header,
                ["T", 2025, "WRES2", "White", "abc", 10],  # row 2: text
                ["T", 2025, "WRES2", "BME", -3, 10],  # row 3: negative
                ["T", 2025, "WRES3", "BME", 5, 3],  # row 4: numerator > denominator
                ["T", 2025, "WRES3", "White", 2, 30],  # row 5: fine
            ]
        },
    )
    result = run("validate", path)
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("ERROR:")]
    assert len(errors) == 3
    for line, row, value in zip(errors, (2, 3, 4), ("abc", "-3", "5"), strict=True):
        assert f'return.xlsx, sheet Counts, row {row}, column "Numerator"' in line
        assert f"(value: '{value}')" in line
    assert "3 errors" in result.stderr

    listed = json.loads(run("validate", path, "--json").stdout)
    assert [(p["severity"], p["sheet"], p["row"], p["column"], p["value"]) for p in listed] == [
        ("error", "Counts", 2, "Numerator", "abc"),
        ("error", "Counts", 3, "Numerator", "-3"),
        ("error", "Counts", 4, "Numerator", "5"),
    ]
    assert all(p["hint"] for p in listed)


def test_validate_clean_file_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_text(COUNTS_HEADER + "T,2025,WRES2,White,2,10\nT,2025,WRES2,BME,3,10\n")
    result = run("validate", path)
    assert result.exit_code == 0
    assert "0 errors" in result.stdout


# --- duplicates and assignments ---------------------------------------------------------------


def test_duplicate_employee_numbers(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("Employee Number,Ethnicity,Pay Band\n1,A,Band 5\n2,H,Band 6\n1,A,Band 5\n")
    unusable(
        run("wres", "--staff", path),
        "staff.csv",
        '"employee number"',
        "duplicate employee number",
        "'1'",
        "assignment number column",
    )
    listed = json.loads(run("validate", path, "--json").stdout)
    rows = [p["row"] for p in listed if p["severity"] == "error"]
    assert rows == [2, 4]


def test_two_assignments_of_one_person_are_counted_once(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(
        "Employee Number,Assignment Number,Ethnicity,Pay Band,Contracted WTE\n"
        "1,1-2,A,Band 3,0.4\n"
        "1,1-1,A,Band 5,0.6\n"
        "2,2-1,H,Band 6,1.0\n"
    )
    report = wres_json(run("wres", "--staff", path, "--json"))
    # Person 1 counts once, in the larger (0.6 FTE) assignment: Band 5, not Band 3.
    assert report["indicators"]["WRES1"]["overall"]["headcount"] == 2
    assert headcounts(report) == {"Band 5": 1, "Band 6": 1}


def test_same_assignment_twice_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(
        "Employee Number,Assignment Number,Ethnicity,Pay Band\n1,1-1,A,Band 5\n1,1-1,A,Band 5\n"
    )
    unusable(run("wres", "--staff", path), "row 2", "same employee and assignment number")


# --- oversized workbooks ----------------------------------------------------------------------


def test_zip_bomb_xlsx_is_refused_quickly(make_xlsx) -> None:
    path = padded_xlsx(make_xlsx, "staff.xlsx", pad_mb=200)
    assert path.stat().st_size < 1024 * 1024
    started = time.monotonic()
    message = unusable(run("wres", "--staff", path), "staff.xlsx", "expands to", "mb", "csv")
    assert time.monotonic() - started < 20
    assert "200 mb" in message or "201 mb" in message


def test_xlsx_over_the_configured_cap(make_xlsx, monkeypatch: pytest.MonkeyPatch) -> None:
    path = padded_xlsx(make_xlsx, "staff.xlsx", pad_mb=4)
    assert run("wres", "--staff", path).exit_code == 0  # under the default cap: fine
    monkeypatch.setenv("INCLUSIVEHR_MAX_XLSX_MB", "1")
    unusable(
        run("wres", "--staff", path),
        "staff.xlsx",
        "more than this tool accepts (1 mb)",
        "inclusivehr_max_xlsx_mb",
    )


# --- paths and options ------------------------------------------------------------------------


def test_file_not_found(tmp_path: Path) -> None:
    unusable(
        run("wres", "--staff", tmp_path / "nowhere.csv"),
        "nowhere.csv",
        "file not found",
        "check the path",
    )
    assert run("validate", tmp_path / "nowhere.csv").exit_code == 2


def test_folder_instead_of_file(tmp_path: Path) -> None:
    unusable(run("wres", "--staff", tmp_path), "--staff", "is a directory")
    unusable(run("validate", tmp_path), "is a directory")


def test_staff_and_counts_together(tmp_path: Path, staff_ok: Path) -> None:
    counts = tmp_path / "counts.csv"
    counts.write_text(COUNTS_HEADER + "T,2025,WRES2,White,2,10\n")
    unusable(
        run("wres", "--staff", staff_ok, "--counts", counts),
        "exactly one of --staff, --workbook or --counts",
        "got --staff, --counts",
    )


def test_no_input_at_all() -> None:
    unusable(run("wres"), "exactly one of --staff, --workbook or --counts")


def test_companion_file_without_staff(tmp_path: Path) -> None:
    counts = tmp_path / "counts.csv"
    counts.write_text(COUNTS_HEADER + "T,2025,WRES2,White,2,10\n")
    unusable(run("wres", "--counts", counts, "--recruitment", counts), "go with --staff")


@pytest.fixture
def two_organisations(tmp_path: Path) -> Path:
    path = tmp_path / "network.csv"
    path.write_text(
        COUNTS_HEADER
        + "North Trust,2025,WRES2,White,5,10\nNorth Trust,2025,WRES2,BME,3,10\n"
        + "South Trust,2025,WRES2,White,4,10\nSouth Trust,2025,WRES2,BME,4,10\n"
    )
    return path


def test_several_organisations_without_organisation(two_organisations: Path) -> None:
    unusable(
        run("wres", "--counts", two_organisations),
        "2 organisations",
        "--organisation",
        "north trust",
        "south trust",
    )


def test_choosing_one_organisation(two_organisations: Path) -> None:
    report = wres_json(
        run("wres", "--counts", two_organisations, "--organisation", "south trust", "--json")
    )
    groups = report["indicators"]["WRES2"]["groups"]
    assert (groups["White"]["numerator"], groups["BME"]["numerator"]) == (4, 4)


def test_unknown_organisation(two_organisations: Path) -> None:
    unusable(
        run("wres", "--counts", two_organisations, "--organisation", "East"),
        '"east"',
        "north trust",
        "south trust",
    )


def test_unknown_directorate(staff_ok: Path) -> None:
    unusable(
        run("wres", "--staff", staff_ok, "--directorate", "Nowhere"),
        'no directorate called "nowhere"',
        "hr & od",
        "surgery",
    )


def test_directorate_matches_without_case(staff_ok: Path) -> None:
    report = wres_json(run("wres", "--staff", staff_ok, "--directorate", "hr & od", "--json"))
    assert headcounts(report) == {"Band 5": 1}


def test_year_not_in_data(tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_text(COUNTS_HEADER + "T,2025,WRES2,White,2,10\nT,2025,WRES2,BME,3,10\n")
    unusable(run("wres", "--counts", path, "--year", "2019"), "no data for year 2019", "2025")


# --- the real console script ------------------------------------------------------------------


def test_console_script_never_shows_a_traceback(tmp_path: Path, staff_ok: Path, make_xlsx) -> None:
    """Outside CliRunner: the installed `inclusivehr`, real process, real environment variable."""
    script = Path(sys.executable).with_name("inclusivehr")
    if not script.exists():
        pytest.skip("the inclusivehr console script is not installed in this environment")
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    late = tmp_path / "late.csv"
    late.write_bytes(
        STAFF_OK.encode()
        + b"".join(f"{i},A,Band 5,HR\n".encode() for i in range(10, 30_000))
        + b"9,"
        + UNDEFINED_IN_CP1252
        + b",Band 5,HR\n"
    )
    capped = padded_xlsx(make_xlsx, "capped.xlsx", pad_mb=4)
    cases = [
        (["wres", "--staff", binary], {}, "binary"),
        (["wres", "--staff", late], {}, "encoding"),
        (["wres", "--staff", tmp_path / "missing.csv"], {}, "file not found"),
        (["wres", "--staff", staff_ok, "--directorate", "Nowhere"], {}, "nowhere"),
        (["wres", "--staff", capped], {"INCLUSIVEHR_MAX_XLSX_MB": "1"}, "expands to"),
    ]
    for args, extra_env, word in cases:
        proc = subprocess.run(
            [str(script), *map(str, args)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, **extra_env},
        )
        assert proc.returncode == 2, (args, proc.stderr)
        assert "Traceback" not in proc.stderr + proc.stdout
        assert word in " ".join(proc.stderr.split()).lower(), (args, proc.stderr)
    # The same capped workbook is fine under the default cap.
    ok = subprocess.run(
        [str(script), "wres", "--staff", str(capped)], capture_output=True, text=True, timeout=60
    )
    assert ok.returncode == 0, ok.stderr
