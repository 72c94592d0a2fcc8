"""Connecting to where the rows live, from a URL, and fetching results through one door.

A URL may hold a password: every message here, and `Engine.url`, quote it through
`without_password`, so the command line never prints it.

Every result set the query layer reads goes through `Engine.fetch`, so what leaves the engine is
easy to see (and, in the tests, to capture): distinct labels and counts, never a row per person.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from metrics.problems import InputError, Problem

if TYPE_CHECKING:
    import pandas as pd

TEMP = "inclusivehr_tmp_"
"""The prefix of the temporary tables the query layer makes (never offered as a table)."""


_numbers = itertools.count()


def _refusal(message: str, hint: str) -> InputError:
    return InputError(Problem(severity="error", message=message, hint=hint))


@dataclass
class Engine:
    """A connection to a database engine (an Ibis backend) and the URL it was opened from."""

    con: Any
    url: str
    row_order: bool = False  # whether tables have a stable row order (DuckDB's rowid)
    _tables: dict[str, Any] = field(default_factory=dict, repr=False)
    _names: list[str] | None = field(default=None, repr=False)  # the last listing of tables

    def fetch(self, expr) -> pd.DataFrame:
        """Run an expression and bring its (small) result back as a frame."""
        return self.con.execute(expr)

    def names(self) -> list[str]:
        """The tables there are now (listed afresh; the listing is remembered for `table`)."""
        self._names = [n for n in self.con.list_tables() if not n.startswith(("ibis_", TEMP))]
        return self._names

    def keep(self, expr):
        """Hold an intermediate result in a temporary table inside the engine (dropped when the
        connection closes): later queries start from it instead of recomputing it. The rows
        stay in the engine; nothing is fetched."""
        name = f"{TEMP}{next(_numbers)}"
        if getattr(self.con, "name", None) == "duckdb":
            from metrics.query.held import hold_in_duckdb

            return hold_in_duckdb(self.con, name, expr)
        return self.con.create_table(name, expr, temp=True)

    def table(self, name: str, kind: str):
        """The table `name`, with a `__row` column of its row order where the engine has one.

        Raises InputError naming the tables there are when it is not found."""
        if name in self._tables:
            return self._tables[name]
        # the tables are listed once per engine, not once per table opened; a name not in
        # that listing is looked for again before it is refused (it may be new)
        names = self._names if self._names is not None and name in self._names else self.names()
        if name not in names:
            shown = ", ".join(f'"{n}"' for n in names[:20])
            raise _refusal(
                f'no table "{name}" for the {kind} rows in {self.url}'
                + (f". Tables found: {shown}" if shown else " (the database has no tables)"),
                f"Give --table {kind}=NAME with one of the tables found.",
            )
        if self.row_order:
            quoted = '"' + name.replace('"', '""') + '"'
            try:
                table = self.con.sql(f"SELECT rowid AS __row, * FROM {quoted}")
            except Exception:  # a view has no rowid: no row order, ties broken by value
                table = self.con.table(name)
        else:
            table = self.con.table(name)
        self._tables[name] = table
        return table


def connect(url: str) -> Engine:
    """Open the database a URL names: `duckdb:///path/file.db` (a file, opened read-only),
    `duckdb://` (an empty in-memory database, for tests and for tables made in this session),
    or `postgresql://user:password@host:port/dbname` (also `postgresql+psycopg://`).

    Raises InputError for a URL the tool cannot use, saying what it accepts."""
    scheme, sep, rest = url.partition("://")
    opener = OPENERS.get(scheme.lower().split("+")[0]) if sep else None
    if opener is None:
        raise _refusal(
            f"the source {without_password(url)!r} is not a database URL the tool can read",
            "Give a DuckDB database as duckdb:///path/to/file.db, a PostgreSQL database as "
            "postgresql://user:password@host/dbname, or Spark as spark://local or "
            "spark://host:7077.",
        )
    return opener(url, rest)


def _duckdb(url: str, rest: str) -> Engine:
    import ibis

    shown = without_password(url)
    path = rest[1:] if rest.startswith("/") else rest
    if shown != url:  # user:password@ or password=: a file has no password
        raise _refusal(
            f"the source {shown!r} gives a user or a password, which a DuckDB file has not",
            "Give the file alone: duckdb:///relative/file.db or duckdb:////absolute/file.db.",
        )
    if path:
        from pathlib import Path

        if not Path(path).is_file():
            raise _refusal(
                f"no DuckDB database at {path!r} (from the source {shown!r})",
                "Check the path: duckdb:///relative/file.db or duckdb:////absolute/file.db.",
            )
        try:
            con = ibis.duckdb.connect(path, read_only=True)
        except Exception as exc:
            raise _refusal(
                f"could not open {path!r} as a DuckDB database ({str(exc).splitlines()[0]})",
                "Check that the file is a DuckDB database and that no other program is "
                "writing to it.",
            ) from None
    else:
        con = ibis.duckdb.connect()
    return Engine(con=con, url=shown, row_order=True)


def _postgresql(url: str, rest: str) -> Engine:
    """A PostgreSQL database through Ibis's postgres backend (psycopg 3). Tables have no
    stable row order there: a tie between two equal main assignments is broken by value."""
    from urllib.parse import unquote, urlsplit

    try:
        import ibis
        import psycopg  # noqa: F401  # ibis's postgres backend needs it
    except ImportError:
        raise _refusal(
            "reading a PostgreSQL database needs the psycopg package, which is not installed",
            "Install the PostgreSQL extra: pip install 'inclusivehr[postgres]'.",
        ) from None
    parts = urlsplit("postgresql://" + rest)
    shown = without_password(url)
    database = parts.path.lstrip("/")
    if not parts.hostname or not database:
        raise _refusal(
            f"the source {shown!r} does not name a host and a database",
            "Write it as postgresql://user:password@host:port/dbname.",
        )
    try:
        con = ibis.postgres.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            database=unquote(database),
        )
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise _refusal(
            f"could not connect to the PostgreSQL database {shown!r} ({first})",
            "Check the host, port, database name, user and password, and that the server "
            "accepts connections from this machine.",
        ) from None
    return Engine(con=con, url=shown, row_order=False)


def without_password(url: str) -> str:
    """The URL as shown in messages: a password never is (user:password@ or password=...)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    rest = re.sub(r"(?i)\b(password|pwd)=[^&;]*", r"\1=***", rest)
    prefix = f"{scheme}://" if sep else ""
    at = rest.rfind("@")
    if at < 0:
        return prefix + rest
    who, where = rest[:at], rest[at + 1 :]
    user = who.split(":", 1)[0]
    return f"{prefix}{user}{':***' if ':' in who else ''}@{where}"


def _spark(url: str, rest: str) -> Engine:
    """spark://local[N] or spark://host:port (metrics.query.spark; an Engine by its methods)."""
    from metrics.query.spark import connect_spark

    if without_password(url) != url:  # a master URL has no user or password
        raise _refusal(
            f"the source {without_password(url)!r} gives a user or a password, which a Spark "
            "master URL has not",
            "Give spark://local, spark://local[2] or spark://host:7077; the cluster's own "
            "settings say who may use it.",
        )
    return connect_spark(url)  # type: ignore[return-value]


OPENERS = {"duckdb": _duckdb, "postgresql": _postgresql, "postgres": _postgresql,
           "spark": _spark}  # fmt: skip
"""URL scheme (before any +driver) -> the function that opens it. Another engine is one more
entry here."""


def in_memory(con) -> Engine:
    """An Engine around an Ibis DuckDB connection made elsewhere (tests, notebooks)."""
    return Engine(con=con, url="duckdb://", row_order=True)
