"""Counts computed inside PostgreSQL equal the file path's counts cell for cell, and only
counts come back, on the throwaway server the store's tests use (tests/dashboard/pg_server.py;
skipped, with the reason, where PostgreSQL or psycopg is missing)."""

from __future__ import annotations

import importlib.util
import sys
import uuid
from pathlib import Path

import pandas as pd
import pytest
from query_tables import (
    ROOT,
    SAMPLE_TRUST,
    TABLE_KINDS,
    assert_no_row_per_person,
    capture_results,
    in_order,
    sample_tables,
)

from metrics.inputs.pipeline import Sources, load
from metrics.problems import InputError
from metrics.query.counts import counts_from
from metrics.query.sources import connect


def _pg_server():
    if "pg_server" in sys.modules:
        return sys.modules["pg_server"]
    spec = importlib.util.spec_from_file_location(
        "pg_server", ROOT / "tests" / "dashboard" / "pg_server.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["pg_server"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample_db() -> str:
    """A PostgreSQL database holding the sample trust's row tables, as text; its URL."""
    pg_server = _pg_server()
    if pg_server.binaries() is None:
        pytest.skip("PostgreSQL tests skipped: install Debian's postgresql package to run them")
    pytest.importorskip("psycopg", reason="PostgreSQL tests skipped: psycopg is not installed")
    import psycopg

    with pg_server.server() as base:  # postgresql+psycopg://postgres@127.0.0.1:PORT
        name = f"query_{uuid.uuid4().hex[:10]}"
        plain = base.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(f"{plain}/postgres", autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name}")
        url = f"{base}/{name}"
        loader = connect(url).con
        for kind, frame in sample_tables().items():
            loader.create_table(kind, frame)
        loader.disconnect()
        yield url


def test_sample_trust_counts_are_identical_in_postgresql(sample_db: str) -> None:
    from_engine = counts_from(connect(sample_db), {kind: kind for kind in TABLE_KINDS})
    result = load(Sources(files={k: SAMPLE_TRUST / f"{k}.csv" for k in TABLE_KINDS}))
    assert not result.errors
    assert len(from_engine.counts) > 1000
    pd.testing.assert_frame_equal(in_order(from_engine.counts), in_order(result.counts))
    assert sorted(from_engine.notes) == sorted(result.notes)


def test_only_counts_come_back_from_postgresql(sample_db: str, monkeypatch) -> None:
    from ibis.backends.postgres import Backend

    fetched = capture_results(monkeypatch, Backend)
    result = counts_from(connect(sample_db), {kind: kind for kind in TABLE_KINDS})
    assert len(result.counts) > 1000
    assert_no_row_per_person(fetched, sample_tables())


def test_the_postgresql_capture_would_see_rows(sample_db: str, monkeypatch) -> None:
    """The check above can fail: fetching the staff table itself is caught by it."""
    from ibis.backends.postgres import Backend

    fetched = capture_results(monkeypatch, Backend)
    engine = connect(sample_db)
    engine.fetch(engine.table("staff", "staff"))
    with pytest.raises(AssertionError):
        assert_no_row_per_person(fetched, sample_tables())


def test_a_missing_postgresql_table_is_named(sample_db: str) -> None:
    with pytest.raises(InputError) as refused:
        counts_from(connect(sample_db), {"staff": "esr_2025"})
    assert 'no table "esr_2025"' in refused.value.problems[0].message
    assert '"staff"' in refused.value.problems[0].message  # the tables found are listed


def test_an_unreachable_postgresql_server_is_a_clear_refusal() -> None:
    pytest.importorskip("psycopg", reason="psycopg is not installed")
    with pytest.raises(InputError) as refused:
        connect("postgresql://hr:secret@127.0.0.1:1/nowhere")
    message = refused.value.problems[0].message
    assert "could not connect to the PostgreSQL database" in message
    assert "secret" not in message  # the password is never shown
    assert "hr:***@127.0.0.1:1/nowhere" in message


def test_a_postgresql_url_without_a_database_is_refused() -> None:
    pytest.importorskip("psycopg", reason="psycopg is not installed")
    with pytest.raises(InputError) as refused:
        connect("postgresql://hr@db.example")
    assert "does not name a host and a database" in refused.value.problems[0].message


def test_file_rows_loaded_into_postgresql_keep_their_text(sample_db: str) -> None:
    """The loading above kept the cells as written (no type guessing): the tables hold text."""
    engine = connect(sample_db)
    schema = engine.con.get_schema("staff")
    assert all(str(t).startswith("string") for t in schema.types)
    assert Path(SAMPLE_TRUST / "staff.csv").is_file()
