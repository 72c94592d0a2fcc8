"""Staff survey results from a table: read as the survey file is, and a table too long to be
survey results refused before any of its rows is fetched."""

from __future__ import annotations

import pandas as pd
import pytest
from query_tables import SAMPLE_TRUST, duckdb_with, text_frame

import metrics.query.survey as survey_mod
from metrics.inputs.loaders import choose_sheet, load_sheet
from metrics.problems import InputError
from metrics.query.survey import survey_source


def test_the_table_reads_as_the_file_does() -> None:
    frame = text_frame(SAMPLE_TRUST / "survey.csv")
    engine = duckdb_with({"nss": frame})
    from_table = load_sheet(choose_sheet(survey_source(engine, "nss"), "survey"), "survey")
    from_file = load_sheet(choose_sheet(SAMPLE_TRUST / "survey.csv", "survey"), "survey")
    pd.testing.assert_frame_equal(from_table.frame, from_file.frame)
    assert len(from_table.frame) == len(frame)  # every row of the CSV


def test_a_table_too_long_for_survey_results_is_refused_unfetched(monkeypatch) -> None:
    frame = text_frame(SAMPLE_TRUST / "survey.csv")
    engine = duckdb_with({"nss": frame})
    monkeypatch.setattr(survey_mod, "MOST_ROWS", len(frame) - 1)
    fetched: list = []
    original = engine.fetch
    monkeypatch.setattr(engine, "fetch", lambda expr: fetched.append(original(expr)) or fetched[-1])
    with pytest.raises(InputError) as refused:
        survey_source(engine, "nss")
    said = refused.value.problems[0].sentence()
    assert f"has {len(frame):,} rows" in said and "a row per person" in said
    assert fetched == [len(frame)]  # only the count left the engine


def test_a_table_without_the_survey_columns_is_refused() -> None:
    engine = duckdb_with({"people": text_frame(SAMPLE_TRUST / "board.csv")})
    with pytest.raises(InputError) as refused:
        survey_source(engine, "people")
    assert "table people" in refused.value.problems[0].sentence()
