"""The CLI's JSON contract and readable output on the sample trust."""

import json

import pytest
from click.testing import CliRunner

from dashboard.cli import main
from dashboard.sample import SAMPLE_DIR, SAMPLE_TRUST_WORKBOOK

TRUST = SAMPLE_DIR / "trust"
pytestmark = pytest.mark.skipif(not SAMPLE_TRUST_WORKBOOK.exists(), reason="sample data missing")


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


def test_json_contract_from_separate_files():
    result = run(
        "wres",
        "--staff",
        TRUST / "staff.csv",
        "--recruitment",
        TRUST / "recruitment.csv",
        "--disciplinary",
        TRUST / "disciplinary.csv",
        "--training",
        TRUST / "training.csv",
        "--board",
        TRUST / "board.csv",
        "--survey",
        TRUST / "survey.csv",
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"indicators", "data_quality"}
    ind = data["indicators"]
    assert list(ind) == [f"WRES{i}" for i in range(1, 10)]
    overall = ind["WRES1"]["overall"]
    assert isinstance(overall["headcount"], int)
    assert overall["White"] + overall["BME"] + overall["Unknown"] == pytest.approx(100, abs=0.05)
    band = ind["WRES1"]["bands"][0]
    assert set(band) >= {"band", "clinical", "headcount", "White", "BME", "Unknown"}
    assert band["clinical"] in (True, False, None)
    for key in ("WRES2", "WRES3", "WRES4"):
        r = ind[key]
        assert r["status"] in ("ok", "small_numbers")
        assert r["ci_lower"] < r["value"] < r["ci_upper"]
        for group in ("White", "BME"):
            g = r["groups"][group]
            assert g["rate"] == pytest.approx(g["numerator"] / g["denominator"], abs=1e-6)
        assert isinstance(r["reading"], str) and r["reading"]
    w2 = ind["WRES2"]["groups"]
    expected = (w2["White"]["numerator"] / w2["White"]["denominator"]) / (
        w2["BME"]["numerator"] / w2["BME"]["denominator"]
    )
    assert ind["WRES2"]["value"] == pytest.approx(expected, abs=1e-4)
    w5 = ind["WRES5"]
    pct = {
        g: 100 * w5["groups"][g]["numerator"] / w5["groups"][g]["denominator"]
        for g in ("BME", "White")
    }
    assert w5["value"] == pytest.approx(pct["BME"] - pct["White"], abs=1e-3)
    assert isinstance(ind["WRES9"]["value"], float)
    assert isinstance(ind["WRES9"]["executive"], float)
    assert "staff" in data["data_quality"]["declaration"]


def test_workbook_and_files_agree():
    files = run(
        "wres", "--staff", TRUST / "staff.csv", "--recruitment", TRUST / "recruitment.csv", "--json"
    )
    book = run("wres", "--workbook", SAMPLE_TRUST_WORKBOOK, "--json")
    a, b = json.loads(files.stdout)["indicators"], json.loads(book.stdout)["indicators"]
    assert a["WRES1"] == b["WRES1"]
    assert a["WRES2"]["value"] == b["WRES2"]["value"]


def test_missing_companions_say_no_data():
    data = json.loads(run("wres", "--staff", TRUST / "staff.csv", "--json").stdout)
    for key in ("WRES2", "WRES3", "WRES4", "WRES5", "WRES9"):
        assert data["indicators"][key]["status"] == "no_data"
        assert data["indicators"][key]["value"] is None


def test_directorate_beside_whole_organisation_and_emit_counts(tmp_path):
    out = tmp_path / "counts.csv"
    result = run(
        "wres",
        "--workbook",
        SAMPLE_TRUST_WORKBOOK,
        "--directorate",
        "HR & OD",
        "--json",
        "--emit-counts",
        out,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["unit"] == "directorate: HR & OD"
    unit_n = data["indicators"]["WRES1"]["overall"]["headcount"]
    whole_n = data["whole_organisation"]["indicators"]["WRES1"]["overall"]["headcount"]
    assert 0 < unit_n < whole_n
    assert data["indicators"]["WRES9"]["status"] == "no_data"
    again = json.loads(run("wres", "--counts", out, "--directorate", "HR & OD", "--json").stdout)
    assert again["indicators"]["WRES1"] == data["indicators"]["WRES1"]
    assert again["indicators"]["WRES2"]["value"] == data["indicators"]["WRES2"]["value"]


def test_readable_table():
    result = run("wres", "--workbook", SAMPLE_TRUST_WORKBOOK, "--year", "2024")
    assert result.exit_code == 0
    assert "WRES 2024" in result.output
    assert "times as likely" in result.output
    assert "WRES1 representation by band" in result.output


def test_rolling_disciplinary_changes_wres3_only():
    plain = json.loads(run("wres", "--workbook", SAMPLE_TRUST_WORKBOOK, "--json").stdout)
    rolling = json.loads(
        run("wres", "--workbook", SAMPLE_TRUST_WORKBOOK, "--json", "--rolling-disciplinary").stdout
    )
    assert plain["indicators"]["WRES2"] == rolling["indicators"]["WRES2"]
    assert "rolling" in rolling["indicators"]["WRES3"]["method"].lower()
    g = rolling["indicators"]["WRES3"]["groups"]
    single = plain["indicators"]["WRES3"]["groups"]
    assert g["BME"]["denominator"] > single["BME"]["denominator"]  # two years of headcount


def test_messy_esr_extract_loads_with_warnings_only():
    messy = TRUST / "esr_extract_messy.xlsx"
    result = run("validate", messy)
    assert result.exit_code == 0, result.output
    data = json.loads(run("wres", "--staff", messy, "--json").stdout)
    assert data["indicators"]["WRES1"]["overall"]["headcount"] > 7000
    csv_data = json.loads(run("wres", "--staff", TRUST / "esr_extract_messy.csv", "--json").stdout)
    assert csv_data["indicators"]["WRES1"] == data["indicators"]["WRES1"]


def test_sample_command_writes_files(tmp_path):
    result = run("sample", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "trust" / "workbook.xlsx").exists()
    assert (tmp_path / "network" / "wres_counts.csv").exists()


def test_published_counts_pass_disclosure_control(tmp_path):
    import pandas as pd

    out = tmp_path / "published.csv"
    result = run("wres", "--workbook", SAMPLE_TRUST_WORKBOOK, "--emit-counts", out, "--publish")
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out)
    shown = pd.concat([table["numerator"], table["denominator"]]).dropna()
    assert not shown.between(1, 7).any()
    assert (shown % 5 == 0).all()
    assert table["directorate"].isna().all()  # whole organisation only
    audit = pd.read_csv(tmp_path / "published-audit.csv")
    hidden = int(table["numerator"].isna().sum() + table["denominator"].isna().sum())
    assert (audit["action"] == "suppressed").sum() >= table["numerator"].isna().sum()
    assert hidden > 0
    # small bands of one group are merged into their neighbour, and the merge is listed
    assert set(audit["action"]) <= {"suppressed", "rounded", "merged", "withheld"}
    merged = audit[audit["action"] == "merged"]
    assert set(merged["row"]) <= set(table["band"].dropna())


def test_publish_needs_emit_counts():
    result = run("wres", "--workbook", SAMPLE_TRUST_WORKBOOK, "--publish")
    assert result.exit_code == 2
    assert "--emit-counts" in result.output


def test_published_audit_escapes_text_that_would_be_a_formula(tmp_path):
    """A band kept as written ends up in the audit's row labels; a spreadsheet opening the CSV
    must read it as text, not run it."""
    link = '=HYPERLINK("http://x","y")'
    counts = tmp_path / "return.csv"
    counts.write_text(
        "year,indicator,band,clinical,group,numerator,denominator\n"
        f'2025,WRES1,"{link.replace(chr(34), chr(34) * 2)}",false,White,40,43\n'
        f'2025,WRES1,"{link.replace(chr(34), chr(34) * 2)}",false,BME,3,43\n',
        encoding="utf-8",
    )
    out = tmp_path / "published.csv"
    result = run("wres", "--counts", counts, "--emit-counts", out, "--publish")
    assert result.exit_code == 0, result.output
    audit = (tmp_path / "published-audit.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in audit
    assert ",=HYPERLINK" not in audit and '"=HYPERLINK' not in audit
