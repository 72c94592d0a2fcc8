"""What a load says is missing (metrics.inputs.load_summary.missing): the medical workforce view's
tables (MED-GRADE, MED-ROLE) as well as the WRES and WDES indicators."""

from __future__ import annotations

from pathlib import Path

from metrics.inputs.load_summary import missing
from metrics.inputs.pipeline import Sources, load

HEADER = "Employee Number,Ethnic Origin,Pay Band,Staff Group"
DOCTORS = "1,A White - British,Consultant,Medical and Dental\n2,N Black African,Consultant,Medical and Dental\n"  # fmt: skip
NURSES = "3,A White - British,Band 5,Nursing and Midwifery Registered\n4,L Indian,Band 6,Nursing and Midwifery Registered\n"  # fmt: skip


def _said(tmp_path: Path, text: str, purpose: str, kind: str = "staff") -> list[str]:
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    if kind == "counts":
        result = load(Sources(counts=path, purpose=purpose))
    else:
        result = load(Sources(files={kind: path}, purpose=purpose))
    assert not result.errors, result.problems
    return missing(result)


def _medical(said: list[str]) -> list[str]:
    return [s for s in said if "medical" in s.lower() or "doctors" in s]


def test_doctors_with_roles_lack_nothing_medical(tmp_path):
    text = f"{HEADER},Position Title\n" + "".join(
        line.rstrip("\n") + ",Clinical Director\n" for line in (DOCTORS + NURSES).splitlines()
    )
    assert _medical(_said(tmp_path, text, "medical")) == []


def test_no_role_column_loses_the_leadership_table(tmp_path):
    said = _said(tmp_path, f"{HEADER}\n{DOCTORS}{NURSES}", "medical")
    assert _medical(said) == [
        "The staff file has no role or position title column: doctors by leadership role "
        "cannot be shown."
    ]
    # the WRES sentences come first, as before
    assert said.index(_medical(said)[0]) == len(said) - 1
    assert "No recruitment file: indicator 2 cannot be computed." in said


def test_no_doctors_says_why(tmp_path):
    said = _said(tmp_path, f"{HEADER}\n{NURSES}", "medical")
    assert _medical(said) == [
        "The medical workforce view cannot be shown: the staff file has no Medical and Dental "
        "staff in post, so there is no medical workforce to describe."
    ]


def test_a_counts_return_without_medical_rows(tmp_path):
    text = "Organisation,Year,Indicator,Band,Group,Numerator,Denominator\nTrust,2025,WRES2,,White,5,50\nTrust,2025,WRES2,,BME,3,40\n"  # fmt: skip
    said = _said(tmp_path, text, "medical", kind="counts")
    assert _medical(said) == [
        "The counts return has no MED-GRADE or MED-ROLE rows: the medical workforce view cannot "
        "be shown."
    ]


def test_other_purposes_say_nothing_medical_unless_the_view_is_there(tmp_path):
    # a WRES load never mentions the medical view, nor does the dashboard's load of everything
    # when the file has no doctors; with doctors, the dashboard is told the role table is missing
    assert _medical(_said(tmp_path, f"{HEADER}\n{DOCTORS}{NURSES}", "wres")) == []
    assert _medical(_said(tmp_path, f"{HEADER}\n{NURSES}", "all")) == []
    assert _medical(_said(tmp_path, f"{HEADER}\n{DOCTORS}{NURSES}", "all")) == [
        "The staff file has no role or position title column: doctors by leadership role "
        "cannot be shown."
    ]
