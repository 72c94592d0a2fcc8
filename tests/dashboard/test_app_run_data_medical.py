"""Step 1 of the medical view for a directorate without doctors (AppTest)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.state import DataSet
from metrics.inputs.pipeline import Sources, load

DATASET = "inclusivehr_dataset"  # dashboard.state's session key


def _data(tmp_path) -> DataSet:
    """20 staff in 2025: 10 administrators in HR & OD, 10 doctors in Medicine."""
    lines = ["Employee Number,Ethnic Origin,Pay Band,Staff Group,Directorate,Year"]
    for i in range(10):
        lines.append(
            f"{1000 + i},A White - British,Band 5,Administrative and Clerical,HR & OD,2025"
        )
        lines.append(f"{2000 + i},H Asian or Asian British - Indian,Consultant,"
                     "Medical and Dental,Medicine,2025")  # fmt: skip
    path = tmp_path / "staff.csv"
    path.write_text("\n".join(lines) + "\n")
    result = load(Sources(files={"staff": path}))
    staff = result.inputs["staff"].frame
    return DataSet(label="Your data", organisation="A Trust", counts=result.counts, staff=staff)


def test_a_directorate_without_doctors_says_so_instead_of_failing(tmp_path):
    at = AppTest.from_string(
        "from dashboard.views import run_data\nrun_data.render()\n", default_timeout=120
    )
    at.query_params.update(standard="MEDICAL", unit="directorate:HR & OD", year="2025")
    at.session_state[DATASET] = _data(tmp_path)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    words = " ".join(i.value for i in at.info)
    assert "HR \\& OD has no Medical and Dental staff in 2025" in words
    assert "Choose the whole organisation, or a directorate with doctors" in words
