"""The medical tables as they may be published, worked by hand: counts rounded to 5, small
counts hidden, percentages from the unrounded counts at the step the headcount allows, a small
one-group row merged into its neighbour, every change in the audit."""

from metrics.standards.medical import MedicalView, ShareRow
from metrics.standards.medical_publish import published


def row(label: str, white: int, bme: int, unknown: int, region: str | None = None) -> ShareRow:
    counts = {"White": white, "BME": bme, "Unknown": unknown}
    return ShareRow(label, sum(counts.values()), counts, region=region)


def make(grades=(), roles=(), qualification=None) -> MedicalView:
    return MedicalView("Trust A", 2024, tuple(grades), tuple(roles), qualification)


def test_nothing_small_is_rounded_only():
    out = published(make([row("Consultant", 122, 83, 0), row("Doctors in training", 300, 249, 51)]))
    consultant, training = out.grades
    # 122 -> 120, 83 -> 85 (half up from 82.5 and above), 0 stays 0; 205 is a multiple of 5
    assert (consultant.headcount, consultant.counts) == (
        205,
        {"White": 120, "BME": 85, "Unknown": 0},
    )
    # shares from the unrounded counts, in steps of 5% for ~205 people (1% or 2% of 205 is
    # fewer people than the rounding of 5): 122/205 = 59.5% -> 60; 83/205 = 40.5% -> 40
    assert consultant.shares == {"White": 60, "BME": 40, "Unknown": 0}
    # 600 people: whole per cent. 300/600 = 50; 249/600 = 41.5 -> 42; 51/600 = 8.5 -> 9
    assert (training.headcount, training.counts) == (600, {"White": 300, "BME": 250, "Unknown": 50})
    assert training.shares == {"White": 50, "BME": 42, "Unknown": 9}
    assert set(out.audit["action"]) == {"rounded"}
    assert set(out.audit["table"]) == {"Medical grades"}


def test_a_small_count_is_hidden_with_what_would_give_it_away():
    out = published(make([row("Consultant", 22, 13, 3), row("Doctors in training", 300, 249, 51)]))
    consultant = out.grades[0]
    assert consultant.counts["Unknown"] is None  # 3 consultants of unknown ethnicity: 1..7
    assert consultant.shares["Unknown"] is None
    hidden = [g for g, n in consultant.counts.items() if n is None]
    assert len(hidden) >= 2  # one hidden count in a row with its total would be a subtraction
    for published_row in out.grades:
        for group, n in published_row.counts.items():
            if n is None:
                assert published_row.shares[group] is None
            else:
                assert n % 5 == 0 and not 1 <= n <= 7
    audit = out.audit
    primary = audit[(audit["row"] == "Consultant") & (audit["column"] == "Unknown")]
    assert list(primary["action"]) == ["suppressed_primary"]


def test_a_small_row_of_one_group_is_merged_into_its_neighbour():
    # one medical director, White: publishing the row would name their ethnicity
    out = published(
        make(roles=[row("Medical director", 1, 0, 0), row("Clinical director", 10, 12, 0)])
    )
    (merged,) = out.roles
    assert merged.label == "Medical director + Clinical director"
    # 11 White, 12 BME, 23 in all: 11 -> 10, 12 -> 10, 23 -> 25
    assert (merged.headcount, merged.counts) == (25, {"White": 10, "BME": 10, "Unknown": 0})
    # about 25 people: 25% steps. 11/23 = 47.8% -> 50; 12/23 = 52.2% -> 50
    assert merged.shares == {"White": 50, "BME": 50, "Unknown": 0}
    assert "merged" in set(out.audit["action"])
    assert set(out.audit["table"]) == {"Medical leadership roles"}


def test_the_qualification_table_is_published_too():
    view = make(
        grades=[row("Consultant", 100, 100, 0)],
        qualification=(
            row("Consultant", 60, 20, 0, region="UK"),
            row("Consultant", 40, 80, 0, region="International"),
        ),
    )
    out = published(view)
    assert [r.label for r in out.qualification] == ["Consultant, UK", "Consultant, International"]
    # 120 people: 5% steps (5% of 120 is 6 people, at least the rounding of 5); 80/120 = 66.7%
    assert out.qualification[1].shares["BME"] == 65
    assert "Medical grades by place of qualification" in set(out.audit["table"])
