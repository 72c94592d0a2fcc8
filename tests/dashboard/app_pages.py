"""Helpers for the AppTest tests of the workspace pages (steps 3-5 and Your workspace): a page
script, and a database of its own for each test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.sample import SAMPLE_TRUST_WORKBOOK

SAMPLE = "Northbrook Valley NHS Foundation Trust"
needs_sample = pytest.mark.skipif(not SAMPLE_TRUST_WORKBOOK.exists(), reason="sample data missing")


def page(name: str, setup: str = "") -> AppTest:
    """One page of the app on its own, after optional setup code (say, loading other data)."""
    script = f"{setup}\nfrom dashboard.views import {name}\n{name}.render()\n"
    return AppTest.from_string(script, default_timeout=120).run()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own database file; the app's cached store is dropped around it."""
    from dashboard.workspace import store

    monkeypatch.setenv("INCLUSIVEHR_DB_URL", f"sqlite:///{tmp_path / 'test.db'}")
    store.clear()
    yield tmp_path / "test.db"
    store.clear()


def cells(at: AppTest) -> list[str]:
    """Every column name and cell of every table on the page, as text."""
    out: list[str] = []
    for table in at.dataframe:
        frame = table.value
        out += [str(c) for c in frame.columns]
        out += [str(v) for v in frame.to_numpy().ravel()]
    return out


def assert_plain_tables(at: AppTest) -> None:
    """No raw None, nan or snake_case in any table on the page."""
    text = cells(at)
    assert not [c for c in text if c in ("None", "nan", "NaN", "<NA>", "NaT")], text
    assert not [c for c in at.dataframe[0].value.columns if "_" in str(c)]


def choose_directorate(at: AppTest, name: str) -> AppTest:
    """Pick a directorate as the journey's unit in the sidebar (the one place that knows how)."""
    at.radio(key="unit_kind").set_value("A directorate").run()
    return at.selectbox(key="unit_dir").set_value(name).run()


def shown(text: str) -> str:
    """Markdown source as the reader sees it: backslash escapes and md()'s invisible word
    joiners gone."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def choose_year(at: AppTest, year: int) -> AppTest:
    """Pick the journey's year in the sidebar."""
    return at.selectbox(key="unit_year").set_value(year).run()
