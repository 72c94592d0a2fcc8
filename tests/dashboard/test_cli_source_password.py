"""A database address may hold a password: whatever is wrong with it, the command line's
messages (stdout and stderr) never show it, and the exit code is 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dashboard.cli import main

SECRET = "s3cret"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    ("url", "said"),
    [
        (f"postgresql://u:{SECRET}@host/db", "could not connect to the PostgreSQL database"),
        (f"postgresql://u:{SECRET}@127.0.0.1:9/db", "could not connect to the PostgreSQL"),
        (f"postgresql://u:{SECRET}@127.0.0.1:9/", "does not name a host and a database"),
        (f"ftp://u:{SECRET}@host/db", "not a database URL"),
        (f"mysql://host/db?password={SECRET}", "not a database URL"),
        (f"duckdb://u:{SECRET}@/hr.db", "which a DuckDB file has not"),
        (f"duckdb:///no/such.db?password={SECRET}", "which a DuckDB file has not"),
        (f"spark://u:{SECRET}@host:7077", "which a Spark master URL has not"),
    ],
)
def test_no_message_shows_the_password(url: str, said: str) -> None:
    result = run("wres", "--source", url, "--table", "staff=x")
    printed = " ".join((result.stdout + result.stderr).split())  # lines wrapped as one
    assert result.exit_code == 2, printed
    assert said in printed
    assert SECRET not in printed
    assert "***" in printed  # the address is still named, its password masked
    assert "Traceback" not in printed
