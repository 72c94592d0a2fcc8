"""Published gender pay gap figures in the GOV.UK service's CSV layout: reading a good file,
ranking on the median hourly gap, and every kind of bad input refused with its row and column."""

from __future__ import annotations

import pytest

from metrics.compare.gpg import REQUIRED, read_gpg
from metrics.inputs.readers import Upload
from metrics.problems import InputError

HEADER = (
    "EmployerName,EmployerId,Address,PostCode,CompanyNumber,SicCodes,DiffMeanHourlyPercent,"
    "DiffMedianHourlyPercent,DiffMeanBonusPercent,DiffMedianBonusPercent,MaleBonusPercent,"
    "FemaleBonusPercent,MaleLowerQuartile,FemaleLowerQuartile,MaleLowerMiddleQuartile,"
    "FemaleLowerMiddleQuartile,MaleUpperMiddleQuartile,FemaleUpperMiddleQuartile,"
    "MaleTopQuartile,FemaleTopQuartile,CompanyLinkToGPGInfo,ResponsiblePerson,EmployerSize,"
    "CurrentName,SubmittedAfterTheDeadline,DueDate,DateSubmitted"
)


def line(name, mean, median, *, bonus=("10", "5", "2.0", "1.5"), quartiles=None,
         size="1000 to 4999"):  # fmt: skip
    """One employer: the figures in the GOV.UK column order, the ignored columns filled."""
    quartiles = quartiles or ["20", "80", "25", "75", "30", "70", "40", "60"]
    return ",".join(
        [f'"{name}"', "101", '"1 High St, Town"', "AB1 2CD", "", "86101", mean, median,
         *bonus, *quartiles, "https://example.org", '"A Person (Director)"', size, f'"{name}"',
         "False", "2025/03/31 00:00:00", "2025/03/01 10:00:00"]
    )  # fmt: skip


def upload(*lines: str, name: str = "gpg-2024.csv") -> Upload:
    return Upload(name, ("\n".join([HEADER, *lines]) + "\n").encode("utf-8"))


def test_a_good_file_is_read_and_ranked_on_the_median_hourly_gap():
    table = read_gpg(
        upload(
            line("Alderwick Hospitals NHS Trust", "24.3", "11.2"),
            "",  # a blank line: skipped, and the rows below keep their numbers
            ",,,,,,,,,,,,,,,,,,,,,,,,,,",  # a row of empty cells: skipped too
            line("Brookfield Community NHS Trust", "-2.5", "-1.0", size="250 to 499"),
            line("Carrow Mental Health NHS Foundation Trust", "15.0", "11.2"),
            line("Dunmere Ambulance Service NHS Trust", "5", "7.5%"),  # a percent sign is fine
            line("Eastholm NHS Trust", "3", ""),  # no median: listed, not ranked
        )
    )
    assert table.file == "gpg-2024.csv"
    # ranked by median gap, largest first: 11.2 (tied: both rank 1, then by name), 7.5, -1.0
    assert [(e.name, e.rank, e.row) for e in table.employers] == [
        ("Alderwick Hospitals NHS Trust", 1, 2),
        ("Carrow Mental Health NHS Foundation Trust", 1, 6),
        ("Dunmere Ambulance Service NHS Trust", 3, 7),
        ("Brookfield Community NHS Trust", 4, 5),
        ("Eastholm NHS Trust", None, 8),
    ]
    first = table.employers[0]
    assert (first.mean_hourly_gap, first.median_hourly_gap) == (24.3, 11.2)
    assert (first.mean_bonus_gap, first.median_bonus_gap) == (10.0, 5.0)
    assert (first.male_bonus_percent, first.female_bonus_percent) == (2.0, 1.5)
    # quartile 1 is the lowest paid; the file gives Male before Female in each
    assert [(q.quartile, q.name, q.female, q.male) for q in first.quartiles] == [
        (1, "lower", 80.0, 20.0),
        (2, "lower middle", 75.0, 25.0),
        (3, "upper middle", 70.0, 30.0),
        (4, "top", 60.0, 40.0),
    ]
    assert table.employers[3].size == "250 to 499"
    assert table.employers[2].median_hourly_gap == 7.5
    assert table.employers[4].median_hourly_gap is None and table.employers[4].mean_hourly_gap == 3
    # women paid less at 3 employers (11.2, 11.2, 7.5), men at 1 (-1.0); median of the four
    # medians 11.2, 11.2, 7.5, -1.0 = (11.2 + 7.5) / 2 = 9.35
    assert (table.women_paid_less(), table.men_paid_less()) == (3, 1)
    assert table.median_gap() == pytest.approx(9.35)
    assert table.warnings == ()


def test_the_file_may_be_on_disk_with_title_rows_and_other_spellings_of_the_header(tmp_path):
    path = tmp_path / "pay gaps.csv"
    header = HEADER.replace("EmployerName", "Employer Name").replace(
        "DiffMedianHourlyPercent", "diffmedianhourlypercent"
    )
    path.write_text(
        "Gender pay gap figures 2024-25\n\n" + header + "\n" + line("A Trust", "1", "2") + "\n",
        encoding="utf-8",
    )
    table = read_gpg(path)
    assert [(e.name, e.median_hourly_gap, e.row) for e in table.employers] == [("A Trust", 2.0, 4)]


def refused(*lines: str, header: str = HEADER) -> InputError:
    data = ("\n".join([header, *lines]) + "\n").encode("utf-8")
    with pytest.raises(InputError) as err:
        read_gpg(Upload("gpg.csv", data))
    return err.value


def test_a_missing_column_is_named():
    header = HEADER.replace("DiffMedianBonusPercent,", "").replace(",EmployerSize", "")
    cells = line("A Trust", "1", "2").split(",")
    cells.pop(9)  # DiffMedianBonusPercent
    cells.pop(23)  # EmployerSize, one place earlier now
    err = refused(",".join(cells), header=header)
    problem = err.problems[0]
    assert problem.message == "the pay gap file has no DiffMedianBonusPercent, EmployerSize columns"
    assert (problem.file, problem.row) == ("gpg.csv", 1)
    assert "GOV.UK" in problem.hint


def test_a_file_of_another_kind_is_refused_plainly():
    err = refused("A,2025,WRES2,White,40,100", header="Organisation,Year,Indicator,Group,N,D")
    assert "not a gender pay gap file in the GOV.UK layout" in err.problems[0].message


def test_text_where_a_number_belongs_names_row_column_and_value():
    err = refused(
        line("A Trust", "1", "2"),
        line("B Trust", "about 5", "2"),  # row 3, DiffMeanHourlyPercent
        line("C Trust", "1", "inf"),  # not a finite number: row 4
        line("D Trust", "1", "2", bonus=("10", "5", "two", "1")),  # row 5, MaleBonusPercent
    )
    where = [(p.row, p.column, p.value, p.message) for p in err.problems]
    assert where == [
        (3, "DiffMeanHourlyPercent", "about 5", "text where a percentage belongs"),
        (4, "DiffMedianHourlyPercent", "inf", "text where a percentage belongs"),
        (5, "MaleBonusPercent", "two", "text where a percentage belongs"),
    ]
    assert 'gpg.csv, row 3, column "DiffMeanHourlyPercent"' in err.problems[0].sentence()


def test_impossible_values_and_nameless_rows_are_refused():
    err = refused(
        line("A Trust", "101", "2"),  # a gap above 100: women paid less than nothing
        line("B Trust", "-150", "2"),  # a large negative gap is possible (women paid 2.5x)
        line("C Trust", "1", "2", quartiles=["120", "-20", "25", "75", "30", "70", "40", "60"]),
        line("", "1", "2"),  # figures with no employer
    )
    found = sorted((p.row, p.column, p.message) for p in err.problems)
    assert found == [
        (2, "DiffMeanHourlyPercent", "a pay gap cannot be above 100"),
        (4, "FemaleLowerQuartile", "a share cannot be outside 0 to 100"),
        (4, "MaleLowerQuartile", "a share cannot be outside 0 to 100"),
        (5, "EmployerName", "a row of figures with no employer name"),
    ]


def test_shares_that_do_not_add_up_and_repeated_employers_are_warnings():
    table = read_gpg(
        upload(
            # lower quartile 30 + 60 = 90: off by more than rounding
            line("A Trust", "1", "2", quartiles=["30", "60", "25", "75", "30", "70", "40", "60"]),
            # 50.1 + 50 = 100.1: rounding, no warning
            line("B Trust", "1", "3", quartiles=["50.1", "50", "25", "75", "30", "70", "40", "60"]),
            line("a  trust", "1", "4"),  # the same employer again (case and spacing folded)
        )
    )
    assert [(p.row, p.column, p.value) for p in table.warnings] == [
        (2, "FemaleLowerQuartile", "90"),
        (4, "EmployerName", "a trust"),
    ]
    assert "do not add up to 100" in table.warnings[0].message
    assert table.warnings[1].message == "the employer is also on row 2; both are shown"
    assert len(table.employers) == 3


def test_a_header_with_no_rows_below_it_is_refused():
    err = refused("", "," * 26)
    assert err.problems[0].message == "the pay gap file has no employers below its header"


def test_every_column_read_is_in_the_govuk_layout():
    assert set(REQUIRED) <= set(HEADER.split(","))
    assert len(REQUIRED) == 16


def test_a_workbook_holding_the_file_is_read_from_its_sheet(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Downloaded from the GOV.UK gender pay gap service"])
    figures = book.create_sheet("Figures")
    figures.append(HEADER.split(","))
    cells = line("A Trust", "5", "4").replace('"1 High St, Town"', "Town").split(",")
    figures.append([c.strip('"') for c in cells])
    path = tmp_path / "gpg.xlsx"
    book.save(path)
    table = read_gpg(path)
    assert [(e.name, e.median_hourly_gap, e.row, e.size) for e in table.employers] == [
        ("A Trust", 4.0, 2, "1000 to 4999")
    ]
