"""`inclusivehr report`: the pack from the command line, and bad input as a message with exit 2."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from pptx import Presentation

from dashboard.report_cli import report
from dashboard.store import Store

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "trust"
ORG = "Northbrook Valley NHS Foundation Trust"


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("INCLUSIVEHR_DB_URL", url)
    return url


def run(*args: object) -> Result:
    result = CliRunner().invoke(report, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output + result.stderr
    return result


def actions_sheet(path: Path) -> list[tuple]:
    sheet = openpyxl.load_workbook(path)["Action plan"]
    return list(sheet.iter_rows(min_row=4, values_only=True))


def test_report_writes_a_pptx_from_the_sample_counts(tmp_path, db):
    out = tmp_path / "pack.pptx"
    result = run("--counts", SAMPLE / "wres_counts.csv", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert "written to" in result.output
    slides = Presentation(io.BytesIO(out.read_bytes())).slides
    first = " ".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)
    assert ORG in first and "2025" in first
    assert "no workspace" in result.stderr  # a note, not an error


def test_report_takes_the_action_plan_from_the_organisations_workspace(tmp_path, db):
    with Store(db) as store:
        ws = store.create_workspace(ORG, organisation=ORG)
        store.add_action(ws.id, "Reverse mentoring", indicator="WRES2", theme_id=None,
                         owner="Director of People", due=None, target_value=1.2,
                         target_year=2026, status="in progress")  # fmt: skip
        other = store.create_workspace("Other")
        store.add_action(other.id, "Another plan", indicator="WRES7", theme_id=None, owner="x",
                         due=None, target_value=None, target_year=None)  # fmt: skip
    out = tmp_path / "pack.xlsx"
    assert run("--counts", SAMPLE / "wres_counts.csv", "--out", out).exit_code == 0
    rows = actions_sheet(out)
    assert rows[0][:6] == ("Action", "Indicator", "Owner", "Due", "Target", "Status")
    assert rows[1][0] == "Reverse mentoring" and rows[1][5] == "in progress"

    out2 = tmp_path / "other.xlsx"
    args = ("--counts", SAMPLE / "wres_counts.csv", "--out", out2, "--workspace", "other")
    assert run(*args).exit_code == 0
    assert actions_sheet(out2)[1][0] == "Another plan"


def test_an_unknown_workspace_means_no_actions_recorded(tmp_path, db):
    out = tmp_path / "pack.pdf"
    result = run("--workbook", SAMPLE / "workbook.xlsx", "--out", out, "--workspace", "Nope")
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert "no workspace called 'Nope'" in result.stderr


def test_internal_pack_is_marked(tmp_path, db):
    out = tmp_path / "pack.xlsx"
    result = run("--counts", SAMPLE / "wres_counts.csv", "--out", out, "--internal")
    assert result.exit_code == 0 and "not for publication" in result.output
    book = openpyxl.load_workbook(out)
    for sheet in book:
        assert any("Not for publication" in str(c.value) for row in sheet.iter_rows()
                   for c in row if c.value), sheet.title  # fmt: skip


def test_a_missing_file_is_exit_2_with_a_readable_message(tmp_path, db):
    result = run("--counts", tmp_path / "absent.csv", "--out", tmp_path / "pack.pptx")
    assert result.exit_code == 2
    assert "absent.csv" in result.stderr
    assert result.stderr.startswith("inclusivehr: ")
    assert not (tmp_path / "pack.pptx").exists()


@pytest.mark.parametrize("name", ["pack.docx", "pack", "pack.PPT"])
def test_an_unknown_out_extension_is_exit_2_naming_the_formats(tmp_path, db, name):
    result = run("--counts", SAMPLE / "wres_counts.csv", "--out", tmp_path / name)
    assert result.exit_code == 2
    assert ".pptx, .pdf or .xlsx" in result.stderr
    assert name in result.stderr


def test_no_input_or_two_inputs_is_a_usage_error(tmp_path, db):
    out = tmp_path / "pack.pptx"
    assert "exactly one of" in run("--out", out).stderr
    two = run("--counts", SAMPLE / "wres_counts.csv", "--workbook", SAMPLE / "workbook.xlsx",
              "--out", out)  # fmt: skip
    assert two.exit_code == 2 and "got --workbook, --counts" in two.stderr


def test_a_missing_out_folder_is_exit_2(tmp_path, db):
    result = run("--counts", SAMPLE / "wres_counts.csv", "--out", tmp_path / "no" / "pack.pdf")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_an_unusable_counts_file_is_exit_2(tmp_path, db):
    bad = tmp_path / "counts.csv"
    bad.write_text(
        "Organisation,Year,Indicator,Group,Numerator,Denominator\nX,2025,WRES2,White,9,3\n"
    )
    result = run("--counts", bad, "--out", tmp_path / "pack.pdf")
    assert result.exit_code == 2
    assert result.stderr.startswith("inclusivehr: ")


def _slides_text(path: Path) -> str:
    return "\n".join(
        shape.text_frame.text
        for slide in Presentation(io.BytesIO(path.read_bytes())).slides
        for shape in slide.shapes
        if shape.has_text_frame
    )


def test_report_with_the_wdes_and_pay_gaps_adds_their_sections(tmp_path, db):
    out = tmp_path / "pack.pptx"
    result = run("--staff", SAMPLE / "staff.csv", "--with", "wdes", "--with", "PAYGAP",
                 "--out", out)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = _slides_text(out)
    assert "WDES: the Workforce Disability Equality Standard" in text
    assert "Pay gap by sex" in text and "Pay gap by disability" in text
    assert "A positive gap means women are paid less" in text


def test_report_with_pay_gaps_from_counts_only_says_it_needs_the_staff_file(tmp_path, db):
    result = run("--counts", SAMPLE / "wres_counts.csv", "--with", "paygap",
                 "--out", tmp_path / "pack.pdf")  # fmt: skip
    assert result.exit_code == 2
    assert "--with paygap needs --staff FILE" in result.stderr
