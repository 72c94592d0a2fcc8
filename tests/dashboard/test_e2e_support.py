"""The browser test's own arithmetic and fixture files, checked without a browser.

Contrast ratios are worked by hand from the WCAG 2.x formulas: relative luminance
L = 0.2126 R + 0.7152 G + 0.0722 B of the linearised channels, ratio (L1 + 0.05) / (L2 + 0.05).
"""

from __future__ import annotations

import csv

import e2e_support as support  # tests/dashboard/e2e_support.py, beside this file
import pytest

BLACK = (0.0, 0.0, 0.0, 1.0)
WHITE = (255.0, 255.0, 255.0, 1.0)


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        ("rgb(230, 234, 241)", (230.0, 234.0, 241.0, 1.0)),
        ("rgba(0, 0, 0, 0)", (0.0, 0.0, 0.0, 0.0)),
        ("rgba(49, 51, 63, 0.6)", (49.0, 51.0, 63.0, 0.6)),
        ("rgb(1 2 3 / 50%)", (1.0, 2.0, 3.0, 0.5)),
        ("#fff", WHITE),
        ("#0072B2", (0.0, 114.0, 178.0, 1.0)),
        ("#00000080", (0.0, 0.0, 0.0, 128 / 255)),
        ("none", None),
        ("transparent", None),
        ("url(#gradient)", None),
    ],
)
def test_css_colours_as_the_browser_reports_them(css, expected):
    assert support.parse_colour(css) == expected


def test_black_on_white_is_21_to_1_either_way_round():
    assert support.contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert support.contrast_ratio(WHITE, BLACK) == pytest.approx(21.0)
    assert support.contrast_ratio(WHITE, WHITE) == pytest.approx(1.0)


def test_mid_grey_777_on_white_just_misses_4_5():
    # 0x77 = 119: c = 0.4667, linear ((c + 0.055) / 1.055) ** 2.4 = 0.1845; 1.05 / 0.2345 = 4.48
    grey = (119.0, 119.0, 119.0, 1.0)
    assert support.contrast_ratio(grey, WHITE) == pytest.approx(4.48, abs=0.01)


def test_half_transparent_black_text_on_white_reads_as_mid_grey():
    # black at 0.5 over white is 127.5 grey: linear 0.2140, ratio 1.05 / 0.2640 = 3.98
    assert support.contrast_ratio((0.0, 0.0, 0.0, 0.5), WHITE) == pytest.approx(3.98, abs=0.01)


def test_layers_are_painted_bottom_first():
    dark_page = (14.0, 17.0, 23.0, 1.0)
    assert support.flatten([dark_page, WHITE]) == WHITE  # a white bar over a dark page
    assert support.flatten([WHITE, dark_page]) == dark_page
    assert support.flatten([(0.0, 0.0, 0.0, 0.5)]) == (127.5, 127.5, 127.5, 1.0)  # over white


def test_a_label_is_judged_against_the_shape_beneath_it_not_only_the_page():
    on_page = support.TextSample("chart", "28%", "rgb(0, 0, 0)", 1.0, (("rgb(14, 17, 23)", 1.0),))
    on_bar = support.TextSample(
        "chart", "28%", "rgb(0, 0, 0)", 1.0, (("rgb(14, 17, 23)", 1.0), ("#ffffff", 1.0))
    )
    faint_bar = support.TextSample(
        "chart", "28%", "rgb(0, 0, 0)", 1.0, (("rgb(14, 17, 23)", 1.0), ("#ffffff", 0.0))
    )
    assert on_page.ratio() < 1.2  # black on near-black, the dark-theme fault in issue 9
    assert on_bar.ratio() == pytest.approx(21.0)
    assert faint_bar.ratio() == pytest.approx(on_page.ratio())  # an invisible shape changes nothing
    assert support.low_contrast([on_page, on_bar]) == [on_page]


def test_large_page_text_needs_3_to_1_but_chart_text_always_needs_4_5():
    grey_large = support.TextSample("h1", "Methods", "rgb(130, 130, 130)", 1.0, (), large=True)
    ratio = grey_large.ratio()
    assert 3.0 < ratio < 4.5
    assert support.low_contrast([grey_large], page_text=True) == []
    assert support.low_contrast([grey_large]) == [grey_large]


def test_unreadable_colours_are_not_judged():
    sample = support.TextSample("chart", "x", "none", 1.0, ())
    assert sample.ratio() is None
    assert support.low_contrast([sample]) == []


def test_dark_is_told_from_light():
    assert support.is_dark(support.parse_colour("rgb(14, 17, 23)"))
    assert not support.is_dark(support.parse_colour("rgb(255, 255, 255)"))
    assert not support.is_dark((0.0, 0.0, 0.0, 0.0))  # transparent over the white canvas


def test_screenshot_names_and_folder(monkeypatch, tmp_path):
    assert support.screenshot_name("2. Review and analyse", 390, "dark") == (
        "2-review-and-analyse-390-dark.png"
    )
    assert support.slug("Use your own data") == "use-your-own-data"
    monkeypatch.delenv(support.SCREENSHOT_ENV, raising=False)
    assert support.screenshot_dir() == support.REPO / ".screenshots"
    monkeypatch.setenv(support.SCREENSHOT_ENV, str(tmp_path))
    assert support.screenshot_dir() == tmp_path


def test_the_screenshot_folder_is_ignored_by_git():
    ignored = (support.REPO / ".gitignore").read_text().splitlines()
    assert ".screenshots/" in ignored


def _read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_the_extract_has_its_year_only_in_the_title_rows(tmp_path):
    path = support.write_esr_extract(tmp_path)
    rows = _read(path)
    assert "2025" not in path.name
    assert rows[1] == ["Staff in Post at 31/03/2025"] and rows[2] == ["Run date: 01/04/2025"]
    header = rows[4]
    assert header[:3] == ["Employee Number", "Assignment Number", "Ethnic Origin"]
    assert not any("year" in column.lower() for column in header)
    body = rows[5:]
    assert all(len(row) == len(header) for row in body)
    again = tmp_path / "again"
    again.mkdir()
    assert body == _read(support.write_esr_extract(again))[5:]  # deterministic


def test_the_extract_is_messy_in_the_ways_real_ones_are(tmp_path):
    rows = _read(support.write_esr_extract(tmp_path))
    header, body = rows[4], rows[5:]
    record = [dict(zip(header, row, strict=True)) for row in body]
    labels = {r["Ethnic Origin"] for r in record}
    assert {"White", "BME", "Asian"} <= labels  # plain local labels
    assert "A White - British" in labels and "Z Not Stated" in labels  # ESR labels
    assert any(r["Assignment Number"].endswith("-2") for r in record)  # second assignments
    assert any(r["Assignment Category"] == "Bank" for r in record)
    assert {r["Org L3"] for r in record} >= {"People & OD", "Medicine"}
    assert not any(r["Org L3"] == "HR & OD" for r in record)  # only a look-alike name

    # the generator's own tally, recounted from the file
    _, facts = support.esr_extract_rows()
    substantive = {r["Employee Number"] for r in record if r["Assignment Category"] != "Bank"}
    in_hr = [
        r for r in record if r["Org L3"] == "People & OD" and r["Assignment Category"] != "Bank"
    ]
    hr_people = {r["Employee Number"] for r in in_hr}
    hr_8a = {r["Employee Number"] for r in in_hr if r["Payscale"] == "Band 8a"}
    assert facts.people == len(substantive)
    assert facts.assignments == len(body)
    assert facts.hr_people == len(hr_people) >= 20  # big enough to read patterns from
    assert facts.hr_band_8a == len(hr_8a) >= 5


def test_the_other_journey_files(tmp_path):
    board = _read(support.write_board(tmp_path))
    assert board[0][0] == "Year" and {row[0] for row in board[1:]} == {"2025"}
    counts = support.copy_counts_return(tmp_path)
    assert _read(counts)[0][:3] == ["organisation", "year", "indicator"]
    bad = support.write_bad_file(tmp_path)
    assert bad.suffix == ".xlsx" and not bad.read_bytes().startswith(b"PK")
