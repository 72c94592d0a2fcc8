"""Plain local ethnicity labels, an organisation's own label map, and invisible marks."""

from __future__ import annotations

import pytest

from metrics.counts.classify import ethnicity, ethnicity_in, label_map, wres_group_label
from metrics.inputs.pipeline import Sources, load
from metrics.inputs.readers import Upload


@pytest.mark.parametrize(
    "label,group",
    [
        ("White", "White"), ("WHITE", "White"), ("White Other", "White"), (" white  other ", "White"),
        ("BME", "BME"), ("BAME", "BME"), ("Bame", "BME"), ("Black", "BME"),
        ("Black or Black British", "BME"), ("Asian", "BME"), ("Mixed", "BME"), ("Other", "BME"),
        ("Prefer not to say", "Unknown"), ("Not stated", "Unknown"), ("prefer not  to say", "Unknown"),
    ],
)  # fmt: skip
def test_plain_local_labels_are_recognised(label: str, group: str) -> None:
    read = ethnicity(label)
    assert read.recognised and read.wres_group == group
    assert wres_group_label(label) == group


@pytest.mark.parametrize("mark", ["\u200f", "\u200e", "\u200b", "\ufeff", "\u2066"])
def test_an_invisible_mark_around_a_code_does_not_make_it_unknown(mark: str) -> None:
    assert ethnicity(f"{mark}H{mark}").wres_group == "BME"
    assert ethnicity(f"{mark}A White - British").code == "A"
    assert wres_group_label(f"BME{mark}") == "BME"


def test_an_own_label_map_reads_a_local_code_and_overrides_the_reference() -> None:
    labels = label_map({"WB": "White", "Other": "Unknown", "Martian": "green"})
    assert ethnicity("WB").recognised is False  # unknown without the map
    assert ethnicity_in("WB", labels).wres_group == "White"
    assert ethnicity_in(" wb ", labels).wres_group == "White"  # compared as written, case folded
    assert ethnicity_in("Other", labels).wres_group == "Unknown"  # the organisation's own reading
    assert ethnicity_in("Martian", labels).recognised is False  # not a group: ignored
    assert ethnicity_in("H", labels).wres_group == "BME"  # everything else as before


def test_the_pipeline_takes_the_label_map_and_lists_what_it_could_not_read() -> None:
    text = "Year,Employee Number,Ethnic Origin,Pay Band\n" + "".join(
        f"2025,{i},{label},Band 5\n" for i, label in enumerate(["WB", "WB", "XO", "A", "BME"])
    )
    plain = load(Sources(files={"staff": Upload("s.csv", text.encode())}))
    assert plain.unrecognised_labels == ["WB", "XO"]
    mapped = load(Sources(files={"staff": Upload("s.csv", text.encode())}, labels={"WB": "BME"}))
    assert mapped.unrecognised_labels == ["XO"]
    wres1 = mapped.counts[mapped.counts["indicator"] == "WRES1"]
    bme = wres1[wres1["group"] == "BME"]["numerator"].sum()
    assert bme == 3  # WB twice and BME once
