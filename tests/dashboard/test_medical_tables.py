"""The medical workforce's grade and role tables on steps 1 and 2: BME share beside all doctors',
small counts hidden unless exact counts are asked for."""

from __future__ import annotations

from app_pages import needs_sample
from streamlit.testing.v1 import AppTest

from dashboard.views.medical_tables import HIDDEN, share_table
from metrics.standards.medical import ShareRow

# A: 10 BME of 30; B: 3 BME of 45 (2 Unknown); C: 30 BME of 55. All doctors: 43 BME of 130.
ROWS = (
    ShareRow("A", 30, {"BME": 10, "White": 20, "Unknown": 0}),
    ShareRow("B", 45, {"BME": 3, "White": 40, "Unknown": 2}),
    ShareRow("C", 55, {"BME": 30, "White": 25, "Unknown": 0}),
)


def test_each_grade_s_bme_share_against_all_doctors_by_hand():
    table = share_table(ROWS, "Grade", exact=True, threshold=7).set_index("Grade")
    # the share and its comparison come first, seen on a phone without scrolling sideways
    assert list(table.columns[:2]) == ["BME share", "Against all doctors"]
    # all doctors 43/130 = 33.08%; A 10/30 = 33.33% (+0.26); B 3/45 = 6.67% (-26.41);
    # C 30/55 = 54.55% (+21.47)
    assert table.loc["All doctors", "BME share"] == "33.1%"
    assert table.loc["All doctors", "Doctors"] == "130"
    assert table.loc["A", "Against all doctors"] == "+0.3 points (higher than all doctors)"
    assert table.loc["B", "BME share"] == "6.7%"
    assert table.loc["B", "Against all doctors"] == "-26.4 points (lower than all doctors)"
    assert table.loc["C", "Against all doctors"] == "+21.5 points (higher than all doctors)"


def test_a_small_count_is_hidden_with_what_would_give_it_away():
    table = share_table(ROWS, "Grade", exact=False, threshold=7).set_index("Grade")
    assert table.loc["B", "BME doctors"] == "fewer than 8"
    assert (
        table.loc["B", "BME share"] == "" and table.loc["B", "Against all doctors"] == "not shown"
    )
    # 3 = 43 - 10 - 30 would give B away: one more BME count (a grade's or the total) is hidden
    bme = table["BME doctors"]
    assert (bme == HIDDEN).sum() >= 1
    assert "3" not in set(bme)
    assert table.loc["C", "BME share"] == "54.5%"  # what rests on no hidden count stays


@needs_sample
def test_step_1_and_2_of_the_medical_view_show_the_grade_and_role_tables():
    from dashboard.state import _sample

    counts = _sample().counts
    latest = counts[counts["year"] == counts["year"].max()]
    grades = latest[latest["indicator"] == "MED-GRADE"]
    bme = int(grades.loc[grades["group"] == "BME", "numerator"].sum())
    doctors = int(grades.drop_duplicates("band")["denominator"].sum())
    for name in ("run_data", "review"):
        at = AppTest.from_string(
            f"from dashboard.views import {name}\n{name}.render()\n", default_timeout=120
        )
        at.query_params["standard"] = "MEDICAL"
        at.run()
        assert not at.exception
        assert [s.value for s in at.subheader if "Doctors" in s.value] == [
            "Doctors by grade",
            "Doctors in leadership roles",
        ]
        tables = [d.value for d in at.dataframe]
        grade = next(t for t in tables if "Grade" in t.columns).set_index("Grade")
        assert grade.loc["All doctors", "BME share"] == f"{100 * bme / doctors:.1f}%"
        role = next(t for t in tables if "Role" in t.columns).set_index("Role")
        # the sample's one medical director is a single person: never shown as a count
        assert role.loc["Medical director", "Doctors"] == "fewer than 8"
        assert not (role[["Doctors", "BME doctors"]].isin(["1", "2", "3", "4"]).any().any())
