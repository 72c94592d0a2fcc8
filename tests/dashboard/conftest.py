"""Fixtures for the store's tests: every store test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pg_server  # tests/dashboard/pg_server.py, beside this file
import pytest
import sqlalchemy as sa


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server for the whole run, or a skip that says what to install."""
    if pg_server.binaries() is None:
        pytest.skip("PostgreSQL tests skipped: install Debian's postgresql package to run them")
    pytest.importorskip("psycopg", reason="PostgreSQL tests skipped: psycopg is not installed")
    with pg_server.server() as base:
        yield base


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database: a SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'inclusivehr.db'}"
    base = request.getfixturevalue("postgres_server")
    name = f"test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return f"{base}/{name}"


@pytest.fixture(autouse=True)
def sample_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages get the sample trust as every visitor after a new server's first does: at once (read
    when first asked for). A new server's first visitor, who sees the page before the sample is
    in, is tests/dashboard/test_first_paint.py."""
    from dashboard import state

    monkeypatch.setattr(state, "sample_finished", lambda: True)
